// Test helpers: task-run events and a server on a free port.
import type { TaskStateChange } from '@awad/core';
import { createServer, type AwadServer, type ServerOptions } from '../src/index';

const T0 = Date.UTC(2026, 10, 2, 8, 0, 0);

/** The three events of one task run: QUEUED, RUNNING (after 1 s), SUCCEEDED after `seconds`. */
export function taskRun(run: string, startS: number, seconds: number, opts: { task?: string; workflow?: string } = {}): TaskStateChange[] {
  const task = opts.task ?? 'extract';
  const workflow = opts.workflow ?? 'etl';
  const base = { specVersion: '1' as const, source: { system: 'test' }, task: { key: task, runId: `${run}/${task}`, attempt: 1 }, workflow: { key: workflow, runId: run } };
  const at = (s: number) => new Date(T0 + s * 1000).toISOString();
  return [
    { ...base, eventId: `${run}/${task}:q`, occurredAt: at(startS), state: 'QUEUED' },
    { ...base, eventId: `${run}/${task}:r`, occurredAt: at(startS + 1), state: 'RUNNING' },
    { ...base, eventId: `${run}/${task}:s`, occurredAt: at(startS + 1 + seconds), state: 'SUCCEEDED' },
  ];
}

/** `runs` normal runs of ~60 s, one per hour, for a warm baseline. */
export function warmRuns(runs: number, opts: { task?: string; workflow?: string } = {}): TaskStateChange[] {
  const out: TaskStateChange[] = [];
  for (let r = 0; r < runs; r++) out.push(...taskRun(`warm-${r}`, r * 3600, 55 + (r % 11), opts));
  return out;
}

export interface Running {
  server: AwadServer;
  url: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<{ status: number; json: any }>;
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; json: any; text: string }>;
}

export async function start(options: ServerOptions = {}): Promise<Running> {
  const server = await createServer({ port: 0, tickIntervalMs: 0, logLevel: 'silent', defaultMetrics: false, ...options });
  const url = await server.listen();
  const auth: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};
  return {
    server,
    url,
    async post(path, body, headers = {}) {
      const r = await fetch(url + path, { method: 'POST', headers: { 'content-type': 'application/json', ...auth, ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });
      const text = await r.text();
      return { status: r.status, json: text ? JSON.parse(text) : undefined };
    },
    async get(path, headers = {}) {
      const r = await fetch(url + path, { headers: { ...auth, ...headers } });
      const text = await r.text();
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
      return { status: r.status, json, text };
    },
  };
}
