// "Did you mean …?" for misspelt enum values (actions, operators, arches, errno names).

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

// The distance costs length × length: a multi-megabyte value (from a hostile file) would take minutes.
const LONGEST_TYPO = 64;

/** The candidate nearest to `input` (case-insensitive), when it is near enough to be a typo. */
export function closestMatch(input: string, candidates: readonly string[]): string | undefined {
  if (input.length > LONGEST_TYPO) return undefined;
  const wanted = input.toUpperCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(wanted, candidate.toUpperCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(wanted.length / 4));
  return bestDistance <= tolerance ? best : undefined;
}
