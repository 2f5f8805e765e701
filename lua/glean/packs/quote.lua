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
-- below (and `source`, for the words of one who quotes the speaker;
-- `rest`, for words after the speaker that still belong to the cue, "as
-- saying"). Optional fields (in `extra`) tell attribution how a
-- cue reads: near_only = true, a cue only right before or after a
-- quotation (verbs that are often something else); after_only = true,
-- its speaker capture counts only right after a quotation ("…," said X);
-- possessor = true, a name followed by "'s" speaks ("X's claim");
-- quoting = true, whom the cue next to it quotes ("said, quoting X").

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
local SPEECH_NEAR = lex "SPEECH_VERB_AMBIGUOUS"
-- Verbs whose object is the one spoken to, not the speaker: in "…," told
-- Strayer, Strayer is the listener. ("“Why?” asked Strayer" and "“…,”
-- warned Strayer" are inverted like "said Strayer": Strayer speaks.)
local TO_LISTENER = { "told", "tells", "tell", "reminded", "assured",
  "informed", "briefed" }

-- Verbs that frame quoted words inside paraphrase without being speech
-- verbs of their own: called the plan "reckless", likened it to "theft".
-- (FRAMED: the finite forms, whose subject is the speaker; in "a
-- statement calling the test “a violation”" the one who speaks is not
-- the words before "calling".)
local FRAMED = R.word("called", "calls", "described", "describes",
  "dubbed", "dubs", "labeled", "labelled", "labels", "termed", "terms",
  "branded", "brands", "likened", "likens", "characterized",
  "characterised", "characterizes", "deemed", "praised", "blasted",
  "slammed", "decried", "derided", "mocked", "hailed")
local FRAMING = alt(FRAMED, R.word("calling", "describing"))

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
local INITIAL = tok { caps = true, re = "\\p{Lu}\\." }  -- caps: see person.lua
local NAME_PARTICLE = R.word("de", "del", "della", "der", "di", "da", "van",
  "von", "la", "le", "bin", "al", "ibn", "Jr.", "Sr.")
local TITLE = alt(lex "TITLE", lex "HONORIFIC")

-- "Strayer", "Mr. Obama", "Sen. Ted Cruz", "Hans Joachim Schellnhuber".
-- (A company's legal form ends a name, never opens one: in "Analysts at
-- Brookline, Tate & Co. said", "Co." is no speaker.)
local NAME_FIRST = tok { caps = true, word = true, not_label = NOT_NAME,
  ["not"] = { "Co", "Co.", "Corp", "Corp.", "Inc", "Inc.", "Ltd", "Ltd.",
    "LLC", "PLC", "Plc", "AG", "SA", "NV", "GmbH" } }
local NAME = seq(rep(TITLE, 0, 3), NAME_FIRST,
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

-- ", the director of the institute," between a speaker and the verb;
-- also ", a farmer in Ogallala, Neb.,": a place may end with its state
-- or country after a comma of its own.
local ASIDE_WORD = tok { quote = false, sent_end = false,
  ["not"] = { ",", ";", ":" } }
local APPOSITIVE = seq(",", rep(ASIDE_WORD, 1, 12),
  opt(seq(",", rep(alt(tok { caps = true }, "."), 1, 3))), ",")

-- A longer aside (13 to 24 words), after a name, that opens as a role or
-- a relative clause does: ", a retired teacher who has lived in the town
-- for more than forty years,", ", which employs 4,000 people in the
-- region and ...,". One that opens otherwise is seldom an aside: in "In
-- August, officials granted Ellis an extension on the order, saying"
-- none ends at the comma. (Used by a rule of its own, tried after names
-- only: not at every place where the short one is.)
local LONG_APPOSITIVE = seq(",", R.word("a", "an", "the", "who", "which",
  "whose", "one", "its", "his", "her", "their"),
  rep(ASIDE_WORD, 12, 24), ",")

-- "who spoke on condition of anonymity" between a speaker and the verb:
-- a relative clause with no commas, of words that report no speech
-- ("an official who said ..." reports what the official said before).
local RELATIVE = seq(R.word("who", "whose"), rep(tok { any_of = { "word",
  "digit", "alnum" }, not_label = "SPEECH_VERB" }, 1, 8))

-- "speaking on condition of anonymity", "living near the plant" between
-- a speaker and the verb: a participle and a few words with no verb of
-- speech in them.
local PARTICIPLE = seq(tok { re = "\\p{Ll}+ing", not_label = "SPEECH_VERB" },
  rep(tok { any_of = { "word", "digit", "alnum" },
    not_label = "SPEECH_VERB" }, 1, 4))

-- "Robert Strayer (R-Utah), the envoy,"
local SPEAKER_FULL = seq(SPEAKER, opt(PARENS),
  opt(alt(APPOSITIVE, RELATIVE, PARTICIPLE)))

-- A source quoting a speaker: "quoted", "cited", "quoting".
local QUOTING = R.word("quoted", "quotes", "quoting", "cited", "cites",
  "citing")
local AS_SAYING = seq("as", R.word("saying", "telling"))

-- A name with a title or of two words or more: "citing" also names
-- reasons and sources that are no speakers ("citing Chinese demand").
local FULL_NAME = alt(seq(rep(TITLE, 1, 3), NAME_WORD,
                          rep(alt(NAME_WORD, INITIAL, NAME_PARTICLE), 0, 4)),
                      seq(NAME_WORD,
                          rep(alt(NAME_WORD, INITIAL, NAME_PARTICLE), 1, 4)))
-- "was quoted by Interfax as saying" after a speaker.
local WAS_QUOTED = seq(R.word("was", "is", "were", "are", "been"),
  cap("cue", R.word("quoted", "cited")),
  opt(seq("by", cap("source", rep(DESC_WORD, 1, 5)))),
  cap("rest", AS_SAYING))

-- A capture of tokens first..last, as the engine gives one.
local function token_span(doc, first, last)
  local start = doc:token(first)
  local _, stop = doc:token(last)
  return { first = first, last = last, start = start, ["end"] = stop,
    text = doc:text():sub(start + 1, stop) }
end

-- A time between the speaker and the verb is no part of the speaker:
-- "The Prime Minister last night insisted", "the mayor on Monday said".
local TIME_WORD = { yesterday = true, today = true, tonight = true }
local PERIOD = { night = true, week = true, weekend = true, month = true,
  year = true, morning = true, afternoon = true, evening = true }
local DAY = { Monday = true, Tuesday = true, Wednesday = true,
  Thursday = true, Friday = true, Saturday = true, Sunday = true }
local function drop_time(m, doc)
  local sp = m.caps.speaker
  local last, w = sp.last, doc:token_text(sp.last)
  local before = last > sp.first and doc:token_text(last - 1)
  if TIME_WORD[w] then
    last = last - 1
  elseif (PERIOD[w] and (before == "last" or before == "this")) or
      (DAY[w] and before == "on") then
    last = last - 2
  end
  if last < sp.last and last >= sp.first then
    m.caps.speaker = token_span(doc, sp.first, last)
  end
end

-- Words before a speaker's verb are no speaker when they end with a
-- preposition: "told the agency by telephone", "said via email" (the
-- verb is a noun there), "went out of her way to deny". (A time after
-- them is dropped first.)
local ENDS_SPEAKER_NOT = { by = true, via = true, to = true, of = true,
  ["for"] = true, with = true, from = true, at = true, ["in"] = true,
  on = true }
local function not_preposition(m, doc)
  drop_time(m, doc)
  return not ENDS_SPEAKER_NOT[doc:token_text(m.caps.speaker.last)]
end

-- "according to" names its source after it: the words before the phrase
-- ("the plan failed, according to ...") are never its speaker.
local function not_according(m, doc)
  return not m.caps.cue.text:find("^[Aa]ccording") and
    not_preposition(m, doc)
end

-- A speaker's cue; a framing verb only before quoted words. ("a figure
-- analysts called “absurd”": after "a" and a noun, a plural is the
-- subject of a clause of its own, and speaks alone.)
local INDEFINITE = { a = true, an = true, A = true, An = true }
local function speaker_cue(m, doc)
  local framed, sp = m.caps.framed, m.caps.speaker
  if framed then
    local quoted = false
    for i = framed.last + 1, math.min(doc:ntokens(), framed.last + 6) do
      if doc:has(i, "QUOTE") then quoted = true break end
      if doc:has(i, "SENT_END") then break end
    end
    if not quoted then return false end
    if INDEFINITE[doc:token_text(sp.first)] then
      local last = doc:token_text(sp.last)
      if sp.last - sp.first < 2 or not last:find("%l+s$") then
        return false
      end
      m.caps.speaker = token_span(doc, sp.last, sp.last)
    end
  end
  return not_according(m, doc)
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
    -- Also the passive of the wire services: "Sokolov was quoted as
    -- saying", "the minister was quoted by Interfax as saying", "she has
    -- been cited as saying" (one rule: the speaker is looked for once).
    -- And a verb that frames quoted words right after it (within five
    -- words): "The senator called the plan “reckless”" (capture
    -- `framed`; the action wants the quotation).
    { name = "quote.speaker_cue", label = "CUE", priority = 5,
      pattern = seq(cap("speaker", SPEAKER_FULL), AUX,
                    alt(cap("cue", SPEECH), WAS_QUOTED,
                        cap("cue", cap("framed", FRAMED)))),
      span = "cue", action = speaker_cue,
      description = "a speaker, then the reporting verb" },

    -- "Zorba Quillfeather, a retired schoolteacher who has lived in the
    -- town for more than forty years, said": a name, a long aside, the
    -- verb (a name the person pack may not know: the cue names it).
    { name = "quote.long_aside_cue", label = "CUE", priority = 5,
      pattern = seq(cap("speaker", seq(NAME, LONG_APPOSITIVE)), AUX,
                    cap("cue", SPEECH)),
      span = "cue", action = not_according,
      description = "a name, a long aside, then the reporting verb" },

    -- The same with a verb that is often no cue: "“…,” the letter reads".
    -- near_only: it counts only right before or after a quotation.
    { name = "quote.speaker_cue_near", label = "CUE", priority = 5,
      pattern = seq(cap("speaker", SPEAKER_FULL), AUX,
                    cap("cue", SPEECH_NEAR)),
      span = "cue", extra = { near_only = true }, action = not_preposition,
      description = "a speaker, then an ambiguous reporting verb" },

    -- "…," said Strayer. / "…," says the diplomat. Only right after a
    -- quotation (or its comma or dash): elsewhere "said Strayer" is
    -- seldom an attribution.
    { name = "quote.cue_speaker", label = "CUE", priority = 5,
      pattern = seq(cap("cue", tok { label = { "SPEECH_VERB",
                                               "SPEECH_VERB_AMBIGUOUS" },
                                     ["not"] = TO_LISTENER }),
                    -- "said her neighbor, Victor Lam", "said one of them,
                    -- student leader Ali Hassan": the name too.
                    -- The longer forms are tried first: the alternative
                    -- that matches first wins, and in "said MSNBC host
                    -- Chris Matthews" a bare NAME would stop at "MSNBC".
                    cap("speaker", alt(seq(DESCRIPTION,
                                           opt(seq(",", alt(ROLE_AND_NAME,
                                                            NAME)))),
                                       ROLE_AND_NAME, NAME, PRONOUN))),
      before = { AFTER_QUOTE },
      span = "cue", extra = { after_only = true },
      description = "the reporting verb, then the speaker" },

    -- "Interfax quoted Chernomyrdin as saying", "the paper quoted him
    -- as saying", "RIA cited Sokolov, the defence minister, as saying":
    -- the one quoted speaks, not the one quoting. The source is a
    -- capture of its own: a quotation right before it takes this cue,
    -- and it does not speak. So is "as saying" (`rest`): a quotation
    -- right after it ("as saying: “…”") takes the cue too.
    { name = "quote.quoted_as_saying", label = "CUE", priority = 6,
      pattern = seq(opt(cap("source", rep(DESC_WORD, 1, 5))),
                    cap("cue", QUOTING),
                    cap("speaker", seq(alt(DESCRIPTION, ROLE_AND_NAME, NAME,
                                           R.word("him", "her", "them")),
                                       opt(APPOSITIVE))),
                    cap("rest", AS_SAYING)),
      span = "cue",
      description = "a source quoting a speaker: quoted X as saying" },

    -- Whom a source quotes, next to the source's own cue: "…," the paper
    -- said, quoting Lena Fischer. / Quoting Fischer, the paper said: "…".
    -- quoting = true: a quotation that takes the source's cue takes this
    -- one instead. "citing" names a reason as often as a person ("citing
    -- weak demand"): after it only a full name or a title and a name.
    { name = "quote.quoting", label = "CUE", priority = 6,
      pattern = alt(
        seq(cap("cue", R.word("quoting", "Quoting")),
            cap("speaker", alt(DESCRIPTION, ROLE_AND_NAME, NAME))),
        seq(cap("cue", R.word("citing", "Citing")),
            cap("speaker", FULL_NAME))),
      span = "cue", extra = { near_only = true, quoting = true },
      description = "whom a source quotes: quoting X, citing X" },

    -- "Trump's claim that “…”", "Holt's remark about “…”": words the
    -- possessor said. (possessor: the name before "'s" speaks, as it
    -- does not in "Trump's lawyer said".) Only with "that", "about" or
    -- "of" after the noun: in "Holt's claim was “false”" or "treating
    -- Holt's remark as “…”" the quoted words are someone else's.
    { name = "quote.possessive_words", label = "CUE", priority = 5,
      pattern = seq(cap("speaker", NAME), tok { apos = true },
                    cap("cue", R.word("statement", "claim", "remark",
                      "remarks", "comment", "comments", "words", "promise",
                      "pledge", "vow", "warning", "assertion", "tweet",
                      "description")),
                    cap("rest", R.word("that", "about", "of"))),
      span = "cue", extra = { near_only = true, possessor = true },
      description = "the words of a possessor: X's claim that" },

    -- "If the appeal fails, said Adebanjo, the company “will have to
    -- ...”": an inverted cue set off by commas inside a sentence.
    -- (Priority over quote.cue_speaker, which takes the same words
    -- only for a quotation right before them.)
    { name = "quote.parenthetical_cue", label = "CUE", priority = 6,
      pattern = seq(cap("cue", tok { label = "SPEECH_VERB",
                                     ["not"] = TO_LISTENER }),
                    cap("speaker", alt(ROLE_AND_NAME, NAME))),
      before = { "," }, after = { "," },
      span = "cue",
      description = "a cue between commas: , said Strayer," },

    -- "Said Strayer: ..." opening a sentence.
    { name = "quote.said_speaker", label = "CUE", priority = 5,
      pattern = seq(cap("cue", tok { "Said", "Says", "Added", "Asked",
                                     sent_start = true }),
                    cap("speaker", alt(NAME, DESCRIPTION, ROLE_AND_NAME))),
      after = { tok { punct = true } },
      span = "cue",
      description = "an inverted cue opening a sentence" },

    -- A credit line after a quotation: "“…” ― Ana Ruiz", "“…” — Ana
    -- Ruiz", "“…” - Ruiz" (a headline too: the next line may go on with
    -- the story).
    { name = "quote.dash_credit", label = "CUE", priority = 5,
      pattern = seq(cap("cue", alt(tok { dash = true },
                                   tok { "-", space_before = true })),
                    cap("speaker", NAME)),
      before = { tok { close_quote = true } },
      not_after = { tok { word = true, line_start = false } },
      span = "cue", extra = { after_only = true },
      description = "a dash and a name after the closing mark" },

    -- "According to Strayer, ...", "according to a spokeswoman for the
    -- commission", "according to Strayer's spokesman" (the longer forms
    -- first, as in quote.cue_speaker: a bare NAME would stop at
    -- "Strayer").
    { name = "quote.according_to", label = "CUE", priority = 5,
      pattern = seq(cap("cue", seq(R.iword("according"), "to")),
                    cap("speaker", alt(DESCRIPTION, ROLE_AND_NAME, NAME,
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
