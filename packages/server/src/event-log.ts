// EventLog: the sidecar's write-ahead log, an append-only JSONL file. Every accepted event,
// feedback and state-changing tick is appended in the order the monitor saw it, and a request is
// acknowledged only once its record is written (and fsynced, under `fsync: always`), so on a
// restart replaying the log rebuilds the same monitor: same verdicts, same ids, same counts.
// Writes are group-committed: records appended while one write is in flight go out together.
// Reference: the classic WAL / Redis AOF design (appendfsync always | everysec | no).
import { createReadStream } from 'node:fs';
import { open, stat, truncate, type FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AwadError } from '@awad/core';

export type FsyncPolicy = 'always' | 'interval' | 'never';

export interface EventLogOptions {
  readonly fsync?: FsyncPolicy;
  readonly fsyncIntervalMs?: number;
}

/** What replaying a log found. */
export interface ReplayResult {
  readonly records: number;
  /** Lines that were not JSON (a torn last write is cut off the file; others are skipped). */
  readonly skipped: number;
  /** Bytes cut off the end: a last record that was only partly written when the process died. */
  readonly truncatedBytes: number;
}

interface Waiter {
  readonly seq: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

const MODULE = '@awad/server/event-log';

export class EventLog {
  readonly path: string;
  readonly fsync: FsyncPolicy;
  private readonly handle: FileHandle;
  private pending: string[] = [];
  private appended = 0;
  private written = 0;
  private writing = false;
  private waiters: Waiter[] = [];
  private failed: Error | undefined;
  private timer: NodeJS.Timeout | undefined;
  private dirty = false;
  private closed = false;
  /** Counters for metrics. */
  bytes = 0;
  records = 0;
  syncs = 0;

  private constructor(path: string, handle: FileHandle, size: number, options: EventLogOptions) {
    this.path = path;
    this.handle = handle;
    this.bytes = size;
    this.fsync = options.fsync ?? 'always';
    if (this.fsync === 'interval') {
      this.timer = setInterval(() => void this.syncNow(), options.fsyncIntervalMs ?? 1000);
      this.timer.unref();
    }
  }

  /**
   * Opens (or creates) the log at `path`, first replaying every record in it through `apply`,
   * in order. A torn last line (the process died mid-write; it was never acknowledged) is cut off.
   */
  static async open(path: string, apply: (record: unknown) => void, options: EventLogOptions = {}): Promise<{ log: EventLog; replay: ReplayResult }> {
    const replay = await replayFile(path, apply);
    const handle = await open(path, 'a');
    const size = (await handle.stat()).size;
    return { log: new EventLog(path, handle, size, options), replay };
  }

  /** Appends one record (synchronously buffered; call `durable()` before acknowledging it). */
  append(record: unknown): void {
    if (this.closed) throw new AwadError('INVALID_INPUT', `${MODULE}: the log ${this.path} is closed`);
    this.pending.push(`${JSON.stringify(record)}\n`);
    this.appended += 1;
    if (!this.writing) {
      this.writing = true;
      setImmediate(() => void this.flushLoop());
    }
  }

  /** Resolves once every record appended so far is written (and fsynced under `fsync: always`). */
  durable(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.written >= this.appended) return Promise.resolve();
    const seq = this.appended;
    return new Promise((resolve, reject) => this.waiters.push({ seq, resolve, reject }));
  }

  /** Writes what is pending, fsyncs, and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    while (this.writing) await new Promise((r) => setImmediate(r));
    if (this.pending.length > 0) await this.flushLoop();
    if (this.dirty && !this.failed) await this.handle.datasync().catch(() => undefined);
    await this.handle.close();
  }

  private async flushLoop(): Promise<void> {
    this.writing = true;
    try {
      while (this.pending.length > 0 && !this.failed) {
        const batch = this.pending.join('');
        const upTo = this.appended;
        const count = this.pending.length;
        this.pending = [];
        try {
          await this.handle.write(batch);
          this.bytes += Buffer.byteLength(batch);
          this.records += count;
          if (this.fsync === 'always') {
            await this.handle.datasync();
            this.syncs += 1;
          } else this.dirty = true;
        } catch (error) {
          this.failed = new AwadError('INVALID_INPUT', `${MODULE}: writing ${this.path} failed: ${(error as Error).message}`, { cause: error });
          for (const w of this.waiters) w.reject(this.failed);
          this.waiters = [];
          return;
        }
        this.written = upTo;
        const ready = this.waiters.filter((w) => w.seq <= upTo);
        this.waiters = this.waiters.filter((w) => w.seq > upTo);
        for (const w of ready) w.resolve();
      }
    } finally {
      this.writing = false;
    }
  }

  private async syncNow(): Promise<void> {
    if (!this.dirty || this.closed) return;
    this.dirty = false;
    try {
      await this.handle.datasync();
      this.syncs += 1;
    } catch {
      this.dirty = true;
    }
  }
}

/**
 * Cuts a torn tail off the file (bytes after the last newline: a write the process died in, never
 * acknowledged), then applies each record in order; a line that is not JSON is skipped and counted.
 */
async function replayFile(path: string, apply: (record: unknown) => void): Promise<ReplayResult> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: 0, skipped: 0, truncatedBytes: 0 };
    throw error;
  }
  const keep = await endOfLastLine(path, size);
  if (keep < size) await truncate(path, keep);
  let records = 0;
  let skipped = 0;
  if (keep > 0) {
    const lines = createInterface({ input: createReadStream(path, { end: keep - 1 }), crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.length === 0) continue;
      let record: unknown;
      try {
        record = JSON.parse(line);
      } catch {
        skipped += 1;
        continue;
      }
      apply(record);
      records += 1;
    }
  }
  return { records, skipped, truncatedBytes: size - keep };
}

/** Offset just past the file's last newline (0 when it has none). */
async function endOfLastLine(path: string, size: number): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await handle.read(chunk, 0, end - start, start);
      const at = chunk.subarray(0, bytesRead).lastIndexOf(0x0a);
      if (at >= 0) return start + at + 1;
      end = start;
    }
    return 0;
  } finally {
    await handle.close();
  }
}
