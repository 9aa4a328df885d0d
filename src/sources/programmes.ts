// Reads programme and framework definitions: YAML or JSON files in the programmes/ folder that
// ships with devfin, and in the folder named by $DEVFIN_PROGRAMMES (whose files win by name).
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { InputError } from '../model/problems.js';
import type { Programme, ProgrammeMatch } from '../model/programme.js';

export const SHIPPED_PROGRAMMES = fileURLToPath(new URL('../../programmes', import.meta.url));

export function programmeFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  return [SHIPPED_PROGRAMMES, ...(env.DEVFIN_PROGRAMMES ? [env.DEVFIN_PROGRAMMES] : [])];
}

export async function readProgrammes(folders: string[] = programmeFolders()): Promise<Programme[]> {
  const byName = new Map<string, Programme>();
  for (const folder of folders) {
    if (!existsSync(folder)) continue;
    for (const name of (await readdir(folder)).sort()) {
      if (!['.yaml', '.yml', '.json'].includes(extname(name).toLowerCase())) continue;
      const programme = await readProgrammeFile(join(folder, name));
      byName.set(programme.name.toLowerCase(), programme);
    }
  }
  return [...byName.values()];
}

export async function readProgrammeFile(file: string): Promise<Programme> {
  let data: unknown;
  try {
    data = parse(await readFile(file, 'utf8'));
  } catch (error) {
    const line = (error as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? null;
    throw new InputError({ file, line }, `not valid YAML or JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  return checkProgramme(data, file);
}

const strings = (value: unknown, field: string, file: string): string[] | undefined => {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' || typeof v === 'number')) {
    throw new InputError({ file, line: null }, `${field} must be a list of texts`);
  }
  return value.map(String);
};

function checkMatch(value: unknown, field: string, file: string): ProgrammeMatch | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw new InputError({ file, line: null }, `${field} must be a mapping`);
  const m = value as Record<string, unknown>;
  return {
    ids: strings(m.ids, `${field}.ids`, file),
    titleContains: strings(m.titleContains, `${field}.titleContains`, file),
    sectors: strings(m.sectors, `${field}.sectors`, file),
    sectorContains: strings(m.sectorContains, `${field}.sectorContains`, file),
  };
}

function checkProgramme(data: unknown, file: string): Programme {
  if (typeof data !== 'object' || data === null) throw new InputError({ file, line: null }, 'a programme definition must be a mapping');
  const p = data as Record<string, unknown>;
  if (typeof p.name !== 'string' || !p.name.trim()) throw new InputError({ file, line: null }, 'name is required');
  const countries = strings(p.countries, 'countries', file);
  if (!countries?.length || !countries.every((c) => /^[A-Z]{2}$/.test(c))) {
    throw new InputError({ file, line: null }, 'countries must list ISO 3166-1 alpha-2 codes such as KZ');
  }
  const date = (value: unknown, field: string) => {
    if (value === undefined) return undefined;
    const text = value instanceof Date ? value.toISOString().slice(0, 10) : String(value);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) throw new InputError({ file, line: null }, `${field} must be a date as YYYY-MM-DD`);
    return text;
  };
  const parts = p.parts === undefined ? undefined : Array.isArray(p.parts) ? p.parts : null;
  if (parts === null) throw new InputError({ file, line: null }, 'parts must be a list');
  return {
    name: p.name.trim(),
    title: typeof p.title === 'string' ? p.title : p.name,
    description: typeof p.description === 'string' ? p.description.trim() : undefined,
    sources: strings(p.sources, 'sources', file),
    countries,
    financiers: strings(p.financiers, 'financiers', file),
    match: checkMatch(p.match, 'match', file),
    from: date(p.from, 'from'),
    to: date(p.to, 'to'),
    parts: parts?.map((part, i) => {
      const q = part as Record<string, unknown>;
      if (typeof q.name !== 'string') throw new InputError({ file, line: null }, `parts[${i}].name is required`);
      return { name: q.name, match: checkMatch(q.match, `parts[${i}].match`, file) ?? {} };
    }),
  };
}
