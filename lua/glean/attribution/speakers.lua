-- attribution/speakers.lua — the speaker a cue names (a person, a
-- pronoun, an organization or a description), and the speaker of a
-- sentence with no cue of its own: the subject before a colon, the
-- sentence or paragraph before, the one after that looks back.

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local S = require "glean.attribution.shared"
local State = require("glean.attribution.state").State
local person_record = require("glean.attribution.pronouns").person_record
local orgs = require "glean.attribution.orgs"

local org_name, ORG_NOUNS = orgs.org_name, orgs.ORG_NOUNS
local is_cap, is_lower, is_punct = S.is_cap, S.is_lower, S.is_punct
local PRONOUN_GENDER, PRONOUNS = S.PRONOUN_GENDER, S.PRONOUNS
local PREPOSITIONS = S.PREPOSITIONS
local SUBJECT_LEAD, DETERMINERS = S.SUBJECT_LEAD, S.DETERMINERS
local MAX_CANDIDATES = S.MAX_CANDIDATES
local MAX_SCAN, MAX_GAP = S.MAX_SCAN, S.MAX_GAP
local first_ending_after = S.first_ending_after
local F = require("glean.core").flags
local byte = string.byte

local function trim_text(text, s, e)
  -- Drop spaces and punctuation at both ends of a speaker mention.
  while s < e and text:sub(s + 1, s + 1):match("[%s,;:%(]") do s = s + 1 end
  while e > s and text:sub(e, e):match("[%s,;:%)%.]") do e = e - 1 end
  return s, e
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

-- The person mention that ends at token k, if any.
function State:person_ending_at(k)
  local doc = self.doc
  local before = self:mentions_within(self.persons,
    doc:token(math.max(1, k - 8)), select(2, doc:token(k)))
  local e = before[#before]
  return e and e.last == k and e or nil
end

-- The PERSON mention before "of", "at", "from" or "with" when the words
-- from there to token first (at most 10) may be an organization's name:
-- "Funmilayo Adebanjo of the Securities and Exchange Commission's
-- enforcement unit" asked at "Exchange"; else nil.
function State:affiliated_person(first)
  local doc = self.doc
  for j = first - 1, math.max(2, first - 10), -1 do
    local w = doc:token_text(j)
    if AFFILIATION[w] then return self:person_ending_at(j - 1) end
    if not (IN_ORG_NAME[w] or is_cap[self:flags(j)]) then return nil end
  end
  return nil
end

-- The person a description opening at token `first` stands beside, as
-- its appositive: "Lena Hart, 52, a shift manager from Dayton, Ohio,
-- said" (the description's commas kept the name out of the cue). The
-- name ends right before ", " or ", AGE, "; else nil.
function State:apposed_person(first)
  local doc = self.doc
  if first < 3 or doc:token_text(first - 1) ~= "," then return nil end
  local last = first - 2
  if last > 2 and doc:has(last, "DIGIT") and doc:token_text(last - 1) == ","
  then
    last = last - 2
  end
  local e = self:person_ending_at(last)
  return e and not e.inside and e or nil
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
  local apposed = c.speaker_first and DETERMINERS[self:tok_text(sp.first)]
    and self:apposed_person(sp.first)
  if apposed then return person_record(self, apposed, cue_text) end
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
  -- "the Spaniard", "the Frenchwoman": one named before by a
  -- nationality, as sports and foreign news do (a plural is a group).
  local extractor = self.ctx.extractor
  if words:find("^%u%l+$") and not words:find("s$") and extractor and
      extractor.lexicon:lookup(words).DEMONYM then
    return self:resolve_pronoun(p, words:find("woman$") and "f" or
      words:find("man$") and "m" or nil)
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

-- Whether a cue starts or ends at a token of [from, to].
function State:cue_between(from, to)
  for j = from, to do
    if self.by_first[j] or self.by_last[j] then return true end
  end
  return false
end

-- Pronouns that are never a clause's subject.
local OBJECT_FORM = { her = true, him = true, them = true }

-- The subject of the sentence holding token i, for a cue without a
-- speaker capture: the first name or clause-opening pronoun before i,
-- outside quotations.
function State:subject_before(i, cue_text, _, orgs_too)
  local doc = self.doc
  local k, s_first = doc:sentence_of(i)
  if not k then s_first = doc:sentence(1) end
  local first = i - MAX_SCAN > s_first and i - MAX_SCAN or s_first
  local stop = doc:token(i)
  -- The first person named as a subject; past another cue, the first of
  -- the clause that holds this one: in "Lewis said the deal “stinks”,
  -- while his rival, Chris Philp, called it “a scandal”", Philp.
  local person, own
  for _, e in ipairs(self:mentions_within(self.persons, doc:token(first),
      stop)) do
    if not e.inside and not self:possessive(e) and not self:is_object(e) then
      person = person or e
      if not self:cue_between(e.last + 1, i - 1) then
        own = e
        break
      end
    end
  end
  person = own or person
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
    -- ("Her colleague, Dev Patel, ...": "Her" is no subject.)
    local lw = #w <= 4 and w:lower()
    if lw and PRONOUNS[lw] and not OBJECT_FORM[lw] and not self:quote_at(j)
    then
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
    if not self:cue_between(e.last + 1, i - 1) and not e.inside and
        not self:possessive(e) and
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
-- A quotation opening a paragraph takes a cue with a speaker in the last
-- sentence of the paragraph before ("He said the bond market would react
-- first.¶“I don't think it would ...”"), or the subject of a paragraph
-- of one short sentence ("Her colleague, Dev Patel, was blunter.").
local LEAD_TOKENS, LEAD_SUBJECT = 16, 6
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
  -- A paragraph of one short sentence about a person leads into the
  -- quotation that opens the next: "Her colleague, Dev Patel, was
  -- blunter.¶“They'll sell it.”"
  if new_para and (wall or lead_first < select(2, doc:paragraph_of(lead_first))
      or s_first - lead_first > LEAD_TOKENS) then
    return nil
  end
  local rec = self:subject_before(s_first - 1, nil)
  if not (rec and rec.id) then return nil end
  -- (the lead's own subject, not a name late in a headline: "31 Latinos
  -- Share Their Thoughts On Donald Trump")
  if new_para and rec.speaker_start > doc:token(lead_first + LEAD_SUBJECT)
  then
    return nil
  end
  rec.cue = nil
  return rec
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

return {}
