// devfin programmes [list|show NAME]: the programme and framework definitions devfin knows.
import type { Command } from 'commander';
import { findProgramme, listProgrammes } from '../../portfolio/programmes.js';
import { programmeFolders } from '../../sources/programmes.js';

export function registerProgrammes(program: Command): void {
  const programmes = program
    .command('programmes')
    .description(
      `programmes and frameworks (YAML/JSON definitions in ${programmeFolders().join(' and ')}; set $DEVFIN_PROGRAMMES to a folder of your own)`,
    );
  programmes
    .command('list', { isDefault: true })
    .description('list the known programmes')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      const all = await listProgrammes();
      if (options.json) process.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
      else for (const p of all) process.stdout.write(`${p.name.padEnd(24)} ${p.title} (${p.countries.join(' ')})\n`);
    });
  programmes
    .command('show')
    .description('one programme definition')
    .argument('<name>')
    .action(async (name: string) => {
      process.stdout.write(`${JSON.stringify(await findProgramme(name), null, 2)}\n`);
    });
}
