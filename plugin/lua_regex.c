/* lua_regex.c — glean.regex: PCRE2 patterns (with limits) seen from Lua. */
#include <stdio.h>
#include <string.h>
#include "lua_glean.h"

/* Group pairs that fit on the C stack; more go to a scratch userdata. */
#define SMALL_GROUPS 16

typedef struct regex_box {
  glean_regex *re;
} regex_box;

static regex_box *test_box(lua_State *L, int arg)
{
  return (regex_box *)glean_lua_testudata(L, arg, GLEAN_REGEX_T);
}

static glean_regex *check_re(lua_State *L, int arg)
{
  regex_box *b = test_box(L, arg);
  if (b == NULL) glean_typeerror(L, arg, GLEAN_REGEX_T);
  luaL_argcheck(L, b->re != NULL, arg, "glean.regex has been freed");
  return b->re;
}

glean_regex *glean_lua_test_regex(lua_State *L, int arg)
{
  regex_box *b = test_box(L, arg);
  return b != NULL ? b->re : NULL;
}

glean_regex *glean_lua_check_regex(lua_State *L, int arg)
{
  return check_re(L, arg);
}

/* core.regex(pattern [, flags]); flags is a string: "i" = caseless. */
static int regex_new(lua_State *L)
{
  size_t len, i, nflags = 0;
  const char *pattern = luaL_checklstring(L, 1, &len);
  const char *flags = luaL_optlstring(L, 2, "", &nflags);
  unsigned options = 0;
  glean_error err;
  regex_box *b;
  for (i = 0; i < nflags; i++) {
    if (flags[i] == 'i')
      options |= GLEAN_RE_CASELESS;
    else
      return luaL_argerror(L, 2, lua_pushfstring(L, "unknown regex flag "
                           "'%c' (known: i)", flags[i]));
  }
  b = lua_newuserdata(L, sizeof *b);
  b->re = NULL;
  luaL_getmetatable(L, GLEAN_REGEX_T);
  lua_setmetatable(L, -2);
  memset(&err, 0, sizeof err);
  b->re = glean_regex_new(pattern, len, options, NULL, &err);
  if (b->re == NULL)
    return glean_lua_error(L, "regex: ", &err);
  return 1;
}

static int regex_gc(lua_State *L)
{
  regex_box *b = test_box(L, 1);
  if (b != NULL && b->re != NULL) {
    glean_regex_free(b->re);
    b->re = NULL;
  }
  return 0;
}

static int regex_tostring(lua_State *L)
{
  regex_box *b = test_box(L, 1);
  char buf[64];
  if (b == NULL || b->re == NULL)
    snprintf(buf, sizeof buf, "glean.regex (freed)");
  else
    snprintf(buf, sizeof buf, "glean.regex: %p", (void *)b);
  lua_pushstring(L, buf);
  return 1;
}

/* re:find(subject [, init]) -> start, end, groups  (or nil)
 * init is 1-based (negative counts from the end, as string.find); start
 * and end are 0-based byte offsets, end exclusive; groups holds the text
 * of each group, false for a group that took no part. */
static int regex_find(lua_State *L)
{
  glean_regex *re = check_re(L, 1);
  size_t len, i, small[2 * (SMALL_GROUPS + 1)], *ov = small;
  const char *s = luaL_checklstring(L, 2, &len);
  lua_Integer init = lua_isnoneornil(L, 3) ? 1 : glean_checkinteger(L, 3);
  uint32_t ngroups = glean_regex_ngroups(re);
  glean_error err;
  int rc;
  if (init < 0) init += (lua_Integer)len + 1;
  if (init < 1) init = 1;
  if ((size_t)init > len + 1) {
    lua_pushnil(L);
    return 1;
  }
  if (ngroups > SMALL_GROUPS)
    ov = lua_newuserdata(L, 2 * ((size_t)ngroups + 1) * sizeof *ov);
  memset(&err, 0, sizeof err);
  rc = glean_regex_find(re, s, len, (size_t)init - 1, ov,
                        (size_t)ngroups + 1, &err);
  if (rc < 0) return glean_lua_error(L, "regex: ", &err);
  if (rc == 0) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushinteger(L, (lua_Integer)ov[0]);
  lua_pushinteger(L, (lua_Integer)ov[1]);
  lua_createtable(L, (int)ngroups, 0);
  for (i = 1; i <= ngroups; i++) {
    size_t a = ov[2 * i], z = ov[2 * i + 1];
    if (a == (size_t)-1 || z < a || z > len)
      lua_pushboolean(L, 0);
    else
      lua_pushlstring(L, s + a, z - a);
    lua_rawseti(L, -2, (int)i);
  }
  return 3;
}

/* re:test(subject) -> true when the whole subject matches. */
static int regex_test(lua_State *L)
{
  glean_regex *re = check_re(L, 1);
  size_t len;
  const char *s = luaL_checklstring(L, 2, &len);
  glean_error err;
  int rc;
  memset(&err, 0, sizeof err);
  rc = glean_regex_full(re, s, len, &err);
  if (rc < 0) return glean_lua_error(L, "regex: ", &err);
  lua_pushboolean(L, rc);
  return 1;
}

/* re:groups() -> array with the name of each group, false when unnamed. */
static int regex_groups(lua_State *L)
{
  glean_regex *re = check_re(L, 1);
  uint32_t i, n = glean_regex_ngroups(re);
  lua_createtable(L, (int)n, 0);
  for (i = 1; i <= n; i++) {
    const char *name = glean_regex_group_name(re, i);
    if (name != NULL)
      lua_pushstring(L, name);
    else
      lua_pushboolean(L, 0);
    lua_rawseti(L, -2, (int)i);
  }
  return 1;
}

static int regex_jit(lua_State *L)
{
  lua_pushboolean(L, glean_regex_has_jit(check_re(L, 1)));
  return 1;
}

void glean_lua_open_regex(lua_State *L)
{
  static const luaL_Reg meta[] = {
    { "__gc", regex_gc },
    { "__tostring", regex_tostring },
    { NULL, NULL }
  };
  static const luaL_Reg methods[] = {
    { "find", regex_find },
    { "test", regex_test },
    { "groups", regex_groups },
    { "jit", regex_jit },
    { NULL, NULL }
  };
  glean_lua_newclass(L, GLEAN_REGEX_T, meta, methods);
  lua_pushcfunction(L, regex_new);
  lua_setfield(L, -2, "regex");
}
