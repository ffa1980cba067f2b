/**
 * `Idempotency-Key` bookkeeping: the first request with a key is processed and
 * its response (status + body) stored; a replay gets that stored response and
 * is not processed again. The counters let tests prove "never twice".
 */

export interface StoredResponse {
  status: number;
  body: string;
  contentType: string;
  /** Sent as `Retry-After` (e.g. a 429 from a rate limit). */
  retryAfterSeconds?: number;
}

interface Entry {
  /** Method, path and body of the first request: a different request with the same key is refused. */
  fingerprint: string;
  /** Settles when the first request has been processed; a concurrent replay waits for it. */
  result: Promise<StoredResponse>;
}

export interface WriteStats {
  /** Writes actually processed (route handlers run), replays excluded. */
  processed: number;
  /** Requests received per key, replays included. */
  requestsByKey: ReadonlyMap<string, number>;
  /** Times each key was processed: 1 for every key, or a duplicate slipped through. */
  processedByKey: ReadonlyMap<string, number>;
  /** Sum over keys of (processed - 1) when positive: always 0 for a correct server. */
  duplicates: number;
}

export class IdempotencyLedger {
  private readonly entries = new Map<string, Entry>();
  private readonly requests = new Map<string, number>();
  private readonly processedPerKey = new Map<string, number>();
  private processedCount = 0;

  countRequest(key: string): void {
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
  }

  countProcessed(key: string | undefined): void {
    this.processedCount++;
    if (key !== undefined) this.processedPerKey.set(key, (this.processedPerKey.get(key) ?? 0) + 1);
  }

  find(key: string): Entry | undefined {
    return this.entries.get(key);
  }

  begin(key: string, fingerprint: string, result: Promise<StoredResponse>): void {
    this.entries.set(key, { fingerprint, result });
  }

  /** The first request failed before processing (e.g. it was aborted): the key is free again. */
  forget(key: string): void {
    this.entries.delete(key);
  }

  get stats(): WriteStats {
    let duplicates = 0;
    for (const count of this.processedPerKey.values()) duplicates += Math.max(0, count - 1);
    return {
      processed: this.processedCount,
      requestsByKey: new Map(this.requests),
      processedByKey: new Map(this.processedPerKey),
      duplicates,
    };
  }

  clear(): void {
    this.entries.clear();
    this.requests.clear();
    this.processedPerKey.clear();
    this.processedCount = 0;
  }
}
