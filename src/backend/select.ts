/**
 * Choosing the backend: automatically the fastest one that loads here (native → wasm → js), or the one named
 * by `AEKIT_BACKEND=js|wasm|native` or by the caller. Threads default to the number of cores
 * (`AEKIT_THREADS` or the `threads` option to change).
 */
import type { Backend } from './backend.js';
import { JsBackend } from './js-backend.js';
import { loadNativeBackend, nativeUnavailableReason, setThreads as setNativeThreads } from './native-backend.js';
import { setBackend } from './registry.js';
import { createWasmBackend } from './wasm-backend.js';

export type BackendName = 'js' | 'wasm' | 'native';
export const BACKEND_NAMES: readonly BackendName[] = ['native', 'wasm', 'js'];

export interface SelectOptions {
  /** Kernel threads (default: AEKIT_THREADS, else the number of cores). */
  threads?: number;
}

/** Why each backend that was tried and passed over was not used (for `aekit info`). */
export const skippedBackends = new Map<BackendName, string>();

function threadsFromEnv(): number | undefined {
  const raw = process.env['AEKIT_THREADS'];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`AEKIT_THREADS must be a positive integer, got '${raw}'`);
  return n;
}

async function create(name: BackendName, threads: number | undefined): Promise<Backend> {
  switch (name) {
    case 'js':
      return new JsBackend();
    case 'native': {
      const native = loadNativeBackend();
      if (native === null) throw new Error(nativeUnavailableReason() ?? 'native addon not available');
      if (threads !== undefined) setNativeThreads(threads);
      return native;
    }
    case 'wasm':
      return createWasmBackend(threads === undefined ? {} : { threads });
  }
}

/**
 * Makes `preference` the active backend and returns it. 'auto' tries native, then wasm, then js; a named
 * backend that cannot load is an error that says why.
 */
export async function useBackend(preference: BackendName | 'auto' = 'auto', options: SelectOptions = {}): Promise<Backend> {
  const threads = options.threads ?? threadsFromEnv();
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

/** The backend named by AEKIT_BACKEND (default 'auto'), made active. */
export async function useBackendFromEnv(options: SelectOptions = {}): Promise<Backend> {
  const raw = process.env['AEKIT_BACKEND'];
  const name = raw === undefined || raw === '' ? 'auto' : raw;
  if (name !== 'auto' && !BACKEND_NAMES.includes(name as BackendName)) {
    throw new Error(`AEKIT_BACKEND must be native, wasm, js or auto, got '${name}'`);
  }
  return useBackend(name as BackendName | 'auto', options);
}
