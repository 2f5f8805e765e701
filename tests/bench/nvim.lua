-- Times glean.nvim on a ~1 MB buffer and on a ~5 KB article: the first run
-- (chunks in view, then all of it), and a re-run after a one-character edit.
--   nvim --headless -u NONE -c 'luafile tests/bench/nvim.lua'
-- Each figure is the best of 3 (the machine is shared).
vim.opt.runtimepath:prepend(vim.fn.getcwd())
local api, uv = vim.api, vim.loop
local gn = require("glean.nvim")

local parts = {}
for _, f in ipairs(vim.fn.glob("tests/golden/*.txt", false, true)) do
  parts[#parts + 1] = table.concat(vim.fn.readfile(f), "\n")
end
local all = vim.split(table.concat(parts, "\n\n"), "\n")

-- Lines of the golden articles, repeated until `bytes` is reached. Each
-- copy's headlines carry its number so no two chunks have the same text
-- (identical chunks would be extracted once and flatter the figures).
local function text_of(bytes)
  local lines, size, copy = {}, 0, 0
  while size < bytes do
    copy = copy + 1
    local prev = ""
    for _, l in ipairs(all) do
      if prev == "" and l ~= "" then l = l .. " (" .. copy .. ")" end
      prev = l
      lines[#lines + 1] = l
      size = size + #l + 1
      if size >= bytes and l == "" then break end
    end
  end
  return lines, size
end

local function ms(t) return (uv.hrtime() - t) / 1e6 end
local out = {}
local function say(fmt, ...) out[#out + 1] = fmt:format(...) end

local t = uv.hrtime(); gn.extractor(); say("build %.0f ms (first use only)", ms(t))

-- Runs gn.annotate and waits for the background steps. Returns the stats
-- with `sync_ms`: the time annotate() itself blocked.
local function run(buf)
  local done
  local t0 = uv.hrtime()
  local n = gn.annotate(buf, nil, nil, { on_done = function(s) done = s end })
  local sync_ms = ms(t0)
  assert(n, "annotate failed (see the notification above)")
  vim.wait(60000, function() return done ~= nil end, 1)
  assert(done and done.complete, "run did not complete (see the notification above)")
  done.sync_ms = sync_ms
  return done
end

local function best(list, key)
  local b = math.huge
  for _, s in ipairs(list) do b = math.min(b, s[key]) end
  return b
end

-- One character typed in a row in the middle of the window, then a re-run.
local function edit_and_run(buf, row)
  local line = api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
  api.nvim_buf_set_text(buf, row, #line, row, #line, { "x" })
  return run(buf)
end

local function bench(name, bytes)
  local lines, size = text_of(bytes)
  local buf = api.nvim_create_buf(true, false)
  api.nvim_set_current_buf(buf)
  api.nvim_buf_set_lines(buf, 0, -1, false, lines)
  local first = {}
  for i = 1, 3 do
    gn.clear(buf); gn.reset(buf)
    first[i] = run(buf)
  end
  say("%s (%.2f MB, %d lines, %d chunks, %d marks): first run: in view %.1f ms,"
    .. " all %.0f ms (work %.0f ms: extract %.0f, place %.0f)", name, size / 1048576,
    #lines, first[1].chunks, first[1].marks, best(first, "sync_ms"),
    best(first, "total_ms"), best(first, "work_ms"), best(first, "extract_ms"),
    best(first, "place_ms"))
  -- Look at the middle of the buffer and type there.
  local mid = math.floor(#lines / 2)
  api.nvim_win_set_cursor(0, { mid + 1, 0 })
  vim.cmd("normal! zz")
  local again = {}
  for i = 1, 3 do again[i] = edit_and_run(buf, mid + i) end
  say("%s: after a 1-char edit: in view %.1f ms, all %.1f ms (work %.1f ms;"
    .. " %d of %d chunks extracted, %d re-marked)", name, best(again, "sync_ms"),
    best(again, "total_ms"), best(again, "work_ms"), again[3].extracted,
    again[3].chunks, again[3].placed)
  api.nvim_buf_delete(buf, { force = true })
end

-- Any error ends nvim with a failure status instead of leaving it waiting.
local ok, err = pcall(function()
  bench("1 MB", 1024 * 1024)
  bench("5 KB article", 5 * 1024)
end)
io.stdout:write("nvim bench: " .. table.concat(out, "\nnvim bench: ") .. "\n")
if not ok then
  io.stdout:write("nvim bench: failed: ", tostring(err), "\n")
  vim.cmd("cquit 1")
end
vim.cmd("qa!")
