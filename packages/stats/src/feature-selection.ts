// Which features of a point a per-feature detector tracks, and the slot each one has.
// Reference: prefix patterns over AWAD feature names (`metrics.*`), ARCHITECTURE.md section 1.

/**
 * An ordered list of tracked feature names. Layouts are interned per selection (a small trie),
 * so the clones of a stage that see the same features share one names array instead of each
 * holding its own: on 10^5 series that is most of the per-series overhead a names array costs.
 */
export interface Layout {
  readonly names: readonly string[];
  /** @internal Interned children by the next feature name. */
  next: Map<string, Layout> | undefined;
}

/** Patterns compiled once per stage and shared by all its clones (decisions cached per name). */
export class FeatureSelection {
  readonly patterns: readonly string[];
  readonly maxFeatures: number;
  readonly root: Layout = { names: [], next: undefined };
  private readonly all: boolean;
  private readonly exact: ReadonlySet<string>;
  private readonly prefixes: readonly string[];
  private readonly decisions = new Map<string, boolean>();
  private interned = 0;

  constructor(patterns: readonly string[], maxFeatures: number) {
    this.patterns = patterns;
    this.maxFeatures = maxFeatures;
    this.all = patterns.includes('*');
    this.exact = new Set(patterns.filter((p) => !p.endsWith('*')));
    this.prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  }

  /** True when `name` is selected. Not on the scoring path: only untracked names reach it. */
  matches(name: string): boolean {
    if (this.all) return true;
    const known = this.decisions.get(name);
    if (known !== undefined) return known;
    let yes = this.exact.has(name);
    for (let i = 0; !yes && i < this.prefixes.length; i++) yes = name.startsWith(this.prefixes[i]!);
    // Metric names are user data: bound the cache rather than let it grow with them.
    if (this.decisions.size >= MAX_DECISIONS) this.decisions.clear();
    this.decisions.set(name, yes);
    return yes;
  }

  /** The layout with `name` appended (shared when the same sequence was seen before). */
  extend(layout: Layout, name: string): Layout {
    const known = layout.next?.get(name);
    if (known !== undefined) return known;
    const child: Layout = { names: Object.freeze([...layout.names, name]), next: undefined };
    if (this.interned < MAX_LAYOUTS) {
      (layout.next ??= new Map()).set(name, child);
      this.interned += 1;
    }
    return child;
  }

  /** The (interned) layout of a names list, for restore. */
  layoutOf(names: readonly string[]): Layout {
    let layout = this.root;
    for (const name of names) layout = this.extend(layout, name);
    return layout;
  }
}

const MAX_DECISIONS = 4096;
const MAX_LAYOUTS = 1024;

/** Slot of `key` in `names`, or -1. Linear: a series has a handful of features. */
export function slotOf(names: readonly string[], key: string): number {
  for (let i = 0; i < names.length; i++) if (names[i] === key) return i;
  return -1;
}
