-- attribution.lua — who said each quotation.
--
-- The finish stage of the quote pack. Its inputs are the quotation marks
-- the document paired (doc:quotes(): one piece per paragraph of a
-- quotation, nested quotes marked by `parent`), the CUE matches of the
-- quote pack (a verb or phrase with an optional `speaker` capture) and the
-- PERSON clusters of the person pack. It fills ctx.quotes with
--
--   { text, start, end, kind = "direct" | "partial", speaker, speaker_id,
--     speaker_start, speaker_end, cue }
--
-- How a piece finds its speaker, in order:
--   1. a cue right after it: "…," said Strayer / "…," he said /
--      "…" ― Ana Ruiz;
--   2. a cue right before it, ending in ":" or ",": Strayer said: "…"
--      (also across a paragraph break after the colon);
--   3. a cue elsewhere in its sentence: Strayer called the plan "reckless"
--      (away from the quotation the subject of the sentence speaks);
--   4. a colon with no cue: the subject of the sentence before it;
--   5. when the piece is a sentence of its own: the quotation before it in
--      the same multi-paragraph group, in the same paragraph, or in the
--      paragraph before (news style continues a speaker that way); else a
--      cue naming a speaker at the end of the sentence before ("…,
--      Schiff said. “…”", also across a paragraph break), else the
--      person who is the subject of the sentence before in its
--      paragraph; else, for a paragraph of its own, the one the next
--      paragraph names as it looks back ("So said Karen Holt", "Those
--      were the words of ..."); with no such speaker, such a paragraph
--      is not reported.
-- A cue's speaker capture is read as a person (the PERSON span in it that
-- is not the object of "for", "of" ... nor a possessive), a pronoun
-- (resolved to the previous speaker or the last person mentioned, with
-- gender from Mr./Mrs./Ms., titles such as "Congresswoman", earlier
-- he/she and, to choose among several, the given name), an
-- organization, or a description ("a spokeswoman for the commission";
-- "the minister" and "the 32-year-old" resolved to the person named so
-- before, as pronouns are). An organization speaks too: named ("the
-- Ministry of Health said"), as "it" or "the ministry" (resolved to the
-- one named before), or through a mouthpiece ("a spokeswoman for Acme
-- Corp", "a statement from Karen Holt's office": the one spoken for is
-- the speaker, the phrase the mention).
--
-- A piece is "direct" when its sentence holds only the quotation and its
-- attribution; "partial" when the quoted words sit inside paraphrase.
-- Nested quotes, scare quotes, nicknames and titles (short, no cue in the
-- sentence, or headline-cased paragraphs) are left out.
--
-- Lua runs here once per quotation and once per match: every look at
-- tokens is bounded by a small window around a quotation or a match.

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local core = require "glean.core"

local M = {}

local F = core.flags
local byte = string.byte

local function has(flags, bit)
  return flags % (bit + bit) >= bit
end

-- The tests on token flags, as tables remembered per value of the flags:
-- is_cap[f] is has(f, F.CAP). A document has few distinct flag values,
-- and a table read costs much less than a function call on every token
-- looked at.
local function memo(test)
  return setmetatable({}, { __index = function(t, f)
    local v = test(f)
    t[f] = v
    return v
  end })
end
local function flag_test(bit)
  return memo(function(f) return has(f, bit) end)
end
local is_cap, is_lower, is_abbrev = flag_test(F.CAP), flag_test(F.LOWER),
  flag_test(F.ABBREV)
local is_punct, is_dash, is_apos = flag_test(F.PUNCT), flag_test(F.DASH),
  flag_test(F.APOS)
local is_sent_start, is_line_start = flag_test(F.SENT_START),
  flag_test(F.LINE_START)
-- The walks over many tokens are asked of C (doc:seek, doc:words), with
-- flag masks (sums of distinct bits). A word: letters, digits or both.
local WORD_MASK = F.WORD + F.DIGIT + F.ALNUM

local PRONOUN_GENDER = { he = "m", she = "f", him = "m", her = "f" }
local PRONOUNS = { he = true, she = true, they = true, i = true, we = true,
  it = true, him = true, her = true, them = true }
local HONORIFIC_GENDER = {
  ["Mr."] = "m", Mr = "m", ["Mrs."] = "f", Mrs = "f", ["Ms."] = "f",
  Ms = "f", Miss = "f",
}
-- Titles that tell a gender as Mr. and Mrs. do ("Queen Beatrix Lund",
-- "Congresswoman Ana Ruiz").
local TITLE_GENDER = {
  Queen = "f", Princess = "f", Lady = "f", Dame = "f", Madam = "f",
  Chairwoman = "f", Congresswoman = "f", Councilwoman = "f",
  Assemblywoman = "f", Sister = "f", Duchess = "f", Baroness = "f",
  King = "m", Prince = "m", Sir = "m", Lord = "m", Chairman = "m",
  Congressman = "m", Councilman = "m", Assemblyman = "m", Sheikh = "m",
  Duke = "m", Baron = "m",
}

-- Given names news uses for one gender (lists/given_names_gender.txt),
-- read on first use: first word of a canonical name -> "f" or "m".
local given_gender
local function gender_of_given(word)
  if not given_gender then
    given_gender = {}
    local path = require("glean.lists").path("given_names_gender.txt")
    local f = io.open(path, "r")
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

-- Words after which a name is an object, not the one who speaks:
-- "a spokeswoman for Clinton", "an aide to Trump".
local PREPOSITIONS = { ["for"] = true, of = true, to = true, with = true,
  at = true, from = true, by = true, about = true, against = true,
  on = true, ["in"] = true, under = true }
-- Lower-case words that may precede a name that is still a subject.
local SUBJECT_LEAD = { ["and"] = true, but = true, ["then"] = true,
  said = true, says = true, ["while"] = true, as = true, when = true,
  because = true, so = true, ["or"] = true, that = true, after = true,
  before = true, ["if"] = true, added = true, told = true, asked = true,
  where = true, although = true, though = true, since = true }
-- Words that open a description ("a blog post", "the senator").
local DETERMINERS = { a = true, an = true, the = true, his = true,
  her = true, its = true, their = true, our = true, my = true, your = true,
  one = true, another = true, some = true, several = true, many = true }
-- Small words a headline keeps in lower case.
local HEADLINE_SMALL = { a = true, an = true, the = true, ["and"] = true,
  ["or"] = true, of = true, ["in"] = true, on = true, at = true, to = true,
  ["for"] = true, by = true, with = true, is = true, are = true }
local DASHES = { ["—"] = true, ["–"] = true, ["-"] = true, ["--"] = true }

-- How many paragraphs back a pronoun or a continuation may reach, and
-- how many name mentions a pronoun looks at (work per quotation stays
-- bounded whatever the text).
local WINDOW_PARAS = 3
local MAX_CANDIDATES = 40
-- Most tokens of a sentence looked at on each side of a quotation; a
-- longer stretch counts as paraphrase around it.
local MAX_SCAN = 80
-- Most tokens between a cue and the ":" or "," that introduces its quote:
-- "Strayer said in a statement released on Monday:".
local MAX_GAP = 12

-- ---------------------------------------------------------------------------
-- Small helpers over the document
-- ---------------------------------------------------------------------------

local floor = math.floor

-- First index of `spans` (sorted by start) whose end is past byte pos.
local function first_ending_after(spans, pos)
  local lo, hi = 1, #spans
  while lo <= hi do
    local mid = floor((lo + hi) / 2)
    if spans[mid]["end"] > pos then hi = mid - 1 else lo = mid + 1 end
  end
  return lo
end

local function trim_text(text, s, e)
  -- Drop spaces and punctuation at both ends of a speaker mention.
  while s < e and text:sub(s + 1, s + 1):match("[%s,;:%(]") do s = s + 1 end
  while e > s and text:sub(e, e):match("[%s,;:%)%.]") do e = e - 1 end
  return s, e
end

-- ---------------------------------------------------------------------------
-- The state of one document
-- ---------------------------------------------------------------------------

local State = {}
State.__index = State

local function new_state(ctx)
  local doc = ctx.doc
  local self = setmetatable({ ctx = ctx, doc = doc, text = ctx.text,
    ntok = doc:ntokens(), gender = {}, first_of = {}, hint_of = {},
    persons = {}, orgs = {}, mentions = {}, by_first = {}, by_last = {},
    cues = {}, cue_of = {}, tops = {}, at = 1 }, State)
  return self
end

function State:tok_text(i)
  return self.doc:token_text(i) or ""
end

-- The flags of token i, 0 past either end. (Loops over tokens call
-- doc:flags themselves: one call instead of two.)
function State:flags(i)
  return self.doc:flags(i)
end

-- The paragraph holding token i: its index, first and last token, start
-- and end byte; nil when none does. (A binary search in C: no table of all
-- paragraphs is made; doc:sentence_of is the same for sentences.)
function State:para(i) return self.doc:paragraph_of(i) end

-- The oldest paragraph a pronoun or a second mention at token i may
-- reach back to (WINDOW_PARAS paragraphs, its own included): its first
-- token, its start byte and its number.
function State:window_of(i)
  local para = self:para(i) or 1
  local oldest = math.max(1, para - WINDOW_PARAS + 1)
  local first, _, start = self.doc:paragraph(oldest)
  return first, start, oldest
end

-- Of piece q: the first token of the sentence where it opens and the last
-- of the one where it ends; the paragraph where it opens, its first and
-- last token. Several steps ask: found once, kept in q.
function State:sentences_of(q)
  local first, last = q.sent_first, q.sent_last
  if not first then
    local doc, _ = self.doc, nil
    _, first = doc:sentence_of(q.open)
    _, _, last = doc:sentence_of(q.last)
    q.sent_first, q.sent_last = first, last
  end
  return first, last
end

function State:opening_para(q)
  local para, first, last = q.para, q.para_first, q.para_last
  if not para then
    para, first, last = self.doc:paragraph_of(q.open)
    q.para, q.para_first, q.para_last = para, first, last
  end
  return para, first, last
end

-- The top-level quotation piece holding token i, if any. It is asked for
-- every name, cue and word looked at, mostly in text order or near the
-- token asked before: the pieces (self.tops, disjoint and in text order)
-- are walked from self.at, the first piece not ending before the token
-- asked last. (A table of every quoted token cost more than the looks.)
function State:quote_at(i)
  local tops, k = self.tops, self.at
  while k > 1 and tops[k - 1].last >= i do k = k - 1 end
  local q = tops[k]
  while q and q.last < i do
    k = k + 1
    q = tops[k]
  end
  self.at = k
  if q and q.open <= i then return q end
  return nil
end

-- Whether token i is "'s", "’s", "'" or "’" (a possessive after a name).
-- Its first byte is looked at before its text is made.
local POSSESSIVE = { ["'s"] = true, ["’s"] = true, ["'"] = true, ["’"] = true }
function State:is_possessive(i)
  local s = self.doc:token(i)
  local b = s and byte(self.text, s + 1)
  if b ~= 39 and b ~= 226 then return false end
  return POSSESSIVE[self:tok_text(i)] == true
end

-- The gender an honorific at token i gives ("Mr." "Mrs." "Ms." "Miss"
-- all start with "M"), or nil.
function State:honorific_gender(i)
  local s = self.doc:token(i)
  if not s or byte(self.text, s + 1) ~= 77 then return nil end  -- "M"
  return HONORIFIC_GENDER[self:tok_text(i)]
end

-- A name in a byline ("By Ann Lee and Bo Chen, Staff Reporters") is the
-- writer, never the "she" of a quotation: the line opens with "By" and
-- only names, "and", "&" and commas stand between it and the name.
local BYLINE_GLUE = { ["and"] = true, ["&"] = true, [","] = true }
-- The rest of the line holds no lower-case word either, so "By Friday,
-- Smith said" is no byline.
-- (The flags are read first: most names stop the walk at the first
-- token, whose text is then seldom needed.)
function State:in_byline(first, last)
  local doc = self.doc
  local opens = false
  for j = first - 1, first > 16 and first - 16 or 1, -1 do
    local f = doc:flags(j)
    if is_line_start[f] then
      if doc:token_text(j) == "By" then opens = true break end
      return false
    end
    if not (is_cap[f] or BYLINE_GLUE[doc:token_text(j)]) then
      return false
    end
  end
  if not opens then return false end
  for j = last + 1, last + 16 do
    if j > self.ntok then return true end
    local f = doc:flags(j)
    if is_line_start[f] then return true end
    if not (is_cap[f] or BYLINE_GLUE[doc:token_text(j)]) then
      return false
    end
  end
  return false
end

-- The name mentions: the PERSON spans (sorted by start, as ctx.spans)
-- with their gender hints, and the ORG spans.
function State:collect_spans()
  local persons, orgs, np, no = self.persons, self.orgs, 0, 0
  local gender, first_of = self.gender, self.first_of
  local spans = self.ctx.spans or {}
  for k = 1, #spans do
    local m = spans[k]
    local label = m.label
    if label == "PERSON" then
      local id = m.id
      if id and not gender[id] then
        local first = m.first or self.doc:token_at(m.start)
        gender[id] = self:honorific_gender(first - 1)
      end
      -- The first mention, which carries the title and the given name:
      -- read by State:hints for the few clusters a pronoun weighs.
      if id and not first_of[id] then first_of[id] = m end
      np = np + 1
      persons[np] = m
    elseif label == "ORG" then
      no = no + 1
      orgs[no] = m
    end
  end
end

-- The mention of span m: its tokens, whether it stands in a quotation,
-- and (filled when asked) whether a possessive follows it and whether it
-- stands in a byline. Made for the few spans near a cue or a pronoun,
-- when first asked for: most names are never looked at.
function State:mention(m)
  local e = self.mentions[m]
  if e then return e end
  local first = m.first or self.doc:token_at(m.start)
  local last = m.last or self.doc:token_at(m["end"] - 1)
  e = { m = m, start = m.start, ["end"] = m["end"], first = first,
    last = last, label = m.label,
    inside = first ~= nil and self:quote_at(first) ~= nil }
  self.mentions[m] = e
  return e
end

-- The mentions of `spans` (persons or orgs) lying inside bytes [s, e).
function State:mentions_within(spans, s, e)
  local out = {}
  for k = first_ending_after(spans, s), #spans do
    local m = spans[k]
    if m.start >= e then break end
    if m.start >= s and m["end"] <= e then
      out[#out + 1] = self:mention(m)
    end
  end
  return out
end

-- Whether mention e is followed by a possessive ("Clinton's lawyer"), and
-- whether it stands in a byline: asked of the few mentions near a cue or
-- a pronoun, so answered then and kept in e.
function State:possessive(e)
  local v = e.possessive
  if v == nil then
    v = self:is_possessive(e.last + 1)
    e.possessive = v
  end
  return v
end

function State:byline(e)
  local v = e.byline
  if v == nil then
    v = e.label == "PERSON" and self:in_byline(e.first, e.last)
    e.byline = v
  end
  return v
end

-- A name is an object ("criticizing Trump", "an aide to Clinton") when a
-- lower-case word other than a conjunction stands before it (titles and
-- honorifics skipped).
function State:is_object(e)
  local j, steps = e.first - 1, 0
  -- A title the person pack matched may be lower case ("deputy assistant
  -- attorney general Renée Castellanos"): look before it instead.
  local title = e.m.caps and e.m.caps.title
  if title and title.first and title.first < e.first then
    j = title.first - 1
  end
  local doc = self.doc
  while j >= 1 and steps < 3 do
    local f = doc:flags(j)
    if not (is_cap[f] or is_abbrev[f]) then break end
    if is_sent_start[f] then return false end
    j, steps = j - 1, steps + 1
  end
  if j < 1 then return false end
  if not is_lower[doc:flags(j)] then return false end
  return not SUBJECT_LEAD[doc:token_text(j)]
end

-- The tokens of a CUE match: from the first to the last of its verb,
-- speaker, source and rest captures (the span of the result is only its
-- verb). `rest` holds the words after the speaker that still belong to
-- the cue ("quoted X as saying"): a quotation after them takes the cue.
local function cue_range(caps)
  local first, last = caps.cue.first, caps.cue.last
  local sp, src, rest = caps.speaker, caps.source, caps.rest
  if sp then
    if sp.first < first then first = sp.first end
    if sp.last > last then last = sp.last end
  end
  if src and src.first < first then first = src.first end
  if rest and rest.last > last then last = rest.last end
  return first, last
end

-- The CUE matches not inside a quotation, in self.cues: sorted by their
-- verb's first token, those naming a speaker first (the order of the key
-- cue.first * 4 + (1 with a speaker, else 2), which compares in one step),
-- and indexed by their first and last token (by_first[t]: the cue a
-- quotation closing right before t takes; by_last[t]: the one a quotation
-- opening right after t takes). Of the cues that share a token, the index
-- keeps the one a quotation takes: the first (in text order) naming a
-- speaker, unless a later one of higher priority does, else the first. The record of a cue (State:cue) is made only
-- for the few a quotation looks at.
-- Whether cue m replaces the cue `slot` it follows on a token: as the
-- first naming a speaker, or naming one as well by a rule of higher
-- priority ("Interfax quoted X as saying" over "Interfax quoted").
local function takes_slot(m, slot)
  if slot == nil then return true end
  local sp, slot_sp = m.caps.speaker ~= nil, slot.caps.speaker ~= nil
  if sp ~= slot_sp then return sp end
  return sp and (m.priority or 0) > (slot.priority or 0)
end

function State:collect_cues()
  -- (Called once, on the empty list of new_state.)
  local cues, ncues = self.cues, 0
  local last_key, in_order = -1, true
  local by_first, by_last = self.by_first, self.by_last
  -- Only the CUE results become tables (ctx.matches would build all).
  local ctx = self.ctx
  local matches = ctx.matches_of and ctx.matches_of("CUE") or ctx.matches
    or {}
  for k = 1, #matches do
    local m = matches[k]
    local caps = m.label == "CUE" and m.caps
    local cue = caps and caps.cue
    -- A cue quoted inside a quotation belongs to the quoted speech.
    if cue and not self:quote_at(cue.first) then
      local sp = caps.speaker
      local first, last = cue_range(caps)
      ncues = ncues + 1
      cues[ncues] = m
      local key = cue.first * 4 + (sp and 1 or 2)
      if key < last_key then in_order = false end
      last_key = key
      if takes_slot(m, by_first[first]) then by_first[first] = m end
      if takes_slot(m, by_last[last]) then by_last[last] = m end
    end
  end
  -- Matches come sorted by start, so the cues are nearly in order: a cue
  -- is out of place only behind cues of matches that start before it and
  -- reach further (a speaker before its verb), never more than one
  -- match's length. An insertion sort then costs a step per cue plus one
  -- per such inversion, with no comparator calls; and it is stable: of
  -- cues with equal keys, the first in scan order is the one a quotation
  -- takes, whatever the host's table.sort would do with ties.
  if not in_order then
    local keys = {}
    for k = 1, ncues do
      local caps = cues[k].caps
      local key = caps.cue.first * 4 + (caps.speaker and 1 or 2)
      local m, j = cues[k], k - 1
      while j > 0 and keys[j] > key do
        cues[j + 1], keys[j + 1] = cues[j], keys[j]
        j = j - 1
      end
      cues[j + 1], keys[j + 1] = m, key
    end
  end
end

-- The record of CUE match m (nil for nil), made once: its verb capture
-- `cue`, its `speaker` capture, its first and last token, whether the
-- speaker comes first, and the fields of its rule (near_only: a cue only
-- next to a quotation; after_only: its speaker capture counts only right
-- after a quotation).
function State:cue(m)
  if m == nil then return nil end
  local c = self.cue_of[m]
  if c then return c end
  local cue, sp = m.caps.cue, m.caps.speaker
  local first, last = cue_range(m.caps)
  local speaker_first = nil
  if sp then speaker_first = sp.first < cue.first end
  c = { cue = cue, speaker = sp, near_only = m.near_only,
    after_only = m.after_only, possessor = m.possessor, quoting = m.quoting,
    first = first, last = last, speaker_first = speaker_first }
  self.cue_of[m] = c
  return c
end

-- ---------------------------------------------------------------------------
-- Speakers
-- ---------------------------------------------------------------------------

local function person_record(self, e, cue_text)
  local m = e.m
  return { speaker = m.canonical or m.text, speaker_id = m.id,
    speaker_start = m.start, speaker_end = m["end"], cue = cue_text,
    id = m.id }
end

-- What the first mention of cluster id tells of its gender: from its
-- title ("Queen", "Congresswoman") and from its given name, each "f",
-- "m" or false. Made once per cluster, when first asked.
function State:hints(id)
  local h = self.hint_of[id]
  if h then return h[1], h[2] end
  local m = self.first_of[id]
  local by_title, by_given = false, false
  if m then
    local first = m.first or self.doc:token_at(m.start)
    by_title = TITLE_GENDER[self:tok_text(first - 1)] or
      (m.title and TITLE_GENDER[m.title:match("(%a+)%.?$")]) or false
    by_given = gender_of_given((m.canonical or m.text):match("^%S+")) or
      false
  end
  self.hint_of[id] = { by_title, by_given }
  return by_title, by_given
end

-- Gender of a cluster: from honorifics and titles, or from an earlier
-- he/she; with by_name, also from the given name.
-- (A cluster refused for its given name alone sets self.name_refused:
-- resolve_pronoun then tries again without.)
function State:compatible(id, gender, by_name)
  if not gender or not id then return true end
  local g = self.gender[id]
  if g == nil then
    local by_title, by_given = self:hints(id)
    if by_title then return by_title == gender end
    if by_name and by_given and by_given ~= gender then
      self.name_refused = true
      return false
    end
    return true
  end
  return g == gender
end

-- The person a "he" or "she" at token p points at: the speaker of the
-- previous quotation unless another person has since become the subject,
-- else the last person mentioned as a subject, else the last one at all.
-- A given name tells a gender less surely than "Mrs." does: it chooses
-- among the people in reach, and when it leaves none, is not heard.
function State:resolve_pronoun(p, gender)
  self.name_refused = false
  local id, canonical = self:resolve_pronoun_pass(p, gender, true)
  if id or not self.name_refused then return id, canonical end
  return self:resolve_pronoun_pass(p, gender, false)
end

function State:resolve_pronoun_pass(p, gender, by_name)
  local pstart = self.doc:token(p)
  local _, floor, oldest = self:window_of(p)
  local last = self.last_person
  if last and (last.para < oldest or
      not self:compatible(last.id, gender, by_name)) then
    last = nil
  end
  -- Name mentions outside quotations from byte `from` up to the pronoun,
  -- most recent first.
  -- (A possessor, "Holt's husband", is kept apart: it is the one meant
  -- only when no one else is in reach.)
  local possessors = {}
  local function candidates(from)
    local out = {}
    local top = first_ending_after(self.persons, pstart) - 1
    for j = top, math.max(1, top - MAX_CANDIDATES), -1 do
      local m = self.persons[j]
      if m.start < from then break end
      local e = self:mention(m)
      if not e.inside and not self:byline(e) and e.m.id and
          self:compatible(e.m.id, gender, by_name) then
        if not self:possessive(e) then
          out[#out + 1] = e
        elseif gender then
          possessors[#possessors + 1] = e
        end
      end
    end
    return out
  end
  if last then
    local rival = false
    for _, e in ipairs(candidates(last.at)) do
      if e.m.id ~= last.id and not self:is_object(e) then
        rival = true
        break
      end
    end
    if not rival then return last.id, last.canonical end
  end
  local fallback
  for _, e in ipairs(candidates(floor)) do
    if not self:is_object(e) then
      return e.m.id, e.m.canonical or e.m.text
    end
    fallback = fallback or e
  end
  if last then return last.id, last.canonical end
  if fallback then
    return fallback.m.id, fallback.m.canonical or fallback.m.text
  end
  -- "Karen Holt's husband died last year. “It was hard,” she said."
  -- (The most recent; only the walk to `floor` has filled the list when
  -- this line is reached without `last`.)
  local e = possessors[1]
  if e then return e.m.id, e.m.canonical or e.m.text end
  return nil
end

-- ---------------------------------------------------------------------------
-- Organizations and those who speak for someone
-- ---------------------------------------------------------------------------

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
  company firm lender carrier airline insurer retailer maker automaker
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
function State:speaker_of_cue_before(i)
  local _, s_first = self.doc:sentence_of(i)
  local low = i - MAX_GAP
  if s_first and s_first > low then low = s_first end
  for j = i - 1, low, -1 do
    local m = self.by_last[j]
    if m and m.caps.speaker and not m.near_only then
      return self:speaker_of(self:cue(m))
    end
  end
  return nil
end

-- Words that tie a person to where they work: "X of the ministry", "X
-- at Barclays", "X from the institute", "X with the union".
local AFFILIATION = { of = true, at = true, from = true, with = true }
-- Words an organization's name holds besides capitalized ones.
local IN_ORG_NAME = { the = true, ["and"] = true, ["&"] = true,
  ["'s"] = true, ["’s"] = true }

-- The PERSON mention before "of", "at", "from" or "with" when the words
-- from there to token first (at most 10) may be an organization's name:
-- "Funmilayo Adebanjo of the Securities and Exchange Commission's
-- enforcement unit" asked at "Exchange"; else nil.
function State:affiliated_person(first)
  local doc = self.doc
  for j = first - 1, math.max(2, first - 10), -1 do
    local w = doc:token_text(j)
    if AFFILIATION[w] then
      local before = self:mentions_within(self.persons,
        doc:token(math.max(1, j - 8)), doc:token(j))
      local e = before[#before]
      return e and e.last == j - 1 and e or nil
    end
    if not (IN_ORG_NAME[w] or is_cap[self:flags(j)]) then return nil end
  end
  return nil
end

-- What the speaker capture of cue c names; nil when c has none.
function State:speaker_of(c)
  local sp = c.speaker
  local cue_text = c.cue.text
  if not sp then return nil end
  local text = self.text
  -- A pronoun.
  if sp.first == sp.last then
    local w = self:tok_text(sp.first)
    local lw = w:lower()
    if PRONOUNS[lw] then
      local rec = { speaker = w, speaker_start = sp.start,
        speaker_end = sp["end"], cue = cue_text, pronoun = lw }
      local gender = PRONOUN_GENDER[lw]
      if gender then
        local id, canonical = self:resolve_pronoun(sp.first, gender)
        if id then
          rec.speaker, rec.speaker_id, rec.id = canonical, id, id
          if not self.gender[id] then self.gender[id] = gender end
        end
      elseif lw == "it" or lw == "they" then
        -- "…," it said in a statement: an organization named before;
        -- "…," they said: the group or organization that spoke before.
        local who
        if lw == "it" then who = self:resolve_it(sp.first)
        else who = self:resolve_they(sp.first) end
        if who then
          rec.speaker, rec.speaker_id, rec.id = who.speaker, who.id, who.id
        end
      end
      return rec
    end
  end
  -- "Adam Hickey of the justice department's National Security Division
  -- said": the words the cue took end an affiliation; its person speaks.
  local affiliated = c.speaker_first and self:affiliated_person(sp.first)
  if affiliated then return person_record(self, affiliated, cue_text) end
  -- A person named in it, unless as the object of a preposition or as a
  -- possessor ("a spokeswoman for Clinton", "Clinton's lawyer").
  local ok = {}
  local named = self:mentions_within(self.persons, sp.start, sp["end"])
  for _, e in ipairs(named) do
    local object = not c.possessor and self:possessive(e)
    for j = e.first - 1, sp.first, -1 do
      local w = self:tok_text(j)
      if w == "," then break end
      if PREPOSITIONS[w] then object = true break end
    end
    if not object then ok[#ok + 1] = e end
  end
  if #ok > 0 then
    -- The name next to the verb: "campaign spokesman Brian Fallon said",
    -- "said Hans Schellnhuber, the director of ...".
    local e = c.speaker_first and ok[#ok] or ok[1]
    local rec = person_record(self, e, cue_text)
    rec.possessor = c.possessor
    return rec
  end
  -- A spokesman, an office or a statement of a person named: "Holt's
  -- office said", "a spokesman for Karen Holt said" (the phrase stays
  -- the mention).
  local owner
  for _, e in ipairs(named) do
    if self:speaks_for(e, sp.first, sp.last) then
      owner = { speaker = e.m.canonical or e.m.text, id = e.m.id }
      break
    end
  end
  -- Words before the verb that follow a verb or a preposition are its
  -- object, not a speaker: "said in a blog post that", "had a simple
  -- message for her critics:". The cue before them ("Google said"), if
  -- any, else the subject of the sentence, speaks.
  -- (Only a phrase opening with a determiner: in "registered voters
  -- said" the word before is an adjective. After "of" the phrase heads
  -- the subject: "most of the delegates said".)
  if not owner and c.speaker_first and
      DETERMINERS[self:tok_text(sp.first)] then
    local f = self:flags(sp.first - 1)
    local w = is_lower[f] and self:tok_text(sp.first - 1)
    if w and w ~= "of" and not SUBJECT_LEAD[w] then
      return self:speaker_of_cue_before(sp.first)
    end
  end
  local s, e = trim_text(text, sp.start, sp["end"])
  -- "Ellis, 71," / "Ellis (R-Ohio)" / "the envoy, who asked not to be
  -- named," / "an official who spoke on condition of anonymity": the
  -- speaker is the words before the aside (a "," or "(" token after its
  -- first word, or "who"). After the verb, a name after the comma is who
  -- the description is: "said Nomura's chief economist, Kenji Ito".
  local doc = self.doc
  for j = sp.first + 1, sp.last do
    local b = byte(text, doc:token(j) + 1)
    if b == 44 or b == 40 or (b == 119 and doc:token_text(j) == "who") then
      if b == 44 and c.speaker_first == false and j < sp.last and
          doc:seek(j, sp.last, F.LOWER) == nil then
        s = doc:token(j + 1)
      else
        s, e = trim_text(text, s, doc:token(j))
      end
      break
    end
  end
  -- "one trader in Tokyo", "a Western diplomat in Beirut": where the
  -- speaker is, not who; the description ends before it.
  if is_lower[self:flags(sp.first)] then
    local at, place = text:sub(s + 1, e):match("^.-() in (%u.*)$")
    if at and place:gsub("%u[%w%.'’%-]*", ""):match("^%s*$") then
      e = s + at - 1
    end
  end
  local rec = { speaker = text:sub(s + 1, e), speaker_start = s,
    speaker_end = e, cue = cue_text }
  -- An organization: the head of the phrase ("the Ministry of Health",
  -- not the object of "for" nor "Senate" in "Senate Democrats"), or the
  -- one its spokesman or statement speaks for.
  local orgs = owner and {} or
    self:mentions_within(self.orgs, sp.start, sp["end"])
  for _, o in ipairs(orgs) do
    if o["end"] >= e and self:heads(o, sp.first) then
      -- "The Philadelphia Fed": the capitalized words before it too.
      local before = text:sub(s + 1, o.start)
      local name = before:gsub("^[Tt]he%s+", ""):gsub("%u[%w%.'’&%-]*%s*",
        "") == "" and { text = text:sub(s + 1, o["end"]) } or o.m
      owner = { speaker = org_name(name) }
      break
    elseif self:speaks_for(o, sp.first, sp.last) then
      owner = { speaker = self:org_speaker(o) }
      break
    end
  end
  -- "her campaign said", "the company's spokesman said".
  if not owner and #orgs == 0 and #named == 0 then
    owner = self:mouthpiece_owner(sp.first, sp.last)
  end
  if owner then
    rec.speaker, rec.speaker_id, rec.id = owner.speaker, owner.id, owner.id
    return rec
  end
  if #orgs > 0 then return rec end
  -- A name the person pack did not mark: still one of its clusters?
  local people = self.ctx.people
  local last_word = rec.speaker:match("([%a%-’']+)%W*$")
  local first_tok = self:flags(sp.first)
  if people and last_word and is_cap[first_tok] then
    local cl = people:lookup(last_word)
    if cl then
      rec.speaker, rec.speaker_id, rec.id = cl.canonical, cl.id, cl.id
      return rec
    end
  end
  -- "the 45-year-old", "the minister": a person named before.
  local id, canonical = self:resolve_description(sp.first, rec.speaker)
  if id then
    rec.speaker, rec.speaker_id, rec.id = canonical, id, id
    return rec
  end
  -- "the ministry", "the company": an organization named before.
  local head = rec.speaker:match("^[Tt]he [%a%- ]-(%a+)$")
  if head and ORG_NOUNS[head] then
    local o = self:org_before(sp.first, head)
    if o then rec.speaker = self:org_speaker(o) end
  end
  return rec
end

-- Titles news shortens before a name: "Sen. Lisa Moreno" is "the
-- senator".
local TITLE_WORD = { sen = "senator", rep = "representative",
  gov = "governor", gen = "general", pres = "president",
  supt = "superintendent", lt = "lieutenant", sgt = "sergeant",
  cmdr = "commander", adm = "admiral", amb = "ambassador" }

-- The last word of a role a mention carries: its title ("Finance
-- Minister Karen Holt", "Sen." read as "senator") when that is head, else
-- an appositive right after it ("Karen Holt, the finance minister,",
-- "Lisa Moreno, the chairwoman of the committee,") or right before it
-- ("The judge, Ruth Adler,"), else its title; lower case; nil when none.
function State:role_of(m, head)
  local title = m.title and m.title:match("(%a+)%.?$")
  if title then
    title = title:lower()
    title = TITLE_WORD[title] or title
    if title == head then return title end
  end
  local aside = self.text:sub(m["end"] + 1, m["end"] + 60):match("^, ([^,]+),")
  -- "the chairwoman of the committee": the word before "of".
  aside = aside and (aside:match("^(.-) of ") or aside)
  local role = aside and aside:match("^[Tt]he [%a%- ]-(%a+)$") or
    -- "The judge, Ruth Adler, read the verdict."
    self.text:sub(m.start > 40 and m.start - 40 or 1, m.start):match(
      "%f[%a][Tt]he [%a%- ]-(%a+), $")
  return role and role:lower() or title
end

-- The person a definite description at token p points back at, as news
-- names someone a second time: "the 32-year-old striker" (an age, read
-- like a "he" or "she" of either gender), or "the minister" when the
-- one named with that title ("Finance Minister Karen Holt", "Karen Holt,
-- the finance minister,") is the last person so named in reach. Only
-- "the" and plain words: in "the head of the bank" the words say whose
-- head, not who. Returns id, canonical.
function State:resolve_description(p, text)
  local words = text:match("^[Tt]he ([%w%- ]+)$")
  if not words then return nil end
  for w in words:gmatch("%S+") do
    if PREPOSITIONS[w] then return nil end
  end
  if words:find("%d+%-year%-old") then
    return self:resolve_pronoun(p, nil)
  end
  local head = words:match("(%a+)$")
  if not head then return nil end
  head = head:lower()
  local pstart = self.doc:token(p)
  local _, low = self:window_of(p)
  local top = first_ending_after(self.persons, pstart) - 1
  for j = top, math.max(1, top - MAX_CANDIDATES), -1 do
    local m = self.persons[j]
    if m.start < low then break end
    local first = m.id and self.first_of[m.id]
    if first and (self:role_of(first, head) == head or
        self:role_of(m, head) == head) then
      return m.id, m.canonical or m.text
    end
  end
  return nil
end

-- The subject of the sentence holding token i, for a cue without a
-- speaker capture: the first name or clause-opening pronoun before i,
-- outside quotations.
function State:subject_before(i, cue_text, _, orgs_too)
  local doc = self.doc
  local k, s_first = doc:sentence_of(i)
  if not k then s_first = doc:sentence(1) end
  local first = i - MAX_SCAN > s_first and i - MAX_SCAN or s_first
  local stop = doc:token(i)
  local person
  for _, e in ipairs(self:mentions_within(self.persons, doc:token(first),
      stop)) do
    if not e.inside and not self:possessive(e) and not self:is_object(e) then
      person = e
      break
    end
  end
  local limit = person and person.first - 1 or i - 1
  -- A pronoun opens a clause: it is the first token of the sentence or
  -- follows punctuation (found in C), only those tokens are read.
  local j = first <= limit and first or nil
  if j and j ~= s_first and not is_punct[doc:flags(j - 1)] then
    j = doc:seek(j - 1, limit - 1, F.PUNCT)
    j = j and j + 1
  end
  while j and j <= limit do
    local w = doc:token_text(j) or ""
    -- Pronouns have at most four letters: longer words are not lowered.
    if #w <= 4 and PRONOUNS[w:lower()] and not self:quote_at(j) then
      local start, e0 = doc:token(j)
      return self:speaker_of({ speaker = { first = j, last = j,
        start = start, ["end"] = e0 }, cue = { text = cue_text } })
    end
    j = doc:seek(j - 1, limit - 1, F.PUNCT)
    j = j and j + 1
  end
  if person then return person_record(self, person, cue_text) end
  -- No person, no pronoun: an organization that is the subject speaks
  -- ("The World Bank, which lent ..., said it was ..."). DESIGN.md lets a
  -- speaker be an organization; it has no cluster, so no speaker_id.
  -- Only for a cue with no speaker words of its own: in "a figure
  -- analysts called “absurd”" the analysts, not the subject, speak.
  -- Nor past another cue: "Kestrel said it would pay ..., a figure
  -- analysts called “absurd”" — the subject's own verb is the earlier cue.
  for _, e in ipairs(orgs_too and
      self:mentions_within(self.orgs, doc:token(first), stop) or {}) do
    local own = true
    for j = e.last + 1, i - 1 do
      if self.by_first[j] or self.by_last[j] then own = false break end
    end
    if own and not e.inside and not self:possessive(e) and
        not self:is_object(e)
    then
      return { speaker = e.m.text, speaker_start = e.start,
        speaker_end = e["end"], cue = cue_text }
    end
  end
  return nil
end

-- The person whose name, with a possessive, opens the sentence of token
-- i ("Holt's reply was short:", "Finance Minister Karen Holt's reply"),
-- as a speaker record; else nil.
function State:possessor_opening(i)
  local _, s_first = self.doc:sentence_of(i)
  if not s_first then return nil end
  local m = self.persons[first_ending_after(self.persons,
    self.doc:token(s_first))]
  if not m then return nil end
  local e = self:mention(m)
  local title = m.caps and m.caps.title
  local opens = title and title.first or e.first
  if opens ~= s_first or e.inside or not self:possessive(e) then
    return nil
  end
  return person_record(self, e, nil)
end

-- The speaker of a cue that stands elsewhere in the sentence of a
-- quotation. Away from a quotation, the words after a verb are not its
-- speaker ("saying his refusal", "said Kim's state"), and a description
-- before it is often just the noun phrase before a participle ("tweets
-- accusing"): the subject of the sentence, when it names someone, wins.
function State:speaker_in_sentence(c)
  local rec = not c.after_only and self:speaker_of(c) or nil
  if not rec or not (rec.id or rec.pronoun) then
    local subject = self:subject_before(c.cue.first, c.cue.text, nil,
      rec == nil)
    if subject then return subject end
  end
  return rec or { cue = c.cue.text }
end

-- The speaker a cue ending at token j names through its speaker capture
-- (not a cue of the near_only kind), or nil.
function State:named_by_cue_at(j)
  local m = self.by_last[j]
  if m and m.caps.speaker and not m.near_only then
    local rec = self:speaker_of(self:cue(m))
    if rec and rec.speaker then return rec end
  end
  return nil
end

-- The speaker of a quotation that follows, in its paragraph, a sentence
-- about a person with no quotation of its own: "Judge Ruth Adler read
-- the verdict. “The defendant is guilty.”" News style lets the subject of
-- that sentence speak; only a named person (or a pronoun for one) does.
-- A quotation opening a paragraph takes only a cue with a speaker in
-- the last sentence of the paragraph before: "He said the bond market
-- would react first.¶“I don't think it would ...”".
function State:subject_of_lead(q, para_first)
  local s_first = self:sentences_of(q)
  if s_first ~= q.open or s_first <= 1 then return nil end
  local new_para = s_first <= para_first
  -- A paraphrase with its own cue ("…, Schiff said.") names the speaker.
  local doc = self.doc
  local _, lead_first = doc:sentence_of(s_first - 1)
  local low = s_first - 1 - MAX_SCAN
  if lead_first > low then low = lead_first end
  -- A cue after the last quotation mark of the sentence (found in C):
  -- "“…” in Asia, says J. Michael Farren." names the speaker; in "As the
  -- crowd shouted “…,” the old man ..." nothing after the quote does.
  local wall = doc:seek(s_first, low, F.QUOTE)
  if wall then low = wall + 1 end
  for j = s_first - 1, low, -1 do
    local rec = self:named_by_cue_at(j)
    if rec then return rec end
  end
  if new_para then return nil end
  local rec = self:subject_before(s_first - 1, nil)
  if rec and rec.id then
    rec.cue = nil
    return rec
  end
  return nil
end

-- The speaker a paragraph names right after quotation q, when q is a
-- paragraph of its own and the next one looks back at it: "“We are not
-- going anywhere.”¶So said Karen Holt, the mayor, ...", "That was how
-- Holt put it", "Those were the words of Holt", "The remarks came from
-- Holt". The first cue naming a speaker in the first BACK_REACH tokens
-- of that paragraph, else the first person or organization named there.
local BACK_REFERENCE = { That = true, ["That's"] = true, Those = true,
  These = true, So = true, Such = true, Thus = true, This = true }
local BACK_NOUNS = { words = true, remarks = true, comments = true,
  message = true, verdict = true, view = true, warning = true }
local BACK_REACH = 15
function State:speaker_after_para(q)
  local _, p_first, p_last = self:opening_para(q)
  if q.open ~= p_first or q.last < p_last - 1 then return nil end
  local doc = self.doc
  local n = p_last + 1
  if n > self.ntok then return nil end
  local w = doc:token_text(n)
  if not (BACK_REFERENCE[w] or
      (w == "The" and BACK_NOUNS[doc:token_text(n + 1)])) then
    return nil
  end
  local _, _, s_last = doc:sentence_of(n)
  local stop = n + BACK_REACH < s_last and n + BACK_REACH or s_last
  for j = n, stop do
    local rec = self:named_by_cue_at(j)
    if rec then return rec end
  end
  local limit = doc:token(stop)
  for _, spans in ipairs({ self.persons, self.orgs }) do
    local m = spans[first_ending_after(spans, doc:token(n))]
    if m and m.start < limit then
      local e = self:mention(m)
      if spans == self.orgs then return self:org_record(e) end
      return person_record(self, e, nil)
    end
  end
  return nil
end

-- A cue with no speaker of its own ("adding", "before adding") in the
-- sentence of quotation q, where the previous quotation's speaker was
-- named, speaks for that speaker: "“…,” Ellis said, adding: “…”". A copy
-- of prev, or nil. (Byte offsets compared: no token is looked up.)
function State:speaker_of_clause(q, c, prev)
  local at = prev and prev.speaker_start
  -- (The one whose "claim that “…”" it was is no subject of the clause.)
  if not at or c.speaker or at >= q.start or prev.possessor then
    return nil
  end
  if at < self.doc:token(self:sentences_of(q)) then return nil end
  return { speaker = prev.speaker, speaker_id = prev.speaker_id,
    speaker_start = prev.speaker_start, speaker_end = prev.speaker_end,
    cue = c.cue.text, id = prev.id, pronoun = prev.pronoun }
end

-- ---------------------------------------------------------------------------
-- Pieces
-- ---------------------------------------------------------------------------

-- Cue c, or the cue of whom it quotes when one stands next to it, after
-- a comma: "the paper said, quoting Lena Fischer", "Quoting Fischer, the
-- paper said" (cues of rules with quoting = true).
function State:quoted_one(c)
  local doc = self.doc
  local m
  if doc:token_text(c.last + 1) == "," then m = self.by_first[c.last + 2] end
  if not (m and m.quoting) and doc:token_text(c.first - 1) == "," then
    m = self.by_last[c.first - 2]
  end
  if m and m.quoting then return self:cue(m) end
  return c
end

-- The cue right after the closing mark of q: "…," said Strayer.
function State:cue_after(q)
  if not q.close then return nil end
  local c
  local doc, by_first = self.doc, self.by_first
  for t = q.close + 1, q.close + 3 do
    if by_first[t] then
      c = self:cue(by_first[t])
      break
    end
    local w = doc:token_text(t)
    if not (w == "," or DASHES[w] or is_dash[doc:flags(t)]) then break end
  end
  if not c or not c.speaker then return nil end
  local t = c.first
  -- t is in another paragraph (sentence) than the closing mark when one
  -- starts after the mark, up to t.
  if doc:seek(q.close, t, F.PARA_START) then return nil end
  if doc:seek(q.close, t, F.SENT_START) then
    -- "“Why?” Strayer asked." is one sentence to a reader; "“We won.”
    -- Strayer said the team ..." starts another.
    local inner = doc:token_text(q.close - 1)
    if inner ~= "?" and inner ~= "!" then
      local _, _, s_last = doc:sentence_of(c.last)
      if s_last - c.last > 6 then return nil end
    end
  end
  return self:quoted_one(c)
end

-- The cue before the opening mark of q, with what stands between:
-- Strayer said: "…" / Strayer told reporters on Monday, "…".
function State:cue_before(q)
  local o = q.open
  local intro = nil
  local last_tok = o - 1
  if last_tok < 1 then return nil end
  local doc, by_last = self.doc, self.by_last
  local w = doc:token_text(last_tok)
  if w == ":" or w == "," then intro = w end
  local crossing_ok = intro == ":"
  -- The walk back from o stops at a quotation mark or the end of a
  -- sentence (found in C), and, unless after ":", at the start of o's
  -- paragraph; the cue is the first token on the way that ends one.
  local lowest = o - MAX_GAP - 1 > 1 and o - MAX_GAP - 1 or 1
  if not crossing_ok then
    local _, para_first = self:opening_para(q)
    -- (Every token is in a paragraph: para_first is known.)
    if para_first > lowest then lowest = para_first end
  end
  local wall = doc:seek(o, lowest, F.QUOTE + F.SENT_END)
  if wall then lowest = wall + 1 end
  for j = o - 1, lowest, -1 do
    if by_last[j] then
      local c = self:quoted_one(self:cue(by_last[j]))
      -- "said that “…”": quoted words inside paraphrase.
      local that = doc:token_text(j + 1) == "that"
      return c, (not that) and intro or nil, o - 1 - j
    end
  end
  return nil
end

-- Whether the piece's sentence has words outside it, before and after
-- (1 or 0 each), leaving out other quotations and the tokens of the cue
-- skip_before; after a cue (skip_after) the rest of the sentence is the
-- attribution clause. A line break ends a sentence too ("“…” ― Ana Ruiz"
-- lines).
function State:outside_words(q, skip_before, skip_after)
  local s1_first, s2_last = self:sentences_of(q)
  -- A word counts outside quotations and outside skip_before (an empty
  -- range when none). The words on the line of the piece are found in C,
  -- those in quotations and in skip_before passed over here.
  local skip_first = skip_before and skip_before.first or 0
  local skip_last = skip_before and skip_before.last or -1
  local from = q.open - MAX_SCAN > s1_first and q.open - MAX_SCAN or s1_first
  local before = self:word_toward(q.open, from, skip_first, skip_last)
  local after = 0
  if not skip_after then
    local to = q.last + MAX_SCAN < s2_last and q.last + MAX_SCAN or s2_last
    after = self:word_toward(q.last, to, skip_first, skip_last)
  end
  return before, after
end

-- 1 when a word on the line lies between token i and token limit (either
-- way), outside quotations and outside tokens [skip_first, skip_last];
-- else 0.
function State:word_toward(i, limit, skip_first, skip_last)
  local doc = self.doc
  local j = doc:seek(i, limit, WORD_MASK, F.LINE_START)
  while j do
    if not self:quote_at(j) and (j < skip_first or j > skip_last) then
      return 1
    end
    j = doc:seek(j, limit, WORD_MASK, F.LINE_START)
  end
  return 0
end

-- A cue with a speaker elsewhere in the sentences of q, nearest first.
function State:cue_in_sentence(q)
  local s1_first, s2_last = self:sentences_of(q)
  local best, best_d
  local cues = self.cues
  local lo, hi = 1, #cues
  while lo <= hi do  -- the first cue starting in the sentence
    local mid = floor((lo + hi) / 2)
    local first = cues[mid].caps.cue.first
    if first < s1_first then lo = mid + 1 else hi = mid - 1 end
  end
  for k = lo, #cues do
    local m = cues[k]
    local cue = m.caps.cue
    if cue.first > s2_last or k - lo > MAX_SCAN then break end
    if not m.near_only and not self:quote_at(cue.first) then
      local d = cue.first < q.open and (q.open - cue.last)
        or (cue.first - q.last) + 1000
      if m.caps.speaker then d = d - 0.5 end
      if not best_d or d < best_d then best, best_d = m, d end
    end
  end
  return self:cue(best)
end

-- Words of a piece (inside its marks): how many, how many capitalized,
-- how many small headline words. The counts only ever answer "two words
-- or fewer?", "three or more?" and "a title of at most ten words?": words
-- are counted (in C) up to TITLE_WORDS + 1, and the small words only
-- when the answer to the last may be yes, until a word is neither
-- capitalized nor small (no title then: caps + small < n). A long
-- quotation costs no more than a short one.
local TITLE_WORDS = 10
function State:count_words(q)
  local stop = q.close and q.close - 1 or q.last
  local doc = self.doc
  local n, caps = doc:words(q.open + 1, stop, TITLE_WORDS + 1)
  local small = 0
  if n <= TITLE_WORDS and caps < n then
    local j, f = doc:seek(q.open, stop, WORD_MASK)
    while j do
      if not is_apos[f] and not is_cap[f] then
        if not HEADLINE_SMALL[doc:token_text(j)] then break end
        small = small + 1
      end
      j, f = doc:seek(j, stop, WORD_MASK)
    end
  end
  return n, caps, small
end

-- A word or two in quotation marks used as a noun in the middle of a
-- clause: "the “savings” were an illusion", "this “reform” plan". A
-- determiner before the opening mark and a word right after the closing
-- one. (Quoted words a cue frames end their clause: called it a
-- “disaster.”)
-- (Not "her" and "his": "her “criminal” attempt" often quotes what
-- someone called it.)
local SCARE_DETERMINERS = { the = true, this = true, these = true,
  those = true, ["so-called"] = true }
function State:is_scare_quote(q)
  if not q.close then return false end
  local doc = self.doc
  if not SCARE_DETERMINERS[(doc:token_text(q.open - 1) or ""):lower()] then
    return false
  end
  local f = doc:flags(q.close + 1)
  return has(f, F.WORD) and not is_sent_start[f]
end

-- A short quotation in title case: the name of a show, a book, a law
-- ("Face the Nation", "Make Your Kid a Millionaire").
function State:is_title(q, words, caps, small)
  return words >= 1 and words <= 8 and caps > 0 and caps + small == words
    and is_cap[self.doc:flags(q.open + 1)]
end

-- Nouns for a work that news names right after them, between commas:
-- "her memoir, “Hard Choices,”", "the film, “Blue Skies,”".
local WORKS = { book = true, memoir = true, memoirs = true, novel = true,
  film = true, movie = true, documentary = true, song = true,
  album = true, single = true, show = true, series = true, play = true,
  musical = true, poem = true, essay = true, column = true, podcast = true,
  autobiography = true, biography = true, opera = true }

-- A short quotation in title case after a work's noun and a comma: the
-- title of that work, even where a cue follows ("In her memoir, “Hard
-- Choices,” Holt writes").
function State:is_work_title(q, words, caps, small)
  local doc = self.doc
  return doc:token_text(q.open - 1) == "," and
    WORKS[doc:token_text(q.open - 2) or ""] == true and
    self:is_title(q, words, caps, small)
end

-- A paragraph that is nothing but a short quotation in title case:
-- a section heading, a book or film title.
function State:is_heading(q, words, caps, small)
  local _, p_first, p_last = self:opening_para(q)
  if q.open ~= p_first then return false end
  if q.last < p_last - 1 then return false end
  return words <= 10 and caps > 0 and caps + small == words and
    caps * 2 > words
end

-- ---------------------------------------------------------------------------
-- The stage
-- ---------------------------------------------------------------------------

-- A copy of a speaker record: every field a record may have.
local function copy_record(r)
  if not r then return nil end
  return { speaker = r.speaker, speaker_id = r.speaker_id,
    speaker_start = r.speaker_start, speaker_end = r.speaker_end,
    cue = r.cue, id = r.id, pronoun = r.pronoun, para = r.para }
end

-- Fills ctx.quotes; returns it.
function M.attribute(ctx)
  local doc = ctx.doc
  ctx.quotes = ctx.quotes or {}
  local pieces = doc:quotes()
  if #pieces == 0 then return ctx.quotes end
  local self = new_state(ctx)
  local ntok = doc:ntokens()
  local tops, sorted = self.tops, true
  for _, q in ipairs(pieces) do
    if not q.parent then
      -- The last token of the piece: its closing mark, or the end of its
      -- paragraph when a later paragraph continues it.
      q.last = q.close or math.min(ntok, doc:token_at(q["end"] - 1) or ntok)
      local n = #tops
      if n > 0 and tops[n].open >= q.open then sorted = false end
      tops[n + 1] = q
    end
  end
  -- doc:quotes() lists pieces in text order: sort only when they are not
  -- (strictly in order, the sort could give nothing else).
  if not sorted then
    table.sort(tops, function(a, b) return a.open < b.open end)
  end
  self:collect_spans()
  self:collect_cues()

  local last_rec             -- record of the last quotation with a speaker
  local by_group = {}        -- group -> record of its attributed piece
  local last_in_para = {}    -- paragraph -> record of its last quote
  local out = ctx.quotes
  for k = 1, #tops do
    local q = tops[k]
    local para, para_first = self:opening_para(q)
    local words, caps, small = self:count_words(q)
    local after = self:cue_after(q)
    local before, intro = nil, nil
    if not after then before, intro = self:cue_before(q) end
    local nb, na = self:outside_words(q, before, after)
    if after and nb > 0 and not is_punct[doc:flags(q.open - 1)] then
      -- "On CBS's “Face the Nation,” Speaker Paul Ryan said the ...": a
      -- quotation inside a clause is not what the next clause reports.
      after = nil
      before, intro = self:cue_before(q)
      nb, na = self:outside_words(q, before, nil)
    end
    local rec, kind
    if after then
      rec = self:speaker_of(after)
      kind = nb == 0 and "direct" or "partial"
    elseif before and intro then
      rec = self:speaker_of(before)
      if not rec then rec = self:subject_before(before.cue.first,
        before.cue.text, q.open) end
      rec = rec or self:speaker_of_clause(q, before, last_rec)
      kind = na == 0 and "direct" or "partial"
    else
      local standalone = nb == 0 and na == 0
      local c = before or self:cue_in_sentence(q)
      if c then
        rec = self:speaker_in_sentence(c)
        if not rec.speaker then
          rec = self:speaker_of_clause(q, c, last_rec) or rec
        end
        -- "“…,” Burman, director of ..., said of the plan." is direct.
        kind = (standalone or (nb == 0 and c.cue.first > q.last)) and
          "direct" or "partial"
      elseif self:tok_text(q.open - 1) == ":" and na == 0 and words >= 3
      then
        -- "... made the following comment: “…”"; "Holt's reply was
        -- short: “…”" (the words of the one whose reply it is).
        kind, intro = "direct", ":"
        rec = self:subject_before(q.open - 1, nil, nil, true) or
          self:possessor_opening(q.open - 1)
      elseif standalone then
        kind = "direct"
        local prev = by_group[q.group] or last_in_para[para]
        if not prev and para and para > 1 then
          if q.open == para_first then prev = last_in_para[para - 1] end
        end
        rec = copy_record(prev)
        if not rec then rec = self:subject_of_lead(q, para_first) end
        if not rec then rec = self:speaker_after_para(q) end
        -- A title-cased paragraph is a heading even after a quotation.
        -- With no speaker before it, a paragraph in quotation marks is
        -- an epigraph, a transcript line or a stray mark, seldom news.
        if self:is_heading(q, words, caps, small) or not rec then
          kind = nil
        end
      elseif nb > 0 and na == 0 and words >= 3 and
          is_lower[doc:flags(q.open + 1)] then
        -- 'Fontaine blamed the deadlock on "a handful of delegations that
        -- came here to say no."': no speech verb, but a lower-case clause
        -- closing a sentence whose subject is a named person quotes her.
        -- Only when that name is the only person named in the sentence
        -- before the quotation: "Tomblin lauded Mr. Clarke for “new
        -- ideas”", "Bornstein's missive on Trump" quote someone else.
        rec = self:subject_before(q.open, nil)
        if rec and rec.id and not rec.pronoun then
          local s_first = self:sentences_of(q)
          local named = self:mentions_within(self.persons,
            self.doc:token(s_first), q.start)
          if #named ~= 1 then rec = nil end
        else
          rec = nil
        end
        kind = rec and "partial" or nil
      else
        kind = nil  -- no cue, inside a sentence: a scare quote or a title
      end
    end
    if kind and not after and not intro and words <= 2 and
        self:is_scare_quote(q) then
      kind = nil
      -- Not a quotation, but its cue still names who speaks in this
      -- paragraph: a quotation opening the next one continues them.
      if rec and rec.speaker then last_in_para[para] = rec end
    end
    if kind and not after and not intro and ((not rec and words <= 2) or
        (not (nb == 0 and na == 0) and self:is_title(q, words, caps, small)))
    then
      kind = nil
    end
    if kind and self:is_work_title(q, words, caps, small) then kind = nil end
    if kind then
      local r = rec or {}
      local item = { text = ctx.text:sub(q.start + 1, q["end"]),
        start = q.start, ["end"] = q["end"], kind = kind,
        speaker = r.speaker, speaker_id = r.speaker_id,
        speaker_start = r.speaker_start, speaker_end = r.speaker_end,
        cue = r.cue }
      out[#out + 1] = item
      if r.speaker then
        -- rec is this quotation's own (a copy when it came from another):
        -- kept as it is.
        local keep = r
        keep.para = para
        last_rec = keep
        by_group[q.group] = by_group[q.group] or keep
        last_in_para[para] = keep
        if r.id then
          self.last_person = { id = r.id, canonical = r.speaker, para = para,
            at = q["end"] }
        end
      end
    end
  end
  return out
end

M.State = State

return M
