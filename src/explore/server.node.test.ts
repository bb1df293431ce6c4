import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { loadModel } from '../models/model-io.js';
import { trainRun } from '../testing/explore-runs.js';
import { tempDir } from '../testing/training.js';
import { decodeDatasetFile } from './dataset-file.js';
import { loadExploreRun } from './explore-run.node.js';
import { ROUTES, type ExploreSession } from './routes.js';
import { startExploreServer, type ExploreServer } from './server.node.js';

let runDir = '';
let explorer: ExploreServer;

before(async () => {
  runDir = await trainRun('vae', ['--model', 'vae', '--latent', '2', '--hidden', '32']);
  explorer = await startExploreServer({ run: loadExploreRun(runDir, 200), version: '0.0.0-test' });
});
after(() => explorer.close());

function rawGet(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const url = new URL(path, explorer.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: url.pathname + url.search, method, headers }, (res) => {
      let body = '';
      res.on('data', (d) => (body += String(d)));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('explore server: every answer is cross-origin isolated; the page, its script and the wasm modules are served', async () => {
  const page = await fetch(explorer.url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-type')!, /text\/html/);
  const html = await page.text();
  for (const r of [page, await fetch(new URL('/nope', explorer.url))]) {
    assert.equal(r.headers.get('cross-origin-opener-policy'), 'same-origin');
    assert.equal(r.headers.get('cross-origin-embedder-policy'), 'require-corp');
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  }
  const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  assert.ok(script, 'the built page names its script');
  const js = await fetch(new URL(script, explorer.url));
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type')!, /javascript/);
  for (const file of ['aekit.wasm', 'aekit-single.wasm']) {
    const wasm = await fetch(new URL(`${ROUTES.wasm}${file}`, explorer.url));
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.deepEqual(new Uint8Array(await wasm.arrayBuffer()).subarray(0, 4), new Uint8Array([0, 0x61, 0x73, 0x6d]));
  }
});

test('explore server: the session, the model file and the test split are the run’s own', async () => {
  const session = (await (await fetch(new URL(ROUTES.session, explorer.url))).json()) as ExploreSession;
  assert.equal(session.version, '0.0.0-test');
  assert.equal(session.run!.model.model, 'vae');
  assert.equal(session.run!.model.latentDim, 2);
  assert.equal(session.run!.testCount, 200);
  assert.equal(session.run!.metrics.length, 1);
  assert.ok(session.run!.figures.includes('latent.svg'), session.run!.figures.join(', '));
  assert.deepEqual(session.trainHere, { trainMax: 60000, testMax: 10000 });
  const model = new Uint8Array(await (await fetch(new URL(ROUTES.model, explorer.url))).arrayBuffer());
  assert.deepEqual(model, new Uint8Array(readFileSync(join(runDir, 'model.safetensors'))));
  assert.equal(loadModel(model).config.latentDim, 2);
  const test = decodeDatasetFile(new Uint8Array(await (await fetch(new URL(ROUTES.testSet, explorer.url))).arrayBuffer()), 'test');
  assert.equal(test.count, 200);
  assert.deepEqual(test.shape, [1, 28, 28]);
  assert.equal(test.labels!.length, 200);
  const figure = await fetch(new URL(`${ROUTES.figures}latent.svg`, explorer.url));
  assert.equal(figure.headers.get('content-type'), 'image/svg+xml');
  assert.equal(await figure.text(), readFileSync(join(runDir, 'latent.svg'), 'utf8'));
});

test('explore server: MNIST subsets for train-here, with the count checked', async () => {
  const train = decodeDatasetFile(new Uint8Array(await (await fetch(new URL(`${ROUTES.mnistTrain}?count=50`, explorer.url))).arrayBuffer()), 'train');
  assert.equal(train.count, 50);
  assert.equal(train.numClasses, 10);
  for (const bad of ['', '?count=0', '?count=60001', '?count=1e3', '?count=-5', '?count=abc']) {
    const r = await fetch(new URL(`${ROUTES.mnistTrain}${bad}`, explorer.url));
    assert.equal(r.status, 400, bad);
    assert.match(await r.text(), /count/);
  }
});

test('explore server: nothing outside its folders, only GET, only for its own host name', async () => {
  for (const path of ['/../package.json', '/%2e%2e/package.json', '/assets/../../package.json', `${ROUTES.figures}..%2Fconfig.json`, `${ROUTES.figures}config.json`,
    `${ROUTES.wasm}..%2F..%2Fpackage.json`, '/index.html%00.js']) {
    const r = await rawGet(path);
    assert.equal(r.status, 404, `${path}: ${r.status} ${r.body}`);
  }
  assert.equal((await rawGet('/', {}, 'POST')).status, 405);
  const rebound = await rawGet(ROUTES.session, { Host: 'attacker.example:80' });
  assert.equal(rebound.status, 403);
  assert.doesNotMatch(rebound.body, /vae/);
  assert.equal((await rawGet(ROUTES.session, { Host: `localhost:${new URL(explorer.url).port}` })).status, 200);
});

test('explore server: a bad run folder is a one-line error before anything listens; no run means train-here only', async () => {
  const empty = tempDir('aekit-explore-bad-');
  assert.throws(() => loadExploreRun(join(empty, 'missing')), /no such run folder/);
  assert.throws(() => loadExploreRun(empty), /has no config.json/);
  const broken = tempDir('aekit-explore-bad-');
  writeFileSync(join(broken, 'config.json'), readFileSync(join(runDir, 'config.json')));
  assert.throws(() => loadExploreRun(broken), /has no model.safetensors/);
  writeFileSync(join(broken, 'model.safetensors'), 'not a model');
  assert.throws(() => loadExploreRun(broken), /model.safetensors/);
  const bare = await startExploreServer({ run: null, version: 'x' });
  try {
    const session = (await (await fetch(new URL(ROUTES.session, bare.url))).json()) as ExploreSession;
    assert.equal(session.run, null);
    assert.equal((await fetch(new URL(ROUTES.model, bare.url))).status, 404);
  } finally {
    await bare.close();
  }
  await assert.rejects(startExploreServer({ run: null, version: 'x', webRoot: join(empty, 'nowhere/') }), /not built/);
});
