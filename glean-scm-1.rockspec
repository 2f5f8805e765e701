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
        "plugin/mem.c", "plugin/utf8.c", "plugin/hash.c", "plugin/tokenize.c",
        "plugin/document.c", "plugin/quotes.c", "plugin/numbers.c",
        "plugin/lexicon.c", "plugin/regex.c", "plugin/pattern.c",
        "plugin/ruleset.c", "plugin/lua_glean.c",
      },
      defines = { "PCRE2_CODE_UNIT_WIDTH=8" },
      incdirs = { "include", "plugin", "$(PCRE2_INCDIR)" },
      libdirs = { "$(PCRE2_LIBDIR)" },
      libraries = { "pcre2-8" },
    },
  },
  copy_directories = {},
  install = { lua = {} },
}
