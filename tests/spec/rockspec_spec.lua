-- rockspec_spec.lua — the LuaRocks build compiles every C file of the
-- engine: a file added to plugin/ but not to glean-scm-1.rockspec builds
-- a module that fails to load ("undefined symbol"), which only
-- `luarocks make` would show. Runs under Lua 5.4 and LuaJIT.

describe("glean-scm-1.rockspec", function()
  it("lists every C file of plugin/ as a source of glean.core", function()
    local f = assert(io.open("glean-scm-1.rockspec"))
    local src = f:read("*a")
    f:close()
    local spec = {}
    local chunk = assert((loadstring or load)(src, "rockspec", "t", spec))
    if setfenv then setfenv(chunk, spec) end
    chunk()
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
end)
