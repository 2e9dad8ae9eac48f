// Adds the tracing runtime to dockerd's daemon.json text. Pure: setup.ts reads and writes the file.
import { isDeepStrictEqual } from 'node:util';
import { InputError } from '../errors.js';

export interface RuntimeEntry {
  path: string;
  runtimeArgs?: string[];
}

export interface RuntimeRegistration {
  text: string;
  changed: boolean;
  /** What the file had under that name before; undefined when the name was new. */
  previous: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `text` undefined or blank means no daemon.json yet. Other settings are kept as they are. */
export function registerRuntime(text: string | undefined, name: string, entry: RuntimeEntry, file: string): RuntimeRegistration {
  let config: unknown = {};
  if (text !== undefined && text.trim() !== '') {
    try {
      config = JSON.parse(text);
    } catch (error) {
      throw new InputError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error, hint: 'fix the file (dockerd would not start with it either), then run setup again' });
    }
  }
  if (!isPlainObject(config)) throw new InputError(`${file}: expected a JSON object at the top, got ${JSON.stringify(config).slice(0, 60)}`);
  const runtimes = Object.hasOwn(config, 'runtimes') ? config.runtimes : {};
  if (!isPlainObject(runtimes)) throw new InputError(`${file}: "runtimes" must be an object of runtime name → {"path": …}`);
  const previous = Object.hasOwn(runtimes, name) ? runtimes[name] : undefined;
  if (isDeepStrictEqual(previous, entry)) return { text: text ?? '', changed: false, previous };
  Object.defineProperty(runtimes, name, { value: entry, enumerable: true, writable: true, configurable: true });
  Object.defineProperty(config, 'runtimes', { value: runtimes, enumerable: true, writable: true, configurable: true });
  return { text: `${JSON.stringify(config, null, 2)}\n`, changed: true, previous };
}
