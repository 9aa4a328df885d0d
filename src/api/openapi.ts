// The OpenAPI 3.1 document, generated from the route table and the parameter definitions that the
// server itself uses, so it describes exactly what is served.
import { formatParam, MEDIA_TYPES } from './formats.js';
import type { Param } from './params.js';
import type { Route } from './routes.js';
import { variants } from './routes.js';
import { SCHEMAS, schemaRef } from './schemas.js';

type Document = Record<string, unknown>;

function queryParameter(param: Param<unknown>): Document {
  return {
    name: param.name,
    in: 'query',
    required: false,
    description: param.description,
    schema: param.schema,
    // Repeated as country=KZ&country=UZ, never as a comma-separated list.
    ...(param.repeatable ? { style: 'form', explode: true } : {}),
  };
}

const errorContent = (description: string) => ({ description, content: { 'application/json': { schema: schemaRef('Error') } } });

function operation(route: Route, suffix: string | undefined): Document {
  const formats = suffix ? route.formats.filter((f) => f === suffix) : route.formats;
  const query = [...route.query, ...(formats.length > 0 && !suffix ? [formatParam(formats)] : [])];
  const ok = route.ok;
  const success =
    'schema' in ok
      ? {
          description: ok.description,
          content: Object.fromEntries(
            formats.map((f) => [
              MEDIA_TYPES[f],
              f === 'json'
                ? { schema: ok.schema }
                : { schema: { type: 'string', ...(f === 'xlsx' ? { contentMediaType: MEDIA_TYPES.xlsx } : {}) } },
            ]),
          ),
          ...(route.formats.length > 1
            ? { headers: { Link: { description: 'rel="next": the next page, where there is one.', schema: { type: 'string' } } } }
            : {}),
        }
      : 'mediaType' in ok
        ? { description: ok.description, content: { [ok.mediaType]: { schema: { type: 'string' } } } }
        : null;
  const responses: Document = success ? { '200': success } : { '302': { description: ok.description } };
  if (route.requestBody) responses['400'] = errorContent('The body or a parameter is malformed or missing; the error names it.');
  else if (query.length > 0) responses['400'] = errorContent('A parameter is malformed or unknown; the error names it.');
  if (route.maxBodyBytes !== undefined) responses['413'] = errorContent(`The body is larger than ${route.maxBodyBytes / 1024} KB.`);
  if (route.requestBody) responses['415'] = errorContent('The body is in a media type this endpoint does not take.');
  if (route.notFound) responses['404'] = errorContent(route.notFound);
  if (route.heavyExport)
    responses['503'] = errorContent(
      'CSV and XLSX only: as many exports as the server writes at once are being written (DEVFIN_EXPORT_CONCURRENCY, default 2); ask again after the Retry-After seconds.',
    );
  responses['500'] = errorContent('The server failed; the error carries the id of the log line with the details.');
  return {
    operationId: suffix ? `${route.operationId}${suffix[0]?.toUpperCase()}${suffix.slice(1)}` : route.operationId,
    summary: suffix ? `${route.summary} (${suffix.toUpperCase()})` : route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.path.startsWith('/api/') && route.path !== '/api/docs' ? 'portfolio' : 'about'],
    parameters: [
      ...(route.pathParams ?? []).map((p) => ({ name: p.name, in: 'path', required: true, description: p.description, schema: p.schema })),
      ...query.map(queryParameter),
    ],
    ...(route.requestBody ? { requestBody: { required: true, ...route.requestBody } } : {}),
    responses,
  };
}

export function openApiDocument(routes: readonly Route[], version: string, extraPaths: Document = {}): Document {
  const paths: Document = { ...extraPaths };
  // A path may have a write operation among the extra paths (POST /api/imports beside GET).
  for (const route of routes)
    for (const v of variants(route))
      paths[v.path] = { ...(paths[v.path] as object | undefined), [(route.method ?? 'GET').toLowerCase()]: operation(route, v.suffix) };
  return {
    openapi: '3.1.0',
    info: {
      title: 'devfin',
      version,
      summary: 'Development-finance projects: how many, how much, which are active — and the projects behind every number.',
      description:
        'Every answer comes from the same functions as the `devfin` command, with the same parameter names (`--include-dropped` is `include-dropped=true`; `--country` repeats as `country=KZ&country=UZ`). Lists answer in JSON, CSV or XLSX: a `.csv` or `.xlsx` path suffix, `format=`, or the Accept header. An empty parameter counts as not given. An unknown parameter is refused, so a misspelt filter cannot silently widen an answer.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    tags: [
      { name: 'portfolio', description: 'Questions over the portfolio.' },
      { name: 'about', description: 'This API itself.' },
      { name: 'records', description: 'Records kept by hand, their history, and file uploads: writes need a token.' },
    ],
    paths,
    components: {
      schemas: SCHEMAS,
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A token made by devfin tokens create.' } },
    },
  };
}
