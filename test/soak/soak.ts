// npm run soak: two real hosts on one Redis for SOAK_MINUTES (default 10) at SOAK_RATE msg/s (default 20); prints heap/RSS, locks left, queue depth.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createRedisStore } from '../../services/store/redis';
import { startFakeGhl } from '../fakes/ghl-server';
import { drained } from '../fault/load/drain';
import { fleetEnv, startFleet } from '../fault/load/fleet';
import { sendAll, type LoadMessage } from '../fault/load/sender';
import { startRedisServer } from '../setup/redis-server';

const minutes = Number(process.env['SOAK_MINUTES'] ?? '10');
const rate = Number(process.env['SOAK_RATE'] ?? '20');
const CONTACTS = 300;

/** Heap and RSS of a host, read from its Prometheus metrics (default metrics are on outside NODE_ENV=test). */
async function memoryOf(url: string): Promise<{ heapMb: number; rssMb: number }> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const read = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? 'NaN') / 1_048_576;
  return { heapMb: Math.round(read('baton_nodejs_heap_size_used_bytes')), rssMb: Math.round(read('baton_process_resident_memory_bytes')) };
}

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const fake = await startFakeGhl();
  const fleet = await startFleet(2, fleetEnv({ REDIS_URL: redis.url }, fake, { NODE_ENV: 'development', LOG_LEVEL: 'info' }));
  const store = createRedisStore({ url: redis.url });
  try {
    const start = await Promise.all(fleet.urls.map(memoryOf));
    const total = Math.round(minutes * 60 * rate);
    const t0 = Date.UTC(2026, 5, 1, 9);
    const messages: LoadMessage[] = Array.from({ length: total }, (_, i) => ({
      contactId: `soak-c${i % CONTACTS}`,
      messageId: `soak-m${i}`,
      text: ['I want to sell my house', 'ok', 'in 3 months', 'what is it worth?'][i % 4] ?? 'ok',
      at: t0 + i * 1_000,
    }));
    const began = Date.now();
    let index = 0;
    // Heap right after boot includes no warm-up (JIT, caches, BullMQ scripts); "flat" is judged from a warm point.
    const warmAt = Math.min(rate * 60, Math.floor(total / 2));
    let warm: Promise<Array<{ heapMb: number; rssMb: number }>> | null = null;
    // Paced: one lane per message slot, each waiting for its send time.
    const log = await sendAll(messages, {
      hosts: () => fleet.urls,
      concurrency: Math.max(4, rate),
      maxRetryDelayMs: 500,
      giveUpAfterMs: 60_000,
      onAnswer: () => {
        index += 1;
        if (index === warmAt) warm = Promise.all(fleet.urls.map(memoryOf));
        if (index % (rate * 60) === 0) process.stdout.write(`soak: ${index}/${total} answered after ${Math.round((Date.now() - began) / 1000)} s\n`);
      },
      pace: (i) => began + (i * 1000) / rate,
    });
    const isDrained = await drained(store, 120_000);
    const end = await Promise.all(fleet.urls.map(memoryOf));
    const warmed = (await (warm ?? Promise.resolve(start))) as Array<{ heapMb: number; rssMb: number }>;
    const admin = new Redis(redis.url);
    const locks = (await admin.keys('baton:{*}:lock')).length;
    const queue = new Queue('baton-effects', { connection: { url: redis.url }, prefix: '{baton-bull}' });
    const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed');
    await queue.close();
    await admin.quit();
    const ok = log.filter((r) => r.answer.kind === 'status' && r.answer.status === 200).length;
    process.stdout.write(
      [
        `soak: ${minutes} min at ${rate} msg/s on 2 hosts: ${total} sent, ${ok} answered 200, drained: ${isDrained}`,
        ...fleet.urls.map(
          (_, i) => `host ${i}: heap ${start[i]?.heapMb} (boot) → ${warmed[i]?.heapMb} (warm) → ${end[i]?.heapMb} MB (end), RSS ${start[i]?.rssMb} → ${warmed[i]?.rssMb} → ${end[i]?.rssMb} MB`,
        ),
        `locks left: ${locks}; queue: ${JSON.stringify(counts)}`,
      ].join('\n') + '\n',
    );
  } finally {
    await fleet.stopAll();
    await store.close();
    await fake.close();
    await redis.stop();
  }
}

await main();
