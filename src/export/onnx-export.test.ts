/**
 * The exported ONNX graphs run in onnxruntime-web (its WebAssembly build, in Node) on random inputs at two batch
 * sizes and agree with aekit within 1e-5: every model of the family, MLP and conv, every activation, Bernoulli
 * and Gaussian decoders, conditional models with their label input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as ort from 'onnxruntime-web';
import { noGrad } from '../autograd/grad-mode.js';
import { isVariational, type Autoencoder } from '../models/autoencoder.js';
import { AutoencoderBase } from '../models/blocks/autoencoder-base.js';
import { Generator } from '../tensor/random.js';
import { Tensor } from '../tensor/tensor.js';
import { maxAbsDiff, randomInputs, tinyModel, tinyModels } from '../testing/tiny-models.js';
import { ELU, LeakyReLU, Softplus } from '../nn/activations.js';
import { Dropout } from '../nn/dropout.js';
import { Flatten, Unflatten } from '../nn/flatten.js';
import { Linear } from '../nn/linear.js';
import { Sequential } from '../nn/sequential.js';
import { describeModule, ExportError } from './layer-spec.js';
import { OnnxGraph } from './onnx-graph.js';
import { emitLayer } from './onnx-layers.js';
import { exportOnnx } from './onnx-export.js';

ort.env.wasm.numThreads = 1;
const TOLERANCE = 1e-5;

function feeds(x: Tensor, labels: Tensor | null, name: string): Record<string, ort.Tensor> {
  const out: Record<string, ort.Tensor> = { [name]: new ort.Tensor('float32', Float32Array.from(x.data), x.shape) };
  if (labels !== null) out['label'] = new ort.Tensor('int64', BigInt64Array.from(labels.data, (v) => BigInt(v)), [labels.size]);
  return out;
}

/** aekit's own values for each output name of the two graphs. */
function reference(model: Autoencoder, x: Tensor, z: Tensor, labels: Tensor | null): { encoder: Record<string, Tensor>; decoder: Record<string, Tensor> } {
  return noGrad(() => {
    const encoder: Record<string, Tensor> = isVariational(model)
      ? (({ mu, logVar }) => ({ mu, log_var: logVar }))(model.posterior(x, labels)) : { z: model.encode(x, labels) };
    assert.ok(model instanceof AutoencoderBase);
    const raw = model.decodeRaw(z, labels);
    const d = raw.shape[1]! / model.likelihood.paramsPerValue;
    const decoder: Record<string, Tensor> = { mean: model.decode(z, labels) };
    if (model.config.decoder === 'bernoulli') decoder['logits'] = raw;
    else if (model.likelihood.paramsPerValue === 2) decoder['log_var'] = new Tensor(Float32Array.from(raw.data).filter((_, i) => i % (2 * d) >= d), [raw.shape[0]!, d]);
    return { encoder, decoder };
  });
}

async function roundTrip(model: Autoencoder, n: number, seed: number): Promise<number> {
  const graphs = exportOnnx(model, { producerVersion: 'test' });
  const encoder = await ort.InferenceSession.create(graphs.encoder);
  const decoder = await ort.InferenceSession.create(graphs.decoder);
  const { x, labels } = randomInputs(model, n, seed);
  const z = new Tensor(new Generator(seed + 1).fillNormal(new Float32Array(n * model.config.latentDim)), [n, model.config.latentDim]);
  const want = reference(model, x, z, labels);
  const gotEnc = await encoder.run(feeds(x, labels, 'x'));
  const gotDec = await decoder.run(feeds(z, labels, 'z'));
  let worst = 0;
  for (const [graph, got, expected] of [['encoder', gotEnc, want.encoder], ['decoder', gotDec, want.decoder]] as const) {
    assert.deepEqual(Object.keys(got).sort(), Object.keys(expected).sort(), `${graph} outputs`);
    for (const [name, t] of Object.entries(expected)) {
      const out = got[name]!;
      assert.equal(out.dims[0], n, `${graph}.${name}: batch axis`);
      assert.equal(out.size, t.size, `${graph}.${name}: size`);
      worst = Math.max(worst, maxAbsDiff(out.data as Float32Array, t.data));
    }
  }
  return worst;
}

test('onnx: every model kind, MLP and conv, every activation, matches aekit within 1e-5 at batch 1 and 5', async (t) => {
  let worst = 0;
  for (const { label, model } of tinyModels()) {
    for (const [n, seed] of [[1, 3], [5, 4]] as const) {
      const diff = await roundTrip(model, n, seed);
      assert.ok(diff <= TOLERANCE, `${label} (batch ${n}): max |diff| ${diff}`);
      worst = Math.max(worst, diff);
    }
  }
  t.diagnostic(`max |onnxruntime − aekit| over all models: ${worst.toExponential(2)}`);
});

test('onnx: graphs carry opset 17, a dynamic batch axis, the config as metadata, and name their inputs and outputs', () => {
  const cvae = tinyModel('cvae', [12]);
  const { signature, encoder } = exportOnnx(cvae, { producerVersion: '9.9.9' });
  assert.deepEqual(signature, { encoder: { inputs: ['x', 'label'], outputs: ['mu', 'log_var'] }, decoder: { inputs: ['z', 'label'], outputs: ['mean', 'logits'] } });
  const text = Buffer.from(encoder).toString('latin1');
  assert.match(text, /aekit\.config/);
  assert.match(text, /"model":"cvae"/);
  assert.match(text, /9\.9\.9/);
  const ae = exportOnnx(tinyModel('ae', [1, 7, 7], { arch: 'conv' }), { producerVersion: 'x' });
  assert.deepEqual(ae.signature.encoder.outputs, ['z']);
});

test('onnx: a model that does not declare its networks is refused by name', () => {
  const model = tinyModel('ae', [12]);
  const bare = Object.create(model, { structure: { value: undefined } }) as Autoencoder;
  assert.throws(() => exportOnnx(bare, { producerVersion: 'x' }), (e: Error) => e instanceof ExportError && /'ae' does not declare its networks/.test(e.message));
});

test('onnx: layer rules keep non-default parameters (Softplus β, LeakyReLU slope, ELU α) and general reshapes', async () => {
  const gen = new Generator(3);
  const net = new Sequential(new Unflatten(1, [2, 3]), new Flatten(1, 2), new Linear(6, 5, { gen }), new Softplus(2), new LeakyReLU(0.2),
    new Dropout(0.5, { gen }), new Linear(5, 4, { gen }), new ELU(0.5)).eval();
  const g = new OnnxGraph('layers');
  g.output(emitLayer(g, describeModule(net), g.input('x', [-1, 6])), 'y');
  const session = await ort.InferenceSession.create(g.encode({ docString: '', producerVersion: 'test', properties: {} }));
  const x = new Tensor(gen.fillNormal(new Float32Array(7 * 6), 0, 3), [7, 6]);
  const got = await session.run(feeds(x, null, 'x'));
  assert.ok(maxAbsDiff(got['y']!.data as Float32Array, noGrad(() => net.forward(x)).data) <= TOLERANCE);
});
