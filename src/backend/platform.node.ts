/**
 * The Node layer of backend selection, installed when `aekit/node` loads (or on first need, see platform.ts):
 * the native addon as a backend and as the one kernels start on, the wasm module read from the package,
 * worker_threads kernel threads, and the environment (AEKIT_THREADS; AEKIT_BACKEND=js keeps the reference).
 */
import type { Backend } from './backend.js';
import { DefaultJsBackend } from './default-backend.js';
import { JsBackend } from './js-backend.js';
import { loadNativeBackend, nativeUnavailableReason, setThreads as setNativeThreads } from './native-backend.js';
import { installPlatform } from './platform.js';
import { nodeWasmHost } from './wasm-host.node.js';

/** AEKIT_THREADS as a positive integer, or undefined when unset. */
export function threadsFromEnv(): number | undefined {
  const raw = process.env['AEKIT_THREADS'];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`AEKIT_THREADS must be a positive integer, got '${raw}'`);
  return n;
}

async function loadNative(threads: number | undefined): Promise<Backend> {
  const native = loadNativeBackend();
  if (native === null) throw new Error(nativeUnavailableReason() ?? 'native addon not available');
  if (threads !== undefined) setNativeThreads(threads);
  return native;
}

function initialBackend(): Backend {
  // The native addon loads synchronously, so even code that never calls useBackend() runs on it.
  const chosen = process.env['AEKIT_BACKEND'];
  if (chosen === 'js') return new JsBackend();
  if (chosen === undefined || chosen === '' || chosen === 'auto' || chosen === 'native') {
    const native = loadNativeBackend();
    if (native !== null) {
      const threads = threadsFromEnv();
      if (threads !== undefined) setNativeThreads(threads);
      return native;
    }
  }
  return new DefaultJsBackend();
}

installPlatform({
  name: 'node',
  wasm: nodeWasmHost,
  backendLoaders: new Map([['native', loadNative]]),
  threadsFromEnvironment: threadsFromEnv,
  initialBackend,
});
