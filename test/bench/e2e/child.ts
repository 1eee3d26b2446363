// Starts a node child (the host as `npm start` runs it, or the floor) and resolves once it prints its readiness line.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

export interface Child {
  readonly pid: number;
  readonly child: ChildProcess;
  /** The last lines it wrote (stdout and stderr), for a failure report. */
  tail(): string;
  stop(): Promise<void>;
}

/** `node [nodeArgs] --import tsx <script>`, as `npm start` runs server/main.ts (tsx loads TypeScript in-process). */
export function startNodeChild(script: string, env: Record<string, string>, readyLine: string, options: { nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<Child> {
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', script], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let recent = '';
  let ready = false;
  const keep = (chunk: Buffer) => {
    // Only the tail is kept: the host's access log is one line per request.
    recent = (recent + chunk.toString('utf8')).slice(-8_000);
  };
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const handle: Child = {
    get pid() {
      return child.pid ?? -1;
    },
    child,
    tail: () => recent,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start within ${options.timeoutMs ?? 30_000} ms:\n${recent}`)), options.timeoutMs ?? 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      keep(chunk);
      if (!ready && recent.includes(readyLine)) {
        ready = true;
        clearTimeout(timer);
        resolvePromise(handle);
      }
    });
    child.stderr?.on('data', keep);
    void exited.then(() => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`${script} exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${recent}`));
    });
  });
}
