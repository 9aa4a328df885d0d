// Human names for codes, from the IATI codelists when they are loaded; the code itself otherwise.
import type { CodelistEntry } from '../model/codelist.js';
import type { GroupBy } from '../model/filter.js';
import { isActivityStatus, STATUS_LABELS } from '../model/status.js';

export class Labels {
  private readonly names = new Map<string, string>();

  constructor(entries: CodelistEntry[]) {
    for (const e of entries) this.names.set(`${e.list}|${e.code}`, e.name);
  }

  get loaded(): boolean {
    return this.names.size > 0;
  }

  name(list: string, code: string): string | null {
    return this.names.get(`${list}|${code}`) ?? null;
  }

  /** The label of a group key for a breakdown. */
  groupLabel(by: GroupBy | null, key: string): string {
    switch (by) {
      case 'status':
        return isActivityStatus(key) ? STATUS_LABELS[key] : 'Unknown';
      case 'country':
        return this.name('Country', key) ?? key;
      case 'sector':
        return this.name('Sector', key) ?? this.name('SectorCategory', key) ?? key;
      default:
        return key;
    }
  }
}
