/**
 * The `model.py` of a PyTorch export: plain torch.nn modules built from the layer specs, laid out so that
 * aekit's state-dict names are the module's own (`encoder.dense.0.weight` …) and `load_state_dict` takes the
 * exported safetensors unchanged, strictly. The VAE's last encoder layer stays packed [μ, log σ²]; `posterior`
 * splits it, as aekit does, and the generated docstring says so.
 */
import { ExportError, type LayerSpec } from './layer-spec.js';
import type { ModelNetworks } from './model-networks.js';

const INDENT = '    ';

function py(v: number): string {
  if (!Number.isFinite(v)) throw new ExportError(`model.py: ${v} is not a finite number`);
  return String(v);
}

function tuple(values: readonly number[]): string {
  return values.length === 1 ? `(${py(values[0]!)},)` : `(${values.map(py).join(', ')})`;
}

/** The torch.nn expression that builds `spec`, continued lines indented by `depth`. */
export function torchModule(spec: LayerSpec, depth = 0): string {
  const pad = INDENT.repeat(depth + 1);
  const close = INDENT.repeat(depth);
  switch (spec.kind) {
    case 'linear': return `nn.Linear(${spec.inFeatures}, ${spec.outFeatures}${spec.params.bias === null ? ', bias=False' : ''})`;
    case 'conv2d':
    case 'convTranspose2d': {
      const cls = spec.kind === 'conv2d' ? 'nn.Conv2d' : 'nn.ConvTranspose2d';
      const extra = spec.kind === 'convTranspose2d' ? `, output_padding=${tuple(spec.outputPadding)}` : '';
      return `${cls}(${spec.inChannels}, ${spec.outChannels}, kernel_size=${tuple(spec.kernel)}, stride=${tuple(spec.stride)}, ` +
        `padding=${tuple(spec.padding)}, dilation=${tuple(spec.dilation)}${extra}${spec.params.bias === null ? ', bias=False' : ''})`;
    }
    case 'activation':
      switch (spec.fn) {
        case 'relu': return 'nn.ReLU()';
        case 'sigmoid': return 'nn.Sigmoid()';
        case 'tanh': return 'nn.Tanh()';
        case 'leakyRelu': return `nn.LeakyReLU(negative_slope=${py(spec.param!)})`;
        case 'elu': return `nn.ELU(alpha=${py(spec.param!)})`;
        case 'softplus': return `nn.Softplus(beta=${py(spec.param!)})`;
        case 'identity': return 'nn.Identity()';
      }
      throw new ExportError(`model.py: no torch module for activation '${String(spec.fn)}' of layer '${spec.path}'`);
    case 'flatten': return `nn.Flatten(${spec.startDim}, ${spec.endDim})`;
    case 'unflatten': return `nn.Unflatten(${spec.dim}, ${tuple(spec.sizes)})`;
    case 'dropout': return `nn.Dropout(p=${py(spec.p)})`;
    case 'sequential':
      return spec.layers.length === 0 ? 'nn.Sequential()'
        : `nn.Sequential(\n${spec.layers.map((l) => `${pad}${torchModule(l, depth + 1)},\n`).join('')}${close})`;
    case 'encoder':
      return `Encoder(\n${pad}features=${torchModule(spec.features, depth + 1)},\n${pad}dense=${torchModule(spec.dense, depth + 1)},\n` +
        `${pad}condition_dim=${spec.conditionDim},\n${close})`;
    case 'decoder':
      return `Decoder(\n${pad}dense=${torchModule(spec.dense, depth + 1)},\n` +
        `${pad}upsample=${spec.upsample === null ? 'None' : torchModule(spec.upsample, depth + 1)},\n${pad}condition_dim=${spec.conditionDim},\n${close})`;
  }
}

function usesKind(spec: LayerSpec, kind: LayerSpec['kind']): boolean {
  if (spec.kind === kind) return true;
  if (spec.kind === 'sequential') return spec.layers.some((l) => usesKind(l, kind));
  return false;
}

const ENCODER_CLASS = `

class Encoder(nn.Module):
    """aekit's network block: x -> features -> [concat the one-hot condition] -> dense."""

    def __init__(self, features, dense, condition_dim=0):
        super().__init__()
        self.features = features
        self.dense = dense
        self.condition_dim = condition_dim

    def forward(self, x, condition=None):
        h = self.features(x)
        if self.condition_dim:
            h = torch.cat([h, condition], dim=1)
        return self.dense(h)
`;

const DECODER_CLASS = `

class Decoder(nn.Module):
    """aekit's network block: z -> [concat the one-hot condition] -> dense -> upsample (conv only), flat N x k*D."""

    def __init__(self, dense, upsample=None, condition_dim=0):
        super().__init__()
        self.dense = dense
        self.upsample = upsample
        self.condition_dim = condition_dim

    def forward(self, z, condition=None):
        if self.condition_dim:
            z = torch.cat([z, condition], dim=1)
        h = self.dense(z)
        return h if self.upsample is None else self.upsample(h)
`;

const READER = `

def read_state_dict(path):
    """The tensors of a safetensors file: with the safetensors package when installed, else this reader (F32 only)."""
    try:
        from safetensors.torch import load_file
    except ImportError:
        load_file = None
    if load_file is not None:
        return load_file(path)
    with open(path, "rb") as f:
        data = f.read()
    n = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + n].decode("utf-8"))
    state = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        if info["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {info['dtype']}; this reader takes F32 only")
        begin, end = info["data_offsets"]
        buf = bytearray(data[8 + n + begin:8 + n + end])
        state[name] = torch.frombuffer(buf, dtype=torch.float32).reshape(info["shape"]).clone()
    return state
`;

function className(modelName: string): string {
  return `Aekit${modelName.split(/[^a-zA-Z0-9]+/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
}

export interface ModelPyOptions {
  producerVersion: string;
  /** The model config, embedded as CONFIG. */
  config: unknown;
  /** The file name of the state dict written beside model.py. */
  stateDictFile: string;
}

/** The source of model.py for `net`. */
export function modelPy(net: ModelNetworks, options: ModelPyOptions): string {
  const { structure, latentDim: L, inputSize: D, conditionClasses: K } = net;
  const cls = className(net.modelName);
  const cond = K > 0 ? ', self._condition(labels)' : '';
  const variational = structure.encoderOutput === 'gaussian';
  const x = structure.flattenInput ? 'x.flatten(1)' : 'x';
  const children = net.children.map(([name, spec]) => `${INDENT}${INDENT}self.${name} = ${torchModule(spec, 2)}\n`).join('');
  const extras = net.children.map(([name]) => name).filter((n) => n !== net.encoder.path && n !== net.decoder.path);
  const all = net.children.map(([, s]) => s);
  const k = structure.paramsPerValue;
  const loc = k === 2 ? `raw[:, :${D}]` : 'raw';
  const mean = structure.likelihood === 'bernoulli' ? `torch.sigmoid(${loc})` : loc;

  const lines: string[] = [];
  lines.push(`"""The aekit model '${net.modelName}', exported by aekit ${options.producerVersion}, as plain torch.nn modules.

Its state dict (${options.stateDictFile}, beside this file) loads with load_state_dict, names and shapes as in
aekit; \`load()\` builds the model, loads it strictly and returns it in eval mode. Inputs are float32 batches
N x ${JSON.stringify(net.inputShape)}${K > 0 ? `; this model is conditional and takes labels (N, integers 0..${K - 1})` : ''}.\n`);
  if (variational) {
    lines.push(`
The encoder's last layer is packed: its first ${L} outputs are the posterior mean mu, the next ${L} are
log sigma^2; \`posterior\` splits them.\n`);
  }
  lines.push(`
The decoder outputs the ${structure.likelihood} likelihood's parameters flat (N x ${k * D}${k === 2 ? ': means, then log-variances' : ''}); \`decode\` returns
the ${structure.likelihood === 'bernoulli' ? 'probabilities sigmoid(logits)' : 'means'} in the input's shape.${extras.length > 0 ? `
Also here for further training: ${extras.join(', ')} (not used by encode or decode).` : ''}
"""
import json
import os

import torch
from torch import nn

CONFIG = json.loads(${JSON.stringify(JSON.stringify(options.config))})
INPUT_SHAPE = ${tuple(net.inputShape)}
LATENT_DIM = ${L}
NUM_CLASSES = ${K}
`);
  if (all.some((s) => usesKind(s, 'encoder'))) lines.push(ENCODER_CLASS);
  if (all.some((s) => usesKind(s, 'decoder'))) lines.push(DECODER_CLASS);
  lines.push(`

class ${cls}(nn.Module):
    def __init__(self):
        super().__init__()
${children}`);
  if (K > 0) {
    lines.push(`
    def _condition(self, labels):
        if labels is None:
            raise ValueError("this model is conditional: pass labels (N integers in 0..${K - 1})")
        return nn.functional.one_hot(labels.long().reshape(-1), NUM_CLASSES).to(torch.float32)
`);
  }
  if (variational) {
    lines.push(`
    def posterior(self, x, labels=None):
        """q(z | x) as (mu, log_var), each N x ${L}: the two halves of the encoder's packed output."""
        return self.encoder(${x}${cond}).chunk(2, dim=1)

    def encode(self, x, labels=None):
        """The code of x: the posterior mean."""
        return self.posterior(x, labels)[0]
`);
  } else {
    lines.push(`
    def encode(self, x, labels=None):
        return self.encoder(${x}${cond})
`);
  }
  lines.push(`
    def decode_raw(self, z, labels=None):
        """The likelihood's parameters, flat: N x ${k * D}."""
        return self.decoder(z${cond})

    def decode(self, z, labels=None):
        """The mean of p(x | z) in the input's shape."""
        raw = self.decode_raw(z, labels)
        return ${mean}.reshape(-1, *INPUT_SHAPE)

    def forward(self, x, labels=None):
        return self.decode(self.encode(x, labels), labels)
`);
  lines.push(READER);
  lines.push(`

def load(path=None):
    """The model with the exported weights (strict load_state_dict), in eval mode."""
    model = ${cls}()
    model.load_state_dict(read_state_dict(path or os.path.join(os.path.dirname(os.path.abspath(__file__)), ${JSON.stringify(options.stateDictFile)})))
    return model.eval()
`);
  return lines.join('');
}
