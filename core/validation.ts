import * as z from 'zod';
import { ValidationError } from './errors.ts';

/** Parses with zod and turns a failure into a ValidationError naming each offending field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, what = 'input'): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new ValidationError(`invalid ${what}: ${summary}`, issues);
}

/**
 * What free text may not hold, by Unicode general category rather than by listed ranges (a list always
 * misses some, and Unicode adds to the categories): controls (C0 and C1), format characters (zero-width
 * spaces and joiners, direction overrides, tag characters, the byte-order mark), private-use and unassigned
 * code points, lone surrogates, and the line and paragraph separators. All are invisible in a table or an
 * email, where they serve to spoof a name or to break a line of a log. Tab and line feed stay: text may
 * have several lines.
 */
const UNSAFE_TEXT = /(?![\t\n])[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}]/u;

/** Free text a person types: trimmed, not blank, at most `max` characters, nothing invisible (above). */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((value) => !UNSAFE_TEXT.test(value), 'must not contain control, invisible formatting (zero-width, joiner, direction), private-use, unassigned or line-separator characters');
