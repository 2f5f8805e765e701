-- :checkhealth glean — is the C module there, built for LuaJIT, with PCRE2
-- JIT, and do the rule packs (and the user's rule files) load?
local M = {}

-- Neovim 0.7 has require("health") with report_*; 0.8+ has vim.health.
local h = vim.health or require("health")
local start = h.start or h.report_start
local ok = h.ok or h.report_ok
local warn = h.warn or h.report_warn
local err = h.error or h.report_error

function M.check()
  start("glean")
  local found, core = pcall(require, "glean.core")
  if not found then
    err("glean.core not loadable: " .. tostring(core),
      { "run `make nvim` in the plugin directory (build hook: build = \"make nvim\")" })
    return
  end
  local path = package.searchpath and package.searchpath("glean.core", package.cpath)
  ok(("glean.core %s loaded (%s, %s)"):format(core.version, jit and jit.version or _VERSION,
    path or "from runtimepath lua/glean/core.so"))

  local rok, re = pcall(core.regex, "a+")
  if rok and re and re.jit then
    if re:jit() then ok("PCRE2 JIT available")
    else warn("PCRE2 JIT unavailable: regexes run in the slower interpreter") end
  else
    warn("could not probe PCRE2 JIT: " .. tostring(re))
  end

  local cfg = require("glean.nvim").config()
  local t0 = vim.loop.hrtime()
  local pok, ex = pcall(function()
    return require("glean").new({ packs = cfg.packs, rules = cfg.rules })
  end)
  if pok then
    ok(("%d rule packs load in %.0f ms"):format(#ex.packs,
      (vim.loop.hrtime() - t0) / 1e6))
  else
    err("rule packs failed to load: " .. tostring(ex))
  end
end

return M
