// The preset deflate dictionaries of the Redis journal's packed entries (journal-pack.ts, tags `z` and `y`): the compact entry's structure, frozen forever.
//
// Never edit this text: every entry packed with it needs these exact bytes to be read. A better dictionary is a new
// one beside it with a tag of its own, this one kept for what it wrote.
//
// Dictionary 2 (below) is dictionary 1 behind the texts of text-dictionary.ts, frozen the same way.
//
// What dictionary 1 holds: the compact entry's keys and tuples (journal-codec.ts, without `a` and the health, which stay
// outside the deflated part for commit.lua), the closed vocabularies (places and sub-states, fact keys, decision
// kinds, reasons and deciders, the guards' detail names, pattern families, score words, routes) and the policy's
// default numbers. No message text, no bot reply, no id, no time: nothing a conversation says. deflate codes a match
// shorter the nearer it is to the end, so the most common entry shapes come last.

import { SMS_TEXTS_1 } from './text-dictionary';

const VOCABULARY = [
  '"goal":"buy","goal":"sell","goal":"both","budget":{"min":null,"max":,"currency":"USD"},"preapproval":true,"preapproval":false,',
  '"downPayment":,"timeline":{"text":"","months":},"preferences":{"bedrooms":,"bathrooms":,"propertyType":"","features":[]},"area":"",',
  '"motivation":"","condition":"","propertyType":"","price":,"contactWindow":"","appointmentDay":"","showingTime":"",',
  '"escalated","optedOut","lead.contactWindow","lead.appointmentDay","buyer.downPayment","buyer.preferences","buyer.area",',
  '"buyer.showingTime","seller.timeline","seller.condition","seller.price","lead.qualified","buyer.qualified","seller.qualified",',
  '"human_requested","opted_out","opted_in","help_requested","silenced","human_takeover","human_release","below_threshold",',
  '"depth_limit","rate_hour","rate_day","target_unhealthy","next_goal","defer","escalate","takeover","release","help","depth",',
  '"rate","health","command","state","admin","opt_out","opt_in","silent","stop","start",',
  '"chainLength":,"lastHour":,"lastDay":,"sinceMs":,"targetP95Ms":,"targetErrorRate":,"cooldownMs":,"settleMs":,"threshold":0.8,',
  '"by":"","E":{"type":"HUMAN_TAKEOVER","at":,"by":""},"E":{"type":"HUMAN_RELEASE","at":,"by":"idle_timeout","bot":"lead"},',
  'first_home","showing","relocation","home_search","home_value","cash_offer","inherited","unload","listing","move_up",',
  'downsize","sell_and_buy","distress","call_request","bot_suspicion","person_request","buyer.preapproval","buyer.budget",',
  '"th":{"lead>buyer":0.65,"lead>seller":0.65,"buyer>seller":0.75,"seller>buyer":0.55},"em":"","ea":,"ra":,"dm":null,',
].join('');

const ENTRIES = [
  '{"n":1,"m":"","d":["handoff","handoff","all","lead","seller",{"threshold":0.7}],"x":7,"y":248,"s":"seller.motivation",',
  '"e":{"t":"","i":["seller","sell",0.99,"seller.sell_my_house",0.01,0.99,null],"f":{"goal":"sell"}},"r":["seller","",["motivation"],"cold",0,0]}',
  '{"n":2,"m":"","d":["handoff","handoff","all","lead","buyer",{"threshold":0.7}],"x":7,"y":248,"s":"buyer.budget",',
  '"e":{"t":"","i":["buyer","buy",0.99,"buyer.general",0.99,0.01,null],"f":{"goal":"buy"}},"r":["buyer","",["budget"],"cold",0,0]}',
  '{"n":3,"m":"","d":["stay","cooldown","cooldown","buyer","buyer",{"route":"buyer>seller","scope":"settle","sinceAnyMs":}],"x":31,"y":7,',
  '"s":"buyer.budget","e":{"t":"","i":["seller","sell",0.99,"seller.sell_my_house",0.01,0.99,null],"f":{"goal":"sell"}},',
  '"r":["buyer","",["budget"],"warm",0,0]}',
  '{"n":4,"m":"","d":["stay","same_bot","intent","buyer","buyer",{}],"x":31,"s":"buyer.budget","e":{"t":"","i":["buyer","buy",0.99,',
  '"buyer.general",0.99,0.01,null],"f":{"goal":"buy","timeline":{"text":"","months":3}}},"r":["buyer","",["budget"],"warm",0,0]}',
  '{"n":5,"m":"","d":["stay","no_intent","intent","lead","lead",{}],"x":31,"s":"lead.timeline","e":{"t":"","i":[null,null,0,"",0,0,null]},',
  '"r":["lead","",["timeline"],"cold",0,0]}',
  '{"n":6,"m":"","d":["stay","no_intent","intent","buyer","buyer",{}],"x":31,"s":"buyer.preapproval","e":{"t":"","i":[null,null,0,"",0,0,null],',
  '"f":{"budget":{"min":null,"max":,"currency":"USD"}}},"r":["buyer","",["preapproval"],"hot",0,0]}',
].join('');

/** Dictionary 1 (tag `z`). */
export const JOURNAL_DICTIONARY_1 = Buffer.from(VOCABULARY + ENTRIES);

/**
 * Dictionary 2 (tag `y`): the texts SMS are mostly made of (text-dictionary.ts: the bots' replies, the machine's
 * notices, common inbound words; an entry holds its message's text and its reply's), then dictionary 1 unchanged, so
 * the structure stays nearest the end.
 */
export const JOURNAL_DICTIONARY_2 = Buffer.concat([Buffer.from(SMS_TEXTS_1), JOURNAL_DICTIONARY_1]);
