// Entry point (`npm start`): validated config, the wired host on PORT, graceful shutdown on SIGTERM/SIGINT.
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config';
import { createLogger } from '../services/observability/logger';
import { buildHost } from './wiring';
import { answerClientErrorsWithJson } from './client-error';
import { shutdownWithin } from './shutdown';
import { SqliteStartupError } from '../services/store/sqlite-errors';

async function main(): Promise<void> {
  let loaded;
  try {
    loaded = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`baton: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const { config, policy, warnings } = loaded;
  const logger = createLogger({ level: config.LOG_LEVEL, flushMs: config.LOG_FLUSH_MS });
  for (const warning of warnings) logger.warn(`WARNING: ${warning}`);

  const host = await buildHost(config, logger, policy);
  const server: Server = await new Promise((resolve) => {
    const s = host.app.listen(config.PORT, () => resolve(s));
  });
  answerClientErrorsWithJson(server);
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.PORT;
  logger.info({ port, store: host.store.kind, dispatcher: host.dispatcher.kind, signatures: config.GHL_WEBHOOK_PUBLIC_KEY !== undefined }, `baton listening on http://localhost:${port}`);
  // Written now, not with the next 4 KB or second of lines: supervisors and scripts wait for this line.
  logger.flush();

  let stopping = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down: no new connections, finishing requests in flight');
    await shutdownWithin({
      server,
      closeHost: () => host.close(),
      markShuttingDown: () => host.markShuttingDown(),
      logger,
      graceMs: config.SHUTDOWN_GRACE_MS,
      exit: (code) => process.exit(code),
    });
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  // A database file that cannot be used is an operator's problem, said in one line; anything else keeps its stack.
  const detail = err instanceof SqliteStartupError ? err.message : err instanceof Error ? (err.stack ?? err.message) : String(err);
  process.stderr.write(`baton: failed to start: ${detail}\n`);
  process.exit(1);
});
