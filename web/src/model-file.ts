/**
 * Model files in the page: reading one from bytes (the run's, or a file the user drops) and writing one for
 * download, in the format `aekit train` writes and `aekit eval/sample` read.
 * NOTE: the reading half mirrors src/models/model-io.ts's loadModel over bytes; it goes once the core offers it.
 */
import {
  buildModel, CONFIG_KEY, encodeModelFile, FORMAT_KEY, Generator, MODEL_FORMAT, parseJsonStrict, parseSafetensors, Tensor,
  validateModelConfig, type Autoencoder, type JsonObject,
} from './aekit.js';

export function modelFromBytes(bytes: Uint8Array, source: string): Autoencoder {
  const { tensors, metadata } = parseSafetensors(bytes, source);
  if (metadata[FORMAT_KEY] !== MODEL_FORMAT) throw new Error(`${source}: not an aekit model file (format ${JSON.stringify(metadata[FORMAT_KEY] ?? null)})`);
  const text = metadata[CONFIG_KEY];
  if (text === undefined) throw new Error(`${source}: no "${CONFIG_KEY}" entry in __metadata__`);
  const config = validateModelConfig(parseJsonStrict(text));
  const state = new Map<string, Tensor>();
  for (const [name, t] of tensors) {
    if (!(t.data instanceof Float32Array)) throw new Error(`${source}: tensor '${name}' is ${t.dtype}; model weights must be F32`);
    state.set(name, new Tensor(t.data, t.shape));
  }
  const model = buildModel(config, new Generator(0));
  model.loadStateDict(state, { strict: true });
  model.eval();
  return model;
}

/** The model as an aekit model file (config + weights), ready for a download. */
export function modelFileBlob(model: Autoencoder): Blob {
  const tensors = new Map([...model.stateDict()].map(([k, t]) => [k, { shape: t.shape, data: t.toFloat32Array() }] as const));
  const config = JSON.parse(JSON.stringify(model.config)) as JsonObject;
  return new Blob(encodeModelFile(config, tensors).map((c) => c.slice()), { type: 'application/octet-stream' });
}
