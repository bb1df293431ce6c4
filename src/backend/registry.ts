/**
 * Which backend runs the kernels. One is active at a time; tensors made by any backend stay readable by all.
 * Backends are known by name: 'js' always, any factory given to `registerBackend`, and every backend that has
 * been made active by instance (which is how `useBackend` installs the native and wasm backends), under its
 * `name`.
 */
import type { Backend } from './backend.js';
import { JsBackend } from './js-backend.js';
import { platform } from './platform.js';

const registered = new Map<string, () => Backend>([['js', () => new JsBackend()]]);
let active: Backend | null = null;

/** Adds a backend factory under `name`. */
export function registerBackend(name: string, factory: () => Backend): void {
  registered.set(name, factory);
}

/** The names `setBackend` accepts. */
export function listBackends(): string[] {
  return [...registered.keys()];
}

/** The backend kernels run on now (until one is chosen: the platform's initial one, see platform.ts). */
export function backend(): Backend {
  if (active === null) active = platform().initialBackend();
  return active;
}

/** Switches to a registered backend by name, or to a backend instance. */
export function setBackend(which: string | Backend): Backend {
  if (typeof which !== 'string') {
    active = which;
    const instance = which;
    if (!registered.has(instance.name)) registered.set(instance.name, () => instance);
    return active;
  }
  const factory = registered.get(which);
  if (factory === undefined) throw new Error(`setBackend: unknown backend '${which}' (known: ${listBackends().join(', ')})`);
  active = factory();
  return active;
}
