// Runs the real `baton` CLI (bin/baton.js) as a child process and hands back its exit code, stdout and stderr.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { z } from 'zod';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A shell command line (for pipes such as `baton export ... | baton replay --file -`). */
export function runShell(command: string, env: Record<string, string> = {}): Promise<CliRun> {
  return collect(spawn('bash', ['-c', command], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

export function runBaton(args: readonly string[], env: Record<string, string> = {}): Promise<CliRun> {
  return collect(spawn(process.execPath, ['bin/baton.js', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] }));
}

function collect(child: ReturnType<typeof spawn>): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((done, fail) => {
    child.once('error', fail);
    child.once('close', (code) => done({ code, stdout, stderr }));
  });
}

const decisionBrief = z.object({ kind: z.string(), reason: z.string(), decidedBy: z.string(), from: z.string(), to: z.string(), scope: z.string().nullable() });
const delta = z.object({ total: z.number(), firstChanges: z.number(), byRoute: z.record(z.string(), z.number()), byPattern: z.record(z.string(), z.number()) });

/** The parts of `baton replay --json` the tests read (zod: the CLI's output is an edge too). */
export const replayJsonSchema = z
  .object({
    conversations: z.number(),
    replayed: z.number(),
    reconstructed: z.number(),
    unreplayable: z.array(z.object({ contactId: z.string(), reason: z.string() })),
    changed: z.number(),
    detailsChanged: z.number(),
    handoffs: z.object({ recorded: z.number(), replayed: z.number(), gained: delta, lost: delta }),
    escalations: z.object({ recorded: z.number(), replayed: z.number() }).loose(),
    blocks: z.object({ recorded: z.record(z.string(), z.number()), replayed: z.record(z.string(), z.number()) }),
    changes: z.array(
      z.object({ contactId: z.string(), version: z.number(), cause: z.enum(['setting', 'knock-on']), recorded: decisionBrief, replayed: decisionBrief.nullable() }).loose(),
    ),
    speed: z.object({ messagesPerSecond: z.number(), messagesPerCpuSecond: z.number(), replaySeconds: z.number() }).loose(),
  })
  .loose();
export type ReplayJson = z.infer<typeof replayJsonSchema>;

export function parseReplay(run: CliRun): ReplayJson {
  if (run.code !== 0) throw new Error(`baton replay exited ${run.code}: ${run.stderr}`);
  return replayJsonSchema.parse(JSON.parse(run.stdout));
}
