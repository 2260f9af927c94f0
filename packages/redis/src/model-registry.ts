// ModelRegistry: model weights by version in Redis, with a latest pointer, so every worker
// scores with the same model and a new version is picked up without a restart.
// Reference: ARCHITECTURE.md section 5 ("model weights by version").
import { ConfigError } from '@awad/core';
import type { Redis } from 'ioredis';
import { redisKeys, type RedisKeys } from './redis-keys';
import { StoreError, storeFailure } from './store-error';

const MODULE = '@awad/redis/model-registry';

export interface ModelRegistryOptions {
  readonly redis: Redis;
  readonly prefix?: string;
}

export interface StoredModel {
  readonly name: string;
  readonly version: string;
  readonly bytes: Buffer;
  /** When it was saved (epoch ms). */
  readonly savedAt: number;
}

export interface PutModelOptions {
  /** Point `latest` at this version (default true). */
  readonly latest?: boolean;
  /** Replace the bytes of a version that exists (default false: versions are immutable). */
  readonly overwrite?: boolean;
}

/** KEYS: model hash, meta hash. ARGV: version, bytes, saved-at, make latest, overwrite. */
const PUT = `
if ARGV[5] ~= '1' and redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('HSET', KEYS[2], 'at:' .. ARGV[1], ARGV[3])
if ARGV[4] == '1' then redis.call('HSET', KEYS[2], 'latest', ARGV[1]) end
return 1`;

export class ModelRegistry {
  readonly layout: RedisKeys;
  private readonly redis: Redis;

  constructor(options: ModelRegistryOptions) {
    if (options?.redis === undefined || typeof options.redis.hget !== 'function') throw new ConfigError(MODULE, 'redis', 'an ioredis client', options?.redis);
    this.redis = options.redis;
    this.layout = redisKeys(options.prefix, MODULE);
    if (typeof (this.redis as Redis & { awadPutModel?: unknown }).awadPutModel !== 'function') this.redis.defineCommand('awadPutModel', { numberOfKeys: 2, lua: PUT });
  }

  /** Saves a model version and (by default) makes it the latest. @throws StoreError (reason version-exists) */
  async putModel(name: string, version: string, bytes: Uint8Array, options: PutModelOptions = {}): Promise<void> {
    checkName(name, 'name');
    checkName(version, 'version');
    if (!(bytes instanceof Uint8Array)) throw new ConfigError(MODULE, 'bytes', 'a Uint8Array or Buffer', bytes);
    const data = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let stored: number;
    try {
      const put = (this.redis as Redis & { awadPutModel: (...args: (string | Buffer | number)[]) => Promise<number> }).awadPutModel;
      stored = await put.call(this.redis, this.layout.model(name), this.layout.modelMeta(name), version, data, Date.now(), options.latest === false ? '0' : '1', options.overwrite === true ? '1' : '0');
    } catch (error) {
      throw storeFailure(MODULE, `save model ${name} version ${version}`, error, this.layout.model(name));
    }
    if (stored !== 1) throw new StoreError(MODULE, 'version-exists', `expected version ${JSON.stringify(version)} of model ${JSON.stringify(name)} to be new, got one that exists (versions are immutable; pass overwrite: true to replace it)`, this.layout.model(name));
  }

  /** A model version, or the latest when `version` is left out; undefined when there is none. */
  async getModel(name: string, version?: string): Promise<StoredModel | undefined> {
    checkName(name, 'name');
    if (version !== undefined) checkName(version, 'version');
    try {
      const wanted = version ?? (await this.redis.hget(this.layout.modelMeta(name), 'latest'));
      if (wanted === null) return undefined;
      const [bytes, savedAt] = await Promise.all([this.redis.hgetBuffer(this.layout.model(name), wanted), this.redis.hget(this.layout.modelMeta(name), `at:${wanted}`)]);
      return bytes === null ? undefined : { name, version: wanted, bytes, savedAt: Number(savedAt ?? 0) };
    } catch (error) {
      throw storeFailure(MODULE, `read model ${name}`, error, this.layout.model(name));
    }
  }

  /** The version `latest` points at. */
  async latestVersion(name: string): Promise<string | undefined> {
    checkName(name, 'name');
    return (await this.redis.hget(this.layout.modelMeta(name), 'latest')) ?? undefined;
  }

  /** Points `latest` at a version that exists. */
  async setLatest(name: string, version: string): Promise<void> {
    checkName(name, 'name');
    checkName(version, 'version');
    if ((await this.redis.hexists(this.layout.model(name), version)) !== 1) {
      throw new StoreError(MODULE, 'redis', `expected version ${JSON.stringify(version)} of model ${JSON.stringify(name)} to exist, got none`, this.layout.model(name));
    }
    await this.redis.hset(this.layout.modelMeta(name), 'latest', version);
  }

  /** Saved versions, oldest first. */
  async listVersions(name: string): Promise<string[]> {
    checkName(name, 'name');
    const meta = await this.redis.hgetall(this.layout.modelMeta(name));
    return Object.entries(meta)
      .filter(([field]) => field.startsWith('at:'))
      .sort((a, b) => Number(a[1]) - Number(b[1]) || a[0].localeCompare(b[0]))
      .map(([field]) => field.slice(3));
  }

  /** Deletes one version (not the latest one), or the whole model when `version` is left out. */
  async deleteModel(name: string, version?: string): Promise<void> {
    checkName(name, 'name');
    if (version === undefined) {
      await this.redis.del(this.layout.model(name), this.layout.modelMeta(name));
      return;
    }
    if ((await this.latestVersion(name)) === version) {
      throw new StoreError(MODULE, 'redis', `expected a version other than the latest (${version}) to delete; point latest elsewhere first`, this.layout.model(name));
    }
    await this.redis.multi().hdel(this.layout.model(name), version).hdel(this.layout.modelMeta(name), `at:${version}`).exec();
  }
}

function checkName(value: unknown, what: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new ConfigError(MODULE, what, 'a non-empty string', value);
}
