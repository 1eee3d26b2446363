-- effect-head.lua: a contact's next pending effect, in one round trip, with what the delivery step asks around it.
-- KEYS[1] outbox LIST of effect ids, in commit order; KEYS[2] effects HASH id → item JSON; KEYS[3] attempts HASH id → marker
-- ARGV[1] 'next' (read only) | 'delivered' (first mark ARGV[2] delivered: out of the outbox, item and marker dropped)
--         | 'begin' (then, when the next effect is ARGV[2], write its in-flight marker: keep the first attempt's)
--         | 'delivered-begin' ('delivered', then write the marker of whichever effect is next)
-- ARGV[2] the effect id ('' for 'next'); ARGV[3] how many ids to read at a time; ARGV[4] the attempt's time (ms);
-- ARGV[5] the markers' time-to-live (ms); ARGV[6] who attempts (a job id; '' or absent: nobody named)
-- A marker is `<time>` or `<time>|<owner>`. The next effect is the first id in the outbox whose item is still there
-- (an id whose item is gone is passed over).
-- Returns {next item JSON or false, 1 when the marker step ran else 0, the earlier attempt's marker or false}.
local mode = ARGV[1]
if mode == 'delivered' or mode == 'delivered-begin' then
  redis.call('LREM', KEYS[1], 0, ARGV[2])
  redis.call('HDEL', KEYS[3], ARGV[2])
  redis.call('HDEL', KEYS[2], ARGV[2])
end
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
local begin = mode == 'delivered-begin' or (mode == 'begin' and id == ARGV[2])
if not begin then return {item, 0, false} end
local marker = ARGV[4]
if ARGV[6] and ARGV[6] ~= '' then marker = ARGV[4] .. '|' .. ARGV[6] end
local set = redis.call('HSETNX', KEYS[3], id, marker)
local earlier = redis.call('HGET', KEYS[3], id)
redis.call('PEXPIRE', KEYS[3], ARGV[5])
if set == 1 then return {item, 1, false} end
return {item, 1, earlier}
