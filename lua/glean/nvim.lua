-- glean.nvim — editor glue: annotate buffers with glean's entities and quotes.
--
-- Extraction runs in glean (C scan + Lua packs). This file cuts the buffer
-- into chunks of whole paragraphs (glean.nvim.layout), extracts each chunk
-- once per content (a per-buffer cache keyed by the text glean read), puts
-- one extmark per entity or quotation in one namespace, and keeps the
-- location list.
--
-- A run never blocks for long: the chunks in view go first, synchronously;
-- the rest follow in steps of about `step_ms`, each one scheduled with
-- vim.defer_fn so keys and redraws get in between. A chunk whose rows
-- (context included) no edit has touched since its marks went in is skipped
-- outright: extmarks move with the text by themselves, and on_lines
-- (nvim_buf_attach) keeps the record of which rows an edit touched.
--
-- Every call into glean is wrapped in pcall so a broken user rule file
-- becomes one vim.notify error, never a traceback.

local api = vim.api
local uv = vim.uv or vim.loop
local layout = require("glean.nvim.layout")

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
  chunk_bytes = 8192,    -- smallest chunk glean reads at once
  step_ms = 8,           -- work per scheduled step after the visible chunks
}

local cached                 -- { key = ..., ex = extractor }
local last_error             -- last message shown: repeated errors are not re-shown
local generation = 0         -- bumped when the extractor changes: cached results die
local states = {}            -- bufnr -> per-buffer state, see state()

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

local function bufnr(buf)
  return (buf == nil or buf == 0) and api.nvim_get_current_buf() or buf
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
  generation = generation + 1
  last_error = nil
  return ex
end

-- An edit replaced rows [first, last) by [first, new_last). Records of marks
-- whose text rows (context included) the edit touched or borders are
-- dropped; records below the edit shift with it. Bordering counts because
-- the line before a paragraph decides where it starts (blank or not), and
-- deleted lines leave their marks collapsed at the row after them.
local function edited(st, first, last, new_last)
  local delta = new_last - last
  local kept = {}
  for _, p in pairs(st.placed) do
    if p.ce < first then
      kept[p.s] = p
    elseif p.cs > last then
      p.s, p.e, p.cs, p.ce = p.s + delta, p.e + delta, p.cs + delta, p.ce + delta
      kept[p.s] = p
    end
  end
  st.placed = kept
end

local forget

-- Per buffer: cache (chunk text -> shape -> items), placed (chunk start row
-- -> { s, e, cs, ce, text, n }: the marks now in the buffer), job (the run in
-- progress), timer (debounce), toggle (augroup while :GleanToggle is on).
local function state(buf)
  local st = states[buf]
  if st then
    if st.gen ~= generation then st.cache, st.placed, st.gen = {}, {}, generation end
    return st
  end
  st = { cache = {}, placed = {}, gen = generation, runs = 0 }
  states[buf] = st
  st.attached = api.nvim_buf_attach(buf, false, {
    on_lines = function(_, _, _, first, last, new_last)
      if states[buf] ~= st then return true end   -- forgotten: detach
      edited(st, first, last, new_last)
    end,
    on_reload = function() st.placed = {} end,
    on_detach = function() st.attached = false; st.placed = {} end,
  })
  st.group = api.nvim_create_augroup("glean_state_" .. buf, { clear = true })
  api.nvim_create_autocmd("BufWipeout", {
    group = st.group, buffer = buf, callback = function() forget(buf) end,
  })
  return st
end

-- Drops everything kept for buf (on wipeout).
forget = function(buf)
  local st = states[buf]
  if not st then return end
  M.disable(buf)
  st.job = nil
  states[buf] = nil
  if st.timer then st.timer:stop(); st.timer:close() end
  pcall(api.nvim_del_augroup_by_id, st.group)
end

-- Extmark options, reused from mark to mark (no table per mark).
local ent_opts = { end_row = 0, end_col = 0, hl_group = nil, priority = 100 }
local quote_opts = { end_row = 0, end_col = 0, hl_group = "GleanQuote", priority = 90 }
local said_opts = { end_row = 0, end_col = 0, hl_group = "GleanQuote", priority = 90,
  virt_text = nil, virt_text_pos = "eol" }
local eol_opts = { virt_text = nil, virt_text_pos = "eol" }

-- Puts the marks of one chunk (items from layout.items) on rows [c.s, c.e),
-- clearing those rows first. One mark per entity and per quotation; the
-- speaker rides on the quotation's mark when it ends on its first line.
local function place(buf, c, items)
  local ns, set, groups = M.ns, api.nvim_buf_set_extmark, M.GROUPS
  api.nvim_buf_clear_namespace(buf, ns, c.s, c.e)
  local s = c.s
  for i = 1, #items do
    local it = items[i]
    local row, end_row = s + it[1], s + it[3]
    if it[5] ~= "QUOTE" then
      ent_opts.end_row, ent_opts.end_col, ent_opts.hl_group = end_row, it[4], groups[it[5]]
      set(buf, ns, row, it[2], ent_opts)
    elseif not it[7] then
      quote_opts.end_row, quote_opts.end_col = end_row, it[4]
      set(buf, ns, row, it[2], quote_opts)
    else
      local vt = { { "— " .. it[7], "GleanSpeaker" } }
      if row == end_row then
        said_opts.end_row, said_opts.end_col, said_opts.virt_text = end_row, it[4], vt
        set(buf, ns, row, it[2], said_opts)
      else
        quote_opts.end_row, quote_opts.end_col = end_row, it[4]
        set(buf, ns, row, it[2], quote_opts)
        eol_opts.virt_text = vt
        set(buf, ns, end_row, it[4], eol_opts)
      end
    end
  end
end

-- Items of chunk c, from the cache or from glean. `used` collects the cache
-- entries this run needs (the cache is pruned to them after a full run).
-- Returns items, text or nil on error.
local function chunk_items(st, job, c)
  local text, shape = layout.text(job.lines, job.row0, c)
  local by_shape = job.used[text] or st.cache[text]
  local items = by_shape and by_shape[shape]
  if not items then
    local t = uv.hrtime()
    local ok, res = pcall(job.ex.extract, job.ex, text)
    if not ok then
      notify_error(res)
      return nil
    end
    items = layout.items(res, job.lines, job.row0, c)
    by_shape = by_shape or {}
    by_shape[shape] = items
    job.extracted = job.extracted + 1
    job.extract_ns = job.extract_ns + (uv.hrtime() - t)
  end
  job.used[text] = by_shape
  return items, text
end

-- Brings chunk c's marks up to date. Returns false on error.
local function do_chunk(st, job, c)
  local p = st.placed[c.s]
  if st.attached and p and p.e == c.e and p.cs == c.cs and p.ce == c.ce then
    -- Untouched since its marks went in: same text, same marks.
    job.used[p.text] = job.used[p.text] or st.cache[p.text]
    job.skipped = job.skipped + 1
    job.marks = job.marks + p.n
    return true
  end
  local items, text = chunk_items(st, job, c)
  if not items then return false end
  local t = uv.hrtime()
  place(job.buf, c, items)
  job.place_ns = job.place_ns + (uv.hrtime() - t)
  for s, q in pairs(st.placed) do
    if q.s < c.e and q.e > c.s then st.placed[s] = nil end
  end
  st.placed[c.s] = { s = c.s, e = c.e, cs = c.cs, ce = c.ce, text = text, n = #items }
  job.placed = job.placed + 1
  job.marks = job.marks + #items
  return true
end

-- Ends a job: a full run that completed prunes the cache to what it used;
-- otherwise its results join the cache. Records M.last_stats (ms).
local function finish(st, job, complete)
  if st.job == job then st.job = nil end
  if complete and job.full then
    st.cache = job.used
  else
    for k, v in pairs(job.used) do st.cache[k] = v end
  end
  job.done = complete
  local now = uv.hrtime()
  M.last_stats = {
    chunks = #job.order, extracted = job.extracted, placed = job.placed,
    skipped = job.skipped, marks = job.marks, complete = complete,
    first_ms = job.first_ms, total_ms = (now - job.t0) / 1e6,
    work_ms = job.work_ns / 1e6, extract_ms = job.extract_ns / 1e6,
    place_ms = job.place_ns / 1e6,
  }
  if job.on_done then job.on_done(M.last_stats) end
end

local schedule_run

-- One step of a job: every chunk in view (first step only), then more until
-- step_ms is spent (all of them when sync). A job whose buffer changed stops
-- (its rows are stale) and a fresh run follows once the buffer is quiet.
local function step(st, job, sync)
  if st.job ~= job then return end
  if not api.nvim_buf_is_valid(job.buf) then return finish(st, job, false) end
  if api.nvim_buf_get_changedtick(job.buf) ~= job.tick then
    finish(st, job, false)
    schedule_run(job.buf, job.first, job.last)
    return
  end
  local t = uv.hrtime()
  local deadline = t + config.step_ms * 1e6
  local order = job.order
  while job.i <= #order do
    local ok, res = pcall(do_chunk, st, job, order[job.i])
    if not ok then notify_error(res) end
    if not ok or not res then
      job.work_ns = job.work_ns + (uv.hrtime() - t)
      finish(st, job, false)
      job.failed = true
      return
    end
    job.i = job.i + 1
    local now = uv.hrtime()
    if job.i > job.nvis then
      job.first_ms = job.first_ms or (now - job.t0) / 1e6
      if not sync and now >= deadline then break end
    end
  end
  job.work_ns = job.work_ns + (uv.hrtime() - t)
  if job.i > #order then
    finish(st, job, true)
  else
    vim.defer_fn(function() step(st, job, false) end, 0)
  end
end

-- Rows [top, bot) that windows on buf show, and the height of the tallest;
-- nil when no window shows buf.
local function view_rows(buf)
  local top, bot, h
  for _, win in ipairs(api.nvim_list_wins()) do
    if api.nvim_win_get_buf(win) == buf then
      local r = api.nvim_win_call(win, function()
        return { vim.fn.line("w0"), vim.fn.line("w$") }
      end)
      top = math.min(top or r[1] - 1, r[1] - 1)
      bot = math.max(bot or r[2], r[2])
      h = math.max(h or 0, r[2] - r[1] + 1)
    end
  end
  return top, bot, h
end

-- Starts a run over rows [first, last) (last -1: to the end) and does its
-- first step now. Returns the job, or nil when there is no extractor.
local function start(buf, first, last, opts)
  local st = state(buf)
  local ex = M.extractor()
  if not ex then return nil end
  st = state(buf)  -- a new extractor resets the cache
  if st.job then finish(st, st.job, false) end
  local t0 = uv.hrtime()
  local lines = api.nvim_buf_get_lines(buf, first, last, false)
  local chunks = layout.chunks(lines, first, { chunk_bytes = config.chunk_bytes })
  -- Chunks in view now; then, in the background, those within a screenful
  -- of the view (scrolling shows them next), the ones below (reading goes
  -- down), the ones above. A buffer no window shows is all background work.
  local top, bot, h = view_rows(buf)
  local order, near, below, above = {}, {}, {}, {}
  for _, c in ipairs(chunks) do
    if top and c.e > top and c.s < bot then order[#order + 1] = c
    elseif top and c.e > top - h and c.s < bot + h then near[#near + 1] = c
    elseif top == nil or c.s >= bot then below[#below + 1] = c
    else above[#above + 1] = c end
  end
  local nvis = #order
  for _, c in ipairs(near) do order[#order + 1] = c end
  for _, c in ipairs(below) do order[#order + 1] = c end
  for _, c in ipairs(above) do order[#order + 1] = c end
  local job = {
    buf = buf, ex = ex, lines = lines, row0 = first, first = first, last = last,
    full = first == 0 and last == -1, order = order, nvis = nvis, i = 1,
    tick = api.nvim_buf_get_changedtick(buf), used = {}, t0 = t0,
    extracted = 0, placed = 0, skipped = 0, marks = 0,
    work_ns = 0, extract_ns = 0, place_ns = 0, on_done = opts and opts.on_done,
  }
  st.job = job
  if nvis == 0 then job.first_ms = (uv.hrtime() - t0) / 1e6 end
  step(st, job, opts and opts.sync)
  return job
end

-- Annotates buf (0 = current); line1/line2 are 1-based inclusive lines, or
-- nil for the whole buffer. The chunks in view are done before this
-- returns; the rest follow in the background unless opts.sync. opts.on_done
-- gets M.last_stats when the run ends. Returns the number of marks placed
-- so far and whether the run is complete, or nil on error.
function M.annotate(buf, line1, line2, opts)
  buf = bufnr(buf)
  define_highlights()
  local job = start(buf, line1 and line1 - 1 or 0, line2 or -1, opts)
  if not job or job.failed then return nil end
  return job.marks, job.done == true
end

-- True while a run on buf is still working through its chunks.
function M.busy(buf)
  local st = states[bufnr(buf)]
  return st ~= nil and st.job ~= nil
end

function M.clear(buf)
  buf = bufnr(buf)
  local st = states[buf]
  if st then
    if st.job then finish(st, st.job, false) end
    st.placed = {}
  end
  api.nvim_buf_clear_namespace(buf, M.ns, 0, -1)
end

-- Forgets buf's cached results (the next run extracts every chunk again).
function M.reset(buf)
  local st = states[bufnr(buf)]
  if st then st.cache = {} end
end

-- Fills the window's location list with every entity and quotation (all at
-- once: the list is wanted whole; cached chunks cost nothing).
function M.list(buf, line1, line2)
  buf = bufnr(buf)
  local st = state(buf)
  local ex = M.extractor()
  if not ex then return nil end
  st = state(buf)
  local first = line1 and line1 - 1 or 0
  local lines = api.nvim_buf_get_lines(buf, first, line2 or -1, false)
  local job = { ex = ex, lines = lines, row0 = first, used = st.cache,
    extracted = 0, extract_ns = 0 }
  local entries = {}
  for _, c in ipairs(layout.chunks(lines, first, { chunk_bytes = config.chunk_bytes })) do
    local items = chunk_items(st, job, c)
    if not items then return nil end
    for _, it in ipairs(items) do
      local text = it[5] .. ": " .. it[6]:gsub("%s+", " ")
      if it[7] then text = text .. " — " .. it[7] end
      entries[#entries + 1] = { bufnr = buf, lnum = c.s + it[1] + 1, col = it[2] + 1,
        end_lnum = c.s + it[3] + 1, end_col = it[4] + 1, text = text }
    end
  end
  vim.fn.setloclist(0, {}, " ", { title = "glean", items = entries })
  return #entries
end

-- Debounced re-run: each change restarts the timer; when it fires we go back
-- to the main loop, and drop the run if the buffer changed after scheduling
-- (a newer timer is then already pending for that change).
schedule_run = function(buf, first, last)
  local st = states[buf]
  if not st then return end
  st.timer = st.timer or uv.new_timer()
  st.timer:stop()
  local tick = api.nvim_buf_get_changedtick(buf)
  st.timer:start(config.debounce_ms, 0, vim.schedule_wrap(function()
    if states[buf] ~= st or not api.nvim_buf_is_valid(buf) then return end
    if api.nvim_buf_get_changedtick(buf) ~= tick then return end
    M.annotate(buf, first and first + 1, last ~= -1 and last or nil)
    st.runs = st.runs + 1
  end))
end

-- The buffer's state while :GleanToggle is on (nil when off).
function M.is_toggled(buf)
  local st = states[bufnr(buf)]
  return st and st.toggle and st or nil
end

function M.enable(buf)
  buf = bufnr(buf)
  local st = state(buf)
  if st.toggle then return end
  st.toggle = api.nvim_create_augroup("glean_buf_" .. buf, { clear = true })
  api.nvim_create_autocmd({ "TextChanged", "TextChangedI" }, {
    group = st.toggle, buffer = buf, callback = function() schedule_run(buf) end,
  })
  M.annotate(buf)
end

function M.disable(buf)
  buf = bufnr(buf)
  local st = states[buf]
  if not st or not st.toggle then return end
  pcall(api.nvim_del_augroup_by_id, st.toggle)
  st.toggle = nil
  if st.timer then st.timer:stop() end
  if api.nvim_buf_is_valid(buf) then M.clear(buf) end
end

function M.toggle(buf)
  buf = bufnr(buf)
  if M.is_toggled(buf) then M.disable(buf) else M.enable(buf) end
  return M.is_toggled(buf) ~= nil
end

-- setup{ packs=, rules=, highlights=, auto_filetypes=, debounce_ms=,
--        chunk_bytes=, step_ms= }
function M.setup(opts)
  opts = opts or {}
  for k, v in pairs(opts) do config[k] = v end
  cached, last_error = nil, nil
  generation = generation + 1
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
