// extractStatement: a press release in, its entities, claims and events out (the contract in
// DESIGN.md). The text is cleaned of page furniture and datelines, split into sentences, and each
// sentence read for names, figures and events; the scope of a figure and the identity of "the
// bank" or "the country" come from the sentences before it.
import type { Claim, StatementExtraction } from '../model/statement.js';
import type { CountAntecedent } from './claims.js';
import { resolveAmbiguousCurrency } from './currencies.js';
import { parseStatementText } from './document.js';
import { statementEvents } from './events.js';
import type { NameMention } from './gazetteer.js';
import { mostFrequent, unique } from './lists.js';
import { contentSentences } from './passages.js';
import { findPeople, mergePeople } from './people.js';
import { countGoneOn, readSentence, type SentenceReading } from './reading.js';
import { type DocumentScope, scopeOf, sentenceScopes } from './scope.js';

export interface ExtractOptions {
  /** YYYY-MM-DD; wins over a `date:` line in the text. Relative days ("on Friday") are resolved against it. */
  publishedOn?: string;
}

/** The entities, claims and events of a statement. */
export function extractStatement(text: string, options: ExtractOptions = {}): StatementExtraction {
  const document = parseStatementText(text);
  const publishedOn = options.publishedOn ?? document.publishedOn;
  const readings: SentenceReading[] = [];
  let antecedent: CountAntecedent | undefined;
  for (const [i, s] of contentSentences(document.text).entries()) {
    const reading = readSentence(i, s.text, s.headline, antecedent);
    readings.push(reading);
    antecedent = countGoneOn(reading, antecedent);
  }

  const countryMentions = readings.flatMap((r) => r.places.filter((p) => p.kind !== 'city').map((p) => p.code));
  const mainCountry = mostFrequent(countryMentions);
  const financierNames = readings.flatMap((r) => r.names.filter((n) => n.entry.financier).map((n) => n.entry.name));

  // People, with what "its" refers to and the country a government title belongs to.
  let lastOrganisation: string | null = null;
  for (const reading of readings) {
    if (!reading.headline) {
      reading.people = findPeople(reading.text, {
        organisations: reading.names,
        institutions: reading.institutions,
        places: reading.places,
        previousOrganisation: lastOrganisation,
        defaultCountry: mainCountry,
      });
    }
    const organisations = reading.names.filter((n) => n.entry.kind !== 'programme');
    if (organisations.length > 0) lastOrganisation = (organisations[organisations.length - 1] as NameMention).entry.name;
  }

  const people = mergePeople(readings.flatMap((r) => r.people));
  const scopes = sentenceScopes(readings, publishedOn);
  const documentScope: DocumentScope = { mainFinancier: mostFrequent(financierNames), mainCountry, publishedOn };

  const claims: Claim[] = readings.flatMap((reading) =>
    reading.claims.map((found) => ({
      text: found.text,
      subject: found.subject,
      measure: found.measure,
      value: found.value,
      unit: found.ambiguousCurrency ? resolveAmbiguousCurrency(found.ambiguousCurrency, mainCountry) : found.unit,
      qualifier: found.qualifier,
      scope: scopeOf(scopes, reading.index, found.start, found.end, documentScope),
    })),
  );

  const organisations = unique(
    readings.flatMap((r) =>
      [
        ...r.names.filter((n) => n.entry.kind !== 'programme').map((n) => ({ name: n.entry.name, start: n.start })),
        ...r.institutions.map((i) => ({ name: i.name, start: i.start })),
        ...r.people.filter((p) => p.organisation).map((p) => ({ name: p.organisation as string, start: p.start })),
      ]
        .sort((a, b) => a.start - b.start)
        .map((o) => o.name),
    ),
  );
  const programmes = unique(
    readings.flatMap((r) =>
      [
        ...r.names.filter((n) => n.entry.kind === 'programme').map((n) => ({ name: n.entry.name, start: n.start, end: n.end })),
        ...r.programmes.map((p) => ({ name: p.name, start: p.start, end: p.end })),
      ]
        .sort((a, b) => a.start - b.start || b.end - a.end)
        .map((p) => p.name),
    ),
  );

  return {
    entities: { organisations, people, countries: unique(countryMentions), programmes },
    claims,
    events: statementEvents(readings, people, publishedOn),
  };
}
