// POST /api/statements/check through the real `devfin serve` over a store of the World Bank export:
// the answer is the JSON of `devfin statements check FILE --json` for the same text and date, the
// body is size-limited, bad requests are refused with an error that says why, and a text that is a
// URL is read as text, never fetched.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { devfinJson, runDevfin, temporaryDir } from '../support/cli.js';
import { fetchOnNewConnection } from '../support/http.js';
import { REPO_ROOT, SHARED_DATA } from '../support/sharedData.js';

const store = path.join(temporaryDir('devfin-check-api-'), 'store.sqlite');
const SEED = path.join(SHARED_DATA, 'statements/seed-worldbank-kazakhstan.txt');
const SEED_TEXT = readFileSync(SEED, 'utf8');

interface CheckAnswer {
  asOf: string;
  dateAssumed: boolean;
  checks: { claim: { text: string }; verdict: string; figure: number | null; projects: { id: string }[] }[];
}
interface ErrorAnswer {
  error: { status: number; message: string; parameter?: string };
}

let child: ChildProcess;
let baseUrl = '';

beforeAll(async () => {
  const imported = await runDevfin(['import', '--db', store, path.join(SHARED_DATA, 'worldbank/projects.csv')]);
  expect(imported.code, imported.stderr).toBe(0);
  child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/devfin.js'), 'serve', '--db', store, '--port', '0'], {
    env: { ...process.env, DEVFIN_DATABASE_URL: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout)?.[0];
      if (url) resolve(url);
    });
    child.on('exit', (code) => reject(new Error(`devfin serve exited ${code}: ${stderr}`)));
  });
}, 120_000);

afterAll(() => {
  child?.kill('SIGTERM');
});

const post = (query: string, body: string | Buffer, contentType: string) =>
  fetchOnNewConnection(`${baseUrl}/api/statements/check${query}`, { method: 'POST', body, headers: { 'content-type': contentType } });

async function errorOf(response: Response, status: number): Promise<ErrorAnswer['error']> {
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as ErrorAnswer;
  expect(body.error.status).toBe(status);
  return body.error;
}

describe('POST /api/statements/check', () => {
  it('gives the checks of `devfin statements check FILE --json` for the seed statement, as JSON and as text', async () => {
    const cli = await devfinJson<CheckAnswer>(['statements', 'check', '--db', store, SEED, '--date', '2023-05-10']);
    // The statement's figures are there to be checked: 48 projects, over $8bn, six active.
    expect(cli.asOf).toBe('2023-05-10');
    expect(cli.dateAssumed).toBe(false);
    expect(cli.checks.length).toBeGreaterThanOrEqual(3);
    expect(cli.checks.map((c) => c.claim.text).join(' | ')).toMatch(/48 joint projects/);
    expect(cli.checks.some((c) => c.verdict !== 'not_verifiable' && c.projects.length > 0)).toBe(true);

    const asJson = await post('', JSON.stringify({ text: SEED_TEXT, date: '2023-05-10' }), 'application/json');
    expect(asJson.status, await asJson.clone().text()).toBe(200);
    expect(await asJson.json()).toEqual(cli);

    const asText = await post('?date=2023-05-10', SEED_TEXT, 'text/plain; charset=utf-8');
    expect(asText.status).toBe(200);
    expect(await asText.json()).toEqual(cli);
  });

  it('checks as of another date when asked: the answer moves with the date, as the CLI does', async () => {
    const cli = await devfinJson<CheckAnswer>(['statements', 'check', '--db', store, SEED, '--date', '2015-01-01']);
    const response = await post('', JSON.stringify({ text: SEED_TEXT, date: '2015-01-01' }), 'application/json');
    const answer = (await response.json()) as CheckAnswer;
    expect(answer).toEqual(cli);
    expect(answer.asOf).toBe('2015-01-01');
    const later = (await (await post('?date=2023-05-10', SEED_TEXT, 'text/plain')).json()) as CheckAnswer;
    expect(answer.checks.map((c) => c.figure)).not.toEqual(later.checks.map((c) => c.figure));
  });

  it('says when no date was given: checked as of today', async () => {
    const response = await post('', JSON.stringify({ text: SEED_TEXT }), 'application/json');
    const answer = (await response.json()) as CheckAnswer;
    expect(answer.dateAssumed).toBe(true);
    expect(answer.asOf).toBe(new Date().toISOString().slice(0, 10));
  });

  it('refuses a body over 256 KB with 413, and answers the next request', async () => {
    const big = `${SEED_TEXT}\n${'The World Bank financed 3 projects. '.repeat(Math.ceil((256 * 1024) / 36))}`;
    expect(Buffer.byteLength(big)).toBeGreaterThan(256 * 1024);
    const error = await errorOf(await post('?date=2023-05-10', big, 'text/plain'), 413);
    expect(error.message).toMatch(/256 KB/);
    const asJson = await errorOf(await post('', JSON.stringify({ text: big }), 'application/json'), 413);
    expect(asJson.message).toMatch(/larger than/);
    // Just under the limit is taken.
    const under = await post('?date=2023-05-10', SEED_TEXT.padEnd(256 * 1024 - 16, ' '), 'text/plain');
    expect(under.status).toBe(200);
  });

  it('refuses a missing text or a bad date with 400 naming what is wrong', async () => {
    expect((await errorOf(await post('', JSON.stringify({ date: '2023-05-10' }), 'application/json'), 400)).message).toMatch(/"text"/);
    expect((await errorOf(await post('', JSON.stringify({ text: '  ' }), 'application/json'), 400)).message).toMatch(/"text"/);
    expect((await errorOf(await post('', JSON.stringify({ text: 42 }), 'application/json'), 400)).message).toMatch(/"text"/);
    expect((await errorOf(await post('?date=2023-05-10', '', 'text/plain'), 400)).message).toMatch(/empty/);
    expect((await errorOf(await post('', '{"text": "unterminated', 'application/json'), 400)).message).toMatch(/not JSON/);
    expect((await errorOf(await post('', JSON.stringify({ txt: SEED_TEXT }), 'application/json'), 400)).message).toMatch(/"txt"/);

    const badJsonDate = await errorOf(await post('', JSON.stringify({ text: SEED_TEXT, date: '2023-02-30' }), 'application/json'), 400);
    expect(badJsonDate).toMatchObject({ parameter: 'date' });
    expect(badJsonDate.message).toMatch(/YYYY-MM-DD.*2023-02-30/);
    const badQueryDate = await errorOf(await post('?date=10.05.2023', SEED_TEXT, 'text/plain'), 400);
    expect(badQueryDate).toMatchObject({ parameter: 'date' });
    const twice = await errorOf(
      await post('?date=2023-05-10', JSON.stringify({ text: SEED_TEXT, date: '2023-05-10' }), 'application/json'),
      400,
    );
    expect(twice).toMatchObject({ parameter: 'date' });
    expect((await errorOf(await post('?dat=2023-05-10', SEED_TEXT, 'text/plain'), 400)).parameter).toBe('dat');
  });

  it('refuses a body in another media type with 415, and GET is no endpoint', async () => {
    const form = await errorOf(await post('', `text=${encodeURIComponent(SEED_TEXT)}`, 'application/x-www-form-urlencoded'), 415);
    expect(form.message).toMatch(/application\/json.*text\/plain/);
    await errorOf(await fetchOnNewConnection(`${baseUrl}/api/statements/check`), 404);
  });

  it('never fetches a URL it is given: the text is only read', async () => {
    let requests = 0;
    const lure = http.createServer((_request, response) => {
      requests++;
      response.end('The World Bank financed 48 projects worth over $8bn in Kazakhstan.');
    });
    await new Promise<void>((resolve) => lure.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(lure.address() as AddressInfo).port}/statement.txt`;
      for (const [body, type] of [
        [JSON.stringify({ text: url, date: '2023-05-10' }), 'application/json'],
        [url, 'text/plain'],
      ] as const) {
        const response = await post(type === 'text/plain' ? '?date=2023-05-10' : '', body, type);
        expect(response.status).toBe(200);
        // The lure's text has figures; the URL itself has none to check.
        expect(((await response.json()) as CheckAnswer).checks).toEqual([]);
      }
      expect(requests).toBe(0);
    } finally {
      await new Promise<void>((resolve) => lure.close(() => resolve()));
    }
  });

  it('is in the OpenAPI document with its body, its answer and its errors', async () => {
    const doc = (await (await fetchOnNewConnection(`${baseUrl}/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, unknown> }; responses: Record<string, unknown> }>>;
    };
    const operation = doc.paths['/api/statements/check']?.post;
    expect(Object.keys(doc.paths['/api/statements/check'] ?? {})).toEqual(['post']);
    expect(Object.keys(operation?.requestBody?.content ?? {})).toEqual(['application/json', 'text/plain', 'text/html']);
    expect(Object.keys(operation?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '413', '415']));
    const index = (await (await fetchOnNewConnection(`${baseUrl}/api`)).json()) as { endpoints: { method: string; path: string }[] };
    expect(index.endpoints).toContainEqual(expect.objectContaining({ method: 'POST', path: '/api/statements/check' }));
  });
});
