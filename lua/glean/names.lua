-- names.lua — clusters of person mentions: "Robert Strayer", "Strayer",
-- "Mr. Strayer" and "STRAYER" are one person with one id and canonical name.
--
-- A full name (two words or more) opens a cluster, keyed by its surname and
-- its given name. A one-word mention joins the most recent cluster with that
-- surname (else, when only one cluster has it, with that given name). After
-- the rules have run, every later bare mention of a known surname is found
-- with one scan of the tokens (in C, core.find_words) and added as a PERSON;
-- so is a given name that begins one full name only, where it stands alone
-- ("Luz Quintero-Park ... Luz handles the books").

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local core = require "glean.core"
local merge = require("glean.spans").merge
local lists = require "glean.lists"

local M = {}

-- Given names news uses for one gender (lists/given_names_gender.txt),
-- read on first use: a given name -> "f" or "m", else nil.
local given_gender
function M.gender_of_given(word)
  if not given_gender then
    given_gender = {}
    local f = io.open(lists.path("given_names_gender.txt"), "r")
    if f then
      for line in f:lines() do
        local name, label = line:match("^([^#\t][^\t]*)\t(%u+)")
        if name then
          given_gender[name] = label == "FEMALE" and "f" or
            label == "MALE" and "m" or nil
        end
      end
      f:close()
    end
  end
  return given_gender[word]
end

-- Relatives a person is named as between commas ("her husband,
-- Tomas,"), with the gender each tells (false: none).
M.RELATIVE_GENDER = {
  wife = "f", daughter = "f", sister = "f", mother = "f", widow = "f",
  fiancee = "f", granddaughter = "f", niece = "f", aunt = "f",
  husband = "m", son = "m", brother = "m", father = "m", widower = "m",
  fiance = "m", grandson = "m", nephew = "m", uncle = "m",
  partner = false, cousin = false,
}
M.RELATIVES = {}
for w in pairs(M.RELATIVE_GENDER) do M.RELATIVES[#M.RELATIVES + 1] = w end
table.sort(M.RELATIVES)

-- The gender honorifics before a surname tell ("Mr. Obama").
local HONORIFIC_GENDER = { ["Mr."] = "m", Mr = "m", ["Mrs."] = "f",
  Mrs = "f", ["Ms."] = "f", Ms = "f", Miss = "f" }
M.HONORIFIC_GENDER = HONORIFIC_GENDER

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

-- The number of words of a name and the keys of its first and last word,
-- kept per name: a name recurs in a document and from one to the next,
-- and splitting it again costs more than a table lookup. Three tables of
-- strings and numbers, no table per name: the collector reads them in
-- every cycle. They are emptied when they reach MEMO_SIZE names.
local MEMO_SIZE = 10000
local count_of, given_of, surname_of, memo_n = {}, {}, {}, 0

local function name_keys(name)
  local nwords = count_of[name]
  if nwords then return nwords, given_of[name], surname_of[name] end
  local first, last
  nwords, first, last = words(name)
  local given, surname = key(first or name), key(last or name)
  if memo_n >= MEMO_SIZE then
    count_of, given_of, surname_of, memo_n = {}, {}, {}, 0
  end
  count_of[name], given_of[name], surname_of[name] = nwords, given, surname
  memo_n = memo_n + 1
  return nwords, given, surname
end

-- Cluster ids "p1", "p2", ... made once.
local ID = setmetatable({}, { __index = function(t, n)
  local id = "p" .. n
  t[n] = id
  return id
end })

local Clusters = {}
Clusters.__index = Clusters

-- is_family(word), if given, says whether a word is a listed East Asian
-- family name (see Clusters:add).
function M.new(is_family)
  return setmetatable({ list = {}, by_surname = {}, by_given = {},
    given_only = {}, by_name = {}, is_family = is_family }, Clusters)
end

-- Adds a mention (an entity table with .text); sets its id and canonical.
function Clusters:add(e)
  local nwords, given, surname = name_keys(e.text)
  -- "Deng Xiaoping" is Deng later on: the family name comes first.
  if e.rule == "person.family_first" then given, surname = surname, given end
  local c
  if nwords >= 2 then
    c = self.by_surname[surname]
    -- A different full name with the same surname is another person
    -- ("Hillary Clinton", "Bill Clinton"), unless it only adds words
    -- ("Hillary Rodham Clinton", "Rosalind Maria Achterberg"; not when the
    -- first word is a family name: "Li In-mo", "Li Song-ho").
    local text = e.text
    local first = text:match("^%S+")
    local family_first = self.is_family and self.is_family(first)
    if c and c.canonical ~= text and not (c.canonical:find(text, 1, true)
        or text:find(c.canonical, 1, true)) then
      if c.canonical:match("^%S+") ~= first or family_first then
        c = nil
      end
    end
    -- "Mr. Obama" ... "Michelle Obama": an honorific of the other gender
    -- says the full name is someone else.
    local gender = c and c.gender and M.gender_of_given(first)
    if gender and gender ~= c.gender then c = nil end
    -- "her son, Amit, ... Amit Patel said": a given name named alone
    -- first (no title made it a surname) is the full name's.
    local alone = not c and self.by_surname[given]
    if alone and alone.words == 1 and not alone.titled then c = alone end
    if not c then
      c = { id = ID[#self.list + 1], canonical = e.text, words = nwords }
      self.list[#self.list + 1] = c
    elseif nwords > c.words then
      c.canonical, c.words = e.text, nwords
      self.renamed = true  -- its earlier mentions carry the old name
    end
    self.by_surname[surname] = c
    self.by_name[key(text)] = c
    -- "Wang Dan", "Li Peng" found by a title: a listed family name first
    -- is the one a later mention uses ("Wang", "Li"), the last word may be
    -- too.
    if e.rule ~= "person.family_first" and e.rule ~= "person.given_family"
        and family_first then
      self.by_surname[given] = c
    end
    local g = self.by_given[given]
    self.by_given[given] = (g == nil or g == c) and c or false
    -- The given name alone is the person's too ("Luz handles the books"),
    -- unless it comes first as a family name ("Deng Xiaoping", "Li Peng").
    if e.rule ~= "person.family_first" and given ~= surname and
        not family_first then
      g = self.given_only[given]
      self.given_only[given] = (g == nil or g == c) and c or false
    end
  else
    c = self.by_surname[given] or self.by_given[given]
    if not c then
      c = { id = ID[#self.list + 1], canonical = e.text, words = 1 }
      self.list[#self.list + 1] = c
      self.by_surname[given] = c
    end
    -- "Mr. Rantanen", "coach Rantanen": the title says the word is a name,
    -- so its bare mentions elsewhere are found too.
    -- So does "the Reagan administration" (person.leader).
    if e.title or e.rule == "person.leader" then c.titled = true end
    if c.words == 1 and e.title then
      c.gender = c.gender or HONORIFIC_GENDER[e.title]
    end
  end
  e.id, e.canonical = c.id, c.canonical
  return c
end

-- Adds a full name found before a known surname ("Naina Yeltsin" after
-- "Boris Yeltsin"): its own person unless it only adds words, while the
-- bare surname still points to the cluster it pointed to.
function Clusters:add_apart(e)
  local _, _, surname = name_keys(e.text)
  local keep = self.by_surname[surname]
  local c = self:add(e)
  self.by_surname[surname] = keep or c
  return c
end

-- The cluster a bare word (surname or unambiguous given name) points to.
function Clusters:lookup(word)
  local k = key(word)
  return self.by_surname[k] or self.by_given[k] or nil
end

-- The other mentions to find: the surnames of clusters opened by a full
-- name or a titled surname, and the full names themselves. (A full name
-- the rules missed elsewhere, "Marshall Coleman wants ...", is then found
-- whole, not as its surname alone.) Also the given names of one full
-- name each that are no surname and that usable(word) allows (the word
-- as the full name writes it).
function Clusters:mentions_to_find(usable)
  local out = {}
  for s, c in pairs(self.by_surname) do
    if c.words >= 2 or c.titled then out[#out + 1] = s end
  end
  for name in pairs(self.by_name) do out[#out + 1] = name end
  for g, c in pairs(self.given_only) do
    if c and not self.by_surname[g] and not self.by_name[g] and
        not g:find(".", 1, true) and #g > 1 and
        usable(c.canonical:match("^%S+")) then
      out[#out + 1] = g
    end
  end
  table.sort(out)
  return out
end

-- The cluster of a mention found by mentions_to_find(): a surname, a
-- full name, or a given name (then true as well).
function Clusters:of_mention(text)
  local k = key(text)
  local c = self.by_surname[k] or self.by_name[k]
  if c then return c, false end
  return self.given_only[k], true
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

-- The end of the last span of spans (sorted, not overlapping) that ends
-- at or before byte offset pos, or -1.
local function end_before(spans, pos)
  local lo, hi = 1, #spans  -- binary search: the last span ending <= pos
  while lo <= hi do
    local mid = math.floor((lo + hi) / 2)
    if spans[mid]["end"] <= pos then lo = mid + 1 else hi = mid - 1 end
  end
  return hi >= 1 and spans[hi]["end"] or -1
end

-- Whether a word is a FAMILY name of the lexicon.
local is_family = lists.memoize(function(lexicon, word)
  return lexicon:lookup(word).FAMILY ~= nil
end, MEMO_SIZE)

-- Whether a given name may be found alone: no word the lists know as
-- something else too ("Paris", "Will", "Georgia", "June", "Chelsea").
local NOT_ALONE = { "COUNTRY", "CITY", "STATE", "REGION", "DEMONYM",
  "STOPCAP", "STOPCAP_AMBIGUOUS", "ORG", "ORG_AMBIGUOUS", "MONTH",
  "MONTH_AMBIGUOUS", "DAY", "TITLE", "HONORIFIC" }
local given_alone = lists.none_of(NOT_ALONE, MEMO_SIZE)

-- The token before a surname at token `first` when it is a capitalized
-- word that may be a given name the lists do not know ("Naina" of "Naina
-- Yeltsin"; not "But", "American", "Minister", "Moscow"), on its line,
-- after byte `taken` (no span holds it) and no headline shouts it; else
-- nil.
local function given_before(doc, lexicon, first, taken)
  local k = first - 1
  if k < 1 or not doc:has(k, "CAP", "WORD") or doc:has(k, "UPPER") or
      doc:has(first, "LINE_START") or doc:token(k) < taken then
    return nil
  end
  local word = doc:token_text(k)
  return word:find("^%u%l+$") and given_alone(lexicon, word) and k or nil
end

-- Whether the given name at tokens [first, last] stands alone: no
-- capitalized word right before it (but a sentence's start) nor after
-- it, its possessive aside ("Camp David", "Henry Street", "St. Mary's
-- Church", "Jane Quigley" of a name the rules missed).
local function alone(doc, first, last)
  if first > 1 and doc:has(first - 1, "CAP") and
      not doc:has(first, "SENT_START") then
    return false
  end
  local after = last + 1
  local t = doc:token_text(after)
  if t == "'s" or t == "’s" then after = after + 1 end
  return not (after <= doc:ntokens() and doc:has(after, "CAP") and
    not doc:has(after, "SENT_START"))
end

-- Clusters the PERSON spans of ctx.spans and adds bare later mentions of
-- known surnames (any case, so headlines in capitals count too).
-- more(ctx, people), if given, gets the indexes in ctx.spans of the PERSON
-- spans and returns more of them (sorted, meeting no span) or nil: they
-- join the clusters too.
function M.resolve(ctx, more)
  local lexicon = ctx.extractor and ctx.extractor.lexicon
  local clusters = M.new(lexicon and function(word)
    return is_family(lexicon, word)
  end)
  local spans = ctx.spans
  local people, np = more and {} or nil, 0
  for i = 1, #spans do
    local m = spans[i]
    if m.label == "PERSON" then
      clusters:add(m)
      if people then np = np + 1; people[np] = i end
    end
  end
  if np > 0 then
    local added = more(ctx, people)
    if added then
      for i = 1, #added do clusters:add(added[i]) end
      spans = merge(spans, added)
      ctx.spans = spans
    end
  end
  local wanted = clusters:mentions_to_find(function(word)
    return lexicon ~= nil and given_alone(lexicon, word)
  end)
  if #wanted > 0 then
    -- Their mentions in any case (folded), outside every span: the others
    -- are left out in C and never become tables. find_words gives what a
    -- lexicon of the surnames would, without building one, for surnames
    -- in ASCII ("Strayer", not "Müller").
    local hits = core.find_words(ctx.doc, wanted,
      { fold = true, outside = spans })
    if not hits then
      local lex = core.lexicon()
      lex:add_list(wanted, "SURNAME", true)
      hits = lex:match(ctx.doc, { outside = spans })
    end
    local text = ctx.text
    local added = {}
    for h = 1, #hits do
      local hit = hits[h]
      local start, stop = hit.start, hit["end"]
      -- A name is never written in lower case ("rice", "test").
      if not text:find("^%l", start + 1) then
        local word = text:sub(start + 1, stop)
        local c, given = clusters:of_mention(word)
        local first, mention = hit.first, word
        if given and (not alone(ctx.doc, hit.first, hit.last) or
            not word:find("%l")) then
          c = nil  -- part of another name, or a headline's capitals
        end
        -- Take a particle before the surname into the span, unless an
        -- earlier span holds it.
        local from = particle_before(text, start)
        if from and end_before(spans, start) <= from then
          start, mention = from, text:sub(from + 1, stop)
          first = ctx.doc:token_at(from)
        elseif c and not given and lexicon then
          -- "Naina Yeltsin" after "Boris Yeltsin": a given name the lists
          -- do not know makes a full name of its own.
          local g = given_before(ctx.doc, lexicon, first, end_before(spans,
            start))
          if g then
            start, first = ctx.doc:token(g), g
            mention = text:sub(start + 1, stop)
            c = clusters:add_apart({ text = mention })
          end
        end
        -- All fields in one constructor: the table is made at its size.
        if c then
          added[#added + 1] = { label = "PERSON", start = start,
            ["end"] = stop, first = first, last = hit.last,
            rule = "person.later_mention", text = mention, id = c.id,
            canonical = c.canonical }
        end
      end
    end
    if #added > 0 then ctx.spans = merge(spans, added) end
  end
  -- Every mention carries its cluster's canonical name, the fullest one
  -- ("Mr. Rantanen" before "Ilkka Rantanen" gets the full name too).
  if clusters.renamed then
    local canonical_of = {}
    for _, c in ipairs(clusters.list) do canonical_of[c.id] = c.canonical end
    spans = ctx.spans
    for i = 1, #spans do
      local m = spans[i]
      if m.label == "PERSON" and m.id then m.canonical = canonical_of[m.id] end
    end
  end
  ctx.people = clusters
  return clusters
end

return M
