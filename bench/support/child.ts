// Runs a command in a child process and measures its peak resident set size: with GNU time -v when
// /usr/bin/time exists (the kernel's own maximum), else by polling /proc/PID/status every 100 ms
// (VmHWM is the peak so far, so only growth in the last interval before exit can be missed).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export interface ChildRun {
  seconds: number;
  exitCode: number | null;
  peakRssKb: number | null;
  /** User plus system CPU time of the command (its threads together), when /usr/bin/time measured it. */
  cpuSeconds: number | null;
  method: string;
  stderr: string;
  stdout: string;
}

const GNU_TIME = '/usr/bin/time';

async function vmField(pid: number, field: string): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

/** `poll` forces /proc polling even where GNU time exists (BENCH_RSS=poll). */
export async function runMeasured(command: string, args: string[], cwd: string, how: 'auto' | 'poll' = 'auto'): Promise<ChildRun> {
  const useTime = how === 'auto' && existsSync(GNU_TIME);
  const start = performance.now();
  const child = useTime ? spawn(GNU_TIME, ['-v', command, ...args], { cwd }) : spawn(command, args, { cwd });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  let polledPeak = 0;
  const poll = useTime
    ? null
    : setInterval(() => {
        if (child.pid == null) return;
        void Promise.all([vmField(child.pid, 'VmHWM'), vmField(child.pid, 'VmRSS')]).then(([hwm, rss]) => {
          const seen = Math.max(hwm ?? 0, rss ?? 0);
          polledPeak = Math.max(polledPeak, seen);
        });
      }, 100);
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  const seconds = (performance.now() - start) / 1000;
  if (poll) clearInterval(poll);
  let peakRssKb: number | null = polledPeak > 0 ? polledPeak : null;
  let cpuSeconds: number | null = null;
  if (useTime) {
    const match = /Maximum resident set size \(kbytes\):\s*(\d+)/.exec(stderr);
    peakRssKb = match ? Number(match[1]) : null;
    const user = /User time \(seconds\):\s*([\d.]+)/.exec(stderr);
    const system = /System time \(seconds\):\s*([\d.]+)/.exec(stderr);
    cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : null;
  }
  return {
    seconds,
    exitCode,
    peakRssKb,
    cpuSeconds,
    method: useTime ? '/usr/bin/time -v' : 'polling /proc/PID/status VmHWM every 100 ms',
    stderr,
    stdout,
  };
}
