-- json.lua — JSON for glean: lua-cjson's decoder when installed, else a small
-- pure-Lua one; always our own encoder (valid UTF-8 out, stable key order),
-- run in C by glean.core.json_encode when the module is built (the same
-- bytes; the Lua encoder below is the reference and the fallback).
--
--   json.decode(s)     -> value | nil, "invalid JSON at byte N: ..."
--   json.encode(v)     -> compact JSON text
--   json.null          the value JSON null decodes to (a key holding null is
--                      still present, as in Python: `"id" in s`)
--   json.members(s)    raw top-level members of an object text, for splicing
--   json.number(n)     how numbers are written (integers without ".0")
--
-- Why our own encoder even with cjson: cjson 2.1.0 (Debian 12) writes "/" as
-- "\/", cannot tell an empty array from an empty object and prints numbers
-- with 14 digits; we want [] for empty lists, exact numbers and readable keys.

local M = {}

local has_cjson, cjson = pcall(require, "cjson")
if has_cjson then
  -- A private instance: settings of other users of cjson do not leak in.
  cjson = cjson.new and cjson.new() or cjson
  M.null = cjson.null
else
  M.null = setmetatable({}, { __tostring = function() return "null" end })
end
M.backend = has_cjson and "cjson" or "lua"

local byte, char, sub, find, format = string.byte, string.char, string.sub,
  string.find, string.format
local concat = table.concat

-- ---- UTF-8 helpers --------------------------------------------------------

-- The UTF-8 bytes of code point cp.
local function utf8_char(cp)
  if cp < 0x80 then return char(cp) end
  if cp < 0x800 then
    return char(0xC0 + math.floor(cp / 0x40), 0x80 + cp % 0x40)
  end
  if cp < 0x10000 then
    return char(0xE0 + math.floor(cp / 0x1000),
      0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
  end
  return char(0xF0 + math.floor(cp / 0x40000),
    0x80 + math.floor(cp / 0x1000) % 0x40,
    0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
end
M.utf8_char = utf8_char

-- Length of the valid UTF-8 sequence at i (1..4), or nil when invalid
-- (overlong forms, surrogates and code points past U+10FFFF are invalid).
local function seq_len(s, i)
  local c = byte(s, i)
  if c < 0x80 then return 1 end
  local n, lo, hi = nil, 0x80, 0xBF
  if c >= 0xC2 and c <= 0xDF then n = 2
  elseif c >= 0xE0 and c <= 0xEF then
    n = 3
    if c == 0xE0 then lo = 0xA0 elseif c == 0xED then hi = 0x9F end
  elseif c >= 0xF0 and c <= 0xF4 then
    n = 4
    if c == 0xF0 then lo = 0x90 elseif c == 0xF4 then hi = 0x8F end
  else return nil end
  local c2 = byte(s, i + 1)
  if not c2 or c2 < lo or c2 > hi then return nil end
  for k = 2, n - 1 do
    local ck = byte(s, i + k)
    if not ck or ck < 0x80 or ck > 0xBF then return nil end
  end
  return n
end
M.utf8_seq_len = seq_len

-- utf8.len of Lua 5.4 checks a whole string in C and rejects exactly what
-- seq_len rejects (overlong forms, surrogates, past U+10FFFF); Lua 5.3's
-- accepts surrogates and LuaJIT has none, so it is used only when it
-- passes those checks.
local utf8_len = utf8 and utf8.len
if not (utf8_len and utf8_len("\237\160\128") == nil and
    utf8_len("\244\144\128\128") == nil and utf8_len("\192\175") == nil and
    utf8_len("\226\128\156") == 1) then
  utf8_len = nil
end

-- s with every invalid byte replaced by U+FFFD; s itself when valid.
-- Linear: jumps from one non-ASCII byte to the next with string.find.
local function valid_utf8(s)
  local i = find(s, "[\128-\255]")
  if not i then return s end
  if utf8_len and utf8_len(s) then return s end
  local parts, from = {}, 1
  while i do
    local n = seq_len(s, i)
    if n then
      i = find(s, "[\128-\255]", i + n)
    else
      parts[#parts + 1] = sub(s, from, i - 1)
      parts[#parts + 1] = "\239\191\189"
      from = i + 1
      i = find(s, "[\128-\255]", i + 1)
    end
  end
  if from == 1 then return s end
  parts[#parts + 1] = sub(s, from)
  return concat(parts)
end
M.valid_utf8 = valid_utf8

-- ---- encoder ----------------------------------------------------------------

local ESCAPES = { ['"'] = '\\"', ["\\"] = "\\\\", ["\b"] = "\\b",
  ["\f"] = "\\f", ["\n"] = "\\n", ["\r"] = "\\r", ["\t"] = "\\t" }
-- The replacement of every character that '[%c"\\]' matches, as a table
-- so that gsub needs no Lua call per character.
local ESCAPE = {}
for b = 0, 255 do
  local c = char(b)
  if find(c, '[%c"\\]') then
    ESCAPE[c] = ESCAPES[c] or format("\\u%04x", b)
  end
end

local function encode_string(s)
  if find(s, '[%c"\\\128-\255]') then
    s = valid_utf8(s):gsub('[%c"\\]', ESCAPE)
  end
  return '"' .. s .. '"'
end
M.encode_string = encode_string

-- Integers print without a fraction (LuaJIT and cjson give only doubles);
-- other numbers with the fewest digits that read back the same.
-- NaN and infinities have no JSON form and become null.
local mtype = math.type  -- nil in LuaJIT
local LIMIT = 2^53
local function number(n)
  if mtype and mtype(n) == "integer" and n > -LIMIT and n < LIMIT then
    return tostring(n)
  end
  if n ~= n or n == math.huge or n == -math.huge then return "null" end
  if n == math.floor(n) and n > -2^53 and n < 2^53 then
    return format("%d", n)
  end
  for digits = 15, 17 do
    local s = format("%." .. digits .. "g", n)
    if tonumber(s) == n then return s end
  end
  return format("%.17g", n)
end
M.number = number

-- Keys written first, in this order; the rest follow sorted, so the output
-- is the same on every run and in every Lua.
M.KEY_ORDER = { "file", "line", "label", "text", "start", "end", "id", "kind",
  "speaker", "speaker_id", "speaker_start", "speaker_end", "cue", "entities",
  "quotes" }
local KEY_RANK = {}
for i, k in ipairs(M.KEY_ORDER) do KEY_RANK[k] = i end

local function key_before(a, b)
  local ra, rb = KEY_RANK[a], KEY_RANK[b]
  if ra and rb then return ra < rb end
  if ra or rb then return ra ~= nil end
  return a < b
end

-- Encoded object keys and short string values, cached: results repeat
-- the same keys, labels, rule names and cue words thousands of times. A
-- key is cached with what stands before it: `{"key":` opens an object,
-- `,"key":` follows a member. Each cache is bounded so that arbitrary user
-- data cannot grow it without end; past the bound strings are simply
-- encoded each time.
local CACHE_MAX, SHORT = 4096, 40
local key_open, key_next, key_count = {}, {}, 0
local function encode_key(k, sep)
  local s = (sep == "{" and key_open or key_next)[k]
  if s then return s end
  local body = encode_string(k) .. ":"
  if key_count < CACHE_MAX then
    key_open[k], key_next[k] = "{" .. body, "," .. body
    key_count = key_count + 1
  end
  return sep .. body
end
local str_json, str_count = {}, 0
local function encode_short(v)
  local s = str_json[v]
  if s then return s end
  s = encode_string(v)
  if str_count < CACHE_MAX then str_json[v], str_count = s, str_count + 1 end
  return s
end

-- The encoder appends pieces to buf and passes the count of pieces along
-- (cheaper than #buf on every append).
local encode_value

-- An object whose keys are not all strings: number keys are written as
-- strings and every key sorted with key_before.
local function encode_mixed(t, buf, n, depth)
  local keys = {}
  for k in pairs(t) do
    local tk = type(k)
    if tk == "number" then k = number(k)
    elseif tk ~= "string" then
      error("glean: cannot encode a " .. tk .. " key as JSON", 0)
    end
    keys[#keys + 1] = k
  end
  table.sort(keys, key_before)
  local sep = "{"
  for _, k in ipairs(keys) do
    n = n + 1
    buf[n] = encode_key(k, sep)
    sep = ","
    local v = t[k]
    if v == nil then v = t[tonumber(k)] end
    n = encode_value(v, buf, n, depth + 1)
  end
  n = n + 1
  buf[n] = "}"
  return n
end

local KEY_ORDER, NKEYS = M.KEY_ORDER, #M.KEY_ORDER

-- One member value; short strings and integers (most of a result) without
-- a call to encode_value.
local function member(v, buf, n, depth)
  local tv = type(v)
  if tv == "string" and #v <= SHORT then
    local s = str_json[v]
    n = n + 1
    buf[n] = s or encode_short(v)
    return n
  end
  return encode_value(v, buf, n, depth)
end

local function encode_table(t, buf, n, depth)
  if depth > 200 then error("glean: cannot encode: nested too deeply", 0) end
  -- An empty table is written as [] (results hold lists far more often).
  if t[1] ~= nil or next(t) == nil then
    n = n + 1
    buf[n] = "["
    for i = 1, #t do
      if i > 1 then n = n + 1 buf[n] = "," end
      n = encode_value(t[i], buf, n, depth + 1)
    end
    n = n + 1
    buf[n] = "]"
    return n
  end
  -- The keys of KEY_ORDER first, in that order, then the others sorted:
  -- the order of key_before without sorting the well-known keys.
  local rest, nrest = nil, 0
  for k in pairs(t) do
    if type(k) ~= "string" then return encode_mixed(t, buf, n, depth) end
    if not KEY_RANK[k] then
      nrest = nrest + 1
      if nrest == 1 then rest = { k } else rest[nrest] = k end
    end
  end
  local heads = key_open
  for i = 1, NKEYS do
    local k = KEY_ORDER[i]
    local v = t[k]
    if v ~= nil then
      n = n + 1
      buf[n] = heads[k] or encode_key(k, heads == key_open and "{" or ",")
      n = member(v, buf, n, depth + 1)
      heads = key_next
    end
  end
  if nrest > 1 then table.sort(rest) end
  for i = 1, nrest do
    local k = rest[i]
    n = n + 1
    buf[n] = heads[k] or encode_key(k, heads == key_open and "{" or ",")
    n = member(t[k], buf, n, depth + 1)
    heads = key_next
  end
  n = n + 1
  buf[n] = "}"
  return n
end

function encode_value(v, buf, n, depth)
  local tv = type(v)
  n = n + 1
  if tv == "string" then
    buf[n] = #v <= SHORT and encode_short(v) or encode_string(v)
  elseif tv == "number" then buf[n] = number(v)
  elseif tv == "boolean" then buf[n] = v and "true" or "false"
  elseif v == nil or v == M.null then buf[n] = "null"
  elseif tv == "table" then return encode_table(v, buf, n - 1, depth)
  else error("glean: cannot encode a " .. tv .. " value as JSON", 0) end
  return n
end

local function encode_lua(v)
  local buf = {}
  encode_value(v, buf, 0, 0)
  return concat(buf)
end
M.encode_lua = encode_lua  -- exposed so that both encoders can be tested

-- The C encoder of glean.core writes the same bytes in one pass; it
-- declines (nil) what only the code above handles (metatables, keys that
-- are not strings, values with no JSON form, very deep nesting), and the
-- module works without the compiled core too.
local has_core, core = pcall(require, "glean.core")
local c_encode = has_core and type(core) == "table" and core.json_encode

if c_encode then
  function M.encode(v)
    return c_encode(v, KEY_ORDER, M.null) or encode_lua(v)
  end
  -- A string is always within the C encoder's reach (a whole text for
  -- JSON Lines output, say).
  function M.encode_string(s)
    if type(s) ~= "string" then return encode_string(s) end
    return c_encode(s, KEY_ORDER, M.null)
  end
else
  M.encode = encode_lua
end

-- ---- pure-Lua decoder -------------------------------------------------------

local MAX_DEPTH = 1000  -- as cjson: deep nesting is an error, not a crash

local function fail(pos, msg)
  error({ pos = pos, msg = msg }, 0)
end

local function skip_ws(s, i)
  return find(s, "[^ \t\r\n]", i) or #s + 1
end

local function what_at(s, i)
  if i > #s then return "end of input" end
  return format("'%s'", sub(s, i, i))
end

local function hex4(s, i)
  local h = sub(s, i, i + 3)
  if not h:find("^%x%x%x%x$") then fail(i, "bad \\u escape") end
  return tonumber(h, 16)
end

-- Parses the string whose opening quote is at i; returns value, next index.
local function parse_string(s, i)
  local parts, from = {}, i + 1
  while true do
    local j = find(s, '["\\%c]', from)
    if not j then fail(i, "unterminated string") end
    local c = byte(s, j)
    if c == 34 then  -- closing quote
      parts[#parts + 1] = sub(s, from, j - 1)
      return valid_utf8(concat(parts)), j + 1
    elseif c == 92 then  -- backslash
      parts[#parts + 1] = sub(s, from, j - 1)
      local e = sub(s, j + 1, j + 1)
      local simple = ({ ['"'] = '"', ["\\"] = "\\", ["/"] = "/", b = "\b",
        f = "\f", n = "\n", r = "\r", t = "\t" })[e]
      if simple then
        parts[#parts + 1] = simple
        from = j + 2
      elseif e == "u" then
        local cp = hex4(s, j + 2)
        from = j + 6
        if cp >= 0xD800 and cp <= 0xDBFF and sub(s, from, from + 1) == "\\u" then
          local lo = hex4(s, from + 2)
          if lo >= 0xDC00 and lo <= 0xDFFF then
            cp = 0x10000 + (cp - 0xD800) * 0x400 + (lo - 0xDC00)
            from = from + 6
          end
        end
        -- A lone surrogate has no UTF-8 form.
        if cp >= 0xD800 and cp <= 0xDFFF then cp = 0xFFFD end
        parts[#parts + 1] = utf8_char(cp)
      else
        fail(j, "bad escape \\" .. e)
      end
    elseif c == 127 then  -- DEL is allowed raw in JSON strings
      parts[#parts + 1] = sub(s, from, j)
      from = j + 1
    else
      fail(j, "control character in string")
    end
  end
end

local parse_value

local function parse_number(s, i)
  local j = i
  if sub(s, j, j) == "-" then j = j + 1 end
  local int = s:match("^%d+", j)
  if not int or (#int > 1 and sub(int, 1, 1) == "0") then
    fail(i, "bad number")
  end
  j = j + #int
  local frac = s:match("^%.%d+", j)
  if frac then j = j + #frac end
  local exp = s:match("^[eE][-+]?%d+", j)
  if exp then j = j + #exp end
  return tonumber(sub(s, i, j - 1)), j
end

local LITERALS = { t = { "true", true }, f = { "false", false },
  n = { "null", nil } }

local function parse_container(s, i, depth, close)
  if depth > MAX_DEPTH then fail(i, "nested too deeply") end
  local t, n = {}, 0
  i = skip_ws(s, i + 1)
  if sub(s, i, i) == close then return t, i + 1 end
  while true do
    if close == "}" then
      if sub(s, i, i) ~= '"' then
        fail(i, "expected a string key, found " .. what_at(s, i))
      end
      local key
      key, i = parse_string(s, i)
      i = skip_ws(s, i)
      if sub(s, i, i) ~= ":" then
        fail(i, "expected ':', found " .. what_at(s, i))
      end
      local v
      v, i = parse_value(s, skip_ws(s, i + 1), depth + 1)
      t[key] = v
    else
      local v
      v, i = parse_value(s, i, depth + 1)
      n = n + 1
      t[n] = v
    end
    i = skip_ws(s, i)
    local c = sub(s, i, i)
    if c == close then return t, i + 1 end
    if c ~= "," then
      fail(i, format("expected ',' or '%s', found %s", close, what_at(s, i)))
    end
    i = skip_ws(s, i + 1)
  end
end

function parse_value(s, i, depth)
  local c = sub(s, i, i)
  if c == "{" then return parse_container(s, i, depth, "}") end
  if c == "[" then return parse_container(s, i, depth, "]") end
  if c == '"' then return parse_string(s, i) end
  if c == "-" or c:find("^%d") then return parse_number(s, i) end
  local lit = LITERALS[c]
  if lit and sub(s, i, i + #lit[1] - 1) == lit[1] then
    local v = lit[2]
    if c == "n" then v = M.null end
    return v, i + #lit[1]
  end
  if lit then fail(i, "invalid literal, expected " .. lit[1]) end
  fail(i, "expected a value, found " .. what_at(s, i))
end

-- The pure-Lua decoder, exposed so that both decoders can be tested.
function M.decode_lua(s)
  if type(s) ~= "string" then return nil, "expected a string to decode" end
  local ok, v = pcall(function()
    local value, i = parse_value(s, skip_ws(s, 1), 0)
    i = skip_ws(s, i)
    if i <= #s then fail(i, "unexpected " .. what_at(s, i) .. " after the value") end
    return value
  end)
  if ok then return v end
  if type(v) == "table" then
    return nil, format("invalid JSON at byte %d: %s", v.pos, v.msg)
  end
  return nil, "invalid JSON: " .. tostring(v)
end

if has_cjson then
  function M.decode(s)
    local ok, v = pcall(cjson.decode, s)
    if ok then return v end
    -- cjson: "Expected value but found invalid token at character 1"
    return nil, "invalid JSON: " .. tostring(v):gsub("^.-:%d+: ", "")
  end
else
  M.decode = M.decode_lua
end

-- ---- raw members, for rewriting an object without re-encoding it -----------

-- Index just past the string whose opening quote is at i.
local function skip_string(s, i)
  local j = i + 1
  while true do
    j = find(s, '["\\]', j)
    if not j then return #s + 1 end
    if byte(s, j) == 34 then return j + 1 end
    j = j + 2
  end
end

-- Index just past the value starting at i (s is known to be valid JSON).
local function skip_value(s, i)
  local c = byte(s, i)
  if c == 34 then return skip_string(s, i) end
  if c ~= 123 and c ~= 91 then return find(s, "[%s,%]}]", i) or #s + 1 end
  local depth, j = 0, i
  while true do
    j = find(s, '["{}%[%]]', j)
    if not j then return #s + 1 end
    c = byte(s, j)
    if c == 34 then j = skip_string(s, j)
    else
      depth = depth + ((c == 123 or c == 91) and 1 or -1)
      j = j + 1
      if depth == 0 then return j end
    end
  end
end

-- For the text of a JSON object that decode accepted: a list of
-- { key = decoded key, head = raw `"key":`, value = raw value text }, in
-- source order.
-- Returns nil when the text is not an object. Cost is linear in the text and
-- proportional to the number of strings and brackets, never per byte in Lua.
function M.members(s)
  local i = skip_ws(s, 1)
  if byte(s, i) ~= 123 then return nil end
  local out = {}
  i = skip_ws(s, i + 1)
  while byte(s, i) == 34 do
    local key_end = skip_string(s, i)
    local raw_key = sub(s, i + 1, key_end - 2)
    local key = raw_key
    if find(raw_key, "\\", 1, true) then key = M.decode_lua('"' .. raw_key .. '"') end
    local v = skip_ws(s, skip_ws(s, key_end) + 1)  -- past ':'
    local v_end = skip_value(s, v)
    out[#out + 1] = { key = key, head = '"' .. raw_key .. '":',
      value = sub(s, v, v_end - 1) }
    i = skip_ws(s, v_end)
    if byte(s, i) ~= 44 then break end  -- ','
    i = skip_ws(s, i + 1)
  end
  return out
end

return M
