// Reads programme and framework definitions: YAML or JSON files in the programmes/ folder that
// ships with devfin, and in the folder named by $DEVFIN_PROGRAMMES (whose files win by name).
// Every definition is checked before use, each mistake named with its file and line: a key the
// format does not know (a misspelt rule would otherwise match everything), an empty rule, a
// wrong value, a rule given to two parts.
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Node, Pair, YAMLMap } from 'yaml';
import { isCalendarDate } from '../model/calendarDate.js';
import { InputError } from '../model/problems.js';
import {
  matchRules,
  type Programme,
  type ProgrammeMatch,
  type ProgrammePart,
  type ProgrammeReference,
  REFERENCE_FIGURES,
  type ReferenceFigure,
} from '../model/programme.js';

const require = createRequire(import.meta.url);
/** The YAML parser, loaded when a programme file is first read rather than when devfin starts. */
let yamlModule: typeof import('yaml') | undefined;
const yaml = () => {
  yamlModule ??= require('yaml') as typeof import('yaml');
  return yamlModule;
};

export const SHIPPED_PROGRAMMES = fileURLToPath(new URL('../../programmes', import.meta.url));

export function programmeFolders(env: NodeJS.ProcessEnv = process.env): string[] {
  return [SHIPPED_PROGRAMMES, ...(env.DEVFIN_PROGRAMMES ? [env.DEVFIN_PROGRAMMES] : [])];
}

/** Where a definition came from, and the line of each of its rules (by path, e.g. "match.sectors[0]"). */
export interface ProgrammeSource {
  file: string;
  lines: Map<string, number>;
}

const sources = new WeakMap<Programme, ProgrammeSource>();

/** The file and rule lines of a definition read by this module (for warnings about its rules). */
export function programmeSource(programme: Programme): ProgrammeSource | undefined {
  return sources.get(programme);
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
  return parseProgramme(await readFile(file, 'utf8'), file);
}

/** The keys each mapping of a definition may have. */
const MATCH_KEYS = ['ids', 'names', 'titleContains', 'sectors', 'sectorContains'] as const;
const PROGRAMME_KEYS = [
  'name',
  'title',
  'description',
  'sources',
  'countries',
  'places',
  'financiers',
  'match',
  'from',
  'to',
  'parts',
  'reference',
] as const;
const PART_KEYS = ['name', 'match'] as const;
const REFERENCE_KEYS = ['figure', 'value', 'asOf', 'source', 'note', 'financier', 'share'] as const;

/** The definition in `text` (YAML, or JSON, which YAML reads too), checked; errors name `file` and the line. */
export function parseProgramme(text: string, file: string): Programme {
  const { isMap, isScalar, isSeq, LineCounter, parseDocument } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineOf = (node: { range?: [number, number, number] | null } | null | undefined): number | null =>
    node?.range ? lineCounter.linePos(node.range[0]).line : null;
  const [first] = doc.errors;
  if (first)
    throw new InputError({ file, line: lineCounter.linePos(first.pos[0]).line }, `not valid YAML or JSON: ${first.message.split('\n')[0]}`);
  const fail = (node: Node | Pair | null | undefined, message: string): never => {
    const at = node && 'key' in node && !('range' in node) ? (node.key as Node) : (node as Node | null | undefined);
    throw new InputError({ file, line: lineOf(at) }, message);
  };
  const lines = new Map<string, number>();

  /** The mapping's pairs by key, after refusing keys the format does not know. */
  const mapping = (
    node: Node | null | undefined,
    field: string,
    keys: readonly string[],
    { suggest = true } = {},
  ): Map<string, Pair<Node, Node | null>> => {
    if (!isMap(node)) return fail(node, `${field} must be a mapping (key: value lines)`);
    const pairs = new Map<string, Pair<Node, Node | null>>();
    for (const pair of (node as YAMLMap<Node, Node | null>).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : null;
      if (key === null) return fail(pair.key, `${field}: a key must be a plain name`);
      if (!keys.includes(key)) {
        const near = suggest ? nearest(key, keys) : undefined;
        return fail(
          pair.key,
          `unknown key ${JSON.stringify(key)} in ${field}${near ? ` (did you mean ${JSON.stringify(near)}?)` : ''}; the keys are ${keys.join(', ')}`,
        );
      }
      pairs.set(key, pair);
    }
    return pairs;
  };
  const text_ = (node: Node | null | undefined, field: string, required = true): string | undefined => {
    if (node == null || (isScalar(node) && node.value == null)) {
      if (required) return fail(node, `${field} must not be empty`);
      return undefined;
    }
    if (!isScalar(node) || typeof node.value === 'object' || typeof node.value === 'boolean') return fail(node, `${field} must be a text`);
    const value = String(node.value).trim();
    if (!value && required) return fail(node, `${field} must not be empty`);
    return value;
  };
  const list = (node: Node | null | undefined, field: string): string[] => {
    if (!isSeq(node)) return fail(node, `${field} must be a list, e.g. [a, b]`);
    if (node.items.length === 0) return fail(node, `${field} is an empty list: give at least one entry or leave the key out`);
    return node.items.map((item, i) => {
      const value = text_(item as Node, `${field}[${i}]`) as string;
      lines.set(`${field}[${i}]`, lineOf(item as Node) ?? 0);
      return value;
    });
  };
  const date = (node: Node | null | undefined, field: string): string => {
    const value = text_(node, field) as string;
    if (!isCalendarDate(value)) return fail(node, `${field} must be a date as YYYY-MM-DD, not ${JSON.stringify(value)}`);
    return value;
  };
  const countryCodes = (node: Node | null | undefined, field: string): string[] => {
    const codes = list(node, field);
    const bad = codes.findIndex((c) => !/^[A-Z]{2}$/.test(c));
    if (bad >= 0)
      return fail(
        (node as { items: Node[] }).items[bad],
        `${field} must list ISO 3166-1 alpha-2 codes such as KZ, not ${JSON.stringify(codes[bad])}`,
      );
    return codes;
  };
  const match = (node: Node | null | undefined, field: string): ProgrammeMatch => {
    const pairs = mapping(node, field, MATCH_KEYS);
    if (pairs.size === 0) return fail(node, `${field} has no rule: give ${MATCH_KEYS.join(', ')} or leave ${field} out`);
    const rules: ProgrammeMatch = {};
    for (const [key, pair] of pairs) rules[key as keyof ProgrammeMatch] = list(pair.value, `${field}.${key}`);
    for (const code of rules.sectors ?? []) {
      if (!/^\d{3}(\d{2})?$/.test(code))
        return fail(pairs.get('sectors')?.value, `${field}.sectors: ${JSON.stringify(code)} is not a DAC code (3 or 5 digits)`);
    }
    return rules;
  };

  const root = doc.contents as Node | null;
  if (root == null)
    throw new InputError({ file, line: null }, 'the file is empty: a programme definition is a mapping with name and countries');
  const top = mapping(root, 'the programme', PROGRAMME_KEYS);
  const value = (key: string) => top.get(key)?.value;
  if (!top.has('name')) return fail(root, 'name is required');
  if (!top.has('countries')) return fail(root, 'countries is required');
  const name = text_(value('name'), 'name') as string;
  const countries = countryCodes(value('countries'), 'countries');

  let places: Record<string, string[]> | undefined;
  if (top.has('places')) {
    places = {};
    // Country codes one letter apart (UZ, KZ) are different countries: no guess.
    const pairs = mapping(value('places'), 'places', countries, { suggest: false });
    if (pairs.size === 0) return fail(value('places'), 'places is empty: give a member country with its places, or leave places out');
    for (const [country, pair] of pairs) places[country] = list(pair.value, `places.${country}`);
  }

  let parts: ProgrammePart[] | undefined;
  if (top.has('parts')) {
    const node = value('parts');
    if (!isSeq(node) || node.items.length === 0) return fail(node, 'parts must be a list of parts, each with a name and a match block');
    parts = node.items.map((item, i) => {
      const part = mapping(item as Node, `parts[${i}]`, PART_KEYS);
      if (!part.has('name')) return fail(item as Node, `parts[${i}].name is required`);
      if (!part.has('match')) return fail(item as Node, `parts[${i}].match is required: the rules that put members in this part`);
      return {
        name: text_(part.get('name')?.value, `parts[${i}].name`) as string,
        match: match(part.get('match')?.value, `parts[${i}].match`),
      };
    });
    // One rule in two parts would put the same projects in both by definition: say which part it belongs to.
    const seen = new Map<string, string>();
    for (const [i, part] of parts.entries()) {
      for (const rule of matchRules(part.match, `parts[${i}].match`, part.name)) {
        const key = `${rule.kind}:${rule.value.toLowerCase()}`;
        const other = seen.get(key);
        if (other && other !== part.name) {
          throw new InputError(
            { file, line: lines.get(rule.path) ?? null },
            `${rule.path}: ${rule.kind} ${JSON.stringify(rule.value)} is a rule of part ${JSON.stringify(other)} too; a rule may define one part only`,
          );
        }
        seen.set(key, part.name);
      }
    }
  }

  let reference: ProgrammeReference[] | undefined;
  if (top.has('reference')) {
    const node = value('reference');
    if (!isSeq(node) || node.items.length === 0) return fail(node, 'reference must be a list of published figures');
    reference = node.items.map((item, i) => {
      const field = `reference[${i}]`;
      const entry = mapping(item as Node, field, REFERENCE_KEYS);
      for (const key of ['figure', 'value', 'asOf', 'source'])
        if (!entry.has(key)) return fail(item as Node, `${field}.${key} is required`);
      const figure = text_(entry.get('figure')?.value, `${field}.figure`) as string;
      if (!(REFERENCE_FIGURES as readonly string[]).includes(figure))
        return fail(
          entry.get('figure')?.value,
          `${field}.figure must be one of ${REFERENCE_FIGURES.join(', ')}, not ${JSON.stringify(figure)}`,
        );
      const amount = entry.get('value')?.value;
      if (!isScalar(amount) || typeof amount.value !== 'number' || !Number.isFinite(amount.value) || amount.value < 0)
        return fail(amount, `${field}.value must be a number (no quotes, no units: 51000000000 for USD 51 billion)`);
      const optional = (key: string) => (entry.has(key) ? text_(entry.get(key)?.value, `${field}.${key}`) : undefined);
      const financier = optional('financier');
      const share = optional('share');
      if (financier && share) return fail(item as Node, `${field}: give financier or share, not both`);
      lines.set(field, lineOf(item as Node) ?? 0);
      return {
        figure: figure as ReferenceFigure,
        value: amount.value,
        asOf: date(entry.get('asOf')?.value, `${field}.asOf`),
        source: text_(entry.get('source')?.value, `${field}.source`) as string,
        ...(optional('note') ? { note: optional('note') } : {}),
        ...(financier ? { financier } : {}),
        ...(share ? { share } : {}),
      };
    });
  }

  const programme: Programme = {
    name,
    title: top.has('title') ? (text_(value('title'), 'title') as string) : name,
    ...(top.has('description') ? { description: text_(value('description'), 'description') } : {}),
    ...(top.has('sources') ? { sources: list(value('sources'), 'sources') } : {}),
    countries,
    ...(places ? { places } : {}),
    ...(top.has('financiers') ? { financiers: list(value('financiers'), 'financiers') } : {}),
    ...(top.has('match') ? { match: match(value('match'), 'match') } : {}),
    ...(top.has('from') ? { from: date(value('from'), 'from') } : {}),
    ...(top.has('to') ? { to: date(value('to'), 'to') } : {}),
    ...(parts ? { parts } : {}),
    ...(reference ? { reference } : {}),
  };
  if (programme.from && programme.to && programme.from > programme.to)
    return fail(value('to'), `to (${programme.to}) is before from (${programme.from})`);
  sources.set(programme, { file, lines });
  return programme;
}

/** The known key nearest to a misspelt one (at most two edits, or the same letters in another case). */
function nearest(key: string, keys: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of keys) {
    const distance = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

/** Levenshtein distance: insertions, deletions and substitutions. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    previous = current;
  }
  return previous[b.length] as number;
}
