// devfin tokens create|list|revoke: the HTTP API's tokens. Whoever can open the store manages them;
// the audit log names the local user.
import type { Command } from 'commander';
import { TOKEN_ROLES } from '../../model/apiToken.js';
import { createApiToken, listApiTokens, revokeApiToken, type StoredToken } from '../../portfolio/access.js';
import { addStoreOption, withStore } from '../options.js';
import { type Column, printResult } from '../output.js';
import { cliActor } from './records.js';

const TOKEN_COLUMNS: Column<StoredToken>[] = [
  { header: 'name', value: (t) => t.name },
  { header: 'role', value: (t) => t.role },
  { header: 'created', value: (t) => `${t.createdAt.slice(0, 19)} by ${t.createdBy}` },
  { header: 'revoked', value: (t) => t.revokedAt?.slice(0, 19) ?? null },
];

export function registerTokens(program: Command): void {
  const tokens = program.command('tokens').description('tokens of the HTTP API: each has a name and a role (viewer < editor < admin)');

  addStoreOption(
    tokens
      .command('create')
      .description('make a token and print it, once: only its SHA-256 is kept')
      .requiredOption('--name <name>', 'who or what holds it; the audit log and provenance name it')
      .option('--role <role>', `one of ${TOKEN_ROLES.join(', ')}: viewers read, editors keep records, admins also import`, 'viewer')
      .option('--json', 'print JSON'),
  ).action(async (options: { db?: string; name: string; role: string; json?: boolean }) => {
    const created = await withStore(options, (store) => createApiToken(store, options.name, options.role, cliActor()));
    if (options.json) process.stdout.write(`${JSON.stringify(created, null, 2)}\n`);
    else
      process.stdout.write(
        `${created.token}\n(token ${created.name}, role ${created.role}: shown this once; send it as "Authorization: Bearer TOKEN")\n`,
      );
  });

  addStoreOption(tokens.command('list').description('the tokens, without their secrets').option('--json', 'print JSON')).action(
    async (options: { db?: string; json?: boolean }) => {
      const rows = await withStore(options, (store) => listApiTokens(store), { create: false });
      printResult(options.json ? 'json' : 'table', rows, rows, TOKEN_COLUMNS);
    },
  );

  addStoreOption(
    tokens
      .command('revoke')
      .description('stop a token from working at once')
      .argument('<name>', 'the token name')
      .option('--json', 'print JSON'),
  ).action(async (name: string, options: { db?: string; json?: boolean }) => {
    const revoked = await withStore(options, (store) => revokeApiToken(store, name, cliActor()), { create: false });
    if (options.json) process.stdout.write(`${JSON.stringify(revoked, null, 2)}\n`);
    else process.stdout.write(`revoked token ${revoked.name} (${revoked.role})\n`);
  });
}
