-- Headless Neovim tests for the glean plugin. Run by tests/run.sh nvim:
--   nvim --headless -u NONE -c 'luafile tests/nvim/run.lua'
-- Prints "nvim: N passed, N failed" and quits (cquit on failure) — never hangs.
local repo = vim.fn.getcwd()
vim.opt.runtimepath:prepend(repo)
vim.cmd("runtime plugin/glean.lua")

local passed, failed = 0, 0
local function test(name, fn)
  local ok, e = pcall(fn)
  if ok then passed = passed + 1
  else failed = failed + 1; io.stdout:write("FAIL ", name, ": ", tostring(e), "\n") end
end
local function eq(a, b, what)
  if a ~= b then error(("%s: expected %s, got %s"):format(what or "value",
    vim.inspect(b), vim.inspect(a)), 2) end
end

-- Capture notifications instead of printing them.
local notes = {}
vim.notify = function(msg, level) notes[#notes + 1] = { msg = msg, level = level } end

local article = table.concat({
  "Mayor Élodie Ferrand said the city would borrow $12 million from Harbor Trust Bank.",
  "\"We cannot wait another winter,\" said Élodie Ferrand on Tuesday.",
  "The Ministry of Finance declined to comment.",
}, "\n")

local api = vim.api
local gn = require("glean.nvim")
local buf = api.nvim_create_buf(true, false)
api.nvim_set_current_buf(buf)
api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(article, "\n"))

local function marks()
  return api.nvim_buf_get_extmarks(buf, gn.ns, 0, -1, { details = true })
end

-- Expected positions straight from glean.extract on the same text.
local res = require("glean").extract(article)
local function rowcol(off)
  local row, start = 0, 0
  for i = 1, off do
    if article:sub(i, i) == "\n" then row = row + 1; start = i end
  end
  return row, off - start
end

test("plugin defines commands without loading glean", function()
  eq(vim.fn.exists(":Glean"), 2, ":Glean")
  eq(vim.fn.exists(":GleanToggle"), 2, ":GleanToggle")
end)

test(":Glean places extmarks matching glean.extract", function()
  vim.cmd("Glean")
  local got = {}
  for _, m in ipairs(marks()) do
    local d = m[4]
    if d.hl_group then got[#got + 1] = ("%s %d:%d-%d:%d"):format(d.hl_group, m[2], m[3],
      d.end_row, d.end_col) end
  end
  local want = {}
  for _, e in ipairs(res.entities) do
    local r, c = rowcol(e.start); local er, ec = rowcol(e["end"])
    want[#want + 1] = ("%s %d:%d-%d:%d"):format(gn.GROUPS[e.label], r, c, er, ec)
  end
  for _, q in ipairs(res.quotes) do
    local r, c = rowcol(q.start); local er, ec = rowcol(q["end"])
    want[#want + 1] = ("GleanQuote %d:%d-%d:%d"):format(r, c, er, ec)
  end
  table.sort(got); table.sort(want)
  assert(#want >= 4, "article should give entities and a quote, got " .. #want)
  eq(table.concat(got, "\n"), table.concat(want, "\n"), "marks")
end)

test("marks cover the real names (multibyte)", function()
  local texts = {}
  for _, m in ipairs(marks()) do
    local d = m[4]
    if d.hl_group and d.hl_group ~= "GleanQuote" and m[2] == d.end_row then
      local line = api.nvim_buf_get_lines(buf, m[2], m[2] + 1, false)[1]
      texts[line:sub(m[3] + 1, d.end_col)] = d.hl_group
    end
  end
  eq(texts["Élodie Ferrand"], "GleanPerson", "Élodie Ferrand")
  eq(texts["$12 million"], "GleanMoney", "$12 million")
end)

test("speaker shown as virtual text at the quote's end", function()
  local found
  for _, m in ipairs(marks()) do
    local vt = m[4].virt_text
    if vt and vt[1][1]:find("Ferrand", 1, true) then found = m end
  end
  assert(found, "no speaker virtual text")
  eq(found[2], 1, "speaker row")
end)

test("highlight groups link to standard groups by default", function()
  eq(vim.fn.hlexists("GleanPerson"), 1, "GleanPerson exists")
  local hi = vim.fn.execute("highlight GleanMoney")
  assert(hi:find("links to Number", 1, true), "GleanMoney link: " .. hi)
end)

test(":GleanList fills the location list with jumpable entries", function()
  local win = api.nvim_get_current_win()
  vim.cmd("GleanList")
  local ll = vim.fn.getloclist(win)
  eq(#ll, #res.entities + #res.quotes, "entries")
  local seen
  for _, it in ipairs(ll) do
    if it.text:find("PERSON: Élodie Ferrand", 1, true) and it.lnum == 2 then seen = it end
  end
  assert(seen, "no line-2 person entry")
  local line = api.nvim_buf_get_lines(buf, 1, 2, false)[1]
  eq(line:sub(seen.col, seen.col + #"Élodie" - 1), "Élodie", "col from byte offset")
  vim.cmd("lclose")
  api.nvim_set_current_win(win)
end)

test(":Glean with a range annotates only those lines", function()
  vim.cmd("GleanClear")
  vim.cmd("3Glean")
  for _, m in ipairs(marks()) do eq(m[2], 2, "row of ranged mark") end
  assert(#marks() > 0, "Ministry of Finance should be marked")
end)

test(":GleanClear removes all marks", function()
  vim.cmd("Glean")
  assert(#marks() > 0)
  vim.cmd("GleanClear")
  eq(#marks(), 0, "marks after clear")
end)

test(":GleanToggle re-annotates after edits, debounced", function()
  gn.setup({ debounce_ms = 50 })
  vim.cmd("GleanToggle")
  local st = gn.is_toggled(buf)
  assert(st, "toggle on")
  local runs0 = st.runs
  -- Several quick edits: one run after the quiet period, not one per edit.
  for i = 1, 5 do
    api.nvim_buf_set_lines(buf, -1, -1, false, { "Line " .. i })
    vim.cmd("doautocmd TextChanged")
  end
  api.nvim_buf_set_lines(buf, -1, -1, false, { "Chancellor Rupert Hale spoke." })
  vim.cmd("doautocmd TextChanged")
  vim.wait(1000, function() return st.runs > runs0 end, 10)
  vim.wait(150)
  eq(st.runs - runs0, 1, "debounced runs")
  local last = api.nvim_buf_line_count(buf) - 1
  eq(#api.nvim_buf_get_extmarks(buf, gn.ns, { last, 0 }, { last, -1 }, {}) > 0, true,
    "new line annotated")
  vim.cmd("GleanToggle")
  eq(gn.is_toggled(buf), nil, "toggle off")
  eq(#marks(), 0, "toggle off clears")
end)

test("stale result dropped when buffer changed after scheduling", function()
  gn.setup({ debounce_ms = 30 })
  gn.enable(buf)
  local st = gn.is_toggled(buf)
  local runs0 = st.runs
  vim.cmd("doautocmd TextChanged")                        -- schedules with tick T
  api.nvim_buf_set_lines(buf, -1, -1, false, { "x" })     -- tick moves, no autocmd
  vim.wait(200)
  eq(st.runs, runs0, "stale run dropped")
  gn.disable(buf)
end)

test("checkhealth glean runs without error", function()
  vim.cmd("checkhealth glean")
  local text = table.concat(api.nvim_buf_get_lines(0, 0, -1, false), "\n")
  assert(text:find("glean.core", 1, true), "health output mentions glean.core")
  assert(not text:find("ERROR", 1, true), "health reports an error:\n" .. text)
  vim.cmd("bwipeout!")
  api.nvim_set_current_buf(buf)
end)

test("broken rule file: one ERROR notification, no crash", function()
  local bad = vim.fn.tempname() .. ".lua"
  local f = assert(io.open(bad, "w")); f:write("return { rules = { oops( } }\n"); f:close()
  notes = {}
  gn.setup({ rules = { bad } })
  local ok, e = pcall(vim.cmd, "Glean")
  assert(ok, "Glean raised: " .. tostring(e))
  vim.cmd("Glean")  -- repeated run: no spam
  eq(#notes, 1, "notifications")
  eq(notes[1].level, vim.log.levels.ERROR, "level")
  assert(notes[1].msg:find("glean", 1, true))
  gn.setup({ rules = {} })
  vim.cmd("Glean")
  assert(#marks() > 0, "works again after fixing config")
  os.remove(bad)
end)

test("doc/glean.txt has help tags", function()
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir .. "/doc", "p")
  vim.fn.writefile(vim.fn.readfile(repo .. "/doc/glean.txt"), dir .. "/doc/glean.txt")
  vim.cmd("helptags " .. dir .. "/doc")
  local tags = table.concat(vim.fn.readfile(dir .. "/doc/tags"), "\n")
  for _, t in ipairs({ "glean.txt", ":Glean", ":GleanList", ":GleanToggle", "glean-setup" }) do
    assert(tags:find(t .. "\t", 1, true), "missing tag " .. t)
  end
end)

io.stdout:write(("\nnvim: %d passed, %d failed\n"):format(passed, failed))
if failed > 0 then vim.cmd("cquit 1") else vim.cmd("qa!") end
