/**
 * The WebAssembly SIMD backend: the C kernels of csrc/ compiled to wasm/aekit.wasm (see wasm/build.sh),
 * working in place on arrays that `alloc` hands out as views of the module's memory (wasm-arena.ts), and
 * multithreaded by worker threads that share that memory (wasm-worker.ts, csrc/pool_wasm.c).
 *
 * Threads: `threads - 1` workers (worker_threads in Node, module Workers in a browser) join the calling
 * thread. In Node the caller blocks in memory.atomic.wait while they finish; a browser's main thread may not
 * block, so there it spins. Browsers have threads only on cross-origin-isolated pages (SharedArrayBuffer);
 * elsewhere the single-thread module runs on an ordinary memory.
 */
import type { Activation, AdamStep, Backend, BinaryOp, Conv2dGeometry, ReduceOp, UnaryOp } from './backend.js';
import { binaryKernel, copyStridedKernel, reduceKernel, whereKernel } from './js-kernels.js';
import { JsBackend } from './js-backend.js';
import { checkRepeats } from './js-fused.js';
import { ACTIVATION_CODE, BINARY_CODE, checkOpTable, REDUCE_CODE, UNARY_CODE } from './op-table.js';
import { WA, WasmArena, WasmOutOfMemory, type AekitExports, type BufferSource } from './wasm-arena.js';
import { ensurePlatform, platform } from './platform.js';
import { relaxedSimdSupported, startWorkers, wasmFileName } from './wasm-module.js';

export { relaxedSimdSupported, wasmFileName };
export { setWasmPaths, type WasmFile, type WasmPaths } from './wasm-module.js';

const MAX_RANK = 8;

/** Parameter-block layout (byte offsets): strides and shapes as i32, then small structs. */
const P_SHAPE = 0, P_S0 = 32, P_S1 = 64, P_S2 = 96, P_S3 = 128, P_GEOM = 160, P_REDUCED = 224, P_ADAM = 256;

export interface WasmBackendOptions {
  /** Kernel threads, the caller included (default: the number of cores in Node, 1 elsewhere). */
  threads?: number;
  /**
   * The module's bytes (default: read from the package in Node, fetched from `setWasmPaths`' folder elsewhere):
   * wasm/aekit.wasm (or aekit-relaxed.wasm) for a shared memory, wasm/aekit-single.wasm for an ordinary one.
   * Pass the file that matches `shared` (see `wasmFileName` and `relaxedSimdSupported`).
   */
  wasmBytes?: BufferSource;
  /** Upper bound of the memory (shared) or its fixed size (not shared), in MiB; default 2048 / 512. */
  maxMemoryMiB?: number;
  /** Force a non-shared memory (no threads, no growth); for tests and for pages without SharedArrayBuffer. */
  shared?: boolean;
  /**
   * Use the build with relaxed-SIMD multiply-add (default: where the engine supports it, in Node 20 after setting
   * its flag, see `enableRelaxedSimd`; shared memory only). Ignored when `wasmBytes` is given.
   */
  relaxedSimd?: boolean;
  /**
   * Reclaim unreachable allocations during synchronous code, by a garbage collection when the wasm heap has
   * grown by half (at least 256 MiB) since the last one (default: where the engine allows it — Node). Without
   * it, memory comes back only when the event loop turns, so a long loop without an `await` on a macrotask
   * grows the heap until it is full, after which `alloc` returns ordinary (slower, copied) arrays.
   */
  syncReclaim?: boolean;
  /** Polls a thread makes before it sleeps between jobs (default 131072, roughly 0.1–0.3 ms). */
  spin?: number;
}

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Throws unless offset + Σ i_k·strides_k stays inside arr for every index of `shape`. */
function checkSpan(what: string, arr: Float32Array, offset: number, strides: readonly number[], shape: readonly number[]): void {
  if (strides.length !== shape.length) throw new RangeError(`wasm backend: ${what} has ${strides.length} strides for rank ${shape.length}`);
  if (sizeOf(shape) === 0) return;
  let lo = offset, hi = offset;
  for (let d = 0; d < shape.length; d++) {
    const span = (shape[d]! - 1) * strides[d]!;
    if (span > 0) hi += span; else lo += span;
  }
  if (lo < 0 || hi >= arr.length) throw new RangeError(`wasm backend: ${what} indexes [${lo}, ${hi}] outside its ${arr.length} elements`);
}

function checkLength(what: string, arr: Float32Array, needed: number): void {
  if (arr.length < needed) throw new RangeError(`wasm backend: ${what} has ${arr.length} elements, needs ${needed}`);
}

export class WasmBackend implements Backend {
  readonly name = 'wasm';
  /** The GEMM micro-kernel in use: 'wasm-simd128' or 'wasm-relaxed-simd'. */
  readonly isa: string;
  private readonly arena: WasmArena;
  private readonly ex: AekitExports;
  private readonly reference = new JsBackend();
  private readonly maxThreads: number;
  private threadCount: number;

  /** Use `createWasmBackend`, which compiles the module and starts the threads. */
  constructor(arena: WasmArena, maxThreads: number, isa: string) {
    this.arena = arena;
    this.isa = isa;
    this.ex = arena.exports;
    this.maxThreads = maxThreads;
    this.threadCount = maxThreads;
  }

  get threads(): number {
    return this.threadCount;
  }

  /** Whether the memory is shared (growable, threads possible). */
  get sharedMemory(): boolean {
    return this.arena.shared;
  }

  /** Uses n threads from now on (at most as many as were started); returns the count in effect. */
  setThreads(n: number, spin = -1): number {
    // A browser's main thread may not block in memory.atomic.wait: there the caller spins while workers finish.
    this.threadCount = this.ex.aekit_pool_configure(Math.min(Math.max(1, Math.floor(n)), this.maxThreads), spin, platform().wasm.callerMayBlock ? 1 : 0);
    return this.threadCount;
  }

  /** Frees the blocks of unreachable arrays now (where `syncReclaim` is on; otherwise they wait for the event loop). */
  reclaim(): void {
    this.arena.reclaim();
  }

  /** Bytes the C heap has handed out and not had back (tensors, scratch, thread stacks), and its extent. */
  heapStats(): { inUse: number; top: number } {
    return { inUse: this.ex.aekit_heap_in_use() >>> 0, top: this.ex.aekit_heap_top() >>> 0 };
  }

  alloc(size: number): Float32Array {
    return this.arena.alloc(size);
  }

  fill(out: Float32Array, value: number): void {
    this.run((a) => {
      this.ex.aekit_fill(a.output(out, false), out.length, value);
    }, () => this.reference.fill(out, value));
  }

  copyStrided(src: Float32Array, srcOffset: number, srcStrides: readonly number[], dst: Float32Array, dstOffset: number,
    dstStrides: readonly number[], shape: readonly number[]): void {
    checkSpan('copyStrided source', src, srcOffset, srcStrides, shape);
    checkSpan('copyStrided destination', dst, dstOffset, dstStrides, shape);
    if (shape.length > MAX_RANK) { copyStridedKernel(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape); return; }
    this.run((a) => {
      const ps = a.input(src) + srcOffset * 4;
      const pd = a.output(dst, true) + dstOffset * 4;
      this.ex.aekit_copy_strided(ps, a.ints(P_S0 / 4, srcStrides), pd, a.ints(P_S1 / 4, dstStrides),
        a.ints(P_SHAPE / 4, shape), shape.length);
    }, () => this.reference.copyStrided(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape));
  }

  unary(op: UnaryOp, x: Float32Array, out: Float32Array, p0 = 0, p1 = 0): void {
    checkLength(`unary ${op} input`, x, out.length);
    this.run((a) => {
      const px = a.input(x);
      this.ex.aekit_unary(UNARY_CODE[op], px, a.output(out, false), out.length, p0, p1);
    }, () => this.reference.unary(op, x, out, p0, p1));
  }

  binary(op: BinaryOp, x: Float32Array, xStrides: readonly number[], y: Float32Array, yStrides: readonly number[],
    out: Float32Array, outShape: readonly number[]): void {
    const n = sizeOf(outShape);
    checkLength(`binary ${op} output`, out, n);
    checkSpan(`binary ${op} a`, x, 0, xStrides, outShape);
    checkSpan(`binary ${op} b`, y, 0, yStrides, outShape);
    if (outShape.length > MAX_RANK) { binaryKernel(op, x, xStrides, y, yStrides, out, outShape); return; }
    const reference = (): void => this.reference.binary(op, x, xStrides, y, yStrides, out, outShape);
    this.run((a) => {
      const px = a.input(x), py = a.input(y);
      this.ex.aekit_binary(BINARY_CODE[op], px, a.ints(P_S1 / 4, xStrides), py, a.ints(P_S2 / 4, yStrides),
        a.output(out, false), a.ints(P_SHAPE / 4, outShape), outShape.length);
    }, reference);
  }

  where(cond: Float32Array, condStrides: readonly number[], x: Float32Array, xStrides: readonly number[], y: Float32Array,
    yStrides: readonly number[], out: Float32Array, outShape: readonly number[]): void {
    checkLength('where output', out, sizeOf(outShape));
    checkSpan('where cond', cond, 0, condStrides, outShape);
    checkSpan('where a', x, 0, xStrides, outShape);
    checkSpan('where b', y, 0, yStrides, outShape);
    if (outShape.length > MAX_RANK) { whereKernel(cond, condStrides, x, xStrides, y, yStrides, out, outShape); return; }
    this.run((a) => {
      const pc = a.input(cond), px = a.input(x), py = a.input(y);
      this.ex.aekit_where(pc, a.ints(P_S1 / 4, condStrides), px, a.ints(P_S2 / 4, xStrides), py,
        a.ints(P_S3 / 4, yStrides), a.output(out, false), a.ints(P_SHAPE / 4, outShape), outShape.length);
    }, () => this.reference.where(cond, condStrides, x, xStrides, y, yStrides, out, outShape));
  }

  reduce(op: ReduceOp, x: Float32Array, shape: readonly number[], axes: readonly number[], out: Float32Array): void {
    checkLength(`reduce ${op} input`, x, sizeOf(shape));
    checkLength(`reduce ${op} output`, out, sizeOf(shape.filter((_, d) => !axes.includes(d))));
    if (shape.length > MAX_RANK) { reduceKernel(op, x, shape, axes, out); return; }
    this.run((a) => {
      const px = a.input(x);
      const reduced = shape.map((_, d) => (axes.includes(d) ? 1 : 0));
      this.ex.aekit_reduce(REDUCE_CODE[op], px, a.ints(P_SHAPE / 4, shape), a.bytes(P_REDUCED, reduced),
        shape.length, a.output(out, false));
    }, () => this.reference.reduce(op, x, shape, axes, out));
  }

  argReduce(op: 'max' | 'min', x: Float32Array, shape: readonly number[], axis: number, out: Float32Array): void {
    const outer = sizeOf(shape.slice(0, axis)), len = shape[axis]!, inner = sizeOf(shape.slice(axis + 1));
    checkLength(`arg${op} input`, x, outer * len * inner);
    checkLength(`arg${op} output`, out, outer * inner);
    this.run((a) => {
      const px = a.input(x);
      this.ex.aekit_arg_reduce(op === 'max' ? 1 : 0, px, outer, len, inner, a.output(out, false));
    }, () => this.reference.argReduce(op, x, shape, axis, out));
  }

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, x: Float32Array, y: Float32Array,
    beta: number, c: Float32Array): void {
    checkLength('gemm A', x, m * k);
    checkLength('gemm B', y, k * n);
    checkLength('gemm C', c, m * n);
    this.run((a) => {
      const pa = a.input(x), pb = a.input(y);
      this.ex.aekit_sgemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, pa, pb, beta, a.output(c, beta !== 0));
    }, () => this.reference.gemm(transA, transB, m, n, k, alpha, x, y, beta, c));
  }

  im2col(x: Float32Array, g: Conv2dGeometry, out: Float32Array, images = 1): void {
    checkLength('im2col input', x, g.channels * g.height * g.width * images);
    checkLength('im2col output', out, g.channels * g.kernelH * g.kernelW * g.outH * g.outW * images);
    this.run((a) => {
      const px = a.input(x);
      this.ex.aekit_im2col(px, this.geometry(g), a.output(out, false), images);
    }, () => this.reference.im2col(x, g, out, images));
  }

  col2im(cols: Float32Array, g: Conv2dGeometry, out: Float32Array, images = 1): void {
    checkLength('col2im input', cols, g.channels * g.kernelH * g.kernelW * g.outH * g.outW * images);
    checkLength('col2im output', out, g.channels * g.height * g.width * images);
    this.run((a) => {
      const pc = a.input(cols);
      this.ex.aekit_col2im(pc, this.geometry(g), a.output(out, false), images);
    }, () => this.reference.col2im(cols, g, out, images));
  }

  adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, s: AdamStep): void {
    const n = param.length;
    checkLength('adam grad', grad, n);
    checkLength('adam m', m, n);
    checkLength('adam v', v, n);
    this.run((a) => {
      // struct aekit_adam_step { double lr, beta1, beta2, eps, weightDecay, step; int decoupled; }
      const ps = a.doubles(P_ADAM, [s.lr, s.beta1, s.beta2, s.eps, s.weightDecay, s.step]);
      a.ints((P_ADAM + 48) / 4, [s.decoupled ? 1 : 0]);
      const pg = a.input(grad);
      this.ex.aekit_adam_update(a.output(param, true), pg, a.output(m, true), a.output(v, true), n, ps);
    }, () => this.reference.adamUpdate(param, grad, m, v, s));
  }

  biasAct(x: Float32Array, bias: Float32Array, out: Float32Array, outer: number, channels: number, inner: number,
    act: Activation, p0: number): void {
    const n = outer * channels * inner;
    checkLength('biasAct x', x, n);
    checkLength('biasAct bias', bias, channels);
    checkLength('biasAct out', out, n);
    this.run((a) => {
      const px = a.input(x), pb = a.input(bias);
      this.ex.aekit_bias_act(px, pb, a.output(out, x === out), outer, channels, inner, ACTIVATION_CODE[act], p0);
    }, () => this.reference.biasAct(x, bias, out, outer, channels, inner, act, p0));
  }

  biasActBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, dbias: Float32Array | null, outer: number,
    channels: number, inner: number, act: Activation, p0: number): void {
    const n = outer * channels * inner;
    checkLength('biasActBackward y', y, n);
    checkLength('biasActBackward dy', dy, n);
    checkLength('biasActBackward dx', dx, n);
    if (dbias !== null) checkLength('biasActBackward dbias', dbias, channels);
    this.run((a) => {
      const py = a.input(y), pdy = a.input(dy);
      const pdx = a.output(dx, dx === dy);
      const pdb = dbias === null ? 0 : a.output(dbias, false);
      this.ex.aekit_bias_act_backward(py, pdy, pdx, pdb, outer, channels, inner, ACTIVATION_CODE[act], p0);
    }, () => this.reference.biasActBackward(y, dy, dx, dbias, outer, channels, inner, act, p0));
  }

  bceWithLogitsRows(x: Float32Array, y: Float32Array, rows: number, cols: number, rowLoss: Float32Array,
    grad: Float32Array | null, repeats = 1): number {
    checkRepeats('bceWithLogitsRows', rows, repeats);
    checkLength('bceWithLogitsRows x', x, rows * cols);
    checkLength('bceWithLogitsRows y', y, (rows / repeats) * cols);
    checkLength('bceWithLogitsRows rowLoss', rowLoss, rows);
    if (grad !== null) checkLength('bceWithLogitsRows grad', grad, rows * cols);
    return this.run((a) => {
      const px = a.input(x), py = a.input(y);
      const pg = grad === null ? 0 : a.output(grad, false);
      return this.ex.aekit_bce_logits_rows(px, py, rows, cols, repeats, a.output(rowLoss, false), pg) >>> 0;
    }, () => this.reference.bceWithLogitsRows(x, y, rows, cols, rowLoss, grad, repeats));
  }

  reparameterize(mu: Float32Array, logVar: Float32Array, eps: Float32Array, z: Float32Array,
    dzdLogVar: Float32Array | null): void {
    const n = z.length;
    checkLength('reparameterize mu', mu, n);
    checkLength('reparameterize logVar', logVar, n);
    checkLength('reparameterize eps', eps, n);
    if (dzdLogVar !== null) checkLength('reparameterize dzdLogVar', dzdLogVar, n);
    this.run((a) => {
      const pm = a.input(mu), pl = a.input(logVar), pe = a.input(eps);
      const pd = dzdLogVar === null ? 0 : a.output(dzdLogVar, false);
      this.ex.aekit_reparameterize(pm, pl, pe, a.output(z, false), pd, n);
    }, () => this.reference.reparameterize(mu, logVar, eps, z, dzdLogVar));
  }

  /**
   * Runs a kernel on operands that `kernel` places in wasm memory. When the memory has no room left for the
   * copies of operands that live outside it, runs `fallback` (the JS reference kernel) instead.
   */
  private run<T>(kernel: (a: WasmArena) => T, fallback: () => T): T {
    const a = this.arena;
    try {
      return kernel(a);
    } catch (err) {
      a.abort();
      if (err instanceof WasmOutOfMemory) return fallback();
      throw err;
    } finally {
      a.end();
    }
  }

  private geometry(g: Conv2dGeometry): number {
    return this.arena.ints(P_GEOM / 4, [g.channels, g.height, g.width, g.kernelH, g.kernelW, g.strideH, g.strideW,
      g.padH, g.padW, g.dilationH, g.dilationW, g.outH, g.outW]);
  }
}

/** Compiles the module, sets up its memory and starts the threads. */
export async function createWasmBackend(opts: WasmBackendOptions = {}): Promise<WasmBackend> {
  const canShare = typeof SharedArrayBuffer === 'function';
  const shared = opts.shared ?? canShare;
  if (shared && !canShare) throw new Error('wasm backend: a shared memory needs SharedArrayBuffer');
  const host = (await ensurePlatform()).wasm;
  const relaxed = shared && (opts.relaxedSimd ?? (opts.wasmBytes === undefined ? await host.enableRelaxedSimd() : relaxedSimdSupported()));
  const bytes = opts.wasmBytes ?? (await host.readWasm(wasmFileName(shared, relaxed)));
  const module = await WA.compile(bytes);
  const collector = opts.syncReclaim === false ? null : await host.syncCollector();
  const arena = new WasmArena({ shared, maxMemoryMiB: opts.maxMemoryMiB ?? (shared ? 2048 : 512), collector });
  const instance = new WA.Instance(module, { env: { memory: arena.memory } });
  const exports = instance.exports as unknown as AekitExports;
  const table = typeof exports.aekit_op_table === 'function' ? exports.aekit_op_table : null;
  arena.attach(exports);
  checkOpTable('the wasm module', table === null ? '' : arena.cString(table()), 'bash wasm/build.sh (clang-16, lld-16, wasi-libc)');
  let threads = Math.max(1, Math.floor(opts.threads ?? (await host.defaultThreads())));
  if (!shared) threads = 1;
  const spin = opts.spin ?? 1 << 17;
  if (threads > 1) threads = await startWorkers(host, arena, module, threads - 1);
  const backend = new WasmBackend(arena, threads, relaxed && opts.wasmBytes === undefined ? 'wasm-relaxed-simd' : 'wasm-simd128');
  backend.setThreads(threads, spin);
  return backend;
}
