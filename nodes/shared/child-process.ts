import { spawn } from 'node:child_process';
import { CancelledError, operationalError } from '../../engine/index.ts';

/** A command-line program a node depends on, and how a person gets it when it is missing. */
export interface ExternalTool {
  command: string;
  /** An environment variable that points at the program when it is not on the PATH. */
  envVar: string;
  /** The Debian package that provides it. */
  debianPackage: string;
}

export const FFMPEG: ExternalTool = {
  command: 'ffmpeg',
  envVar: 'PIPEWRIGHT_FFMPEG',
  debianPackage: 'ffmpeg',
};

export const FFPROBE: ExternalTool = {
  command: 'ffprobe',
  envVar: 'PIPEWRIGHT_FFPROBE',
  debianPackage: 'ffmpeg',
};

export const ESPEAK: ExternalTool = {
  command: 'espeak-ng',
  envVar: 'PIPEWRIGHT_ESPEAK',
  debianPackage: 'espeak-ng',
};

/** The node on whose behalf a tool runs: errors name it, cancelling it stops the tool. */
export interface ToolCaller {
  nodeId: string;
  title: string;
  signal: AbortSignal;
  env: Readonly<Record<string, string | undefined>>;
}

export interface ToolInvocation {
  tool: ExternalTool;
  args: string[];
  caller: ToolCaller;
  /** Written to the program's standard input, then closed. */
  stdin?: string;
  cwd?: string;
  /** Receives standard output line by line instead of collecting it. */
  onStdoutLine?: (line: string) => void;
  /** How long a cancelled program gets to stop on SIGTERM before it is killed. */
  killGraceMs?: number;
}

export interface ToolResult {
  stdout: string;
  stderr: string;
}

/** The end of standard error that an error message carries: where tools say what went wrong. */
const STDERR_TAIL_CHARS = 2000;
/** Standard error kept in memory; a chatty tool must not grow a render's memory without end. */
const STDERR_KEEP_CHARS = 64 * 1024;

export function toolPath(tool: ExternalTool, env: ToolCaller['env']): string {
  return env[tool.envVar] || tool.command;
}

/**
 * Runs a program to its end. Cancelling the caller's signal sends SIGTERM and, after a short
 * grace, SIGKILL, and the promise settles only once the process is gone, so that a cancelled
 * run never leaves a render behind. A missing program and a failing one become errors that name
 * the node, the program and (for a missing one) the package to install.
 */
export function runTool(invocation: ToolInvocation): Promise<ToolResult> {
  const { tool, args, caller } = invocation;
  if (caller.signal.aborted) return Promise.reject(cancelReason(caller.signal));

  const path = toolPath(tool, caller.env);
  return new Promise((resolve, reject) => {
    const child = spawn(path, args, { cwd: invocation.cwd, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    let partialLine = '';
    let spawnError: NodeJS.ErrnoException | undefined;
    let killTimer: NodeJS.Timeout | undefined;

    const onAbort = () => {
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), invocation.killGraceMs ?? 300);
    };
    caller.signal.addEventListener('abort', onAbort, { once: true });

    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      if (!invocation.onStdoutLine) {
        stdout += chunk;
        return;
      }
      const lines = (partialLine + chunk).split('\n');
      partialLine = lines.pop() ?? '';
      for (const line of lines) invocation.onStdoutLine(line.trimEnd());
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP_CHARS);
    });
    // A program that exits before reading its input closes the pipe; its exit code tells why.
    child.stdin.on('error', () => {});
    child.stdin.end(invocation.stdin);

    child.on('error', (error: NodeJS.ErrnoException) => (spawnError = error));
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      caller.signal.removeEventListener('abort', onAbort);
      if (partialLine && invocation.onStdoutLine) invocation.onStdoutLine(partialLine.trimEnd());

      if (caller.signal.aborted) return reject(cancelReason(caller.signal));
      if (spawnError) return reject(launchError(tool, path, caller, spawnError));
      if (code === 0) return resolve({ stdout, stderr });
      reject(exitError(tool, caller, code, signal, stderr));
    });
  });
}

function cancelReason(signal: AbortSignal): unknown {
  return signal.reason ?? new CancelledError();
}

function who(caller: ToolCaller): string {
  return `Node "${caller.nodeId}" (${caller.title})`;
}

function launchError(
  tool: ExternalTool,
  path: string,
  caller: ToolCaller,
  error: NodeJS.ErrnoException,
) {
  const details = { nodeId: caller.nodeId, tool: tool.command, path, variable: tool.envVar };
  if (error.code === 'ENOENT') {
    return operationalError(
      'TOOL_MISSING',
      `${who(caller)} needs ${tool.command}, which was not found at "${path}". Install it with ` +
        `"apt-get install ${tool.debianPackage}" (Debian, Ubuntu), or set ${tool.envVar} to the program's path.`,
      details,
      error,
    );
  }
  return operationalError(
    'TOOL_UNUSABLE',
    `${who(caller)} could not start ${tool.command} at "${path}" (${error.code ?? error.message}). ` +
      `Check that it is executable, or set ${tool.envVar} to another copy.`,
    details,
    error,
  );
}

function exitError(
  tool: ExternalTool,
  caller: ToolCaller,
  code: number | null,
  signal: NodeJS.Signals | null,
  stderr: string,
) {
  const how = code === null ? `was stopped by ${signal}` : `exited with code ${code}`;
  const tail = stderr.trim().slice(-STDERR_TAIL_CHARS);
  const said = tail ? `:\n${tail}` : ' and printed nothing.';
  return operationalError('TOOL_FAILED', `${who(caller)}: ${tool.command} ${how}${said}`, {
    nodeId: caller.nodeId,
    tool: tool.command,
    exitCode: code,
    stderrTail: tail,
  });
}
