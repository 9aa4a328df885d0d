// Event mentions in a sentence: meetings, conferences, agreements signed, loans approved, visits,
// ratifications. A signing or an approval that has not happened yet ("will approve", "to be
// signed") is a plan, not an event; a meeting or conference announced for a date is an event.
// A definite mention ("the meeting", "the agreements were signed") usually points back at an
// event already reported, which the extractor merges rather than counting twice.
import type { StatementEventType } from '../model/statement.js';

export interface EventMention {
  type: StatementEventType;
  start: number;
  end: number;
  /** "the meeting", "these agreements were signed": refers back to an event already told. */
  anaphoric: boolean;
}

const TRIGGERS: [StatementEventType, RegExp][] = [
  [
    'conference',
    /(?<![\p{L}])(?:conferences?|forum|summit|congress|symposium|annual\s+meetings?|ministerial\s+meetings?|general\s+assembly|round\s?table|expo|exhibition)(?![\p{L}])(?!\s+for\b)/giu,
  ],
  ['agreement_signed', /(?<![\p{L}])(?:signed|signing|signs|inked)(?![\p{L}])/giu],
  ['loan_approved', /(?<![\p{L}])(?:approved|approves)(?![\p{L}])/giu],
  [
    'visit',
    /(?<![\p{L}])(?:visit|visits|visited|visiting|arrived\s+in|arrives\s+in|trip\s+to|tour\s+of)(?![\p{L}])(?!\s+(?:our|the\s+website|www))/giu,
  ],
  [
    'meeting',
    /(?<![\p{L}])(?:meetings?|met\s+with|met(?=\s+(?:the\s+)?\p{Lu})|meets\s+with|talks|negotiations|held\s+discussions|consultations|video\s?conference|video\s+call|phone\s+call|telephone\s+(?:conversation|call)|receive[sd](?=\s+(?:[\p{L}.'’-]+\s+){0,6}?(?:delegation|President|Vice[\s-]President|Prime\s+Minister|Minister|Director|Chairman|Governor|Ambassador|Commissioner|Secretary|Head)\b))(?![\p{L}])(?!\s+(?:the\s+)?(?:needs|demand|requirements|targets|goals|criteria|standards|conditions|expectations))/giu,
  ],
  [
    'other',
    /(?<![\p{L}])(?:ratified|ratifies|ratification|inaugurated|inauguration|groundbreaking|opening\s+ceremony|launching\s+ceremony|commissioning\s+ceremony)(?![\p{L}])/giu,
  ],
];

/** What an approval must be about to be a loan approval. */
const FINANCING =
  /\b(?:loans?|grants?|financing|credits?|funding|projects?|investments?|programs?|programmes?|guarantees?|operations?|facilit(?:y|ies)|million|billion|USD|EUR)\b|[$€£₸]/i;
const ATTRIBUTIVE_BEFORE = /\b(?:the|of|all|newly|already|recently|previously|earlier|an?|its|their|these|those)\s+$/i;
const ATTRIBUTIVE_AFTER =
  /^\s+(?:projects?|loans?|grants?|financing|credits?|programs?|programmes?|investments?|operations?|budgets?|amounts?|funds|agreements?|documents?|contracts?|memorand\w*)\b/i;
const NOT_YET = /\b(?:will|shall|would|could|may|to|plans?\s+to|expected\s+to)\s+(?:be\s+)?$/i;
const DEFINITE = /(?:^|\s)(?:the|this|these|that|those|such|same)\s+(?:[\p{L}-]+\s+){0,2}$/iu;
const DEFINITE_PASSIVE = /(?:^|\s)(?:the|this|these|that|those)\s+(?:[\p{L}-]+\s+){0,3}(?:was|were|has\s+been|have\s+been)\s+$/iu;
const NOUN_TRIGGER =
  /^(?:conference|forum|summit|congress|symposium|annual|ministerial|general|round|expo|exhibition|meeting|talks|negotiations|consultations|visit|trip|tour|ratification|inauguration|signing)/i;

export function findEventMentions(sentence: string): EventMention[] {
  const found: EventMention[] = [];
  for (const [type, pattern] of TRIGGERS) {
    for (const match of sentence.matchAll(pattern)) {
      const start = match.index ?? 0;
      const end = start + match[0].length;
      if (found.some((f) => start < f.end && f.start < end)) continue;
      const before = sentence.slice(Math.max(0, start - 60), start);
      if ((type === 'agreement_signed' || type === 'loan_approved') && NOT_YET.test(before)) continue;
      if (type === 'loan_approved' && !FINANCING.test(sentence)) continue;
      // "the approved projects", "all signed agreements": a participle before its noun describes, it reports no event.
      if (
        (type === 'loan_approved' || type === 'agreement_signed') &&
        ATTRIBUTIVE_BEFORE.test(before) &&
        ATTRIBUTIVE_AFTER.test(sentence.slice(end))
      )
        continue;
      const anaphoric = NOUN_TRIGGER.test(match[0]) ? DEFINITE.test(before) : DEFINITE_PASSIVE.test(before);
      found.push({ type, start, end, anaphoric });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}
