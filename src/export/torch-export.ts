/**
 * A model for PyTorch: its state dict as safetensors (names and shapes as in aekit, which is also the layout of
 * the generated torch.nn modules) and the model.py that builds those modules. Metadata `format: pt` is what
 * safetensors' torch loader expects.
 */
import { encodeSafetensors } from '../io/safetensors.js';
import type { Autoencoder } from '../models/autoencoder.js';
import { modelNetworks } from './model-networks.js';
import { modelPy } from './torch-model-py.js';

export const TORCH_STATE_DICT_FILE = 'state_dict.safetensors';
export const TORCH_MODEL_FILE = 'model.py';

export interface TorchExport {
  modelPy: string;
  /** The safetensors file, in chunks (for an atomic streamed write). */
  stateDict: Uint8Array[];
  /** State-dict names and shapes, for the CLI's report. */
  tensors: { name: string; shape: number[] }[];
}

export function exportTorch(model: Autoencoder, options: { producerVersion: string }): TorchExport {
  const net = modelNetworks(model);
  const state = model.stateDict();
  const tensors = [...state].map(([name, t]) => ({ name, shape: [...t.shape] }));
  const metadata = { format: 'pt', 'aekit.config': JSON.stringify(model.config), 'aekit.version': options.producerVersion };
  return {
    modelPy: modelPy(net, { producerVersion: options.producerVersion, config: model.config, stateDictFile: TORCH_STATE_DICT_FILE }),
    stateDict: encodeSafetensors(new Map([...state].map(([name, t]) => [name, { shape: t.shape, data: t.data }])), metadata),
    tensors,
  };
}
