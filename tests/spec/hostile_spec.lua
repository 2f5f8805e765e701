-- hostile_spec.lua — hostile input through the whole pipeline (Lua API
-- and command line, real engine and packs): a sane result or a clear
-- error, never a crash, a hang or lost output. One `it` per row of the
-- README's "Hostile input" table; sizes are kept small enough for
-- `make test` and `make check-valgrind` (tests/bench/scaling.lua runs the
-- full sizes and measures 1x/10x scaling). Runs under Lua 5.4 and LuaJIT.

local glean = require "glean"
local core = require "glean.core"
local cli = require "glean.cli"
local json = require "glean.json"

local ex = glean.new()


local support = require "tests.spec.support"
local sink = support.sink
local temp_file = support.temp_file

-- Runs the command line in-process with the real extractor; stdin is the
-- content given. Returns exit code, stdout, stderr.
local function run_cli(args, input)
  local out, err = sink(), sink()
  local fh = input and assert(io.open(temp_file(input), "rb"))
  local code = cli.main(args, { stdin = fh, stdout = out, stderr = err,
    is_tty = function() return false end, getenv = function() return nil end })
  if fh then fh:close() end
  return code, out.text(), err.text()
end

-- Every entity and quotation lies inside the text, its text matching its
-- offsets.
local function assert_sane(text, r)
  for _, e in ipairs(r.entities) do
    assert.is_true(e.start >= 0 and e.start < e["end"] and e["end"] <= #text)
    assert.are.equal(text:sub(e.start + 1, e["end"]), e.text)
  end
  for _, q in ipairs(r.quotes) do
    assert.is_true(q.start >= 0 and q.start < q["end"] and q["end"] <= #text)
  end
end

local function labels(r)
  local out = {}
  for _, e in ipairs(r.entities) do out[#out + 1] = e.label .. ":" .. e.text end
  return table.concat(out, " | ")
end

-- Deterministic bytes of every value.
local function random_bytes(n, seed)
  local t, x = {}, seed
  for i = 1, n do
    x = (x * 1103515245 + 12345) % 2147483648
    t[i] = string.char(math.floor(x / 65536) % 256)
  end
  return table.concat(t)
end

describe("hostile input", function()
  teardown(function()
    support.remove_temps()
  end)

  it("invalid UTF-8: bad bytes are kept out of entities, JSON stays valid", function()
    local text = "\255\254 Port director Ingrid Holm \192\128 said \"we \237\160\128 agree\" "
      .. "on the $2.4 million deal\226\128"
    local r = ex:extract(text)
    assert_sane(text, r)
    assert.matches("PERSON:Ingrid Holm", labels(r), 1, true)
    assert.matches("MONEY:$2.4 million", labels(r), 1, true)
    local code, out = run_cli({ "--json", temp_file(text) })
    assert.are.equal(0, code)
    local obj, err = json.decode((out:gsub("\n$", "")))
    assert.is_nil(err)
    assert.is_table(obj.entities)
  end)

  it("NUL bytes: text after a NUL is not lost", function()
    local text = "Chair Ann Lee\0 said.\0 Later, Bob Okafor paid $5 million."
    local r = ex:extract(text)
    assert_sane(text, r)
    assert.matches("PERSON:Bob Okafor", labels(r), 1, true)
    assert.matches("MONEY:$5 million", labels(r), 1, true)
  end)

  it("empty input: no entities, exit 0, nothing written for JSON Lines", function()
    local r = ex:extract("")
    assert.are.same({}, r.entities)
    assert.are.same({}, r.quotes)
    assert.are.equal(0, #ex:extract(" \n\n\t").entities)
    local code, out, err = run_cli({ "--jsonl" }, "")
    assert.are.equal(0, code)
    assert.are.equal("", out)
    assert.are.equal("", err)
    code, out = run_cli({ "--json", temp_file("") })
    assert.are.equal(0, code)
    assert.is_nil(select(2, json.decode((out:gsub("\n$", "")))))
  end)

  it("a long single line: every repeat is found (200 KB here, 100 MB in the bench)", function()
    local unit = "Chairman Ola Obi said the council paid $3 million for it. "
    local n = math.floor(200000 / #unit)
    local text = unit:rep(n)
    local r = ex:extract(text)
    assert_sane(text, r)
    local money = 0
    for _, e in ipairs(r.entities) do
      if e.label == "MONEY" then money = money + 1 end
    end
    assert.are.equal(n, money)
  end)

  it("200,000 quotation marks: no quotation invented, no hang", function()
    local text = ('"'):rep(200000)
    local r = ex:extract(text)
    assert_sane(text, r)
    assert.are.equal(0, #r.entities)
    -- curly opening marks only, and marks around a real quote
    r = ex:extract(("\226\128\156"):rep(50000))
    assert_sane(("\226\128\156"):rep(50000), r)
    text = ('"'):rep(20001) .. ' Ann Lee said "We are done." ' .. ('"'):rep(20000)
    assert_sane(text, ex:extract(text))
  end)

  it("a 500,000-digit number: one MONEY entity with a finite amount", function()
    local text = "It cost $" .. ("9"):rep(500000) .. "."
    local r = ex:extract(text)
    assert_sane(text, r)
    assert.are.equal(1, #r.entities)
    local e = r.entities[1]
    assert.are.equal("MONEY", e.label)
    assert.is_true(e.amount > 1e300 and e.amount < math.huge)
    -- and its JSON line is valid JSON
    local code, out = run_cli({ "--jsonl" }, json.encode({ text = text }) .. "\n")
    assert.are.equal(0, code)
    local obj, err = json.decode((out:gsub("\n$", "")))
    assert.is_nil(err)
    assert.are.equal(1, #obj.entities)
  end)

  it("capitalized words in a row (20,000 here, a million in the bench)", function()
    local text = ("Word "):rep(20000)
    local r = ex:extract(text)
    assert_sane(text, r)
    local words = {}
    for i = 1, 5000 do words[i] = (i % 2 == 0 and "Bank" or "Holm") end
    text = table.concat(words, " ")
    assert_sane(text, ex:extract(text))
  end)

  it("binary files: processed as text, exit 0, valid JSON out", function()
    local bytes = random_bytes(65536, 7)
    local r = ex:extract(bytes)
    assert_sane(bytes, r)
    local code, out = run_cli({ "--json", temp_file(bytes) })
    assert.are.equal(0, code)
    assert.is_nil(select(2, json.decode((out:gsub("\n$", "")))))
  end)

  it("a JSON Lines stream with a broken line: reported with its number, the rest written, exit 1", function()
    local input = table.concat({
      '{"id": 1, "text": "Ann Lee paid $5."}',
      '{"id": 2, "text": "Bob Okafor paid $6."}',
      '{"id": 3, "text": "broken',
      '{"id": 4, "text": "\255 binary \\u0000 inside"}',
      '[1, 2]',
      '{"id": 6, "text": "Cara Holm paid $7."}',
    }, "\n") .. "\n"
    local code, out, err = run_cli({ "--jsonl" }, input)
    assert.are.equal(1, code)
    assert.matches("line 3:", err, 1, true)
    assert.matches("line 5: not a JSON object", err, 1, true)
    assert.matches("2 of 6 lines skipped", err, 1, true)
    local ids = {}
    for line in out:gmatch("[^\n]+") do
      local obj = assert(json.decode(line))
      ids[#ids + 1] = obj.id
      assert.is_table(obj.entities)
    end
    assert.are.same({ 1, 2, 4, 6 }, ids)
  end)

  it("a rule file with a syntax error or a wrong field: a clear error, exit 2", function()
    local bad_syntax = temp_file("return { rules = { { name = 'x' label = 'ORG' } } }")
    local code, out, err = run_cli({ "--rules", bad_syntax, temp_file("Ann Lee.") })
    assert.are.equal(2, code)
    assert.are.equal("", out)
    assert.matches("cannot load rule file", err, 1, true)
    assert.matches(":1:", err, 1, true)  -- the line of the mistake
    local missing = os.tmpname()
    os.remove(missing)
    code, out, err = run_cli({ "--rules", missing, temp_file("Ann Lee.") })
    assert.are.equal(2, code)
    assert.matches("cannot load rule file " .. missing .. ": No such file",
      err, 1, true)
    code, out, err = run_cli({ "--packs", "persn", temp_file("Ann Lee.") })
    assert.are.equal(2, code)
    assert.matches("unknown pack 'persn' (did you mean 'person'?)", err, 1, true)
    local bad_field = temp_file(
      "local R = require 'glean.rules'\n" ..
      "return { rules = { { name = 'ships.x', label = 'ORG', paterrn = R.caps(1, 2) } } }")
    code, out, err = run_cli({ "--rules", bad_field, temp_file("Ann Lee.") })
    assert.are.equal(2, code)
    assert.matches("rule 'ships.x': field 'paterrn' is not a rule field", err, 1, true)
    assert.matches("did you mean 'pattern'", err, 1, true)
  end)

  it("a regex that backtracks catastrophically: an error for that document only", function()
    local pack = temp_file("return { name = 'evil', rules = { { name = 'evil.re', " ..
      "label = 'ORG', regex = '(?:a|aa)+(?:a|aa)+$' } } }")
    local input = json.encode({ text = ("a"):rep(3000) .. "b" }) .. "\n"
      .. json.encode({ text = "Ann Lee paid $5." }) .. "\n"
    local t0 = os.clock()
    local code, out, err = run_cli({ "--jsonl", "--rules", pack }, input)
    assert.is_true(os.clock() - t0 < 30)  -- a guard against a hang, not a timing
    assert.are.equal(1, code)
    assert.matches("line 1: extraction failed: .*match limit exceeded", err)
    local n = 0
    for line in out:gmatch("[^\n]+") do
      n = n + 1
      assert.matches("Ann Lee", line, 1, true)
    end
    assert.are.equal(1, n)
  end)

  it("a lexicon file with many entries and bad lines: bad lines counted, the rest loaded", function()
    local lines = {}
    for i = 1, 20000 do lines[#lines + 1] = "Holm" .. i .. " Lee\tPERSON" end
    table.insert(lines, 100, "\255\254 broken\tPERSON")   -- line 100
    table.insert(lines, 200, "\tPERSON")                    -- empty phrase
    table.insert(lines, 300, ("x"):rep(1100000))            -- over 1 MB
    local path = temp_file(table.concat(lines, "\n") .. "\n")
    local lex = core.lexicon()
    local loaded, skipped, first_bad = lex:load(path, { label = "X" })
    assert.are.equal(20000, loaded)
    assert.are.equal(3, skipped)
    assert.are.equal(100, first_bad)
    local doc = core.document("Then Holm19999 Lee spoke.")
    local m = lex:match(doc)
    assert.are.equal(1, #m)
    assert.are.equal("PERSON", m[1].label)
    -- a missing file is an error naming the file
    local ok, err = pcall(lex.load, lex, "/nonexistent/glean-lex.txt")
    assert.is_false(ok)
    assert.matches("glean-lex.txt", tostring(err), 1, true)
  end)
end)
