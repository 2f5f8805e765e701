-- bench.lua — throughput and memory of each engine stage through the Lua API.
--
-- Run by `make bench` under Lua 5.4 on one core. Prints one line per figure:
--   bench <name> <value> <unit>
-- The corpus is >= 20 MB of news text: the texts of ../shared/eval/*.jsonl when
-- present, else the articles we wrote under tests/golden/, repeated.

package.path = "lua/?.lua;lua/?/init.lua;" .. package.path
package.cpath = "build/lua5.4/?.so;" .. package.cpath

local core = require "glean.core"
local corpus = require "tests.bench.corpus"
local patterns = require "tests.bench.patterns"

local clock = os.clock
local TARGET_BYTES = 20 * 1024 * 1024

local function report(name, value, unit)
  print(string.format("bench %s %.1f %s", name, value, unit))
end

local function mbps(bytes, seconds)
  return bytes / (1024 * 1024) / seconds
end

-- Runs fn(text) over every document, a few rounds, and keeps the best time:
-- the machine is shared, so the fastest round is the least disturbed one.
-- Each round starts with the garbage of earlier ones collected: a figure
-- pays for what it leaves behind, not for what the figure before it left
-- (thousands of dropped documents, whose arrays the collector frees).
local function best_of(rounds, docs, fn)
  local best = math.huge
  for _ = 1, rounds do
    collectgarbage()
    local t0 = clock()
    for i = 1, #docs do fn(docs[i]) end
    best = math.min(best, clock() - t0)
  end
  return best
end

local texts, bytes = corpus.load(TARGET_BYTES)
io.stderr:write(string.format("corpus: %d documents, %.1f MB (%s)\n",
  #texts, bytes / 1048576, corpus.source))

-- tokenize: building documents (tokens, sentences, paragraphs, quotes,
-- numbers), each closed when done as the extractor does; tokenize-dropped
-- leaves them to the collector, whose late frees cost cache misses.
report("tokenize", mbps(bytes, best_of(3, texts, function(t)
  core.document(t):close()
end)), "MB/s")
report("tokenize-dropped", mbps(bytes, best_of(3, texts, function(t)
  core.document(t)
end)), "MB/s")

local docs = {}
for i = 1, #texts do docs[i] = core.document(texts[i]) end

-- lexicon: a 1,000,000-entry lexicon loaded from a file, then matched.
local lexfile, nentries = patterns.write_big_lexicon(os.tmpname(), 1000000)
local t0 = clock()
local lex = core.lexicon()
lex:load(lexfile, { label = "NAME" })
local load_s = clock() - t0
os.remove(lexfile)
assert(lex:size() >= nentries * 0.99, "lexicon lost entries")
report("lexicon-load", load_s, "s")
report("lexicon", mbps(bytes, best_of(3, docs, function(d)
  lex:match(d)
end)), "MB/s")

-- patterns: 100 token-pattern rules of the kinds the rule packs use, with
-- their lexicons attached, matched together in one pass per document,
-- every match (about 9,600 per MB here) given to Lua where it matched
-- (rs:matches: five integers each). patterns-tables gives each match as a
-- table with its captures (rs:scan); patterns-count is the C matcher
-- alone (rs:count).
local rs = patterns.ruleset(core, 100)
report("patterns", mbps(bytes, best_of(3, docs, function(d)
  rs:matches(d)
end)), "MB/s")
report("patterns-tables", mbps(bytes, best_of(3, docs, function(d)
  rs:scan(d)
end)), "MB/s")
report("patterns-count", mbps(bytes, best_of(3, docs, function(d)
  rs:count(d)
end)), "MB/s")

-- regex: PCRE2 (JIT) over the raw text: a money-like pattern, all matches.
local re = core.regex([[(?:[$€£¥]|US\$|USD ?)\d[\d,.]*(?: ?(?:million|billion|bn|m))?]])
report("regex", mbps(bytes, best_of(3, texts, function(t)
  local init = 1
  while true do
    local _, e = re:find(t, init)
    if not e then break end
    init = e + 1
  end
end)), "MB/s")

collectgarbage()
local status = io.open("/proc/self/status")
if status then
  local peak = status:read("a"):match("VmHWM:%s*(%d+)")
  status:close()
  if peak then report("peak-rss", tonumber(peak) / 1024, "MB") end
end

-- End to end: all four packs through the Lua API of each host, and the
-- whole `glean --jsonl` process over a JSON Lines file.
local function sh(cmd) io.stdout:flush(); os.execute(cmd) end
sh("LUA_PATH='lua/?.lua;lua/?/init.lua;./?.lua;;' LUA_CPATH='build/lua5.4/?.so;;' " ..
  "lua5.4 tests/bench/extract.lua lua5.4")
sh("LUA_PATH='lua/?.lua;lua/?/init.lua;./?.lua;;' LUA_CPATH='lua/?.so;;' " ..
  "luajit tests/bench/extract.lua luajit")
-- Each pack alone (Lua 5.4): what a user who needs only money figures, or
-- only people, gets.
for _, pack in ipairs { "person", "org", "money", "quote" } do
  sh("LUA_PATH='lua/?.lua;lua/?/init.lua;./?.lua;;' " ..
    "LUA_CPATH='build/lua5.4/?.so;;' lua5.4 tests/bench/extract.lua " ..
    "lua5.4-" .. pack .. " 2 " .. pack)
end
sh("sh tests/bench/cli.sh")
sh("LUA_PATH='lua/?.lua;lua/?/init.lua;./?.lua;;' LUA_CPATH='build/lua5.4/?.so;;' " ..
  "lua5.4 tests/bench/stages.lua")
