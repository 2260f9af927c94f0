// The config file and option checks: clear ConfigErrors, flags over the file.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '@awad/core';
import { createServer, loadServerConfig, mergeServerConfig, parseServerConfig } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'awad-config-'));

describe('server config', () => {
  it('reads a JSON file, and flags override it key by key', () => {
    const path = join(dir, 'awad.json');
    writeFileSync(path, JSON.stringify({ port: 8080, preset: 'all', wal: { path: '/var/lib/awad.wal', fsync: 'interval' }, monitor: { maxSeries: 500 } }));
    const file = loadServerConfig(path);
    expect(mergeServerConfig(file, { port: 9000, wal: { fsync: 'always' } as never })).toEqual({ port: 9000, preset: 'all', wal: { path: '/var/lib/awad.wal', fsync: 'always' }, monitor: { maxSeries: 500 } });
  });

  it('names the bad option, what was expected and what came', async () => {
    const bad = (input: unknown) => () => parseServerConfig(input, 'awad.json');
    expect(bad({ port: 70000 })).toThrow(ConfigError);
    expect(bad({ port: 70000 })).toThrow(/expected `port` to be a number <= 65535, got 70000/);
    expect(bad({ wal: { path: 'x', fsync: 'sometimes' } })).toThrow(/expected `wal.fsync` to be one of "always", "interval", "never", got "sometimes"/);
    expect(bad({ monitor: { maxSeries: 0 } })).toThrow(/`monitor.maxSeries`/);
    expect(bad({ prot: 1 })).toThrow(/no key "prot"/);
    const path = join(dir, 'broken.json');
    writeFileSync(path, '{ port: 1 ');
    expect(() => loadServerConfig(path)).toThrow(expect.objectContaining({ code: 'INVALID_OPTION', message: expect.stringContaining('valid JSON') }));
    expect(() => loadServerConfig(join(dir, 'missing.json'))).toThrow(/ENOENT/);
    await expect(createServer({ maxBatch: -1 })).rejects.toThrow(ConfigError);
  });
});
