// Tokens of the HTTP API and what their roles may do. A token is 32 random bytes, shown once;
// the store keeps only its SHA-256, so a copy of the database gives no one a working token.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Each role may do what the roles before it may: viewers read, editors keep records, admins manage tokens and imports. */
export const TOKEN_ROLES = ['viewer', 'editor', 'admin'] as const;
export type TokenRole = (typeof TOKEN_ROLES)[number];

export function roleAtLeast(role: TokenRole, needed: TokenRole): boolean {
  return TOKEN_ROLES.indexOf(role) >= TOKEN_ROLES.indexOf(needed);
}

/** The prefix says what the string is when it turns up in a log or a paste. */
const PREFIX = 'devfin_';

export function newToken(): string {
  return `${PREFIX}${randomBytes(32).toString('base64url')}`;
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Compares two hashes in time that does not depend on where they differ. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Token names appear in the audit log and in provenance ("manual, by NAME"): kept plain. */
export const TOKEN_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
