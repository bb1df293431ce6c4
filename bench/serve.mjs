// `npm run bench:serve [-- --connections 32 --seconds 5 --run RUN --endpoint reconstruct --threads N --json]`:
// a bounded load test of `aekit serve` on 127.0.0.1. For dynamic batching on (max batch 64, max wait 2 ms) and
// off, it starts the service as its own process, warms it up, then has N concurrent clients (autocannon
// connections) send one MNIST test image per request for T seconds, and prints throughput, p50/p99 latency,
// errors and the mean rows per kernel call read from the service's /metrics, with the on/off ratios.
// Without --run it serves an untrained 784-512-2 VAE (the main job's architecture: same cost per request).
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { loadMnist } from '../dist/data/mnist.js';
import { saveModel } from '../dist/models/model-io.node.js';
import { buildModel, defaultConfig } from '../dist/models/registry.js';
import { Generator } from '../dist/tensor/random.js';

const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const argv = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i < 0 ? fallback : argv[i + 1];
};
const asJson = argv.includes('--json');
const connections = Number(flag('connections', 32));
const seconds = Number(flag('seconds', 5));
const endpoint = flag('endpoint', 'reconstruct');
const threads = flag('threads', undefined);
if (!(connections >= 1 && seconds > 0 && seconds <= 120)) throw new Error('--connections must be ≥ 1 and --seconds in (0, 120]');
if (!['encode', 'reconstruct'].includes(endpoint)) throw new Error('--endpoint must be encode or reconstruct');
const log = (m) => { if (!asJson) process.stdout.write(`${m}\n`); };

let source = flag('run', undefined);
if (source === undefined) {
  source = join(mkdtempSync(join(tmpdir(), 'aekit-bench-serve-')), 'model.safetensors');
  await saveModel(source, buildModel(defaultConfig('vae', { inputShape: [784] }), new Generator(0)));
}

// One real MNIST test image per request, cycling through the first 64.
const test = loadMnist({ split: 'test' });
const bodies = Array.from({ length: 64 }, (_, i) => JSON.stringify({ x: [Array.from(test.images.subarray(i * 784, (i + 1) * 784))] }));

function startServer(batchingArgs) {
  const args = [cli, ...(threads === undefined ? [] : ['--threads', threads]), 'serve', source, '--port', '0', '--json', ...batchingArgs];
  const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    proc.once('exit', (code) => reject(new Error(`aekit serve exited with code ${code} before listening`)));
    createInterface({ input: proc.stdout }).once('line', (line) => resolve({ proc, url: JSON.parse(line).url }));
  });
}

async function stopServer(proc) {
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  proc.kill('SIGTERM');
  return exited;
}

function load(url, duration) {
  let i = 0;
  return autocannon({
    url: `${url}/${endpoint}`, connections, duration, method: 'POST', headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: bodies[i++ % bodies.length] }) }],
  });
}

async function batchStats(url) {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (name) => Number(text.split('\n').find((l) => l.startsWith(`${name}{op="${endpoint}"}`))?.split(' ').at(-1) ?? 0);
  return { calls: value('aekit_batch_rows_count'), rows: value('aekit_batch_rows_sum') };
}

async function measure(label, batchingArgs) {
  const { proc, url } = await startServer(batchingArgs);
  try {
    await load(url, 1);
    const before = await batchStats(url);
    const r = await load(url, seconds);
    const after = await batchStats(url);
    const calls = after.calls - before.calls;
    return {
      batching: label, requestsPerSecond: r.requests.average, p50Ms: r.latency.p50, p99Ms: r.latency.p99,
      meanMs: r.latency.average, requests: r.requests.total, errors: r.errors + r.timeouts + r.non2xx,
      kernelCalls: calls, meanRowsPerCall: calls > 0 ? (after.rows - before.rows) / calls : 0,
    };
  } finally {
    await stopServer(proc);
  }
}

log(`aekit serve load test: POST /${endpoint}, ${connections} concurrent clients for ${seconds} s each, one MNIST image per request; model ${source}`);
const results = [await measure('on (max batch 64, max wait 2 ms)', ['--max-batch', '64', '--max-wait-ms', '2']), await measure('off', ['--no-batching'])];
const [on, off] = results;
const ratios = { throughput: on.requestsPerSecond / off.requestsPerSecond, p50: on.p50Ms / off.p50Ms, p99: on.p99Ms / off.p99Ms };
if (asJson) {
  process.stdout.write(`${JSON.stringify({ endpoint, connections, seconds, source, results, ratios })}\n`);
} else {
  log('batching                           req/s    p50 ms   p99 ms   errors  kernel calls  rows/call');
  for (const r of results) {
    log(`${r.batching.padEnd(32)} ${r.requestsPerSecond.toFixed(0).padStart(7)} ${r.p50Ms.toFixed(1).padStart(9)} ${r.p99Ms.toFixed(1).padStart(8)} ${String(r.errors).padStart(8)} ${String(r.kernelCalls).padStart(13)} ${r.meanRowsPerCall.toFixed(1).padStart(10)}`);
  }
  log(`batching on / off: throughput ×${ratios.throughput.toFixed(2)}, p50 ×${ratios.p50.toFixed(2)}, p99 ×${ratios.p99.toFixed(2)}`);
}
