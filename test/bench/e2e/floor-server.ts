// The floor: a bare node:http webhook doing one Redis Lua round trip per message (mark the message id, bump the contact's version).
// Run as a child process by npm run bench: FLOOR_PORT, REDIS_URL.
import { createServer } from 'node:http';
import { Redis } from 'ioredis';
import { z } from 'zod';

const env = z.object({ FLOOR_PORT: z.coerce.number().int().min(1).max(65535), REDIS_URL: z.string().min(1) }).parse(process.env);
const payloadSchema = z.object({ contactId: z.string().min(1), messageId: z.string().min(1) });

// What a webhook must do at the least: dedupe the message and advance the contact, atomically.
const LUA = `
if redis.call('SET', KEYS[1], '1', 'NX', 'PX', 604800000) == false then return 0 end
return redis.call('HINCRBY', KEYS[2], 'v', 1)`;

const redis = new Redis(env.REDIS_URL, { enableOfflineQueue: true, maxRetriesPerRequest: 0 });
redis.defineCommand('floorStep', { numberOfKeys: 2, lua: LUA });

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const parsed = payloadSchema.safeParse(parseJson(Buffer.concat(chunks).toString('utf8')));
    if (!parsed.success) {
      res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"invalid_payload"}');
      return;
    }
    const { contactId, messageId } = parsed.data;
    const step: unknown = Reflect.get(redis, 'floorStep');
    if (typeof step !== 'function') throw new Error('floorStep is not defined');
    (Reflect.apply(step, redis, [`floor:{${contactId}}:msg:${messageId}`, `floor:{${contactId}}:record`]) as Promise<unknown>).then(
      (version) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ contactId, version })),
      () => res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '1' }).end('{"error":"busy"}'),
    );
  });
});
server.listen(env.FLOOR_PORT, '127.0.0.1', () => process.stdout.write(`floor listening on ${env.FLOOR_PORT}\n`));
process.on('SIGTERM', () => {
  server.close();
  void redis.quit().finally(() => process.exit(0));
});
