/* test_threads.c — the engine has no global state, so two Lua 5.4 states
 * on two threads, each with its own extractor, must give exactly the
 * results one state gives alone, however their scans interleave.
 *
 * Each state loads glean from the checkout (lua/ and the module in
 * GLEAN_TEST_CPATH, default build/lua5.4/?.so; `make check-asan` points it
 * at the sanitized module), extracts from the golden articles and from
 * hostile texts several times over, and turns every result into one
 * string. The main thread computes the same string alone first. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include "check.h"

/* Returns the digest of every result, as one string. */
static const char *const SCRIPT =
  "local cpath = ...\n"
  "package.path = 'lua/?.lua;lua/?/init.lua;' .. package.path\n"
  "package.cpath = cpath .. ';' .. package.cpath\n"
  "local glean = require 'glean'\n"
  "local ex = glean.new()\n"
  "local texts = {}\n"
  "for _, f in ipairs { 'port-deal', 'trade-talks', 'council-budget',\n"
  "                     'lab-funding' } do\n"
  "  local fh = assert(io.open('tests/golden/' .. f .. '.txt', 'rb'))\n"
  "  texts[#texts + 1] = fh:read('a'); fh:close()\n"
  "end\n"
  "texts[#texts + 1] = ('\"'):rep(501) .. ' Ann Lee said.'\n"
  "texts[#texts + 1] = 'A\\0B \\255\\254 said \"Mr. Ola Obi\" $5 \\226\\128'\n"
  "texts[#texts + 1] = ('Big '):rep(3000)\n"
  "local out = {}\n"
  "for round = 1, 3 do\n"
  "  for i, t in ipairs(texts) do\n"
  "    local r = ex:extract(t)\n"
  "    for _, e in ipairs(r.entities) do\n"
  "      out[#out + 1] = table.concat({ i, e.label, e.start, e['end'],\n"
  "        tostring(e.amount), tostring(e.canonical) }, ' ')\n"
  "    end\n"
  "    for _, q in ipairs(r.quotes) do\n"
  "      out[#out + 1] = table.concat({ i, 'Q', q.start, q['end'],\n"
  "        tostring(q.speaker), tostring(q.cue) }, ' ')\n"
  "    end\n"
  "  end\n"
  "end\n"
  "return table.concat(out, '\\n')\n";

typedef struct job {
  const char *cpath;
  char *digest;    /* malloc'ed, or NULL */
  char error[512];
} job;

static void *run_state(void *arg) {
  job *j = arg;
  lua_State *L = luaL_newstate();
  if (!L) { snprintf(j->error, sizeof j->error, "no Lua state"); return NULL; }
  luaL_openlibs(L);
  if (luaL_loadstring(L, SCRIPT) != LUA_OK) {
    snprintf(j->error, sizeof j->error, "%s", lua_tostring(L, -1));
  } else {
    lua_pushstring(L, j->cpath);
    if (lua_pcall(L, 1, 1, 0) != LUA_OK) {
      snprintf(j->error, sizeof j->error, "%s", lua_tostring(L, -1));
    } else {
      size_t n;
      const char *s = lua_tolstring(L, -1, &n);
      j->digest = malloc(n + 1);
      if (j->digest) memcpy(j->digest, s, n + 1);
    }
  }
  lua_close(L);
  return NULL;
}

int main(void) {
  const char *cpath = getenv("GLEAN_TEST_CPATH");
  if (!cpath) cpath = "build/lua5.4/?.so";

  job alone = {cpath, NULL, ""};
  run_state(&alone);
  if (alone.error[0]) fprintf(stderr, "alone: %s\n", alone.error);
  CHECK(alone.digest != NULL);
  /* The digest is not trivially empty: the golden articles have people,
   * money and quotations. */
  CHECK(alone.digest && strstr(alone.digest, " PERSON ") != NULL);
  CHECK(alone.digest && strstr(alone.digest, " MONEY ") != NULL);
  CHECK(alone.digest && strstr(alone.digest, " Q ") != NULL);

  /* Twice two threads at once, each pair compared with the lone run. */
  for (int round = 0; round < 2; round++) {
    job jobs[2] = {{cpath, NULL, ""}, {cpath, NULL, ""}};
    pthread_t th[2];
    int started[2];
    for (int i = 0; i < 2; i++)
      started[i] = pthread_create(&th[i], NULL, run_state, &jobs[i]) == 0;
    for (int i = 0; i < 2; i++) {
      CHECK(started[i]);
      if (started[i]) pthread_join(th[i], NULL);
      if (jobs[i].error[0]) fprintf(stderr, "thread %d: %s\n", i, jobs[i].error);
      CHECK(jobs[i].digest != NULL);
      CHECK(jobs[i].digest && alone.digest &&
            strcmp(jobs[i].digest, alone.digest) == 0);
      free(jobs[i].digest);
    }
  }
  free(alone.digest);
  return CHECK_DONE("test_threads");
}
