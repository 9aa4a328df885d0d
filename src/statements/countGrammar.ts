// The grammar of counts, apart from the classifier that applies it (claims.ts): which nouns a
// statement counts ("48 projects", "11 member countries", "four priority areas"), and how a
// number whose noun was given before is still a count of it: as the subject of a status ("12 are
// active", "19 remain under way") or as a part of a whole ("of these, 18 were completed", "eight
// of them", "57 completed and 17 ongoing").

/** Things financed or built: the nouns of most count claims. */
const FINANCED =
  'projects?|sub-?projects?|MoUs?|MOUs?|microloans?|sub-?loans?|classrooms?|canals?|lines?|dams?|reservoirs?|pipelines?|turbines?|trainees?|loans?|grants?|credits?|agreements?|contracts?|programmes?|programs?|operations?|investments?|facilities|facility|tranches?|initiatives?|memorand(?:a|ums?)|deals?|transactions?|documents?|jobs?|workplaces?|km|kilomet(?:re|er)s?|miles?|schools?|hospitals?|clinics?|kindergartens?|hectares?|ha|MW|megawatts?|GW|gigawatts?|villages?|households?|families|family|beneficiaries|beneficiary|farmers?|entrepreneurs?|enterprises?|businesses|business|SMEs?|companies|company|firms?|borrowers?|students?|teachers?|doctors?|people|persons?|residents?|citizens?|women|men|youth|bridges?|roads?|wells?|substations?|plants?|stations?|apartments?|houses?|homes?|buses|wagons?|locomotives?|tonnes?|tons?|sites?|vehicles?|patients?|specialists?|experts?|guarantees?';

/**
 * How an institution or a programme is made up: its members and the parts of its strategy
 * ("109 members", "11 member countries", "four priority areas", "three pillars", "two phases").
 */
const STRUCTURE =
  'members?|shareholders?|countries|states|nations|economies|partners|areas|priorities|pillars|sectors|phases|components|corridors|clusters|directions|objectives';

/** Every noun a count claim may have; a count's unit is one of them. */
export const COUNTED = `${FINANCED}|${STRUCTURE}`;

const STRUCTURE_NOUN = new RegExp(`^(?:${STRUCTURE})$`, 'i');

/** Nouns for the parties of a meeting as much as for members: "the two countries" names them, it does not count them. */
export function isStructureNoun(noun: string): boolean {
  return STRUCTURE_NOUN.test(noun);
}

/** "the two countries", "both sides": a definite small number before a structure noun refers, it does not count. */
export function refersToParties(before: string, value: number, noun: string): boolean {
  return isStructureNoun(noun) && value <= 3 && /\bthe\s+$/i.test(before);
}

// Where a project or loan stands. With a verb ("are", "have been", "remain") any participle will
// do ("were co-financed"); without one, only these words ("57 completed and 17 ongoing").
const STATUS_WORD = String.raw`(?:active|ongoing|on-?going|under\s*way|under\s+(?:implementation|construction|preparation|consideration|review|negotiation|development|execution)|in\s+(?:progress|operation|implementation|preparation|execution|(?:the\s+)?pipeline)|being\s+[\p{L}-]+(?:ed|en|t)|pending|operational|completed?|finished|closed|implemented|carried\s+out|approved|signed|disbursed|cancell?ed|planned)`;
const VERB = String.raw`(?:are|were|is|was|remain(?:s|ed|ing)?|ha(?:ve|s|d)\s+been|will\s+be|would\s+be)`;
const ADVERB = String.raw`(?:still|currently|already|now|fully|successfully|so\s+far|to\s+date|also|yet)`;
const PARTICIPLE = String.raw`[\p{L}-]+(?:ed|en)`;

/** "are still active", "have been already implemented", "remain under way", or a bare status word. */
const STATUS_AFTER = new RegExp(
  String.raw`^(?:\s+${VERB}(?:\s+${ADVERB})*\s+(?:${STATUS_WORD}|${PARTICIPLE})|(?:\s+${ADVERB})*\s+${STATUS_WORD})(?![\p{L}])`,
  'iu',
);
/** "of which", "out of which", "of these,", "among them", "including": the part follows its whole. */
const PART_BEFORE =
  /(?:\b(?:out\s+)?of\s+(?:which|whom|them|these|those|this\s+number|the\s+total)|\bamong\s+(?:them|these|those|which)|\bincluding)\s*,?\s*$/i;
/** "eight of them", "17 of these projects", "two out of which". */
const PART_AFTER = new RegExp(
  String.raw`^\s+(?:out\s+)?of\s+(?:which|them|these|those|the\s+total)(?:\s+(?:${FINANCED}|${STRUCTURE}))?(?![\p{L}])`,
  'iu',
);

export interface PartOfCount {
  /** How many characters after the number the words that make it a count take ("are still active"). */
  length: number;
  /** The status the words give: "active", "completed", ...; null when they only make it a part. */
  status: string | null;
}

/**
 * Whether a bare number is a part of a count said before it: `before` ends where the number
 * starts, `after` starts where it ends. The caller checks that there is such a count.
 */
export function partOfCount(before: string, after: string, value: number): PartOfCount | null {
  const status = STATUS_AFTER.exec(after);
  if (status) return { length: status[0].length, status: status[0].trim().split(/\s+/).pop()?.toLowerCase() ?? null };
  // "One of these projects is ..." picks one out to speak of it; it does not count.
  const partAfter = value > 1 ? PART_AFTER.exec(after) : null;
  if (partAfter) return { length: partAfter[0].length, status: null };
  if (PART_BEFORE.test(before)) return { length: 0, status: null };
  return null;
}
