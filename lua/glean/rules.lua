-- rules.lua — the rule language: what glean looks for, said in plain Lua.
--
-- Rules are Lua tables; their patterns are built with the functions of this
-- module and compiled once, by R.compile, into a ruleset that the C engine
-- matches over a whole document in one pass. Lua runs again only once per
-- match (for actions), never once per token.
--
--   local R = require "glean.rules"
--
--   local rules = {
--     { name = "person.title_name", label = "PERSON", priority = 10,
--       pattern = R.seq(R.cap("title", R.lex "TITLE"),
--                       R.cap("name", R.caps(1, 3))),
--       span = "name",                       -- the entity is the name only
--       action = function(m) m.title = m.caps.title.text end },
--     { name = "money.symbol", label = "MONEY",
--       pattern = R.seq(R.tok { currency = true }, R.number) },
--   }
--   local compiled = R.compile(rules, { lexicons = { titles } })
--   for _, m in ipairs(R.resolve(compiled:run(text))) do
--     print(m.label, m.text, m.start, m["end"], m.rule)
--   end
--
-- ONE TOKEN
--   R.tok { caps = true }            a flag test; true = must have it, false =
--                                    must not. Tests: word caps upper lower
--                                    digit alnum punct number quote open_quote
--                                    close_quote currency hyphen dash apos
--                                    abbrev sent_start para_start space_before
--                                    line_start sent_end invalid
--   R.tok { "said", "says" }         the token is one of these words
--   R.tok { "said", fold = true }    ... compared case-folded
--   R.tok { caps = true, ["not"] = { "The", "A" } }   but not one of these
--   R.tok { re = "[A-Z][a-z]+son" }  the whole token text matches a regex
--                                    (PCRE2; caseless = true to ignore case)
--   R.tok { not_re = ".*-based" }    ... does not match it (a regex with a
--                                    byte every match has, "-" here, is
--                                    skipped on tokens without it)
--   R.tok { label = "TITLE" }        the token lies inside a lexicon span of
--                                    that label (a list: of any of them);
--                                    not_label = {"CITY", "DAY"}: of none
--   R.tok { any_of = { "digit", "currency" } }   at least one of these tests
--   R.word("said", ...)  R.iword("said", ...)    exact / case-folded words
--   "said"                           a plain string is an exact literal; a
--                                    string of several words ("according
--                                    to") is the sequence of its tokens
--   R.any                            any token
--   R.neg(t)                         any token that fails the test t
--
-- SEVERAL TOKENS
--   R.lex "GIVEN"                    a whole lexicon span of that label
--   R.number                         a whole number ("3.5 billion", "ten")
--   R.seq(a, b, ...)                 a then b then ...
--   R.alt(a, b, ...)                 a or b or ... (the first that leads to
--                                    a match wins ties)
--   R.opt(p)  R.star(p)  R.plus(p)   0-1, 0 or more, 1 or more times (greedy)
--   R.rep(p, n, m)                   n to m times (m = math.huge: no limit;
--                                    no m: exactly n)
--   R.cap("name", p)                 a named capture: m.caps.name in results
--   R.caps(n, m)                     n to m capitalized words
--   A pattern's match lies within one paragraph (blank lines part them,
--   or every line break where the text has no blank line), as a lexicon
--   span does; its before and after context may look across.
--
-- A RULE
--   { name = "org.suffix",           unique; results carry it as `rule`
--     label = "ORG",                 the label of its results
--     priority = 10,                 settles overlaps of equal length
--     pattern = <pattern>,           or regex = "..." over the raw text,
--                                    spans widened to whole tokens
--                                    (caseless = true); its named groups
--                                    are the captures
--     before = { t1, t2 },           tokens right before the match, in text
--     after = { ... },               order; not_before / not_after must not
--                                    be there. Each element is one token
--                                    test (R.tok, a word, R.any, R.lex =
--                                    inside such a span).
--     span = "name",                 the capture that gives the result span
--     action = function(m, doc, settings) end, see RESULTS
--     all = true,                    keep overlapping matches of this rule
--     description = "...",           shown by explain
--     extra = { kind = "company" },  copied into every result
--     fields = { "role" }, role = "ceo",  extra fields, declared
--   }
--   Mistakes are reported by R.compile naming the rule and the field, e.g.
--   "glean: rule 'org.suffix': field 'paterrn' is not a rule field (did you
--   mean 'pattern'?)".
--
-- RESULTS  (compiled:run(text_or_doc))
--   { rule = "org.suffix", label = "ORG", priority = 10, text = "...",
--     start = 0, ["end"] = 12,       bytes, 0-based, end exclusive
--     first = 1, last = 2,           tokens, 1-based, inclusive
--     caps = { name = { text=, start=, ["end"]=, first=, last= } } }
--   An action gets (m, doc, settings) (settings: see R.compile). Returning
--   false, or setting m.reject, drops the match; returning a table merges
--   its fields into m; anything else keeps m as the action left it (it may
--   set m.amount, m.currency ...).
--
-- OVERLAPS  R.resolve(results) keeps non-overlapping results; see there.
--   compiled:resolved(text_or_doc) gives what R.resolve(compiled:run(...))
--   keeps without building the results that lose. A rule that is another
--   in all but name and priority (no action, extra or fields) could never
--   win: it is not run (rec.shadowed_by names the other).

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local core = require "glean.core"

local M = {}

-- ---------------------------------------------------------------------------
-- Errors
-- ---------------------------------------------------------------------------

local THIS_FILE = debug.getinfo(1, "S").source

-- Raises "glean: <message>" pointing at the first caller outside this file:
-- a bad R.tok{} is reported at the line of the rule pack that wrote it.
local function usage(fmt, ...)
  local level = 2
  while true do
    local info = debug.getinfo(level, "S")
    if info == nil then level = 0 break end
    if info.source ~= THIS_FILE then break end
    level = level + 1
  end
  error("glean: " .. string.format(fmt, ...), level)
end

-- Edit distance, for "did you mean" hints.
local function distance(a, b)
  local prev = {}
  for j = 0, #b do prev[j] = j end
  for i = 1, #a do
    local cur = { [0] = i }
    for j = 1, #b do
      local cost = a:byte(i) == b:byte(j) and 0 or 1
      cur[j] = math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
    end
    prev = cur
  end
  return prev[#b]
end

-- " (did you mean 'x'?)" when a name in `known` (array) is close to `word`.
local function suggest(word, known)
  if type(word) ~= "string" then return "" end
  local best, best_d
  for _, k in ipairs(known) do
    local d = distance(word:lower(), k:lower())
    if d <= math.max(1, math.floor(#word / 3)) and (not best_d or d < best_d) then
      best, best_d = k, d
    end
  end
  return best and (" (did you mean '" .. best .. "'?)") or ""
end

local function sorted_keys(t)
  local list = {}
  for k in pairs(t) do list[#list + 1] = k end
  table.sort(list)
  return list
end

-- ---------------------------------------------------------------------------
-- Patterns
-- ---------------------------------------------------------------------------

-- A pattern is a table with this metatable and a `kind`: "tok" (one token,
-- `pred`), "span" (a lexicon span, `label`), "seq", "alt" (items in the
-- array part), "rep" (`min`, `max`, item [1]) or "cap" (`name`, item [1]).
local Pattern = {}
Pattern.__index = Pattern

local function is_pattern(v)
  return getmetatable(v) == Pattern
end

local function new(kind, t)
  t.kind = kind
  return setmetatable(t, Pattern)
end

-- What a value is, for messages: "number", "a sequence", "R.lex 'GIVEN'".
local function describe(v)
  if not is_pattern(v) then return type(v) end
  if v.kind == "tok" then return "a token test" end
  if v.kind == "span" then return "R.lex '" .. v.label .. "'" end
  if v.kind == "seq" then return "a sequence" end
  if v.kind == "alt" then return "an alternative" end
  if v.kind == "rep" then return "a repetition" end
  return "a capture"
end

-- Token tests of R.tok that are token flags (see glean.h, GLEAN_TF_*).
local FLAG_TESTS = {
  word = "WORD", caps = "CAP", upper = "UPPER", lower = "LOWER",
  digit = "DIGIT", alnum = "ALNUM", punct = "PUNCT", number = "NUMBER",
  quote = "QUOTE", open_quote = "QUOTE_OPEN", close_quote = "QUOTE_CLOSE",
  currency = "CURRENCY", hyphen = "HYPHEN", dash = "DASH", apos = "APOS",
  abbrev = "ABBREV", sent_start = "SENT_START", para_start = "PARA_START",
  space_before = "SPACE_BEFORE", line_start = "LINE_START",
  sent_end = "SENT_END", invalid = "INVALID",
}
local OTHER_TESTS = { "fold", "not", "re", "not_re", "caseless", "label",
  "not_label", "any_of" }
local ALL_TESTS = sorted_keys(FLAG_TESTS)
for _, k in ipairs(OTHER_TESTS) do ALL_TESTS[#ALL_TESTS + 1] = k end
local IS_OTHER_TEST = {}
for _, k in ipairs(OTHER_TESTS) do IS_OTHER_TEST[k] = true end

-- A list of strings given as one string or an array; nil stays nil.
local function string_list(v, what)
  if v == nil then return nil end
  if type(v) == "string" then return { v } end
  if type(v) ~= "table" or is_pattern(v) then
    usage("%s must be a string or a list of strings, got %s", what,
      describe(v))
  end
  local out = {}
  for i = 1, #v do
    if type(v[i]) ~= "string" or v[i] == "" then
      usage("%s: element %d must be a non-empty string, got %s", what, i,
        describe(v[i]))
    end
    out[i] = v[i]
  end
  if #out == 0 then usage("%s is empty", what) end
  return out
end

local function check_word(w, what)
  if w:find("%s") then
    usage("%s '%s' has several tokens; use a string literal or R.seq", what, w)
  end
end

-- R.tok { tests } -> a pattern matching one token.
function M.tok(spec)
  if type(spec) == "string" then spec = { spec } end
  if type(spec) ~= "table" or is_pattern(spec) then
    usage("R.tok expects a table of token tests, got %s", describe(spec))
  end
  local pred = { all = {}, none = {}, any = {} }
  local nwords = #spec
  for k, v in pairs(spec) do
    if type(k) == "number" then
      if k ~= math.floor(k) or k < 1 or k > nwords then
        usage("R.tok: the words must be a plain array")
      end
      if type(v) ~= "string" or v == "" then
        usage("R.tok: word %d must be a non-empty string, got %s", k,
          describe(v))
      end
      check_word(v, "R.tok: word")
    elseif FLAG_TESTS[k] then
      if type(v) ~= "boolean" then
        usage("R.tok: token test '%s' must be true or false, got %s", k,
          describe(v))
      end
      (v and pred.all or pred.none)[FLAG_TESTS[k]] = true
    elseif not IS_OTHER_TEST[k] then
      usage("unknown token test '%s'%s", tostring(k), suggest(k, ALL_TESTS))
    end
  end

  for _, k in ipairs { "fold", "caseless" } do
    if spec[k] ~= nil and type(spec[k]) ~= "boolean" then
      usage("R.tok: '%s' must be true or false, got %s", k, describe(spec[k]))
    end
  end
  pred.fold = spec.fold or nil

  local words
  if nwords > 0 then
    words = {}
    for i = 1, nwords do words[i] = spec[i] end
  end
  local excluded = string_list(spec["not"], "R.tok: 'not'")
  if excluded then
    for _, w in ipairs(excluded) do check_word(w, "R.tok: 'not' word") end
  end
  if words and excluded then
    -- "one of these but not those" is just fewer words.
    local drop = {}
    for _, w in ipairs(excluded) do drop[pred.fold and w:lower() or w] = true end
    local kept = {}
    for _, w in ipairs(words) do
      if not drop[pred.fold and w:lower() or w] then kept[#kept + 1] = w end
    end
    if #kept == 0 then usage("R.tok: 'not' excludes every word") end
    words = kept
  elseif excluded then
    words, pred.words_negate = excluded, true
  end
  pred.words = words

  if spec.re ~= nil and spec.not_re ~= nil then
    usage("R.tok: give 're' or 'not_re', not both")
  end
  local re_key = spec.not_re ~= nil and "not_re" or "re"
  local re = spec[re_key]
  if re ~= nil then
    if type(re) ~= "string" then
      usage("R.tok: '%s' must be a string, got %s", re_key, describe(re))
    end
    local ok, err = pcall(core.regex, re, spec.caseless and "i" or "")
    if not ok then
      usage("R.tok: '%s': %s", re_key, tostring(err):gsub("^glean: ", ""))
    end
    pred.regex, pred.caseless = re, spec.caseless or nil
    pred.regex_negate = re_key == "not_re" or nil
  elseif spec.caseless ~= nil then
    usage("R.tok: 'caseless' only applies to 're' and 'not_re'")
  end

  pred.labels = string_list(spec.label, "R.tok: 'label'")
  pred.not_labels = string_list(spec.not_label, "R.tok: 'not_label'")

  for _, name in ipairs(string_list(spec.any_of, "R.tok: 'any_of'") or {}) do
    if not FLAG_TESTS[name] then
      usage("R.tok: 'any_of': unknown token test '%s'%s", name,
        suggest(name, sorted_keys(FLAG_TESTS)))
    end
    pred.any[FLAG_TESTS[name]] = true
  end
  return new("tok", { pred = pred })
end

local function words_pattern(fold, ...)
  local list = select("#", ...) == 1 and type(...) == "table" and (...)
    or { ... }
  local spec = { fold = fold }
  for i = 1, #list do spec[i] = list[i] end
  if #list == 0 then usage("R.word needs at least one word") end
  return M.tok(spec)
end

-- R.word("said", "says") and R.iword(...): exact / case-folded words.
function M.word(...) return words_pattern(nil, ...) end
function M.iword(...) return words_pattern(true, ...) end

M.any = new("tok", { pred = { all = {}, none = {}, any = {} } })

-- A plain string in a pattern: its tokens, as the engine tokenizes them.
local literals = {}
local function literal(s)
  if literals[s] then return literals[s] end
  local doc = core.document(s)
  local n = doc:ntokens()
  if n == 0 then usage("the literal %q has no tokens", s) end
  local items = {}
  for i = 1, n do
    items[i] = new("tok", { pred = { all = {}, none = {}, any = {},
      words = { doc:token_text(i) } } })
  end
  local p = n == 1 and items[1] or new("seq", items)
  literals[s] = p
  return p
end

-- Any value that may stand for a pattern: a pattern or a string literal.
local function to_pattern(v, where)
  if is_pattern(v) then return v end
  if type(v) == "string" and v ~= "" then return literal(v) end
  usage("%s: expected a pattern, got %s", where, describe(v))
end

local function list_of(kind, ...)
  local n = select("#", ...)
  if n == 0 then usage("R.%s needs at least one pattern", kind) end
  local items, args = {}, { ... }
  for i = 1, n do
    local p = to_pattern(args[i], "R." .. kind .. ": element " .. i)
    if p.kind == kind then  -- seq(seq(a, b), c) is seq(a, b, c)
      for _, q in ipairs(p) do items[#items + 1] = q end
    else
      items[#items + 1] = p
    end
  end
  if #items == 1 then return items[1] end
  return new(kind, items)
end

function M.seq(...) return list_of("seq", ...) end
function M.alt(...) return list_of("alt", ...) end

local function count(v, what)
  if type(v) ~= "number" or v < 0 or v ~= math.floor(v) then
    usage("R.rep: %s must be an integer >= 0, got %s", what, tostring(v))
  end
  return v
end

-- R.rep(p, n [, m]): n to m times; m = math.huge for no upper bound.
function M.rep(p, n, m)
  p = to_pattern(p, "R.rep")
  n = count(n, "the minimum")
  if m == nil then
    m = n
  elseif m ~= math.huge then
    m = count(m, "the maximum")
    if m < n then usage("R.rep: maximum %d is below minimum %d", m, n) end
  end
  if m == 0 then usage("R.rep: a pattern repeated 0 times matches nothing") end
  return new("rep", { min = n, max = m ~= math.huge and m or nil, p })
end

function M.opt(p) return M.rep(p, 0, 1) end
function M.star(p) return M.rep(p, 0, math.huge) end
function M.plus(p) return M.rep(p, 1, math.huge) end

-- R.cap("name", p): the tokens p matched, as result field caps.name.
function M.cap(name, p)
  if type(name) ~= "string" or not name:match("^[%a_][%w_]*$") then
    usage("R.cap: the name must be an identifier, got %s",
      type(name) == "string" and ("'" .. name .. "'") or describe(name))
  end
  return new("cap", { name = name, to_pattern(p, "R.cap") })
end

local CAPWORD = M.tok { caps = true, word = true }

-- R.caps(n [, m]): n to m capitalized words (default 1; m defaults to n).
function M.caps(n, m)
  return M.rep(CAPWORD, n or 1, m or n or 1)
end

-- R.lex "LABEL": a whole span of a lexicon label.
function M.lex(label)
  if type(label) ~= "string" or label == "" then
    usage("R.lex expects a label name, got %s", describe(label))
  end
  return new("span", { label = label })
end

M.number = M.lex "NUMBER"

-- R.neg(t): a token that fails the token test t.
function M.neg(p)
  p = to_pattern(p, "R.neg")
  if p.kind ~= "tok" then
    usage("R.neg takes a single-token test, got %s", describe(p))
  end
  local pred = {}
  for k, v in pairs(p.pred) do pred[k] = v end
  pred.negate = not pred.negate or nil
  return new("tok", { pred = pred })
end

-- A readable form, for explain and error messages.
function Pattern.__tostring(p)
  local function list(sep)
    local parts = {}
    for i, q in ipairs(p) do parts[i] = tostring(q) end
    return table.concat(parts, sep)
  end
  if p.kind == "span" then return "lex(" .. p.label .. ")" end
  if p.kind == "seq" then return "seq(" .. list(", ") .. ")" end
  if p.kind == "alt" then return "alt(" .. list(" | ") .. ")" end
  if p.kind == "cap" then return p.name .. ":" .. tostring(p[1]) end
  if p.kind == "rep" then
    return tostring(p[1]) .. "{" .. p.min .. "," .. (p.max or "") .. "}"
  end
  local t, d = {}, p.pred
  for _, f in ipairs(sorted_keys(d.all)) do t[#t + 1] = f end
  for _, f in ipairs(sorted_keys(d.none)) do t[#t + 1] = "!" .. f end
  if next(d.any) then t[#t + 1] = "any(" .. table.concat(sorted_keys(d.any), ",") .. ")" end
  if d.words then
    t[#t + 1] = (d.words_negate and "not " or "") .. "'" ..
      table.concat(d.words, "'|'") .. "'" .. (d.fold and "/i" or "")
  end
  if d.regex then
    t[#t + 1] = (d.regex_negate and "not " or "") .. "/" .. d.regex .. "/"
  end
  if d.labels then t[#t + 1] = "in " .. table.concat(d.labels, "|") end
  if d.not_labels then t[#t + 1] = "not in " .. table.concat(d.not_labels, "|") end
  local s = #t == 0 and "any" or table.concat(t, " ")
  return (d.negate and "neg" or "tok") .. "{" .. s .. "}"
end

-- ---------------------------------------------------------------------------
-- Compiling: patterns to the engine's node tables (see lua_ruleset.c)
-- ---------------------------------------------------------------------------

-- The compile context of one rule: its id for messages, captures by name,
-- labels it uses, labels the lexicons define (nil: do not check).
local function rule_error(ctx, msg)
  error("glean: rule " .. ctx.id .. ": " .. msg, 0)
end

local function rule_fail(ctx, field, msg)
  rule_error(ctx, field and ("field '" .. field .. "': " .. msg) or msg)
end

local function use_label(ctx, field, label, positive)
  ctx.labels[label] = true
  -- A negative test on a label no lexicon defines is harmless (and lets a
  -- pack exclude labels of packs that may not be loaded); a positive one
  -- could never match, which is surely a typo.
  if positive and ctx.known and not ctx.known[label] then
    rule_fail(ctx, field, "label '" .. label .. "' is not defined by any " ..
      "lexicon" .. suggest(label, sorted_keys(ctx.known)))
  end
end

-- The engine predicate of a token test (see rs:add_rule in lua_ruleset.c).
local function core_pred(ctx, field, d)
  local p = {
    words = d.words, fold = d.fold, words_negate = d.words_negate,
    regex = d.regex, caseless = d.caseless, regex_negate = d.regex_negate,
    negate = d.negate,
  }
  if next(d.all) then p.all = sorted_keys(d.all) end
  if next(d.none) then p.none = sorted_keys(d.none) end
  if next(d.any) then p.any = sorted_keys(d.any) end
  if d.labels and d.not_labels then
    rule_fail(ctx, field, "a token test cannot have both 'label' and " ..
      "'not_label'")
  end
  local labels = d.labels or d.not_labels
  if labels then
    for _, label in ipairs(labels) do
      use_label(ctx, field, label, d.labels ~= nil and not d.negate)
    end
    -- inside any of the labels; with not_label, inside none of them
    p.in_label = #labels == 1 and labels[1] or labels
    p.in_label_negate = d.not_labels ~= nil or nil
  end
  return p
end

local function to_node(ctx, p)
  local kind = p.kind
  if kind == "tok" then
    return { op = "tok", pred = core_pred(ctx, "pattern", p.pred) }
  elseif kind == "span" then
    use_label(ctx, "pattern", p.label, true)
    return { op = "span", label = p.label }
  elseif kind == "seq" or kind == "alt" then
    local node = { op = kind }
    for i, q in ipairs(p) do node[i] = to_node(ctx, q) end
    return node
  elseif kind == "rep" then
    return { op = "rep", min = p.min, max = p.max, to_node(ctx, p[1]) }
  else -- cap: one index per distinct name, so alt(cap("x", a), cap("x", b))
       -- fills the same capture whichever branch matched
    local index = ctx.cap_index[p.name]
    if not index then
      index = #ctx.cap_names + 1
      ctx.cap_names[index], ctx.cap_index[p.name] = p.name, index
    end
    return { op = "cap", index = index, name = p.name, to_node(ctx, p[1]) }
  end
end

-- before / after / not_before / not_after: a list of single-token tests.
local function context_preds(ctx, field, v)
  if v == nil then return nil end
  local list = (type(v) == "string" or is_pattern(v)) and { v } or v
  if type(list) ~= "table" then
    rule_fail(ctx, field, "expected a list of token tests, got " .. describe(v))
  end
  local out = {}
  local function add(p, i)
    if p.kind == "tok" then
      out[#out + 1] = core_pred(ctx, field, p.pred)
    elseif p.kind == "span" then
      -- In context a span means: this token lies inside such a span.
      use_label(ctx, field, p.label, true)
      out[#out + 1] = { in_label = p.label }
    elseif p.kind == "seq" then
      for _, q in ipairs(p) do add(q, i) end
    else
      rule_fail(ctx, field, "element " .. i .. " must be a single-token " ..
        "test (R.tok, a word, R.any or R.lex), got " .. describe(p))
    end
  end
  for i = 1, #list do
    local p = list[i]
    if type(p) == "string" and p ~= "" then p = literal(p) end
    if not is_pattern(p) then
      rule_fail(ctx, field, "element " .. i .. " must be a token test, got " ..
        describe(p))
    end
    add(p, i)
  end
  return out
end

-- ---------------------------------------------------------------------------
-- Rules
-- ---------------------------------------------------------------------------

local RULE_FIELDS = { "name", "label", "priority", "pattern", "regex",
  "caseless", "before", "after", "not_before", "not_after", "span", "action",
  "all", "description", "extra", "fields" }
local IS_RULE_FIELD = {}
for _, k in ipairs(RULE_FIELDS) do IS_RULE_FIELD[k] = true end
-- Fields of a result that user data may not overwrite.
local RESULT_FIELDS = { rule = true, label = true, priority = true, text = true,
  start = true, ["end"] = true, first = true, last = true, caps = true,
  reject = true }

local function check_type(ctx, rule, field, want, what)
  local v = rule[field]
  if v ~= nil and type(v) ~= want then
    rule_fail(ctx, field, "expected " .. what .. ", got " .. describe(v))
  end
  return v
end

-- Validates rule (the i-th) and returns its compiled record:
-- { name, label, priority, span, action, extra, cap_names, spec, source }.
local function prepare(rule, i, ctx)
  ctx.id = "#" .. i
  if type(rule) ~= "table" or is_pattern(rule) then
    rule_error(ctx, "expected a rule table, got " .. describe(rule))
  end
  local name = rule.name
  if name == nil then rule_error(ctx, "field 'name' missing") end
  if type(name) ~= "string" or name == "" then
    rule_fail(ctx, "name", "expected a non-empty string, got " .. describe(name))
  end
  ctx.id = "'" .. name .. "'"

  local declared = {}
  if rule.fields ~= nil then
    if type(rule.fields) ~= "table" then
      rule_fail(ctx, "fields", "expected a list of field names, got " ..
        describe(rule.fields))
    end
    for j, f in ipairs(rule.fields) do
      if type(f) ~= "string" or IS_RULE_FIELD[f] or RESULT_FIELDS[f] then
        rule_fail(ctx, "fields", "element " .. j .. " (" .. tostring(f) ..
          ") cannot be a user field")
      end
      declared[f] = true
    end
  end
  for k in pairs(rule) do
    if not IS_RULE_FIELD[k] and not declared[k] then
      if type(k) ~= "string" then
        rule_error(ctx, "[" .. tostring(k) .. "] is not a rule field " ..
          "(write pattern = ...)")
      end
      local hint = suggest(k, RULE_FIELDS)
      if hint == "" then
        hint = " (declare user fields in 'fields', or put them in 'extra')"
      end
      rule_error(ctx, "field '" .. k .. "' is not a rule field" .. hint)
    end
  end

  local rec = { name = name, source = rule, cap_names = {} }
  rec.label = check_type(ctx, rule, "label", "string", "a label name")
  rec.priority = check_type(ctx, rule, "priority", "number", "a number") or 0
  rec.action = check_type(ctx, rule, "action", "function", "a function")
  rec.description = check_type(ctx, rule, "description", "string", "a string")
  rec.extra = check_type(ctx, rule, "extra", "table", "a table")
  check_type(ctx, rule, "all", "boolean", "true or false")
  check_type(ctx, rule, "caseless", "boolean", "true or false")
  if rec.extra then
    for k in pairs(rec.extra) do
      if RESULT_FIELDS[k] then
        rule_fail(ctx, "extra", "'" .. tostring(k) .. "' is a result field")
      end
    end
  end
  rec.fields = next(declared) and sorted_keys(declared) or nil

  local spec = { name = name, all = rule.all or nil }
  ctx.cap_names, ctx.cap_index, ctx.labels = rec.cap_names, {}, ctx.labels or {}
  if rule.pattern ~= nil and rule.regex ~= nil then
    rule_fail(ctx, "regex", "a rule has a pattern or a regex, not both")
  elseif rule.pattern ~= nil then
    local p = rule.pattern
    if type(p) == "string" and p ~= "" then p = literal(p) end
    if not is_pattern(p) then
      rule_fail(ctx, "pattern", "expected a pattern, got " .. describe(p))
    end
    if rule.caseless ~= nil then
      rule_fail(ctx, "caseless", "only applies to 'regex'")
    end
    spec.pattern = to_node(ctx, p)
    spec.ncaptures = #rec.cap_names
  elseif rule.regex ~= nil then
    if type(rule.regex) ~= "string" then
      rule_fail(ctx, "regex", "expected a string, got " .. describe(rule.regex))
    end
    local ok, re = pcall(core.regex, rule.regex, rule.caseless and "i" or "")
    if not ok then
      rule_fail(ctx, "regex", (tostring(re):gsub("^glean: ", "")))
    end
    -- Named groups are captures by name, the others by number.
    for j, gname in ipairs(re:groups()) do
      rec.cap_names[j] = gname or j
    end
    spec.regex, spec.caseless = rule.regex, rule.caseless or nil
    spec.ncaptures = #rec.cap_names
  else
    rule_error(ctx, "field 'pattern' missing (give a pattern or a regex)")
  end

  for _, field in ipairs { "before", "after", "not_before", "not_after" } do
    spec[field] = context_preds(ctx, field, rule[field])
  end

  if rule.span ~= nil then
    local found = false
    for _, c in ipairs(rec.cap_names) do found = found or c == rule.span end
    if not found then
      local names = {}
      for _, c in ipairs(rec.cap_names) do names[#names + 1] = tostring(c) end
      rule_fail(ctx, "span", "no capture named '" .. tostring(rule.span) ..
        "' in the " .. (spec.regex and "regex" or "pattern") .. " (captures: " ..
        (#names > 0 and table.concat(names, ", ") or "none") .. ")")
    end
    rec.span = rule.span
  end
  rec.spec = spec
  return rec
end

-- A string that two values share exactly when they are equal tables of
-- strings, numbers and booleans (keys sorted; integers and floats apart).
local function canonical(v, out)
  local top = out == nil
  out = out or {}
  local t = type(v)
  if t == "table" then
    local keys = {}
    for k in pairs(v) do keys[#keys + 1] = k end
    table.sort(keys, function(a, b)
      local ta, tb = type(a), type(b)
      if ta ~= tb then return ta < tb end
      if ta == "number" or ta == "string" then return a < b end
      return tostring(a) < tostring(b)
    end)
    out[#out + 1] = "{"
    for _, k in ipairs(keys) do
      canonical(k, out)
      out[#out + 1] = "="
      canonical(v[k], out)
      out[#out + 1] = ","
    end
    out[#out + 1] = "}"
  elseif t == "string" then
    out[#out + 1] = string.format("%q", v)
  elseif t == "number" then
    out[#out + 1] = (math.type and math.type(v) or "n") .. tostring(v)
  else
    out[#out + 1] = tostring(v)
  end
  if top then return table.concat(out) end
end

-- Rules may come as one list or as a list of lists (packs).
local function flatten(rules, out)
  for i = 1, #rules do
    local r = rules[i]
    if type(r) == "table" and not is_pattern(r) and r.name == nil and
        type(r[1]) == "table" then
      flatten(r, out)
    else
      out[#out + 1] = r
    end
  end
  return out
end

local COMPILE_OPTIONS = { "lexicons", "max_match_tokens", "regex_match_limit",
  "regex_depth_limit", "document", "check_labels", "settings" }

local Compiled = {}
Compiled.__index = Compiled

-- R.compile(rules [, opts]) -> compiled rules.
-- opts: lexicons = {lex, ...} (core lexicons, or tables for R.lexicon),
--       max_match_tokens, regex_match_limit, regex_depth_limit (engine
--       limits), document = options for core.document when run gets a text,
--       check_labels = false to allow labels no lexicon defines,
--       settings = a table every action gets as its third argument (the
--       extractor passes its options, e.g. the span convention).
function M.compile(rules, opts)
  opts = opts or {}
  if type(rules) ~= "table" then
    error("glean: compile expects a list of rules, got " .. type(rules), 0)
  end
  if type(opts) ~= "table" then
    error("glean: compile options must be a table, got " .. type(opts), 0)
  end
  local is_option = {}
  for _, k in ipairs(COMPILE_OPTIONS) do is_option[k] = true end
  for k in pairs(opts) do
    if not is_option[k] then
      error("glean: unknown compile option '" .. tostring(k) .. "'" ..
        suggest(k, COMPILE_OPTIONS), 0)
    end
  end

  local lexicons = {}
  for i, lx in ipairs(opts.lexicons or {}) do
    if core.type(lx) == "lexicon" then
      lexicons[i] = lx
    elseif type(lx) == "table" then
      lexicons[i] = M.lexicon(lx)
    else
      error("glean: compile option 'lexicons': element " .. i ..
        " must be a lexicon, got " .. type(lx), 0)
    end
  end
  local known
  if opts.check_labels ~= false then
    known = { NUMBER = true }
    for _, lx in ipairs(lexicons) do
      for _, label in ipairs(lx:labels()) do known[label] = true end
    end
  end

  local list = flatten(rules, {})
  local records, by_name, labels = {}, {}, {}
  for i, rule in ipairs(list) do
    local ctx = { known = known, labels = labels }
    local rec = prepare(rule, i, ctx)
    if by_name[rec.name] then
      rule_fail(ctx, "name", "already used by rule #" .. by_name[rec.name].index)
    end
    rec.index = i
    records[i], by_name[rec.name] = rec, rec
  end

  local rs = core.ruleset {
    max_match_tokens = opts.max_match_tokens,
    regex_match_limit = opts.regex_match_limit,
    regex_depth_limit = opts.regex_depth_limit,
  }
  -- Labels first, then lexicons: the ruleset keeps the lexicon spans of
  -- the labels it knows, whatever the engine's order of doing so.
  for _, label in ipairs(sorted_keys(labels)) do rs:label(label) end
  for _, lx in ipairs(lexicons) do rs:add_lexicon(lx) end
  -- A rule that is another in all but name and priority, with no action,
  -- extra or declared fields, finds the same matches with the same spans;
  -- each of them ties with the other rule's on length and loses on
  -- priority (or, equal, on the other coming first): it can never win,
  -- so it is not run. Packs that work alone as well as together declare
  -- such helper rules (the places of person and org).
  local best = {}
  for _, rec in ipairs(records) do
    if not (rec.action or rec.extra or rec.fields or rec.spec.all) then
      local spec = {}
      for k, v in pairs(rec.spec) do spec[k] = v end
      spec.name = nil
      rec.twin_key = canonical { spec, rec.label or false, rec.span or false,
        rec.cap_names }
      local b = best[rec.twin_key]
      if not b or rec.priority > b.priority then best[rec.twin_key] = rec end
    end
  end

  -- meta[engine rule index] tells rs:batch how to build a result (see
  -- RESULTS above): name, label, priority, capture names, span capture
  -- (an unset one keeps the whole match), the extra and declared fields
  -- to copy, whether there is an action.
  local engine_rules, meta = {}, {}
  for _, rec in ipairs(records) do
    local twin = rec.twin_key and best[rec.twin_key]
    rec.twin_key = nil
    if twin and twin ~= rec then
      rec.shadowed_by = twin.name
      goto continue
    end
    local idx = rs:add_rule(rec.spec)
    engine_rules[idx] = rec
    local copy
    if rec.extra or rec.fields then
      copy = {}
      for k, v in pairs(rec.extra or {}) do copy[k] = v end
      for _, k in ipairs(rec.fields or {}) do copy[k] = rec.source[k] end
    end
    -- The span capture's index, when one capture has that name (-1 when
    -- several do: the engine then builds these results at once).
    local span_index = 0
    if rec.span ~= nil then
      for j, c in ipairs(rec.cap_names) do
        if c == rec.span then span_index = span_index == 0 and j or -1 end
      end
    end
    meta[idx] = { rec.name, rec.label, rec.priority, rec.cap_names,
      rec.span == nil and false or rec.span, copy or false,
      rec.action ~= nil, span_index }
    ::continue::
  end

  return setmetatable({ ruleset = rs, rules = records, by_name = by_name,
    engine_rules = engine_rules, meta = meta, lexicons = lexicons,
    document_options = opts.document, settings = opts.settings or {} },
    Compiled)
end

-- ---------------------------------------------------------------------------
-- Running
-- ---------------------------------------------------------------------------

-- The document of input and its text; for a document, nil instead of a
-- copy of its text (start makes one only if it needs it).
local function input_doc(self, input)
  if type(input) == "string" then
    return core.document(input, self.document_options), input
  elseif core.type(input) == "document" then
    return input, nil
  end
  error("glean: run expects a text or a glean.document, got " ..
    type(input), 0)
end

-- Runs the action of rec on r; returns true to keep r, and then true
-- again when the action moved the span without setting a text (the
-- caller sets the text of the new span).
local function act(rec, r, doc, settings)
  local start, stop, old_text = r.start, r["end"], r.text
  local ok, ret = pcall(rec.action, r, doc, settings)
  if not ok then
    error("glean: rule '" .. rec.name .. "': action failed: " ..
      tostring(ret), 0)
  end
  local reject = r.reject
  if reject ~= nil then r.reject = nil end
  if ret == false or reject then return false end
  -- (most actions return nothing or true: no call of type for them)
  if ret ~= nil and ret ~= true and type(ret) == "table" then
    for k, v in pairs(ret) do r[k] = v end
  end
  return true, (r.start ~= start or r["end"] ~= stop) and r.text == old_text
end

-- Scans and runs the actions (in scan order); returns the batch of
-- results. rs:batch builds a result table in C (plugin/lua_ruleset.c)
-- only when Lua needs it: at once for rules with an action, later for
-- the results that resolving keeps, or for all when batch:all() asks.
local function start(self, input, rejected)
  local doc, text = input_doc(self, input)
  local batch, objs, acts = self.ruleset:batch(doc, self.meta)
  local rules, settings = self.engine_rules, self.settings
  for k = 1, #acts, 2 do
    local i = acts[k]
    local rec, r = rules[acts[k + 1]], objs[i]
    local keep, moved = act(rec, r, doc, settings)
    if not keep then
      objs[i] = false
      if rejected then rejected[#rejected + 1] = r end
    elseif moved then
      text = text or doc:text()  -- a copy: made once, and only if needed
      r.text = text:sub(r.start + 1, r["end"])
    end
  end
  return batch
end

local function run(self, input, rejected)
  return start(self, input, rejected):all()
end

-- compiled:run(text_or_doc [, opts]) -> results sorted by start.
-- opts.resolve = true returns R.resolve(results) instead.
function Compiled:run(input, opts)
  if opts and opts.resolve then return (self:resolved(input)) end
  return run(self, input)
end

-- ---------------------------------------------------------------------------
-- Resolving overlaps
-- ---------------------------------------------------------------------------

local function ntokens(r)
  if r.first and r.last then return r.last - r.first + 1 end
end

-- Why a beats b, or nil when it does not.
local function beats(a, b)
  local ta, tb = ntokens(a), ntokens(b)
  if ta and tb and ta ~= tb then return ta > tb and "longer" end
  local la, lb = a["end"] - a.start, b["end"] - b.start
  if la ~= lb then return la > lb and "longer" end
  local pa, pb = a.priority or 0, b.priority or 0
  if pa ~= pb then return pa > pb and "higher priority" end
  if a.start ~= b.start then return a.start < b.start and "earlier" end
  return nil
end

-- R.resolve(results) -> kept, lost
--
-- The policy: one span of text gets one label, so overlapping results
-- compete whatever their labels. The longest wins (in tokens, then bytes):
-- a longer match has used more evidence ("Bank of America" over
-- "America"). Among equally long ones the higher priority wins (a rule
-- author's way to prefer PERSON over LOC for "Washington"), then the one
-- that starts first, then the one listed first in results, so the outcome
-- never depends on sorting order. Winners are chosen greedily from the
-- best down; a result is kept when it overlaps no result kept before it.
--
-- kept is sorted by start; lost maps each dropped result to the result
-- that beat it (the first, by start, of those it overlaps; for explain).
--
-- Results with token ranges and non-empty spans (all that compiled rules
-- give, unless an action empties a span) are resolved in C, in
-- O(n log n) (plugin/resolve.c); others by the same policy in Lua.
local core_resolve = core.resolve

local function resolve_lua(results)
  -- The common case (every result with a token range) is resolved in C;
  -- this path keeps the policy for the rest, in beats() order.
  local order = {}
  for i, r in ipairs(results) do order[i] = { r = r, i = i } end
  table.sort(order, function(x, y)
    if beats(x.r, y.r) then return true end
    if beats(y.r, x.r) then return false end
    return x.i < y.i
  end)
  -- kept spans are disjoint, so sorted by start they are sorted by end too,
  -- and one binary search finds the only candidate for an overlap.
  local kept, lost = {}, {}
  for _, o in ipairs(order) do
    local r = o.r
    local lo, hi = 1, #kept
    while lo <= hi do  -- first kept span ending after r starts
      local mid = math.floor((lo + hi) / 2)
      if kept[mid]["end"] > r.start then hi = mid - 1 else lo = mid + 1 end
    end
    local k = kept[lo]
    if k and k.start < r["end"] and r.start < k["end"] then
      lost[r] = k
    else
      table.insert(kept, lo, r)
    end
  end
  return kept, lost
end

function M.resolve(results)
  local kept, lost = core_resolve(results, true)
  if kept then return kept, lost end
  return resolve_lua(results)
end

-- R.resolve_kept(results) -> kept: the same without `lost`.
function M.resolve_kept(results)
  return core_resolve(results, false) or (resolve_lua(results))
end

-- compiled:resolved(text_or_doc) -> kept, all
-- R.resolve(compiled:run(input)) without building the results that lose
-- (the pipeline's way). all() returns every result, as compiled:run would
-- have; all(label) only those of that label; kept holds the same tables.
function Compiled:resolved(input)
  local batch = start(self, input)
  local kept = batch:resolve()
  if not kept then kept = M.resolve_kept(batch:all()) end
  return kept, function(label) return batch:all(label) end
end

-- compiled:batch(text_or_doc) -> batch: the scan with actions run, its
-- results not built yet. batch:resolve() -> kept (nil when the results
-- need R.resolve in Lua: empty spans), batch:all() -> every result.
-- (What compiled:resolved does in two steps, for benchmarks.)
function Compiled:batch(input)
  return start(self, input)
end

-- compiled:explain(text_or_doc) -> entries, report
-- Every match with what became of it: status "kept", "lost" (with `by`,
-- the winner, and `why`) or "rejected" (by its action); report is the same
-- as readable text, one line per match.
function Compiled:explain(input)
  local rejected = {}
  local results = run(self, input, rejected)
  local kept, lost = M.resolve(results)
  local entries = {}
  local function add(r, status, by)
    entries[#entries + 1] = { result = r, rule = r.rule, label = r.label,
      text = r.text, start = r.start, ["end"] = r["end"], status = status,
      by = by and by.rule, why = by and beats(by, r) or nil }
  end
  for _, r in ipairs(kept) do add(r, "kept") end
  for r, w in pairs(lost) do add(r, "lost", w) end
  for _, r in ipairs(rejected) do add(r, "rejected") end
  table.sort(entries, function(a, b)
    if a.start ~= b.start then return a.start < b.start end
    if a["end"] ~= b["end"] then return a["end"] < b["end"] end
    return a.rule < b.rule
  end)
  -- The text on one line, padded to 24 characters (not bytes).
  local function shown(text)
    local s = '"' .. text:gsub("%c", " ") .. '"'
    local width = #s - select(2, s:gsub("[\128-\191]", ""))
    return s .. string.rep(" ", 24 - width)
  end
  local lines = {}
  for i, e in ipairs(entries) do
    local rec = self.by_name[e.rule]
    lines[i] = string.format("%6d-%-6d %-8s %s %-9s rule %s%s%s",
      e.start, e["end"], tostring(e.label), shown(e.text),
      e.status, e.rule,
      e.by and (" (lost to " .. e.by .. ", " .. (e.why or "tie") .. ")")
        or "",
      rec and rec.description and (" -- " .. rec.description) or "")
  end
  return entries, table.concat(lines, "\n")
end

-- ---------------------------------------------------------------------------
-- Lexicons
-- ---------------------------------------------------------------------------

-- R.lexicon(entries_or_path [, opts]) -> a core lexicon.
--   R.lexicon { ["Donald"] = "GIVEN", ["Bank of America"] = "ORG" }
--   R.lexicon({ "Mr.", "Mrs." }, { label = "HONORIFIC" })
--   R.lexicon { { "dollar", "CUR_WORD", "USD", true }, ... }  -- phrase,
--                                          label, value, fold
--   R.lexicon("titles.txt", { label = "TITLE", fold = true })
-- opts: label (default label), fold, into (an existing lexicon to fill).
-- From a file it also returns loaded, skipped, first_bad_line.
function M.lexicon(src, opts)
  opts = opts or {}
  local lex = opts.into or core.lexicon()
  if type(src) == "string" then
    return lex, lex:load(src, { label = opts.label, fold = opts.fold })
  end
  if type(src) ~= "table" then
    error("glean: R.lexicon expects a table of entries or a file path, got " ..
      type(src), 0)
  end
  local list = {}
  for i = 1, #src do list[i] = src[i] end
  for phrase, v in pairs(src) do
    if type(phrase) == "string" then
      if type(v) == "string" then
        list[#list + 1] = { phrase, v }
      elseif type(v) == "table" then
        list[#list + 1] = { phrase, v.label, v.value, v.fold }
      elseif v == true then
        list[#list + 1] = { phrase }
      else
        error("glean: R.lexicon: entry '" .. phrase .. "' must map to a " ..
          "label, got " .. type(v), 0)
      end
    end
  end
  lex:add_list(list, opts.label, opts.fold)
  return lex
end

M.Pattern = Pattern
M.is_pattern = is_pattern
M.suggest = suggest

return M
