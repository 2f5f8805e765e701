-- cli.lua — the glean command line: extraction over files or JSON Lines
-- streams, and `glean eval` (scoring against gold JSON Lines).
--
--   glean [options] [FILE...]              see M.USAGE
--   glean eval GOLD.jsonl [SYSTEM.jsonl] [--json] [--direct-only] [--labels L]
--
-- M.main(args, streams, make_extractor) returns the exit code; it never
-- calls os.exit (bin/glean's cli_main.lua does). streams = { stdin, stdout,
-- stderr, open = io.open, getenv = os.getenv, is_tty = function -> bool }
-- (each optional); make_extractor(opts) returns an object with
-- :extract(text) (default: require("glean").new(opts), opts = { packs =
-- {...} or nil, rules = {...} }), and optionally :tokens(text) -> tokens,
-- sentences for CoNLL output (default: glean.core's document).
--
-- Exit codes:
--   0  every input processed
--   1  some input was bad and skipped (each reported on stderr): a line that
--      is not JSON, not an object or has no text string, a file that cannot
--      be opened, a document the extractor failed on; for eval, a bad line in
--      GOLD or SYSTEM (then nothing is scored)
--   2  nothing processed: usage error (usage text on stderr), rules that
--      fail to load, or an engine that does not load
-- Messages (stderr), all starting "glean: ":
--   glean: line 7: invalid JSON: <decoder message with its position>
--   glean: FILE: line 7: not a JSON object | no "text" string field
--   glean: FILE: line 7: extraction failed: <message>
--   glean: cannot open FILE: <reason>    glean: cannot read FILE: <reason>
--   glean: 2 of 1,000 lines skipped
--   glean: GOLD: document 3: <message>   (eval running the extractor)
--   glean: warning: ...                  (eval: documents that do not pair)
--   glean: 12,345 lines, 34.5 MB, 12.3 MB/s    (progress; see below)
-- Progress is shown when stderr is a terminal and the run lasts over two
-- seconds; GLEAN_PROGRESS=1 forces it (and a final line), =0 turns it off.
--
-- Input is read one line at a time (JSON Lines) so memory stays bounded on
-- any stream length; a text FILE is one document and is read whole.

local json = require "glean.json"
local writers = require "glean.writers"
local eval = require "glean.eval"

local M = {}

M.USAGE = [[
usage: glean [options] [FILE...]
       glean eval GOLD.jsonl [SYSTEM.jsonl] [eval options]

Finds people, organizations, money and quotations in news text. Each FILE
(standard input when none or "-") is one document; with --jsonl, each line
is a JSON object holding one document.

options:
  -f, --format FMT    output: table (default), json, jsonl, conll or explain
      --json          one JSON object per document (file, entities, quotes)
      --explain       every rule match, kept or lost (to which rule, why)
                      or rejected, then the table: why a span was found
                      or missed
      --jsonl         read JSON Lines; write each object back with its
                      "entities" and "quotes" replaced or added
      --text-field F  the field holding the text in JSON Lines (default text)
      --packs LIST    rule packs, comma-separated
                      (default person,org,money,quote)
      --rules FILE    also load the rule pack in this Lua file (may repeat)
      --convention C  spans as a corpus draws them: default, conll (no
                      "the"/"'s" in names) or ontonotes ("$" left out of
                      a plain "$5,000"); unset, a JSON Lines record whose
                      "source" is conll2003 or ontonotes gets that one
  -q, --quiet         no progress and no per-line error reports
  -h, --help          print this text
      --version       print the version

eval options (SYSTEM omitted: run the extractor over GOLD's texts):
      --json          print the scores as JSON (the fields of score.py --json)
      --direct-only   score direct quotations only
      --labels LIST   entity labels to score (default PERSON,ORG,MONEY)
      --packs, --rules, --convention, --text-field as above

Exit status: 0 all done; 1 some input was bad (reported and skipped);
2 usage error or rules that fail to load. GLEAN_PROGRESS=1/0 forces progress
on standard error on or off.
]]

local FORMATS = { table = true, json = true, jsonl = true, conll = true,
  explain = true }

-- A JSON Lines record (or gold document) that names its corpus in "source"
-- is drawn the way that corpus draws spans, unless --convention says how.
local SOURCE_CONVENTIONS = { conll2003 = "conll", ontonotes = "ontonotes" }
local BATCH = 100  -- documents between flushes of the output

local function default_make_extractor(opts)
  return require("glean").new(opts)
end

-- 1234567 -> "1,234,567"
local function thousands(n)
  local sign, digits = string.format("%d", n):match("^(%-?)(%d+)$")
  local grouped = digits:reverse():gsub("%d%d%d", "%0,"):reverse()
  return sign .. grouped:gsub("^,", "")
end
M.thousands = thousands

local function split_list(s)
  local out = {}
  for item in s:gmatch("[^,%s]+") do out[#out + 1] = item end
  return out
end

-- ---- arguments --------------------------------------------------------------------

-- Options that take a value, and the flags; `--x=v` and `--x v` both work.
local VALUED = { ["--format"] = "format", ["-f"] = "format",
  ["--packs"] = "packs", ["--rules"] = "rules", ["--text-field"] = "text_field",
  ["--convention"] = "convention",
  ["--labels"] = "labels" }
local FLAGS = { ["--json"] = "json", ["--jsonl"] = "jsonl", ["--quiet"] = "quiet",
  ["-q"] = "quiet", ["--help"] = "help", ["-h"] = "help",
  ["--version"] = "version", ["--direct-only"] = "direct_only",
  ["--explain"] = "explain" }
local EVAL_ONLY = { labels = true, direct_only = true }
local EXTRACT_ONLY = { format = true, jsonl = true, explain = true }

-- Returns options or nil and a message.
local function parse_args(args)
  local o = { files = {}, rules = {}, text_field = "text" }
  local i, only_files = 1, false
  if args[1] == "eval" then o.eval, i = true, 2 end
  while i <= #args do
    local a = args[i]
    if only_files or a == "-" or a:sub(1, 1) ~= "-" then
      o.files[#o.files + 1] = a
    elseif a == "--" then
      only_files = true
    else
      local name, value = a:match("^(%-%-[^=]+)=(.*)$")
      name = name or a
      local key = VALUED[name] or FLAGS[name]
      if not key then return nil, "unknown option '" .. name .. "'" end
      if EVAL_ONLY[key] and not o.eval then
        return nil, "option " .. name .. " is for 'glean eval'"
      end
      if EXTRACT_ONLY[key] and o.eval then
        return nil, "option " .. name .. " is not for 'glean eval'"
      end
      if VALUED[name] then
        if not value then
          i = i + 1
          value = args[i]
          if value == nil then return nil, "option " .. name .. " needs a value" end
        end
        if key == "rules" then o.rules[#o.rules + 1] = value
        else o[key] = value end
      elseif value then
        return nil, "option " .. name .. " takes no value"
      else
        o[key] = true
      end
    end
    i = i + 1
  end
  if o.eval then
    if not o.help and (#o.files < 1 or #o.files > 2) then
      return nil, "glean eval needs GOLD.jsonl and at most one SYSTEM.jsonl"
    end
    return o
  end
  o.input = o.jsonl and "jsonl" or "text"
  o.format = o.format or (o.explain and "explain") or (o.json and "json") or
    (o.jsonl and "jsonl") or "table"
  if not FORMATS[o.format] then
    return nil, "unknown format '" .. o.format ..
      "' (table, json, jsonl, conll, explain)"
  end
  if #o.files == 0 then o.files[1] = "-" end
  return o
end

-- ---- running ----------------------------------------------------------------------

-- The run's shared state: streams, options, counters, and the reporting.
local function new_run(streams, o)
  local run = { out = streams.stdout, err = streams.stderr, o = o,
    status = 0, lines = 0, bad = 0, bytes = 0, docs = 0 }
  function run.report(msg)
    run.status = 1
    if not o.quiet then run.err:write("glean: ", msg, "\n") end
  end
  local setting = streams.getenv("GLEAN_PROGRESS")
  run.progress_forced = setting == "1"
  run.progress_on = setting == "1" or (setting ~= "0" and not o.quiet
    and streams.is_tty())
  run.started, run.shown_at, run.clock0 = os.time(), os.time(), os.clock()
  return run
end

local function progress_text(run)
  -- os.time counts whole seconds; CPU time is finer and, for this
  -- single-threaded filter, never more than the time really spent.
  local secs = math.max(os.time() - run.started, os.clock() - run.clock0, 0.001)
  return string.format("glean: %s lines, %.1f MB, %.1f MB/s",
    thousands(run.lines), run.bytes / 1e6, run.bytes / 1e6 / secs)
end

-- Called once per line: at most one progress line a second, after the first
-- two seconds (short runs stay quiet).
local function tick(run)
  if not run.progress_on then return end
  local now = os.time()
  if now > run.shown_at and now - run.started >= 2 then
    run.shown_at = now
    run.err:write("\r", progress_text(run))
    run.progress_shown = true
  end
end

-- The final totals, over the last progress line if there was one.
local function finish_progress(run)
  if run.progress_shown then
    run.err:write("\r", progress_text(run), "\n")
  elseif run.progress_forced then
    run.err:write(progress_text(run), "\n")
  end
end

-- Extracts from one document and writes it; errors are reported, not raised.
-- The output is collected first so that a failure never leaves half a record.
local function process(run, doc, members)
  local pieces = {}
  local buf = { write = function(self, ...)
    for _, p in ipairs({ ... }) do pieces[#pieces + 1] = p end
    return self
  end }
  local ok, err = pcall(function()
    local ex = run.extractor_for(doc.source)
    local result = ex:extract(doc.text)
    local f = run.o.format
    if f == "explain" then
      local _, report = ex:explain(doc.text)
      writers.explain(buf, doc, result, report)
    elseif f == "table" then writers.table(buf, doc, result)
    elseif f == "json" then writers.json(buf, doc, result)
    elseif f == "jsonl" then writers.jsonl(buf, doc, result, members)
    else writers.conll(buf, doc, result, run.tokens) end
  end)
  if not ok then
    run.report(doc.where .. "extraction failed: " .. tostring(err))
    return false
  end
  for _, p in ipairs(pieces) do run.out:write(p) end
  run.docs = run.docs + 1
  if run.docs % BATCH == 0 then run.out:flush() end
  return true
end

local function process_line(run, name, n, line, prefix)
  if n == 1 then line = line:gsub("^\239\187\191", "") end  -- BOM
  if not line:find("%S") then return end  -- blank lines carry no document
  local where = prefix .. "line " .. n .. ": "
  local obj, err = json.decode(line)
  if err then
    run.bad = run.bad + 1
    return run.report(where .. err)
  end
  local members = type(obj) == "table" and json.members(line)
  if not members then
    run.bad = run.bad + 1
    return run.report(where .. "not a JSON object")
  end
  local text = obj[run.o.text_field]
  if type(text) ~= "string" then
    run.bad = run.bad + 1
    return run.report(where .. 'no "' .. run.o.text_field .. '" string field')
  end
  local id = obj.id
  if type(id) ~= "string" and type(id) ~= "number" then id = nil end
  if not process(run, { name = name, line = n, id = id, text = text,
      source = obj.source, where = where }, members) then
    run.bad = run.bad + 1
  end
end

local function process_stream(run, fh, name)
  local prefix = name == "-" and "" or name .. ": "
  if run.o.input == "text" then
    local text, err = fh:read("*a")
    if not text then error(err, 0) end
    run.bytes = run.bytes + #text
    process(run, { name = name, text = text, where = prefix }, nil)
    run.out:flush()
    return
  end
  local n = 0
  for line in fh:lines() do
    n = n + 1
    run.lines = run.lines + 1
    run.bytes = run.bytes + #line + 1
    process_line(run, name, n, line, prefix)
    tick(run)
  end
end

-- The token function CoNLL output needs: the extractor's own, else the
-- engine's document (loaded only when CoNLL is asked for).
local function tokenizer_for(ex)
  if type(ex) == "table" and type(ex.tokens) == "function" then
    return function(text) return ex:tokens(text) end
  end
  local ok, core = pcall(require, "glean.core")
  if not ok then return nil, "CoNLL output needs glean.core: " .. tostring(core) end
  return function(text)
    local doc = core.document(text)
    return doc:tokens(), doc:sentences()
  end
end

local function extractor_opts(o, convention)
  return { packs = o.packs and split_list(o.packs) or nil, rules = o.rules,
    convention = convention }
end

local function make(streams, make_extractor, o)
  local ok, ex = pcall(make_extractor, extractor_opts(o, o.convention))
  if not ok then
    local msg = tostring(ex):gsub("^glean: ", "")
    streams.stderr:write("glean: ", msg, "\n")
    return nil
  end
  return ex
end

-- Returns extractor_for(source): ex itself, or, when --convention is unset
-- and source names a corpus, an extractor of that corpus's convention
-- (made on first use; the rules already loaded once, so a failure here is
-- an error of the document, not of the run).
local function by_source(ex, make_extractor, o)
  local made = {}
  return function(source)
    local convention = not o.convention and SOURCE_CONVENTIONS[source]
    if not convention then return ex end
    made[convention] = made[convention] or
      make_extractor(extractor_opts(o, convention))
    return made[convention]
  end
end

local function run_extract(streams, o, make_extractor)
  local ex = make(streams, make_extractor, o)
  if not ex then return 2 end
  if o.format == "explain" and type(ex.explain) ~= "function" then
    streams.stderr:write("glean: this extractor cannot explain its matches\n")
    return 2
  end
  local run = new_run(streams, o)
  run.extractor_for = by_source(ex, make_extractor, o)
  if o.format == "conll" then
    local err
    run.tokens, err = tokenizer_for(ex)
    if not run.tokens then
      streams.stderr:write("glean: ", err, "\n")
      return 2
    end
  end
  for _, name in ipairs(o.files) do
    local fh, err = streams.stdin, nil
    if name ~= "-" then fh, err = streams.open(name, "rb") end
    if not fh then
      run.report("cannot open " .. tostring(err))  -- io.open: "NAME: reason"
    else
      -- A read error (a directory, an I/O error) ends this input only.
      local ok, read_err = pcall(process_stream, run, fh, name)
      if not ok then
        read_err = tostring(read_err):gsub("^[^:]*:%d+: ", "")
        run.report("cannot read " .. name .. ": " .. read_err)
      end
      if fh ~= streams.stdin then fh:close() end
    end
  end
  run.out:flush()
  finish_progress(run)
  if run.bad > 0 and not o.quiet then
    streams.stderr:write(string.format("glean: %s of %s lines skipped\n",
      thousands(run.bad), thousands(run.lines)))
  end
  return run.status
end

-- ---- eval -------------------------------------------------------------------------

local function read_docs(streams, name)
  local fh, err = streams.open(name, "rb")
  if not fh then
    streams.stderr:write("glean: cannot open ", tostring(err), "\n")
    return nil
  end
  local docs, errors = eval.read(fh)
  fh:close()
  for _, e in ipairs(errors) do streams.stderr:write("glean: ", name, ": ", e, "\n") end
  if #errors > 0 then return nil end
  return docs
end

local function run_eval(streams, o, make_extractor)
  local gold = read_docs(streams, o.files[1])
  if not gold then return 1 end
  local status, system = 0, nil
  if o.files[2] then
    system = read_docs(streams, o.files[2])
    if not system then return 1 end
  else
    local ex = make(streams, make_extractor, o)
    if not ex then return 2 end
    local extractor_for = by_source(ex, make_extractor, o)
    system = {}
    for i, g in ipairs(gold) do
      local text = g[o.text_field]
      local ok, res = false, 'no "' .. o.text_field .. '" string field'
      if type(text) == "string" then
        local doc_ex
        ok, doc_ex = pcall(extractor_for, g.source)
        if ok then ok, res = pcall(doc_ex.extract, doc_ex, text)
        else res = doc_ex end
      end
      if ok then
        system[i] = { entities = res.entities, quotes = res.quotes }
      else
        system[i] = {}
        status = 1
        streams.stderr:write(string.format("glean: %s: document %d: %s\n",
          o.files[1], i, tostring(res)))
      end
    end
  end
  local labels = o.labels and split_list(o.labels) or nil
  local res = eval.score(gold, system, { labels = labels,
    direct_only = o.direct_only,
    warn = function(msg) streams.stderr:write("glean: ", msg, "\n") end })
  streams.stdout:write(o.json and eval.to_json(res) or eval.format_table(res), "\n")
  streams.stdout:flush()
  return status
end

-- ---- entry ------------------------------------------------------------------------

local function tty_stderr()
  local r = os.execute("test -t 2")
  return r == true or r == 0  -- Lua 5.4 gives true, LuaJIT the status 0
end

function M.main(args, streams, make_extractor)
  streams = streams or {}
  local s = {
    stdin = streams.stdin or io.stdin, stdout = streams.stdout or io.stdout,
    stderr = streams.stderr or io.stderr, open = streams.open or io.open,
    getenv = streams.getenv or os.getenv, is_tty = streams.is_tty or tty_stderr,
  }
  make_extractor = make_extractor or default_make_extractor
  local o, err = parse_args(args or {})
  if not o then
    s.stderr:write("glean: ", err, "\n", M.USAGE:match("^(.-\n.-\n)"),
      "Try 'glean --help' for more.\n")
    return 2
  end
  if o.help then
    s.stdout:write(M.USAGE)
    return 0
  end
  if o.version then
    local ok, glean = pcall(require, "glean")
    if not ok then
      s.stderr:write("glean: the engine did not load: ", tostring(glean), "\n")
      return 2
    end
    s.stdout:write("glean ", tostring(glean.version), "\n")
    return 0
  end
  if o.eval then return run_eval(s, o, make_extractor) end
  return run_extract(s, o, make_extractor)
end

return M
