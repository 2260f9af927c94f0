// Where the shared development datasets live: ../shared/datasets beside the repository,
// or AWAD_DATASETS.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const DATASETS = process.env.AWAD_DATASETS ?? resolve(import.meta.dirname, '..', '..', 'shared', 'datasets');

export function dataset(...parts: string[]): string {
  const path = join(DATASETS, ...parts);
  if (!existsSync(path)) throw new Error(`test data not found: ${path} (set AWAD_DATASETS to the shared datasets folder)`);
  return path;
}
