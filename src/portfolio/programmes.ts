// Programmes and frameworks by name, for filters (--programme CAREC) and for listing.
import type { Programme } from '../model/programme.js';
import { readProgrammes } from '../sources/programmes.js';

export async function listProgrammes(): Promise<Programme[]> {
  return readProgrammes();
}

/** The programme with this name (any case), or an error that lists the known names. */
export async function findProgramme(name: string): Promise<Programme> {
  const programmes = await readProgrammes();
  const found = programmes.find((p) => p.name.toLowerCase() === name.trim().toLowerCase());
  if (!found) throw new Error(`unknown programme "${name}"; known: ${programmes.map((p) => p.name).join(', ') || 'none'}`);
  return found;
}
