--[[
  lock-release.lua: delete the contact lock only if it still holds our token (compare-and-delete).

  KEYS[1] lock  STRING token
  ARGV[1] token

  Returns 1 released, 0 not ours (expired, or taken by another holder): left untouched.
]]
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
