-- cli_spec.lua — glean's command line: formats, JSON Lines with bad lines,
-- options, exit codes, progress, eval; cli.main is called with a fake
-- extractor and collected streams, and bin/glean runs as a subprocess for
-- what does not need the engine. Runs under Lua 5.4 and LuaJIT.

local cli = require "glean.cli"
local json = require "glean.json"
local eval = require "glean.eval"

-- The project root, absolute (the symlink test needs it).
local function project_root()
  local dir = debug.getinfo(1, "S").source:sub(2):match("^(.*)/") or "."
  local p = io.popen("cd '" .. dir .. "/../..' && pwd")
  local root = p:read("*l")
  p:close()
  return root
end
local ROOT = project_root()

local support = require "tests.spec.support"
local sink = support.sink
local temp_file = support.temp_file

local function lines_of(s)
  local out = {}
  for line in s:gmatch("([^\n]*)\n") do out[#out + 1] = line end
  return out
end


-- A stand-in for the engine: "Xxx Yyy" is a PERSON, "$N" MONEY, "..." a
-- quotation said by the first person; a text containing BOOM fails.
local Fake = {}
Fake.__index = Fake
function Fake:extract(text)
  if text:find("BOOM", 1, true) then error("fake failure on purpose") end
  local ents, quotes = {}, {}
  for s, w, e in text:gmatch("()(%u%l+ %u%l+)()") do
    ents[#ents + 1] = { label = "PERSON", text = w, start = s - 1, ["end"] = e - 1 }
  end
  for s, w, e in text:gmatch("()(%$%d+)()") do
    ents[#ents + 1] = { label = "MONEY", text = w, start = s - 1, ["end"] = e - 1,
      amount = tonumber(w:sub(2)), currency = "USD" }
  end
  table.sort(ents, function(a, b) return a.start < b.start end)
  for s, q, e in text:gmatch('()(%b"")()') do
    local who = ents[1]
    quotes[#quotes + 1] = { text = q, start = s - 1, ["end"] = e - 1, kind = "direct",
      speaker = who and who.text, speaker_start = who and who.start,
      speaker_end = who and who["end"], cue = "said" }
  end
  return { entities = ents, quotes = quotes }
end
function Fake:tokens(text)
  local toks = {}
  for s, e in text:gmatch("()[^%s%.]+()") do toks[#toks + 1] = { start = s - 1, ["end"] = e - 1 } end
  return toks
end

function Fake:explain() return {}, "fake report" end

local made_with
local function make_fake(opts)
  made_with = opts
  return setmetatable({}, Fake)
end

-- A fake that cannot explain.
local function make_plain()
  return { extract = function(_, text) return Fake.extract(nil, text) end }
end

-- Runs cli.main; returns exit code, stdout text, stderr text (plain: with
-- an extractor that has no :explain).
local function run(args, stdin_text, env, tty, plain)
  local out, err = sink(), sink()
  local stdin = io.open(temp_file(stdin_text or ""), "rb")
  local code = cli.main(args, {
    stdin = stdin, stdout = out, stderr = err,
    getenv = function(k) return (env or {})[k] end,
    is_tty = function() return tty or false end,
  }, plain and make_plain or make_fake)
  stdin:close()
  return code, out:text(), err:text()
end

teardown(function()
  support.remove_temps()
end)

describe("glean (text input)", function()
  it("prints a table per document from stdin by default", function()
    local code, out, err = run({}, 'Ana Ruiz said "We pay $5."\n')
    assert.equal(0, code)
    assert.equal("", err)
    local ls = lines_of(out)
    assert.equal("== -: 2 entities, 1 quote", ls[1])
    assert.truthy(ls[3]:find("^PERSON%s+Ana Ruiz%s+0%-8$"))
    assert.truthy(ls[4]:find("^MONEY%s+%$5%s+22%-24%s+amount=5 currency=USD$"))
    assert.truthy(ls[5]:find('^QUOTE%s+"We pay %$5%."%s+14%-26%s+kind=direct speaker="Ana Ruiz" %[0%-8%] cue=said$'))
  end)

  it("writes one JSON object per file with --json", function()
    local a = temp_file("Ana Ruiz left.")
    local b = temp_file("Nothing here.")
    local code, out = run({ "--json", a, b })
    assert.equal(0, code)
    local ls = lines_of(out)
    assert.equal(2, #ls)
    local da, db = assert(json.decode(ls[1])), assert(json.decode(ls[2]))
    assert.equal(a, da.file)
    assert.equal("Ana Ruiz", da.entities[1].text)
    assert.equal(b, db.file)
    assert.same({}, db.entities)
    assert.same({}, db.quotes)
  end)

  it("reports a file it cannot open, goes on, and exits 1", function()
    local a = temp_file("Ana Ruiz left.")
    local code, out, err = run({ "--json", "/nonexistent/x.txt", a })
    assert.equal(1, code)
    assert.truthy(err:find("glean: cannot open /nonexistent/x.txt: ", 1, true))
    assert.equal(1, #lines_of(out))
  end)

  it("writes CoNLL with the extractor's tokens", function()
    local code, out = run({ "--format", "conll" }, "Ana Ruiz paid $5.")
    assert.equal(0, code)
    assert.equal("-DOCSTART- O\n\nAna B-PERSON\nRuiz I-PERSON\npaid O\n$5 B-MONEY\n\n", out)
  end)

  it("explains the matches, then prints the table, with --explain", function()
    local code, out = run({ "--explain" }, "Ana Ruiz paid $5.")
    assert.equal(0, code)
    local ls = lines_of(out)
    assert.equal("== -: rule matches, and what overlap resolution did", ls[1])
    assert.equal("fake report", ls[2])
    assert.equal("", ls[3])
    assert.equal("== -: 2 entities, 0 quotes", ls[4])
    local code2, out2, err2 = run({ "--explain" }, "Nothing.", nil, nil, true)
    assert.equal(2, code2)
    assert.equal("", out2)
    assert.truthy(err2:find("glean: this extractor cannot explain", 1, true))
  end)

  it("says which rule lost to which with the real extractor", function()
    local out, err = sink(), sink()
    local stdin = io.open(temp_file("Ambassador Rosa Delgado said no."), "rb")
    local code = cli.main({ "--explain" }, { stdin = stdin, stdout = out,
      stderr = err, getenv = function() end, is_tty = function() return false end })
    stdin:close()
    assert.equal(0, code)
    local text = out:text()
    assert.truthy(text:find('"Rosa Delgado"%s+kept%s+rule person%.titled'))
    assert.truthy(text:find("lost to person.titled, higher priority", 1, true))
    assert.truthy(text:find("\nPERSON%s+Rosa Delgado%s+11%-23%s"))
  end)

  it("makes a JSON Lines record holding the text with --format jsonl", function()
    local code, out = run({ "--format=jsonl" }, "Ana Ruiz left.")
    assert.equal(0, code)
    local v = assert(json.decode(out))
    assert.equal("Ana Ruiz left.", v.text)
    assert.equal("-", v.file)
    assert.equal(1, #v.entities)
  end)
end)

describe("glean --jsonl", function()
  local input = table.concat({
    '{"id": "a", "text": "Ana Ruiz paid $5.", "entities": [{"old": true}], "source": "x", "n": 1e5}',
    '',
    '{"id": "b", "text": "no names"',
    '{"id": "c", "body": "Ana Ruiz"}',
    '["not", "an", "object"]',
    '{"id": "d", "text": "Bo Li said BOOM"}',
    '{"id": "e", "text": "Bo Li said \\"yes\\"."}',
  }, "\n") .. "\n"

  it("keeps every other field, replaces entities, adds quotes", function()
    local code, out = run({ "--jsonl" }, input)
    assert.equal(1, code)
    local ls = lines_of(out)
    assert.equal(2, #ls)  -- lines 1 and 7; the others are blank or bad
    local a = assert(json.decode(ls[1]))
    assert.equal("a", a.id)
    assert.equal("x", a.source)
    assert.truthy(ls[1]:find('"n":1e5', 1, true))
    assert.same({ "Ana Ruiz", "$5" }, { a.entities[1].text, a.entities[2].text })
    assert.same({}, a.quotes)
    local e = assert(json.decode(ls[2]))
    assert.equal("e", e.id)
    assert.equal("Bo Li", e.quotes[1].speaker)
  end)

  it("reports each bad line with its number and the reason", function()
    local _, _, err = run({ "--jsonl" }, input)
    local ls = lines_of(err)
    assert.truthy(ls[1]:find("^glean: line 3: invalid JSON: "), ls[1])
    assert.equal('glean: line 4: no "text" string field', ls[2])
    assert.equal("glean: line 5: not a JSON object", ls[3])
    assert.truthy(ls[4]:find("^glean: line 6: extraction failed: .*fake failure on purpose"))
    assert.equal("glean: 4 of 7 lines skipped", ls[5])
    assert.equal(5, #ls)
  end)

  it("names the file in reports when reading files", function()
    local f = temp_file('{"text": "ok"}\n{oops}\n')
    local code, out, err = run({ "--jsonl", f })
    assert.equal(1, code)
    assert.equal(1, #lines_of(out))
    assert.truthy(err:find("glean: " .. f .. ": line 2: invalid JSON", 1, true))
  end)

  it("is silent with --quiet but still exits 1", function()
    local code, out, err = run({ "--jsonl", "-q" }, input)
    assert.equal(1, code)
    assert.equal("", err)
    assert.equal(2, #lines_of(out))
  end)

  it("reads the text from --text-field", function()
    local code, out = run({ "--jsonl", "--text-field", "body" }, '{"body": "Ana Ruiz"}\n')
    assert.equal(0, code)
    assert.equal("Ana Ruiz", assert(json.decode(out)).entities[1].text)
  end)

  it("writes other formats per line, naming file and line", function()
    local code, out = run({ "--jsonl", "--json" },
      '{"id": "x", "text": "Ana Ruiz"}\n{"text": "Bo Li"}\n')
    assert.equal(0, code)
    local ls = lines_of(out)
    local a, b = assert(json.decode(ls[1])), assert(json.decode(ls[2]))
    assert.same({ "-", 1, "x" }, { a.file, a.line, a.id })
    assert.same({ "-", 2 }, { b.file, b.line })
    local _, table_out = run({ "--jsonl", "-f", "table" }, '\n{"id": "x", "text": "Ana Ruiz"}\n')
    assert.equal("== -:2 (id x): 1 entity, 0 quotes", lines_of(table_out)[1])
  end)

  it("handles a very long line", function()
    local text = string.rep("word ", 2 * 1024 * 1024) .. "Ana Ruiz"  -- 10 MB
    local code, out = run({ "--jsonl" }, json.encode({ id = "big", text = text }) .. "\n")
    assert.equal(0, code)
    local v = assert(json.decode(out))
    assert.equal(#text, #v.text)
    assert.equal(#text - 8, v.entities[1].start)
  end)
end)

describe("glean options", function()
  it("passes --packs and every --rules to the extractor", function()
    run({ "--packs", "person, money", "--rules", "a.lua", "--rules=b.lua" }, "")
    assert.same({ packs = { "person", "money" }, rules = { "a.lua", "b.lua" } }, made_with)
    run({}, "")
    assert.same({ rules = {} }, made_with)
  end)

  it("passes --convention to the extractor", function()
    run({ "--convention", "ontonotes" }, "")
    assert.same({ rules = {}, convention = "ontonotes" }, made_with)
  end)

  -- Extractors that note their convention and the texts they were given.
  local function recording()
    local made, used = {}, {}
    local function make(opts)
      made[#made + 1] = opts.convention or "unset"
      local ex = setmetatable({}, Fake)
      function ex.extract(self, text)
        used[text] = opts.convention or "unset"
        return Fake.extract(self, text)
      end
      return ex
    end
    return make, made, used
  end

  local SOURCED = table.concat({
    json.encode({ text = "one", source = "ontonotes" }),
    json.encode({ text = "two", source = "conll2003" }),
    json.encode({ text = "three", source = "polnear" }),
    json.encode({ text = "four" }),
    json.encode({ text = "five", source = "ontonotes" }),
  }, "\n") .. "\n"

  local function run_with(make, args, stdin_text)
    local stdin = io.open(temp_file(stdin_text), "rb")
    local code = cli.main(args, { stdin = stdin, stdout = sink(), stderr = sink(),
      getenv = function() end, is_tty = function() return false end }, make)
    stdin:close()
    return code
  end

  it("follows the convention of the corpus a JSON Lines record names", function()
    local make, made, used = recording()
    assert.equal(0, run_with(make, { "--jsonl" }, SOURCED))
    assert.same({ "unset", "ontonotes", "conll" }, made)  -- each made once
    assert.same({ one = "ontonotes", two = "conll", three = "unset",
      four = "unset", five = "ontonotes" }, used)
  end)

  it("lets --convention override the records' sources", function()
    local make, made, used = recording()
    assert.equal(0, run_with(make, { "--jsonl", "--convention", "default" }, SOURCED))
    assert.same({ "default" }, made)
    assert.equal("default", used.one)
    assert.equal("default", used.two)
  end)

  it("scores each gold document in its corpus's convention", function()
    local make, made, used = recording()
    local gold = temp_file(SOURCED:gsub('"text"', '"entities":[],"quotes":[],"text"'))
    local stdin = io.open(temp_file(""), "rb")
    local code = cli.main({ "eval", gold }, { stdin = stdin, stdout = sink(),
      stderr = sink(), getenv = function() end, is_tty = function() return false end },
      make)
    stdin:close()
    assert.equal(0, code)
    assert.same({ "unset", "ontonotes", "conll" }, made)
    assert.equal("conll", used.two)
    assert.equal("unset", used.four)
  end)

  it("exits 2 naming the known conventions on a wrong one", function()
    local err = sink()
    local stdin = io.open(temp_file("x"), "rb")
    local code = cli.main({ "--convention", "bbc" }, { stdin = stdin,
      stdout = sink(), stderr = err, getenv = function() end,
      is_tty = function() return false end })
    stdin:close()
    assert.equal(2, code)
    assert.truthy(err:text():find("unknown convention 'bbc' (known: default, conll, ontonotes)", 1, true))
  end)

  it("exits 2 with a short usage on usage errors", function()
    for _, args in ipairs({ { "--bogus" }, { "--rules" }, { "--format", "xml" },
        { "--labels", "PERSON" }, { "--json=yes" }, { "eval" },
        { "eval", "a", "b", "c" }, { "eval", "g", "--jsonl" } }) do
      local code, out, err = run(args, "")
      assert.equal(2, code, table.concat(args, " "))
      assert.equal("", out)
      assert.truthy(err:find("^glean: "))
      assert.truthy(err:find("usage: glean", 1, true))
    end
  end)

  it("prints the usage with --help and exits 0", function()
    local code, out = run({ "--help" }, "")
    assert.equal(0, code)
    assert.equal(cli.USAGE, out)
  end)

  it("exits 2 when the rules cannot be loaded", function()
    local out, err = sink(), sink()
    local code = cli.main({}, { stdin = io.stdin, stdout = out, stderr = err,
      getenv = function() end, is_tty = function() return false end },
      function() error("glean: unknown pack 'x' (known: person, org, money, quote)", 0) end)
    assert.equal(2, code)
    assert.equal("glean: unknown pack 'x' (known: person, org, money, quote)\n", err:text())
  end)

  it("treats arguments after -- as files", function()
    local code, _, err = run({ "--", "--json" }, "")
    assert.equal(1, code)
    assert.truthy(err:find("cannot open --json", 1, true))
  end)
end)

describe("progress", function()
  local input = '{"text": "a"}\n{"text": "b"}\n'
  it("is off when stderr is not a terminal", function()
    local _, _, err = run({ "--jsonl" }, input)
    assert.equal("", err)
  end)

  it("is forced on with GLEAN_PROGRESS=1", function()
    local _, _, err = run({ "--jsonl" }, input, { GLEAN_PROGRESS = "1" })
    assert.truthy(err:find("^glean: 2 lines, 0%.0 MB, 0%.0 MB/s\n$"), err)
  end)

  it("is forced off with GLEAN_PROGRESS=0, even on a terminal", function()
    local _, _, err = run({ "--jsonl" }, input, { GLEAN_PROGRESS = "0" }, true)
    assert.equal("", err)
  end)

  it("groups thousands", function()
    assert.equal("12,345", cli.thousands(12345))
    assert.equal("1,234,567", cli.thousands(1234567))
    assert.equal("999", cli.thousands(999))
    assert.equal("1,000", cli.thousands(1000))
  end)
end)

describe("glean eval", function()
  local GOLD = table.concat({
    json.encode({ id = "1", text = 'Ana Ruiz paid $5. "Yes," Bo Li said.',
      entities = { { label = "PERSON", start = 0, ["end"] = 8 },
        { label = "MONEY", start = 14, ["end"] = 16 },
        { label = "PERSON", start = 25, ["end"] = 30 } },
      quotes = { { start = 18, ["end"] = 24, speaker = "Bo Li", speaker_start = 25,
        speaker_end = 30, kind = "direct" } } }),
    json.encode({ id = "2", text = "Acme Corp hired Eva Stone.",
      entities = { { label = "ORG", start = 0, ["end"] = 9 },
        { label = "PERSON", start = 16, ["end"] = 25 } }, quotes = {} }),
  }, "\n") .. "\n"

  it("scores a SYSTEM file like glean.eval does", function()
    local sys = temp_file(json.encode({ id = "2", entities = {
      { label = "PERSON", start = 16, ["end"] = 25 } } }) .. "\n")
    local gold = temp_file(GOLD)
    local code, out = run({ "eval", gold, sys })
    assert.equal(0, code)
    local res = eval.score(assert(eval.load(gold)), assert(eval.load(sys)))
    assert.equal(eval.format_table(res) .. "\n", out)
    assert.truthy(out:find("PERSON                   1.0000  0.3333 0.5000       3       1       1", 1, true))
    local code2, out2 = run({ "eval", gold, sys, "--json" })
    assert.equal(0, code2)
    local v = assert(json.decode(out2))
    assert.equal(2, v.documents)
    assert.equal(1, v.quotes.extraction.gold)
  end)

  it("runs the extractor over GOLD when SYSTEM is omitted", function()
    local code, out = run({ "eval", temp_file(GOLD), "--json", "--labels", "PERSON,MONEY" })
    assert.equal(0, code)
    local v = assert(json.decode(out))
    -- The fake finds "Ana Ruiz", "$5", "Bo Li" and "Eva Stone" (also "Acme Corp").
    assert.equal(1, v.entities.exact.MONEY.f1)
    assert.equal(3, v.entities.exact.PERSON.tp)
    assert.equal(4, v.entities.exact.PERSON.pred)
    assert.equal(1, v.quotes.extraction.tp)
    assert.equal(0, v.quotes.attribution.lenient)  -- the fake credits Ana Ruiz
    assert.equal(0, v.quotes.attribution.mention)
  end)

  it("refuses to score files with bad lines, naming them", function()
    local gold = temp_file(GOLD .. "{broken\n")
    local code, out, err = run({ "eval", gold, gold })
    assert.equal(1, code)
    assert.equal("", out)
    assert.truthy(err:find("glean: " .. gold .. ": line 3: invalid JSON", 1, true))
  end)

  it("warns on stderr when documents do not pair up", function()
    local sys = temp_file('{"entities": []}\n')
    local code, _, err = run({ "eval", temp_file(GOLD), sys })
    assert.equal(0, code)
    assert.equal("glean: warning: 2 gold lines, 1 system lines\n", err)
  end)
end)

-- bin/glean as a subprocess: the exit status, stdout and stderr of a command.
local function sh(cmd)
  local out, err, rc = os.tmpname(), os.tmpname(), os.tmpname()
  os.execute(cmd .. " >" .. out .. " 2>" .. err .. "; echo $? >" .. rc)
  local function slurp(p)
    local f = io.open(p, "rb")
    local s = f:read("*a")
    f:close()
    os.remove(p)
    return s
  end
  local o, e = slurp(out), slurp(err)
  return tonumber(slurp(rc)), o, e
end

describe("bin/glean", function()
  local glean = ROOT .. "/bin/glean"

  it("prints usage (exit 0) and rejects bad options (exit 2)", function()
    local code, out = sh(glean .. " --help")
    assert.equal(0, code)
    assert.equal(cli.USAGE, out)
    local code2, _, err2 = sh(glean .. " --nope")
    assert.equal(2, code2)
    assert.truthy(err2:find("glean: unknown option '--nope'", 1, true))
  end)

  it("scores two files, also when called through a symlink", function()
    local gold = temp_file('{"id": "1", "text": "Ana Ruiz", "entities": [{"label": "PERSON", "start": 0, "end": 8}]}\n')
    local sys = temp_file('{"id": "1", "entities": [{"label": "PERSON", "start": 0, "end": 3}]}\n')
    local dir = os.tmpname()
    os.remove(dir)
    assert(os.execute("mkdir " .. dir .. " && ln -s " .. glean .. " " .. dir .. "/g"))
    local code, out = sh(dir .. "/g eval " .. gold .. " " .. sys .. " --json")
    os.execute("rm -r " .. dir)
    assert.equal(0, code)
    local v = assert(json.decode(out))
    assert.equal(0, v.entities.exact.PERSON.tp)
    assert.equal(1, v.entities.overlap.PERSON.tp)
  end)

  it("extracts with the real engine", function()
    local so = ROOT .. "/build/lua5.4/glean/core.so"
    local probe = sh("cd " .. ROOT .. " && lua5.4 -e 'package.path=\"lua/?.lua;lua/?/init.lua;\"..package.path;"
      .. " package.cpath=\"build/lua5.4/?.so;\"..package.cpath; require(\"glean\").new()'")
    if not io.open(so) or probe ~= 0 then
      pending("build/lua5.4/glean/core.so missing or not loadable: run make")
      return
    end
    local code, out = sh("printf '%s\\n' '{\"text\": \"Ana Ruiz said it.\"}' | " .. glean .. " --jsonl")
    assert.equal(0, code)
    local v = assert(json.decode(out))
    assert.equal("Ana Ruiz said it.", v.text)
    assert.equal("table", type(v.entities))
    assert.equal("table", type(v.quotes))
  end)
end)
