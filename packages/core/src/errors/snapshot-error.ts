// SnapshotError: a snapshot given to restore() is not one this version can read.
import { AwadError } from './awad-error';

/** Thrown by `restore()` when a snapshot is malformed or of another kind/version. */
export class SnapshotError extends AwadError {
  override readonly name = 'SnapshotError' as const;

  constructor(module: string, expected: string, received: string) {
    super('INVALID_SNAPSHOT', `${module}: expected ${expected}, got ${received}`);
  }
}
