--[[
  commit.lua: one contact's commit, atomically: version compare-and-set, snapshot, processed mark,
  outbox, journal, transcript, context package, the contact's GoHighLevel location.

  KEYS[1] record      STRING `<version>:<package section><location section><body>` (record-codec.ts; the body is the
                             record deflated, bytes this script never reads); an older host's HASH { v, data } or
                             `<version>:<JSON>` is read and replaced on its next commit
  KEYS[2] seen        ZSET   processed messageIds, member -> epoch ms marked (ignored when ARGV[3] is '')
  KEYS[3] outbox      LIST   pending effect ids, commit order
  KEYS[4] effects     HASH   effect id -> OutboxItem JSON
  KEYS[5] journal     LIST   newest first; entries packed (journal-pack.ts: `<at36>;<health>:y<deflated>`, the time in
                             base 36; `<at>:<health>:y` or `:z`, the time in decimal, as written before) or, written
                             before that, compact JSON (journal-codec.ts: time in `a`) or full JSON (`decision.at`)
  KEYS[6] transcript  LIST   oldest first; lines packed (transcript-pack.ts: `<at36>;z<deflated>`, or `<at>:z` in decimal
                             as written before) or, written before, compact (transcript-codec.ts: an array, time third)
                             or objects (`at`)
  KEYS[7] package     STRING legacy, no longer written: an older host's context package JSON (PX its TTL); carried
                             into the record's section by the contact's next commit, then deleted
  KEYS[8] legacy      STRING the messageId's own key as older hosts marked it (read only; ignored when ARGV[3] is '')
  KEYS[9] lock        STRING the contact lock's token: deleted after the commit when it is ARGV[15] (the lock release
                             in the commit's step); untouched when ARGV[15] is '' or another token

  ARGV[1]  expected version (0 = new contact)
  ARGV[2]  the record's body (record-codec.ts encodeRecordBody; its JSON carries version expected + 1); stored as
           `<expected + 1>:<package section><location section><body>`
  ARGV[3]  the messageId's member in KEYS[2] (keys.ts processedMember), '' for admin events (nothing marked)
  ARGV[4]  processed-mark lifetime, ms (processedIdsMs)
  ARGV[5]  journal entry, packed (journal-pack.ts)
  ARGV[6]  journal cap (entries kept)
  ARGV[7]  transcript cap (entries kept)
  ARGV[8]  this commit's package section (`!<expiresAt>=<hash>:` or `!<expiresAt>+<bytes>:<json>`, the expiry in base
           36; `@` and decimal as written before, still read), '' for none: then the stored package, if any and not
           expired, is kept (an older host's `package` key included, carried in as `@<expiresAt>+<bytes>:<json>`)
  ARGV[9]  the hash of this commit's snapshot's own package (record-codec.ts packageHash), '' when it holds none:
           a kept `=<hash>` section stays only while the snapshot still holds that package
  ARGV[10] n = number of effects
  ARGV[11] history cutoff, epoch ms: journal and transcript entries older than this are dropped
  ARGV[12] now, epoch ms (the committing host's clock): the mark's score; marks at or before now - ARGV[4] have expired
  ARGV[13] the new journal entry's health field as it stores it (journal-health.ts), '' for none: the previous head's
           same field becomes `0` ("the same as the next newer entry", journal-codec.ts): its second field when packed,
           `"h":0` in a compact JSON head holding `"h":<ARGV[13]>` (a head stored before in another form keeps it)
  ARGV[14] this commit's location section (`~<bytes>:<location>`, record-codec.ts locationSection), '' for none: then
           the stored record's, if any, is kept
  ARGV[15] the committing host's lock token, '' for none
  ARGV[16 .. 15+2n]  effect id, OutboxItem JSON (pairs)
  ARGV[16+2n ..]     transcript lines, packed (transcript-pack.ts)

  Returns
   { 1, version, head, released } committed; head: the id of the first effect queued into an empty outbox (the
                        contact's next), or nil; released: 1 when the lock held ARGV[15] and was deleted, else 0
   { 0, 0 }             duplicate: the messageId was already processed; nothing written
   { -1, current }      version conflict; nothing written
   { -2, keyIndex, t }  KEYS[keyIndex] holds type t (corrupt); nothing written
   { -3, 0 }            the kept package is a reference to a snapshot package this commit's snapshot no longer
                        holds: the caller reads it and commits again with it as ARGV[8]; nothing written

  A Lua error does not roll back earlier writes, so every check (and every read that could fail)
  happens before the first write.
]]

local expected_types = { 'string', 'zset', 'list', 'hash', 'list', 'list', 'string', 'string' }
local marks = ARGV[3] ~= ''
for i = 1, 8 do
  if (i ~= 2 and i ~= 8) or marks then
    local t = redis.call('TYPE', KEYS[i])['ok']
    if t ~= 'none' and t ~= expected_types[i] and not (i == 1 and t == 'hash') then
      return { -2, i, t }
    end
  end
end

local now = tonumber(ARGV[12])
local expired = now - tonumber(ARGV[4])
if marks then
  if redis.call('EXISTS', KEYS[8]) == 1 then
    return { 0, 0 }
  end
  local marked = redis.call('ZSCORE', KEYS[2], ARGV[3])
  if marked and tonumber(marked) > expired then
    return { 0, 0 }
  end
end

local record_type = redis.call('TYPE', KEYS[1])['ok']
local current = 0
local stored = nil
if record_type == 'hash' then
  current = tonumber(redis.call('HGET', KEYS[1], 'v') or '0')
elseif record_type == 'string' then
  stored = redis.call('GET', KEYS[1])
  current = tonumber(string.match(stored, '^(%d+):'))
end
if current == nil then
  return { -2, 1, record_type }
end
if current ~= tonumber(ARGV[1]) then
  return { -1, current }
end

-- The package section the new record keeps: this commit's, else the stored one while it has not expired.
local section = ARGV[8]
if section == '' and stored then
  -- `!` and the expiry in base 36 (record-codec.ts), or `@` and the expiry in decimal as written before.
  local head, mark, expires, kind, value, after = string.match(stored, '^(%d+:)([!@])([%da-z]+)([=+])(%x+):()')
  if head and tonumber(expires, mark == '!' and 36 or 10) > now then
    if kind == '=' then
      if value ~= ARGV[9] then
        return { -3, 0 }
      end
      section = string.sub(stored, #head + 1, after - 1)
    else
      section = string.sub(stored, #head + 1, after + tonumber(value) - 1)
    end
  end
end
if section == '' and not (stored and string.find(stored, '^%d+:[!@~]')) then
  -- An older host's record: its package, if any, is the package key's.
  local legacy = redis.call('GET', KEYS[7])
  local ttl = redis.call('PTTL', KEYS[7])
  if legacy and ttl > 0 then
    section = '@' .. string.format('%d', now + ttl) .. '+' .. #legacy .. ':' .. legacy
  end
end

-- The location section the new record keeps: this commit's, else the stored one (after the stored package section, if any).
local location = ARGV[14]
if location == '' and stored then
  local at = string.match(stored, '^%d+:()')
  local kind, value, after = string.match(stored, '^[!@][%da-z]+([=+])(%x+):()', at)
  if kind == '=' then
    at = after
  elseif kind == '+' then
    at = after + tonumber(value)
  end
  local bytes, start = string.match(stored, '^~(%d+):()', at)
  if bytes then
    location = string.sub(stored, at, start + tonumber(bytes) - 1)
  end
end

local version = current + 1
if record_type == 'hash' then
  redis.call('DEL', KEYS[1])
end
redis.call('SET', KEYS[1], string.format('%d', version) .. ':' .. section .. location .. ARGV[2])
redis.call('DEL', KEYS[7])

if marks then
  redis.call('ZADD', KEYS[2], now, ARGV[3])
  redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', expired)
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
end

local n = tonumber(ARGV[10])
-- The first effect queued into an empty outbox is the contact's next: the reply says so, and the dispatcher queues it without reading.
local head = false
local outbox_was_empty = n > 0 and redis.call('LLEN', KEYS[3]) == 0
for i = 0, n - 1 do
  local id = ARGV[16 + 2 * i]
  -- An effect id already in the outbox is not queued twice.
  if redis.call('HSETNX', KEYS[4], id, ARGV[17 + 2 * i]) == 1 then
    redis.call('RPUSH', KEYS[3], id)
    if outbox_was_empty and not head then head = id end
  end
end

-- The time of a stored journal/transcript entry; nil when it cannot be read (such an entry is kept).
local function entry_at(json, in_decision)
  -- A packed journal entry or transcript line (journal-pack.ts, transcript-pack.ts) starts with its time: base 36 then
  -- `;`, or decimal then `:` as written before; JSON starts with `{` or `[`.
  local base36 = string.match(json, '^([%da-z]+);')
  if base36 then return tonumber(base36, 36) end
  local packed = string.match(json, '^(%d+):')
  if packed then return tonumber(packed) end
  local ok, entry = pcall(cjson.decode, json)
  if not ok or type(entry) ~= 'table' then return nil end
  if in_decision then
    if type(entry.decision) == 'table' then return tonumber(entry.decision.at) end
    return tonumber(entry.a)
  end
  if entry.at ~= nil then return tonumber(entry.at) end
  return tonumber(entry[3])
end

-- Drops entries older than the cutoff from one end of a list (the oldest end): each entry is looked
-- at once more than it is kept, so the cost per commit is what it removes, plus one.
local function drop_older(key, oldest_index, in_decision, cutoff)
  while true do
    local json = redis.call('LINDEX', key, oldest_index)
    if not json then return end
    local at = entry_at(json, in_decision)
    if at == nil or at >= cutoff then return end
    if oldest_index == 0 then redis.call('LPOP', key) else redis.call('RPOP', key) end
  end
end

local cutoff = tonumber(ARGV[11])

-- The previous head repeats the new entry's bot health: it keeps "h":0 instead (found once, as the codec writes it).
if ARGV[13] ~= '' then
  local head = redis.call('LINDEX', KEYS[5], 0)
  local at, health, rest = nil, nil, nil
  if head then
    at, health, rest = string.match(head, '^([%da-z]+;)([^:]*):()')
    if not at then at, health, rest = string.match(head, '^(%d+:)([^:]*):()') end
  end
  if at then
    -- A packed head (journal-pack.ts): its health is the second field (the time and its separator kept as they are).
    if health == ARGV[13] then
      redis.call('LSET', KEYS[5], 0, at .. '0:' .. string.sub(head, rest))
    end
  elseif head then
    local needle = '"h":' .. ARGV[13]
    local first, last = string.find(head, needle, 1, true)
    if first and not string.find(head, needle, last + 1, true) then
      redis.call('LSET', KEYS[5], 0, string.sub(head, 1, first - 1) .. '"h":0' .. string.sub(head, last + 1))
    end
  end
end
redis.call('LPUSH', KEYS[5], ARGV[5])
redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[6]) - 1)
drop_older(KEYS[5], -1, true, cutoff)

local first_transcript = 16 + 2 * n
if #ARGV >= first_transcript then
  redis.call('RPUSH', KEYS[6], unpack(ARGV, first_transcript, #ARGV))
  redis.call('LTRIM', KEYS[6], -tonumber(ARGV[7]), -1)
end
drop_older(KEYS[6], 0, false, cutoff)

local released = 0
if ARGV[15] ~= '' and redis.call('GET', KEYS[9]) == ARGV[15] then released = redis.call('DEL', KEYS[9]) end

return { 1, version, head, released }
