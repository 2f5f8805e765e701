-- render.lua — the golden format: what glean finds in one article, one line
-- per entity and per quotation, in text order, so a diff of a .expected file
-- shows exactly which finding changed.
--
--   lua5.4 tests/golden/render.lua FILE.txt     print the golden lines
--   lua5.4 tests/golden/render.lua --update     rewrite every tests/golden/*.expected
--
-- Lines:  LABEL start-end "text" key=value...   (fields sorted by key)
--         QUOTE kind start-end speaker="..." cue=... "text"
-- Offsets are bytes, 0-based, end exclusive. Long quote text is cut to 60
-- bytes (start and end offsets still pin it down) to keep lines readable.

local M = {}

-- rule names are left out: they change when packs are refactored, the finding does not.
local SKIP = { label = true, text = true, start = true, ["end"] = true, rule = true }

local function fmt(v)
  if type(v) == "number" then
    if v == math.floor(v) and math.abs(v) < 2^53 then
      return string.format("%d", v)
    end
    return string.format("%.6g", v)
  end
  return string.format("%q", tostring(v)):gsub("\\\n", "\\n")
end

-- Quote text with newlines shown as \n and cut at a UTF-8 boundary.
local function short(s, n)
  s = s:gsub("\n", "\\n")
  if #s <= n then return s end
  local cut = n
  while cut > 1 and (s:byte(cut + 1) or 0) >= 0x80 and (s:byte(cut + 1) or 0) < 0xC0 do
    cut = cut - 1
  end
  return s:sub(1, cut) .. "…"
end

function M.render(text)
  local glean = require "glean"
  local res = glean.extract(text)
  local lines = {}
  for _, e in ipairs(res.entities) do
    local keys = {}
    for k in pairs(e) do if not SKIP[k] then keys[#keys + 1] = k end end
    table.sort(keys)
    local parts = { string.format("%s %d-%d %s", e.label, e.start, e["end"], fmt(e.text)) }
    for _, k in ipairs(keys) do parts[#parts + 1] = k .. "=" .. fmt(e[k]) end
    lines[#lines + 1] = { e.start, 0, table.concat(parts, " ") }
  end
  for _, q in ipairs(res.quotes or {}) do
    local sp = q.speaker and fmt(q.speaker) or "-"
    if q.speaker_start then sp = sp .. "@" .. q.speaker_start end
    lines[#lines + 1] = { q.start, 1, string.format("QUOTE %s %d-%d speaker=%s cue=%s %s",
      q.kind or "?", q.start, q["end"], sp, q.cue or "-", short(q.text, 60)) }
  end
  table.sort(lines, function(a, b)
    if a[1] ~= b[1] then return a[1] < b[1] end
    if a[2] ~= b[2] then return a[2] < b[2] end
    return a[3] < b[3]
  end)
  local out = {}
  for i, l in ipairs(lines) do out[i] = l[3] end
  return table.concat(out, "\n") .. "\n"
end

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end
M.read = read

-- The article names under DIR (sorted).
function M.articles(dir)
  local p = io.popen("ls '" .. dir .. "'")
  local names = {}
  for name in p:lines() do
    local base = name:match("^(.-)%.txt$")
    if base then names[#names + 1] = base end
  end
  p:close()
  table.sort(names)
  return names
end

local function main(args)
  local dir = (debug.getinfo(1, "S").source:sub(2):match("^(.*)/") or ".")
  if args[1] == "--update" then
    for _, name in ipairs(M.articles(dir)) do
      local out = M.render(read(dir .. "/" .. name .. ".txt"))
      local f = assert(io.open(dir .. "/" .. name .. ".expected", "wb"))
      f:write(out)
      f:close()
      io.stderr:write("wrote ", dir, "/", name, ".expected\n")
    end
  elseif args[1] then
    io.write(M.render(read(args[1])))
  else
    io.stderr:write("usage: render.lua FILE.txt | --update\n")
    os.exit(2)
  end
end

if arg and arg[0] and arg[0]:match("render%.lua$") then
  main(arg)
end
return M
