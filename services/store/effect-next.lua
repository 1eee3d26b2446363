-- effect-next.lua: a contact's next pending effect in one round trip: the first id in its outbox list whose item is still in
-- its effects hash (an id whose item is gone, marked meanwhile, is passed over).
-- KEYS[1] outbox LIST of effect ids, in commit order; KEYS[2] effects HASH id → item JSON
-- ARGV[1] how many ids to read at a time
-- Returns the item's JSON, or false when nothing is pending.
local batch = tonumber(ARGV[1])
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
