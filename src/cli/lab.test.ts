import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('./main.js', import.meta.url));
const run = (args: string[]): string => execFileSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

describe('aekit lab (end to end)', () => {
  it('lab neuron --json prints the runs in the documented shape and writes an SVG figure', () => {
    const out = mkdtempSync(join(tmpdir(), 'aekit-neuron-'));
    const result = JSON.parse(run(['lab', 'neuron', '--json', '--out', out])) as { runs: Record<string, unknown>[] };
    assert.equal(result.runs.length, 4);
    for (const r of result.runs) {
      assert.deepEqual(Object.keys(r), ['w0', 'b0', 'loss', 'eta', 'epochs', 'output']);
      assert.equal(r.eta, 0.15);
      assert.equal(r.epochs, 300);
      assert.equal((r.output as number[]).length, 301);
    }
    assert.deepEqual(result.runs.map((r) => [r.loss, r.w0, r.b0]),
      [['mse', 0.6, 0.9], ['mse', 2, 2], ['cross-entropy', 0.6, 0.9], ['cross-entropy', 2, 2]]);
    const svg = readFileSync(join(out, 'neuron.svg'), 'utf8');
    assert.ok(svg.startsWith('<svg') && svg.includes('cross-entropy (2, 2)'));
  });

  it('lab vanishing and lab likelihood write their figures and JSON', () => {
    const out = mkdtempSync(join(tmpdir(), 'aekit-labs-'));
    const v = JSON.parse(run(['lab', 'vanishing', '--json', '--layers', '4', '--width', '8', '--steps', '2', '--every', '1', '--train-size', '64', '--out', out]));
    assert.deepEqual(v.runs.map((r: { activation: string }) => r.activation), ['sigmoid', 'relu']);
    assert.equal(v.runs[0].gradNorms[0].length, 4);
    for (const f of ['gradient-norms-at-init.svg', 'gradient-norms-sigmoid.svg', 'gradient-norms-relu.svg', 'loss.svg']) assert.ok(existsSync(join(out, f)), f);
    const l = JSON.parse(run(['lab', 'likelihood', '--json', '--steps', '5', '--samples', '50', '--out', out]));
    assert.deepEqual(l.runs.map((r: { distribution: string }) => r.distribution), ['gaussian', 'bernoulli']);
    for (const f of ['likelihood-gaussian.svg', 'likelihood-bernoulli.svg']) assert.ok(existsSync(join(out, f)), f);
  });

  it('rejects a malformed option value with a message naming the option', () => {
    const r = spawnSync(process.execPath, [cli, 'lab', 'neuron', '--eta', 'fast'], { encoding: 'utf8' });
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /--eta.*'fast' is not a number/);
  });
});
