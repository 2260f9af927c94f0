// Reading and checking the sidecar's JSON config file, and merging CLI flags over it.
import { readFileSync } from 'node:fs';
import { ConfigError, validationErrorFromZod } from '@awad/core';
import { serverConfigSchema, type ServerConfig } from './server-config';

const MODULE = '@awad/server/config';

/** Checks a config object. @throws ConfigError naming the first bad option, what was expected and what came. */
export function parseServerConfig(input: unknown, source = 'the config'): ServerConfig {
  const parsed = serverConfigSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const first = validationErrorFromZod(MODULE, parsed.error, input, source);
  let value: unknown = input;
  for (const key of parsed.error.issues[0]?.path ?? []) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  throw new ConfigError(`${MODULE} (${source})`, first.path === '' ? 'config' : first.path, first.expected, value);
}

/** Reads a JSON config file. @throws ConfigError when it cannot be read, is not JSON, or has a bad option. */
export function loadServerConfig(path: string): ServerConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(MODULE, 'config', `a readable JSON file (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, path);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(MODULE, 'config', `valid JSON (${(error as Error).message})`, path);
  }
  return parseServerConfig(json, path);
}

/** Flags win over the file; nested objects (wal, monitor, prefect) are merged key by key. */
export function mergeServerConfig(file: ServerConfig, flags: ServerConfig): ServerConfig {
  const merged: Record<string, unknown> = { ...file };
  for (const [key, value] of Object.entries(flags)) {
    if (value === undefined) continue;
    const base = merged[key];
    merged[key] = typeof value === 'object' && value !== null && typeof base === 'object' && base !== null ? { ...base, ...value } : value;
  }
  return parseServerConfig(merged, 'the merged config');
}
