// Task templates: a task id with its instance ids stripped (get_sm_ID0000020 -> get_sm,
// stage_out_local_condorpool_0_1 -> stage_out_local_condorpool), hashed into a fixed number of
// one-hot buckets. Reference: METHODS.md 3.2 (template one-hot, 32 buckets).

const INSTANCE_SUFFIX = /(?:_ID\d+|(?:_\d+)+)$/;

export function templateOf(taskId: string): string {
  let t = taskId;
  for (let i = 0; i < 3 && INSTANCE_SUFFIX.test(t); i++) t = t.replace(INSTANCE_SUFFIX, '');
  return t.length > 0 ? t : taskId;
}

/** FNV-1a 32-bit hash of a template into `buckets` buckets. */
export function templateBucket(template: string, buckets: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < template.length; i++) {
    h ^= template.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % buckets;
}
