// The version every cached answer is kept under: the programme definition files are looked at once
// a second at most, so an edited definition is answered within a second and not per request.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { answerVersion, PROGRAMMES_RECHECK_MS } from '../../src/portfolio/answerVersion.js';
import { openStore } from '../../src/store/open.js';

const dir = mkdtempSync(path.join(tmpdir(), 'devfin-answer-version-'));
const store = await openStore(path.join(dir, 'store.sqlite'));
afterAll(() => store.close());

describe('answerVersion', () => {
  it('sees an edited programme definition at the next check, and not before', async () => {
    const programmes = path.join(dir, 'programmes');
    const file = path.join(programmes, 'mine.yaml');
    const saved = process.env.DEVFIN_PROGRAMMES;
    process.env.DEVFIN_PROGRAMMES = programmes;
    try {
      mkdirSync(programmes);
      writeFileSync(file, 'name: Mine\n');
      const start = 1e12;
      const before = await answerVersion(store, start);
      writeFileSync(file, 'name: Mine, edited\n');
      expect(await answerVersion(store, start + PROGRAMMES_RECHECK_MS - 1)).toBe(before);
      const after = await answerVersion(store, start + PROGRAMMES_RECHECK_MS);
      expect(after).not.toBe(before);
      expect(after.split('\n')[0]).toBe(before.split('\n')[0]);
    } finally {
      if (saved === undefined) delete process.env.DEVFIN_PROGRAMMES;
      else process.env.DEVFIN_PROGRAMMES = saved;
    }
  });
});
