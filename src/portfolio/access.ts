// Who may do what through the HTTP API: tokens with a role (model/apiToken.ts), made and revoked by
// `devfin tokens` and checked by the API's middleware (api/auth.ts).
import { newToken, TOKEN_NAME_PATTERN, TOKEN_ROLES, type TokenRole, tokenHash } from '../model/apiToken.js';
import type { Store } from '../store/open.js';
import { listTokens, revokeToken, type StoredToken, saveToken, TokenStateError, tokenByHash } from '../store/tokens.js';

export { type StoredToken, TokenStateError } from '../store/tokens.js';

/** Makes a token; the answer holds the token itself, which is never shown or kept again. */
export async function createApiToken(store: Store, name: string, role: string, actor: string): Promise<{ token: string } & StoredToken> {
  if (!TOKEN_NAME_PATTERN.test(name))
    throw new TokenStateError(
      `token name "${name}": expected 1 to 64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit`,
    );
  if (!(TOKEN_ROLES as readonly string[]).includes(role))
    throw new TokenStateError(`role "${role}": expected one of ${TOKEN_ROLES.join(', ')}`);
  const token = newToken();
  const stored = await saveToken(store, { name, role: role as TokenRole, sha256: tokenHash(token) }, actor);
  return { token, ...stored };
}

export const listApiTokens = listTokens;
export const revokeApiToken = revokeToken;

/** The caller a token names: null for an unknown token, `revoked` for one revoked. */
export async function tokenHolder(store: Store, token: string): Promise<{ name: string; role: TokenRole; revoked: boolean } | null> {
  const found = await tokenByHash(store, tokenHash(token));
  return found ? { name: found.name, role: found.role, revoked: found.revokedAt !== null } : null;
}
