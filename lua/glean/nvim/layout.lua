-- layout.lua — cuts a buffer's lines into chunks that glean annotates one at
-- a time, so a big buffer is worked through in small steps and an edit only
-- re-extracts the chunk it touched.
--
-- A chunk is a run of whole paragraphs ("blocks": the lines up to and
-- including the blank lines after them; one line per block when the text has
-- no blank line, as glean itself reads such text). Whether a chunk ends after
-- a block depends on that block's own text (a hash of it, true for about one
-- block per chunk_bytes of text), so cuts stay where they are when text
-- elsewhere changes and the chunks after an edit come out as before — and hit
-- the cache (content-defined chunking). Two guards depend on where the chunk
-- began: no cut before chunk_bytes / 4 (no tiny chunks), a forced one at
-- 4 * chunk_bytes; after an edit they realign at the next hashed cut. A
-- buffer of up to 2 * chunk_bytes is one chunk.
--
-- glean reads each chunk with a little context around it: the `before`
-- blocks before it (a pronoun or a continued quotation looks back up to three
-- paragraphs) and the `after` blocks after it (which also keeps glean's
-- blank-line paragraph mode the same as for the whole buffer). Only results
-- inside the chunk itself are kept.
--
-- Pure Lua, no vim API: rows are 0-based buffer rows, `lines` a 1-based list.

local M = {}

M.defaults = { chunk_bytes = 8192, before = 3, after = 1 }

local function is_blank(line)
  local b = line:byte(1)
  -- Fast path: most lines start with a letter or a quotation mark.
  return b == nil or (b <= 32 and not line:find("%S"))
end

-- Block start indices into lines (1-based), with a sentinel #lines + 1.
-- A block longer than max_bytes (a huge hard-wrapped paragraph) is cut at a
-- line end so no chunk grows without bound.
local function blocks(lines, max_bytes)
  local n = #lines
  local has_blank = false
  for i = 1, n do
    if is_blank(lines[i]) then has_blank = true; break end
  end
  local starts = { 1 }
  if not has_blank then
    for i = 2, n + 1 do starts[i] = i end
    return starts
  end
  local size, prev_blank = 0, false
  for i = 1, n do
    local blank = is_blank(lines[i])
    if i > 1 and ((prev_blank and not blank) or size >= max_bytes) then
      starts[#starts + 1] = i
      size = 0
    end
    size = size + #lines[i] + 1
    prev_blank = blank
  end
  starts[#starts + 1] = n + 1
  return starts
end

-- Whether the block starting at lines[i], `bytes` long, ends a chunk of
-- about `target` bytes: a hash of its size and of 16 bytes spread over its
-- first line, true with probability bytes / target so chunks average
-- `target` bytes whatever the paragraph sizes.
local function cut_after(lines, i, bytes, target)
  local l = lines[i]
  local n = #l
  local h = bytes
  for k = 1, n, math.max(1, math.floor(n / 16)) do
    h = (h * 31 + l:byte(k)) % 2147483648
  end
  h = (h * 40503 + 12345) % 2147483648
  return h % 65536 < bytes * 65536 / target
end

-- chunks(lines, row0, opts) -> list of { s, e, cs, ce }: the chunk is rows
-- [s, e), the text glean reads rows [cs, ce) (context included); row0 is the
-- buffer row of lines[1].
function M.chunks(lines, row0, opts)
  opts = opts or M.defaults
  local chunk_bytes = opts.chunk_bytes or M.defaults.chunk_bytes
  local before = opts.before or M.defaults.before
  local after = opts.after or M.defaults.after
  -- A buffer of up to two chunks is read whole: an article gets exactly
  -- what glean gives for it.
  local total = 0
  for i = 1, #lines do total = total + #lines[i] + 1 end
  if total <= 2 * chunk_bytes then
    if #lines == 0 then return {} end
    local e = row0 + #lines
    return { { s = row0, e = e, cs = row0, ce = e } }
  end
  local starts = blocks(lines, 4 * chunk_bytes)
  local nblocks = #starts - 1
  local out = {}
  local first, size = 1, 0        -- first block of the open chunk, its bytes
  for b = 1, nblocks do
    local bytes = 0
    for i = starts[b], starts[b + 1] - 1 do bytes = bytes + #lines[i] + 1 end
    size = size + bytes
    if b == nblocks or size >= 4 * chunk_bytes
       or (size >= chunk_bytes / 4 and cut_after(lines, starts[b], bytes, chunk_bytes)) then
      local cb = math.max(1, first - before)
      local ca = math.min(nblocks + 1, b + 1 + after)
      out[#out + 1] = {
        s = row0 + starts[first] - 1, e = row0 + starts[b + 1] - 1,
        cs = row0 + starts[cb] - 1, ce = row0 + starts[ca] - 1,
      }
      first, size = b + 1, 0
    end
  end
  return out
end

-- The text glean reads for chunk c, and its "shape" (how many of its lines
-- are context before / chunk): the cache key is the pair.
function M.text(lines, row0, c)
  return table.concat(lines, "\n", c.cs - row0 + 1, c.ce - row0),
    (c.s - c.cs) .. ":" .. (c.e - c.s)
end

-- Items of one chunk from a glean result on M.text(c): entities and quotes
-- that lie inside the chunk (not its context), as
--   { row, col, end_row, end_col, label, text, speaker }
-- with rows relative to c.s, sorted by position (marks go in faster in
-- buffer order).
function M.items(res, lines, row0, c)
  -- Line-start offsets of the chunk's lines inside the extracted text.
  local off = 0
  for i = c.cs - row0 + 1, c.s - row0 do off = off + #lines[i] + 1 end
  local starts, n = {}, 0
  for i = c.s - row0 + 1, c.e - row0 do
    n = n + 1
    starts[n] = off
    off = off + #lines[i] + 1
  end
  local lo_off, hi_off = starts[1] or 0, off - 1
  local function locate(o)
    local lo, hi = 1, n
    while lo < hi do
      local mid = math.floor((lo + hi + 1) / 2)
      if starts[mid] <= o then lo = mid else hi = mid - 1 end
    end
    return lo - 1, o - starts[lo]
  end
  local items = {}
  local function add(x, label, speaker)
    local s, e = x.start, x["end"]
    if s < lo_off or e > hi_off then return end
    local r, col = locate(s)
    local er, ec = locate(e)
    items[#items + 1] = { r, col, er, ec, label, x.text, speaker }
  end
  for _, e in ipairs(res.entities) do add(e, e.label) end
  for _, q in ipairs(res.quotes) do add(q, "QUOTE", q.speaker) end
  table.sort(items, function(a, b)
    if a[1] ~= b[1] then return a[1] < b[1] end
    return a[2] < b[2]
  end)
  return items
end

return M
