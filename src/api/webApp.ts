// The dashboard's built files (Vite's output in dist/web), served by the same process as the API so
// that nothing is ever loaded from elsewhere. Paths of the app's own pages (/country/KZ, /search…)
// get index.html: the browser code reads the path and renders the page.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** dist/web of this package: two levels above both src/api (tests, tsx) and dist/api (the built bin). */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../dist/web/', import.meta.url));

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** The first path segments of the app's pages; anything else unknown stays a 404. */
export const APP_PAGES = ['', 'country', 'financier', 'programme', 'project', 'search', 'data'] as const;

export function isAppPage(urlPath: string): boolean {
  const first = urlPath.split('/')[1] ?? '';
  return (APP_PAGES as readonly string[]).includes(first);
}

/** Until `npm run build` has made the app, the home page says so instead of failing obscurely. */
function notBuiltPage(root: string): Response {
  const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>devfin</title>
<h1>devfin</h1><p>The web app is not built (no ${root}index.html). Run <code>npm run build</code>, then reload.</p>
<p>The API works meanwhile: <a href="/api/docs">API reference</a>.</p></html>`;
  return new Response(html, { status: 503, headers: { 'content-type': CONTENT_TYPES['.html'] as string } });
}

/**
 * The response for a GET of `urlPath` from the built app in `root`, or null when the path is
 * neither one of its files nor one of its pages (the caller answers 404).
 */
export async function webAppResponse(root: string, urlPath: string): Promise<Response | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    // Malformed percent-encoding (/%E0%A4%A) names no file and no page: a 404, not a 500.
    return null;
  }
  const file = path.resolve(root, `.${decoded}`);
  // A path that climbs out of the app's folder (/../../etc/passwd) is never read.
  const inside = file.startsWith(path.resolve(root) + path.sep);
  if (inside && path.extname(file) !== '') {
    const body = await readFile(file).catch(() => null);
    if (body) {
      // Vite names assets by content hash, so they never change under a name: cache them for good.
      const immutable = urlPath.startsWith('/assets/');
      return new Response(new Uint8Array(body), {
        headers: {
          'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
          'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        },
      });
    }
  }
  if (!isAppPage(urlPath)) return null;
  const index = await readFile(path.join(root, 'index.html')).catch(() => null);
  if (!index) return notBuiltPage(root);
  return new Response(new Uint8Array(index), {
    headers: { 'content-type': CONTENT_TYPES['.html'] as string, 'cache-control': 'no-cache' },
  });
}
