import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** A program a node runs (ffmpeg, espeak-ng), as nodes/shared/child-process.ts declares it. */
export interface SystemTool {
  command: string;
  envVar: string;
  debianPackage: string;
}

/**
 * The system programs a bundle runs. Node kinds name each program once, as an ExternalTool
 * constant in nodes/shared/child-process.ts carrying its environment variable. The bundler
 * drops constants no bundled code uses, so a tool is needed exactly when its variable's name
 * survives in the bundle: the Dockerfile then installs its Debian package, and nobody has to
 * keep a list of which kind needs what.
 */
export async function systemToolsIn(
  bundleText: string,
  nodesFolder: string,
): Promise<SystemTool[]> {
  const declared = await declaredTools(nodesFolder);
  return declared.filter((tool) => bundleText.includes(JSON.stringify(tool.envVar)));
}

async function declaredTools(nodesFolder: string): Promise<SystemTool[]> {
  const file = join(nodesFolder, 'shared', 'child-process.ts');
  try {
    await access(file);
  } catch {
    return [];
  }
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  return Object.values(module).filter(isTool);
}

function isTool(value: unknown): value is SystemTool {
  if (!value || typeof value !== 'object') return false;
  const tool = value as Partial<SystemTool>;
  return (
    typeof tool.command === 'string' &&
    typeof tool.envVar === 'string' &&
    typeof tool.debianPackage === 'string'
  );
}
