// When a page counts as interactive and as complete, for the people and programs that wait for it
// (the end-to-end tests, bench/web.ts): main[data-ready] once its headline figures and main table
// are on the screen, main[data-complete] once every block has its answer. A page that says nothing
// is both as soon as it is shown.

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
