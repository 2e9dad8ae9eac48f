// Strings cut from trace text point into the chunk they were read from: V8 keeps a substring of 13
// characters or more as a view of its parent, so one kept `clock_gettime` keeps a 64 KiB chunk
// alive. Whatever outlives its line (map keys, command names, samples) is copied first.

/** A copy of `text` that shares no storage with the string it was cut from. */
export function owned(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
