-- quote.lua — quotations and who said them.
--
-- The document already knows where the quotation marks are (doc:quotes()).
-- What this pack adds are the CUES: the reporting verbs and phrases of
-- news style, with the mention of the speaker next to them:
--
--   "We will not sign," said Robert Strayer.        cue before speaker
--   "We will not sign," Strayer told reporters.     speaker before cue
--   "We will not sign," the diplomat said.          a description
--   "We will not sign," he said.                    a pronoun
--   Strayer said: "We will not sign."               introduces the quote
--   According to the ministry, "talks are over."    a cue phrase
--   From Chairwoman Ines Duarte: "The vote stands." a lead-in
--
-- Each cue is one match of label CUE whose span is the verb or phrase
-- itself ("said", "according to"): the speaker is a capture, so a cue
-- never hides the PERSON or ORG entity it points at. glean.attribution
-- then ties every quotation to the cue right next to it (or, for quoted
-- words inside paraphrase, to a cue elsewhere in its sentence), resolves
-- pronouns and descriptions to people, and carries a speaker over to the
-- paragraphs that continue a quotation.
--
-- To add a verb, add it to a list of your own with label SPEECH_VERB and
-- name that list in your pack's lexicons; to add a whole new pattern,
-- write a rule of label CUE with captures `cue` and `speaker` like those
-- below.

local R = require "glean.rules"
local attribution = require "glean.attribution"

local tok, seq, alt, opt, rep, cap, lex =
  R.tok, R.seq, R.alt, R.opt, R.rep, R.cap, R.lex

-- ---------------------------------------------------------------------------
-- Cues
-- ---------------------------------------------------------------------------

-- "said", "told", "added", "wrote", "tweeted", "according to" ...
local SPEECH = alt(lex "SPEECH_VERB", lex "CUE_PHRASE")

-- Verbs that frame quoted words inside paraphrase without being speech
-- verbs of their own: called the plan "reckless", likened it to "theft".
local FRAMING = R.word("called", "calls", "calling", "described",
  "describes", "describing", "dubbed", "dubs", "labeled", "labelled",
  "labels", "termed", "terms", "branded", "brands", "likened", "likens",
  "characterized", "characterised", "characterizes", "deemed", "praised",
  "blasted", "slammed", "decried", "derided", "mocked", "hailed")

-- Little words that may stand between the speaker and the verb:
-- "he also said", "Strayer later told", "she has said", "they would say".
local AUX = rep(R.word("also", "later", "then", "once", "earlier", "again",
  "previously", "recently", "often", "repeatedly", "reportedly", "simply",
  "quickly", "further", "has", "had", "have", "would", "will", "did"), 0, 2)

-- ---------------------------------------------------------------------------
-- Speakers
-- ---------------------------------------------------------------------------

local PRONOUN = R.word("he", "she", "He", "She", "they", "They", "I", "we",
  "We")

-- Capitalized words that cannot belong to a name.
local NOT_NAME = { "STOPCAP", "DAY", "MONTH", "HOLIDAY", "SPEECH_VERB",
  "CUE_PHRASE" }
local NAME_WORD = tok { caps = true, word = true, not_label = NOT_NAME }
local INITIAL = tok { re = "\\p{Lu}\\." }
local NAME_PARTICLE = R.word("de", "del", "della", "der", "di", "da", "van",
  "von", "la", "le", "bin", "al", "ibn", "Jr.", "Sr.")
local TITLE = alt(lex "TITLE", lex "HONORIFIC")

-- "Strayer", "Mr. Obama", "Sen. Ted Cruz", "Hans Joachim Schellnhuber".
local NAME = seq(rep(TITLE, 0, 3), NAME_WORD,
  rep(alt(NAME_WORD, INITIAL, NAME_PARTICLE), 0, 4))

-- Words inside a description: anything but a reporting verb, a clause
-- word or a pronoun (which would start the next clause).
local DESC_WORD = tok { word = true, not_label = { "SPEECH_VERB",
  "CUE_PHRASE" }, ["not"] = { "that", "who", "which", "and", "but", "or",
  "he", "she", "they", "it", "we", "I", "said", "says", "told" } }
local DETERMINER = alt(R.word("the", "The", "a", "A", "an", "An", "his",
  "His", "her", "Her", "their", "Their", "its", "Its", "our", "Our", "one",
  "One", "another", "Another", "two", "Two", "several", "Several", "some",
  "Some", "many", "Many", "other", "Other"),
  -- "Clinton's spokesman", "the company’s lawyer"
  seq(rep(DESC_WORD, 1, 3), tok { apos = true }))
local PREPOSITION = R.word("for", "of", "at", "in", "with", "from", "on",
  "to")

-- "the diplomat", "a spokeswoman for the commission", "the ad's narrator".
local DESCRIPTION = seq(DETERMINER, rep(DESC_WORD, 1, 4),
  rep(seq(PREPOSITION, opt(DETERMINER), rep(DESC_WORD, 1, 4)), 0, 2))

-- "campaign spokesman Brian Fallon", "Stein spokeswoman Melezia Figueroa".
local ROLE_AND_NAME = seq(rep(DESC_WORD, 1, 3), NAME)

-- "officials", "Police", "Senate Democrats": plural groups.
local GROUP = seq(rep(NAME_WORD, 0, 2), tok { word = true,
  re = "(?:[Pp]olice|\\p{L}+[a-z]s)", ["not"] = { "was", "has", "is",
  "does", "this", "This", "its", "his", "us", "thus", "yes", "as", "Yes" } })

local SPEAKER = alt(PRONOUN, NAME, DESCRIPTION, ROLE_AND_NAME, GROUP)

-- ", the director of the institute," between a speaker and the verb.
local APPOSITIVE = seq(",", rep(tok { quote = false, sent_end = false,
  ["not"] = { ",", ";", ":" } }, 1, 12), ",")

-- A token that may stand right before a cue that follows its quotation:
-- the closing mark, or the comma or dash after it.
local AFTER_QUOTE = tok { any_of = { "quote", "punct", "dash" } }

return {
  name = "quote",
  lexicons = {
    { file = "speech_verbs.txt" },
    { file = "titles.txt", fold = true },
    { file = "common_caps.txt" },
    { file = "calendar.txt" },
  },
  rules = {
    -- "Strayer said", "the diplomat told", "he said", "Strayer, the
    -- envoy, said", "she also said".
    { name = "quote.speaker_cue", label = "CUE", priority = 5,
      pattern = seq(cap("speaker", seq(SPEAKER, opt(APPOSITIVE))), AUX,
                    cap("cue", SPEECH)),
      span = "cue",
      description = "a speaker, then the reporting verb" },

    -- "…," said Strayer. / "…," says the diplomat. Only right after a
    -- quotation (or its comma or dash): elsewhere "said Strayer" is
    -- seldom an attribution.
    { name = "quote.cue_speaker", label = "CUE", priority = 5,
      pattern = seq(cap("cue", lex "SPEECH_VERB"),
                    cap("speaker", alt(NAME, DESCRIPTION, ROLE_AND_NAME,
                                       PRONOUN))),
      before = { AFTER_QUOTE },
      span = "cue",
      description = "the reporting verb, then the speaker" },

    -- "According to Strayer, ...", "according to a spokeswoman for the
    -- commission".
    { name = "quote.according_to", label = "CUE", priority = 5,
      pattern = seq(cap("cue", seq(R.iword("according"), "to")),
                    cap("speaker", alt(NAME, DESCRIPTION, ROLE_AND_NAME,
                                       GROUP))),
      span = "cue",
      description = "according to a speaker" },

    -- A lead-in that opens its sentence: "From Chairwoman Ines Duarte:".
    { name = "quote.lead_in", label = "CUE", priority = 5,
      pattern = seq(cap("cue", tok { "From", sent_start = true }),
                    cap("speaker", alt(NAME, DESCRIPTION, ROLE_AND_NAME))),
      after = { ":" },
      span = "cue",
      description = "a lead-in naming the speaker before a colon" },

    -- A reporting or framing verb anywhere: tells quoted words inside
    -- paraphrase ("called the plan \"reckless\"") from scare quotes.
    { name = "quote.verb", label = "CUE", priority = 4,
      pattern = cap("cue", alt(SPEECH, FRAMING)),
      description = "a reporting verb with no speaker next to it" },
  },
  finish = attribution.attribute,
}
