/**
 * Tensor memory for backends whose kernels read any ArrayBuffer (the native addon): arrays are views into large
 * ArrayBuffers ("slabs") cut into blocks of a few size classes; a block returns to its class's free list when a
 * FinalizationRegistry reports its array unreachable, and is zeroed when it is handed out again.
 *
 * Why: a fresh `new Float32Array(n)` per tensor costs far more than its zeroing. V8 allocates and frees each
 * backing store with calloc/free (large ones by mmap, so every page faults in again), and counts it as external
 * memory, which triggers a scavenge every few megabytes. A training step makes ~65 arrays, ~7 MB; reusing blocks
 * measured several times cheaper. The wasm backend's arena (wasm-arena.ts) does the same over the wasm heap.
 *
 * Reclamation: finalizers run between event-loop tasks, so a training loop that never yields would free
 * nothing. With a `SyncCollector` (Node) the arena collects on its own when the newest slab is three quarters full
 * and it has handed out max(16 MiB, 16× the live arrays) since the last collection (at most 256 MiB): the slabs stay
 * within about that of the live arrays, at one full collection per that much allocation. Without a collector, once the slabs pass
 * `maxSlabBytes` it hands out ordinary arrays until blocks come back, so memory stays bounded.
 * NOTE: a view kept without the array `alloc` returned (a bare `subarray`) does not keep the block alive;
 * tensors that are slices keep their allocation reachable through `Tensor.base`. `arr.buffer` is the slab.
 */
import type { SyncCollector } from './wasm-arena.js';

/** Floats per slab (32 MiB). */
const SLAB_FLOATS = 8 * 1024 * 1024;
/** Larger blocks get an ArrayBuffer of their own, pooled like any other block. */
const MAX_IN_SLAB = SLAB_FLOATS / 4;
const SMALL = 1024;
/**
 * Collect when this much was handed out since the last collection: max(16 MiB, 16× the live arrays), at most 256 MiB
 * (a full collection costs milliseconds: for the MLP VAE, one every ~25 steps).
 */
const RECLAIM_MIN_BYTES = 16 * 1024 * 1024;
const RECLAIM_MAX_BYTES = 256 * 1024 * 1024;

/**
 * The size class of n floats: multiples of 16 floats (64 bytes) up to 1024, then eight classes per octave
 * (at most 12.5 % unused). Returns [class index, class size in floats].
 */
export function sizeClass(n: number): [number, number] {
  if (n <= SMALL) {
    const k = Math.max(1, Math.ceil(n / 16));
    return [k, k * 16];
  }
  const e = 31 - Math.clz32(n - 1); // 2^e < n ≤ 2^(e+1)
  const step = 2 ** (e + 1) / 16; // a multiple of 16 floats for e ≥ 10
  const k = Math.ceil(n / step); // 9..16 (n > 2^e = 8·step)
  return [65 + (e - 10) * 8 + (k - 9), k * step];
}

// A block is one number: ((class · 2^16) + slab) · 2^24 + float offset (2^24 > SLAB_FLOATS; a block with a slab
// of its own has offset 0). Classes stay below 2^8 for any array length below 2^31, so the number is exact.
const OFFSET_RANGE = 2 ** 24;
const SLAB_RANGE = 2 ** 16;

export interface SlabArenaOptions {
  collector: SyncCollector | null;
  /** Without a collector, the slab memory beyond which `alloc` hands out ordinary arrays (default 1 GiB). */
  maxSlabBytes?: number;
}

export class SlabArena {
  private readonly slabs: ArrayBuffer[] = [];
  private slabBytes = 0;
  /** The slab blocks are cut from (large blocks have slabs of their own), and its first unused float. */
  private current = -1;
  private top = SLAB_FLOATS;
  private readonly free = new Map<number, number[]>();
  private readonly registry: FinalizationRegistry<number> & { cleanupSome?(): void };
  private readonly collector: SyncCollector | null;
  private readonly maxSlabBytes: number;
  private inUseFloats = 0;
  private allocatedSinceReclaim = 0;
  /** Bytes in use right after the last collection: the live arrays, garbage excluded. */
  private liveAfterReclaim = 0;

  constructor(opts: SlabArenaOptions) {
    this.collector = opts.collector;
    this.maxSlabBytes = opts.maxSlabBytes ?? 1024 * 1024 * 1024;
    const release = (block: number): void => this.release(block);
    this.registry = this.collector ? new this.collector.Registry(release) : new FinalizationRegistry(release);
  }

  /**
   * Runs the finalizers that are due now. NOTE: call it before the process exits: a cleanup task of the collector's
   * registry (made in a vm context of its own) still pending when Node tears the environment down fails with
   * V8's "illegal access".
   */
  drain(): void {
    this.registry.cleanupSome?.();
  }

  /** An array of n floats, zero-filled unless `zero` is false (then its contents are whatever the block held). */
  alloc(n: number, zero = true): Float32Array {
    if (n === 0) return new Float32Array(0);
    const [cls, size] = sizeClass(n);
    this.allocatedSinceReclaim += size * 4;
    let block = this.pop(cls);
    let fresh = false;
    // Collect before the newest slab fills up, so that the blocks still live at that moment (which come back only
    // later) can be served from its last quarter instead of from a new slab.
    if (block < 0 && size <= MAX_IN_SLAB && this.top + size > SLAB_FLOATS * 0.75 && this.collector !== null &&
      this.allocatedSinceReclaim >= this.reclaimBytes()) {
      this.reclaim();
      block = this.pop(cls);
    }
    if (block < 0 && size > MAX_IN_SLAB) {
      // A block of its own: collect first when enough has been handed out since the last time.
      if (this.collector !== null && this.allocatedSinceReclaim >= this.reclaimBytes()) {
        this.reclaim();
        block = this.pop(cls);
      }
      if (block < 0) {
        if (this.slabs.length >= SLAB_RANGE || (!this.collector && this.slabBytes + size * 4 > this.maxSlabBytes)) return new Float32Array(n);
        this.slabs.push(new ArrayBuffer(size * 4));
        this.slabBytes += size * 4;
        block = (cls * SLAB_RANGE + this.slabs.length - 1) * OFFSET_RANGE;
        fresh = true;
      }
    }
    if (block < 0) {
      if (this.top + size > SLAB_FLOATS || this.current < 0) {
        if (this.slabs.length >= SLAB_RANGE || (!this.collector && this.slabBytes + SLAB_FLOATS * 4 > this.maxSlabBytes)) {
          return new Float32Array(n);
        }
        this.slabs.push(new ArrayBuffer(SLAB_FLOATS * 4));
        this.slabBytes += SLAB_FLOATS * 4;
        this.current = this.slabs.length - 1;
        this.top = 0;
      }
      block = (cls * SLAB_RANGE + this.current) * OFFSET_RANGE + this.top;
      this.top += size;
      fresh = true;
    }
    const slab = Math.floor(block / OFFSET_RANGE) % SLAB_RANGE;
    const offset = block % OFFSET_RANGE;
    const arr = new Float32Array(this.slabs[slab]!, offset * 4, n);
    if (!fresh && zero) arr.fill(0);
    this.inUseFloats += size;
    this.registry.register(arr, block);
    return arr;
  }

  /** Frees the blocks of arrays that have become unreachable, now (with a collector; otherwise a no-op). */
  reclaim(): void {
    const c = this.collector;
    if (c === null) return;
    c.gc();
    this.registry.cleanupSome!();
    this.allocatedSinceReclaim = 0;
    this.liveAfterReclaim = this.inUseFloats * 4;
  }

  /** Slab memory and the part of it in live arrays, in bytes. */
  stats(): { slabBytes: number; inUseBytes: number } {
    return { slabBytes: this.slabBytes, inUseBytes: this.inUseFloats * 4 };
  }

  /** Allocation since the last collection that makes the next one worth its cost. */
  private reclaimBytes(): number {
    return Math.min(RECLAIM_MAX_BYTES, Math.max(RECLAIM_MIN_BYTES, this.liveAfterReclaim * 16));
  }

  private pop(cls: number): number {
    const list = this.free.get(cls);
    return list !== undefined && list.length > 0 ? list.pop()! : -1;
  }

  private release(block: number): void {
    const cls = Math.floor(block / (OFFSET_RANGE * SLAB_RANGE));
    let list = this.free.get(cls);
    if (list === undefined) this.free.set(cls, (list = []));
    list.push(block);
    this.inUseFloats -= sizeOfClass(cls);
  }
}

/** The size in floats of class `cls` (the inverse of sizeClass). */
export function sizeOfClass(cls: number): number {
  if (cls <= 64) return cls * 16;
  const e = 10 + Math.floor((cls - 65) / 8);
  const k = 9 + ((cls - 65) % 8);
  return k * (2 ** (e + 1) / 16);
}
