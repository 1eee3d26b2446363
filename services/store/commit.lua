--[[
  commit.lua: one contact's commit, atomically: version compare-and-set, snapshot, processed mark,
  outbox, journal, transcript, context package.

  KEYS[1] record      HASH   { v = version, data = ContactRecord JSON }
  KEYS[2] processed   STRING the messageId's key (ignored when ARGV[3] is '0')
  KEYS[3] outbox      LIST   pending effect ids, commit order
  KEYS[4] effects     HASH   effect id -> OutboxItem JSON
  KEYS[5] journal     LIST   newest first
  KEYS[6] transcript  LIST   oldest first
  KEYS[7] package     STRING context package JSON

  ARGV[1]  expected version (0 = new contact)
  ARGV[2]  record JSON, already carrying version expected + 1
  ARGV[3]  '1' when a messageId is marked processed, '0' for admin events
  ARGV[4]  processed-mark TTL, ms
  ARGV[5]  journal entry JSON
  ARGV[6]  journal cap (entries kept)
  ARGV[7]  transcript cap (entries kept)
  ARGV[8]  package JSON, '' for none
  ARGV[9]  package TTL, ms
  ARGV[10] n = number of effects
  ARGV[11 .. 10+2n]  effect id, OutboxItem JSON (pairs)
  ARGV[11+2n ..]     transcript entries JSON

  Returns
   { 1, version }       committed
   { 0, 0 }             duplicate: the messageId was already processed; nothing written
   { -1, current }      version conflict; nothing written
   { -2, keyIndex, t }  KEYS[keyIndex] holds type t (corrupt); nothing written

  A Lua error does not roll back earlier writes, so every check (and every read that could fail)
  happens before the first write.
]]

local expected_types = { 'hash', 'string', 'list', 'hash', 'list', 'list', 'string' }
local marks = ARGV[3] == '1'
for i = 1, 7 do
  if i ~= 2 or marks then
    local t = redis.call('TYPE', KEYS[i])['ok']
    if t ~= 'none' and t ~= expected_types[i] then
      return { -2, i, t }
    end
  end
end

if marks and redis.call('EXISTS', KEYS[2]) == 1 then
  return { 0, 0 }
end

local current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
if current == nil then
  return { -2, 1, 'hash' }
end
if current ~= tonumber(ARGV[1]) then
  return { -1, current }
end

local version = current + 1
redis.call('HSET', KEYS[1], 'v', version, 'data', ARGV[2])

if marks then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[4])
end

local n = tonumber(ARGV[10])
for i = 0, n - 1 do
  local id = ARGV[11 + 2 * i]
  -- An effect id already in the outbox is not queued twice.
  if redis.call('HSETNX', KEYS[4], id, ARGV[12 + 2 * i]) == 1 then
    redis.call('RPUSH', KEYS[3], id)
  end
end

redis.call('LPUSH', KEYS[5], ARGV[5])
redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[6]) - 1)

local first_transcript = 11 + 2 * n
if #ARGV >= first_transcript then
  redis.call('RPUSH', KEYS[6], unpack(ARGV, first_transcript, #ARGV))
  redis.call('LTRIM', KEYS[6], -tonumber(ARGV[7]), -1)
end

if ARGV[8] ~= '' then
  redis.call('SET', KEYS[7], ARGV[8], 'PX', ARGV[9])
end

return { 1, version }
