// `baton export CONTACT_ID`: the contact's journal and transcript as JSON lines, for a support ticket or `baton replay --file`.
import type { Command } from 'commander';
import { exportLines } from '../services/replay/export-format';
import { createRedisSource } from '../services/replay/redis-source';
import { DEFAULT_PREFIX } from '../services/store/keys';
import { defaultRedisUrl } from './replay-command';

async function exportContact(contactId: string, flags: { redisUrl?: string; prefix: string }): Promise<void> {
  const source = createRedisSource({ url: flags.redisUrl ?? defaultRedisUrl(), prefix: flags.prefix });
  try {
    const [conversation] = await source.load([contactId]);
    if (conversation === undefined || (conversation.journal.length === 0 && conversation.transcript.length === 0)) {
      throw new Error(`contact ${contactId} has no journal or transcript`);
    }
    process.stdout.write(`${exportLines(conversation, new Date()).join('\n')}\n`);
  } finally {
    await source.close();
  }
}

export function addExportCommand(program: Command): void {
  program
    .command('export')
    .description("print a contact's journal and transcript as JSON lines (for a ticket, or `baton replay --file`)")
    .argument('<contactId>', 'the contact')
    .option('--redis-url <url>', 'the Redis the host writes to (default $REDIS_URL or redis://127.0.0.1:6379)')
    .option('--prefix <prefix>', 'Redis key prefix', DEFAULT_PREFIX)
    .action(async (contactId: string, flags: { redisUrl?: string; prefix: string }) => exportContact(contactId, flags));
}
