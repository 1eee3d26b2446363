// Replays the contacts of one Redis on several worker threads (conversations are independent), then merges their reports.
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { mergeReports } from './merge';
import { createRedisSource } from './redis-source';
import type { ReplayReport } from './types';
import type { WorkerJob } from './worker-job';

export interface ParallelReplay {
  url: string;
  prefix: string;
  contactId: string | null;
  workers: number;
  job: Omit<WorkerJob, 'url' | 'prefix' | 'contactIds'>;
  settings: ReplayReport['settings'];
  onProgress?: (done: number, total: number) => void;
}

const workerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), done: z.number() }),
  z.object({ type: z.literal('report'), report: z.custom<ReplayReport>((value) => typeof value === 'object' && value !== null && 'changes' in value) }),
]);

function runWorker(job: WorkerJob, onProgress: (done: number) => void): Promise<ReplayReport> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./worker-shim.js', import.meta.url), { workerData: job });
    let report: ReplayReport | null = null;
    worker.on('message', (message: unknown) => {
      const parsed = workerMessageSchema.safeParse(message);
      if (!parsed.success) return;
      if (parsed.data.type === 'progress') onProgress(parsed.data.done);
      else report = parsed.data.report;
    });
    worker.once('error', reject);
    worker.once('exit', (code) => (report === null ? reject(new Error(`replay worker exited (${code}) without a report`)) : resolve(report)));
  });
}

export async function runParallelReplay(options: ParallelReplay): Promise<ReplayReport> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const lister = createRedisSource({ url: options.url, prefix: options.prefix });
  let ids: string[];
  try {
    ids = await lister.contactIds();
  } finally {
    await lister.close();
  }
  if (options.contactId !== null) ids = ids.filter((id) => id === options.contactId);
  const shards = Array.from({ length: Math.max(1, Math.min(options.workers, ids.length)) }, (_, shard) => ids.filter((_, index) => index % options.workers === shard));
  const done = shards.map(() => 0);
  const parts = await Promise.all(
    shards.map((contactIds, shard) =>
      runWorker({ ...options.job, url: options.url, prefix: options.prefix, contactIds }, (count) => {
        done[shard] = count;
        options.onProgress?.(done.reduce((a, b) => a + b, 0), ids.length);
      }),
    ),
  );
  // Workers overlap: the replay phase lasts as long as its slowest worker; the CPU clock is the whole process's, loading included.
  const used = process.cpuUsage(cpu);
  const replaySeconds = Math.max(0, ...parts.map((part) => part.speed.replaySeconds));
  const cpuSeconds = (used.user + used.system) / 1e6;
  const messages = parts.reduce((sum, part) => sum + part.replayed + part.adminEvents + part.warmup, 0);
  return mergeReports(parts, options.settings, {
    replaySeconds,
    cpuSeconds,
    loadSeconds: (performance.now() - started) / 1000 - replaySeconds,
    messagesPerSecond: replaySeconds > 0 ? Math.round(messages / replaySeconds) : 0,
    messagesPerCpuSecond: cpuSeconds > 0 ? Math.round(messages / cpuSeconds) : 0,
  });
}
