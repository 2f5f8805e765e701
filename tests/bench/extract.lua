-- extract.lua — end-to-end throughput of the default extractor (all four
-- packs) through the Lua API of whichever interpreter runs this file.
-- Usage: <lua> tests/bench/extract.lua NAME [MB]   (from the project root)
-- Prints "bench extract-NAME <MB/s> MB/s".

local name, mb = arg[1] or "lua", tonumber(arg[2]) or 5
local glean = require "glean"
local corpus = require "tests.bench.corpus"

local texts, bytes = corpus.load(mb * 1024 * 1024)
local ex = glean.new()
local t0 = os.clock()
for i = 1, #texts do ex:extract(texts[i]) end
print(string.format("bench extract-%s %.1f MB/s",
  name, bytes / 1048576 / (os.clock() - t0)))
