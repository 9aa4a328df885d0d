// The timeline of engagements: the events that kept statements report (meetings, agreements,
// approvals, visits), in date order, for a country or for all.
import type { StatementEvent } from '../model/statement.js';
import type { Store } from '../store/open.js';
import { loadStatements } from '../store/statements.js';

export interface TimelineEntry extends StatementEvent {
  /** The date of the event, else the statement's publication date (`dated: false`). */
  when: string | null;
  dated: boolean;
  statement: { id: string; title: string | null; source: string | null; publishedOn: string | null };
  countries: string[];
}

export async function engagementTimeline(store: Store, options: { country?: string } = {}): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = [];
  for (const s of await loadStatements(store)) {
    const countries = s.extraction.entities.countries;
    if (options.country && !countries.includes(options.country)) continue;
    for (const event of s.extraction.events) {
      entries.push({
        ...event,
        when: event.date ?? s.publishedOn,
        dated: event.date != null,
        statement: { id: s.id, title: s.title, source: s.source, publishedOn: s.publishedOn },
        countries,
      });
    }
  }
  return entries.sort((a, b) => (a.when ?? '').localeCompare(b.when ?? ''));
}
