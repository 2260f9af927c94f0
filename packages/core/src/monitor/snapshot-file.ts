// Writing a monitor snapshot to a file and reading it back, for restarts.
import { readFile, rename, writeFile } from 'node:fs/promises';
import { SnapshotError } from '../errors/snapshot-error';
import type { Monitor } from './monitor';
import type { MonitorSnapshot } from './monitor-snapshot';

/** Writes atomically (temp file, then rename), so a crash never leaves half a snapshot. */
export async function saveSnapshot(monitor: Monitor, path: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(monitor.snapshot()));
  await rename(temp, path);
}

/** Reads a snapshot file and restores it into `monitor`. @throws SnapshotError */
export async function loadSnapshot(monitor: Monitor, path: string): Promise<void> {
  const text = await readFile(path, 'utf8');
  let parsed: MonitorSnapshot;
  try {
    parsed = JSON.parse(text) as MonitorSnapshot;
  } catch (error) {
    throw new SnapshotError('@awad/core/snapshot-file', `JSON in ${path}`, error instanceof Error ? error.message : String(error));
  }
  monitor.restore(parsed);
}
