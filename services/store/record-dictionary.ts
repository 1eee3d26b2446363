// The preset deflate dictionary of the Redis record's body (tag `z`): the snapshot's structure, frozen forever.
//
// Never edit this text: every record compressed with it needs these exact bytes to be read. A better dictionary is a
// new one beside it with a tag of its own (record-codec.ts), this one kept for what it wrote.
//
// What it holds: the persisted snapshot's JSON keys and nesting, the closed vocabularies it is written with (places,
// fact keys, decision kinds, reasons and deciders, the guards' detail names, pattern families, score words) and the
// policy's default numbers. No message text, no bot reply, no id, no time: nothing a conversation says. deflate finds
// a match faster and codes it shorter the nearer it is to the end, so the snapshot's skeleton comes last.

const VOCABULARY = [
  '"goal":"buy","goal":"sell","goal":"both","budget":{"min":null,"max":,"currency":"USD"},"preapproval":true,"preapproval":false,',
  '"downPayment":,"timeline":{"text":"","months":},"preferences":{"bedrooms":,"bathrooms":,"propertyType":"","features":[]},"area":"",',
  '"motivation":"","condition":"","propertyType":"","price":,"contactWindow":"","appointmentDay":"","showingTime":"",',
  '"escalated","optedOut","qualified","human_requested","opted_out","opted_in","help_requested","silenced","human_takeover",',
  '"human_release","below_threshold","depth_limit","rate_hour","rate_day","target_unhealthy","next_goal","same_bot","defer",',
  '"escalate","takeover","release","help","depth","rate","health","command","state","admin","all","opt_out","opt_in","silent",',
  '"chainLength":0,"lastHour":0,"lastDay":0,"sinceMs":null,"cooldownMs":1800000,"settleMs":60000,"sinceAnyMs":,"scope":"settle",',
  '"route":"lead>buyer","route":"lead>seller","route":"buyer>seller","route":"seller>buyer","threshold":0.7,"targetP95Ms":0,"targetErrorRate":0,',
  '"escalation":{"reason":"","at":,"by":null},"pendingOutcome":{"route":"lead>seller","pattern":"seller.general","at":},',
  'preapproval","first_home","showing","relocation","home_search","home_value","cash_offer","inherited","unload","listing",',
  'sell_my_house","move_up","downsize","sell_and_buy","distress","call_request","bot_suspicion","person_request",',
  '"temperature":"hot","temperature":"warm",',
].join('');

const SKELETON =
  '{"machineVersion":2,"version":,"snapshot":{"status":"active","value":{"lead":"goal"},"historyValue":{},"context":{"contactId":"",' +
  '"facts":{"goal":"buy"},"asked":["goal","budget"],"lastAsked":["budget"],"scores":{"temperature":"cold","readiness":0,"motivation":0},' +
  '"handoffs":[{"from":"lead","to":"buyer","at":,"pattern":"buyer.general","confidence":0.99}],"handoffCount":1,"chainResetAt":null,' +
  '"contextPackage":{"from":"lead","to":"seller","at":,"expiresAt":,"facts":{"goal":"sell"},"intent":{"target":"seller","confidence":0.99,' +
  '"pattern":"seller.general"},"answered":["goal"],"scores":{"temperature":"cold","readiness":0,"motivation":0}},"decision":{"kind":"stay",' +
  '"reason":"no_intent","decidedBy":"intent","from":"buyer","to":"buyer","at":,"messageId":"","details":{"target":null,"confidence":0,' +
  '"pattern":"","buyerScore":0,"sellerScore":0}},"lastAt":,"messageCount":,"resumeTo":"lead","awaitingFirstTurn":false,"escalation":null,' +
  '"pendingOutcome":null},"children":{}}}';

/** Dictionary 1 (tag `z`). */
export const RECORD_DICTIONARY_1 = Buffer.from(VOCABULARY + SKELETON);
