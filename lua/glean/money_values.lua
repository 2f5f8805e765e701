-- money_values.lua — what an amount of money is worth, for the money
-- pack's actions: the currencies of the word lists with their ISO codes,
-- numbers as news writes them, and the reading of one amount from the
-- captures of a match ("$3.5 billion" -> 3.5e9 USD). packs/money.lua
-- declares the patterns; read_amount reads the captures its amount(i)
-- makes: cur<i> (the currency), num<i> (the number), mag<i> (a magnitude
-- the number finder does not read), qual<i> (a country word), code<i>
-- (an ISO code after the amount), frac<i> (a fraction: "$45 3/8").

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local lists = require "glean.lists"

local M = {}

M.CURRENCY_LIST = "currencies.txt"
M.MAGNITUDE_LIST = "magnitudes.txt"
local CURRENCY_LIST, MAGNITUDE_LIST = M.CURRENCY_LIST, M.MAGNITUDE_LIST

-- ---------------------------------------------------------------------------
-- Currencies: the list's phrases with their ISO codes, for the actions
-- ---------------------------------------------------------------------------

-- Subunits worth other than a hundredth of their currency.
local SUBUNIT_VALUE = { fils = 0.001, mill = 0.001, mills = 0.001 }

-- Sub-units that many currencies share: after an amount they are its
-- currency's ("10 euros and 50 cents"), alone the list's ("50 cents").
local SHARED_SUBUNIT = { cent = true, cents = true, ["¢"] = true,
  centime = true, centimes = true }

-- Currency words of the list that also weigh things: "200 pounds" of
-- flour, "a 300-pound man". The list's *_AMBIGUOUS labels ("marks",
-- "won", "real"; "R", "DM"; "TRY", "PEN") are treated the same way.
local WEIGHT_WORD = { pound = true, pounds = true }

local function key(text)
  return (text:gsub("%s+", " "))
end

-- The currencies and magnitudes of the word lists, for the actions:
-- key(phrase) -> { label = "CUR_WORD", value = "USD" }. A phrase's first
-- entry wins. Filled from this pack's lists when first needed, and by
-- M.setup from the lists of every pack of an extractor, so that a user's
-- own list of currencies (same labels) is read too.
local known, read_files = {}, {}
-- currency_of's answers by text (false: not a currency), so that an
-- action makes no table per call; emptied whenever a list adds phrases.
local currency_cache = {}
-- Whether this pack's own lists have been read (checked on every lookup,
-- so a flag rather than building their paths each time).
local own_lists_read = false

local function wanted(label)
  return label and (label:find("^CUR_") or label == "MAGNITUDE")
end

local function read_list(spec)
  local path = lists.path(spec.file)
  if read_files[path] then return end
  read_files[path] = true
  local f = io.open(path, "r")
  if not f then error("glean: money pack: cannot read " .. path, 0) end
  for line in f:lines() do
    if not line:match("^%s*#") and line:find("%S") then
      local phrase, label, value = line:match("^([^\t]+)\t?([^\t]*)\t?([^\t]*)")
      if label == "" then label = spec.label end
      if phrase and wanted(label) then
        local k = key(phrase:match("^%s*(.-)%s*$"))
        known[k] = known[k] or { label = label, value = value ~= "" and value or nil }
      end
    end
  end
  f:close()
  currency_cache = {}
end

local function tables()
  if not own_lists_read then
    own_lists_read = true
    read_list { file = CURRENCY_LIST }
    read_list { file = MAGNITUDE_LIST }
  end
  return known
end

-- What a currency text is: { iso = "USD" or nil, worth = 0.01 for
-- sub-units else 1, label = "CUR_WORD", ambiguous = true|nil }, or nil
-- when the list does not know it. The answer is shared between calls:
-- callers read it, never change it.
local function currency_of(text)
  local cached = currency_cache[text]
  if cached ~= nil then return cached or nil end
  local k = text:find("%s") and key(text) or text
  tables()
  -- "U.S. $300" is the list's "U.S.$" written with a space.
  local c = known[k] or known[(k:gsub(" ", ""))]
  local capitalized = nil
  if not c and k:find("%u%a*$") then
    -- "20 Euros", "2 MILLION DOLLARS", "5 Swiss Francs": the name is
    -- the list's, capitalized (see CAPITALIZED below).
    k = k:gsub("%a+$", string.lower)
    c, capitalized = known[k], true
  end
  local out = false
  if c and c.label:find("^CUR_") then
    local label = c.label
    out = {
      iso = c.value and c.value:match("^%u%u%u$") and c.value or nil,
      worth = label == "CUR_SUBUNIT" and (SUBUNIT_VALUE[k] or 0.01) or 1,
      label = label,
      ambiguous = label:find("_AMBIGUOUS$") ~= nil or WEIGHT_WORD[k],
      symbol = label:find("SYMBOL") ~= nil,
      word_or_subunit = label:find("^CUR_WORD") ~= nil or label == "CUR_SUBUNIT",
      shared = SHARED_SUBUNIT[k],
      capitalized = capitalized,
    }
  end
  currency_cache[text] = out
  return out or nil
end

-- A magnitude written apart from the number, that the number finder
-- does not read ("Mio.", "Mrd.", "milliard"): its multiplier or nil.
local function magnitude_of(text)
  local e = tables()[text:find("%s") and key(text) or text]
  return e and e.label == "MAGNITUDE" and tonumber(e.value) or nil
end

-- ---------------------------------------------------------------------------
-- Numbers: the engine's, by byte offset
-- ---------------------------------------------------------------------------

-- The number the engine found starting where capture c starts, or nil
-- (most of a document's numbers are never money: only these become
-- tables).
local function number_at(doc, c)
  return doc:number_at(c.start)
end

-- "16,189" or "34.6" -> number (commas of any grouping dropped).
local function digits_value(s)
  return tonumber((s:gsub(",", "")))
end

-- "1.234,56", "12,99", "1.234.567", "1 000 000", "1 234.56", "1'234.50"
-- -> number: digits grouped by dots, spaces or apostrophes. A dot or
-- comma before the last one or two digits starts the decimals; any other
-- separator groups thousands.
local function continental_value(s)
  local whole, decimals = s:match("^(.-)[.,](%d%d?)$")
  whole = (whole or s):gsub("[^%d]", "")
  return tonumber(decimals and whole .. "." .. decimals or whole)
end

-- ---------------------------------------------------------------------------
-- Reading an amount
-- ---------------------------------------------------------------------------

-- Currency names that many countries use: after a country word the list
-- does not know ("Belize dollars") the currency is not the usual one.
local GENERIC_NAME = {}
for w in ([[dollar dollars pound pounds franc francs peso pesos rupee rupees
    dinar dinars shilling shillings crown crowns krone kroner riyal riyals
    rial rials mark marks lira liras rand]]):gmatch("%a+") do
  GENERIC_NAME[w] = true
end

-- Small words that may follow an amount of money ("50 grand a year", "a
-- dollar an hour", "500 won in Seoul"). "grand", "won" and "a dollar"
-- are money when the phrase ends or one of these follows, not when a
-- lower-case word does, which is taken for a noun or an object ("a
-- grand jury", "5 grand finalists", "a dollar store", "12 won seats").
-- Comparatives and time words too: "20 Euros more to ship", "a dollar
-- less than", "500 won last year".
local AFTER_AMOUNT = {}
for w in ([[a an and at but each for from in into is of on or per that to
    was were which with apiece here there now then today only more less
    than higher lower cheaper dearer extra over under by last this next
    every back off up down too after before since until when while if
    as so because annually monthly yearly weekly daily]]):gmatch("%a+") do
  AFTER_AMOUNT[w] = true
end

-- Whether `word`, the token after an amount, leaves it money by the
-- rule above.
local function ends_amount(word)
  return not (word and word:find("^%l+$") and not AFTER_AMOUNT[word])
end

-- Currencies so small that a plain amount runs in hundreds or more ("500
-- won", "20,000 dong"): there, a number of 100 or more before the word
-- is money, unless a noun follows ("of 300 candidates, 150 won seats").
local SMALL_UNIT = { KRW = true, VND = true }

-- Words that say a price follows: after them "ten pounds" and "200
-- marks" are money ("It cost ten pounds", "fined 200 marks"), where
-- elsewhere they may weigh or score ("lost ten pounds", "passed the 200
-- mark"). A few small words may stand between ("cost only about ten
-- pounds").
local PRICE_WORD, PRICE_GAP = {}, {}
for w in ([[cost costs costing paid pay pays paying priced fined fine
    charged charge charges worth spent spend spends earned earn earns
    owed owe owes raised sold bought fetched fetch fetches]]):gmatch("%a+") do
  PRICE_WORD[w] = true
end
for w in ([[only just about around nearly almost roughly some over under
    less more than at least most a mere another extra him her them me us
    you it for]]):gmatch("%a+") do
  PRICE_GAP[w] = true
end

local function priced(doc, first)
  for i = first - 1, math.max(1, first - 4), -1 do
    local w = doc:token_text(i)
    if PRICE_WORD[w] then return true end
    if not PRICE_GAP[w] then return false end
  end
  return false
end

local function small_unit_amount(a, c, after)
  return not a.prefixed and SMALL_UNIT[c.iso] and a.value >= 100 and
    ends_amount(after)
end

-- Currencies that write their amounts with a plain "$" too: "$499 MXN"
-- is in pesos.
local DOLLAR_SIGN = {}
for code in ([[USD CAD AUD NZD HKD SGD TWD MXN ARS CLP COP CUP DOP UYU BBD
    BMD BND BSD BZD FJD GYD JMD KYD LRD NAD SBD SRD TTD XCD ZWL]]):gmatch("%u+") do
  DOLLAR_SIGN[code] = true
end

-- Currencies whose countries group thousands with dots and whose prices
-- never run to thousandths: "3.500" in them is three thousand five
-- hundred. (Not the euro: "petrol hit €1.859 a litre".)
local DOT_THOUSANDS = {}
for code in ([[BRL ARS CLP COP PYG UYU IDR VND TRY ISK HUF CZK RSD DKK NOK
    SEK]]):gmatch("%u+") do
  DOT_THOUSANDS[code] = true
end

-- The capture names of amounts 1 and 2, made once rather than per call.
local CAP_NAMES = {}
for i = 1, 2 do
  CAP_NAMES[i] = { cur = "cur" .. i, num = "num" .. i, mag = "mag" .. i,
    qual = "qual" .. i, code = "code" .. i, frac = "frac" .. i }
end

-- The Penn Treebank's "#" for the pound, and "p" for pence ("99p").
local POUND_SIGN = { iso = "GBP", worth = 1, label = "CUR_SYMBOL", symbol = true }
local PENCE_SIGN = { iso = "GBP", worth = 0.01, label = "CUR_SUBUNIT",
  word_or_subunit = true }

-- Words that number things with letters: "section 12c", "grade 5c",
-- "Apartment 4c" are no cents.
local LETTERED = {}
for w in ([[section grade article level type form paragraph clause rule
    schedule chapter part room unit flat apartment suite stage class
    category phase step page figure table box note item exhibit annex
    appendix no no. number size route highway platform gate]]):gmatch("%S+") do
  LETTERED[w] = true
end

-- Whether "99c" at capture num (value v) is cents: a coin's worth, not a
-- numbered thing nor "2,000c".
local function cents_letter(doc, num, v)
  local before = num.first > 1 and doc:token_text(num.first - 1)
  return v < 100 and not (before and LETTERED[before:lower()])
end

-- Multiplies amount a by a magnitude; it is then scaled.
local function scale(a, by)
  a.value, a.min, a.max, a.scaled = a.value * by, a.min * by, a.max * by, true
end

-- Reads amount i of match m. Returns nil when it is no money, else
-- { value, min, max, iso, scaled = has a magnitude, range, prefixed =
-- currency first, symbol = a sign ("$", not "USD"), num = capture,
-- end_at = byte where the amount ends when not at the match's end }.
local function read_amount(m, doc, i)
  local caps, names = m.caps, CAP_NAMES[i]
  local cur, num, mag = caps[names.cur], caps[names.num], caps[names.mag]
  -- "3/4 million dollars": a fraction's denominator is no amount.
  if num and num.first > 1 and doc:token_text(num.first - 1) == "/" and
      select(2, doc:token(num.first - 1)) == num.start then
    return nil
  end
  local n = num and number_at(doc, num)
  -- The number finder's number must be the whole capture: in "1 000
  -- 000 euros" it reads "1" alone.
  if n and n["end"] ~= num["end"] then n = nil end
  -- One dot before three digits is the English decimal point ("$1.375",
  -- "€1.500 billion") unless the writer shows otherwise: nobody counts
  -- money in thousandths ending in "000" ("25.000 euros"), and a sign
  -- after the number is the continental way of writing it ("2.500 €"),
  -- and so is any amount of a currency only such writers use ("R$
  -- 3.500", "Rp 3.500").
  if num and num.text:find("^%d+%.%d%d%d$") then
    local c = cur and currency_of(cur.text) or {}
    local thousands = not mag and (num.text:find("000$") or
      (cur and cur.start > num.start and c.symbol) or DOT_THOUSANDS[c.iso])
    if thousands then
      n = nil
    elseif not n then
      local v = tonumber(num.text)
      n = { value = v, min = v, max = v }
    end
  end
  if not n and num and num.text:find("^%.") then
    local v = tonumber("0" .. num.text)  -- "$.50"
    n = v and { value = v, min = v, max = v }
  elseif not n and num and not num.text:find("%a") then
    local v = continental_value(num.text)
    n = v and { value = v, min = v, max = v }
  end
  if not n then return nil end
  -- Every field an amount may get, nil ones too: the table is made at
  -- its full size once instead of growing as they are set.
  local a = { value = n.value, min = n.min, max = n.max, range = n.range,
    num = num, scaled = nil, end_at = nil, prefixed = nil, iso = nil,
    worth = nil, symbol = nil, shared = nil }
  local frac = caps[names.frac]
  if frac then
    -- "$45 3/8" is 45.375; "$2 5/4" and "$2.5 1/2" end at the number.
    local top, bottom = frac.text:match("^(%d+)/(%d+)$")
    top, bottom = tonumber(top), tonumber(bottom)
    if top and top < bottom and not n.range and num.text:find("^%d+$") then
      local v = n.value + top / bottom
      a.value, a.min, a.max = v, v, v
    elseif cur and cur.start > num.start then
      return nil  -- "2 5/4 dollars": no amount before its currency
    else
      a.end_at = num["end"]
    end
  end
  -- Digits with a magnitude word or letter ("3.5 billion", "2m"), or a
  -- spelled number of a thousand or more ("two billion").
  if n.spelled then
    a.scaled = n.value >= 1e3
  else
    a.scaled = num.text:find("%a") ~= nil
  end

  local joined = mag and mag.text:match("^(%a+)%-")
  if joined and not magnitude_of(joined:lower()) then
    -- "55 cents-a-unit": the amount ends with the currency word.
    if cur then return nil end
    cur = { text = joined, start = mag.start, ["end"] = mag.start + #joined,
      first = mag.first, last = mag.last }
    a.end_at = cur["end"]
  elseif mag then
    local word, rest = mag.text:match("^(%a+)%-(.+)$")
    if word then
      -- "$300 million-a-year" ends with "million"; "100 million-mark"
      -- is all money; "400 million-share" is none.
      scale(a, magnitude_of(word:lower()))
      local c = currency_of(rest)
      if cur then
        a.end_at = mag.start + #word
      elseif c and c.iso then
        a.iso, a.worth = c.iso, c.worth
      else
        return nil
      end
    elseif cur and cur.start > num.start then
      -- "100 Mio. €", "3,5 Mrd. Euro": a magnitude the number finder
      -- does not read, before the currency.
      if a.scaled then return nil end
      scale(a, magnitude_of(mag.text))
    elseif cur then
      -- "€3 Mrd.", "EUR 4.5 m.": a magnitude the number finder does not
      -- read; a lone letter only at the end of a phrase ("$5 B shares").
      if a.scaled or #mag.text < 2 and doc:has(mag.last + 1, "WORD") then
        a.end_at = num["end"]
      else
        scale(a, magnitude_of(mag.text))
      end
    else
      -- "20 MUSD"
      local letter, code = mag.text:match("^(%a)(%u%u%u)$")
      local c = code and currency_of(code)
      if not c or not c.iso then return nil end
      scale(a, (letter == "M" or letter == "m") and 1e6 or 1e3)
      a.iso, a.worth = c.iso, 1
    end
  end

  if cur then
    a.prefixed = cur.start < num.start
    local c, qual = nil, caps[names.qual]
    if cur.text == "#" then
      if not a.scaled then return nil end
      c = POUND_SIGN
    elseif (cur.text == "p" or cur.text == "c") and not a.prefixed then
      if a.scaled or n.spelled or
          (cur.text == "c" and not cents_letter(doc, num, a.value)) then
        return nil
      end
      c = cur.text == "p" and PENCE_SIGN or currency_of("cents")
    else
      -- "10,000 Korean won": the country word and the name may be one
      -- phrase of the list, which then says the currency.
      c = qual and currency_of(qual.text .. " " .. cur.text)
      if c then
        qual = nil
      else
        c = currency_of(cur.text)
        if not c then return nil end
      end
    end
    a.iso, a.worth, a.symbol, a.shared = c.iso, c.worth, c.symbol, c.shared
    if qual and GENERIC_NAME[cur.text:lower()] then a.iso = nil end
    -- A capitalized name is money after digits where the phrase ends
    -- ("20 Euros at the gate"), not after a word ("six Euro ties" are
    -- matches of the Euros), nor before a noun ("3 Euro qualifiers";
    -- "12,5 Mio. Euro last year" is German) or a capitalized word, with
    -- which it makes a name ("12 Euro MPs", "5 Dollar Tree stores").
    -- Headlines in capitals are money ("2 MILLION DOLLARS IN CASH"); the
    -- list's own phrases ("Swiss francs", "HK$") are not in question.
    if c.capitalized and not a.prefixed and not cur.text:find("^%u+$") then
      local after = cur.last + 1
      if n.spelled or not (mag or ends_amount(doc:token_text(after))) or
          doc:has(after, "CAP") and doc:has(after, "WORD") then
        return nil
      end
    end
    if c.ambiguous then
      local after = doc:token_text(cur.last + 1)
      -- "passed the 1,000 mark", "200 pounds of flour", "R 2": need a
      -- magnitude, decimals ("1.8500 marks", "229,90 TL"; before the
      -- number only cents, "R 2.50", as "PHP 7.4" is a version),
      -- thousands ("PHP 1,299"), "sterling", or a symbol glued to its
      -- digits.
      local glued = a.prefixed and cur["end"] == num.start
      local decimals = num.text:find(a.prefixed and "%d[.,]%d%d$" or "%d%.%d")
        or num.text:find("%d,%d%d?$")
        or a.prefixed and num.text:find("%d[,.]%d%d%d")
      if c.symbol and not a.prefixed then
        -- A letter symbol after the number needs it written the
        -- continental way ("2.500 Ft", "2 500 Ft"): "12.5 Ft" are feet.
        decimals = num.text:find("^%d%d?%d?%.%d%d%d") or
          num.text:find("%d,%d%d?$") or num.text:find("%d%s%d%d%d")
      end
      if not a.prefixed and after == "of" then return nil end
      if not (a.scaled or decimals or glued or after == "sterling" or
          small_unit_amount(a, c, after) or
          priced(doc, math.min(num.first, cur.first))) then
        return nil
      end
    end
    -- "the three euro zone members": the currency names a place.
    if not a.prefixed then
      local word = doc:token_text(cur.last + 1)
      if word == "zone" or word == "area" then return nil end
    end
    -- "in 1989 dollars" is a year.
    if not a.prefixed and not a.scaled and num.text:match("^%d%d%d%d$") then
      local y = tonumber(num.text)
      if y >= 1800 and y <= 2100 then return nil end
    end
    -- Words only with currency words ("ten dollars", not "ten USD").
    if n.spelled and not c.word_or_subunit then
      return nil
    end
  elseif not mag then
    return nil
  end

  -- "10 billion yuan RMB": a code after the word, same currency; in
  -- "$5 million pesos" the amount ends before the other currency.
  local code = caps[names.code]
  if code then
    local c = currency_of(code.text)
    if c and cur and cur.text == "$" and DOLLAR_SIGN[c.iso] and
        c.label:find("^CUR_CODE") then
      a.iso = c.iso  -- "$499 MXN", "$20 CAD": the code says which dollar
    elseif not c or c.iso ~= a.iso then
      a.end_at = select(2, doc:token(code.first - 1))
    end
  end
  local w = a.worth or 1
  a.value, a.min, a.max = a.value * w, a.min * w, a.max * w
  return a
end

-- 1.2 * 1e9 is 1200000000.0000002 in floating point: amounts keep 12
-- significant digits, and whole ones become integers where Lua has them.
local function tidy(v)
  if v == nil then return nil end
  -- Whole amounts under 12 digits, most of them, print as they are.
  if v % 1 == 0 and v > -1e12 and v < 1e12 then
    return math.tointeger and math.tointeger(v) or v
  end
  v = tonumber(string.format("%.12g", v))
  return math.tointeger and math.tointeger(v) or v
end

-- Fills the entity fields of m from amount a.
local function set_amount(m, a, min, max)
  m.amount, m.currency = tidy(a.value), a.iso
  min, max = min or a.min, max or a.max
  if min ~= max then m.min, m.max = tidy(min), tidy(max) end
  -- Moving m["end"] is enough: the rule engine then gives m the text of
  -- its new span.
  if a.end_at then
    m["end"] = a.end_at
  elseif m.text:find("%d ?%a%.$") then
    -- "$1.5M." ends a sentence: the tokenizer keeps "M." whole, as an
    -- initial, but a magnitude letter takes no dot.
    m["end"] = m["end"] - 1
  end
end

-- Reads the currency lists of every pack of an extractor (called once
-- per extractor, from the pack's setup): a user's own list of
-- currencies, under the same labels, is read too.
function M.read_lists(extractor)
  tables()
  for _, pack in ipairs(extractor.packs or {}) do
    for _, spec in ipairs(pack.lexicons or {}) do
      -- Lists loaded under another label hold no currencies.
      if spec.label == nil or wanted(spec.label) then read_list(spec) end
    end
  end
end

M.currency_of = currency_of
-- Whether currency `iso` writes its amounts with a plain "$" too.
function M.uses_dollar_sign(iso) return DOLLAR_SIGN[iso] == true end
M.magnitude_of = magnitude_of
M.number_at = number_at
M.digits_value = digits_value
M.continental_value = continental_value
M.ends_amount = ends_amount
M.scale = scale
M.read_amount = read_amount
M.tidy = tidy
M.set_amount = set_amount

return M
