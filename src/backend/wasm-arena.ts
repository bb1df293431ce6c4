/**
 * The WebAssembly module's memory as seen from JS: tensor allocation straight out of the module's heap,
 * freeing driven by garbage collection, and the copies for arrays that live elsewhere.
 *
 * Every array `alloc` returns is a Float32Array view into the module's `WebAssembly.Memory`, so kernels
 * address operands in place (a prototype measured copying operands in at 5× the cost of an add). The block
 * behind it goes back to the C heap (csrc/wasm_alloc.c) when a `FinalizationRegistry` reports the array
 * unreachable; a tensor that is a slice keeps its allocation reachable through `Tensor.base`.
 * NOTE: a view kept without the array `alloc` returned (a bare `subarray`) does not keep the block alive.
 *
 * Finalizers normally run only between event-loop tasks, and V8 does not see the wasm heap when it decides
 * to collect; a training loop that never yields would never free anything. Where the engine allows it (Node),
 * the arena therefore collects on its own once the heap has grown by half since the last time (at least
 * 256 MiB) and runs the finalizers at once (`SyncCollector`): a full collection every ~13 steps of the
 * 784-512-20 VAE, ~0.5 ms per step.
 *
 * The memory is shared where SharedArrayBuffer exists: a shared memory can grow without detaching the views
 * already handed out (a non-shared one detaches them all), and worker threads need it anyway. Where it is not
 * available (a browser page that is not cross-origin isolated) the memory is an ordinary one of fixed size that
 * never grows; once it is full, `alloc` returns ordinary arrays, which kernels copy in and out.
 */

/** The parts of the WebAssembly JS API used here (the project's `lib` setting has no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
}
export interface WasmModule { readonly __brand?: 'WebAssembly.Module' }
export interface WasmGlobal { value: number }
export interface WasmInstance { readonly exports: Record<string, unknown> }
interface WebAssemblyApi {
  Memory: new (d: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
  Instance: new (m: WasmModule, imports: Record<string, Record<string, unknown>>) => WasmInstance;
  compile(bytes: BufferSource): Promise<WasmModule>;
  validate(bytes: BufferSource): boolean;
  compileStreaming?(source: unknown): Promise<WasmModule>;
}
export type BufferSource = ArrayBufferView | ArrayBuffer;

export const WA = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** The functions csrc/ exports (pointers and sizes are byte addresses and counts as i32). */
export interface AekitExports {
  aekit_alloc(bytes: number): number;
  aekit_free(ptr: number): void;
  aekit_heap_configure(mayGrow: number): void;
  aekit_heap_in_use(): number;
  aekit_heap_top(): number;
  aekit_pool_configure(threads: number, spin: number, callerBlocks: number): number;
  aekit_pool_worker(): void;
  aekit_sgemm(tA: number, tB: number, m: number, n: number, k: number, alpha: number, a: number, b: number,
    beta: number, c: number): void;
  aekit_fill(out: number, n: number, value: number): void;
  aekit_unary(op: number, x: number, out: number, n: number, p0: number, p1: number): void;
  aekit_binary(op: number, a: number, sa: number, b: number, sb: number, out: number, shape: number, rank: number): void;
  aekit_where(c: number, sc: number, a: number, sa: number, b: number, sb: number, out: number, shape: number,
    rank: number): void;
  aekit_copy_strided(src: number, ss: number, dst: number, ds: number, shape: number, rank: number): void;
  aekit_reduce(op: number, x: number, shape: number, isReduced: number, rank: number, out: number): void;
  aekit_arg_reduce(isMax: number, x: number, outer: number, len: number, inner: number, out: number): void;
  aekit_im2col(x: number, geom: number, out: number, images: number): void;
  aekit_col2im(cols: number, geom: number, out: number, images: number): void;
  aekit_adam_update(param: number, grad: number, m: number, v: number, n: number, step: number): void;
  aekit_bias_act(x: number, bias: number, out: number, outer: number, channels: number, inner: number, act: number,
    p0: number): void;
  aekit_bias_act_backward(y: number, dy: number, dx: number, dbias: number, outer: number, channels: number,
    inner: number, act: number, p0: number): void;
  aekit_bce_logits_rows(x: number, y: number, rows: number, cols: number, repeats: number, rowLoss: number, grad: number): number;
  aekit_reparameterize(mu: number, logVar: number, eps: number, z: number, dzdLogVar: number, n: number): void;
  /** Address of the op table string the module was built from (csrc/op_table.c). */
  aekit_op_table(): number;
  /** Runs the module's constructors; called once per instance. */
  _initialize(): void;
  /** Thread set-up, exported by the threaded build (aekit.wasm) only. */
  __wasm_init_tls?(ptr: number): void;
  __stack_pointer?: WasmGlobal;
  __tls_size?: WasmGlobal;
}

/** The memory has no room for a kernel's scratch copies (the backend then runs the JS reference kernel). */
export class WasmOutOfMemory extends RangeError {
  override name = 'WasmOutOfMemory';
}

const PAGE = 65536;
/** Bytes of the parameter block: shapes, strides and small structs passed to kernels by pointer. */
const PARAM_BYTES = 1024;

export interface ArenaOptions {
  /** Use a shared, growable memory (default: when SharedArrayBuffer exists). */
  shared: boolean;
  /** Upper bound of the memory in MiB (shared) or its fixed size (not shared). */
  maxMemoryMiB: number;
  /** Synchronous reclamation, where the engine allows it (see `SyncCollector`). */
  collector: SyncCollector | null;
}

/**
 * A way to reclaim unreachable allocations in the middle of synchronous code: a garbage collection on demand
 * and a FinalizationRegistry with `cleanupSome`, which runs the callbacks of collected targets right away.
 * NOTE: without it, finalizers run only between event-loop tasks, so a training loop that never yields would
 * free nothing; and V8, which does not see the wasm heap, would collect too rarely even in one that does.
 */
export interface SyncCollector {
  gc(): void;
  Registry: new (cleanup: (ptr: number) => void) => FinalizationRegistry<number> & { cleanupSome(): void };
}

/**
 * Node's way to reclaim allocations synchronously: `gc` and a FinalizationRegistry with `cleanupSome` (a V8
 * flag, --harmony-weak-refs-with-cleanup-some), both taken from a fresh vm context created after setting the
 * flags, so the application's own global scope is left as it was. Takes node:v8 and node:vm (so that this
 * file imports nothing from Node); null where the engine refuses.
 * NOTE: V8 flags are process-wide: contexts and worker threads made later also see a global `gc`.
 */
export function makeSyncCollector(
  v8: { setFlagsFromString(flags: string): void },
  vm: { createContext(o: object): object; runInContext(code: string, context: object): unknown },
): SyncCollector | null {
  try {
    v8.setFlagsFromString('--expose-gc');
    v8.setFlagsFromString('--harmony-weak-refs-with-cleanup-some');
    const context = vm.createContext({});
    const gc = vm.runInContext('gc', context);
    const Registry = vm.runInContext('FinalizationRegistry', context) as SyncCollector['Registry'];
    if (typeof gc !== 'function' || typeof Registry?.prototype?.cleanupSome !== 'function') return null;
    return { gc: gc as SyncCollector['gc'], Registry };
  } catch {
    return null;
  }
}

/** Bytes allocated since the last reclamation that trigger the next one (at least; see `alloc`). */
const RECLAIM_MIN_BYTES = 256 * 1024 * 1024;

export class WasmArena {
  readonly memory: WasmMemory;
  readonly shared: boolean;
  exports!: AekitExports;
  /** Every buffer object the memory has had: a shared memory hands out a new one, same storage, per growth. */
  private readonly buffers = new Set<ArrayBufferLike>();
  private lastBuffer: ArrayBufferLike;
  private heapF32: Float32Array;
  private heapI32: Int32Array;
  private heapF64: Float64Array;
  private readonly freed: FinalizationRegistry<number> & { cleanupSome?(): void };
  private readonly collector: SyncCollector | null;
  private allocatedSinceReclaim = 0;
  /** Blocks of the kernel call in progress: copies of foreign arrays, and where results go back. */
  private readonly temps: number[] = [];
  private readonly copyBack: { ptr: number; arr: Float32Array }[] = [];
  /** Byte address of the parameter block. */
  params = 0;

  constructor(opts: ArenaOptions) {
    this.shared = opts.shared;
    const maxPages = Math.min(32768, Math.max(256, Math.floor((opts.maxMemoryMiB * 1048576) / PAGE)));
    this.memory = opts.shared
      ? new WA.Memory({ initial: 256, maximum: maxPages, shared: true })
      : new WA.Memory({ initial: maxPages, maximum: maxPages });
    this.lastBuffer = this.memory.buffer;
    this.buffers.add(this.lastBuffer);
    this.heapF32 = new Float32Array(this.lastBuffer);
    this.heapI32 = new Int32Array(this.lastBuffer);
    this.heapF64 = new Float64Array(this.lastBuffer);
    this.collector = opts.collector;
    const free = (ptr: number): void => this.exports.aekit_free(ptr);
    this.freed = this.collector ? new this.collector.Registry(free) : new FinalizationRegistry(free);
  }

  /** The NUL-terminated ASCII string at byte address `ptr`. */
  cString(ptr: number): string {
    const bytes = new Uint8Array(this.heap().buffer);
    let end = ptr;
    while (end < bytes.length && bytes[end] !== 0) end++;
    let s = '';
    for (let i = ptr; i < end; i++) s += String.fromCharCode(bytes[i]!);
    return s;
  }

  /** Binds the instantiated module; sets up the main instance's thread-local block and the parameter block. */
  attach(exports: AekitExports): void {
    this.exports = exports;
    exports._initialize();
    exports.aekit_heap_configure(this.shared ? 1 : 0);
    if (exports.__wasm_init_tls) exports.__wasm_init_tls(this.malloc(this.tlsBytes()));
    this.params = this.malloc(PARAM_BYTES);
  }

  /** Bytes of one thread's thread-local block. */
  tlsBytes(): number {
    return Math.max(this.exports.__tls_size?.value ?? 0, 16);
  }

  /** The current view of the whole memory (refreshed after the memory grew). */
  heap(): Float32Array {
    const buf = this.memory.buffer;
    if (buf !== this.lastBuffer) {
      this.lastBuffer = buf;
      this.buffers.add(buf);
      this.heapF32 = new Float32Array(buf);
      this.heapI32 = new Int32Array(buf);
      this.heapF64 = new Float64Array(buf);
    }
    return this.heapF32;
  }

  /** A zeroed block of `bytes` that lives until `free` (0 when the memory is full). */
  malloc(bytes: number): number {
    return this.exports.aekit_alloc(bytes) >>> 0;
  }

  free(ptr: number): void {
    this.exports.aekit_free(ptr);
  }

  /** A zero-filled view into the memory, freed when it becomes unreachable; an ordinary array when full. */
  alloc(size: number): Float32Array {
    if (size === 0) return new Float32Array(0);
    const bytes = size * 4;
    this.allocatedSinceReclaim += bytes;
    // Reclaim once the allocations since the last time reach half of what is in use (at least 256 MiB):
    // a full collection costs milliseconds.
    const inUse = this.exports.aekit_heap_in_use() >>> 0;
    if (this.collector && this.allocatedSinceReclaim > Math.max(RECLAIM_MIN_BYTES, inUse / 2)) this.reclaim();
    let ptr = this.malloc(bytes);
    if (ptr === 0 && this.collector) {
      this.reclaim();
      ptr = this.malloc(bytes);
    }
    if (ptr === 0) return new Float32Array(size);
    this.heap();
    const arr = new Float32Array(this.lastBuffer, ptr, size);
    this.freed.register(arr, ptr);
    return arr;
  }

  /** Frees the blocks of arrays that have become unreachable, now: a full collection, then their finalizers. */
  reclaim(): void {
    const c = this.collector;
    if (c === null) return;
    // NOTE: gc() without options: given an options object ({ type: 'major' } or 'minor'), V8 11 (Node 20)
    // reclaimed none of the arrays that the calling loop had just dropped (measured).
    c.gc();
    this.freed.cleanupSome!();
    this.allocatedSinceReclaim = 0;
  }

  /** Whether `arr` is a view into this memory (any of its buffer objects). */
  owns(arr: Float32Array): boolean {
    if (this.buffers.has(arr.buffer)) return true;
    this.heap();
    return this.buffers.has(arr.buffer);
  }

  /** Byte address of `arr`'s first element for a kernel that reads it; arrays from elsewhere are copied in. */
  input(arr: Float32Array): number {
    if (this.owns(arr)) return arr.byteOffset;
    return this.copyIn(arr);
  }

  /**
   * Byte address for a kernel that writes `arr`; a foreign array gets a temporary block whose contents are
   * copied back by `end()` (and copied in first when the kernel also reads it: `reads`).
   */
  output(arr: Float32Array, reads: boolean): number {
    if (this.owns(arr)) return arr.byteOffset;
    const ptr = reads ? this.copyIn(arr) : this.temp(arr.length * 4);
    this.copyBack.push({ ptr, arr });
    return ptr;
  }

  /** A block that `end()` frees. */
  temp(bytes: number): number {
    const ptr = this.malloc(Math.max(bytes, 4));
    if (ptr === 0) throw new WasmOutOfMemory(`wasm backend: out of memory allocating ${bytes} bytes`);
    this.temps.push(ptr);
    return ptr;
  }

  /** Finishes a kernel call: copies results to foreign outputs and frees the temporaries. */
  end(): void {
    if (this.copyBack.length > 0) {
      const heap = this.heap();
      for (const { ptr, arr } of this.copyBack) arr.set(heap.subarray(ptr >>> 2, (ptr >>> 2) + arr.length));
      this.copyBack.length = 0;
    }
    for (const p of this.temps) this.exports.aekit_free(p);
    this.temps.length = 0;
  }

  /** Abandons a kernel call that failed before it ran: frees the temporaries, copies nothing back. */
  abort(): void {
    this.copyBack.length = 0;
    for (const p of this.temps) this.exports.aekit_free(p);
    this.temps.length = 0;
  }

  /** Writes 32-bit integers into the parameter block at `slot` (in i32 units); returns their byte address. */
  ints(slot: number, values: readonly number[]): number {
    this.heap();
    const base = (this.params >>> 2) + slot;
    for (let i = 0; i < values.length; i++) this.heapI32[base + i] = values[i]!;
    return this.params + slot * 4;
  }

  /** Writes doubles into the parameter block at byte offset `byteOffset` (a multiple of 8); returns the address. */
  doubles(byteOffset: number, values: readonly number[]): number {
    this.heap();
    const base = (this.params + byteOffset) >>> 3;
    for (let i = 0; i < values.length; i++) this.heapF64[base + i] = values[i]!;
    return this.params + byteOffset;
  }

  /** Writes bytes into the parameter block at byte offset `byteOffset`; returns the address. */
  bytes(byteOffset: number, values: readonly number[]): number {
    const u8 = new Uint8Array(this.heap().buffer, this.params + byteOffset, values.length);
    u8.set(values);
    return this.params + byteOffset;
  }

  private copyIn(arr: Float32Array): number {
    const ptr = this.temp(arr.length * 4);
    this.heap().set(arr, ptr >>> 2);
    return ptr;
  }
}
