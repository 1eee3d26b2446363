// Reads POLICY_FILE: a partial ConversationPolicy in JSON, validated and merged over the defaults; a bad file is one clear line.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_POLICY, policyFrom, type ConversationPolicy } from '../domain/policy';

export class PolicyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PolicyFileError';
  }
}

/** The policy in force: the defaults, or the file's values merged over them. Throws PolicyFileError saying what is wrong. */
export function loadPolicy(path: string | undefined): ConversationPolicy {
  if (path === undefined) return DEFAULT_POLICY;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = err instanceof Error && 'code' in err ? String(err.code) : 'unreadable';
    throw new PolicyFileError(`POLICY_FILE: cannot read ${path} (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new PolicyFileError(`POLICY_FILE: ${path} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  try {
    return policyFrom(json);
  } catch (err) {
    if (!(err instanceof z.ZodError)) throw err;
    const problems = err.issues.map((issue) => `${issue.path.length === 0 ? '(policy)' : issue.path.join('.')}: ${issue.message}`);
    throw new PolicyFileError(`POLICY_FILE: ${path}: ${problems.join('; ')}`);
  }
}
