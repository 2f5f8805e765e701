-- org.lua — organizations: companies, agencies, ministries, parties,
-- unions, universities, international bodies and acronyms.
--
-- Three kinds of evidence, strongest first: a known organization from
-- organizations.txt ("NATO", "World Bank"); an institutional head with its
-- complement ("University of Lagos", "Ministry of Agriculture"); and
-- capitalized words ending in a legal form or a generic organization noun
-- ("Meridian Logistics Inc.", "Blue Water Alliance"). Places are not ORG.

local R = require "glean.rules"

local tok, seq, alt, opt, rep, lex = R.tok, R.seq, R.alt, R.opt, R.rep, R.lex

-- A capitalized word that can be part of a name: not a sentence starter,
-- a day or a month.
local NAME_WORD = tok { caps = true, not_label = { "STOPCAP", "DAY", "MONTH",
  "SPEECH_VERB" } }
-- Small words allowed inside a name: "Bank of America", "Friends of the
-- Earth", "Procter & Gamble".
local JOINER = tok { "of", "for", "and", "&", "the", "de", "du", "des", "la" }
local BODY = seq(NAME_WORD, rep(alt(NAME_WORD, seq(JOINER, NAME_WORD)), 0, 4))

return {
  name = "org",
  lexicons = {
    { file = "organizations.txt" },
    { file = "org_suffixes.txt" },
    { file = "common_caps.txt" },
    { file = "calendar.txt" },
    { file = "speech_verbs.txt" },
    { file = "places.txt" },
    { file = "demonyms.txt" },
    { file = "currencies.txt" },
  },
  rules = {
    { name = "org.known", label = "ORG", priority = 40,
      pattern = lex "ORG" },
    -- An unknown acronym inside ordinary text ("the ANSSI regulator"):
    -- two to five capitals, not a place, a sentence starter or a currency
    -- code; lines written all in capitals (headlines) are left alone.
    { name = "org.acronym", label = "ORG", priority = 15,
      pattern = tok { upper = true, word = true, re = "\\p{Lu}{2,5}",
        not_label = { "COUNTRY", "STATE", "CITY", "REGION", "STOPCAP",
          "DEMONYM", "CUR_CODE", "DAY", "MONTH" } },
      before = { tok { upper = false } }, after = { tok { upper = false } } },
    -- "University of Lagos", "Ministry of Agriculture", "Bank of England".
    { name = "org.head", label = "ORG", priority = 30,
      pattern = seq(lex "ORG_HEAD", opt(tok { "the" }), BODY) },
    -- "Meridian Logistics Inc.", "Halden & Price LLP".
    { name = "org.legal_form", label = "ORG", priority = 30,
      pattern = seq(BODY, opt(tok { "," }), lex "CORP_SUFFIX") },
    -- "Blue Water Alliance", "National Union of Public Employees".
    { name = "org.generic_noun", label = "ORG", priority = 20,
      pattern = seq(rep(NAME_WORD, 0, 4), lex "ORG_WORD",
        opt(seq(tok { "of", "for" }, opt(tok { "the" }), BODY))),
      not_before = { tok { "the" } } },
    { name = "org.generic_noun_the", label = "ORG", priority = 20,
      pattern = seq(rep(NAME_WORD, 1, 4), lex "ORG_WORD",
        opt(seq(tok { "of", "for" }, opt(tok { "the" }), BODY))),
      before = { tok { "the", "The" } } },
  },
}
