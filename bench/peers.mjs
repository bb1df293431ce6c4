// The peers npm run bench times aekit against in the same run, each a child process that answers one request per
// line (so their measurements interleave with aekit's): OpenBLAS's cblas_sgemm per kernel type (bench/openblas-gemm.c)
// and PyTorch CPU (bench/pytorch-peer.py, run by Debian's /usr/bin/python3). TF.js runs in this process
// (tfjs-vae.mjs).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** A child process spoken to one line at a time: `ask(line)` resolves with its answer line, `next()` with its next line. */
async function lineProcess(command, args, env) {
  const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  lines.on('line', (l) => waiting.shift()?.resolve(l));
  const failed = new Promise((_, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}): ${stderr.trim().split('\n').slice(-2).join(' | ')}`)));
  });
  failed.catch(() => {});
  const next = () => Promise.race([new Promise((resolve) => waiting.push({ resolve })), failed]);
  return {
    next,
    ask(line) { const answer = next(); child.stdin.write(`${line}\n`); return answer; },
    close() { child.stdin.end(); child.kill(); },
  };
}

/**
 * OpenBLAS with a fixed kernel type (`coreType`, e.g. 'Haswell'; null: its own choice for this CPU) and `threads`,
 * or null with the reason when libopenblas-dev or a C compiler is missing.
 */
export async function openblasPeer(coreType, threads) {
  let exe;
  try {
    exe = join(mkdtempSync(join(tmpdir(), 'aekit-oblas-')), 'openblas-gemm');
    execFileSync('cc', ['-O2', '-o', exe, join(here, 'openblas-gemm.c'), '-lopenblas'], { stdio: 'pipe' });
  } catch (err) {
    return { peer: null, reason: `cannot build bench/openblas-gemm.c against OpenBLAS (apt-get install libopenblas-dev): ${String(err.message).split('\n')[0]}` };
  }
  const env = { ...process.env, OPENBLAS_NUM_THREADS: String(threads) };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (coreType) env.OPENBLAS_CORETYPE = coreType;
  const p = await lineProcess(exe, [], env);
  const core = (await p.next()).replace(/^ready /, '');
  return {
    peer: {
      core,
      /** Median and best milliseconds of `reps` calls of op(A)·op(B) with these flags and sizes. */
      async gemm([tA, tB, m, n, k], reps) {
        const [median, best] = (await p.ask(`${tA ? 1 : 0} ${tB ? 1 : 0} ${m} ${n} ${k} ${reps}`)).split(' ').map(Number);
        return { median, best };
      },
      close: () => p.close(),
    },
  };
}

export const PYTHON = process.env.AEKIT_BENCH_PYTHON ?? '/usr/bin/python3';

/** PyTorch on the MNIST images (Float32Array, count×784), or null with the reason (and how to install it). */
export async function pytorchPeer(images, count, threads) {
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'pipe' });
  } catch {
    return { peer: null, reason: `${PYTHON} cannot import torch (Debian: apt-get install python3-torch; another Python: AEKIT_BENCH_PYTHON=/path/to/python3)` };
  }
  const file = join(mkdtempSync(join(tmpdir(), 'aekit-torch-')), 'images.f32');
  const { writeFileSync } = await import('node:fs');
  writeFileSync(file, Buffer.from(images.buffer, images.byteOffset, count * 784 * 4));
  const env = { ...process.env, OMP_NUM_THREADS: String(threads), MKL_NUM_THREADS: String(threads) };
  const p = await lineProcess(PYTHON, [join(here, 'pytorch-peer.py')], env);
  const ask = async (req) => {
    const answer = JSON.parse(await p.ask(JSON.stringify(req)));
    if (answer.error) throw new Error(`pytorch: ${answer.error}`);
    return answer;
  };
  const info = await ask({ cmd: 'setup', threads, images: file, count });
  return {
    peer: {
      info,
      /** Per-step milliseconds of `reps` training steps of the workload (after two warm-up steps). */
      step: async (workload, reps) => (await ask({ cmd: 'step', workload, reps })).ms,
      /** Seconds of one epoch over the images (shuffled, batch 128). */
      epoch: async (workload) => (await ask({ cmd: 'epoch', workload })).seconds,
      close: () => p.close(),
    },
  };
}
