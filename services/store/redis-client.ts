// The ioredis connection (one Redis or a Redis Cluster) the Redis store uses: fails fast while Redis is down, reconnects forever, never crashes.
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { StoreError, StoreScriptError, StoreUnavailableError } from './errors';

/** Reconnect delay: quick first retries, then every 2 s at most, forever. */
export function reconnectDelay(attempt: number): number {
  return Math.min(50 * 2 ** Math.min(attempt, 6), 2_000);
}

export interface RedisClientOptions {
  /** A command without an answer after this long fails (→ StoreUnavailableError). Default 2000 ms. */
  commandTimeoutMs?: number;
  /** Called for connection errors; ioredis emits them on every failed reconnect. */
  onError?: (error: Error) => void;
}

/**
 * Options chosen so that a request never hangs on a dead Redis: no offline queue (a command while
 * disconnected is refused at once), no resend of in-flight commands after a reconnect (the caller
 * decides; a resent commit would be safe but its answer would arrive long after the webhook gave up).
 * Auto-pipelining writes the commands issued in one event-loop tick as one socket write: under load
 * the messages in flight share writes instead of paying a syscall per command (npm run bench,
 * docs/performance.md). Order per connection is unchanged; subscribe/multi are never auto-pipelined.
 */
export function redisClientOptions(options: RedisClientOptions = {}) {
  return {
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 2_000,
    connectTimeout: 2_000,
    retryStrategy: reconnectDelay,
  } satisfies RedisOptions;
}

export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const client = new Redis(url, redisClientOptions(options));
  // Without a listener ioredis reports each failed reconnect as an unhandled 'error' event.
  client.on('error', options.onError ?? (() => undefined));
  return client;
}

/** One Redis, or a Redis Cluster: the store, the locks, learning and BullMQ all work on either. */
export type RedisConnection = Redis | Cluster;

export interface ClusterNodeAddress {
  host: string;
  port: number;
}

/** Where Redis is: REDIS_URL (one server) or REDIS_CLUSTER_NODES (seed nodes of a cluster). */
export type RedisTarget = { kind: 'single'; url: string } | { kind: 'cluster'; nodes: ClusterNodeAddress[] };

/**
 * Cluster options in the same spirit as redisClientOptions: no offline queue, bounded commands,
 * reconnect forever; a MOVED/ASK during resharding or a failover is followed (bounded) by ioredis.
 */
export function clusterClientOptions(options: RedisClientOptions = {}) {
  const { retryStrategy: _perNode, ...perNode } = redisClientOptions(options);
  return {
    enableOfflineQueue: false,
    enableAutoPipelining: true,
    clusterRetryStrategy: reconnectDelay,
    slotsRefreshTimeout: 2_000,
    retryDelayOnFailover: 100,
    retryDelayOnClusterDown: 100,
    retryDelayOnTryAgain: 100,
    maxRedirections: 16,
    redisOptions: perNode,
  } satisfies ClusterOptions;
}

export function createClusterClient(nodes: ClusterNodeAddress[], options: RedisClientOptions = {}): Cluster {
  const client = new Cluster(nodes, clusterClientOptions(options));
  client.on('error', options.onError ?? (() => undefined));
  return client;
}

export function createRedisConnection(target: RedisTarget, options: RedisClientOptions = {}): RedisConnection {
  return target.kind === 'single' ? createRedisClient(target.url, options) : createClusterClient(target.nodes, options);
}

/** The connections to run a per-node command on (SCAN): every master of a cluster, or the one server. */
export function scanNodes(client: RedisConnection): Redis[] {
  return client instanceof Cluster ? client.nodes('master') : [client];
}

/** Redis answered with an error (ReplyError) as opposed to not answering at all. */
function isReplyError(error: Error): boolean {
  return error.name === 'ReplyError';
}

/** Maps whatever a command threw to a typed store error: no answer → unavailable (retryable). */
export function toStoreError(error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  if (error instanceof Error) {
    if (isReplyError(error)) return new StoreScriptError(`redis: ${error.message}`);
    return new StoreUnavailableError(`redis unavailable: ${error.message}`);
  }
  return new StoreUnavailableError(`redis unavailable: ${String(error)}`);
}

/**
 * Waits for the first connection (bounded), then fails fast: once the client has been ready,
 * a disconnected client means Redis is down and the caller should answer 429 now, not later.
 */
export function createReadiness(client: RedisConnection, firstConnectTimeoutMs: number) {
  let everReady = client.status === 'ready';
  /** One shared wait for the first connection, however many commands arrive before it. */
  let first: Promise<void> | null = null;
  client.on('ready', () => {
    everReady = true;
  });

  function firstConnection(): Promise<void> {
    first ??= new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        client.off('ready', onReady);
        first = null;
        reject(new StoreUnavailableError(`redis unavailable: no connection after ${firstConnectTimeoutMs} ms`));
      }, firstConnectTimeoutMs);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      client.once('ready', onReady);
    });
    return first;
  }

  return async function ready(): Promise<void> {
    if (client.status === 'ready') return;
    if (everReady || client.status === 'end') throw new StoreUnavailableError(`redis unavailable (connection ${client.status})`);
    await firstConnection();
  };
}
