// The Prefect event envelope, as a zod schema. Resource labels are strings (Prefect's Resource
// model); the payload is open-ended and read defensively.
// Reference: Prefect docs, "Events reference" (event model) and "Task run events".
import { z } from 'zod';

const labels = z.record(z.string(), z.string());

export const prefectResourceSchema = labels.refine((r) => typeof r['prefect.resource.id'] === 'string' && r['prefect.resource.id'].length > 0, {
  message: 'a resource with a `prefect.resource.id` label',
  path: ['prefect.resource.id'],
});

export const prefectEventSchema = z.object({
  id: z.string().min(1),
  occurred: z.string().min(1),
  event: z.string().min(1),
  resource: prefectResourceSchema,
  related: z.array(labels).optional(),
  payload: z.record(z.string(), z.unknown()).optional(),
  follows: z.string().nullable().optional(),
});

export type PrefectEvent = z.infer<typeof prefectEventSchema>;
