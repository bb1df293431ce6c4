/**
 * Dynamic batching: requests that arrive close together share one kernel call. A request joins the queue;
 * the queue is run as one batch when it holds `maxBatch` rows, or `maxWaitMs` after its first request arrived,
 * whichever comes first. A batch takes requests in arrival order up to `maxBatch` rows (a single larger request
 * runs alone; requests are never split). While a batch computes (kernels run synchronously), new requests queue
 * up and form the next batch, so under load batches grow by themselves. `maxBatch` 1 turns batching off.
 */

export interface BatchingOptions {
  /** Most rows per kernel call (≥ 1; 1: every request alone). */
  maxBatch: number;
  /** How long the first queued request waits for company, in milliseconds (≥ 0). */
  maxWaitMs: number;
}

interface Pending<I, R> {
  item: I;
  rows: number;
  resolve(result: R): void;
  reject(err: unknown): void;
}

/** Runs one batch: a result per item, in order. */
export type BatchRunner<I, R> = (items: I[]) => R[];

export class DynamicBatcher<I, R> {
  readonly #queue: Pending<I, R>[] = [];
  #queuedRows = 0;
  #timer: NodeJS.Timeout | null = null;
  #immediate: NodeJS.Immediate | null = null;

  /** `onBatch` sees each batch's row and request counts (for metrics). */
  constructor(readonly options: BatchingOptions, readonly run: BatchRunner<I, R>,
    readonly onBatch: (rows: number, requests: number) => void = () => {}) {
    if (!Number.isInteger(options.maxBatch) || options.maxBatch < 1) throw new RangeError(`DynamicBatcher: maxBatch must be an integer ≥ 1, got ${options.maxBatch}`);
    if (!(options.maxWaitMs >= 0) || !Number.isFinite(options.maxWaitMs)) throw new RangeError(`DynamicBatcher: maxWaitMs must be a finite number ≥ 0, got ${options.maxWaitMs}`);
  }

  /** Requests waiting for their batch. */
  get pending(): number {
    return this.#queue.length;
  }

  /** Queues `item` (of `rows` rows); resolves with its part of the batch's result. */
  submit(item: I, rows: number): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, rows, resolve, reject });
      this.#queuedRows += rows;
      if (this.#queuedRows >= this.options.maxBatch) this.#flushSoon();
      else this.#timer ??= setTimeout(() => this.#flush(), this.options.maxWaitMs);
    });
  }

  /** Runs on the next turn of the event loop, after the handlers already running have queued their requests. */
  #flushSoon(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#immediate ??= setImmediate(() => this.#flush());
  }

  #flush(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#immediate = null;
    const batch: Pending<I, R>[] = [];
    let rows = 0;
    while (this.#queue.length > 0 && (batch.length === 0 || rows + this.#queue[0]!.rows <= this.options.maxBatch)) {
      const next = this.#queue.shift()!;
      rows += next.rows;
      batch.push(next);
    }
    this.#queuedRows -= rows;
    if (batch.length > 0) this.#runBatch(batch, rows);
    // Whatever is left has waited through this batch already.
    if (this.#queue.length > 0) this.#flushSoon();
  }

  #runBatch(batch: Pending<I, R>[], rows: number): void {
    let results: R[];
    try {
      results = this.run(batch.map((p) => p.item));
      if (results.length !== batch.length) throw new Error(`batch runner returned ${results.length} results for ${batch.length} requests`);
    } catch (err) {
      for (const p of batch) p.reject(err);
      return;
    }
    this.onBatch(rows, batch.length);
    batch.forEach((p, i) => p.resolve(results[i]!));
  }
}
