// A replay worker thread: replays its shard of contacts from Redis and posts its partial report (and progress) to the main thread.
import { parentPort, workerData } from 'node:worker_threads';
import { currentClassifier } from './classifier';
import { createRedisSource } from './redis-source';
import { runReplay } from './run';
import { workerJobSchema } from './worker-job';

const job = workerJobSchema.parse(workerData);
const source = createRedisSource({ url: job.url, prefix: job.prefix });
try {
  const report = await runReplay(
    { contactIds: async () => job.contactIds, load: (ids) => source.load(ids) },
    {
      policy: job.policy,
      overriddenRoutes: job.overriddenRoutes,
      reclassify: job.reclassify ? currentClassifier() : null,
      classify: currentClassifier(),
      since: job.since,
      contactId: null,
      settings: {},
      onProgress: (done) => parentPort?.postMessage({ type: 'progress', done }),
    },
  );
  parentPort?.postMessage({ type: 'report', report });
} finally {
  await source.close();
}
