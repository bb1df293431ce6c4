#!/usr/bin/env node
/**
 * Reliability campaign: damaged inputs against every reader, counted by outcome.
 *   node test/campaigns/readers.mjs [--count N] [--json]
 * (after `npm run build`). For each reader, N mutants (fixed seeds; generators in
 * src/testing/corrupt-inputs.ts) are read the way aekit reads them, and each outcome is one of:
 *   clear     refused with the reader's error, one line, naming the damaged file;
 *   unclear   refused some other way (another error type, no file named, several lines);
 *   same      accepted and the content means exactly what the undamaged file meant;
 *   silent    accepted with a different meaning — the failure this campaign looks for.
 * Checkpoints are also damaged "sealed": edited, then re-encoded with a correct CRC, as a buggy writer or a
 * hand edit would; those must be refused by the meaning checks alone.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { csvMutants, idxMutants, pngMutants, validCsv, validIdx, validPng } from '../../dist/testing/corrupt-inputs.js';
import { loadCsv } from '../../dist/data/csv.node.js';
import { DataFormatError } from '../../dist/data/data-format-error.js';
import { loadMnist } from '../../dist/data/mnist.js';
import { loadPngFolder } from '../../dist/data/png-folder.js';
import { encodeModelFile } from '../../dist/io/model-file.js';
import { loadModelFile } from '../../dist/io/model-file.node.js';
import { ModelFileError } from '../../dist/io/model-file-error.js';
import { loadModel, saveModel } from '../../dist/models/model-io.node.js';
import { buildModel, defaultConfig, validateModelConfig } from '../../dist/models/registry.js';
import { Generator } from '../../dist/tensor/random.js';
import { readCheckpoint } from '../../dist/train/checkpoint.js';
import { blobs } from '../../dist/testing/training.js';
import { ResumeMismatchError, runConfigMismatch } from '../../dist/train/resume.js';
import { trainModel } from '../../dist/train/trainer.js';

const args = process.argv.slice(2);
const COUNT = Number(args[args.indexOf('--count') + 1] ?? 0) || 1000;
const root = mkdtempSync(join(tmpdir(), 'aekit-campaign-readers-'));
const results = [];

function classify(err, files) {
  if (err === null) return null;
  const clear = (err instanceof DataFormatError || err instanceof ModelFileError || err instanceof ResumeMismatchError)
    && !err.message.includes('\n') && (err instanceof ResumeMismatchError || files.includes(err.file));
  return clear ? 'clear' : 'unclear';
}

/** Runs `read` on each mutant; `same(result)` says whether an accepted result means what the original meant. */
async function campaign(reader, mutants, write, read, files, same = () => false) {
  const counts = { reader, mutants: mutants.length, clear: 0, unclear: 0, same: 0, silent: 0, examples: {} };
  for (const m of mutants) {
    write(m);
    let err = null;
    let value;
    try {
      value = await read();
    } catch (e) {
      err = e;
    }
    const outcome = classify(err, files) ?? (same(value) ? 'same' : 'silent');
    counts[outcome] += 1;
    if (outcome !== 'clear' && outcome !== 'same') (counts.examples[outcome] ??= []).length < 5 && counts.examples[outcome].push(`${m.what}: ${err ? String(err.message ?? err).slice(0, 160) : 'accepted'}`);
    if (outcome === 'clear' && Object.keys(counts.examples).length === 0) counts.examples.clear = [`${m.what}: ${err.message.slice(0, 160)}`];
  }
  results.push(counts);
  process.stderr.write(`${reader}: ${counts.mutants} mutants, ${counts.clear} clear errors, ${counts.unclear} unclear, ${counts.same} accepted unchanged, ${counts.silent} silently accepted\n`);
}

// ---- PNG
{
  const dir = join(root, 'png');
  mkdirSync(dir);
  const file = join(dir, 'x.png');
  writeFileSync(join(dir, 'a.png'), validPng(12, 10, 2));
  await campaign('png-folder', pngMutants(validPng(12, 10), COUNT, 101), (m) => writeFileSync(file, m.bytes), () => loadPngFolder(dir), [file, dir]);
}
// ---- IDX (through the MNIST loader, which also checks type and label agreement)
for (const gzip of [false, true]) {
  const dir = join(root, gzip ? 'idx-gz' : 'idx');
  mkdirSync(dir);
  const images = join(dir, gzip ? 'train-images-idx3-ubyte.gz' : 'train-images-idx3-ubyte');
  writeFileSync(join(dir, 'train-labels-idx1-ubyte'), validIdx(20, 0, 0));
  await campaign(gzip ? 'idx (gzip)' : 'idx', idxMutants(validIdx(20, 6, 5), 16, COUNT, gzip ? 103 : 102, gzip), (m) => writeFileSync(images, m.bytes),
    () => loadMnist({ split: 'train', dataDir: dir }), [images]);
}
// ---- CSV, in auto-header mode (the rule one bad cell must not fool) and with a header row
{
  const file = join(root, 'points.csv');
  await campaign('csv (no header, auto)', csvMutants(validCsv(20, 4), COUNT, 104), (m) => writeFileSync(file, m.bytes), () => loadCsv(file), [file]);
  await campaign('csv (header row, auto)', csvMutants(validCsv(20, 4, 2, true), COUNT, 105, 1), (m) => writeFileSync(file, m.bytes), () => loadCsv(file), [file]);
}
// ---- model files: raw byte damage (bit flips in header and data, overwrites, truncation)
const config = defaultConfig('vae', { inputShape: [6], latentDim: 2, overrides: { hidden: [8], decoder: 'gaussian' } });
function byteMutants(bytes, count, seed) {
  const gen = new Generator(seed);
  const pick = (n) => gen.nextUint32() % n;
  const headerEnd = 8 + Number(Buffer.from(bytes).readBigUInt64LE(0));
  const out = [];
  for (let i = 0; out.length < count; i++) {
    const b = Buffer.from(bytes);
    if (i % 5 === 4) {
      const n = pick(b.length);
      out.push({ what: `truncated to ${n}`, bytes: b.subarray(0, n) });
    } else if (i % 5 === 3) {
      const at = pick(b.length);
      b[at] = (b[at] + 1 + pick(255)) & 255;
      out.push({ what: `byte ${at} overwritten`, bytes: b });
    } else {
      const at = i % 2 === 0 ? pick(headerEnd) : headerEnd + pick(b.length - headerEnd);
      const bit = pick(8);
      b[at] ^= 1 << bit;
      out.push({ what: `bit ${bit} of byte ${at} (${at < headerEnd ? 'header' : 'data'})`, bytes: b });
    }
  }
  return out;
}
{
  const path = join(root, 'model.safetensors');
  await saveModel(path, buildModel(config, new Generator(1)));
  const original = loadModel(path).stateDict();
  const bytes = readFileSync(path);
  const mutant = join(root, 'model-mutant.safetensors');
  const sameWeights = (m) => [...original].every(([k, t]) => Buffer.from(m.stateDict().get(k).data.buffer).equals(Buffer.from(t.data.buffer)));
  await campaign('model file', byteMutants(bytes, COUNT, 106), (m) => writeFileSync(mutant, m.bytes), () => loadModel(mutant), [mutant], sameWeights);
}
// ---- checkpoints: raw byte damage, then sealed edits of their meaning
{
  const dir = join(root, 'run');
  mkdirSync(dir);
  const train = blobs(64, 6, 1);
  const test = blobs(32, 6, 2);
  const options = { epochs: 2, batchSize: 16, lr: 3e-3, lrSchedule: 'constant', seed: 7, clipNorm: 0, dropLast: false };
  await trainModel({ model: buildModel(config, new Generator(1)), train, test, options, runDir: dir });
  const goodPath = join(dir, 'checkpoint.safetensors');
  const good = loadModelFile(goodPath);
  const mutant = join(root, 'checkpoint-mutant.safetensors');
  // As `aekit train --resume` does: config.json (here the run's own config and options) and the checkpoint must
  // agree, and the model comes from config.json.
  const runConfig = { model: JSON.parse(JSON.stringify(config)), training: options };
  // Each accepted checkpoint is continued for one more epoch; it is "unchanged" only if that continuation is the
  // continuation of the undamaged checkpoint: the same weights, optimizer state and history (times aside).
  const continueFrom = async (path) => {
    const ck = readCheckpoint(path, validateModelConfig, {
      beforeData: (c, s) => {
        const mismatch = runConfigMismatch(runConfig, c, s);
        if (mismatch !== null) throw new ResumeMismatchError(mismatch);
      },
    });
    const model = buildModel(config, new Generator(2));
    const { state, optimizers } = await trainModel({ model, train, test, options: { ...options, epochs: 3 }, resume: ck });
    const bytes = [...model.stateDict().values(), ...[...optimizers.values()].flatMap((o) => [...o.stateDict().tensors.values()])]
      .map((t) => Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength).toString('base64'));
    return JSON.stringify({ bytes, history: state.history.map(({ seconds: _s, ...h }) => h), best: state.best });
  };
  const reference = await continueFrom(goodPath);
  const resume = () => continueFrom(mutant);
  const sameMeaning = (continuation) => continuation === reference;
  await campaign('checkpoint (raw bytes)', byteMutants(readFileSync(goodPath), COUNT, 107), (m) => writeFileSync(mutant, m.bytes), resume, [mutant], sameMeaning);

  // Sealed: one leaf of the trainer state, the config or the tensor table edited, then a correct CRC.
  const state = JSON.parse(good.metadata['aekit.checkpoint']);
  const leaves = [];
  const walk = (v, path) => {
    if (v !== null && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, [...path, k]);
    else leaves.push(path);
  };
  walk(state, ['state']);
  walk(good.config, ['config']);
  // Values a trainer state could hold but that a careless edit might put anywhere.
  const POOL = [-1, 0, 1, 2, 0.5, 5, 1e9, 1.5, null, 'x', true, false, [], {}, 'aekit-checkpoint/1', 8, 16, 7, 3e-3];
  const gen = new Generator(108);
  const pick = (n) => gen.nextUint32() % n;
  const sealed = [];
  const RECORDED = /^state\.history\.\d+\.(train|test|seconds)|^state\.seconds$/;
  for (let i = 0; sealed.length < COUNT; i++) {
    const s = structuredClone(state);
    const c = structuredClone(good.config);
    const tensors = new Map([...good.tensors].map(([k, t]) => [k, { ...t, shape: [...t.shape], data: t.data.slice() }]));
    let what;
    if (i % 4 === 3) {
      const names = [...tensors.keys()];
      const name = names[pick(names.length)];
      const kind = pick(4);
      if (kind === 0) tensors.delete(name);
      else if (kind === 1) { tensors.set(`${name}X`, tensors.get(name)); tensors.delete(name); }
      else if (kind === 2) { const t = tensors.get(name); t.shape = t.shape.length > 1 ? [...t.shape].reverse() : [t.shape[0], 1]; if (t.shape.every((d, j) => d === good.tensors.get(name).shape[j])) t.shape = [...t.shape, 1]; }
      else tensors.get(name).data[pick(tensors.get(name).data.length)] = [NaN, Infinity, -Infinity][pick(3)];
      what = `tensor ${name}: ${['deleted', 'renamed', 'reshaped', 'non-finite value'][kind]}`;
    } else {
      const path = leaves[pick(leaves.length)];
      const value = POOL[pick(POOL.length)];
      let o = path[0] === 'state' ? s : c;
      for (const k of path.slice(1, -1)) o = o[k];
      const before = o[path.at(-1)];
      if (JSON.stringify(before) === JSON.stringify(value)) continue;
      o[path.at(-1)] = value;
      what = `${path.join('.')}: ${JSON.stringify(before)} → ${JSON.stringify(value)}${RECORDED.test(path.join('.')) ? ' [a recorded loss or time]' : ''}`;
    }
    sealed.push({ what, bytes: Buffer.concat(encodeModelFile(c, tensors, { 'aekit.checkpoint': JSON.stringify(s) })) });
  }
  const recorded = sealed.filter((m) => m.what.endsWith('[a recorded loss or time]'));
  const meaning = sealed.filter((m) => !m.what.endsWith('[a recorded loss or time]'));
  await campaign('checkpoint (sealed edits of meaning)', meaning, (m) => writeFileSync(mutant, m.bytes), resume, [mutant], sameMeaning);
  await campaign('checkpoint (sealed edits of recorded losses/times)', recorded, (m) => writeFileSync(mutant, m.bytes), resume, [mutant], sameMeaning);
}

rmSync(root, { recursive: true, force: true });
if (args.includes('--json')) process.stdout.write(`${JSON.stringify({ count: COUNT, results })}\n`);
else for (const r of results) console.log(`${r.reader.padEnd(52)} mutants ${String(r.mutants).padStart(5)}  clear ${String(r.clear).padStart(5)}  unclear ${String(r.unclear).padStart(3)}  accepted-unchanged ${String(r.same).padStart(4)}  silently-accepted ${String(r.silent).padStart(4)}${r.examples.silent || r.examples.unclear ? `\n    ${[...(r.examples.silent ?? []), ...(r.examples.unclear ?? [])].join('\n    ')}` : ''}`);
