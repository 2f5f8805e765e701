-- glean.nvim — editor glue: annotate buffers with glean's entities and quotes.
--
-- Extraction runs in glean (C scan + Lua packs); this file only maps byte
-- offsets to (row, col), places extmarks in one namespace and keeps the
-- location list. Every call into glean is wrapped in pcall so a broken user
-- rule file becomes one vim.notify error, never a traceback.

local api = vim.api
local uv = vim.uv or vim.loop

local M = {}

M.ns = api.nvim_create_namespace("glean")

-- Highlight group per label; linked with default=true so colorschemes win.
M.GROUPS = {
  PERSON = "GleanPerson", ORG = "GleanOrg", MONEY = "GleanMoney", QUOTE = "GleanQuote",
}
local DEFAULT_LINKS = {
  GleanPerson = "Identifier", GleanOrg = "Type", GleanMoney = "Number",
  GleanQuote = "String", GleanSpeaker = "Comment",
}

local config = {
  packs = nil,           -- nil: glean's default packs
  rules = {},            -- extra rule files
  highlights = {},       -- { GleanPerson = { link = "Title" } } or attr tables
  auto_filetypes = {},   -- filetypes annotated (and kept fresh) on open
  debounce_ms = 300,
}

local cached                 -- { key = ..., ex = extractor }
local last_error             -- last message shown: repeated errors are not re-shown
local toggled = {}           -- bufnr -> { timer = uv timer, group = augroup id }

local function notify_error(msg)
  msg = tostring(msg)
  if msg == last_error then return end
  last_error = msg
  vim.notify("glean: " .. msg, vim.log.levels.ERROR)
end

local function define_highlights()
  for group, target in pairs(DEFAULT_LINKS) do
    api.nvim_set_hl(0, group, { link = target, default = true })
  end
  for group, attrs in pairs(config.highlights or {}) do
    api.nvim_set_hl(0, group, attrs)
  end
end

-- The extractor for the current config, built once (loading word lists and
-- compiling the ruleset is the slow part) and reused until setup() changes it.
function M.extractor()
  local key = vim.inspect({ config.packs, config.rules })
  if cached and cached.key == key then return cached.ex end
  local ok, ex = pcall(function()
    return require("glean").new({ packs = config.packs, rules = config.rules })
  end)
  if not ok then
    notify_error(ex)
    return nil
  end
  cached = { key = key, ex = ex }
  last_error = nil
  return ex
end

-- Byte offset (0-based, in text joined by "\n") -> row, col. starts[i] is the
-- offset of line i (1-based); binary search keeps this O(log lines).
local function locator(lines, first_row)
  local starts, pos = {}, 0
  for i = 1, #lines do
    starts[i] = pos
    pos = pos + #lines[i] + 1
  end
  return function(off)
    local lo, hi = 1, #starts
    while lo < hi do
      local mid = math.floor((lo + hi + 1) / 2)
      if starts[mid] <= off then lo = mid else hi = mid - 1 end
    end
    return first_row + lo - 1, off - starts[lo]
  end
end

-- Runs glean over rows [first, last) of buf. Returns result, locate or nil.
local function extract_rows(buf, first, last)
  local ex = M.extractor()
  if not ex then return nil end
  local lines = api.nvim_buf_get_lines(buf, first, last, false)
  local text = table.concat(lines, "\n")
  local ok, res = pcall(ex.extract, ex, text)
  if not ok then
    notify_error(res)
    return nil
  end
  return res, locator(lines, first)
end

-- Turns a result into items { row, col, end_row, end_col, label, text, speaker }.
local function items_of(res, locate)
  local items = {}
  for _, e in ipairs(res.entities) do
    local r, c = locate(e.start)
    local er, ec = locate(e["end"])
    items[#items + 1] = { row = r, col = c, end_row = er, end_col = ec,
      label = e.label, text = e.text }
  end
  for _, q in ipairs(res.quotes) do
    local r, c = locate(q.start)
    local er, ec = locate(q["end"])
    items[#items + 1] = { row = r, col = c, end_row = er, end_col = ec,
      label = "QUOTE", text = q.text, speaker = q.speaker }
  end
  table.sort(items, function(a, b)
    if a.row ~= b.row then return a.row < b.row end
    return a.col < b.col
  end)
  return items
end

-- Places the marks for items over rows [first, last); clears those rows first.
-- All marks are set in one loop without redraws in between (Neovim redraws
-- once when control returns to the event loop).
local function place(buf, items, first, last)
  api.nvim_buf_clear_namespace(buf, M.ns, first, last)
  local set = api.nvim_buf_set_extmark
  local ns = M.ns
  for _, it in ipairs(items) do
    set(buf, ns, it.row, it.col, {
      end_row = it.end_row, end_col = it.end_col,
      hl_group = M.GROUPS[it.label], priority = it.label == "QUOTE" and 90 or 100,
    })
    if it.speaker then
      set(buf, ns, it.end_row, it.end_col, {
        virt_text = { { "— " .. it.speaker, "GleanSpeaker" } },
        virt_text_pos = "eol",
      })
    end
  end
end

-- Annotates buf (0 = current); first/last are 1-based inclusive lines, or nil
-- for the whole buffer. Returns the number of items placed, or nil on error.
function M.annotate(buf, line1, line2)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  define_highlights()
  local first = line1 and line1 - 1 or 0
  local last = line2 or -1
  local t0 = uv.hrtime()
  local res, locate = extract_rows(buf, first, last)
  if not res then return nil end
  local t1 = uv.hrtime()
  local items = items_of(res, locate)
  local ok, err = pcall(place, buf, items, first, last)
  if not ok then notify_error(err); return nil end
  -- Timings of the last run (ms), for the benchmark and curious users.
  M.last_stats = { extract_ms = (t1 - t0) / 1e6, place_ms = (uv.hrtime() - t1) / 1e6 }
  return #items, items
end

function M.clear(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  api.nvim_buf_clear_namespace(buf, M.ns, 0, -1)
end

-- Fills the window's location list with every entity and quotation.
function M.list(buf, line1, line2)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local res, locate = extract_rows(buf, line1 and line1 - 1 or 0, line2 or -1)
  if not res then return nil end
  local entries = {}
  for _, it in ipairs(items_of(res, locate)) do
    local text = it.label .. ": " .. it.text:gsub("%s+", " ")
    if it.speaker then text = text .. " — " .. it.speaker end
    entries[#entries + 1] = { bufnr = buf, lnum = it.row + 1, col = it.col + 1,
      end_lnum = it.end_row + 1, end_col = it.end_col + 1, text = text }
  end
  vim.fn.setloclist(0, {}, " ", { title = "glean", items = entries })
  return #entries
end

-- Debounced re-run: each change restarts the timer; when it fires we go back
-- to the main loop, and drop the run if the buffer changed after scheduling
-- (a newer timer is then already pending for that change).
local function schedule_run(buf)
  local st = toggled[buf]
  if not st then return end
  st.timer:stop()
  local tick = api.nvim_buf_get_changedtick(buf)
  st.timer:start(config.debounce_ms, 0, vim.schedule_wrap(function()
    if not toggled[buf] or not api.nvim_buf_is_valid(buf) then return end
    if api.nvim_buf_get_changedtick(buf) ~= tick then return end
    M.annotate(buf)
    st.runs = (st.runs or 0) + 1
  end))
end

function M.is_toggled(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  return toggled[buf]
end

function M.enable(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  if toggled[buf] then return end
  local group = api.nvim_create_augroup("glean_buf_" .. buf, { clear = true })
  toggled[buf] = { timer = uv.new_timer(), group = group, runs = 0 }
  api.nvim_create_autocmd({ "TextChanged", "TextChangedI" }, {
    group = group, buffer = buf, callback = function() schedule_run(buf) end,
  })
  api.nvim_create_autocmd("BufWipeout", {
    group = group, buffer = buf, callback = function() M.disable(buf) end,
  })
  M.annotate(buf)
end

function M.disable(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  local st = toggled[buf]
  if not st then return end
  toggled[buf] = nil
  st.timer:stop()
  st.timer:close()
  pcall(api.nvim_del_augroup_by_id, st.group)
  if api.nvim_buf_is_valid(buf) then M.clear(buf) end
end

function M.toggle(buf)
  buf = (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
  if toggled[buf] then M.disable(buf) else M.enable(buf) end
  return toggled[buf] ~= nil
end

-- setup{ packs=, rules=, highlights=, auto_filetypes=, debounce_ms= }
function M.setup(opts)
  opts = opts or {}
  for k, v in pairs(opts) do config[k] = v end
  cached, last_error = nil, nil
  define_highlights()
  local group = api.nvim_create_augroup("glean_auto", { clear = true })
  if #(config.auto_filetypes or {}) > 0 then
    api.nvim_create_autocmd("FileType", {
      group = group, pattern = config.auto_filetypes,
      callback = function(a) M.enable(a.buf) end,
    })
  end
  api.nvim_create_autocmd("ColorScheme", { group = group, callback = define_highlights })
end

function M.config() return config end

return M
