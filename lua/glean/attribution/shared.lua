-- attribution/shared.lua — what the parts of attribution share: tests on
-- token flags, the word lists more than one of them reads, and the limits
-- that keep the work per quotation bounded whatever the text.

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local F = require("glean.core").flags
local floor = math.floor

local function has(flags, bit)
  return flags % (bit + bit) >= bit
end

-- The tests on token flags, as tables remembered per value of the flags:
-- is_cap[f] is has(f, F.CAP). A document has few distinct flag values,
-- and a table read costs much less than a function call on every token
-- looked at.
local function memo(test)
  return setmetatable({}, { __index = function(t, f)
    local v = test(f)
    t[f] = v
    return v
  end })
end
local function flag_test(bit)
  return memo(function(f) return has(f, bit) end)
end
local is_cap, is_lower, is_abbrev = flag_test(F.CAP), flag_test(F.LOWER),
  flag_test(F.ABBREV)
local is_punct, is_dash, is_apos = flag_test(F.PUNCT), flag_test(F.DASH),
  flag_test(F.APOS)
local is_sent_start, is_line_start = flag_test(F.SENT_START),
  flag_test(F.LINE_START)
local PRONOUN_GENDER = { he = "m", she = "f", him = "m", her = "f" }
local PRONOUNS = { he = true, she = true, they = true, i = true, we = true,
  it = true, him = true, her = true, them = true }

-- Words after which a name is an object, not the one who speaks:
-- "a spokeswoman for Clinton", "an aide to Trump".
local PREPOSITIONS = { ["for"] = true, of = true, to = true, with = true,
  at = true, from = true, by = true, about = true, against = true,
  on = true, ["in"] = true, under = true }
-- Lower-case words that may precede a name that is still a subject.
local SUBJECT_LEAD = { ["and"] = true, but = true, ["then"] = true,
  said = true, says = true, ["while"] = true, as = true, when = true,
  because = true, so = true, ["or"] = true, that = true, after = true,
  before = true, ["if"] = true, added = true, told = true, asked = true,
  where = true, although = true, though = true, since = true }
-- Words that open a description ("a blog post", "the senator").
local DETERMINERS = { a = true, an = true, the = true, his = true,
  her = true, its = true, their = true, our = true, my = true, your = true,
  one = true, another = true, some = true, several = true, many = true }
-- How many paragraphs back a pronoun or a continuation may reach, and
-- how many name mentions a pronoun looks at (work per quotation stays
-- bounded whatever the text).
local WINDOW_PARAS = 3
local MAX_CANDIDATES = 40
-- Most tokens of a sentence looked at on each side of a quotation; a
-- longer stretch counts as paraphrase around it.
local MAX_SCAN = 80
-- Most tokens between a cue and the ":" or "," that introduces its quote:
-- "Strayer said in a statement released on Monday:".
local MAX_GAP = 12

-- First index of `spans` (sorted by start) whose end is past byte pos.
local function first_ending_after(spans, pos)
  local lo, hi = 1, #spans
  while lo <= hi do
    local mid = floor((lo + hi) / 2)
    if spans[mid]["end"] > pos then hi = mid - 1 else lo = mid + 1 end
  end
  return lo
end

return {
  has = has,
  memo = memo,
  is_cap = is_cap,
  is_lower = is_lower,
  is_abbrev = is_abbrev,
  is_punct = is_punct,
  is_dash = is_dash,
  is_apos = is_apos,
  is_sent_start = is_sent_start,
  is_line_start = is_line_start,
  PRONOUN_GENDER = PRONOUN_GENDER,
  PRONOUNS = PRONOUNS,
  PREPOSITIONS = PREPOSITIONS,
  SUBJECT_LEAD = SUBJECT_LEAD,
  DETERMINERS = DETERMINERS,
  WINDOW_PARAS = WINDOW_PARAS,
  MAX_CANDIDATES = MAX_CANDIDATES,
  MAX_SCAN = MAX_SCAN,
  MAX_GAP = MAX_GAP,
  first_ending_after = first_ending_after,
}
