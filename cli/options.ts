// Parsers for the CLI's option values (durations, times, thresholds, counts); each throws InvalidArgumentError with a clear message.
import { InvalidArgumentError } from 'commander';
import type { Route } from '../domain/types';
import { ROUTES } from '../domain/types';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `0`, `1500ms`, `90s`, `20m`, `1h`, `7d` → milliseconds. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (match === null || match[1] === undefined) throw new InvalidArgumentError(`"${text}" is not a duration (e.g. 0, 90s, 20m, 1h, 7d)`);
  const value = Number(match[1]);
  const unit = match[2];
  if (unit === undefined && value !== 0) throw new InvalidArgumentError(`"${text}" needs a unit (ms, s, m, h or d)`);
  return Math.round(value * (UNIT_MS[unit ?? 'ms'] ?? 1));
}

/** An ISO 8601 time, or a duration meaning "that long before now" (`24h`, `7d`). */
export function parseTime(text: string, now: number = Date.now()): number {
  if (/^\d+(?:\.\d+)?(ms|s|m|h|d)$/.test(text.trim())) return now - parseDuration(text);
  const at = Date.parse(text);
  if (Number.isNaN(at)) throw new InvalidArgumentError(`"${text}" is neither an ISO time (2026-11-23T09:00:00Z) nor a duration ago (24h, 7d)`);
  return at;
}

/** A whole number ≥ min. */
export function parseCount(min: number) {
  return (text: string): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min) throw new InvalidArgumentError(`"${text}" must be a whole number ≥ ${min}`);
    return value;
  };
}

function isRoute(text: string): text is Route {
  return (ROUTES as readonly string[]).includes(text);
}

/** `lead>buyer=0.95`, collected over repeated --threshold flags. */
export function collectThreshold(text: string, previous: Partial<Record<Route, number>>): Partial<Record<Route, number>> {
  const [route = '', raw = ''] = text.split('=');
  if (!isRoute(route)) throw new InvalidArgumentError(`"${route}" is not a route (${ROUTES.join(', ')})`);
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) throw new InvalidArgumentError(`threshold "${raw}" must be a number in [0, 1]`);
  return { ...previous, [route]: value };
}
