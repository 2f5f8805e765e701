-- rockspec_spec.lua — the LuaRocks build compiles every C file of the
-- engine: a file added to plugin/ but not to glean-scm-1.rockspec builds
-- a module that fails to load ("undefined symbol"), which only
-- `luarocks make` would show. The same for the Lua modules it installs.
-- Runs under Lua 5.4 and LuaJIT.

local function rockspec()
  local f = assert(io.open("glean-scm-1.rockspec"))
  local src = f:read("*a")
  f:close()
  local spec = {}
  local chunk = assert((loadstring or load)(src, "rockspec", "t", spec))
  if setfenv then setfenv(chunk, spec) end
  chunk()
  return spec
end

-- Checks that the files `command` lists are exactly the keys of listed,
-- each with the value want(path).
local function same_files(listed, command, want)
  local files = assert(io.popen(command))
  local n = 0
  for path in files:lines() do
    n = n + 1
    assert.equal(want(path), listed[path], path .. " is not in the rockspec")
    listed[path] = nil
  end
  files:close()
  assert.is_true(n > 10)
  assert.same({}, listed)  -- and nothing listed that is gone
end

describe("glean-scm-1.rockspec", function()
  it("lists every C file of plugin/ as a source of glean.core", function()
    local listed = {}
    for _, s in ipairs(rockspec().build.modules["glean.core"].sources) do
      listed[s] = true
    end
    same_files(listed, "ls plugin/*.c", function() return true end)
  end)

  it("installs every Lua module of lua/glean under its name", function()
    local listed = {}
    for name, path in pairs(rockspec().build.install.lua) do
      listed[path] = name
    end
    same_files(listed, "find lua/glean -name '*.lua' | sort", function(path)
      return (path:gsub("^lua/", ""):gsub("%.lua$", ""):gsub("/init$", "")
        :gsub("/", "."))
    end)
  end)
end)
