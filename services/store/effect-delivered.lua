-- effect-delivered.lua: marks an effect delivered and answers the contact's next pending effect, in one round trip
-- (the chain's next step reads it at once). The marking is what markEffect's MULTI does; the read is effect-next.lua's.
-- KEYS[1] outbox LIST of effect ids, in commit order; KEYS[2] effects HASH id → item JSON; KEYS[3] attempts HASH id → marker
-- ARGV[1] the delivered effect's id; ARGV[2] how many ids to read at a time
-- Returns the next item's JSON, or false when nothing is pending.
redis.call('LREM', KEYS[1], 0, ARGV[1])
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
local batch = tonumber(ARGV[2])
local start = 0
while true do
  local ids = redis.call('LRANGE', KEYS[1], start, start + batch - 1)
  if #ids == 0 then return false end
  local items = redis.call('HMGET', KEYS[2], unpack(ids))
  for i = 1, #ids do
    if items[i] then return items[i] end
  end
  start = start + batch
end
