import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { KL_WARMUP_KEY } from '../models/blocks/kl-warmup.js';
import { loadModel } from '../models/model-io.node.js';

const cli = fileURLToPath(new URL('./main.js', import.meta.url));
const run = (args: string[]): string => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const fail = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
const small = ['--train-size', '400', '--test-size', '150', '--labels', '20'];

describe('aekit semi-supervised and aekit finetune (end to end, small MNIST subsets)', () => {
  const out = mkdtempSync(join(tmpdir(), 'aekit-semi-'));
  const m1Out = join(out, 'm1');

  it('--method m1 trains a VAE, classifies its codes three ways and writes JSON, the M1 run folder and a figure', () => {
    const r = JSON.parse(run(['semi-supervised', '--method', 'm1', ...small, '--m1-epochs', '1', '--hidden', '32', '--latent', '8', '--spreading-k', '5', '--out', m1Out, '--json']));
    assert.equal(r.method, 'm1');
    assert.deepEqual([r.labels, r.perClass, r.labelledIndices.length, r.trainCount, r.testCount], [20, 2, 20, 400, 150]);
    const c = r.classifiers;
    for (const k of ['labelSpreading', 'nearestNeighbour', 'logisticRegression', 'spreadingTrainError']) assert.ok(c[k] >= 0 && c[k] <= 1, k);
    assert.equal(r.testError, c.labelSpreading);
    assert.equal(r.m2Run, null);
    for (const f of ['model.safetensors', 'config.json', 'metrics.csv']) assert.ok(existsSync(join(r.m1Run, f)), f);
    assert.ok(readFileSync(join(m1Out, 'classifiers.svg'), 'utf8').startsWith('<svg'));
    assert.deepEqual(JSON.parse(readFileSync(join(m1Out, 'semi-supervised.json'), 'utf8')).testError, r.testError);
  });

  it('--method m1+m2 reuses an M1 run folder and trains M2 on its codes, with a test error per epoch', () => {
    const dir = join(out, 'm1m2');
    // Codes drawn from q(z₁ | x) with each sample's σ(x), on M1's dimensions whose means vary at all; β_KL = 0.5 and
    // a KL warm-up over 1.5 epochs, so the resumed epoch 2 continues it half-way.
    const m2Args = ['semi-supervised', '--method', 'm1+m2', ...small, '--m1-run', join(m1Out, 'm1'), '--m2-latent', '4', '--m2-hidden', '16', '--classifier-hidden', '16',
      '--batch', '50', '--code-sampling', 'posterior', '--min-code-std', '1e-6', '--kl-weight', '0.5', '--kl-warmup', '1.5'];
    const r = JSON.parse(run([...m2Args, '--epochs', '2', '--out', dir, '--json']));
    assert.equal(r.m1Run, join(m1Out, 'm1'));
    assert.ok(r.m1Dimensions.length >= 1 && r.m1Dimensions.length <= 8 && r.m1Dimensions.every((d: number) => d >= 0 && d < 8));
    assert.deepEqual(r.curve.map((p: { epoch: number }) => p.epoch), [1, 2]);
    for (const p of r.curve) assert.ok(p.unlabelledError >= 0 && p.unlabelledError <= 1);
    assert.equal(r.testError, r.curve[1].testError);
    assert.ok(existsSync(join(r.m2Run, 'model.safetensors')));
    const m2Config = loadModel(join(r.m2Run, 'model.safetensors')).config as unknown as Record<string, unknown>;
    assert.deepEqual([m2Config['beta'], m2Config[KL_WARMUP_KEY]], [0.5, 1.5]);
    assert.ok(existsSync(join(dir, 'test-error.svg')));
    // Stopped after epoch 1 and resumed to 2, the run reaches the same test errors as the straight one.
    const split = join(out, 'm1m2-resumed');
    run([...m2Args, '--epochs', '1', '--out', split, '--json']);
    const resumed = JSON.parse(run([...m2Args, '--epochs', '2', '--out', split, '--resume', '--json']));
    assert.deepEqual(resumed.curve, r.curve);
    const other = fail([...m2Args, '--epochs', '3', '--m2-latent', '5', '--out', split, '--resume']);
    assert.match(other.stderr, /built with other options/);
    const warmup = fail([...m2Args.slice(0, -2), '--epochs', '3', '--out', split, '--resume']);
    assert.match(warmup.stderr, /built with other options/);
    const sampling = fail([...m2Args, '--epochs', '3', '--code-sampling', 'mean-sigma', '--out', split, '--resume']);
    assert.match(sampling.stderr, /resume with the same --code-sampling and --min-code-std/);
  });

  it('--method m2 trains M2 on the pixels into a run folder that aekit eval opens', () => {
    const dir = join(out, 'm2');
    const r = JSON.parse(run(['semi-supervised', '--method', 'm2', ...small, '--epochs', '1', '--m2-latent', '4', '--m2-hidden', '16', '--classifier-hidden', '16',
      '--batch', '50', '--labelled-share', '0.3', '--out', dir, '--json']));
    assert.equal(r.curve.length, 1);
    assert.equal(r.m1Run, null);
    const ev = JSON.parse(run(['eval', r.m2Run, '--json']));
    assert.ok(JSON.stringify(ev).includes('classification'));
  });

  it('bad input is one line naming the option, and nothing is trained', () => {
    const labels = fail(['semi-supervised', '--method', 'm1', '--labels', '95', '--train-size', '300', '--out', join(out, 'bad')]);
    assert.notEqual(labels.status, 0);
    assert.match(labels.stderr, /--labels must be a multiple of the 10 classes/);
    assert.ok(!existsSync(join(out, 'bad', 'm1')));
    const m1Run = fail(['semi-supervised', '--method', 'm1', '--m1-run', join(out, 'nope'), ...small, '--out', join(out, 'bad2')]);
    assert.match(m1Run.stderr, /nope: no such run folder/);
    const dims = fail(['semi-supervised', '--method', 'm1+m2', ...small, '--m1-run', join(m1Out, 'm1'), '--min-code-std', '1e6', '--out', join(out, 'bad3')]);
    assert.match(dims.stderr, /--min-code-std 1000000: no dimension of M1's codes/);
    assert.ok(!existsSync(join(out, 'bad3', 'm2', 'checkpoint.safetensors')));
    const method = fail(['semi-supervised', '--method', 'm3']);
    assert.match(method.stderr, /--method.*m3/);
  });

  it('finetune: a pretrained SDAE against the same network from random initialisation, with the encoder\'s Jacobian norm', () => {
    const sdae = join(out, 'sdae');
    run(['train', '--model', 'sdae', '--hidden', '32', '--latent', '16', '--set', 'pretrainEpochsPerLayer=1', '--epochs', '2', '--train-size', '300', '--test-size', '100', '--out', sdae, '--no-figures']);
    const r = JSON.parse(run(['finetune', sdae, '--epochs', '2', '--labels', '50', '--jacobian-samples', '10', '--json']));
    assert.equal(r.model, 'sdae');
    assert.equal(r.trainCount, 50);
    assert.deepEqual([r.pretrained.init, r.randomInit.init], ['pretrained', 'random']);
    assert.equal(r.pretrained.curve.length, 2);
    assert.ok(r.encoderJacobianNormSq > 0 && r.jacobianSamples === 10);
    assert.ok(existsSync(join(sdae, 'finetune', 'finetune.json')) && existsSync(join(sdae, 'finetune', 'finetune.svg')));
    const alone = JSON.parse(run(['finetune', sdae, '--epochs', '1', '--labels', '50', '--no-baseline', '--out', join(out, 'ft2'), '--json']));
    assert.equal(alone.randomInit, null);
    const cvae = join(out, 'cvae');
    run(['train', '--model', 'cvae', '--hidden', '16', '--epochs', '1', '--train-size', '100', '--test-size', '50', '--out', cvae, '--no-figures']);
    const refused = fail(['finetune', cvae]);
    assert.notEqual(refused.status, 0);
    assert.match(refused.stderr, /'cvae' encodes with the label/);
  });
});
