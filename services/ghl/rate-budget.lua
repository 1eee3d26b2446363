-- Takes one GoHighLevel request slot for a location, or says how long to wait (nothing is taken then).
-- KEYS[1] ZSET   the location's requests in the current interval (score = time ms)
-- KEYS[2] STRING requests today (UTC day in the key name)
-- KEYS[3] STRING epoch ms until which GoHighLevel told us to stop (X-RateLimit-* / Retry-After)
-- ARGV[1] now ms   ARGV[2] interval ms   ARGV[3] max per interval   ARGV[4] max per day
-- ARGV[5] a unique member for this request   ARGV[6] ms until the UTC day ends
-- Returns 0 when the slot is taken, else the ms to wait (> 0).
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local max = tonumber(ARGV[3])
local daily = tonumber(ARGV[4])
local dayLeft = tonumber(ARGV[6])

local blocked = tonumber(redis.call('GET', KEYS[3]) or '0')
if blocked > now then return blocked - now end

redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - interval)
if redis.call('ZCARD', KEYS[1]) >= max then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, tonumber(oldest[2]) + interval - now)
end
if tonumber(redis.call('GET', KEYS[2]) or '0') >= daily then return math.max(1, dayLeft) end

redis.call('ZADD', KEYS[1], now, ARGV[5])
redis.call('PEXPIRE', KEYS[1], interval)
redis.call('INCR', KEYS[2])
redis.call('PEXPIRE', KEYS[2], dayLeft + 60000)
return 0
