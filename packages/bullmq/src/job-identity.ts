// Who a BullMQ job is in AWAD's terms: its queue, id and name, its parent and the root of its
// flow (FlowProducer trees: a child's parent runs after it; the root job is the workflow run).
// Ancestors are read from Redis (job hashes keep `parentKey`) once and cached.
// Reference: BullMQ flows (https://docs.bullmq.io/guide/flows); job hash fields name, parentKey.
import type { Job } from 'bullmq';
import { LRUMap } from 'mnemonist';

/** A job by queue name, id and name. */
export interface JobRef {
  readonly queue: string;
  readonly id: string;
  readonly name: string;
}

export interface JobIdentity extends JobRef {
  /** The key prefix of its queue (BullMQ's `prefix`, default "bull"). */
  readonly prefix: string;
  readonly parent?: JobRef;
  /** The top of its flow; the job itself when it has no parent. */
  readonly root: JobRef;
}

/** The part of an ioredis client the lookups use. */
export interface HashReader {
  hmget(key: string, ...fields: string[]): Promise<(string | null)[]>;
}

/** The part of a Job the identity needs. */
export type JobLike = Pick<Job, 'id' | 'name' | 'queueName' | 'queueQualifiedName' | 'parentKey'>;

/** Splits `${prefix}:${queue}:${id}` given the prefix. */
export function parseJobKey(key: string, prefix: string): { queue: string; id: string } {
  const rest = key.startsWith(`${prefix}:`) ? key.slice(prefix.length + 1) : key;
  const at = rest.indexOf(':');
  return at < 0 ? { queue: '', id: rest } : { queue: rest.slice(0, at), id: rest.slice(at + 1) };
}

export function prefixOf(job: Pick<Job, 'queueName' | 'queueQualifiedName'>): string {
  return job.queueQualifiedName.slice(0, job.queueQualifiedName.length - job.queueName.length - 1);
}

/** Resolves identities, caching the ancestors of each job key (a flow's shape never changes). */
export class IdentityResolver {
  private readonly roots = new LRUMap<string, { parent: JobRef; root: JobRef }>(10_000);

  async identify(job: JobLike, client: () => Promise<HashReader>): Promise<JobIdentity> {
    const prefix = prefixOf(job);
    const self: JobRef = { queue: job.queueName, id: String(job.id), name: job.name };
    if (!job.parentKey) return { ...self, prefix, root: self };
    const known = this.roots.get(job.parentKey);
    if (known) return { ...self, prefix, ...known };
    const redis = await client();
    const chain: JobRef[] = [];
    let key: string | null = job.parentKey;
    let cachedTop: JobRef | undefined;
    while (key && chain.length < 64) {
      const hit = this.roots.get(key);
      if (hit) {
        cachedTop = hit.root;
        chain.push(hit.parent);
        break;
      }
      const [name, next] = await redis.hmget(key, 'name', 'parentKey');
      const { queue, id } = parseJobKey(key, prefix);
      // A removed ancestor leaves no name: it is named after its queue.
      chain.push({ queue, id, name: name ?? queue });
      key = next ?? null;
    }
    const root = cachedTop ?? (chain[chain.length - 1] as JobRef);
    const parent = chain[0] as JobRef;
    this.roots.set(job.parentKey, { parent, root });
    return { ...self, prefix, parent, root };
  }
}
