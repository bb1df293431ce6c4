import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../ops/creation.js';
import { normal } from '../ops/random.js';
import { Generator } from '../tensor/random.js';
import { activation, ELU, Identity, LeakyReLU, ReLU, Sigmoid, Softplus, Tanh } from './activations.js';
import { Flatten, Unflatten } from './flatten.js';
import { Linear } from './linear.js';
import { mlp } from './mlp.js';
import { Sequential } from './sequential.js';

const close = (a: ArrayLike<number>, b: readonly number[]): void => {
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i]! - b[i]!) < 1e-6, `[${i}] ${a[i]} vs ${b[i]}`);
};

test('activation modules compute their functions', () => {
  const x = tensor([-2, 0, 3]);
  close(new ReLU().forward(x).data, [0, 0, 3]);
  close(new Sigmoid().forward(x).data, [1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-3))]);
  close(new Tanh().forward(x).data, [Math.tanh(-2), 0, Math.tanh(3)]);
  close(new LeakyReLU(0.1).forward(x).data, [-0.2, 0, 3]);
  close(new ELU().forward(x).data, [Math.exp(-2) - 1, 0, 3]);
  close(new Softplus().forward(x).data, [Math.log1p(Math.exp(-2)), Math.log(2), Math.log1p(Math.exp(3))]);
  close(new Softplus(2).forward(x).data, [Math.log1p(Math.exp(-4)) / 2, Math.log(2) / 2, Math.log1p(Math.exp(6)) / 2]);
  assert.equal(new Identity().forward(x), x);
  assert.ok(activation('tanh') instanceof Tanh);
  assert.throws(() => activation('swish' as never), /unknown name 'swish'/);
});

test('Flatten and Unflatten reshape between conv and dense layers', () => {
  const x = normal(new Generator(0), [2, 3, 4, 5]);
  const flat = new Flatten().forward(x);
  assert.deepEqual(flat.shape, [2, 60]);
  assert.deepEqual(new Unflatten(1, [3, 4, 5]).forward(flat).shape, [2, 3, 4, 5]);
  assert.deepEqual(new Flatten(0).forward(x).shape, [120]);
  assert.throws(() => new Unflatten(1, [3, 4]).forward(flat), /dimension 1 of \[2, 60\] is not \[3, 4\]/);
});

test('Sequential applies layers in order and numbers them', () => {
  const gen = new Generator(1);
  const a = new Linear(2, 3, { gen });
  const net = new Sequential(a, new ReLU()).append(new Linear(3, 1, { gen }));
  assert.equal(net.length, 3);
  assert.equal(net.at(0), a);
  assert.ok(net.at(-2) instanceof ReLU);
  assert.equal([...net].length, 3);
  const x = normal(gen, [4, 2]);
  assert.deepEqual(net.forward(x).data, net.at(2).forward(net.at(1).forward(a.forward(x))).data);
  assert.deepEqual([...net.stateDict().keys()], ['0.weight', '0.bias', '2.weight', '2.bias']);
  assert.throws(() => net.at(5), RangeError);
});

test('mlp builds Linear → activation → … → Linear with optional output activation and dropout', () => {
  const net = mlp([2, 8, 8, 1], { gen: new Generator(0), activation: 'tanh', outputActivation: 'sigmoid', dropout: 0.1 });
  assert.deepEqual([...net].map((m) => m.constructor.name), ['Linear', 'Tanh', 'Dropout', 'Linear', 'Tanh', 'Dropout', 'Linear', 'Sigmoid']);
  assert.equal(net.numParameters(), 2 * 8 + 8 + 8 * 8 + 8 + 8 + 1);
  assert.deepEqual(mlp([3, 4], { gen: new Generator(0) }).length, 1);
  assert.throws(() => mlp([3], { gen: new Generator(0) }), RangeError);
  const y = mlp([2, 5, 1], { gen: new Generator(2) }).forward(normal(new Generator(3), [7, 2]));
  assert.deepEqual(y.shape, [7, 1]);
});
