/**
 * The page's kernels: aekit's wasm backend, with a shared memory and one thread per core where the page is
 * cross-origin isolated (the explorer's server sends COOP/COEP), the single-thread module otherwise.
 * The modules come from the explorer's server (ROUTES.wasm), never from elsewhere.
 */
import { createWasmBackend, relaxedSimdSupported, ROUTES, setBackend, wasmFileName, type WasmBackend } from './aekit.js';

export interface BackendInfo {
  file: string;
  threads: number;
  isolated: boolean;
  isa: string;
}

/** Starts the wasm backend and makes it the active one; `threads` caps the kernel threads (default: cores, at most 4). */
export async function startBackend(threads?: number): Promise<{ backend: WasmBackend; info: BackendInfo }> {
  const isolated = globalThis.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function';
  const relaxed = isolated && relaxedSimdSupported();
  const file = wasmFileName(isolated, relaxed);
  const response = await fetch(new URL(`${ROUTES.wasm}${file}`, globalThis.location.href));
  if (!response.ok) throw new Error(`wasm module ${file}: HTTP ${response.status}`);
  const bytes = await response.arrayBuffer();
  const cores = globalThis.navigator?.hardwareConcurrency ?? 1;
  const want = isolated ? Math.max(1, Math.min(threads ?? 4, cores)) : 1;
  const backend = await createWasmBackend({ wasmBytes: bytes, shared: isolated, threads: want });
  setBackend(backend);
  return { backend, info: { file, threads: backend.threads, isolated, isa: relaxed ? 'wasm-relaxed-simd' : 'wasm-simd128' } };
}
