-- org.lua — organizations: companies, agencies, ministries, parties,
-- unions, universities, news media, sports clubs and acronyms.
--
-- Evidence, strongest first:
--   * a known organization from organizations.txt ("NATO", "World Bank");
--   * an institutional head with its complement ("University of Lagos",
--     "Ministry of Agriculture", "National Bank of Poland");
--   * capitalized words ending in a legal form or a trade word
--     ("Meridian Logistics Inc.", "Halden & Price Co") or in a generic
--     organization noun ("Blue Water Alliance", "Foreign Ministry");
--   * the layout of sports results: the names of a standings table row
--     ("Riverton 3 1 0 6 1 10"), of a result line ("Riverton 3 Lakeside
--     1") and of a fixture line ("RIVERTON AT LAKESIDE");
--   * the words around a name that call it a company: an aside
--     ("Verrow, a maker of garden pumps"), its chairman, board or shares
--     ("Verrow's chairman", "shares of Verrow");
--   * an unknown acronym in running text ("the ANSSI regulator").
-- After the rules, `finish` (org_names.lua) looks at the whole document:
-- a company named in full ("Wexbridge Lumber Corp.") or called one by
-- the words around it is found again under its short names ("Wexbridge
-- Lumber", "Wexbridge") and wherever else the text names it, and so is
-- a club named in a results table. Places are not organizations.
--
-- Spans: the name only, without a sentence-final period ("... bought
-- Acme Co." gives "Acme Co"). News corpora differ on "the" and "'s":
-- CoNLL-2003 leaves both out; OntoNotes puts them into the span of a name
-- of two words or more ("the Commerce Department's") and leaves them out
-- of one-word names ("the Fed", "Sony's"). The pack follows OntoNotes by
-- default; glean.new{ convention = "conll" } (glean --convention conll)
-- gives CoNLL spans.

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local R = require "glean.rules"

local tok, seq, alt, opt, rep, plus, cap, lex =
  R.tok, R.seq, R.alt, R.opt, R.rep, R.plus, R.cap, R.lex
local unpack = table.unpack or unpack

local M = { name = "org" }


-- ---------------------------------------------------------------------------
-- Words of names
-- ---------------------------------------------------------------------------

-- Labels that a word of a name never has.
local NEVER = { "ORG_STOP", "DAY", "MONTH", "SPEECH_VERB" }
-- "York-based", "state-owned": a modifier, not part of the name that follows.
-- (As not_re: only tokens with a "-" need the regex.)
local MODIFIER = ".*-(?:based|owned|run|led|controlled|listed)"
-- Legal forms end a company name: a name does not run on past one
-- ("Acme Inc and Lear Corp." are two names).
local LEGAL = { "Inc", "Inc.", "Corp", "Corp.", "Co", "Co.", "Cos.", "Ltd",
  "Ltd.", "PLC", "Plc", "plc", "LLC", "AG", "SA", "S.A.", "NV", "N.V.",
  "GmbH", "SpA", "S.p.A.", "AB", "ASA", "Oy", "Oyj", "KK", "K.K.", "BV",
  "B.V.", "LP", "L.P.", "LLP", "L.L.P.", "L.L.C.", "SE", "Bhd", "Bhd.",
  "Pty", "Corporation",
  "Incorporated", "Limited" }

-- Any word of a name after the first.
local WORD = tok { caps = true, word = true, line_start = false,
  not_label = NEVER, not_re = MODIFIER }
-- Sentence openers that also open many names ("New", "First", "National",
-- "Federal"): the first word of a name even at the start of a sentence.
local OPENERS = { "New", "First", "National", "Federal", "General", "Great",
  "United", "American", "International", "Royal", "Standard", "Continental",
  "Southern", "Northern", "Western", "Eastern", "Central", "Pacific",
  "Atlantic", "Global", "World", "Home", "Grand", "Golden", "Big", "Free",
  "Union", "Allied", "Consolidated", "Universal", "Imperial", "Foreign",
  "Public", "Commercial", "Security", "Capital", "Mutual", "Chemical" }
-- The first word: also not a word that usually just opens the sentence,
-- unless it is one of the openers above, nor a month that is also a
-- given name ("the August National Association of ... index").
local FIRST = alt(
  tok { caps = true, word = true, not_re = MODIFIER,
    not_label = { "ORG_STOP", "STOPCAP", "DAY", "MONTH", "MONTH_AMBIGUOUS",
      "SPEECH_VERB" } },
  tok { caps = true, word = true, sent_start = false, not_re = MODIFIER,
    not_label = { "ORG_STOP", "DAY", "MONTH", "MONTH_AMBIGUOUS",
      "SPEECH_VERB" } },
  tok(OPENERS))
-- The same, for company names: never a legal form.
local CO_FIRST = alt(
  tok { caps = true, word = true, not_re = MODIFIER, ["not"] = LEGAL,
    not_label = { "ORG_STOP", "STOPCAP", "DAY", "MONTH", "SPEECH_VERB" } },
  tok { caps = true, word = true, sent_start = false, not_label = NEVER,
    not_re = MODIFIER, ["not"] = LEGAL },
  tok(OPENERS))
local CO_WORD = tok { caps = true, word = true, line_start = false,
  not_label = NEVER, not_re = MODIFIER, ["not"] = LEGAL }
-- A partner after a comma in a firm's name ("Piper, Jaffray & Hopwood"):
-- not a known organization of its own, which makes the commas a list
-- ("Mitsubishi, Mitsui, C. Itoh & Co.").
local PARTNER = tok { caps = true, word = true, line_start = false,
  not_label = { "ORG_STOP", "DAY", "MONTH", "SPEECH_VERB", "ORG" },
  not_re = MODIFIER, ["not"] = LEGAL }

-- Words before an "and" inside a name ("Test and County Cricket Board"):
-- not themselves organizations or organization words, nor acronyms, which
-- are names of their own ("MITI and U.S. Commerce Department"), though
-- initials may be ("the H.N. & Frances C. Berger Foundation").
local NOT_ORG_PART = { "ORG_STOP", "DAY", "MONTH", "SPEECH_VERB", "ORG",
  "ORG_WORD", "CORP_SUFFIX", "STOPCAP" }
-- A given name is such a word only right before the "and" ("William and
-- Flora Hewlett Foundation"): "Minister Joel Kip and City Council" holds
-- a person's name. (An opener may start such a name: "International
-- Maize and Wheat Improvement Center", though "International" also ends
-- company names.)
local function plain_first(not_label)
  return alt(tok { caps = true, word = true, upper = false,
    not_label = not_label, not_re = MODIFIER }, tok { abbrev = true,
    caps = true, not_label = not_label }, tok(OPENERS))
end
local NOT_LATER_PART = { "GIVEN", unpack(NOT_ORG_PART) }
local PAIR_PART = alt(
  seq(plain_first(NOT_LATER_PART), rep(tok { caps = true, word = true,
    upper = false, line_start = false, not_label = NOT_LATER_PART,
    not_re = MODIFIER }, 0, 2)),
  plain_first(NOT_ORG_PART))

-- Small words allowed inside the complement of a head or generic noun,
-- "the" after them too: "Bank of America", "Friends of the Earth",
-- "Procter & Gamble", "Center for the Study of the Presidency".
local JOINER = tok { "of", "for", "&", "the", "de", "du", "des", "la", "on",
  line_start = false }
-- After "and", the name goes on only with words that start no name of
-- their own: "Ministry of Trade and Industry", but "Bank of France" and
-- "Bundesbank", "University of Chicago" and "Oxford University" or "Anna
-- Berg".
local AND_WORD = tok { caps = true, word = true, line_start = false,
  not_label = { "ORG_STOP", "DAY", "MONTH", "SPEECH_VERB", "ORG",
    "ORG_AMBIGUOUS", "ORG_WORD", "COUNTRY", "CITY", "STATE", "REGION",
    "GIVEN" } }
local NEXT_WORD = alt(WORD, seq(JOINER, opt(tok { "the" }), WORD))
local function body(next_word)
  return seq(WORD, rep(next_word or NEXT_WORD, 0, 4),
    opt(seq(tok { "and" }, rep(AND_WORD, 1, 3))))
end
local BODY = body()
-- Where the words after "and" stop before an organization word, they
-- begin the next name ("... and Oxford University").
local NOT_CUT = { tok { label = "ORG_WORD" } }
-- A founder's possessive may open a company name ("McDonald's Corp.",
-- "Boatmen's Bancshares Inc."), but not a place's ("Britain's Acme Inc.").
local POSS_FIRST = tok { caps = true, word = true, not_label = { "ORG_STOP",
  "STOPCAP", "COUNTRY", "CITY", "STATE", "REGION", "DEMONYM", "DAY", "MONTH" } }
local POSSESSIVE = tok { "'s", "\226\128\153s" }
-- A company name before its legal form: words joined only by "&"
-- ("Douglas & Lomason"), so that "Jane Roe of Acme Inc." stays a person
-- and a company.
local CO_BODY = seq(alt(seq(POSS_FIRST, POSSESSIVE), CO_FIRST),
  rep(alt(CO_WORD, seq(tok { "&" }, CO_WORD)), 0, 4))
-- A partner's name in "Young & Rubicam": a capitalized word of two
-- letters or more (not the "S" of "S&L") that is not a place, a people, a
-- sentence word or an organization word.
local AMP_WORD = tok { caps = true, word = true, re = "\\p{Lu}\\p{L}.*",
  not_label = { "ORG_STOP", "STOPCAP", "COUNTRY", "CITY", "STATE", "REGION",
    "DEMONYM", "DAY", "MONTH", "ORG_WORD", "CORP_SUFFIX", "NOT_ORG" } }
-- The apostrophe of a plural's possessive inside a name ("Bond Traders'
-- Association", "Teachers' Union"): written right after its word, and not
-- a closing quotation mark.
local PLURAL_POSS = opt(tok { "'", "\226\128\153", space_before = false,
  close_quote = false })
-- A name that ends in a generic organization noun, with its complement:
-- "Blue Water Alliance", "National Union of Public Employees".
-- An abbreviation joined to the first word by a hyphen: "U.S.-China
-- Business Council" (the tokenizer ends "U.S." at its period).
local JOINED_ABBREV = seq(tok { abbrev = true, caps = true },
  tok { "-", space_before = false })
-- A singular possessive belongs to a name only in a saint's ("St.
-- Mary's Hospital") and after the plurals that name whom it serves
-- ("Children's Hospital", "Women's Institute"): elsewhere it is an owner
-- ("Trump's Justice Department").
local POSS_NAME = alt(seq(tok { "St.", "St", "Saint" }, WORD, POSSESSIVE),
  seq(tok { "Children", "Women", "Men", "People" }, POSSESSIVE))
local GENERIC = seq(opt(JOINED_ABBREV), alt(seq(FIRST, PLURAL_POSS), POSS_NAME),
  rep(alt(seq(WORD, PLURAL_POSS), POSS_NAME), 0, 4),
  lex "ORG_WORD",
  opt(seq(tok { "of", "for", "on" }, opt(tok { "the" }), BODY)))
-- Words before a head: "National Bank of ...", "Federal Reserve Bank of".
local PREFIX = seq(FIRST, PLURAL_POSS, rep(seq(WORD, PLURAL_POSS), 0, 2))
-- ... or two words joined by "and" ("Import and Export Bank of China"):
-- the first neither a name of its own nor a place ("Britain and Bank of
-- England" are two).
local PAIR_FIRST = tok { caps = true, word = true, upper = false,
  not_label = { "ORG_STOP", "DAY", "MONTH", "SPEECH_VERB", "ORG", "ORG_WORD",
    "CORP_SUFFIX", "STOPCAP", "COUNTRY", "CITY", "STATE", "REGION",
    "DEMONYM" } }
local HEAD_PREFIX = alt(PREFIX, seq(PAIR_FIRST, tok { "and" }, PREFIX))
-- A title and a name ending a head's name are a person's: "Bank of
-- England Governor Andrew Bailey", "Bank of Japan Deputy Governor Ryozo
-- Himino". Captured (the first alternative, so preferred to the same
-- words read as the name's) for the action to end the name before them.
local PERSON_WORD = tok { caps = true, word = true, upper = false,
  not_label = { "ORG_WORD", "CORP_SUFFIX", "ORG_STOP", "COUNTRY", "CITY",
    "STATE", "REGION", "DEMONYM", "DAY", "MONTH", "TITLE" } }
local TITLED_PERSON = cap("person", seq(lex "TITLE", rep(PERSON_WORD, 1, 3)))

-- An acronym's labels it never has: a place, a sentence word, a people,
-- a currency code, a date, a common abbreviation ("GDP", "CEO").
local NOT_ACRONYM = { "COUNTRY", "STATE", "CITY", "REGION", "STOPCAP",
  "DEMONYM", "CUR_CODE", "DAY", "MONTH", "NOT_ORG" }

-- Whether the acronym of match m stands for words before its "(": its
-- first letter opens one of the eight words there ("Acme Corp
-- (UPDATED)" defines nothing).
local function defines_acronym(m, doc)
  local letter = m.text:sub(1, 1):lower()
  for i = m.first - 2, math.max(1, m.first - 9), -1 do
    if doc:token_text(i):sub(1, 1):lower() == letter then return true end
  end
  return false
end

-- ---------------------------------------------------------------------------
-- Sports results
-- ---------------------------------------------------------------------------

-- A club's name in a results table: one to three capitalized words, not a
-- country (national teams are places in news corpora), a people or a
-- word of the calendar. Two words or more must not start with a given
-- name (a golf or athletics table lists people).
local NOT_TEAM = { "COUNTRY", "DEMONYM", "DAY", "MONTH", "ORG_STOP",
  "NOT_ORG" }
local NOT_TEAM_OR_GIVEN = { "COUNTRY", "DEMONYM", "DAY", "MONTH", "ORG_STOP",
  "NOT_ORG", "GIVEN" }
local TEAM_WORD = tok { caps = true, word = true, line_start = false,
  not_label = NOT_TEAM }
-- Anywhere in a line, and at its start (where a table row begins).
local TEAM = alt(
  seq(tok { caps = true, word = true, not_label = NOT_TEAM_OR_GIVEN },
    rep(TEAM_WORD, 1, 2)),
  TEAM_WORD)
local LINE_TEAM = alt(
  seq(tok { caps = true, word = true, line_start = true,
    not_label = NOT_TEAM_OR_GIVEN }, rep(TEAM_WORD, 1, 2)),
  tok { caps = true, word = true, line_start = true, not_label = NOT_TEAM })
-- A score or a table figure: a small whole number ("3", "74"), or the
-- pieces of ".556", "5 1/2" and "-".
local SCORE = tok { re = "[0-9]{1,3}" }
local FIGURE = alt(SCORE, tok { ".", "-", "/" })

-- Keeps a match only when its line ends with it (capture "tail" is the
-- end of the match): a table row is a whole line.
local function ends_line(m, doc)
  local last = m.caps.tail.last
  return last == doc:ntokens() or doc:has(last + 1, "LINE_START")
end

-- ---------------------------------------------------------------------------
-- Rules
-- ---------------------------------------------------------------------------

-- The fields that name the executive departments of the United States
-- ("the Treasury", "Commerce", "Labor"): "State" only after "Secretary
-- of", as "State Secretary" is a rank in other governments.
local DEPARTMENT_FIELDS = { "Treasury", "Commerce", "Labor", "Transportation",
  "Justice", "Defense", "Energy", "Agriculture", "Interior", "Education" }
-- Nouns for a kind of organization, which news puts right before its
-- name ("the daily Kompas", "club Atalanta", "insurer Axa").
local KINDS = { "newspaper", "daily", "weekly", "magazine", "tabloid",
  "side", "club", "firm", "company", "group", "airline",
  "insurer", "retailer", "broker", "brokerage", "publisher", "broadcaster",
  "conglomerate", "automaker", "carmaker", "chipmaker", "bank", "lender",
  "operator", "party", "movement", "organisation", "organization",
  "agency", "station", "network", "unit", "subsidiary", "affiliate",
  "division", "manufacturer", "producer", "miner", "refiner",
  "supplier", "distributor", "chain" }
-- Its words: not a person's given name first ("the firm John Reid
-- founded"), nor a title, a place, a people or a date.
local NOT_KIND_NAME = { "ORG_STOP", "STOPCAP", "DAY", "MONTH", "SPEECH_VERB",
  "TITLE", "HONORIFIC", "COUNTRY", "CITY", "STATE", "REGION", "DEMONYM",
  "CUR_CODE", "CUR_WORD" }
-- Two characters or more; after a hyphen a capital ("Al-Akhbar"), so
-- never "York-based".
local CAPITALIZED_WORD = "\\p{Lu}[\\p{L}\\p{N}'&]+(?:-\\p{Lu}[\\p{L}\\p{N}'&]*)*"
local KIND_FIRST = tok { caps = true, word = true, line_start = false,
  not_label = NOT_KIND_NAME, re = CAPITALIZED_WORD }
local KIND_WORD = tok { caps = true, word = true, line_start = false,
  not_label = { "ORG_STOP", "DAY", "MONTH", "SPEECH_VERB", "TITLE",
    "HONORIFIC" }, not_re = MODIFIER }

-- Nouns that, in an aside after a name, say the name is a company's:
-- "Candela, a maker of medical lasers", "Orrin, a unit of Acme". (Not
-- nouns of a trade a person may have too: "developer", "publisher",
-- "contractor".)
local COMPANY_NOUN = tok { "company", "firm", "maker", "manufacturer",
  "bank", "insurer", "airline", "conglomerate", "concern", "subsidiary",
  "unit", "chain", "retailer", "utility", "brokerage", "automaker",
  "carmaker", "chipmaker", "drugmaker", "steelmaker", "shipbuilder",
  "lender", "start-up", "startup", "supplier", "distributor", "provider",
  "exporter", "importer",
  -- and other organizations: "Medair, a Swiss aid group,"
  "group", "charity", "nonprofit", "organization", "organisation",
  "agency", "watchdog", "union", "foundation", "tank", "broadcaster",
  "newspaper", "party", "alliance", "coalition", "association", "institute" }
-- Words of the aside before that noun: "a Toronto-based real estate".
local ASIDE_WORD = tok { any_of = { "word", "digit", "alnum" },
  ["not"] = { "and", "or", "but", "who", "whose", "which", "that", "is",
  "was", "of", "for", "in", "at", "to" } }
-- Parts and shares only a company has: "Candela's chairman", "Orrin's
-- shares".
local COMPANY_PART = tok { "chairman", "shares", "stock", "board",
  "shareholders", "stockholders", "subsidiary", "unit", "division" }
-- Trades whose people are named with their employer.
local WORKERS = { "analyst", "analysts", "economist", "economists",
  "strategist", "strategists", "researcher", "researchers", "scientist",
  "scientists", "fellow", "partner", "banker", "bankers", "trader",
  "traders", "dealer", "dealers", "consultant", "consultants", "lobbyist",
  "engineer", "engineers", "executive", "executives", "manager",
  "managers", "official", "officials", "spokesman", "spokeswoman",
  "spokesperson", "adviser", "advisor" }
-- A name of one to three words whose first is no person's given name.
local NOT_FIRM_NAME = { "GIVEN" }
for _, label in ipairs(NOT_KIND_NAME) do
  NOT_FIRM_NAME[#NOT_FIRM_NAME + 1] = label
end
local FIRM_NAME = seq(alt(
    tok { caps = true, word = true, re = CAPITALIZED_WORD,
      not_label = NOT_FIRM_NAME },
    seq(rep(tok { re = "(?:\\p{Lu}\\.)+" }, 1, 2), KIND_WORD)),
  rep(KIND_WORD, 0, 2))
-- Such a name starts and ends where its capitals do: "Kentucky Fried
-- Chicken" is not "Fried Chicken", "Mr. Verrow" no company; a founder's
-- initials belong to it ("B. Riley Securities", "T. Rowe Price").
local NOT_IN_NAME = { tok { caps = true, word = true } }

local function not_conll(m, doc, settings)
  return settings.convention ~= "conll"
end

-- A town before its state's abbreviation: "of Plantation, Fla.,", "of
-- Plano, TX".
local function not_a_town(m, doc)
  local after = doc:token_text(m.last + 2)
  return not (doc:token_text(m.last + 1) == "," and after and
    (after:find("^%u%l?%l?%l?%l?$") and doc:token_text(m.last + 3) == "." or
     after:find("^%u%.%u%.$") or after:find("^%u%u$")))
end

-- Ends a name before the person's title and name it ends with.
local function before_titled_person(m, doc)
  local person = m.caps.person
  if person and person.last == m.last then
    m.last = person.first - 1
    m["end"] = select(2, doc:token(m.last))
  end
end

-- The action of org.acronym_owner: the span ends before the hyphen.
local function owner_before_hyphen(m, doc, settings)
  if not not_conll(m, doc, settings) then return false end
  m["end"] = m.start + m.text:find("-", 1, true) - 1
end

M.lexicons = {
  { file = "organizations.txt" },
  { file = "org_suffixes.txt" },
  { file = "org_stopwords.txt" },
  { file = "org_clubs.txt" },
  { file = "common_caps.txt" },
  { file = "calendar.txt" },
  { file = "speech_verbs.txt" },
  { file = "places.txt" },
  { file = "demonyms.txt" },
  { file = "currencies.txt" },
  { file = "given_names.txt", label = "GIVEN" },
  { file = "titles.txt", fold = true },  -- as the person pack loads it
}

M.rules = {
  { name = "org.known", label = "ORG", priority = 40,
    pattern = seq(lex "ORG", rep(tok(LEGAL), 0, 2)) },
  -- An unknown acronym inside ordinary text ("the ANSSI regulator"):
  -- two to five capitals, not a place, a sentence starter, a currency
  -- code or a common abbreviation ("GDP", "CEO", "GMT"); lines written
  -- all in capitals (headlines) are left alone.
  { name = "org.acronym", label = "ORG", priority = 15,
    pattern = tok { upper = true, word = true, re = "\\p{Lu}{2,5}",
      not_label = NOT_ACRONYM },
    before = { tok { upper = false } }, after = { tok { upper = false } },
    -- "BONN 1996-08-30": a dateline's place, not an acronym.
    not_after = { tok { digit = true } },
    -- "(NASDAQ: NRVL)": a ticker symbol names a share, not a company.
    not_before = { tok { "NASDAQ", "Nasdaq", "NYSE", "AMEX", "LSE", "TSX",
      "TSXV", "ASX", "OTC", "OTCQX", "OTCQB", "HKEX", "SGX", "NSE", "BSE",
      "TSE", "Euronext", "XETRA", "Xetra", "JSE", "SIX" }, ":" } },
  -- An acronym a name defines in parentheses, "... Interim Force in
  -- Lebanon (UNIFIL)", "... Workers' Party (PKK)": of up to eight
  -- capitals (the rule above stops at five, where headlines' shouting
  -- begins), and found again later in the text.
  { name = "org.acronym_defined", label = "ORG", priority = 15,
    pattern = tok { upper = true, word = true, re = "\\p{Lu}{2,8}",
      not_label = NOT_ACRONYM },
    before = { tok { caps = true, upper = false }, "(" }, after = { ")" },
    action = defines_acronym },
  -- "the NBC-owned station", "an NIH-appointed panel": an acronym before
  -- a hyphen and a word of ownership or backing names an organization
  -- (a country's is no organization: "US-led"). The span ends at the
  -- hyphen, as OntoNotes draws it; CoNLL-2003 leaves the word whole.
  { name = "org.acronym_owner", label = "ORG", priority = 15,
    pattern = tok { caps = true, re = "(?!(?:US|UK|USA|UAE|U\\.S\\.|" ..
      "U\\.K\\.)-)\\p{Lu}[\\p{Lu}&.]{1,5}-(?:owned|based|backed|led|run|" ..
      "controlled|sponsored|appointed|funded|financed|affiliated|" ..
      "compatible|supervised|monitored|brokered|operated|managed)" },
    action = owner_before_hyphen },
  -- The same with a name the list knows: "the Exxon-owned Minera
  -- Disputada", "ByteDance-owned TikTok" (`finish` asks the list; not
  -- reported otherwise).
  { name = "org.known_owner", label = "OWNER", priority = 15,
    pattern = tok { caps = true, re = "\\p{Lu}[\\p{L}&.]+-(?:owned|backed|" ..
      "controlled|sponsored|funded|financed|affiliated|operated|managed)" },
    action = owner_before_hyphen },
  -- "University of Lagos", "Ministry of Agriculture", "National Bank of
  -- Poland".
  { name = "org.head", label = "ORG", priority = 30,
    pattern = seq(opt(HEAD_PREFIX), lex "ORG_HEAD", opt(tok { "the" }),
      body(alt(TITLED_PERSON, NEXT_WORD))),
    not_after = NOT_CUT, action = before_titled_person },
  -- "Meridian Logistics Inc.", "Halden & Price LLP", "Bear Stearns & Co
  -- Inc", "Orrin Tools, Inc." (a comma only before a legal form).
  -- A subsidiary's country or region may stand in parentheses before its
  -- legal form: "Baring Securities (Hong Kong) Ltd", "Hudbay Oil
  -- (Indonesia) Ltd.".
  { name = "org.legal_form", label = "ORG", priority = 30,
    pattern = seq(CO_BODY,
      opt(seq(tok { "(" }, rep(tok { caps = true }, 1, 3), tok { ")" },
        rep(CO_WORD, 0, 2))),
      -- (a trade word right after the "&": "Kim & Associates"; a
      -- Chinese company's "Co., Ltd.")
      alt(seq(opt(tok { "&" }), rep(lex "CORP_SUFFIX", 1, 2),
          opt(seq(tok { "," }, tok { "Ltd", "Ltd.", "Limited" }))),
        seq(tok { "," }, tok(LEGAL)))) },
  -- "of" inside a company's name, before a place or "the" and the legal
  -- form: "First of Michigan Corp.", "Gold Fields of South Africa Ltd",
  -- "Fruit of the Loom Inc." Not after a given name, nor before a trade
  -- word: "Jane Roe of Acme Inc.", "Tom Hale of Texas Instruments Inc."
  -- are a person and a company.
  { name = "org.legal_form_of", label = "ORG", priority = 30,
    pattern = seq(alt(tok(OPENERS), tok { caps = true, word = true,
        not_re = MODIFIER, not_label = { "ORG_STOP", "STOPCAP", "DAY", "MONTH",
          "SPEECH_VERB", "GIVEN", "TITLE", "HONORIFIC" } }),
      rep(CO_WORD, 0, 2), tok { "of" },
      alt(seq(tok { "the" }, CO_WORD), lex "COUNTRY", lex "STATE",
        lex "CITY"),
      opt(tok { "," }), tok(LEGAL)) },
  -- Two names joined by "&" name a firm ("Young & Rubicam", "Harlan &
  -- Voss"), unless they are places ("Trinidad & Tobago").
  { name = "org.ampersand", label = "ORG", priority = 18,
    pattern = seq(AMP_WORD, tok { "&" }, AMP_WORD) },
  -- Partnerships named after their partners, with commas: "Goldman, Sachs
  -- & Co.", "Piper, Jaffray & Hopwood Inc" (a first partner of two
  -- words, "Smith Barney, Harris Upham & Co.", is taken in `finish`: an
  -- optional word at every capital would cost the scan). The "&" is
  -- required, so that a list ("Alder, Birch Corp.") is not one name.
  { name = "org.partnership", label = "ORG", priority = 30,
    pattern = seq(CO_FIRST, rep(seq(tok { "," }, PARTNER, opt(CO_WORD)), 1, 3),
      alt(seq(tok { "&" }, CO_WORD, rep(CO_WORD, 0, 2),
        rep(lex "CORP_SUFFIX", 0, 2)), rep(lex "CORP_SUFFIX", 1, 2))),
    not_before = { tok { label = "ORG" }, "," },
    -- (an "&" of its own: not the one inside "S&P")
    action = function(m) return m.text:find(" & ", 1, true) ~= nil end },
  -- "Blue Water Alliance", "Foreign Ministry", "Test and County Cricket
  -- Board", "National Union of Public Employees". A generic noun alone
  -- ("Police", "Division") is not a name, and "and" does not join two
  -- names ("Harvard University and Boston University"). Above a person's
  -- full name of the same words: "Mary Lyon College" is a college.
  { name = "org.generic_noun", label = "ORG", priority = 22,
    pattern = GENERIC },
  -- The same with two names before the noun ("Test and County Cricket
  -- Board"), but not where the first of them ends a head's name: in
  -- "University of Varnholt and Larsby University", "and" joins two;
  -- nor where it ends a known name ("Amnesty International and Human
  -- Rights Watch") or follows a given name: in "Minister Joel Kip and
  -- City Council Member Ida Lund", "Kip and City Council" is no name.
  { name = "org.generic_noun_pair", label = "ORG", priority = 22,
    pattern = seq(PAIR_PART, tok { "and", "&" }, GENERIC),
    not_before = { tok { label = { "ORG_HEAD", "ORG", "GIVEN" } } } },
  -- Stock indexes named after their publisher ("S&P 500", "FTSE 100",
  -- "Dow Jones Industrial Average") are not the publisher. Not reported.
  { name = "org.stock_index", label = "INDEX", priority = 35,
    pattern = alt(
      seq(alt(tok { "FTSE", "Nikkei", "Russell", "CAC", "DAX", "Stoxx",
        "STOXX", "Wilshire", "Nasdaq", "TOPIX", "Topix" }, "S&P",
        "Hang Seng"),
        tok { re = "[0-9]{2,4}(-stock)?" }),
      seq("Dow", opt("Jones"), tok { "Industrial", "Industrials",
        "Transportation", "Utility", "Utilities", "Composite" },
        opt(tok { "Average", "Index" }))) },
  -- A match's result with its score, "beat Arsenal 3-1", "drew 1-1"
  -- (not tennis's sets, "6-3 6-4"): the org stage reads a report of one
  -- as a sports report, where clubs go by their towns. Not reported.
  { name = "org.match_result", label = "RESULT", priority = 1,
    pattern = seq(cap("verb", R.word("beat", "beats", "defeated", "drew",
      "thrashed", "routed", "edged", "crushed", "hammered")),
      rep(alt(tok { caps = true }, "the"), 0, 4), SCORE, "-", SCORE),
    span = "verb",
    not_after = { tok { re = "[0-9]{1,2}|," }, tok { re = "[0-9]{1,2}|-" } } },
  -- "the Dow" alone: the Dow Jones average (OntoNotes marks it as an
  -- organization, finish says so in that convention).
  { name = "org.the_dow", label = "INDEX", priority = 35,
    pattern = tok { "Dow" }, before = { tok { "the", "The" } },
    not_after = { tok { "Jones", "Chemical", "Corning" } } },
  -- "the House" alone is the legislature's lower chamber ("the House
  -- voted", "the House's bill"); longer names ("House of Commons",
  -- "House Ways and Means Committee") come from other rules.
  { name = "org.the_house", label = "ORG", priority = 20,
    pattern = tok { "House" }, before = { tok { "the", "The" } },
    not_after = { tok { caps = true } } },
  -- "House" before what belongs to the chamber: "House aides", "a House
  -- subcommittee", "House Majority Whip Tom Foley". Not after a
  -- capitalized word ("White House", "Random House") but an article.
  { name = "org.house_modifier", label = "ORG", priority = 20,
    pattern = tok { "House" },
    not_before = { tok { caps = true, ["not"] = { "A", "The", "Another" } } },
    after = { tok { "aide", "aides", "floor", "subcommittee", "committee",
      "panel", "bill", "bills", "vote", "debate", "conferees", "negotiators",
      "leaders", "leadership", "members", "member", "version", "passage",
      "approval", "hearing", "hearings", "Speaker", "Majority", "Minority",
      "Republicans", "Democrats", "Republican", "Democratic" } } },
  -- A United States department named by its field before its secretary
  -- or officials ("Treasury Secretary Nicholas Brady", "Labor
  -- officials") and in "Secretary of State": OntoNotes marks the field as
  -- the department; CoNLL-2003 does not.
  { name = "org.department_field", label = "ORG", priority = 20,
    pattern = tok(DEPARTMENT_FIELDS),
    after = { tok { "Secretary", "secretary", "Undersecretary",
      "undersecretary", "officials", "official", "spokesman",
      "spokeswoman" } },
    -- another country's ministry: "Indian Commerce Secretary"
    not_before = { tok { label = { "DEMONYM", "COUNTRY" },
      ["not"] = { "U.S.", "US", "American", "USA" } } },
    action = not_conll },
  { name = "org.secretary_of", label = "ORG", priority = 20,
    pattern = seq(tok { "Secretary", "secretary" }, "of",
      cap("field", alt(tok(DEPARTMENT_FIELDS), tok { "State" }))),
    span = "field", action = not_conll },
  -- A name right after the kind of organization it is: "the official
  -- newspaper Granma", "French first division side Nice", "mineral water
  -- firm Multico", "the pressure group Human Rights in China".
  { name = "org.kind_then_name", label = "ORG", priority = 18,
    pattern = seq(tok(KINDS), cap("name", seq(KIND_FIRST,
      rep(alt(KIND_WORD, seq(tok { "of", "for", "in", "&", "de", "du",
        "la", "al" }, KIND_WORD)), 0, 4)))),
    span = "name" },
  -- A name the aside after it calls a company: "Candela, a maker of
  -- medical lasers", "Orrin, the Ohio retailer,".
  { name = "org.company_aside", label = "ORG", priority = 16,
    pattern = seq(cap("name", FIRM_NAME), ",", tok { "a", "an", "the" },
      rep(ASIDE_WORD, 0, 4), COMPANY_NOUN),
    after = { tok { "of", "in", "that", "which", "based", "with", "whose",
      "owned", "controlled", "headquartered", "for", "and", ",", ".", ";",
      ":", ")" } },
    not_before = NOT_IN_NAME, span = "name" },
  -- A name an aside says is based somewhere: "Bailey Controls, based
  -- in Wickliffe, Ohio," "Pacific Sierra, based in Los Angeles," (a
  -- place opens a name of two words or more; a person named so is the
  -- person rules': they rank higher).
  { name = "org.based_in", label = "ORG", priority = 16,
    pattern = seq(cap("name", alt(
      seq(tok { caps = true, word = true, not_label = NOT_KIND_NAME,
        re = CAPITALIZED_WORD }, rep(KIND_WORD, 0, 3)),
      seq(tok { caps = true, word = true, re = CAPITALIZED_WORD },
        rep(KIND_WORD, 1, 3)))), ",", "based", "in"),
    not_before = NOT_IN_NAME, span = "name" },
  -- A name after the place it is based in: "Ohio-based KeyCorp",
  -- "Atlanta-based Life of Georgia" (not "a London-based analyst").
  { name = "org.place_based", label = "ORG", priority = 16,
    pattern = seq(tok { hyphen = true, re = "\\S+-based" }, cap("name", seq(
      tok { caps = true, word = true, re = CAPITALIZED_WORD },
      rep(alt(KIND_WORD, seq(tok { "of", "&" }, KIND_WORD)), 0, 3)))),
    not_after = NOT_IN_NAME, span = "name" },
  -- A book's publisher in a review: "(Kodansha, 320 pages, $18.95)".
  { name = "org.publisher", label = "ORG", priority = 16,
    pattern = seq(tok { caps = true, word = true, re = CAPITALIZED_WORD },
      rep(KIND_WORD, 0, 2)),
    before = { "(" }, after = { ",", tok { digit = true }, "pages" } },
  -- Where someone of a trade works: "an analyst at Bernstein", "a
  -- strategist with Pantheon Macroeconomics". (Not at a place: "a
  -- researcher at Kyoto"; nor with a person: "a lawyer with John Reid".)
  { name = "org.workplace", label = "ORG", priority = 16,
    pattern = seq(tok(WORKERS), tok { "at", "with" }, cap("name", FIRM_NAME)),
    not_after = NOT_IN_NAME, span = "name" },
  -- Where a person named in full works: "Ingo Becker of Kepler
  -- Cheuvreux" (not a place: "Ana Ruiz of Madrid", "Al Roe of Plantation,
  -- Fla."; nor part of a longer name: "... of Professional Photographers
  -- of America").
  { name = "org.person_of", label = "ORG", priority = 16,
    pattern = seq(lex "GIVEN", tok { caps = true, word = true,
      not_label = NOT_FIRM_NAME }, "of", cap("name", FIRM_NAME)),
    not_after = { tok { re = "of|\\p{Lu}[\\p{L}'&-]*" } },
    span = "name", action = not_a_town },
  -- A name whose chairman, board or shares the text speaks of:
  -- "Candela's chairman", "shares of Orrin".
  { name = "org.company_part", label = "ORG", priority = 16,
    pattern = seq(cap("name", FIRM_NAME), tok { "'s", "\226\128\153s" },
      COMPANY_PART),
    not_before = NOT_IN_NAME, span = "name" },
  { name = "org.shares_of", label = "ORG", priority = 16,
    pattern = seq(tok { "shares", "Shares" }, "of", cap("name", FIRM_NAME)),
    not_after = NOT_IN_NAME, span = "name" },
  -- Baseball's runs batted in, not the Reserve Bank of India: "three
  -- RBI", "121 RBI", "an RBI double". Not reported.
  { name = "org.rbi_count", label = "STAT", priority = 45,
    pattern = tok { "RBI", "RBIs" },
    before = { tok { re = "[0-9]+|one|two|three|four|five|six|seven|eight|"
      .. "nine|ten|career-high|season-high" } } },
  { name = "org.rbi_hit", label = "STAT", priority = 45,
    pattern = tok { "RBI" },
    after = { tok { "single", "double", "triple", "groundout", "grounder",
      "sacrifice", "fly", "homer", "hit", "singles", "doubles" } } },
  -- A noun after a capitalized word that may say the word names an
  -- organization ("Garbage magazine", "the Machinists union", "its Ilford
  -- division", "the Younkers chain"): `finish` reads the name before it.
  -- Not reported.
  { name = "org.kind_noun", label = "ORG_KIND", priority = 1,
    pattern = tok { "newspaper", "newspapers", "magazine", "union", "unit",
      "division", "subsidiary", "chain" },
    before = { tok { caps = true, word = true } } },
  -- Competitions named after a body or a sponsor ("UEFA Cup", "Fed Cup",
  -- "Acme Open", "Davis Cup") are events. Not reported.
  { name = "org.event", label = "EVENT", priority = 45,
    pattern = seq(alt(lex "ORG", lex "ORG_AMBIGUOUS", tok { upper = true,
      word = true, re = "\\p{Lu}{2,6}" }), alt(tok { "Cup", "Open",
      "Trophy", "Championship", "Championships", "Classic", "Invitational",
      "Games", "Prize", "Award", "Awards" }, seq("Grand", "Prix"))) },
  -- Games named after a place or a people ("the Atlanta Games", "the
  -- Asian Games", "the Olympic Games") are events too: "Games" also ends
  -- companies' names ("Epic Games").
  { name = "org.games", label = "EVENT", priority = 45,
    pattern = seq(alt(lex "CITY", lex "CITY_AMBIGUOUS", lex "COUNTRY",
      lex "REGION", lex "DEMONYM", tok { "Olympic", "Paralympic",
        "Commonwealth", "Winter", "Summer", "Youth", "Goodwill" }),
      "Games") },
  -- Holidays named after a body ("Labour Day", "Armed Forces Day") are
  -- dates. Not reported.
  { name = "org.holiday", label = "DATE", priority = 25,
    pattern = lex "HOLIDAY" },
  -- Places take part in resolving overlaps, so that "Soviet Union" (a
  -- place ending in an organization word) stays a place, but a person
  -- after a title ("Mr. Jordan") stays a person. Not reported.
  { name = "org.place", label = "LOC", priority = 25,
    pattern = alt(lex "COUNTRY", lex "CITY", lex "STATE", lex "REGION") },
  -- A town or county that names a club in sports reports ("Surrey",
  -- "Leeds"): a place like the others, until `finish` finds that the
  -- document reports a team sport.
  { name = "org.club_town", label = "LOC", priority = 25,
    pattern = lex "CLUB_TOWN" },
  -- A club named by a prefix and its town: "Dynamo Kiev", "Werder
  -- Bremen", "Real Madrid" (without it, the town alone would be the club
  -- or a place).
  { name = "org.club_prefix", label = "ORG", priority = 32,
    pattern = seq(cap("prefix", alt(lex "CLUB_PREFIX",
      lex "CLUB_PREFIX_AMBIGUOUS")), alt(lex "CITY", lex "CITY_AMBIGUOUS",
      lex "CLUB_TOWN")) },
  -- A standings row: club, then figures to the end of the line
  -- ("Riverton 3 1 0 6 1 10", "NEW YORK 74 59 .556 -").
  { name = "org.team_row", label = "ORG", priority = 32,
    pattern = seq(cap("team", LINE_TEAM), SCORE, SCORE,
      cap("tail", plus(FIGURE))),
    span = "team", action = ends_line },
  -- A result line: "Riverton 3 Lakeside 1 (halftime 1-0)".
  { name = "org.team_result_home", label = "ORG", priority = 32,
    pattern = seq(cap("team", LINE_TEAM), SCORE, TEAM, SCORE),
    span = "team" },
  { name = "org.team_result_away", label = "ORG", priority = 32,
    pattern = seq(LINE_TEAM, SCORE, cap("team", TEAM), SCORE),
    span = "team" },
  -- A rider's team right after the country in a results row, before a
  -- time or the line's end: "1. Ivo Marsh (Germany) Telekom 4 hours" (not
  -- after a comma: "Ana Ruiz (Spain), Eva Lund (Italy)" is a relay team).
  { name = "org.team_after_nation", label = "ORG", priority = 32,
    pattern = cap("team", TEAM),
    before = { tok { label = { "COUNTRY", "DEMONYM", "STATE" } }, ")" },
    after = { tok { any_of = { "digit", "punct", "line_start" } } },
    span = "team" },
  -- A fixture line: "RIVERTON AT LAKESIDE" (the second name is where the
  -- game is played, a place).
  { name = "org.team_fixture", label = "ORG", priority = 32,
    pattern = seq(cap("team", LINE_TEAM), tok { "AT", "at", "v", "vs", "vs." },
      cap("tail", TEAM)),
    span = "team", action = ends_line },
}

-- After the rules: short names, clubs again, span conventions.
M.finish = require("glean.org_names").finisher { legal = LEGAL,
  openers = OPENERS }

return M
