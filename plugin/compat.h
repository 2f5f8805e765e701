/* compat.h — the one place that tells Lua 5.1/LuaJIT from Lua 5.4. */
#ifndef GLEAN_COMPAT_H
#define GLEAN_COMPAT_H

#include <math.h>
#include <lua.h>
#include <lauxlib.h>

#if LUA_VERSION_NUM == 501   /* LuaJIT 2.1 (Neovim) and PUC 5.1 */

#define glean_rawlen(L, i) lua_objlen(L, i)
#define glean_newuserdata(L, size) lua_newuserdata(L, size)
/* The uservalue is the fenv, which must be a table: glean always stores a
 * table there. set pops it; get pushes it and returns its type. */
#define glean_setuservalue(L, i) ((void)lua_setfenv(L, i))
#define glean_getuservalue(L, i) (lua_getfenv(L, i), lua_type(L, -1))
#define glean_typeerror(L, arg, tname) luaL_typerror(L, arg, tname)

/* PUC 5.1 has no luaL_setfuncs; a static copy serves both 5.1 hosts. */
static inline void glean_setfuncs(lua_State *L, const luaL_Reg *l, int nup)
{
  luaL_checkstack(L, nup, "too many upvalues");
  for (; l->name != NULL; l++) {
    int i;
    for (i = 0; i < nup; i++) lua_pushvalue(L, -nup);
    lua_pushcclosure(L, l->func, nup);
    lua_setfield(L, -(nup + 2), l->name);
  }
  lua_pop(L, nup);
}

/* 5.1 truncates 1.5 to 1 silently; reject it as 5.4 does. Numbers beyond
 * 2^53 are not exact in a double, so they are refused too. */
static inline lua_Integer glean_checkinteger(lua_State *L, int arg)
{
  lua_Number n = luaL_checknumber(L, arg);
  if (n != floor(n) || fabs(n) > 9007199254740992.0)
    luaL_argerror(L, arg, "number has no integer representation");
  return (lua_Integer)n;
}

#elif LUA_VERSION_NUM == 504

#define glean_rawlen(L, i) lua_rawlen(L, i)
#define glean_newuserdata(L, size) lua_newuserdatauv(L, size, 1)
#define glean_setuservalue(L, i) ((void)lua_setiuservalue(L, i, 1))
#define glean_getuservalue(L, i) lua_getiuservalue(L, i, 1)
#define glean_typeerror(L, arg, tname) luaL_typeerror(L, arg, tname)
#define glean_setfuncs(L, l, nup) luaL_setfuncs(L, l, nup)
#define glean_checkinteger(L, arg) luaL_checkinteger(L, arg)

#else
#error "glean supports Lua 5.4 and LuaJIT 2.1 / Lua 5.1 only"
#endif

#define glean_newlib(L, l) \
  (lua_createtable(L, 0, (int)(sizeof(l) / sizeof((l)[0]) - 1)), \
   glean_setfuncs(L, l, 0))

/* Absolute stack index (lua_absindex is 5.2+). */
#define glean_absindex(L, i) \
  ((i) > 0 || (i) <= LUA_REGISTRYINDEX ? (i) : lua_gettop(L) + (i) + 1)

#endif
