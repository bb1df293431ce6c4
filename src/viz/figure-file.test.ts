import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFigure } from './figure-file.js';

describe('writeFigure', () => {
  it('creates missing folders and writes strings and buffers as given', async () => {
    const root = await mkdtemp(join(tmpdir(), 'aekit-viz-'));
    try {
      const svgPath = join(root, 'runs', 'vae', 'loss.svg');
      await writeFigure(svgPath, '<svg>ü</svg>');
      assert.equal(await readFile(svgPath, 'utf8'), '<svg>ü</svg>');
      const pngPath = join(root, 'runs', 'vae', 'grids', 'samples.png');
      const bytes = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 255]);
      await writeFigure(pngPath, bytes);
      assert.deepEqual(await readFile(pngPath), bytes);
      await writeFigure(svgPath, '<svg/>'); // overwrites
      assert.equal(await readFile(svgPath, 'utf8'), '<svg/>');
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
