// A token bucket per client: `capacity` requests at once, refilled at `perSecond`. Kept in this
// process's memory, so two `devfin serve` processes behind one address each allow the full rate.

export interface BucketRate {
  capacity: number;
  perSecond: number;
}

/** Buckets kept before the full ones (clients that have not come back) are forgotten. */
const MAX_CLIENTS = 10_000;

export class TokenBuckets {
  readonly #buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly rate: BucketRate,
    private readonly now: () => number = Date.now,
  ) {}

  #level(client: string): { tokens: number; at: number } {
    const at = this.now();
    const bucket = this.#buckets.get(client) ?? { tokens: this.rate.capacity, at };
    bucket.tokens = Math.min(this.rate.capacity, bucket.tokens + ((at - bucket.at) / 1000) * this.rate.perSecond);
    bucket.at = at;
    return bucket;
  }

  /** Seconds until the client may try again: 0 when it may now (and a token was taken). */
  take(client: string): number {
    const bucket = this.#level(client);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.#remember(client, bucket);
      return 0;
    }
    this.#remember(client, bucket);
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.rate.perSecond));
  }

  /** Like take, without taking: whether the client has any token left. */
  waitFor(client: string): number {
    const bucket = this.#level(client);
    return bucket.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / this.rate.perSecond));
  }

  #remember(client: string, bucket: { tokens: number; at: number }): void {
    this.#buckets.set(client, bucket);
    if (this.#buckets.size <= MAX_CLIENTS) return;
    for (const [key, b] of this.#buckets)
      if (this.#level(key).tokens >= this.rate.capacity || b.at < this.now() - 3_600_000) this.#buckets.delete(key);
  }
}
