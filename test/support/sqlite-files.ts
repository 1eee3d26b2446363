// Fresh SQLite file paths for a test file: each in a folder of its own under one temporary root, removed after the file's tests.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

/** Registers the root's removal (after the file's own afterAll hooks, which close their stores) and returns the path maker. */
export function sqliteFiles(name: string): () => string {
  const root = mkdtempSync(join(tmpdir(), `baton-${name}-`));
  let count = 0;
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return () => {
    const dir = join(root, `case-${++count}`);
    mkdirSync(dir, { recursive: true });
    return join(dir, 'baton.db');
  };
}
