// The remote-bot HTTP contract: what Baton POSTs to BOT_URL_<BOT> and what it accepts back (zod, both ways).
import { z } from 'zod';
import { MAX_SMS_CHARS } from '../../bots/compose';
import { BOT_NAMES, FACT_KEYS } from '../../domain/types';

const factKey = z.enum(FACT_KEYS);
const scores = z.object({
  temperature: z.enum(['hot', 'warm', 'cold']),
  readiness: z.number().min(0).max(100),
  motivation: z.number().min(0).max(100),
});

export const remoteBotRequestSchema = z
  .object({
    contactId: z.string(),
    bot: z.enum(BOT_NAMES),
    message: z.object({ text: z.string(), at: z.number().meta({ description: 'epoch ms of the inbound message' }) }),
    context: z.object({
      facts: z.record(z.string(), z.unknown()).meta({ description: 'every fact known about the contact (budget, timeline, ...)' }),
      asked: z.array(factKey).meta({ description: 'fact keys this contact has been asked so far, oldest first' }),
      scores,
      contextPackage: z.record(z.string(), z.unknown()).nullable().meta({ description: 'the fresh handoff package, or null' }),
    }),
    asksAllowed: z.array(factKey).meta({ description: 'the only fact keys the reply may ask for (the ones not known yet)' }),
  })
  .meta({ id: 'RemoteBotRequest', description: 'What Baton POSTs to a remote bot (BOT_URL_LEAD|BUYER|SELLER) for one turn' });
export type RemoteBotRequest = z.infer<typeof remoteBotRequestSchema>;

export const remoteBotResponseSchema = z
  .object({
    text: z.string().trim().min(1).max(MAX_SMS_CHARS),
    asks: z.array(factKey).max(FACT_KEYS.length).meta({ description: 'fact keys the text asks for; one outside asksAllowed is refused' }),
    scores: scores.optional().meta({ description: "omitted: the built-in bot's scores are used" }),
  })
  .meta({ id: 'RemoteBotResponse', description: 'A remote bot’s answer: 200 application/json within BOT_TIMEOUT_MS' });
export type RemoteBotResponse = z.infer<typeof remoteBotResponseSchema>;
