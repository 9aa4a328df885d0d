// One question to the store at a time, in order of arrival.
//
// better-sqlite3 answers synchronously, so a portfolio question holds the event loop for its whole
// run (10-20 ms for a country summary on 30,000 activities). Left to itself, Node starts the next
// request in whatever order it finds the sockets, and under load some requests wait many seconds
// while others are served again and again. Measured here with a plain Node server whose handler
// takes 15 ms, 50 connections, 8 s, four runs: max latency 8.0, 8.0, 3.0 and 1.3 s (the 20 s
// bench:http run without this queue had 42 requests past autocannon's 10 s timeout). Through this
// queue, three runs: max 2.9, 2.5 and 1.8 s, at the same throughput. Running every waiting
// question in one go per loop turn instead was worse than no queue (max 7.8 and 8.0 s): the yield
// before each question is what lets the requests that arrived meanwhile take their place in line.
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
