-- spans.lua — lists of spans sorted by start, as R.resolve leaves them.
--
-- Pack stages add spans to such a list (later mentions of a name, short
-- names of a company). Sorting the whole list again costs a Lua call per
-- comparison; the spans added are found in text order, so merging the two
-- lists is one linear walk.

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local M = {}

local function by_start(a, b) return a.start < b.start end

-- The spans of a and b (each meant to be sorted by start) in one list
-- sorted by start. When two spans share a start (or b is out of order) the
-- order would be up to the sort: then b is appended to a and a sorted, as
-- the stages always did, so the result never depends on this shortcut.
-- Returns the merged list (a new table, or a itself after the sort).
function M.merge(a, b)
  local out, i, j, na, nb = {}, 1, 1, #a, #b
  local last
  for k = 1, na + nb do
    local x, y = a[i], b[j]
    local pick
    if y == nil or (x ~= nil and x.start < y.start) then
      pick, i = x, i + 1
    else
      pick, j = y, j + 1
    end
    if last and pick.start <= last then
      for q = 1, nb do a[na + q] = b[q] end
      table.sort(a, by_start)
      return a
    end
    last = pick.start
    out[k] = pick
  end
  return out
end

return M
