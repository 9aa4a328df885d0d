// Runs the real `devfin` command (the built bin) as a user would, in a child process.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from './sharedData.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runDevfin(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(REPO_ROOT, 'bin/devfin.js'), ...args],
      { env: { ...process.env, DEVFIN_DATABASE_URL: '', ...env }, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/**
 * Runs devfin and closes its stdout once `lines` lines have come, as `devfin ... | head -n LINES`
 * does; `stdout` holds what was read by then.
 */
export function runDevfinHead(args: string[], lines: number, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/devfin.js'), ...args], {
      env: { ...process.env, DEVFIN_DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      if (stdout.split('\n').length > lines) child.stdout.destroy();
    });
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr: stderr + (signal ? `killed by ${signal}` : '') }),
    );
  });
}

/** Runs devfin and parses its --json output, failing with stderr if the command failed. */
export async function devfinJson<T = unknown>(args: string[], env: NodeJS.ProcessEnv = {}): Promise<T> {
  const result = await runDevfin([...args, '--json'], env);
  if (result.code !== 0) throw new Error(`devfin ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

export function temporaryDir(prefix = 'devfin-test-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}
