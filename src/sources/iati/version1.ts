// IATI 1.0x wrote some codes as letters or words; 2.0x uses numbers. These tables map the 1.0x
// forms to their 2.0x meaning so that everything downstream sees one vocabulary.

const TRANSACTION_TYPES: Record<string, string> = {
  IF: '1', // Incoming funds
  C: '2', // Commitment
  D: '3', // Disbursement
  E: '4', // Expenditure
  IR: '5', // Interest repayment
  LR: '6', // Loan repayment
  R: '7', // Reimbursement
  QP: '8', // Purchase of equity
  QS: '9', // Sale of equity
  CG: '10', // Credit guarantee
};

const ORGANISATION_ROLES: Record<string, string> = {
  funding: '1',
  accountable: '2',
  extending: '3',
  implementing: '4',
};

const ACTIVITY_DATE_TYPES: Record<string, string> = {
  'start-planned': '1',
  'start-actual': '2',
  'end-planned': '3',
  'end-actual': '4',
};

const SECTOR_VOCABULARIES: Record<string, string> = {
  DAC: '1',
  'DAC-3': '2',
  COFOG: '3',
  NTEE: '5',
  RO: '99',
  RO2: '98',
};

const REGION_VOCABULARIES: Record<string, string> = { DAC: '1', UN: '2' };

function mapped(table: Record<string, string>, value: string | undefined, caseless = false): string | null {
  if (value == null || value === '') return null;
  const key = caseless ? value.toLowerCase() : value;
  return table[key] ?? value;
}

export const toTransactionType = (code: string | undefined) => mapped(TRANSACTION_TYPES, code?.toUpperCase());
export const toOrganisationRole = (role: string | undefined) => mapped(ORGANISATION_ROLES, role, true);
export const toActivityDateType = (type: string | undefined) => mapped(ACTIVITY_DATE_TYPES, type, true);
export const toSectorVocabulary = (vocabulary: string | undefined) => mapped(SECTOR_VOCABULARIES, vocabulary?.toUpperCase());
export const toRegionVocabulary = (vocabulary: string | undefined) => mapped(REGION_VOCABULARIES, vocabulary?.toUpperCase());
