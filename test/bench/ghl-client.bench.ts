// CPU per GoHighLevel call of the API client (the effect delivery's HTTP cost), against a local node:http server in another process.
import { fork, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { createGhlClient } from '../../services/ghl/client';

const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const CONCURRENCY = 16;

if (process.argv[2] === 'server') {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.setHeader('content-type', 'application/json');
      res.setHeader('x-ratelimit-remaining', '99');
      res.end('{"messageId":"m1","conversationId":"c1"}');
    });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.(typeof address === 'object' && address !== null ? address.port : 0);
  });
} else {
  const child: ChildProcess = fork(process.argv[1] ?? '', ['server'], { execArgv: ['--import', 'tsx'] });
  const [port] = (await once(child, 'message')) as [number];
  const client = createGhlClient({ baseUrl: `http://127.0.0.1:${port}`, token: 't', version: '2021-07-28', timeoutMs: 5_000 });
  const send = (i: number) => client.sendSms({ contactId: `c${i % 500}`, message: 'What price range are you looking at?', idempotencyKey: `c:m${i}:0` });
  for (let i = 0; i < 500; i += 1) await send(i); // warm-up
  const cpu = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < CALLS) await send(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  console.log(`ghl client: ${CALLS} sendSms calls, ${((used.user + used.system) / 1000 / CALLS).toFixed(3)} ms CPU per call, ${Math.round(CALLS / (wall / 1000))} calls/s`);
  child.kill();
}
