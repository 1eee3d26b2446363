-- effect-begin.lua: a delivery attempt's first step in one round trip: the contact's next pending effect (as effect-next.lua
-- reads it) and, when that is the effect the attempt is for, its in-flight marker (as beginEffectAttempt writes it).
-- KEYS[1] outbox LIST of effect ids, in commit order; KEYS[2] effects HASH id → item JSON; KEYS[3] attempts HASH id → marker
-- ARGV[1] the effect the attempt is for; ARGV[2] the attempt's time (ms); ARGV[3] how many ids to read at a time;
-- ARGV[4] the markers' time-to-live (ms)
-- Returns {next item JSON or false, 1 when the marker step ran else 0, an earlier attempt's time or false}.
local batch = tonumber(ARGV[3])
local start = 0
local item = false
local id = false
while not item do
  local ids = redis.call('LRANGE', KEYS[1], start, start + batch - 1)
  if #ids == 0 then return {false, 0, false} end
  local items = redis.call('HMGET', KEYS[2], unpack(ids))
  for i = 1, #ids do
    if items[i] then
      item = items[i]
      id = ids[i]
      break
    end
  end
  start = start + batch
end
if id ~= ARGV[1] then return {item, 0, false} end
local set = redis.call('HSETNX', KEYS[3], ARGV[1], ARGV[2])
local earlier = redis.call('HGET', KEYS[3], ARGV[1])
redis.call('PEXPIRE', KEYS[3], ARGV[4])
if set == 1 then return {item, 1, false} end
return {item, 1, earlier}
