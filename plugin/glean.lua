-- glean for Neovim: user commands only; lua/glean/nvim.lua (and the C
-- module) load on first use so start-up stays cheap.
if vim.g.loaded_glean then return end
vim.g.loaded_glean = true

local function glean() return require("glean.nvim") end
local function range(o) if o.range > 0 then return o.line1, o.line2 end end

vim.api.nvim_create_user_command("Glean", function(o)
  glean().annotate(0, range(o))
end, { range = true, desc = "glean: annotate entities and quotations" })

vim.api.nvim_create_user_command("GleanList", function(o)
  if glean().list(0, range(o)) then vim.cmd("lopen") end
end, { range = true, desc = "glean: entities and quotations in the location list" })

vim.api.nvim_create_user_command("GleanClear", function()
  glean().clear(0)
end, { desc = "glean: remove annotations" })

vim.api.nvim_create_user_command("GleanToggle", function()
  glean().toggle(0)
end, { desc = "glean: keep this buffer annotated while editing" })
