-- people_lists.lua — people named in comma lists: team sheets, fields of
-- players, casts ("Healy (captain), Michael Bevan, Damien Fleming, Jason
-- Gillespie"). The person pack finds some of them; the others of such a
-- list have the same shape and are people too. Used by the person pack's
-- finish (through names.resolve), once per text; it reads the bytes near
-- the PERSON spans only, never the whole text.

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local lists = require "glean.lists"

local M = {}

-- Where a found person stands in a list of three items or more,
-- separated by commas, whose other items have the shape of a name (one
-- to three capitalized words, none of them a place, a people, an
-- organization or a sentence word), those items are people too.
local NOT_ITEM = { "STOPCAP", "ORG_STOP", "COUNTRY", "STATE", "CITY",
  "REGION", "DEMONYM", "ORG", "ORG_AMBIGUOUS", "ORG_WORD", "CORP_SUFFIX",
  "TITLE", "HONORIFIC", "DAY", "MONTH", "CUR_WORD", "CUR_CODE",
  "SPEECH_VERB", "COUNTRY_AMBIGUOUS", "CITY_AMBIGUOUS", "STATE_AMBIGUOUS" }
local byte = string.byte

-- Whether a word may be part of an item (no NOT_ITEM label).
local item_word = lists.none_of(NOT_ITEM, 20000)

-- One to three words, each a capital then letters, "'", "-" or "."
-- ("O'Neill", "Ata-ur-Rehman"; "J. Smith" is left to other rules).
-- The name-shaped item at byte `pos` (1-based, of text): its end, or nil.
-- want: the end it must have (nil: any); last: the item after " and ",
-- which the rest of the sentence may follow ("... and Huilan Mo took
-- part"). The words are looked up last, and only for an item of the
-- right shape and end.
local function item_at(text, pos, lexicon, want, last)
  local stop = text:match("^%u[%l%u'%-]*%l[%a'%-]*()", pos)
  if not stop then return nil end
  for _ = 1, 2 do  -- two more words at most, on the same line
    local b = text:match("^ %u[%l%u'%-]*%l[%a'%-]*()", stop)
    if not b then break end
    stop = b
  end
  if want and stop ~= want then return nil end
  -- what ends an item: a comma, a parenthesis, "and", the end of a line
  -- or of the sentence; not the period of an abbreviation ("Horsham,
  -- Pa., ..." are a town and a state)
  if text:find("^%.[^\n]", stop) then return nil end
  if not (last or text:find("^%s*[,(\n.;]", stop) or
      text:find("^ and ", stop) or stop > #text) then
    return nil
  end
  for word in text:sub(pos, stop - 1):gmatch("%S+") do
    if not item_word(lexicon, word) then return nil end
  end
  return stop
end

-- The item before the one that starts at byte s0 (0-based), across ", "
-- (and a parenthesis after it: "Healy (captain), Bevan"): its start and
-- end (0-based, end exclusive), or nil.
local function item_before(text, s0, lexicon)
  local k = s0
  local c = text:sub(k, k)
  if c == " " or c == "\n" then k = k - 1 end
  if k < 2 or text:sub(k, k) ~= "," then return nil end
  local e = k - 1
  if text:sub(e, e) == ")" then
    local from = math.max(1, e - 40)
    local open = text:sub(from, e):match(".*()%(")
    if not open then return nil end
    e = from + open - 2
    while e > 0 and text:sub(e, e) == " " do e = e - 1 end
  end
  if e < 1 then return nil end
  -- the item starts after the last separator of the 60 bytes before
  -- (found on the reversed text: ".*" would backtrack at every byte)
  local from = math.max(1, e - 60)
  local back = text:sub(from, e):reverse():find("[,;:\n()]")
  local ps
  if back then
    ps = e - back + 2
    while byte(text, ps) == 32 do ps = ps + 1 end
  elseif from == 1 then
    ps = 1
  else
    return nil
  end
  if not item_at(text, ps, lexicon, e + 1) then return nil end
  return ps - 1, e
end

-- Whether byte i (1-based) of text is a capital A-Z: every item starts
-- with one, so most commas are passed over by this test alone.
local function capital_at(text, i)
  local c = byte(text, i)
  return c ~= nil and c >= 65 and c <= 90
end

-- Where the next item of a list starts after an item that ends at byte
-- `stop` (0-based, exclusive): past ", " (or " (...), ": "Healy
-- (captain), Bevan"), at a capital; 1-based, or nil. After a comma, the
-- last item may follow " and " ("Li Luo, Ya Qiao and Huilan Mo"): then
-- true as well.
local function next_item(text, stop, after_comma)
  local at = stop + 1
  if byte(text, at) == 32 and byte(text, at + 1) == 40 then
    at = text:match("^ %b()()", at) or at
  end
  if after_comma and text:find("^ and %u", at) then return at + 5, true end
  if byte(text, at) ~= 44 then return nil end
  local c = byte(text, at + 1)
  local nxt = (c == 32 or c == 10) and at + 2 or at + 1
  return capital_at(text, nxt) and nxt or nil
end

-- people: the indexes of the PERSON spans in ctx.spans (see
-- names.resolve). Returns the new PERSON spans (rule person.list), or nil.
function M.find(ctx, people)
  local spans, text = ctx.spans, ctx.text
  local lexicon = ctx.extractor.lexicon
  local n = #spans
  local added, seen = {}, {}
  for pi = 1, #people do
    local i = people[pi]
    local p = spans[i]
    -- Most people stand in no list: a comma and a capital right after
    -- the name (or after " (captain)"), or a comma right before it, are
    -- looked for first, by their bytes.
    local right, left = nil, false
    if not seen[p.start] then
      local start0 = p.start
      right = next_item(text, p["end"])
      if start0 > 1 then
        local b = byte(text, start0)
        left = b == 44 or ((b == 32 or b == 10) and
          byte(text, start0 - 1) == 44)
      end
    end
    if right or left then
      local items, count = {}, 1
      -- walk right along ", item" links; j: the first span after the item
      local j, at, last_item = i + 1, right, false
      while at do
        local cs = at - 1             -- 0-based start of the candidate
        while j <= n and spans[j]["end"] <= cs do j = j + 1 end
        local q, stop = spans[j], nil
        if q and q.start <= cs then
          if q.label ~= "PERSON" or q.start ~= cs then break end
          seen[cs], stop, j = true, q["end"], j + 1
        else
          stop = item_at(text, at, lexicon, nil, last_item)
          if not stop then break end
          stop = stop - 1
          if q and q.start < stop then break end
          items[#items + 1] = { cs, stop }
        end
        count = count + 1
        if last_item then break end
        at, last_item = next_item(text, stop, true)
      end
      -- and left; j: the last span before the item
      local s0 = left and p.start
      j = i - 1
      while s0 do
        local a, e = item_before(text, s0, lexicon)
        while j >= 1 and spans[j].start >= s0 do j = j - 1 end
        local q = spans[j]
        if a then
          if q and q["end"] > a then break end
          items[#items + 1] = { a, e }
          s0 = a
        else
          -- a person found already may stand there: "Bevan, Healy"
          local c = byte(text, s0)
          local k0 = (c == 32 or c == 10) and s0 - 1 or s0
          if byte(text, k0) ~= 44 or not q or q.label ~= "PERSON" or
              q["end"] ~= k0 - 1 then
            break
          end
          seen[q.start] = true
          s0 = q.start
        end
        count = count + 1
      end
      if count >= 3 then
        for _, it in ipairs(items) do added[#added + 1] = it end
      end
    end
  end
  if #added == 0 then return nil end
  local doc, list = ctx.doc, {}
  table.sort(added, function(x, y) return x[1] < y[1] end)
  local last = -1
  for _, it in ipairs(added) do
    if it[1] >= last then
      list[#list + 1] = { label = "PERSON", rule = "person.list",
        start = it[1], ["end"] = it[2], first = doc:token_at(it[1]),
        last = doc:token_at(it[2] - 1), text = text:sub(it[1] + 1, it[2]) }
      last = it[2]
    end
  end
  return list
end

return M
