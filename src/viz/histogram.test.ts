import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { histogramBars, histogramCounts, histogramSvg } from './histogram.js';
import { assertWellFormedSvg, countMarkItems, roleTexts, svgTexts } from '../testing/svg.js';

describe('histogramCounts', () => {
  it('bins values on [lo, hi], the last bin closed, ignoring NaN and outliers', () => {
    const counts = histogramCounts([0, 0.1, 0.5, 0.99, 1, NaN, -1, 2, Infinity], 0, 1, 2);
    assert.deepEqual(Array.from(counts), [2, 3]);
  });

  it('rejects bad bins and extents', () => {
    assert.throws(() => histogramCounts([1], 0, 1, 0), /bins must be a positive integer, got 0/);
    assert.throws(() => histogramCounts([1], 0, 1, 2.5), /got 2\.5/);
    assert.throws(() => histogramCounts([1], 1, 1, 3), /need finite lo < hi, got \[1, 1\]/);
  });
});

describe('histogramBars', () => {
  it('normalises each series to unit area on shared bins', () => {
    const bars = histogramBars(
      [
        { name: 'data', values: [0, 1, 1, 2, 2, 2, 3, 3, 3, 3] },
        { name: 'samples', values: [0.5, 2.5] },
      ],
      { bins: 4, density: true },
    );
    assert.equal(bars.length, 8);
    for (const name of ['data', 'samples']) {
      const own = bars.filter((b) => b.series === name);
      assert.deepEqual(own.map((b) => b.start), [0, 0.75, 1.5, 2.25]);
      const area = own.reduce((sum, b) => sum + b.value * (b.end - b.start), 0);
      assert.ok(Math.abs(area - 1) < 1e-12, `${name} area ${area}`);
    }
  });

  it('returns raw counts without density', () => {
    const bars = histogramBars([{ name: 'd', values: [0, 0, 1] }], { bins: 2, density: false, extent: [0, 1] });
    assert.deepEqual(bars.map((b) => b.value), [2, 1]);
  });

  it('centres a unit window on data with a single value, and rejects data with none', () => {
    const bars = histogramBars([{ name: 'd', values: [3, 3] }], { bins: 1, density: false });
    assert.deepEqual([bars[0]!.start, bars[0]!.end, bars[0]!.value], [2.5, 3.5, 2]);
    assert.throws(() => histogramBars([{ name: 'd', values: [NaN] }], { bins: 3, density: true }), /no finite values to bin/);
  });
});

describe('histogramSvg', () => {
  it('overlays one bar per bin per series plus the curves, with a legend', async () => {
    const gx = Array.from({ length: 41 }, (_, i) => -2 + i / 10);
    const svg = await histogramSvg({
      title: 'Data vs samples',
      xLabel: 'x',
      bins: 12,
      series: [
        { name: 'data', values: gx.map((v) => v * v) },
        { name: 'samples', values: Float32Array.from(gx) },
      ],
      curves: [{ name: 'fitted pdf', x: gx, y: gx.map((v) => Math.exp(-v * v / 2)) }],
    });
    assertWellFormedSvg(svg);
    assert.deepEqual(countMarkItems(svg, 'rect', 'mark', 'path'), [24]);
    assert.deepEqual(countMarkItems(svg, 'line', 'mark', 'path'), [1]);
    assert.deepEqual(roleTexts(svg, 'legend-label'), ['data', 'samples', 'fitted pdf']);
    const texts = svgTexts(svg);
    for (const t of ['Data vs samples', 'x', 'density']) assert.ok(texts.includes(t), t);
  });

  it('labels the y axis count when not normalised, and has no legend for one series', async () => {
    const svg = await histogramSvg({ xLabel: 'value', series: [{ name: 'd', values: [1, 2, 2, 3] }], bins: 3, density: false });
    assert.ok(svgTexts(svg).includes('count'));
    assert.doesNotMatch(svg, /role-legend/);
    assert.deepEqual(countMarkItems(svg, 'rect', 'mark', 'path'), [3]);
  });

  it('rejects empty series, repeated names and mismatched curve lengths', async () => {
    await assert.rejects(histogramSvg({ xLabel: 'x', series: [] }), /series is empty/);
    await assert.rejects(
      histogramSvg({ xLabel: 'x', series: [{ name: 'a', values: [1] }], curves: [{ name: 'a', x: [0], y: [0] }] }),
      /"a" is used more than once/,
    );
    await assert.rejects(
      histogramSvg({ xLabel: 'x', series: [{ name: 'a', values: [1] }], curves: [{ name: 'pdf', x: [0, 1], y: [0] }] }),
      /curve "pdf" y has length 1, expected 2/,
    );
  });
});
