/**
 * Layer specs as ONNX nodes (opset 17). Each rule reads the same hyper-parameters aekit's forward uses and
 * computes its output shape with the same formulas, so a mismatch fails here rather than in a runtime.
 */
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { ExportError, type LayerSpec, type Weights } from './layer-spec.js';
import { expectRank, OnnxGraph, type Value } from './onnx-graph.js';

function weights(g: OnnxGraph, path: string, params: Weights): [Value, Value | null] {
  const t = (name: string, w: Tensor) => g.floats(`${path}.${name}`, w.data, w.shape);
  return [t('weight', params.weight), params.bias === null ? null : t('bias', params.bias)];
}

function convOut(size: number, k: number, s: number, p: number, d: number): number {
  return Math.floor((size + 2 * p - d * (k - 1) - 1) / s) + 1;
}

function convTransposeOut(size: number, k: number, s: number, p: number, d: number, op: number): number {
  return (size - 1) * s - 2 * p + d * (k - 1) + op + 1;
}

function activation(g: OnnxGraph, spec: Extract<LayerSpec, { kind: 'activation' }>, x: Value): Value {
  const name = spec.path;
  switch (spec.fn) {
    case 'relu': return g.node1('Relu', [x], x.shape, name);
    case 'sigmoid': return g.node1('Sigmoid', [x], x.shape, name);
    case 'tanh': return g.node1('Tanh', [x], x.shape, name);
    case 'leakyRelu': return g.node1('LeakyRelu', [x], x.shape, name, { alpha: { float: spec.param! } });
    case 'elu': return g.node1('Elu', [x], x.shape, name, { alpha: { float: spec.param! } });
    case 'identity': return x;
    case 'softplus': {
      const beta = spec.param!;
      if (beta === 1) return g.node1('Softplus', [x], x.shape, name);
      // softplus(βx)/β
      const scaled = g.node1('Mul', [x, g.floats(`${name}.beta`, [beta], [])], x.shape, `${name}.scaled`);
      const sp = g.node1('Softplus', [scaled], x.shape, `${name}.softplus`);
      return g.node1('Mul', [sp, g.floats(`${name}.inv_beta`, [1 / beta], [])], x.shape, name);
    }
  }
}

/** Reshape `x` to `shape`, whose −1 entry (the batch axis, first) is written 0: "copy from the input". */
export function reshapeTo(g: OnnxGraph, x: Value, shape: number[], name: string): Value {
  if (shape[0] !== -1 || shape.slice(1).some((d) => d < 0)) throw new ExportError(`${name}: reshape target ${formatShape(shape)} must keep the batch axis first`);
  const target = g.int64s(`${name}.shape`, [0, ...shape.slice(1)]);
  return g.node1('Reshape', [x, target], shape, name);
}

function flatten(g: OnnxGraph, spec: Extract<LayerSpec, { kind: 'flatten' }>, x: Value): Value {
  const rank = x.shape.length;
  const start = spec.startDim < 0 ? spec.startDim + rank : spec.startDim;
  const end = spec.endDim < 0 ? spec.endDim + rank : spec.endDim;
  if (start < 1 || end < start || end >= rank) throw new ExportError(`${spec.path}: Flatten(${spec.startDim}, ${spec.endDim}) of ${formatShape(x.shape)} must keep the batch axis`);
  const merged = x.shape.slice(start, end + 1).reduce((p, d) => p * d, 1);
  const shape = [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)];
  return end === rank - 1 && start === 1 ? g.node1('Flatten', [x], shape, spec.path, { axis: 1 }) : reshapeTo(g, x, shape, spec.path);
}

function unflatten(g: OnnxGraph, spec: Extract<LayerSpec, { kind: 'unflatten' }>, x: Value): Value {
  const d = spec.dim < 0 ? spec.dim + x.shape.length : spec.dim;
  const size = spec.sizes.reduce((p, s) => p * s, 1);
  if (d < 1 || x.shape[d] !== size) throw new ExportError(`${spec.path}: Unflatten(${spec.dim}, ${formatShape(spec.sizes)}) does not fit ${formatShape(x.shape)}`);
  return reshapeTo(g, x, [...x.shape.slice(0, d), ...spec.sizes, ...x.shape.slice(d + 1)], spec.path);
}

function withCondition(g: OnnxGraph, h: Value, condition: Value | null, dim: number, path: string): Value {
  if (dim === 0) return h;
  if (condition === null || condition.shape[1] !== dim) throw new ExportError(`${path}: takes a ${dim}-class condition; the graph has ${condition === null ? 'none' : formatShape(condition.shape)}`);
  expectRank(h, 2, path);
  return g.node1('Concat', [h, condition], [-1, h.shape[1]! + dim], `${path}.condition`, { axis: 1 });
}

/** Appends the nodes of `spec` applied to `x` (and the one-hot `condition` for conditional blocks); returns the output. */
export function emitLayer(g: OnnxGraph, spec: LayerSpec, x: Value, condition: Value | null = null): Value {
  switch (spec.kind) {
    case 'linear': {
      expectRank(x, 2, spec.path);
      if (x.shape[1] !== spec.inFeatures) throw new ExportError(`${spec.path}: Linear(${spec.inFeatures}, ${spec.outFeatures}) given ${formatShape(x.shape)}`);
      const [w, b] = weights(g, spec.path, spec.params);
      return g.node1('Gemm', [x, w, b], [-1, spec.outFeatures], spec.path, { transB: 1 });
    }
    case 'conv2d':
    case 'convTranspose2d': {
      expectRank(x, 4, spec.path);
      if (x.shape[1] !== spec.inChannels) throw new ExportError(`${spec.path}: ${spec.kind} with ${spec.inChannels} input channels given ${formatShape(x.shape)}`);
      const [w, b] = weights(g, spec.path, spec.params);
      const [kh, kw] = spec.kernel;
      const [sh, sw] = spec.stride;
      const [ph, pw] = spec.padding;
      const [dh, dw] = spec.dilation;
      const attrs = { kernel_shape: [kh, kw], strides: [sh, sw], pads: [ph, pw, ph, pw], dilations: [dh, dw] };
      if (spec.kind === 'conv2d') {
        const shape = [-1, spec.outChannels, convOut(x.shape[2]!, kh, sh, ph, dh), convOut(x.shape[3]!, kw, sw, pw, dw)];
        return g.node1('Conv', [x, w, b], shape, spec.path, attrs);
      }
      const [oh, ow] = spec.outputPadding;
      const shape = [-1, spec.outChannels, convTransposeOut(x.shape[2]!, kh, sh, ph, dh, oh), convTransposeOut(x.shape[3]!, kw, sw, pw, dw, ow)];
      return g.node1('ConvTranspose', [x, w, b], shape, spec.path, { ...attrs, output_padding: [oh, ow] });
    }
    case 'activation': return activation(g, spec, x);
    case 'flatten': return flatten(g, spec, x);
    case 'unflatten': return unflatten(g, spec, x);
    case 'dropout': return x;
    case 'sequential': return spec.layers.reduce((h, layer) => emitLayer(g, layer, h), x);
    case 'encoder': {
      const h = emitLayer(g, spec.features, x);
      return emitLayer(g, spec.dense, withCondition(g, h, condition, spec.conditionDim, spec.path));
    }
    case 'decoder': {
      const h = emitLayer(g, spec.dense, withCondition(g, x, condition, spec.conditionDim, spec.path));
      return spec.upsample === null ? h : emitLayer(g, spec.upsample, h);
    }
  }
}
