/**
 * Builds the explorer page (web/) into dist/web: one HTML file, hashed assets, the in-tab trainer and the
 * wasm backend's kernel threads as module workers. Nothing is fetched from elsewhere at run time: the .wasm
 * modules are served by `aekit explore` from the package's wasm/ folder.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  logLevel: 'warn',
  // Module workers: the kernel threads' script awaits at its top level.
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // The package ships no source maps (see package.json's files).
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 2000,
    // The worker bundles run inside one plugin callback; its timing note is not a problem to report.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
});
