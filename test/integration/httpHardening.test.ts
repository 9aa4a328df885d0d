// The real `devfin serve` against requests from elsewhere: security headers on every answer, only
// its own host names answered (DNS rebinding), no server paths, no control characters in any
// parameter.
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/api/security.js';
import { runDevfin, temporaryDir } from '../support/cli.js';
import { iatiFile, writeFixture } from '../support/iatiFixtures.js';
import { type RunningServer, startServe } from '../support/serve.js';

const dir = temporaryDir('devfin-http-');
const store = path.join(dir, 'store.sqlite');
let server: RunningServer;
let port: number;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A GET with the Host header as given (fetch would set its own). */
function get(urlPath: string, host = `127.0.0.1:${port}`): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: '127.0.0.1', port, path: urlPath, headers: { host, connection: 'close' } }, (response) => {
      let body = '';
      response.setEncoding('utf8').on('data', (text: string) => {
        body += text;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

beforeAll(async () => {
  const file = writeFixture(dir, 'served.xml', iatiFile([{ id: 'XM-TEST-1-SERVED' }]));
  expect((await runDevfin(['import', '--db', store, file])).code).toBe(0);
  server = await startServe(['--db', store, '--allowed-hosts', 'devfin.example,Tracker.Example:8443']);
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server?.stop();
});

describe('security headers', () => {
  it('are on the API, the web app, its assets and errors', async () => {
    const index = await get('/');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.body)?.[1] as string;
    expect(script).toBeDefined();
    for (const urlPath of ['/api/status', '/', script, '/api/nothing', '/openapi.json']) {
      const answer = await get(urlPath);
      expect(answer.headers['x-content-type-options'], urlPath).toBe('nosniff');
      expect(answer.headers['x-frame-options'], urlPath).toBe('DENY');
      expect(answer.headers['referrer-policy'], urlPath).toBe('no-referrer');
      expect(answer.headers['content-security-policy'], urlPath).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    // The app's page loads only what the policy allows: scripts and styles from the server itself.
    expect(index.body).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(index.body).not.toMatch(/(src|href)="https?:/);
  });

  it('allow the API reference its one inline script, by hash', async () => {
    const docs = await get('/api/docs');
    const inline = /<script type="module">([\s\S]*?)<\/script>/.exec(docs.body)?.[1] as string;
    const hash = (await import('node:crypto')).createHash('sha256').update(inline).digest('base64');
    expect(docs.headers['content-security-policy']).toContain(`script-src 'self' 'sha256-${hash}'`);
    expect(docs.headers['content-security-policy']).toContain("frame-ancestors 'none'");
  });
});

describe('the Host header', () => {
  it("is answered for the server's own names and those allowed", async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'LOCALHOST', `[::1]:${port}`, 'devfin.example', 'tracker.example:8443']) {
      expect((await get('/api/status', host)).status, host).toBe(200);
    }
  });

  it('is refused with 421 for any other name (a rebound DNS name)', async () => {
    for (const host of ['evil.example', `attacker.example:${port}`, 'localhost.evil.example', '127.0.0.1.nip.io']) {
      const answer = await get('/api/status', host);
      expect(answer.status, host).toBe(421);
      expect(JSON.parse(answer.body).error.message).toContain(`this server does not answer for the host "${host}"`);
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect((await get('/', host)).status, host).toBe(421);
    }
  });
});

describe('server paths', () => {
  it('are not shown: the store and the source files by their file names', async () => {
    const status = JSON.parse((await get('/api/status')).body);
    expect(status.store).toBe('store.sqlite');
    const detail = await get('/api/activities/XM-TEST-1-SERVED');
    expect(detail.status).toBe(200);
    expect(JSON.parse(detail.body).records[0].provenance.location).toBe('served.xml');
    expect(detail.body).not.toContain(dir);
  });
});

describe('control characters', () => {
  it('are refused in every text parameter, query or path, naming it', async () => {
    for (const [urlPath, parameter] of [
      ['/api/activities?financier=World%09Bank', 'financier'],
      ['/api/summary?region=Central%0AAsia', 'region'],
      ['/api/summary?instrument=a%00b', 'instrument'],
      ['/api/activities?q=road%1B', 'q'],
      ['/api/activities/XM%00TEST', 'id'],
    ] as const) {
      const answer = await get(urlPath);
      expect(answer.status, urlPath).toBe(400);
      const error = JSON.parse(answer.body).error;
      expect(error.parameter, urlPath).toBe(parameter);
      expect(error.message, urlPath).toMatch(/control characters/);
    }
  });
});
