// What every answer of `devfin serve` carries against other sites: headers that keep the web app
// in its own origin (no framing, no sniffing, scripts and data from the server only), and a check
// of the Host header against the server's own names, so that a page on another site cannot reach
// a server on localhost through a DNS name rebound to 127.0.0.1.
import { createHash } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { ApiError } from './errors.js';
import { errorResponse } from './formats.js';

/**
 * For the built web app: its scripts, styles and data come from the server itself; charts set
 * inline styles, so styles may be inline; images may be data: URLs (the app's icon).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The policy for a page whose one inline script is `script` (the API reference). */
export function policyWithInlineScript(script: string): string {
  const hash = createHash('sha256').update(script).digest('base64');
  return CONTENT_SECURITY_POLICY.replace("script-src 'self'", `script-src 'self' 'sha256-${hash}'`);
}

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};

/** The names a server answers to with no --allowed-hosts: the loopback names, and the address it listens on. */
export function defaultAllowedHosts(listenHost?: string): string[] {
  const names = ['localhost', '127.0.0.1', '[::1]'];
  if (listenHost && !['0.0.0.0', '::', '[::]'].includes(listenHost)) names.push(listenHost.includes(':') ? `[${listenHost}]` : listenHost);
  return names;
}

/** The host name of a Host header, lower case and without its port ("[::1]:8080" is "[::1]"). */
function hostName(header: string): string {
  const host = header.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  return host.replace(/:\d*$/, '');
}

/**
 * Answers only requests whose Host is one of `allowed` ("*" allows any: a server behind a proxy
 * that checks names itself); others get 421. Every answer gets the security headers.
 */
export function securityMiddleware(allowed: readonly string[]): MiddlewareHandler {
  // A name may be given with a port (tracker.example:8443): the port is not checked.
  const names = new Set(allowed.map((name) => (name.trim() === '*' ? '*' : hostName(name))).filter((name) => name !== ''));
  const anyHost = names.has('*');
  return async (c, next) => {
    const header = c.req.header('host') ?? new URL(c.req.url).host;
    if (!anyHost && !names.has(hostName(header))) {
      const refused = new ApiError(
        421,
        `this server does not answer for the host "${header.slice(0, 100)}"; it answers for ${[...names].join(', ')} (devfin serve --allowed-hosts adds names)`,
      );
      c.res = errorResponse(refused);
    } else {
      await next();
    }
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) c.res.headers.set(name, value);
    if (!c.res.headers.has('content-security-policy')) c.res.headers.set('content-security-policy', CONTENT_SECURITY_POLICY);
  };
}
