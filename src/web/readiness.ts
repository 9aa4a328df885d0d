// When a page counts as interactive and as complete, for the people and programs that wait for it
// (the end-to-end tests, bench/web.ts): main[data-ready] once its headline figures and main table
// are on the screen, main[data-complete] once every block has its answer. A page that says nothing
// is both as soon as it is shown. Charts drawn once their code has loaded (whileDrawing) count
// towards complete too.

export interface Readiness {
  ready: Promise<unknown>;
  complete: Promise<unknown>;
}

const marks = new WeakMap<HTMLElement, Readiness>();

/** Says what `page` waits on; failed blocks count as done (they show their error). */
export function markReadiness(page: HTMLElement, readiness: Readiness): HTMLElement {
  const settled = (p: Promise<unknown>) =>
    p.then(
      () => undefined,
      () => undefined,
    );
  marks.set(page, { ready: settled(readiness.ready), complete: settled(readiness.complete) });
  return page;
}

export function readinessOf(page: HTMLElement): Readiness {
  return marks.get(page) ?? { ready: Promise.resolve(), complete: Promise.resolve() };
}

const drawings = new Set<Promise<unknown>>();

/** Drawing that fills a block after the page is shown (a chart waiting for its code). */
export function whileDrawing(work: Promise<unknown>): void {
  const done = work.then(
    () => undefined,
    () => undefined,
  );
  drawings.add(done);
  void done.then(() => drawings.delete(done));
}

/** Resolves once every drawing under way has finished. */
export async function drawingsDone(): Promise<void> {
  while (drawings.size > 0) await Promise.all([...drawings]);
}
