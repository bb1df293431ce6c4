#!/usr/bin/env node
/**
 * Reliability campaign: the hostile inputs of issue #12, each run in its own process under /usr/bin/time -v,
 * reporting the exit code, the error line and the peak memory (maximum resident set size) and wall time.
 *   node test/campaigns/hostile.mjs [--json] [--big]     (after `npm run build`)
 * `--big` adds the 600 MB CSV and the 8.7 MB gzip bomb that inflates to 9 GB (both written to a temp folder
 * first, which takes a minute; removed at the end).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, cpSync, createWriteStream, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { constants, createGzip, gzipSync } from 'node:zlib';
import { once } from 'node:events';
import { validCsv, validIdx, validPng, withIhdr } from '../../dist/testing/corrupt-inputs.js';
import { CONFIG_KEY, FORMAT_KEY, MODEL_FORMAT, encodeModelFile } from '../../dist/io/model-file.js';
import { loadModelFile } from '../../dist/io/model-file.node.js';
import { encodeSafetensors } from '../../dist/io/safetensors.js';

const args = process.argv.slice(2);
const cli = fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'aekit-campaign-hostile-'));
const env = { ...process.env, AEKIT_BACKEND: 'js' };

function measure(name, argv) {
  const r = spawnSync('/usr/bin/time', ['-v', process.execPath, ...argv], { env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1] ?? NaN);
  const wall = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(r.stderr)?.[1] ?? '?';
  const seconds = wall.split(':').reduce((a, b) => a * 60 + Number(b), 0);
  const errorLines = r.stderr.split('\n').filter((l) => l.startsWith('aekit: error:') || l.startsWith('ERROR '));
  const exit = Number(/Exit status: (\d+)/.exec(r.stderr)?.[1] ?? r.status);
  const result = { name, exit, peakMiB: Math.round(rss / 1024), seconds: +seconds.toFixed(2), errorLines: errorLines.length, error: (errorLines[0] ?? '').slice(0, 220) };
  process.stderr.write(`${name}: exit ${exit}, peak ${result.peakMiB} MiB, ${result.seconds} s — ${result.error}\n`);
  return result;
}

// A small real run folder to craft the model-file cases from.
const base = join(root, 'base');
const csv = join(root, 'points.csv');
writeFileSync(csv, validCsv(200, 8, 1, true));
execFileSync(process.execPath, [cli, 'train', '--data', `csv:${csv}`, '--hidden', '16', '--epochs', '1', '--out', base, '--no-figures'], { env, stdio: 'ignore' });
const good = loadModelFile(join(base, 'model.safetensors'));
function craftedRun(name, config, rawConfigText) {
  const dir = join(root, name);
  cpSync(base, dir, { recursive: true });
  const meta = rawConfigText === undefined ? null : { [FORMAT_KEY]: MODEL_FORMAT, [CONFIG_KEY]: rawConfigText };
  const bytes = meta ? Buffer.concat(encodeSafetensors(good.tensors, meta)) : Buffer.concat(encodeModelFile(config, good.tensors));
  writeFileSync(join(dir, 'model.safetensors'), bytes);
  return { dir, bytes: bytes.length };
}

const results = [];
// 1. A 69-byte-class PNG declaring 16000×16000 pixels, trained on.
{
  const dir = join(root, 'png-bomb');
  mkdirSync(dir);
  const bytes = withIhdr(validPng(1, 1), { width: 16000, height: 16000 });
  writeFileSync(join(dir, 'a.png'), bytes);
  results.push({ ...measure(`PNG of ${bytes.length} bytes declaring 16000×16000 (aekit train --data png:)`, [cli, 'train', '--data', `png:${dir}`, '--out', join(root, 'o1'), '--no-figures']), input: `${bytes.length} bytes` });
}
// 2. A model file whose config asks for a 300,000-unit layer on 784 inputs (its weights are small).
{
  const { dir, bytes } = craftedRun('wide', { ...good.config, inputShape: [784], hidden: [300000] });
  results.push({ ...measure(`model file of ${bytes} bytes asking for a 300,000-unit layer (aekit eval)`, [cli, 'eval', dir]), input: `${bytes} bytes` });
}
// 3. A config with a huge input shape.
{
  const { dir } = craftedRun('huge-input', { ...good.config, inputShape: [1, 100000, 100000] });
  results.push(measure('model config with input shape [1, 100000, 100000] (aekit eval)', [cli, 'eval', dir]));
}
// 4. latentDim 1e9.
{
  const { dir } = craftedRun('latent', { ...good.config, latentDim: 1e9 });
  results.push(measure('model config with latentDim 1e9 (aekit eval)', [cli, 'eval', dir]));
}
// 5. A config nested 100,000 levels deep.
{
  const deep = `${'['.repeat(100000)}${']'.repeat(100000)}`;
  const { dir } = craftedRun('deep', null, `{"model":"vae","hidden":${deep}}`);
  results.push(measure('model config nested 100,000 levels deep (aekit eval)', [cli, 'eval', dir]));
}
// 6. NaN weights: refused, then evaluated on request.
{
  const tensors = new Map(good.tensors);
  const first = [...tensors.keys()][0];
  const t = tensors.get(first);
  const data = t.data.slice();
  data[0] = NaN;
  tensors.set(first, { ...t, data });
  const dir = join(root, 'nan');
  cpSync(base, dir, { recursive: true });
  writeFileSync(join(dir, 'model.safetensors'), Buffer.concat(encodeModelFile(good.config, tensors)));
  results.push(measure('model file with a NaN weight (aekit eval)', [cli, 'eval', dir]));
  results.push(measure('the same with --allow-non-finite (aekit eval)', [cli, 'eval', dir, '--allow-non-finite']));
}
// 7. gzip IDX bombs through the MNIST loader (the library path: aekit's CLI reads only the packaged MNIST).
async function gzipZeros(path, headerBytes, zeroBytes) {
  const gz = createGzip({ level: 9 });
  const out = createWriteStream(path);
  gz.pipe(out);
  gz.write(headerBytes);
  const chunk = Buffer.alloc(16 * 2 ** 20);
  for (let done = 0; done < zeroBytes; done += chunk.length) if (!gz.write(chunk)) await once(gz, 'drain');
  gz.end();
  await once(out, 'finish');
}
const header = (dims) => {
  const b = Buffer.alloc(4 + 4 * dims.length);
  b[2] = 8;
  b[3] = dims.length;
  dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
  return b;
};
{
  const dir = join(root, 'idx-bomb');
  mkdirSync(dir);
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), validIdx(60000, 0, 0));
  const zeros = args.includes('--big') ? 9 * 2 ** 30 : 2 ** 30;
  await gzipZeros(join(dir, 'train-images-idx3-ubyte.gz'), header([60000, 28, 28]), zeros);
  const size = statSync(join(dir, 'train-images-idx3-ubyte.gz')).size;
  const script = `import { loadMnist } from '${dist}data/mnist.js'; try { loadMnist({ split: 'train', dataDir: '${dir}' }); console.log('loaded'); } catch (e) { console.error('ERROR ' + e.message); process.exit(1); }`;
  results.push({ ...measure(`gzip IDX of ${(size / 2 ** 20).toFixed(1)} MB: header [60000, 28, 28], stream ${(zeros / 2 ** 30).toFixed(0)} GiB (loadMnist)`, ['--input-type=module', '-e', script]), input: `${size} bytes` });
  writeFileSync(join(dir, 'train-images-idx3-ubyte.gz'), gzipSync(Buffer.concat([header([2 ** 24, 280, 280]), Buffer.alloc(2 ** 20)])));
  results.push(measure('gzip IDX whose header declares [16777216, 280, 280] (loadMnist)', ['--input-type=module', '-e', script]));
}
// 8. A CSV over the size limit.
if (args.includes('--big')) {
  const big = join(root, 'big.csv');
  const fd = openSync(big, 'w');
  const row = `${validCsv(1, 32).trim()}\n`;
  const block = row.repeat(Math.ceil(2 ** 20 / row.length));
  for (let n = 0; n < 600 * 2 ** 20; n += block.length) writeSync(fd, block);
  closeSync(fd);
  results.push({ ...measure(`CSV of ${(statSync(big).size / 2 ** 20).toFixed(0)} MiB (aekit train --data csv:)`, [cli, 'train', '--data', `csv:${big}`, '--out', join(root, 'o8'), '--no-figures']), input: `${statSync(big).size} bytes` });
}
// 9. A run folder whose config.json points its data at a system file.
{
  const dir = join(root, 'passwd');
  cpSync(base, dir, { recursive: true });
  const c = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  c.data.spec = 'csv:/etc/passwd';
  writeFileSync(join(dir, 'config.json'), JSON.stringify(c));
  const r = measure('run folder whose data is csv:/etc/passwd (aekit eval)', [cli, 'eval', dir]);
  r.leaksContents = /root|nologin|daemon/.test(r.error);
  results.push(r);
}

rmSync(root, { recursive: true, force: true });
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(results)}\n`);
else for (const r of results) console.log(`${r.name}\n    exit ${r.exit} · peak ${r.peakMiB} MiB · ${r.seconds} s · ${r.errorLines} error line(s): ${r.error}`);
