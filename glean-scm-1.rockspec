-- LuaRocks build of glean: `luarocks make` from a checkout.
rockspec_format = "3.0"
package = "glean"
version = "scm-1"
source = { url = "git+file://." }
description = {
  summary = "People, organizations, money and quotations in news text",
  detailed = [[A C engine (PCRE2 inside) with fast tokenizing, lexicon, token
pattern and regex primitives, and rule packs written in Lua.]],
  license = "MIT",
}
dependencies = { "lua >= 5.1" }
external_dependencies = {
  PCRE2 = { header = "pcre2.h", library = "pcre2-8" },
}
build = {
  type = "builtin",
  modules = {
    ["glean.core"] = {
      sources = {
        "plugin/document.c",
        "plugin/hash.c",
        "plugin/json.c",
        "plugin/lexicon.c",
        "plugin/lua_document.c",
        "plugin/lua_glean.c",
        "plugin/lua_helpers.c",
        "plugin/lua_lexicon.c",
        "plugin/lua_regex.c",
        "plugin/lua_ruleset.c",
        "plugin/lua_words.c",
        "plugin/mem.c",
        "plugin/numbers.c",
        "plugin/pattern_compile.c",
        "plugin/pattern_pred.c",
        "plugin/pattern_vm.c",
        "plugin/quotes.c",
        "plugin/regex.c",
        "plugin/resolve.c",
        "plugin/ruleset.c",
        "plugin/tokenize.c",
        "plugin/utf8.c",
      },
      defines = { "PCRE2_CODE_UNIT_WIDTH=8" },
      incdirs = { "include", "plugin", "$(PCRE2_INCDIR)" },
      libdirs = { "$(PCRE2_LIBDIR)" },
      libraries = { "pcre2-8" },
    },
  },
  copy_directories = {},
  install = {
    lua = {
      ["glean.attribution"] = "lua/glean/attribution.lua",
      ["glean.attribution.orgs"] = "lua/glean/attribution/orgs.lua",
      ["glean.attribution.pieces"] = "lua/glean/attribution/pieces.lua",
      ["glean.attribution.pronouns"] = "lua/glean/attribution/pronouns.lua",
      ["glean.attribution.shared"] = "lua/glean/attribution/shared.lua",
      ["glean.attribution.speakers"] = "lua/glean/attribution/speakers.lua",
      ["glean.attribution.state"] = "lua/glean/attribution/state.lua",
      ["glean.cli"] = "lua/glean/cli.lua",
      ["glean.cli_main"] = "lua/glean/cli_main.lua",
      ["glean.eval"] = "lua/glean/eval.lua",
      ["glean.extractor"] = "lua/glean/extractor.lua",
      ["glean.health"] = "lua/glean/health.lua",
      ["glean"] = "lua/glean/init.lua",
      ["glean.json"] = "lua/glean/json.lua",
      ["glean.lists"] = "lua/glean/lists.lua",
      ["glean.money_values"] = "lua/glean/money_values.lua",
      ["glean.names"] = "lua/glean/names.lua",
      ["glean.nvim"] = "lua/glean/nvim.lua",
      ["glean.nvim.layout"] = "lua/glean/nvim/layout.lua",
      ["glean.org_names"] = "lua/glean/org_names.lua",
      ["glean.packs.money"] = "lua/glean/packs/money.lua",
      ["glean.packs.org"] = "lua/glean/packs/org.lua",
      ["glean.packs.person"] = "lua/glean/packs/person.lua",
      ["glean.packs.quote"] = "lua/glean/packs/quote.lua",
      ["glean.people_lists"] = "lua/glean/people_lists.lua",
      ["glean.rules"] = "lua/glean/rules.lua",
      ["glean.spans"] = "lua/glean/spans.lua",
      ["glean.writers"] = "lua/glean/writers.lua",
    },
  },
}
