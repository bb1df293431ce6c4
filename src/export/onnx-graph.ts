/**
 * An ONNX graph under construction, serialised with the official ONNX protobuf schema compiled for JavaScript
 * (`onnx-proto`, on protobufjs): inputs, initializers (the weights, by their state-dict names), nodes and
 * outputs, with a static shape tracked for every value (−1 for the dynamic batch axis) so each layer can
 * check what it is given and compute Reshape targets.
 */
import type onnxProto from 'onnx-proto';
import { formatShape } from '../tensor/shape.js';
import { importOptional, required } from '../util/optional-package.js';
import { ExportError } from './layer-spec.js';

// An optional peer dependency (see util/optional-package.ts): a CommonJS module, its namespace under `default`.
const onnxModule = await importOptional<{ default: typeof onnxProto }>('onnx-proto');
const onnxSchema = () => required(onnxModule, 'ONNX export', ['onnx-proto']).default.onnx;

/** ONNX opset 17 needs IR version 8 (ONNX 1.12). */
export const ONNX_OPSET = 17;
export const ONNX_IR_VERSION = 8;
/** The name of the batch axis in every graph's inputs and outputs. */
export const BATCH_AXIS = 'N';

export type ElemType = 'float32' | 'int64';

/** A value in the graph: its name and its shape, −1 for the batch axis. */
export interface Value {
  name: string;
  shape: number[];
}

export type AttributeValue = number | number[] | { float: number };

// TensorProto.DataType's FLOAT and INT64 (onnx.proto).
const ELEM: Record<ElemType, number> = { float32: 1, int64: 7 };

function attribute(name: string, value: AttributeValue): onnxProto.onnx.IAttributeProto {
  const T = onnxSchema().AttributeProto.AttributeType;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new ExportError(`attribute '${name}': ${value} is not an integer (use { float })`);
    return { name, type: T.INT, i: value };
  }
  if (Array.isArray(value)) return { name, type: T.INTS, ints: value };
  return { name, type: T.FLOAT, f: value.float };
}

function valueInfo(v: Value, elem: ElemType): onnxProto.onnx.IValueInfoProto {
  return {
    name: v.name,
    type: { tensorType: { elemType: ELEM[elem], shape: { dim: v.shape.map((d) => (d < 0 ? { dimParam: BATCH_AXIS } : { dimValue: d })) } } },
  };
}

export interface GraphMetadata {
  docString: string;
  producerVersion: string;
  /** Stored as the model's metadata_props (e.g. the aekit config as JSON). */
  properties: Record<string, string>;
}

export class OnnxGraph {
  readonly #nodes: onnxProto.onnx.INodeProto[] = [];
  readonly #initializers: onnxProto.onnx.ITensorProto[] = [];
  readonly #inputs: onnxProto.onnx.IValueInfoProto[] = [];
  readonly #outputs: onnxProto.onnx.IValueInfoProto[] = [];
  readonly #names = new Set<string>();

  constructor(readonly name: string) {
    onnxSchema(); // a missing schema package is an error before any layer is walked
  }

  /** A fresh value name starting with `base`. */
  #fresh(base: string): string {
    let name = base;
    for (let i = 1; this.#names.has(name); i++) name = `${base}_${i}`;
    this.#names.add(name);
    return name;
  }

  /** A graph input; its name must be free. */
  input(name: string, shape: number[], elem: ElemType = 'float32'): Value {
    if (this.#names.has(name)) throw new ExportError(`${this.name}: value name '${name}' is taken`);
    this.#names.add(name);
    const v = { name, shape };
    this.#inputs.push(valueInfo(v, elem));
    return v;
  }

  /** A constant float32 tensor (a weight under its state-dict name, or a scalar). */
  floats(name: string, data: ArrayLike<number>, shape: readonly number[]): Value {
    const v = { name: this.#fresh(name), shape: [...shape] };
    // ONNX raw_data is little-endian whatever the host's order.
    const bytes = new Uint8Array(4 * data.length);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < data.length; i++) view.setFloat32(4 * i, data[i]!, true);
    this.#initializers.push({ name: v.name, dataType: ELEM.float32, dims: [...shape], rawData: bytes });
    return v;
  }

  /** A constant int64 vector (shapes, split sizes, class counts). */
  int64s(name: string, values: readonly number[]): Value {
    const v = { name: this.#fresh(name), shape: [values.length] };
    this.#initializers.push({ name: v.name, dataType: ELEM.int64, dims: [values.length], int64Data: [...values] });
    return v;
  }

  /**
   * A node `op` over `inputs` (null: an omitted optional input) with one output per entry of `outShapes`,
   * named after `name`.
   */
  node(op: string, inputs: (Value | null)[], outShapes: number[][], name: string, attrs: Record<string, AttributeValue> = {}): Value[] {
    const outs = outShapes.map((shape, i) => ({ name: this.#fresh(outShapes.length === 1 ? name : `${name}:${i}`), shape }));
    this.#nodes.push({
      opType: op, name: this.#fresh(`${name}/${op}`), input: inputs.map((v) => v?.name ?? ''), output: outs.map((o) => o.name),
      attribute: Object.entries(attrs).map(([k, v]) => attribute(k, v)),
    });
    return outs;
  }

  /** A node with one output. */
  node1(op: string, inputs: (Value | null)[], outShape: number[], name: string, attrs: Record<string, AttributeValue> = {}): Value {
    return this.node(op, inputs, [outShape], name, attrs)[0]!;
  }

  /** Makes `v` a graph output called `name` (through an Identity node, so internal names stay free). */
  output(v: Value, name: string, elem: ElemType = 'float32'): void {
    if (this.#names.has(name)) throw new ExportError(`${this.name}: output name '${name}' is taken`);
    this.#names.add(name);
    this.#nodes.push({ opType: 'Identity', name: this.#fresh(`${name}/Identity`), input: [v.name], output: [name] });
    this.#outputs.push(valueInfo({ name, shape: v.shape }, elem));
  }

  inputNames(): string[] {
    return this.#inputs.map((v) => v.name!);
  }

  outputNames(): string[] {
    return this.#outputs.map((v) => v.name!);
  }

  /** The serialised ModelProto. */
  encode(meta: GraphMetadata): Uint8Array {
    const onnx = onnxSchema();
    const model = onnx.ModelProto.create({
      irVersion: ONNX_IR_VERSION,
      opsetImport: [{ domain: '', version: ONNX_OPSET }],
      producerName: 'aekit',
      producerVersion: meta.producerVersion,
      docString: meta.docString,
      metadataProps: Object.entries(meta.properties).map(([key, value]) => ({ key, value })),
      graph: { name: this.name, node: this.#nodes, initializer: this.#initializers, input: this.#inputs, output: this.#outputs },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/** Throws unless `v` has rank `rank` (batch axis included). */
export function expectRank(v: Value, rank: number, where: string): void {
  if (v.shape.length !== rank) throw new ExportError(`${where}: expected a rank-${rank} input, got ${formatShape(v.shape)}`);
}
