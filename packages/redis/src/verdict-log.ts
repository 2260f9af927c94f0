// VerdictLog: the verdict stream in Redis (XADD with MAXLEN ~), read back by range, latest
// first, or tailed. RedisMonitor appends to it in the same script that commits the state;
// `logVerdicts` appends a write-behind monitor's verdicts.
// Reference: Redis Streams (https://redis.io/docs/latest/develop/data-types/streams/).
import { ConfigError, type Monitor, type Verdict } from '@awad/core';
import type { Redis } from 'ioredis';
import { redisKeys, type RedisKeys } from './redis-keys';
import { storeFailure, type StoreError } from './store-error';

const MODULE = '@awad/redis/verdict-log';

export interface VerdictLogOptions {
  readonly redis: Redis;
  readonly prefix?: string;
  /** Approximate cap on the stream length (default 100,000). */
  readonly maxLen?: number;
}

/** One verdict as the stream holds it: the entry id (`<ms>-<seq>`, Redis time) and the verdict. */
export interface LoggedVerdict {
  readonly id: string;
  readonly verdict: Verdict;
}

export class VerdictLog {
  readonly layout: RedisKeys;
  readonly maxLen: number;
  private readonly redis: Redis;

  constructor(options: VerdictLogOptions) {
    if (options?.redis === undefined || typeof options.redis.xadd !== 'function') throw new ConfigError(MODULE, 'redis', 'an ioredis client', options?.redis);
    const maxLen = options.maxLen ?? 100_000;
    if (!Number.isInteger(maxLen) || maxLen < 1) throw new ConfigError(MODULE, 'maxLen', 'a positive integer', maxLen);
    this.redis = options.redis;
    this.layout = redisKeys(options.prefix, MODULE);
    this.maxLen = maxLen;
  }

  /** Appends a verdict; resolves to its entry id. */
  async append(verdict: Verdict): Promise<string> {
    try {
      return (await this.redis.xadd(this.layout.verdicts, 'MAXLEN', '~', this.maxLen, '*', 'verdict', JSON.stringify(verdict))) as string;
    } catch (error) {
      throw storeFailure(MODULE, 'append a verdict', error, this.layout.verdicts);
    }
  }

  /** Verdicts from `start` to `end` (entry ids or ms times; default the whole stream), oldest first. */
  async range(options: { readonly start?: string | number; readonly end?: string | number; readonly count?: number } = {}): Promise<LoggedVerdict[]> {
    const start = String(options.start ?? '-');
    const end = String(options.end ?? '+');
    try {
      const entries = options.count === undefined ? await this.redis.xrange(this.layout.verdicts, start, end) : await this.redis.xrange(this.layout.verdicts, start, end, 'COUNT', options.count);
      return entries.map(parseEntry);
    } catch (error) {
      throw storeFailure(MODULE, 'read the verdict stream', error, this.layout.verdicts);
    }
  }

  /** The latest `count` verdicts, newest first. */
  async latest(count = 100): Promise<LoggedVerdict[]> {
    try {
      return (await this.redis.xrevrange(this.layout.verdicts, '+', '-', 'COUNT', count)).map(parseEntry);
    } catch (error) {
      throw storeFailure(MODULE, 'read the verdict stream', error, this.layout.verdicts);
    }
  }

  /**
   * Verdicts appended after entry id `after` (`'$'`: only new ones), waiting up to `blockMs` for
   * one. Use a client of its own: a blocked read holds its connection.
   */
  async read(after: string, options: { readonly count?: number; readonly blockMs?: number } = {}): Promise<LoggedVerdict[]> {
    try {
      const args: (string | number)[] = ['COUNT', options.count ?? 100];
      if (options.blockMs !== undefined) args.push('BLOCK', options.blockMs);
      const reply = (await (this.redis.xread as (...a: (string | number)[]) => Promise<[string, [string, string[]][]][] | null>)(...args, 'STREAMS', this.layout.verdicts, after)) ?? [];
      return (reply[0]?.[1] ?? []).map(parseEntry);
    } catch (error) {
      throw storeFailure(MODULE, 'read the verdict stream', error, this.layout.verdicts);
    }
  }

  async length(): Promise<number> {
    return this.redis.xlen(this.layout.verdicts);
  }
}

function parseEntry([id, fields]: [string, string[]]): LoggedVerdict {
  const at = fields.indexOf('verdict');
  return { id, verdict: JSON.parse(fields[at + 1] as string) as Verdict };
}

/**
 * Appends every verdict of an in-process monitor (e.g. one on a write-behind RedisStore) to the
 * log. Failed appends go to `onError`, never to the caller of `observe`. Returns a function that
 * stops it.
 */
export function logVerdicts(monitor: Pick<Monitor, 'on' | 'off'>, log: VerdictLog, onError?: (error: StoreError) => void): () => void {
  const listener = (verdict: Verdict): void => {
    log.append(verdict).catch((error: StoreError) => onError?.(error));
  };
  monitor.on('verdict', listener);
  return () => {
    monitor.off('verdict', listener);
  };
}
