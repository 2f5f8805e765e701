-- org_names.lua — what the org pack does after its rules, over the whole
-- document: a company named in full is found again under its short names,
-- a club under its town, a team under its nickname; names before
-- "newspaper" or "unit" and joint names written with a slash are joined;
-- headline places are no acronyms; spans are drawn in the corpus
-- convention asked for. packs/org.lua declares the rules and hands its
-- word lists over (M.finisher).

if jit then jit.off(true, true) end  -- LuaJIT: interpreted, see extractor.lua

local core = require "glean.core"
local lists = require "glean.lists"
local spans_lib = require "glean.spans"
local merge, possessive_end = spans_lib.merge, spans_lib.possessive_end

local M = {}

-- The pack's legal forms ("Inc", "Ltd") and openers ("National",
-- "First"), as sets (filled by M.finisher).
local LEGAL_SET, OPENER_SET = {}, {}

-- CoNLL-2003 calls the tours of golf and tennis, the leagues of baseball
-- and the market indexes miscellaneous names, not organizations ("PGA
-- Tour", "American League", "the Dow Jones industrial average", "the
-- Nikkei"); OntoNotes calls the first organizations.
local CONLL_MISC = { ["American League"] = true,
  ["National League"] = true, ["Major League"] = true,
  ["Major League Baseball"] = true, ["Dow Jones"] = true, Nasdaq = true,
  NASDAQ = true, FTSE = true, Nikkei = true }
local function conll_misc(text)
  return CONLL_MISC[text] or text:sub(-5) == " Tour"
end

-- Rules whose names are found again elsewhere in the document.
local RECURRING = { ["org.legal_form"] = true, ["org.partnership"] = true,
  ["org.team_row"] = true, ["org.team_result_home"] = true,
  ["org.team_result_away"] = true, ["org.team_fixture"] = true,
  ["org.company_aside"] = true, ["org.company_part"] = true,
  ["org.shares_of"] = true, ["org.acronym_defined"] = true,
  ["org.based_in"] = true, ["org.publisher"] = true,
  ["org.place_based"] = true }

-- The last words of newspapers' and magazines' names, which stand for the
-- paper after "the" later in the story ("The Boston Herald ... the Herald
-- said", "the Village Voice ... the Voice").
local PAPER_WORDS = {}
for w in ([[Bulletin Chronicle Courier Dispatch Enquirer Examiner Express
    Gazette Globe Guardian Herald Independent Inquirer Journal Mail Mirror
    Monitor Observer Post Record Register Standard Star Statesman Sun
    Telegraph Times Tribune Voice]]):gmatch("%a+") do
  PAPER_WORDS[w] = true
end

-- The paper word that ends a known name of two words or more, if any.
local function paper_word(text)
  local last = text:match("%s(%a+)$")
  return last and PAPER_WORDS[last] and last
end

-- find_again's test for a paper's word: only after the word "the" (not
-- "lathe").
local function not_after_the(ctx, hit)
  return not ctx.text:sub(math.max(1, hit.start - 4), hit.start)
    :find("%f[%a][Tt]he%s$")
end

local function words(text)
  local list = {}
  for w in text:gmatch("%S+") do list[#list + 1] = w end
  return list
end

-- What finish asks about a name's text (its labels, whether it is usable
-- as a short name, its short names) is kept per lexicon, at most MEMO_SIZE
-- texts each (lists.memoize).
local MEMO_SIZE = 20000

-- Labels of the default lists for text as a whole entry (label -> its
-- value or true): is it a place, a given name, a common word? A
-- headline's "NEW YORK" is looked up as "New York" too.
local labels_of = lists.memoize(function(lexicon, text)
  local found = lexicon:lookup(text)
  if not text:find("%l") then
    local title = text:lower():gsub("(%w)(%w*)", function(a, b)
      return a:upper() .. b end)
    if title ~= text then
      for label, value in pairs(lexicon:lookup(title)) do
        if found[label] == nil then found[label] = value end
      end
    end
  end
  return found
end, MEMO_SIZE)

-- A short name must itself look like a name: not a place, a common
-- sentence word, a given name or a word of the calendar.
-- (A set: a text has few labels, so they are the ones looked up.)
local WEAK = {}
for _, l in ipairs { "COUNTRY", "CITY", "STATE", "REGION", "DEMONYM",
  "STOPCAP", "STOPCAP_AMBIGUOUS", "ORG_STOP", "GIVEN", "GIVEN_AMBIGUOUS",
  "TITLE", "HONORIFIC", "DAY", "MONTH", "CORP_SUFFIX", "ORG_WORD", "NOT_ORG",
  "CUR_WORD", "CUR_CODE", "SPEECH_VERB" } do WEAK[l] = true end

-- (allowed: weak labels the text may have all the same)
local function usable(lexicon, text, allowed)
  if #text < 3 or not text:find("^%u") then return false end
  for label in pairs(labels_of(lexicon, text)) do
    if WEAK[label] and not (allowed and allowed[label]) then return false end
  end
  return true
end

-- The first word of a company's name stands for it even when it is also
-- a given name or a common word ("Candela Laser Corp." is "Candela",
-- "Farmers Group Inc." "Farmers"): the legal form told it is a name.
local FIRST_WORD_OK = { GIVEN = true, GIVEN_AMBIGUOUS = true,
  STOPCAP = true, STOPCAP_AMBIGUOUS = true }

-- Words that join two names into one ("Boats & Leisure").
local JOINS = { ["&"] = true, ["and"] = true }

-- The short names a company is also called by: without its legal form
-- ("Wexbridge Lumber Corp." -> "Wexbridge Lumber"), and its first word
-- when that is a name of its own ("Wexbridge"). Added to the set `out`.
local short_list = lists.memoize(function(lexicon, text)
  local list = {}
  local w = words(text)
  local n = #w
  while #w > 1 and LEGAL_SET[w[#w]] do w[#w] = nil end
  -- "& Co." is one legal form: "W.R. Grace & Co." is "W.R. Grace"
  if #w > 1 and #w < n and JOINS[w[#w]] then w[#w] = nil end
  if #w >= 2 and #w < n then
    list[#list + 1] = (table.concat(w, " "):gsub(",$", ""))
  end
  -- "F.W. Wexbridge Group" is "Wexbridge": initials are no name alone.
  local k = 1
  while w[k + 1] and w[k]:find("^%u%.%u?%.?$") do k = k + 1 end
  local first = w[k] and w[k]:gsub(",$", "")
  -- "Sports & Recreation Inc." is not "Sports"
  local joined = JOINS[w[k + 1]] and w[k + 2]
  if first and not joined and (#w >= 2 or #w < n) and
      not OPENER_SET[first] and usable(lexicon, first, FIRST_WORD_OK) then
    list[#list + 1] = first
  end
  return list
end, MEMO_SIZE)
local function short_names(lexicon, text, out)
  local list = short_list(lexicon, text)
  for i = 1, #list do out[list[i]] = true end
end

local function is_entity(m)
  return m.label == "PERSON" or m.label == "ORG" or m.label == "MONEY"
end

-- Person matches made on weak evidence (two capitalized words before
-- "said", a bare later mention, an owner of lawyers) give way to a
-- company's name.
local WEAK_PERSON = { ["person.speaker"] = true, ["person.after_verb"] = true,
  ["person.later_mention"] = true, ["person.possessive"] = true }

-- (A person's span may hold the possessive after the name, as OntoNotes
-- draws it: "Blue Arrow's" yields to "Blue Arrow".)
local POSSESSIVE_TAIL = { ["'s"] = true, ["’s"] = true }
local function yields(m, hit, text)
  if not is_entity(m) then
    -- (an index is not its publisher: "the Dow" is not Dow Chemical)
    return m.label ~= "INDEX" and m.start >= hit.start and
      m["end"] <= hit["end"]
  end
  return m.label == "PERSON" and WEAK_PERSON[m.rule] and
    m.start >= hit.start and (m["end"] <= hit["end"] or
      POSSESSIVE_TAIL[text:sub(hit["end"] + 1, m["end"])] == true)
end

-- Adds an ORG for every mention of the names in `names` (text -> true)
-- that `skip` (if any) does not refuse and that meets no entity but a
-- weak person match; a place or other unreported span under it gives way.
-- A person cluster that loses a mention this way loses its later bare
-- mentions too ("Blue Arrow ... Arrow").
local function find_again(ctx, names, skip)
  if next(names) == nil then return end
  local list = {}
  for name in pairs(names) do list[#list + 1] = name end
  -- find_words gives what a lexicon of the names would, without building
  -- one, for names in ASCII.
  local hits = core.find_words(ctx.doc, list)
  if not hits then
    local lx = core.lexicon()
    lx:add_list(list, "AGAIN")
    hits = lx:match(ctx.doc)
  end
  if #hits == 0 then return end
  -- Resolved spans do not overlap: sorted by start, they are sorted by
  -- end too, and one forward walk finds the spans each hit meets.
  local spans = ctx.spans
  local n, j, last_end = #spans, 1, -1
  local added, dropped, lost_people = {}, {}, {}
  for h = 1, #hits do
    local hit = hits[h]
    while j <= n and spans[j]["end"] <= hit.start do j = j + 1 end
    local ok, k = hit.start >= last_end, j
    while ok and k <= n and spans[k].start < hit["end"] do
      ok = yields(spans[k], hit, ctx.text)
      k = k + 1
    end
    if ok and not (skip and skip(ctx, hit)) then
      for q = j, k - 1 do
        dropped[spans[q]] = true
        if spans[q].label == "PERSON" and spans[q].id then
          lost_people[spans[q].id] = true
        end
      end
      added[#added + 1] = { label = "ORG", rule = "org.again",
        start = hit.start, ["end"] = hit["end"], first = hit.first,
        last = hit.last, text = ctx.text:sub(hit.start + 1, hit["end"]) }
      last_end = hit["end"]
    end
  end
  if #added == 0 then return end
  local kept = spans
  if next(dropped) ~= nil then
    local nk = 0
    local any_lost = next(lost_people) ~= nil
    kept = {}
    for i = 1, n do
      local m = spans[i]
      if not dropped[m] and not (any_lost and m.label == "PERSON" and
          m.rule == "person.later_mention" and lost_people[m.id]) then
        nk = nk + 1
        kept[nk] = m
      end
    end
  end
  ctx.spans = merge(kept, added)
end

-- Two capitals after a town and a comma are its state or province:
-- "Plano, TX", "Ottawa, ON".
local function state_code(ctx, m)
  local doc, first = ctx.doc, m.first
  return first ~= nil and first > 2 and #m.text == 2 and
    doc:token_text(first - 1) == "," and doc:has(first - 2, "CAP", "WORD")
    and not doc:has(first - 2, "UPPER")
end

-- "German Defence Minister Volker Ruehe", "Indian Oil Minister Ram
-- Naik": the last word of a name of two or more begins the title that
-- follows it ("Defence Minister"), so the name is a misreading of a
-- place and a portfolio. (One word is the body: "Treasury Secretary
-- Nicholas Brady".)
local function title_runs_on(ctx, lexicon, m)
  if not (m.last and ctx.doc:has(m.last + 1, "CAP")) then return false end
  local last = m.text:match(" (%S+)$")
  return last ~= nil and labels_of(lexicon,
    last .. " " .. ctx.doc:token_text(m.last + 1)).TITLE ~= nil
end

-- "The Standard", "The Australian": a paper named "The" and one word,
-- opening a sentence, is no paper where another name goes on ("The
-- Standard & Poor's index") or where the word names a people and the
-- paper does not report ("The Australian had upset Jansher's rhythm";
-- but "The Australian said").
local PAPER_NEXT = { said = true, says = true, reported = true,
  reports = true, quoted = true, wrote = true, writes = true, added = true,
  newspaper = true, daily = true, ["'s"] = true, ["\226\128\153s"] = true }
local function paper_misread(ctx, lexicon, m)
  local doc = ctx.doc
  if not (m.first and m.text:find("^The %u%l+$") and
      doc:has(m.first, "SENT_START")) then
    return false
  end
  local nxt = doc:token_text(m.last + 1) or ""
  if nxt == "&" or doc:has(m.last + 1, "CAP", "WORD") then return true end
  return labels_of(lexicon, m.text:sub(5)).DEMONYM and not PAPER_NEXT[nxt]
end

-- Drops a period that also ends the sentence at the end of a line ("...
-- was bought by Acme Co.\n"): corpora give it to the sentence.
local byte = string.byte
local function trim_final_period(ctx, m)
  local text = ctx.text
  if byte(text, m["end"]) == 46 then  -- "."
    local after = byte(text, m["end"] + 1)
    if after == nil or after == 10 then
      m["end"] = m["end"] - 1
      m.text = text:sub(m.start + 1, m["end"])
    end
  end
end

-- A name used as a modifier: "the Big Board chairman", "the Acme unit",
-- "the Dow Jones industrials". Its "the" belongs to the noun after it,
-- not to the name. (Nouns that such a name often modifies in business and
-- political news; verbs and function words are never among them.)
local MODIFIED = {}
for w in ([[unit units division divisions subsidiary subsidiaries affiliate
  affiliates parent index indexes average averages industrials chairman
  chairwoman chief president vice director directors official officials
  spokesman spokeswoman executive executives card cards floor board office
  offices headquarters building plant plants factory mill mine store stores
  chain network station ticker symbol logo trademark brand name contract
  contracts deal takeover merger venture stake shares stock stocks bonds
  securities futures options account accounts ad ads magazine newspaper
  publication edition playoffs season team staff employees workers members
  member union guidelines system program programme proposal bill panel
  committee subcommittee aide aides lawyer lawyers analyst analysts
  economist economists trader traders investors leader leaders lawmaker
  lawmakers legislator legislators candidate candidates spokesperson annual
  meeting meetings convention conventions conference news company]]):gmatch("%S+") do
  MODIFIED[w] = true
end

-- In a headline in capitals, Norway's legal form "AS" is the word "as":
-- "SHEARER NAMED AS CAPTAIN" names no company ("Norsk Hydro AS" does).
-- (Read here rather than by an action of the rule: an action would make
-- a table of every legal-form match, 1% of the extraction's time.)
local function headline_as(text)
  if text:sub(-3) ~= " AS" then return false end
  local before = text:match("(%S+) AS$")
  return before ~= nil and before:find("^[%u%p]+$") ~= nil
end

-- "Interior Cabinet Secretary Jane Doe", "Health Cabinet Minister": a
-- portfolio before the title names no cabinet of its own (Kenya's
-- ministers are Cabinet Secretaries), where "the Kenyan Cabinet" does.
local function portfolio_cabinet(text, stop)
  if text:sub(stop - 7, stop) ~= " Cabinet" then return false end
  local title = (text:match("^ (%a+)", stop + 1) or ""):lower()
  return title == "secretary" or title == "minister"
end

-- Whether a modifier noun follows the name that ends at byte `stop`
-- ("... Big Board chairman", "... FT-SE 100-share index").
local function modifies(text, stop)
  local w = text:match("^ (%l[%l%-]*)", stop + 1)
  if w then return MODIFIED[w] == true end
  return text:find("^ %d+%-%l", stop + 1) ~= nil
end

-- OntoNotes spans: "the" before and "'s" after a name of two words or more
-- (a listed "The Herald" of one word loses its "The"), but no "the" before
-- a name that modifies the noun after it.
local function widen(ctx, m, prev_end, next_start)
  local text = ctx.text
  if not m.text:find("%s") then return end
  local start, stop0 = m.start, m["end"]
  local b0 = byte(text, start + 1)
  if (b0 == 84 or b0 == 116) and text:find("^[Tt]he ", start + 1) and
      (not text:find(" ", start + 5, true) or
        text:find(" ", start + 5, true) > stop0 or modifies(text, stop0)) then
    -- "The Herald", "The Financial Times 30-share index": a "The" the
    -- list or a rule gave the name.
    m.start = start + 4
    m.text = text:sub(m.start + 1, m["end"])
    if not m.text:find("%s") then return end
    start = m.start
  elseif start >= 4 and start - 4 >= prev_end and
      text:find("^[Tt]he%s", start - 3) and
      (start == 4 or text:find("^[%s%p]", start - 4)) and
      not modifies(text, stop0) then
    m.start = start - 4
  end
  m["end"] = possessive_end(text, stop0, next_start) or m["end"]
  m.text = text:sub(m.start + 1, m["end"])
end

-- Team sports whose reports call a club by its town ("Leeds beat Hull",
-- "Surrey closed on 429"). A document is about one of them when its
-- headline opens with the sport, in the way of wire copy ("SOCCER -
-- LEEDS SIGN ...", "Cricket: ..."), when it holds a results table, or
-- when it tells a result with its score ("beat Arsenal 3-1", "drew 1-1").
local TEAM_SPORTS = { SOCCER = true, FOOTBALL = true, CRICKET = true,
  RUGBY = true, BASEBALL = true, BASKETBALL = true, HOCKEY = true,
  ["ICE HOCKEY"] = true, NFL = true, NBA = true, NHL = true, MLB = true,
  HANDBALL = true, VOLLEYBALL = true, ["AMERICAN FOOTBALL"] = true,
  ["RUGBY UNION"] = true, ["RUGBY LEAGUE"] = true }
local TABLE_RULES = { ["org.team_row"] = true, ["org.team_result_home"] = true,
  ["org.team_result_away"] = true, ["org.team_fixture"] = true }

local SLUG, SLUG_HEAD = "^%s*([%a ]-)%s*[-:]", 64

-- Whether the lead of the story (a result told in passing further down
-- makes no sports report) tells a match's result with its score: a
-- match of org.match_result ("beat Arsenal 3-1").
local LEAD = 600
local function tells_a_score(ctx)
  local results = ctx.matches_of and ctx.matches_of("RESULT") or {}
  return results[1] ~= nil and results[1].start < LEAD
end

-- table_rows: whether a span of ctx.spans was made by a TABLE_RULES rule
-- (finish notes it on its own walk over the spans).
local function team_sport_document(ctx, table_rows)
  if table_rows then return true end
  -- The slug is short: read the head of the text, and all of it only when
  -- the head is letters and spaces alone (the slug might go on past it).
  local text = ctx.text
  local head = text:sub(1, SLUG_HEAD)
  local slug = head:match(SLUG)
  if not slug and #text > SLUG_HEAD and head:find("^[%s%a]*$") then
    slug = text:match(SLUG)
  end
  return slug ~= nil and TEAM_SPORTS[slug:upper()] == true
end

-- Where a town is a place even in a sports report: "at Leeds", "in
-- Hull", a venue line ("Leeds: Yorkshire 259 ..."), a dateline ("LEEDS
-- 1996-08-30", "LEEDS, England 1996-08-30").
local VENUE_WORD = { at = true, At = true, AT = true, ["in"] = true,
  In = true, IN = true, near = true, from = true }
-- Nouns after a town that make it say which club, not be the club.
local CLUB_NOUN = { side = true, club = true, outfit = true,
  squad = true, fans = true, supporters = true }
-- How much of the text before a town venue() reads at first; a longer look
-- back is taken only when what it sees may go on further back.
local WINDOW = 200

-- The text before byte `start` (0-based) that matters to venue(): the
-- last WINDOW bytes, or all of it when those could be the inside of a
-- longer word or "(at ...," before them.
local function text_before(text, start)
  if start <= WINDOW then return text:sub(1, start) end
  local w = text:sub(start - WINDOW + 1, start)
  if w:find("^%S+%s*$") or w:find("^%s*$") or
      w:find("^%s?[^,()\n]*,%s*$") then
    return text:sub(1, start)
  end
  return w
end

local function venue(ctx, m)
  local text = ctx.text
  -- The word before the town ("at", "(at", "Edgbaston,"), as
  -- text:sub(1, m.start):match("(%S+)%s*$") would give it; found in C, as
  -- Lua tries a pattern that ends in "$" from every byte.
  local ws, we = ctx.doc:word_before(m.start)
  if ws then
    if VENUE_WORD[(text:sub(ws + 1, we):gsub("^%(", ""))] then
      return true
    end
    -- "(at Edgbaston, Birmingham)": the town of a ground
    -- ("%([Aa][Tt]%s[^,()\n]*,%s*$" before it), so a comma right before.
    -- Read on the reversed text, anchored at its start (see above).
    if byte(text, we) == 44 and text_before(text, m.start):reverse()
        :find("^%s*,[^,()\n]*%s[Tt][Aa]%(") then
      return true
    end
  end
  -- The rest of the line, as far as WINDOW reaches (a dateline is short;
  -- reading to the end of a long line for each town would be quadratic).
  local after = text:sub(m["end"] + 1, m["end"] + WINDOW)
  local rest = after:match("^[^\n]*")
  if rest:match("^%s*:") or rest:match("^%s*%b()%s*:") then return true end
  -- "the Volgograd side", "the Moscow club": the town says which club;
  -- "At The Oval (London):": the town of a ground
  local noun = rest:match("^ (%l+)")
  if CLUB_NOUN[noun] or (byte(text, m.start) == 40 and
      rest:match("^%)%s*:")) then
    return true
  end
  local line_ends = #rest < #after or m["end"] + WINDOW >= #text
  return line_ends and
    rest:match("^[%a%s,.]*%d%d%d%d%-%d%d?%-%d%d?%s*$") ~= nil
end

-- In a team-sport report, a town or region (not a country: national
-- teams are places in news corpora) that is not a venue is its club.
-- So is a listed name that is often something else ("Cubs", "Celtic"),
-- which `find_again` then marks wherever nothing else claims it.
-- (only_clubs: of the places, only the towns of clubs: a report of a
-- result found in other news.)
local function clubs_by_town(ctx, lexicon, names, only_clubs)
  for _, m in ipairs(ctx.spans) do
    if m.label == "LOC" and not labels_of(lexicon, m.text).COUNTRY and
        (not only_clubs or labels_of(lexicon, m.text).CLUB_TOWN) and
        not venue(ctx, m) then
      m.label, m.rule = "ORG", "org.club_town"
      names[m.text] = true
    end
  end
  for _, hit in ipairs(lexicon:match(ctx.doc, { label = "ORG_AMBIGUOUS" })) do
    local text = ctx.text:sub(hit.start + 1, hit["end"])
    if usable(lexicon, text) then names[text] = true end
  end
  -- Headlines write them in capitals ("SURREY BEAT KENT").
  local upper = {}
  for name in pairs(names) do upper[#upper + 1] = name:upper() end
  for _, name in ipairs(upper) do names[name] = true end
end

-- Whether the word that ends s (as s:match("(%S+)$") gives it) is a
-- legal form. The word is read on the reversed text (see venue); the
-- answer is kept per text, as known names recur.
local legal_end, legal_end_n = {}, 0
local function ends_in_legal_form(s)
  local yes = legal_end[s]
  if yes == nil then
    local w = s:reverse():match("^(%S+)")
    yes = w ~= nil and LEGAL_SET[w:reverse()] == true
    if legal_end_n >= MEMO_SIZE then legal_end, legal_end_n = {}, 0 end
    legal_end[s], legal_end_n = yes, legal_end_n + 1
  end
  return yes
end

-- Whether the default lists have text as a place or its people's name.
local function is_place(lexicon, text)
  local found = labels_of(lexicon, text)
  return found.COUNTRY or found.CITY or found.STATE or found.REGION or
    found.DEMONYM
end

-- (OPENER_SET: openers that start many names are never a short name
-- alone.)

-- "Fidelity Investments" is "Fidelity" later on, "Thames Television"
-- "Thames", "Columbia University" "Columbia": a name of two words whose
-- second is a trade word or an organization noun is also called by its
-- first, when that is a name of its own (not a place, a people, a given
-- name or an opener such as "National"). A town that is also something
-- else stays a place unless a university is named after it: "Columbia"
-- for "Columbia University", not "Washington" for "Washington Post".
-- CoNLL-2003 does not call a department by its field ("Commerce").
local PLACE_AMBIGUOUS = { "CITY_AMBIGUOUS", "STATE_AMBIGUOUS",
  "COUNTRY_AMBIGUOUS", "REGION_AMBIGUOUS" }
local function first_of_two(lexicon, text, conll)
  local short = false
  local a, b = text:match("^([^%s]+) ([^%s]+)$")
  if a and not OPENER_SET[a] and usable(lexicon, a) and
      not (conll and b == "Department") then
    local found = labels_of(lexicon, b)
    if found.CORP_SUFFIX or found.ORG_WORD then
      short = a
      if b ~= "University" then
        local own = labels_of(lexicon, a)
        for _, l in ipairs(PLACE_AMBIGUOUS) do
          if own[l] then short = false break end
        end
      end
    end
  end
  return short
end

-- A listed team of the North American leagues ("Chicago Cubs", value
-- "team" in organizations.txt) is called by its nickname later on ("the
-- Cubs"): the nickname, what follows the longest place that opens the
-- name ("San Francisco Giants" -> "Giants"), else the last word ("Golden
-- State Warriors" -> "Warriors"). False for other names.
local function team_nickname(lexicon, text)
  local nick = false
  if labels_of(lexicon, text).ORG == "team" then
    local w = words(text)
    for k = #w - 1, 1, -1 do
      if is_place(lexicon, table.concat(w, " ", 1, k)) then
        nick = table.concat(w, " ", k + 1)
        break
      end
    end
    nick = nick or w[#w]
  end
  return nick
end

-- What a listed name adds (its short name, its team's nickname, a
-- paper's last word), kept per text, for each convention: false for most
-- names.
local function extra_of(conll)
  return lists.memoize(function(lexicon, text)
    local short = first_of_two(lexicon, text, conll)
    local nick = team_nickname(lexicon, text)
    local paper = paper_word(text)
    return (short or nick or paper) and
      { short = short, nick = nick, paper = paper } or false
  end, MEMO_SIZE)
end
local extra, extra_conll = extra_of(false), extra_of(true)
local function known_extra(lexicon, text, conll)
  return (conll and extra_conll or extra)(lexicon, text)
end

-- Nouns that follow a name and say it is an organization's: "Britain's
-- Sun newspaper", "Garbage magazine", "the Machinists union", and, after
-- "its", "the" or a possessive, parts of a company: "its Southern
-- Optical subsidiary", "Acme's Ilford division", "the Younkers chain".
-- (The value: whether a determiner must come before the name.)
local KIND_AFTER = { newspaper = false, newspapers = false,
  magazine = false, union = false, unit = true, division = true,
  subsidiary = true, chain = true }
local DETERMINER = { its = true, Its = true, their = true, Their = true,
  the = true, The = true, ["'s"] = true, ["\226\128\153s"] = true }
-- Labels that no word of such a name has, and that its first word has not.
local NOT_NAME_WORD = { ORG_STOP = true, DAY = true, MONTH = true,
  SPEECH_VERB = true, TITLE = true, HONORIFIC = true, CUR_WORD = true,
  CUR_CODE = true }
local NOT_FIRST_WORD = { STOPCAP = true, GIVEN = true, DEMONYM = true }

local function word_ok(lexicon, word, first)
  for label in pairs(labels_of(lexicon, word)) do
    if NOT_NAME_WORD[label] or (first and NOT_FIRST_WORD[label]) then
      return false
    end
  end
  return true
end

-- The ORG spans of names before KIND_AFTER nouns: one to four capitalized
-- words on the noun's line, not a place or a people as a whole, and not
-- where a span of the other rules already stands. Each name is also put
-- in `names`, to be found again ("its Ilford division ... Ilford said").
-- hits: the org.kind_noun spans (the nouns), which the rules found.
local function named_before_kind(ctx, lexicon, hits, names)
  local doc = ctx.doc
  local text, spans, added = ctx.text, ctx.spans, {}
  -- (a capitalized "The" or "Its" opening the sentence is no part of it)
  local function in_name(i)
    return doc:has(i, "CAP", "WORD") and not doc:has(i, "UPPER") and
      not DETERMINER[doc:token_text(i)]
  end
  for h = 1, #hits do
    local hit = hits[h]
    local last = hit.first - 1
    local first = last
    while first >= 1 and last - first < 4 and in_name(first) do
      if doc:has(first, "LINE_START") then break end
      first = first - 1
    end
    if first < 1 or not in_name(first) then first = first + 1 end
    -- a sentence's opening word that starts no name: "Striking
    -- Machinists union members"
    if first < last and doc:has(first, "SENT_START") and
        not word_ok(lexicon, doc:token_text(first), true) then
      first = first + 1
    end
    if first <= last and KIND_AFTER[text:sub(hit.start + 1, hit["end"])] then
      -- a determiner or possessive must come before the name
      local before = first > 1 and doc:token_text(first - 1)
      if not (before and DETERMINER[before]) then first = last + 1 end
    end
    if first <= last then
      local start = doc:token(first)
      local _, stop = doc:token(last)
      local ok = not is_place(lexicon, text:sub(start + 1, stop))
      for i = first, last do
        if not ok then break end
        ok = word_ok(lexicon, doc:token_text(i), i == first)
      end
      if ok then
        added[#added + 1] = { label = "ORG", rule = "org.kind_after",
          start = start, ["end"] = stop, first = first, last = last,
          text = text:sub(start + 1, stop) }
      end
    end
  end
  if #added == 0 then return end
  -- keep those that meet no span (both lists are sorted by start)
  local kept, j, n = {}, 1, #spans
  for _, a in ipairs(added) do
    while j <= n and spans[j]["end"] <= a.start do j = j + 1 end
    if j > n or spans[j].start >= a["end"] then
      kept[#kept + 1] = a
      if usable(lexicon, a.text) then names[a.text] = true end
    end
  end
  if #kept > 0 then ctx.spans = merge(spans, kept) end
end

-- Joint names written with a slash ("MGM / UA", "Macmillan / McGraw-Hill",
-- "Bridgestone / Firestone Inc"): an organization and the capitalized
-- word on the other side of " / ", or two organizations, are one name.
-- (The slash stands alone in OntoNotes' text; "MGM/UA" is one token.)
local SLASH_WORD = "^%u[%w&'%-]*"
local function join_slashed(ctx)
  local spans, text = ctx.spans, ctx.text
  local n, out, changed = #spans, {}, false
  local i = 1
  while i <= n do
    local m = spans[i]
    if m.label == "ORG" then
      -- " / " after the name, then a capitalized word or the next name
      while text:sub(m["end"] + 1, m["end"] + 3) == " / " do
        local at = m["end"] + 3           -- 0-based start after " / "
        local q = spans[i + 1]
        if q and q.start == at and (q.label == "ORG" or q.label == "NAME")
            then
          m["end"], i = q["end"], i + 1
        else
          local w = text:match(SLASH_WORD, at + 1)
          if not w or (q and q.start < at + #w) or
              is_place(ctx.extractor.lexicon, w) then
            break
          end
          m["end"] = at + #w
        end
        changed = true
      end
      -- a capitalized word and " / " before it
      local prev = out[#out]
      if text:sub(m.start - 2, m.start) == " / " then
        -- up to three capitalized words ("Capital Cities / ABC Inc.")
        local base = math.max(1, m.start - 60)
        local before = text:sub(base, m.start - 3)
        local start
        local lexicon = ctx.extractor.lexicon
        for _ = 1, 3 do
          local from = before:match("()%u[%w&'%-]*$")
          if not from then break end
          -- not a sentence word ("Later Tessin / Orr Inc.")
          local word = before:sub(from)
          local found = labels_of(lexicon, word)
          if (found.STOPCAP or found.ORG_STOP) and not OPENER_SET[word] then
            break
          end
          start = base + from - 2
          if from < 2 or before:sub(from - 1, from - 1) ~= " " then break end
          before = before:sub(1, from - 2)
        end
        if start and (not prev or prev["end"] <= start) and
            (start == 0 or text:find("^[%s%p]", start)) and
            not is_place(ctx.extractor.lexicon,
              text:sub(start + 1, m.start - 3)) then
          m.start, changed = start, true
        end
      end
      m.text = text:sub(m.start + 1, m["end"])
    end
    out[#out + 1] = m
    i = i + 1
  end
  if changed then ctx.spans = out end
end

-- The first partner of a partnership may have two words: "Smith
-- Barney, Harris Upham & Co." (the rule starts at "Barney"). A
-- capitalized word right before the name, on its line, that is not a
-- sentence word, a place or a date, joins it.
local NOT_PARTNER = { "STOPCAP", "ORG_STOP", "DAY", "MONTH", "COUNTRY",
  "CITY", "STATE", "REGION", "DEMONYM", "TITLE", "HONORIFIC" }
local function first_partner(ctx, lexicon, m, prev_end)
  local doc, i = ctx.doc, m.first - 1
  if i < 1 or m.text:find(",", 1, true) == nil or
      not doc:has(i, "CAP", "WORD") or doc:has(m.first, "LINE_START") then
    return
  end
  local word = doc:token_text(i)
  local found = labels_of(lexicon, word)
  for _, l in ipairs(NOT_PARTNER) do
    if found[l] then return end
  end
  local start = doc:token(i)
  if start < prev_end then return end  -- the word ends another name
  m.start, m.first = start, i
  m.text = ctx.text:sub(start + 1, m["end"])
end

-- Words a name holds that its acronym leaves out: "Adani Ports and
-- Special Economic Zone (APSEZ)", "Bank of Spain (BOS)".
local ACRONYM_SKIPS = { ["and"] = true, ["&"] = true, ["of"] = true,
  ["for"] = true, ["the"] = true, ["on"] = true, ["in"] = true }

-- The first token of the capitalized words ending at token `last` whose
-- initials spell `letters` (legal forms after them left out: "... Zone
-- Ltd (APSEZ)"), not before token `stop`; nil when they do not.
local function initials_start(doc, last, letters, stop)
  local k, n = last, #letters
  while k >= stop and LEGAL_SET[doc:token_text(k)] do k = k - 1 end
  while k >= stop do
    local w = doc:token_text(k)
    if doc:has(k, "CAP", "WORD") then
      if byte(w) ~= byte(letters, n) then return nil end
      n = n - 1
      if n == 0 then return k end
    elseif not ACRONYM_SKIPS[w] then
      return nil
    end
    k = k - 1
  end
  return nil
end

-- Whether a name starting at token k ends there on the left: no
-- capitalized word but "The" before it, nor a word of a name ("of",
-- "and") after one not opening the sentence ("Rally for the Return of
-- Refugees and Democracy in Rwanda (RDR)": the initials stop at
-- "Refugees").
local function starts_name(doc, k)
  if k < 2 then return true end
  local w = doc:token_text(k - 1)
  if doc:has(k - 1, "CAP", "WORD") then return w == "The" end
  return not (ACRONYM_SKIPS[w] and w ~= "the" and k > 2 and
    doc:has(k - 2, "CAP", "WORD") and not doc:has(k - 2, "SENT_START"))
end

-- An organization's name spelled out before the acronym it defines in
-- parentheses is the whole name whose initials the acronym is: "Guangdong
-- Post and Telecommunications Administration (GPTA)" where the rules
-- read "The Guangdong Post" and "Telecommunications Administration", or
-- nothing. The spans it meets become one ORG, unless one is a person or
-- an amount, or a span that is no ORG reaches out of it.
local REFUSE_LONG_FORM = { PERSON = true, MONEY = true }
local function long_forms(ctx)
  local spans, doc, text = ctx.spans, ctx.doc, ctx.text
  local added, dropped
  for i = 1, #spans do
    local m = spans[i]
    local acr = m.label == "ORG" and m.first and m.text:match("^%u%u+$")
    local open = acr and m.first - 1
    if open and open > 2 and #acr <= 8 and doc:token_text(open) == "(" and
        doc:token_text(m.last + 1) == ")" then
      local first = initials_start(doc, open - 1, acr,
        select(2, doc:sentence_of(open)))
      if first and not starts_name(doc, first) then first = nil end
      local start = first and doc:token(first)
      local parts, j = first and first < open - 1 and {}, i - 1
      while parts and j >= 1 and spans[j]["end"] > start do
        local p = spans[j]
        if REFUSE_LONG_FORM[p.label] or
            (p.start < start and p.label ~= "ORG") then
          parts = nil
        else
          parts[#parts + 1] = p
          if p.start < start then start = p.start end
          j = j - 1
        end
      end
      if parts then
        local stop = select(2, doc:token(open - 1))
        local keep = parts[1]
        if not (keep and keep.label == "ORG" and keep["end"] == stop) then
          keep = { label = "ORG", rule = "org.long_form", last = open - 1,
            ["end"] = stop }
          added = added or {}
          added[#added + 1] = keep
        end
        keep.start, keep.first = start, doc:token_at(start)
        keep.text = text:sub(start + 1, stop)
        for k = 1, #parts do
          if parts[k] ~= keep then
            dropped = dropped or {}
            dropped[parts[k]] = true
          end
        end
      end
    end
  end
  if dropped then
    local kept = {}
    for _, p in ipairs(ctx.spans) do
      if not dropped[p] then kept[#kept + 1] = p end
    end
    ctx.spans = kept
  end
  if added then ctx.spans = merge(ctx.spans, added) end
end

-- Rules whose names may run over a line break (their organization word
-- on the next line): the others end on the line they start on.
local SPANS_LINES = { ["org.generic_noun"] = true,
  ["org.generic_noun_pair"] = true, ["org.legal_form"] = true,
  ["org.head"] = true, ["org.partnership"] = true }

local function finish(ctx)
  local lexicon = ctx.extractor.lexicon
  local ontonotes = ctx.settings.convention == "ontonotes"
  local conll = ctx.settings.convention == "conll"
  local names = {}
  local table_rows = false
  local kinds, slashed, papers, places = nil, false, nil, false
  long_forms(ctx)
  local spans = ctx.spans
  -- The rules named below all make ORG spans (and no stage before this
  -- one changes a label): the other spans, most of them, are passed over.
  for i = 1, #spans do
    local m = spans[i]
    local label = m.label
    if label == "ORG" then
      local rule = m.rule
      -- "MGM / UA": a slash right after or before the name
      if byte(ctx.text, m["end"] + 2) == 47 or
          (m.start > 1 and byte(ctx.text, m.start - 1) == 47) then
        slashed = true
      end
      if TABLE_RULES[rule] then table_rows = true end
      -- A headline's "JAPAN" or "SEOUL" is a place, not an acronym; so is
      -- a place that ends in a company word ("West Bank").
      if (rule == "org.acronym" or rule == "org.legal_form") and
          is_place(lexicon, m.text) or
          rule == "org.acronym" and state_code(ctx, m) then
        m.label = "LOC"
      elseif rule == "org.legal_form" and headline_as(m.text) or
          rule == "org.generic_noun" and portfolio_cabinet(ctx.text, m["end"]) or
          rule == "org.known" and paper_misread(ctx, lexicon, m) or
          (rule == "org.legal_form" or rule == "org.known") and
          title_runs_on(ctx, lexicon, m) then
        m.label = "NAME"
      elseif conll and conll_misc(m.text) then
        m.label = "EVENT"
      elseif SPANS_LINES[rule] and m.text:find("\n", 1, true) then
        -- The organization word that made the name stands on the next
        -- line ("... v Bolton\nDivision two"): the evidence is gone; the
        -- first line's words may still be a place, or a club in a
        -- sports report.
        local cut = m.text:find("%s*\n")
        m["end"] = m.start + cut - 1
        m.text = m.text:sub(1, cut - 1)
        m.label = (is_place(lexicon, m.text) or
          labels_of(lexicon, m.text).CLUB_TOWN) and "LOC" or "NAME"
      else
        trim_final_period(ctx, m)
        if rule == "org.partnership" then
          first_partner(ctx, lexicon, m, i > 1 and spans[i - 1]["end"] or 0)
        end
        if rule == "org.legal_form" or rule == "org.partnership" or
            (rule == "org.known" and ends_in_legal_form(m.text)) then
          short_names(lexicon, m.text, names)
        elseif RECURRING[rule] and usable(lexicon, m.text) then
          names[m.text] = true
        elseif rule == "org.club_prefix" then
          -- "Rotor Volgograd" is "Rotor" later on (not "Real" of "Real
          -- Madrid": an ambiguous prefix is no name alone)
          local prefix = m.caps.prefix.text
          if labels_of(lexicon, prefix).CLUB_PREFIX then
            names[prefix] = true
          end
        elseif rule == "org.known" then
          local e = known_extra(lexicon, m.text, conll)
          local nick = e and e.nick
          if e and e.short then names[e.short] = true end
          if e and e.paper then
            papers = papers or {}
            papers[e.paper] = true
          end
          if nick then
            names[nick] = true
            -- OntoNotes marks the city of "the Chicago Cubs" as a place
            -- and the nickname as the team.
            if ontonotes then
              m.start = m["end"] - #nick
              m.text = nick
            end
          end
        end
      end
    elseif label == "INDEX" and ontonotes and m.rule == "org.the_dow" then
      m.label = "ORG"
    elseif label == "LOC" then
      places = true
    elseif label == "OWNER" and labels_of(lexicon, m.text).ORG then
      m.label = "ORG"  -- "Exxon" of "Exxon-owned"
    elseif label == "ORG_KIND" then
      kinds = kinds or {}
      kinds[#kinds + 1] = m
    end
  end
  if kinds then named_before_kind(ctx, lexicon, kinds, names) end
  if team_sport_document(ctx, table_rows) then
    clubs_by_town(ctx, lexicon, names)
    find_again(ctx, names, venue)
  elseif places and tells_a_score(ctx) then
    clubs_by_town(ctx, lexicon, names, true)
    find_again(ctx, names, venue)
  else
    find_again(ctx, names)
  end
  if papers then find_again(ctx, papers, not_after_the) end
  if ctx.settings.convention ~= "conll" then
    if slashed then join_slashed(ctx) end
    local spans = ctx.spans
    local n = #spans
    for i = 1, n do
      local m = spans[i]
      if m.label == "ORG" then
        widen(ctx, m, i > 1 and spans[i - 1]["end"] or 0,
          i < n and spans[i + 1].start or #ctx.text)
      end
    end
  end
end

-- The pack's finish: legal forms and openers are the pack's own lists.
function M.finisher(lists)
  for _, w in ipairs(lists.legal) do LEGAL_SET[w] = true end
  for _, w in ipairs(lists.openers) do OPENER_SET[w] = true end
  return finish
end

return M
