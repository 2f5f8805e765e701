-- matches_of_spec.lua — the results of one label only: all(label) of
-- compiled:resolved (batch:all(label) in C) and ctx.matches_of of the
-- pipeline, which the quote stage reads instead of every result. They must
-- be exactly the results of that label that all() gives, the same tables
-- in the same order. Runs under Lua 5.4 and LuaJIT.

local R = require "glean.rules"
local glean = require "glean"

-- The results of list whose label is label, in order.
local function only(list, label)
  local out = {}
  for _, r in ipairs(list) do
    if r.label == label then out[#out + 1] = r end
  end
  return out
end

describe("all(label) of compiled:resolved", function()
  local rules = {
    { name = "pair", label = "P", priority = 1, pattern = R.caps(2, 2) },
    { name = "one", label = "O", priority = 5,
      pattern = R.cap("w", R.tok { caps = true }), span = "w" },
    -- an action may reject a result or change its label
    { name = "odd", label = "X", pattern = R.tok { digit = true },
      action = function(m) return tonumber(m.text) % 2 == 1 end },
    { name = "renamed", label = "O", pattern = R.tok { "Eva" },
      action = function(m) m.label = "Q" end },
  }
  local text = "Ana Lima met the Rui 3 4 and Eva Cruz 5"
  local c = R.compile(rules, { check_labels = false })

  it("gives the results of that label of all(), built or not yet", function()
    for _, label in ipairs { "P", "O", "X", "Q", "NONE" } do
      -- asked first: the results of other labels stay unbuilt
      local _, all = c:resolved(text)
      local first = all(label)
      local every = all()
      assert.same(only(every, label), first)
      for i, r in ipairs(first) do assert.equal(only(every, label)[i], r) end
      -- asked after all(): the same tables again
      local again = all(label)
      assert.equal(#first, #again)
      for i, r in ipairs(again) do assert.equal(first[i], r) end
    end
  end)

  it("follows a label an action changed, leaves out rejected ones", function()
    local _, all = c:resolved(text)
    local q = all("Q")
    assert.equal(1, #q)
    assert.equal("Eva", q[1].text)
    for _, r in ipairs(all("O")) do assert.are_not.equal("renamed", r.rule) end
    local odd = all("X")
    assert.same({ "3", "5" }, { odd[1].text, odd[2].text })
    assert.equal(2, #odd)
  end)
end)

describe("ctx.matches_of in the pipeline", function()
  it("gives a stage one label's results, as ctx.matches has them", function()
    local seen
    local probe = { name = "probe", finish = function(ctx)
      local cues = ctx.matches_of("CUE")
      seen = { cues = cues, all = only(ctx.matches, "CUE") }
    end }
    local ex = glean.new { packs = { "person", "quote", probe } }
    ex:extract('"We will not sign," said Robert Strayer. Strayer told ' ..
      'reporters: "Talks are over." He said it twice.')
    assert.truthy(#seen.cues >= 3)
    assert.equal(#seen.all, #seen.cues)
    for i, r in ipairs(seen.cues) do assert.equal(seen.all[i], r) end
  end)
end)
