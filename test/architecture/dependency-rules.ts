// The project's import graph (TypeScript's own import scanner) and the layering rules of DESIGN section 1 checked over it.
import { readdirSync, readFileSync } from 'node:fs';
import { posix, join, relative, sep } from 'node:path';
import ts from 'typescript';

/** Top-level folders with a place in the layering; anything else is `other`. */
export const LAYERS = ['domain', 'machines', 'guards', 'bots', 'services', 'server', 'cli', 'test'] as const;
export type Layer = (typeof LAYERS)[number] | 'other';

/** One import statement: which file, the specifier as written, and where it points. */
export interface ImportEdge {
  /** Importing file, relative to the repository root, with `/` separators. */
  from: string;
  specifier: string;
  /** The imported path relative to the root (extension not resolved) for a relative import; null for a package. */
  to: string | null;
}

const SOURCE = /\.(ts|tsx|mts|cts)$/;
const SKIPPED_DIRS = new Set(['node_modules', 'coverage', 'dist']);

/** Every TypeScript file under `root` (no node_modules, build output or dot-folders such as .git or a mutation sandbox). */
export function readSourceFiles(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED_DIRS.has(entry.name)) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && SOURCE.test(entry.name) && !entry.name.endsWith('.d.ts')) {
        files.set(relative(root, full).split(sep).join('/'), readFileSync(full, 'utf8'));
      }
    }
  };
  walk(root);
  return files;
}

/** The import edges of the given files: static imports, `import type`, re-exports and dynamic `import()`. */
export function importEdges(files: ReadonlyMap<string, string>): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const [from, text] of files) {
    for (const { fileName: specifier } of ts.preProcessFile(text, true, true).importedFiles) {
      const relativeImport = specifier.startsWith('./') || specifier.startsWith('../');
      edges.push({ from, specifier, to: relativeImport ? posix.normalize(posix.join(posix.dirname(from), specifier)) : null });
    }
  }
  return edges;
}

export function layerOf(path: string): Layer {
  const top = path.split('/')[0] ?? '';
  return (LAYERS as readonly string[]).includes(top) ? (top as Layer) : 'other';
}

const PURE: ReadonlySet<Layer> = new Set(['domain', 'machines', 'guards', 'bots']);
const EFFECTFUL: ReadonlySet<Layer> = new Set(['services', 'server', 'cli', 'test']);
/** Pure layers that must not see each other: a guard never reaches into a bot, a bot never into a guard, neither into the chart. */
const SIDEWAYS: Partial<Record<Layer, ReadonlySet<Layer>>> = {
  guards: new Set(['bots', 'machines']),
  bots: new Set(['guards', 'machines']),
};
/** The only packages domain/ may import. */
const DOMAIN_PACKAGES = /^zod(\/|$)/;

/** Why `edge` breaks the layering, or null when it is allowed. */
export function ruleBroken(edge: ImportEdge): string | null {
  const source = layerOf(edge.from);
  if (!PURE.has(source)) return null;
  if (edge.to === null) {
    return source === 'domain' && !DOMAIN_PACKAGES.test(edge.specifier) ? 'domain/ imports zod and domain/ only' : null;
  }
  // A relative path that climbs above the root is outside the project.
  if (edge.to.startsWith('../')) return `${source}/ imports from outside the project`;
  const target = layerOf(edge.to);
  if (EFFECTFUL.has(target)) return `${source}/ is pure and must not import ${target}/`;
  if (source === 'domain' && target !== 'domain') return 'domain/ imports zod and domain/ only';
  if (SIDEWAYS[source]?.has(target) === true) return `${source}/ must not import ${target}/`;
  if (target === 'other') return `${source}/ is pure and must not import files outside the pure folders`;
  return null;
}

/** One line per broken rule: the file, the import as written, where it points and the rule. */
export function dependencyViolations(edges: readonly ImportEdge[]): string[] {
  const lines: string[] = [];
  for (const edge of edges) {
    const broken = ruleBroken(edge);
    if (broken !== null) lines.push(`${edge.from} imports '${edge.specifier}'${edge.to === null ? '' : ` (${edge.to})`}: ${broken}`);
  }
  return lines.sort();
}
