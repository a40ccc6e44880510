import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { build } from 'esbuild';
import type { NodeModule } from './node-modules.ts';

/**
 * Packages left out of the bundle and installed by npm instead: SDKs large enough that
 * bundling them would slow every cold start for kinds that do not use them, and native code,
 * which cannot be bundled at all. Everything else (Fastify, pino, zod, Ajv, the engine) goes
 * into the one file, which is what keeps the service's start fast and its install small.
 */
export const EXTERNAL_PACKAGES = [
  'openai',
  '@elevenlabs/elevenlabs-js',
  'node-telegram-bot-api',
  'better-sqlite3',
];

export interface BundleResult {
  /** The external packages the bundle imports: the export's dependencies. */
  externals: string[];
  text: string;
}

const BANNER = [
  "import { createRequire as __pipewrightRequire } from 'node:module';",
  "import { fileURLToPath as __pipewrightPath } from 'node:url';",
  "import { dirname as __pipewrightDirname } from 'node:path';",
  // Bundled CommonJS code still calls require() for Node's own modules and reads __dirname.
  'const require = __pipewrightRequire(import.meta.url);',
  'const __filename = __pipewrightPath(import.meta.url);',
  'const __dirname = __pipewrightDirname(__filename);',
].join('\n');

/**
 * Bundles the service for one workflow: the runtime, the engine, the node kinds the workflow
 * uses and nothing else, and the workflow itself, into one ES module.
 */
export async function bundleServer(options: {
  repoRoot: string;
  serverMain: string;
  workflow: unknown;
  kinds: NodeModule[];
  outFile: string;
}): Promise<BundleResult> {
  const imports = options.kinds.map(
    (kind, index) =>
      `import { ${kind.exportName} as kind${index} } from ${JSON.stringify(kind.file)};`,
  );
  const entry = [
    `import { serveExport } from ${JSON.stringify(options.serverMain)};`,
    ...imports,
    `const workflow = ${JSON.stringify(options.workflow)};`,
    `await serveExport(workflow, [${options.kinds.map((_, index) => `kind${index}`).join(', ')}]);`,
  ].join('\n');

  const result = await build({
    stdin: { contents: entry, resolveDir: options.repoRoot, sourcefile: 'server-entry.js' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: options.outFile,
    external: EXTERNAL_PACKAGES,
    banner: { js: BANNER },
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    write: true,
    logLevel: 'silent',
  });

  const imported = Object.values(result.metafile.outputs).flatMap((output) => output.imports);
  const externals = new Set<string>();
  for (const item of imported) {
    if (!item.external || isBuiltin(item.path)) continue;
    externals.add(packageName(item.path));
  }
  return { externals: [...externals].sort(), text: await readFile(options.outFile, 'utf8') };
}

function isBuiltin(path: string): boolean {
  return path.startsWith('node:') || builtinModules.includes(path.split('/')[0]!);
}

/** `@scope/name/sub/path` → `@scope/name`; `name/sub` → `name`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}
