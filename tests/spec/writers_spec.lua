-- writers_spec.lua — glean.json (both decoders, the encoder, raw members)
-- and glean.writers (table, JSON, JSON Lines, CoNLL). No engine needed.
-- Runs under Lua 5.4 and LuaJIT.

local json = require "glean.json"
local writers = require "glean.writers"

local support = require "tests.spec.support"
local sink = support.sink

local function lines_of(s)
  local out = {}
  for line in s:gmatch("([^\n]*)\n") do out[#out + 1] = line end
  return out
end

-- Character count of a UTF-8 string.
local function chars(s)
  return #s - select(2, s:gsub("[\128-\191]", ""))
end

local DECODERS = { lua = json.decode_lua, default = json.decode }

describe("json decoding", function()
  for name, decode in pairs(DECODERS) do
    it("reads escapes, surrogate pairs and UTF-8 (" .. name .. ")", function()
      local v = assert(decode('{"a": "q\\"b\\\\s\\/\\n\\t\\u00e9\\ud83d\\ude00", "b": [1, -2.5e1, true, false]}'))
      assert.equal('q"b\\s/\n\t\195\169\240\159\152\128', v.a)
      assert.equal(1, v.b[1])
      assert.equal(-25, v.b[2])
      assert.is_true(v.b[3])
      assert.is_false(v.b[4])
      assert.equal("caf\195\169 \226\128\156x\226\128\157",
        decode('"caf\195\169 \226\128\156x\226\128\157"'))
    end)

    it("keeps a key whose value is null present (" .. name .. ")", function()
      local v = assert(decode('{"id": null}'))
      assert.is_not_nil(v.id)
      assert.equal(json.null, v.id)
    end)

    it("reports errors with a position (" .. name .. ")", function()
      local v, err = decode('{"a": 1,, "b": 2}')
      assert.is_nil(v)
      assert.truthy(err:find("^invalid JSON"))
      assert.truthy(err:find("9"), err)  -- the second comma is byte 9
      for _, bad in ipairs({ "", "[1, 2", '"abc', '{"a" 1}', "tru", '"\\x"' }) do
        local r, e = decode(bad)
        assert.is_nil(r, bad)
        assert.truthy(e:find("invalid JSON"), bad)
      end
    end)
  end

  it("names the problem in the pure-Lua decoder's messages", function()
    local _, err = json.decode_lua('{"a": [1, 2}')
    assert.equal("invalid JSON at byte 12: expected ',' or ']', found '}'", err)
    _, err = json.decode_lua('"a\nb"')
    assert.equal("invalid JSON at byte 3: control character in string", err)
    _, err = json.decode_lua("01")  -- cjson accepts this one
    assert.equal("invalid JSON at byte 1: bad number", err)
  end)

  it("refuses nesting deeper than 1000 without crashing", function()
    local deep = string.rep("[", 5000) .. string.rep("]", 5000)
    local v, err = json.decode_lua(deep)
    assert.is_nil(v)
    assert.truthy(err:find("nested too deeply"))
  end)
end)

describe("json encoding", function()
  it("escapes what JSON needs and keeps other UTF-8 as is", function()
    assert.equal('"a\\"b\\\\c\\n\\u0001/\195\169"', json.encode('a"b\\c\n\1/\195\169'))
  end)

  it("replaces each invalid UTF-8 byte with U+FFFD", function()
    local r = "\239\191\189"
    assert.equal('"a' .. r .. 'b' .. r .. r .. '"', json.encode("a\255b\226\128"))
    assert.equal('"' .. r .. r .. '"', json.encode("\192\175"))  -- overlong "/"
    assert.equal('"' .. r .. r .. r .. '"', json.encode("\237\160\128"))  -- surrogate
  end)

  it("writes integers without a fraction and other numbers exactly", function()
    assert.equal("[25,-3,0.1,1.5,1e+300,null]",
      json.encode({ 25.0, -3, 0.1, 1.5, 1e300, 0 / 0 }))
  end)

  it("writes empty tables as [] and known keys first", function()
    assert.equal('{"label":"ORG","text":"Acme","start":0,"end":4,"a":[],"z":1}',
      json.encode({ z = 1, a = {}, ["end"] = 4, start = 0, text = "Acme", label = "ORG" }))
  end)

  it("round-trips through both decoders", function()
    local v = { entities = { { label = "MONEY", amount = 1500000, currency = "EUR",
      text = "\226\130\172" .. "1.5m", start = 3, ["end"] = 10 } }, quotes = {} }
    for _, decode in pairs(DECODERS) do
      local back = assert(decode(json.encode(v)))
      assert.same(v, back)
    end
  end)

  it("refuses values JSON cannot hold", function()
    assert.has_error(function() json.encode({ f = print }) end)
  end)
end)

describe("json.members", function()
  it("gives each top-level member's raw text, escapes and all", function()
    local line = ' { "id" : "a\\"}" , "t\\u0065xt":"x {[" ,"n": 1e5, "o": {"k": [1, {"z": "]"}]}} '
    local m = json.members(line)
    assert.equal(4, #m)
    assert.same({ "id", "text", "n", "o" }, { m[1].key, m[2].key, m[3].key, m[4].key })
    assert.equal('"a\\"}"', m[1].value)
    assert.equal('"t\\u0065xt":', m[2].head)
    assert.equal("1e5", m[3].value)
    assert.equal('{"k": [1, {"z": "]"}]}', m[4].value)
    assert.is_nil(json.members("[1]"))
    assert.same({}, json.members("{}"))
  end)
end)

local RESULT = {
  entities = {
    { label = "PERSON", text = "Ana Ruiz", start = 0, ["end"] = 8,
      canonical = "Ana Ruiz", id = 1, rule = "person.full" },
    { label = "MONEY", text = "$2 million", start = 30, ["end"] = 40,
      amount = 2000000, currency = "USD" },
    { label = "ORG", text = "Very Long Name Of A Company That\nGoes On And On Inc.",
      start = 50, ["end"] = 102 },
  },
  quotes = {
    { text = "\226\128\156We grow.\226\128\157", start = 110, ["end"] = 124,
      kind = "direct", speaker = "Ana Ruiz", speaker_id = 1,
      speaker_start = 0, speaker_end = 8, cue = "said" },
  },
}

describe("writers.table", function()
  it("aligns the columns and shows the extra fields", function()
    local out = sink()
    writers.table(out, { name = "a.txt" }, RESULT)
    local ls = lines_of(out:text())
    assert.equal("== a.txt: 3 entities, 1 quote", ls[1])
    assert.truthy(ls[2]:find("^LABEL%s+TEXT%s+SPAN%s+DETAILS$"))
    -- The SPAN column starts at the same character on every row.
    local col = chars(ls[2]:match("^(.-)SPAN"))
    for i = 3, 6 do
      local before = ls[i]:match("^(.-)%d+%-%d+")
      assert.equal(col, chars(before), ls[i])
    end
    assert.truthy(ls[3]:find('canonical="Ana Ruiz" id=1 rule=person.full', 1, true))
    assert.truthy(ls[4]:find("amount=2000000 currency=USD", 1, true))
    assert.truthy(ls[6]:find("^QUOTE"))
    assert.truthy(ls[6]:find('kind=direct speaker="Ana Ruiz" [0-8] speaker_id=1 cue=said', 1, true))
    assert.equal("", ls[7])
  end)

  it("shows newlines as a return sign and cuts long texts", function()
    local t = writers.one_line("Very Long Name Of A Company That\nGoes On And On Inc.", 40)
    assert.equal(40, chars(t))
    assert.truthy(t:find("That\226\143\142Goes", 1, true))
    assert.equal("\226\128\166", t:sub(-3))
    assert.equal("short", writers.one_line("short", 40))
  end)

  it("says when nothing was found", function()
    local out = sink()
    writers.table(out, { name = "b.txt" }, { entities = {}, quotes = {} })
    assert.equal("== b.txt: 0 entities, 0 quotes\n(nothing found)\n\n", out:text())
  end)
end)

describe("writers.json", function()
  it("writes one parseable object per document", function()
    local out = sink()
    writers.json(out, { name = "a.txt" }, RESULT)
    writers.json(out, { name = "in.jsonl", line = 7, id = "doc-7" }, { entities = {}, quotes = {} })
    local ls = lines_of(out:text())
    assert.equal(2, #ls)
    local a, b = assert(json.decode(ls[1])), assert(json.decode(ls[2]))
    assert.equal("a.txt", a.file)
    assert.equal(3, #a.entities)
    assert.equal(2000000, a.entities[2].amount)
    assert.equal("Ana Ruiz", a.quotes[1].speaker)
    assert.equal(7, b.line)
    assert.equal("doc-7", b.id)
    assert.same({}, b.entities)
  end)
end)

describe("writers.jsonl", function()
  it("replaces entities and quotes in place and copies other values byte for byte", function()
    local line = '{"id": 12345678901234567890, "text": "Ana Ruiz said", "entities": [{"x": 1}], "meta": {"a": [1, 2.50]}}'
    local out = sink()
    writers.jsonl(out, {}, RESULT, json.members(line))
    local s = out:text()
    assert.equal("\n", s:sub(-1))
    assert.truthy(s:find('^{"id":12345678901234567890,"text":"Ana Ruiz said","entities":%['))
    assert.truthy(s:find(',"meta":{"a": [1, 2.50]},"quotes":[', 1, true))
    local v = assert(json.decode(s))
    assert.equal(3, #v.entities)
    assert.equal("direct", v.quotes[1].kind)
  end)

  it("adds missing fields at the end and drops duplicates", function()
    local line = '{"quotes": 1, "text": "x", "quotes": 2}'
    local out = sink()
    writers.jsonl(out, {}, { entities = {}, quotes = {} }, json.members(line))
    assert.equal('{"quotes":[],"text":"x","entities":[]}\n', out:text())
  end)

  it("makes a record with the file name and text for text input", function()
    local out = sink()
    writers.jsonl(out, { name = "a.txt", text = 'He said "no".' }, { entities = {}, quotes = {} })
    local v = assert(json.decode(out:text()))
    assert.equal("a.txt", v.file)
    assert.equal('He said "no".', v.text)
  end)
end)

describe("writers.conll", function()
  -- Words and punctuation as tokens; sentences end after . ! ?
  local function tokens(text)
    local toks, sents, from = {}, {}, 0
    for s, e in text:gmatch("()[%w$']+()") do toks[#toks + 1] = { s - 1, e - 1 } end
    for s in text:gmatch("()[%.!?,]") do toks[#toks + 1] = { start = s - 1, ["end"] = s } end
    table.sort(toks, function(a, b) return (a.start or a[1]) < (b.start or b[1]) end)
    for e in text:gmatch("[%.!?]()") do
      sents[#sents + 1] = { start = from, ["end"] = e - 1 }
      from = e
    end
    return toks, sents
  end

  it("tags tokens B-/I-/O and separates sentences with blank lines", function()
    local text = "Ana Maria Ruiz paid $5 to Acme Corp. Then Ruiz left."
    local result = { entities = {
      { label = "PERSON", start = 0, ["end"] = 14 },
      { label = "MONEY", start = 20, ["end"] = 22 },
      { label = "ORG", start = 26, ["end"] = 35 },
      { label = "PERSON", start = 42, ["end"] = 46 },
    }, quotes = {} }
    local out = sink()
    writers.conll(out, { text = text }, result, tokens)
    assert.equal(table.concat({
      "-DOCSTART- O", "",
      "Ana B-PERSON", "Maria I-PERSON", "Ruiz I-PERSON", "paid O", "$5 B-MONEY",
      "to O", "Acme B-ORG", "Corp I-ORG", ". O", "",
      "Then O", "Ruiz B-PERSON", "left O", ". O", "", "" }, "\n"), out:text())
  end)

  it("starts a new B- for two adjacent entities", function()
    local text = "Ana Bo"
    local out = sink()
    writers.conll(out, { text = text }, { entities = {
      { label = "PERSON", start = 0, ["end"] = 3 },
      { label = "PERSON", start = 4, ["end"] = 6 } } }, function() return { { 0, 3 }, { 4, 6 } } end)
    assert.equal("-DOCSTART- O\n\nAna B-PERSON\nBo B-PERSON\n\n", out:text())
  end)
end)
