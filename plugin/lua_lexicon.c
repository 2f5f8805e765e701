/* lua_lexicon.c — glean.lexicon: phrase dictionaries seen from Lua. */
#include <stdio.h>
#include <string.h>
#include "internal.h"
#include "lua_glean.h"

/* The match state and the hits of lex:lookup live with the lexicon, so
 * that a lookup (one per new name a pack asks about) reuses them. */
typedef struct lexicon_box {
  glean_lexicon *lex;
  glean_lex_scratch scratch;
  glean_lex_match *hits;
  size_t hits_cap;
} lexicon_box;

static void box_free_lookup(lexicon_box *b)
{
  glean_lex_scratch_free(NULL, &b->scratch);
  glean_free(NULL, b->hits, b->hits_cap * sizeof *b->hits);
  b->hits = NULL;
  b->hits_cap = 0;
}

static lexicon_box *test_box(lua_State *L, int arg)
{
  return (lexicon_box *)glean_lua_testudata(L, arg, GLEAN_LEXICON_T);
}

static lexicon_box *check_box(lua_State *L, int arg)
{
  lexicon_box *b = test_box(L, arg);
  if (b == NULL) glean_typeerror(L, arg, GLEAN_LEXICON_T);
  luaL_argcheck(L, b->lex != NULL, arg, "glean.lexicon has been freed");
  return b;
}

static glean_lexicon *check_lex(lua_State *L, int arg)
{
  return check_box(L, arg)->lex;
}

glean_lexicon *glean_lua_test_lexicon(lua_State *L, int arg)
{
  lexicon_box *b = test_box(L, arg);
  return b != NULL ? b->lex : NULL;
}

glean_lexicon *glean_lua_check_lexicon(lua_State *L, int arg)
{
  return check_lex(L, arg);
}

/* core.lexicon() */
static int lexicon_new(lua_State *L)
{
  glean_error err;
  lexicon_box *b = lua_newuserdata(L, sizeof *b);
  memset(b, 0, sizeof *b);
  luaL_getmetatable(L, GLEAN_LEXICON_T);
  lua_setmetatable(L, -2);
  memset(&err, 0, sizeof err);
  b->lex = glean_lexicon_new(NULL, &err);
  if (b->lex == NULL) return glean_lua_error(L, "lexicon: ", &err);
  return 1;
}

static int lexicon_gc(lua_State *L)
{
  lexicon_box *b = test_box(L, 1);
  if (b != NULL && b->lex != NULL) {
    box_free_lookup(b);
    glean_lexicon_free(b->lex);
    b->lex = NULL;
  }
  return 0;
}

static int lexicon_tostring(lua_State *L)
{
  lexicon_box *b = test_box(L, 1);
  char buf[96];
  if (b == NULL || b->lex == NULL)
    snprintf(buf, sizeof buf, "glean.lexicon (freed)");
  else
    snprintf(buf, sizeof buf, "glean.lexicon (%zu entries): %p",
             glean_lexicon_size(b->lex), (void *)b);
  lua_pushstring(L, buf);
  return 1;
}

/* A C string argument (label, value): NUL bytes would cut it short. */
static const char *cstring(lua_State *L, int idx, int arg, const char *what)
{
  size_t len;
  const char *s = lua_tolstring(L, idx, &len);
  if (lua_type(L, idx) != LUA_TSTRING || strlen(s) != len) {
    lua_pushfstring(L, "%s must be a string without NUL bytes", what);
    luaL_argerror(L, arg, lua_tostring(L, -1));
  }
  return s;
}

/* lex:add(phrase, label [, value [, fold]]) */
static int lexicon_add(lua_State *L)
{
  glean_lexicon *lex = check_lex(L, 1);
  size_t len;
  const char *phrase = luaL_checklstring(L, 2, &len);
  const char *label = cstring(L, 3, 3, "label");
  const char *value = lua_isnoneornil(L, 4) ? NULL
                                            : cstring(L, 4, 4, "value");
  int mode = lua_toboolean(L, 5) ? GLEAN_LEX_FOLD : GLEAN_LEX_EXACT;
  glean_error err;
  memset(&err, 0, sizeof err);
  if (glean_lexicon_add(lex, phrase, len, label, value, mode, &err)
      != GLEAN_OK)
    return glean_lua_error(L, "lexicon: ", &err);
  lua_settop(L, 1);
  return 1;
}

/* Field `key` or, failing that, array slot `i` of the table at idx. */
static int entry_field(lua_State *L, int idx, const char *key, int i)
{
  lua_getfield(L, idx, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_rawgeti(L, idx, i);
  }
  return lua_type(L, -1);
}

/* lex:add_list(list [, label [, fold]]) -> count. Each element is a
 * phrase, or {phrase, label, value, fold} (or the same as named fields);
 * the label and fold arguments are the defaults. */
static int lexicon_add_list(lua_State *L)
{
  glean_lexicon *lex = check_lex(L, 1);
  const char *dlabel = lua_isnoneornil(L, 3) ? NULL
                                             : cstring(L, 3, 3, "label");
  int dfold = lua_toboolean(L, 4);
  size_t i, n;
  glean_error err;
  luaL_checktype(L, 2, LUA_TTABLE);
  n = glean_rawlen(L, 2);
  lua_settop(L, 4);
  memset(&err, 0, sizeof err);
  for (i = 1; i <= n; i++) {
    const char *phrase, *label = dlabel, *value = NULL;
    size_t len;
    int fold = dfold;
    lua_rawgeti(L, 2, (int)i);                                 /* 5 */
    if (lua_istable(L, 5)) {
      entry_field(L, 5, "phrase", 1);                          /* 6 */
      if (entry_field(L, 5, "label", 2) != LUA_TNIL)           /* 7 */
        label = cstring(L, 7, 2, "a label in the list");
      if (entry_field(L, 5, "value", 3) != LUA_TNIL)           /* 8 */
        value = cstring(L, 8, 2, "a value in the list");
      if (entry_field(L, 5, "fold", 4) != LUA_TNIL)            /* 9 */
        fold = lua_toboolean(L, 9);
    } else {
      lua_pushvalue(L, 5);                                     /* 6 */
    }
    if (lua_type(L, 6) != LUA_TSTRING)
      return luaL_argerror(L, 2, lua_pushfstring(L, "entry #%d: phrase "
                           "must be a string, got %s", (int)i,
                           luaL_typename(L, 6)));
    if (label == NULL)
      return luaL_argerror(L, 2, lua_pushfstring(L, "entry #%d has no "
                           "label (give one, or a default label)", (int)i));
    phrase = lua_tolstring(L, 6, &len);
    if (glean_lexicon_add(lex, phrase, len, label, value,
                          fold ? GLEAN_LEX_FOLD : GLEAN_LEX_EXACT, &err)
        != GLEAN_OK) {
      char where[32];
      snprintf(where, sizeof where, "lexicon: entry #%zu: ", i);
      return glean_lua_error(L, where, &err);
    }
    lua_settop(L, 4);
  }
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* lex:load(path [, {label=, fold=}]) -> loaded, skipped, first_bad_line */
static int lexicon_load(lua_State *L)
{
  static const char *const known[] = { "label", "fold", NULL };
  glean_lexicon *lex = check_lex(L, 1);
  const char *path = cstring(L, 2, 2, "path");
  const char *label = NULL;
  int mode = GLEAN_LEX_EXACT;
  size_t loaded = 0, skipped = 0, bad = 0;
  glean_error err;
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    glean_lua_check_keys(L, 3, known, "option");
    lua_getfield(L, 3, "label");
    if (!lua_isnil(L, -1)) label = cstring(L, -1, 3, "label");
    lua_getfield(L, 3, "fold");
    if (lua_toboolean(L, -1)) mode = GLEAN_LEX_FOLD;
  }
  memset(&err, 0, sizeof err);
  if (glean_lexicon_load_file(lex, path, label, mode, &loaded, &skipped,
                              &bad, &err) != GLEAN_OK) {
    if (err.code == GLEAN_EIO) {
      /* One message whether open or read failed: the reason follows the
       * quoted path in the engine's message. */
      const char *reason = strstr(err.message, "': ");
      lua_pushstring(L, reason != NULL ? reason + 3 : err.message);
      return luaL_error(L, "glean: cannot read '%s': %s", path,
                        lua_tostring(L, -1));
    }
    return glean_lua_error(L, "lexicon: ", &err);
  }
  lua_pushinteger(L, (lua_Integer)loaded);
  lua_pushinteger(L, (lua_Integer)skipped);
  if (bad > 0)
    lua_pushinteger(L, (lua_Integer)bad);
  else
    lua_pushnil(L);
  return 3;
}

static int lexicon_size(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)glean_lexicon_size(check_lex(L, 1)));
  return 1;
}

static int lexicon_labels(lua_State *L)
{
  glean_lexicon *lex = check_lex(L, 1);
  size_t i, n = glean_lexicon_nlabels(lex);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_pushstring(L, glean_lexicon_label_name(lex, (uint32_t)i));
    lua_rawseti(L, -2, (int)i + 1);
  }
  return 1;
}

/* Labels a match keeps (opts.label: a name or a list of names); at most
 * MAX_KEEP of them. A name the lexicon does not have matches nothing. */
#define MAX_KEEP 32
typedef struct label_filter {
  int on;                    /* 0: every label */
  size_t n;
  uint32_t ids[MAX_KEEP];
} label_filter;

static void keep_label(lua_State *L, glean_lexicon *lex, label_filter *f,
                       int idx)
{
  int32_t id;
  if (lua_type(L, idx) != LUA_TSTRING)
    luaL_argerror(L, 3, "label must be a string or a list of strings");
  id = glean_lexicon_label_id(lex, lua_tostring(L, idx));
  if (id < 0) return;
  if (f->n == MAX_KEEP) luaL_argerror(L, 3, "too many labels");
  f->ids[f->n++] = (uint32_t)id;
}

static int label_kept(const label_filter *f, uint32_t label)
{
  size_t k;
  if (!f->on) return 1;
  for (k = 0; k < f->n; k++)
    if (f->ids[k] == label) return 1;
  return 0;
}

/* Pushes the name of label `id`, interned once per call in the table at
 * `names`: most matches share a few labels. */
static void push_label(lua_State *L, glean_lexicon *lex, int names,
                       uint32_t id)
{
  lua_rawgeti(L, names, (int)id + 1);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    lua_pushstring(L, glean_lexicon_label_name(lex, id));
    lua_pushvalue(L, -1);
    lua_rawseti(L, names, (int)id + 1);
  }
}

/* lex:match(doc [, opts]) -> {{first=, last=, start=, ["end"]=, label=,
 * value=}}. opts.label (a name or a list) keeps the matches of those
 * labels; opts.outside, a list of spans sorted by start that do not
 * overlap (as resolving leaves them), keeps the matches that meet none of
 * them. Both filters run here, so the matches a caller would drop never
 * become tables. */
static int lexicon_match(lua_State *L)
{
  static const char *const known[] = { "label", "outside", NULL };
  glean_lexicon *lex = check_lex(L, 1);
  const glean_document *doc = glean_lua_check_document(L, 2);
  glean_lua_buffer *buf;
  glean_lex_match *m = NULL;
  glean_error err;
  label_filter keep;
  int outside = 0, names;
  glean_lua_outside out;
  size_t i, n, k, count = 0;
  memset(&keep, 0, sizeof keep);
  if (!lua_isnoneornil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    glean_lua_check_keys(L, 3, known, "option");
    lua_getfield(L, 3, "label");
    if (lua_istable(L, -1)) {
      size_t nl = glean_rawlen(L, -1);
      keep.on = 1;
      for (k = 1; k <= nl; k++) {
        lua_rawgeti(L, -1, (int)k);
        keep_label(L, lex, &keep, lua_gettop(L));
        lua_pop(L, 1);
      }
    } else if (!lua_isnil(L, -1)) {
      keep.on = 1;
      keep_label(L, lex, &keep, lua_gettop(L));
    }
    lua_getfield(L, 3, "outside");
    if (!lua_isnil(L, -1)) {
      luaL_argcheck(L, lua_istable(L, -1), 3, "outside must be a list");
      outside = lua_gettop(L);
    }
  }
  lua_newtable(L);
  names = lua_gettop(L);
  buf = glean_lua_newbuffer(L);
  memset(&err, 0, sizeof err);
  n = glean_lexicon_match(lex, doc, &m, &err);
  if (n == (size_t)-1) {
    if (m != NULL) glean_free(NULL, m, 0);
    return glean_lua_error(L, "lexicon: ", &err);
  }
  buf->ptr = m;
  buf->size = n * sizeof *m;
  glean_lua_outside_open(L, &out, outside, 3);
  lua_createtable(L, keep.on || outside ? 0 : (int)n, 0);
  for (i = 0; i < n; i++) {
    if (!label_kept(&keep, m[i].label)) continue;
    /* matches come by start, as the walk over the spans wants */
    if (!glean_lua_outside_clear(L, &out, m[i].start, m[i].end)) continue;
    lua_createtable(L, 0, m[i].value >= 0 ? 6 : 5);
    glean_lua_setint(L, "first", (lua_Integer)m[i].first + 1);
    glean_lua_setint(L, "last", (lua_Integer)m[i].last);
    glean_lua_setint(L, "start", (lua_Integer)m[i].start);
    glean_lua_setint(L, "end", (lua_Integer)m[i].end);
    push_label(L, lex, names, m[i].label);
    lua_setfield(L, -2, "label");
    if (m[i].value >= 0) {
      lua_pushstring(L, glean_lexicon_value(lex, m[i].value));
      lua_setfield(L, -2, "value");
    }
    lua_rawseti(L, -2, (int)++count);
  }
  glean_lua_freebuffer(buf);
  return 1;
}

/* Tokens a lookup reads: a lexicon phrase has at most 32 (lexicon.c), so
 * a text of more tokens is no entry. */
#define LOOKUP_MAX_TOKENS 64
/* A bit the tokenizer leaves to its caller: a blank line before. */
#define LOOKUP_BLANK (1u << 31)
_Static_assert(LOOKUP_BLANK > GLEAN_TF_NUMBER, "flag bit is free");

/* lex:lookup(phrase) -> {[label] = value or true}: the entries of the
 * phrase as a whole, i.e. the matches lex:match(core.document(phrase))
 * would give from its first byte to its last. The phrase is tokenized
 * as a document would be (paragraph breaks included) and handed to the
 * lexicon's own match; no document is built. */
static int lexicon_lookup(lua_State *L)
{
  lexicon_box *b = check_box(L, 1);
  glean_lexicon *lex = b->lex;
  size_t len, n, k, nhits = 0;
  const char *phrase = luaL_checklstring(L, 2, &len);
  glean_token toks[LOOKUP_MAX_TOKENS + 1];
  glean_tokhash h[LOOKUP_MAX_TOKENS];
  glean_tokenizer t;
  glean_hashes hs;
  glean_error err;
  uint32_t breaks;
  lua_newtable(L);
  if (len == 0 || len > GLEAN_MAX_TEXT) return 1;
  glean_tokenizer_init(&t, phrase, len, NULL);
  n = glean_tokenizer_fill(&t, toks, LOOKUP_MAX_TOKENS + 1, LOOKUP_BLANK, 0);
  /* Only a match from the first byte to the last can answer. */
  if (n == 0 || n > LOOKUP_MAX_TOKENS || toks[0].start != 0 ||
      toks[n - 1].end != len)
    return 1;
  /* Paragraphs as a document finds them (its "auto" mode): after blank
   * lines when the text has any, else after every line break. No match
   * runs across one. */
  breaks = t.blank_seen ? LOOKUP_BLANK : (uint32_t)GLEAN_TF_LINE_START;
  for (k = 1; k < n; k++)
    if (toks[k].flags & breaks) toks[k].flags |= GLEAN_TF_PARA_START;
  memset(h, 0, n * sizeof *h);
  memset(&hs, 0, sizeof hs);
  hs.text = phrase;
  hs.text_len = len;
  hs.toks = toks;
  hs.h = h;
  hs.fold = glean_lexicon_wants_fold(lex);
  memset(&err, 0, sizeof err);
  if (glean_lexicon_match_into(lex, toks, n, &hs, &b->scratch, NULL,
                               &b->hits, &nhits, &b->hits_cap, &err)
      != GLEAN_OK)
    return glean_lua_error(L, "lexicon: ", &err);
  for (k = 0; k < nhits && b->hits[k].first == 0; k++) {
    const glean_lex_match *m = &b->hits[k];
    if (m->last != n) continue;
    lua_pushstring(L, glean_lexicon_label_name(lex, m->label));
    if (m->value >= 0)
      lua_pushstring(L, glean_lexicon_value(lex, m->value));
    else
      lua_pushboolean(L, 1);
    lua_rawset(L, -3);
  }
  return 1;
}

void glean_lua_open_lexicon(lua_State *L)
{
  static const luaL_Reg meta[] = {
    { "__gc", lexicon_gc },
    { "__tostring", lexicon_tostring },
    { "__len", lexicon_size },
    { NULL, NULL }
  };
  static const luaL_Reg methods[] = {
    { "add", lexicon_add },
    { "add_list", lexicon_add_list },
    { "load", lexicon_load },
    { "size", lexicon_size },
    { "labels", lexicon_labels },
    { "match", lexicon_match },
    { "lookup", lexicon_lookup },
    { NULL, NULL }
  };
  glean_lua_newclass(L, GLEAN_LEXICON_T, meta, methods);
  lua_pushcfunction(L, lexicon_new);
  lua_setfield(L, -2, "lexicon");
}
