// Loads the store's Lua scripts from their .lua files and defines them on an ioredis client.
import { readFileSync } from 'node:fs';
import type { RedisConnection } from './redis-client';

const SCRIPTS = {
  batonCommit: { file: 'commit.lua', keys: 9 },
  batonLockAcquire: { file: 'lock-acquire.lua', keys: 4 },
  batonLockRelease: { file: 'lock-release.lua', keys: 1 },
  batonLockRenew: { file: 'lock-renew.lua', keys: 1 },
  batonEffectHead: { file: 'effect-head.lua', keys: 3 },
} as const;

export type ScriptName = keyof typeof SCRIPTS;

/** Read once per process; the files sit next to this module wherever it runs from. */
const sources = new Map<ScriptName, string>();

function source(name: ScriptName): string {
  let lua = sources.get(name);
  if (lua === undefined) {
    lua = readFileSync(new URL(`./${SCRIPTS[name].file}`, import.meta.url), 'utf8');
    sources.set(name, lua);
  }
  return lua;
}

export function defineScripts(client: RedisConnection): void {
  for (const name of Object.keys(SCRIPTS) as ScriptName[]) {
    if (typeof Reflect.get(client, name) === 'function') continue;
    client.defineCommand(name, { numberOfKeys: SCRIPTS[name].keys, lua: source(name) });
  }
}

/**
 * Calls a script defined by defineScripts (EVALSHA, falling back to EVAL after a SCRIPT FLUSH or
 * restart). The reply is `unknown` on purpose: callers parse it with zod. `bytes`: strings in it come back as Buffers.
 */
export async function runScript(client: RedisConnection, name: ScriptName, keys: string[], args: Array<string | number | Buffer>, replyAs: 'text' | 'bytes' = 'text'): Promise<unknown> {
  // ioredis defines `<name>Buffer` beside each script: the same call, its replies' strings as Buffers.
  const command: unknown = Reflect.get(client, replyAs === 'bytes' ? `${name}Buffer` : name);
  if (typeof command !== 'function') throw new Error(`script ${name} is not defined on this client`);
  const reply: unknown = await Reflect.apply(command, client, [...keys, ...args]);
  return reply;
}
