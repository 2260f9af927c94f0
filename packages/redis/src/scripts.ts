// The two Lua scripts behind every state change: load (versions, and the data only where the
// caller's copy is older) and commit (check every version the caller read, then write, append
// the verdicts to the stream, remember the event, all at once). Optimistic concurrency without
// WATCH, so one connection carries many concurrent observes.
// Reference: Redis EVAL semantics, scripts run atomically (https://redis.io/docs/latest/develop/interact/programmability/eval-intro/).
import type { ChainableCommander, Redis } from 'ioredis';

/** KEYS: state hashes. ARGV: the caller's version of each ('' = none). Per key: version (0 = absent), data or nil. */
const LOAD = `
local out = {}
for i, key in ipairs(KEYS) do
  local v = redis.call('HGET', key, 'v')
  if not v then
    out[2 * i - 1] = 0
    out[2 * i] = false
  elseif v == ARGV[i] then
    out[2 * i - 1] = tonumber(v)
    out[2 * i] = false
  else
    out[2 * i - 1] = tonumber(v)
    out[2 * i] = redis.call('HGET', key, 'd')
  end
end
return out`;

/**
 * KEYS: 1 verdict stream, 2 event key, 3 open-runs set, 4.. state hashes.
 * ARGV: 1 state count n, 2 stream MAXLEN (0: no stream), 3 event value ('' = none), 4 event TTL s,
 * 5 open-run flag ('' | '1' | '0'), 6 run id, 7 verdict count m, 8..7+m verdicts, then per
 * state: expected version, data ('' = read only), TTL s (0 = none).
 * Returns {1, version...} on success, {0, i} when state i changed since it was read, {-1} when
 * the event was judged already.
 */
const COMMIT = `
local n = tonumber(ARGV[1])
local m = tonumber(ARGV[7])
if ARGV[3] ~= '' and redis.call('EXISTS', KEYS[2]) == 1 then return {-1} end
local base = 7 + m
for i = 1, n do
  local v = redis.call('HGET', KEYS[3 + i], 'v') or '0'
  if v ~= ARGV[base + (i - 1) * 3 + 1] then return {0, i} end
end
local out = {1}
for i = 1, n do
  local a = base + (i - 1) * 3
  if ARGV[a + 2] ~= '' then
    local key = KEYS[3 + i]
    out[i + 1] = redis.call('HINCRBY', key, 'v', 1)
    redis.call('HSET', key, 'd', ARGV[a + 2])
    local ttl = tonumber(ARGV[a + 3])
    if ttl > 0 then redis.call('EXPIRE', key, ttl) else redis.call('PERSIST', key) end
  else
    out[i + 1] = tonumber(ARGV[a + 1])
  end
end
if tonumber(ARGV[2]) > 0 then
  for j = 1, m do
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'verdict', ARGV[7 + j])
  end
end
if ARGV[3] ~= '' then redis.call('SET', KEYS[2], ARGV[3], 'EX', ARGV[4]) end
if ARGV[5] == '1' then
  redis.call('SADD', KEYS[3], ARGV[6])
elseif ARGV[5] == '0' then
  redis.call('SREM', KEYS[3], ARGV[6])
end
return out`;

type ScriptCall = (numKeys: number, ...args: (string | number)[]) => Promise<unknown>;
interface WithScripts {
  awadLoad: ScriptCall;
  awadCommit: ScriptCall;
}

/** Defines the scripts on a client (once); ioredis then runs them by SHA, loading them on demand. */
export function defineScripts(redis: Redis): void {
  const client = redis as Redis & Partial<WithScripts>;
  if (typeof client.awadLoad === 'function') return;
  redis.defineCommand('awadLoad', { lua: LOAD });
  redis.defineCommand('awadCommit', { lua: COMMIT });
}

/** One state as Redis holds it. */
export interface LoadedState {
  /** 0 when the key does not exist. */
  readonly version: number;
  /** The JSON state, or null when absent or when the caller's copy is that version already. */
  readonly data: string | null;
}

/** Queues a load on a pipeline (or runs it on the client). `known`: the version the caller holds, if any. */
export function queueLoad(target: Redis | ChainableCommander, keys: readonly string[], known: readonly (number | undefined)[]): Promise<unknown> | ChainableCommander {
  const args = [...keys, ...known.map((v) => (v === undefined ? '' : String(v)))];
  return (target as unknown as WithScripts).awadLoad(keys.length, ...args);
}

export function parseLoad(reply: unknown, count: number): LoadedState[] {
  const flat = reply as (number | string | null)[];
  const out: LoadedState[] = [];
  for (let i = 0; i < count; i++) out.push({ version: Number(flat[2 * i] ?? 0), data: (flat[2 * i + 1] as string | null | undefined) ?? null });
  return out;
}

export interface StateWrite {
  readonly key: string;
  /** The version read; the write happens only if Redis still holds it (0 = absent). */
  readonly expected: number;
  /** New JSON state; undefined = only check that it did not change. */
  readonly data?: string | undefined;
  readonly ttlSeconds?: number;
}

export interface CommitInput {
  readonly streamKey: string;
  readonly streamMaxLen: number;
  readonly openRunsKey: string;
  readonly states: readonly StateWrite[];
  readonly verdicts?: readonly string[];
  /** Remember the event (idempotency): refused with `duplicate` if it is known already. */
  readonly event?: { readonly key: string; readonly value: string; readonly ttlSeconds: number };
  readonly openRun?: { readonly runId: string; readonly open: boolean };
}

export type CommitResult =
  | { readonly ok: true; readonly versions: readonly number[] }
  | { readonly ok: false; readonly conflict: string }
  | { readonly ok: false; readonly duplicate: true };

export async function commit(redis: Redis, input: CommitInput): Promise<CommitResult> {
  const verdicts = input.verdicts ?? [];
  const keys = [input.streamKey, input.event?.key ?? input.streamKey, input.openRunsKey, ...input.states.map((s) => s.key)];
  const args: (string | number)[] = [
    input.states.length,
    input.streamMaxLen,
    input.event?.value ?? '',
    input.event?.ttlSeconds ?? 0,
    input.openRun === undefined ? '' : input.openRun.open ? '1' : '0',
    input.openRun?.runId ?? '',
    verdicts.length,
    ...verdicts,
  ];
  for (const s of input.states) args.push(String(s.expected), s.data ?? '', s.ttlSeconds ?? 0);
  const reply = (await (redis as unknown as WithScripts).awadCommit(keys.length, ...keys, ...args)) as number[];
  if (reply[0] === 1) return { ok: true, versions: reply.slice(1).map(Number) };
  if (reply[0] === -1) return { ok: false, duplicate: true };
  return { ok: false, conflict: input.states[(reply[1] as number) - 1]?.key ?? '?' };
}
