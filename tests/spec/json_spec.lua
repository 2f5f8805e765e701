-- json_spec.lua — the C encoder (core.json_encode) writes exactly what the
-- Lua encoder of glean.json writes, and declines what only the Lua one
-- handles. Runs under Lua 5.4 and LuaJIT.

local json = require "glean.json"
local core = require "glean.core"

local function both(v)
  local c = core.json_encode(v, json.KEY_ORDER, json.null)
  return c, json.encode_lua(v)
end

describe("core.json_encode", function()
  it("is what json.encode uses", function()
    assert.is_function(core.json_encode)
    local v = { label = "ORG", text = "Acme", start = 0, ["end"] = 4 }
    assert.equal(json.encode_lua(v), json.encode(v))
    assert.equal('{"label":"ORG","text":"Acme","start":0,"end":4}',
      core.json_encode(v, json.KEY_ORDER, json.null))
  end)

  it("writes the same bytes as the Lua encoder", function()
    local r = "\239\191\189"
    local values = {
      "", "plain", 'q"b\\s/', "\0\1\8\9\10\12\13\31\127", "\255" .. r,
      "\192\175", "\237\160\128", "\244\144\128\128", "\226\128",
      "\195\169\226\128\156\240\159\152\128",
      0, -0.0, 25.0, -3, 0.1, 1.5, 1 / 3, 1e300, 2 ^ 53, 2 ^ 53 - 1, 2 ^ 60,
      0 / 0, math.huge, -math.huge, true, false, json.null,
      {}, { 1, "a", { {} } }, { 1, nil, 3 },
      { z = 1, a = {}, ["end"] = 4, start = 0, text = "Acme", label = "ORG",
        canonical = "x", B = true, _ = json.null, ["\1k"] = 2, ["é"] = 3 },
      { entities = { { label = "MONEY", amount = 1500000.5, currency = "EUR",
        text = "\226\130\172" .. "1.5m", start = 3, ["end"] = 10 } },
        quotes = {}, file = "a.txt", line = 7 },
    }
    for i, v in ipairs(values) do
      local c, lua = both(v)
      assert.equal(lua, c, "value " .. i)
    end
  end)

  it("declines what only the Lua encoder handles", function()
    local deep = {}
    local t = deep
    for _ = 1, 250 do t[1] = {} t = t[1] end
    local declined = { { [2] = "x" }, { [true] = 1 }, { f = print },
      setmetatable({}, {}), { a = setmetatable({ 1 }, {}) }, deep,
      { k = coroutine.create(print) } }
    for i, v in ipairs(declined) do
      assert.is_nil(core.json_encode(v, json.KEY_ORDER, json.null), "value " .. i)
    end
    -- json.encode still answers (or fails) as the Lua encoder does.
    assert.equal('{"2":"x"}', json.encode({ [2] = "x" }))
    assert.has_error(function() json.encode({ f = print }) end)
    assert.has_error(function() json.encode(deep) end)
  end)
end)
