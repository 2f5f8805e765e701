-- eval_spec.lua — glean.eval, the Lua port of ../shared/eval/score.py:
-- hand-computed scores on tiny gold/system pairs, then (when the shared eval
-- data and python3 are there) every number and the table text compared with
-- score.py on perturbed copies of the three dev files.
-- Runs under Lua 5.4 and LuaJIT.

local eval = require "glean.eval"
local json = require "glean.json"

local function ent(label, s, e) return { label = label, start = s, ["end"] = e } end

local function near(expected, actual, what)
  assert(math.abs(expected - actual) < 1e-9,
    string.format("%s: expected %.12g, got %.12g", what or "value", expected, actual))
end

local function check_prf(m, p, r, f, gold, pred, tp)
  near(p, m.precision, "precision")
  near(r, m.recall, "recall")
  near(f, m.f1, "f1")
  assert.same({ gold, pred, tp }, { m.gold, m.pred, m.tp })
end

describe("entity scoring", function()
  local gold = { { id = "d1", entities = { ent("PERSON", 0, 5), ent("PERSON", 10, 15),
    ent("ORG", 20, 30), ent("LOC", 40, 44) } } }
  local system = { { id = "d1", entities = { ent("PERSON", 0, 5), ent("PERSON", 11, 15),
    ent("ORG", 25, 35), ent("PERSON", 40, 45), ent("MONEY", 50, 52) } } }
  local res = eval.score(gold, system)

  it("counts exact matches per label and the micro average", function()
    check_prf(res.entities.exact.PERSON, 1 / 3, 1 / 2, 0.4, 2, 3, 1)
    check_prf(res.entities.exact.ORG, 0, 0, 0, 1, 1, 0)
    check_prf(res.entities.exact.micro, 1 / 4, 1 / 3, 2 / 7, 3, 4, 1)
  end)

  it("counts overlapping spans one to one", function()
    check_prf(res.entities.overlap.PERSON, 2 / 3, 1, 0.8, 2, 3, 2)
    check_prf(res.entities.overlap.ORG, 1, 1, 1, 1, 1, 1)
    check_prf(res.entities.overlap.micro, 3 / 4, 1, 6 / 7, 3, 4, 3)
  end)

  it("does not score a label the gold never uses", function()
    assert.same({ "MONEY" }, res.entities.not_annotated)
    assert.is_nil(res.entities.exact.MONEY)
    assert.same({ "PERSON", "ORG", "micro" }, res.entities.scored)
  end)

  it("counts a span listed twice once for exact matches (a set)", function()
    local r = eval.score({ { entities = { ent("ORG", 0, 4), ent("ORG", 0, 4) } } },
      { { entities = { ent("ORG", 0, 4), ent("ORG", 0, 4), ent("ORG", 0, 4) } } })
    check_prf(r.entities.exact.ORG, 1 / 3, 1 / 2, 0.4, 2, 3, 1)
    check_prf(r.entities.overlap.ORG, 2 / 3, 1, 0.8, 2, 3, 2)
  end)

  it("gives precision 0 for no predictions, and 1 when nothing was to be found", function()
    local r = eval.score({ { entities = { ent("ORG", 0, 4) } }, { entities = {} } },
      { {}, {} }, { labels = { "ORG" } })
    check_prf(r.entities.exact.ORG, 0, 0, 0, 1, 0, 0)
    check_prf(eval.prf(0, 0, 0), 1, 1, 1, 0, 0, 0)
    check_prf(eval.prf(0, 0, 2), 0, 0, 0, 0, 2, 0)
  end)
end)

describe("greedy matching", function()
  local function ov(a, b)
    local o = math.max(0, math.min(a[2], b[2]) - math.max(a[1], b[1]))
    if o == 0 then return nil end
    return o
  end

  it("takes the largest overlap first", function()
    -- X overlaps A and B by 5; Y overlaps A by 6: Y-A first, then X-B.
    local pairs_ = eval.greedy_match({ { 0, 10 }, { 5, 15 } }, { { 5, 10 }, { 0, 6 } }, ov)
    assert.same({ { 1, 2 }, { 2, 1 } }, pairs_)
  end)

  it("breaks ties by gold order, then prediction order", function()
    assert.same({ { 1, 1 }, { 2, 2 } },
      eval.greedy_match({ { 0, 10 }, { 0, 10 } }, { { 0, 10 }, { 0, 10 } }, ov))
    assert.same({ { 1, 1 } }, eval.greedy_match({ { 0, 10 }, { 0, 10 } }, { { 0, 10 } }, ov))
  end)
end)

describe("document pairing", function()
  local gold = { { id = "a", entities = { ent("ORG", 0, 1) } },
    { id = "b", entities = { ent("ORG", 0, 1) } } }

  it("pairs by id and warns about unknown ids", function()
    local warnings = {}
    local r = eval.score(gold, { { id = "b", entities = { ent("ORG", 0, 1) } },
      { id = "zzz", entities = { ent("ORG", 0, 1) } } },
      { warn = function(m) warnings[#warnings + 1] = m end })
    check_prf(r.entities.exact.ORG, 1, 0.5, 2 / 3, 2, 1, 1)
    assert.same({ "warning: 1 system lines have ids not in gold" }, warnings)
  end)

  it("pairs by line order when a system line has no id", function()
    local warnings = {}
    local r = eval.score(gold, { { id = "b", entities = { ent("ORG", 0, 1) } } , {} },
      { warn = function(m) warnings[#warnings + 1] = m end })
    check_prf(r.entities.exact.ORG, 1, 0.5, 2 / 3, 2, 1, 1)
    assert.same({}, warnings)
    eval.score(gold, { {} }, { warn = function(m) warnings[#warnings + 1] = m end })
    assert.same({ "warning: 2 gold lines, 1 system lines" }, warnings)
  end)

  it("counts a null id as an id, as score.py does", function()
    local r = eval.score(gold, { { id = json.null, entities = { ent("ORG", 0, 1) } } },
      { warn = function() end })
    check_prf(r.entities.exact.ORG, 0, 0, 0, 2, 0, 0)
  end)
end)

describe("quotation scoring", function()
  -- Mr. Ruiz said: “We will build it.” Ana Li called it “a joke”.
  -- (“ and ” are 3 bytes each: the first quotation is bytes 15-38, Ana Li 39-45)
  local text = "Mr. Ruiz said: \226\128\156We will build it.\226\128\157 Ana Li called it \226\128\156a joke\226\128\157."
  local q1s, q1e = 15, 15 + 3 + 17 + 3     -- “We will build it.”
  local q2s = text:find("\226\128\156a") - 1
  local q2e = q2s + 3 + 6 + 3              -- “a joke”
  local gold = { { text = text, quotes = {
    { start = q1s, ["end"] = q1e, kind = "direct", speaker = "Mr. Ruiz",
      speaker_start = 0, speaker_end = 8 },
    { start = q2s, ["end"] = q2e, kind = "partial", speaker = "Ana Li",
      speaker_start = 39, speaker_end = 45 } } } }

  it("strips quotation marks and whitespace before comparing spans", function()
    assert.same({ q1s + 3, q1e - 3 }, eval.stripped_span(text, q1s, q1e))
    assert.same({ q1s + 3, q1e - 3 }, eval.stripped_span(text, q1s + 3, q1e - 3))
    -- Nothing left: the span itself.
    assert.same({ q1s, q1s + 3 }, eval.stripped_span(text, q1s, q1s + 3))
    -- Python slicing: a negative start counts from the end.
    assert.same({ -1, 5 }, eval.stripped_span("ab", -1, 5))
  end)

  it("matches at 50% of the longer span and scores the speakers", function()
    local system = { { quotes = {
      -- marks left out, speaker named differently but same last word
      { start = q1s + 3, ["end"] = q1e - 3, speaker = "Carlos Ruiz",
        speaker_start = 100, speaker_end = 111 },
      -- half of "a joke" (3 of 6 bytes): matches; "he" pointing at the gold span
      { start = q2s + 3, ["end"] = q2s + 6, speaker = "he",
        speaker_start = 40, speaker_end = 42 },
      -- nothing there
      { start = 0, ["end"] = 3, speaker = "Mr. Ruiz" } } } }
    local r = eval.score(gold, system).quotes
    check_prf(r.extraction, 2 / 3, 1, 0.8, 2, 3, 2)
    local a = r.attribution
    assert.equal(2, a.matched)
    near(0.5, a.lenient)          -- Ruiz = ruiz; li ~= he
    near(0.0, a.strict)
    near(1.0, a.mention)          -- the "he" span overlaps "Ana Li"
    assert.equal(2, a.named_matched)
    near(0.5, a.named_lenient)
    assert.is_false(r.direct_only)
  end)

  it("does not match below half of the longer span", function()
    local r = eval.score(gold, { { quotes = {
      { start = q2s + 3, ["end"] = q2s + 5 } } } }).quotes
    check_prf(r.extraction, 0, 0, 0, 2, 1, 0)
  end)

  it("ignores partial quotations and their matches with direct_only", function()
    local system = { { quotes = {
      { start = q1s, ["end"] = q1e, speaker = "Ruiz" },
      { start = q2s, ["end"] = q2e, speaker = "Ana Li" } } } }
    local r = eval.score(gold, system, { direct_only = true }).quotes
    check_prf(r.extraction, 1, 1, 1, 1, 1, 1)
    assert.is_true(r.direct_only)
    near(1, r.attribution.lenient)
  end)

  it("is absent when the gold has no quotations", function()
    assert.is_nil(eval.score({ { text = "x", quotes = {} } }, { {} }).quotes)
  end)
end)

describe("speaker words", function()
  it("takes the last run of letters, lower-cased", function()
    assert.equal("obama", eval.last_word("Mr. Obama"))
    assert.equal("s", eval.last_word("Trump\226\128\153s"))   -- ’ is not a letter
    assert.equal("\195\169lys\195\169e", eval.last_word("\195\137LYS\195\137E"))
    assert.equal("\208\191\209\131\209\130\208\184\208\189",
      eval.last_word("\208\159\209\131\209\130\208\184\208\189"))  -- Путин
    assert.equal("ho", eval.last_word("(D-Ohio) 2016 x_ho"))  -- digits and _ split
    assert.is_nil(eval.last_word("2016 -- !"))
    assert.is_nil(eval.last_word(nil))
  end)

  it("calls a speaker named when the last word is a capitalised non-pronoun", function()
    assert.is_true(eval.is_named("Sen. Ted Cruz"))
    assert.is_true(eval.is_named("\195\137mile"))
    assert.is_false(eval.is_named("a source"))
    assert.is_false(eval.is_named("He"))
    assert.is_false(eval.is_named(nil))
  end)

  it("collapses whitespace like str.split, Unicode spaces included", function()
    assert.equal("Ana Li", eval.norm("  Ana \194\160\n Li\226\128\175"))
    assert.is_nil(eval.norm(""))
    assert.equal("", eval.norm(" \t"))
    assert.is_nil(eval.norm(nil))
  end)

  it("treats letters with diacritics as letters and punctuation as not", function()
    assert.is_true(eval.is_letter(0xE9))       -- é
    assert.is_true(eval.is_letter(0x4E2D))     -- 中
    assert.is_false(eval.is_letter(0x201C))    -- “
    assert.is_false(eval.is_letter(0x2014))    -- —
    assert.is_false(eval.is_letter(0xA0))      -- no-break space
    assert.is_false(eval.is_letter(0x0301))    -- combining acute
  end)
end)

describe("output", function()
  local res = eval.score(
    { { id = "1", text = "\"Hi\" said Bo.", entities = { ent("PERSON", 10, 12) },
      quotes = { { start = 0, ["end"] = 4, speaker = "Bo" } } } },
    { { id = "1", entities = { ent("PERSON", 10, 12), ent("PERSON", 0, 1) },
      quotes = { { start = 1, ["end"] = 3, speaker = "Bo" } } } },
    { labels = { "PERSON", "ORG" } })

  it("formats the table as score.py does", function()
    assert.equal(table.concat({
      "documents: 1",
      "",
      "entities (exact match)   precision  recall     f1    gold    pred      tp",
      "  PERSON                   0.5000  1.0000 0.6667       1       2       1",
      "  micro                    0.5000  1.0000 0.6667       1       2       1",
      "",
      "entities (overlap match)   precision  recall     f1    gold    pred      tp",
      "  PERSON                   0.5000  1.0000 0.6667       1       2       1",
      "  micro                    0.5000  1.0000 0.6667       1       2       1",
      "",
      "not annotated in gold (not scored): ORG",
      "",
      "quotes                    precision  recall     f1    gold    pred matched",
      "  extraction (>=50%)       1.0000  1.0000 1.0000       1       1       1",
      "",
      "attribution over 1 matched quotes: lenient (last word) 1.0000, strict (exact) 1.0000, "
        .. "mention (last word or speaker span) 1.0000; named gold speakers (1): 1.0000",
    }, "\n"), eval.format_table(res))
  end)

  it("writes JSON with score.py's keys, floats as Python prints them", function()
    local text = eval.to_json(res)
    assert.truthy(text:find('\n        "precision": 0.5,\n', 1, true))
    assert.truthy(text:find('\n        "f1": 0.6666666666666666,\n', 1, true))
    assert.truthy(text:find('\n        "recall": 1.0,\n', 1, true))
    assert.truthy(text:find('"not_annotated": [\n      "ORG"\n    ]', 1, true))
    local v = assert(json.decode(text))
    assert.same({ "documents", "entities", "quotes" }, (function()
      local keys = {}
      for k in pairs(v) do keys[#keys + 1] = k end
      table.sort(keys)
      return keys
    end)())
    assert.equal(1, v.quotes.attribution.named_matched)
    assert.is_false(v.quotes.direct_only)
  end)
end)

-- ---- agreement with score.py on the shared dev files ---------------------------

local function project_root()
  local dir = debug.getinfo(1, "S").source:sub(2):match("^(.*)/") or "."
  local p = io.popen("cd '" .. dir .. "/../..' && pwd")
  local root = p:read("*l")
  p:close()
  return root
end
local EVAL_DIR = project_root() .. "/../shared/eval"

local function have_reference()
  local f = io.open(EVAL_DIR .. "/score.py")
  if not f then return false end
  f:close()
  local ok = os.execute("python3 -c 'import json' >/dev/null 2>&1")
  return ok == true or ok == 0
end

-- A deterministic generator (Park-Miller; exact in doubles and integers).
local function rng(seed)
  local x = seed
  return function(n)
    x = (x * 16807) % 2147483647
    return x % n
  end
end

local LABELS = { "PERSON", "ORG", "MONEY", "LOC" }

-- A system document made from a gold one: entities dropped, shifted,
-- relabelled, doubled, split or added; quotations dropped, trimmed, shifted,
-- split or added; speakers and their spans changed in the ways the
-- attribution measures tell apart.
local function perturb(g, r)
  local ents = {}
  local gents = g.entities or {}
  for i, e in ipairs(gents) do
    local s, t, k = e.start, e["end"], r(20)
    if k <= 2 then s = nil
    elseif k == 3 then s = s + 1
    elseif k == 4 then t = t - 1
    elseif k == 5 then s, t = s - 2, t + 2
    elseif k == 6 then
      ents[#ents + 1] = ent(LABELS[r(4) + 1], s, t)
      s = nil
    elseif k == 7 then ents[#ents + 1] = ent(e.label, s, t)
    elseif k == 8 then
      local mid = s + math.floor((t - s) / 2)
      ents[#ents + 1] = ent(e.label, s, mid)
      s = mid
    elseif k == 9 and gents[i + 1] then t = gents[i + 1]["end"] end
    if s then ents[#ents + 1] = ent(e.label, s, t) end
    if r(10) == 0 then
      local p = r(#g.text + 1)
      ents[#ents + 1] = ent(LABELS[r(4) + 1], p, p + 1 + r(15))
    end
  end
  local quotes = {}
  for i, q in ipairs(g.quotes or {}) do
    local s, t, k = q.start, q["end"], r(12)
    local len = t - s
    if k == 1 then s, t = s + 1, t - 1
    elseif k == 2 then s, t = s - 1, t + 1
    elseif k == 3 then t = s + math.floor(0.6 * len)
    elseif k == 4 then s, t = s + math.floor(0.4 * len), t + math.floor(0.4 * len)
    elseif k == 5 then
      quotes[#quotes + 1] = { start = s, ["end"] = s + math.floor(len / 2) }
      s = s + math.floor(len / 2)
    end
    local sp, sp0, sp1 = q.speaker, q.speaker_start, q.speaker_end
    if sp == json.null then sp = nil end
    local v = r(10)
    if v == 0 then sp = nil
    elseif v == 1 then sp = json.null
    elseif v == 2 and sp then sp = sp:upper()
    elseif v == 3 then sp = "he"
    elseif v == 4 and sp then sp = sp .. " Smith"
    elseif v == 5 and sp then sp = "  " .. sp:gsub(" ", " \n ") .. "\t"
    elseif v == 6 and sp then sp = "Mr. " .. sp
    elseif v == 7 then sp = "" end
    local w = r(5)
    if w == 0 then sp0, sp1 = nil, nil
    elseif w == 1 and type(sp0) == "number" then sp0, sp1 = sp1 - 1, sp1 + 3
    elseif w == 2 then sp0 = json.null end
    if k ~= 0 then
      quotes[#quotes + 1] = { start = s, ["end"] = t, speaker = sp,
        speaker_start = sp0, speaker_end = sp1, kind = q.kind }
    end
    if r(8) == 0 then
      local p = r(#g.text + 1)
      quotes[#quotes + 1] = { start = p, ["end"] = p + 5 + r(80), speaker = "Clinton" }
    end
    if i == 1 and r(3) == 0 then quotes[#quotes + 1] = { start = s } end  -- no end
  end
  local doc = { entities = ents, quotes = quotes }
  if r(25) == 0 then doc.entities, doc.quotes = json.null, json.null end
  return doc
end

-- System documents for one variant: "ids" keeps ids, reorders, drops every
-- seventh document and adds one with an unknown id; "order" has no ids and
-- lacks the last three documents.
local function make_system(gold, variant, seed)
  local r, docs = rng(seed), {}
  for i, g in ipairs(gold) do
    local d = perturb(g, r)
    if variant == "ids" then
      d.id = g.id
      if i % 7 ~= 3 then table.insert(docs, 1 + r(#docs + 1), d) end
    elseif i <= #gold - 3 then
      docs[#docs + 1] = d
    end
  end
  if variant == "ids" then docs[#docs + 1] = { id = "not-in-gold", entities = {} } end
  return docs
end

local function write_jsonl(docs)
  local name = os.tmpname()
  local f = assert(io.open(name, "wb"))
  for _, d in ipairs(docs) do f:write(json.encode(d), "\n") end
  f:close()
  return name
end

local function python(args)
  local p = assert(io.popen("python3 " .. EVAL_DIR .. "/score.py " .. args .. " 2>/dev/null"))
  local out = p:read("*a")
  p:close()
  return out
end

-- Every field of score.py's result equals ours (numbers to 1e-9).
local function same_numbers(py, lua, path)
  if py == json.null then
    assert(lua == nil, path .. ": expected null")
    return 1
  end
  if type(py) == "number" then
    assert(type(lua) == "number", path .. ": expected a number")
    near(py, lua, path)
    return 1
  end
  if type(py) ~= "table" then
    assert(py == lua, path .. ": expected " .. tostring(py) .. ", got " .. tostring(lua))
    return 1
  end
  local n, keys = 0, 0
  for k, v in pairs(py) do
    if v ~= json.null then keys = keys + 1 end
    n = n + same_numbers(v, lua[k], path .. "." .. tostring(k))
  end
  local ours = 0
  for k in pairs(lua) do if k ~= "scored" then ours = ours + 1 end end
  assert(keys == ours, path .. ": " .. keys .. " fields in score.py, " .. ours .. " here")
  return n
end

describe("agreement with score.py on the dev files", function()
  local cases = {
    { "conll2003-dev.jsonl", "ids", "PERSON,ORG,MONEY", false },
    { "conll2003-dev.jsonl", "order", "PERSON,ORG,MONEY,LOC,MISC", false },
    { "ontonotes-dev.jsonl", "ids", "PERSON,ORG,MONEY", false },
    { "ontonotes-dev.jsonl", "order", "MONEY,GPE,PERSON", false },
    { "polnear-dev.jsonl", "ids", "PERSON,ORG,MONEY", false },
    { "polnear-dev.jsonl", "ids", "PERSON,ORG,MONEY", true },
    { "polnear-dev.jsonl", "order", "PERSON", true },
  }
  for i, c in ipairs(cases) do
    local file, variant, labels, direct = c[1], c[2], c[3], c[4]
    local title = string.format("%s, %s, --labels %s%s", file, variant, labels,
      direct and ", --direct-only" or "")
    it(title, function()
      if not have_reference() then
        pending("skipped: " .. EVAL_DIR .. "/score.py or python3 not found")
        return
      end
      local gold_path = EVAL_DIR .. "/" .. file
      local gold = assert(eval.load(gold_path))
      local sys_path = write_jsonl(make_system(gold, variant, 1000 + i))
      local system = assert(eval.load(sys_path))
      local label_list = {}
      for l in labels:gmatch("[^,]+") do label_list[#label_list + 1] = l end
      local res = eval.score(gold, system, { labels = label_list, direct_only = direct })
      local args = gold_path .. " " .. sys_path .. " --labels " .. labels
        .. (direct and " --direct-only" or "")
      local py_json = python(args .. " --json")
      local py_table = python(args)
      os.remove(sys_path)
      local py = assert(json.decode(py_json))
      assert.truthy(same_numbers(py, res, "result") >= 15)
      assert.equal(py_table, eval.format_table(res) .. "\n")
      assert.equal(py_json, eval.to_json(res) .. "\n")
      -- The perturbation must leave something to disagree about.
      local e = res.entities.exact.micro
      if e then assert.truthy(e.tp < e.gold and e.tp > 0) end
      if res.quotes then
        local a = res.quotes.attribution
        assert.truthy(a.lenient > 0.3 and a.lenient < 1, a.lenient)
        assert.truthy(a.strict < a.lenient and a.mention > a.lenient)
      end
    end)
  end
end)
