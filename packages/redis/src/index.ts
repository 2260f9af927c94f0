// @awad/redis: AWAD's state in Redis: a write-behind store for one writer per series, a shared
// monitor for many workers, the verdict stream and model weights by version.

export { RedisStore, DEFAULT_REDIS_STORE_OPTIONS, type RedisStoreOptions } from './redis-store';
export { RedisMonitor, createRedisMonitor, type RedisMonitorStats } from './redis-monitor';
export { DEFAULT_REDIS_MONITOR_OPTIONS, type RedisMonitorOptions } from './redis-monitor-options';
export { VerdictLog, logVerdicts, type VerdictLogOptions, type LoggedVerdict } from './verdict-log';
export { ModelRegistry, type ModelRegistryOptions, type StoredModel, type PutModelOptions } from './model-registry';
export { StoreError, type StoreErrorReason } from './store-error';
export { redisKeys, DEFAULT_PREFIX, type RedisKeys } from './redis-keys';
