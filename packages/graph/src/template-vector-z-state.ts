// The JSON form of a fitted TemplateVectorZ (per-template means, spreads and tail tables), checked
// with zod when read back, so a live detector can be built from a model file.
// Reference: template-vector-z.ts; tail-table.ts.
import { ConfigError } from '@awad/core';
import { z } from 'zod';
import type { TailTableState } from './tail-table';
import type { TemplateVectorZOptions } from './template-vector-z';

export interface TemplateVectorZState {
  readonly kind: 'awad-template-vector-z';
  readonly version: 1;
  readonly dims: number;
  readonly options: Required<TemplateVectorZOptions>;
  /** Per template: mean and std per column (null = never seen twice), tail tables per selected column. */
  readonly templates: Record<string, { mean: number[]; std: (number | null)[]; tails?: TailTableState[] }>;
}

const schema = z.object({
  kind: z.literal('awad-template-vector-z'),
  version: z.literal(1),
  dims: z.number().int().positive(),
  options: z.object({
    combine: z.enum(['sumsq', 'max', 'sum']),
    pool: z.enum(['none', 'host']),
    causal: z.boolean(),
    select: z.array(z.number().int().nonnegative()),
    sides: z.array(z.enum(['both', 'high', 'low'])),
    calibrate: z.enum(['none', 'tail']),
    robust: z.enum(['none', 'trim']),
  }),
  templates: z.record(z.string(), z.object({ mean: z.array(z.number()), std: z.array(z.number().positive().nullable()), tails: z.array(z.object({ n: z.number().int().nonnegative(), values: z.array(z.number()) })).optional() })),
});

export function readTemplateVectorZState(state: unknown): TemplateVectorZState {
  const parsed = schema.safeParse(state);
  if (!parsed.success) throw new ConfigError('@awad/graph/template-vector-z', 'state', 'an awad-template-vector-z v1 state', parsed.error.issues[0]?.message ?? 'invalid');
  const s = parsed.data as TemplateVectorZState;
  const bad = Object.entries(s.templates).find(([, v]) => v.mean.length !== s.dims || v.std.length !== s.dims);
  if (bad) throw new ConfigError('@awad/graph/template-vector-z', `state.templates.${bad[0]}`, `mean and std of ${s.dims} values`, `${bad[1].mean.length} and ${bad[1].std.length}`);
  return s;
}
