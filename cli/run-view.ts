import type { CompiledWorkflow, RunEvent } from '../engine/index.ts';

type Line = { state: string; detail: string; fraction?: number };

const SYMBOLS: Record<string, string> = {
  waiting: '·',
  running: '▶',
  done: '✓',
  cached: '↺',
  skipped: '–',
  failed: '✗',
  paused: '‖',
  retrying: '↻',
};

/**
 * Shows a run as it goes. On a terminal: one line per node, redrawn in place, with a progress
 * bar. Elsewhere (a pipe, CI): one plain line per change, so logs read top to bottom.
 */
export class RunView {
  private readonly lines = new Map<string, Line>();
  private drawn = 0;

  private readonly live: boolean;

  /**
   * A workflow taller than the terminal is shown as plain lines: the cursor cannot move up past
   * the top of the screen, so a redrawn block that does not fit would smear.
   */
  constructor(
    workflow: CompiledWorkflow,
    private readonly out: NodeJS.WriteStream,
  ) {
    for (const id of workflow.order) this.lines.set(id, { state: 'waiting', detail: '' });
    this.live = Boolean(out.isTTY) && workflow.order.length < (out.rows || 24) - 1;
  }

  onEvent(event: RunEvent): void {
    if (event.type === 'run.failed' || event.type === 'run.cancelled') return this.settle(event);
    const change = describe(event);
    if (!change) return;
    const [nodeId, line] = change;
    if (!this.live) {
      if (event.type !== 'node.progress')
        this.out.write(`${SYMBOLS[line.state]} ${nodeId} ${line.detail}`.trimEnd() + '\n');
      return;
    }
    this.lines.set(nodeId, line);
    this.redraw();
  }

  /** When a run ends early, the live lines still waiting or running say that they never will. */
  private settle(event: RunEvent) {
    if (!this.live) return;
    const why = event.type === 'run.cancelled' ? 'the run was cancelled' : 'the run failed';
    for (const [id, line] of this.lines) {
      if (line.state === 'waiting')
        this.lines.set(id, { state: 'skipped', detail: `not reached: ${why}` });
      if (line.state === 'running' || line.state === 'paused' || line.state === 'retrying')
        this.lines.set(id, { state: 'skipped', detail: `stopped: ${why}` });
    }
    this.redraw();
  }

  /**
   * Moves up over the last frame and writes every line again. Each line is cut to the terminal's
   * width and kept on one row: a line that wrapped would take two rows, and the next move up
   * would then land in the wrong place and leave torn copies behind.
   */
  private redraw() {
    const width = Math.max(...[...this.lines.keys()].map((key) => key.length));
    const columns = Math.max(20, (this.out.columns || 80) - 1);
    let text = this.drawn > 0 ? `\x1b[${this.drawn}A` : '';
    for (const [id, line] of this.lines) {
      const bar =
        line.state === 'running' && line.fraction !== undefined
          ? ` ${progressBar(line.fraction)}`
          : '';
      const row = `${SYMBOLS[line.state]} ${id.padEnd(width)}${bar} ${oneLine(line.detail)}`;
      text += `\x1b[2K${fit(row.trimEnd(), columns)}\n`;
    }
    this.drawn = this.lines.size;
    this.out.write(text);
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts a row to a number of characters, ending it with an ellipsis when it was longer. */
function fit(row: string, columns: number): string {
  const characters = [...row];
  return characters.length <= columns ? row : `${characters.slice(0, columns - 1).join('')}…`;
}

function describe(event: RunEvent): [string, Line] | undefined {
  switch (event.type) {
    case 'node.started':
      return [
        event.nodeId,
        { state: 'running', detail: event.attempt > 1 ? `attempt ${event.attempt}` : 'started' },
      ];
    case 'node.progress':
      return [
        event.nodeId,
        { state: 'running', detail: event.message ?? '', fraction: event.fraction },
      ];
    case 'node.completed':
      return [
        event.nodeId,
        { state: 'done', detail: `${seconds(event.durationMs)}${cost(event.costUsd)}` },
      ];
    case 'node.cached':
      return [event.nodeId, { state: 'cached', detail: `from ${event.source}` }];
    case 'node.skipped':
      return [event.nodeId, { state: 'skipped', detail: `skipped: ${event.reason}` }];
    case 'node.failed':
      return [event.nodeId, { state: 'failed', detail: event.error.message }];
    case 'node.retrying':
      return [
        event.nodeId,
        {
          state: 'retrying',
          detail: `${event.error.message}; retrying in ${seconds(event.delayMs)}`,
        },
      ];
    case 'node.paused':
      return [event.nodeId, { state: 'paused', detail: 'paused at breakpoint' }];
    default:
      return undefined;
  }
}

function progressBar(fraction: number): string {
  const filled = Math.round(fraction * 20);
  return `[${'#'.repeat(filled)}${' '.repeat(20 - filled)}] ${String(Math.round(fraction * 100)).padStart(3)}%`;
}

function seconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function cost(usd: number): string {
  return usd > 0 ? `, $${usd.toFixed(4)}` : '';
}
