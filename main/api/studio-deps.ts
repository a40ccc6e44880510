import type { NodeRegistry } from '../../engine/registry.ts';
import type { StudioBackend } from './backend.ts';
import type { RunManager } from './run-manager.ts';
import type { SampleLibrary } from './sample-library.ts';
import type { TryServiceHost } from './try-service.ts';
import type { SessionInfo } from './types.ts';

/** What the route modules share: the persistence seam, the node kinds, the live runs. */
export interface StudioDeps {
  backend: StudioBackend;
  registry: NodeRegistry;
  runs: RunManager;
  samples: SampleLibrary;
  session: SessionInfo;
  /** The service of the pipeline in the editor, run locally by the Export panel. */
  tryService: TryServiceHost;
}
