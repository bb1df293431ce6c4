// Builds the optional native addon (native/binding.gyp) at install time with node-gyp, offline.
// It never fails the install: without a compiler or Node headers aekit runs on WebAssembly or JavaScript.
// When it cannot build, it says why in one line (a missing tool, or the compiler's own first error) and
// the command that retries from the user's project once that is fixed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const say = (m) => process.stderr.write(`aekit: ${m}\n`);
const RETRY = 'then run `npm rebuild aekit` in your project';
const FALLBACK = 'aekit runs on its WebAssembly backend meanwhile';

if (process.env.AEKIT_SKIP_NATIVE === '1') {
  say('AEKIT_SKIP_NATIVE=1: native addon not built; using WebAssembly/JS');
  process.exit(0);
}

/** Whether `command --version` runs. */
function runs(command) {
  const r = spawnSync(command, ['--version'], { stdio: 'ignore' });
  return r.error === undefined && r.status === 0;
}

// node-gyp's own message for a missing tool is a stack trace ending in "gyp ERR! not ok"; look first.
const cxx = process.env.CXX || 'c++';
const missing = [
  ...(runs('make') ? [] : ['make']),
  ...(runs(cxx) || runs('g++') || runs('clang++') ? [] : ['a C++ compiler (c++, g++ or clang++)']),
  ...(process.env.PYTHON || runs('python3') || runs('python') ? [] : ['python3 (node-gyp needs it)']),
];
if (missing.length > 0) {
  say(`native addon not built: ${missing.join(', ')} not found on PATH. Install them (Debian/Ubuntu: ` +
    `apt-get install build-essential python3; macOS: xcode-select --install), ${RETRY}. ${FALLBACK}.`);
  process.exit(0);
}

// npm puts its bundled node-gyp on PATH for lifecycle scripts; outside npm, look beside npm itself.
const bundled = join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
const command = existsSync(bundled) ? [process.execPath, [bundled]] : ['node-gyp', []];
const result = spawnSync(command[0], [...command[1], 'rebuild', '--directory=native'], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
if (result.status === 0 && existsSync(join(root, 'build', 'Release', 'aekit_native.node'))) {
  say('native addon built (build/Release/aekit_native.node)');
} else {
  say(`native addon not built: ${buildFailureCause(result)}. Fix that, ${RETRY}. ${FALLBACK}.`);
}

/** The first line of node-gyp's output that names the problem (a compiler error, a missing header, a gyp error). */
function buildFailureCause(r) {
  if (r.error) return r.error.message;
  const lines = (r.stderr ?? '').split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const pick = lines.find((l) => /\berror\b[:!]?|fatal|not found|No such file/i.test(l) && !/^gyp ERR! (not ok|cwd|node -v|node-gyp -v|command|System|stack\s+at)/.test(l));
  return (pick ?? lines.at(-1) ?? `node-gyp exited with ${r.status}`).replace(/^gyp ERR! (stack )?/, '');
}
