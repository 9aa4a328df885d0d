// Heavy exports: the CSV and XLSX forms of the activity and place lists, up to 10,000 rows a page.
// They are streamed: rows are read from the store a page at a time as the client takes the
// download, and written as they come (csv-stringify, exceljs's streaming WorkbookWriter), so the
// server holds one page, not the export. better-sqlite3 answers synchronously: one query over
// 10,000 rows holds every other reader for its whole run. So on SQLite an export is written by a
// worker thread on a connection of its own (exportWorker.ts; WAL lets it read beside the server),
// and the server's thread only passes its bytes on. On Linux that worker's thread runs at nice 19
// (threadPriority.ts), so exports take the CPU the server's thread leaves; workers are kept for the
// next export (up to DEVFIN_EXPORT_CONCURRENCY of them, for a minute) rather than started, and their
// modules loaded and compiled, again for each. Where the worker is not built (the server run
// from src/, as some tests do), or on PostgreSQL (an asynchronous driver), the server writes it,
// each page read in its own turn at the store (questionQueue.ts) so that other questions come in between.
// And they are bounded: at most DEVFIN_EXPORT_CONCURRENCY (default 2) at once; one more is
// answered 503 at once, with Retry-After, rather than queued behind exports that take seconds.
import { existsSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type Column, csvText } from '../portfolio/columns.js';
import { ApiError } from './errors.js';
import type { ExportJob, ExportMessage, ExportRequest } from './exportWorker.js';
import { CONTENT_TYPES, type Format, jsonResponse } from './formats.js';
import type { Turns } from './questionQueue.js';

export const EXPORT_CONCURRENCY_VARIABLE = 'DEVFIN_EXPORT_CONCURRENCY';
export const DEFAULT_EXPORT_CONCURRENCY = 2;
/** What a client refused an export is told to wait before asking again. */
export const EXPORT_RETRY_AFTER_SECONDS = 5;
/** Rows read from the store at a time: a page's queries run without a break, so this bounds how long one holds its thread. */
export const EXPORT_PAGE_SIZE = 200;

/** A list answer whose rows are read as they are written (only for CSV and XLSX). */
export interface StreamedTable<T> {
  /** The name of the download and of the worksheet. */
  name: string;
  columns: readonly Column<T>[];
  pages: AsyncGenerator<T[]>;
  /** Notes about the figures, once every page has been read: a sheet of their own in XLSX. */
  notes(): readonly string[];
  headers?: Record<string, string>;
}

export function isStreamedTable(answer: object): answer is StreamedTable<unknown> {
  return 'pages' in answer;
}

/** How many exports may run at once: DEVFIN_EXPORT_CONCURRENCY, a whole number of at least 1. */
export function exportConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[EXPORT_CONCURRENCY_VARIABLE];
  if (raw == null || raw.trim() === '') return DEFAULT_EXPORT_CONCURRENCY;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${EXPORT_CONCURRENCY_VARIABLE} must be a whole number of at least 1, got "${raw}"`);
  return value;
}

/** A counting semaphore that refuses instead of queueing. */
export class ExportSlots {
  private taken = 0;

  constructor(readonly size: number) {}

  /** A slot and the function that gives it back (once, however often it is called); null when all are taken. */
  take(): (() => void) | null {
    if (this.taken >= this.size) return null;
    this.taken++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      this.taken--;
    };
  }

  /** The answer to an export asked for while every slot is taken. */
  busy(): ApiError {
    return new ApiError(
      503,
      `${this.size} export${this.size === 1 ? ' is' : 's are'} being written, the most this server writes at once (${EXPORT_CONCURRENCY_VARIABLE}); ask again in ${EXPORT_RETRY_AFTER_SECONDS} seconds`,
    );
  }
}

/**
 * The response for a streamed list in CSV or XLSX. Each page is read in a turn of `turns`;
 * `release` is called once the body has been written whole, has failed, or the client has gone.
 */
export function streamedTableResponse<T>(
  answer: StreamedTable<T>,
  format: Exclude<Format, 'json'>,
  turns: Turns,
  release: () => void,
): Response {
  const headers = new Headers({ 'content-type': CONTENT_TYPES[format], ...answer.headers });
  headers.set('content-disposition', `attachment; filename="devfin-${answer.name}.${format}"`);
  const nextPage = async () => {
    const next = await turns(() => answer.pages.next());
    return next.done ? null : next.value;
  };
  const body = format === 'csv' ? csvStream(answer, nextPage) : xlsxStream(answer, nextPage);
  return new Response(
    released(body, release, () => answer.pages.return(undefined)),
    { headers },
  );
}

/** The CSV bytes of csvText (the same as `devfin ... --csv`), a page at a time. */
function csvStream<T>(answer: StreamedTable<T>, nextPage: () => Promise<T[] | null>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let header = true;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const rows = await nextPage();
      const text = csvText(answer.columns, rows ?? [], { header });
      header = false;
      if (text) controller.enqueue(encoder.encode(text));
      if (!rows) controller.close();
    },
  });
}

function cells<T>(columns: readonly Column<T>[], row: T, empty: '' | undefined): (string | number | undefined)[] {
  return columns.map((c) => c.value(row) ?? empty);
}

/**
 * The workbook of xlsxOf in formats.ts, written by exceljs's streaming writer: a row is committed
 * (and zipped) as soon as it is added. Column widths come from the first page, since a column's
 * width is written before its rows.
 */
function xlsxStream<T>(answer: StreamedTable<T>, nextPage: () => Promise<T[] | null>): ReadableStream<Uint8Array> {
  const out = new PassThrough();
  const write = async () => {
    // Loaded on the first XLSX answer only: exceljs takes a noticeable time to load.
    const { default: Excel } = await import('exceljs');
    const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    const sheet = workbook.addWorksheet(answer.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    let first = true;
    for (let rows = await nextPage(); rows; rows = await nextPage()) {
      if (first) {
        first = false;
        startSheet(sheet, answer.columns, rows);
      }
      for (const row of rows) sheet.addRow(cells(answer.columns, row, undefined)).commit();
      // Wait for the client to take what has been written before reading the next page.
      if (out.writableNeedDrain) await new Promise((resolve) => out.once('drain', resolve).once('close', resolve));
      if (out.destroyed) return;
    }
    if (first) startSheet(sheet, answer.columns, []);
    sheet.commit();
    const notes = answer.notes();
    if (notes.length > 0) {
      const notesSheet = workbook.addWorksheet('notes');
      for (const note of notes) notesSheet.addRow([note]).commit();
      notesSheet.commit();
    }
    await workbook.commit();
  };
  write().catch((error: unknown) => out.destroy(error instanceof Error ? error : new Error(String(error))));
  return Readable.toWeb(out) as ReadableStream<Uint8Array>;
}

interface StreamedSheet {
  getColumn(index: number): { width?: number };
  addRow(values: unknown[]): { font: unknown; commit(): void };
}

function startSheet<T>(sheet: StreamedSheet, columns: readonly Column<T>[], rows: readonly T[]): void {
  columns.forEach((c, i) => {
    const widest = Math.max(c.header.length, ...rows.slice(0, 200).map((r) => String(c.value(r) ?? '').length));
    sheet.getColumn(i + 1).width = Math.min(60, Math.max(8, widest + 2));
  });
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.commit();
}

/** `body`, calling `release` once when it ends, fails or is cancelled (and `stop` when cancelled, to read no more). */
function released(body: ReadableStream<Uint8Array>, release: () => void, stop: () => Promise<unknown>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { done, value } = await reader.read();
        if (done) {
          release();
          controller.close();
        } else controller.enqueue(value);
      } catch (error) {
        release();
        controller.error(error);
      }
    },
    async cancel(reason) {
      release();
      await Promise.allSettled([reader.cancel(reason), stop()]);
    },
  });
}

/** The built worker's entry (dist/api/exportThread.js); absent when the server runs from src/ (tests in-process), which then writes exports itself. */
const WORKER_FILE = fileURLToPath(new URL('./exportThread.js', import.meta.url));

export function canExportInWorker(): boolean {
  return existsSync(WORKER_FILE);
}

/** How long a worker that has written an export is kept for the next one before it is told to end. */
export const EXPORT_WORKER_IDLE_MS = 60_000;

/** Workers waiting for their next export, the most recently used last. */
const idleWorkers: { worker: Worker; timer: NodeJS.Timeout }[] = [];
/** Exports waiting for a worker that is closing the store of its export before (see takeWorker). */
const waitingForWorker: ((worker: Worker) => void)[] = [];
/** Workers alive: writing an export, closing its store, or idle. */
let liveWorkers = 0;

function startWorker(): Worker {
  const worker = new Worker(WORKER_FILE);
  liveWorkers++;
  worker.once('exit', () => {
    liveWorkers--;
    // A worker that fails while idle is not handed another export.
    const index = idleWorkers.findIndex((idle) => idle.worker === worker);
    if (index >= 0) clearTimeout(idleWorkers.splice(index, 1)[0]?.timer);
    waitingForWorker.shift()?.(startWorker());
  });
  return worker;
}

/**
 * A worker kept from an export before, or a new one while fewer than `workers` are alive, or else
 * the next to be ready. An export's slot is given back as soon as its download ends, before its
 * worker has closed its store; at the lowest priority on a busy machine that takes a while, and
 * exports asked for meanwhile would each start a worker of their own (and load its modules again)
 * without this bound.
 */
function takeWorker(workers: number): Promise<Worker> {
  const idle = idleWorkers.pop();
  if (idle) {
    clearTimeout(idle.timer);
    idle.worker.ref();
    return Promise.resolve(idle.worker);
  }
  if (liveWorkers < workers) return Promise.resolve(startWorker());
  return new Promise((resolve) => waitingForWorker.push(resolve));
}

/**
 * Hands a worker whose export is over to an export waiting for one, or else keeps it for the next, at most `keep` of them and for
 * EXPORT_WORKER_IDLE_MS; a worker not kept is told to end, and ends by itself. An idle worker does
 * not keep the server's process alive.
 */
function keepWorker(worker: Worker, keep: number): void {
  const waiting = waitingForWorker.shift();
  if (waiting) {
    waiting(worker);
    return;
  }
  if (idleWorkers.length >= keep) {
    worker.postMessage('end' satisfies ExportRequest);
    return;
  }
  worker.unref();
  const timer = setTimeout(() => {
    const index = idleWorkers.findIndex((idle) => idle.worker === worker);
    if (index >= 0) idleWorkers.splice(index, 1);
    worker.postMessage('end' satisfies ExportRequest);
  }, EXPORT_WORKER_IDLE_MS);
  timer.unref();
  idleWorkers.push({ worker, timer });
}

/**
 * The response of an export written by a worker thread: it resolves once the worker has answered
 * the route (with the headers, or with an error), and its body asks the worker for one chunk at a
 * time. `release` is called once the worker is done, has failed or the client has gone; the worker
 * is then told to stop, closes its store, and is kept for the next export.
 */
export async function exportInWorker(job: ExportJob, release: () => void, workers: number): Promise<Response> {
  const worker = await takeWorker(workers);
  const messages: ExportMessage[] = [];
  let waiting: ((message: ExportMessage) => void) | null = null;
  const receive = (message: ExportMessage) => {
    if (waiting) {
      const deliver = waiting;
      waiting = null;
      deliver(message);
    } else messages.push(message);
  };
  const onMessage = (message: ExportMessage) => {
    if (message.kind !== 'ready') return receive(message);
    detach();
    keepWorker(worker, workers);
  };
  const onError = (error: Error) => receive({ kind: 'error', message: error.stack ?? error.message });
  const onExit = (code: number) => {
    detach();
    receive({ kind: 'error', message: `the export worker stopped (exit code ${code})` });
  };
  const detach = () => {
    worker.off('message', onMessage).off('error', onError).off('exit', onExit);
  };
  worker.on('message', onMessage).on('error', onError).on('exit', onExit);
  worker.postMessage(job satisfies ExportRequest);
  const next = () =>
    new Promise<ExportMessage>((resolve) => {
      const kept = messages.shift();
      if (kept) resolve(kept);
      else waiting = resolve;
    });
  // The slot is given back at once; the worker, told to stop, closes its store and says when it is ready again.
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    release();
    worker.postMessage('stop' satisfies ExportRequest);
  };
  return next().then((first) => {
    if (first.kind !== 'headers') {
      finish();
      if (first.kind === 'error' && first.status !== undefined) return jsonResponse(first.body, first.status);
      throw new Error(first.kind === 'error' ? first.message : `unexpected ${first.kind} from the export worker`);
    }
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        worker.postMessage('more' satisfies ExportRequest);
        const message = await next();
        if (message.kind === 'chunk') controller.enqueue(message.chunk);
        else {
          finish();
          if (message.kind === 'done') controller.close();
          else controller.error(new Error(message.kind === 'error' ? message.message : `unexpected ${message.kind}`));
        }
      },
      cancel() {
        finish();
      },
    });
    return new Response(body, { headers: new Headers(first.headers) });
  });
}
