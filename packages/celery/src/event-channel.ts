// eventChannelPatterns: the Redis pub/sub channels Celery's events are PUBLISHed on.
// Reference: kombu/transport/redis.py, Channel._get_publish_topic: a fanout exchange is
// PUBLISH on `<global_keyprefix><fanout_prefix><exchange>[/<routing key>]`, where fanout_prefix
// defaults to `/<db>.` (the broker URL's db number: pub/sub ignores SELECT, so kombu puts the db
// in the name) and, with fanout_patterns (the default), the routing key (`task.multi`,
// `task.sent`, `worker.heartbeat`) follows a slash. Celery's event exchange is `celeryev`
// (celery/events/event.py), fanout on Redis.
import { ConfigError } from '@awad/core';

const MODULE = '@awad/celery/event-channel';

export interface EventChannelOptions {
  /** The Celery broker's Redis db number (kombu names the channel after it). Default 0. */
  readonly db?: number;
  /** Celery's `event_exchange`. Default `celeryev`. */
  readonly exchange?: string;
  /** kombu's `global_keyprefix` transport option. Default none. */
  readonly keyPrefix?: string;
  /** kombu's `fanout_prefix` transport option: true (default, `/<db>.`), false (none) or a string. */
  readonly fanoutPrefix?: boolean | string;
}

export const DEFAULT_EVENT_CHANNEL_OPTIONS = { db: 0, exchange: 'celeryev', keyPrefix: '', fanoutPrefix: true } as const;

/** The channel name without routing key, e.g. `/0.celeryev`. */
export function eventChannel(options: EventChannelOptions = {}): string {
  const d = DEFAULT_EVENT_CHANNEL_OPTIONS;
  const db = options.db ?? d.db;
  if (!Number.isInteger(db) || db < 0) throw new ConfigError(MODULE, 'db', 'a non-negative integer', db);
  const exchange = options.exchange ?? d.exchange;
  if (typeof exchange !== 'string' || exchange === '') throw new ConfigError(MODULE, 'exchange', 'a non-empty string', exchange);
  const keyPrefix = options.keyPrefix ?? d.keyPrefix;
  if (typeof keyPrefix !== 'string') throw new ConfigError(MODULE, 'keyPrefix', 'a string', keyPrefix);
  const fanout = options.fanoutPrefix ?? d.fanoutPrefix;
  if (typeof fanout !== 'boolean' && typeof fanout !== 'string') throw new ConfigError(MODULE, 'fanoutPrefix', 'a boolean or a string', fanout);
  const prefix = fanout === true ? `/${db}.` : fanout === false ? '' : fanout;
  return `${keyPrefix}${prefix}${exchange}`;
}

/**
 * The PSUBSCRIBE patterns that receive every event on the exchange: the bare channel (kombu's
 * `fanout_patterns` off) and `<channel>/*` (on, the default). Glob characters are escaped.
 *
 * @example
 * eventChannelPatterns({ db: 3 }); // ['/3.celeryev', '/3.celeryev/*']
 */
export function eventChannelPatterns(options: EventChannelOptions = {}): [string, string] {
  const channel = escapeGlob(eventChannel(options));
  return [channel, `${channel}/*`];
}

function escapeGlob(value: string): string {
  return value.replace(/[\\*?[\]]/g, (c) => `\\${c}`);
}
