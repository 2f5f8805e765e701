/* lua_helpers.c — small primitives for the Lua side's hot paths.
 *
 * core.json_encode(value, key_order, null) -> text | nil
 *   The compact JSON text of value as lua/glean/json.lua writes it: an
 *   empty table or one with t[1] is an array of t[1..#t]; an object's keys
 *   in key_order come first in that order, the others follow sorted with
 *   Lua's "<"; `null` (json.null) and holes are null. Returns nil, and
 *   json.lua's own encoder then does the work (and raises its errors), for
 *   what only that encoder handles: a table with a metatable, a key that
 *   is not a string, a function or other value with no JSON form, an
 *   integer past 2^53 in Lua 5.4, nesting past 200.
 *
 * core.copy_fields(t, skip) -> copy | nil
 *   A new table with every field of t whose key skip does not hold
 *   (skip[k] false or nil): what `for k, v in pairs(t) do if not skip[k]
 *   then copy[k] = v end end` makes, at its size in one call. Returns nil
 *   for a t with a metatable (pairs may mean something else there: the
 *   caller copies in Lua). The result stage copies every reported span.
 */
#include "lua_glean.h"
#include "internal.h"
#include "json.h"

#include <string.h>

#define MAX_DEPTH 200
#define MAX_KEYS 32       /* of key_order */
#define MAX_REST 64       /* other keys of one object */

typedef struct encoder {
  lua_State *L;
  glean_lua_buffer *box;  /* ptr/size: the output and its capacity */
  size_t len;
  int null_idx;
  int nkeys;
  const char *key[MAX_KEYS];
  size_t key_len[MAX_KEYS];
} encoder;

/* Room for n more bytes; false when memory runs out. */
static int reserve(encoder *e, size_t n)
{
  size_t cap = e->box->size, want = e->len + n;
  void *p;
  if (want <= cap) return 1;
  if (cap < 256) cap = 256;
  while (cap < want) cap *= 2;
  p = glean_mem_realloc(NULL, e->box->ptr, e->box->size, cap);
  if (p == NULL) return 0;
  e->box->ptr = p;
  e->box->size = cap;
  return 1;
}

static int put(encoder *e, const char *s, size_t n)
{
  if (!reserve(e, n)) return 0;
  memcpy((char *)e->box->ptr + e->len, s, n);
  e->len += n;
  return 1;
}

static int put_string(encoder *e, const char *s, size_t n)
{
  if (!reserve(e, GLEAN_JSON_STRING_MAX(n))) return 0;
  e->len += glean_json_string((char *)e->box->ptr + e->len, s, n);
  return 1;
}

static int put_number(encoder *e, int idx)
{
  if (!reserve(e, GLEAN_JSON_NUMBER_MAX)) return 0;
#if LUA_VERSION_NUM >= 503
  if (lua_isinteger(e->L, idx)) {
    lua_Integer i = lua_tointeger(e->L, idx);
    /* Past 2^53 json.lua prints a float form: leave those to it. */
    if (i <= -((lua_Integer)1 << 53) || i >= ((lua_Integer)1 << 53))
      return 0;
    e->len += glean_json_number((char *)e->box->ptr + e->len, (double)i);
    return 1;
  }
#endif
  e->len += glean_json_number((char *)e->box->ptr + e->len,
                              (double)lua_tonumber(e->L, idx));
  return 1;
}

static int put_value(encoder *e, int idx, int depth);

/* Index of key s in key_order, or -1. */
static int rank_of(const encoder *e, const char *s, size_t n)
{
  int i;
  for (i = 0; i < e->nkeys; i++)
    if (e->key_len[i] == n && memcmp(e->key[i], s, n) == 0) return i;
  return -1;
}

/* a < b as Lua compares two strings (strcoll in PUC Lua, bytes in
 * LuaJIT): the host decides, so the order is the Lua encoder's. */
static int key_less(lua_State *L, const char *a, size_t an, const char *b,
                    size_t bn)
{
  int less;
  lua_pushlstring(L, a, an);
  lua_pushlstring(L, b, bn);
#if LUA_VERSION_NUM >= 502
  less = lua_compare(L, -2, -1, LUA_OPLT);
#else
  less = lua_lessthan(L, -2, -1);
#endif
  lua_pop(L, 2);
  return less;
}

/* One member: `,"key":value` (`{` instead of `,` for the first). */
static int put_member(encoder *e, int t, const char *k, size_t kn,
                      int *first, int depth)
{
  lua_State *L = e->L;
  int ok;
  if (!put(e, *first ? "{" : ",", 1) || !put_string(e, k, kn) ||
      !put(e, ":", 1))
    return 0;
  *first = 0;
  lua_pushlstring(L, k, kn);
  lua_rawget(L, t);
  ok = put_value(e, lua_gettop(L), depth);
  lua_pop(L, 1);
  return ok;
}

static int put_table(encoder *e, int t, int depth)
{
  lua_State *L = e->L;
  const char *rest[MAX_REST];
  size_t rest_len[MAX_REST];
  unsigned char present[MAX_KEYS];
  int nrest = 0, i, is_array, first = 1;
  if (depth > MAX_DEPTH || lua_getmetatable(L, t)) return 0;
  if (!lua_checkstack(L, 8)) return 0;
  lua_rawgeti(L, t, 1);
  is_array = !lua_isnil(L, -1);
  lua_pop(L, 1);
  if (!is_array) {
    lua_pushnil(L);
    if (lua_next(L, t) == 0) is_array = 1;
    else lua_pop(L, 2);
  }
  if (is_array) {
    size_t n = glean_rawlen(L, t), k;
    if (!put(e, "[", 1)) return 0;
    for (k = 1; k <= n; k++) {
      if (k > 1 && !put(e, ",", 1)) return 0;
      lua_rawgeti(L, t, (lua_Integer)k);
      if (!put_value(e, lua_gettop(L), depth + 1)) return 0;
      lua_pop(L, 1);
    }
    return put(e, "]", 1);
  }
  /* The keys: all strings; those of key_order are noted, the others
   * kept (their strings live in t, which nothing changes meanwhile). */
  memset(present, 0, sizeof present);
  lua_pushnil(L);
  while (lua_next(L, t) != 0) {
    size_t kn;
    const char *k;
    int r;
    lua_pop(L, 1);
    if (lua_type(L, -1) != LUA_TSTRING) {
      lua_pop(L, 1);
      return 0;
    }
    k = lua_tolstring(L, -1, &kn);
    r = rank_of(e, k, kn);
    if (r >= 0) present[r] = 1;
    else {
      if (nrest == MAX_REST) {
        lua_pop(L, 1);
        return 0;
      }
      rest[nrest] = k;
      rest_len[nrest++] = kn;
    }
  }
  /* Insertion sort: objects have a few other keys. */
  for (i = 1; i < nrest; i++) {
    const char *k = rest[i];
    size_t kn = rest_len[i];
    int j = i;
    while (j > 0 && key_less(L, k, kn, rest[j - 1], rest_len[j - 1])) {
      rest[j] = rest[j - 1];
      rest_len[j] = rest_len[j - 1];
      j--;
    }
    rest[j] = k;
    rest_len[j] = kn;
  }
  for (i = 0; i < e->nkeys; i++)
    if (present[i] &&
        !put_member(e, t, e->key[i], e->key_len[i], &first, depth + 1))
      return 0;
  for (i = 0; i < nrest; i++)
    if (!put_member(e, t, rest[i], rest_len[i], &first, depth + 1))
      return 0;
  return put(e, "}", 1);
}

static int put_value(encoder *e, int idx, int depth)
{
  lua_State *L = e->L;
  switch (lua_type(L, idx)) {
  case LUA_TSTRING: {
    size_t n;
    const char *s = lua_tolstring(L, idx, &n);
    return put_string(e, s, n);
  }
  case LUA_TNUMBER:
    return put_number(e, idx);
  case LUA_TBOOLEAN:
    return lua_toboolean(L, idx) ? put(e, "true", 4) : put(e, "false", 5);
  case LUA_TNIL:
    return put(e, "null", 4);
  default:
    if (lua_rawequal(L, idx, e->null_idx)) return put(e, "null", 4);
    if (lua_type(L, idx) == LUA_TTABLE) return put_table(e, idx, depth);
    return 0;
  }
}

static int helpers_json_encode(lua_State *L)
{
  encoder e;
  int ok, i;
  size_t n;
  luaL_checkany(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  luaL_checkany(L, 3);
  memset(&e, 0, sizeof e);
  e.L = L;
  e.null_idx = 3;
  n = glean_rawlen(L, 2);
  if (n > MAX_KEYS) return luaL_argerror(L, 2, "too many keys");
  for (i = 0; i < (int)n; i++) {
    lua_rawgeti(L, 2, i + 1);
    if (lua_type(L, -1) != LUA_TSTRING)
      return luaL_argerror(L, 2, "keys must be strings");
    e.key[i] = lua_tolstring(L, -1, &e.key_len[i]);
    lua_pop(L, 1);   /* the string stays alive in the table */
  }
  e.nkeys = (int)n;
  lua_settop(L, 3);
  e.box = glean_lua_newbuffer(L);   /* frees the output on any error */
  ok = put_value(&e, 1, 0);
  if (ok) lua_pushlstring(L, (const char *)e.box->ptr, e.len);
  else lua_pushnil(L);
  glean_lua_freebuffer(e.box);
  return 1;
}

static int helpers_copy_fields(lua_State *L)
{
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  if (lua_getmetatable(L, 1)) {
    lua_pushnil(L);
    return 1;
  }
  /* Room for the fields of a usual entity (counting them first would
   * cost a second walk). */
  lua_createtable(L, 0, 8);             /* 3: the copy */
  lua_pushnil(L);
  while (lua_next(L, 1)) {              /* key, value */
    lua_pushvalue(L, -2);
    lua_rawget(L, 2);                   /* key, value, skip[key] */
    if (lua_toboolean(L, -1)) {
      lua_pop(L, 2);
      continue;
    }
    lua_pop(L, 1);
    lua_pushvalue(L, -2);
    lua_pushvalue(L, -2);               /* key, value, key, value */
    lua_rawset(L, 3);
    lua_pop(L, 1);                      /* key */
  }
  return 1;
}

void glean_lua_open_helpers(lua_State *L)
{
  lua_pushcfunction(L, helpers_copy_fields);
  lua_setfield(L, -2, "copy_fields");
  lua_pushcfunction(L, helpers_json_encode);
  lua_setfield(L, -2, "json_encode");
}
