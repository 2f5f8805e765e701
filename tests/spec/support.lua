-- support.lua — what several specs need: an output stream that collects
-- what is written, and temporary files removed when the spec file ends.
-- Not a spec itself (busted runs *_spec.lua only).

local M = {}

-- An output (like io.stdout) whose :text() gives everything written.
function M.sink()
  local parts = {}
  return {
    write = function(self, ...)
      for _, s in ipairs({ ... }) do parts[#parts + 1] = s end
      return self
    end,
    flush = function() end,
    text = function() return table.concat(parts) end,
  }
end

-- A temporary file holding content; its name. M.remove_temps() deletes
-- them all (call it from teardown).
local temps = {}
function M.temp_file(content)
  local name = os.tmpname()
  temps[#temps + 1] = name
  local f = assert(io.open(name, "wb"))
  f:write(content)
  f:close()
  return name
end

function M.remove_temps()
  for _, name in ipairs(temps) do os.remove(name) end
  temps = {}
end

return M
