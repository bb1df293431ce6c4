import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { barPlotSvg } from './bar-plot.js';
import { assertWellFormedSvg, countMarkItems, roleTexts, svgTexts } from '../testing/svg.js';

/** Heights of the bars, from each `<path d="Mx,yhWvHh-WZ">` in the bar mark group, in data order. */
function barHeights(svg: string): number[] {
  const group = /<g class="mark-rect role-mark[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? '';
  return [...group.matchAll(/\bd="M[^"]*?v(-?[\d.e+-]+)h/g)].map((m) => Number(m[1]));
}

const layers = ['layer 1', 'layer 2', 'layer 3', 'layer 4'];

describe('barPlotSvg', () => {
  it('draws one bar per category and series, grouped, with a legend', async () => {
    const svg = await barPlotSvg({
      title: 'Gradient norm per layer',
      xLabel: 'layer',
      yLabel: 'gradient norm',
      legendTitle: 'activation',
      categories: layers,
      series: [
        { name: 'sigmoid', values: [0.001, 0.01, 0.05, 0.2] },
        { name: 'relu', values: Float32Array.from([0.3, 0.35, 0.4, 0.45]) },
      ],
    });
    assertWellFormedSvg(svg);
    assert.deepEqual(countMarkItems(svg, 'rect', 'mark', 'path'), [8]);
    assert.deepEqual(roleTexts(svg, 'legend-label'), ['sigmoid', 'relu']);
    const texts = svgTexts(svg);
    for (const t of ['Gradient norm per layer', 'layer', 'gradient norm', 'activation']) assert.ok(texts.includes(t), t);
    const axisLabels = roleTexts(svg, 'axis-label');
    assert.deepEqual(axisLabels.filter((t) => t.startsWith('layer')), layers);
  });

  it('puts positive data on a log axis with every bar visible and ordered by value', async () => {
    const svg = await barPlotSvg({
      xLabel: 'layer',
      yLabel: 'gradient norm',
      logY: true,
      categories: layers,
      series: [
        { name: 'sigmoid', values: [1e-4, 1e-3, 1e-2, 1e-1] },
        { name: 'relu', values: [0.3, 0.3, 0.3, 0.3] },
      ],
    });
    const h = barHeights(svg);
    assert.equal(h.length, 8);
    for (const v of h) assert.ok(Number.isFinite(v) && v > 0, `bar heights ${h.join(', ')}`);
    // Equal ratios give equal steps on a log axis.
    const steps = [h[1]! - h[0]!, h[2]! - h[1]!, h[3]! - h[2]!];
    for (const s of steps) assert.ok(Math.abs(s - steps[0]!) < 1e-6 && s > 0, `steps ${steps.join(', ')}`);
    assert.ok(roleTexts(svg, 'axis-label').includes('0.001'));
  });

  it('rejects non-positive values on a log axis, naming the series and index', async () => {
    await assert.rejects(
      barPlotSvg({ xLabel: 'x', yLabel: 'y', logY: true, categories: ['a', 'b'], series: [{ name: 'relu', values: [1, 0] }] }),
      /log scale needs positive values, but series "relu" values\[1\] = 0/,
    );
  });

  it('draws a single series without a legend', async () => {
    const svg = await barPlotSvg({ xLabel: 'code size', yLabel: 'error', categories: ['2', '5', '10'], series: [{ name: 'e', values: [3, 2, 1] }] });
    assert.deepEqual(countMarkItems(svg, 'rect', 'mark', 'path'), [3]);
    assert.doesNotMatch(svg, /role-legend/);
    const h = barHeights(svg);
    assert.ok(h[0]! > h[1]! && h[1]! > h[2]! && h[2]! > 0, `heights ${h.join(', ')}`);
  });

  it('skips a NaN value instead of drawing a bar for it', async () => {
    const svg = await barPlotSvg({ xLabel: 'x', yLabel: 'y', categories: ['a', 'b', 'c'], series: [{ name: 's', values: [1, NaN, 2] }] });
    assert.deepEqual(countMarkItems(svg, 'rect', 'mark', 'path'), [2]);
  });

  it('rejects mismatched lengths, empty input and repeated names', async () => {
    await assert.rejects(
      barPlotSvg({ xLabel: 'x', yLabel: 'y', categories: ['a', 'b', 'c'], series: [{ name: 'relu', values: [1, 2] }] }),
      /series "relu" values has length 2, expected 3/,
    );
    await assert.rejects(barPlotSvg({ xLabel: 'x', yLabel: 'y', categories: [], series: [{ name: 's', values: [] }] }), /categories is empty/);
    await assert.rejects(barPlotSvg({ xLabel: 'x', yLabel: 'y', categories: ['a'], series: [] }), /series is empty/);
    await assert.rejects(
      barPlotSvg({ xLabel: 'x', yLabel: 'y', categories: ['a', 'a'], series: [{ name: 's', values: [1, 2] }] }),
      /category name "a" is used more than once/,
    );
  });
});
