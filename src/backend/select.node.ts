/** Backend selection from the environment, for Node programs (the CLI, `npm test`). */
import type { Backend } from './backend.js';
import './platform.node.js';
import { BACKEND_NAMES, useBackend, type BackendName, type SelectOptions } from './select.js';

/** The backend named by AEKIT_BACKEND (default 'auto'), made active. */
export async function useBackendFromEnv(options: SelectOptions = {}): Promise<Backend> {
  const raw = process.env['AEKIT_BACKEND'];
  const name = raw === undefined || raw === '' ? 'auto' : raw;
  if (name !== 'auto' && !BACKEND_NAMES.includes(name as BackendName)) {
    throw new Error(`AEKIT_BACKEND must be native, wasm, js or auto, got '${name}'`);
  }
  return useBackend(name as BackendName | 'auto', options);
}
