/**
 * A min-heap of (moment, complaint id): what `tick` has to look at next, so a tick
 * costs O(due · log n) instead of a scan of every open complaint. Entries may be
 * stale (the clock was met or moved); `tick` checks each popped complaint against
 * its events and schedules its next moment again.
 *
 * @example
 * const index = dueIndex();
 * index.push(Date.parse('2026-01-05T09:00:00Z'), 'C-1');
 * index.popDue(Date.now()); // ['C-1']
 */
export const dueIndex = () => {
  const at: number[] = [];
  const ids: string[] = [];

  const swap = (i: number, j: number) => {
    const a = at[i] as number;
    at[i] = at[j] as number;
    at[j] = a;
    const s = ids[i] as string;
    ids[i] = ids[j] as string;
    ids[j] = s;
  };
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((at[parent] as number) <= (at[i] as number)) return;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (i: number) => {
    const n = at.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && (at[l] as number) < (at[m] as number)) m = l;
      if (r < n && (at[r] as number) < (at[m] as number)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  const pop = () => {
    const last = at.length - 1;
    swap(0, last);
    at.pop();
    const id = ids.pop() as string;
    down(0);
    return id;
  };

  return {
    get size() {
      return at.length;
    },
    /** The earliest moment in the index, if any. */
    peek(): number | undefined {
      return at[0];
    },
    push(moment: number, id: string) {
      at.push(moment);
      ids.push(id);
      up(at.length - 1);
    },
    /** Remove every entry due at or before `now`; each complaint id once, earliest first. */
    popDue(now: number): string[] {
      const out = new Set<string>();
      while (at.length > 0 && (at[0] as number) <= now) out.add(pop());
      return [...out];
    },
    clear() {
      at.length = 0;
      ids.length = 0;
    },
  };
};

/** What `dueIndex()` returns. */
export type DueIndex = ReturnType<typeof dueIndex>;
