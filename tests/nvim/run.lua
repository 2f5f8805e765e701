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

-- Chunking, incremental re-annotation, background runs ------------------

local layout = require("glean.nvim.layout")

-- Paragraphs of different lengths with a blank line after each.
local function paragraphs(n)
  local lines = {}
  for i = 1, n do
    lines[#lines + 1] = ("Paragraph %d "):format(i) .. ("word "):rep(i % 37 + 3)
    lines[#lines + 1] = ""
  end
  return lines
end

local function check_cover(chunks, nlines)
  eq(chunks[1].s, 0, "first chunk start")
  eq(chunks[#chunks].e, nlines, "last chunk end")
  for i, c in ipairs(chunks) do
    assert(c.cs <= c.s and c.s < c.e and c.e <= c.ce, "context around chunk " .. i)
    if i > 1 then eq(c.s, chunks[i - 1].e, "chunks are contiguous") end
  end
end

test("layout: chunks of whole paragraphs cover the buffer", function()
  local lines = paragraphs(300)
  local chunks = layout.chunks(lines, 0, { chunk_bytes = 1024 })
  assert(#chunks > 5, "several chunks, got " .. #chunks)
  check_cover(chunks, #lines)
  for i = 2, #chunks do
    eq(lines[chunks[i].s], "", "row before chunk " .. i .. " is blank")
    assert(chunks[i].e - chunks[i].s >= 2, "whole paragraphs")
  end
  -- Without blank lines every line is a paragraph.
  local flat = {}
  for i = 1, 400 do flat[i] = ("Line %d of a feed with one item per line."):format(i) end
  check_cover(layout.chunks(flat, 0, { chunk_bytes = 1024 }), #flat)
  -- A buffer smaller than a chunk is one chunk: glean reads it whole.
  eq(#layout.chunks(paragraphs(5), 0, { chunk_bytes = 1024 }), 1, "small buffer")
end)

test("layout: an edit moves only the cuts near it", function()
  local lines = paragraphs(300)
  local before = layout.chunks(lines, 0, { chunk_bytes = 1024 })
  lines[21] = lines[21] .. " and a few more words"    -- paragraph 11
  local after = layout.chunks(lines, 0, { chunk_bytes = 1024 })
  local cuts = {}
  for _, c in ipairs(before) do cuts[c.s .. ":" .. c.e] = true end
  local same = 0
  for _, c in ipairs(after) do if cuts[c.s .. ":" .. c.e] then same = same + 1 end end
  assert(same >= #after - 3, ("%d of %d chunks unchanged"):format(same, #after))
end)

-- A long buffer of short distinct reports, several paragraphs each.
local NAMES = { "Rupert Hale", "Amara Okafor", "Tomas Lindqvist", "Priya Raman" }
local function reports(n)
  local lines = {}
  for k = 1, n do
    local name = NAMES[k % #NAMES + 1]
    for _, l in ipairs({
      ("Report %d: Chancellor %s said the Ministry of Finance would lend $%d million"
        .. " to Harbor Trust Bank."):format(k, name, k),
      "", ("\"It is a fair deal for year %d,\" he said."):format(k),
      "", ("The bank declined to comment on report %d."):format(k), "",
    }) do lines[#lines + 1] = l end
  end
  return lines
end

local function snapshot(b)
  local out = {}
  for _, m in ipairs(api.nvim_buf_get_extmarks(b, gn.ns, 0, -1, { details = true })) do
    local d = m[4]
    out[#out + 1] = ("%d:%d-%s:%s %s %s"):format(m[2], m[3], tostring(d.end_row),
      tostring(d.end_col), tostring(d.hl_group), d.virt_text and d.virt_text[1][1] or "")
  end
  table.sort(out)
  return table.concat(out, "\n")
end

-- Marks of a fresh, complete annotation (empty cache), for comparison.
local function full(b)
  gn.clear(b); gn.reset(b)
  local _, done = gn.annotate(b, nil, nil, { sync = true })
  eq(done, true, "sync run completes")
  return snapshot(b)
end

local big = api.nvim_create_buf(true, false)
api.nvim_buf_set_lines(big, 0, -1, false, reports(80))

test("big buffer: chunks in view first, the rest in the background", function()
  gn.setup({ chunk_bytes = 1024, debounce_ms = 30, step_ms = 0 })
  api.nvim_set_current_buf(big)
  vim.cmd("normal! G")
  local n, done = gn.annotate(big)
  eq(done, false, "first call leaves work for later")
  assert(n > 0 and gn.busy(big), "some marks now, more to come")
  local last = api.nvim_buf_line_count(big)
  eq(#api.nvim_buf_get_extmarks(big, gn.ns, 0, { 10, 0 }, {}), 0, "top not done yet")
  assert(#api.nvim_buf_get_extmarks(big, gn.ns, { last - 10, 0 }, -1, {}) > 0,
    "bottom (in view) done")
  assert(vim.wait(5000, function() return not gn.busy(big) end, 5), "run ends")
  assert(gn.last_stats.complete and gn.last_stats.chunks > 5, "complete, several chunks")
  local async = snapshot(big)
  eq(async, full(big), "background run = one synchronous run")
  -- A buffer that fits one chunk gives what glean.extract gives for the
  -- whole text (checked against glean.extract above); here: one chunk.
  eq(#layout.chunks(api.nvim_buf_get_lines(buf, 0, -1, false), 0,
    { chunk_bytes = 1024 }), 1, "test article is one chunk")
end)

test("re-annotation after edits equals a full annotation", function()
  gn.setup({ chunk_bytes = 1024, debounce_ms = 30 })
  api.nvim_set_current_buf(big)
  full(big)
  local function edit_then_check(what, fn)
    fn()
    local _, done = gn.annotate(big, nil, nil, { sync = true })
    eq(done, true, what .. ": done")
    local st = gn.last_stats
    assert(st.extracted < st.chunks / 2, ("%s: %d of %d chunks extracted"):format(what,
      st.extracted, st.chunks))
    assert(st.skipped > 0, what .. ": untouched chunks skipped")
    eq(snapshot(big), full(big), what)
  end
  edit_then_check("one character", function()
    -- "Chancellor Rupert Hale" -> "Chancellor rupert Hale": marks change.
    local row = 200
    local line = api.nvim_buf_get_lines(big, row, row + 1, false)[1]
    while not line:find("Chancellor ", 1, true) do
      row = row + 1
      line = api.nvim_buf_get_lines(big, row, row + 1, false)[1]
    end
    local col = line:find("Chancellor ", 1, true) + #"Chancellor " - 1
    api.nvim_buf_set_text(big, row, col, row, col + 1, { line:sub(col + 1, col + 1):lower() })
  end)
  edit_then_check("new paragraph", function()
    api.nvim_buf_set_lines(big, 120, 120, false,
      { "Minister Amara Okafor said the fund would add $7 million.", "" })
  end)
  edit_then_check("paragraph deleted", function()
    api.nvim_buf_set_lines(big, 30, 32, false, {})
  end)
  edit_then_check("paragraphs joined", function()
    vim.cmd("let &undolevels = &undolevels")   -- undo below reverts this edit only
    api.nvim_buf_set_lines(big, 301, 302, false, {})
  end)
  edit_then_check("undo", function() vim.cmd("silent undo") end)
  -- The new paragraph's person is marked where it now is.
  local row
  for i, l in ipairs(api.nvim_buf_get_lines(big, 0, -1, false)) do
    if l:find("Minister Amara Okafor", 1, true) then row = i - 1 end
  end
  local found
  for _, m in ipairs(api.nvim_buf_get_extmarks(big, gn.ns, { row, 0 }, { row, -1 },
    { details = true })) do
    if m[4].hl_group == "GleanPerson" and m[3] == #"Minister " then found = m end
  end
  assert(found, "new person marked")
end)

test("an edit in a chunk's context re-annotates that chunk", function()
  gn.setup({ chunk_bytes = 1024, debounce_ms = 30 })
  api.nvim_set_current_buf(big)
  full(big)
  -- A chunk that opens with '"…," he said.': its speaker is the name in the
  -- paragraph before, which lies in the chunk before.
  local lines = api.nvim_buf_get_lines(big, 0, -1, false)
  local c
  for _, ch in ipairs(layout.chunks(lines, 0, { chunk_bytes = 1024 })) do
    if ch.s >= 2 and lines[ch.s + 1]:find("he said", 1, true)
       and lines[ch.s - 1]:find("Chancellor ", 1, true) then c = ch; break end
  end
  assert(c, "test data has such a chunk")
  local function speaker()
    for _, m in ipairs(api.nvim_buf_get_extmarks(big, gn.ns, { c.s, 0 }, { c.s, -1 },
      { details = true })) do
      if m[4].virt_text then return m[4].virt_text[1][1] end
    end
  end
  local before = speaker()
  assert(before and before:find("Chancellor", 1, true) == nil, "speaker " .. tostring(before))
  local row = c.s - 2
  local line = lines[row + 1]
  local a = line:find("Chancellor ", 1, true) + #"Chancellor "
  local b = line:find(" said", a, true)
  -- A new name that leaves the cuts where they are, so the chunk's own rows
  -- are untouched and only its context changed.
  local name
  -- (Men's names: "he" refuses a woman's. Whether a name keeps the cuts
  -- is a matter of its bytes' hash: many are tried.)
  for _, given in ipairs({ "Jonas", "Ivan", "Karl", "Leon", "Omar", "Hans",
    "Yusuf", "Pavel", "Bruno", "Felix" }) do
    for _, family in ipairs({ "Brandt", "Moreau", "Vogt", "Sato", "Haddad",
      "Moser", "Demir", "Orlov", "Keller", "Novak" }) do
      local cand = given .. " " .. family
      lines[row + 1] = line:sub(1, a - 1) .. cand .. line:sub(b)
      for _, ch in ipairs(layout.chunks(lines, 0, { chunk_bytes = 1024 })) do
        if ch.s == c.s and ch.e == c.e and ch.cs == c.cs and ch.ce == c.ce then
          name = cand
        end
      end
      if name then break end
    end
    if name then break end
  end
  assert(name, "a name that keeps the cuts")
  api.nvim_buf_set_text(big, row, a - 1, row, b - 1, { name })
  gn.annotate(big, nil, nil, { sync = true })
  eq(speaker(), "— " .. name, "speaker from the edited context")
  eq(snapshot(big), full(big), "equals a full annotation")
end)

test("random edits: each re-annotation equals a full annotation", function()
  gn.setup({ chunk_bytes = 1024, debounce_ms = 30 })
  api.nvim_set_current_buf(big)
  full(big)
  -- A fixed walk of small edits of every kind: characters typed or deleted
  -- anywhere, lines and blank lines inserted or deleted, paragraphs split.
  local seed = 12345
  local function rand(n)
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  end
  local bits = { "x", " ", "\"", "Mr. Hale", "", "$4 million" }
  for i = 1, 20 do
    local n = api.nvim_buf_line_count(big)
    local row = rand(n)
    local line = api.nvim_buf_get_lines(big, row, row + 1, false)[1]
    local col = rand(#line + 1)
    local kind = rand(5)
    if kind == 0 then
      api.nvim_buf_set_text(big, row, col, row, col, { bits[rand(#bits) + 1] })
    elseif kind == 1 and #line > 0 then
      local to = math.min(#line, col + 1 + rand(8))
      if col < to then api.nvim_buf_set_text(big, row, col, row, to, { "" }) end
    elseif kind == 2 then
      api.nvim_buf_set_lines(big, row, row, false, { "", "Minister Priya Raman said so.", "" })
    elseif kind == 3 and n > 50 then
      api.nvim_buf_set_lines(big, row, math.min(n, row + 1 + rand(4)), false, {})
    else
      api.nvim_buf_set_text(big, row, col, row, col, { "", "" })   -- line break
    end
    gn.annotate(big, nil, nil, { sync = true })
    local inc = snapshot(big)
    eq(inc, full(big), "after edit " .. i)
  end
end)

test("typing during a background run: a fresh run finishes the job", function()
  gn.setup({ chunk_bytes = 1024, debounce_ms = 30, step_ms = 0 })
  api.nvim_set_current_buf(big)
  vim.cmd("normal! gg")
  gn.clear(big); gn.reset(big)
  local _, done = gn.annotate(big)
  eq(done, false, "background work left")
  local last = api.nvim_buf_line_count(big) - 1
  api.nvim_buf_set_text(big, last - 5, 0, last - 5, 0, { "Mayor Élodie Ferrand said so. " })
  assert(vim.wait(5000, function()
    return not gn.busy(big) and gn.last_stats.complete
  end, 5), "a fresh run completes")
  local got = snapshot(big)
  eq(got, full(big), "marks after the restarted run")
end)

test(":GleanToggle: an edit updates the marks", function()
  gn.setup({ debounce_ms = 30 })
  api.nvim_set_current_buf(buf)
  api.nvim_buf_set_lines(buf, 0, -1, false, vim.split(article, "\n"))
  gn.enable(buf)
  local st = gn.is_toggled(buf)
  local function person_on(row)
    local names = {}
    for _, m in ipairs(api.nvim_buf_get_extmarks(buf, gn.ns, { row, 0 }, { row, -1 },
      { details = true })) do
      if m[4].hl_group == "GleanPerson" then
        local line = api.nvim_buf_get_lines(buf, row, row + 1, false)[1]
        names[#names + 1] = line:sub(m[3] + 1, m[4].end_col)
      end
    end
    return table.concat(names, ",")
  end
  eq(person_on(1), "Élodie Ferrand", "before")
  local line = api.nvim_buf_get_lines(buf, 1, 2, false)[1]
  local s = line:find("Élodie Ferrand", 1, true)
  local runs0 = st.runs
  api.nvim_buf_set_text(buf, 1, s - 1, 1, s - 1 + #"Élodie Ferrand", { "Rupert Hale" })
  vim.cmd("doautocmd TextChanged")
  assert(vim.wait(2000, function() return st.runs > runs0 end, 5), "re-run")
  eq(person_on(1), "Rupert Hale", "after")
  local vt
  for _, m in ipairs(marks()) do
    if m[4].virt_text then vt = m[4].virt_text[1][1] end
  end
  eq(vt, "— Rupert Hale", "speaker follows the edit")
  gn.disable(buf)
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
