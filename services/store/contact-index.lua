-- contact-index.lua: records (or removes) one contact in the contact list, keeping per-state counts exact.
-- KEYS[1]   {contacts}:recent   ZSET  id → last message time
-- KEYS[2]   {contacts}:summary  HASH  id → summary JSON ({contactId, state, bot, version, lastMessageAt})
-- KEYS[3]   {contacts}:counts   HASH  state name → contacts in it
-- KEYS[4..] {contacts}:state:<top> ZSET, one per top-level state, in the order ARGV[6] indexes
-- ARGV[1] 'record' | 'remove'; ARGV[2] contact id; ARGV[3] summary JSON; ARGV[4] version; ARGV[5] score (ms);
-- ARGV[6] 1-based position of the contact's top-level state among KEYS[4..] (0: none); ARGV[7] full state; ARGV[8] top state
-- Returns 1 when the index changed, 0 when the call was ignored (an equal or older version than the recorded one, or nothing to remove).
local old = redis.call('HGET', KEYS[2], ARGV[2])
if old then
  local prev = cjson.decode(old)
  if ARGV[1] == 'record' and tonumber(prev.version) >= tonumber(ARGV[4]) then return 0 end
  local prevTop = string.match(prev.state, '^[^.]+')
  redis.call('HINCRBY', KEYS[3], prev.state, -1)
  if prevTop ~= prev.state then redis.call('HINCRBY', KEYS[3], prevTop, -1) end
  for i = 4, #KEYS do redis.call('ZREM', KEYS[i], ARGV[2]) end
end
if ARGV[1] == 'remove' then
  if not old then return 0 end
  redis.call('HDEL', KEYS[2], ARGV[2])
  redis.call('ZREM', KEYS[1], ARGV[2])
  return 1
end
redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[5], ARGV[2])
local slot = tonumber(ARGV[6])
if slot > 0 then redis.call('ZADD', KEYS[3 + slot], ARGV[5], ARGV[2]) end
redis.call('HINCRBY', KEYS[3], ARGV[7], 1)
if ARGV[8] ~= ARGV[7] then redis.call('HINCRBY', KEYS[3], ARGV[8], 1) end
return 1
