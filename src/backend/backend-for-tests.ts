/**
 * Preloaded by `npm test` (`node --import`): runs every test file on the backend named by AEKIT_BACKEND
 * (default: automatic, native → wasm → js), so the same op suite checks each backend in turn.
 */
import { backend } from './registry.js';
import { useBackendFromEnv } from './select.node.js';

await useBackendFromEnv();
if (process.env['AEKIT_TEST_BACKEND_NOTE'] === '1') process.stderr.write(`tests run on the ${backend().name} backend\n`);
