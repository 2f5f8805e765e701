-- Times :Glean on a ~1 MB buffer, extraction and extmark placement apart.
--   nvim --headless -u NONE -c 'luafile tests/bench/nvim.lua'
vim.opt.runtimepath:prepend(vim.fn.getcwd())
local api, uv = vim.api, vim.loop
local gn = require("glean.nvim")

-- ~1 MB of text built from the golden articles, repeated.
local parts = {}
for _, f in ipairs(vim.fn.glob("tests/golden/*.txt", false, true)) do
  parts[#parts + 1] = table.concat(vim.fn.readfile(f), "\n")
end
local chunk = table.concat(parts, "\n\n")
local lines, size = {}, 0
while size < 1024 * 1024 do
  for _, l in ipairs(vim.split(chunk, "\n")) do lines[#lines + 1] = l; size = size + #l + 1 end
end
local buf = api.nvim_create_buf(true, false)
api.nvim_set_current_buf(buf)
api.nvim_buf_set_lines(buf, 0, -1, false, lines)

local function ms(t) return (uv.hrtime() - t) / 1e6 end
local t = uv.hrtime(); gn.extractor(); local build = ms(t)
local text = table.concat(api.nvim_buf_get_lines(buf, 0, -1, false), "\n")
-- last_stats splits a run: extract (get_lines + glean) vs offsets->rows and
-- extmark placement. Best of 3 because the machine is shared.
local best_x, best_p, n = math.huge, math.huge, 0
for _ = 1, 3 do
  n = gn.annotate(buf)
  best_x = math.min(best_x, gn.last_stats.extract_ms)
  best_p = math.min(best_p, gn.last_stats.place_ms)
end
io.stdout:write(("nvim bench: %.2f MB, %d lines, %d marks; build %.0f ms, extract %.0f ms"
  .. " (%.1f MB/s), map+place extmarks %.0f ms (best of 3)\n"):format(
  #text / 1048576, #lines, n, build, best_x, #text / 1048576 / (best_x / 1000), best_p))
vim.cmd("qa!")
