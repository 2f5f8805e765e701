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
--      paragraph, or of a paragraph of one short sentence before ("Her
--      colleague, Dev Patel, was blunter."); else, for a paragraph of
--      its own, the one the next paragraph names as it looks back ("So
--      said Karen Holt", "Those were the words of ..."); with no such
--      speaker, such a paragraph is not reported.
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
--
-- The parts, each adding its methods to State: attribution/state.lua
-- (the document, its mentions and cues), pronouns.lua, orgs.lua
-- (organizations and those who speak for them), speakers.lua (the
-- speaker of a cue or of a sentence) and pieces.lua (the words around a
-- quotation piece). This file is the stage that walks the pieces.

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local S = require "glean.attribution.shared"
local state = require "glean.attribution.state"
require "glean.attribution.pronouns"
require "glean.attribution.orgs"
require "glean.attribution.speakers"
require "glean.attribution.pieces"

local M = {}

local new_state = state.new
local is_lower, is_punct, is_cap = S.is_lower, S.is_punct, S.is_cap

-- A copy of a speaker record: every field a record may have.
local function copy_record(r)
  if not r then return nil end
  return { speaker = r.speaker, speaker_id = r.speaker_id,
    speaker_start = r.speaker_start, speaker_end = r.speaker_end,
    cue = r.cue, id = r.id, pronoun = r.pronoun, para = r.para }
end

-- The speaker fields of a quotation, from record r.
local function set_speaker(item, r)
  item.speaker, item.speaker_id, item.cue = r.speaker, r.speaker_id, r.cue
  item.speaker_start, item.speaker_end = r.speaker_start, r.speaker_end
  return item
end

-- The result of quotation piece q.
local function quote_item(text, q, kind, r)
  return set_speaker({ text = text:sub(q.start + 1, q["end"]),
    start = q.start, ["end"] = q["end"], kind = kind }, r)
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
  local waiting = {}         -- group -> its first pieces, no speaker yet
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
      -- (words before a colon only lead in: "A: “Honestly, I was
      -- angry,” Nair said.")
      kind = (nb == 0 or (self:tok_text(q.open - 1) == ":" and
        is_cap[doc:flags(q.open + 1)])) and "direct" or "partial"
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
      elseif self:tok_text(q.open - 1) == ":" and na == 0 and (words >= 3
          or self:ends_sentence_inside(q)) then
        -- "... made the following comment: “…”"; "Holt's reply was
        -- short: “…”" (the words of the one whose reply it is); "Sen.
        -- Ann Holt, on X: “Outrageous.”" (a word or two, said by a name
        -- that a comma or the colon follows; "Holt used one word:
        -- “resilience.”" names it).
        rec = self:subject_before(q.open - 1, nil, nil, true) or
          self:possessor_opening(q.open - 1)
        if words >= 3 or (rec and rec.speaker_id and
            ctx.text:find("^%s*[,:]", rec.speaker_end + 1)) then
          kind, intro = "direct", ":"
        end
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
        -- an epigraph, a transcript line or a stray mark, seldom news;
        -- unless it opens a quotation that a later paragraph closes and
        -- attributes ("“…¶“…,” Holt added."): it waits for that one.
        if self:is_heading(q, words, caps, small) then
          kind = nil
        elseif not rec then
          kind = nil
          if not q.closed and q.group then
            local item = quote_item(ctx.text, q, "direct", {})
            out[#out + 1] = item
            waiting[q.group] = waiting[q.group] or {}
            table.insert(waiting[q.group], item)
          end
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
      out[#out + 1] = quote_item(ctx.text, q, kind, r)
      if r.speaker then
        -- rec is this quotation's own (a copy when it came from another):
        -- kept as it is.
        local keep = r
        keep.para = para
        last_rec = keep
        by_group[q.group] = by_group[q.group] or keep
        for _, w in ipairs(waiting[q.group] or {}) do set_speaker(w, r) end
        waiting[q.group] = nil
        last_in_para[para] = keep
        if r.id then
          self.last_person = { id = r.id, canonical = r.speaker, para = para,
            at = q["end"] }
        end
      end
    end
  end
  -- First pieces whose quotation found no speaker are no quotations.
  if next(waiting) then
    local lost = {}
    for _, items in pairs(waiting) do
      for _, item in ipairs(items) do lost[item] = true end
    end
    local n = 0
    for k = 1, #out do
      local item = out[k]
      out[k] = nil
      if not lost[item] then
        n = n + 1
        out[n] = item
      end
    end
  end
  return out
end

return M
