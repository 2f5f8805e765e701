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
--   "The vote stands." — Ines Duarte                 a credit line
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
-- below (and `source`, for the words of one who quotes the speaker). Two optional fields (in `extra`) tell attribution how far a cue
-- reaches: near_only = true, a cue only right before or after a
-- quotation (verbs that are often something else); after_only = true,
-- its speaker capture counts only right after a quotation ("…," said X).

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local R = require "glean.rules"
local attribution = require "glean.attribution"

local tok, seq, alt, opt, rep, cap, lex =
  R.tok, R.seq, R.alt, R.opt, R.rep, R.cap, R.lex

-- ---------------------------------------------------------------------------
-- Cues
-- ---------------------------------------------------------------------------

-- "said", "told", "added", "wrote", "tweeted", "according to" ...; also
-- chants and songs, and "as the Times put it".
local SPEECH = alt(lex "SPEECH_VERB", R.word("chanted", "chanting", "chant",
  "chants", "sang", "sings", "singing"), seq(R.word("put", "puts"), "it"))
-- Verbs that are often something else ("The Times reports", "she notes",
-- "the letter reads"): cues only right next to a quotation.
local SPEECH_NEAR = alt(lex "SPEECH_VERB_AMBIGUOUS", R.word("reads", "read"))
-- Verbs whose object is the one spoken to, not the speaker: in "…," told
-- Strayer, Strayer is the listener. ("“Why?” asked Strayer" and "“…,”
-- warned Strayer" are inverted like "said Strayer": Strayer speaks.)
local TO_LISTENER = { "told", "tells", "tell", "reminded", "assured",
  "informed", "briefed" }

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
  "quickly", "further", "flatly", "angrily", "bluntly", "publicly",
  "privately", "now", "still", "has", "had", "have", "would", "will",
  "did"), 0, 2)

-- ---------------------------------------------------------------------------
-- Speakers
-- ---------------------------------------------------------------------------

local PRONOUN = R.word("he", "she", "He", "She", "they", "They", "I", "we",
  "We", "it", "It")

-- Capitalized words that cannot belong to a name.
local NOT_NAME = { "STOPCAP", "DAY", "MONTH", "HOLIDAY", "SPEECH_VERB" }
local NAME_WORD = tok { caps = true, word = true, not_label = NOT_NAME }
local INITIAL = tok { re = "\\p{Lu}\\." }
local NAME_PARTICLE = R.word("de", "del", "della", "der", "di", "da", "van",
  "von", "la", "le", "bin", "al", "ibn", "Jr.", "Sr.")
local TITLE = alt(lex "TITLE", lex "HONORIFIC")

-- "Strayer", "Mr. Obama", "Sen. Ted Cruz", "Hans Joachim Schellnhuber".
local NAME = seq(rep(TITLE, 0, 3), NAME_WORD,
  rep(alt(NAME_WORD, INITIAL, NAME_PARTICLE), 0, 4))

-- The first word of a role before a name or of a possessor: not a
-- preposition or a clause word ("of Mrs. Clinton", "after Pagliano").
local ROLE_WORD = tok { any_of = { "word", "digit", "alnum" },
  not_label = "SPEECH_VERB", ["not"] = { "that", "who", "which", "and",
  "but", "or", "he", "she", "they", "it", "we", "I", "of", "on", "in", "at",
  "after", "before", "to", "for", "with", "from", "by", "about", "during",
  "while", "when", "as", "than", "because", "since", "over", "against",
  "into", "through", "under", "toward", "towards", "upon", "without",
  "within", "if", "then", "so", "the", "a", "an" } }

-- Words inside a description: anything but a reporting verb, a clause
-- word, a pronoun (which would start the next clause) or an auxiliary
-- that belongs to the verb ("Several Republicans have said", "The judge
-- was quoted").
local DESC_WORD = tok { any_of = { "word", "digit", "alnum" },
  not_label = "SPEECH_VERB",
  ["not"] = { "that", "who", "which", "and", "but", "or",
  "he", "she", "they", "it", "we", "I", "said", "says", "told",
  "has", "have", "had", "would", "will", "did", "also", "is", "was",
  "are", "were" } }
-- ... and the joints of "34-year-old" and "9/11".
local DESC_PART = alt(DESC_WORD, R.word("-", "/"))
local DETERMINER = alt(R.word("the", "The", "a", "A", "an", "An", "his",
  "His", "her", "Her", "their", "Their", "its", "Its", "our", "Our", "one",
  "One", "another", "Another", "two", "Two", "several", "Several", "some",
  "Some", "many", "Many", "other", "Other", "my", "My", "your", "Your"),
  -- "Clinton's spokesman", "the company’s lawyer"
  seq(opt(R.word("the", "The")), ROLE_WORD, rep(DESC_WORD, 0, 2),
      tok { apos = true }))
local PREPOSITION = R.word("for", "of", "at", "in", "with", "from", "on",
  "to")

-- "the diplomat", "a spokeswoman for the commission", "the ad's narrator".
local DESCRIPTION = seq(DETERMINER, rep(DESC_PART, 1, 6),
  rep(seq(PREPOSITION, opt(DETERMINER), rep(DESC_PART, 1, 4)), 0, 2))

-- "campaign spokesman Brian Fallon", "Stein spokeswoman Melezia Figueroa".
local ROLE_AND_NAME = seq(ROLE_WORD, rep(DESC_PART, 0, 4), NAME)

-- "officials", "Police", "Senate Democrats": plural groups.
-- (Two tests, not one regex with "police|...": a regex that must end in
-- "s" is skipped without a call on the tokens that do not.)
local GROUP = seq(rep(NAME_WORD, 0, 2), alt(R.word("police", "Police"),
  tok { word = true, re = "\\p{L}+[a-z]s", ["not"] = { "was", "has", "is",
  "does", "this", "This", "its", "his", "us", "thus", "yes", "as", "Yes" } }))

local SPEAKER = alt(PRONOUN, NAME, DESCRIPTION, ROLE_AND_NAME, GROUP)

-- "(R-Utah)" after a name.
local PARENS = seq("(", rep(tok { sent_end = false, ["not"] = { ")", "(" } },
  1, 6), ")")

-- ", the director of the institute," between a speaker and the verb.
local APPOSITIVE = seq(",", rep(tok { quote = false, sent_end = false,
  ["not"] = { ",", ";", ":" } }, 1, 12), ",")

-- "Robert Strayer (R-Utah), the envoy,"
local SPEAKER_FULL = seq(SPEAKER, opt(PARENS), opt(APPOSITIVE))

-- "according to" names its source after it: the words before the phrase
-- ("the plan failed, according to ...") are never its speaker.
local function not_according(m)
  return not m.caps.cue.text:find("^[Aa]ccording")
end

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
      pattern = seq(cap("speaker", SPEAKER_FULL), AUX, cap("cue", SPEECH)),
      span = "cue", action = not_according,
      description = "a speaker, then the reporting verb" },

    -- The same with a verb that is often no cue: "“…,” the letter reads".
    -- near_only: it counts only right before or after a quotation.
    { name = "quote.speaker_cue_near", label = "CUE", priority = 5,
      pattern = seq(cap("speaker", SPEAKER_FULL), AUX,
                    cap("cue", SPEECH_NEAR)),
      span = "cue", extra = { near_only = true },
      description = "a speaker, then an ambiguous reporting verb" },

    -- "…," said Strayer. / "…," says the diplomat. Only right after a
    -- quotation (or its comma or dash): elsewhere "said Strayer" is
    -- seldom an attribution.
    { name = "quote.cue_speaker", label = "CUE", priority = 5,
      pattern = seq(cap("cue", tok { label = { "SPEECH_VERB",
                                               "SPEECH_VERB_AMBIGUOUS" },
                                     ["not"] = TO_LISTENER }),
                    -- "said her neighbor, Victor Lam": the name too.
                    -- The longer forms are tried first: the alternative
                    -- that matches first wins, and in "said MSNBC host
                    -- Chris Matthews" a bare NAME would stop at "MSNBC".
                    cap("speaker", alt(seq(DESCRIPTION,
                                           opt(seq(",", NAME))),
                                       ROLE_AND_NAME, NAME, PRONOUN))),
      before = { AFTER_QUOTE },
      span = "cue", extra = { after_only = true },
      description = "the reporting verb, then the speaker" },

    -- "Interfax quoted Chernomyrdin as saying", "the paper quoted him
    -- as saying": the one quoted speaks, not the one quoting. The source
    -- is a capture of its own: a quotation right before it takes this
    -- cue, and it does not speak.
    { name = "quote.quoted_as_saying", label = "CUE", priority = 6,
      pattern = seq(opt(cap("source", rep(DESC_WORD, 1, 5))),
                    cap("cue", R.word("quoted", "quotes", "quoting")),
                    cap("speaker", alt(DESCRIPTION, ROLE_AND_NAME, NAME,
                                       R.word("him", "her", "them"))),
                    "as", R.word("saying", "telling")),
      span = "cue",
      description = "a source quoting a speaker: quoted X as saying" },

    -- "Said Strayer: ..." opening a sentence.
    { name = "quote.said_speaker", label = "CUE", priority = 5,
      pattern = seq(cap("cue", tok { "Said", "Says", "Added", "Asked",
                                     sent_start = true }),
                    cap("speaker", alt(NAME, DESCRIPTION, ROLE_AND_NAME))),
      after = { tok { punct = true } },
      span = "cue",
      description = "an inverted cue opening a sentence" },

    -- A credit line after a quotation: "“…” ― Ana Ruiz", "“…” — Ana Ruiz".
    { name = "quote.dash_credit", label = "CUE", priority = 5,
      pattern = seq(cap("cue", tok { dash = true }), cap("speaker", NAME)),
      before = { tok { close_quote = true } },
      not_after = { tok { word = true } },
      span = "cue", extra = { after_only = true },
      description = "a dash and a name after the closing mark" },

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
