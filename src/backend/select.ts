/**
 * Choosing the backend: automatically the fastest one that loads here — in Node native → wasm → js, in a
 * browser wasm (threaded on a cross-origin-isolated page) → js — or the one the caller names. Threads default
 * to the number of cores (in Node also `AEKIT_THREADS`; the `threads` option overrides both).
 */
import type { Backend } from './backend.js';
import { JsBackend } from './js-backend.js';
import { ensurePlatform } from './platform.js';
import { setBackend } from './registry.js';
import { createWasmBackend } from './wasm-backend.js';

export type BackendName = 'js' | 'wasm' | 'native';
export const BACKEND_NAMES: readonly BackendName[] = ['native', 'wasm', 'js'];

export interface SelectOptions {
  /** Kernel threads (default: AEKIT_THREADS in Node, else the number of cores). */
  threads?: number;
}

/** Why each backend that was tried and passed over was not used (for `aekit info`). */
export const skippedBackends = new Map<BackendName, string>();

async function create(name: BackendName, threads: number | undefined): Promise<Backend> {
  const platform = await ensurePlatform();
  const own = platform.backendLoaders.get(name);
  if (own !== undefined) return own(threads);
  switch (name) {
    case 'js':
      return new JsBackend();
    case 'wasm':
      return createWasmBackend(threads === undefined ? {} : { threads });
    case 'native':
      throw new Error(`the native backend is a Node addon; this is ${platform.name === 'node' ? 'Node without it' : 'not Node'}`);
  }
}

/**
 * Makes `preference` the active backend and returns it. 'auto' tries native (Node only), then wasm, then js; a
 * named backend that cannot load is an error that says why.
 */
export async function useBackend(preference: BackendName | 'auto' = 'auto', options: SelectOptions = {}): Promise<Backend> {
  const threads = options.threads ?? (await ensurePlatform()).threadsFromEnvironment();
  if (preference !== 'auto') {
    if (!BACKEND_NAMES.includes(preference)) throw new Error(`unknown backend '${String(preference)}' (choose native, wasm, js or auto)`);
    return setBackend(await create(preference, threads));
  }
  for (const name of BACKEND_NAMES) {
    try {
      return setBackend(await create(name, threads));
    } catch (err) {
      skippedBackends.set(name, err instanceof Error ? err.message : String(err));
    }
  }
  throw new Error('no backend could be loaded');
}
