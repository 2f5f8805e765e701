/* lua_glean.h — what the files of the Lua binding share; not exported.
 *
 * Lua conventions of the binding: byte offsets are 0-based, end exclusive
 * (as in the engine and the JSON output); token indexes are 1-based and
 * token ranges first..last are inclusive, so a C range [first, last)
 * becomes first + 1 .. last.
 */
#ifndef GLEAN_LUA_GLEAN_H
#define GLEAN_LUA_GLEAN_H

#include "compat.h"
#include "glean.h"

#if defined(__GNUC__)
#define GLEAN_LUA_EXPORT __attribute__((visibility("default")))
#else
#define GLEAN_LUA_EXPORT
#endif

#define GLEAN_DOCUMENT_T "glean.document"
#define GLEAN_LEXICON_T  "glean.lexicon"
#define GLEAN_REGEX_T    "glean.regex"
#define GLEAN_RULESET_T  "glean.ruleset"

/* ---- shared helpers (lua_glean.c) --------------------------------------- */

/* Creates the metatable `tname` with `meta` (metamethods) and `methods`
 * (its __index table). */
void glean_lua_newclass(lua_State *L, const char *tname,
                        const luaL_Reg *meta, const luaL_Reg *methods);
/* The userdata at arg if its metatable is `tname`, else NULL (PUC 5.1
 * lacks luaL_testudata). */
void *glean_lua_testudata(lua_State *L, int arg, const char *tname);
/* Raises "glean: <prefix><engine message>"; the prefix is left out when
 * the message starts with it already. */
int glean_lua_error(lua_State *L, const char *prefix, const glean_error *err);
/* Optional integer argument in [lo, hi]. */
lua_Integer glean_lua_optint(lua_State *L, int arg, lua_Integer def,
                             lua_Integer lo, lua_Integer hi);
/* Raises an argument error when the table at arg has a string key that is
 * not in `known` (NULL-terminated); `what` names the table. */
void glean_lua_check_keys(lua_State *L, int arg, const char *const *known,
                          const char *what);
/* Bit of token flag `name` ("CAP", "QUOTE_OPEN" ...), 0 when unknown. */
uint32_t glean_lua_flag_bit(const char *name);
/* Pushes the table of flag names to bits. */
void glean_lua_push_flags(lua_State *L);

/* t[key] = v for the table on top of the stack. */
void glean_lua_setint(lua_State *L, const char *key, lua_Integer v);
/* Pushes {first=, last=, start=, ["end"]=} for C tokens [first, last). */
void glean_lua_push_range(lua_State *L, uint32_t first, uint32_t last,
                          uint32_t start, uint32_t end);

/* The spans of an `outside` option: a list of {start=, ["end"]=} sorted
 * by start that do not overlap (as resolving leaves them), walked forward
 * once. Open with the list's stack index (0: no list) and the argument
 * number errors name; then ask, for ranges in order of start, whether a
 * range meets none of the spans. A non-empty list leaves three values
 * pushed (the keys "start" and "end" and a copy of the list): use
 * relative indexes, or indexes taken before opening, afterwards. */
typedef struct glean_lua_outside {
  int idx, arg;
  size_t n, j;
  lua_Integer start, end;   /* span j */
} glean_lua_outside;
void glean_lua_outside_open(lua_State *L, glean_lua_outside *o, int idx,
                            int arg);
int glean_lua_outside_clear(lua_State *L, glean_lua_outside *o,
                            lua_Integer start, lua_Integer end);

/* Memory the engine returned (lexicon matches) is held by a box with a
 * __gc while Lua tables are built from it, so that a Lua error (out of
 * memory) in between cannot leak it. Pushes the box. */
typedef struct glean_lua_buffer {
  void *ptr;
  size_t size;
} glean_lua_buffer;
glean_lua_buffer *glean_lua_newbuffer(lua_State *L);
void glean_lua_freebuffer(glean_lua_buffer *buf);

/* ---- types (lua_<type>.c) ------------------------------------------------ */

/* Each open function registers its metatable and sets its constructor
 * in the module table on top of the stack. */
void glean_lua_open_document(lua_State *L);
void glean_lua_open_lexicon(lua_State *L);
void glean_lua_open_regex(lua_State *L);
void glean_lua_open_ruleset(lua_State *L);
/* Sets the small primitives of lua_helpers.c (json_encode) in the module
 * table on top of the stack. */
void glean_lua_open_helpers(lua_State *L);
/* Sets core.find_words (lua_words.c) in the module table on top. */
void glean_lua_open_words(lua_State *L);

/* check_ raises an argument error unless arg is a live object of the
 * type; test_ returns NULL instead. */
glean_document *glean_lua_check_document(lua_State *L, int arg);
glean_document *glean_lua_test_document(lua_State *L, int arg);
glean_lexicon *glean_lua_check_lexicon(lua_State *L, int arg);
glean_lexicon *glean_lua_test_lexicon(lua_State *L, int arg);
glean_regex *glean_lua_check_regex(lua_State *L, int arg);
glean_regex *glean_lua_test_regex(lua_State *L, int arg);
glean_ruleset *glean_lua_check_ruleset(lua_State *L, int arg);
glean_ruleset *glean_lua_test_ruleset(lua_State *L, int arg);

#endif
