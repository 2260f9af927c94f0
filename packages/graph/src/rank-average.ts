// Combining detectors whose scores live on different scales: each score list is turned into
// average ranks in [0, 1] (ties share their mean rank) and the ranks are averaged.
// Reference: issue 3 (combining the SSL score with the z baseline); rank fusion as in METHODS.md 1.3.
import { ConfigError } from '@awad/core';

function ranks01(scores: ArrayLike<number>): Float64Array {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (scores[a] as number) - (scores[b] as number));
  const out = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[order[j + 1] as number] === scores[order[i] as number]) j++;
    const r = n > 1 ? (i + j) / 2 / (n - 1) : 0.5;
    for (let k = i; k <= j; k++) out[order[k] as number] = r;
    i = j + 1;
  }
  return out;
}

/** Mean of the [0, 1] ranks of each score list (all of the same length), optionally weighted. */
export function rankAverage(lists: readonly ArrayLike<number>[], weights?: readonly number[]): Float64Array {
  if (lists.length === 0) throw new ConfigError('@awad/graph/rank-average', 'lists', 'at least one score list', lists.length);
  const n = (lists[0] as ArrayLike<number>).length;
  if (lists.some((l) => l.length !== n)) throw new ConfigError('@awad/graph/rank-average', 'lists', `lists of equal length ${n}`, lists.map((l) => l.length));
  const w = weights ?? lists.map(() => 1);
  const total = w.reduce((a, b) => a + b, 0);
  const out = new Float64Array(n);
  lists.forEach((l, j) => {
    const r = ranks01(l);
    for (let i = 0; i < n; i++) out[i] = (out[i] as number) + ((w[j] as number) * (r[i] as number)) / total;
  });
  return out;
}
