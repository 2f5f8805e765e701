-- names.lua — clusters of person mentions: "Robert Strayer", "Strayer",
-- "Mr. Strayer" and "STRAYER" are one person with one id and canonical name.
--
-- A full name (two words or more) opens a cluster, keyed by its surname and
-- its given name. A one-word mention joins the most recent cluster with that
-- surname (else, when only one cluster has it, with that given name). After
-- the rules have run, every later bare mention of a known surname is found
-- with one lexicon scan (in C) and added as a PERSON.

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local core = require "glean.core"
local merge = require("glean.spans").merge

local M = {}

-- Name suffixes that are not surnames.
local SUFFIX = { ["Jr."] = true, Jr = true, ["Sr."] = true, Sr = true,
  II = true, III = true, IV = true }

-- The words of a name without trailing suffixes: their number, the
-- first and the last ("John Smith Jr." gives 2, "John", "Smith"). One
-- pass and no table, as it runs for every person mention; names of one
-- or two words (most of them) take one pattern match.
local function words(name)
  if not name:find("%s") then
    if name == "" then return 0, nil, nil end
    return 1, name, name
  end
  local a, b = name:match("^(%S+)%s+(%S+)$")
  if a then
    if SUFFIX[b] then return 1, a, a end
    return 2, a, b
  end
  local n, count, first, last = 0, 0, nil, nil
  for w in name:gmatch("%S+") do
    n = n + 1
    if n == 1 then
      count, first, last = 1, w, w
    elseif not SUFFIX[w] then
      count, last = n, w
    end
  end
  return count, first, last
end

local function key(word)
  return word:lower()
end

local Clusters = {}
Clusters.__index = Clusters

function M.new()
  return setmetatable({ list = {}, by_surname = {}, by_given = {} }, Clusters)
end

-- Adds a mention (an entity table with .text); sets its id and canonical.
function Clusters:add(e)
  local nwords, first, last = words(e.text)
  local c
  if nwords >= 2 then
    local surname, given = key(last), key(first)
    c = self.by_surname[surname]
    -- A different full name with the same surname is another person
    -- ("Hillary Clinton", "Bill Clinton"), unless it only adds words.
    if c and not (c.canonical:find(e.text, 1, true)
                  or e.text:find(c.canonical, 1, true)) then
      c = nil
    end
    if not c then
      c = { id = "p" .. (#self.list + 1), canonical = e.text, words = nwords }
      self.list[#self.list + 1] = c
    elseif nwords > c.words then
      c.canonical, c.words = e.text, nwords
    end
    self.by_surname[surname] = c
    local g = self.by_given[given]
    self.by_given[given] = (g == nil or g == c) and c or false
  else
    local k = key(first or e.text)
    c = self.by_surname[k] or self.by_given[k]
    if not c then
      c = { id = "p" .. (#self.list + 1), canonical = e.text, words = 1 }
      self.list[#self.list + 1] = c
      self.by_surname[k] = c
    end
    -- "Mr. Rantanen", "coach Rantanen": the title says the word is a name,
    -- so its bare mentions elsewhere are found too.
    if e.title then c.titled = true end
  end
  e.id, e.canonical = c.id, c.canonical
  return c
end

-- The cluster a bare word (surname or unambiguous given name) points to.
function Clusters:lookup(word)
  local k = key(word)
  return self.by_surname[k] or self.by_given[k] or nil
end

-- Surnames of clusters opened by a full name or a titled surname: the
-- other mentions to find.
function Clusters:surnames()
  local out = {}
  for s, c in pairs(self.by_surname) do
    if c.words >= 2 or c.titled then out[#out + 1] = s end
  end
  table.sort(out)
  return out
end

-- Particles that stand before a surname used alone: "De Wilde", "Van
-- Poppel", "van der Berg". Longest first, so "Van der" wins over "der".
local PARTICLES = { "Van der", "Van den", "Van de", "van der", "van den",
  "van de", "De la", "de la", "Van", "van", "Von", "von", "De", "de", "Da",
  "da", "Di", "di", "Du", "du", "Del", "del", "Dos", "dos" }

-- Every particle ends in a word of two or three letters: the words of
-- the text right before a surname are looked up here first, so that the
-- list is tried only where a particle may stand.
local PARTICLE_END = {}
for _, p in ipairs(PARTICLES) do PARTICLE_END[p:match("(%a+)$")] = true end

-- The start of a particle that stands right before byte offset `start`
-- (0-based) on the same line, or nil.
local function particle_before(text, start)
  if start < 3 or text:byte(start) ~= 32 or not
      (PARTICLE_END[text:sub(start - 2, start - 1)] or
       PARTICLE_END[text:sub(start - 3, start - 1)]) then
    return nil
  end
  for _, p in ipairs(PARTICLES) do
    local from = start - #p - 1
    if from >= 0 and text:sub(from + 1, start) == p .. " "
       and (from == 0 or text:sub(from, from):match("[%s%p]")) then
      return from
    end
  end
  return nil
end

-- Clusters the PERSON spans of ctx.spans and adds bare later mentions of
-- known surnames (any case, so headlines in capitals count too).
function M.resolve(ctx)
  local clusters = M.new()
  local spans = ctx.spans
  for i = 1, #spans do
    local m = spans[i]
    if m.label == "PERSON" then clusters:add(m) end
  end
  local surnames = clusters:surnames()
  if #surnames > 0 then
    local lex = core.lexicon()
    lex:add_list(surnames, "SURNAME", true)  -- folded: any case matches
    -- Resolved spans do not overlap, so sorted by start they are sorted by
    -- end too: one forward walk finds whether a hit meets any of them.
    local text = ctx.text
    local added, j, n = {}, 1, #spans
    local hits = lex:match(ctx.doc)
    for h = 1, #hits do
      local hit = hits[h]
      local start, stop = hit.start, hit["end"]
      while j <= n and spans[j]["end"] <= start do j = j + 1 end
      -- A name is never written in lower case ("rice", "test").
      local lower = text:find("^%l", start + 1)
      if not lower and (j > n or spans[j].start >= stop) then
        local word = text:sub(start + 1, stop)
        local c = clusters:lookup(word)
        local first, mention = hit.first, word
        -- Take a particle before the surname into the span, unless an
        -- earlier span holds it.
        local from = particle_before(text, start)
        if from and (j == 1 or spans[j - 1]["end"] <= from) then
          start, mention = from, text:sub(from + 1, stop)
          first = ctx.doc:token_at(from)
        end
        -- All fields in one constructor: the table is made at its size.
        added[#added + 1] = { label = "PERSON", start = start,
          ["end"] = stop, first = first, last = hit.last,
          rule = "person.later_mention", text = mention, id = c.id,
          canonical = c.canonical }
      end
    end
    if #added > 0 then ctx.spans = merge(spans, added) end
  end
  ctx.people = clusters
  return clusters
end

return M
