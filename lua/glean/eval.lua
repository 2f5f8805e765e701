-- eval.lua — scores extraction results against gold JSON Lines: a Lua port of
-- ../shared/eval/score.py that gives the same numbers and the same table.
--
--   local eval = require "glean.eval"
--   local gold = assert(eval.load("gold.jsonl"))
--   local res = eval.score(gold, system_docs, { labels = {...}, direct_only = false })
--   print(eval.format_table(res))   -- byte-identical to score.py's table
--   print(eval.to_json(res))        -- the same text as score.py --json
--
-- Scoring rules (see score.py's docstring): documents pair by "id", else by
-- line order; entities per label with exact and overlap (greedy one-to-one)
-- matching, labels absent from the gold not scored, micro average; quotations
-- matched on spans stripped of quotation marks and whitespace (>= 50% of the
-- longer span), attribution lenient / strict / mention / named.
--
-- One approximation: score.py's WORD_RE ([^\W\d_]+, Unicode letters) and
-- str.lower()/isupper() come from Python's Unicode database, which pure Lua
-- does not have. Letters (checked against Python 3.11 code point by code
-- point) are exact below U+0590 and from U+1E00 to U+3100 (Latin, IPA, Greek,
-- Cyrillic, Armenian, general punctuation, symbols, CJK punctuation: the
-- characters of news speakers); other scripts count their non-ASCII
-- characters as letters except the ranges in NOT_LETTER, so some of their
-- combining marks and digits differ. Lower case is mapped for the capitals
-- of Latin-1, Latin Extended-A and Additional, the common ones of Latin
-- Extended-B (pinyin, Romanian), Greek, Cyrillic and Armenian; not for rarer
-- letters, titlecase digraphs or Greek final sigma.
-- Deviations from score.py where score.py would crash (a missing gold field,
-- a non-number offset): the item is skipped instead.

local json = require "glean.json"

local M = {}
M.DEFAULT_LABELS = { "PERSON", "ORG", "MONEY" }

local null = json.null
local floor, max, min = math.floor, math.max, math.min
local format = string.format

-- JSON null reads as nil (Python's None).
local function val(x)
  if x == null then return nil end
  return x
end

local function is_num(x) return type(x) == "number" end

-- ---- loading and pairing ------------------------------------------------------

-- Reads JSON Lines from a file handle: a list of objects, and a list of
-- "line N: message" errors (blank lines are skipped, as score.py does).
function M.read(fh)
  local docs, errors, n = {}, {}, 0
  for line in fh:lines() do
    n = n + 1
    if n == 1 then line = line:gsub("^\239\187\191", "") end  -- BOM
    if line:find("%S") then
      local v, err = json.decode(line)
      if err then
        errors[#errors + 1] = format("line %d: %s", n, err)
      elseif type(v) ~= "table" or not line:find("^%s*{") then
        errors[#errors + 1] = format("line %d: not a JSON object", n)
      else
        docs[#docs + 1] = v
      end
    end
  end
  return docs, errors
end

-- Loads a JSON Lines file: docs, or nil and a message naming the bad lines.
function M.load(path)
  local fh, err = io.open(path, "rb")
  if not fh then return nil, err end
  local docs, errors = M.read(fh)
  fh:close()
  if #errors > 0 then
    return nil, path .. ": " .. table.concat(errors, "\n" .. path .. ": ")
  end
  return docs
end

-- Pairs each gold document with its system document (by id when every
-- system line has one, else by line order); a missing one is {}.
function M.pair_documents(gold, system, warn)
  local pairs_ = {}
  local all_ids = #system > 0
  for _, s in ipairs(system) do
    if s.id == nil then all_ids = false break end
  end
  if all_ids then
    local by_id, gold_ids, unknown, seen = {}, {}, 0, {}
    for _, s in ipairs(system) do by_id[s.id] = s end
    for _, g in ipairs(gold) do
      if g.id ~= nil then gold_ids[g.id] = true end
    end
    for _, s in ipairs(system) do
      if not gold_ids[s.id] and not seen[s.id] then
        seen[s.id] = true
        unknown = unknown + 1
      end
    end
    if unknown > 0 then
      warn(format("warning: %d system lines have ids not in gold", unknown))
    end
    for i, g in ipairs(gold) do
      pairs_[i] = { g, (g.id ~= nil and by_id[g.id]) or {} }
    end
    return pairs_
  end
  if #system ~= #gold then
    warn(format("warning: %d gold lines, %d system lines", #gold, #system))
  end
  for i, g in ipairs(gold) do pairs_[i] = { g, system[i] or {} } end
  return pairs_
end

-- ---- counting -----------------------------------------------------------------

local function prf(tp, n_gold, n_pred)
  local p = n_pred > 0 and tp / n_pred or (n_gold == 0 and 1.0 or 0.0)
  local r = n_gold > 0 and tp / n_gold or (n_pred == 0 and 1.0 or 0.0)
  local f = (p + r ~= 0) and 2 * p * r / (p + r) or 0.0
  return { precision = p, recall = r, f1 = f, gold = n_gold, pred = n_pred,
    tp = tp }
end
M.prf = prf

-- One-to-one matching, highest score first; ties broken by gold index then
-- prediction index, as Python sorts (-score, gi, pi). score(a, b) returns a
-- number or nil (no match). Returns a list of {gi, pi} (1-based).
local function greedy_match(golds, preds, score)
  local cands = {}
  for gi = 1, #golds do
    for pi = 1, #preds do
      local s = score(golds[gi], preds[pi])
      if s ~= nil then cands[#cands + 1] = { s, gi, pi } end
    end
  end
  table.sort(cands, function(a, b)
    if a[1] ~= b[1] then return a[1] > b[1] end
    if a[2] ~= b[2] then return a[2] < b[2] end
    return a[3] < b[3]
  end)
  local used_g, used_p, out = {}, {}, {}
  for _, c in ipairs(cands) do
    local gi, pi = c[2], c[3]
    if not used_g[gi] and not used_p[pi] then
      used_g[gi], used_p[pi] = true, true
      out[#out + 1] = { gi, pi }
    end
  end
  return out
end
M.greedy_match = greedy_match

local function overlap(a0, a1, b0, b1)
  return max(0, min(a1, b1) - max(a0, b0))
end

local function list(x)
  x = val(x)
  if type(x) ~= "table" then return {} end
  return x
end

-- {start, end} spans of a document's entities with this label.
local function spans_of(doc, label)
  local out = {}
  for _, e in ipairs(list(doc.entities)) do
    if type(e) == "table" and e.label == label and is_num(e.start)
        and is_num(e["end"]) then
      out[#out + 1] = { e.start, e["end"] }
    end
  end
  return out
end

-- Distinct spans shared by both lists (score.py: len(set(gs) & set(ps))).
local function exact_matches(gs, ps)
  local gold, seen, n = {}, {}, 0
  for _, g in ipairs(gs) do
    gold[g[1]] = gold[g[1]] or {}
    gold[g[1]][g[2]] = true
  end
  for _, p in ipairs(ps) do
    local row = gold[p[1]]
    if row and row[p[2]] then
      seen[p[1]] = seen[p[1]] or {}
      if not seen[p[1]][p[2]] then
        seen[p[1]][p[2]] = true
        n = n + 1
      end
    end
  end
  return n
end

local function span_overlap(a, b)
  local ov = overlap(a[1], a[2], b[1], b[2])
  if ov == 0 then return nil end
  return ov
end

local function score_entities(pairs_, labels)
  local present = {}
  for _, pair in ipairs(pairs_) do
    for _, e in ipairs(list(pair[1].entities)) do
      if type(e) == "table" and e.label ~= nil then present[e.label] = true end
    end
  end
  local scored, not_annotated = {}, {}
  for _, l in ipairs(labels) do
    if present[l] then scored[#scored + 1] = l
    else not_annotated[#not_annotated + 1] = l end
  end
  local result = { exact = {}, overlap = {}, not_annotated = not_annotated,
    scored = {} }  -- scored: the order of the labels (Python's dict order)
  local totals = { exact = { 0, 0, 0 }, overlap = { 0, 0, 0 } }
  local listed = {}
  for _, label in ipairs(scored) do
    local counts = { exact = { 0, 0, 0 }, overlap = { 0, 0, 0 } }
    for _, pair in ipairs(pairs_) do
      local gs, ps = spans_of(pair[1], label), spans_of(pair[2], label)
      local tps = { exact = exact_matches(gs, ps),
        overlap = #greedy_match(gs, ps, span_overlap) }
      for m, c in pairs(counts) do
        c[1], c[2], c[3] = c[1] + tps[m], c[2] + #gs, c[3] + #ps
      end
    end
    for m, c in pairs(counts) do
      result[m][label] = prf(c[1], c[2], c[3])
      for i = 1, 3 do totals[m][i] = totals[m][i] + c[i] end
    end
    if not listed[label] then
      listed[label] = true
      result.scored[#result.scored + 1] = label
    end
  end
  if #scored > 0 then
    for m, t in pairs(totals) do result[m].micro = prf(t[1], t[2], t[3]) end
    result.scored[#result.scored + 1] = "micro"
  end
  return result
end

-- ---- Unicode as score.py sees it (see the header for the approximation) ------

-- Code point at byte i and the index after it; an invalid byte gives -1.
local function next_cp(s, i)
  local n = json.utf8_seq_len(s, i)
  if not n then return -1, i + 1 end
  local c = s:byte(i)
  if n == 1 then return c, i + 1 end
  local cp = c % (2 ^ (7 - n))
  for k = 1, n - 1 do cp = cp * 64 + s:byte(i + k) % 64 end
  return floor(cp), i + n
end

-- Non-ASCII code point ranges that are not [^\W\d_] in Python: punctuation,
-- symbols, combining marks, digits, spaces, format and private-use
-- characters. Sorted; everything else at or above U+0080 is a letter.
local NOT_LETTER = {
  { 0x80, 0xA9 }, { 0xAB, 0xB1 }, { 0xB4, 0xB4 }, { 0xB6, 0xB8 },
  { 0xBB, 0xBB }, { 0xBF, 0xBF }, { 0xD7, 0xD7 }, { 0xF7, 0xF7 },
  { 0x2C2, 0x2C5 }, { 0x2D2, 0x2DF }, { 0x2E5, 0x2EB }, { 0x2ED, 0x2ED },
  { 0x2EF, 0x36F }, { 0x375, 0x375 }, { 0x378, 0x379 }, { 0x37E, 0x37E },
  { 0x380, 0x385 }, { 0x387, 0x387 }, { 0x38B, 0x38B }, { 0x38D, 0x38D },
  { 0x3A2, 0x3A2 }, { 0x3F6, 0x3F6 }, { 0x482, 0x489 }, { 0x530, 0x530 },
  { 0x557, 0x558 }, { 0x55A, 0x55F }, { 0x589, 0x5CF },       -- Armenian, Hebrew
  { 0x5EB, 0x5EE }, { 0x5F3, 0x61F }, { 0x64B, 0x66D },       -- Arabic
  { 0x670, 0x670 }, { 0x6D4, 0x6D4 }, { 0x6D6, 0x6E4 }, { 0x6E7, 0x6ED },
  { 0x6F0, 0x6F9 }, { 0x6FD, 0x6FE }, { 0x900, 0x903 }, { 0x93A, 0x93C },
  { 0x93E, 0x94F }, { 0x951, 0x957 }, { 0x962, 0x970 },       -- Devanagari
  { 0x1FBD, 0x1FBD }, { 0x1FBF, 0x1FC1 }, { 0x1FCD, 0x1FCF },  -- Greek Ext.
  { 0x1FDD, 0x1FDF }, { 0x1FED, 0x1FEF }, { 0x1FFD, 0x206F },  -- punctuation
  { 0x2072, 0x2073 }, { 0x207A, 0x207E }, { 0x208A, 0x208F },
  { 0x209D, 0x2101 }, { 0x2103, 0x2106 }, { 0x2108, 0x2109 },  -- symbols
  { 0x2114, 0x2114 }, { 0x2116, 0x2118 }, { 0x211E, 0x2123 },
  { 0x2125, 0x2125 }, { 0x2127, 0x2127 }, { 0x2129, 0x2129 },
  { 0x212E, 0x212E }, { 0x213A, 0x213B }, { 0x2140, 0x2144 },
  { 0x214A, 0x214D }, { 0x214F, 0x214F }, { 0x218A, 0x245F },
  { 0x249C, 0x24E9 },
  { 0x2500, 0x2775 }, { 0x2794, 0x2BFF }, { 0x2CE5, 0x2CEA },
  { 0x2CEF, 0x2CF1 }, { 0x2CF9, 0x2CFC }, { 0x2CFE, 0x2CFF },
  { 0x2D70, 0x2D70 }, { 0x2D7F, 0x2D7F },
  { 0x2DE0, 0x2E2E }, { 0x2E30, 0x3004 }, { 0x3008, 0x3020 },  -- CJK punct.
  { 0x302A, 0x3030 }, { 0x3036, 0x3037 }, { 0x303D, 0x3040 },
  { 0x3099, 0x309C }, { 0x30A0, 0x30A0 }, { 0x30FB, 0x30FB },
  { 0x31C0, 0x31EF }, { 0x3200, 0x33FF }, { 0x4DC0, 0x4DFF },
  { 0xA490, 0xA4CF }, { 0xA620, 0xA629 }, { 0xA670, 0xA67E },
  { 0xA6F0, 0xA6F7 }, { 0xA700, 0xA716 }, { 0xA720, 0xA721 },
  { 0xA789, 0xA78A }, { 0xD800, 0xF8FF }, { 0xFB1E, 0xFB1E },  -- private use
  { 0xFB29, 0xFB29 }, { 0xFD3E, 0xFD4F }, { 0xFDFC, 0xFDFF },
  { 0xFE00, 0xFE6F }, { 0xFEFF, 0xFF20 }, { 0xFF3B, 0xFF40 },  -- fullwidth
  { 0xFF5B, 0xFF65 }, { 0xFFE0, 0xFFFF }, { 0x1D000, 0x1D24F },
  { 0x1D7CE, 0x1D7FF }, { 0x1F000, 0x1FBFF }, { 0xE0000, 0x10FFFF },
}

local function is_letter(cp)
  if cp < 0x80 then
    return (cp >= 65 and cp <= 90) or (cp >= 97 and cp <= 122)
  end
  local lo, hi = 1, #NOT_LETTER
  while lo <= hi do
    local mid = floor((lo + hi) / 2)
    local r = NOT_LETTER[mid]
    if cp < r[1] then hi = mid - 1
    elseif cp > r[2] then lo = mid + 1
    else return false end
  end
  return true
end
M.is_letter = is_letter

-- Lower case of an upper-case letter, or nil (Latin, Greek, Cyrillic).
-- Ranges of { first, last, step, offset }: every step-th code point from
-- first maps to itself + offset.
local LOWER = {
  { 0x41, 0x5A, 1, 32 }, { 0xC0, 0xD6, 1, 32 }, { 0xD8, 0xDE, 1, 32 },
  { 0x100, 0x12E, 2, 1 }, { 0x132, 0x136, 2, 1 }, { 0x139, 0x147, 2, 1 },
  { 0x14A, 0x176, 2, 1 }, { 0x178, 0x178, 1, -121 }, { 0x179, 0x17D, 2, 1 },
  { 0x1A0, 0x1A4, 2, 1 }, { 0x1CD, 0x1DB, 2, 1 }, { 0x1DE, 0x1EE, 2, 1 },
  { 0x1F8, 0x21E, 2, 1 }, { 0x222, 0x232, 2, 1 }, { 0x246, 0x24E, 2, 1 },
  { 0x386, 0x386, 1, 38 }, { 0x388, 0x38A, 1, 37 }, { 0x38C, 0x38C, 1, 64 },
  { 0x38E, 0x38F, 1, 63 }, { 0x391, 0x3A1, 1, 32 }, { 0x3A3, 0x3AB, 1, 32 },
  { 0x3D8, 0x3EE, 2, 1 }, { 0x400, 0x40F, 1, 80 }, { 0x410, 0x42F, 1, 32 },
  { 0x460, 0x480, 2, 1 }, { 0x48A, 0x4BE, 2, 1 }, { 0x4C0, 0x4C0, 1, 15 },
  { 0x4C1, 0x4CD, 2, 1 }, { 0x4D0, 0x52E, 2, 1 }, { 0x531, 0x556, 1, 48 },
  { 0x1E00, 0x1E94, 2, 1 }, { 0x1E9E, 0x1E9E, 1, -7615 },
  { 0x1EA0, 0x1EFE, 2, 1 }, { 0x1F08, 0x1F0F, 1, -8 }, { 0x1F18, 0x1F1D, 1, -8 },
  { 0x1F28, 0x1F2F, 1, -8 }, { 0x1F38, 0x1F3F, 1, -8 }, { 0x1F48, 0x1F4D, 1, -8 },
  { 0x1F59, 0x1F5F, 2, -8 }, { 0x1F68, 0x1F6F, 1, -8 },
}

local function lower_cp(cp)
  for _, r in ipairs(LOWER) do
    if cp >= r[1] and cp <= r[2] and (cp - r[1]) % r[3] == 0 then
      return cp + r[4]
    end
    if cp < r[1] then return nil end
  end
  return nil
end

-- The code points of the last run of letters in s (WORD_RE.findall(s)[-1]).
local function last_word_cps(s)
  if type(s) ~= "string" then return nil end
  local word, cur, i = nil, nil, 1
  while i <= #s do
    local cp
    cp, i = next_cp(s, i)
    if cp >= 0 and is_letter(cp) then
      cur = cur or {}
      cur[#cur + 1] = cp
    elseif cur then
      word, cur = cur, nil
    end
  end
  return cur or word
end

-- score.py's last_word: the last word of the speaker, lower-cased, or nil.
local function last_word(speaker)
  local cps = last_word_cps(speaker)
  if not cps then return nil end
  local out = {}
  for k, cp in ipairs(cps) do
    if cp == 0x130 then out[k] = "i\204\135"  -- İ lowers to i + U+0307
    else out[k] = json.utf8_char(lower_cp(cp) or cp) end
  end
  return table.concat(out)
end
M.last_word = last_word

local PRONOUNS = { he = true, she = true, they = true, i = true, we = true,
  you = true, it = true, him = true, her = true, them = true, us = true,
  me = true }

-- score.py's is_named: the last word starts with a capital, not a pronoun.
local function is_named(speaker)
  local cps = last_word_cps(speaker)
  if not cps then return false end
  local first = cps[1]
  local upper = first == 0x130 or lower_cp(first) ~= nil
  return upper and not PRONOUNS[last_word(speaker)]
end
M.is_named = is_named

-- Python's str.isspace(), which str.split() splits on.
local function is_space(cp)
  return (cp >= 9 and cp <= 13) or (cp >= 28 and cp <= 32) or cp == 0x85
    or cp == 0xA0 or cp == 0x1680 or (cp >= 0x2000 and cp <= 0x200A)
    or cp == 0x2028 or cp == 0x2029 or cp == 0x202F or cp == 0x205F
    or cp == 0x3000
end

-- score.py's norm: whitespace collapsed; nil for nil or "".
local function norm(s)
  if type(s) ~= "string" or s == "" then return nil end
  local words, i, from = {}, 1, nil
  while i <= #s do
    local cp, j = next_cp(s, i)
    if is_space(cp) then
      if from then words[#words + 1] = s:sub(from, i - 1) end
      from = nil
    elseif not from then
      from = i
    end
    i = j
  end
  if from then words[#words + 1] = s:sub(from) end
  return table.concat(words, " ")
end
M.norm = norm

-- ---- quotations -----------------------------------------------------------------

-- Characters score.py strips from both ends of a quotation span.
local STRIP = { '"', "'", "`", " ", "\t", "\r", "\n", "\226\128\156",
  "\226\128\157", "\226\128\152", "\226\128\153", "\194\171", "\194\187",
  "\226\128\158", "\226\128\159", "\226\128\185", "\226\128\186",
  "\226\128\154", "\226\128\155" }

-- Python's data[start:end] as a Lua string.
local function py_slice(data, i, j)
  local n = #data
  local function clamp(k)
    if k < 0 then return max(k + n, 0) end
    return min(k, n)
  end
  i, j = clamp(i), clamp(j)
  if j <= i then return "" end
  return data:sub(i + 1, j)
end

-- Bytes of strip characters at the start (from_end false) or end of t.
-- Working on bytes gives what score.py's decode/strip/encode gives: every
-- strip character is whole and valid, and no invalid sequence can absorb a
-- lead byte, so the decoded text starts (ends) with the same characters.
local function strip_len(t, from_end)
  local pos, n = from_end and #t or 1, 0
  local left = #t
  while left > 0 do
    local hit
    for _, m in ipairs(STRIP) do
      if #m <= left then
        local piece = from_end and t:sub(pos - #m + 1, pos) or t:sub(pos, pos + #m - 1)
        if piece == m then hit = #m break end
      end
    end
    if not hit then break end
    n, left = n + hit, left - hit
    pos = from_end and pos - hit or pos + hit
  end
  return n
end

-- score.py's stripped_span: the span without quotation marks and whitespace
-- at either end, or the span itself when nothing would remain.
local function stripped_span(data, start, stop)
  local t = py_slice(data, start, stop)
  local s = start + strip_len(t, false)
  local trail = strip_len(t, true)
  local e = trail > 0 and stop - trail or stop
  if e > s then return { s, e } end
  return { start, stop }
end
M.stripped_span = stripped_span

local function quote_score(a, b)
  local ov = overlap(a[1], a[2], b[1], b[2])
  local longer = max(a[2] - a[1], b[2] - b[1])
  if longer ~= 0 and ov >= 0.5 * longer then return ov / longer end
  return nil
end

local function score_quotes(pairs_, direct_only)
  local any = false
  for _, pair in ipairs(pairs_) do
    if #list(pair[1].quotes) > 0 then any = true break end
  end
  if not any then return nil end
  local n_gold, n_pred, matched = 0, 0, 0
  local lenient, strict, named_total, named_ok, mention = 0, 0, 0, 0, 0
  for _, pair in ipairs(pairs_) do
    local g, s = pair[1], pair[2]
    local data = type(g.text) == "string" and g.text or ""
    local gq, pq = {}, {}
    for _, q in ipairs(list(g.quotes)) do
      if type(q) == "table" and is_num(q.start) and is_num(q["end"]) then
        gq[#gq + 1] = q
      end
    end
    for _, q in ipairs(list(s.quotes)) do
      if type(q) == "table" and is_num(q.start) and is_num(q["end"]) then
        pq[#pq + 1] = q
      end
    end
    local gspans, pspans = {}, {}
    for i, q in ipairs(gq) do gspans[i] = stripped_span(data, q.start, q["end"]) end
    for i, q in ipairs(pq) do pspans[i] = stripped_span(data, q.start, q["end"]) end
    local pairs_q = greedy_match(gspans, pspans, quote_score)
    if direct_only then
      local kept, n_partial, n_ignored = {}, 0, 0
      for _, q in ipairs(gq) do
        if q.kind == "partial" then n_partial = n_partial + 1 end
      end
      for _, gp in ipairs(pairs_q) do
        if gq[gp[1]].kind == "partial" then n_ignored = n_ignored + 1
        else kept[#kept + 1] = gp end
      end
      pairs_q = kept
      n_gold = n_gold + #gq - n_partial
      n_pred = n_pred + #pq - n_ignored
    else
      n_gold, n_pred = n_gold + #gq, n_pred + #pq
    end
    matched = matched + #pairs_q
    for _, gp in ipairs(pairs_q) do
      local gqi, pqi = gq[gp[1]], pq[gp[2]]
      local gs, ps = val(gqi.speaker), val(pqi.speaker)
      local ok = last_word(gs) == last_word(ps)
      if ok then lenient = lenient + 1 end
      local g0, g1 = val(gqi.speaker_start), val(gqi.speaker_end)
      local p0, p1 = val(pqi.speaker_start), val(pqi.speaker_end)
      local meet = is_num(g0) and is_num(g1) and is_num(p0) and is_num(p1)
        and overlap(g0, g1, p0, p1) > 0
      if ok or meet then mention = mention + 1 end
      if norm(gs) == norm(ps) then strict = strict + 1 end
      if is_named(gs) then
        named_total = named_total + 1
        if ok then named_ok = named_ok + 1 end
      end
    end
  end
  local function ratio(a, b) return b > 0 and a / b or 0.0 end
  return {
    extraction = prf(matched, n_gold, n_pred),
    attribution = { matched = matched, lenient = ratio(lenient, matched),
      strict = ratio(strict, matched), mention = ratio(mention, matched),
      named_matched = named_total, named_lenient = ratio(named_ok, named_total) },
    direct_only = direct_only and true or false,
  }
end

-- Scores system documents against gold ones. opts: labels (list, default
-- PERSON, ORG, MONEY), direct_only, warn(message) for pairing warnings.
-- The result has score.py's fields, plus entities.scored, the label order.
function M.score(gold, system, opts)
  opts = opts or {}
  local pairs_ = M.pair_documents(gold, system, opts.warn or function() end)
  return {
    documents = #pairs_,
    entities = score_entities(pairs_, opts.labels or M.DEFAULT_LABELS),
    quotes = score_quotes(pairs_, opts.direct_only),
  }
end

-- ---- output ---------------------------------------------------------------------

-- Python's f"{s:<width}" (width in characters).
local function ljust(s, width)
  local chars = #s - select(2, s:gsub("[\128-\191]", ""))
  return s .. string.rep(" ", width - chars)
end

local function row(label, m)
  return format("  %s%9.4f%8.4f%7.4f%8d%8d%8d", ljust(label, 22), m.precision,
    m.recall, m.f1, m.gold, m.pred, m.tp)
end

-- score.py's format_table, character for character (no final newline).
function M.format_table(res)
  local lines = { "documents: " .. format("%d", res.documents) }
  local ents = res.entities
  for _, mode in ipairs({ "exact", "overlap" }) do
    if next(ents[mode]) ~= nil then
      lines[#lines + 1] = format("\nentities (%s match)   precision  recall     f1"
        .. "    gold    pred      tp", mode)
      for _, label in ipairs(ents.scored) do
        lines[#lines + 1] = row(label, ents[mode][label])
      end
    end
  end
  if #ents.not_annotated > 0 then
    lines[#lines + 1] = "\nnot annotated in gold (not scored): "
      .. table.concat(ents.not_annotated, ", ")
  end
  local q = res.quotes
  if q then
    local title = q.direct_only and "quotes (direct only)" or "quotes"
    lines[#lines + 1] = "\n" .. ljust(title, 26) .. "precision  recall     f1"
      .. "    gold    pred matched"
    lines[#lines + 1] = row("extraction (>=50%)", q.extraction)
    local a = q.attribution
    lines[#lines + 1] = format("\nattribution over %d matched quotes: "
      .. "lenient (last word) %.4f, strict (exact) %.4f, "
      .. "mention (last word or speaker span) %.4f; "
      .. "named gold speakers (%d): %.4f", a.matched, a.lenient, a.strict,
      a.mention, a.named_matched, a.named_lenient)
  end
  return table.concat(lines, "\n")
end

-- Python's repr of a float: shortest text that reads back the same.
local function py_float(x)
  if x == floor(x) and math.abs(x) < 1e16 then return format("%d.0", x) end
  for digits = 1, 17 do
    local s = format("%." .. digits .. "g", x)
    if tonumber(s) == x then return s end
  end
end

-- Python's json string (ensure_ascii): non-ASCII as \uXXXX.
local function py_string(s)
  local out, i = {}, 1
  while i <= #s do
    local cp
    cp, i = next_cp(s, i)
    if cp < 0 then cp = 0xFFFD end
    if cp == 34 then out[#out + 1] = '\\"'
    elseif cp == 92 then out[#out + 1] = "\\\\"
    elseif cp >= 32 and cp < 127 then out[#out + 1] = string.char(cp)
    elseif cp == 10 then out[#out + 1] = "\\n"
    elseif cp == 13 then out[#out + 1] = "\\r"
    elseif cp == 9 then out[#out + 1] = "\\t"
    elseif cp == 8 then out[#out + 1] = "\\b"
    elseif cp == 12 then out[#out + 1] = "\\f"
    elseif cp < 0x10000 then out[#out + 1] = format("\\u%04x", cp)
    else
      cp = cp - 0x10000
      out[#out + 1] = format("\\u%04x\\u%04x", 0xD800 + floor(cp / 0x400),
        0xDC00 + cp % 0x400)
    end
  end
  return '"' .. table.concat(out) .. '"'
end

local PRF_KEYS = { { "precision", "f" }, { "recall", "f" }, { "f1", "f" },
  { "gold", "i" }, { "pred", "i" }, { "tp", "i" } }
local ATTR_KEYS = { { "matched", "i" }, { "lenient", "f" }, { "strict", "f" },
  { "mention", "f" }, { "named_matched", "i" }, { "named_lenient", "f" } }

-- json.dumps(indent=2) of an ordered object: fields is a list of
-- { key, text-producing function(indent) }.
local function py_object(fields, ind)
  if #fields == 0 then return "{}" end
  local pad = string.rep(" ", ind + 2)
  local parts = {}
  for i, f in ipairs(fields) do
    parts[i] = pad .. py_string(f[1]) .. ": " .. f[2](ind + 2)
  end
  return "{\n" .. table.concat(parts, ",\n") .. "\n" .. string.rep(" ", ind) .. "}"
end

local function scalar_fields(t, keys)
  local fields = {}
  for i, k in ipairs(keys) do
    local v = t[k[1]]
    local text = k[2] == "f" and py_float(v) or format("%d", v)
    fields[i] = { k[1], function() return text end }
  end
  return fields
end

local function prf_json(m)
  return function(ind) return py_object(scalar_fields(m, PRF_KEYS), ind) end
end

local function string_list(items)
  return function(ind)
    if #items == 0 then return "[]" end
    local pad, parts = string.rep(" ", ind + 2), {}
    for i, s in ipairs(items) do parts[i] = pad .. py_string(s) end
    return "[\n" .. table.concat(parts, ",\n") .. "\n" .. string.rep(" ", ind) .. "]"
  end
end

-- The text of score.py --json (json.dumps(res, indent=2)).
function M.to_json(res)
  local ents = res.entities
  local function mode_fields(mode)
    local fields = {}
    for _, label in ipairs(ents.scored) do
      fields[#fields + 1] = { label, prf_json(ents[mode][label]) }
    end
    return function(ind) return py_object(fields, ind) end
  end
  local entities = { { "exact", mode_fields("exact") },
    { "overlap", mode_fields("overlap") },
    { "not_annotated", string_list(ents.not_annotated) } }
  local quotes = function() return "null" end
  local q = res.quotes
  if q then
    local qf = { { "extraction", prf_json(q.extraction) },
      { "attribution", function(ind)
        return py_object(scalar_fields(q.attribution, ATTR_KEYS), ind) end },
      { "direct_only", function() return q.direct_only and "true" or "false" end } }
    quotes = function(ind) return py_object(qf, ind) end
  end
  return py_object({
    { "documents", function() return format("%d", res.documents) end },
    { "entities", function(ind) return py_object(entities, ind) end },
    { "quotes", quotes } }, 0)
end

return M
