-- attribution/orgs.lua — organizations as speakers: named, as "it" or "the
-- ministry", or through those who speak for them ("a spokeswoman for
-- Acme Corp").

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local S = require "glean.attribution.shared"
local state = require "glean.attribution.state"

local State, POSSESSIVE = state.State, state.POSSESSIVE
local has, memo, is_cap = S.has, S.memo, S.is_cap
local is_lower, PRONOUN_GENDER = S.is_lower, S.PRONOUN_GENDER
local PRONOUNS = S.PRONOUNS
local PREPOSITIONS, DETERMINERS = S.PREPOSITIONS, S.DETERMINERS
local MAX_CANDIDATES = S.MAX_CANDIDATES
local MAX_SCAN, first_ending_after = S.MAX_SCAN, S.first_ending_after
local F = require("glean.core").flags
local byte = string.byte

-- An organization speaks as a person does ("…," the ministry said; "…,"
-- it said in a statement): the speaker is then its name as an ORG
-- mention gives it, without "the" ("the Ministry of Health" -> "Ministry
-- of Health"), but for a publication, whose name holds it ("The New
-- York Times"); it has no cluster, so no speaker_id.
local PUBLICATION = { Times = true, Post = true, Journal = true,
  Yorker = true, Economist = true, Guardian = true, Telegraph = true,
  Atlantic = true, Independent = true, Globe = true, Herald = true,
  Tribune = true, Hill = true, Press = true, Observer = true,
  Spectator = true, Nation = true, Review = true, Mirror = true,
  Sun = true, Star = true, Age = true, Australian = true }
local function org_name(m)
  local text = m.text
  if PUBLICATION[text:match("(%a+)%W*$") or ""] then
    return (text:gsub("^the%s+", "The "))
  end
  return (text:gsub("^[Tt]he%s+", ""))
end

-- The words of a string, as a set.
local function word_set(words)
  local set = {}
  for w in words:gmatch("%S+") do set[w] = true end
  return set
end
-- Nouns any company goes by ("the company", "the firm", "the lender").
local ANY_COMPANY = word_set [[
  company firm lender bank carrier airline insurer retailer maker automaker
  carmaker manufacturer operator conglomerate startup chain group miner
  producer refiner supplier exporter developer brewer distributor shipper]]
-- Nouns that name a whole rather than one body: "the government" is no
-- ministry named before it, only one whose name holds the word.
local NAME_ONLY = word_set "government army military police"
-- Nouns news calls an organization by once it is named: "the ministry
-- said" means the Ministry of Health named before. Most must be a word of
-- that name ("the bank": Orion Bank); those any company is called also
-- point at the last organization named as a subject.
local ORG_NOUNS = word_set [[
  ministry department agency commission committee council union party
  court bank board bureau office embassy institute university foundation
  association federation league club service authority regulator
  newspaper network organization organisation broadcaster publisher
  utility exchange hospital school museum church orchestra team airport
  charity trust fund station magazine]]
for w in pairs(ANY_COMPANY) do ORG_NOUNS[w] = true end
for w in pairs(NAME_ONLY) do ORG_NOUNS[w] = true end

-- Who speaks through someone else's words: a spokesman, an office, a
-- campaign, a statement. "Holt's office said", "a spokeswoman for Acme
-- Corp said", "read a statement issued by the ministry": the one they
-- speak for is the speaker (their words are that one's official word);
-- the mention stays the whole phrase. (Not lawyers or aides: they speak
-- in their own name.)
local MOUTHPIECES = { spokesman = true, spokeswoman = true,
  spokesperson = true, spokesmen = true, spokeswomen = true,
  spokespeople = true, representative = true, representatives = true,
  office = true, campaign = true, statement = true, release = true,
  letter = true, memo = true, email = true, ["e-mail"] = true,
  website = true, account = true, announcement = true, filing = true }
-- Words between a mouthpiece and "by" or "from": "a statement issued by".
local ISSUED = { issued = true, released = true, sent = true,
  posted = true, published = true, emailed = true, put = true,
  out = true, press = true }
local SPEAK_FOR = { ["for"] = true, from = true, by = true }

-- The speaker name of ORG mention e (org_name, and without the
-- possessive a mention may hold: "Orion Bank's shares").
function State:org_speaker(e)
  local name = org_name(e.m)
  if self:possessive_name(e) then name = name:gsub("['’]s$", "") end
  return name
end

-- The speaker record of ORG mention e.
function State:org_record(e)
  return { speaker = self:org_speaker(e), speaker_start = e.start,
    speaker_end = e["end"] }
end

-- Words after which an organization is an object, not the head of the
-- phrase: "an official at the Stock Exchange", "media coverage since the
-- General Assembly".
local OBJECT_AFTER = { over = true, since = true, after = true,
  before = true, into = true, than = true, like = true, between = true,
  among = true, via = true, through = true, toward = true, towards = true,
  near = true, across = true, behind = true, beyond = true }
for w in pairs(PREPOSITIONS) do OBJECT_AFTER[w] = true end

-- Whether mention e heads the phrase that opens at token first: no
-- preposition stands between them (up to a comma).
function State:heads(e, first)
  local doc = self.doc
  for j = e.first - 1, first, -1 do
    local w = doc:token_text(j)
    if w == "," then return true end
    if OBJECT_AFTER[w] then return false end
  end
  return true
end

-- Whether an ORG mention holds its own possessive ("the Securities and
-- Exchange Commission's enforcement unit"): it ends in "'s" and no verb
-- follows, as one does a name like "Moody's" ("Moody's said").
local VERB_AFTER = { said = true, says = true, added = true, told = true,
  reported = true, noted = true, wrote = true, warned = true, is = true,
  was = true, has = true, had = true, will = true, would = true,
  expects = true, expected = true, announced = true, cited = true }
function State:possessive_name(e)
  local b = byte(e.m.text, -1)
  if b ~= 115 or not POSSESSIVE[self:tok_text(e.last)] and
      not e.m.text:find("['’]s$") then
    return false
  end
  return not VERB_AFTER[self:tok_text(e.last + 1)]
end

-- The ORG mention a second mention at token p points back at, within
-- WINDOW_PARAS paragraphs. With head ("the ministry", "the bank"): the
-- last organization named whose name holds that word; else, for nouns
-- any company goes by ("the firm"), the last one named as a subject or
-- with a legal form; else, for other nouns ("the agency"), the subject
-- of the sentence before. Without head ("it"): the last organization
-- named as a subject, else the last one named but as a possessive. nil
-- when none is in reach.
function State:org_before(p, head)
  local pstart = self.doc:token(p)
  local _, low = self:window_of(p)
  local orgs = self.orgs
  local top = first_ending_after(orgs, pstart) - 1
  local subject, fallback, legal
  local pattern = head and "%f[%a]" .. head .. "%f[%A]"
  -- (A one-word ORG that is also the name of a person in the text is
  -- more likely that person: "it" never points at one.)
  local people = self.ctx.people
  local company = ANY_COMPANY[head]
  for j = top, math.max(1, top - MAX_CANDIDATES), -1 do
    local m = orgs[j]
    if m.start < low then break end
    local e = self:mention(m)
    if not e.inside and not (people and e.first == e.last and
        people:lookup(m.text)) then
      if pattern and m.text:lower():find(pattern) then return e end
      -- "the company": with no organization as a subject, a name with a
      -- legal form ("Ebute Commodities Plc") wherever it stands.
      if company and not legal and m.rule == "org.legal_form" then
        legal = e
      end
      -- A possessive only modifies ("Acme Corp's shares"); in
      -- parentheses, a credit after a date ("May 14 (Harbourline News)")
      -- is meant by no one, while a short form after a name ("... in
      -- Rwanda (RDR) urged") stands for its subject.
      local aside = self:possessive(e) or self:possessive_name(e)
      local object = false
      if self:tok_text(e.first - 1) == "(" then
        aside = aside or not is_cap[self:flags(e.first - 2)]
      elseif not aside then
        object = self:is_object(e)
      end
      if not aside then
        if not subject and not object then subject = e end
        fallback = fallback or e
      end
    end
  end
  if company then return subject or legal end
  if NAME_ONLY[head] then return nil end
  if head then
    -- "The National Weather Service issued a warning. “…,” the agency
    -- said.": a noun not in the name points at the subject of the
    -- sentence before only.
    local doc = self.doc
    local k = doc:sentence_of(p)
    local s = subject and doc:sentence_of(subject.first)
    local opens = s and doc:sentence(s)
    if opens and opens < subject.first and doc:token_text(opens) == "The"
    then
      opens = opens + 1
    end
    if not (s and k - s <= 1 and opens == subject.first) then
      return nil
    end
  end
  return subject or fallback
end

-- The person whose office, campaign or spokesman mention e is ("Karen
-- Holt's office") when the mouthpiece follows it; else nil.
function State:mouthpiece_after(e)
  local j = e.last + 1
  if self:possessive(e) then j = j + 1 end
  return MOUTHPIECES[self:tok_text(j)] ~= nil
end

-- Whether mention e is the one a mouthpiece in tokens [first, last]
-- speaks for: "Holt's office", "Acme Corp spokesman", "a spokeswoman
-- for Acme Corp", "a statement issued by the ministry".
function State:speaks_for(e, first, last)
  if e.last < last and self:mouthpiece_after(e) then return true end
  local title = e.m.caps and e.m.caps.title
  local j = (title and title.first and title.first < e.first) and
    title.first - 1 or e.first - 1
  if self:tok_text(j) == "the" then j = j - 1 end
  if j <= first or not SPEAK_FOR[self:tok_text(j)] then return false end
  for k = j - 1, j - 3 > first and j - 3 or first, -1 do
    local w = self:tok_text(k)
    if MOUTHPIECES[w] then return true end
    if not ISSUED[w] then return false end
  end
  return false
end

-- The one a pronoun or a description names through a mouthpiece in
-- tokens [first, last] speaks for, as { speaker, id }: "her campaign",
-- "its spokesman", "the company's spokesman", "a statement from the
-- ministry"; nil when there is no such mouthpiece or it names no one.
-- (The mouthpiece is among the first four words: "the company's
-- spokesman"; only lower-case ones are read.)
function State:mouthpiece_owner(first, last)
  local doc = self.doc
  for k = first, first + 3 < last and first + 3 or last do
    local w = is_lower[doc:flags(k)] and doc:token_text(k)
    if w and MOUTHPIECES[w] then
      local before = doc:token_text(k - 1) or ""
      local lw = before:lower()
      if k > first and (lw == "his" or lw == "her") then
        local id, canonical = self:resolve_pronoun(k - 1,
          PRONOUN_GENDER[lw])
        return id and { speaker = canonical, id = id }
      elseif k > first and (lw == "its" or lw == "their") then
        return self:resolve_it(k - 1)
      end
      -- "the company's spokesman" / "a spokesman for the company" /
      -- "a ministry spokesman"
      local noun_at
      if k - 2 > first and self:is_possessive(k - 1) then
        noun_at = k - 2
      elseif k > first and ORG_NOUNS[before] then
        noun_at = k - 1
      else
        local j = k + 1
        if ISSUED[doc:token_text(j)] then j = j + 1 end
        if j + 2 <= last and SPEAK_FOR[doc:token_text(j)] and
            (doc:token_text(j + 1) or ""):lower() == "the" then
          noun_at = j + 2
        end
      end
      local noun = noun_at and doc:token_text(noun_at)
      if noun and ORG_NOUNS[noun] then
        local e = self:org_before(noun_at - 1, noun)
        return e and { speaker = self:org_speaker(e) }
      end
      return nil
    end
  end
  return nil
end

-- What "it" at token p stands for when it speaks: the organization named
-- last as a subject, or, when a sentence since opens with one, the
-- organization a description names ("The bank rejected the claim.") or
-- the person whose office or campaign it is ("Karen Holt's office
-- released a statement."). As { speaker, id }; nil when no organization
-- is in reach ("The report was released. “…,” it said.").
function State:resolve_it(p)
  local e = self:org_before(p, nil)
  local doc = self.doc
  -- Sentence openings between that mention (or the window) and p, last
  -- first (a few: a walk in C from one to the next).
  local low = self:window_of(p)
  if e and e.first > low then low = e.first end
  local j = p
  for _ = 1, 6 do
    j = doc:seek(j, low, F.SENT_START)
    if not j then break end
    local w = doc:token_text(j)
    local noun = doc:token_text(j + 1)
    if w == "The" and ORG_NOUNS[noun] then
      local o = self:org_before(j, noun)
      if o then return { speaker = self:org_speaker(o) } end
    elseif is_cap[doc:flags(j)] then
      local k = first_ending_after(self.persons, doc:token(j))
      local m = self.persons[k]
      if m and m.start == doc:token(j) then
        local pe = self:mention(m)
        if self:mouthpiece_after(pe) then
          return { speaker = m.canonical or m.text, id = m.id }
        end
      end
    end
  end
  -- "…," the report says. "It also points out ...": a thing that
  -- speaks since the organization was named is what "it" is.
  if e then
    local by_last = self.by_last
    for t = p - 1, e.last + 1 > p - 4 * MAX_SCAN and e.last + 1 or
        p - 4 * MAX_SCAN, -1 do
      local m = by_last[t]
      local sp = m and m.caps.speaker
      if sp and DETERMINERS[doc:token_text(sp.first)] and
          sp.last == sp.first + 1 and
          not ORG_NOUNS[doc:token_text(sp.last)] and
          not MOUTHPIECES[doc:token_text(sp.last)] then
        return nil
      end
    end
  end
  return e and { speaker = self:org_speaker(e) }
end

-- What "they" at token p stands for when it speaks: the speaker of the
-- last cue before it, within WINDOW_PARAS paragraphs, that names a group
-- ("Police said ...", "Senate Democrats said", "officials said") or an
-- organization. As { speaker }; nil when none ("“…,” they said" alone).
-- (A plural: a last word ending in "s" but not "ss" nor a possessive.)
function State:resolve_they(p)
  local doc, by_last = self.doc, self.by_last
  local low = self:window_of(p)
  if p - 2 * MAX_SCAN > low then low = p - 2 * MAX_SCAN end
  for t = p - 1, low, -1 do
    local m = by_last[t]
    local sp = m and m.caps.speaker
    if sp and sp.last < m.caps.cue.first and not self:quote_at(sp.last) then
      local w = doc:token_text(sp.last)
      if not PRONOUNS[w:lower()] and (w == "police" or w == "Police" or
          (w:find("[^s]s$") and not self:is_possessive(sp.last))) or
          self:mentions_within(self.orgs, sp.start, sp["end"])[1] then
        -- (Not a person: "Holt and Ellis said" are two.)
        local rec = self:speaker_of(self:cue(m))
        if rec and rec.speaker and not rec.id then
          return { speaker = rec.speaker }
        end
        return nil
      end
    end
  end
  return nil
end

-- The speaker of the nearest cue naming one that ends in the sentence of
-- token i, at most MAX_GAP tokens before it; nil when there is none.

return { org_name = org_name, ORG_NOUNS = ORG_NOUNS }
