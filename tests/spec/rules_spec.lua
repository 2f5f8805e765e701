-- rules_spec.lua — the rule language (glean.rules): combinators, captures,
-- spans, actions, errors that name the rule and the field, the overlap
-- policy, and a small people + money example. Runs under Lua 5.4 and LuaJIT.

local core = require "glean.core"
local R = require "glean.rules"

local function err_of(f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok, "expected an error")
  return tostring(e)
end

local function has(s, part)
  return s:find(part, 1, true) ~= nil
end

-- Texts of the results of one or more rules over text.
local function run_texts(rules, text, opts)
  local out = {}
  for i, m in ipairs(R.compile(rules, opts):run(text)) do out[i] = m.text end
  return out
end

-- Texts of the matches of a single pattern.
local function find(pattern, text, opts)
  return run_texts({ { name = "t", pattern = pattern } }, text, opts)
end

local ORG = R.lexicon { ["Bank of Spain"] = "ORG", ["Madrid"] = "CITY",
  ["said"] = "VERB", ["told"] = "VERB" }

describe("token tests", function()
  it("test shape flags: true must have, false must not", function()
    assert.same({ "Big", "Fox" }, find(R.tok { caps = true }, "the Big red Fox"))
    assert.same({ "the", "red" },
      find(R.tok { caps = false, word = true }, "the Big red Fox ."))
    assert.same({ "NATO" }, find(R.tok { upper = true, word = true },
      "NATO and Nato"))
    assert.same({ "12", "7" }, find(R.tok { digit = true }, "12 cats, 7 dogs"))
    assert.same({ ",", "." }, find(R.tok { punct = true }, "a, b."))
  end)

  it("test word sets, exact or folded", function()
    local text = "She said it, he SAID so, they says"
    assert.same({ "said", "says" }, find(R.tok { "said", "says" }, text))
    assert.same({ "said", "SAID" }, find(R.tok { "said", fold = true }, text))
    assert.same({ "said" }, find(R.word("said"), text))
    assert.same({ "said", "SAID", "says" }, find(R.iword("said", "says"), text))
    assert.same({ "said", "says" }, find(R.word { "said", "says" }, text))
  end)

  it("exclude words with `not`", function()
    assert.same({ "Big", "Fox" },
      find(R.tok { caps = true, ["not"] = { "The" } }, "The Big Fox"))
    assert.same({ "a" }, find(R.tok { "a", "b", ["not"] = "b" }, "a b c"))
    assert.same({ "c" },
      find(R.tok { word = true, ["not"] = { "A", "B" }, fold = true }, "a b c"))
  end)

  it("match the whole token text with a regex", function()
    local text = "Johnson met Larsen and Olson, not Johnsons"
    assert.same({ "Johnson", "Olson" }, find(R.tok { re = "[A-Z][a-z]+son" }, text))
    assert.same({ "Johnson", "Olson" },
      find(R.tok { re = "[a-z]+son", caseless = true }, text))
  end)

  it("rule out tokens a regex matches with `not_re`", function()
    assert.same({ "Acme", "Nori" }, find(R.tok { caps = true,
      not_re = ".*-(?:based|owned)" }, "Boston-based Acme bought state-owned Nori"))
    assert.same({ "a", "c" },
      find(R.tok { not_re = "B", caseless = true }, "a b c"))
    assert.truthy(has(err_of(R.tok, { re = "a", not_re = "b" }),
      "give 're' or 'not_re', not both"))
    assert.truthy(has(err_of(R.tok, { not_re = "(" }),
      "glean: R.tok: 'not_re': regex: "))
  end)

  it("test lexicon labels, in or out", function()
    local opts = { lexicons = { ORG } }
    local text = "Ana saw the Bank of Spain in Madrid"
    assert.same({ "Bank", "of", "Spain" }, find(R.tok { label = "ORG" }, text, opts))
    assert.same({ "Bank of Spain" }, find(R.plus(R.tok { label = "ORG" }), text, opts))
    assert.same({ "Ana", "Madrid" },
      find(R.tok { caps = true, not_label = "ORG" }, text, opts))
    assert.same({ "Bank", "of", "Spain", "Madrid" },
      find(R.tok { label = { "ORG", "CITY" } }, text, opts))
    assert.same({ "Ana" },
      find(R.tok { caps = true, not_label = { "ORG", "CITY" } }, text, opts))
    assert.same({ "Ana", "saw", "the", "in" },
      find(R.neg(R.tok { label = { "ORG", "CITY" } }), text, opts))
    assert.truthy(has(err_of(R.compile, { { name = "r",
      pattern = R.tok { label = "ORG", not_label = "CITY" } } }, opts),
      "glean: rule 'r': field 'pattern': a token test cannot have both"))
  end)

  it("test any of several flags", function()
    assert.same({ "$", "5" },
      find(R.tok { any_of = { "digit", "currency" } }, "$ 5 x"))
  end)

  it("match any token, or a token failing a test", function()
    assert.same({ "the cat", "the dog" },
      find(R.seq("the", R.any), "the cat and the dog"))
    assert.same({ "the dog" },
      find(R.seq("the", R.neg(R.tok { caps = true })), "the Cat or the dog"))
    assert.same({ "b" }, find(R.neg(R.neg(R.word "b")), "a b c"))
  end)

  it("reject unknown tests, naming the line that wrote them", function()
    local e = err_of(function()
      local t = R.tok { capz = true }  -- not a tail call: this line is named
      return t
    end)
    assert.truthy(has(e, "glean: unknown token test 'capz' (did you mean 'caps'?)"))
    assert.truthy(has(e, "rules_spec.lua:"))
    assert.truthy(has(err_of(R.tok, { caps = "yes" }),
      "token test 'caps' must be true or false, got string"))
    assert.truthy(has(err_of(R.tok, { re = "(" }), "glean: R.tok: 're': regex: "))
    assert.truthy(has(err_of(R.tok, { "according to" }), "has several tokens"))
    assert.truthy(has(err_of(R.tok, 5), "R.tok expects a table"))
    assert.truthy(has(err_of(R.tok, { any_of = { "digits" } }),
      "unknown token test 'digits' (did you mean 'digit'?)"))
  end)
end)

describe("patterns", function()
  local caps = R.tok { caps = true }

  it("take plain strings as literals, several words as a sequence", function()
    assert.same({ "according to Ana Lima" },
      find(R.seq("according to", R.caps(1, 2)), "according to Ana Lima, who"))
    assert.same({ "New York" }, find("New York", "in New York today"))
  end)

  it("combine in sequences and alternatives", function()
    assert.same({ "cat", "dog" }, find(R.alt("cat", "dog"), "cat dog bird"))
    assert.same({ "big cat", "dog" },
      find(R.alt(R.seq("big", "cat"), "dog"), "a big cat and a dog"))
    local s = R.seq(R.seq("a", "b"), "c")
    assert.equal("seq", s.kind)
    assert.equal(3, #s)
  end)

  it("repeat", function()
    local text = "A B C D e F"
    assert.same({ "A B C D", "F" }, find(R.plus(caps), text))
    assert.same({ "A B", "C D" }, find(R.rep(caps, 2), text))
    assert.same({ "A B C", "D", "F" }, find(R.rep(caps, 1, 3), text))
    assert.same({ "x 1 2", "x" }, find(R.seq("x", R.star(R.tok { digit = true })),
      "x 1 2 x"))
    assert.same({ "Mr. Lee", "Lee" }, find(R.seq(R.opt("Mr."), "Lee"),
      "Mr. Lee and Lee"))
    assert.same({ "A B C D" }, find(R.rep(caps, 2, math.huge), text))
    assert.truthy(has(err_of(R.rep, caps, 3, 1), "maximum 1 is below minimum 3"))
    assert.truthy(has(err_of(R.rep, caps, -1), "must be an integer >= 0"))
  end)

  it("match whole lexicon spans and numbers", function()
    local opts = { lexicons = { ORG } }
    assert.same({ "Bank of Spain" }, find(R.lex "ORG", "the Bank of Spain", opts))
    assert.same({ "two hundred people", "5 people" },
      find(R.seq(R.number, "people"), "two hundred people and 5 people"))
  end)

  it("find capitalized runs with R.caps", function()
    assert.same({ "Ana Maria Lima" }, find(R.caps(2, 3), "met Ana Maria Lima"))
    assert.same({ "Ana", "Maria", "Lima" }, find(R.caps(), "Ana Maria Lima"))
  end)

  it("never run into the next paragraph (or line, with no blank line)",
    function()
      -- a byline above the first paragraph, blank lines between
      assert.same({ "Ann Lee", "Rosa Diaz" },
        find(R.caps(2, 4), "Story by Ann Lee\n\nRosa Diaz, a nurse, said."))
      -- no blank line anywhere: each line is a paragraph
      assert.same({ "Ann Lee", "Rosa Diaz" },
        find(R.caps(2, 4), "Ann Lee\nRosa Diaz said."))
      -- a match may end right before the next paragraph
      assert.same({ "Rosa Diaz" },
        find(R.seq(R.caps(2, 2), R.opt(".")), "Rosa Diaz\n\n. Then"))
      -- a line break inside a paragraph is a space
      assert.same({ "Ann Lee\nSmith" },
        find(R.caps(2, 4),
          "A note.\n\nWe met Ann Lee\nSmith on Friday.\n\nEnd."))
    end)

  it("print readably", function()
    assert.equal("seq(tok{'Mr.'}, name:tok{CAP}{1,3})",
      tostring(R.seq("Mr.", R.cap("name", R.rep(caps, 1, 3)))))
    assert.equal("alt(lex(ORG) | neg{'x'})", tostring(R.alt(R.lex "ORG", R.neg("x"))))
  end)

  it("refuse what is not a pattern", function()
    assert.truthy(has(err_of(R.seq, "a", 5), "R.seq: element 2: expected a pattern, got number"))
    assert.truthy(has(err_of(R.seq), "R.seq needs at least one pattern"))
    assert.truthy(has(err_of(R.neg, R.lex "ORG"), "R.neg takes a single-token test"))
    assert.truthy(has(err_of(R.cap, "my name", caps), "the name must be an identifier"))
    assert.truthy(has(err_of(R.lex, ""), "R.lex expects a label name"))
  end)
end)

describe("rules", function()
  it("check context before and after the match", function()
    local text = "Ana said Rui Costa left; Mr. Dias told Eva Lopes"
    local opts = { lexicons = { ORG } }
    assert.same({ "Rui Costa" }, run_texts({ { name = "r", pattern = R.caps(1, 2),
      before = { "said" } } }, text))
    assert.same({ "Ana", "Mr. Dias" }, run_texts({ { name = "r",
      pattern = R.caps(1, 2), after = { R.lex "VERB" } } }, text, opts))
    assert.same({ "Rui Costa", "Eva Lopes" }, run_texts({ { name = "r",
      pattern = R.caps(1, 2), before = R.tok { label = "VERB" } } }, text, opts))
    assert.same({ "Rui", "Costa", "Mr.", "Eva", "Lopes" }, run_texts({ {
      name = "r", pattern = R.tok { caps = true }, not_before = { "Mr." },
      not_after = { "said" } } }, text))
    assert.same({ "Eva" }, run_texts({ { name = "r", pattern = R.tok { caps = true },
      before = { "Dias told" } } }, text))
  end)

  it("run regexes over the text, whole tokens, named groups as captures", function()
    local c = R.compile { { name = "money", regex = "(?<cur>[$€])\\s?(?<num>\\d+)",
      span = "num" } }
    local m = c:run("They paid $40 and € 7 more.")
    assert.equal(2, #m)
    assert.equal("40", m[1].text)
    assert.equal("$", m[1].caps.cur.text)
    assert.equal("7", m[2].text)
    local whole = R.compile { { name = "w", regex = "ai", caseless = true } }
    assert.same({ "PAID" }, (function()
      local out = {}
      for i, x in ipairs(whole:run("they PAID")) do out[i] = x.text end
      return out
    end)())
  end)

  it("give captures and a span taken from one of them", function()
    local c = R.compile({ {
      name = "person.titled", label = "PERSON", priority = 7,
      pattern = R.seq(R.cap("title", R.word("Minister", "Mayor")),
        R.cap("name", R.caps(1, 3)), R.opt(R.cap("suffix", "Jr."))),
      span = "name",
    } })
    local m = c:run("Yesterday Mayor Ana Lima spoke.")
    assert.equal(1, #m)
    local r = m[1]
    assert.equal("person.titled", r.rule)
    assert.equal("PERSON", r.label)
    assert.equal(7, r.priority)
    assert.equal("Ana Lima", r.text)
    assert.equal(16, r.start)
    assert.equal(24, r["end"])
    assert.equal(3, r.first)
    assert.equal(4, r.last)
    assert.equal("Mayor", r.caps.title.text)
    assert.equal(10, r.caps.title.start)
    assert.equal(2, r.caps.title.first)
    assert.equal("Ana Lima", r.caps.name.text)
    assert.is_nil(r.caps.suffix)
  end)

  it("share a capture between alternatives of the same name", function()
    local c = R.compile { { name = "r",
      pattern = R.alt(R.seq("Dr.", R.cap("who", R.caps(1))),
        R.seq(R.cap("who", R.caps(1)), "said")) } }
    local m = c:run("Dr. Lee met us. Kim said no.")
    assert.equal(2, #m)
    assert.equal("Lee", m[1].caps.who.text)
    assert.equal("Kim", m[2].caps.who.text)
  end)

  it("run on a document as well as on a text", function()
    local c = R.compile { { name = "r", pattern = "beta" } }
    local doc = core.document("alpha beta")
    local m = c:run(doc)
    assert.equal(1, #m)
    assert.equal("beta", m[1].text)
    assert.truthy(has(err_of(c.run, c, 5), "run expects a text or a glean.document"))
  end)

  it("copy extra and declared fields into results", function()
    local c = R.compile { { name = "r", pattern = "beta", extra = { kind = "greek" },
      fields = { "lang" }, lang = "el", description = "a letter" } }
    local m = c:run("alpha beta")[1]
    assert.equal("greek", m.kind)
    assert.equal("el", m.lang)
  end)

  it("take packs: lists of rule lists", function()
    local c = R.compile { { { name = "a", pattern = "alpha" } },
      { { name = "b", pattern = "beta" } } }
    assert.equal(2, #c.rules)
    assert.equal(2, #c:run("alpha beta"))
  end)
end)

describe("actions", function()
  local function compiled(action)
    return R.compile { { name = "act", label = "X", pattern = R.caps(1, 2),
      action = action } }
  end
  local text = "Ana Lima met Rui"

  it("accept when they return nothing or true", function()
    assert.equal(2, #compiled(function() end):run(text))
    assert.equal(2, #compiled(function() return true end):run(text))
  end)

  it("reject with false or m.reject", function()
    local m = compiled(function(r) return r.text ~= "Rui" end):run(text)
    assert.equal(1, #m)
    assert.equal("Ana Lima", m[1].text)
    m = compiled(function(r) r.reject = r.text == "Ana Lima" end):run(text)
    assert.equal(1, #m)
    assert.equal("Rui", m[1].text)
    assert.is_nil(m[1].reject)
  end)

  it("add fields by setting them or returning a table", function()
    local m = compiled(function(r) r.words = r.last - r.first + 1 end):run(text)
    assert.equal(2, m[1].words)
    m = compiled(function(r) return { upper = r.text:upper() } end):run(text)
    assert.equal("ANA LIMA", m[1].upper)
    assert.equal("Ana Lima", m[1].text)
  end)

  it("get the document and may move the span", function()
    local kinds = {}
    local m = compiled(function(r, doc)
      kinds[#kinds + 1] = core.type(doc)
      if r.last > r.first then  -- keep the surname only
        r.first = r.last
        r.start = (doc:token(r.last))
      end
    end):run(text)
    assert.same({ "document", "document" }, kinds)
    assert.equal("Lima", m[1].text)
    assert.equal(4, m[1].start)
  end)

  it("name the rule when they fail", function()
    local c = compiled(function() error("boom", 0) end)
    assert.equal("glean: rule 'act': action failed: boom", err_of(c.run, c, text))
  end)
end)

describe("rule mistakes", function()
  local ok_rule = { name = "ok", pattern = "x" }

  it("name the rule and the field", function()
    assert.equal("glean: rule #3: field 'name' missing", err_of(R.compile,
      { ok_rule, { name = "ok2", pattern = "y" }, { pattern = "z" } }))
    assert.equal("glean: rule 'person.title_name': field 'pattern': expected a " ..
      "pattern, got number", err_of(R.compile,
      { { name = "person.title_name", pattern = 5 } }))
    assert.equal("glean: rule 'r': field 'priority': expected a number, got string",
      err_of(R.compile, { { name = "r", pattern = "x", priority = "high" } }))
    assert.equal("glean: rule 'r': field 'action': expected a function, got table",
      err_of(R.compile, { { name = "r", pattern = "x", action = {} } }))
    assert.equal("glean: rule 'r': field 'pattern' missing (give a pattern or a regex)",
      err_of(R.compile, { { name = "r" } }))
    assert.equal("glean: rule #1: field 'name': expected a non-empty string, got number",
      err_of(R.compile, { { name = 5, pattern = "x" } }))
    assert.equal("glean: rule #2: expected a rule table, got string",
      err_of(R.compile, { ok_rule, "oops" }))
  end)

  it("catch typos in field names", function()
    assert.equal("glean: rule 'x': field 'paterrn' is not a rule field " ..
      "(did you mean 'pattern'?)", err_of(R.compile, { { name = "x", paterrn = "a" } }))
    assert.equal("glean: rule 'x': field 'colour' is not a rule field " ..
      "(declare user fields in 'fields', or put them in 'extra')",
      err_of(R.compile, { { name = "x", pattern = "a", colour = "red" } }))
    assert.truthy(has(err_of(R.compile, { { name = "x", pattern = "a",
      extra = { text = "t" } } }), "field 'extra': 'text' is a result field"))
    assert.truthy(has(err_of(R.compile, { { name = "x", pattern = "a",
      fields = { "label" } } }), "field 'fields'"))
    assert.equal("glean: unknown compile option 'lexicon' (did you mean 'lexicons'?)",
      err_of(R.compile, { ok_rule }, { lexicon = {} }))
  end)

  it("check the parts of a rule against each other", function()
    assert.truthy(has(err_of(R.compile, { { name = "r", pattern = "x", regex = "x" } }),
      "glean: rule 'r': field 'regex': a rule has a pattern or a regex, not both"))
    assert.equal("glean: rule 'r': field 'caseless': only applies to 'regex'",
      err_of(R.compile, { { name = "r", pattern = "x", caseless = true } }))
    assert.equal("glean: rule 'r': field 'span': no capture named 'nme' in the " ..
      "pattern (captures: name)", err_of(R.compile, { { name = "r",
      pattern = R.cap("name", R.caps(1)), span = "nme" } }))
    assert.equal("glean: rule 'ok': field 'name': already used by rule #1",
      err_of(R.compile, { ok_rule, ok_rule }))
    local e = err_of(R.compile, { { name = "bad.re", regex = "(open" } })
    assert.truthy(has(e, "glean: rule 'bad.re': field 'regex': regex: "))
    assert.truthy(has(err_of(R.compile, { { name = "r", pattern = "x",
      before = { R.alt("a", "b") } } }), "glean: rule 'r': field 'before': " ..
      "element 1 must be a single-token test"))
  end)

  it("check labels against the lexicons", function()
    local lex = R.lexicon { Ana = "GIVEN" }
    assert.equal("glean: rule 'r': field 'pattern': label 'GIVN' is not defined " ..
      "by any lexicon (did you mean 'GIVEN'?)", err_of(R.compile,
      { { name = "r", pattern = R.lex "GIVN" } }, { lexicons = { lex } }))
    assert.truthy(has(err_of(R.compile, { { name = "r", pattern = "x",
      after = { R.tok { label = "VRB" } } } }, { lexicons = { lex } }),
      "field 'after': label 'VRB'"))
    -- a negative test on an unknown label cannot be a mistake that matters
    R.compile({ { name = "r", pattern = R.tok { not_label = "OTHER" } } },
      { lexicons = { lex } })
    R.compile({ { name = "r", pattern = R.lex "LATER" } }, { check_labels = false })
  end)
end)

describe("R.resolve", function()
  local function res(rule, start, stop, first, last, priority, label)
    return { rule = rule, label = label or "X", start = start, ["end"] = stop,
      first = first, last = last, priority = priority or 0 }
  end
  local function rules_of(list)
    local out = {}
    for i, r in ipairs(list) do out[i] = r.rule end
    return out
  end

  it("keeps the longest of overlapping results, whatever the priority", function()
    local long = res("long", 0, 20, 1, 3, 0, "ORG")
    local short = res("short", 10, 20, 3, 3, 100, "LOC")
    local kept, lost = R.resolve { short, long }
    assert.same({ "long" }, rules_of(kept))
    assert.equal(long, lost[short])
  end)

  it("counts length in tokens first, then bytes", function()
    local three = res("three", 0, 9, 1, 3)
    local two = res("two", 0, 15, 1, 2)
    assert.same({ "three" }, rules_of(R.resolve { two, three }))
    local a, b = res("a", 0, 8, 1, 2), res("b", 0, 9, 1, 2)
    assert.same({ "b" }, rules_of(R.resolve { a, b }))
  end)

  it("prefers higher priority, then earlier start, then the first listed", function()
    assert.same({ "hi" }, rules_of(R.resolve { res("lo", 0, 5, 1, 1, 1),
      res("hi", 0, 5, 1, 1, 9) }))
    assert.same({ "early" }, rules_of(R.resolve { res("late", 3, 8, 2, 3),
      res("early", 0, 5, 1, 2) }))
    assert.same({ "first" }, rules_of(R.resolve { res("first", 0, 5, 1, 1),
      res("second", 0, 5, 1, 1) }))
  end)

  it("keeps results that only touch, sorted by start", function()
    local kept = R.resolve { res("c", 10, 15, 3, 3), res("a", 0, 5, 1, 1),
      res("b", 5, 10, 2, 2), res("bc", 7, 12, 2, 3, 0) }
    assert.same({ "a", "bc" }, rules_of(kept))
    kept = R.resolve { res("c", 10, 15, 3, 3), res("a", 0, 5, 1, 1),
      res("b", 5, 10, 2, 2) }
    assert.same({ "a", "b", "c" }, rules_of(kept))
  end)

  it("leaves its input alone", function()
    local input = { res("a", 0, 5, 1, 1), res("b", 0, 5, 1, 1) }
    R.resolve(input)
    assert.same({ "a", "b" }, rules_of(input))
  end)

  -- The policy spelled out, quadratic: best first, kept unless it meets a
  -- kept one; the winner named is the one of those that starts first.
  local function reference(results)
    local order = {}
    for i, r in ipairs(results) do order[i] = { r = r, i = i } end
    table.sort(order, function(x, y)
      local a, b = x.r, y.r
      local ta, tb = a.last - a.first, b.last - b.first
      if ta ~= tb then return ta > tb end
      local la, lb = a["end"] - a.start, b["end"] - b.start
      if la ~= lb then return la > lb end
      if a.priority ~= b.priority then return a.priority > b.priority end
      if a.start ~= b.start then return a.start < b.start end
      return x.i < y.i
    end)
    local kept, lost = {}, {}
    for _, o in ipairs(order) do
      local r, by = o.r, nil
      for _, k in ipairs(kept) do
        if k.start < r["end"] and r.start < k["end"] and
            (not by or k.start < by.start) then
          by = k
        end
      end
      if by then lost[r] = by else kept[#kept + 1] = r end
    end
    table.sort(kept, function(a, b) return a.start < b.start end)
    return kept, lost
  end

  it("follows the policy on random results, spans moved off their tokens too", function()
    local seed = 11
    local function rand(n)  -- a small LCG: the same under Lua 5.4 and LuaJIT
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed % n
    end
    for _ = 1, 300 do
      local list = {}
      for i = 1, rand(40) do
        local f = 1 + rand(25)
        local l = f + rand(4)
        local s, e = f * 10 + rand(4), l * 10 + 4 + rand(6)
        -- an action may move a span without its tokens ("the", "'s")
        if rand(5) == 0 then s = s - rand(14) end
        if rand(5) == 0 then e = e + rand(14) end
        list[i] = res("r" .. i, s, e, f, l, rand(3))
      end
      local kept, lost = R.resolve(list)
      local want_kept, want_lost = reference(list)
      assert.same(rules_of(want_kept), rules_of(kept))
      for _, r in ipairs(list) do assert.equal(want_lost[r], lost[r]) end
      assert.same(rules_of(kept), rules_of(R.resolve_kept(list)))
    end
  end)

  it("resolves results without tokens or with empty spans by the same policy", function()
    local a = { rule = "a", start = 0, ["end"] = 9 }
    local b = res("b", 4, 12, 2, 2, 5)
    local kept, lost = R.resolve { b, a }
    assert.same({ "a" }, rules_of(kept))
    assert.equal(a, lost[b])
    kept = R.resolve { res("empty", 5, 5, 2, 2), res("x", 0, 5, 1, 1),
      res("in", 3, 3, 1, 1) }
    assert.same({ "x", "empty" }, rules_of(kept))
  end)

  it("grows about linearly with the number of results", function()
    -- Chains of overlapping results; the kept list grows with them (an
    -- array kept sorted by insertion made this quadratic).
    local function chain(n)
      local list = {}
      for i = 1, n do
        list[i] = res("r", i * 4, i * 4 + 6, i, i + 1, i % 3)
      end
      return list
    end
    local small, big = chain(10000), chain(100000)
    local t0 = os.clock()
    R.resolve(small)
    local t1 = os.clock()
    R.resolve(big)
    local t2 = os.clock()
    assert.truthy(t2 - t1 < 40 * math.max(t1 - t0, 0.002),
      string.format("10x results took %.3f s vs %.3f s", t2 - t1, t1 - t0))
  end)
end)

describe("compiled:resolved", function()
  local rules = {
    { name = "pair", label = "P", priority = 1, pattern = R.caps(2, 2) },
    { name = "one", label = "O", priority = 5,
      pattern = R.cap("w", R.tok { caps = true }), span = "w" },
    { name = "odd", label = "X", pattern = R.tok { digit = true },
      action = function(m) return tonumber(m.text) % 2 == 1 end },
    { name = "moved", label = "M", pattern = R.seq("the", R.tok { caps = true }),
      action = function(m) m.start = m.start + 4 end },
  }
  local text = "Ana Lima met the Rui 3 4 and Eva Cruz"

  it("keeps what R.resolve of compiled:run keeps, the same tables in all()", function()
    local c = R.compile(rules, { check_labels = false })
    local want = R.resolve(c:run(text))
    local kept, all = c:resolved(text)
    local function sig(list)
      local out = {}
      for i, r in ipairs(list) do
        out[i] = r.rule .. ":" .. r.start .. "-" .. r["end"] .. ":" .. r.text
      end
      return out
    end
    assert.same(sig(want), sig(kept))
    assert.same(sig(c:run(text)), sig(all()))
    local in_all = {}
    for _, r in ipairs(all()) do in_all[r] = true end
    for _, r in ipairs(kept) do assert.truthy(in_all[r]) end
    assert.equal(all()[1], all()[1])
    -- rejected by its action: "4" is not there
    for _, r in ipairs(all()) do assert.are_not.equal("4", r.text) end
    assert.same(c:run(text, { resolve = true })[1].text, kept[1].text)
    -- the scan alone counts every match, rejected ones too
    assert.equal(#c:run(text) + 1, c.ruleset:count(core.document(text)))
  end)

  it("leaves results that an action emptied to R.resolve in Lua", function()
    local c = R.compile({ { name = "w", label = "W", pattern = R.tok { caps = true },
      action = function(m) if m.text == "Rui" then m.start = m["end"] end end } },
      { check_labels = false })
    local batch = c:batch("Ana met Rui")
    assert.is_nil(batch:resolve())
    local kept = c:resolved("Ana met Rui")
    assert.same({ "Ana", "" }, { kept[1].text, kept[2].text })
    assert.equal(kept[2].start, kept[2]["end"])
  end)

  it("builds results the way compiled:run did: captures, span, extra", function()
    local c = R.compile({ { name = "t", label = "T", priority = 3,
      pattern = R.seq(R.cap("a", R.tok { caps = true }),
                      R.cap("b", R.tok { caps = true })),
      span = "b", extra = { kind = "k" } } }, { check_labels = false })
    local r = c:run("see Ana Lima go")[1]
    assert.same({ rule = "t", label = "T", priority = 3, start = 8, ["end"] = 12,
      first = 3, last = 3, text = "Lima", kind = "k",
      caps = { a = { first = 2, last = 2, start = 4, ["end"] = 7, text = "Ana" },
               b = { first = 3, last = 3, start = 8, ["end"] = 12,
                     text = "Lima" } } }, r)
    local kept = c:resolved("see Ana Lima go")
    assert.same(r, kept[1])
  end)
end)

describe("twin rules", function()
  local place = R.alt("Paris", "Lyon")
  local function pack(name, priority)
    return { name = name, label = "LOC", priority = priority, pattern = place }
  end

  it("run once: the one that would lose every overlap is left out", function()
    local c = R.compile({ pack("a.place", 5), pack("b.place", 25) },
      { check_labels = false })
    assert.equal("b.place", c.by_name["a.place"].shadowed_by)
    assert.is_nil(c.by_name["b.place"].shadowed_by)
    local got = c:run("from Paris to Lyon")
    assert.same({ "b.place", "b.place" }, { got[1].rule, got[2].rule })
    assert.equal(2, #got)
    -- equal priority: the first listed wins every tie, the second goes
    c = R.compile({ pack("a.place", 5), pack("b.place", 5) },
      { check_labels = false })
    assert.equal("a.place", c:run("Paris")[1].rule)
    assert.equal(1, #c:run("Paris"))
  end)

  it("are only rules alike in all but name and priority", function()
    local other = { name = "c.place", label = "LOC", priority = 1,
      pattern = place, action = function() end }
    local c = R.compile({ pack("a.place", 5), other, { name = "d.place",
      label = "CITY", priority = 1, pattern = place } },
      { check_labels = false })
    assert.equal(3, #c:run("Paris"))
  end)
end)

describe("a small people and money extractor", function()
  local lexicons = {
    R.lexicon({ "Rosa", "Tomas" }, { label = "GIVEN" }),
    R.lexicon({ "Finance Minister", "Minister", "Councillor" },
      { label = "TITLE" }),
    R.lexicon { { "euros", "CUR_WORD", "EUR", true }, { "dollars", "CUR_WORD", "USD", true } },
  }
  local SYMBOLS = { ["$"] = "USD", ["€"] = "EUR", ["£"] = "GBP" }
  local WORDS = { euros = "EUR", dollars = "USD" }

  -- The value of the number that starts at byte `start`.
  local function number_at(doc, start)
    for _, n in ipairs(doc:numbers()) do
      if n.start == start then return n.value end
    end
  end

  local rules = {
    { name = "person.titled", label = "PERSON", priority = 20,
      pattern = R.seq(R.cap("title", R.lex "TITLE"), R.cap("name", R.caps(1, 3))),
      span = "name",
      action = function(m) m.title = m.caps.title.text end },
    { name = "person.given", label = "PERSON", priority = 10,
      pattern = R.seq(R.lex "GIVEN", R.caps(1)) },
    { name = "money.symbol", label = "MONEY", priority = 10,
      pattern = R.seq(R.cap("cur", R.tok { currency = true }), R.cap("num", R.number)),
      action = function(m, doc)
        m.currency = SYMBOLS[m.caps.cur.text]
        m.amount = number_at(doc, m.caps.num.start)
      end },
    { name = "money.words", label = "MONEY", priority = 10,
      pattern = R.seq(R.cap("num", R.number), R.cap("cur", R.lex "CUR_WORD")),
      action = function(m, doc)
        local amount = number_at(doc, m.caps.num.start)
        if not amount then return false end
        return { amount = amount, currency = WORDS[m.caps.cur.text:lower()] }
      end },
  }

  local text = "Finance Minister Rosa Delgado said on Monday that the city will " ..
    "borrow $2.5 million. Councillor Tomas Berg called the plan reckless, " ..
    "while Delgado noted that 40 million euros had already been spent."

  it("finds the people and the money, one label per span", function()
    local compiled = R.compile(rules, { lexicons = lexicons })
    local found = R.resolve(compiled:run(text))
    local got = {}
    for i, m in ipairs(found) do
      got[i] = { m.label, m.text, m.rule, m.title, m.amount, m.currency }
      assert.equal(m.text, text:sub(m.start + 1, m["end"]))
    end
    assert.same({
      { "PERSON", "Rosa Delgado", "person.titled", "Finance Minister" },
      { "MONEY", "$2.5 million", "money.symbol", nil, 2.5e6, "USD" },
      { "PERSON", "Tomas Berg", "person.titled", "Councillor" },
      { "MONEY", "40 million euros", "money.words", nil, 4e7, "EUR" },
    }, got)
  end)

  it("explains which rule won and why", function()
    local compiled = R.compile(rules, { lexicons = lexicons })
    local entries, report = compiled:explain(text)
    local lost
    for _, e in ipairs(entries) do
      if e.rule == "person.given" and e.text == "Rosa Delgado" then lost = e end
    end
    assert.equal("lost", lost.status)
    assert.equal("person.titled", lost.by)
    assert.equal("higher priority", lost.why)
    assert.truthy(has(report, "lost to person.titled, higher priority"))
    local kept = 0
    for _, e in ipairs(entries) do
      if e.status == "kept" then kept = kept + 1 end
    end
    assert.equal(4, kept)
  end)

  it("resolves on request", function()
    local compiled = R.compile(rules, { lexicons = lexicons })
    assert.equal(4, #compiled:run(text, { resolve = true }))
  end)
end)

describe("R.lexicon", function()
  it("builds lexicons from maps, arrays, entries and files", function()
    local lex = R.lexicon { ["Ana"] = "GIVEN", ["Bank of Spain"] = { label = "ORG",
      value = "ES-CB" } }
    assert.equal(2, lex:size())
    local m = lex:match(core.document("Ana and the Bank of Spain"))
    assert.equal("ES-CB", m[2].value)

    lex = R.lexicon({ "Mr.", "Mrs." }, { label = "HONORIFIC" })
    assert.equal(2, lex:size())
    lex = R.lexicon({ { "dollar", "CUR", "USD", true } })
    assert.equal("USD", lex:match(core.document("DOLLAR"))[1].value)

    local path = os.tmpname()
    local f = assert(io.open(path, "w"))
    f:write("Ana\tGIVEN\nRui\n")
    f:close()
    local loaded, skipped
    lex, loaded, skipped = R.lexicon(path, { label = "NAME" })
    os.remove(path)
    assert.equal(2, loaded)
    assert.equal(0, skipped)
    assert.equal(2, lex:size())
    assert.truthy(has(err_of(R.lexicon, 5), "R.lexicon expects"))
  end)
end)
