// Starts the real host (server/main.ts) on Redis for the replay suite; stops reading its log once it listens (10,000 requests log a lot).
import { spawn, type ChildProcess } from 'node:child_process';
import { ROOT } from './cli';

export interface RunningHost {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

export function startReplayHost(env: Record<string, string>, port: number, timeoutMs = 60_000): Promise<RunningHost> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  let log = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start within ${timeoutMs} ms:\n${log}`)), timeoutMs);
    const onData = (chunk: Buffer): void => {
      log += chunk.toString('utf8');
      if (!log.includes('baton listening')) return;
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stdout?.resume();
      resolve({ url: `http://127.0.0.1:${port}`, child, stop });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`host exited (${child.exitCode ?? child.signalCode}) before listening:\n${log}`));
    });
  });
}
