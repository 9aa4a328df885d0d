// The API reference for people at /api/docs: one self-contained page (no CDN, no build step) that
// reads /openapi.json and shows each endpoint, its parameters and answers, with a form to try it.
// It renders whatever the document says, so it never needs changing when an endpoint is added.

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem 1.5rem 4rem; color: #1d232a; }
h1 { margin-bottom: 0; } h1 small { font-weight: normal; color: #5a6570; font-size: 1rem; }
code, pre, .path { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 13px; }
section.op { border: 1px solid #d5dbe1; border-radius: 6px; margin: 1rem 0; padding: .25rem 1rem 1rem; }
.method { background: #1f6f43; color: #fff; border-radius: 3px; padding: 0 .4rem; margin-right: .5rem; font-size: 12px; }
.path { font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { text-align: left; vertical-align: top; border-top: 1px solid #e4e8ec; padding: .3rem .5rem .3rem 0; }
th { font-weight: 600; font-size: 13px; color: #5a6570; }
input, select { font: inherit; padding: .1rem .3rem; width: 12rem; }
button { font: inherit; padding: .2rem .8rem; }
pre.answer { background: #f5f7f9; padding: .75rem; max-height: 24rem; overflow: auto; white-space: pre-wrap; }
.muted { color: #5a6570; } .error { color: #a11; }
nav { display: flex; flex-wrap: wrap; gap: .25rem 1rem; } nav a { overflow-wrap: anywhere; }
code { background: #f0f3f6; border-radius: 3px; padding: 0 .2rem; }
`;

// Runs in the browser. Builds the page with DOM calls only (textContent), so nothing in the
// document can inject markup.
const SCRIPT = `
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v != null) node.setAttribute(k, v);
  for (const child of children.flat()) if (child != null) node.append(child instanceof Node ? child : String(child));
  return node;
};
// Descriptions mark code with backticks (\`sort=-commitmentUsd\`): shown as <code>, not as backticks.
const prose = (text) => String(text || '').split(String.fromCharCode(96)).map((part, i) => (i % 2 ? el('code', {}, part) : part));
const typeOf = (s, doc) => {
  if (!s) return '';
  if (s.$ref) return s.$ref.split('/').pop();
  if (s.enum) return s.enum.filter((v) => v !== null).join(' | ');
  const type = Array.isArray(s.type) ? s.type.join(' | ') : s.type || 'any';
  if (type === 'array') return 'list of ' + typeOf(s.items, doc);
  return type + (s.format ? ' (' + s.format + ')' : '') + (s.pattern ? ' /' + s.pattern + '/' : '');
};
function paramRow(p) {
  const s = p.schema || {};
  const input = s.enum || (s.items && s.items.enum)
    ? el('select', { name: p.name }, el('option', { value: '' }, ''), ...(s.enum || s.items.enum).map((v) => el('option', {}, v)))
    : s.type === 'boolean' ? el('select', { name: p.name }, el('option', { value: '' }, ''), el('option', {}, 'true'), el('option', {}, 'false'))
    : el('input', { name: p.name, placeholder: p.in === 'path' ? 'required' : (s.default ?? (s.examples || [])[0] ?? '') + '' });
  return el('tr', {}, el('td', {}, el('code', {}, p.name), p.in === 'path' ? ' (path)' : ''), el('td', {}, typeOf(s)),
    el('td', {}, prose(p.description), s.default !== undefined ? el('span', { class: 'muted' }, ' Default: ' + s.default + '.') : '',
      p.explode ? el('span', { class: 'muted' }, ' Repeatable.') : ''), el('td', {}, input));
}
function operation(path, method, op) {
  const form = el('form');
  const answer = el('pre', { class: 'answer', hidden: '' });
  const link = el('p');
  form.append(el('table', {}, el('tr', {}, el('th', {}, 'parameter'), el('th', {}, 'type'), el('th', {}, 'meaning'), el('th', {}, 'try')),
    ...(op.parameters || []).map(paramRow)), el('button', { type: 'submit' }, 'Send'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    let url = path;
    const query = new URLSearchParams();
    for (const p of op.parameters || []) {
      for (const input of form.querySelectorAll('[name="' + p.name + '"]')) {
        if (p.in === 'path') url = url.replace('{' + p.name + '}', encodeURIComponent(input.value));
        else if (p.explode) input.value.split(/[ ,]+/).filter(Boolean).forEach((v) => query.append(p.name, v));
        else if (input.value !== '') query.set(p.name, input.value);
      }
    }
    const href = url + (query.size ? '?' + query : '');
    link.replaceChildren('GET ', el('a', { href }, href));
    const response = await fetch(href);
    const type = response.headers.get('content-type') || '';
    answer.hidden = false;
    answer.className = 'answer' + (response.ok ? '' : ' error');
    answer.textContent = response.status + ' ' + type + '\\n\\n' + (type.includes('json') ? JSON.stringify(await response.json(), null, 2)
      : type.startsWith('text/') ? await response.text() : '(a file: open the link above to download it)');
  });
  const responses = Object.entries(op.responses || {}).map(([code, r]) => el('tr', {}, el('td', {}, code), el('td', {}, prose(r.description)),
    el('td', {}, Object.entries(r.content || {}).map(([type, c]) => el('div', {}, el('code', {}, type), ' ', typeOf(c.schema))))));
  return el('section', { class: 'op', id: op.operationId },
    el('h3', {}, el('span', { class: 'method' }, method.toUpperCase()), el('span', { class: 'path' }, path)),
    el('p', {}, prose(op.summary)), op.description ? el('p', { class: 'muted' }, prose(op.description)) : '',
    // A body is sent by a program (curl --data-binary @FILE), not from this page.
    op.requestBody ? el('p', {}, 'Body: ', ...Object.entries(op.requestBody.content).map(([type, c]) => el('span', {}, el('code', {}, type), ' ', typeOf(c.schema), ' '))) :
    (op.parameters || []).length || path.includes('{') ? form : el('p', {}, el('a', { href: path }, 'Open ' + path)),
    link, answer,
    el('table', {}, el('tr', {}, el('th', {}, 'status'), el('th', {}, 'meaning'), el('th', {}, 'content')), ...responses));
}
function schema(name, s) {
  const required = new Set(s.required || []);
  return el('section', { class: 'op', id: 'schema-' + name }, el('h3', {}, name), s.description ? el('p', {}, prose(s.description)) : '',
    el('table', {}, el('tr', {}, el('th', {}, 'field'), el('th', {}, 'type'), el('th', {}, 'meaning')),
      ...Object.entries(s.properties || {}).map(([field, p]) => el('tr', {}, el('td', {}, el('code', {}, field), required.has(field) ? '' : ' (optional)'),
        el('td', {}, typeOf(p)), el('td', {}, prose(p.description))))));
}
fetch('/openapi.json').then((r) => r.json()).then((doc) => {
  const main = document.querySelector('main');
  document.title = doc.info.title + ' API';
  main.replaceChildren(
    el('h1', {}, doc.info.title + ' API ', el('small', {}, 'version ' + doc.info.version + ', OpenAPI ' + doc.openapi)),
    el('p', {}, prose(doc.info.summary)), el('p', { class: 'muted' }, prose(doc.info.description)),
    el('nav', {}, el('a', { href: '/openapi.json' }, 'openapi.json'), ...Object.values(doc.paths).flatMap((p) => Object.values(p)).map((op) => el('a', { href: '#' + op.operationId }, op.operationId))),
    el('h2', {}, 'Endpoints'), ...Object.entries(doc.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => operation(path, method, op))),
    el('h2', {}, 'Answers'), ...Object.entries(doc.components.schemas).map(([name, s]) => schema(name, s)));
}).catch((error) => { document.querySelector('main').textContent = 'Could not read /openapi.json: ' + error; });
`;

export function docsPage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>devfin API</title>
<style>${STYLE}</style>
</head>
<body>
<main><p>Loading <a href="/openapi.json">/openapi.json</a>…</p></main>
<noscript><p>This page needs JavaScript to render <a href="/openapi.json">/openapi.json</a>, the API description, which is readable as it is.</p></noscript>
<script type="module">${SCRIPT}</script>
</body>
</html>
`;
}
