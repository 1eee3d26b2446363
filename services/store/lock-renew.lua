--[[
  lock-renew.lua: extend the contact lock only if it still holds our token (compare-and-pexpire).

  KEYS[1] lock  STRING token
  ARGV[1] token
  ARGV[2] new TTL, ms

  Returns 1 renewed, 0 lost (expired, or taken by another holder).
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
