/**
 * The examples in examples/ run as a user runs them: they compile against the package's public declarations
 * (importing 'aekit' by name), the Node ones run on small subsets, and the browser page is bundled with esbuild
 * and opened in headless chromium.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build, transform } from 'esbuild';
import { launchChromium, pageResult, serveRoutes } from './testing/browser.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const examples = join(root, 'examples');
// Inside the repository, so that `import … from 'aekit'` resolves to this package by its own name.
const built = join(examples, '.build');
const scratch = mkdtempSync(join(tmpdir(), 'aekit-examples-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** TypeScript → JavaScript, imports kept, written to examples/.build/<name>.mjs. */
async function compiled(name: string): Promise<string> {
  const { code } = await transform(readFileSync(join(examples, `${name}.ts`), 'utf8'), { loader: 'ts', format: 'esm', target: 'node20' });
  mkdirSync(built, { recursive: true });
  const file = join(built, `${name}.mjs`);
  writeFileSync(file, code);
  return file;
}

function runExample(file: string, args: string[]): string {
  const r = spawnSync(process.execPath, [file, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, AEKIT_BACKEND: '' } });
  assert.equal(r.status, 0, `${file} failed:\n${r.stderr}`);
  return r.stdout;
}

before(() => {
  // One type-check of every example against dist/*.d.ts, as a user's compiler sees the package.
  execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', join(examples, 'tsconfig.json')], { stdio: 'pipe' });
});

test('examples/train-vae.ts trains a VAE through the library and reloads it from its model file', async () => {
  const out = runExample(await compiled('train-vae'), ['600', '2']);
  const lines = out.trim().split('\n');
  assert.match(lines[0]!, /^epoch 1: test −ELBO \d+\.\d\d nats$/);
  assert.match(lines[1]!, /^epoch 2: test −ELBO \d+\.\d\d nats$/);
  const [, reloaded, inMemory] = /backend: 10 steps; reloaded vae \(variational: true\): test −ELBO (\d+\.\d\d) nats, in memory (\d+\.\d\d); run folder /.exec(lines[2]!) ?? [];
  assert.ok(reloaded !== undefined, lines[2]);
  assert.equal(reloaded, inMemory, 'the model file holds the trained weights');
  rmSync(/run folder (.+)$/.exec(lines[2]!)![1]!, { recursive: true, force: true });
});

test('examples/own-csv.ts encodes a CSV file to 2-D codes written next to it', async () => {
  const csv = join(scratch, 'blobs.csv');
  copyFileSync(join(examples, 'data/blobs.csv'), csv);
  const out = runExample(await compiled('own-csv'), [csv, 'label']);
  assert.match(out, /^blobs\.csv: 150 rows × 4 features, 3 classes\n/);
  const losses = [...out.matchAll(/loss (-?\d+\.\d+)/g)].map((m) => Number(m[1]));
  assert.equal(losses.length, 3);
  assert.ok(losses[2]! < losses[0]!, `the loss fell: ${losses.join(' → ')}`);
  const codes = readFileSync(join(scratch, 'blobs.codes.csv'), 'utf8').trim().split('\n');
  assert.equal(codes[0], 'z1,z2,label');
  assert.equal(codes.length, 151);
  assert.match(codes[1]!, /^-?\d+\.\d{5},-?\d+\.\d{5},0$/);
});

test('examples/browser trains a VAE in headless chromium from the bundled page', async (t) => {
  const bundle = join(scratch, 'main.js');
  await build({ entryPoints: [join(examples, 'browser/main.ts')], bundle: true, format: 'esm', platform: 'browser', outfile: bundle, logLevel: 'silent' });
  const browser = await launchChromium(t);
  if (browser === null) return;
  const server = await serveRoutes({
    '/': { file: join(examples, 'browser/index.html') },
    '/main.js': { file: bundle },
    ...Object.fromEntries(['aekit.wasm', 'aekit-relaxed.wasm', 'aekit-single.wasm'].map((f) => [`/aekit/${f}`, { file: join(root, 'wasm', f) }])),
    '/aekit/wasm-worker.js': { file: join(root, 'dist/backend/wasm-worker.js') },
  });
  try {
    const r = await pageResult<{ backend: string; threads: number; losses: number[]; samples: number[][] }>(browser, `${server.url}/`);
    t.diagnostic(`${r.backend}, ${r.threads} threads, −ELBO ${r.losses[0]!.toFixed(3)} → ${r.losses.at(-1)!.toFixed(3)}`);
    assert.equal(r.backend, 'wasm');
    assert.ok(r.losses.at(-1)! < r.losses[0]!);
    assert.equal(r.samples.length, 200);
    assert.ok(r.samples.flat().every(Number.isFinite));
  } finally {
    await browser.close();
    await server.close();
  }
});
