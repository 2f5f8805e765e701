-- person.lua — people: "US President Donald Trump", "Mr. Obama",
-- "Dr. Ngozi Okonjo-Iweala", "Ingrid van der Berg", "Strayer", "J. Smith",
-- and the rows of sports reports: "1. Ana Ruiz (Spain) 2:10",
-- "4 - Youri Djorkaeff", "c Healy b Fleming 44".
--
-- Spans follow the CoNLL-2003 / OntoNotes convention: the name only, without
-- honorific, title or possessive; the title goes into the `title` field.
-- (OntoNotes puts the "'s" into a name of two words or more, "Richard
-- Nixon's", twice as often as not: glean.new{ convention = "ontonotes" }
-- does so.)
-- Every person carries `id` and `canonical` (see glean.names), and later
-- bare mentions of a surname join the cluster of the full name (of the
-- family name in East Asian order: "Deng Xiaoping" ... "Deng").

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local R = require "glean.rules"
local names = require "glean.names"
local people_lists = require "glean.people_lists"
local possessive_end = require("glean.spans").possessive_end

local tok, seq, alt, opt, star, plus, rep, cap, lex =
  R.tok, R.seq, R.alt, R.opt, R.star, R.plus, R.rep, R.cap, R.lex
local byte = string.byte

-- Capitalized words that cannot be part of a name: places, days, months,
-- sentence starters, titles, organization words.
local NOT_NAME = { "STOPCAP", "COUNTRY", "STATE", "CITY", "REGION", "DEMONYM",
  "DAY", "MONTH", "HOLIDAY", "HONORIFIC", "TITLE", "CORP_SUFFIX", "ORG_WORD",
  "SPEECH_VERB", "CUR_CODE", "CUR_WORD", "PLACE_NOUN" }

-- A word of a name: capitalized, not in any of the lists above. Words in
-- capitals are left out: a headline in capitals ("LEAGUE STANDINGS AFTER
-- FRIDAY") gives no evidence, and its names are found again later as
-- mentions of names seen in the text.
local NAME_WORD = tok { caps = true, word = true, upper = false,
  not_label = NOT_NAME }
-- A name never runs over a line break: in lists and bylines the next line
-- ("Willie\nWood", "Brad Dorfman\nCHICAGO") starts something else.
local NEXT_NAME_WORD = tok { caps = true, word = true, upper = false,
  not_label = NOT_NAME, line_start = false }
-- A surname may follow a known given name even when it is also a place
-- ("Jack London") or a common word ("Will Smith"), but not a place's
-- noun ("Marion County").
local SURNAME = tok { caps = true, word = true, upper = false,
  line_start = false,
  not_label = { "STOPCAP", "SPEECH_VERB", "DAY", "MONTH", "PLACE_NOUN" } }
-- A surname with its article: Arabic "al-Fayed", "el-Baz", "Al-Sabah",
-- French and Italian "d'Estaing", "dell'Orto". It starts in lower case,
-- so the tests above never take it.
local ARTICLE_SURNAME = tok { line_start = false,
  re = "(?:(?:[Aa][lnrstdz]|[Ee]l|[Aa]sh)-|(?:d|dell)(?:'|\226\128\153))" ..
    "\\p{Lu}[\\p{L}'-]*" }
-- (caps = true says again what the regex says: the scan then rules most
-- tokens out by their flags, without running the regex on them.)
local INITIAL = tok { caps = true, re = "\\p{Lu}\\." }
local PARTICLE = lex "PARTICLE"
local GIVEN = lex "GIVEN"
local SUFFIX = tok { "Jr.", "Jr", "Sr.", "II", "III", "IV", "V", "VI" }
-- Initials written together: "J.P.", "C.J.B.". Only where other evidence
-- says a person is named, since "U.S." looks the same.
local JOINED_INITIALS = tok { caps = true, re = "(\\p{Lu}\\.){2,3}" }

-- A second particle and name after the surname: Arabic names chain a
-- father's name and a family's ("Mohammed bin Rashid Al Maktoum", "Zine
-- al-Abidine Ben Ali"), Spanish ones two surnames ("Sainz de Vicuña").
local CHAINED = opt(seq(PARTICLE, SURNAME))
-- Given name(s), middle initials ("George H.W. Bush"), particles,
-- surname ("Mohammed al-Fayed", "Zayed bin Sultan al-Nahayan"), suffix.
local FULL_NAME = seq(GIVEN,
  rep(alt(GIVEN, INITIAL, JOINED_INITIALS, NEXT_NAME_WORD), 0, 2),
  star(PARTICLE), alt(seq(SURNAME, rep(ARTICLE_SURNAME, 0, 2)),
    rep(ARTICLE_SURNAME, 1, 3)),
  CHAINED, opt(SUFFIX))
-- Any name after a title: one to four name words, particles inside.
-- Its last word is not a company's trade word: "consultant Hewitt
-- Associates", "analyst Hay Group" name firms.
local TITLED_SURNAME = tok { caps = true, word = true, upper = false,
  line_start = false, not_label = { "STOPCAP", "SPEECH_VERB", "DAY", "MONTH",
    "CORP_SUFFIX", "PLACE_NOUN" } }
local TITLED_NAME = seq(alt(GIVEN, NAME_WORD, JOINED_INITIALS),
  rep(alt(NEXT_NAME_WORD, INITIAL), 0, 2), star(PARTICLE),
  opt(alt(TITLED_SURNAME, NEXT_NAME_WORD)), rep(ARTICLE_SURNAME, 0, 3),
  CHAINED, opt(SUFFIX))
-- A surname with its particle: "Mr. Van de Kamp", "Mr. van Dover" (the
-- lexicon gives "Van de" as one particle, so the name above stops at it).
-- After a title, "He" is the Chinese family name: "Vice Premier He
-- Lifeng" (elsewhere "He Peng" may be a sentence; see family_names.txt).
TITLED_NAME = alt(seq(PARTICLE, SURNAME, opt(SUFFIX)),
  seq(tok { "He" }, NEXT_NAME_WORD), TITLED_NAME)
-- After "Mr." or "Mrs." any capitalized word is a name, even a town's
-- ("Mr. Oxnard") or a company's ("Mr. Gartner").
local ADDRESS_WORDS = { "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Messrs.",
  "Dr.", "Mme", "Mme." }
local ADDRESS = tok(ADDRESS_WORDS)
local ADDRESSED_NAME = alt(TITLED_NAME,
  seq(tok { caps = true, word = true, upper = false,
    not_label = { "STOPCAP", "SPEECH_VERB", "DAY", "MONTH", "TITLE",
      "HONORIFIC" } }, opt(SUFFIX)))
-- A name of unknown words: two or three of them ("Alpay Ozalan").
local PLAIN_NAME = seq(alt(NAME_WORD, JOINED_INITIALS), star(PARTICLE),
  rep(NEXT_NAME_WORD, 1, 2))
-- Initials before a surname: "J. Smith", "M. A. Khan", "P. de Silva",
-- "T. Boone Pickens Jr.". The surname must not be a place: "N. Korea".
local INITIALS_NAME = seq(plus(INITIAL), star(PARTICLE), NEXT_NAME_WORD,
  opt(NEXT_NAME_WORD), opt(SUFFIX))
-- A given name we do not know, then initials: "Mortimer B. Zuckerman".
local NEXT_INITIAL = tok { re = "\\p{Lu}\\.", line_start = false }
local NAME_INITIALS_NAME = seq(NAME_WORD, plus(NEXT_INITIAL), star(PARTICLE),
  NEXT_NAME_WORD, opt(SUFFIX))
-- East Asian order, family name first: "Deng Xiaoping", "Roh Tae-woo"
-- (lists/family_names.txt; "Kim" and "Lee" are given names there too).
-- The given name is a listed one or has the shape of one or two pinyin
-- syllables ("Jingsheng", "Donghai"), which English words rarely have.
local PINYIN_FINAL = "(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|" ..
  "ai|an|ao|ei|en|ia|ie|in|iu|ou|ua|ue|ui|un|uo|a|e|i|o|u)"
local PINYIN_GIVEN = tok { line_start = false,
  re = "(?:[ZCS]h|[BPMFDTNLGKHJQXRZCSYW])" .. PINYIN_FINAL ..
    "(?:(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])" .. PINYIN_FINAL .. ")?" }
-- Korean given names, and Chinese ones in Wade-Giles, are two syllables
-- joined by a hyphen: "Young-hoon", "Geun-hye", "Tse-tung" (not a
-- modifier: "Kong-based").
local HYPHEN_GIVEN = tok { line_start = false,
  re = "\\p{Lu}[a-z]{1,5}-(?!(?:based|born|owned|run|led|backed|made|" ..
    "style|era|wide|level|listed)$)[A-Za-z][a-z]{1,5}" }
-- Korean family names that are English words or given names elsewhere
-- (and so not in the list): only before such a given name.
local KOREAN_FAMILY = R.word("Kim", "Lee", "Park", "Jung", "Jeong", "Moon",
  "Song", "Ahn", "Jang", "Oh", "Yoo", "Nam", "Seo", "Baek", "Jeon",
  "Ko", "Cha", "Min", "Ryu", "Noh", "Bae", "Jo", "Yang")
-- A given name of two words stays whole: "Goh Chok Tong".
local FAMILY_FIRST = alt(
  seq(lex "FAMILY", alt(GIVEN, PINYIN_GIVEN, HYPHEN_GIVEN),
    opt(alt(GIVEN, PINYIN_GIVEN))),
  seq(KOREAN_FAMILY, HYPHEN_GIVEN))
-- Vietnamese names: a common family name, then one to three syllables
-- ("Nguyen Phu Trong", "Pham Minh Chinh"). Later mentions use the last
-- ("Trong said"), so they get a rule of their own (family_first makes the
-- family name the one found again).
local VIET_FAMILY = R.word("Nguyen", "Nguyễn", "Tran", "Trần", "Pham", "Phạm",
  "Hoang", "Hoàng", "Huynh", "Huỳnh", "Phan", "Dang", "Đặng", "Bui", "Bùi",
  "Ngo", "Ngô", "Duong", "Dương", "Truong", "Trương", "Dinh", "Đinh", "Doan",
  "Đoàn", "Trinh", "Trịnh", "Vo", "Võ")
local VIET_SYLLABLE = tok { line_start = false, caps = true,
  re = "\\p{Lu}\\p{Ll}{1,5}", not_label = { "STOPCAP", "SPEECH_VERB",
    "DAY", "MONTH", "COUNTRY", "CITY", "STATE", "REGION", "ORG_WORD",
    "PLACE_NOUN", "TITLE", "CORP_SUFFIX" } }
local VIET_NAME = seq(VIET_FAMILY, rep(VIET_SYLLABLE, 1, 3))
-- The Western order, as the press abroad writes Chinese names: "Wannian
-- Zhang", "Xiaoyan Liu". The given name has two pinyin syllables (one,
-- "Bo", "Ping", is too often a word) and is no place ("Shanghai").
local PINYIN_GIVEN2 = tok { caps = true, word = true,
  re = "(?:[ZCS]h|[BPMFDTNLGKHJQXRZCSYW])" .. PINYIN_FINAL ..
    "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])" .. PINYIN_FINAL,
  not_label = { "COUNTRY", "CITY", "STATE", "REGION", "STOPCAP" } }
local GIVEN_FAMILY = seq(PINYIN_GIVEN2, lex "FAMILY")
-- The first word of a name opening a line: "Moin Khan", "N. Knight".
local LINE_WORD = tok { caps = true, word = true, upper = false,
  line_start = true, not_label = NOT_NAME }
local LINE_FIRST = alt(LINE_WORD,
  tok { caps = true, re = "\\p{Lu}\\.", line_start = true })
-- A surname alone, or after initials, as scorecards write it.
local SHORT_NAME = alt(INITIALS_NAME, NAME_WORD)
-- Numbers are split at "-" and before "th": "6-0-27-0", "(61st)".
local DIGITS = tok { digit = true }
-- A golfer's score for a round: 60 to 89; ROUND_AT_LINE_START opens a
-- leaderboard's line.
local ROUND_RE = "[6-8][0-9]"
local ROUND = tok { digit = true, re = ROUND_RE }
local ROUND_AT_LINE_START = tok { line_start = true, digit = true,
  re = ROUND_RE }
-- Where a sports row names a person's country: "(Kenya)", "(U.S.)".
local NATION = tok { label = { "COUNTRY", "DEMONYM", "STATE", "REGION" } }
-- What may stand before a title: "US", "Canadian", "French", "former".
local TITLE_MODIFIER = alt(lex "COUNTRY", lex "DEMONYM",
  tok { "former", "Former", "acting", "Acting", "then", "deputy", "Deputy" })
-- (Not "Mr." and the like alone: person.addressed reads those, and the
-- same match twice would cost a conversion.)
local TITLE = seq(opt(cap("modifier", rep(TITLE_MODIFIER, 1, 2))),
  plus(alt(lex "TITLE", tok { label = "HONORIFIC", ["not"] = ADDRESS_WORDS })))

-- What a person has and an organization has not: "Clinton's wife",
-- "Yeltsin's aides", "Dole's campaign manager". ("Acme's spokesman" may be
-- a company's, so offices are not among them.)
local POSSESSIVE = tok { "'s", "\226\128\153s" }
local KIN_OR_AIDE = tok { "wife", "husband", "widow", "son", "sons",
  "daughter", "daughters", "brother", "sister", "father", "mother",
  "family", "aide", "aides", "lawyer", "lawyers", "attorney", "attorneys",
  "bodyguard", "bodyguards", "campaign", "biographer",
  "girlfriend", "boyfriend", "fiancee", "fiance", "doctors", "physician",
  "supporters", "opponents", "successor", "predecessor", "presidency",
  "premiership", "government", "administration", "cabinet", "coalition",
  "assassination", "funeral", "resignation", "re-election", "children",
  "grandson", "granddaughter", "parents", "nephew", "niece", "cousin",
  "uncle", "aunt", "ex-wife", "ex-husband", "stepson", "stepdaughter",
  "widower", "memoir", "memoirs", "autobiography", "birthday", "wedding",
  "divorce", "impeachment", "inauguration" }

-- A letter's signature on one line, "Ruth K. Nelson Cullowhee, N.C.":
-- a name of three words or more, then a comma and a state that ends the
-- line, ends with the writer's town, which is no part of the name. (Not
-- "Eugene Felten, La Canada, Calif.": there the comma follows the name.)
local function is_state(lexicon, word)
  local found = lexicon:lookup(word)
  return found.STATE or found.STATE_AMBIGUOUS
end

local function drop_signature_towns(ctx)
  local doc, text = ctx.doc, ctx.text
  local lexicon, n = ctx.extractor.lexicon, nil
  local spans = ctx.spans
  for i = 1, #spans do
    local m = spans[i]
    -- (the cheap tests first: most names are of two words and have no
    -- comma right after them)
    local last = m.label == "PERSON" and m.last
    if last and last - m.first >= 2 and byte(text, m["end"] + 1) == 44 then
      n = n or doc:ntokens()
      local st = m.last + 2
      -- "Mass." ending a text is "Mass" and the sentence's "."
      local w, after = doc:token_text(st) or "", st + 1
      local state = is_state(lexicon, w)
      if not state and doc:token_text(after) == "." then
        state, after = is_state(lexicon, w .. "."), after + 1
      end
      if state and (after > n or doc:has(after, "LINE_START")) then
        m.last = m.last - 1
        m["end"] = select(2, doc:token(m.last))
        m.text = text:sub(m.start + 1, m["end"])
      end
    end
  end
end

-- OntoNotes spans: the "'s" after a name of two words or more belongs
-- to it ("Richard Nixon's"), unless a span starts there.
local function possessive_into(ctx)
  local text, spans = ctx.text, ctx.spans
  for i = 1, #spans do
    local m = spans[i]
    if m.label == "PERSON" and m.text:find("%s") then
      local stop = possessive_end(text, m["end"],
        spans[i + 1] and spans[i + 1].start or #text)
      if stop then
        m["end"], m.text = stop, text:sub(m.start + 1, stop)
        m.last = ctx.doc:token_at(stop - 1)
      end
    end
  end
end

-- The title is the person's; a place right after a name's "of" ends
-- that name ("Bank of England Governor Andrew Bailey": "Governor"; but
-- "the ouster of Haitian President Aristide").
local function set_title(m, doc)
  local title, modifier = m.caps.title, m.caps.modifier
  if not title then return end
  m.title = title.text
  if modifier and modifier.first > 2 and
      doc:token_text(modifier.first - 1) == "of" and
      doc:has(modifier.first - 2, "CAP") then
    m.title = title.text:sub(modifier["end"] - title.start + 1):match("^%s*(.*)")
  end
end

return {
  name = "person",
  lexicons = {
    { file = "given_names.txt", label = "GIVEN" },
    { file = "surname_particles.txt", label = "PARTICLE" },
    { file = "family_names.txt", label = "FAMILY" },
    { file = "well_known_people.txt", label = "WELL_KNOWN" },
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
    -- A nickname in quotation marks after a given name: 'Roberto "Hands
    -- of Stone" Duran', 'Hector "Macho" Camacho'. (The match starts at
    -- the mark, which few tokens are, and the action takes the given
    -- name in: a rule starting at every given name would cost the scan.)
    { name = "person.nickname", label = "PERSON", priority = 32,
      pattern = seq(tok { open_quote = true }, tok { caps = true, word = true },
        rep(tok { word = true }, 0, 3), tok { close_quote = true },
        NEXT_NAME_WORD),
      before = { tok { label = "GIVEN" } },
      action = function(m, doc)
        m.first = m.first - 1
        m.start = doc:token(m.first)
      end },
    -- A monarch's or a pope's number: "Queen Elizabeth I", "King
    -- Baudouin I" ("I" is a pronoun after any other name).
    { name = "person.regnal", label = "PERSON", priority = 31,
      pattern = seq(cap("title", tok { "King", "Queen", "Pope", "Emperor",
        "Empress", "Tsar", "Czar", "Tsarina", "Kaiser", "Sultan", "Shah",
        "Pharaoh", "Prince", "Princess" }), cap("name", seq(NAME_WORD,
        tok { "I" }))),
      span = "name", action = set_title },
    -- Above a listed organization or place of the same words.
    { name = "person.addressed", label = "PERSON", priority = 45,
      pattern = seq(cap("title", ADDRESS), cap("name", ADDRESSED_NAME)),
      span = "name", action = set_title },
    -- "the Reagan administration", "a Clinton presidency": the word
    -- before names the person who leads. One capitalized word after a
    -- determiner, not a place, a people, an organization or a sentence
    -- word ("the Texas administration", "the Labour administration").
    -- (The rule starts on the noun, a rare word, and its action moves
    -- the span onto the name before it.)
    { name = "person.leader", label = "PERSON", priority = 20,
      pattern = tok { "administration", "administrations", "presidency" },
      before = { tok { "the", "The", "a", "A", "an", "An" },
        tok { caps = true, word = true, upper = false,
          not_label = { "STOPCAP", "COUNTRY", "STATE", "CITY", "REGION",
            "DEMONYM", "ORG", "ORG_WORD", "CORP_SUFFIX", "TITLE",
            "HONORIFIC", "DAY", "MONTH", "COUNTRY_AMBIGUOUS",
            "STATE_AMBIGUOUS", "CITY_AMBIGUOUS" } } },
      action = function(m, doc)
        local i = m.first - 1
        local start, stop = doc:token(i)
        m.start, m["end"], m.first, m.last = start, stop, i, i
        m.text = doc:token_text(i)
      end },
    { name = "person.full_name", label = "PERSON", priority = 20,
      pattern = cap("name", FULL_NAME), span = "name" },
    { name = "person.family_first", label = "PERSON", priority = 20,
      pattern = FAMILY_FIRST },
    { name = "person.given_family", label = "PERSON", priority = 20,
      pattern = GIVEN_FAMILY },
    { name = "person.vietnamese", label = "PERSON", priority = 20,
      pattern = VIET_NAME },
    -- A well-known leader named by the surname alone, as news does:
    -- "Dole said", "talks with Mubarak" (lists/well_known_people.txt);
    -- not a word of a longer name ("Clinton Foundation", "Santa Cruz").
    { name = "person.well_known", label = "PERSON", priority = 10,
      pattern = lex "WELL_KNOWN",
      not_before = { tok { caps = true, word = true } },
      not_after = { tok { caps = true, word = true } } },
    -- Two or three name words right before a speech verb: "Okonjo-Iweala
    -- Adeyemi said".
    { name = "person.speaker", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME,
      after = { lex "SPEECH_VERB" } },
    -- "said Ngozi Adeyemi", "according to Tomas Oliveira".
    { name = "person.after_verb", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME,
      before = { lex "SPEECH_VERB" } },
    -- The wire services' "quoted Majorie Orr as saying", "cited Faik
    -- Nerweyi as saying".
    { name = "person.quoted_as", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME,
      before = { tok { "quoted", "cited" } }, after = { "as" } },
    -- Someone named with the organization they speak for: "Faik Nerweyi
    -- of the Kurdistan Democratic Party told Reuters" (a longer name of
    -- an organization, "Friends of the Earth", wins over it).
    { name = "person.of_the_org", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME,
      after = { "of", "the", tok { caps = true, word = true } } },
    -- "J. Smith", "K. Barnett 87": initials make any capitalized word a
    -- surname.
    { name = "person.initials", label = "PERSON", priority = 15,
      pattern = alt(NAME_INITIALS_NAME, INITIALS_NAME) },
    -- An apposition that says who the person is: "Zeno Quarshie, a
    -- spokesman for the ministry", "Ana Ruiz, chief economist at".
    { name = "person.apposition", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME,
      after = { ",", tok { "a", "an", "the", "its", "their" }, lex "TITLE" } },
    { name = "person.apposition_bare", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME,
      after = { ",", tok { label = "TITLE", caps = false } } },
    -- ... and the other way round, after a comma: "Cambodia's health
    -- minister, Chheang Ra, said", "said the spokesman, Taizo Watanabe.".
    { name = "person.apposition_after", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME,
      before = { tok { label = "TITLE", caps = false }, "," },
      after = { tok { ",", "." } } },
    -- ... or after a word for someone: "said a 30-year-old woman, Aiza
    -- Dudayeva.", "one resident, Ana Ruiz, said".
    { name = "person.apposition_someone", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME,
      before = { tok { "woman", "man", "girl", "boy", "resident", "student",
        "teacher", "farmer", "worker", "driver", "neighbour", "neighbor",
        "villager", "shopkeeper", "pensioner", "retiree", "nurse", "witness",
        "passenger", "survivor", "voter", "fan", "protester", "refugee",
        "veteran", "owner", "customer", "patient" }, "," },
      after = { tok { ",", "." } } },
    -- A name a relative clause describes as someone: "Duffy Waldorf, who
    -- also tied for second," (an organization takes "which").
    { name = "person.who", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME, after = { ",", "who" } },
    -- An age after the name, between commas: "Quina Jones, 25, said".
    { name = "person.age_after", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME,
      after = { ",", tok { re = "[1-9][0-9]?" }, "," } },
    -- A credit line after a quotation: "“…” ― Sonya Herridge".
    { name = "person.credited", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME,
      before = { tok { close_quote = true }, tok { dash = true } },
      not_after = { tok { word = true, line_start = false } } },
    -- An age before the name: "20-year-old Tiger Woods" ("year-old" is a
    -- token of its own after the number and its hyphen).
    { name = "person.aged", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME, before = { tok { "year-old" } } },
    -- A relative named between commas, the given name alone too: "her
    -- husband, Tomas, was angrier", "their son, Ivo Petrov, said", "a
    -- son, Pieter; a brother, Willem;" (names.RELATIVES: wife, husband,
    -- son, daughter, ...).
    { name = "person.kin_named", label = "PERSON", priority = 10,
      pattern = alt(PLAIN_NAME, GIVEN),
      before = { tok(names.RELATIVES), "," },
      after = { tok { ",", ".", ";" } } },
    -- A name that owns what only people have: "Yeltsin's aides",
    -- "Benazir Bhutto's government", "Dole's campaign manager".
    { name = "person.possessive", label = "PERSON", priority = 10,
      pattern = seq(cap("name", alt(PLAIN_NAME, NAME_WORD)), POSSESSIVE,
        KIN_OR_AIDE),
      span = "name" },
    -- Results tables: "1. John Smith (Kenya) 2:10", "Ana Ruiz (Spain)".
    { name = "person.with_nation", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME, after = { "(", NATION } },
    -- Team sheets: "3 - Bixente Lizarazu; 4 - Youri Djorkaeff".
    { name = "person.shirt_number", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME, before = { DIGITS, "-" } },
    -- A player's line in a game story: "Kristaps Porzingis had 15
    -- points", "Karl-Anthony Towns added 14 rebounds" (a verb of the box
    -- score, a number, a statistic).
    { name = "person.stat_line", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME,
      after = { tok { "had", "scored", "added", "grabbed", "made", "hit",
          "threw", "kicked", "rushed", "caught", "blocked", "collected" },
        tok { re = "[0-9]+|two|three|four|five|six|seven|eight|nine|ten" },
        tok { "points", "rebounds", "assists", "steals", "blocks", "goals",
          "saves", "yards", "touchdowns", "tackles", "sacks", "strikeouts",
          "3-pointers", "three-pointers", "birdies", "wickets", "runs",
          "hits", "aces", "interceptions", "passes", "catches" } } },
    -- A pitcher's record: "off Chad Ogea (7-5) in the first".
    { name = "person.pitcher", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME, after = { "(", DIGITS, "-", DIGITS, ")" } },
    -- A monarch or a pope and the number of the name, no title before
    -- it: "Henry VIII", "Louis XIV" (not "I": see person.regnal).
    { name = "person.numbered", label = "PERSON", priority = 20,
      pattern = seq(GIVEN,
        tok { re = "(?:II|III|IV|VI{0,3}|IX|XI{0,3}|XIV|XV|XVI)" }) },
    -- A reporter's byline above a dateline: "Emese Bartha\nBUDAPEST
    -- 1996-08-30".
    { name = "person.byline_line", label = "PERSON", priority = 10,
      pattern = seq(LINE_WORD, rep(NEXT_NAME_WORD, 1, 2)),
      after = { tok { upper = true, line_start = true } } },
    -- Goal scorers with the minute: "Turkey - Sergen Yalcin (61st)",
    -- "Canada - Aunger (41st min, pen)".
    { name = "person.scorer", label = "PERSON", priority = 10,
      pattern = alt(PLAIN_NAME, NAME_WORD),
      after = { "(", tok { digit = true }, tok { "st", "nd", "rd", "th" } } },
    -- Golf leaderboards: a line that opens with a round's score, "66
    -- Ward Quellman, Ana Ruiz" (the first name; a known given name finds
    -- the others), and a name before two rounds, "Ward Quellman 66 71".
    { name = "person.golf_score_first", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME,
      before = { ROUND_AT_LINE_START },
      after = { tok { any_of = { "punct", "line_start" } } } },
    { name = "person.golf_rounds", label = "PERSON", priority = 10,
      pattern = PLAIN_NAME, after = { ROUND, ROUND } },
    -- Bowling figures: "Gillespie 6-0-27-0", "Ata-ur-Rehman 6-0-40-1".
    { name = "person.bowling", label = "PERSON", priority = 10,
      pattern = SHORT_NAME, after = { DIGITS, "-", DIGITS, "-", DIGITS, "-" } },
    -- Cricket scorecards: "c Healy b Fleming 44", "lbw b Gough",
    -- "st Kaluwitharana b Chandana".
    { name = "person.bowler", label = "PERSON", priority = 10,
      pattern = SHORT_NAME, before = { tok { "b" } }, after = { DIGITS } },
    { name = "person.fielder", label = "PERSON", priority = 10,
      pattern = SHORT_NAME,
      before = { tok { "c", "st" } }, after = { tok { "b" } } },
    -- The batsman opening a scorecard line: "Moin Khan lbw b Mullally 0",
    -- "N. Knight st Moin Khan b Saqlain Mushtaq 113" (not "not out": a
    -- line may open "Absolutely not."); and the first of those who did not
    -- bat ("Did not bat: Vaas, Muralitharan, Dharmasena": the list gives
    -- the others).
    { name = "person.batsman", label = "PERSON", priority = 10,
      pattern = seq(LINE_FIRST, rep(alt(NEXT_NAME_WORD, INITIAL), 0, 2)),
      after = { tok { "c", "b", "lbw", "st" } } },
    { name = "person.did_not_bat", label = "PERSON", priority = 10,
      pattern = SHORT_NAME, before = { "bat", ":" } },
    -- Places, days and the like take part in resolving overlaps so that a
    -- lone place name is not read as a person; they are not reported.
    { name = "person.place", label = "LOC", priority = 5,
      pattern = alt(lex "COUNTRY", lex "CITY", lex "STATE", lex "REGION") },
    -- A street, an airport or a square named after someone is a place
    -- (a facility, no town): "Tran Hung Dao Street", "John F. Kennedy
    -- Airport" (longer than the name, it wins).
    { name = "person.named_place", label = "FAC", priority = 5,
      pattern = seq(rep(alt(tok { caps = true, word = true, upper = false },
        INITIAL), 1, 4), lex "PLACE_NOUN") },
  },
  finish = function(ctx)
    drop_signature_towns(ctx)
    local clusters = names.resolve(ctx, people_lists.find)
    if ctx.settings.convention == "ontonotes" then possessive_into(ctx) end
    return clusters
  end,
}
