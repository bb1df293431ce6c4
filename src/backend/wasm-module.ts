/**
 * Loading the wasm backend's module and starting its threads, the same in every JavaScript engine: which build
 * to use (threads or not, relaxed SIMD or not), where its files are (`setWasmPaths`), and the worker threads
 * that join the C pool (csrc/pool_wasm.c). What differs between platforms (reading a file or fetching a URL,
 * a module Worker or a worker_threads Worker) is a `WasmHost`: browsers get `browserWasmHost` here, Node gets
 * the one in wasm-host.node.ts (installed by the Node layer, see platform.ts).
 */
import { WA, type BufferSource, type SyncCollector, type WasmArena, type WasmModule } from './wasm-arena.js';
import type { WorkerSetup } from './wasm-worker.js';

/** The files the wasm backend loads: three builds of the module and the script of a kernel thread. */
export type WasmFile = 'aekit.wasm' | 'aekit-relaxed.wasm' | 'aekit-single.wasm' | 'wasm-worker.js';

/**
 * The module file for a shared (threaded) or an ordinary memory (a module imports one kind or the other), with
 * relaxed-SIMD multiply-add in the GEMM kernel or without.
 */
export function wasmFileName(shared: boolean, relaxed: boolean): WasmFile {
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

// ---------------------------------------------------------------- where the files are

/** A folder (a URL or path ending in '/') holding every file, or a location per file. */
export type WasmPaths = string | URL | Partial<Record<WasmFile, string | URL>>;

let wasmPaths: WasmPaths | null = null;

/**
 * Tells the wasm backend where its files are served from, like onnxruntime-web's `env.wasm.wasmPaths`: a folder
 * holding `aekit.wasm`, `aekit-relaxed.wasm`, `aekit-single.wasm` (the package's `wasm/` folder) and
 * `wasm-worker.js` (the package's `dist/backend/wasm-worker.js`, needed only for threads), or a location per
 * file. Without it the files are looked up where the package's own layout puts them, relative to this module
 * — right when the package is served as it is, wrong once a bundler has moved the code. Pass null to reset.
 */
export function setWasmPaths(paths: WasmPaths | null): void {
  wasmPaths = paths;
}

/** Where `file` is: from `setWasmPaths`, else beside this module in the package layout. */
export function wasmFileUrl(file: WasmFile): URL {
  // Relative locations are relative to the page (as in <script src>), or to this module where there is none.
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  const base = typeof page === 'string' ? page : import.meta.url;
  if (typeof wasmPaths === 'string' || wasmPaths instanceof URL) {
    const folder = String(wasmPaths);
    return new URL(file, new URL(folder.endsWith('/') ? folder : `${folder}/`, base));
  }
  const own = wasmPaths?.[file];
  if (own !== undefined) return new URL(String(own), base);
  return file === 'wasm-worker.js' ? new URL('./wasm-worker.js', import.meta.url) : new URL(`../../wasm/${file}`, import.meta.url);
}

/** Whether `setWasmPaths` named a location for `file`. */
export function wasmPathIsSet(file: WasmFile): boolean {
  return wasmPaths !== null && (typeof wasmPaths === 'string' || wasmPaths instanceof URL || wasmPaths[file] !== undefined);
}

// ---------------------------------------------------------------- the platform

/** The messaging surface both kinds of worker share (Node's worker_threads and a browser's module Worker). */
export interface KernelWorker {
  onReady(done: (ok: boolean) => void): void;
}

/** What the wasm backend needs from the platform it runs on. */
export interface WasmHost {
  /** The bytes of one of the module files. */
  readWasm(file: WasmFile): Promise<BufferSource>;
  /** Kernel threads to start when the caller does not say. */
  defaultThreads(): Promise<number>;
  /** Whether the calling thread may block in memory.atomic.wait (Node's main thread may; a page's may not). */
  readonly callerMayBlock: boolean;
  /** Starts a kernel thread over the shared memory. */
  spawnWorker(setup: WorkerSetup): Promise<KernelWorker>;
  /** A way to reclaim wasm allocations during synchronous code, where the engine allows one. */
  syncCollector(): Promise<SyncCollector | null>;
  /**
   * Turns relaxed SIMD on where the engine has it behind a flag that can still be set (Node 20's V8 11.3), and
   * says whether the engine validates it now. The relaxed build's multiply-add measured ~25-40 % faster GEMM
   * than mul + add (bench/wasm-gemm.mjs).
   */
  enableRelaxedSimd(): Promise<boolean>;
}

interface BrowserWorker {
  postMessage(m: unknown): void;
  onmessage: (() => void) | null;
  onerror: (() => void) | null;
}

/** Browsers (and other engines with `fetch` and module Workers). */
export const browserWasmHost: WasmHost = {
  async readWasm(file) {
    const url = wasmFileUrl(file);
    let response: { ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> };
    try {
      response = await fetch(url);
    } catch (err) {
      throw new Error(`wasm backend: cannot fetch ${url.href} (${(err as Error).message}); serve aekit's wasm/ files and call setWasmPaths('/their/folder/')`);
    }
    if (!response.ok) throw new Error(`wasm backend: ${url.href} answered ${response.status}; serve aekit's wasm/ files and call setWasmPaths('/their/folder/')`);
    return response.arrayBuffer();
  },
  async defaultThreads() {
    // Threads need a cross-origin-isolated page (SharedArrayBuffer); otherwise one thread.
    const g = globalThis as { crossOriginIsolated?: boolean; navigator?: { hardwareConcurrency?: number } };
    return g.crossOriginIsolated === true ? Math.max(1, g.navigator?.hardwareConcurrency ?? 1) : 1;
  },
  callerMayBlock: false,
  async spawnWorker(setup) {
    const Ctor = (globalThis as unknown as { Worker: new (u: URL, o: { type: 'module' }) => BrowserWorker }).Worker;
    const worker = new Ctor(wasmFileUrl('wasm-worker.js'), { type: 'module' });
    worker.postMessage(setup);
    return {
      onReady: (done) => {
        worker.onmessage = () => done(true);
        worker.onerror = () => done(false);
      },
    };
  },
  async syncCollector() {
    return null;
  },
  // A page cannot set engine flags: relaxed SIMD is there or not.
  async enableRelaxedSimd() {
    return relaxedSimdSupported();
  },
};

/**
 * Starts `count` worker threads over the arena's memory and returns how many threads (the caller included) the
 * C pool counts. A worker that fails to start is left out rather than failing the backend.
 */
export async function startWorkers(host: WasmHost, arena: WasmArena, module: WasmModule, count: number): Promise<number> {
  const STACK = 256 * 1024;
  const started: Promise<boolean>[] = [];
  for (let i = 0; i < count; i++) {
    const stack = arena.malloc(STACK);
    const tls = arena.malloc(arena.tlsBytes());
    if (stack === 0 || tls === 0) break;
    let worker: KernelWorker;
    try {
      worker = await host.spawnWorker({ module, memory: arena.memory, stackTop: stack + STACK, tlsBase: tls });
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
