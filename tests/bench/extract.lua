-- extract.lua — end-to-end throughput of an extractor (all four packs, or
-- those named) through the Lua API of whichever interpreter runs this file.
-- Usage: <lua> tests/bench/extract.lua NAME [MB] [PACKS]   (from the
-- project root; PACKS comma-separated, e.g. "money")
-- Prints "bench extract-NAME <MB/s> MB/s".

local name, mb, packs = arg[1] or "lua", tonumber(arg[2]) or 5, arg[3]
local glean = require "glean"
local corpus = require "tests.bench.corpus"

local list
if packs then
  list = {}
  for p in packs:gmatch("[^,]+") do list[#list + 1] = p end
end
local texts, bytes = corpus.load(mb * 1024 * 1024)
local ex = glean.new { packs = list }
local t0 = os.clock()
for i = 1, #texts do ex:extract(texts[i]) end
print(string.format("bench extract-%s %.1f MB/s",
  name, bytes / 1048576 / (os.clock() - t0)))
