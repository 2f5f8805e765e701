-- convert_spec.lua — the stages that turn scan results into Lua values and
-- text: results built in C (plugin/lua_ruleset.c), the result stage of the
-- extractor (entities are the spans themselves, stripped), and the C JSON
-- encoder on objects of many keys and deep nesting. Each fast way must give
-- what the plain way gives. Runs under Lua 5.4 and LuaJIT.

local glean = require "glean"
local core = require "glean.core"
local json = require "glean.json"
local R = require "glean.rules"

describe("results built in C", function()
  it("take the span of the last set capture of the span's name", function()
    local c = R.compile({ { name = "twice", label = "T",
      pattern = R.seq(R.cap("w", R.tok { caps = true }),
                      R.opt(R.cap("w", R.tok { digit = true }))),
      span = "w" } }, { check_labels = false })
    local both = c:run("Ana 7 left")[1]
    assert.same({ "7", 4, 5, 2, 2 }, { both.text, both.start, both["end"],
      both.first, both.last })
    assert.equal(both.caps.w.text, both.text)
    local one = c:run("Ana left")[1]
    assert.same({ "Ana", 0, 3 }, { one.text, one.start, one["end"] })
    assert.equal(one.caps.w.text, one.text)
    -- resolved results are built the same way
    assert.same(c:run("Ana 7 left"), (c:resolved("Ana 7 left")))
  end)

  it("are fresh tables with their own captures", function()
    local c = R.compile({ { name = "n", label = "N",
      pattern = R.cap("x", R.tok { caps = true }), span = "x" } },
      { check_labels = false })
    local kept = c:resolved("Ana and Eva")
    assert.equal(2, #kept)
    assert.are_not.equal(kept[1], kept[2])
    assert.are_not.equal(kept[1].caps, kept[2].caps)
    assert.same({ "Ana", "Eva" }, { kept[1].caps.x.text, kept[2].caps.x.text })
  end)
end)

describe("Extractor:result", function()
  local ex = glean.new()
  local function spans()
    return {
      { label = "LOC", text = "Lyon", start = 20, ["end"] = 24, first = 5,
        last = 5, caps = {}, priority = 0, rule = "p" },
      { label = "ORG", text = "Acme", start = 10, ["end"] = 14, first = 3,
        last = 3, caps = { x = {} }, priority = 2, rule = "r", kind = "k" },
      setmetatable({ label = "PERSON", text = "Ana", start = 0, ["end"] = 3,
        first = 1, last = 1, caps = {}, priority = 1, rule = "q", id = "p1" },
        { __index = {} }),
    }
  end

  it("gives its own context's spans, stripped, as the copies would be", function()
    local copied = ex:result({ spans = spans(), quotes = {} })
    local list = spans()
    local own = ex:result({ spans = list, quotes = {} }, true)
    assert.same(copied, own)
    assert.same({ "Ana", "Acme" }, { own.entities[1].text, own.entities[2].text })
    assert.same({ label = "ORG", text = "Acme", start = 10, ["end"] = 14,
      rule = "r", kind = "k" }, own.entities[2])
    -- the plain span is the entity; the one with a metatable is copied
    assert.equal(list[2], own.entities[2])
    assert.are_not.equal(list[3], own.entities[1])
    assert.is_nil(getmetatable(own.entities[1]))
    -- a copy leaves the spans as they were
    local kept = spans()
    ex:result({ spans = kept, quotes = {} })
    assert.equal(3, kept[2].first)
  end)

  it("reports what extract reports", function()
    local text = 'Acme Corp. paid $5 million to Ana Lima, who said: "Fine."'
    local e = ex:extract(text)
    assert.truthy(#e.entities >= 2)
    for _, m in ipairs(e.entities) do
      assert.is_nil(m.first or m.last or m.caps or m.priority)
      assert.equal(text:sub(m.start + 1, m["end"]), m.text)
    end
  end)
end)

describe("core.json_encode on objects", function()
  local function same(v, what)
    assert.equal(json.encode_lua(v), core.json_encode(v, json.KEY_ORDER,
      json.null), what)
  end

  it("writes many keys, long keys and deep objects as the Lua encoder", function()
    local wide = {}
    for _, k in ipairs(json.KEY_ORDER) do wide[k] = k:upper() end
    for i = 1, 60 do wide[string.format("k%02d", 61 - i)] = i end
    same(wide, "wide")
    local long = string.rep("x", 50)
    same({ [long] = 1, [long .. "y"] = { [long] = long }, label = long }, "long")
    -- a key equal to one of KEY_ORDER but built at run time
    same({ [("lab"):rep(1) .. "el"] = "ORG", ["te" .. "xt"] = "A" }, "built")
    local deep = {}
    local t = deep
    for i = 1, 150 do
      t.next = { n = i, text = "a\"b" }
      t = t.next
    end
    same(deep, "deep")
  end)

  it("declines an object of more other keys than it sorts", function()
    local many = {}
    for i = 1, 70 do many["k" .. i] = i end
    assert.is_nil(core.json_encode(many, json.KEY_ORDER, json.null))
    assert.equal(json.encode_lua(many), json.encode(many))
  end)
end)
