/**
 * Your own data: a CSV file of numbers (one sample per row, a header, an optional label column) compressed by
 * an autoencoder to a 2-D code, written next to the input as <name>.codes.csv.
 *   node own-csv.js [file.csv] [label-column]     (default: examples/data/blobs.csv, column "label")
 */
import { writeFileSync } from 'node:fs';
import { buildModel, defaultConfig, Generator, loadCsv, MiniBatches, noGrad, optim, takeRows, Tensor, useBackend } from 'aekit';

const file = process.argv[2] ?? 'examples/data/blobs.csv';
const labelColumn = process.argv[3] ?? 'label';

await useBackend();
const data = loadCsv(file, { labelColumn });
console.log(`${data.name}: ${data.count} rows × ${data.shape[0]} features, ${data.numClasses} classes`);

// Values outside [0, 1]: a Gaussian decoder (the loss is then ½·squared error + const, per value).
const config = defaultConfig('ae', { inputShape: data.shape, latentDim: 2, overrides: { hidden: [32], decoder: 'gaussian' } });
const model = buildModel(config, new Generator(0));
const opt = new optim.Adam(model.parameters(), { lr: 3e-3 });
const x = new Tensor(data.images, [data.count, ...data.shape]);
const batches = new MiniBatches(data.count, 32, { gen: new Generator(1) });

for (let epoch = 0; epoch < 30; epoch++) {
  let sum = 0;
  for (const idx of batches.batches(epoch)) {
    opt.zeroGrad();
    const { total } = model.loss({ x: takeRows(x, idx), labels: null }, new Generator(epoch));
    total.backward();
    opt.step();
    sum += total.item() * idx.length;
  }
  if (epoch % 10 === 9) console.log(`epoch ${epoch + 1}: loss ${(sum / data.count).toFixed(3)}`);
}

const codes = noGrad(() => model.encode(x)).toArray() as number[][];
const out = file.replace(/\.csv$/i, '') + '.codes.csv';
const rows = codes.map((z, i) => [...z.map((v) => v.toFixed(5)), data.labels?.[i] ?? ''].join(','));
writeFileSync(out, `z1,z2,label\n${rows.join('\n')}\n`);
console.log(`codes: ${out}`);
