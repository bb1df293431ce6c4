import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { linePlotSvg } from './line-plot.js';
import { assertWellFormedSvg, countMarkItems, roleTexts, svgTexts } from '../testing/svg.js';

const epochs = Array.from({ length: 50 }, (_, i) => i);
const decay = (rate: number) => epochs.map((e) => Math.exp(-rate * e));

describe('linePlotSvg', () => {
  it('draws one path per series with the title, axis labels and a legend in series order', async () => {
    const svg = await linePlotSvg({
      title: 'Output a vs epoch',
      xLabel: 'epoch',
      yLabel: 'output a',
      series: [
        { name: 'MSE, w=0.6 b=0.9', x: epochs, y: decay(0.1) },
        { name: 'MSE, w=2 b=2', x: epochs, y: decay(0.01) },
        { name: 'CE, w=0.6 b=0.9', x: epochs, y: decay(0.2) },
        { name: 'CE, w=2 b=2', x: Float64Array.from(epochs), y: Float32Array.from(decay(0.3)) },
      ],
    });
    assertWellFormedSvg(svg);
    const texts = svgTexts(svg);
    for (const t of ['Output a vs epoch', 'epoch', 'output a']) assert.ok(texts.includes(t), `missing text ${t}`);
    assert.deepEqual(roleTexts(svg, 'legend-label'), ['MSE, w=0.6 b=0.9', 'MSE, w=2 b=2', 'CE, w=0.6 b=0.9', 'CE, w=2 b=2']);
    assert.deepEqual(countMarkItems(svg, 'line', 'mark', 'path'), [1, 1, 1, 1]);
    // 50 points per series: no dots by default.
    assert.deepEqual(countMarkItems(svg, 'symbol', 'mark', 'path'), []);
  });

  it('gives each line its own colour', async () => {
    const svg = await linePlotSvg({
      xLabel: 'x',
      yLabel: 'y',
      series: [
        { name: 'a', x: [0, 1], y: [0, 1] },
        { name: 'b', x: [0, 1], y: [1, 0] },
      ],
      points: false,
    });
    const strokes = [...svg.matchAll(/<g class="mark-line role-mark[^>]*><path[^>]*stroke="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(strokes.length, 2);
    assert.notEqual(strokes[0], strokes[1]);
  });

  it('marks every point of short series with a dot', async () => {
    const svg = await linePlotSvg({
      xLabel: 'epoch',
      yLabel: 'loss',
      series: [
        { name: 'train', x: [1, 2, 3, 4, 5], y: [5, 4, 3, 2, 1] },
        { name: 'test', x: [1, 2, 3], y: [6, 5, 4.5] },
      ],
    });
    const dots = countMarkItems(svg, 'symbol', 'mark', 'path').reduce((a, b) => a + b, 0);
    assert.equal(dots, 8);
  });

  it('uses a log y axis for positive data', async () => {
    const svg = await linePlotSvg({
      xLabel: 'step',
      yLabel: 'gradient norm',
      logY: true,
      series: [{ name: 'layer 1', x: epochs, y: epochs.map((e) => 10 ** (-e / 10)) }],
    });
    assertWellFormedSvg(svg);
    const texts = roleTexts(svg, 'axis-label');
    // Decades from 1 down to 1e-4 appear as tick labels; a linear axis would not label 0.0001.
    assert.ok(texts.includes('1') && texts.includes('0.0001'), `tick labels: ${texts.join(' | ')}`);
  });

  it('rejects a log axis for non-positive values, naming the series and index', async () => {
    await assert.rejects(
      linePlotSvg({ xLabel: 'x', yLabel: 'y', logY: true, series: [{ name: 'loss', x: [0, 1, 2], y: [1, 0.5, 0] }] }),
      /log scale needs positive values, but series "loss" y\[2\] = 0/,
    );
    await assert.rejects(
      linePlotSvg({ xLabel: 'x', yLabel: 'y', logY: true, series: [{ name: 'n', x: [0], y: [-3] }] }),
      /y\[0\] = -3/,
    );
  });

  it('rejects x and y of different lengths, naming both sizes', async () => {
    await assert.rejects(
      linePlotSvg({ xLabel: 'x', yLabel: 'y', series: [{ name: 'run 1', x: [0, 1, 2], y: [1, 2] }] }),
      (err: Error) => err instanceof RangeError && /series "run 1" y has length 2, expected 3/.test(err.message),
    );
  });

  it('rejects an empty series list, repeated names and bad sizes', async () => {
    await assert.rejects(linePlotSvg({ xLabel: 'x', yLabel: 'y', series: [] }), /series is empty/);
    const s = { name: 'dup', x: [0], y: [0] };
    await assert.rejects(linePlotSvg({ xLabel: 'x', yLabel: 'y', series: [s, s] }), /"dup" is used more than once/);
    await assert.rejects(linePlotSvg({ xLabel: 'x', yLabel: 'y', series: [s], width: 0 }), /width must be a positive/);
  });

  it('breaks a line at NaN instead of failing (a diverged run stays visible)', async () => {
    const svg = await linePlotSvg({
      xLabel: 'epoch',
      yLabel: 'loss',
      series: [{ name: 'lr 10', x: [0, 1, 2, 3, 4, 5], y: [1, 0.8, NaN, Infinity, 0.5, 0.4] }],
      points: false,
    });
    const d = /<g class="mark-line role-mark[^>]*><path[^>]*\bd="([^"]+)"/.exec(svg)?.[1] ?? '';
    assert.equal(d.split('M').length - 1, 2, `expected two sub-paths, got d=${d}`);
  });

  it('escapes markup characters in names and labels', async () => {
    const svg = await linePlotSvg({
      title: 'a < b & "c"',
      xLabel: 'x <x>',
      yLabel: 'y & z',
      series: [{ name: '<script>', x: [0, 1], y: [0, 1] }],
    });
    assertWellFormedSvg(svg);
    assert.ok(!svg.includes('<script>'));
    assert.ok(svgTexts(svg).includes('<script>'));
  });
});
