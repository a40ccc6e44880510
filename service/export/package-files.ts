import { userError } from '../../engine/index.ts';

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
}

interface LockEntry extends Manifest {
  version?: string;
  optional?: boolean;
  dev?: boolean;
  [key: string]: unknown;
}

export interface Lockfile {
  name?: string;
  version?: string;
  lockfileVersion: number;
  requires?: boolean;
  packages: Record<string, LockEntry>;
}

/**
 * The export's package.json: only the packages its bundle leaves external, at the ranges the
 * repository itself depends on, so that the service is tested against what it will install.
 */
export function packageManifest(options: {
  name: string;
  version: string;
  description?: string;
  dependencies: string[];
  repoManifest: Manifest;
}): Record<string, unknown> {
  const ranges = { ...options.repoManifest.dependencies };
  const dependencies: Record<string, string> = {};
  for (const name of options.dependencies) {
    const range = ranges[name];
    if (!range) {
      throw userError(
        'EXPORT_DEPENDENCY_UNKNOWN',
        `The bundle needs the package "${name}", which the repository's package.json does not list.`,
        { field: name },
      );
    }
    dependencies[name] = range;
  }

  return {
    name: options.name,
    version: options.version,
    description: options.description ?? `The ${options.name} pipeline as a service.`,
    private: true,
    type: 'module',
    engines: { node: '>=20.10' },
    scripts: { start: 'node server.mjs', test: 'node --test test/contract.test.mjs' },
    dependencies,
  };
}

/**
 * A package-lock.json for the export, cut from the repository's: the dependencies and every
 * package they need, at the versions and integrity hashes the repository was tested with. It
 * makes `npm install` reproducible for users and lets it run from npm's cache with no network
 * on a machine that has installed the repository.
 */
export function lockfileSubset(
  repoLock: Lockfile,
  root: { name: string; version: string; dependencies: Record<string, string> },
): Lockfile {
  const packages: Record<string, LockEntry> = {
    '': {
      name: root.name,
      version: root.version,
      dependencies: root.dependencies,
    },
  };
  const queue = Object.keys(root.dependencies).map((name) => ({ name, from: '' }));

  while (queue.length > 0) {
    const { name, from } = queue.shift()!;
    const location = resolveLocation(repoLock.packages, from, name);
    if (!location) {
      if (isOptional(repoLock.packages[from], name)) continue;
      throw userError(
        'EXPORT_LOCK_INCOMPLETE',
        `The repository's package-lock.json has no entry for "${name}" (needed by ${from || 'the export'}); run npm install in the repository.`,
        { field: name },
      );
    }
    if (packages[location]) continue;

    const { dev, ...entry } = repoLock.packages[location]!;
    packages[location] = entry;
    for (const dependency of requiredNames(entry)) queue.push({ name: dependency, from: location });
  }

  return { name: root.name, version: root.version, lockfileVersion: 3, requires: true, packages };
}

/** Node's lookup: `from/node_modules/name`, then each enclosing node_modules up to the top. */
function resolveLocation(
  packages: Record<string, LockEntry>,
  from: string,
  name: string,
): string | undefined {
  let base = from;
  while (true) {
    const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut === -1 ? '' : base.slice(0, cut);
  }
}

/** Dependencies, optional ones, and peers that are not marked optional. */
function requiredNames(entry: LockEntry): string[] {
  const peers = Object.keys(entry.peerDependencies ?? {}).filter(
    (name) => !entry.peerDependenciesMeta?.[name]?.optional,
  );
  return [
    ...Object.keys(entry.dependencies ?? {}),
    ...Object.keys(entry.optionalDependencies ?? {}),
    ...peers,
  ];
}

function isOptional(entry: LockEntry | undefined, name: string): boolean {
  return Boolean(entry?.optionalDependencies?.[name]);
}
