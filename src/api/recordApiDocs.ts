// The write endpoints (recordRoutes.ts) as the OpenAPI document and GET /api describe them. They
// are not in the route table (routes.ts), whose routes are answers kept per data version.
import { RECORD_BODY_LIMIT } from './recordRoutes.js';
import { schemaRef } from './schemas.js';

type Document = Record<string, unknown>;

interface RecordOperation {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  operationId: string;
  summary: string;
  /** The role a token needs; reads need one only on a server started with --read-token-required. */
  role: 'viewer' | 'editor' | 'admin';
  body?: 'record' | 'file';
  query?: Document[];
}

export const RECORD_OPERATIONS: readonly RecordOperation[] = [
  {
    method: 'GET',
    path: '/api/records',
    operationId: 'records',
    summary: 'The records kept by hand (devfin records list --json)',
    role: 'viewer',
    query: [
      { name: 'includeRemoved', in: 'query', required: false, description: 'true: removed records too.', schema: { type: 'boolean' } },
    ],
  },
  { method: 'POST', path: '/api/records', operationId: 'addRecord', summary: 'Add a record kept by hand', role: 'editor', body: 'record' },
  { method: 'GET', path: '/api/records/{id}', operationId: 'record', summary: 'One record kept by hand', role: 'viewer' },
  {
    method: 'PUT',
    path: '/api/records/{id}',
    operationId: 'editRecord',
    summary: "Replace a record's fields",
    role: 'editor',
    body: 'record',
  },
  {
    method: 'DELETE',
    path: '/api/records/{id}',
    operationId: 'removeRecord',
    summary: 'Take a record out of every answer (restorable)',
    role: 'editor',
  },
  {
    method: 'POST',
    path: '/api/records/{id}/restore',
    operationId: 'restoreRecord',
    summary: 'Bring a removed record back',
    role: 'editor',
  },
  {
    method: 'GET',
    path: '/api/records/{id}/history',
    operationId: 'recordHistory',
    summary: "Who changed a record (or a project's corrections), when, before and after",
    role: 'viewer',
  },
  {
    method: 'POST',
    path: '/api/imports',
    operationId: 'importFile',
    summary: 'Import an IATI XML file sent as the body',
    role: 'admin',
    body: 'file',
    query: [
      {
        name: 'name',
        in: 'query',
        required: false,
        description: 'The file name the import is known by: a plain name ending in .xml, never a path.',
        schema: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\\.xml$' },
      },
    ],
  },
];

const error = (description: string) => ({ description, content: { 'application/json': { schema: schemaRef('Error') } } });

function operation(op: RecordOperation): Document {
  const responses: Document = {
    [op.method === 'POST' && op.body === 'record' ? '201' : '200']: {
      description: op.body === 'file' ? "The file's outcome: imported, already imported (422 when refused)." : 'The answer, as JSON.',
      content: {
        'application/json': {
          schema:
            op.method === 'GET' && (op.path.endsWith('/history') || op.path === '/api/records')
              ? { type: 'array', items: { type: 'object' } }
              : { type: 'object' },
        },
      },
    },
    '401': error('No token, an unknown one or a revoked one.'),
    '403': error(`The token's role is below ${op.role}.`),
    '429': error('Too many writes or failed token checks from this address; Retry-After says when to try again.'),
  };
  if (op.path.includes('{id}')) responses['404'] = error('No record with this id.');
  if (op.method !== 'GET' && op.body !== 'file')
    responses['409'] = error('The id is taken, or the record is removed (or not removed, for a restore).');
  if (op.body) {
    responses['400'] = error('The body is malformed; the error names the field.');
    responses['413'] = error(
      op.body === 'file'
        ? 'The file is larger than the server takes (100 MB unless configured).'
        : `The body is larger than ${RECORD_BODY_LIMIT / 1024} KB.`,
    );
  }
  if (op.body === 'record') responses['415'] = error('The body is not JSON or YAML.');
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: `Needs a token of role ${op.role} or above${op.role === 'viewer' ? ' when the server requires a token to read' : ''}.`,
    tags: ['records'],
    security: op.role === 'viewer' ? [{}, { bearer: [] }] : [{ bearer: [] }],
    parameters: [
      ...(op.path.includes('{id}')
        ? [{ name: 'id', in: 'path', required: true, description: 'The record id.', schema: { type: 'string' } }]
        : []),
      ...(op.query ?? []),
    ],
    ...(op.body === 'record'
      ? {
          requestBody: {
            required: true,
            description: 'A record file (see the README, Records kept by hand).',
            content: { 'application/json': { schema: { type: 'object' } }, 'application/yaml': { schema: { type: 'string' } } },
          },
        }
      : op.body === 'file'
        ? { requestBody: { required: true, content: { 'application/xml': { schema: { type: 'string' } } } } }
        : {}),
    responses,
  };
}

/** The paths of the write endpoints, for the OpenAPI document. */
export function recordApiPaths(): Document {
  const paths: Record<string, Document> = {};
  for (const op of RECORD_OPERATIONS) paths[op.path] = { ...paths[op.path], [op.method.toLowerCase()]: operation(op) };
  return paths;
}
