import { create } from 'zustand';
import type { XYPosition } from '@xyflow/react';

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

export interface QuickAddAt {
  /** Where the box opens, in page pixels. */
  screen: XYPosition;
  /** Where the chosen node lands, in canvas coordinates. */
  flow: XYPosition;
}

export type SideTab = 'settings' | 'inspector' | 'run' | 'history';

interface UiState {
  notice: Notice | null;
  helpOpen: boolean;
  quickAdd: QuickAddAt | null;
  sideTab: SideTab;
  /** Required run inputs the user must fill before a run; the run form marks them. */
  missingInputs: string[];
  notify(text: string, tone?: Notice['tone']): void;
  dismiss(id: number): void;
  setHelp(open: boolean): void;
  openQuickAdd(at: QuickAddAt | null): void;
  showTab(tab: SideTab): void;
  /** Opens the run form with these fields marked as needed. */
  askForInputs(names: string[]): void;
  /** Unmarks a field once it has a value. */
  inputGiven(name: string): void;
}

let noticeCount = 0;

export const useUi = create<UiState>()((set, get) => ({
  notice: null,
  helpOpen: false,
  quickAdd: null,
  sideTab: 'run',
  missingInputs: [],
  notify(text, tone = 'info') {
    noticeCount += 1;
    const id = noticeCount;
    set({ notice: { id, text, tone } });
    setTimeout(() => get().dismiss(id), tone === 'error' ? 6000 : 3500);
  },
  dismiss(id) {
    if (get().notice?.id === id) set({ notice: null });
  },
  setHelp: (helpOpen) => set({ helpOpen }),
  openQuickAdd: (quickAdd) => set({ quickAdd }),
  showTab: (sideTab) => set({ sideTab }),
  askForInputs: (missingInputs) => set({ sideTab: 'run', missingInputs }),
  inputGiven(name) {
    const missing = get().missingInputs;
    if (missing.includes(name)) set({ missingInputs: missing.filter((other) => other !== name) });
  },
}));
