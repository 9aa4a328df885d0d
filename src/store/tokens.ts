// The API's tokens: name, role and the SHA-256 of the token (model/apiToken.ts). Creating and
// revoking one is written to the audit log.
import { sameHash, type TokenRole } from '../model/apiToken.js';
import { writeAuditEntry } from './manualRecords.js';
import type { Store } from './open.js';

export interface StoredToken {
  name: string;
  role: TokenRole;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
}

export class TokenStateError extends Error {}

export async function saveToken(
  store: Store,
  token: { name: string; role: TokenRole; sha256: string },
  actor: string,
): Promise<StoredToken> {
  return store.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('api_token').select('name').where('name', '=', token.name).executeTakeFirst();
    if (existing) throw new TokenStateError(`a token named ${token.name} exists (revoked tokens keep their names): choose another name`);
    const at = new Date().toISOString();
    await trx
      .insertInto('api_token')
      .values({ name: token.name, role: token.role, sha256: token.sha256, created_at: at, created_by: actor, revoked_at: null })
      .execute();
    const stored: StoredToken = { name: token.name, role: token.role, createdAt: at, createdBy: actor, revokedAt: null };
    await writeAuditEntry(trx, { actor, action: 'create', subject: `token:${token.name}`, before: null, after: stored });
    return stored;
  });
}

export async function listTokens(store: Store): Promise<StoredToken[]> {
  const rows = await store.db.selectFrom('api_token').selectAll().orderBy('name').execute();
  return rows.map((r) => ({
    name: r.name,
    role: r.role as TokenRole,
    createdAt: r.created_at,
    createdBy: r.created_by,
    revokedAt: r.revoked_at,
  }));
}

export async function revokeToken(store: Store, name: string, actor: string): Promise<StoredToken> {
  return store.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('api_token').selectAll().where('name', '=', name).executeTakeFirst();
    if (!row) throw new TokenStateError(`no token named ${name}`);
    const before: StoredToken = {
      name: row.name,
      role: row.role as TokenRole,
      createdAt: row.created_at,
      createdBy: row.created_by,
      revokedAt: row.revoked_at,
    };
    if (row.revoked_at) return before;
    const at = new Date().toISOString();
    await trx.updateTable('api_token').set({ revoked_at: at }).where('name', '=', name).execute();
    const after = { ...before, revokedAt: at };
    await writeAuditEntry(trx, { actor, action: 'revoke', subject: `token:${name}`, before, after });
    return after;
  });
}

/** The token whose hash this is, if any; revoked tokens are found too (the caller refuses them). */
export async function tokenByHash(store: Store, sha256: string): Promise<(StoredToken & { sha256: string }) | null> {
  const row = await store.db.selectFrom('api_token').selectAll().where('sha256', '=', sha256).executeTakeFirst();
  if (!row || !sameHash(row.sha256, sha256)) return null;
  return {
    name: row.name,
    role: row.role as TokenRole,
    createdAt: row.created_at,
    createdBy: row.created_by,
    revokedAt: row.revoked_at,
    sha256: row.sha256,
  };
}
