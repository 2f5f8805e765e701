-- stream_gen.lua — writes MB megabytes of JSON Lines news documents to
-- standard output, generated on the fly (nothing stored): varied articles
-- of 1-6 KB, every 1000th line broken, so a long `glean --jsonl` run sees
-- the same mix everywhere. Usage: lua5.4 tests/bench/stream_gen.lua MB
local mb = tonumber(arg[1]) or 100
local limit = mb * 1e6

local GIVEN = { "Ingrid", "Ola", "Ann", "Bob", "Cara", "Dmitri", "Amara", "Ken" }
local SUR = { "Holm", "Obi", "Lee", "Okafor", "Novak", "Tanaka", "Silva", "Reyes" }
local ORGS = { "Acme Shipping Corp.", "the Harbor Authority", "Nordic Bank",
  "the city council", "Pacific Rail Inc." }

local x = 42
local function rnd(n)
  x = (x * 1103515245 + 12345) % 2147483648
  return x % n + 1
end

local function sentence()
  local who = GIVEN[rnd(#GIVEN)] .. " " .. SUR[rnd(#SUR)]
  local k = rnd(4)
  if k == 1 then
    return string.format('\\"We will finish the work by %d,\\" %s said.', 2020 + rnd(9), who)
  elseif k == 2 then
    return string.format("%s paid $%d.%d million to %s.", who, rnd(900), rnd(9), ORGS[rnd(#ORGS)])
  elseif k == 3 then
    return string.format("%s, a director at %s, declined to comment.", who, ORGS[rnd(#ORGS)])
  end
  return "The deal was signed on Tuesday after months of talks."
end

local out, written, line = io.stdout, 0, 0
while written < limit do
  line = line + 1
  local parts = {}
  for i = 1, 10 + rnd(50) do parts[i] = sentence() end
  local s
  if line % 1000 == 0 then
    s = '{"id": ' .. line .. ', "text": "broken\n'
  else
    s = '{"id": ' .. line .. ', "text": "' .. table.concat(parts, " ") .. '"}\n'
  end
  out:write(s)
  written = written + #s
end
