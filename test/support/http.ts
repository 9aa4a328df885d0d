// Requests from a test process to the `devfin serve` it started.

/**
 * fetch on a connection of its own, closed after the answer. Node 20's fetch (undici 6.24) writes a
 * request to an idle kept-alive connection before reading what arrived on it while this process was
 * busy; a test that runs SQLite in this process holds the event loop for seconds, during which the
 * server may close the idle connection, and the next request then fails ("other side closed"). With
 * no connection kept between requests, no test depends on how long the one before it took.
 */
export function fetchOnNewConnection(url: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('connection', 'close');
  return fetch(url, { ...init, headers });
}
