/**
 * The native backend: aekit's C kernels (csrc/) through a Node-API addon, built by `node-gyp` from
 * native/binding.gyp into build/Release/aekit_native.node. Float32Arrays go to C in place (no copies);
 * GEMM picks an AVX-512, AVX2+FMA or portable micro-kernel at run time and runs on a persistent thread pool;
 * the same choice selects SIMD versions of the transcendental elementwise ops, BCE-with-logits and Adam.
 * Tensors are views into pooled slabs (slab-arena.ts). The addon's op table must match op-table.ts: an addon
 * built from other sources is refused with the command that rebuilds it.
 * aekit works without it: `loadNativeBackend()` returns null and `nativeUnavailableReason()` says why.
 * Environment: AEKIT_NATIVE=0 disables it, AEKIT_NATIVE_PATH points at another build of the addon,
 * AEKIT_NATIVE_ISA=avx512|avx2|scalar forces a code path, AEKIT_NATIVE_THREADS sets the thread count.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import vm from 'node:vm';
import type { Activation, AdamStep, Backend, BinaryOp, Conv2dGeometry, ReduceOp, UnaryOp } from './backend.js';
import { checkRepeats } from './js-fused.js';
import { ACTIVATION_CODE, BINARY_CODE, checkOpTable, REDUCE_CODE, UNARY_CODE } from './op-table.js';
import { SlabArena } from './slab-arena.js';
import { makeSyncCollector } from './wasm-arena.js';

/** The addon's exports (csrc/addon.c). Shapes and strides travel packed in one Float64Array, `meta`. */
interface NativeAddon {
  gemm(transA: number, transB: number, m: number, n: number, k: number, alpha: number, a: Float32Array,
    b: Float32Array, beta: number, c: Float32Array): void;
  fill(out: Float32Array, value: number): void;
  unary(op: number, x: Float32Array, out: Float32Array, p0: number, p1: number): void;
  binary(op: number, a: Float32Array, b: Float32Array, out: Float32Array, meta: Float64Array): void;
  where(cond: Float32Array, a: Float32Array, b: Float32Array, out: Float32Array, meta: Float64Array): void;
  copyStrided(src: Float32Array, dst: Float32Array, meta: Float64Array): void;
  reduce(op: number, x: Float32Array, out: Float32Array, meta: Float64Array): void;
  argReduce(isMax: number, x: Float32Array, out: Float32Array, outer: number, len: number, inner: number): void;
  im2col(x: Float32Array, out: Float32Array, geometry: Float64Array, images: number): void;
  col2im(cols: Float32Array, out: Float32Array, geometry: Float64Array, images: number): void;
  adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, lr: number, beta1: number,
    beta2: number, eps: number, step: number, weightDecay: number, decoupled: number): void;
  biasAct(x: Float32Array, bias: Float32Array, out: Float32Array, outer: number, channels: number, inner: number,
    act: number, p0: number): void;
  biasActBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, dbias: Float32Array | null, outer: number,
    channels: number, inner: number, act: number, p0: number): void;
  bceWithLogitsRows(x: Float32Array, y: Float32Array, rows: number, cols: number, rowLoss: Float32Array,
    grad: Float32Array | null, repeats: number): number;
  reparameterize(mu: Float32Array, logVar: Float32Array, eps: Float32Array, z: Float32Array,
    dzdLogVar: Float32Array | null): void;
  isaAvailable(): string[];
  cpuFeatures(): string[];
  isa(): string;
  setIsa(name: string): boolean;
  threads(): number;
  setThreads(n: number): number;
  /** The op table the addon was compiled with (csrc/op_table.c). */
  opTable: string;
}

/** The GEMM code paths, fastest first; 'auto' picks the best this CPU runs. */
export type NativeIsa = 'avx512' | 'avx2' | 'scalar';

const MAX_RANK = 8;
const GEOMETRY_FIELDS = ['channels', 'height', 'width', 'kernelH', 'kernelW', 'strideH', 'strideW', 'padH', 'padW',
  'dilationH', 'dilationW', 'outH', 'outW'] as const;

/** The package root: the nearest folder above this module holding package.json (dist/backend → ../..). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
    dir = up;
  }
}

function addonCandidates(): string[] {
  const root = packageRoot();
  const fromEnv = process.env['AEKIT_NATIVE_PATH'];
  return [
    ...(fromEnv ? [path.resolve(fromEnv)] : []),
    path.join(root, 'build', 'Release', 'aekit_native.node'),
    path.join(root, 'native', 'build', 'Release', 'aekit_native.node'),
  ];
}

let addon: NativeAddon | null = null;
let unavailable: string | null = null;
let tried = false;

const REBUILD = 'node-gyp rebuild --directory=native';

function load(): NativeAddon | null {
  if (tried) return addon;
  tried = true;
  if (process.env['AEKIT_NATIVE'] === '0') {
    unavailable = 'native backend disabled by AEKIT_NATIVE=0';
    return null;
  }
  const require = createRequire(import.meta.url);
  const candidates = addonCandidates();
  const file = candidates.find((f) => existsSync(f));
  if (file === undefined) {
    unavailable = `native addon not built (looked for ${candidates.join(', ')}; build it with: ${REBUILD})`;
    return null;
  }
  try {
    const mod = require(file) as NativeAddon;
    checkOpTable(`the native addon ${file}`, typeof mod.opTable === 'string' ? mod.opTable : '', REBUILD);
    const isa = process.env['AEKIT_NATIVE_ISA'];
    if (isa !== undefined && isa !== '' && !mod.setIsa(isa)) {
      process.emitWarning(`AEKIT_NATIVE_ISA=${isa} is not supported by this CPU (available: ${mod.isaAvailable().join(', ')}); using ${mod.isa()}`);
    }
    addon = mod;
  } catch (e) {
    unavailable = `native addon at ${file} failed to load: ${(e as Error).message}`;
  }
  return addon;
}

/** Why the native backend is unavailable, or null when it loaded (or has not been tried yet). */
export function nativeUnavailableReason(): string | null {
  load();
  return unavailable;
}

function requireAddon(): NativeAddon {
  const a = load();
  if (a === null) throw new Error(`aekit: ${unavailable}`);
  return a;
}

/** CPU features the kernels can use, e.g. ['avx512f', 'avx2', 'fma']; [] without the addon. */
export function cpuFeatures(): string[] {
  return load()?.cpuFeatures() ?? [];
}

/** The GEMM paths this CPU can run, best first; [] without the addon. */
export function availableIsas(): NativeIsa[] {
  return (load()?.isaAvailable() ?? []) as NativeIsa[];
}

/** Sets the number of threads (caller included) the native kernels use; returns the value in effect. */
export function setThreads(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`setThreads: expected a positive integer, got ${n}`);
  return requireAddon().setThreads(n);
}

/**
 * Forces a code path for GEMM and the SIMD elementwise kernels ('auto' = best available); throws when this CPU
 * cannot run it. Also AEKIT_NATIVE_ISA.
 */
export function setIsa(isa: NativeIsa | 'auto'): void {
  const a = requireAddon();
  if (!a.setIsa(isa)) throw new Error(`setIsa: '${isa}' is not supported by this CPU (available: ${a.isaAvailable().join(', ')})`);
}

/** One reusable buffer for shapes and strides: calls are synchronous, so sharing it is safe. */
const meta = new Float64Array(3 + MAX_RANK * 4);

function packLayout(head: readonly number[], shape: readonly number[], ...strides: (readonly number[])[]): Float64Array {
  const rank = shape.length;
  if (rank > MAX_RANK) throw new RangeError(`native backend: rank ${rank} exceeds ${MAX_RANK}`);
  let at = 0;
  meta[at++] = rank;
  for (const h of head) meta[at++] = h;
  for (let d = 0; d < rank; d++) meta[at++] = shape[d]!;
  for (const st of strides) {
    if (st.length !== rank) throw new RangeError(`native backend: ${st.length} strides for rank ${rank}`);
    for (let d = 0; d < rank; d++) meta[at++] = st[d]!;
  }
  return meta;
}

const geometry = new Float64Array(GEOMETRY_FIELDS.length);

function packGeometry(g: Conv2dGeometry): Float64Array {
  GEOMETRY_FIELDS.forEach((f, i) => { geometry[i] = g[f]; });
  return geometry;
}

/** One arena for every NativeBackend instance (they share the addon and its thread pool anyway). */
let sharedArena: SlabArena | null = null;

export class NativeBackend implements Backend {
  readonly name = 'native';
  private readonly lib: NativeAddon;
  private readonly arena: SlabArena;

  constructor() {
    this.lib = requireAddon();
    if (sharedArena === null) {
      const arena = new SlabArena({ collector: makeSyncCollector(v8, vm) });
      process.once('exit', () => arena.drain());
      sharedArena = arena;
    }
    this.arena = sharedArena;
  }

  /** Frees the blocks of unreachable arrays now (see slab-arena.ts). */
  reclaim(): void {
    this.arena.reclaim();
  }

  /** Bytes of the arena's slabs, and the part of them in live arrays. */
  memoryStats(): { slabBytes: number; inUseBytes: number } {
    return this.arena.stats();
  }

  get threads(): number {
    return this.lib.threads();
  }

  /** The GEMM path in use: 'avx512', 'avx2' or 'scalar'. */
  get isa(): NativeIsa {
    return this.lib.isa() as NativeIsa;
  }

  /** A view into the arena's slabs (see slab-arena.ts), zero-filled unless `zero` is false. */
  alloc(size: number, zero = true): Float32Array {
    return this.arena.alloc(size, zero);
  }

  fill(out: Float32Array, value: number): void {
    this.lib.fill(out, value);
  }

  copyStrided(src: Float32Array, srcOffset: number, srcStrides: readonly number[], dst: Float32Array, dstOffset: number,
    dstStrides: readonly number[], shape: readonly number[]): void {
    this.lib.copyStrided(src, dst, packLayout([srcOffset, dstOffset], shape, srcStrides, dstStrides));
  }

  unary(op: UnaryOp, x: Float32Array, out: Float32Array, p0 = 0, p1 = 0): void {
    this.lib.unary(UNARY_CODE[op], x, out, p0, p1);
  }

  binary(op: BinaryOp, a: Float32Array, aStrides: readonly number[], b: Float32Array, bStrides: readonly number[],
    out: Float32Array, outShape: readonly number[]): void {
    this.lib.binary(BINARY_CODE[op], a, b, out, packLayout([], outShape, aStrides, bStrides));
  }

  where(cond: Float32Array, condStrides: readonly number[], a: Float32Array, aStrides: readonly number[], b: Float32Array,
    bStrides: readonly number[], out: Float32Array, outShape: readonly number[]): void {
    this.lib.where(cond, a, b, out, packLayout([], outShape, condStrides, aStrides, bStrides));
  }

  reduce(op: ReduceOp, x: Float32Array, shape: readonly number[], axes: readonly number[], out: Float32Array): void {
    const reduced = shape.map((_, d) => (axes.includes(d) ? 1 : 0));
    this.lib.reduce(REDUCE_CODE[op], x, out, packLayout([], shape, reduced));
  }

  argReduce(op: 'max' | 'min', x: Float32Array, shape: readonly number[], axis: number, out: Float32Array): void {
    const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
    const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
    this.lib.argReduce(op === 'max' ? 1 : 0, x, out, outer, shape[axis]!, inner);
  }

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number, a: Float32Array, b: Float32Array,
    beta: number, c: Float32Array): void {
    this.lib.gemm(transA ? 1 : 0, transB ? 1 : 0, m, n, k, alpha, a, b, beta, c);
  }

  im2col(x: Float32Array, g: Conv2dGeometry, out: Float32Array, images = 1): void {
    this.lib.im2col(x, out, packGeometry(g), images);
  }

  col2im(cols: Float32Array, g: Conv2dGeometry, out: Float32Array, images = 1): void {
    this.lib.col2im(cols, out, packGeometry(g), images);
  }

  adamUpdate(param: Float32Array, grad: Float32Array, m: Float32Array, v: Float32Array, s: AdamStep): void {
    this.lib.adamUpdate(param, grad, m, v, s.lr, s.beta1, s.beta2, s.eps, s.step, s.weightDecay, s.decoupled ? 1 : 0);
  }

  biasAct(x: Float32Array, bias: Float32Array, out: Float32Array, outer: number, channels: number, inner: number,
    act: Activation, p0: number): void {
    this.lib.biasAct(x, bias, out, outer, channels, inner, ACTIVATION_CODE[act], p0);
  }

  biasActBackward(y: Float32Array, dy: Float32Array, dx: Float32Array, dbias: Float32Array | null, outer: number,
    channels: number, inner: number, act: Activation, p0: number): void {
    this.lib.biasActBackward(y, dy, dx, dbias, outer, channels, inner, ACTIVATION_CODE[act], p0);
  }

  bceWithLogitsRows(x: Float32Array, y: Float32Array, rows: number, cols: number, rowLoss: Float32Array,
    grad: Float32Array | null, repeats = 1): number {
    checkRepeats('bceWithLogitsRows', rows, repeats);
    return this.lib.bceWithLogitsRows(x, y, rows, cols, rowLoss, grad, repeats);
  }

  reparameterize(mu: Float32Array, logVar: Float32Array, eps: Float32Array, z: Float32Array,
    dzdLogVar: Float32Array | null): void {
    this.lib.reparameterize(mu, logVar, eps, z, dzdLogVar);
  }
}

/** The native backend, or null when the addon is missing or broken (see `nativeUnavailableReason()`). */
export function loadNativeBackend(): NativeBackend | null {
  return load() === null ? null : new NativeBackend();
}
