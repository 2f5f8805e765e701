-- corpus.lua — the benchmark corpus: news texts repeated to a target size.
-- Texts come from ../shared/eval/*.jsonl when present (read there, never
-- copied), else from the articles we wrote in tests/golden/*.txt.

local M = { source = "" }

local function eval_texts()
  local ok, cjson = pcall(require, "cjson")
  if not ok then return {} end
  local texts = {}
  for _, name in ipairs { "conll2003-dev", "ontonotes-dev", "polnear-dev" } do
    local f = io.open("../shared/eval/" .. name .. ".jsonl")
    if f then
      for line in f:lines() do
        local doc = cjson.decode(line)
        if type(doc.text) == "string" then texts[#texts + 1] = doc.text end
      end
      f:close()
    end
  end
  return texts
end

local function golden_texts()
  local texts = {}
  local p = io.popen("ls tests/golden/*.txt 2>/dev/null")
  for path in p:lines() do
    local f = assert(io.open(path))
    texts[#texts + 1] = f:read("a")
    f:close()
  end
  p:close()
  return texts
end

-- Returns an array of texts whose sizes add up to at least target bytes.
function M.load(target)
  local base = eval_texts()
  M.source = "../shared/eval"
  if #base == 0 then
    base = golden_texts()
    M.source = "tests/golden"
  end
  assert(#base > 0, "no corpus texts found")
  local texts, bytes = {}, 0
  while bytes < target do
    for i = 1, #base do
      texts[#texts + 1] = base[i]
      bytes = bytes + #base[i]
    end
  end
  return texts, bytes
end

return M
