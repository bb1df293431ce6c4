/**
 * The PyTorch export, loaded by real PyTorch: for every tiny model, the generated model.py builds plain torch.nn
 * modules, `load_state_dict` takes the exported safetensors strictly, and posterior/encode/decode/decode_raw/
 * forward agree with aekit within 1e-5. Debian's python3-torch is used (/usr/bin/python3; AEKIT_TORCH_PYTHON
 * overrides). Without torch the test skips and says why, or fails when AEKIT_REQUIRE_TORCH=1 (CI installs it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { noGrad } from '../autograd/grad-mode.js';
import { isVariational } from '../models/autoencoder.js';
import { AutoencoderBase } from '../models/blocks/autoencoder-base.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { tempDir } from '../testing/training.js';
import { maxAbsDiff, randomInputs, tinyModel, tinyModels } from '../testing/tiny-models.js';
import { ELU, LeakyReLU, Softplus } from '../nn/activations.js';
import { Dropout } from '../nn/dropout.js';
import { Flatten, Unflatten } from '../nn/flatten.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import { describeModule } from './layer-spec.js';
import { exportTorch, TORCH_MODEL_FILE, TORCH_STATE_DICT_FILE } from './torch-export.js';
import { torchModule } from './torch-model-py.js';

const PYTHON = process.env['AEKIT_TORCH_PYTHON'] ?? '/usr/bin/python3';
const TOLERANCE = 1e-5;

/** Why torch cannot be used here, or null when it can. */
function torchMissing(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.error !== undefined) return `${PYTHON} cannot run (${r.error.message})`;
  return r.status === 0 ? null : `${PYTHON} has no torch (apt-get install python3-torch): ${r.stderr.trim().split('\n').at(-1)}`;
}

const missing = torchMissing();
const skip = missing !== null && process.env['AEKIT_REQUIRE_TORCH'] !== '1' ? `skipped: ${missing}` : false;

// Runs each case's model.py in one Python process and prints every output, flat.
const DRIVER = `
import importlib.util, json, sys, torch
cases = json.load(sys.stdin)
results = []
for case in cases:
    spec = importlib.util.spec_from_file_location("exported_" + str(len(results)), case["modelPy"])
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    model = mod.load()
    assert not model.training
    x = torch.tensor(case["x"], dtype=torch.float32).reshape(case["xShape"])
    z = torch.tensor(case["z"], dtype=torch.float32).reshape(case["zShape"])
    labels = None if case["labels"] is None else torch.tensor(case["labels"], dtype=torch.int64)
    out = {}
    with torch.no_grad():
        if hasattr(model, "posterior"):
            out["mu"], out["logVar"] = model.posterior(x, labels)
        out["code"] = model.encode(x, labels)
        out["mean"] = model.decode(z, labels)
        out["raw"] = model.decode_raw(z, labels)
        out["reconstruction"] = model(x, labels)
    results.append({k: {"shape": list(v.shape), "data": v.flatten().tolist()} for k, v in out.items()})
print(json.dumps(results))
`;

test('torch: model.py loads the exported state dict strictly and matches aekit within 1e-5 for every model kind', { skip }, (t) => {
  if (missing !== null) assert.fail(`AEKIT_REQUIRE_TORCH=1 but ${missing}`);
  const root = tempDir('aekit-torch-');
  const models = tinyModels();
  const expected: Record<string, Tensor>[] = [];
  const cases = models.map(({ model }, i) => {
    const dir = join(root, String(i));
    mkdirSync(dir);
    const out = exportTorch(model, { producerVersion: 'test' });
    writeFileSync(join(dir, TORCH_MODEL_FILE), out.modelPy);
    writeFileSync(join(dir, TORCH_STATE_DICT_FILE), Buffer.concat(out.stateDict));
    const n = 3;
    const { x, labels } = randomInputs(model, n, 10 + i);
    const z = new Tensor(new Generator(20 + i).fillNormal(new Float32Array(n * model.config.latentDim)), [n, model.config.latentDim]);
    expected.push(noGrad(() => {
      assert.ok(model instanceof AutoencoderBase);
      const want: Record<string, Tensor> = {
        code: model.encode(x, labels), mean: model.decode(z, labels), raw: model.decodeRaw(z, labels), reconstruction: model.reconstruct(x, labels),
      };
      if (isVariational(model)) Object.assign(want, (({ mu, logVar }) => ({ mu, logVar }))(model.posterior(x, labels)));
      return want;
    }));
    return { modelPy: join(dir, TORCH_MODEL_FILE), x: [...x.data], xShape: x.shape, z: [...z.data], zShape: z.shape, labels: labels === null ? null : [...labels.data] };
  });
  const r = spawnSync(PYTHON, ['-c', DRIVER], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(r.status, 0, r.stderr);
  const results = JSON.parse(r.stdout) as Record<string, { shape: number[]; data: number[] }>[];
  let worst = 0;
  results.forEach((got, i) => {
    const want = expected[i]!;
    const label = models[i]!.label;
    assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort(), label);
    for (const [name, t] of Object.entries(want)) {
      assert.deepEqual(got[name]!.shape, t.shape, `${label}: ${name} shape`);
      const diff = maxAbsDiff(got[name]!.data, t.data);
      assert.ok(diff <= TOLERANCE, `${label}: ${name} max |diff| ${diff}`);
      worst = Math.max(worst, diff);
    }
  });
  t.diagnostic(`max |torch − aekit| over ${models.length} models: ${worst.toExponential(2)}`);
});

test('torch: the safetensors metadata says format pt and carries the config; the VAE docstring explains the packed layer', () => {
  const out = exportTorch(tinyModel('vae', [12]), { producerVersion: '1.2.3' });
  const header = Buffer.concat(out.stateDict).toString('utf8', 8, 8 + Number(Buffer.concat(out.stateDict).readBigUInt64LE(0)));
  const meta = (JSON.parse(header) as { __metadata__: Record<string, string> }).__metadata__;
  assert.equal(meta['format'], 'pt');
  assert.equal((JSON.parse(meta['aekit.config']!) as { model: string }).model, 'vae');
  assert.match(out.modelPy, /first 2 outputs are the posterior mean mu, the next 2 are\nlog sigma\^2/);
  assert.match(out.modelPy, /class AekitVae\(nn\.Module\)/);
  assert.deepEqual(out.tensors.map((t) => t.name), [...tinyModel('vae', [12]).stateDict().keys()]);
});

test('torch: layer rules keep non-default parameters (Softplus β, LeakyReLU slope, ELU α) and general reshapes', { skip }, () => {
  if (missing !== null) assert.fail(`AEKIT_REQUIRE_TORCH=1 but ${missing}`);
  const gen = new Generator(3);
  const net = new Sequential(new Unflatten(1, [2, 3]), new Flatten(1, 2), new Linear(6, 5, { gen }), new Softplus(2), new LeakyReLU(0.2),
    new Dropout(0.5, { gen }), new Linear(5, 4, { gen }), new ELU(0.5)).eval();
  const expr = torchModule(describeModule(net));
  for (const part of ['nn.Softplus(beta=2)', 'nn.LeakyReLU(negative_slope=0.2)', 'nn.ELU(alpha=0.5)', 'nn.Unflatten(1, (2, 3))', 'nn.Flatten(1, 2)', 'nn.Dropout(p=0.5)']) {
    assert.ok(expr.includes(part), `${part} in ${expr}`);
  }
  const x = new Tensor(gen.fillNormal(new Float32Array(7 * 6), 0, 3), [7, 6]);
  const state = Object.fromEntries([...net.stateDict()].map(([k, t]) => [k, { shape: t.shape, data: [...t.data] }]));
  const script = `
import json, sys, torch
from torch import nn
inp = json.load(sys.stdin)
net = ${expr}
net.load_state_dict({k: torch.tensor(v["data"], dtype=torch.float32).reshape(v["shape"]) for k, v in inp["state"].items()})
net.eval()
with torch.no_grad():
    print(json.dumps(net(torch.tensor(inp["x"], dtype=torch.float32).reshape(7, 6)).flatten().tolist()))
`;
  const r = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify({ state, x: [...x.data] }), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.ok(maxAbsDiff(JSON.parse(r.stdout) as number[], noGrad(() => net.forward(x)).data) <= TOLERANCE);
});
