-- glean — people, organizations, money and quotations in news text.
--
--   local glean = require "glean"
--   local result = glean.extract(text)          -- default packs
--   local ex = glean.new { packs = { "person", "money" }, rules = { "my.lua" } }
--   for _, e in ipairs(ex:extract(text).entities) do print(e.label, e.text) end
--
-- Offsets in results are bytes, 0-based, end exclusive (as in the JSON output).

local M = {}

M.core = require "glean.core"
M.rules = require "glean.rules"
M.version = M.core.version

local extractor = require "glean.extractor"

-- A new extractor; see extractor.new for the options.
function M.new(opts)
  return extractor.new(opts)
end

local default
-- Extracts with a shared extractor using the default packs.
function M.extract(text)
  default = default or extractor.new()
  return default:extract(text)
end

return M
