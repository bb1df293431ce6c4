import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backward } from '../autograd/backward.js';
import { ones, tensor, zeros } from '../ops/creation.js';
import { sum } from '../ops/reduce.js';
import { Generator } from '../tensor/random.js';
import { ShapeError } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { BatchNorm1d } from './batch-norm.js';
import { Linear } from './linear.js';
import { Module, Parameter } from './module.js';
import { ReLU } from './activations.js';
import { Sequential } from './sequential.js';

class Autoencoder extends Module {
  readonly encoder: Sequential;
  readonly decoder: Linear;

  constructor(gen: Generator) {
    super();
    this.encoder = this.registerModule('encoder', new Sequential(new Linear(4, 3, { gen }), new BatchNorm1d(3), new ReLU()));
    this.decoder = this.registerModule('decoder', new Linear(3, 4, { gen }));
  }

  forward(x: Tensor): Tensor {
    return this.decoder.forward(this.encoder.forward(x));
  }
}

test('Parameter wraps a tensor: shares storage, requires a gradient, is a leaf', () => {
  const t = tensor([1, 2, 3]);
  const p = new Parameter(t);
  assert.equal(p.data, t.data);
  assert.equal(p.requiresGrad, true);
  assert.equal(p.isLeaf, true);
  assert.equal(new Parameter(t, false).requiresGrad, false);
});

test('namedParameters uses dotted names in registration order; buffers are separate', () => {
  const net = new Autoencoder(new Generator(0));
  assert.deepEqual(net.namedParameters().map(([n]) => n), [
    'encoder.0.weight', 'encoder.0.bias', 'encoder.1.weight', 'encoder.1.bias', 'decoder.weight', 'decoder.bias',
  ]);
  assert.deepEqual(net.namedBuffers().map(([n]) => n), ['encoder.1.runningMean', 'encoder.1.runningVar', 'encoder.1.numBatchesTracked']);
  assert.equal(net.numParameters(), 4 * 3 + 3 + 3 + 3 + 3 * 4 + 4);
  assert.ok(net.parameters().every((p) => p instanceof Parameter && p.requiresGrad));
});

test('stateDict is a snapshot (copies) with parameters then buffers, and round-trips through loadStateDict', () => {
  const a = new Autoencoder(new Generator(1));
  const b = new Autoencoder(new Generator(2));
  const x = new Tensor(new Generator(3).fillNormal(new Float32Array(20)), [5, 4]);
  a.forward(x); // moves BatchNorm's running statistics
  const state = a.stateDict();
  assert.deepEqual([...state.keys()].slice(-3), ['encoder.1.runningMean', 'encoder.1.runningVar', 'encoder.1.numBatchesTracked']);
  const w = a.decoder.weight.data[0]!;
  a.decoder.weight.data[0] = 99;
  assert.equal(state.get('decoder.weight')!.data[0], w, 'the snapshot did not change');
  a.decoder.weight.data[0] = w;

  const weightBefore = b.decoder.weight;
  const result = b.loadStateDict(state);
  assert.deepEqual(result, { missingKeys: [], unexpectedKeys: [] });
  assert.equal(b.decoder.weight, weightBefore, 'parameters keep their identity');
  for (const [name, t] of b.stateDict()) assert.deepEqual(t.data, state.get(name)!.data, name);
  a.eval();
  b.eval();
  assert.deepEqual(b.forward(x).data, a.forward(x).data);
});

test('loadStateDict names missing, unexpected and mis-shaped keys', () => {
  const net = new Autoencoder(new Generator(0));
  const state = net.stateDict();
  state.delete('decoder.bias');
  state.set('decoder.extra', zeros([1]));
  assert.throws(() => net.loadStateDict(state), (e: Error) => /missing keys: decoder\.bias/.test(e.message) && /unexpected keys: decoder\.extra/.test(e.message));
  const before = net.decoder.weight.toFloat32Array();
  state.set('decoder.weight', ones([4, 3]).detach());
  assert.deepEqual(net.loadStateDict(state, { strict: false }), { missingKeys: ['decoder.bias'], unexpectedKeys: ['decoder.extra'] });
  assert.deepEqual(net.decoder.weight.toFloat32Array(), new Float32Array(12).fill(1));
  net.decoder.weight.data.set(before);
  state.set('decoder.weight', zeros([3, 4]));
  assert.throws(() => net.loadStateDict(state, { strict: false }), (e: Error) =>
    e instanceof ShapeError && e.message.includes("'decoder.weight': checkpoint [3, 4] vs module [4, 3]"));
  assert.deepEqual(net.decoder.weight.toFloat32Array(), before, 'nothing copied when a check fails');
});

test('train()/eval() propagate to every descendant', () => {
  const net = new Autoencoder(new Generator(0));
  assert.equal(net.training, true);
  net.eval();
  assert.ok(net.namedModules().every(([, m]) => !m.training));
  net.train();
  assert.ok(net.namedModules().every(([, m]) => m.training));
  assert.deepEqual(net.namedModules().map(([n]) => n), ['', 'encoder', 'encoder.0', 'encoder.1', 'encoder.2', 'decoder']);
});

test('zeroGrad clears every gradient', () => {
  const net = new Autoencoder(new Generator(0));
  backward(sum(net.forward(ones([3, 4]))));
  assert.ok(net.parameters().every((p) => p.grad !== null));
  net.zeroGrad();
  assert.ok(net.parameters().every((p) => p.grad === null));
});

test('a shared parameter is listed once by parameters() but under both names in the state dict', () => {
  class Tied extends Module {
    readonly a: Linear;
    readonly b: Sequential;
    constructor() {
      super();
      this.a = this.registerModule('a', new Linear(2, 2, { gen: new Generator(0) }));
      this.b = this.registerModule('b', new Sequential(this.a));
    }
    forward(x: Tensor): Tensor {
      return this.b.forward(this.a.forward(x));
    }
  }
  const net = new Tied();
  assert.equal(net.parameters().length, 2);
  assert.deepEqual([...net.stateDict().keys()], ['a.weight', 'a.bias', 'b.0.weight', 'b.0.bias']);
});

test('an unregistered Parameter or Module field is an error, not a silently frozen weight', () => {
  class Forgetful extends Module {
    readonly w = new Parameter(ones([2]));
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  assert.throws(() => new Forgetful().parameters(), /field 'w' holds a Parameter that was not registered; use this\.registerParameter\('w'/);
  class Forgetful2 extends Module {
    readonly inner = new ReLU();
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  assert.throws(() => new Forgetful2().stateDict(), /field 'inner' holds a Module that was not registered/);
});

test('registration rejects dotted and duplicate names', () => {
  class Bad extends Module {
    constructor(name: string, twice = false) {
      super();
      this.registerParameter(name, ones([1]));
      if (twice) this.registerBuffer(name, ones([1]));
    }
    forward(x: Tensor): Tensor {
      return x;
    }
  }
  assert.throws(() => new Bad('a.b'), /not a valid name/);
  assert.throws(() => new Bad('w', true), /'w' is already registered/);
});

test('toString shows the tree', () => {
  const s = new Autoencoder(new Generator(0)).toString();
  assert.match(s, /\(encoder\): Sequential\(\n {4}\(0\): Linear\(4, 3\)/);
  assert.match(s, /\(decoder\): Linear\(3, 4\)/);
});
