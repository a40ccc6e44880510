/** Whether clients written against the old contract keep working against the new one. */
export type ChangeKind = 'breaking' | 'non-breaking';

/** The semantic version step a change calls for. */
export type VersionBump = 'major' | 'minor' | 'patch';

/** One difference between two contracts, located and explained. */
export interface ContractChange {
  kind: ChangeKind;
  bump: VersionBump;
  /** A stable name of the kind of change, such as `request-field-removed`. */
  code: string;
  /** Where: the operation and the place in it, such as `POST /run request.topic`. */
  path: string;
  message: string;
}

/** Collects changes as a diff walks two documents. */
export class ChangeList {
  readonly items: ContractChange[] = [];

  breaking(code: string, path: string, message: string): void {
    this.items.push({ kind: 'breaking', bump: 'major', code, path, message });
  }

  addition(code: string, path: string, message: string): void {
    this.items.push({ kind: 'non-breaking', bump: 'minor', code, path, message });
  }

  /** Documentation only: descriptions, summaries, examples. */
  wording(code: string, path: string, message: string): void {
    this.items.push({ kind: 'non-breaking', bump: 'patch', code, path, message });
  }
}
