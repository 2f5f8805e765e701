-- lookup_spec.lua — the binding's lookups for the Lua stages' hot paths:
-- doc:flags(i), doc:sentence_of(i), doc:paragraph_of(i), doc:sentence(k),
-- doc:paragraph(k) and core.copy_fields. Each must answer exactly what the
-- slower way it replaces answers (the tables of doc:sentences(), a loop
-- over pairs), on every token, including past either end.

local core = require "glean.core"

local TEXT = "Ana Ruiz said: \"We will not sign.\" She left.\n\n" ..
  "Talks resumed on Monday. \"Why?\" he asked.\n\nThe end"

-- What a binary search over the ranges table gives for token i.
local function index_in(ranges, i)
  for k, r in ipairs(ranges) do
    if i >= r.first and i <= r.last then return k end
  end
  return nil
end

local function check_lookup(doc, ranges, of, at)
  for i = -1, #doc + 2 do
    local k, first, last, start, stop = of(doc, i)
    local want = index_in(ranges, i)
    assert.equal(want, k)
    if want then
      local r = ranges[want]
      assert.same({ r.first, r.last, r.start, r["end"] },
        { first, last, start, stop })
    else
      assert.is_nil(first)
    end
  end
  for k = 0, #ranges + 1 do
    local r = ranges[k]
    if r then
      assert.same({ r.first, r.last, r.start, r["end"] }, { at(doc, k) })
    else
      assert.is_nil((at(doc, k)))
    end
  end
end

describe("document lookups", function()
  local doc = core.document(TEXT)

  it("doc:flags(i) is the flags of doc:token(i), 0 past either end", function()
    for i = 1, #doc do
      local _, _, f = doc:token(i)
      assert.equal(f, doc:flags(i))
    end
    assert.equal(0, doc:flags(0))
    assert.equal(0, doc:flags(#doc + 1))
  end)

  it("doc:sentence_of and doc:sentence agree with doc:sentences()", function()
    local s = doc:sentences()
    assert.is_true(#s >= 4)
    check_lookup(doc, s, doc.sentence_of, doc.sentence)
  end)

  it("doc:paragraph_of and doc:paragraph agree with doc:paragraphs()",
    function()
      local p = doc:paragraphs()
      assert.equal(3, #p)
      check_lookup(doc, p, doc.paragraph_of, doc.paragraph)
    end)

  it("an empty document has no sentence and no paragraph", function()
    local empty = core.document("")
    assert.is_nil(empty:sentence_of(1))
    assert.is_nil(empty:paragraph(1))
  end)

  it("refuses what is not a document", function()
    assert.is_false(pcall(doc.flags, {}, 1))
    assert.is_false(pcall(doc.sentence_of, core.lexicon(), 1))
    assert.is_false(pcall(doc.paragraph, nil, 1))
    assert.is_false(pcall(doc.sentence_of, doc, "x"))
  end)
end)

describe("core.copy_fields", function()
  it("copies every field but the skipped ones", function()
    local t = { label = "ORG", start = 3, ["end"] = 9, caps = {}, first = 1,
      [1] = "one", flag = false }
    local c = core.copy_fields(t, { caps = true, first = true })
    assert.same({ label = "ORG", start = 3, ["end"] = 9, [1] = "one",
      flag = false }, c)
    assert.are_not.equal(t, c)
    assert.is_not_nil(t.caps)  -- the source is left as it was
  end)

  it("leaves a table with a metatable to the caller", function()
    local t = setmetatable({ a = 1 }, {})
    assert.is_nil(core.copy_fields(t, {}))
  end)

  it("checks its arguments", function()
    assert.is_false(pcall(core.copy_fields, "x", {}))
    assert.is_false(pcall(core.copy_fields, {}, nil))
  end)
end)

describe("lex:lookup", function()
  -- What the slower way gives: the matches of a document of the phrase
  -- alone that run from its first byte to its last.
  local function by_match(lex, phrase)
    local found = {}
    for _, m in ipairs(lex:match(core.document(phrase))) do
      if m.start == 0 and m["end"] == #phrase then
        found[m.label] = m.value or true
      end
    end
    return found
  end

  local function sample()
    local lex = core.lexicon()
    lex:add("New York", "CITY", "US")
    lex:add("new york", "FOLDED", nil, true)
    lex:add("New York", "STATE")
    lex:add("New York Times", "ORG")
    lex:add("York", "CITY", "UK")
    lex:add("U.S. Steel", "ORG")
    lex:add("nato", "ORG", "folded", true)
    lex:add("NATO", "ORG", "exact")
    lex:add("Huawei's", "POSS")
    return lex
  end

  local PHRASES = { "New York", "NEW YORK", "new york", "New  York",
    "New\tYork", "New\nYork", "New\n\nYork", "New York Times", "New York T",
    "York", "Times", "New", " New York", "New York ", "U.S. Steel",
    "U.S.  Steel", "NATO", "Nato", "nato", "Huawei's", "Huawei", "",
    " ", "\255", "New \255York", "York\255", ("York "):rep(40) }

  it("answers what a match of the whole phrase answers", function()
    local lex = sample()
    for _, p in ipairs(PHRASES) do
      assert.same(by_match(lex, p), lex:lookup(p), p)
    end
  end)

  it("gives every label of the whole phrase with its value", function()
    local lex = sample()
    assert.same({ CITY = "US", STATE = true, FOLDED = true },
      lex:lookup("New York"))
    -- a folded entry only where the case differs
    assert.same({ FOLDED = true }, lex:lookup("NEW YORK"))
    assert.same({ ORG = true }, lex:lookup("New York Times"))
  end)

  it("prefers an exact entry's value to a folded one's", function()
    local lex = sample()
    assert.same({ ORG = "exact" }, lex:lookup("NATO"))
    assert.same({ ORG = "folded" }, lex:lookup("Nato"))
  end)

  it("splits the phrase as the tokenizer does", function()
    local lex = sample()
    assert.same({ CITY = "US", STATE = true, FOLDED = true },
      lex:lookup("New \t York"))
    assert.same({ ORG = true }, lex:lookup("U.S. Steel"))
    assert.same({ POSS = true }, lex:lookup("Huawei's"))
    assert.same({}, lex:lookup("Huawei"))
  end)

  it("finds nothing for part of an entry or more than one", function()
    local lex = sample()
    assert.same({}, lex:lookup("New"))
    assert.same({}, lex:lookup("New York Times Square"))
    assert.same({}, lex:lookup("York Times"))
  end)

  it("finds nothing across a paragraph break or with space around", function()
    local lex = sample()
    assert.same({}, lex:lookup("New\nYork"))
    assert.same({}, lex:lookup("New\n\nYork"))
    assert.same({}, lex:lookup(" New York"))
    assert.same({}, lex:lookup("New York\n"))
  end)

  it("finds nothing for an empty string or invalid UTF-8", function()
    local lex = sample()
    assert.same({}, lex:lookup(""))
    assert.same({}, lex:lookup("\255"))
    assert.same({}, lex:lookup("New\255York"))
    assert.same({}, core.lexicon():lookup("New York"))
  end)

  it("checks its arguments", function()
    local lex = sample()
    assert.is_false(pcall(lex.lookup, lex))
    assert.is_false(pcall(lex.lookup, {}, "York"))
  end)
end)
