// A progress bar on stderr for long work, shown only to a person at a terminal.
import { createRequire } from 'node:module';
import type CliProgress from 'cli-progress';

const require = createRequire(import.meta.url);

export interface Progress {
  update(done: number, label?: string): void;
  stop(): void;
  /** Print a line without breaking the bar. */
  log(line: string): void;
}

export function startProgress(total: number, unit: 'bytes' | 'items', enabled = Boolean(process.stderr.isTTY)): Progress {
  if (!enabled) return { update() {}, stop() {}, log: (line) => process.stderr.write(`${line}\n`) };
  const format =
    unit === 'bytes' ? ' {bar} {percentage}% | {doneMB}/{totalMB} MB | {label}' : ' {bar} {percentage}% | {value}/{total} | {label}';
  // Loaded only when a bar is shown (at a terminal): not at start-up, nor when output goes to a pipe.
  const cliProgress = require('cli-progress') as typeof CliProgress;
  const bar = new cliProgress.SingleBar(
    { format, stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  const mb = (n: number) => (n / 1e6).toFixed(1);
  let last = 0;
  let lastLabel = '';
  bar.start(total, 0, { label: '', doneMB: mb(0), totalMB: mb(total) });
  return {
    update(done, label) {
      last = done;
      lastLabel = label ?? lastLabel;
      bar.update(done, { label: lastLabel, doneMB: mb(done), totalMB: mb(total) });
    },
    stop() {
      bar.stop();
    },
    log(line) {
      bar.stop();
      process.stderr.write(`${line}\n`);
      bar.start(total, last, { label: lastLabel, doneMB: mb(last), totalMB: mb(total) });
    },
  };
}
