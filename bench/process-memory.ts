import { readdirSync, readFileSync } from 'node:fs';

function childrenByParent(): Map<number, number[]> {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/**
 * Proportional (default) or resident set size of a process and all its descendants, in MiB (Linux
 * /proc). PSS shares pages out between processes; RSS counts a shared page in every process.
 */
export function treeMemoryMiB(rootPid: number, field: 'Pss' | 'Rss' = 'Pss'): number {
  const children = childrenByParent();
  let kib = 0;
  const pending = [rootPid];
  while (pending.length > 0) {
    const pid = pending.pop() as number;
    try {
      const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
      kib += Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? 0);
    } catch {
      // gone
    }
    pending.push(...(children.get(pid) ?? []));
  }
  return kib / 1024;
}
