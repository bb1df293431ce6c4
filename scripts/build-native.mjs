// Builds the optional native addon (native/binding.gyp) at install time with node-gyp, offline.
// It never fails the install: without a compiler or Node headers aekit runs on WebAssembly or JavaScript.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (m) => process.stderr.write(`aekit: ${m}\n`);

if (process.env.AEKIT_SKIP_NATIVE === '1') {
  say('AEKIT_SKIP_NATIVE=1: native addon not built; using WebAssembly/JS');
  process.exit(0);
}
// npm puts its bundled node-gyp on PATH for lifecycle scripts; outside npm, look beside npm itself.
const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const command = existsSync(bundled) ? [process.execPath, [bundled]] : ['node-gyp', []];
const result = spawnSync(command[0], [...command[1], 'rebuild', '--directory=native'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (result.status === 0 && existsSync(join(root, 'build', 'Release', 'aekit_native.node'))) {
  say('native addon built (build/Release/aekit_native.node)');
} else {
  const why = result.error?.message ?? (result.stderr ?? '').trim().split('\n').slice(-3).join(' | ');
  say(`native addon not built (${why || `node-gyp exited with ${result.status}`}); using WebAssembly/JS`);
}
