--[[
  lock-acquire.lua: the inbound message's first round trip. Refuses a processed messageId, takes the
  contact lock (SET NX PX with a random token) and reads the record under it, atomically.

  KEYS[1] lock       STRING the lock token
  KEYS[2] seen       ZSET   processed messageIds (member -> epoch ms marked)
  KEYS[3] record     STRING `<version>:<package section><body>` (record-codec.ts; bytes: the body is deflated), or
                            (written by older hosts) `<version>:<JSON>` or HASH { v, data }
  KEYS[4] legacy     STRING the messageId's own key, as older hosts marked it

  ARGV[1] token
  ARGV[2] lock TTL, ms
  ARGV[3] the messageId's member in KEYS[2] (keys.ts processedMember)
  ARGV[4] processed cutoff, epoch ms: a member marked at or before it is no longer processed

  Returns
   { 1, data }   lock taken; data is the stored record (as stored, or an older host's hash's JSON), nil for a new contact
   { 0 }         duplicate: the messageId was already processed; the lock is not taken
   { -1 }        busy: another holder has the lock; nothing changed
   { -2, t }     the record key holds type t, or a string without its version (corrupt); the lock is not taken
   { -3, t }     the seen key holds type t (corrupt); the lock is not taken

  The processed check runs before the lock so a redelivery never waits for it; under the lock no
  commit of this contact can land, so "not processed" stays true until this holder commits
  (commit.lua checks it again). Every check comes before the only write, the SET.
]]
local seen_type = redis.call('TYPE', KEYS[2])['ok']
if seen_type ~= 'none' and seen_type ~= 'zset' then
  return { -3, seen_type }
end
if redis.call('EXISTS', KEYS[4]) == 1 then
  return { 0 }
end
local marked = redis.call('ZSCORE', KEYS[2], ARGV[3])
if marked and tonumber(marked) > tonumber(ARGV[4]) then
  return { 0 }
end
local t = redis.call('TYPE', KEYS[3])['ok']
if t ~= 'none' and t ~= 'hash' and t ~= 'string' then
  return { -2, t }
end
if t == 'string' and not string.match(redis.call('GETRANGE', KEYS[3], 0, 20), '^%d+:') then
  return { -2, t }
end
if not redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return { -1 }
end
if t == 'string' then
  return { 1, redis.call('GET', KEYS[3]) }
end
return { 1, redis.call('HGET', KEYS[3], 'data') }
