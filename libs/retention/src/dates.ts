/** Calendar days as integers (days since 1970-01-01, UTC): no time zones inside the models. */
import { DomainError, ErrorCode } from '@regulars/core';

const MS_PER_DAY = 86_400_000;

/**
 * 'YYYY-MM-DD' → day number. Strict: rejects other shapes and impossible dates
 * (2025-02-30). Hand-parsed because the CLI calls it once per row (1M rows).
 */
export function dayNumber(iso: string): number {
  const d = tryDayNumber(iso);
  if (d === null) throw new DomainError(ErrorCode.VALIDATION_FAILED, `not a date (YYYY-MM-DD): ${iso}`);
  return d;
}

/** Like dayNumber, but null instead of an error. */
export function tryDayNumber(iso: string): number | null {
  if (iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return null;
  const y = digits(iso, 0, 4);
  const m = digits(iso, 5, 7);
  const d = digits(iso, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) return null;
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== m - 1) return null;
  return ms / MS_PER_DAY;
}

function digits(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/** Day number → 'YYYY-MM-DD'. */
export function isoDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Day number → 'YYYY-MM' (calendar month). */
export function monthOf(day: number): string {
  return isoDay(day).slice(0, 7);
}

/** Month index (years * 12 + month - 1) of a day number, for month arithmetic. */
export function monthIndex(day: number): number {
  const d = new Date(day * MS_PER_DAY);
  return d.getUTCFullYear() * 12 + d.getUTCMonth();
}

/** Month index → 'YYYY-MM'. */
export function monthLabel(index: number): string {
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
}

/** Median of a non-empty list of numbers (mean of the two middle values for even lengths). */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new DomainError(ErrorCode.VALIDATION_FAILED, 'median of an empty list');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}
