import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/model/problems.js';
import { HttpError } from '../../src/sources/http.js';
import { CODELISTS_NEEDED, downloadCodelists, parseCodelistJson, readCodelistFile } from '../../src/sources/iati/codelists.js';
import { type RecordedServer, startRecordedServer } from '../support/recordedServer.js';
import { SHARED_DATA } from '../support/sharedData.js';

const JSON_LISTS = path.join(SHARED_DATA, 'codelists', 'json');

interface RawItem {
  code: string;
  name?: string;
  category?: string;
  status?: string;
}
function rawList(list: string): RawItem[] {
  return (JSON.parse(readFileSync(path.join(JSON_LISTS, `${list}.json`), 'utf8')) as { data: RawItem[] }).data;
}

describe('downloadCodelists', () => {
  let server: RecordedServer | undefined;
  const savedVariable = process.env.DEVFIN_CODELISTS_URL;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    if (savedVariable === undefined) delete process.env.DEVFIN_CODELISTS_URL;
    else process.env.DEVFIN_CODELISTS_URL = savedVariable;
  });

  it('downloads every needed list, entry for entry as in the JSON files', async () => {
    server = await startRecordedServer({ '/api/json/en/': JSON_LISTS });
    const lists = await downloadCodelists({ baseUrl: `${server.url}/` });

    expect([...lists.keys()]).toEqual([...CODELISTS_NEEDED]);
    for (const [list, entries] of lists) {
      const raw = rawList(list);
      expect(entries, list).toHaveLength(raw.length);
      expect(entries.filter((entry) => entry.withdrawn).length, list).toBe(raw.filter((item) => item.status === 'withdrawn').length);
      expect(entries.every((entry) => entry.list === list)).toBe(true);
    }

    const water = lists.get('Sector')?.find((entry) => entry.code === '14010');
    const rawWater = rawList('Sector').find((item) => item.code === '14010');
    expect(water).toEqual({ list: 'Sector', code: '14010', name: rawWater?.name, category: '140', withdrawn: false });
    expect(lists.get('Country')?.find((entry) => entry.code === 'KZ')).toMatchObject({ name: 'Kazakhstan', category: null });

    expect(new Set(server.requests.map((request) => request.path))).toEqual(
      new Set(CODELISTS_NEEDED.map((list) => `/api/json/en/${list}.json`)),
    );
  });

  it('takes the base URL from DEVFIN_CODELISTS_URL and retries a 503', async () => {
    server = await startRecordedServer({ '/mirror/api/json/en/': JSON_LISTS }, { failures: [{ times: 1, answer: 503 }] });
    process.env.DEVFIN_CODELISTS_URL = `${server.url}/mirror`;
    const lists = await downloadCodelists({ lists: ['TransactionType'], retryDelayMs: 5 });
    expect(lists.get('TransactionType')).toHaveLength(rawList('TransactionType').length);
    expect(server.requests.map((request) => request.status)).toEqual([503, 200]);
  });

  it('names the URL of a list that is not valid JSON', async () => {
    server = await startRecordedServer({
      '/api/json/en/Sector.json': (_request, response) => void response.end('{"data": [{"code": "11110",\n "name" "x"}]}'),
      '/api/json/en/': JSON_LISTS,
    });
    const error = await downloadCodelists({ baseUrl: server.url, lists: ['Region', 'Sector'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).position).toMatchObject({ file: `${server.url}/api/json/en/Sector.json`, line: 2 });
    expect((error as Error).message).toContain(`${server.url}/api/json/en/Sector.json:2:`);
    expect((error as Error).message).toContain('not valid JSON');
  });

  it('names the URL of a list that does not exist', async () => {
    server = await startRecordedServer({ '/api/json/en/': JSON_LISTS });
    const error = await downloadCodelists({ baseUrl: server.url, lists: ['NoSuchList'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect((error as Error).message).toBe(`GET ${server.url}/api/json/en/NoSuchList.json: HTTP 404 Not Found`);
  });
});

describe('parseCodelistJson', () => {
  it('rejects JSON that is not a codelist', () => {
    expect(() => parseCodelistJson('{"items": []}', 'Sector', 'x.json')).toThrow('x.json: not a codelist: no "data" array');
    expect(() => parseCodelistJson('{"data": [{"name": "no code"}]}', 'Sector', 'x.json')).toThrow('x.json: data[0] has no code');
  });

  it('labels a code without a name by the code, and keeps one entry per code', () => {
    const text = JSON.stringify({
      data: [
        { code: '2.03', status: 'active' },
        { code: '41402', name: 'SDG Fund', category: '41400', status: 'withdrawn' },
        { code: '41402', name: 'SDG Fund', status: 'active' },
      ],
    });
    expect(parseCodelistJson(text, 'Demo', 'demo.json')).toEqual([
      { list: 'Demo', code: '2.03', name: '2.03', category: null, withdrawn: false },
      { list: 'Demo', code: '41402', name: 'SDG Fund', category: null, withdrawn: false },
    ]);
  });

  it('reads a local file, naming the list after the file', async () => {
    const entries = await readCodelistFile(path.join(JSON_LISTS, 'SectorCategory.json'));
    expect(entries).toHaveLength(rawList('SectorCategory').length);
    expect(entries[0]?.list).toBe('SectorCategory');
  });
});
