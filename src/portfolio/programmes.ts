// Programmes and frameworks by name, for filters (--programme CAREC), for listing, and for pages
// that show a programme's members (the dashboard's region map).
import type { Programme } from '../model/programme.js';
import { readProgrammes } from '../sources/programmes.js';

export async function listProgrammes(): Promise<Programme[]> {
  return readProgrammes();
}

/** The programme with this name (any case), or undefined. */
export async function programmeNamed(name: string): Promise<Programme | undefined> {
  const wanted = name.trim().toLowerCase();
  return (await readProgrammes()).find((p) => p.name.toLowerCase() === wanted);
}

/** The programme with this name (any case), or an error that lists the known names. */
export async function findProgramme(name: string): Promise<Programme> {
  const found = await programmeNamed(name);
  if (found) return found;
  const known = (await readProgrammes()).map((p) => p.name).join(', ') || 'none';
  throw new Error(`unknown programme "${name}"; known: ${known}`);
}
