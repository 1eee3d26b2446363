// Multi-row INSERTs for the SQLite store: n rows in one statement call, prepared once per row count.
import type Database from 'libsql';

/**
 * Each statement call through libsql costs ~5 µs before SQLite does anything (binding, the native
 * boundary), about what inserting a small row costs; a commit inserts ~2 transcript lines and ~2 outbox
 * effects, so one call per table instead of one per row. `head` is `INSERT INTO t (a, b, c) VALUES`, `tail`
 * what follows the rows (an ON CONFLICT clause); each row is `columns` values, `(?, ?, …)` or a template.
 */
export function createRowInserter(db: Database.Database, head: string, row: string, tail = '', maxRows = 8): (rows: readonly (readonly unknown[])[]) => void {
  const prepared = new Map<number, Database.Statement>();
  const statement = (count: number): Database.Statement => {
    let found = prepared.get(count);
    if (found === undefined) {
      found = db.prepare(`${head} ${Array.from({ length: count }, () => row).join(', ')} ${tail}`);
      prepared.set(count, found);
    }
    return found;
  };
  return (rows) => {
    for (let start = 0; start < rows.length; start += maxRows) {
      const chunk = rows.slice(start, start + maxRows);
      statement(chunk.length).run(...chunk.flat());
    }
  };
}
