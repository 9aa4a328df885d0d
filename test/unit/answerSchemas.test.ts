// The OpenAPI schemas of the answers (src/api/schemas.ts) against the answer types
// (src/model/answers.ts): the same fields, and the same ones required. The key lists below are
// checked by the TypeScript compiler against the types (a key missing, extra, or marked required
// when the type makes it optional fails `npm run lint`); this test checks the schemas against them.
import { describe, expect, it } from 'vitest';
import { SCHEMAS } from '../../src/api/schemas.js';
import type {
  ActivityDetail,
  ActivityListItem,
  ActivityPage,
  FacetRow,
  Facets,
  LocationPage,
  Overview,
  ProjectLocation,
  SectorVocabularyAnswer,
  Summary,
  SummaryMeasures,
  SummaryRow,
} from '../../src/model/answers.js';

type Presence<T> = { [K in keyof T]-?: object extends Pick<T, K> ? 'optional' : 'required' };

/** Every field of T, each said required or optional: the compiler holds the list to the type. */
const fieldsOf =
  <T>() =>
  (fields: Presence<T>): Presence<T> =>
    fields;

const MEASURES = fieldsOf<SummaryMeasures>()({
  activities: 'required',
  active: 'required',
  reporting: 'required',
  commitmentUsd: 'required',
  disbursementUsd: 'required',
  commitment: 'required',
  disbursement: 'required',
});

const ANSWERS: Record<string, Record<string, 'required' | 'optional'>> = {
  SummaryMeasures: MEASURES,
  SummaryRow: fieldsOf<SummaryRow>()({ ...MEASURES, key: 'required', label: 'required', behind: 'required' }),
  Summary: fieldsOf<Summary>()({
    currency: 'required',
    total: 'required',
    rows: 'required',
    vocabulary: 'optional',
    shared: 'optional',
    status: 'required',
    notes: 'required',
  }),
  ActivityListItem: fieldsOf<ActivityListItem>()({
    id: 'required',
    title: 'required',
    status: 'required',
    sourceStatus: 'required',
    countries: 'required',
    financiers: 'required',
    approvalDate: 'required',
    closingDate: 'required',
    instrument: 'required',
    commitmentUsd: 'required',
    disbursementUsd: 'required',
    currency: 'required',
    commitment: 'required',
    disbursement: 'required',
  }),
  ActivityPage: fieldsOf<ActivityPage>()({
    currency: 'required',
    items: 'required',
    notes: 'required',
    limit: 'required',
    offset: 'required',
    next: 'required',
  }),
  ActivityDetail: fieldsOf<ActivityDetail>()({
    activity: 'required',
    records: 'required',
    financiers: 'required',
    sectorShares: 'required',
    codeNames: 'required',
    status: 'required',
    commitmentUsd: 'required',
    disbursementUsd: 'required',
    currency: 'required',
    commitment: 'required',
    disbursement: 'required',
    corrections: 'required',
    notes: 'required',
  }),
  Location: fieldsOf<ProjectLocation>()({ id: 'required', title: 'required', name: 'required', lat: 'required', lon: 'required' }),
  LocationPage: fieldsOf<LocationPage>()({
    items: 'required',
    projects: 'required',
    located: 'required',
    limit: 'required',
    offset: 'required',
    next: 'required',
  }),
  FacetRow: fieldsOf<FacetRow>()({ key: 'required', label: 'required', activities: 'required', active: 'required', behind: 'required' }),
  SectorVocabulary: fieldsOf<SectorVocabularyAnswer>()({
    key: 'required',
    name: 'required',
    chosen: 'required',
    withoutSector: 'required',
  }),
  Facets: fieldsOf<Facets>()({ total: 'required', vocabulary: 'required', facets: 'required' }),
  Overview: fieldsOf<Overview>()({
    store: 'required',
    snapshot: 'required',
    nextSteps: 'required',
    activities: 'required',
    files: 'required',
    organisations: 'required',
    codes: 'required',
    exchangeRates: 'required',
  }),
};

describe('the OpenAPI schemas of the answers', () => {
  for (const [name, fields] of Object.entries(ANSWERS)) {
    it(`${name} has the fields of its type, the same ones required`, () => {
      const schema = SCHEMAS[name] as { properties?: Record<string, unknown>; required?: string[] };
      expect(Object.keys(schema.properties ?? {}).sort()).toEqual(Object.keys(fields).sort());
      const required = Object.entries(fields).flatMap(([field, presence]) => (presence === 'required' ? [field] : []));
      expect([...(schema.required ?? [])].sort()).toEqual(required.sort());
    });
  }
});
