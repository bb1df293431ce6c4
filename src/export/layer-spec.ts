/**
 * A model's networks as plain data: each module of src/nn and each network block of src/models/blocks becomes
 * a `LayerSpec` carrying its state-dict path, hyper-parameters and weights. The ONNX graph builder and the
 * PyTorch model.py generator both read these, so what a layer means is decided here once. A module with no
 * spec is refused by name (never silently skipped), so an exporter cannot drop part of a network.
 */
import { ELU, Identity, LeakyReLU, ReLU, Sigmoid, Softplus, Tanh } from '../nn/activations.js';
import { Conv2d, ConvTranspose2d } from '../nn/conv.js';
import { Dropout } from '../nn/dropout.js';
import { Flatten, Unflatten } from '../nn/flatten.js';
import { Linear } from '../nn/linear.js';
import type { AnyModule } from '../nn/module.js';
import { Sequential } from '../nn/sequential.js';
import { Decoder, Encoder } from '../models/blocks/networks.js';
import type { Pair } from '../ops/conv.js';
import type { Tensor } from '../tensor/tensor.js';

export type ActivationFn = 'relu' | 'sigmoid' | 'tanh' | 'leakyRelu' | 'elu' | 'softplus' | 'identity';

/** A weight and its optional bias, by their state-dict names. */
export interface Weights {
  weight: Tensor;
  bias: Tensor | null;
}

export type LayerSpec =
  | { kind: 'linear'; path: string; inFeatures: number; outFeatures: number; params: Weights }
  | { kind: 'conv2d' | 'convTranspose2d'; path: string; inChannels: number; outChannels: number; kernel: [number, number];
    stride: [number, number]; padding: [number, number]; dilation: [number, number]; outputPadding: [number, number]; params: Weights }
  /** `param`: LeakyReLU's negative slope, ELU's α, Softplus's β. */
  | { kind: 'activation'; path: string; fn: ActivationFn; param: number | null }
  | { kind: 'flatten'; path: string; startDim: number; endDim: number }
  | { kind: 'unflatten'; path: string; dim: number; sizes: number[] }
  /** Identity at inference (exports are of models in eval mode). */
  | { kind: 'dropout'; path: string; p: number }
  | { kind: 'sequential'; path: string; layers: LayerSpec[] }
  /** networks.ts's Encoder: features → [concat the one-hot condition] → dense. */
  | { kind: 'encoder'; path: string; features: LayerSpec; dense: LayerSpec; conditionDim: number }
  /** networks.ts's Decoder: [concat the one-hot condition] → dense → upsample (conv arch only). */
  | { kind: 'decoder'; path: string; dense: LayerSpec; upsample: LayerSpec | null; conditionDim: number };

/** A module that cannot be exported: the message names its path and class. */
export class ExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExportError';
  }
}

function pair(v: Pair): [number, number] {
  return typeof v === 'number' ? [v, v] : [v[0], v[1]];
}

function join(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}.${name}`;
}

function activationSpec(m: AnyModule, path: string): LayerSpec | null {
  const spec = (fn: ActivationFn, param: number | null = null): LayerSpec => ({ kind: 'activation', path, fn, param });
  if (m instanceof ReLU) return spec('relu');
  if (m instanceof Sigmoid) return spec('sigmoid');
  if (m instanceof Tanh) return spec('tanh');
  if (m instanceof LeakyReLU) return spec('leakyRelu', m.negativeSlope);
  if (m instanceof ELU) return spec('elu', m.alpha);
  if (m instanceof Softplus) return spec('softplus', m.beta);
  if (m instanceof Identity) return spec('identity');
  return null;
}

/** The spec of module `m`, found at state-dict prefix `path`; throws ExportError for modules with none. */
export function describeModule(m: AnyModule, path = ''): LayerSpec {
  if (m instanceof Linear) {
    return { kind: 'linear', path, inFeatures: m.inFeatures, outFeatures: m.outFeatures, params: { weight: m.weight, bias: m.bias } };
  }
  if (m instanceof Conv2d || m instanceof ConvTranspose2d) {
    return {
      kind: m instanceof Conv2d ? 'conv2d' : 'convTranspose2d', path, inChannels: m.inChannels, outChannels: m.outChannels,
      kernel: pair(m.kernelSize), stride: pair(m.stride), padding: pair(m.padding), dilation: pair(m.dilation),
      outputPadding: m instanceof ConvTranspose2d ? pair(m.outputPadding) : [0, 0], params: { weight: m.weight, bias: m.bias },
    };
  }
  const act = activationSpec(m, path);
  if (act !== null) return act;
  if (m instanceof Flatten) return { kind: 'flatten', path, startDim: m.startDim, endDim: m.endDim };
  if (m instanceof Unflatten) return { kind: 'unflatten', path, dim: m.dim, sizes: [...m.sizes] };
  if (m instanceof Dropout) return { kind: 'dropout', path, p: m.p };
  if (m instanceof Sequential) {
    return { kind: 'sequential', path, layers: [...m].map((layer, i) => describeModule(layer as AnyModule, join(path, String(i)))) };
  }
  if (m instanceof Encoder) {
    return {
      kind: 'encoder', path, conditionDim: m.conditionDim,
      features: describeModule(m.features, join(path, 'features')), dense: describeModule(m.dense, join(path, 'dense')),
    };
  }
  if (m instanceof Decoder) {
    return {
      kind: 'decoder', path, conditionDim: m.conditionDim, dense: describeModule(m.dense, join(path, 'dense')),
      upsample: m.upsample === null ? null : describeModule(m.upsample, join(path, 'upsample')),
    };
  }
  throw new ExportError(`cannot export module '${path || '(root)'}' (${m.constructor.name}): it has no layer description in src/export/layer-spec.ts`);
}

/** The condition size a network spec takes (0: none). */
export function conditionDimOf(spec: LayerSpec): number {
  return spec.kind === 'encoder' || spec.kind === 'decoder' ? spec.conditionDim : 0;
}
