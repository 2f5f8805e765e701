-- attribution/state.lua — what attribution knows of one document: its
-- tokens, paragraphs and quotation pieces, the names and organizations
-- mentioned (with the gender a mention tells), and the cues the quote
-- pack's rules found. The other parts add their methods to State.

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local S = require "glean.attribution.shared"

local is_cap, is_lower, is_abbrev = S.is_cap, S.is_lower, S.is_abbrev
local is_punct = S.is_punct
local is_sent_start, is_line_start = S.is_sent_start, S.is_line_start
local SUBJECT_LEAD = S.SUBJECT_LEAD
local WINDOW_PARAS, first_ending_after = S.WINDOW_PARAS, S.first_ending_after
local byte = string.byte

local HONORIFIC_GENDER = require("glean.names").HONORIFIC_GENDER

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
  local doc = self.doc
  if title and title.first and title.first < e.first then
    j = title.first - 1
    -- A lower-case word before the title opening its clause describes
    -- the title ("…, presidential nominee Hillary Clinton was"; "Democratic
    -- presidential nominee ...").
    if j >= 1 and is_lower[doc:flags(j)] and (j == 1 or
        is_sent_start[doc:flags(j)] or is_punct[doc:flags(j - 1)] or
        is_sent_start[doc:flags(j - 1)]) then
      return false
    end
  end
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

return { State = State, new = new_state, POSSESSIVE = POSSESSIVE }
