// npx tsx test/bench/profile-top.ts <file.cpuprofile> [rows]: self time by function and by source file of a --cpu-prof profile (npm run bench with BENCH_CPU_PROF=1).
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const profileSchema = z.object({
  nodes: z.array(z.object({ id: z.number(), callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }) })),
  samples: z.array(z.number()),
  timeDeltas: z.array(z.number()),
});

const [file, rowsArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: profile-top.ts <file.cpuprofile> [rows]');
const profile = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
const rows = Number(rowsArg ?? 40);
const byId = new Map(profile.nodes.map((node) => [node.id, node.callFrame]));
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  const frame = byId.get(id);
  const delta = profile.timeDeltas[i] ?? 0;
  if (frame === undefined) return;
  total += delta;
  const where = frame.url.replace(/^.*\/node_modules\//, 'npm:').replace(/^file:\/\/.*?\/main\//, '');
  const fn = `${frame.functionName || '(anonymous)'} ${where}:${frame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + delta);
  const area = where.startsWith('npm:') ? where.split('/').slice(0, where.startsWith('npm:@') ? 2 : 1).join('/') : where || frame.functionName;
  byFile.set(area, (byFile.get(area) ?? 0) + delta);
});
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title} (of ${(total / 1e6).toFixed(1)} s sampled)`);
  for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`);
};
print('self time by function', byFunction);
print('self time by file or package', byFile);

// With a third argument, the heaviest call stacks (18 frames) ending in functions whose name contains it.
const focus = process.argv[4];
if (focus !== undefined) {
  const nodes = z.array(z.object({ id: z.number(), children: z.array(z.number()).optional() })).parse(JSON.parse(readFileSync(file, 'utf8')).nodes);
  const parent = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const stacks = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id);
    if (frame === undefined || !frame.functionName.includes(focus)) return;
    const chain: string[] = [];
    for (let at: number | undefined = id; at !== undefined && chain.length < 18; at = parent.get(at)) {
      const f = byId.get(at);
      if (f !== undefined) chain.push(`${f.functionName || '(anon)'}@${f.url.replace(/^.*\/(node_modules\/)?/, '')}:${f.lineNumber + 1}`);
    }
    const key = chain.join(' < ');
    stacks.set(key, (stacks.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  console.log(`\nstacks ending in *${focus}*`);
  for (const [stack, us] of [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${stack}`);
}

// BENCH_INCLUSIVE=name1,name2: the share of samples with each function anywhere on the stack (inclusive time).
const inclusive = process.env['BENCH_INCLUSIVE'];
if (inclusive !== undefined) {
  const nodes = z.array(z.object({ id: z.number(), children: z.array(z.number()).optional() })).parse(JSON.parse(readFileSync(file, 'utf8')).nodes);
  const parent = new Map<number, number>();
  for (const node of nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const names = inclusive.split(',');
  const sums = new Map<string, number>(names.map((name) => [name, 0]));
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const fn = byId.get(at)?.functionName ?? '';
      for (const name of names) if (fn === name) seen.add(name);
    }
    for (const name of seen) sums.set(name, (sums.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  console.log('\ninclusive time');
  for (const [name, us] of sums) console.log(`${((100 * us) / total).toFixed(1).padStart(5)} %  ${name}`);
}
