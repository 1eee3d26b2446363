// Parses a request part with a zod schema, or answers 400 with the schema's first issues.
import type { z } from 'zod';
import { badRequest } from '../errors';
import { describeIssues } from '../schemas/ghl';

export function parseOr400<T extends z.ZodType>(schema: T, value: unknown, code: string): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw badRequest(code, describeIssues(parsed.error.issues));
  return parsed.data;
}
