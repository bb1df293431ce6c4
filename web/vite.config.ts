/**
 * Builds the explorer page (web/) into dist/web: one HTML file, hashed assets, the in-tab trainer and the
 * wasm backend's kernel threads as module workers. Nothing is fetched from elsewhere at run time: the .wasm
 * modules are served by `aekit explore` from the package's wasm/ folder.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The wasm backend starts its kernel threads with `new Worker(new URL('./wasm-worker.js', import.meta.url))`,
 * a path that is right for the compiled package (dist/backend/) but not for a bundle. Here that URL is
 * replaced by the one of the same worker bundled by Vite (`?worker&url`).
 */
function bundledKernelWorker(): Plugin {
  const pattern = /new URL\(\s*['"]\.\/wasm-worker\.js['"]\s*,\s*import\.meta\.url\s*\)/;
  return {
    name: 'aekit-bundled-kernel-worker',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]src[\\/]backend[\\/]wasm-module\.ts$/.test(id) || !pattern.test(code)) return null;
      const url = "new URL(__aekitKernelWorker, globalThis.location?.href)";
      return { code: `import __aekitKernelWorker from './wasm-worker.ts?worker&url';\n${code.replace(pattern, url)}`, map: null };
    },
  };
}

/**
 * NOTE: until the core's safetensors module stops reading `node:os` at load time, the page gets this
 * stand-in (browsers and wasm are little-endian).
 */
function nodeOsStandIn(): Plugin {
  return {
    name: 'aekit-node-os-stand-in',
    enforce: 'pre',
    resolveId: (id) => (id === 'node:os' ? '\0aekit-node-os' : null),
    load: (id) => (id === '\0aekit-node-os' ? "export function endianness() { return 'LE'; }\nexport default { endianness };" : null),
  };
}

export default defineConfig({
  root,
  base: './',
  logLevel: 'warn',
  plugins: [bundledKernelWorker(), nodeOsStandIn()],
  worker: { format: 'es', plugins: () => [bundledKernelWorker(), nodeOsStandIn()] },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
  },
});
