-- attribution/pieces.lua — a quotation piece and the words around it: the
-- cue before or after it or elsewhere in its sentence, and the pieces that
-- are no quotation of anyone (scare quotes, titles, headings).

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local S = require "glean.attribution.shared"
local State = require("glean.attribution.state").State

local has, is_cap, is_dash = S.has, S.is_cap, S.is_dash
local is_apos, is_sent_start = S.is_apos, S.is_sent_start
local MAX_SCAN, MAX_GAP = S.MAX_SCAN, S.MAX_GAP
local F = require("glean.core").flags
local floor = math.floor

-- The walks over many tokens are asked of C (doc:seek, doc:words), with
-- flag masks (sums of distinct bits). A word: letters, digits or both.
local WORD_MASK = F.WORD + F.DIGIT + F.ALNUM

-- Small words a headline keeps in lower case.
local HEADLINE_SMALL = { a = true, an = true, the = true, ["and"] = true,
  ["or"] = true, of = true, ["in"] = true, on = true, at = true, to = true,
  ["for"] = true, by = true, with = true, is = true, are = true }
local DASHES = { ["—"] = true, ["–"] = true, ["-"] = true, ["--"] = true }

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
    local m = by_last[j]
    if m then
      -- "Her son, Luis Reyes, said she had “…”": "said she" names its
      -- speaker only after a quotation; a cue with a speaker that ends at
      -- the same verb is this quotation's (but "Says Mr. Sale: “…”" is
      -- the verb's own).
      local at, verb = j, m.after_only and m.caps.cue.last
      local other = verb and by_last[verb]
      if other and other ~= m and other.caps.speaker then
        at, m = verb, other
      end
      local c = self:quoted_one(self:cue(m))
      -- "said that “…”": quoted words inside paraphrase.
      local that = doc:token_text(at + 1) == "that"
      return c, (not that) and intro or nil, o - 1 - at
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

-- Whether piece q ends a sentence inside its marks ("“Outrageous.”",
-- "“No!”"): a word or two said, not named ("the word: “resilience”").
local TERMINAL = { ["."] = true, ["!"] = true, ["?"] = true, ["…"] = true }
function State:ends_sentence_inside(q)
  return q.close ~= nil and TERMINAL[self:tok_text(q.close - 1)] == true
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

return {}
