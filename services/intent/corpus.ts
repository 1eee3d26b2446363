// Reads the labelled SMS corpus (JSON lines) with zod: the intent model's training, dev and blind sets.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { INTENT_CLASSES } from '../../domain/intent-model';

export const labelledSmsSchema = z.object({
  text: z.string().min(1),
  label: z.enum(INTENT_CLASSES),
  lang: z.enum(['en', 'es', 'mix']).optional(),
  tag: z.string().optional(),
  tags: z.array(z.string()).optional(),
});
export type LabelledSms = z.infer<typeof labelledSmsSchema>;

export const CORPUS_DIR = 'test/fixtures/intents';
export const TRAIN_FILES = ['train-a.jsonl', 'train-b.jsonl', 'train-c.jsonl', 'train-d.jsonl', 'train-e.jsonl'] as const;
export const DEV_FILE = 'dev.jsonl';
export const BLIND_FILE = 'blind.jsonl';
/** A second blind set by a sixth author, written after the first one had been looked at. */
export const BLIND_2_FILE = 'blind-2.jsonl';
export const BLIND_FILES = [BLIND_FILE, BLIND_2_FILE] as const;

export function readCorpus(path: string): LabelledSms[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const parsed = labelledSmsSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${index + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return parsed.data;
    });
}

export function readCorpusFiles(dir: string, files: readonly string[]): LabelledSms[] {
  return files.flatMap((file) => readCorpus(`${dir}/${file}`));
}

/** A message that uses a stop-like word without opting out ("can I stop by"). */
export function isStopWordNegative(sms: LabelledSms): boolean {
  return sms.tag === 'stop_word' || (sms.tags?.includes('stop_word') ?? false);
}
