// One question to the store at a time, in order of arrival.
//
// better-sqlite3 answers synchronously, so a portfolio question holds the event loop for its whole
// run. Left to itself, Node starts the next request in whatever order it finds the sockets, and
// under load some requests wait many seconds while others are served again and again; through
// this queue every request waits its turn (bench:http shows the latencies, and the commit that
// added the queue the figures). Running every waiting question in one go per loop turn is worse
// than no queue: the yield before each question is what lets the requests that arrived meanwhile
// take their place in line.
// Stores with an asynchronous driver (PostgreSQL) need no queue.

export type Turns = <T>(work: () => Promise<T>) => Promise<T>;

export function takingTurns(): Turns {
  let last: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = last.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(work);
    last = run.catch(() => undefined);
    return run;
  };
}

export const noTurns: Turns = (work) => work();
