import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mul } from '../ops/binary.js';
import { tensor } from '../ops/creation.js';
import { Tensor } from '../tensor/tensor.js';
import { Module, Parameter } from './module.js';
import { assertModuleGradients, moduleGradCheck } from './module-gradcheck.js';

/** y = w·x·x, with one factor of x cut from the graph: its gradient w.r.t. x is half the true one. */
class HalfWrong extends Module {
  readonly w: Parameter;
  constructor() {
    super();
    this.w = this.registerParameter('w', tensor([1.5]));
  }
  forward(x: Tensor): Tensor {
    return mul(this.w, mul(x, x.detach()));
  }
}

test('moduleGradCheck catches a wrong input gradient and names where, while the parameter passes', () => {
  const bad = moduleGradCheck(new HalfWrong(), tensor([1, -2, 3]));
  assert.deepEqual([...new Set(bad.map((m) => m.name))], ['input']);
  assert.equal(bad.length, 3);
  assert.throws(() => assertModuleGradients(new HalfWrong(), tensor([1, -2, 3])), /module gradient check failed at 3 entries:\n {2}input\[0\]/);
});
