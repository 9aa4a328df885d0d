// How a statement bounds a figure, read from the words right before it ("over", "nearly", "up to")
// or right after it ("or more"). The mapping follows the annotation conventions: "more than",
// "exceeding", "surpassed" are `over`; "nearly", "almost" are `under`; "about", "some" are `about`.
// "Over the past 30 years" means during the period: the caller reads that as exact.
import type { ClaimQualifier } from '../model/statement.js';

const BEFORE: [RegExp, ClaimQualifier][] = [
  [/\bup\s+to\s*$/i, 'up_to'],
  [
    /\b(?:at\s+least|no\s+less\s+than|not\s+less\s+than|no\s+fewer\s+than|a\s+minimum\s+of|minimum\s+of|hits?|hitting)\s*(?:the\s+)?$/i,
    'at_least',
  ],
  [
    /\b(?:over|more\s+than|exceeding|exceeded|exceeds?|surpass(?:ed|es|ing)?|above|in\s+excess\s+of|upwards\s+of|topp?(?:ed|ing|s)|beyond|greater\s+than|higher\s+than|north\s+of|well\s+over|over\s+and\s+above)\s*(?:the\s+)?(?:mark\s+of\s+)?$/i,
    'over',
  ],
  [
    /\b(?:nearly|almost|close\s+to|just\s+under|just\s+below|less\s+than|fewer\s+than|under|below|short\s+of|just\s+shy\s+of|approaching|not\s+more\s+than|no\s+more\s+than)\s*$/i,
    'under',
  ],
  [
    /(?:\b(?:about|around|some|approximately|approx\.?|roughly|an\s+estimated|estimated\s+at|circa|nearly\s+about|in\s+the\s+region\s+of|of\s+about|of\s+around|of\s+some)|~)\s*$/i,
    'about',
  ],
];

const AFTER: [RegExp, ClaimQualifier][] = [
  [/^\s*(?:or\s+more|and\s+more|or\s+above|and\s+above)\b/i, 'at_least'],
  [/^\s*(?:plus\b|\+)/i, 'over'],
];

export interface QualifierFound {
  qualifier: ClaimQualifier;
  /** How many characters of `before` the qualifying words take ("more than " is 10), 0 when none. */
  length: number;
}

/** The qualifier given by the words before (`before` ends where the figure begins) and after it. */
export function qualifierOf(before: string, after: string): QualifierFound {
  const tail = before.slice(-60);
  for (const [pattern, qualifier] of BEFORE) {
    const match = pattern.exec(tail);
    if (match) return { qualifier, length: match[0].length };
  }
  for (const [pattern, qualifier] of AFTER) if (pattern.test(after)) return { qualifier, length: 0 };
  return { qualifier: 'exact', length: 0 };
}

export function qualifierAround(before: string, after: string): ClaimQualifier {
  return qualifierOf(before, after).qualifier;
}
