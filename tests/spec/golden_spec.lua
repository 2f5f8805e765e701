-- golden_spec.lua — every article in tests/golden/ must give exactly the
-- lines of its .expected file (tests/golden/render.lua makes both). After a
-- deliberate change: `make golden-update`, then read the diff line by line;
-- known-wrong lines are listed in tests/golden/KNOWN-ISSUES.md.

local dir = (debug.getinfo(1, "S").source:sub(2):match("^(.*)/") or ".") .. "/../golden"
package.path = dir .. "/?.lua;" .. package.path
local golden = require "render"

describe("golden articles", function()
  local names = golden.articles(dir)
  it("has articles, each with an expected file", function()
    assert.is_true(#names >= 6)
    for _, name in ipairs(names) do
      assert.is_truthy(io.open(dir .. "/" .. name .. ".expected", "rb"), name .. ".expected missing")
    end
  end)
  for _, name in ipairs(names) do
    it(name .. " matches " .. name .. ".expected", function()
      local got = golden.render(golden.read(dir .. "/" .. name .. ".txt"))
      local want = golden.read(dir .. "/" .. name .. ".expected")
      if got ~= want then
        -- Name the first differing line: a whole-file diff is what
        -- `make golden-update && git diff tests/golden` is for.
        local g, w = {}, {}
        for l in got:gmatch("[^\n]*\n") do g[#g + 1] = l end
        for l in want:gmatch("[^\n]*\n") do w[#w + 1] = l end
        local i = 1
        while g[i] == w[i] do i = i + 1 end
        error(string.format("%s.expected line %d:\n  want: %s  got:  %s", name, i,
          w[i] or "(end of file)\n", g[i] or "(end of output)\n"), 0)
      end
      assert.are.equal(want, got)
    end)
  end
end)
