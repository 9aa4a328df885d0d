// Vitest's global setup: every temporary file of a test run (the tests' own folders, the stores and
// servers they start, devfin's own temporary files in the processes they run) goes under one folder
// of the run, removed when the run ends. TMPDIR is what os.tmpdir() reads, in the test processes
// and in every process they start.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(path.join(tmpdir(), 'devfin-test-run-'));
  // Open to other users as /tmp is: the PostgreSQL server of the tests runs as `postgres` when they run as root.
  chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => rmSync(root, { recursive: true, force: true });
}
