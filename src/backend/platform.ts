/**
 * What the platform-free core needs from the platform it runs on, in one place. Browsers (and any engine with
 * `fetch` and module Workers) get the defaults here; the Node layer (platform.node.ts, loaded by `aekit/node`,
 * or on first need when the core runs under Node) installs Node's: the native addon, files for the wasm module,
 * worker_threads, AEKIT_THREADS, and the native backend as the one kernels start on.
 */
import type { Backend } from './backend.js';
import { DefaultJsBackend } from './default-backend.js';
import { browserWasmHost, type WasmHost } from './wasm-module.js';

export interface Platform {
  readonly name: 'node' | 'browser';
  readonly wasm: WasmHost;
  /** Backends only this platform can load, by name (Node: 'native'); tried first by automatic selection. */
  readonly backendLoaders: ReadonlyMap<string, (threads: number | undefined) => Promise<Backend>>;
  /** Threads to use when the caller does not say (Node: AEKIT_THREADS); undefined: the backend's default. */
  threadsFromEnvironment(): number | undefined;
  /** The backend kernels start on when nobody chose one; synchronous, as the first op that needs it is. */
  initialBackend(): Backend;
}

const browserPlatform: Platform = {
  name: 'browser',
  wasm: browserWasmHost,
  backendLoaders: new Map(),
  threadsFromEnvironment: () => undefined,
  initialBackend: () => new DefaultJsBackend(),
};

let installed: Platform | null = null;

/** Called once by the Node layer when it loads. */
export function installPlatform(p: Platform): void {
  installed = p;
}

/** The platform as far as known now (synchronously): Node's once its layer has loaded, else the default. */
export function platform(): Platform {
  return installed ?? browserPlatform;
}

const runningInNode = typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

/**
 * The platform, loading the Node layer first when running under Node without it (someone imported the core's
 * modules directly). The module is named at run time, so bundlers for the browser never see it.
 */
export async function ensurePlatform(): Promise<Platform> {
  if (installed === null && runningInNode) {
    const nodeLayer = new URL('./platform.node.js', import.meta.url).href;
    await import(/* webpackIgnore: true */ /* @vite-ignore */ nodeLayer);
  }
  return platform();
}
