import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { overlayPlotSvg } from './overlay-plot.js';

describe('overlayPlotSvg', () => {
  it('draws one dot per point and one line per line series, with every name in the legend', async () => {
    const svg = await overlayPlotSvg({
      title: 'Fitted Gaussian', xLabel: 'x', yLabel: 'y',
      points: [{ name: 'data', x: [0, 1, 2], y: [1, 2, 3] }, { name: 'samples', x: [0.5, 1.5], y: [1, 1] }],
      lines: [{ name: 'mean', x: [0, 1, 2], y: [1, 1.5, 2] }],
    });
    assert.ok(svg.startsWith('<svg'));
    for (const text of ['Fitted Gaussian', 'data', 'samples', 'mean']) assert.ok(svg.includes(text), `missing '${text}'`);
    // vega renders circle marks as paths inside the mark-symbol group and lines inside mark-line.
    const symbols = svg.match(/class="mark-symbol[^]*?<\/g>/)?.[0] ?? '';
    assert.equal((symbols.match(/<path/g) ?? []).length, 5);
    assert.equal((svg.match(/class="mark-line/g) ?? []).length, 1);
  });

  it('rejects mismatched lengths and duplicate names', async () => {
    await assert.rejects(overlayPlotSvg({ xLabel: 'x', yLabel: 'y', points: [{ name: 'a', x: [1, 2], y: [1] }], lines: [] }), /length/);
    await assert.rejects(overlayPlotSvg({ xLabel: 'x', yLabel: 'y', points: [{ name: 'a', x: [1], y: [1] }], lines: [{ name: 'a', x: [1], y: [1] }] }), /a/);
  });
});
