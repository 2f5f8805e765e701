-- lists.lua — where the word lists live, and loading them into a lexicon.
--
-- The default lists are plain text files beside this module
-- (lua/glean/lists/*.txt, one entry per line: phrase[TAB label[TAB value]]).
-- A pack names a list by file name; a user's pack may name any path.

local M = {}

local here = debug.getinfo(1, "S").source:match("^@(.*)lists%.lua$") or "./"
M.dir = here .. "lists/"

-- Full path of a list: bare names are looked up among the default lists.
function M.path(name)
  if name:find("/", 1, true) then return name end
  return M.dir .. name
end

-- Loads each list spec {file=, label=, fold=} into lex once per lexicon.
function M.load_into(lex, specs, loaded)
  loaded = loaded or {}
  for _, spec in ipairs(specs) do
    local key = spec.file .. "\0" .. tostring(spec.label) .. "\0" ..
      tostring(spec.fold)
    if not loaded[key] then
      loaded[key] = true
      lex:load(M.path(spec.file), { label = spec.label, fold = spec.fold })
    end
  end
  return loaded
end

-- A function f(lexicon, key) that remembers compute(lexicon, key) per
-- lexicon and key, since names recur within a document and from one to
-- the next: at most `size` keys per lexicon, then it starts afresh.
-- compute answers false rather than nil.
function M.memoize(compute, size)
  local memo = setmetatable({}, { __mode = "k" })
  return function(lexicon, key)
    local known = memo[lexicon]
    if not known or known.n >= size then
      known = { n = 0, values = {} }
      memo[lexicon] = known
    end
    local v = known.values[key]
    if v == nil then
      v = compute(lexicon, key)
      known.values[key], known.n = v, known.n + 1
    end
    return v
  end
end

-- A memoized f(lexicon, word): true when the lexicon knows the word as a
-- whole entry under none of `labels` ("is this a place, a title, a common
-- word?"), at most `size` words per lexicon.
function M.none_of(labels, size)
  return M.memoize(function(lexicon, word)
    local found = lexicon:lookup(word)
    for _, l in ipairs(labels) do
      if found[l] then return false end
    end
    return true
  end, size)
end

return M
