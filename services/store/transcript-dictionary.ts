// The preset deflate dictionary of the Redis transcript's packed lines (transcript-pack.ts, tag `z`): texts and the line's structure, frozen forever.
//
// Never edit this text: every line packed with it needs these exact bytes to be read. A better dictionary is a new
// one beside it with a tag of its own, this one kept for what it wrote.
//
// What it holds: the texts SMS are mostly made of (text-dictionary.ts: the bots' replies, the machine's notices,
// common inbound words), then the compact line's skeleton (transcript-codec.ts, without its time, which stays
// outside the deflated part for commit.lua): kinds, bot indexes, the engine's outbound id suffixes and the fact keys a
// reply asks for. No id, no time. deflate codes a match shorter the nearer it is to the end, so the skeleton is last.

import { SMS_TEXTS_1 } from './text-dictionary';

const SKELETON = [
  '","appointmentDay"]","contactWindow"]","showingTime"]","area"]","preferences"]","downPayment"]","condition"]","price"]',
  '","motivation"]","timeline"]","goal"]',
  '[1,"",null,null][0,"",2,"',
  '[2,"Thanks — I see you\'re looking ",0,":1","goal"][2,"Hi, ",1,":1","budget"]',
  '",0,"",1,"",2,"":0","preapproval"][0,"[2,"Got it, thanks. ":0","budget"]',
].join('');

/** Dictionary 1 (tag `z`). */
export const TRANSCRIPT_DICTIONARY_1 = Buffer.from(SMS_TEXTS_1 + SKELETON);
