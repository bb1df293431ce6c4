/**
 * A model as two ONNX graphs (opset 17, dynamic batch axis N):
 * - encoder: x (N × inputShape, float32) [, label (N, int64)] → mu and log_var (N × latentDim) for variational
 *   models, else z (N × latentDim);
 * - decoder: z (N × latentDim) [, label] → mean (N × inputShape: probabilities for a Bernoulli decoder, means
 *   for a Gaussian one) plus the likelihood's raw parameters: logits (Bernoulli) or log_var (learned variance).
 * Conditional models take the class label, one-hot encoded inside the graph (an out-of-range label gives an
 * all-zero condition there, where aekit refuses it).
 */
import type { Autoencoder } from '../models/autoencoder.js';
import { modelNetworks, type ModelNetworks } from './model-networks.js';
import { emitLayer, reshapeTo } from './onnx-layers.js';
import { ExportError } from './layer-spec.js';
import { OnnxGraph, type Value } from './onnx-graph.js';

export interface OnnxExport {
  encoder: Uint8Array;
  decoder: Uint8Array;
  /** Input and output names of each graph, for the CLI's report. */
  signature: { encoder: { inputs: string[]; outputs: string[] }; decoder: { inputs: string[]; outputs: string[] } };
}

export interface OnnxExportOptions {
  /** aekit's version, written as the producer version. */
  producerVersion: string;
}

/** The one-hot condition (N × K float) of an int64 `label` input, or null for unconditional models. */
function labelCondition(g: OnnxGraph, net: ModelNetworks): Value | null {
  const k = net.conditionClasses;
  if (k === 0) return null;
  const label = g.input('label', [-1], 'int64');
  const depth = g.int64s('num_classes', [k]);
  const values = g.floats('one_hot_values', [0, 1], [2]);
  return g.node1('OneHot', [label, depth, values], [-1, k], 'condition', { axis: -1 });
}

function checkWidth(v: Value, width: number, what: string, model: string): void {
  if (v.shape.length !== 2 || v.shape[1] !== width) throw new ExportError(`model '${model}': ${what} has shape [${v.shape.join(', ')}], expected [N, ${width}]`);
}

function encoderGraph(net: ModelNetworks): OnnxGraph {
  const g = new OnnxGraph(`${net.modelName}-encoder`);
  let x = g.input('x', [-1, ...net.inputShape]);
  const condition = labelCondition(g, net);
  if (net.structure.flattenInput) x = g.node1('Flatten', [x], [-1, net.inputSize], 'input.flatten', { axis: 1 });
  const h = emitLayer(g, net.encoder, x, condition);
  const L = net.latentDim;
  if (net.structure.encoderOutput === 'code') {
    checkWidth(h, L, 'the encoder output', net.modelName);
    g.output(h, 'z');
    return g;
  }
  checkWidth(h, 2 * L, 'the encoder output [μ, log σ²]', net.modelName);
  const [mu, logVar] = g.node('Split', [h, g.int64s('posterior.split', [L, L])], [[-1, L], [-1, L]], 'posterior', { axis: 1 });
  g.output(mu!, 'mu');
  g.output(logVar!, 'log_var');
  return g;
}

function decoderGraph(net: ModelNetworks): OnnxGraph {
  const g = new OnnxGraph(`${net.modelName}-decoder`);
  const z = g.input('z', [-1, net.latentDim]);
  const condition = labelCondition(g, net);
  const raw = emitLayer(g, net.decoder, z, condition);
  const { paramsPerValue: k, likelihood } = net.structure;
  const D = net.inputSize;
  checkWidth(raw, k * D, 'the decoder output', net.modelName);
  const params = k === 1 ? [raw] : g.node('Split', [raw, g.int64s('likelihood.split', [D, D])], [[-1, D], [-1, D]], 'likelihood', { axis: 1 });
  const shaped = params.map((p, i) => reshapeTo(g, p, [-1, ...net.inputShape], `likelihood.param${i}`));
  const loc = shaped[0]!;
  if (likelihood === 'bernoulli') {
    g.output(g.node1('Sigmoid', [loc], loc.shape, 'likelihood.mean'), 'mean');
    g.output(loc, 'logits');
  } else {
    g.output(loc, 'mean');
    if (k === 2) g.output(shaped[1]!, 'log_var');
  }
  return g;
}

/** The encoder and decoder graphs of `model` (in eval mode: dropout is left out). */
export function exportOnnx(model: Autoencoder, options: OnnxExportOptions): OnnxExport {
  const net = modelNetworks(model);
  const properties = { 'aekit.config': JSON.stringify(model.config), 'aekit.capabilities': JSON.stringify(model.capabilities) };
  const enc = encoderGraph(net);
  const dec = decoderGraph(net);
  const label = net.conditionClasses > 0 ? `, label (N, int64 class in 0..${net.conditionClasses - 1})` : '';
  return {
    encoder: enc.encode({ producerVersion: options.producerVersion, properties, docString: `aekit ${net.modelName} encoder: x${label} → ${enc.outputNames().join(', ')}` }),
    decoder: dec.encode({ producerVersion: options.producerVersion, properties, docString: `aekit ${net.modelName} decoder: z${label} → ${dec.outputNames().join(', ')}` }),
    signature: {
      encoder: { inputs: enc.inputNames(), outputs: enc.outputNames() },
      decoder: { inputs: dec.inputNames(), outputs: dec.outputNames() },
    },
  };
}
