import { InputError } from '../../errors.js';
import { closestMatch } from '../closest.js';

// Typed access to untrusted parsed data: every failure names the file, the field path and what was expected.

/** The file being read and the warnings gathered so far. */
export interface ReadContext {
  source: string;
  warnings: string[];
}

export type Fields = Readonly<Record<string, unknown>>;

// A key from the file is shown as written only when it is a plain word: others (control characters,
// megabytes, dots) are quoted, escaped and shortened like a value.
const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]{0,63}$/;

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (!PLAIN_KEY.test(key)) return `${parent}[${describeValue(key)}]`;
  return parent ? `${parent}.${key}` : key;
}

function located(context: ReadContext, path: string, problem: string): string {
  return path ? `${context.source}: ${path} ${problem}` : `${context.source}: ${problem}`;
}

export function fail(context: ReadContext, path: string, problem: string, hint?: string): never {
  throw new InputError(located(context, path, problem), hint === undefined ? {} : { hint });
}

export function warn(context: ReadContext, path: string, problem: string): void {
  context.warnings.push(located(context, path, problem));
}

/** A short, safe rendering of an offending value. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    // Non-ASCII escaped too: a look-alike letter or a terminal control must show as what it is.
    return JSON.stringify(shown).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  }
  return String(value);
}

function mustBe(context: ReadContext, path: string, expected: string, value: unknown): never {
  fail(context, path, `must be ${expected}, got ${describeValue(value)}`);
}

/** A plain object; a `__proto__` key is refused so no later copy can reach a prototype. */
export function readObject(context: ReadContext, value: unknown, path: string, expected = 'an object'): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) mustBe(context, path, expected, value);
  for (const key of Object.keys(value)) {
    if (key === '__proto__') fail(context, childPath(path, key), 'is not allowed in a profile');
  }
  return value as Fields;
}

export function field(fields: Fields, key: string): unknown {
  return Object.hasOwn(fields, key) ? fields[key] : undefined;
}

/** Unknown keys are ignored by the runtimes too, but a typo there silently changes nothing: say so. */
export function warnUnknownKeys(context: ReadContext, fields: Fields, path: string, known: readonly string[], kind: string): void {
  for (const key of Object.keys(fields)) {
    if (known.includes(key)) continue;
    const suggestion = closestMatch(key, known);
    const hint = suggestion ? ` (did you mean ${suggestion}?)` : '';
    warn(context, childPath(path, key), `is not a ${kind} field; ignored${hint}`);
  }
}

export function readList(context: ReadContext, value: unknown, path: string, expected = 'a list'): unknown[] {
  if (!Array.isArray(value)) mustBe(context, path, expected, value);
  return value;
}

export function readString(context: ReadContext, value: unknown, path: string, expected = 'a string'): string {
  if (typeof value !== 'string') mustBe(context, path, expected, value);
  return value;
}

export function readBoolean(context: ReadContext, value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') mustBe(context, path, 'true or false', value);
  return value;
}

export function readStringList(context: ReadContext, value: unknown, path: string, expected = 'a list of strings'): string[] {
  const list = readList(context, value, path, expected);
  return list.map((item, i) => readString(context, item, childPath(path, i), 'a string'));
}

/** An integer in [min, max]; larger than 2^53 cannot be held exactly, so it is refused rather than rounded. */
export function readInteger(context: ReadContext, value: unknown, path: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) mustBe(context, path, `an integer from ${min} to ${max}`, value);
  if (!Number.isInteger(value)) fail(context, path, `${value} is not a whole number; expected an integer from ${min} to ${max}`);
  if (!Number.isSafeInteger(value)) {
    fail(context, path, `${value} is too large to hold exactly (above ${Number.MAX_SAFE_INTEGER}); expected an integer from ${min} to ${max}`);
  }
  if (value < min || value > max) fail(context, path, `${value} is out of range; expected an integer from ${min} to ${max}`);
  return value;
}

/** One of a fixed set of names, with a did-you-mean for near misses (`alias` knows other spellings). */
export function readChoice<T extends string>(
  context: ReadContext,
  value: unknown,
  path: string,
  choices: readonly T[],
  what: string,
  alias?: (value: string) => T | undefined,
): T {
  if (typeof value !== 'string') mustBe(context, path, `${what} (one of ${choices.join(', ')})`, value);
  if ((choices as readonly string[]).includes(value)) return value as T;
  const suggestion = alias?.(value) ?? closestMatch(value, choices);
  const didYouMean = suggestion ? `; did you mean ${suggestion}?` : '';
  fail(context, path, `${describeValue(value)} is not ${what}; expected one of ${choices.join(', ')}${didYouMean}`);
}
