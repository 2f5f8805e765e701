-- lists_spec.lua — the word lists keep the promise of their headers:
-- sorted by byte order (LC_ALL=C sort) and unique, so that a line added
-- by hand lands where a reader looks for it and is not there twice. Runs
-- under Lua 5.4 and LuaJIT.

local lists = require "glean.lists"

-- a < b comparing bytes (Lua's < follows the locale's collation).
local function bytes_before(a, b)
  for i = 1, math.min(#a, #b) do
    local x, y = a:byte(i), b:byte(i)
    if x ~= y then return x < y end
  end
  return #a < #b
end

describe("word lists", function()
  it("are sorted by byte order and unique", function()
    local ls = assert(io.popen("ls " .. lists.dir .. "*.txt"))
    local n = 0
    for path in ls:lines() do
      n = n + 1
      local prev
      for line in io.lines(path) do
        if line ~= "" and not line:find("^#") then
          if prev then
            assert.is_true(bytes_before(prev, line),
              ("%s: %q is not after %q"):format(path, line, prev))
          end
          prev = line
        end
      end
    end
    ls:close()
    assert.is_true(n >= 10)
  end)
end)
