-- stages.lua — where extraction time goes: MB/s of each stage of
-- Extractor:extract (and of JSON output) over the bench corpus, so a slow
-- stage shows by itself instead of hiding in the end-to-end figure.
-- Usage: <lua> tests/bench/stages.lua [MB]   (from the project root)
-- Prints "bench stage-<name> <MB/s> MB/s"; a stage's MB/s is corpus bytes
-- over the time spent in that stage alone.

local mb = tonumber(arg and arg[1]) or 2
local glean = require "glean"
local core = require "glean.core"
local R = require "glean.rules"
local json = require "glean.json"
local corpus = require "tests.bench.corpus"

local clock = os.clock
local texts, bytes = corpus.load(mb * 1024 * 1024)
local ex = glean.new()
local compiled = ex.ruleset
local names = { "document", "scan", "convert+actions", "resolve" }
local spent = { document = 0, scan = 0, ["convert+actions"] = 0, resolve = 0,
  results = 0, json = 0 }
for _, p in ipairs(ex.packs) do
  if p.finish then
    names[#names + 1] = "finish-" .. p.name
    spent["finish-" .. p.name] = 0
  end
end
names[#names + 1] = "results"
names[#names + 1] = "json"

for i = 1, #texts do
  local text = texts[i]
  local t0 = clock()
  local doc = core.document(text)
  local t1 = clock()
  compiled.ruleset:count(doc)  -- the C scan alone, no Lua tables
  local t2 = clock()
  -- As Extractor:extract: results become tables for actions, for the
  -- spans resolving keeps, those of one label for ctx.matches_of(label),
  -- and all of them only when a stage reads ctx.matches.
  local batch = compiled:batch(doc)  -- scan again + actions
  local t3 = clock()
  local spans = batch:resolve() or R.resolve_kept(batch:all())
  local t4 = clock()
  local ctx = setmetatable({ text = text, doc = doc, extractor = ex,
    settings = ex.settings, quotes = {}, spans = spans,
    matches_of = function(label) return batch:all(label) end },
    { __index = function(t, k)
      if k == "matches" then
        local m = batch:all()
        rawset(t, "matches", m)
        return m
      end
    end })
  spent.document = spent.document + (t1 - t0)
  spent.scan = spent.scan + (t2 - t1)
  -- run() scans again: subtract one scan to leave conversion and actions
  spent["convert+actions"] = spent["convert+actions"] + math.max(0, (t3 - t2) - (t2 - t1))
  spent.resolve = spent.resolve + (t4 - t3)
  for _, p in ipairs(ex.packs) do
    if p.finish then
      local f0 = clock()
      p.finish(ctx)
      local k = "finish-" .. p.name
      spent[k] = spent[k] + (clock() - f0)
    end
  end
  local r0 = clock()
  local result = ex:result(ctx, true)  -- as extract: its own context
  local r1 = clock()
  json.encode(result)
  spent.results = spent.results + (r1 - r0)
  spent.json = spent.json + (clock() - r1)
end

local total = 0
for _, n in ipairs(names) do
  total = total + spent[n]
  print(string.format("bench stage-%s %.1f MB/s", n,
    bytes / 1048576 / math.max(spent[n], 1e-9)))
end
print(string.format("bench stage-total %.1f MB/s", bytes / 1048576 / total))
