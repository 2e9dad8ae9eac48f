import { InputError } from '../errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "300ms", "10s", "5m", "1h", or a bare number of seconds → milliseconds. */
export function parseDuration(text: string, option = '--duration'): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new InputError(`${option} "${text}" is not a duration; expected e.g. 500ms, 30s, 5m or 1h`);
  const ms = Number(match[1]) * (UNITS[match[2] ?? 's'] ?? 1000);
  if (!Number.isFinite(ms) || ms <= 0) throw new InputError(`${option} "${text}" must be greater than zero`);
  return Math.round(ms);
}

export function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InputError(`--ready-port "${text}" is not a TCP port (1-65535)`);
  return port;
}
