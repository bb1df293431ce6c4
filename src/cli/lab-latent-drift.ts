/** `aekit lab latent-drift`: an AE's and a VAE's 2-D test codes after every epoch; the VAE's stay near N(0, I). */
import type { Command } from 'commander';
import { LATENT_DRIFT_DEFAULTS, latentDriftLab, type LatentDriftConfig } from '../lab/latent-drift.js';
import { loadData, parseDataSpec } from '../train/data-source.js';
import { linePlotSvg } from '../viz/line-plot.js';
import { scatterPanelsSvg } from '../viz/scatter-panels.js';
import { writeOutputs } from './output-files.js';
import { parseNonNegativeInt, parsePositiveInt, parsePositiveNumber, printJson } from './options.js';

export function registerLatentDriftLab(lab: Command): void {
  const d = LATENT_DRIFT_DEFAULTS;
  lab.command('latent-drift')
    .description("AE and VAE 2-D codes of the test set, one panel per epoch: the VAE's stay near N(0, I)")
    .option('--data <spec>', 'labelled image data: mnist, fashion, png:DIR, …', 'mnist')
    .option('--epochs <n>', 'epochs (one panel each)', parsePositiveInt, d.epochs)
    .option('--train-size <n>', 'training images', parsePositiveInt, 10000)
    .option('--test-size <n>', 'test images whose codes are drawn', parsePositiveInt, 1000)
    .option('--models <list>', 'models to compare', d.models.join(','))
    .option('--lr <x>', 'Adam learning rate', parsePositiveNumber, d.lr)
    .option('--seed <n>', 'random seed', parseNonNegativeInt, d.seed)
    .option('--out <dir>', 'folder for the figures', 'runs/lab-latent-drift')
    .option('--json', 'print the results as JSON on stdout')
    .action(async (opts: { data: string; epochs: number; trainSize: number; testSize: number; models: string; lr: number; seed: number; out: string; json?: boolean }) => {
      const config: LatentDriftConfig = { ...d, epochs: opts.epochs, lr: opts.lr, seed: opts.seed, models: opts.models.split(',').map((s) => s.trim()) };
      const data = loadData(parseDataSpec(opts.data), { trainSize: opts.trainSize, testSize: opts.testSize });
      const runs = await latentDriftLab(data.train, data.test, config);
      const labels = data.test.labels;
      const files: [string, string][] = [];
      for (const r of runs) {
        files.push([`latent-drift-${r.model}.svg`, await scatterPanelsSvg({
          title: `${r.model}: 2-D codes of ${data.test.count} test images after each epoch (same axes in every panel)`,
          panels: r.codes.map((z, e) => ({
            title: `epoch ${e + 1}`, x: Float32Array.from({ length: z.length / 2 }, (_, i) => z[2 * i]!), y: Float32Array.from({ length: z.length / 2 }, (_, i) => z[2 * i + 1]!), color: labels,
          })),
          columns: Math.min(config.epochs, 6), sharedAxes: true, categorical: labels !== null, ...(data.test.classNames ? { classNames: data.test.classNames } : {}), colorName: 'class', panelSize: 180,
        })]);
      }
      files.push(['latent-drift-norm.svg', await linePlotSvg({
        title: 'Mean squared norm of the test codes, E‖z‖² (2 under the prior N(0, I))', xLabel: 'epoch', yLabel: 'E‖z‖² (log scale)', logY: true,
        series: [...runs.map((r) => ({ name: r.model, x: r.summaries.map((s) => s.epoch), y: r.summaries.map((s) => s.meanSquaredNorm) })),
          { name: 'N(0, I)', x: [1, config.epochs], y: [2, 2] }],
      })]);
      const paths = await writeOutputs(opts.out, files);
      const summary = { config, data: opts.data, runs: runs.map((r) => ({ model: r.model, summaries: r.summaries, seconds: r.seconds })), files: paths };
      if (opts.json) {
        printJson(summary);
        return;
      }
      for (const r of runs) {
        console.log(`${r.model}: E‖z‖² per epoch ${r.summaries.map((s) => s.meanSquaredNorm.toFixed(2)).join(' → ')}; last std (${r.summaries.at(-1)!.std.map((v) => v.toFixed(2)).join(', ')}), mean (${r.summaries.at(-1)!.mean.map((v) => v.toFixed(2)).join(', ')}); ${r.seconds.toFixed(1)} s`);
      }
      console.log(`figures: ${paths.join(', ')}`);
    });
}
