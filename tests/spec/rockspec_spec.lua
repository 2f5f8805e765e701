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

describe("glean-scm-1.rockspec", function()
  it("lists every C file of plugin/ as a source of glean.core", function()
    local spec = rockspec()
    local listed = {}
    for _, s in ipairs(spec.build.modules["glean.core"].sources) do
      listed[s] = true
    end
    local ls = assert(io.popen("ls plugin/*.c"))
    local n = 0
    for path in ls:lines() do
      n = n + 1
      assert.is_true(listed[path] == true, path .. " is not in the rockspec")
      listed[path] = nil
    end
    ls:close()
    assert.is_true(n > 10)
    assert.same({}, listed)  -- and nothing listed that is gone
  end)

  it("installs every Lua module of lua/glean under its name", function()
    local listed = {}
    for name, path in pairs(rockspec().build.install.lua) do
      listed[path] = name
    end
    local find = assert(io.popen("find lua/glean -name '*.lua' | sort"))
    local n = 0
    for path in find:lines() do
      n = n + 1
      local name = path:gsub("^lua/", ""):gsub("%.lua$", ""):gsub("/init$", "")
        :gsub("/", ".")
      assert.equal(name, listed[path], path .. " is not in the rockspec")
      listed[path] = nil
    end
    find:close()
    assert.is_true(n > 10)
    assert.same({}, listed)  -- and nothing listed that is gone
  end)
end)
