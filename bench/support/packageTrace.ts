// Which npm packages a node process loads: an --import module that prints `package NAME` on stderr
// the first time a module of a package loads, whether by import (a loader hook, which sees static
// and dynamic imports) or by require (createRequire, and CommonJS packages that ESM imports).
// Used by bench:startup and by the start-up test.

const PACKAGE_OF = String.raw`/node_modules\/((?:@[^/]+\/)?[^/]+)\//`;

const HOOKS = `const seen = new Set();
export async function load(url, context, next) {
  const match = ${PACKAGE_OF}.exec(url);
  if (match && !seen.has(match[1])) { seen.add(match[1]); process.stderr.write('package ' + match[1] + '\\n'); }
  return next(url, context);
}`;

const PRELOAD = `import Module, { register } from 'node:module';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});
const seen = new Set();
const load = Module._load;
Module._load = function (request, parent, isMain) {
  const exports = load.apply(this, arguments);
  try {
    const match = ${PACKAGE_OF}.exec(Module._resolveFilename(request, parent, isMain));
    if (match && !seen.has(match[1])) { seen.add(match[1]); process.stderr.write('package ' + match[1] + '\\n'); }
  } catch {}
  return exports;
};`;

/** Node options that make the process report the packages it loads (see packagesIn). */
export const TRACE_PACKAGES = ['--import', `data:text/javascript,${encodeURIComponent(PRELOAD)}`];

/** The packages reported on `stderr`, each once, in the order first seen. */
export function packagesIn(stderr: string): string[] {
  const names = stderr
    .split('\n')
    .filter((line) => line.startsWith('package '))
    .map((line) => line.slice('package '.length));
  return [...new Set(names)];
}
