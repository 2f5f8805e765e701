-- patterns.lua — workloads for the benchmark: a big synthetic lexicon and a
-- ruleset of 100 token patterns of the kinds the rule packs use.

local M = {}

local SYLLABLES = { "an", "ber", "cor", "da", "el", "fi", "gor", "ha", "is",
  "jo", "ka", "lin", "mar", "no", "os", "pe", "qui", "ro", "sa", "tu", "ul",
  "ve", "wen", "xi", "ya", "zo" }

-- A made-up capitalized word for index i (deterministic, mostly unique).
local function word(i)
  local parts = {}
  repeat
    parts[#parts + 1] = SYLLABLES[i % #SYLLABLES + 1]
    i = i // #SYLLABLES
  until i == 0
  local w = table.concat(parts)
  return w:sub(1, 1):upper() .. w:sub(2)
end

-- Writes n entries of one to three made-up words; returns path, n.
function M.write_big_lexicon(path, n)
  local f = assert(io.open(path, "w"))
  local buf = {}
  for i = 1, n do
    local k = i % 3
    local phrase = word(i)
    if k >= 1 then phrase = word(i * 7 + 3) .. " " .. phrase end
    if k == 2 then phrase = phrase .. " " .. word(i * 13 + 5) end
    buf[#buf + 1] = phrase
    if #buf == 10000 then
      f:write(table.concat(buf, "\n"), "\n")
      buf = {}
    end
  end
  f:write(table.concat(buf, "\n"), "\n")
  f:close()
  return path, n
end

local F = require("glean.core").flags

local function tok(pred) return { op = "tok", pred = pred } end
local function seq(...) return { op = "seq", ... } end
local function rep(node, min, max) return { op = "rep", min = min, max = max, node } end
local function cap(i, node) return { op = "cap", index = i, node } end
local CAPS = tok { all = F.CAP }
local CAPWORD = tok { all = F.CAP | F.WORD, none = F.SENT_START }

local TITLES = { "President", "Minister", "Senator", "Governor", "Mayor",
  "Chairman", "General", "Judge", "Secretary", "Ambassador" }
local SUFFIXES = { { "Inc", "Inc." }, { "Corp", "Corp." }, { "Ltd", "Ltd." },
  { "Group" }, { "Bank" }, { "Party" }, { "Union" }, { "Council" },
  { "Ministry" }, { "Agency" } }
local VERBS = { "said", "says", "told", "added", "warned", "argued", "noted",
  "explained", "insisted", "wrote" }
local CURRENCY_WORDS = { "dollars", "euros", "pounds", "yen", "yuan",
  "rupees", "francs", "marks", "crowns", "pesos" }

-- The word list entry of rule i: rules 1-10 take the first of their
-- kind, rules 11-20 the second, and so on.
local function variant(i)
  return math.floor((i - 1) / 10) % 10 + 1
end

-- A ruleset of n rules cycling through ten kinds of pattern (or, with
-- `only`, n variants of kind number `only`: to profile one kind).
function M.ruleset(core, n, only)
  local rs = core.ruleset()
  local lex = core.lexicon()
  for _, t in ipairs(TITLES) do lex:add(t, "TITLE", nil, true) end
  for _, g in ipairs { "John", "Mary", "Ahmed", "Li", "Maria", "David",
    "Angela", "Emmanuel", "Narendra", "Olaf" } do lex:add(g, "GIVEN") end
  rs:add_lexicon(lex)
  local kinds = {
    function(i) -- title + name
      return seq(tok { words = { TITLES[variant(i)] }, fold = true },
        cap(1, rep(CAPWORD, 1, 3))), 1
    end,
    function(i) -- organization suffix
      return seq(rep(CAPS, 1, 4), tok { words = SUFFIXES[variant(i)] }), 0
    end,
    function() -- currency symbol + number
      return seq(tok { all = F.CURRENCY }, { op = "span", label = "NUMBER" }), 0
    end,
    function(i) -- number + currency word
      return seq({ op = "span", label = "NUMBER" },
        tok { words = { CURRENCY_WORDS[variant(i)] }, fold = true }), 0
    end,
    function(i) -- closing quote + speech verb + speaker
      return seq(tok { all = F.QUOTE_CLOSE }, tok { words = { VERBS[variant(i)] } },
        cap(1, rep(CAPS, 1, 3))), 1
    end,
    function(i) -- speaker + verb
      return seq(cap(1, seq(CAPS, CAPS)), tok { words = { VERBS[variant(i)] } }), 1
    end,
    function() -- lexicon given name + surname
      return seq({ op = "span", label = "GIVEN" }, CAPS), 0
    end,
    function() -- "according to" + name
      return seq(tok { words = { "according" }, fold = true }, tok { words = { "to" } },
        cap(1, rep(CAPS, 1, 3))), 1
    end,
    function(i) -- regex on a token
      local ends = { "son", "sen", "ez", "ov", "ski", "ini", "ides", "escu", "ian", "berg" }
      return seq(CAPS, tok { regex = "[A-Z][a-z]+" .. ends[variant(i)] }), 0
    end,
    function() -- acronym in parentheses
      return seq(tok { words = { "(" } }, cap(1, tok { all = F.UPPER }), tok { words = { ")" } }), 1
    end,
  }
  -- kinds 3, 7, 8, 10 have no word list to vary
  local fixed_kind = { [3] = true, [7] = true, [8] = true, [10] = true }
  for i = 1, n do
    local pattern, ncaps = kinds[only or (i - 1) % #kinds + 1](i)
    -- Kinds without a word of their own still differ per variant (a
    -- trailing optional word), so no two rules are the same program: the
    -- engine runs identical rules once, which would flatter the figure.
    if fixed_kind[only or (i - 1) % #kinds + 1] then
      pattern = seq(pattern, rep(tok { words = { VERBS[variant(i)] } }, 0, 1))
    end
    rs:add_rule { name = "bench" .. i, pattern = pattern, ncaptures = ncaps }
  end
  return rs
end

return M
