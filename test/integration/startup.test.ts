// What devfin loads when it starts: heavy packages (the Excel reader, the PostgreSQL driver, the
// HTML parser, the XML and YAML parsers, ...) are loaded by the commands that use them, and those
// commands still work with them loaded late.
import { execFile } from 'node:child_process';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { packagesIn, TRACE_PACKAGES } from '../../bench/support/packageTrace.js';
import { devfinJson, temporaryDir } from '../support/cli.js';
import { REPO_ROOT } from '../support/sharedData.js';

/** Runs devfin: its exit code, output, and the packages it loaded. */
function tracedDevfin(args: string[]): Promise<{ code: number; stdout: string; stderr: string; packages: string[] }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...TRACE_PACKAGES, path.join(REPO_ROOT, 'bin/devfin.js'), ...args],
      { env: { ...process.env, DEVFIN_DATABASE_URL: '' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr, packages: packagesIn(stderr) });
      },
    );
  });
}

const HEAVY = ['exceljs', 'linkedom', 'chrono-node', 'pg', 'better-sqlite3', 'saxes', 'yaml', 'hono', 'cli-progress'];

describe('devfin start-up', () => {
  it('prints its help without loading any heavy package', async () => {
    const help = await tracedDevfin(['--help']);
    expect(help.code, help.stderr).toBe(0);
    expect(help.stdout).toContain('Usage: devfin');
    expect(help.stdout).toContain('import');
    // The trace sees packages loaded by import (commander) and by require (cli-table3, CommonJS).
    expect(help.packages).toContain('commander');
    expect(help.packages).toContain('cli-table3');
    for (const name of HEAVY) expect(help.packages, name).not.toContain(name);
  });

  it('opens a SQLite store for status without the PostgreSQL driver or the Excel reader', async () => {
    const status = await tracedDevfin(['status', '--db', path.join(temporaryDir(), 'store.sqlite')]);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toContain('activities:');
    expect(status.packages).toContain('better-sqlite3');
    for (const name of ['exceljs', 'pg', 'linkedom', 'saxes']) expect(status.packages, name).not.toContain(name);
  });

  it('loads the Excel reader when an XLSX export is imported, and imports it', async () => {
    const dir = temporaryDir();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Projects');
    sheet.addRow(['Project ID', 'Country', 'Project Status', 'Project Name', 'Board Approval Date', 'IBRD Commitment']);
    sheet.addRow(['P000101', 'Kazakhstan', 'Active', 'Roads', new Date('2020-05-01'), 150_000_000]);
    sheet.addRow(['P000102', 'Kazakhstan', 'Closed', 'Water', new Date('2011-02-01'), 40_000_000]);
    const file = path.join(dir, 'projects.xlsx');
    await workbook.xlsx.writeFile(file);
    const store = path.join(dir, 'store.sqlite');
    const imported = await tracedDevfin(['import', '--db', store, file]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain('2 added');
    expect(imported.packages).toContain('exceljs');
    expect(imported.packages).not.toContain('saxes');
    const summary = await devfinJson<{ total: { activities: number; commitmentUsd: number } }>([
      'summary',
      '--db',
      store,
      '--country',
      'KZ',
    ]);
    expect(summary.total.activities).toBe(2);
    expect(summary.total.commitmentUsd).toBe(190_000_000);
  });
});
