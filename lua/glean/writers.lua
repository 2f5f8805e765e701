-- writers.lua — extraction results out: a readable table, one JSON object per
-- document, JSON Lines records with their other fields kept, and CoNLL BIO.
--
-- Every writer takes an output with a :write method (a file, or a table in
-- tests), a document description doc = { name = "a.txt", text = "...",
-- line = N (JSON Lines input), id = ... } and a result
-- { entities = {...}, quotes = {...} }. Nothing here needs the C engine:
-- CoNLL output gets its tokens from a function passed in.

local json = require "glean.json"

local M = {}

local format, concat = string.format, table.concat

local function is_list(x) return type(x) == "table" end

-- ---- the readable table -------------------------------------------------------

-- Width in characters (UTF-8 continuation bytes do not count).
local function width(s)
  return #s - select(2, s:gsub("[\128-\191]", ""))
end

local RETURN_SIGN = "\226\143\142"  -- ⏎

-- s on one line (newlines as ⏎, other control characters as spaces), cut to
-- at most max characters with an ellipsis.
local function one_line(s, max)
  s = json.valid_utf8(s):gsub("\r?\n", RETURN_SIGN):gsub("%c", " ")
  if width(s) <= max then return s end
  local out, n = {}, 0
  for ch in s:gmatch("[^\128-\191][\128-\191]*") do
    if n == max - 1 then break end
    n = n + 1
    out[n] = ch
  end
  return concat(out) .. "\226\128\166"  -- …
end
M.one_line = one_line

local function show_value(v)
  if type(v) == "number" then return json.number(v) end
  if type(v) == "string" then
    v = one_line(v, 60)
    if v:find("[%s=]") or v == "" then return '"' .. v .. '"' end
    return v
  end
  if v == json.null then return "null" end
  if type(v) == "table" then return json.encode(v) end
  return tostring(v)
end

-- "key=value" for the fields not already in a column, well-known ones first.
local ENTITY_FIRST = { "canonical", "title", "id", "amount", "currency",
  "min", "max", "rule" }
local QUOTE_FIRST = { "kind", "speaker", "speaker_id", "cue", "rule" }
local SHOWN = { label = true, text = true, start = true, ["end"] = true,
  speaker_start = true, speaker_end = true }

local function details(item, first)
  local parts, done = {}, {}
  local function add(k)
    local v = item[k]
    if v == nil or done[k] then return end
    done[k] = true
    local shown = show_value(v)
    if k == "speaker" and type(item.speaker_start) == "number" then
      shown = format("%s [%s-%s]", shown, json.number(item.speaker_start),
        show_value(item.speaker_end))
    end
    parts[#parts + 1] = k .. "=" .. shown
  end
  for _, k in ipairs(first) do add(k) end
  local rest = {}
  for k in pairs(item) do
    if type(k) == "string" and not SHOWN[k] and not done[k] then
      rest[#rest + 1] = k
    end
  end
  table.sort(rest)
  for _, k in ipairs(rest) do add(k) end
  return concat(parts, " ")
end

local function span(item)
  return show_value(item.start) .. "-" .. show_value(item["end"])
end

local function count(n, one, many)
  return format("%d %s", n, n == 1 and one or many)
end

-- "file.txt", "in.jsonl:7 (id 42)": which document a block is about.
local function title_of(doc)
  local title = doc.name or "-"
  if doc.line then title = title .. ":" .. doc.line end
  if doc.id then title = title .. " (id " .. show_value(doc.id) .. ")" end
  return title
end

-- Writes one document as aligned columns: LABEL TEXT SPAN DETAILS; entities
-- first, then the quotations (label QUOTE).
function M.table(out, doc, result)
  local entities = is_list(result.entities) and result.entities or {}
  local quotes = is_list(result.quotes) and result.quotes or {}
  local title = title_of(doc)
  out:write(format("== %s: %s, %s\n", title,
    count(#entities, "entity", "entities"), count(#quotes, "quote", "quotes")))
  local rows = { { "LABEL", "TEXT", "SPAN", "DETAILS" } }
  for _, e in ipairs(entities) do
    rows[#rows + 1] = { tostring(e.label or "?"), one_line(e.text or "", 40),
      span(e), details(e, ENTITY_FIRST) }
  end
  for _, q in ipairs(quotes) do
    rows[#rows + 1] = { "QUOTE", one_line(q.text or "", 40), span(q),
      details(q, QUOTE_FIRST) }
  end
  if #rows == 1 then
    out:write("(nothing found)\n\n")
    return
  end
  local widths = { 0, 0, 0 }
  for _, r in ipairs(rows) do
    for c = 1, 3 do widths[c] = math.max(widths[c], width(r[c])) end
  end
  for _, r in ipairs(rows) do
    local cells = {}
    for c = 1, 3 do cells[c] = r[c] .. string.rep(" ", widths[c] - width(r[c])) end
    cells[4] = r[4]
    out:write((concat(cells, "  "):gsub("%s+$", "")), "\n")
  end
  out:write("\n")
end

-- ---- explain --------------------------------------------------------------------

-- Writes what each rule matched and what became of it (report, from
-- Extractor:explain: kept, lost to another rule and why, or rejected by
-- its action), then the table of the final result, after the packs'
-- finish stages (which join, trim, add and drop entities).
function M.explain(out, doc, result, report)
  local title = title_of(doc)
  out:write(format("== %s: rule matches, and what overlap resolution did\n",
    title))
  out:write(report ~= "" and report .. "\n" or "(no rule matched)\n", "\n")
  M.table(out, doc, result)
end

-- ---- JSON -----------------------------------------------------------------------

-- One compact JSON object per document, on one line:
-- {"file":..., "line":..., "id":..., "entities":[...], "quotes":[...]}.
function M.json(out, doc, result)
  out:write(json.encode({ file = doc.name, line = doc.line, id = doc.id,
    entities = result.entities or {}, quotes = result.quotes or {} }), "\n")
end

-- A JSON Lines record: the input object with "entities" and "quotes"
-- replaced (in place) or added (at the end), every other member copied
-- byte for byte. members: json.members of the input line, or nil to write
-- a new record { file, text } (text input).
function M.jsonl(out, doc, result, members)
  local fresh = { entities = json.encode(result.entities or {}),
    quotes = json.encode(result.quotes or {}) }
  if not members then
    out:write('{"file":', json.encode_string(doc.name or "-"), ',"text":',
      json.encode_string(doc.text or ""), ',"entities":', fresh.entities,
      ',"quotes":', fresh.quotes, "}\n")
    return
  end
  local written, first = {}, true
  local function sep()
    if not first then out:write(",") end
    first = false
  end
  out:write("{")
  for _, m in ipairs(members) do
    if fresh[m.key] then
      if not written[m.key] then
        sep()
        out:write('"', m.key, '":', fresh[m.key])
        written[m.key] = true
      end
    else
      sep()
      out:write(m.head, m.value)
    end
  end
  for _, k in ipairs({ "entities", "quotes" }) do
    if not written[k] then
      sep()
      out:write('"', k, '":', fresh[k])
    end
  end
  out:write("}\n")
end

-- ---- CoNLL ----------------------------------------------------------------------

local function bounds(sp)
  return sp.start or sp[1], sp["end"] or sp[2]
end

-- Token-per-line BIO tags ("token TAG"), a "-DOCSTART- O" line and a blank
-- line before each document, a blank line after each sentence.
-- tokens(text) returns a list of token spans ({start=, end=} or {s, e},
-- byte offsets, sorted) and optionally a list of sentence spans.
-- Quotations are not part of CoNLL output.
function M.conll(out, doc, result, tokens)
  local text = doc.text or ""
  local toks, sentences = tokens(text)
  local ents = {}
  for i, e in ipairs(is_list(result.entities) and result.entities or {}) do
    ents[i] = e
  end
  table.sort(ents, function(a, b)
    if a.start ~= b.start then return a.start < b.start end
    return a["end"] > b["end"]
  end)
  out:write("-DOCSTART- O\n\n")
  local ei, si, open_ent = 1, 1, nil
  local sent_end = sentences and sentences[1] and select(2, bounds(sentences[1]))
  local in_sentence = false
  for _, tok in ipairs(toks or {}) do
    local ts, te = bounds(tok)
    -- A token past the current sentence's end starts a new sentence.
    while sent_end and ts >= sent_end do
      if in_sentence then out:write("\n") end
      in_sentence = false
      si = si + 1
      sent_end = sentences[si] and select(2, bounds(sentences[si]))
    end
    while ents[ei] and ents[ei]["end"] <= ts do ei = ei + 1 end
    local e, tag = ents[ei], "O"
    if e and e.start < te and ts < e["end"] and te > ts then
      tag = (open_ent == e and "I-" or "B-") .. tostring(e.label)
      open_ent = e
    else
      open_ent = nil
    end
    if te > ts then
      local word = text:sub(ts + 1, te):gsub("%s", "_")
      out:write(word, " ", tag, "\n")
      in_sentence = true
    end
  end
  if in_sentence then out:write("\n") end
end

return M
