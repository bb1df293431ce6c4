/** `aekit export RUN --format onnx|torch`: the model for other runtimes (ONNX Runtime, PyTorch). */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Option, type Command } from 'commander';
import { exportOnnx } from '../export/onnx-export.js';
import { exportTorch, TORCH_MODEL_FILE, TORCH_STATE_DICT_FILE } from '../export/torch-export.js';
import { writeFileAtomic } from '../io/atomic-write.js';
import { openModel } from './model-source.js';
import { printJson } from './options.js';

export const EXPORT_FORMATS = ['onnx', 'torch'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function registerExport(program: Command, version: string): void {
  program.command('export')
    .description('export a trained model: ONNX encoder and decoder graphs (opset 17), or a PyTorch state dict with its model.py')
    .argument('<run>', 'a run folder from `aekit train`, or a model file')
    .addOption(new Option('--format <format>', 'what to write').choices(EXPORT_FORMATS).makeOptionMandatory())
    .option('--out <dir>', 'output folder (default RUN/export/<format>)')
    .option('--json', 'print the result as one JSON object')
    .action(async (path: string, opts: { format: ExportFormat; out?: string; json?: boolean }) => {
      const { model, runDir } = openModel(path);
      const out = opts.out ?? join(runDir ?? '.', 'export', opts.format);
      const files: string[] = [];
      let details: Record<string, unknown>;
      if (opts.format === 'onnx') {
        const graphs = exportOnnx(model, { producerVersion: version });
        mkdirSync(out, { recursive: true });
        for (const [name, bytes] of [['encoder.onnx', graphs.encoder], ['decoder.onnx', graphs.decoder]] as const) {
          await writeFileAtomic(join(out, name), bytes);
          files.push(join(out, name));
        }
        details = { opset: 17, graphs: graphs.signature };
      } else {
        const torch = exportTorch(model, { producerVersion: version });
        mkdirSync(out, { recursive: true });
        await writeFileAtomic(join(out, TORCH_STATE_DICT_FILE), torch.stateDict);
        await writeFileAtomic(join(out, TORCH_MODEL_FILE), torch.modelPy);
        files.push(join(out, TORCH_STATE_DICT_FILE), join(out, TORCH_MODEL_FILE));
        details = { tensors: torch.tensors.length };
      }
      const result = { format: opts.format, model: model.config.model, dir: out, files, ...details };
      if (opts.json) printJson(result);
      else console.log(`${opts.format} export of ${model.config.model}: ${files.join(', ')}`);
    });
}
