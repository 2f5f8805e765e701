-- attribution/pronouns.lua — "he said", "she told": a pronoun resolved to
-- the person it stands for, by the gender names and titles tell and by
-- who spoke or was named last.

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local S = require "glean.attribution.shared"
local State = require("glean.attribution.state").State

local MAX_CANDIDATES = S.MAX_CANDIDATES
local first_ending_after = S.first_ending_after
local floor = math.floor

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

local names = require "glean.names"
local gender_of_given, RELATIVE_GENDER =
  names.gender_of_given, names.RELATIVE_GENDER

local function person_record(self, e, cue_text)
  local m = e.m
  return { speaker = m.canonical or m.text, speaker_id = m.id,
    speaker_start = m.start, speaker_end = m["end"], cue = cue_text,
    id = m.id }
end

-- What the first mention of cluster id tells of its gender: from its
-- title ("Queen", "Congresswoman") or the relative it is named as, and
-- from its given name, each "f", "m" or false. Made once per cluster,
-- when first asked.
function State:hints(id)
  local h = self.hint_of[id]
  if h then return h[1], h[2] end
  local m = self.first_of[id]
  local by_title, by_given = false, false
  if m then
    local first = m.first or self.doc:token_at(m.start)
    by_title = TITLE_GENDER[self:tok_text(first - 1)] or
      (m.title and TITLE_GENDER[m.title:match("(%a+)%.?$")]) or
      (first > 2 and self:tok_text(first - 1) == "," and
        RELATIVE_GENDER[self:tok_text(first - 2)]) or false
    by_given = gender_of_given((m.canonical or m.text):match("^%S+")) or
      false
  end
  self.hint_of[id] = { by_title, by_given }
  return by_title, by_given
end

-- Gender of a cluster: from honorifics and titles, or from an earlier
-- he/she, else from the given name.
function State:compatible(id, gender)
  if not gender or not id then return true end
  local g = self.gender[id]
  if g == nil then
    local by_title, by_given = self:hints(id)
    if by_title then return by_title == gender end
    return not by_given or by_given == gender
  end
  return g == gender
end

-- The cluster of a name right before ", he said": in "McCain, he said,
-- “begged for my support”" the name is what the speaker talks about, and
-- never the one the pronoun stands for.
function State:fronted_id(p)
  if p < 3 or self:tok_text(p - 1) ~= "," then return nil end
  local e = self:person_ending_at(p - 2)
  return e and e.m.id
end

-- The person a "he" or "she" at token p points at: the speaker of the
-- previous quotation unless another person has since become the subject,
-- else the last person mentioned as a subject, else the last one at all;
-- never one whose title or given name tells the other gender. (When that
-- leaves no one, the pronoun keeps no name: in "“Don't shoot him,” she
-- says", after the only named man, an unnamed woman speaks.) Nor the
-- name fronted right before the pronoun (fronted_id).
function State:resolve_pronoun(p, gender)
  local pstart = self.doc:token(p)
  local _, floor, oldest = self:window_of(p)
  local last = self.last_person
  local fronted = self:fronted_id(p)
  if last and (last.para < oldest or last.id == fronted or
      not self:compatible(last.id, gender)) then
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
          e.m.id ~= fronted and self:compatible(e.m.id, gender) then
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

return { person_record = person_record }
