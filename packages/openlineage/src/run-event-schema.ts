// The part of an OpenLineage RunEvent that AWAD reads, as a zod schema. Facets are open-ended by
// the spec: only the parent facet is checked (it decides the workflow run); the others are read
// defensively and never make an event invalid.
// Reference: OpenLineage spec 2-0-2 (OpenLineage.json#/$defs/RunEvent), ParentRunFacet 1-1-0.
import { z } from 'zod';
import { OPENLINEAGE_EVENT_TYPES } from './event-type';

const id = z.string().min(1);
const jobRef = z.object({ namespace: id, name: id });
const runRef = z.object({ runId: id });

export const parentRunFacetSchema = z.object({
  job: jobRef,
  run: runRef,
  root: z.object({ job: jobRef, run: runRef }).optional(),
});

export const openLineageRunEventSchema = z.object({
  eventType: z.enum(OPENLINEAGE_EVENT_TYPES).optional(),
  eventTime: id,
  producer: z.string().optional(),
  schemaURL: z.string().optional(),
  run: z.object({
    runId: id,
    facets: z.looseObject({ parent: parentRunFacetSchema.optional() }).optional(),
  }),
  job: z.looseObject({ namespace: id, name: id }),
  inputs: z.array(z.unknown()).optional(),
  outputs: z.array(z.unknown()).optional(),
});

export type OpenLineageRunEvent = z.infer<typeof openLineageRunEventSchema>;
