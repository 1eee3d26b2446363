// The intent corpus's hygiene: the blind sets never leak into training or dev, training is big and Spanish enough, the model trained on training only.
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BLIND_FILES, CORPUS_DIR, DEV_FILE, readCorpus, type LabelledSms } from '../../../services/intent/corpus';
import { readIntentModel } from '../../../services/intent/model-file';

const MIN_TRAINING_MESSAGES = 3_000;
const MIN_SPANISH_SHARE = 0.15;

/** The training files as they are on disk (train-*.jsonl), not as any code lists them. */
const trainingFiles = readdirSync(CORPUS_DIR)
  .filter((file) => /^train-.+\.jsonl$/.test(file))
  .sort();
const training: LabelledSms[] = trainingFiles.flatMap((file) => readCorpus(`${CORPUS_DIR}/${file}`));
const dev = readCorpus(`${CORPUS_DIR}/${DEV_FILE}`);
const blind = BLIND_FILES.flatMap((file) => readCorpus(`${CORPUS_DIR}/${file}`));

/** One spelling per message: NFKC, lower case, straight apostrophes, single spaces, no edge whitespace. */
function normalised(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

describe('the intent corpus', () => {
  it('finds the training files on disk', () => {
    expect(trainingFiles.length).toBeGreaterThanOrEqual(1);
    expect(blind.length).toBeGreaterThan(0);
  });

  it('holds no message of either blind set, normalised, in any training or dev file', () => {
    const seen = new Set([...training, ...dev].map((sms) => normalised(sms.text)));
    const leaked = blind.map((sms) => sms.text).filter((text) => seen.has(normalised(text)));
    expect(leaked).toEqual([]);
  });

  it('normalises curly apostrophes, case and whitespace to one spelling, so a leak cannot hide behind them', () => {
    expect(normalised('  Don’t\tTEXT  me\nagain ')).toBe(normalised("don't text me again"));
    expect(normalised('ＳＴＯＰ')).toBe('stop');
  });

  it(`trains on at least ${MIN_TRAINING_MESSAGES} messages, at least ${MIN_SPANISH_SHARE * 100} % of them Spanish or Spanglish`, () => {
    expect(training.length).toBeGreaterThanOrEqual(MIN_TRAINING_MESSAGES);
    const spanish = training.filter((sms) => sms.lang === 'es' || sms.lang === 'mix').length;
    expect(spanish / training.length).toBeGreaterThanOrEqual(MIN_SPANISH_SHARE);
  });

  it('has a committed model trained on training files only, every one of them, and as many examples as they hold', () => {
    const { trainedOn } = readIntentModel();
    expect(trainedOn.corpus.filter((file) => !trainingFiles.includes(file))).toEqual([]);
    expect(trainedOn.corpus).not.toContain(DEV_FILE);
    for (const file of BLIND_FILES) expect(trainedOn.corpus).not.toContain(file);
    expect([...trainedOn.corpus].sort()).toEqual(trainingFiles);
    expect(trainedOn.examples).toBe(training.length);
  });
});
