/**
 * What an exporter needs to know about a model, asked of the model itself: its declared `structure`, its
 * capabilities, and a layer spec for every child module. Every tensor of the state dict must belong to a
 * described layer, so nothing is left out of an export unnoticed.
 */
import type { Autoencoder, ModelStructure } from '../models/autoencoder.js';
import { inputSize } from '../models/blocks/networks.js';
import { conditionDimOf, describeModule, ExportError, type LayerSpec } from './layer-spec.js';

export interface ModelNetworks {
  /** The registry name (config.model), for messages and file metadata. */
  modelName: string;
  structure: ModelStructure;
  /** Per-sample input shape and its size D. */
  inputShape: number[];
  inputSize: number;
  latentDim: number;
  /** Classes of the one-hot label both networks take (0: unconditional). */
  conditionClasses: number;
  /** Every child module of the model, by name, with its spec: the encoder, the decoder and the rest. */
  children: [string, LayerSpec][];
  encoder: LayerSpec;
  decoder: LayerSpec;
}

/** The state-dict names of the tensors a spec carries. */
export function specTensorNames(spec: LayerSpec): string[] {
  switch (spec.kind) {
    case 'linear':
    case 'conv2d':
    case 'convTranspose2d':
      return [`${spec.path}.weight`, ...(spec.params.bias === null ? [] : [`${spec.path}.bias`])];
    case 'sequential': return spec.layers.flatMap(specTensorNames);
    case 'encoder': return [...specTensorNames(spec.features), ...specTensorNames(spec.dense)];
    case 'decoder': return [...specTensorNames(spec.dense), ...(spec.upsample === null ? [] : specTensorNames(spec.upsample))];
    default: return [];
  }
}

export function modelNetworks(model: Autoencoder): ModelNetworks {
  const name = model.config.model;
  const structure = model.structure;
  if (structure === undefined) throw new ExportError(`model '${name}' does not declare its networks (Autoencoder.structure), so it cannot be exported`);
  const children = model.namedChildren().map(([child, m]): [string, LayerSpec] => [child, describeModule(m, child)]);
  const find = (module: unknown, role: string): LayerSpec => {
    const i = model.namedChildren().findIndex(([, m]) => m === module);
    if (i < 0) throw new ExportError(`model '${name}': its ${role} is not one of its registered modules`);
    return children[i]![1];
  };
  const encoder = find(structure.encoder, 'encoder');
  const decoder = find(structure.decoder, 'decoder');

  const conditionClasses = model.capabilities.conditional ? model.capabilities.numClasses : 0;
  for (const [role, spec] of [['encoder', encoder], ['decoder', decoder]] as const) {
    if (conditionDimOf(spec) !== conditionClasses) {
      throw new ExportError(`model '${name}': its ${role} takes a ${conditionDimOf(spec)}-class condition, but the model declares ${conditionClasses} classes`);
    }
  }
  const described = new Set(children.flatMap(([, spec]) => specTensorNames(spec)));
  const missing = [...model.stateDict().keys()].filter((k) => !described.has(k));
  if (missing.length > 0) throw new ExportError(`model '${name}': tensors ${missing.join(', ')} belong to no exportable layer`);

  return {
    modelName: name, structure, inputShape: [...model.config.inputShape], inputSize: inputSize(model.config.inputShape),
    latentDim: model.config.latentDim, conditionClasses, children, encoder, decoder,
  };
}
