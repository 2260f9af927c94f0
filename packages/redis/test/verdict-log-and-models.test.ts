// The verdict stream and the model registry against the real Redis.
import { ConfigError, createMonitor } from '@awad/core';
import { defaultStages } from '@awad/stats';
import { describe, expect, it } from 'vitest';
import { ModelRegistry, StoreError, VerdictLog, logVerdicts } from '../src/index';
import { redisForTests, simulatedEvents } from './helpers';

const { redis, prefix } = redisForTests();

describe('VerdictLog', () => {
  it('keeps an in-process monitor\'s verdicts in order, capped near maxLen', async () => {
    const log = new VerdictLog({ redis, prefix: prefix('log'), maxLen: 100 });
    const monitor = createMonitor({ stages: defaultStages() });
    const stop = logVerdicts(monitor, log);
    const events = simulatedEvents(2).slice(0, 300);
    const verdicts = events.map((e) => monitor.observe(e));
    stop();
    monitor.observe(simulatedEvents(2)[300]);
    await redis.ping(); // appends were sent before this, on the same connection
    const length = await log.length();
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThan(300);
    const latest = await log.latest(3);
    expect(latest.map((e) => e.verdict.id)).toEqual(verdicts.slice(-3).reverse().map((v) => v.id));
    const after = await log.read(latest[1]?.id as string);
    expect(after.map((e) => e.verdict.id)).toEqual([verdicts.at(-1)?.id]);
    expect((await log.range({ count: 2 })).length).toBe(2);
    expect(() => new VerdictLog({ redis, maxLen: 0 })).toThrow(ConfigError);
  });
});

describe('ModelRegistry', () => {
  it('keeps weights by version with a latest pointer; versions are immutable', async () => {
    const models = new ModelRegistry({ redis, prefix: prefix('models') });
    expect(await models.getModel('vae')).toBeUndefined();
    const v1 = new Float32Array([1.5, -2, 3.25]);
    await models.putModel('vae', '1', new Uint8Array(v1.buffer));
    await models.putModel('vae', '2', Buffer.from([0, 255, 7]));
    expect((await models.getModel('vae'))?.version).toBe('2');
    const one = await models.getModel('vae', '1');
    expect(Array.from(new Float32Array(one?.bytes.buffer.slice(one.bytes.byteOffset, one.bytes.byteOffset + one.bytes.byteLength) as ArrayBuffer))).toEqual([1.5, -2, 3.25]);
    await expect(models.putModel('vae', '1', Buffer.from([1]))).rejects.toMatchObject({ reason: 'version-exists' });
    await models.putModel('vae', '3', Buffer.from([3]), { latest: false });
    expect(await models.latestVersion('vae')).toBe('2');
    expect(await models.listVersions('vae')).toEqual(['1', '2', '3']);
    await models.setLatest('vae', '3');
    await expect(models.deleteModel('vae', '3')).rejects.toBeInstanceOf(StoreError);
    await models.deleteModel('vae', '1');
    expect(await models.getModel('vae', '1')).toBeUndefined();
    await expect(models.putModel('', '1', Buffer.from([1]))).rejects.toBeInstanceOf(ConfigError);
  });
});
