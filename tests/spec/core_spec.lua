-- core_spec.lua — the glean.core binding: every function, its errors, its
-- offsets (bytes, 0-based, end exclusive; tokens 1-based, inclusive) and
-- its memory safety. Runs under Lua 5.4 and LuaJIT.

local core = require "glean.core"
local F = core.flags

-- The message of the error f(...) raises (fails when it raises none).
local function err_of(f, ...)
  local ok, e = pcall(f, ...)
  assert(not ok, "expected an error")
  return tostring(e)
end

local function has(s, part)
  return s:find(part, 1, true) ~= nil
end

-- Texts of every token of doc.
local function texts(doc)
  local out = {}
  for i = 1, #doc do out[i] = doc:token_text(i) end
  return out
end

local function index_of(doc, text)
  for i = 1, #doc do
    if doc:token_text(i) == text then return i end
  end
end

describe("glean.core", function()
  it("has a version and the token flags by name", function()
    assert.matches("^%d+%.%d+%.%d+", core.version)
    local names = { "WORD", "CAP", "UPPER", "LOWER", "DIGIT", "ALNUM", "PUNCT",
      "QUOTE", "QUOTE_OPEN", "QUOTE_CLOSE", "CURRENCY", "HYPHEN", "DASH",
      "APOS", "ABBREV", "SENT_START", "PARA_START", "SPACE_BEFORE",
      "LINE_START", "SENT_END", "INVALID", "NUMBER" }
    local seen = {}
    for _, n in ipairs(names) do
      local bit = F[n]
      assert.is_number(bit, n)
      assert.is_nil(seen[bit], "two flags share a bit")
      seen[bit] = true
      -- a power of two
      local x = bit
      while x > 1 do assert.equal(0, x % 2); x = x / 2 end
    end
  end)

  it("core.type tells the binding's objects apart", function()
    assert.equal("document", core.type(core.document("a")))
    assert.equal("lexicon", core.type(core.lexicon()))
    assert.equal("regex", core.type(core.regex("a")))
    assert.equal("ruleset", core.type(core.ruleset()))
    assert.is_nil(core.type({}))
    assert.is_nil(core.type("document"))
    assert.is_nil(core.type(io.stdout))
  end)
end)

describe("core.document", function()
  local text = "Hello, world. Mr. Quinn waited."
  local doc = core.document(text)

  it("splits words and punctuation, with byte offsets", function()
    assert.same({ "Hello", ",", "world", ".", "Mr.", "Quinn", "waited", "." },
      texts(doc))
    assert.equal(8, doc:ntokens())
    assert.equal(8, #doc)
    local s, e, flags = doc:token(1)
    assert.equal(0, s)
    assert.equal(5, e)
    assert.is_number(flags)
    s, e = doc:token(3)
    assert.equal(7, s)
    assert.equal(12, e)
    assert.equal("world", text:sub(s + 1, e))
  end)

  it("keeps the text and gives it back", function()
    assert.equal(text, doc:text())
  end)

  it("sets shape flags", function()
    assert.is_true(doc:has(1, "WORD", "CAP"))
    assert.is_false(doc:has(1, "LOWER"))
    assert.is_true(doc:has(3, "WORD", "LOWER"))
    assert.is_true(doc:has(2, "PUNCT"))
    assert.is_true(doc:has(5, "ABBREV"))  -- "Mr." keeps its period
    assert.is_true(doc:has(1, "SENT_START"))
    assert.is_true(doc:has(5, "SENT_START"))
    assert.is_true(doc:has(4, "SENT_END"))
    assert.is_true(doc:has(3, "SPACE_BEFORE"))
    assert.is_false(doc:has(2, "SPACE_BEFORE"))
    local _, _, flags = doc:token(1)
    assert.equal(F.CAP, flags % (2 * F.CAP) - flags % F.CAP)
  end)

  it("has() with no flag names is true for a token that exists", function()
    assert.is_true(doc:has(1))
    assert.is_false(doc:has(99))
  end)

  it("rejects unknown flag names", function()
    assert.truthy(has(err_of(doc.has, doc, 1, "CAPS"), "unknown flag 'CAPS'"))
  end)

  it("returns nil for tokens out of range", function()
    assert.is_nil(doc:token(0))
    assert.is_nil(doc:token(9))
    assert.is_nil(doc:token(-1))
    assert.is_nil(doc:token_text(9))
  end)

  it("wants whole numbers as token indexes", function()
    assert.truthy(has(err_of(doc.token, doc, 1.5), "integer representation"))
    assert.truthy(has(err_of(doc.token, doc, "x"), "number expected"))
  end)

  it("lists tokens as tables", function()
    local toks = doc:tokens()
    assert.equal(8, #toks)
    assert.equal(7, toks[3].start)
    assert.equal(12, toks[3]["end"])
    local _, _, flags = doc:token(3)
    assert.equal(flags, toks[3].flags)
  end)

  it("finds the token at a byte offset", function()
    assert.equal(1, doc:token_at(0))
    assert.equal(1, doc:token_at(4))
    assert.equal(2, doc:token_at(5))
    assert.equal(3, doc:token_at(6))  -- a space: the next token
    assert.equal(8, doc:token_at(#text - 1))
    assert.is_nil(doc:token_at(#text))
    assert.is_nil(doc:token_at(10000))
    assert.truthy(has(err_of(doc.token_at, doc, -1), "offset must be >= 0"))
  end)

  it("finds the word before a byte offset, as (%S+)%s*$ would", function()
    local t = "  (at Edgbaston,\n\t Leeds) x"
    local d = core.document(t)
    for off = 0, #t + 3 do
      local want = t:sub(1, off):match("(%S+)%s*$")
      local s, e = d:word_before(off)
      assert.equal(want, s and t:sub(s + 1, e))
    end
    assert.same({ 2, 5 }, { d:word_before(6) })   -- "(at"
    assert.is_nil(d:word_before(1))
    assert.truthy(has(err_of(d.word_before, d, -1), "offset must be >= 0"))
  end)

  -- What doc:seek and doc:words answer, token by token with doc:flags.
  local function has_any(f, mask)
    for bit = 0, 31 do
      local b = 2 ^ bit
      if mask % (2 * b) >= b and f % (2 * b) >= b then return true end
    end
    return false
  end
  local function seek_ref(d, i, j, any, stop)
    j = math.max(1, math.min(#d, j))
    local step = j > i and 1 or -1
    if j == i then return nil end
    for k = i + step, j, step do
      local starts = step > 0 and k or k + 1  -- the token the step enters
      if stop and has_any(d:flags(starts), stop) then return nil end
      if has_any(d:flags(k), any) then return k, d:flags(k) end
    end
    return nil
  end

  it("seeks the first token with a flag, staying in a segment", function()
    local t = "Ann said: \"We won, 3-1.\"\nThen\n\"Next year,\" she said. Done"
    local d = core.document(t, { paragraphs = "lines" })
    local n = #d
    local colon, then_, next_ = index_of(d, ":"), index_of(d, "Then"),
      index_of(d, "Next")
    assert.equal(index_of(d, "We"), d:seek(colon, n, F.WORD))
    assert.equal(then_, d:seek(next_, 1, F.WORD))
    -- The line of "Next" starts at the mark before it: backward, the walk
    -- ends there; forward from "Then", before it.
    assert.is_nil(d:seek(next_, 1, F.WORD, F.LINE_START))
    assert.is_nil(d:seek(then_, n, F.WORD, F.LINE_START))
    assert.is_nil(d:seek(then_, 1, F.DIGIT, F.LINE_START))
    assert.equal(10, d:seek(then_, 1, F.DIGIT))  -- "3-1": the 1
    assert.equal(index_of(d, "she"),
                 d:seek(next_ + 1, n, F.WORD, F.SENT_START))
    assert.is_nil(d:seek(index_of(d, "she"), n, F.CAP, F.SENT_START))
    local k, f = d:seek(0, n, F.PUNCT)
    assert.equal(colon, k)
    assert.equal(d:flags(k), f)
    assert.is_nil(d:seek(3, 3, F.WORD))
    -- Every walk as the token-by-token one.
    local masks = { F.WORD, F.PUNCT, F.QUOTE + F.SENT_END, F.DIGIT + F.CAP }
    local stops = { false, F.LINE_START, F.SENT_START, F.PARA_START }
    for i = 0, n + 1 do
      for j = -1, n + 2 do
        for _, any in ipairs(masks) do
          for _, stop in ipairs(stops) do
            local want = { seek_ref(d, i, j, any, stop or nil) }
            assert.same(want, { d:seek(i, j, any, stop or nil) })
          end
        end
      end
    end
    local empty = core.document("")
    for i = 0, 1 do
      for j = -1, 2 do assert.is_nil(empty:seek(i, j, F.WORD, F.PUNCT)) end
    end
    assert.same({ 0, 0 }, { empty:words(-1, 3) })
    assert.truthy(has(err_of(d.seek, d, -1, 3, F.WORD),
                      "token index out of range"))
    assert.truthy(has(err_of(d.seek, d, n + 2, 3, F.WORD),
                      "token index out of range"))
    assert.truthy(has(err_of(d.seek, d, 1, 3, -1), "flag mask out of range"))
    assert.truthy(has(err_of(d.seek, d, 1, 3), "number expected"))
  end)

  it("counts words and capitalized words", function()
    local t = "\"Face the Nation\" isn't 2 U.S. shows' x3 -- ok"
    local d = core.document(t)
    local n = #d
    local function words_ref(i, j, limit)
      local c, caps = 0, 0
      for k = math.max(1, i), math.min(n, j) do
        local f = d:flags(k)
        if limit and c >= limit then break end
        if has_any(f, F.WORD + F.DIGIT + F.ALNUM) and not has_any(f, F.APOS)
        then
          c = c + 1
          if has_any(f, F.CAP) then caps = caps + 1 end
        end
      end
      return c, caps
    end
    -- Face the Nation is 2 U.S. shows x3 ok: 9 words ("n't" is a clitic),
    -- 3 capitalized.
    assert.same({ 9, 3 }, { d:words(1, n) })
    assert.same({ 3, 2 }, { d:words(1, n, 3) })
    assert.same({ 0, 0 }, { d:words(5, 4) })
    for i = -1, n + 1 do
      for j = -1, n + 1 do
        for _, limit in ipairs { 1, 2, 5, false } do
          assert.same({ words_ref(i, j, limit or nil) },
                      { d:words(i, j, limit or nil) })
        end
      end
    end
  end)

  it("finds sentences", function()
    local s = doc:sentences()
    assert.equal(2, #s)
    assert.same({ first = 1, last = 4, start = 0, ["end"] = 13 }, s[1])
    assert.same({ first = 5, last = 8, start = 14, ["end"] = #text }, s[2])
  end)

  it("counts offsets in bytes, not characters", function()
    local t = "Zoë Martínez sagte: «Ja»."
    local d = core.document(t)
    local i = index_of(d, "Martínez")
    local s, e = d:token(i)
    assert.equal(5, s)            -- "Zoë " is 5 bytes
    assert.equal(5 + 9, e)        -- "Martínez" is 9 bytes
    assert.equal("Martínez", t:sub(s + 1, e))
    assert.is_true(d:has(i, "WORD", "CAP"))
  end)

  it("survives invalid UTF-8 and flags it", function()
    local t = "caf\xC3 ok \xFF\xFE end"
    local d = core.document(t)
    local found_invalid = false
    for i = 1, #d do
      local s, e = d:token(i)
      assert.is_true(s < e and e <= #t)
      if d:has(i, "INVALID") then found_invalid = true end
    end
    assert.is_true(found_invalid)
    assert.equal("end", d:token_text(#d))
  end)

  it("survives NUL bytes", function()
    local t = "alpha\0beta gamma"
    local d = core.document(t)
    assert.equal(t, d:text())
    assert.equal("gamma", d:token_text(#d))
    local s, e = d:token(#d)
    assert.equal(11, s)
    assert.equal(16, e)
  end)

  it("handles empty and blank texts", function()
    assert.equal(0, #core.document(""))
    assert.equal(0, #core.document("  \n\n \t "))
    assert.same({}, core.document(""):sentences())
  end)

  it("finds paragraphs: blank lines, or every line", function()
    local t = "One line.\nSame paragraph.\n\nSecond paragraph."
    local auto = core.document(t):paragraphs()
    assert.equal(2, #auto)
    assert.equal(0, auto[1].start)
    assert.equal(#"One line.\nSame paragraph.", auto[1]["end"])
    local lines = core.document(t, { paragraphs = "lines" }):paragraphs()
    assert.equal(3, #lines)
    local blank = core.document("a\nb\nc", { paragraphs = "blank" }):paragraphs()
    assert.equal(1, #blank)
    local d = core.document(t)
    assert.is_true(d:has(index_of(d, "Second"), "PARA_START"))
  end)

  it("takes extra abbreviations", function()
    -- "Cllr" (councillor) is not among the built-in abbreviations.
    local t = "We met Cllr. Ortega today."
    assert.equal(2, #core.document(t):sentences())
    local d = core.document(t, { abbreviations = { "Cllr" } })
    assert.equal(1, #d:sentences())
    assert.is_true(d:has(index_of(d, "Cllr."), "ABBREV"))
  end)

  it("checks its options", function()
    assert.truthy(has(err_of(core.document, "x", { paragraphs = "para" }),
      'paragraphs must be "auto", "lines" or "blank"'))
    assert.truthy(has(err_of(core.document, "x", { paragraph = "lines" }),
      "unknown option 'paragraph'"))
    assert.truthy(has(err_of(core.document, "x", { abbreviations = { 1 } }),
      "abbreviations must be an array of strings"))
    assert.truthy(has(err_of(core.document, "x", 5), "table expected"))
    assert.truthy(has(err_of(core.document), "string expected"))
    assert.truthy(has(err_of(core.document, {}), "bad argument #1"))
  end)

  it("pairs quotation marks", function()
    local t = "She said \"we will win\" and left."
    local d = core.document(t)
    local q = d:quotes()
    assert.equal(1, #q)
    local open, close = index_of(d, '"'), nil
    for i = #d, 1, -1 do
      if d:token_text(i) == '"' then close = i break end
    end
    assert.equal(open, q[1].open)
    assert.equal(close, q[1].close)
    assert.equal(9, q[1].start)
    assert.equal(22, q[1]["end"])
    assert.is_true(q[1].closed)
    assert.equal(0, q[1].depth)
    assert.equal("double", q[1].family)
    assert.is_nil(q[1].parent)
    assert.equal(1, q[1].group)
    assert.is_true(d:has(open, "QUOTE", "QUOTE_OPEN"))
    assert.is_true(d:has(close, "QUOTE", "QUOTE_CLOSE"))
  end)

  it("nests quotations and marks unclosed ones", function()
    local t = "“He told me ‘never again’ twice,” she said."
    local q = core.document(t):quotes()
    assert.equal(2, #q)
    local outer, inner = q[1], q[2]
    if outer.depth > inner.depth then outer, inner = inner, outer end
    assert.equal("double", outer.family)
    assert.equal("single", inner.family)
    assert.equal(1, inner.depth)
    assert.equal(outer, q[inner.parent])
    assert.is_true(inner.start > outer.start and inner["end"] < outer["end"])

    local g = core.document("Elle a dit : « oui » hier."):quotes()
    assert.equal(1, #g)
    assert.equal("guillemet", g[1].family)
  end)

  it("links the pieces of a quotation over several paragraphs", function()
    local t = "“The first part of what she said.\n\n" ..
      "“And the second part,” she added."
    local d = core.document(t)
    local q = d:quotes()
    assert.equal(2, #q)
    assert.is_false(q[1].closed)
    assert.is_nil(q[1].close)
    assert.equal(1, q[1].group)
    assert.is_true(q[2].closed)
    assert.equal(1, q[2].group)
    assert.equal(d:paragraphs()[1]["end"], q[1]["end"])
  end)

  it("finds numbers with their values", function()
    local t = "It cost 3.5 billion dollars, two hundred people and 3-4 million."
    local d = core.document(t)
    local n = d:numbers()
    assert.equal(3, #n)
    assert.equal(3.5e9, n[1].value)
    assert.equal("3.5 billion", t:sub(n[1].start + 1, n[1]["end"]))
    assert.equal(index_of(d, "3.5"), n[1].first)
    assert.equal(index_of(d, "billion"), n[1].last)
    assert.is_false(n[1].range)
    assert.is_false(n[1].spelled)
    assert.equal(200, n[2].value)
    assert.is_true(n[2].spelled)
    assert.is_true(n[3].range)
    assert.equal(3e6, n[3].min)
    assert.equal(4e6, n[3].max)
    assert.equal(3e6, n[3].value)
    -- one of them by where it starts
    for i = 1, #n do assert.same(n[i], d:number_at(n[i].start)) end
    assert.is_nil(d:number_at(n[1].start + 1))
    assert.is_nil(d:number_at(0))
    assert.is_nil(d:number_at(#t + 5))
  end)

  it("has a readable tostring", function()
    assert.matches("^glean%.document %(8 tokens%)", tostring(doc))
  end)
end)

describe("core.lexicon", function()
  local t = "Ana Lima met officials of the Bank of Portugal in Lisbon."

  it("adds phrases and matches them, longest first", function()
    local lex = core.lexicon()
    lex:add("Bank of Portugal", "ORG", "PT-CB")
    lex:add("Portugal", "COUNTRY")
    lex:add("Bank", "ORG")
    lex:add("Ana", "GIVEN")
    assert.equal(4, lex:size())
    assert.equal(4, #lex)
    local labels = lex:labels()
    table.sort(labels)
    assert.same({ "COUNTRY", "GIVEN", "ORG" }, labels)

    local d = core.document(t)
    local m = lex:match(d)
    local by_label = {}
    for _, x in ipairs(m) do
      by_label[x.label] = by_label[x.label] or {}
      table.insert(by_label[x.label], x)
    end
    assert.equal(1, #by_label.ORG)  -- "Bank" is inside the longer phrase
    local org = by_label.ORG[1]
    assert.equal("Bank of Portugal", t:sub(org.start + 1, org["end"]))
    assert.equal(index_of(d, "Bank"), org.first)
    assert.equal(index_of(d, "Portugal"), org.last)
    assert.equal("PT-CB", org.value)
    assert.equal(1, #by_label.COUNTRY)  -- other labels match on their own
    assert.is_nil(by_label.COUNTRY[1].value)
    assert.equal(1, by_label.GIVEN[1].first)
  end)

  it("matches exactly or case-folded", function()
    local lex = core.lexicon()
    lex:add("lisbon", "CITY")
    lex:add("ana lima", "PERSON", nil, true)
    local m = lex:match(core.document(t))
    assert.equal(1, #m)
    assert.equal("PERSON", m[1].label)
    assert.equal(0, m[1].start)
    assert.equal(8, m[1]["end"])
  end)

  it("folds letters beyond ASCII", function()
    local lex = core.lexicon()
    lex:add("ÉLODIE", "GIVEN", nil, true)
    local d = core.document("Élodie and élodie")
    assert.equal(2, #lex:match(d))
  end)

  it("adds lists in one call", function()
    local lex = core.lexicon()
    assert.equal(3, lex:add_list({ "Ana", "Rui", "Inês" }, "GIVEN"))
    assert.equal(2, lex:add_list({
      { "Lisbon", "CITY", "PT" },
      { phrase = "portugal", label = "COUNTRY", fold = true },
    }))
    assert.equal(5, lex:size())
    local m = lex:match(core.document("PORTUGAL and Lisbon"))
    assert.equal(2, #m)
    assert.equal("PT", m[2].value)
    assert.truthy(has(err_of(lex.add_list, lex, { "x" }), "entry #1 has no label"))
    assert.truthy(has(err_of(lex.add_list, lex, { "x", 5 }, "L"),
      "entry #2: phrase must be a string, got number"))
  end)

  it("reports bad entries", function()
    local lex = core.lexicon()
    assert.truthy(has(err_of(lex.add, lex, "", "L"), "glean: lexicon:"))
    assert.truthy(has(err_of(lex.add, lex, "x"), "label must be a string"))
    assert.truthy(has(err_of(lex.add, lex, "x", "L\0M"), "NUL"))
    assert.truthy(has(err_of(lex.match, lex, "text"), "glean.document expected"))
  end)

  it("loads files, skipping bad lines", function()
    local path = os.tmpname()
    local f = assert(io.open(path, "wb"))
    f:write("# people\n", "Ana Lima\tPERSON\tp1\n", "\n", "Lisbon\tCITY\n",
      "Rui\n", "bad \xFF bytes\tX\n", "Porto\n")
    f:close()
    local lex = core.lexicon()
    local loaded, skipped, bad = lex:load(path, { label = "NAME" })
    assert.equal(4, loaded)
    assert.equal(1, skipped)
    assert.equal(6, bad)
    local d = core.document("Ana Lima and Rui went to Porto.")
    local m = lex:match(d)
    assert.equal(3, #m)
    assert.equal("p1", m[1].value)
    assert.equal("NAME", m[2].label)

    local folded = core.lexicon()
    folded:load(path, { label = "NAME", fold = true })
    assert.equal(1, #folded:match(core.document("LISBON")))
    os.remove(path)
  end)

  it("says when a file cannot be read", function()
    local lex = core.lexicon()
    local e = err_of(lex.load, lex, "/nonexistent/glean/list.txt")
    assert.truthy(has(e, "glean: cannot read '/nonexistent/glean/list.txt'"))
    assert.truthy(has(err_of(lex.load, lex, "x", { lable = "A" }),
      "unknown option 'lable'"))
  end)

  it("has a readable tostring", function()
    local lex = core.lexicon()
    lex:add("x", "L")
    assert.matches("^glean%.lexicon %(1 entries%)", tostring(lex))
  end)

  it("keeps the matches of some labels only", function()
    local lex = core.lexicon()
    lex:add_list({ "Ana", "Rui" }, "GIVEN")
    lex:add_list({ "Lisbon", "Porto" }, "CITY")
    local d = core.document("Ana and Rui left Lisbon for Porto.")
    local m = lex:match(d, { label = "CITY" })
    assert.equal(2, #m)
    assert.equal("Lisbon", d:text():sub(m[1].start + 1, m[1]["end"]))
    assert.equal("CITY", m[2].label)
    assert.equal(4, #lex:match(d, { label = { "GIVEN", "CITY" } }))
    assert.equal(0, #lex:match(d, { label = "COUNTRY" }))  -- not in it
    assert.truthy(has(err_of(lex.match, lex, d, { label = 5 }),
      "label must be a string"))
    assert.truthy(has(err_of(lex.match, lex, d, { lable = "X" }),
      "unknown option 'lable'"))
  end)

  it("leaves out the matches that meet a span", function()
    local lex = core.lexicon()
    lex:add_list({ "Strayer", "Robert Strayer" }, "NAME", true)
    local t = "Robert Strayer spoke. Strayer left; STRAYER and Strayer."
    local d = core.document(t)
    assert.equal(4, #lex:match(d))
    -- spans over "Robert Strayer" and over "; STRAYER" (a part of it)
    local spans = { { start = 0, ["end"] = 14 }, { start = 34, ["end"] = 38 } }
    local m = lex:match(d, { outside = spans })
    assert.equal(2, #m)
    assert.equal(22, m[1].start)   -- "Strayer left"
    assert.equal(48, m[2].start)   -- "and Strayer."
    assert.equal(4, #lex:match(d, { outside = {} }))
    assert.truthy(has(err_of(lex.match, lex, d, { outside = { 1 } }),
      "outside must be a list of spans"))
  end)
end)

describe("core.find_words", function()
  local function same_as_lexicon(text, phrases, fold, spans)
    local d = core.document(text)
    local lex = core.lexicon()
    lex:add_list(phrases, "X", fold)
    local want = lex:match(d, { outside = spans })
    local got = core.find_words(d, phrases, { fold = fold, outside = spans })
    assert.equal(#want, #got)
    for i = 1, #want do
      assert.same({ want[i].first, want[i].last, want[i].start, want[i]["end"] },
        { got[i].first, got[i].last, got[i].start, got[i]["end"] })
    end
    return got
  end

  it("finds what a lexicon of the phrases finds", function()
    local t = "Wexbridge Lumber Corp. said Wexbridge Lumber and WEXBRIDGE grew;" ..
      " wexbridge, Wexbridge-Lumber."
    local m = same_as_lexicon(t, { "Wexbridge Lumber", "Wexbridge" }, false)
    -- the longest at a token, in the exact case only ("Wexbridge-Lumber"
    -- is one token)
    assert.equal(2, #m)
    assert.equal(2, m[1].last - m[1].first + 1)
    assert.equal(4, #same_as_lexicon(t, { "wexbridge", "Wexbridge Lumber" },
      true))
    same_as_lexicon(t, { "Lumber" }, true, { { start = 0, ["end"] = 22 } })
    assert.equal(0, #same_as_lexicon(t, { "Zed" }, true))
    assert.equal(0, #same_as_lexicon(t, {}, true))
  end)

  it("does not run a phrase across a paragraph break", function()
    local t = "He met Anna\n\nLima later. Anna Lima agreed."
    local m = same_as_lexicon(t, { "anna lima" }, true)
    assert.equal(1, #m)
  end)

  it("finds a folded word written with letters beyond ASCII", function()
    -- U+0130 (capital I with dot) folds to "i": one byte less.
    same_as_lexicon("KAR\196\176M and Karim", { "karim" }, true)
  end)

  it("leaves phrases beyond ASCII to a lexicon", function()
    local d = core.document("Élodie left")
    assert.is_nil(core.find_words(d, { "Élodie" }, { fold = true }))
    assert.is_nil(core.find_words(d, { ("x"):rep(300) }))
    assert.truthy(has(err_of(core.find_words, d, { 5 }),
      "phrases must be strings"))
    assert.truthy(has(err_of(core.find_words, d, {}, { folded = true }),
      "unknown option 'folded'"))
  end)
end)

describe("core.regex", function()
  it("finds matches with 0-based, end-exclusive offsets", function()
    local re = core.regex("(\\d+) (million|billion)")
    local s, e, groups = re:find("about 12 million people")
    assert.equal(6, s)
    assert.equal(16, e)
    assert.same({ "12", "million" }, groups)
    assert.is_nil(re:find("no numbers"))
  end)

  it("starts at a 1-based init, negative from the end", function()
    local re = core.regex("a")
    local s = re:find("banana", 3)
    assert.equal(3, s)
    s = re:find("banana", -1)
    assert.equal(5, s)
    assert.is_nil(re:find("banana", 7))
    assert.is_nil(re:find("banana", 100))
  end)

  it("gives false for groups that took no part", function()
    local re = core.regex("(a)|(b)")
    local _, _, g = re:find("b")
    assert.same({ false, "b" }, g)
    assert.same({ false, false }, core.regex("(x)?(y)?"):groups())
    assert.same({ "num", false }, core.regex("(?<num>\\d)(x)"):groups())
  end)

  it("tests whole strings, caseless on request", function()
    local re = core.regex("[a-z]+son")
    assert.is_true(re:test("johnson"))
    assert.is_false(re:test("johnsons"))
    assert.is_false(re:test("Johnson"))
    assert.is_true(core.regex("[a-z]+son", "i"):test("JOHNSON"))
    assert.truthy(has(err_of(core.regex, "a", "x"), "unknown regex flag 'x'"))
  end)

  it("works in bytes on UTF-8 and never matches invalid bytes", function()
    local re = core.regex("é+")
    local s, e = re:find("café")
    assert.equal(3, s)
    assert.equal(5, e)
    s = core.regex("ok"):find("\xFF\xFEok")
    assert.equal(2, s)
    assert.is_nil(core.regex("."):find("\xFF"))
  end)

  it("reports bad patterns with the offset", function()
    local e = err_of(core.regex, "(abc")
    assert.truthy(has(e, "glean: regex: "))
    assert.matches("at offset %d+", e)
  end)

  it("stops a runaway pattern with an error instead of hanging", function()
    local re = core.regex("^(a+)+$")
    local e = err_of(re.find, re, ("a"):rep(40) .. "!")
    assert.truthy(has(e, "glean: regex: "))
    assert.truthy(e:find("limit"))
  end)
end)

describe("core.ruleset", function()
  local function tok(pred) return { op = "tok", pred = pred } end
  local function seq(...) return { op = "seq", ... } end
  local function cap(i, node) return { op = "cap", index = i, node } end
  local function rep(node, min, max)
    return { op = "rep", min = min, max = max, node }
  end

  local text = "Yesterday Governor Ana Lima said 12 million euros were spent."
  local doc = core.document(text)

  it("matches token patterns and reports captures", function()
    local rs = core.ruleset()
    local i = rs:add_rule { name = "title.name",
      pattern = seq(tok { words = { "Governor" } },
        cap(1, rep(tok { all = F.CAP + F.WORD }, 1, 3))),
      ncaptures = 1 }
    assert.equal(1, i)
    assert.equal(1, rs:nrules())
    local m = rs:scan(doc)
    assert.equal(1, #m)
    assert.equal(1, m[1].rule)
    assert.equal(2, m[1].first)
    assert.equal(4, m[1].last)
    assert.equal("Governor Ana Lima", text:sub(m[1].start + 1, m[1]["end"]))
    local c = m[1].caps[1]
    assert.equal(3, c.first)
    assert.equal(4, c.last)
    assert.equal("Ana Lima", text:sub(c.start + 1, c["end"]))
  end)

  it("takes flags by name and words case-folded", function()
    local rs = core.ruleset()
    rs:add_rule { name = "said", pattern = seq(
      tok { all = { "CAP" }, none = { "SENT_START" } },
      tok { words = { "SAID" }, fold = true }) }
    local m = rs:scan(doc)
    assert.equal(1, #m)
    assert.equal("Lima said", text:sub(m[1].start + 1, m[1]["end"]))
    assert.same({}, m[1].caps)
  end)

  it("matches lexicon and number spans, and lists them on request", function()
    local lex = core.lexicon()
    lex:add("Ana", "GIVEN")
    lex:add("euros", "CUR", "EUR")
    local rs = core.ruleset()
    rs:add_lexicon(lex)
    rs:add_rule { name = "person", pattern = seq({ op = "span", label = "GIVEN" },
      tok { all = F.CAP }) }
    rs:add_rule { name = "money", pattern = seq({ op = "span", label = "NUMBER" },
      { op = "span", label = "CUR" }) }
    local m, spans = rs:scan(doc, true)
    assert.equal(2, #m)
    assert.equal("Ana Lima", text:sub(m[1].start + 1, m[1]["end"]))
    assert.equal(2, m[2].rule)
    assert.equal("12 million euros", text:sub(m[2].start + 1, m[2]["end"]))
    local labels = {}
    for _, s in ipairs(spans) do labels[s.label] = s end
    assert.truthy(labels.GIVEN and labels.NUMBER and labels.CUR)
    assert.equal("12 million", text:sub(labels.NUMBER.start + 1,
      labels.NUMBER["end"]))
    assert.equal(index_of(doc, "12"), labels.NUMBER.first)
    assert.is_nil(select(2, rs:scan(doc)))
  end)

  it("tests tokens inside labels and with regexes", function()
    local lex = core.lexicon()
    lex:add("Ana Lima", "PERSON")
    local rs = core.ruleset()
    rs:add_lexicon(lex)
    rs:add_rule { name = "in", pattern = rep(tok { in_label = "PERSON" }, 1, 5) }
    rs:add_rule { name = "re", pattern = tok { regex = "[A-Z][a-z]+day" } }
    local m = rs:scan(doc)
    assert.equal(2, #m)
    assert.equal("re", ({ "in", "re" })[m[1].rule])
    assert.equal(1, m[1].first)
    assert.equal("Ana Lima", text:sub(m[2].start + 1, m[2]["end"]))
    -- a list of labels: inside any of them, or (negated) none of them
    lex:add("Yesterday", "TIME")
    rs = core.ruleset()
    rs:add_lexicon(lex)
    rs:add_rule { name = "any", pattern = rep(tok { all = F.CAP,
      in_label = { "TIME", "PERSON" } }, 1, 5) }
    rs:add_rule { name = "none", pattern = tok { all = F.CAP,
      in_label = { "TIME", "PERSON" }, in_label_negate = true } }
    m = rs:scan(doc)
    assert.equal(3, #m)
    assert.equal("Yesterday", text:sub(m[1].start + 1, m[1]["end"]))
    assert.equal("Governor", text:sub(m[2].start + 1, m[2]["end"]))
    assert.equal(2, m[2].rule)
    assert.equal("Ana Lima", text:sub(m[3].start + 1, m[3]["end"]))
  end)

  it("gives every match as five integers, as scan numbers them", function()
    local lex = core.lexicon()
    lex:add("euros", "CUR", "EUR")
    local rs = core.ruleset()
    rs:add_lexicon(lex)
    rs:add_rule { name = "caps", pattern = rep(tok { all = F.CAP }, 1, 3) }
    rs:add_rule { name = "money", pattern = seq({ op = "span", label = "NUMBER" },
      { op = "span", label = "CUR" }) }
    rs:add_rule { name = "amount", regex = "(\\d+) mill" }
    local flat, m = rs:matches(doc), rs:scan(doc)
    assert.equal(4, #m)  -- two runs of capitals, a money span, a regex
    assert.equal(5 * #m, #flat)
    for i, x in ipairs(m) do
      assert.same({ x.rule, x.first, x.last, x.start, x["end"] },
        { (table.unpack or unpack)(flat, 5 * i - 4, 5 * i) })
    end
    assert.same({}, rs:matches(core.document("")))
  end)

  it("checks context before and after", function()
    local rs = core.ruleset()
    rs:add_rule { name = "capword", pattern = tok { all = F.CAP },
      before = { { words = { "Governor" } } }, not_after = { { words = { "x" } } } }
    local m = rs:scan(doc)
    assert.equal(1, #m)
    assert.equal("Ana", doc:token_text(m[1].first))
  end)

  it("runs regex rules, snapped to tokens, groups as captures", function()
    local rs = core.ruleset()
    rs:add_rule { name = "amount", regex = "(\\d+) mill", caseless = true }
    local m = rs:scan(doc)
    assert.equal(1, #m)
    assert.equal("12 million", text:sub(m[1].start + 1, m[1]["end"]))
    assert.equal(index_of(doc, "12"), m[1].first)
    assert.equal(index_of(doc, "million"), m[1].last)
    assert.equal("12", text:sub(m[1].caps[1].start + 1, m[1].caps[1]["end"]))
  end)

  it("interns labels", function()
    local rs = core.ruleset()
    assert.equal(0, rs:label("NUMBER"))
    local a = rs:label("A")
    assert.equal(a, rs:label("A"))
    assert.are_not.equal(a, rs:label("B"))
    local names = rs:labels()
    assert.equal("NUMBER", names[1])
    assert.equal("A", names[a + 1])
  end)

  it("names the rule and the part in errors", function()
    local rs = core.ruleset()
    assert.equal("glean: rule spec: field 'name' missing (a string)",
      err_of(rs.add_rule, rs, { pattern = tok {} }))
    assert.equal("glean: rule 'r': needs exactly one of 'pattern' and 'regex'",
      err_of(rs.add_rule, rs, { name = "r" }))
    assert.equal("glean: rule 'r': pattern: unknown op 'toke'",
      err_of(rs.add_rule, rs, { name = "r", pattern = { op = "toke" } }))
    assert.equal("glean: rule 'r': spec: unknown field 'patern'",
      err_of(rs.add_rule, rs, { name = "r", patern = 1, pattern = tok {} }))
    assert.equal("glean: rule 'r': pattern: unknown field 'word'",
      err_of(rs.add_rule, rs, { name = "r", pattern = tok { word = { "a" } } }))
    assert.equal("glean: rule 'r': pattern: 'rep' takes exactly one element, got 2",
      err_of(rs.add_rule, rs, { name = "r",
        pattern = { op = "rep", min = 1, tok {}, tok {} } }))
    assert.equal("glean: rule 'r': ncaptures is 0 but the pattern uses 2",
      err_of(rs.add_rule, rs, { name = "r", pattern = cap(2, tok {}),
        ncaptures = 0 }))
    assert.equal("glean: rule 'r': pattern: unknown flag 'CAPS' in 'all'",
      err_of(rs.add_rule, rs, { name = "r", pattern = tok { all = { "CAPS" } } }))
    local e = err_of(rs.add_rule, rs, { name = "bad.re", regex = "(x" })
    assert.truthy(has(e, "glean: rule 'bad.re': regex: "))
    e = err_of(rs.add_rule, rs, { name = "bad.tokre", pattern = tok { regex = "[" } })
    assert.truthy(has(e, "glean: rule 'bad.tokre': "))
    assert.equal(0, rs:nrules())
    assert.truthy(has(err_of(rs.add_rule, rs, "x"), "table expected"))
  end)

  it("checks its options", function()
    assert.truthy(has(err_of(core.ruleset, { max_tokens = 3 }),
      "unknown option 'max_tokens'"))
    assert.truthy(has(err_of(core.ruleset, { max_match_tokens = 0 }),
      "max_match_tokens must be a positive integer"))
    local rs = core.ruleset { max_match_tokens = 2 }
    rs:add_rule { name = "caps", pattern = rep(tok { all = F.CAP }, 1, 10) }
    for _, m in ipairs(rs:scan(core.document("Ana Maria Lima Costa"))) do
      assert.is_true(m.last - m.first + 1 <= 2)
    end
  end)

  it("keeps its lexicons alive", function()
    local rs = core.ruleset()
    do
      local lex = core.lexicon()
      lex:add("Lima", "SURNAME")
      rs:add_lexicon(lex)
    end
    rs:add_rule { name = "s", pattern = { op = "span", label = "SURNAME" } }
    collectgarbage()
    collectgarbage()
    local m = rs:scan(doc)
    assert.equal(1, #m)
    assert.equal("Lima", doc:token_text(m[1].first))
  end)
end)

describe("memory safety", function()
  it("keeps the text alive for the document", function()
    local doc
    do
      local parts = {}
      for i = 1, 50 do parts[i] = "word" .. i end
      doc = core.document(table.concat(parts, " "))
    end
    collectgarbage()
    collectgarbage()
    assert.equal("word50", doc:token_text(50))
  end)

  it("creates and drops many objects", function()
    for i = 1, 300 do
      local doc = core.document(("Some words, and more words. "):rep(i % 7 + 1))
      local lex = core.lexicon()
      lex:add("words", "W")
      local rs = core.ruleset()
      rs:add_lexicon(lex)
      rs:add_rule { name = "w", pattern = { op = "span", label = "W" } }
      assert.is_true(#rs:scan(doc) > 0)
      core.regex("w(or)ds"):find(doc:text())
      if i % 50 == 0 then collectgarbage() end
    end
    collectgarbage()
    collectgarbage()
  end)

  it("survives a second __gc and refuses to use a freed object", function()
    local objects = { core.document("a b"), core.lexicon(), core.regex("a"),
      core.ruleset() }
    for _, o in ipairs(objects) do
      local gc = getmetatable(o).__gc
      gc(o)
      gc(o)
      assert.matches(o == objects[1] and "%(closed%)" or "%(freed%)", tostring(o))
    end
    assert.truthy(has(err_of(objects[1].ntokens, objects[1]), "is closed"))
    assert.truthy(has(err_of(objects[2].size, objects[2]), "has been freed"))
    assert.truthy(has(err_of(objects[3].test, objects[3], "a"), "has been freed"))
    assert.truthy(has(err_of(objects[4].nrules, objects[4]), "has been freed"))
  end)

  it("closes a document on demand, and refuses to use it after", function()
    local doc = core.document("Anna Berg paid $5. She left.")
    local lex = core.lexicon()
    lex:add("Anna", "GIVEN")
    local rs = core.ruleset()
    rs:add_lexicon(lex)
    rs:add_rule { name = "g", pattern = { op = "span", label = "GIVEN" } }
    assert.equal(1, #rs:scan(doc))
    doc:close()
    doc:close()  -- a second close does nothing
    assert.matches("%(closed%)", tostring(doc))
    assert.truthy(has(err_of(doc.token, doc, 1), "is closed"))
    assert.truthy(has(err_of(function() return #doc end), "is closed"))
    assert.truthy(has(err_of(rs.scan, rs, doc), "is closed"))
    assert.truthy(has(err_of(lex.match, lex, doc), "is closed"))
  end)

  if _VERSION == "Lua 5.4" and not jit then
    it("closes a <close> document at the end of its block", function()
      local probe = assert(load([[
        local core = ...
        local kept
        do
          local doc <close> = core.document("a b c")
          kept = doc
          assert(doc:ntokens() == 3)
        end
        return tostring(kept)
      ]]))
      assert.matches("%(closed%)", probe(core))
    end)
  end

  it("rejects objects of the wrong type", function()
    local doc = core.document("x")
    local lex = core.lexicon()
    assert.truthy(has(err_of(lex.size, doc), "glean.lexicon expected"))
    assert.truthy(has(err_of(doc.ntokens, lex), "glean.document expected"))
    local rs = core.ruleset()
    assert.truthy(has(err_of(rs.scan, rs, lex), "glean.document expected"))
    assert.truthy(has(err_of(rs.add_lexicon, rs, doc), "glean.lexicon expected"))
  end)
end)
