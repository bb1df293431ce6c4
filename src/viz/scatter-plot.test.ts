import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { scatterPlotSvg } from './scatter-plot.js';
import { assertWellFormedSvg, countMarkItems, roleTexts, svgTexts } from '../testing/svg.js';

/** Ten clusters on a circle, `perClass` points each, deterministic. */
function clusters(perClass: number) {
  const n = perClass * 10;
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const label = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % 10;
    const jitter = ((i * 7919) % 101) / 101 - 0.5;
    x[i] = 3 * Math.cos((2 * Math.PI * c) / 10) + jitter;
    y[i] = 3 * Math.sin((2 * Math.PI * c) / 10) - jitter;
    label[i] = c;
  }
  return { x, y, label };
}

const symbolCount = (svg: string) => countMarkItems(svg, 'symbol', 'mark', 'path').reduce((a, b) => a + b, 0);
const legendSymbols = (svg: string) => countMarkItems(svg, 'symbol', 'legend-symbol', 'path').reduce((a, b) => a + b, 0);

describe('scatterPlotSvg', () => {
  it('draws every point and a digit legend 0–9 in order', async () => {
    const svg = await scatterPlotSvg({
      title: 'Test codes in 2-D',
      xLabel: 'z1',
      yLabel: 'z2',
      points: { ...clusters(20), labelName: 'digit' },
    });
    assertWellFormedSvg(svg);
    assert.equal(symbolCount(svg), 200);
    assert.equal(legendSymbols(svg), 10);
    const texts = svgTexts(svg);
    for (const t of ['Test codes in 2-D', 'z1', 'z2', 'digit']) assert.ok(texts.includes(t), `missing text ${t}`);
    assert.deepEqual(roleTexts(svg, 'legend-label'), ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('colours classes differently', async () => {
    const svg = await scatterPlotSvg({
      xLabel: 'x',
      yLabel: 'y',
      points: { x: [0, 1, 2], y: [0, 1, 2], label: [0, 1, 0] },
    });
    const group = /<g class="mark-symbol role-mark[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? '';
    const fills = [...group.matchAll(/fill="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(fills.length, 3);
    assert.equal(fills[0], fills[2]);
    assert.notEqual(fills[0], fills[1]);
  });

  it('uses a continuous colour ramp for float labels', async () => {
    const n = 50;
    const t = Array.from({ length: n }, (_, i) => i / 7);
    const svg = await scatterPlotSvg({
      xLabel: 'x',
      yLabel: 'y',
      points: { x: t.map(Math.cos), y: t.map(Math.sin), label: t, labelName: 'angle' },
    });
    assert.equal(symbolCount(svg), n);
    assert.equal(legendSymbols(svg), 0);
    assert.match(svg, /class="mark-rect role-legend-gradient/);
    assert.ok(svgTexts(svg).includes('angle'));
  });

  it('follows an explicit categorical flag over the default', async () => {
    const points = { x: [0, 1, 2], y: [0, 1, 2], label: [0.5, 1.5, 2.5] };
    const svg = await scatterPlotSvg({ xLabel: 'x', yLabel: 'y', points, categorical: true });
    assert.equal(legendSymbols(svg), 3);
    const ramp = await scatterPlotSvg({ xLabel: 'x', yLabel: 'y', points: { ...points, label: [0, 1, 2] }, categorical: false });
    assert.equal(legendSymbols(ramp), 0);
  });

  it('draws plain points without a legend when there is no label', async () => {
    const svg = await scatterPlotSvg({ xLabel: 'x', yLabel: 'y', points: { x: [1, 2, 3, 4], y: [4, 3, 2, 1], label: null } });
    assert.equal(symbolCount(svg), 4);
    assert.doesNotMatch(svg, /role-legend/);
  });

  it('leaves out points with a non-finite coordinate', async () => {
    const svg = await scatterPlotSvg({ xLabel: 'x', yLabel: 'y', points: { x: [0, NaN, 2, 3], y: [0, 1, Infinity, 3] } });
    assert.equal(symbolCount(svg), 2);
  });

  it('rejects mismatched lengths and non-finite labels with the sizes or index', async () => {
    await assert.rejects(
      scatterPlotSvg({ xLabel: 'x', yLabel: 'y', points: { x: [0, 1, 2], y: [0, 1] } }),
      /points\.y has length 2, expected 3/,
    );
    await assert.rejects(
      scatterPlotSvg({ xLabel: 'x', yLabel: 'y', points: { x: [0, 1], y: [0, 1], label: [1, 2, 3] } }),
      /points\.label has length 3, expected 2/,
    );
    await assert.rejects(
      scatterPlotSvg({ xLabel: 'x', yLabel: 'y', points: { x: [0, 1], y: [0, 1], label: [1, NaN] } }),
      /points\.label\[1\] = NaN is not finite/,
    );
  });

  it('renders a 10,000-point latent map with one mark per point', async () => {
    const svg = await scatterPlotSvg({ xLabel: 'z1', yLabel: 'z2', points: { ...clusters(1000), labelName: 'digit' } });
    assert.equal(symbolCount(svg), 10_000);
  });
});
