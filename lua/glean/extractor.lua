-- extractor.lua — the pipeline: document -> one scan -> actions -> resolve
-- -> pack stages (name clusters, quotations) -> result.
--
-- An extractor is built once from rule packs (compiling every rule of every
-- pack into one ruleset) and then used for any number of texts.

-- Under LuaJIT (Neovim) glean's Lua runs in the interpreter: the pipeline
-- calls into the C module once per match, each such call ends a trace,
-- and the JIT spent its time recording traces it then threw away (the
-- finish stages ran 3-7 times slower than with the JIT off). jit.off(true,
-- true) turns it off for this module's functions only, never the host's;
-- the other modules of the per-match pipeline turn it off the same way.
if jit then jit.off(true, true) end

local core = require "glean.core"
local R = require "glean.rules"
local lists = require "glean.lists"

local M = {}
M.DEFAULT_PACKS = { "person", "org", "money", "quote" }
-- Labels reported as entities; other labels (LOC, CUE, ...) only take part
-- in resolving overlaps (a place is not a person) and in pack stages.
M.ENTITY_LABELS = { PERSON = true, ORG = true, MONEY = true }

local Extractor = {}
Extractor.__index = Extractor

local function fail(fmt, ...)
  error("glean: " .. string.format(fmt, ...), 0)
end

-- A pack is a module name under glean.packs, a file path, or a table.
local function load_pack(spec)
  if type(spec) == "table" then return spec end
  if type(spec) ~= "string" then
    fail("pack must be a name, a file or a table, got %s", type(spec))
  end
  if spec:find("[/\\]") or spec:match("%.lua$") then
    local chunk, err = loadfile(spec)
    if not chunk then
      -- loadfile says "cannot open <path>: <why>" or "<path>:<line>: ..."
      local opening = "cannot open " .. spec .. ": "
      if err:sub(1, #opening) == opening then err = err:sub(#opening + 1) end
      fail("cannot load rule file %s: %s", spec, err)
    end
    local ok, pack = pcall(chunk)
    if not ok then fail("rule file %s failed: %s", spec, tostring(pack)) end
    if type(pack) ~= "table" then
      fail("rule file %s must return a pack table, got %s", spec, type(pack))
    end
    pack.name = pack.name or spec:match("([^/\\]+)%.lua$")
    return pack
  end
  local ok, pack = pcall(require, "glean.packs." .. spec)
  if not ok then
    if tostring(pack):find("module 'glean.packs." .. spec .. "' not found", 1, true) then
      fail("unknown pack '%s'%s (known: %s)", spec,
        R.suggest(spec, M.DEFAULT_PACKS), table.concat(M.DEFAULT_PACKS, ", "))
    end
    error(pack, 0)
  end
  return pack
end

-- Span conventions of the news corpora (where "the", "'s" and a currency
-- sign belong); packs read the choice from settings.convention.
M.CONVENTIONS = { default = true, conll = true, ontonotes = true }

-- opts: packs = {names or tables} (default all four), rules = {extra pack
-- files}, labels = {LABEL=true} to report, convention = "conll" or
-- "ontonotes" (spans as those corpora draw them; see the org and money
-- packs), or "default".
function M.new(opts)
  opts = opts or {}
  local convention = opts.convention or "default"
  if not M.CONVENTIONS[convention] then
    fail("unknown convention '%s' (known: default, conll, ontonotes)",
      tostring(convention))
  end
  local self = setmetatable({ packs = {}, labels = opts.labels or M.ENTITY_LABELS,
    settings = { convention = convention } }, Extractor)
  local specs = {}
  for _, p in ipairs(opts.packs or M.DEFAULT_PACKS) do specs[#specs + 1] = p end
  for _, p in ipairs(opts.rules or {}) do specs[#specs + 1] = p end

  local lex = core.lexicon()
  local loaded, rules = {}, {}
  for _, spec in ipairs(specs) do
    local pack = load_pack(spec)
    self.packs[#self.packs + 1] = pack
    lists.load_into(lex, pack.lexicons or {}, loaded)
    for _, rule in ipairs(pack.rules or {}) do
      rules[#rules + 1] = rule
    end
  end
  self.lexicon = lex
  self.ruleset = R.compile(rules, { lexicons = { lex }, settings = self.settings })
  for _, pack in ipairs(self.packs) do
    if pack.setup then pack.setup(self) end
  end
  return self
end

local function before(a, b)
  if a.start ~= b.start then return a.start < b.start end
  return a["end"] < b["end"]
end

-- Resolved spans come sorted; a pack stage may add or move some. Sorting
-- costs a comparator call per step, so check first (strictly in order:
-- the sort would keep that order, ties left to the sort as before). The
-- test of before() is written out: it runs for every entity.
local function in_order(list)
  for i = 2, #list do
    local a, b = list[i - 1], list[i]
    local sa, sb = a.start, b.start
    if sa > sb or (sa == sb and not (a["end"] < b["end"])) then
      return false
    end
  end
  return true
end

-- Runs the pipeline over text; returns { entities = {...}, quotes = {...} }.
function Extractor:extract(text)
  if type(text) ~= "string" then
    fail("extract expects a string, got %s", type(text))
  end
  local doc = core.document(text)
  -- ctx.matches (every result of the rules, as compiled:run gives them) is
  -- built when a stage first asks for it: most results lose to another,
  -- and those no stage looks at never become Lua tables.
  -- ctx.matches_of(label) gives only the results of one label, in the same
  -- order (the quote stage reads its CUE matches: the rest stay unbuilt).
  local spans, all = self.ruleset:resolved(doc)
  local ctx = setmetatable({
    text = text, doc = doc, extractor = self, settings = self.settings,
    spans = spans, quotes = {}, matches_of = all,
  }, { __index = function(t, k)
    if k == "matches" then
      local matches = all()
      rawset(t, "matches", matches)
      return matches
    end
  end })
  for _, pack in ipairs(self.packs) do
    if pack.finish then pack.finish(ctx) end
  end
  local result = self:result(ctx, true)
  -- Nothing reads the document after this: its arrays go back now rather
  -- than when the collector comes by (see doc:close in the README).
  doc:close()
  return result
end

-- What the rules found in text and what became of each match when
-- overlaps were resolved (compiled:explain): entries, report. The packs'
-- finish stages come after this; ex:extract gives their result.
function Extractor:explain(text)
  if type(text) ~= "string" then
    fail("explain expects a string, got %s", type(text))
  end
  return self.ruleset:explain(text)
end

-- Fields of a span that an entity does not have.
local INTERNAL = { first = true, last = true, caps = true, priority = true }

-- The result of a finished pipeline context: the entities of the reported
-- labels in text order, and the quotations. The entities are copies of
-- the spans of ctx.spans (M.entity). With own = true (extract's own
-- context, which nothing reads after) they are those very spans, their
-- internal fields removed: the same content without a new table and a
-- copy of every field per entity (the stage's cost was those copies and
-- the collector's work on them). A span with a metatable is still copied
-- (assignments might mean more there).
function Extractor:result(ctx, own)
  local labels, spans = self.labels, ctx.spans
  local entities, n = {}, 0
  for i = 1, #spans do
    local m = spans[i]
    if labels[m.label] then
      n = n + 1
      if own and getmetatable(m) == nil then
        m.first, m.last, m.caps, m.priority = nil, nil, nil, nil
        entities[n] = m
      else
        entities[n] = M.entity(m)
      end
    end
  end
  if not in_order(entities) then table.sort(entities, before) end
  return { entities = entities, quotes = ctx.quotes }
end

-- The public form of a match: label, text, offsets, the rule that made it
-- and the fields its pack added.
-- (core.copy_fields makes the copy in C: one call instead of a Lua step
-- per field; a match with a metatable is copied here.)
local copy_fields = core.copy_fields
function M.entity(m)
  local e = copy_fields and copy_fields(m, INTERNAL)
  if e then return e end
  e = {}
  for k, v in pairs(m) do
    if not INTERNAL[k] then e[k] = v end
  end
  return e
end

return M
