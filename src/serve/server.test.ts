/**
 * The inference service over real HTTP on 127.0.0.1 (ephemeral ports): every endpoint against the model's own
 * answers, PNG in and out, the 4xx answers for bad input (which must not reach the kernels), dynamic batching
 * (concurrent requests get the answers single requests get, in fewer kernel calls), and the probes.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import CRC32 from 'crc-32';
import { PNG } from 'pngjs';
import { noGrad } from '../autograd/grad-mode.js';
import { isGenerative, isVariational, type Autoencoder } from '../models/autoencoder.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { anomalyScoresOfBatch } from '../eval/anomaly-score.js';
import { maxAbsDiff, randomInputs, tinyModel } from '../testing/tiny-models.js';
import { DEFAULT_SERVICE_OPTIONS, startService, type RunningService, type ServiceOptions } from './server.js';

type Json = Record<string, unknown>;
type Nested = number | Nested[];

const flat = (v: unknown): number[] => (v as Nested[]).flat(Infinity as 1) as number[];
const rows = (t: Tensor): number[][] => Array.from({ length: t.shape[0]! }, (_, i) => Array.from(t.data.subarray(i * (t.size / t.shape[0]!), (i + 1) * (t.size / t.shape[0]!))));

async function start(model: Autoencoder, options: Partial<ServiceOptions> = {}): Promise<RunningService> {
  return startService(model, { ...DEFAULT_SERVICE_OPTIONS, port: 0, source: 'test', ...options });
}

async function post(s: RunningService, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; type: string; json: Json; bytes: Buffer }> {
  const raw = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const r = await fetch(s.url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: raw });
  const bytes = Buffer.from(await r.arrayBuffer());
  const type = r.headers.get('content-type') ?? '';
  return { status: r.status, type, json: type.includes('json') ? JSON.parse(bytes.toString('utf8')) as Json : {}, bytes };
}

async function metricValue(s: RunningService, line: RegExp): Promise<number> {
  const text = await (await fetch(`${s.url}/metrics`)).text();
  const hit = text.split('\n').find((l) => line.test(l));
  return hit === undefined ? 0 : Number(hit.split(' ').at(-1));
}

/** A PNG of a w×h gray image with the given values in [0, 1]. */
function grayPng(values: ArrayLike<number>, w: number, h: number): Buffer {
  const png = new PNG({ width: w, height: h });
  for (let i = 0; i < w * h; i++) {
    const v = Math.round(values[i]! * 255);
    png.data.set([v, v, v, 255], 4 * i);
  }
  return PNG.sync.write(png);
}

// A conv VAE on 8×8 images, a conditional VAE on 12 values, a plain AE on 12 values.
const vae = tinyModel('vae', [1, 8, 8], { arch: 'conv' });
const cvae = tinyModel('cvae', [12]);
const ae = tinyModel('ae', [12]);
let vaeService: RunningService;
let cvaeService: RunningService;
let aeService: RunningService;

before(async () => {
  vaeService = await start(vae, { bodyLimit: 64 * 1024, maxRows: 16 });
  cvaeService = await start(cvae);
  aeService = await start(ae);
});

after(async () => {
  await Promise.all([vaeService.close(), cvaeService.close(), aeService.close()]);
});

test('serve: /encode, /decode, /reconstruct and /sample answer what the model computes', async () => {
  const { x } = randomInputs(vae, 3, 1);
  const z = new Tensor(new Generator(2).fillNormal(new Float32Array(6)), [3, 2]);
  assert.ok(isVariational(vae) && isGenerative(vae));
  const want = noGrad(() => ({ q: vae.posterior(x), decoded: vae.decode(z), recon: vae.reconstruct(x), sample: vae.sample(4, new Generator(9)) }));

  const enc = await post(vaeService, '/encode', { x: rows(x) });
  assert.equal(enc.status, 200);
  assert.deepEqual(flat(enc.json['z']), [...want.q.mu.data]);
  assert.deepEqual(flat(enc.json['logVar']), [...want.q.logVar.data]);
  const dec = await post(vaeService, '/decode', { z: rows(z) });
  assert.equal(dec.status, 200);
  const decoded = dec.json['x'] as Nested[][];
  assert.equal(decoded.length, 3);
  assert.equal((decoded[0]![0] as Nested[]).length, 8, 'rows come back nested to the sample shape [1, 8, 8]');
  assert.deepEqual(flat(decoded), [...want.decoded.data]);
  const rec = await post(vaeService, '/reconstruct', { x: rows(x) });
  assert.deepEqual(flat(rec.json['x']), [...want.recon.data]);
  const sample = await post(vaeService, '/sample', { n: 4, seed: 9 });
  assert.equal(sample.status, 200);
  assert.equal(sample.json['seed'], 9);
  assert.deepEqual(flat(sample.json['x']), [...want.sample.data]);
  const unseeded = await post(vaeService, '/sample', {});
  assert.equal((unseeded.json['x'] as unknown[]).length, 1);
  assert.ok(Number.isInteger(unseeded.json['seed']), 'an unseeded draw says which seed it used');
});

test('serve: a conditional model takes labels; /sample draws the classes in turn like the model', async () => {
  const { x, labels } = randomInputs(cvae, 4, 3);
  assert.ok(labels !== null && isGenerative(cvae));
  const want = noGrad(() => ({ code: cvae.encode(x, labels), sample: cvae.sample(5, new Generator(4)) }));
  const enc = await post(cvaeService, '/encode', { x: rows(x), labels: [...labels.data] });
  assert.equal(enc.status, 200, JSON.stringify(enc.json));
  assert.deepEqual(flat(enc.json['z']), [...want.code.data]);
  const sample = await post(cvaeService, '/sample', { n: 5, seed: 4 });
  assert.deepEqual(sample.json['labels'], [0, 1, 2, 0, 1]);
  assert.deepEqual(flat(sample.json['x']), [...want.sample.data]);
  const missing = await post(cvaeService, '/encode', { x: rows(x) });
  assert.equal(missing.status, 400);
  assert.match(missing.json['error'] as string, /missing field 'labels'/);
});

test('serve: /score gives the anomaly scores of eval/anomaly-score.ts, in nats', async () => {
  const { x } = randomInputs(vae, 3, 8);
  const want = (score: 'reconstruction' | 'negative-elbo' | 'iw-nll', options = {}) => [...anomalyScoresOfBatch(vae, x, null, score, options)];
  const rec = await post(vaeService, '/score', { x: rows(x) });
  assert.equal(rec.status, 200, JSON.stringify(rec.json));
  assert.deepEqual(rec.json, { score: 'reconstruction', unit: 'nats', scores: want('reconstruction') });
  const elbo = await post(vaeService, '/score', { x: rows(x), score: 'negative-elbo', samples: 3, seed: 5 });
  assert.deepEqual(elbo.json['scores'], want('negative-elbo', { samples: 3, seed: 5 }));
  const iw = await post(vaeService, '/score', { x: rows(x), score: 'iw-nll', samples: 8, seed: 1 });
  assert.deepEqual(iw.json['scores'], want('iw-nll', { samples: 8, seed: 1 }));
  assert.equal(iw.json['samples'], 8);

  const { x: ax } = randomInputs(ae, 2, 9);
  const onAe = await post(aeService, '/score', { x: rows(ax), score: 'iw-nll' });
  assert.equal(onAe.status, 400);
  assert.match(onAe.json['error'] as string, /needs a variational model/);
  assert.match((await post(vaeService, '/score', { x: rows(x), score: 'likelihood' })).json['error'] as string, /'score' must be one of reconstruction, negative-elbo, iw-nll/);
  assert.match((await post(vaeService, '/score', { x: rows(x), samples: 3 })).json['error'] as string, /belong to the Monte Carlo scores/);
  assert.match((await post(vaeService, '/score', { x: rows(x), score: 'iw-nll', samples: 10_000 })).json['error'] as string, /3 rows × 10000 samples is more than 20000/);
});

test('serve: PNG in and out for image models', async () => {
  const { x } = randomInputs(vae, 1, 5);
  // Values on the 8-bit grid, so the PNG carries them exactly.
  const pixels = Float32Array.from(x.data, (v) => Math.round(v * 255) / 255);
  const png = grayPng(pixels, 8, 8);
  const want = noGrad(() => ({ code: vae.encode(new Tensor(pixels, [1, 1, 8, 8])), recon: vae.reconstruct(new Tensor(pixels, [1, 1, 8, 8])) }));
  const enc = await post(vaeService, '/encode', png, { 'content-type': 'image/png' });
  assert.equal(enc.status, 200, JSON.stringify(enc.json));
  assert.ok(maxAbsDiff(flat(enc.json['z']), want.code.data) <= 1e-6);

  const rec = await post(vaeService, '/reconstruct', png, { 'content-type': 'image/png', accept: 'image/png' });
  assert.equal(rec.status, 200);
  assert.equal(rec.type, 'image/png');
  const out = PNG.sync.read(rec.bytes);
  assert.deepEqual([out.width, out.height], [8, 8]);
  const gray = Array.from({ length: 64 }, (_, i) => out.data[4 * i]! / 255);
  assert.ok(maxAbsDiff(gray, want.recon.data) <= 0.5 / 255 + 1e-6, 'the PNG holds the reconstruction to 8 bits');

  const grid = await post(vaeService, '/sample', { n: 12, seed: 1 }, { accept: 'image/png' });
  assert.equal(grid.type, 'image/png');
  const g = PNG.sync.read(grid.bytes);
  assert.deepEqual([g.width, g.height], [10 * 8 + 11 * 2, 2 * 8 + 3 * 2], 'twelve samples tile a 10-column grid');

  const wrongSize = await post(vaeService, '/encode', grayPng(new Float32Array(49), 7, 7), { 'content-type': 'image/png' });
  assert.equal(wrongSize.status, 400);
  assert.match(wrongSize.json['error'] as string, /the image is 7×7; this model takes 8×8 images/);
  const notPng = await post(vaeService, '/encode', Buffer.from('not a png'), { 'content-type': 'image/png' });
  assert.equal(notPng.status, 400);
  assert.match(notPng.json['error'] as string, /the body: not a valid PNG image: no PNG signature/);
  // A small body whose header declares a 40000×40000 image is refused from the header, before any pixel is allocated.
  const huge = grayPng(new Float32Array(64), 8, 8);
  huge.writeUInt32BE(40000, 16);
  huge.writeUInt32BE(40000, 20);
  huge.writeInt32BE(CRC32.buf(huge.subarray(12, 29)), 29);
  const bomb = await post(vaeService, '/encode', huge, { 'content-type': 'image/png' });
  assert.equal(bomb.status, 400);
  assert.match(bomb.json['error'] as string, /the body: .*40000×40000/);
  const truncated = grayPng(new Float32Array(64), 8, 8);
  const cut = await post(vaeService, '/encode', truncated.subarray(0, truncated.length - 20), { 'content-type': 'image/png' });
  assert.equal(cut.status, 400);
  assert.match(cut.json['error'] as string, /the body: not a valid PNG image/);
  const flatModel = await post(aeService, '/encode', png, { 'content-type': 'image/png' });
  assert.equal(flatModel.status, 415);
  assert.match(flatModel.json['error'] as string, /shape \[12\], not an image/);
});

test('serve: bad input gets a 4xx naming the problem, and never reaches the kernels', async () => {
  const kernelCalls = () => metricValue(vaeService, /^aekit_batch_rows_count\{/);
  const before = await kernelCalls();
  const row = Array(64).fill(0.5);
  const cases: [unknown, number, RegExp, Record<string, string>?][] = [
    [{ x: [row.slice(1)] }, 400, /x\[0\] is an array of 63; expected 1 entry/],
    // JSON has no Infinity, but 1e999 parses to it.
    [`{"x": [[${row.slice(1).join(',')}, 1e999]]}`, 400, /x\[0\]\[63\] is Infinity, not a finite number/],
    [{ x: [row], extra: true }, 400, /unknown field 'extra' \(fields: x\)/],
    [{ x: [row], labels: [0] }, 400, /unknown field 'labels'/],
    [{}, 400, /missing field 'x'/],
    [{ x: Array(17).fill(row) }, 400, /'x' has 17 rows; at most 16 per request/],
    [{ x: Array(400).fill(row) }, 413, /larger than the limit of 65536 bytes/],
    ['{"x": [[0.5', 400, /not valid JSON/],
    ['{"__proto__": {"x": 1}}', 400, /forbidden __proto__/],
    ['x=1', 415, /Unsupported Media Type.*send application\/json/, { 'content-type': 'text/plain' }],
  ];
  for (const [body, status, pattern, headers] of cases) {
    const r = await post(vaeService, '/encode', body, headers);
    assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 60)} → ${JSON.stringify(r.json)}`);
    assert.match(r.json['error'] as string, pattern);
  }
  const sample = await post(aeService, '/sample', { n: 2 });
  assert.equal(sample.status, 400);
  assert.match(sample.json['error'] as string, /model 'ae' has no prior to sample from/);
  assert.equal((await post(vaeService, '/sample', { n: 0 })).status, 400);
  assert.equal((await post(vaeService, '/encode?foo=1', { x: [row] })).status, 400);
  assert.equal((await post(vaeService, '/encode', { x: [row] }, { accept: 'image/png' })).status, 406);
  const notFound = await post(vaeService, '/train', {});
  assert.equal(notFound.status, 404);
  assert.match(notFound.json['error'] as string, /no endpoint POST \/train/);
  assert.equal(await kernelCalls(), before, 'no kernel call for any bad request');
});

test('serve: concurrent requests are batched into fewer kernel calls and get the answers single requests get', async (t) => {
  const single = await start(vae, { batching: { maxBatch: 1, maxWaitMs: 0 } });
  const batched = await start(vae, { batching: { maxBatch: 64, maxWaitMs: 50 } });
  try {
    const inputs = Array.from({ length: 12 }, (_, i) => rows(randomInputs(vae, 1 + (i % 3), 100 + i).x));
    const alone: number[][] = [];
    for (const x of inputs) alone.push(flat((await post(single, '/reconstruct', { x })).json['x']));
    for (const x of inputs) alone.push((await post(single, '/score', { x })).json['scores'] as number[]);
    const together = await Promise.all([
      ...inputs.map(async (x) => flat((await post(batched, '/reconstruct', { x })).json['x'])),
      ...inputs.map(async (x) => (await post(batched, '/score', { x })).json['scores'] as number[]),
    ]);
    let worst = 0;
    together.forEach((got, i) => (worst = Math.max(worst, maxAbsDiff(got, alone[i]!))));
    assert.ok(await metricValue(batched, /^aekit_batch_requests_count\{op="score"\}/) < 12, '/score batches too');
    assert.ok(worst <= 1e-6, `batched vs single: max |diff| ${worst}`);
    t.diagnostic(`batched vs single answers: max |diff| ${worst}`);
    const calls = await metricValue(batched, /^aekit_batch_requests_count\{op="reconstruct"\}/);
    const requests = await metricValue(batched, /^aekit_batch_requests_sum\{op="reconstruct"\}/);
    assert.equal(requests, 12);
    assert.ok(calls < 12, `12 concurrent requests ran in ${calls} kernel calls`);
    assert.equal(await metricValue(single, /^aekit_batch_requests_count\{op="reconstruct"\}/), 12, 'no batching: one call per request');
  } finally {
    await Promise.all([single.close(), batched.close()]);
  }
});

test('serve: probes, /model and /metrics', async () => {
  assert.deepEqual(await (await fetch(`${vaeService.url}/healthz`)).json(), { status: 'ok' });
  assert.deepEqual(await (await fetch(`${vaeService.url}/readyz`)).json(), { ready: true });
  const info = await (await fetch(`${vaeService.url}/model`)).json() as Json;
  assert.equal(info['model'], 'vae');
  assert.deepEqual(info['inputShape'], [1, 8, 8]);
  assert.deepEqual(info['capabilities'], vae.capabilities);
  assert.equal(info['parameters'], vae.numParameters());
  const metrics = await fetch(`${vaeService.url}/metrics`);
  assert.match(metrics.headers.get('content-type') ?? '', /^text\/plain/);
  const text = await metrics.text();
  assert.match(text, /^# TYPE aekit_http_request_duration_seconds histogram$/m);
  assert.match(text, /^aekit_http_requests_total\{route="\/encode",method="POST",status="200"\} \d+$/m);
  assert.match(text, /^aekit_batch_rows_bucket\{le="1",op="encode"\} \d+$/m);
  assert.match(text, /^aekit_process_cpu_seconds_total \d/m);
});
