/**
 * What `npm pack` ships: the built library, the C sources and wasm modules, the install script, the docs —
 * no tests, test helpers or source maps; and every module it ships imports only modules it ships.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

test('the package ships the library and nothing test-only, and its modules import only shipped files', () => {
  const npm = process.env['npm_execpath'];
  const [command, args] = npm !== undefined && npm.endsWith('.js') ? [process.execPath, [npm]] : ['npm', []];
  const out = execFileSync(command, [...args, 'pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const files = (JSON.parse(out) as { files: { path: string }[] }[])[0]!.files.map((f) => f.path);
  assert.deepEqual(files.filter((f) => /\.test\.|\.map$|^dist\/testing\/|backend-for-tests|fixture/.test(f)), []);
  for (const f of ['LICENSE', 'CHANGELOG.md', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/node.js', 'dist/node.d.ts',
    'dist/backend/wasm-worker.js', 'dist/backend/wasm-worker.node.js', 'wasm/aekit.wasm', 'wasm/aekit-single.wasm',
    'wasm/aekit-relaxed.wasm', 'native/binding.gyp', 'scripts/build-native.mjs', 'dist/cli/main.js']) {
    assert.ok(files.includes(f), `${f} is shipped`);
  }
  const shipped = new Set(files);
  for (const f of files.filter((p) => p.endsWith('.js') || p.endsWith('.d.ts'))) {
    const text = readFileSync(join(root, f), 'utf8');
    for (const m of text.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = normalize(join(dirname(f), m[1]!)).replace(/\\/g, '/');
      const candidates = f.endsWith('.d.ts') ? [target.replace(/\.js$/, '.d.ts')] : [target];
      assert.ok(candidates.some((c) => shipped.has(c)), `${f} imports ${m[1]}, which is not shipped`);
    }
  }
});
