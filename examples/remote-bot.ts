// A tiny remote bot for the README tour: answers Baton's POST with a reply asking the next allowed fact (swap in an LLM call).
import { createServer } from 'node:http';
import { remoteBotRequestSchema, type RemoteBotRequest, type RemoteBotResponse } from '../services/bots/contract';

const port = Number(process.env['PORT'] ?? 4001);
const delayMs = Number(process.env['DELAY_MS'] ?? 0);

const QUESTIONS: Partial<Record<RemoteBotRequest['asksAllowed'][number], string>> = {
  budget: 'What price range feels comfortable?',
  preapproval: 'Have you been pre-approved for a mortgage yet?',
  downPayment: 'How much are you planning to put down?',
  timeline: 'When would you like to move?',
  area: 'Which neighbourhoods are you looking at?',
  motivation: 'What has you thinking about selling?',
  condition: 'How would you describe the condition of the home?',
  price: 'Do you have a price in mind?',
};

/** The whole "model": thank the contact, then ask the first question Baton still allows. */
function reply(request: RemoteBotRequest): RemoteBotResponse {
  const next = request.asksAllowed.find((key) => QUESTIONS[key] !== undefined);
  const question = next === undefined ? 'Shall I set up a call with an agent?' : QUESTIONS[next];
  return { text: `Thanks! (${request.bot} bot, remote) ${question ?? ''}`.trim(), asks: next === undefined ? [] : [next] };
}

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
    } catch {
      body = null;
    }
    const parsed = remoteBotRequestSchema.safeParse(body);
    if (!parsed.success) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: parsed.error.issues[0]?.message ?? 'invalid' }));
      return;
    }
    const answer = reply(parsed.data);
    setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer)), delayMs);
  });
}).listen(port, '127.0.0.1', () => {
  process.stdout.write(`remote bot on http://127.0.0.1:${port} (DELAY_MS=${delayMs}); start Baton with BOT_URL_BUYER=http://127.0.0.1:${port}\n`);
});
