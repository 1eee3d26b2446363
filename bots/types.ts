// The shape every bot has: a name, its question keys in order, and a pure reply function.
import type { BotName, BotReply, BotTurn, FactKey } from '../domain/types';

export interface Bot {
  name: BotName;
  questions: readonly FactKey[];
  reply(turn: BotTurn): BotReply;
}
