// Runs the real `devfin serve --port 0` in a child process and gives its address once it listens.
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { REPO_ROOT } from './sharedData.js';

export interface RunningServer {
  child: ChildProcess;
  url: string;
  /** What the server has printed on standard output so far. */
  output(): string;
  stop(): Promise<void>;
}

export function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<RunningServer> {
  const child = spawn(process.execPath, [path.join(REPO_ROOT, 'bin/devfin.js'), 'serve', '--port', '0', ...args], {
    env: { ...process.env, DEVFIN_DATABASE_URL: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
      // The address it serves on, not one it names in a message before (a source it could not reach).
      const url = /dashboard on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url)
        resolve({
          child,
          url,
          output: () => stdout,
          stop: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
    });
    child.on('exit', (code) => reject(new Error(`devfin serve exited ${code}: ${stderr}`)));
  });
}
