// The bots' public surface: the classifier, fact extraction, scoring, question order and the three bots.
import type { BotName } from '../domain/types';
import { buyerBot } from './buyer';
import { leadBot } from './lead';
import { sellerBot } from './seller';
import type { Bot } from './types';

export { createIntentClassifier, type IntentClassifier } from './intent/classify';
export { carrierCommandOf } from './intent/compliance';
export { compileIntentModel } from './intent/predict';
export { extractFacts, type ExtractContext } from './extract';
export { scoreContact, buyerReadiness, sellerMotivation } from './scoring';
export { QUESTION_ORDER, nextQuestion, questionText } from './questions';
export { MAX_SMS_CHARS, knownFacts } from './compose';
export { normalize } from './normalize';
export type { Bot } from './types';

export const BOTS: Record<BotName, Bot> = { lead: leadBot, buyer: buyerBot, seller: sellerBot };
