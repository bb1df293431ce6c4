import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scatterPanelsSvg } from './scatter-panels.js';

describe('scatterPanelsSvg', () => {
  it('draws one titled panel per entry and names the classes in the legend', async () => {
    const svg = await scatterPanelsSvg({
      title: 'Codes', categorical: true, classNames: ['T-shirt/top', 'Trouser'], colorName: 'class',
      panels: [
        { title: 'epoch 1', x: [0, 1, 2], y: [1, 0, 2], color: [0, 1, 0] },
        { title: 'epoch 2', x: [0, 2, 4], y: [1, 3, 2], color: [1, 1, 0] },
      ],
    });
    for (const text of ['Codes', 'epoch 1', 'epoch 2', 'T-shirt/top', 'Trouser']) assert.ok(svg.includes(text), text);
  });

  it('rejects mismatched lengths', async () => {
    await assert.rejects(scatterPanelsSvg({ panels: [{ title: 'a', x: [0, 1], y: [0], color: null }] }), /panel "a" y has length 1, expected 2/);
  });
});
