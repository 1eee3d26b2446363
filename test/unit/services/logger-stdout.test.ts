// The host's stdout logger (LOG_FLUSH_MS): lines are buffered and written together, yet none is lost on exit and a
// quiet process still writes what it buffered. Each case runs the real logger in a child process writing to fd 1.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');

function script(lines: string[]): string[] {
  return ['--import', 'tsx', '--input-type=module', '-e', ["import { createLogger } from './services/observability/logger.ts';", ...lines].join('\n')];
}

function messages(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => String((JSON.parse(line) as { msg: unknown }).msg));
}

describe('the stdout logger', () => {
  const children: Array<ReturnType<typeof spawn>> = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
  });

  it('writes every buffered line when the process exits at once after logging them', () => {
    const child = spawnSync(
      process.execPath,
      script(["const logger = createLogger({ level: 'info', flushMs: 60_000 });", "for (let i = 0; i < 25; i += 1) logger.info(`line ${i}`);", 'process.exit(0);']),
      { encoding: 'utf8', cwd: ROOT },
    );
    expect(child.status).toBe(0);
    expect(messages(child.stdout)).toEqual(Array.from({ length: 25 }, (_, i) => `line ${i}`));
  });

  it('writes a lone line of a process that stays alive, within its flush interval', async () => {
    // Far under the 4 KB that are written at once: only the periodic flush can write it while the process lives.
    const child = spawn(process.execPath, script(["const logger = createLogger({ level: 'info', flushMs: 50 });", "logger.info('alone');", 'setTimeout(() => undefined, 60_000);']), {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    let stdout = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the child exited (${code}) before writing its line: ${stdout}`)));
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString('utf8');
        if (stdout.endsWith('\n')) resolve(stdout);
      });
    });
    expect(messages(line)).toEqual(['alone']);
    expect(child.exitCode).toBeNull();
  });

  it('with LOG_FLUSH_MS=0 still writes every line (one write each)', () => {
    const child = spawnSync(
      process.execPath,
      script(["const logger = createLogger({ level: 'info', flushMs: 0 });", "logger.info('first');", "logger.warn('second');", 'process.exit(0);']),
      { encoding: 'utf8', cwd: ROOT },
    );
    // Both lines, in either order: at exit pino writes what is buffered synchronously while the first line's
    // asynchronous write may still be in libuv's thread pool (seen: 'second' before 'first').
    expect(messages(child.stdout).sort()).toEqual(['first', 'second']);
  });
});
