// Keeps a host's learned thresholds current: loaded when Redis (re)connects and re-read periodically, so every host converges.
import type { RedisConnection } from '../store/redis-client';
import type { PatternLearning } from './patterns';

export const DEFAULT_LEARNING_REFRESH_MS = 30_000;

export interface LearningRefreshOptions {
  /** The client learning reads through; its 'ready' event (first connect and every reconnect) triggers a load. */
  client: RedisConnection | null;
  /** Other hosts' outcomes arrive within this (0: only on connect). */
  intervalMs: number;
  onError: (error: unknown) => void;
  onLoaded?: (patterns: number) => void;
}

/**
 * The previous start-up called refresh() before the client had connected; with the offline queue
 * off that failed at once ("Stream isn't writeable") and nothing retried, so a restart showed no
 * learned thresholds. Now a load runs on every 'ready', and again every `intervalMs`.
 */
export function keepLearningFresh(learning: PatternLearning, options: LearningRefreshOptions): { stop(): void; firstLoad: Promise<void> } {
  let inFlight: Promise<void> | null = null;
  let loadedOnce: () => void = () => undefined;
  const firstLoad = new Promise<void>((resolve) => {
    loadedOnce = resolve;
  });
  const load = (): void => {
    inFlight ??= learning
      .refresh()
      .then(() => options.onLoaded?.(learning.list().length))
      .catch(options.onError)
      .finally(() => {
        inFlight = null;
        loadedOnce();
      });
  };
  if (options.client === null || options.client.status === 'ready') load();
  options.client?.on('ready', load);
  const timer = options.intervalMs > 0 ? setInterval(load, options.intervalMs) : null;
  timer?.unref();
  return {
    firstLoad,
    stop() {
      if (timer !== null) clearInterval(timer);
      options.client?.off('ready', load);
    },
  };
}
