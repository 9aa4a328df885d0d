// Who is asking, and may they: bearer tokens with a role (portfolio/access.ts), reading open to all
// unless the server was started with --read-token-required, every write needing a token whose role
// is high enough. Failed token checks and writes are rate-limited per client address.
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { roleAtLeast, type TokenRole } from '../model/apiToken.js';
import { tokenHolder } from '../portfolio/access.js';
import type { Store } from '../store/open.js';
import { ApiError } from './errors.js';
import { errorResponse } from './formats.js';
import { type BucketRate, TokenBuckets } from './rateLimit.js';

export interface AccessOptions {
  /** Reading (every GET of /api and /openapi.json, and statement checks) needs a token too. */
  readTokenRequired: boolean;
  /** The one origin whose pages may call the API from a browser; null: no CORS headers at all. */
  corsOrigin: string | null;
  /** The largest IATI file that POST /api/imports takes. */
  uploadLimitBytes: number;
  /** Writes per client: a burst and a steady rate. */
  writeRate: BucketRate;
  /** Failed token checks per client, after which every token check of the client is refused for a while. */
  failedTokenRate: BucketRate;
}

export const DEFAULT_ACCESS: AccessOptions = {
  readTokenRequired: false,
  corsOrigin: null,
  uploadLimitBytes: 100 * 1024 * 1024,
  writeRate: { capacity: 60, perSecond: 1 },
  failedTokenRate: { capacity: 10, perSecond: 0.1 },
};

export interface Caller {
  name: string;
  role: TokenRole;
}

/** The address a request came from (the socket's; a proxy in front makes every client one). */
export function clientAddress(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // Requests made in-process (tests, app.request) have no socket.
    return 'in-process';
  }
}

function tooMany(seconds: number, what: string): Response {
  return errorResponse(new ApiError(429, `too many ${what} from this address; try again in ${seconds} s`), {
    'retry-after': String(seconds),
  });
}

function unauthorized(message: string): Response {
  return errorResponse(new ApiError(401, message), { 'www-authenticate': 'Bearer realm="devfin"' });
}

// The caller travels with the request's context (middleware after this one, such as the body
// limit, may replace the request object itself).
declare module 'hono' {
  interface ContextVariableMap {
    devfinCaller: Caller;
  }
}

export class Access {
  readonly #failures: TokenBuckets;
  readonly #writes: TokenBuckets;

  constructor(
    private readonly store: Store,
    readonly options: AccessOptions,
  ) {
    this.#failures = new TokenBuckets(options.failedTokenRate);
    this.#writes = new TokenBuckets(options.writeRate);
  }

  /** The caller of a request that passed `require`. */
  caller(c: Context): Caller {
    const caller = c.get('devfinCaller');
    if (!caller) throw new Error('caller asked for before the token was checked');
    return caller;
  }

  /** Checks the request's token and role; answers 401, 403 or 429 itself when they do not do. */
  require(role: TokenRole): MiddlewareHandler {
    return async (c, next) => {
      const client = clientAddress(c);
      const header = c.req.header('authorization') ?? '';
      const token = /^Bearer ([A-Za-z0-9_.~+/=-]{1,200})$/.exec(header)?.[1];
      if (!token) return unauthorized('this needs a token: send "Authorization: Bearer TOKEN" (devfin tokens create makes one)');
      const wait = this.#failures.waitFor(client);
      if (wait > 0) return tooMany(wait, 'failed token checks');
      const holder = await tokenHolder(this.store, token);
      if (!holder || holder.revoked) {
        this.#failures.take(client);
        return unauthorized(holder ? 'this token has been revoked' : 'unknown token');
      }
      if (!roleAtLeast(holder.role, role))
        return errorResponse(new ApiError(403, `token ${holder.name} has the role ${holder.role}; this needs ${role} or above`));
      c.set('devfinCaller', { name: holder.name, role: holder.role });
      return next();
    };
  }

  /** Reads: open, or as `require('viewer')` when the server requires a token to read. */
  readGuard(): MiddlewareHandler {
    const viewer = this.require('viewer');
    return async (c, next) => (this.options.readTokenRequired ? viewer(c, next) : next());
  }

  /** Counts a write against the client's rate, before its token is checked. */
  writeLimit(): MiddlewareHandler {
    return async (c, next) => {
      const wait = this.#writes.take(clientAddress(c));
      return wait > 0 ? tooMany(wait, 'writes') : next();
    };
  }
}
