#!/usr/bin/env node
// The `devfin` command runs the compiled CLI (built by `npm run build`, which `npm ci` runs via `prepare`).
// An import reads its files on a second thread: that thread is started before the CLI's code is
// loaded, so that the two threads load theirs at the same time.
if (process.argv[2] === 'import') (await import('../dist/ingest/readAhead/thread.js')).startReadingThread();
const { main } = await import('../dist/cli/main.js');

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
