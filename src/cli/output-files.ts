/** Writing a command's results: everything is computed first, then each file is written atomically into its folder. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic-write.js';

/** Writes `files` (name → SVG text, PNG bytes or CSV) into `dir`, creating it; returns the paths, in order. */
export async function writeOutputs(dir: string, files: readonly (readonly [string, string | Uint8Array])[]): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const paths: string[] = [];
  for (const [name, content] of files) {
    const path = join(dir, name);
    await writeFileAtomic(path, content);
    paths.push(path);
  }
  return paths;
}
