const LONGEST_SUGGESTIBLE_NAME = 64;

// Older interfaces whose successors are what 64-bit generic arches (aarch64, riscv64) provide.
const SUCCESSORS: ReadonlyMap<string, readonly string[]> = new Map([
  ['access', ['faccessat', 'faccessat2']],
  ['alarm', ['setitimer']],
  ['chmod', ['fchmodat']],
  ['chown', ['fchownat']],
  ['creat', ['openat']],
  ['dup2', ['dup3']],
  ['epoll_create', ['epoll_create1']],
  ['epoll_wait', ['epoll_pwait']],
  ['eventfd', ['eventfd2']],
  ['fork', ['clone']],
  ['futimesat', ['utimensat']],
  ['getdents', ['getdents64']],
  ['getpgrp', ['getpgid']],
  ['inotify_init', ['inotify_init1']],
  ['lchown', ['fchownat']],
  ['link', ['linkat']],
  ['lstat', ['newfstatat', 'fstatat64', 'statx']],
  ['mkdir', ['mkdirat']],
  ['mknod', ['mknodat']],
  ['open', ['openat']],
  ['pause', ['ppoll']],
  ['pipe', ['pipe2']],
  ['poll', ['ppoll']],
  ['readlink', ['readlinkat']],
  ['rename', ['renameat', 'renameat2']],
  ['rmdir', ['unlinkat']],
  ['select', ['pselect6']],
  ['signalfd', ['signalfd4']],
  ['stat', ['newfstatat', 'fstatat64', 'statx']],
  ['symlink', ['symlinkat']],
  ['time', ['clock_gettime']],
  ['unlink', ['unlinkat']],
  ['utime', ['utimensat']],
  ['utimes', ['utimensat']],
  ['vfork', ['clone']],
]);

// Spellings that point at a syscall without being its name: SYS_read, __NR_read, sys_read, kernel `new*` names.
function baseSpellings(name: string): string[] {
  const base = name.trim().toLowerCase().replace(/^(__nr_|sys_|compat_sys_|__x64_sys_|__ia32_sys_|__arm64_sys_)/, '');
  return base.startsWith('new') ? [base, base.slice(3)] : [base];
}

// Candidates from the most to the least likely intent: exact spelling, a widened or *at form,
// the successor interface, then a dropped width suffix (fstat64 on a 64-bit arch).
function candidateStages(bases: readonly string[]): string[][] {
  return [
    [...bases],
    bases.flatMap((base) => [`${base}64`, `${base}2`, `${base}at`]),
    bases.flatMap((base) => SUCCESSORS.get(base) ?? []),
    bases.map((base) => base.replace(/(64|32|2)$/, '')),
  ];
}

// Optimal string alignment distance: Levenshtein plus swapping two neighbouring letters.
function editDistance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i++) {
    const row = rows[i] as number[];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, at(i - 2, j - 2) + 1);
      row[j] = best;
    }
  }
  return at(a.length, b.length);
}

function commonPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

function closestByDistance(name: string, candidates: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.min(2, Math.floor(name.length / 4)));
  let best: { candidate: string; distance: number; prefix: number } | undefined;
  for (const candidate of candidates) {
    if (Math.abs(candidate.length - name.length) > limit) continue;
    const distance = editDistance(name, candidate);
    if (distance > limit) continue;
    const prefix = commonPrefixLength(name, candidate);
    if (best === undefined || distance < best.distance || (distance === best.distance && prefix > best.prefix)) {
      best = { candidate, distance, prefix };
    }
  }
  return best?.candidate;
}

/**
 * The known name `name` most likely meant, tried from the most to the least likely intent;
 * `isKnown` and `names` describe one arch's table.
 */
export function closestSyscallName(
  name: string,
  isKnown: (candidate: string) => boolean,
  names: readonly string[],
): string | undefined {
  if (name.length === 0 || name.length > LONGEST_SUGGESTIBLE_NAME) return undefined;
  const bases = baseSpellings(name);
  for (const stage of candidateStages(bases)) {
    const hit = stage.find((candidate) => candidate !== name && isKnown(candidate));
    if (hit !== undefined) return hit;
  }
  return closestByDistance(bases[0] ?? name, names);
}
