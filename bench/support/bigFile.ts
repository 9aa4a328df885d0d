// A large activity file made of real activities: every <iati-activity> of the 2.0x corpus files,
// repeated round-robin with a fresh identifier (X -> X-copy-N), inside one <iati-activities
// version="2.03"> root. Written as a stream (never held whole in memory) to a .partial file that is
// renamed at the end, so a file under the final name is always complete and can be reused.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import { MB } from './stats.js';

interface Template {
  /** Text before and after the identifier's text, and the identifier itself (trimmed). */
  before: string;
  id: string;
  after: string;
}

export interface BigFile {
  path: string;
  bytes: number;
  /** false when an existing file of the right size was reused. */
  generated: boolean;
  /** Activities written (only known when generated). */
  activities: number | null;
  templates: number | null;
}

const ROOT_TAG = /<iati-activities(\s[^>]*)?>/;
const NAMESPACE = /\sxmlns(?::([\w.-]+))?\s*=\s*(["'])(.*?)\2/g;
const IDENTIFIER = /(<iati-identifier(?:\s[^>]*)?>)([^<]*)(<\/iati-identifier>)/;

/** Reads the activities of the given files, and the namespace prefixes their roots declare. */
async function loadTemplates(paths: string[]): Promise<{ templates: Template[]; namespaces: Map<string, string> }> {
  const templates: Template[] = [];
  const namespaces = new Map<string, string>();
  for (const path of paths) {
    const text = await readFile(path, 'utf8');
    const root = ROOT_TAG.exec(text);
    if (!root) continue;
    const version = /\sversion\s*=\s*["']([^"']*)["']/.exec(root[1] ?? '')?.[1] ?? '';
    if (!version.startsWith('2.')) continue;
    const declared = [...(root[1] ?? '').matchAll(NAMESPACE)].map((m) => ({ prefix: m[1], uri: m[3] ?? '' }));
    // A default namespace would move the activities out of IATI's (empty) namespace; a prefix bound
    // elsewhere to another URI cannot share the one root. Either way, leave the file out.
    if (declared.some((d) => d.prefix == null || (namespaces.has(d.prefix) && namespaces.get(d.prefix) !== d.uri))) continue;
    for (const d of declared) if (d.prefix) namespaces.set(d.prefix, d.uri);
    let from = root.index + root[0].length;
    for (;;) {
      const start = text.indexOf('<iati-activity', from);
      if (start === -1) break;
      const next = text.charAt(start + '<iati-activity'.length);
      if (!/[\s>]/.test(next)) {
        from = start + 1;
        continue;
      }
      const close = text.indexOf('</iati-activity>', start);
      if (close === -1) break;
      const end = close + '</iati-activity>'.length;
      const activity = text.slice(start, end);
      from = end;
      const id = IDENTIFIER.exec(activity);
      if (!id || id[2]?.trim() === '') continue;
      const idStart = id.index + (id[1] ?? '').length;
      templates.push({
        before: activity.slice(0, idStart),
        id: (id[2] ?? '').trim(),
        after: activity.slice(idStart + (id[2] ?? '').length),
      });
    }
  }
  return { templates, namespaces };
}

export async function ensureBigFile(dir: string, targetMb: number, sourcePaths: string[]): Promise<BigFile> {
  const targetBytes = Math.ceil(targetMb * MB);
  const path = join(dir, `big-${targetMb}mb.xml`);
  const existing = await stat(path).catch(() => null);
  // One activity is far below 8 MB, so a complete file of this target ends within 8 MB of it.
  if (existing && existing.size >= targetBytes && existing.size < targetBytes + 8 * MB) {
    return { path, bytes: existing.size, generated: false, activities: null, templates: null };
  }
  await mkdir(dir, { recursive: true });
  const { templates, namespaces } = await loadTemplates(sourcePaths);
  if (templates.length === 0) throw new Error('no 2.0x activities found to replicate');

  const partial = `${path}.partial`;
  const out = createWriteStream(partial);
  let written = 0;
  let activities = 0;
  let pending: string[] = [];
  let pendingBytes = 0;
  const put = async (text: string) => {
    pending.push(text);
    pendingBytes += Buffer.byteLength(text);
    if (pendingBytes >= MB) await flush();
  };
  const flush = async () => {
    const text = pending.join('');
    written += pendingBytes;
    pending = [];
    pendingBytes = 0;
    if (!out.write(text)) await once(out, 'drain');
  };
  try {
    const xmlns = [...namespaces].map(([prefix, uri]) => ` xmlns:${prefix}="${uri}"`).join('');
    await put(
      `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03" generated-datetime="${new Date().toISOString()}"${xmlns}>\n`,
    );
    const closing = '</iati-activities>\n';
    const closingBytes = Buffer.byteLength(closing);
    while (written + pendingBytes + closingBytes < targetBytes) {
      const t = templates[activities % templates.length] as Template;
      activities++;
      await put(` ${t.before}${t.id}-copy-${activities}${t.after}\n`);
    }
    await put(closing);
    await flush();
    out.end();
    await finished(out);
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  await rename(partial, path);
  return { path, bytes: written, generated: true, activities, templates: templates.length };
}
