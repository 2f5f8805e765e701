-- money.lua — amounts of money: "$3.5 billion", "US$2m", "€200m",
-- "£1.2bn", "Rs 500 crore", "Rs16,189-crore", "5 million dollars",
-- "GBP 27 million", "USD34.6 million", "50 cents", "$3-4 billion",
-- "between $3 million and $4 million", "billions of dollars",
-- "multibillion-dollar", "2 lakh rupees", "a grand", "kr 35", "$45 3/8",
-- "a quarter of a million dollars", "a dollar", "about a grand", "$.50",
-- "20 Euros", "-$5 million", "$499 MXN", continental "1.234,56 €", "R$
-- 12,99", "12,5 Mio. Euro" and Swiss "CHF 1'234.50".
--
-- Every MONEY entity carries
--   amount    the value as a number (3.5e9; -5e6 for "-$5 million"), nil
--             for "billions of dollars"
--   currency  an ISO 4217 code when the text says which ("$" is USD,
--             "HK$" HKD, "Swiss francs" CHF, "cents" USD), else nil
--   min, max  the two ends of a range ("$3-4 billion": 3e9 and 4e9;
--             amount is then min)
--
-- Spans follow OntoNotes, the usual reference for news: a modifier of
-- quantity belongs to the amount ("about $370 million", "more than $5
-- million", "as much as $9.60", "an estimated $4 million"), a plain
-- determiner does not ("a $150 rebate" gives "$150"); a range is one
-- entity ("$25 million to $30 million", "between $9 billion and $12
-- billion"); "$300 million-a-year" gives "$300 million". A plain
-- "$5,000" keeps its sign (see the OntoNotes convention below).
--
-- The pieces are word lists (lists/currencies.txt): CUR_SYMBOL ("$",
-- "€", "US$", "Rs"), CUR_CODE ("USD", "GBP"), CUR_WORD ("dollars",
-- "Swiss francs", "yuan") and CUR_SUBUNIT ("cents", "pence"), each with
-- its ISO code as value. The engine's number finder supplies the numbers
-- with their magnitudes ("3.5 billion", "2m", "20 lakh", "ten", "3-4
-- billion"): a pattern sees one NUMBER span, and the actions below read
-- its value (through glean.money_values, which knows what the lists and
-- the numbers are worth). To support a new currency, add a line to a
-- list of your own (phrase, label, ISO code) and name it in your pack's
-- lexicons.

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local R = require "glean.rules"
local V = require "glean.money_values"

local tok, seq, alt, opt, plus, rep, cap, lex =
  R.tok, R.seq, R.alt, R.opt, R.plus, R.rep, R.cap, R.lex
local unpack = table.unpack or unpack
local currency_of, magnitude_of, number_at, read_amount, set_amount, tidy,
  scale, ends_amount = V.currency_of, V.magnitude_of, V.number_at,
  V.read_amount, V.set_amount, V.tidy, V.scale, V.ends_amount

local M = {}

-- A reader expects the sign inside the span ("$5,000"), and so does the
-- default. OntoNotes instead leaves the sign out of a plain amount with
-- no modifier and no magnitude word ("paid a $[500] fine", but "[$10
-- billion]"); glean.new{ convention = "ontonotes" } (glean --convention
-- ontonotes) reproduces that: the sign then lies just before the entity,
-- and currency is still set.

-- ---------------------------------------------------------------------------
-- Patterns
-- ---------------------------------------------------------------------------

-- Phrases of one or more words, any case: phrases { "about", "more than" }.
local function phrases(list)
  local alts = {}
  for i, p in ipairs(list) do
    local words = {}
    for w in p:gmatch("%S+") do words[#words + 1] = R.iword(w) end
    alts[i] = seq(unpack(words))
  end
  return alt(unpack(alts))
end

local NUM = R.number  -- "3.5 billion", "2m", "20 lakh", "ten", "3-4 billion"
-- Digits written the continental way, "1.234,56", "12,99", "1.234.567":
-- the number finder reads English news and leaves them alone ("3,5" may
-- be a list there), so they are read here, next to a currency only. A
-- plain "1.234" stays the number finder's (1.234).
local CONTINENTAL = alt(
  tok { re = "\\d{1,3}(?:\\.\\d{3})+(?:,\\d{1,2})?|\\d+,\\d{1,2}" },
  seq(tok { re = "\\d{1,3}" }, alt(
    -- "1 000 000 euros", "1 234,56 €", "1 234.56 USD": groups of three
    -- split by spaces
    seq(R.star(tok { re = "\\d{3}" }), tok { re = "\\d{3}(?:[,.]\\d{1,2})?" }),
    -- "CHF 1'234.50": the Swiss group thousands with an apostrophe
    plus(seq(tok { "'", "’", space_before = false },
      tok { re = "\\d{3}(?:\\.\\d{1,2})?", space_before = false })))))
-- Currency before the number: "$", "€", "US$", "Rs", "USD", "RMB"; the
-- ambiguous ones ("R", "DM", "TRY") only glued to it or before a
-- magnitude (checked in the action). The Penn Treebank writes the pound
-- sign as "#" ("#160 million"): read only before a magnitude, never in
-- "#1 seed".
local BEFORE = alt(lex "CUR_SYMBOL", lex "CUR_CODE", lex "CUR_SYMBOL_AMBIGUOUS",
  lex "CUR_CODE_AMBIGUOUS", tok { "#" })
-- Currency names with a capital, as headlines, titles and German write
-- them ("20 Euros", "3 Billion Dollars", "12,5 Mio. Euro"): the list is
-- matched exactly, so the common names are matched here in any case (the
-- action reads them as the list's lower-case word). Names that are also
-- people's or places' ("Rand", "Yuan", "Real", "Won", "Mark") are not.
local CAPITALIZED = tok { fold = true, caps = true,
  "dollar", "dollars", "euro", "euros", "pound", "pounds", "cent", "cents",
  "pence", "yen", "franc", "francs", "peso", "pesos", "rupee", "rupees",
  "rouble", "roubles", "ruble", "rubles", "lira", "naira", "ringgit",
  "baht", "rupiah", "shekels", "riyals", "dirhams", "dinars", "zlotys",
  "forints", "kronor", "kroner", "reais" }
-- Currency after the number: "dollars", "Swiss francs", "yen", "cents",
-- "EUR", a sign written after it ("12,99 €"); "marks", "won", "pounds",
-- "Ft" only with more evidence. Sub-units first: "99 euro cents" is not "99
-- euro".
local AFTER = alt(lex "CUR_SUBUNIT", lex "CUR_WORD", CAPITALIZED,
  lex "CUR_CODE", lex "CUR_WORD_AMBIGUOUS", lex "CUR_CODE_AMBIGUOUS",
  lex "CUR_SYMBOL", lex "CUR_SYMBOL_AMBIGUOUS")
local AFTER_WORD = alt(lex "CUR_SUBUNIT", lex "CUR_WORD", CAPITALIZED,
  lex "CUR_WORD_AMBIGUOUS")
local CODE = alt(lex "CUR_CODE", lex "CUR_CODE_AMBIGUOUS")
local HYPHEN = tok { "-", "‐", "‑" }
-- "million-a-year", "million-mark": a magnitude joined by hyphens to what
-- follows, which the number finder leaves alone.
local JOINED_MAGNITUDE = tok { re = "(?:thousand|million|billion|trillion)-\\pL.*",
  caseless = true }
-- "20 MUSD", "500 kEUR": mega or kilo glued to an ISO code.
local SCALED_CODE = tok { re = "[MmKk][A-Z]{3}" }
-- "99p", "5p coin": pence, and "99c", "20c": cents, glued to the digits.
local SUBUNIT_LETTER = tok { "p", "c", space_before = false }
-- "55 cents-a-unit", "90-cent-an-hour": a currency word joined to a rate.
local JOINED_UNIT = tok { re = "\\pL+-(?:a|an|per)-\\pL+" }
-- "$.50": cents written with the point and no zero, after a sign.
local POINT_CENTS = seq(tok { ".", space_before = false },
  tok { re = "\\d{1,2}", space_before = false })
-- "€ 699,-", "CHF 29.–": a price tag's whole amount, its cents a dash.
local NO_CENTS = seq(tok { ",", ".", space_before = false },
  tok { "-", "–", "—", space_before = false })
-- "$45 3/8": share prices in eighths, as markets quoted them until 2001.
local FRACTION = seq(tok { digit = true }, tok { "/", space_before = false },
  tok { "2", "4", "8", "16", "32", "64", space_before = false })
-- "10 million Irish punts", "5 million Belize dollars": a country word
-- (one or two: "Cayman Islands") before the currency word, which the
-- list may pair with it ("New Taiwan dollars") or not.
local QUALIFIER = tok { caps = true, word = true }

-- Words of quantity that OntoNotes counts as part of the amount. Its
-- annotators mostly leave out "some", "up to" and "in excess of"
-- ("up to [$300 million]"), so they are not here.
local MODIFIER_PHRASES = {
  "about", "around", "approximately", "roughly", "nearly",
  "almost", "close to", "more than", "less than", "fewer than", "over",
  "no more than", "no less than",
  "under", "above", "below", "at least", "at most", "as much as",
  "as little as", "as high as", "as low as", "as many as",
  "just", "only", "well over", "well under", "just over", "just under",
  "upwards of", "estimated", "an estimated", "another", "an additional",
  "exactly", "precisely", "approx.", "~", "slightly more than",
  "slightly less than",
  "an extra", "a further", "a record", "a mere", "a hefty", "a whopping",
  "a staggering", "a modest",
}
local MODIFIER = phrases(MODIFIER_PHRASES)
-- The same phrases by their lower-case text, for actions that look back.
local IS_MODIFIER = {}
for _, p in ipairs(MODIFIER_PHRASES) do IS_MODIFIER[p] = true end

-- One amount with its currency; its captures end in i (cur1, num1 ...).
local function amount(i)
  local cur, num = cap("cur" .. i, BEFORE), cap("num" .. i, NUM)
  local continental = cap("num" .. i, CONTINENTAL)
  local mag = cap("mag" .. i, lex "MAGNITUDE")
  -- (Earlier alternatives win: "€25 000" is read whole before "€25". The
  -- forms that start alike are kept together: the compiler then shares
  -- their first steps, and the scan is cheaper.)
  return alt(
    -- Currency first.
    -- "€1.234,56", "R$ 12,99", "EUR 1,5 Mio.", "$.50"
    seq(cur, alt(continental, cap("num" .. i, POINT_CENTS)), opt(mag)),
    -- "$3.5 billion", "USD 5m", "€3 Mrd.", "$300 million-a-year",
    -- "$10 million USD", "$1.5 million dollars", "$45 3/8", "CHF 29.–"
    seq(cur, num, opt(NO_CENTS), opt(cap("frac" .. i, FRACTION)),
      opt(cap("mag" .. i, alt(lex "MAGNITUDE", JOINED_MAGNITUDE))),
      opt(cap("code" .. i, alt(CODE, lex "CUR_WORD")))),
    -- Number first.
    -- "1,5 million euros", "12,99 €"
    seq(continental, opt(mag), cap("cur" .. i, AFTER)),
    -- "2 1/2 million dollars", "45 3/8 dollars"
    seq(num, cap("frac" .. i, FRACTION), opt(mag), cap("cur" .. i, AFTER)),
    -- "5 million dollars", "50 cents", "10 billion yuan RMB", "10
    -- million Irish punts", "300 New Taiwan Dollars", "100 Mio. €" (not
    -- "699,- €": a price tag's dash there would cost the scan a step
    -- after every number)
    seq(num, opt(mag), opt(cap("qual" .. i, rep(QUALIFIER, 1, 2))),
      cap("cur" .. i, AFTER), opt(cap("code" .. i, CODE))),
    -- "90-cent", "10-dollar" (a hyphen joins words only: in "10-$5" the
    -- sign starts the next amount)
    seq(num, HYPHEN, cap("cur" .. i, AFTER_WORD)),
    seq(num, cap("cur" .. i, SUBUNIT_LETTER)),
    -- "100 million-mark", "20 MUSD", "55 cents-a-unit"
    seq(num, opt(HYPHEN),
      cap("mag" .. i, alt(JOINED_MAGNITUDE, SCALED_CODE, JOINED_UNIT))))
end

-- "billions of dollars", "hundreds of millions of dollars", "several
-- billion dollars", "a few million pounds", "a few dollars": no amount, a
-- currency.
local MAGNITUDES = R.iword("hundreds", "thousands", "millions", "billions",
  "trillions", "tens", "dozens")
local MAGNITUDE = R.iword("hundred", "thousand", "million", "billion",
  "trillion")
local FEW = alt(R.iword("several", "many", "few", "some"), seq(R.iword "a", "few"))
local UNIT = cap("cur1", alt(lex "CUR_WORD", lex "CUR_SUBUNIT"))
-- Units that "a" counts as one: "a dollar", "a buck" ("a pound" weighs,
-- "a yen" is a longing).
local ONE_UNIT = R.word("dollar", "euro", "buck", "quid", "cent", "penny",
  "rupee", "peso", "franc", "rouble", "ruble", "shilling")
local VAGUE = alt(
  seq(opt(FEW), plus(seq(MAGNITUDES, "of")), UNIT),
  seq(FEW, rep(MAGNITUDE, 0, 2), UNIT))

-- "multibillion-dollar", "billion-dollar", "five-cent", "one-yen",
-- "two-million-dollar".
-- (hyphen = true: the regex needs one; the scan then skips the tokens
-- without one before trying it.)
local COMPOUND = tok { hyphen = true, caseless = true,
  re = "(?:multi-?)?(?:b|m|tr)illion-\\pL+|" ..
  "(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|" ..
  "fifteen|twenty|thirty|forty|fifty|hundred|thousand)" ..
  "(?:-(?:hundred|thousand|million|billion|trillion))?-\\pL+" }

-- Words before "$1.25 to $50.75" (or before "of" or "by" there) that
-- make it a change, not a range: "rose $1.25 to $50.75", "from $115 to
-- $90", "a gain of 0.54 cent to 14.26 cents".
local CHANGE = {}
for w in ([[from rose rises rise fell falls fall gained gains gain lost
    loses loss losses climbed climbs dropped drops drop declined declines
    decline slipped jumped jump advanced eased added increased increase
    increases decreased decrease rising falling up down raised cut lowered
    boosted trimmed slid soared plunged tumbled surged widened narrowed
    change changed]]):gmatch("%a+") do
  CHANGE[w] = true
end

-- Words before "from" that make "from $5 to $10" a range.
local RANGING = {}
for w in ([[range ranges ranged ranging vary varies varied varying
    anywhere]]):gmatch("%a+") do
  RANGING[w] = true
end

-- ---------------------------------------------------------------------------
-- Actions
-- ---------------------------------------------------------------------------

-- Parts of "a million" that news writes in words, by the words before
-- "of": "a quarter of a million dollars" is 250,000 ("a third of $5
-- billion" is left to the reader). Looked up from a match of "a million
-- dollars", so that the pattern need not try them at every word.
local PART = { ["a quarter"] = 0.25, ["three quarters"] = 0.75,
  ["three-quarters"] = 0.75, ["a third"] = 1 / 3, ["two thirds"] = 2 / 3,
  ["two-thirds"] = 2 / 3 }

-- The part written before token `first` and the token where it starts.
local function part_before(doc, first)
  if first < 3 or doc:token_text(first - 1) ~= "of" then return nil end
  local word = doc:token_text(first - 2):lower()
  if PART[word] then return PART[word], first - 2 end
  if first < 4 then return nil end
  local two = doc:token_text(first - 3):lower() .. " " .. word
  if PART[two] then return PART[two], first - 3 end
end

-- "20 dollars 43 cents": the cents written right after a whole amount
-- join it. Looked for here rather than by a rule, which without an "and"
-- to wait for would be tried at every word.
local function add_cents(m, doc, a)
  if a.end_at or a.range or (a.worth or 1) ~= 1 then return end
  local at = doc:token(m.last + 1)
  local n = at and doc:number_at(at)
  if not n or n.range then return end
  local unit = doc:token_text(n.last + 1)
  local c = unit and currency_of(unit)
  if not c or c.label ~= "CUR_SUBUNIT" or c.iso ~= a.iso and not c.shared then
    return
  end
  local cents = n.value * c.worth
  if cents >= 1 then return end
  a.value = a.value + cents
  a.min, a.max = a.value, a.value
  a.end_at = select(2, doc:token(n.last + 1))
end

-- Signs of a negative amount: hyphen, en dash, minus.
local MINUS = { ["-"] = true, ["–"] = true, ["−"] = true }

local function single_action(m, doc, settings)
  local a = read_amount(m, doc, 1)
  if not a then return false end
  if not m.caps.mod and a.num.text:find("^[Aa] ") then
    local part, first = part_before(doc, m.first)
    if part then
      scale(a, part)
      m.start, m.first = doc:token(first), first
    end
  end
  add_cents(m, doc, a)
  set_amount(m, a)
  -- "between" belongs to a range only ("between 3 and 4 million dollars").
  local mod = m.caps.mod
  if mod and mod.text:lower() == "between" and not a.range then
    m.start, m.first = doc:token(mod.last + 1), mod.last + 1
    m.caps.mod = nil
  end
  -- "-$5 million", "–$200": a minus glued to the amount, after a space
  -- (at a line's start it is a list's bullet).
  local minus = m.first - 1
  if not m.caps.mod and MINUS[doc:token_text(minus) or ""] and
      select(2, doc:token(minus)) == m.start and
      doc:has(minus, "SPACE_BEFORE") and not doc:has(minus, "LINE_START") then
    m.amount = -m.amount
    if m.min then m.min, m.max = -m.max, -m.min end
    m.start, m.first = doc:token(minus), minus
  end
  -- The OntoNotes span of a plain "$5,000" (see the top of this file).
  if settings.convention == "ontonotes" and a.prefixed and a.symbol and
      not a.scaled and not a.range and not m.caps.mod then
    m.start, m.first = a.num.start, a.num.first
  end
end

local function range_action(m, doc)
  local sep = m.caps.sep.text:lower()
  local between = m.caps.mod and m.caps.mod.text:lower() == "between"
  if sep == "and" and not between then return false end
  -- "rose $1.25 to $50.75" is a change; a dash or "between" makes a
  -- range all the same ("raised £10m-£15m"), and so does "from" after
  -- "range" or "vary" ("prices range from $5 to $10").
  local at = m.first - 1
  local before = doc:token_text(at)
  if before == "of" or before == "by" then
    at = at - 1
    before = doc:token_text(at)
  end
  before = before and before:lower()
  if sep == "to" and CHANGE[before] and not (before == "from" and
      RANGING[(doc:token_text(at - 1) or ""):lower()]) then
    return false
  end
  local a, b = read_amount(m, doc, 1), read_amount(m, doc, 2)
  if not a or not b or a.range or b.range then return false end
  if a.iso ~= b.iso then return false end
  local lo, hi = a.value, b.value
  -- "$3 to $4 billion": the low end borrows the high end's magnitude.
  if not a.scaled and b.scaled then
    for _, mult in ipairs { 1e12, 1e9, 1e6, 1e3 } do
      if hi >= mult and lo * mult <= hi then lo = lo * mult break end
    end
  end
  if lo >= hi then return false end  -- "$115 to $90" is a change
  a.value, b.value = lo, hi
  set_amount(m, b, lo, hi)
  m.amount = m.min
end

-- "twenty-five dollars and fifty cents", "$20 and 50 cents": one amount.
local function cents_action(m, doc)
  local a, b = read_amount(m, doc, 1), read_amount(m, doc, 2)
  if not a or not b or a.range or b.range or
      a.iso ~= b.iso and not (b.shared and a.iso) then
    return false
  end
  if (a.worth or 1) ~= 1 or (b.worth or 1) == 1 or b.value >= 1 then
    return false
  end
  a.value = a.value + b.value
  a.min, a.max = a.value, a.value
  a.end_at = b.end_at
  set_amount(m, a)
end

-- "10 grand", "a grand": thousands, of a currency the text does not say.
local function grand_action(m, doc)
  if not ends_amount(doc:token_text(m.last + 1)) then return false end
  local num = m.caps.num1
  if num.text:lower() == "a" then
    m.amount = 1000
    return
  end
  local n = number_at(doc, num)
  if not n or n.range or num.text:find("%a") and not n.spelled then
    return false
  end
  m.amount = tidy(n.value * 1000)
end

-- A modifier of one to three words right before token `first`: the
-- token where it starts, or nil.
local function modifier_before(doc, first)
  local words = nil
  for n = 1, math.min(3, first - 1) do
    local w = doc:token_text(first - n):lower()
    words = words and w .. " " .. words or w
    if IS_MODIFIER[words] then return first - n end
  end
end

-- "a dollar", "less than a buck", "a grand": one of a currency, where
-- the phrase ends as for "grand"; after an amount or a currency it is a
-- rate's unit ("150 yen a dollar", "$3 a pound"). A modifier before it
-- is looked for here: in the pattern it would start the rule at every
-- "about" and "over" of a text.
local function a_unit_action(m, doc)
  local unit = m.caps.cur1
  if unit then
    if not ends_amount(doc:token_text(m.last + 1)) then return false end
    local before = doc:token_text(m.first - 1)
    if before and (before:find("%d") or currency_of(before)) then
      return false
    end
    local c = currency_of(unit.text)
    if not c then return false end
    m.amount, m.currency = tidy(c.worth), c.iso
  elseif grand_action(m, doc) == false then
    return false
  end
  local mod = modifier_before(doc, m.first)
  if mod then m.start, m.first = doc:token(mod), mod end
end

local FEW_WORD = { several = true, many = true, few = true, some = true }

local function vague_action(m, doc)
  local unit = m.caps.cur1.text
  local c = currency_of(unit)
  if not c then return false end
  -- "millions of pounds of waste" and "a few pounds" are weight.
  if c.ambiguous and (doc:token_text(m.last + 1) == "of" or
      FEW_WORD[doc:token_text(m.caps.cur1.first - 1):lower()]) then
    return false
  end
  m.currency = c.iso
end

-- Number words that start compounds ("five-cent", "one-yen").
local SMALL_NUMBER = { one = 1, two = 2, three = 3, four = 4, five = 5,
  six = 6, seven = 7, eight = 8, nine = 9, ten = 10, eleven = 11,
  twelve = 12, fifteen = 15, twenty = 20, thirty = 30, forty = 40,
  fifty = 50, hundred = 100, thousand = 1000 }

local function compound_action(m)
  local head, unit = m.text:match("^(.-)%-(%a+)$")
  if not head then return false end
  local c = currency_of(unit)
  -- "one-man", "billion-share", "two-pound bag" are not money; nothing
  -- weighs a "multimillion-pound" though.
  if not c or c.ambiguous and not head:find("illion$") then return false end
  m.currency = c.iso
  head = head:lower()
  local n = SMALL_NUMBER[head]
  -- "two-million-dollar"; "multi-billion-dollar" has no amount.
  local small, big = head:match("^(%a+)%-(%a+)$")
  if small and SMALL_NUMBER[small] then
    n = SMALL_NUMBER[small] * magnitude_of(big)
  end
  if n then m.amount = tidy(n * c.worth) end
end

-- The digits after a glued code: "34.6", "16,189", and the continental
-- "Rp25.000", "Rp1.550.000", "R$1.299,90" (a lone dot group is thousands
-- only as "000", as in read_amount).
local function glued_value(digits)
  if digits:find("^%d%d?%d?%.%d%d%d[.,]") or digits:find("^%d+%.000$") or
      digits:find("^%d+,%d%d?$") then
    return V.continental_value(digits)
  end
  return V.digits_value(digits)
end

-- "USD34.6 million", "Rs16,189-crore", "EUR5m", "Rs500", "RM5 million",
-- "Sh2.5 billion", "$US5 million": a code or letter symbol glued to its
-- digits is one token to the tokenizer ("USD34", "RM5", "US5"), so a
-- regex finds it. Captures of a regex widen to whole tokens like the
-- match does, so the action splits the text itself.
local function glued_action(m)
  local code, digits, rest = m.text:match("^(%$?%a+%.?)(%d[%d,.]*%d)(.*)$")
  if not code then
    code, digits, rest = m.text:match("^(%$?%a+%.?)(%d)(.*)$")
  end
  local c = code and currency_of(code)
  local value = digits and glued_value(digits)
  if not c or not value then return false end
  local word = rest:match("^[ -]?(%a+)$")
  local by = word and magnitude_of(word:lower())
  -- "R134a" is a refrigerant.
  if rest ~= "" and not by then return false end
  -- Symbols that are also initials or part numbers ("R2-D2", "N95",
  -- "P500", "TRY2") need a magnitude, cents or thousands: "R5 billion",
  -- "R2.50", "N500,000"; a lone capital is no magnitude there ("N1K").
  if c.ambiguous and not (by and word:find("%l") or
      digits:find("%.%d%d$") or digits:find(",%d%d%d")) then
    return false
  end
  m.amount, m.currency = tidy(value * (by or 1) * c.worth), c.iso
end

-- The digits after a glued code, and maybe a magnitude: "34.6 million".
local GLUED_AMOUNT = "\\d[\\d,]*(?:\\.\\d+)*(?:,\\d\\d?)?(?:[ -]?(?:thousand|million|" ..
  "billion|trillion|lakhs?|crores?|cr|mn|mln|bn|bln|tn|m|k)\\b)?"

-- An amount never runs over a line break: "... 12.08\nCanadian dollar
-- ..." in a table is a number, then a heading.
local function one_line(action)
  return function(m, doc, settings)
    if m.text:find("\n", 1, true) then return false end
    return action(m, doc, settings)
  end
end

-- ---------------------------------------------------------------------------
-- After the rules
-- ---------------------------------------------------------------------------

-- Plain "cents" are read as US money. After an amount in another
-- currency of cents in the same sentence, they are of that one: "raised
-- S$120 million in a share sale priced at 85 cents apiece" (Singapore
-- cents), "€1.20, up from 95 cents" (euro cents). (Not a plain "$" or
-- "dollars": after "HK$5 million" a "$640,000" is mostly the conversion
-- into US dollars.)
local CENTS_TOO = { EUR = true, ZAR = true }

function M.finish(ctx)
  local doc, before = ctx.doc, nil
  local spans = ctx.spans or {}
  for i = 1, #spans do
    local m = spans[i]
    if m.label == "MONEY" then
      local other = before and before.currency
      if other and m.currency == "USD" and
          (CENTS_TOO[other] or other ~= "USD" and V.uses_dollar_sign(other))
          and m.text:find("%f[%a]cents?$") and not m.text:find("U%.?S%.?")
          and m.first and before.first and
          doc:sentence_of(m.first) == doc:sentence_of(before.first) then
        m.currency = other
      end
      before = m
    end
  end
end

-- ---------------------------------------------------------------------------
-- The pack
-- ---------------------------------------------------------------------------

-- Called once per extractor: reads the currency lists of all its packs.
M.setup = V.read_lists

M.name = "money"
M.lexicons = {
  { file = V.CURRENCY_LIST },
  { file = V.MAGNITUDE_LIST },
}
M.rules = {
  { name = "money.amount", label = "MONEY", priority = 20,
    description = "a number with a currency sign, code or word",
    pattern = seq(opt(cap("mod", alt(R.iword "between", MODIFIER))), amount(1)),
    action = one_line(single_action) },
  { name = "money.and_cents", label = "MONEY", priority = 21,
    description = "an amount and its cents: ten dollars and fifty cents",
    pattern = seq(opt(cap("mod", MODIFIER)), amount(1), opt(","),
      R.iword "and", amount(2)),
    action = one_line(cents_action) },
  { name = "money.grand", label = "MONEY", priority = 20,
    description = "thousands in slang: 10 grand",
    pattern = seq(opt(cap("mod", MODIFIER)), cap("num1", NUM), "grand"),
    action = one_line(grand_action) },
  -- A rule of its own: "a" would start the others at every article.
  { name = "money.a_unit", label = "MONEY", priority = 20,
    description = "one of a currency, or a thousand: a dollar, a grand",
    pattern = seq(cap("num1", R.iword "a"), alt("grand", cap("cur1", ONE_UNIT))),
    action = one_line(a_unit_action) },
  { name = "money.range", label = "MONEY", priority = 21,
    description = "two amounts joined by to, a dash, or between ... and",
    pattern = seq(opt(cap("mod", alt(R.iword "between", MODIFIER))),
      amount(1), cap("sep", alt(R.iword("to", "and"), HYPHEN, "–", "—")),
      amount(2)),
    action = one_line(range_action) },
  { name = "money.vague", label = "MONEY", priority = 20,
    description = "billions of dollars, several million pounds",
    pattern = VAGUE, action = one_line(vague_action) },
  { name = "money.compound", label = "MONEY", priority = 20,
    description = "multibillion-dollar, five-cent",
    pattern = COMPOUND, action = one_line(compound_action) },
  { name = "money.glued_code", label = "MONEY", priority = 20,
    description = "a code glued to its digits: USD34.6 million",
    -- "USD", "Rs.", "RM", "Sh" or "$US": the action asks the list whether
    -- the letters are money.
    regex = "(?<![\\w$])(?:\\$[A-Z]{1,2}|[A-Z][A-Za-z]{0,3}\\.?)" ..
      GLUED_AMOUNT,
    action = one_line(glued_action) },
  -- The Associated Press's "euro3.2 billion". A regex of its own: in the
  -- one above, "euro" would make every "e" of a text a place to try.
  { name = "money.glued_euro", label = "MONEY", priority = 20,
    description = "euro glued to its digits: euro3.2 billion",
    regex = "\\beuro" .. GLUED_AMOUNT,
    action = one_line(glued_action) },
}

return M
