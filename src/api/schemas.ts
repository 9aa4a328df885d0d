// The shapes of the API's JSON answers, as JSON Schema (2020-12, as OpenAPI 3.1 uses it). They are
// the shapes of the portfolio functions' results (src/portfolio), which the API sends unchanged; the
// integration test checks real answers against them. Fields the portfolio may add later are allowed.
import { GROUP_BY } from '../model/filter.js';
import { NO_SECTOR_KEY, SECTOR_VOCABULARIES } from '../model/sectorVocabularies.js';
import { CLAIM_MEASURES, CLAIM_QUALIFIERS } from '../model/statement.js';
import { ACTIVITY_STATUSES } from '../model/status.js';
import { FACET_FIELDS } from '../portfolio/facets.js';
import type { JsonSchema } from './params.js';

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string, extra: JsonSchema = {}): JsonSchema => ({ type: [type, 'null'], ...extra });
const strings: JsonSchema = { type: 'array', items: { type: 'string' } };
const usd = (what: string): JsonSchema => ({
  type: ['number', 'null'],
  description: `${what} in US dollars, rounded to the dollar; null when no record of the activities reports them (not reported, not 0).`,
});
const inCurrency = (what: string): JsonSchema => ({
  type: ['number', 'null'],
  description: `${what} in the answer's \`currency\` (the USD figure again when it is USD), converted at the rate of each amount's value date and rounded to the unit; null when not reported, or when no amount has a rate of that currency for its date (see the notes).`,
});
const currency: JsonSchema = {
  type: 'string',
  pattern: '^[A-Z]{3}$',
  description: 'The ISO 4217 code of `commitment` and `disbursement`: USD unless `currency=` asked for another.',
};
const verdict: JsonSchema = { type: 'string', enum: ['supported', 'contradicted', 'not_verifiable'] };
const notes: JsonSchema = { ...strings, description: 'What to know to read the figures: amounts left out, rates approximated.' };

const measures = {
  activities: { type: 'integer', description: 'How many activities (projects).' },
  active: { type: 'integer', description: "How many of them are active on the answer's status day (see `status`)." },
  commitmentUsd: usd('Commitments'),
  disbursementUsd: usd('Disbursements'),
  commitment: inCurrency('Commitments'),
  disbursement: inCurrency('Disbursements'),
  reporting: {
    type: 'object',
    description: 'How many of the activities report each measure: the sums cover only those.',
    required: ['commitment', 'disbursement'],
    properties: { commitment: { type: 'integer' }, disbursement: { type: 'integer' } },
  },
};

const statusReading: JsonSchema = {
  type: 'object',
  description: 'The day statuses are read on, the rule, and the projects whose source publishes another status.',
  required: ['day', 'rule', 'definition', 'differing', 'differingProjects', 'behind'],
  properties: {
    day: { type: 'string', format: 'date' },
    rule: { enum: ['dates', 'source'] },
    definition: { type: 'string' },
    differing: { type: 'integer', description: "How many projects' source status differs from their status on the day." },
    differingProjects: {
      type: 'array',
      description: 'The first 100 of them by id; `status-differs=true` lists them all.',
      items: {
        type: 'object',
        required: ['id', 'sourceStatus', 'status', 'closingDate'],
        properties: {
          id: { type: 'string' },
          sourceStatus: { type: 'string' },
          status: { type: 'string' },
          closingDate: nullable('string', { format: 'date' }),
        },
      },
    },
    behind: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

export const SCHEMAS: Record<string, JsonSchema> = {
  SummaryMeasures: { type: 'object', required: Object.keys(measures), properties: measures },
  SummaryRow: {
    type: 'object',
    required: ['key', 'label', ...Object.keys(measures)],
    properties: {
      key: { type: 'string', description: 'The group: a financier name, status, ISO country code, sector code or year.' },
      label: { type: 'string', description: "The group's name for people (codelist names where loaded)." },
      ...measures,
      behind: {
        ...nullable('object'),
        description: 'The parameters to add to the same question on /api/activities to list the projects of this row.',
        additionalProperties: { type: 'string' },
      },
    },
  },
  Summary: {
    type: 'object',
    required: ['currency', 'total', 'rows', 'status', 'notes'],
    properties: {
      currency,
      total: ref('SummaryMeasures'),
      rows: { type: 'array', items: ref('SummaryRow') },
      status: statusReading,
      shared: {
        type: 'array',
        description: 'By financier: the projects that several financiers finance (each counts once in each of their rows).',
        items: { type: 'object', required: ['id', 'financiers'], properties: { id: { type: 'string' }, financiers: strings } },
      },
      vocabulary: ref('SectorVocabulary'),
      notes,
    },
  },
  ActivityListItem: {
    type: 'object',
    required: [
      'id',
      'title',
      'status',
      'sourceStatus',
      'countries',
      'financiers',
      'approvalDate',
      'closingDate',
      'instrument',
      'commitmentUsd',
      'disbursementUsd',
      'currency',
      'commitment',
      'disbursement',
    ],
    properties: {
      id: { type: 'string' },
      title: nullable('string'),
      status: {
        type: ['string', 'null'],
        enum: [...ACTIVITY_STATUSES, null],
        description: 'Status on the day by the status rule (as published with source-status=true).',
      },
      sourceStatus: { type: ['string', 'null'], enum: [...ACTIVITY_STATUSES, null], description: 'The status as the source publishes it.' },
      countries: { ...strings, description: 'Recipient countries, ISO 3166-1 alpha-2.' },
      financiers: { ...strings, description: 'The lead financier first, then the co-financiers.' },
      approvalDate: nullable('string', { format: 'date' }),
      closingDate: nullable('string', { format: 'date' }),
      instrument: nullable('string'),
      commitmentUsd: usd('Commitments'),
      disbursementUsd: usd('Disbursements'),
      currency,
      commitment: inCurrency('Commitments'),
      disbursement: inCurrency('Disbursements'),
    },
  },
  ActivityPage: {
    type: 'object',
    required: ['currency', 'items', 'limit', 'offset', 'next', 'notes'],
    properties: {
      currency,
      items: { type: 'array', items: ref('ActivityListItem') },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
      next: { ...nullable('string'), description: 'The path and query of the next page; null on the last page.' },
      notes,
    },
  },
  ActivityDetail: {
    type: 'object',
    required: [
      'activity',
      'records',
      'financiers',
      'status',
      'codeNames',
      'commitmentUsd',
      'disbursementUsd',
      'currency',
      'commitment',
      'disbursement',
      'notes',
    ],
    properties: {
      activity: {
        type: 'object',
        description: 'The project as the portfolio sees it: its source records merged, every field as read.',
        required: ['id', 'titles', 'records', 'fieldSources'],
        properties: {
          id: { type: 'string' },
          titles: { type: 'array', items: { type: 'object' } },
          status: { type: ['string', 'null'], enum: [...ACTIVITY_STATUSES, null] },
          records: { type: 'array', items: { type: 'object' }, description: 'The source records merged, in order of precedence.' },
          fieldSources: { type: 'object', description: 'Which record gave each field.', additionalProperties: { type: 'string' } },
        },
      },
      records: { type: 'array', items: { type: 'object' }, description: 'Every source record of the project, whole, with its provenance.' },
      financiers: strings,
      status: {
        type: 'object',
        description: "The project's status today by the status rule, and the status its source publishes (as of statusDate).",
        required: ['day', 'status', 'sourceStatus', 'statusDate', 'closingDate'],
        properties: {
          day: { type: 'string', format: 'date' },
          status: nullable('string'),
          sourceStatus: nullable('string'),
          statusDate: nullable('string', { format: 'date' }),
          closingDate: nullable('string', { format: 'date' }),
        },
      },
      sectorShares: {
        type: 'array',
        description:
          "The project's sectors in each vocabulary it has, as sector breakdowns count them: the shares of one vocabulary add up to 1.",
        items: {
          type: 'object',
          required: ['vocabulary', 'code', 'share'],
          properties: {
            vocabulary: { type: 'string', enum: [...SECTOR_VOCABULARIES] },
            code: { type: 'string' },
            share: { type: 'number', minimum: 0, maximum: 1 },
          },
        },
      },
      codeNames: {
        type: 'object',
        description:
          'The names the loaded IATI codelists (in English) give the codes of the records, by codelist: {"TransactionType": {"3": "Disbursement"}}. A code the codelists do not know is left out.',
        additionalProperties: { type: 'object', additionalProperties: { type: 'string' } },
      },
      commitmentUsd: usd('Commitments'),
      disbursementUsd: usd('Disbursements'),
      currency,
      commitment: inCurrency('Commitments'),
      disbursement: inCurrency('Disbursements'),
      corrections: {
        type: 'array',
        description:
          'The fields set by hand over what the sources give (records of kind "correction"): the value, the record, who set it and when. The merged activity shows them applied; its records show what the sources say.',
        items: {
          type: 'object',
          required: ['field', 'value', 'record', 'by', 'at'],
          properties: {
            field: { type: 'string', enum: ['title', 'description', 'status', 'approvalDate', 'closingDate', 'commitment', 'countries'] },
            value: {},
            record: { type: 'string' },
            by: { type: 'string' },
            at: { type: 'string', format: 'date-time' },
            reason: nullable('string'),
          },
        },
      },
      notes,
    },
  },
  Location: {
    type: 'object',
    required: ['id', 'title', 'name', 'lat', 'lon'],
    properties: {
      id: { type: 'string', description: 'The project, as in /api/activities.' },
      title: nullable('string'),
      name: { ...nullable('string'), description: "The place's name as the source gives it." },
      lat: { type: 'number', minimum: -90, maximum: 90, description: 'WGS84 latitude in decimal degrees.' },
      lon: { type: 'number', minimum: -180, maximum: 180, description: 'WGS84 longitude in decimal degrees.' },
    },
  },
  LocationPage: {
    type: 'object',
    required: ['items', 'limit', 'offset', 'next', 'projects', 'located'],
    properties: {
      items: { type: 'array', items: ref('Location') },
      limit: { type: 'integer' },
      offset: { type: 'integer' },
      next: { ...nullable('string'), description: 'The path and query of the next page; null on the last page.' },
      projects: { type: 'integer', description: 'How many activities the filter has.' },
      located: { type: 'integer', description: 'How many of them have at least one place with coordinates.' },
    },
  },
  FacetRow: {
    type: 'object',
    required: ['key', 'label', 'activities', 'active', 'behind'],
    properties: {
      key: {
        type: 'string',
        description: 'An ISO country code, financier name, sector code, status or year; "unknown" for activities without one.',
      },
      label: { type: 'string', description: "The row's name for people (codelist names where loaded)." },
      activities: measures.activities,
      active: measures.active,
      behind: {
        ...nullable('object'),
        description: 'The parameters to add to the same filter to narrow it to this row; null for "unknown".',
        additionalProperties: { type: 'string' },
      },
    },
  },
  SectorVocabulary: {
    type: 'object',
    description: `By sector: the vocabulary the sector rows are in. The projects with no sector in it are the row "${NO_SECTOR_KEY}".`,
    required: ['key', 'name', 'chosen', 'withoutSector'],
    properties: {
      key: { type: 'string', enum: [...SECTOR_VOCABULARIES], description: 'What `sector-vocabulary=` takes.' },
      name: { type: 'string' },
      chosen: { type: 'string', enum: ['asked', 'default'], description: 'Named by `sector-vocabulary=`, or chosen for the filter.' },
      withoutSector: { type: 'integer', description: 'How many of the projects have no sector in this vocabulary.' },
    },
  },
  Facets: {
    type: 'object',
    required: ['total', 'facets'],
    properties: {
      vocabulary: ref('SectorVocabulary'),
      total: {
        type: 'object',
        required: ['activities', 'active'],
        properties: { activities: measures.activities, active: measures.active },
      },
      facets: {
        type: 'object',
        required: [...FACET_FIELDS],
        properties: Object.fromEntries(FACET_FIELDS.map((f) => [f, { type: 'array', items: ref('FacetRow') }])),
        additionalProperties: false,
      },
    },
  },
  Programme: {
    type: 'object',
    required: ['name', 'title', 'countries'],
    properties: {
      name: { type: 'string', description: 'What `programme=` takes.' },
      title: { type: 'string' },
      description: { type: 'string' },
      sources: { ...strings, description: 'Where the definition comes from (public documents).' },
      countries: { ...strings, description: 'Member countries, ISO 3166-1 alpha-2.' },
      places: {
        type: 'object',
        description:
          'Member countries that take part through some regions only, with those places: keyword rules need a title or location that names one.',
        additionalProperties: strings,
      },
      financiers: { ...strings, description: 'Financiers (absent: any).' },
      match: ref('ProgrammeMatch'),
      from: { type: 'string', format: 'date' },
      to: { type: 'string', format: 'date' },
      parts: {
        type: 'array',
        items: { type: 'object', required: ['name', 'match'], properties: { name: { type: 'string' }, match: ref('ProgrammeMatch') } },
      },
      reference: { type: 'array', items: ref('ProgrammeReference') },
    },
  },
  ProgrammeMatch: {
    type: 'object',
    description:
      'Rules, any one of which picks a project: ids and names are explicit evidence; the others are keywords, which need a place where the programme gives places.',
    additionalProperties: false,
    properties: {
      ids: { ...strings, description: 'Project ids.' },
      names: { ...strings, description: "The programme's names: a title naming one (whole words) makes a member." },
      titleContains: { ...strings, description: 'Whole words in the title (stemmed).' },
      sectors: { ...strings, description: 'DAC codes or 3-digit categories.' },
      sectorContains: { ...strings, description: "Whole words in a source's sector names." },
    },
  },
  ProgrammeReference: {
    type: 'object',
    description: 'A figure the programme has published.',
    required: ['figure', 'value', 'asOf', 'source'],
    properties: {
      figure: { enum: ['projects', 'commitmentUsd', 'disbursementUsd'] },
      value: { type: 'number' },
      asOf: { type: 'string', format: 'date' },
      source: { type: 'string' },
      note: { type: 'string' },
      financier: { type: 'string', description: "The figure is this financier's share." },
      share: { type: 'string', description: 'The figure is a share that devfin cannot compute (no figure of its own).' },
    },
  },
  ProgrammeReport: {
    allOf: [ref('Programme')],
    type: 'object',
    required: ['currency', 'figures', 'partCounts', 'comparisons', 'members', 'warnings', 'notes'],
    properties: {
      currency: { ...currency, description: `${currency.description} The comparisons with published figures stay in USD, as published.` },
      figures: {
        type: 'object',
        required: ['projects', 'commitmentUsd', 'disbursementUsd', 'commitment', 'disbursement'],
        description: "devfin's figures for the programme now: its members in the store (dropped ones left out).",
        properties: {
          projects: { type: 'integer' },
          commitmentUsd: usd('Commitments'),
          disbursementUsd: usd('Disbursements'),
          commitment: inCurrency('Commitments'),
          disbursement: inCurrency('Disbursements'),
        },
      },
      partCounts: {
        type: 'array',
        items: { type: 'object', required: ['part', 'projects'], properties: { part: { type: 'string' }, projects: { type: 'integer' } } },
      },
      comparisons: {
        type: 'array',
        items: {
          allOf: [ref('ProgrammeReference')],
          type: 'object',
          required: ['devfin', 'difference', 'explanation'],
          properties: {
            devfin: { ...nullable('number'), description: "devfin's figure as of the same day; null where it has none." },
            difference: { ...nullable('number'), description: "devfin's figure minus the published one." },
            explanation: { type: 'string', description: 'Why the two differ: what devfin covers and what it cannot.' },
          },
        },
      },
      members: {
        type: 'array',
        items: {
          type: 'object',
          required: [
            'id',
            'title',
            'countries',
            'financiers',
            'approvalDate',
            'commitmentUsd',
            'currency',
            'commitment',
            'evidence',
            'parts',
          ],
          properties: {
            id: { type: 'string' },
            title: nullable('string'),
            countries: strings,
            financiers: strings,
            approvalDate: nullable('string'),
            commitmentUsd: usd('Commitments'),
            currency,
            commitment: inCurrency('Commitments'),
            evidence: { ...strings, minItems: 1, description: 'Why it is a member: the rules it meets, the places it names.' },
            parts: strings,
          },
        },
      },
      warnings: { ...strings, description: 'Rules that find no member in the store; members in several parts.' },
      notes,
    },
  },
  ProgrammeList: {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: ref('Programme') } },
  },
  Overview: {
    type: 'object',
    required: ['store', 'activities', 'files', 'organisations', 'codes', 'exchangeRates', 'snapshot', 'nextSteps'],
    properties: {
      store: { type: 'string', description: 'Where the store is (a file path; a database URL without its password).' },
      activities: { type: 'integer' },
      files: { type: 'integer' },
      organisations: { type: 'integer' },
      codes: { type: 'integer' },
      exchangeRates: { type: 'integer' },
      snapshot: {
        type: ['object', 'null'],
        description:
          'The first-start snapshot shipped with devfin, when the store holds its projects (null otherwise): the figures are as of `asOf` until `devfin sync` refreshes them.',
        required: ['asOf'],
        properties: { asOf: { type: 'string', format: 'date' } },
      },
      nextSteps: strings,
    },
  },
  ApiIndex: {
    type: 'object',
    required: ['name', 'version', 'openapi', 'docs', 'endpoints'],
    properties: {
      name: { type: 'string' },
      version: { type: 'string' },
      openapi: { type: 'string' },
      docs: { type: 'string' },
      groupBy: { type: 'array', items: { type: 'string', enum: [...GROUP_BY] } },
      endpoints: {
        type: 'array',
        items: {
          type: 'object',
          required: ['method', 'path', 'summary', 'formats'],
          properties: { method: { type: 'string' }, path: { type: 'string' }, summary: { type: 'string' }, formats: strings },
        },
      },
    },
  },
  ClaimCheck: {
    type: 'object',
    description: 'One figure of the statement against the portfolio: as an item of `checks` in `devfin statements check FILE --json`.',
    required: [
      'claim',
      'verdict',
      'definition',
      'figure',
      'claimed',
      'accepted',
      'finding',
      'projects',
      'alternatives',
      'subject',
      'query',
    ],
    properties: {
      claim: {
        type: 'object',
        required: ['text', 'subject', 'measure', 'value', 'unit', 'qualifier', 'scope'],
        properties: {
          text: { type: 'string', description: 'The exact span of the statement that states the figure.' },
          subject: { type: 'string' },
          measure: { type: 'string', enum: [...CLAIM_MEASURES] },
          value: { type: 'number' },
          unit: { type: 'string' },
          qualifier: { type: 'string', enum: [...CLAIM_QUALIFIERS] },
          scope: { type: 'object' },
        },
      },
      verdict: verdict,
      definition: { type: 'string', description: 'The definition the figure was computed by.' },
      figure: nullable('number', { description: "The data's figure (amounts in USD)." }),
      claimed: nullable('number', { description: "The claim's value in the figure's unit." }),
      accepted: {
        type: ['object', 'null'],
        description: 'The figures that would bear the claim out.',
        properties: { min: nullable('number'), max: nullable('number') },
      },
      reason: { type: 'string' },
      finding: { type: 'string', description: 'The verdict in one sentence.' },
      projects: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: { type: 'string' } } } },
      alternatives: {
        type: 'array',
        items: {
          type: 'object',
          required: ['definition', 'figure', 'verdict'],
          properties: { definition: { type: 'string' }, figure: nullable('number'), verdict },
        },
      },
      subject: { type: 'object', required: ['kind'], properties: { kind: { type: 'string' } } },
      query: { type: 'object', description: 'The portfolio question asked, as a filter.' },
    },
  },
  StatementCheck: {
    type: 'object',
    required: ['asOf', 'dateAssumed', 'checks'],
    properties: {
      asOf: { type: 'string', format: 'date', description: 'The day the claims were checked as of.' },
      dateAssumed: { type: 'boolean', description: 'Neither the request nor the text gave a date: checked as of today.' },
      checks: { type: 'array', items: ref('ClaimCheck') },
    },
  },
  Error: {
    type: 'object',
    required: ['error'],
    additionalProperties: false,
    properties: {
      error: {
        type: 'object',
        required: ['status', 'message'],
        additionalProperties: false,
        properties: {
          status: { type: 'integer' },
          message: { type: 'string' },
          parameter: { type: 'string', description: 'The query parameter at fault.' },
          id: { type: 'string', description: 'For a 500: the id of the server log line that holds the details.' },
        },
      },
    },
  },
};

export const schemaRef = ref;
