/**
 * Loading the wasm backend's module and starting its threads: which build to use (threads or not, relaxed SIMD
 * or not), reading it from the package in Node, and the worker threads that join the C pool (csrc/pool_wasm.c).
 */
import { makeSyncCollector, WA, type SyncCollector, type WasmArena, type WasmModule } from './wasm-arena.js';

export const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/**
 * The module file for a shared (threaded) or an ordinary memory (a module imports one kind or the other), with
 * relaxed-SIMD multiply-add in the GEMM kernel or without.
 */
export function wasmFileName(shared: boolean, relaxed: boolean): string {
  return !shared ? 'aekit-single.wasm' : relaxed ? 'aekit-relaxed.wasm' : 'aekit.wasm';
}

/** A module whose one function computes f32x4.relaxed_madd of three zero vectors: valid where relaxed SIMD is. */
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // types: () -> v128
  0x03, 0x02, 0x01, 0x00, // functions: one of type 0
  0x0a, 0x3d, 0x01, 0x3b, 0x00, // code: one body of 59 bytes, no locals
  ...[0, 1, 2].flatMap(() => [0xfd, 0x0c, ...new Array<number>(16).fill(0)]), // v128.const 0 (×3)
  0xfd, 0x85, 0x02, 0x0b, // f32x4.relaxed_madd, end
]);

/** Whether this engine runs relaxed SIMD (Node >= 22, Chrome >= 114; Node 20 with --experimental-wasm-relaxed-simd). */
export function relaxedSimdSupported(): boolean {
  try {
    return WA.validate(RELAXED_PROBE);
  } catch {
    return false;
  }
}

/**
 * Node 20's V8 (11.3) has relaxed SIMD behind a flag that can still be set at run time, before a module is
 * compiled: this sets it there (and nowhere else) and says whether the engine now validates relaxed SIMD. The
 * relaxed build's multiply-add measured ~25-40 % faster GEMM than mul + add (bench/wasm-gemm.mjs).
 */
export async function enableRelaxedSimd(): Promise<boolean> {
  if (relaxedSimdSupported()) return true;
  if (!isNode) return false;
  try {
    const v8 = await import('node:v8');
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
  } catch {
    return false;
  }
  return relaxedSimdSupported();
}

/** Reads wasm/<file> from the package root (two levels above dist/backend/, or found by walking up). */
export async function readPackagedWasm(file: string): Promise<Uint8Array> {
  const { readFile } = await import('node:fs/promises');
  let dir = new URL('../../', import.meta.url);
  for (let up = 0; up < 4; up++, dir = new URL('../', dir)) {
    try {
      return await readFile(new URL(`wasm/${file}`, dir));
    } catch { /* not at this level */ }
  }
  throw new Error(`wasm backend: wasm/${file} not found above ${import.meta.url}`);
}

export async function defaultThreads(): Promise<number> {
  if (!isNode) {
    // Browsers: threads need a cross-origin-isolated page (SharedArrayBuffer); otherwise one thread.
    const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
    return g.crossOriginIsolated === true ? Math.max(1, g.navigator?.hardwareConcurrency ?? 1) : 1;
  }
  const os = await import('node:os');
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** The messaging surface both kinds of worker share (Node's worker_threads and a browser's module Worker). */
interface KernelWorker {
  onReady(done: (ok: boolean) => void): void;
}

async function spawnWorker(setup: { module: WasmModule; memory: WasmArena['memory']; stackTop: number; tlsBase: number }): Promise<KernelWorker> {
  const url = new URL('./wasm-worker.js', import.meta.url);
  if (isNode) {
    const { Worker } = await import('node:worker_threads');
    // NOTE: no execArgv: workers would inherit the process's, and V8 flags (--experimental-wasm-*) or a
    // main-script flag (--input-type) there make the Worker constructor throw. V8 flags apply to workers anyway.
    const worker = new Worker(url, { execArgv: [], workerData: setup });
    worker.unref(); // an idle pool must not keep the process alive
    return {
      onReady: (done) => {
        worker.once('message', () => done(true));
        worker.once('error', () => done(false));
        worker.once('exit', () => done(false));
      },
    };
  }
  type BrowserWorker = { postMessage(m: unknown): void; onmessage: (() => void) | null; onerror: (() => void) | null };
  const Ctor = (globalThis as unknown as { Worker: new (u: URL, o: { type: 'module' }) => BrowserWorker }).Worker;
  const worker = new Ctor(url, { type: 'module' });
  worker.postMessage(setup);
  return {
    onReady: (done) => {
      worker.onmessage = () => done(true);
      worker.onerror = () => done(false);
    },
  };
}

/**
 * Starts `count` worker threads over the arena's memory and returns how many threads (the caller included) the
 * C pool counts. A worker that fails to start is left out rather than failing the backend.
 */
export async function startWorkers(arena: WasmArena, module: WasmModule, count: number): Promise<number> {
  const STACK = 256 * 1024;
  const started: Promise<boolean>[] = [];
  for (let i = 0; i < count; i++) {
    const stack = arena.malloc(STACK);
    const tls = arena.malloc(arena.tlsBytes());
    if (stack === 0 || tls === 0) break;
    let worker: KernelWorker;
    try {
      worker = await spawnWorker({ module, memory: arena.memory, stackTop: stack + STACK, tlsBase: tls });
    } catch {
      break;
    }
    started.push(new Promise((resolve) => worker.onReady(resolve)));
  }
  const ok = (await Promise.all(started)).filter(Boolean).length;
  // 'ready' is posted just before a worker enters the pool; wait until the pool has counted it.
  let threads = 1;
  for (let i = 0; i < 1000 && (threads = arena.exports.aekit_pool_configure(ok + 1, -1, 1)) < ok + 1; i++) {
    await new Promise((r) => setTimeout(r, 1));
  }
  return threads;
}


/** Node's synchronous collector (see `makeSyncCollector`); null outside Node. */
export async function syncCollector(): Promise<SyncCollector | null> {
  if (!isNode) return null;
  try {
    return makeSyncCollector(await import('node:v8'), await import('node:vm'));
  } catch {
    return null;
  }
}
