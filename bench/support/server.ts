// The devfin commands a benchmark runs as child processes: one command to its end (its stderr kept
// for the error), and `devfin serve` on a free port, whose address on stdout is all that is read.
import { type ChildProcess, spawn } from 'node:child_process';

export interface BenchServer {
  child: ChildProcess;
  url: string;
}

/**
 * Starts `command ...args serve --db STORE --port 0` and resolves with its address. `stderr` is
 * where its JSON log goes (a file descriptor, or 'ignore'); `env` is added to this process's.
 */
export function startServer(
  [command, ...args]: [string, ...string[]],
  store: string,
  { stderr = 'ignore', env = {}, logName = 'its log' }: { stderr?: number | 'ignore'; env?: Record<string, string>; logName?: string } = {},
): Promise<BenchServer> {
  const child = spawn(command, [...args, 'serve', '--db', store, '--port', '0'], {
    stdio: ['ignore', 'pipe', stderr],
    env: { ...process.env, DEVFIN_DATABASE_URL: '', ...env },
  });
  return new Promise<BenchServer>((resolve, reject) => {
    let stdout = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      const found = /http:\/\/127\.0\.0\.1:\d+/.exec(stdout)?.[0];
      if (found) resolve({ child, url: found });
    });
    child.on('exit', (code) => reject(new Error(`devfin serve exited ${code}; see ${logName}`)));
  });
}

/** Stops the server (SIGTERM) and waits for it to exit; nothing to do if it already has. */
export async function stopServer(server: BenchServer | undefined): Promise<void> {
  if (!server || server.child.exitCode !== null) return;
  const exited = new Promise((resolve) => server.child.on('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

/**
 * Runs `command ...args` (a devfin command on a test store); `done` settles when it exits, failing
 * with the end of its stderr unless it exited 0. `child` is there to measure it while it runs.
 */
export function runDevfin([command, ...prefix]: [string, ...string[]], args: string[]): { child: ChildProcess; done: Promise<void> } {
  const child = spawn(command, [...prefix, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DEVFIN_DATABASE_URL: '' },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const done = new Promise<void>((resolve, reject) =>
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`devfin ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`)),
    ),
  );
  return { child, done };
}
