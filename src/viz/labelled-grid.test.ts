import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { labelledGridSvg } from './labelled-grid.js';

describe('labelledGridSvg', () => {
  it('embeds the grid as a PNG and draws every column and row label as text', async () => {
    const images = Float32Array.from({ length: 6 * 4 }, (_, i) => (i % 7) / 7);
    const svg = await labelledGridSvg(images, {
      count: 6, height: 2, width: 2, columns: 3, scale: 4, title: 'Denoising',
      columnLabels: ['noisy', 'clean', 'restored'], rowLabels: ['first', 'second'],
    });
    assert.ok(svg.startsWith('<svg'));
    assert.match(svg, /<image[^>]+href="data:image\/png;base64,iVBORw0KGgo/);
    for (const word of ['Denoising', 'noisy', 'clean', 'restored', 'first', 'second']) assert.ok(svg.includes(`>${word}<`), word);
  });

  it('rejects label counts that do not match the grid', async () => {
    const images = new Float32Array(4 * 4);
    await assert.rejects(labelledGridSvg(images, { count: 4, height: 2, width: 2, columns: 2, columnLabels: ['a'] }), /1 column labels for 2 columns/);
    await assert.rejects(labelledGridSvg(images, { count: 4, height: 2, width: 2, columns: 2, rowLabels: ['a', 'b', 'c'] }), /3 row labels for 2 rows/);
  });
});
