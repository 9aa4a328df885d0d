// The devfin command: a thin layer that parses options and calls sources, store and portfolio.
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ParamError } from '../portfolio/parameters.js';
import { registerActivities } from './commands/activities.js';
import { registerActivity } from './commands/activity.js';
import { registerBackup } from './commands/backup.js';
import { registerImport } from './commands/import.js';
import { registerLog } from './commands/log.js';
import { registerProgrammes } from './commands/programmes.js';
import { registerRecords } from './commands/records.js';
import { registerReference } from './commands/reference.js';
import { registerServe } from './commands/serve.js';
import { registerStatements } from './commands/statements.js';
import { registerStatus } from './commands/status.js';
import { registerSummary } from './commands/summary.js';
import { registerSync } from './commands/sync.js';
import { registerTokens } from './commands/tokens.js';
import { endQuietlyOnClosedStdout } from './output.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

export function buildProgram(): Command {
  const program = new Command('devfin')
    .description('Track development-finance projects: import IATI data, ask how many, how much, which are active.')
    .version(version)
    .showHelpAfterError('(add --help for usage)')
    .exitOverride();
  registerImport(program);
  registerSummary(program);
  registerActivities(program);
  registerActivity(program);
  registerReference(program);
  registerSync(program);
  registerProgrammes(program);
  registerStatements(program);
  registerRecords(program);
  registerTokens(program);
  registerServe(program);
  registerStatus(program);
  registerLog(program);
  registerBackup(program);
  return program;
}

/** Runs the command line; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  endQuietlyOnClosedStdout();
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    // A filter value that only the store or the programme files can refuse: a usage error like commander's own.
    if (error instanceof ParamError) {
      process.stderr.write(`error: option --${error.parameter}: ${error.reason}\n`);
      return 2;
    }
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
