// The dashboard's build: src/web bundled into dist/web, which `devfin serve` serves. `npx vite`
// serves src/web for development and passes the API's paths to a `devfin serve` on port 8080.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const api = process.env.DEVFIN_API ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // The map's country shapes stay a file of their own, fetched only by pages with a map.
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
  server: { proxy: { '/api': api, '/openapi.json': api } },
});
