/* lua_glean.c — the glean.core module: its entry point and helpers shared
 * by the binding's files (lua_document.c, lua_lexicon.c, lua_regex.c,
 * lua_ruleset.c).
 *
 * The module (bytes 0-based, end exclusive; tokens 1-based, inclusive):
 *   core.version, core.flags {WORD=, CAP=, ...}, core.max_text,
 *   core.type(v) -> "document" | "lexicon" | "regex" | "ruleset" | nil
 *   core.document(text [, {paragraphs=, abbreviations=}]) -> doc
 *     doc:text() ntokens() #doc token(i) token_text(i) has(i, "CAP", ...)
 *     tokens() token_at(offset) sentences() paragraphs() quotes() numbers()
 *   core.lexicon() -> lex
 *     lex:add(phrase, label [, value [, fold]]) add_list(list [, label
 *     [, fold]]) load(path [, {label=, fold=}]) size() labels() match(doc)
 *   core.regex(pattern [, "i"]) -> re
 *     re:find(s [, init]) test(s) groups() jit()
 *   core.ruleset([{max_match_tokens=, regex_match_limit=,
 *                  regex_depth_limit=}]) -> rs
 *     rs:label(name) labels() add_lexicon(lex) add_rule(spec) nrules()
 *     scan(doc [, want_spans])
 * Rule writers use glean.rules (lua/glean/rules.lua), which builds the
 * specs rs:add_rule takes. */
#include <stdio.h>
#include <string.h>
#include "lua_glean.h"

#define BUFFER_T "glean.buffer"

/* ---- token flags by name ------------------------------------------------ */

static const struct flag_name {
  const char *name;
  uint32_t bit;
} FLAGS[] = {
  { "WORD", GLEAN_TF_WORD },
  { "CAP", GLEAN_TF_CAP },
  { "UPPER", GLEAN_TF_UPPER },
  { "LOWER", GLEAN_TF_LOWER },
  { "DIGIT", GLEAN_TF_DIGIT },
  { "ALNUM", GLEAN_TF_ALNUM },
  { "PUNCT", GLEAN_TF_PUNCT },
  { "QUOTE", GLEAN_TF_QUOTE },
  { "QUOTE_OPEN", GLEAN_TF_QUOTE_OPEN },
  { "QUOTE_CLOSE", GLEAN_TF_QUOTE_CLOSE },
  { "CURRENCY", GLEAN_TF_CURRENCY },
  { "HYPHEN", GLEAN_TF_HYPHEN },
  { "DASH", GLEAN_TF_DASH },
  { "APOS", GLEAN_TF_APOS },
  { "ABBREV", GLEAN_TF_ABBREV },
  { "SENT_START", GLEAN_TF_SENT_START },
  { "PARA_START", GLEAN_TF_PARA_START },
  { "SPACE_BEFORE", GLEAN_TF_SPACE_BEFORE },
  { "LINE_START", GLEAN_TF_LINE_START },
  { "SENT_END", GLEAN_TF_SENT_END },
  { "INVALID", GLEAN_TF_INVALID },
  { "NUMBER", GLEAN_TF_NUMBER },
};
#define NFLAGS (sizeof FLAGS / sizeof FLAGS[0])

uint32_t glean_lua_flag_bit(const char *name)
{
  size_t i;
  for (i = 0; i < NFLAGS; i++)
    if (strcmp(FLAGS[i].name, name) == 0) return FLAGS[i].bit;
  return 0;
}

void glean_lua_push_flags(lua_State *L)
{
  size_t i;
  lua_createtable(L, 0, (int)NFLAGS);
  for (i = 0; i < NFLAGS; i++) {
    lua_pushinteger(L, (lua_Integer)FLAGS[i].bit);
    lua_setfield(L, -2, FLAGS[i].name);
  }
}

/* ---- classes and arguments ---------------------------------------------- */

void glean_lua_newclass(lua_State *L, const char *tname,
                        const luaL_Reg *meta, const luaL_Reg *methods)
{
  luaL_newmetatable(L, tname);
  glean_setfuncs(L, meta, 0);
  lua_newtable(L);
  glean_setfuncs(L, methods, 0);
  lua_setfield(L, -2, "__index");
  /* 5.4 sets __name itself; 5.1 hosts need it for nothing but symmetry. */
  lua_pushstring(L, tname);
  lua_setfield(L, -2, "__name");
  lua_pop(L, 1);
}

void *glean_lua_testudata(lua_State *L, int arg, const char *tname)
{
  void *p = lua_touserdata(L, arg);
  int same;
  if (p == NULL || !lua_getmetatable(L, arg)) return NULL;
  luaL_getmetatable(L, tname);
  same = lua_rawequal(L, -1, -2);
  lua_pop(L, 2);
  return same ? p : NULL;
}

int glean_lua_error(lua_State *L, const char *prefix, const glean_error *err)
{
  char msg[sizeof err->message];
  memcpy(msg, err->message, sizeof msg);
  msg[sizeof msg - 1] = '\0';
  if (msg[0] == '\0')
    snprintf(msg, sizeof msg, "%s", err->code == GLEAN_ENOMEM
             ? "out of memory" : "unknown error");
  /* Engine messages usually name their part already ("regex: ..."). */
  if (strncmp(msg, prefix, strlen(prefix)) == 0) prefix = "";
  return luaL_error(L, "glean: %s%s", prefix, msg);
}

lua_Integer glean_lua_optint(lua_State *L, int arg, lua_Integer def,
                             lua_Integer lo, lua_Integer hi)
{
  lua_Integer v;
  if (lua_isnoneornil(L, arg)) return def;
  v = glean_checkinteger(L, arg);
  luaL_argcheck(L, v >= lo && v <= hi, arg, "out of range");
  return v;
}

void glean_lua_check_keys(lua_State *L, int arg, const char *const *known,
                          const char *what)
{
  arg = glean_absindex(L, arg);
  lua_pushnil(L);
  while (lua_next(L, arg)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *key = lua_tostring(L, -1);
      const char *const *k;
      for (k = known; *k != NULL; k++)
        if (strcmp(*k, key) == 0) break;
      if (*k == NULL) {
        lua_pushfstring(L, "unknown %s '%s'", what, key);
        luaL_argerror(L, arg, lua_tostring(L, -1));
      }
    }
  }
}

void glean_lua_setint(lua_State *L, const char *key, lua_Integer v)
{
  lua_pushinteger(L, v);
  lua_setfield(L, -2, key);
}

void glean_lua_push_range(lua_State *L, uint32_t first, uint32_t last,
                          uint32_t start, uint32_t end)
{
  lua_createtable(L, 0, 4);
  glean_lua_setint(L, "first", (lua_Integer)first + 1);
  glean_lua_setint(L, "last", (lua_Integer)last);
  glean_lua_setint(L, "start", (lua_Integer)start);
  glean_lua_setint(L, "end", (lua_Integer)end);
}

/* ---- outside spans ------------------------------------------------------- */

/* Reads span j (1-based) into o. The keys "start" and "end" sit right
 * below the list (see glean_lua_outside_open): a key pushed as a string
 * once is found without hashing a C string again for every span. */
static void outside_read(lua_State *L, glean_lua_outside *o)
{
  lua_rawgeti(L, o->idx, (int)o->j);
  if (!lua_istable(L, -1))
    luaL_argerror(L, o->arg, "outside must be a list of spans");
  lua_pushvalue(L, o->idx - 2);
  lua_gettable(L, -2);
  lua_pushvalue(L, o->idx - 1);
  lua_gettable(L, -3);
  /* lua_type first: lua_isnumber converts an integer to see it is one */
  if (!(lua_type(L, -2) == LUA_TNUMBER || lua_isnumber(L, -2)) ||
      !(lua_type(L, -1) == LUA_TNUMBER || lua_isnumber(L, -1)))
    luaL_argerror(L, o->arg, "a span of outside has no start or end");
  o->start = lua_tointeger(L, -2);
  o->end = lua_tointeger(L, -1);
  lua_pop(L, 3);
}

/* With a list, pushes "start", "end" and the list again: o->idx is then
 * the copy, with the keys below it. */
void glean_lua_outside_open(lua_State *L, glean_lua_outside *o, int idx,
                            int arg)
{
  o->idx = idx;
  o->arg = arg;
  o->n = idx ? glean_rawlen(L, idx) : 0;
  o->j = 1;
  if (o->n == 0) return;
  luaL_checkstack(L, 6, "outside spans");   /* 3 here, 3 in outside_read */
  lua_pushliteral(L, "start");
  lua_pushliteral(L, "end");
  lua_pushvalue(L, idx);
  o->idx = lua_gettop(L);
  outside_read(L, o);
}

/* The first span that ends after the range starts; the range is clear
 * when there is none or it starts at or after the range's end. */
int glean_lua_outside_clear(lua_State *L, glean_lua_outside *o,
                            lua_Integer start, lua_Integer end)
{
  while (o->j <= o->n && o->end <= start)
    if (++o->j <= o->n) outside_read(L, o);
  return o->j > o->n || o->start >= end;
}

/* ---- engine-owned buffers ------------------------------------------------ */

void glean_lua_freebuffer(glean_lua_buffer *buf)
{
  if (buf->ptr != NULL) glean_free(NULL, buf->ptr, buf->size);
  buf->ptr = NULL;
  buf->size = 0;
}

static int buffer_gc(lua_State *L)
{
  glean_lua_freebuffer((glean_lua_buffer *)lua_touserdata(L, 1));
  return 0;
}

glean_lua_buffer *glean_lua_newbuffer(lua_State *L)
{
  glean_lua_buffer *buf = lua_newuserdata(L, sizeof *buf);
  buf->ptr = NULL;
  buf->size = 0;
  luaL_getmetatable(L, BUFFER_T);
  lua_setmetatable(L, -2);
  return buf;
}

/* ---- the module ----------------------------------------------------------- */

/* core.type(v): "document", "lexicon", "regex", "ruleset" or nil. */
static int core_type(lua_State *L)
{
  static const char *const types[] = { GLEAN_DOCUMENT_T, GLEAN_LEXICON_T,
                                       GLEAN_REGEX_T, GLEAN_RULESET_T };
  size_t i;
  luaL_checkany(L, 1);
  for (i = 0; i < sizeof types / sizeof types[0]; i++)
    if (glean_lua_testudata(L, 1, types[i])) {
      lua_pushstring(L, types[i] + strlen("glean."));
      return 1;
    }
  lua_pushnil(L);
  return 1;
}

GLEAN_LUA_EXPORT int luaopen_glean_core(lua_State *L);

GLEAN_LUA_EXPORT int luaopen_glean_core(lua_State *L)
{
  luaL_newmetatable(L, BUFFER_T);
  lua_pushcfunction(L, buffer_gc);
  lua_setfield(L, -2, "__gc");
  lua_pop(L, 1);

  lua_newtable(L);
  lua_pushliteral(L, GLEAN_VERSION);
  lua_setfield(L, -2, "version");
  glean_lua_push_flags(L);
  lua_setfield(L, -2, "flags");
  lua_pushinteger(L, (lua_Integer)GLEAN_MAX_TEXT);
  lua_setfield(L, -2, "max_text");
  lua_pushcfunction(L, core_type);
  lua_setfield(L, -2, "type");
  glean_lua_open_document(L);
  glean_lua_open_lexicon(L);
  glean_lua_open_regex(L);
  glean_lua_open_ruleset(L);
  glean_lua_open_helpers(L);
  glean_lua_open_words(L);
  return 1;
}
