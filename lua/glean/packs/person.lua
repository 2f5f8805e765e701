-- person.lua — people: "US President Donald Trump", "Mr. Obama",
-- "Dr. Ngozi Okonjo-Iweala", "Ingrid van der Berg", "Strayer".
--
-- Spans follow the CoNLL-2003 / OntoNotes convention: the name only, without
-- honorific, title or possessive; the title goes into the `title` field.
-- Every person carries `id` and `canonical` (see glean.names), and later
-- bare mentions of a surname join the cluster of the full name.

local R = require "glean.rules"
local names = require "glean.names"

local tok, seq, alt, opt, star, plus, rep, cap, lex =
  R.tok, R.seq, R.alt, R.opt, R.star, R.plus, R.rep, R.cap, R.lex

-- Capitalized words that cannot be part of a name: places, days, months,
-- sentence starters, titles, organization words.
local NOT_NAME = { "STOPCAP", "COUNTRY", "STATE", "CITY", "REGION", "DEMONYM",
  "DAY", "MONTH", "HOLIDAY", "HONORIFIC", "TITLE", "CORP_SUFFIX", "ORG_WORD",
  "SPEECH_VERB", "CUR_CODE", "CUR_WORD" }

-- A word of a name: capitalized, not in any of the lists above.
local NAME_WORD = tok { caps = true, word = true, not_label = NOT_NAME }
-- A surname may follow a known given name even when it is also a place
-- ("Jack London") or a common word ("Will Smith").
local SURNAME = tok { caps = true, word = true, not_label = { "STOPCAP",
  "SPEECH_VERB", "DAY", "MONTH" } }
local INITIAL = tok { re = "\\p{Lu}\\." }
local PARTICLE = lex "PARTICLE"
local GIVEN = lex "GIVEN"
local SUFFIX = tok { "Jr.", "Jr", "Sr.", "II", "III", "IV" }

-- Given name(s), middle initials, particles, surname, suffix.
local FULL_NAME = seq(GIVEN, rep(alt(GIVEN, INITIAL, NAME_WORD), 0, 2),
  star(PARTICLE), SURNAME, opt(SUFFIX))
-- Any name after a title: one to four name words, particles inside.
local TITLED_NAME = seq(alt(GIVEN, NAME_WORD), rep(alt(NAME_WORD, INITIAL), 0, 2),
  star(PARTICLE), opt(alt(SURNAME, NAME_WORD)), opt(SUFFIX))
-- What may stand before a title: "US", "Canadian", "French", "former".
local TITLE_MODIFIER = alt(lex "COUNTRY", lex "DEMONYM",
  tok { "former", "Former", "acting", "Acting", "then", "deputy", "Deputy" })
local TITLE = seq(rep(TITLE_MODIFIER, 0, 2), plus(alt(lex "TITLE", lex "HONORIFIC")))

local function set_title(m)
  if m.caps.title then m.title = m.caps.title.text end
end

return {
  name = "person",
  lexicons = {
    { file = "given_names.txt", label = "GIVEN" },
    { file = "surname_particles.txt", label = "PARTICLE" },
    { file = "titles.txt", fold = true },
    { file = "common_caps.txt" },
    { file = "places.txt" },
    { file = "demonyms.txt" },
    { file = "calendar.txt" },
    { file = "speech_verbs.txt" },
  },
  rules = {
    { name = "person.titled", label = "PERSON", priority = 30,
      pattern = seq(cap("title", TITLE), cap("name", TITLED_NAME)),
      span = "name", action = set_title },
    { name = "person.full_name", label = "PERSON", priority = 20,
      pattern = cap("name", FULL_NAME), span = "name" },
    -- Two or three name words right before a speech verb: "Okonjo-Iweala
    -- Adeyemi said".
    { name = "person.speaker", label = "PERSON", priority = 10,
      pattern = rep(NAME_WORD, 2, 3),
      after = { lex "SPEECH_VERB" } },
    -- "said Ngozi Adeyemi", "according to Tomas Oliveira".
    { name = "person.after_verb", label = "PERSON", priority = 10,
      pattern = rep(NAME_WORD, 2, 3),
      before = { lex "SPEECH_VERB" } },
    -- Places, days and the like take part in resolving overlaps so that a
    -- lone place name is not read as a person; they are not reported.
    { name = "person.place", label = "LOC", priority = 5,
      pattern = alt(lex "COUNTRY", lex "CITY", lex "STATE", lex "REGION") },
  },
  finish = names.resolve,
}
