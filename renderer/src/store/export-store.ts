import { create } from 'zustand';
import type {
  ExportPreviewResponse,
  ExportResponse,
  TryServiceResponse,
} from '../../../main/api/types.ts';

export type ExportTab = 'contract' | 'changes' | 'try';

/** The Export dialog: what the last preview said, where to write, and the trial service. */
interface ExportState {
  open: boolean;
  tab: ExportTab;
  /** Set while a preview is fetched; the previous preview stays shown meanwhile. */
  loading: boolean;
  preview: ExportPreviewResponse | null;
  /** Why the pipeline cannot be exported as it is (its problems), when it cannot. */
  error: string | null;
  outDir: string;
  exporting: boolean;
  result: ExportResponse | null;
  /** The request body the Try tab sends, edited in a form built from the request schema. */
  tryBody: Record<string, unknown>;
  trying: boolean;
  tryAnswer: TryServiceResponse | null;
  set(patch: Partial<Omit<ExportState, 'set'>>): void;
}

export const useExport = create<ExportState>()((set) => ({
  open: false,
  tab: 'contract',
  loading: false,
  preview: null,
  error: null,
  outDir: '',
  exporting: false,
  result: null,
  tryBody: {},
  trying: false,
  tryAnswer: null,
  set: (patch) => set(patch),
}));
