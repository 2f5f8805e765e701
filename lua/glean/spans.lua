-- spans.lua — lists of spans sorted by start, as R.resolve leaves them.
--
-- Pack stages add spans to such a list (later mentions of a name, short
-- names of a company). Sorting the whole list again costs a Lua call per
-- comparison; the spans added are found in text order, so merging the two
-- lists is one linear walk.

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local M = {}

local function by_start(a, b) return a.start < b.start end

-- The end of a possessive "'s" or "’s" right after byte `stop` (the
-- 0-based, exclusive end of a span), when no letter or digit follows it
-- and it ends by `limit`; else nil. Only "'" (39) or the first byte of
-- "’" (226) may start one: most spans are looked at by one byte.
local TAILS = { "'s", "\226\128\153s" }
function M.possessive_end(text, stop, limit)
  local b = string.byte(text, stop + 1)
  if b ~= 39 and b ~= 226 then return nil end
  for _, tail in ipairs(TAILS) do
    local e = stop + #tail
    if text:sub(stop + 1, e) == tail and e <= limit and
        not text:find("^%w", e + 1) then
      return e
    end
  end
  return nil
end

-- table.move is in Lua 5.4 and LuaJIT 2.1; the loop is for other hosts.
local move = table.move or function(from, i, j, at, to)
  for k = i, j do to[at + k - i] = from[k] end
  return to
end

-- The spans of a and b (each meant to be sorted by start) in one list
-- sorted by start. When two spans share a start (or b is out of order) the
-- order would be up to the sort: then b is appended to a and a sorted, as
-- the stages always did, so the result never depends on this shortcut.
-- Returns the merged list (a new table, or a itself after the sort).
--
-- b is short (the few mentions a stage adds), a is every span: the runs
-- of a between two spans of b are copied by table.move, in C; the walk
-- in Lua only reads their starts to check the order.
function M.merge(a, b)
  local na, nb = #a, #b
  local out, n, i = {}, 0, 1
  local last = -math.huge  -- start of the span placed last
  for q = 1, nb + 1 do
    local y = b[q]
    local ys = y and y.start or math.huge
    local from = i
    while i <= na do  -- the spans of a that come before y
      local s = a[i].start
      if s >= ys then break end
      if s <= last then return M.sort_into(a, b) end
      last, i = s, i + 1
    end
    move(a, from, i - 1, n + 1, out)
    n = n + (i - from)
    if y then
      if ys <= last then return M.sort_into(a, b) end
      last, n = ys, n + 1
      out[n] = y
    end
  end
  return out
end

-- b appended to a, and a sorted by start; returns a.
function M.sort_into(a, b)
  local na = #a
  for q = 1, #b do a[na + q] = b[q] end
  table.sort(a, by_start)
  return a
end

return M
