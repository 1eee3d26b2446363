// Starts and stops a throwaway redis-server (no persistence) on a free local port, for tests and benchmarks.
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';

export const REDIS_INSTALL_COMMAND = 'apt-get install -y redis-server';

export interface RedisServer {
  readonly port: number;
  readonly url: string;
  /** Stops the server and waits for the process to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port (after stop), e.g. to show a client reconnecting. */
  start(): Promise<void>;
}

export function findRedisServer(): string | null {
  for (const dir of (process.env['PATH'] ?? '').split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, 'redis-server');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

function launch(binary: string, port: number): Promise<ChildProcess> {
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--logfile', ''];
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // redis-server logs this line once it accepts connections: no polling needed.
      if (output.includes('Ready to accept connections')) {
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        child.off('exit', onExit);
        resolve(child);
      }
    };
    const onExit = (code: number | null) => reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Throws with the install command when redis-server is not on PATH. */
export async function startRedisServer(options: { port?: number } = {}): Promise<RedisServer> {
  const binary = findRedisServer();
  if (binary === null) throw new Error(`redis-server not found on PATH; install it with: ${REDIS_INSTALL_COMMAND}`);
  const port = options.port ?? (await freePort());
  let child: ChildProcess | null = await launch(binary, port);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child !== null) await exited(child);
      child = null;
    },
    async start() {
      if (child === null) child = await launch(binary, port);
    },
  };
}
