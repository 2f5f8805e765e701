-- scaling.lua — time and memory of hostile inputs at 1x and 10x size.
--
-- Run by `make bench-hostile` (Lua 5.4). Each case and size runs in its own
-- process (peak RSS is per process): the input is generated, then only the
-- work is timed. Prints one line per case:
--   scaling <case> <size1> <t1> s <mem1> MB | <size10> <t10> s <mem10> MB | time x<r> mem x<r>
-- mem is the peak RSS above the process's RSS once glean is loaded (the
-- input string itself included). Linear work shows time and mem near x10;
-- a case above x20 in time is flagged NONLINEAR. Timings are noisy on a
-- shared machine: compare ratios, not absolute numbers.
-- Usage: lua5.4 tests/bench/scaling.lua [CASE...]

package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/lua5.4/?.so;" .. package.cpath

local function status_kb(field)
  local f = io.open("/proc/self/status", "r")
  if not f then return 0 end
  local s = f:read("a")
  f:close()
  return tonumber(s:match(field .. ":%s*(%d+)")) or 0
end

local UNIT = "Port director Ingrid Holm said the council paid $2.4 million to "
  .. "Acme Shipping Corp. for the \"largest single investment\" in years. "

local function random_bytes(n)
  local t, x, chunk = {}, 12345, {}
  for i = 1, 4096 do
    x = (x * 1103515245 + 12345) % 2147483648
    chunk[i] = string.char(math.floor(x / 65536) % 256)
  end
  chunk = table.concat(chunk)
  for i = 1, math.ceil(n / #chunk) do
    -- vary each block a little so that it is not one repeated block
    t[i] = chunk:sub(i % 97 + 1) .. chunk:sub(1, i % 97)
  end
  return table.concat(t):sub(1, n)
end

local function extractor(opts)
  return require("glean").new(opts)
end

-- Each case: sizes at 1x (10x is ten times it), what the size counts, and
-- setup(size) -> work() (the setup is not timed).
local CASES = {
  { name = "document-long-line", size = 10e6, unit = "bytes",
    what = "core.document over one line of news text (100 MB at 10x)",
    setup = function(n)
      local core = require "glean.core"
      local text = UNIT:rep(math.floor(n / #UNIT))
      return function() return #core.document(text) end
    end },
  { name = "extract-long-line", size = 200e3, unit = "bytes",
    what = "full extraction of one line of news text",
    setup = function(n)
      local ex = extractor()
      local text = UNIT:rep(math.floor(n / #UNIT))
      return function() return #ex:extract(text).entities end
    end },
  { name = "extract-sports-long-line", size = 200e3, unit = "bytes",
    what = "a team-sport report (clubs called by their towns) on one line",
    setup = function(n)
      local ex = extractor()
      local unit = "Leeds beat Hull 2-1 at Elland Road and Surrey drew with Kent in Leeds. "
      local text = "SOCCER - RESULTS\n" .. unit:rep(math.floor(n / #unit))
      return function() return #ex:extract(text).entities end
    end },
  { name = "extract-invalid-utf8-nul", size = 200e3, unit = "bytes",
    what = "news text with invalid bytes and NULs between words",
    setup = function(n)
      local ex = extractor()
      local unit = UNIT:gsub("s ", "s\0 "):gsub("d ", "d\255\254 ")
      local text = unit:rep(math.floor(n / #unit))
      return function() return #ex:extract(text).entities end
    end },
  { name = "extract-binary", size = 1e6, unit = "bytes",
    what = "random bytes", setup = function(n)
      local ex = extractor()
      local text = random_bytes(n)
      return function() return #ex:extract(text).entities end
    end },
  { name = "extract-quote-marks", size = 200e3, unit = "marks",
    what = "straight double quotes in a row",
    setup = function(n)
      local ex = extractor()
      local text = ('"'):rep(n)
      return function() return #ex:extract(text).quotes end
    end },
  { name = "extract-digits", size = 500e3, unit = "digits",
    what = "one number: $ and digits",
    setup = function(n)
      local ex = extractor()
      local text = "$" .. ("9"):rep(n)
      return function() return #ex:extract(text).entities end
    end },
  { name = "extract-capitalized", size = 100e3, unit = "words",
    what = "capitalized words in a row (a million at 10x)",
    setup = function(n)
      local ex = extractor()
      local text = ("Word "):rep(n)
      return function() return #ex:extract(text).entities end
    end },
  { name = "extract-catastrophic-regex", size = 20, unit = "documents",
    what = "documents failing a backtracking regex rule (limit error each)",
    setup = function(n)
      local ex = extractor { packs = { "person", { name = "evil", rules = {
        { name = "evil.re", label = "ORG", regex = "(?:a|aa)+(?:a|aa)+$" } } } } }
      local text = ("a"):rep(3000) .. "b"
      return function()
        local failed = 0
        for _ = 1, n do
          if not pcall(ex.extract, ex, text) then failed = failed + 1 end
        end
        assert(failed == n)
        return failed
      end
    end },
  { name = "lexicon-load", size = 100e3, unit = "entries",
    what = "lexicon file with bad lines (a million entries at 10x)",
    setup = function(n)
      local core = require "glean.core"
      local path = os.tmpname()
      local f = assert(io.open(path, "wb"))
      for i = 1, n do
        f:write("Given", i, " Surname", i % 9973, "\tPERSON\n")
        if i % 1000 == 0 then f:write("\255bad line ", i, "\tPERSON\n\tEMPTY\n") end
      end
      f:close()
      return function()
        local lex = core.lexicon()
        local loaded, skipped = lex:load(path, { label = "X" })
        os.remove(path)
        assert(loaded == n and skipped == 2 * (n // 1000))
        return loaded
      end
    end },
}

local function find(name)
  for _, c in ipairs(CASES) do if c.name == name then return c end end
end

-- Child: one case at one size; prints "<seconds> <peak KB above base>".
if arg[1] == "--one" then
  local c, n = find(arg[2]), tonumber(arg[3])
  require "glean"
  local base = status_kb("VmRSS")
  local work = c.setup(n)
  local t0 = os.clock()
  work()
  local secs = os.clock() - t0
  print(string.format("%.3f %d", secs, status_kb("VmHWM") - base))
  os.exit(0)
end

local function run_one(c, n)
  local p = io.popen(string.format("%s tests/bench/scaling.lua --one %s %d",
    arg[-1] or "lua5.4", c.name, n))
  local out = p:read("a")
  p:close()
  local secs, kb = out:match("^(%S+) (%S+)")
  if not secs then error("case " .. c.name .. " failed: " .. out) end
  return tonumber(secs), tonumber(kb) / 1024
end

local wanted = {}
for i = 1, #arg do wanted[arg[i]] = true end
for _, c in ipairs(CASES) do
  if next(wanted) == nil or wanted[c.name] then
    local t1, m1 = run_one(c, c.size)
    local t10, m10 = run_one(c, c.size * 10)
    local tr = t10 / math.max(t1, 1e-3)
    local mr = m10 / math.max(m1, 0.1)
    print(string.format(
      "scaling %-27s %9d %s %7.3f s %7.1f MB | %9d %7.3f s %7.1f MB | time x%.1f mem x%.1f%s",
      c.name, c.size, c.unit, t1, m1, c.size * 10, t10, m10, tr, mr,
      tr > 20 and "  NONLINEAR" or ""))
    io.stdout:flush()
  end
end
