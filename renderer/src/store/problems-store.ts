import { create } from 'zustand';
import type { Problem } from '../../../main/api/types.ts';

interface ProblemsState {
  /** Problems from the last validation, by the node they concern. */
  byNode: Record<string, Problem[]>;
  /** Problems that concern no single node (the file's name, id or version). */
  general: Problem[];
  checkedRevision: number;
  setProblems(problems: Problem[], revision: number): void;
}

export const useProblems = create<ProblemsState>()((set) => ({
  byNode: {},
  general: [],
  checkedRevision: -1,
  setProblems(problems, revision) {
    const byNode: Record<string, Problem[]> = {};
    const general: Problem[] = [];
    for (const problem of problems) {
      if (!problem.nodeId) general.push(problem);
      else (byNode[problem.nodeId] ??= []).push(problem);
    }
    set({ byNode, general, checkedRevision: revision });
  },
}));
