/**
 * `aekit lab swiss-roll`: PCA, Isomap, LLE, an AE and a VAE on a clean and a noisy swiss roll, coloured by the roll's
 * coordinate, with ρ (how well each unrolls it) and, for the methods with a decoder, the variance the code misses.
 */
import type { Command } from 'commander';
import { SWISS_ROLL_DEFAULTS, SWISS_ROLL_METHODS, swissRollLab, type SwissRollConfig, type SwissRollMethod } from '../lab/swiss-roll.js';
import { scatterPanelsSvg } from '../viz/scatter-panels.js';
import { writeOutputs } from './output-files.js';
import { note, parseNonNegativeInt, parsePositiveInt, parsePositiveNumber, printJson } from './options.js';

const TITLES: Record<SwissRollMethod, string> = { pca: 'PCA', isomap: 'Isomap', lle: 'LLE', ae: 'autoencoder', vae: 'VAE' };

function parseMethods(text: string): SwissRollMethod[] {
  const names = text.split(',').map((s) => s.trim());
  for (const n of names) if (!(SWISS_ROLL_METHODS as readonly string[]).includes(n)) throw new Error(`--methods: unknown method '${n}' (known: ${SWISS_ROLL_METHODS.join(', ')})`);
  return names as SwissRollMethod[];
}

export function registerSwissRollLab(lab: Command): void {
  const d = SWISS_ROLL_DEFAULTS;
  lab.command('swiss-roll')
    .description('PCA fails on a swiss roll, Isomap and LLE unroll it, a noisy roll short-circuits their k-NN graph; an AE and a VAE keep the sheet (they reconstruct it) but curl it instead of unrolling it')
    .option('--points <n>', 'points on the roll', parsePositiveInt, d.points)
    .option('--noise <sigma>', 'σ of the noisy roll', parsePositiveNumber, d.noise)
    .option('--neighbors <k>', 'k of the Isomap and LLE graphs', parsePositiveInt, d.neighbors)
    .option('--epochs <n>', 'epochs of the AE and the VAE', parsePositiveInt, d.epochs)
    .option('--methods <list>', 'methods to run', d.methods.join(','))
    .option('--seed <n>', 'random seed', parseNonNegativeInt, d.seed)
    .option('--out <dir>', 'folder for the figures', 'runs/lab-swiss-roll')
    .option('--json', 'print the results as JSON on stdout')
    .action(async (opts: { points: number; noise: number; neighbors: number; epochs: number; methods: string; seed: number; out: string; json?: boolean }) => {
      const config: SwissRollConfig = { points: opts.points, noise: opts.noise, neighbors: opts.neighbors, epochs: opts.epochs, seed: opts.seed, methods: parseMethods(opts.methods) };
      if (config.points <= config.neighbors + 2) throw new Error(`--points: ${config.points} points are too few for a ${config.neighbors}-nearest-neighbour graph`);
      const missed = (e: { unexplainedVariance: number | null }) => (e.unexplainedVariance === null ? '' : `, unexplained variance ${e.unexplainedVariance.toFixed(4)}`);
      const runs = await swissRollLab(config, (roll, e) => note(`${roll} roll, ${TITLES[e.method]}: ρ = ${e.rankCorrelation.toFixed(3)}${missed(e)} (${e.seconds.toFixed(1)} s)`));
      const files: [string, string][] = [];
      for (const r of runs) {
        const panels = [
          { title: 'the roll (x, z)', x: Float32Array.from({ length: r.t.length }, (_, i) => r.points[3 * i]!), y: Float32Array.from({ length: r.t.length }, (_, i) => r.points[3 * i + 2]!), color: r.t },
          ...r.embeddings.map((e) => ({
            title: `${TITLES[e.method]} (ρ = ${e.rankCorrelation.toFixed(2)}${e.unexplainedVariance === null ? '' : `, ${(100 * e.unexplainedVariance).toFixed(1)} % missed`})`,
            x: Float32Array.from({ length: r.t.length }, (_, i) => e.codes[2 * i]!), y: Float32Array.from({ length: r.t.length }, (_, i) => e.codes[2 * i + 1]!), color: r.t,
          })),
        ];
        files.push([`swiss-roll-${r.roll}.svg`, await scatterPanelsSvg({
          title: `${r.roll === 'clean' ? 'A swiss roll' : `A noisy swiss roll (σ = ${r.noise})`}: 2-D embeddings coloured by the position t along the roll`,
          panels, colorName: 't', columns: 3, panelSize: 200,
        })]);
      }
      const paths = await writeOutputs(opts.out, files);
      const table = runs.map((r) => ({
        roll: r.roll, noise: r.noise,
        rankCorrelation: Object.fromEntries(r.embeddings.map((e) => [e.method, e.rankCorrelation])),
        unexplainedVariance: Object.fromEntries(r.embeddings.filter((e) => e.unexplainedVariance !== null).map((e) => [e.method, e.unexplainedVariance])),
        seconds: Object.fromEntries(r.embeddings.map((e) => [e.method, e.seconds])),
      }));
      if (opts.json) {
        printJson({ config, runs: table, files: paths });
        return;
      }
      console.log(`Spearman ρ between the roll's coordinate t and each 2-D embedding (best direction), ${config.points} points, k = ${config.neighbors}:`);
      console.log(`${'roll'.padEnd(16)}${config.methods.map((m) => TITLES[m].padStart(13)).join('')}`);
      for (const r of table) console.log(`${`${r.roll} (σ=${r.noise})`.padEnd(16)}${config.methods.map((m) => r.rankCorrelation[m]!.toFixed(3).padStart(13)).join('')}`);
      const decoders = config.methods.filter((m) => m in table[0]!.unexplainedVariance);
      if (decoders.length > 0) {
        console.log(`Fraction of the roll's variance the reconstruction from the 2-D code misses (methods with a decoder):`);
        for (const r of table) console.log(`${`${r.roll} (σ=${r.noise})`.padEnd(16)}${decoders.map((m) => `${TITLES[m]} ${r.unexplainedVariance[m]!.toFixed(4)}`.padStart(20)).join('')}`);
      }
      console.log('ρ near 1: the embedding orders the points along the roll as t does (it unrolls the sheet). Little variance missed with a low ρ: the code keeps the sheet but curls or folds it.');
      console.log(`figures: ${paths.join(', ')}`);
    });
}
