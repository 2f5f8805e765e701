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
#define KEY_JSON_MAX 40   /* bytes of a member's head kept ready */

typedef struct encoder {
  lua_State *L;
  glean_lua_buffer *box;  /* ptr/size: the output and its capacity */
  size_t len;
  int null_idx;
  int nkeys;
  const char *key[MAX_KEYS];
  size_t key_len[MAX_KEYS];
  /* `,"key":` of each key of key_order, written once per call (length 0:
   * too long to keep, written each time) */
  char key_json[MAX_KEYS][KEY_JSON_MAX];
  size_t key_json_len[MAX_KEYS];
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
    e->len += glean_json_integer((char *)e->box->ptr + e->len,
                                 (long long)i);
    return 1;
  }
#endif
  e->len += glean_json_number((char *)e->box->ptr + e->len,
                              (double)lua_tonumber(e->L, idx));
  return 1;
}

static int put_value(encoder *e, int idx, int depth);

/* Index of key s in key_order, or -1. A key string of the table is most
 * often the very string of key_order (short strings are interned): the
 * pointer says so at once; other strings of the same length and first
 * byte are compared. */
static int rank_of(const encoder *e, const char *s, size_t n)
{
  int i;
  for (i = 0; i < e->nkeys; i++)
    if (e->key[i] == s) return i;
  for (i = 0; i < e->nkeys; i++)
    if (e->key_len[i] == n && n > 0 && e->key[i][0] == s[0] &&
        memcmp(e->key[i], s, n) == 0)
      return i;
  return -1;
}

/* One member: `,"key":value` (`{` instead of `,` for the first); the
 * value is at stack index v. */
static int put_member(encoder *e, const char *k, size_t kn, int v,
                      int *first, int depth)
{
  if (!put(e, *first ? "{" : ",", 1) || !put_string(e, k, kn) ||
      !put(e, ":", 1))
    return 0;
  *first = 0;
  return put_value(e, v, depth);
}

/* An object: every key and value is left on the stack by the walk over t
 * (a key, then its value), so that writing a member needs no lookup and
 * sorting no new string. Keys of key_order are noted by rank, the others
 * kept in rest. */
static int put_object(encoder *e, int t, int depth)
{
  lua_State *L = e->L;
  int base = lua_gettop(L), i, nrest = 0, first = 1, ok = 1;
  int slot[MAX_KEYS];      /* stack index of key_order[i]'s key, or 0 */
  int rest[MAX_REST];      /* stack indexes of the other keys */
  const char *rest_key[MAX_REST];
  size_t rest_len[MAX_REST];
  /* Room for every member this accepts (more: it declines). */
  if (!lua_checkstack(L, 2 * (MAX_KEYS + MAX_REST) + 8)) return 0;
  for (i = 0; i < e->nkeys; i++) slot[i] = 0;
  lua_pushnil(L);
  while (lua_next(L, t) != 0) {        /* pops the key it goes on from */
    size_t kn;
    const char *k;
    int r, kidx = lua_gettop(L) - 1;
    if (lua_type(L, kidx) != LUA_TSTRING) {
      ok = 0;
      break;
    }
    k = lua_tolstring(L, kidx, &kn);
    r = rank_of(e, k, kn);
    if (r >= 0) {
      slot[r] = kidx;
    } else if (nrest == MAX_REST) {
      ok = 0;
      break;
    } else {
      rest_key[nrest] = k;
      rest_len[nrest] = kn;
      rest[nrest++] = kidx;
    }
    lua_pushvalue(L, kidx);            /* where lua_next goes on */
  }
  /* Insertion sort of the other keys with Lua's "<" (strcoll in PUC Lua,
   * bytes in LuaJIT: the host decides, as for the Lua encoder); objects
   * have a few of them. */
  for (i = 1; ok && i < nrest; i++) {
    int k = rest[i], j = i;
    const char *ks = rest_key[i];
    size_t kn = rest_len[i];
#if LUA_VERSION_NUM >= 502
    while (j > 0 && lua_compare(L, k, rest[j - 1], LUA_OPLT)) {
#else
    while (j > 0 && lua_lessthan(L, k, rest[j - 1])) {
#endif
      rest[j] = rest[j - 1];
      rest_key[j] = rest_key[j - 1];
      rest_len[j] = rest_len[j - 1];
      j--;
    }
    rest[j] = k;
    rest_key[j] = ks;
    rest_len[j] = kn;
  }
  for (i = 0; ok && i < e->nkeys; i++) {
    size_t hn = e->key_json_len[i];
    if (slot[i] == 0) continue;
    if (hn == 0) {
      ok = put_member(e, e->key[i], e->key_len[i], slot[i] + 1, &first,
                      depth + 1);
    } else if ((ok = reserve(e, hn)) != 0) {
      char *o = (char *)e->box->ptr + e->len;
      memcpy(o, e->key_json[i], hn);
      if (first) o[0] = '{';
      e->len += hn;
      first = 0;
      ok = put_value(e, slot[i] + 1, depth + 1);
    }
  }
  for (i = 0; ok && i < nrest; i++)
    if (!put_member(e, rest_key[i], rest_len[i], rest[i] + 1, &first,
                    depth + 1))
      ok = 0;
  lua_settop(L, base);
  return ok && put(e, "}", 1);
}

static int put_table(encoder *e, int t, int depth)
{
  lua_State *L = e->L;
  int is_array;
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
  return put_object(e, t, depth);
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
    if (GLEAN_JSON_STRING_MAX(e.key_len[i]) + 2 <= KEY_JSON_MAX) {
      char *o = e.key_json[i];
      size_t k = 1;
      o[0] = ',';
      k += glean_json_string(o + 1, e.key[i], e.key_len[i]);
      o[k++] = ':';
      e.key_json_len[i] = k;
    }
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
