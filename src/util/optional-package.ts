/**
 * Optional peer dependencies: the packages one command or baseline needs (the service's Fastify and prom-client,
 * ONNX's protobuf schema, the druidjs and umap-js baselines) are not installed with aekit, so a project that only
 * trains and evaluates stays small. Where one is missing, using it is a one-line error naming the install command.
 */

/** The error for a feature whose packages are not installed. */
export class MissingPackageError extends Error {
  constructor(feature: string, packages: readonly string[]) {
    super(`${feature} needs ${packages.map((p) => `'${p}'`).join(' and ')}, not installed here; add ${packages.length === 1 ? 'it' : 'them'} to your project: npm install ${packages.join(' ')}`);
    this.name = 'MissingPackageError';
  }
}

function isNotFound(e: unknown, name: string): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  // Node names the failure; only a missing package (not one that fails while loading) counts.
  if (typeof code === 'string') return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && String((e as Error).message).includes(name);
  // Browsers: a bare specifier that no import map resolves.
  return e instanceof TypeError && /resolve module specifier|Failed to fetch dynamically imported module/i.test(e.message);
}

/**
 * The package `name`, or null when it is not installed. The specifier is a variable so that bundlers leave the
 * import to run time instead of failing on a package the user chose not to install.
 */
export async function importOptional<T>(name: string): Promise<T | null> {
  try {
    return (await import(/* @vite-ignore */ name)) as T;
  } catch (e) {
    if (isNotFound(e, name)) return null;
    throw e;
  }
}

/** `module`, or the MissingPackageError of `feature`. */
export function required<T>(module: T | null, feature: string, packages: readonly string[]): T {
  if (module === null) throw new MissingPackageError(feature, packages);
  return module;
}
