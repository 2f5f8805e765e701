/* lua_document.c — glean.document: a tokenized text seen from Lua. */
#include <stdio.h>
#include <string.h>
#include "lua_glean.h"

/* The engine's arrays are cached here so that doc:token(i), the most
 * frequent call, touches no engine function. The text itself is kept
 * alive by the userdata's uservalue: the string itself under Lua 5.4, a
 * table {text} under 5.1 and LuaJIT, where it must be a table. */
#if LUA_VERSION_NUM >= 504
#define TEXT_IN_TABLE 0
#else
#define TEXT_IN_TABLE 1
#endif
typedef struct document_box {
  glean_document *doc;
  const char *text;
  size_t len;
  const glean_token *toks;
  size_t ntoks;
} document_box;

static document_box *test_box(lua_State *L, int arg)
{
  return (document_box *)glean_lua_testudata(L, arg, GLEAN_DOCUMENT_T);
}

static document_box *check_box(lua_State *L, int arg)
{
  document_box *b = test_box(L, arg);
  if (b == NULL) glean_typeerror(L, arg, GLEAN_DOCUMENT_T);
  /* A closed document (doc:close()), or, from a finalizer, a collected one. */
  luaL_argcheck(L, b->doc != NULL, arg, "glean.document is closed");
  return b;
}

/* The document of a method call (arg 1). The methods hold the document
 * metatable as upvalue 1 (see glean_lua_open_document): comparing with it
 * is one pointer compare, where check_box looks the metatable up in the
 * registry by name, a cost paid on every doc:token(i) or doc:flags(i) of
 * the Lua stages. Anything else takes check_box's path and its errors. */
static document_box *self_box(lua_State *L)
{
  document_box *b = (document_box *)lua_touserdata(L, 1);
  int same = 0;
  if (b != NULL && lua_getmetatable(L, 1)) {
    same = lua_rawequal(L, -1, lua_upvalueindex(1));
    lua_pop(L, 1);
  }
  return same && b->doc != NULL ? b : check_box(L, 1);
}

glean_document *glean_lua_test_document(lua_State *L, int arg)
{
  document_box *b = test_box(L, arg);
  return b != NULL ? b->doc : NULL;
}

glean_document *glean_lua_check_document(lua_State *L, int arg)
{
  return check_box(L, arg)->doc;
}

/* ---- construction --------------------------------------------------------- */

/* Reads opts (at arg) into o. The abbreviation array lives in a userdata
 * left on the stack, so nothing leaks if a later step raises; the strings
 * stay alive in the opts table, which is an argument of the call. */
static void read_options(lua_State *L, int arg, glean_doc_options *o)
{
  static const char *const known[] = { "paragraphs", "abbreviations", NULL };
  static const char *const modes[] = { "auto", "lines", "blank", NULL };
  static const glean_para_mode values[] = { GLEAN_PARA_AUTO,
                                            GLEAN_PARA_LINES,
                                            GLEAN_PARA_BLANK };
  memset(o, 0, sizeof *o);
  if (lua_isnoneornil(L, arg)) return;
  luaL_checktype(L, arg, LUA_TTABLE);
  glean_lua_check_keys(L, arg, known, "option");

  lua_getfield(L, arg, "paragraphs");
  if (!lua_isnil(L, -1)) {
    int i = 0;
    if (lua_type(L, -1) == LUA_TSTRING)
      while (modes[i] != NULL && strcmp(lua_tostring(L, -1), modes[i]) != 0)
        i++;
    if (lua_type(L, -1) != LUA_TSTRING || modes[i] == NULL)
      luaL_argerror(L, arg, "paragraphs must be \"auto\", \"lines\" or "
                    "\"blank\"");
    o->paragraphs = values[i];
  }
  lua_pop(L, 1);

  lua_getfield(L, arg, "abbreviations");
  if (!lua_isnil(L, -1)) {
    size_t i, n;
    const char **list;
    if (!lua_istable(L, -1))
      luaL_argerror(L, arg, "abbreviations must be an array of strings");
    n = glean_rawlen(L, -1);
    list = lua_newuserdata(L, (n ? n : 1) * sizeof *list);
    for (i = 0; i < n; i++) {
      size_t len;
      lua_rawgeti(L, -2, (int)i + 1);
      if (lua_type(L, -1) != LUA_TSTRING)
        luaL_argerror(L, arg, "abbreviations must be an array of strings");
      list[i] = lua_tolstring(L, -1, &len);
      if (strlen(list[i]) != len)
        luaL_argerror(L, arg, "an abbreviation contains a NUL byte");
      lua_pop(L, 1);
    }
    o->abbreviations = list;
    o->nabbreviations = n;
    lua_remove(L, -2);  /* keep the array block, drop the table copy */
  } else {
    lua_pop(L, 1);
  }
}

/* Bytes the engine holds for b (approximately), for the collector. */
static size_t engine_bytes(const document_box *b)
{
  size_t ns = 0, np = 0, nq = 0;
  /* Numbers are left out: asking for them would compute them (see
   * glean_document_numbers), and they are a small share anyway. */
  glean_document_sentences(b->doc, &ns);
  glean_document_paragraphs(b->doc, &np);
  glean_document_quotes(b->doc, &nq);
  return b->ntoks * sizeof(glean_token) + (ns + np) * sizeof(glean_range) +
         nq * sizeof(glean_quote);
}

/* core.document(text [, opts]) */
static int document_new(lua_State *L)
{
  size_t len, kb;
  const char *text = luaL_checklstring(L, 1, &len);
  glean_doc_options opts;
  glean_error err;
  document_box *b;

  if (len > GLEAN_MAX_TEXT)
    return luaL_argerror(L, 1, "text too large (glean documents are "
                         "limited to 4 GiB)");
  read_options(L, 2, &opts);

  b = glean_newuserdata(L, sizeof *b);
  memset(b, 0, sizeof *b);
  luaL_getmetatable(L, GLEAN_DOCUMENT_T);
  lua_setmetatable(L, -2);
#if TEXT_IN_TABLE
  lua_createtable(L, 1, 0);
  lua_pushvalue(L, 1);
  lua_rawseti(L, -2, 1);
#else
  lua_pushvalue(L, 1);
#endif
  glean_setuservalue(L, -2);

  memset(&err, 0, sizeof err);
  b->doc = glean_document_new(text, len, &opts, NULL, &err);
  if (b->doc == NULL) return glean_lua_error(L, "document: ", &err);
  b->text = text;
  b->len = len;
  b->toks = glean_document_tokens(b->doc, &b->ntoks);

  /* The collector cannot see the engine's malloc'd arrays: without this
   * nudge, a loop creating documents keeps megabytes of garbage alive
   * because each userdata looks tiny. The step is paid in proportion. */
  kb = engine_bytes(b) / 1024;
  if (kb > 0) lua_gc(L, LUA_GCSTEP, kb > 1000000 ? 1000000 : (int)kb);
  return 1;
}

/* doc:close(), __close and __gc: gives the engine's arrays back now.
 * A loop that makes documents and drops them leaves them to the
 * collector, which frees them late: thousands of documents' arrays then
 * sit in memory, and each new document writes its tokens into memory the
 * cache has lost (the tokenize stage runs 15-25% slower). Closing each
 * one when done keeps the same few kilobytes in use. Safe to repeat. */
static int document_close(lua_State *L)
{
  document_box *b = test_box(L, 1);
  if (b != NULL && b->doc != NULL) {
    glean_document_free(b->doc);
    memset(b, 0, sizeof *b);
  }
  return 0;
}

static int document_tostring(lua_State *L)
{
  document_box *b = test_box(L, 1);
  char buf[96];
  if (b == NULL || b->doc == NULL)
    snprintf(buf, sizeof buf, "glean.document (closed)");
  else
    snprintf(buf, sizeof buf, "glean.document (%zu tokens): %p", b->ntoks,
             (void *)b);
  lua_pushstring(L, buf);
  return 1;
}

/* ---- tokens ----------------------------------------------------------------- */

static int document_text(lua_State *L)
{
  self_box(L);
  glean_getuservalue(L, 1);
#if TEXT_IN_TABLE
  lua_rawgeti(L, -1, 1);
#endif
  return 1;
}

static int document_ntokens(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)self_box(L)->ntoks);
  return 1;
}

/* The token at 1-based index arg, or NULL when out of range. */
static const glean_token *token_arg(lua_State *L, document_box *b, int arg)
{
  lua_Integer i = glean_checkinteger(L, arg);
  if (i < 1 || (size_t)i > b->ntoks) return NULL;
  return &b->toks[i - 1];
}

/* doc:token(i) -> start, end, flags */
static int document_token(lua_State *L)
{
  document_box *b = self_box(L);
  const glean_token *t = token_arg(L, b, 2);
  if (t == NULL) {
    lua_pushnil(L);
    return 1;
  }
  lua_pushinteger(L, (lua_Integer)t->start);
  lua_pushinteger(L, (lua_Integer)t->end);
  lua_pushinteger(L, (lua_Integer)t->flags);
  return 3;
}

/* doc:flags(i) -> the flags of token i, 0 past either end: what
 * select(3, doc:token(i)) or 0 gives, for loops that read only flags. */
static int document_flags(lua_State *L)
{
  document_box *b = self_box(L);
  const glean_token *t = token_arg(L, b, 2);
  lua_pushinteger(L, t != NULL ? (lua_Integer)t->flags : 0);
  return 1;
}

static int document_token_text(lua_State *L)
{
  document_box *b = self_box(L);
  const glean_token *t = token_arg(L, b, 2);
  if (t == NULL)
    lua_pushnil(L);
  else
    lua_pushlstring(L, b->text + t->start, t->end - t->start);
  return 1;
}

/* doc:has(i, "CAP", "WORD", ...) -> true when token i has every flag. */
static int document_has(lua_State *L)
{
  document_box *b = self_box(L);
  const glean_token *t = token_arg(L, b, 2);
  int i, top = lua_gettop(L);
  uint32_t want = 0;
  for (i = 3; i <= top; i++) {
    const char *name = luaL_checkstring(L, i);
    uint32_t bit = glean_lua_flag_bit(name);
    if (bit == 0)
      return luaL_argerror(L, i, lua_pushfstring(L, "unknown flag '%s'",
                                                 name));
    want |= bit;
  }
  lua_pushboolean(L, t != NULL && (t->flags & want) == want);
  return 1;
}

static int document_tokens(lua_State *L)
{
  document_box *b = self_box(L);
  size_t i;
  luaL_argcheck(L, b->ntoks < (size_t)1 << 30, 1, "too many tokens for a "
                "table; use doc:token(i)");
  lua_createtable(L, (int)b->ntoks, 0);
  for (i = 0; i < b->ntoks; i++) {
    lua_createtable(L, 0, 3);
    glean_lua_setint(L, "start", (lua_Integer)b->toks[i].start);
    glean_lua_setint(L, "end", (lua_Integer)b->toks[i].end);
    glean_lua_setint(L, "flags", (lua_Integer)b->toks[i].flags);
    lua_rawseti(L, -2, (int)i + 1);
  }
  return 1;
}

/* doc:token_at(offset) -> index of the token covering byte offset, or of
 * the first token after it; nil past the last token. */
static int document_token_at(lua_State *L)
{
  document_box *b = self_box(L);
  lua_Integer off = glean_checkinteger(L, 2);
  size_t i;
  luaL_argcheck(L, off >= 0, 2, "offset must be >= 0");
  if ((size_t)off >= b->len) {
    lua_pushnil(L);
    return 1;
  }
  i = glean_document_token_at(b->doc, (size_t)off);
  if (i >= b->ntoks)
    lua_pushnil(L);
  else
    lua_pushinteger(L, (lua_Integer)i + 1);
  return 1;
}

/* Lua's %s: a space in the C locale. */
static int is_space(unsigned char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/* doc:word_before(offset) -> start, end of the last word (a run of bytes
 * other than spaces, as Lua's %S+) that ends at or before byte offset,
 * the spaces between them skipped; nil when only spaces come before.
 * What text:sub(1, offset):match("(%S+)%s*$") finds, without a Lua
 * pattern that is tried at every byte of the text before. */
static int document_word_before(lua_State *L)
{
  document_box *b = self_box(L);
  lua_Integer off = glean_checkinteger(L, 2);
  size_t end, start;
  luaL_argcheck(L, off >= 0, 2, "offset must be >= 0");
  end = (size_t)off < b->len ? (size_t)off : b->len;
  while (end > 0 && is_space((unsigned char)b->text[end - 1])) end--;
  if (end == 0) {
    lua_pushnil(L);
    return 1;
  }
  start = end;
  while (start > 0 && !is_space((unsigned char)b->text[start - 1])) start--;
  lua_pushinteger(L, (lua_Integer)start);
  lua_pushinteger(L, (lua_Integer)end);
  return 2;
}

/* ---- walks over tokens ------------------------------------------------------ */

/* The Lua stages ask questions of a few tokens around a match ("the first
 * word before this quotation on its line", "how many words does it
 * hold"). Asked token by token, each question costs a method call per
 * token; these walks answer it in one call. Flag masks are sums of
 * core.flags values. */

/* A flag mask argument: an integer that fits the 32 token flags. */
static uint32_t check_mask(lua_State *L, int arg)
{
  lua_Integer m = glean_checkinteger(L, arg);
  luaL_argcheck(L, m >= 0 && m <= (lua_Integer)UINT32_MAX, arg,
                "flag mask out of range");
  return (uint32_t)m;
}

/* doc:seek(i, j, any [, stop]) -> k, flags: walks from token i toward
 * token j (forward when j > i, backward when j < i; i itself is not
 * looked at, j is) and returns the first token with a flag of `any`, and
 * its flags; nil when there is none. With `stop`, the walk stays in the
 * segment of token i, where a token with a flag of `stop` (LINE_START,
 * SENT_START, PARA_START) starts a segment: forward it ends before such
 * a token, backward it ends at one. i may be 0 or ntokens + 1 (before the
 * first token, after the last); j is clamped to the tokens. */
static int document_seek(lua_State *L)
{
  document_box *b = self_box(L);
  lua_Integer i = glean_checkinteger(L, 2);
  lua_Integer j = glean_checkinteger(L, 3);
  uint32_t any = check_mask(L, 4);
  uint32_t stop = lua_isnoneornil(L, 5) ? 0 : check_mask(L, 5);
  lua_Integer n = (lua_Integer)b->ntoks, k;
  luaL_argcheck(L, i >= 0 && i <= n + 1, 2, "token index out of range");
  if (n == 0) {  /* no token to look at */
    lua_pushnil(L);
    return 1;
  }
  if (j < 1) j = 1;
  if (j > n) j = n;
  if (j > i) {
    for (k = i + 1; k <= j; k++) {
      uint32_t f = b->toks[k - 1].flags;
      if (f & stop) break;
      if (f & any) goto found;
    }
  } else if (j < i) {
    /* Stepping back to token k leaves token k + 1: the walk ends when
     * that one starts a segment (token ntokens + 1 starts none). */
    for (k = i - 1; k >= j; k--) {
      uint32_t f = b->toks[k - 1].flags;
      if (k < n && (b->toks[k].flags & stop)) break;
      if (f & any) goto found;
    }
  }
  lua_pushnil(L);
  return 1;
found:
  lua_pushinteger(L, k);
  lua_pushinteger(L, (lua_Integer)b->toks[k - 1].flags);
  return 2;
}

/* doc:words(i, j [, limit]) -> n, caps: the words among tokens i..j
 * (tokens with WORD, DIGIT or ALNUM, clitics and apostrophes, APOS, left
 * out), counted up to limit words, and how many of those are
 * capitalized (CAP). Indexes are clamped to the tokens; j < i counts
 * none. */
static int document_words(lua_State *L)
{
  const uint32_t word = GLEAN_TF_WORD | GLEAN_TF_DIGIT | GLEAN_TF_ALNUM;
  document_box *b = self_box(L);
  lua_Integer i = glean_checkinteger(L, 2);
  lua_Integer j = glean_checkinteger(L, 3);
  lua_Integer limit = lua_isnoneornil(L, 4) ? j : glean_checkinteger(L, 4);
  lua_Integer n = 0, caps = 0, k;
  if (i < 1) i = 1;
  if (j > (lua_Integer)b->ntoks) j = (lua_Integer)b->ntoks;
  for (k = i; k <= j && n < limit; k++) {
    uint32_t f = b->toks[k - 1].flags;
    if ((f & word) && !(f & GLEAN_TF_APOS)) {
      n++;
      if (f & GLEAN_TF_CAP) caps++;
    }
  }
  lua_pushinteger(L, n);
  lua_pushinteger(L, caps);
  return 2;
}

/* ---- structure -------------------------------------------------------------- */

static int push_ranges(lua_State *L, const glean_range *r, size_t n)
{
  size_t i;
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    glean_lua_push_range(L, r[i].first, r[i].last, r[i].start, r[i].end);
    lua_rawseti(L, -2, (int)i + 1);
  }
  return 1;
}

static int document_sentences(lua_State *L)
{
  document_box *b = self_box(L);
  size_t n = 0;
  const glean_range *r = glean_document_sentences(b->doc, &n);
  return push_ranges(L, r, n);
}

static int document_paragraphs(lua_State *L)
{
  document_box *b = self_box(L);
  size_t n = 0;
  const glean_range *r = glean_document_paragraphs(b->doc, &n);
  return push_ranges(L, r, n);
}

/* Lookups of one sentence or paragraph without the table of them all:
 * the quote stage asks a few per quotation, and doc:sentences() made a
 * table per sentence of the document each time. Fields as in
 * doc:sentences(): first and last token (1-based, inclusive), start and
 * end byte. */

/* Pushes first, last, start, end of range r; returns 4. */
static int push_bounds(lua_State *L, const glean_range *r)
{
  lua_pushinteger(L, (lua_Integer)r->first + 1);
  lua_pushinteger(L, (lua_Integer)r->last);
  lua_pushinteger(L, (lua_Integer)r->start);
  lua_pushinteger(L, (lua_Integer)r->end);
  return 4;
}

/* Pushes the 1-based index of the range of r[0..n) (sorted, disjoint, as
 * the engine keeps sentences and paragraphs) that holds the token whose
 * 1-based index is at arg, then its bounds; or nil. */
static int push_range_of(lua_State *L, const glean_range *r, size_t n,
                         int arg)
{
  lua_Integer i = glean_checkinteger(L, arg);
  size_t lo = 0, hi = n;
  if (i >= 1 && i <= (lua_Integer)UINT32_MAX) {
    uint32_t t = (uint32_t)(i - 1);
    while (lo < hi) {
      size_t mid = lo + (hi - lo) / 2;
      if (t < r[mid].first) hi = mid;
      else if (t >= r[mid].last) lo = mid + 1;
      else {
        lua_pushinteger(L, (lua_Integer)mid + 1);
        return 1 + push_bounds(L, &r[mid]);
      }
    }
  }
  lua_pushnil(L);
  return 1;
}

/* Pushes the bounds of range k (1-based at arg) of r[0..n), or nil. */
static int push_range(lua_State *L, const glean_range *r, size_t n, int arg)
{
  lua_Integer k = glean_checkinteger(L, arg);
  if (k < 1 || (uint64_t)k > (uint64_t)n) {
    lua_pushnil(L);
    return 1;
  }
  return push_bounds(L, &r[k - 1]);
}

/* doc:sentence_of(i) -> k, first, last, start, end: sentence k of
 * doc:sentences() holds token i; nil when none does. */
static int document_sentence_of(lua_State *L)
{
  document_box *b = self_box(L);
  size_t n = 0;
  const glean_range *r = glean_document_sentences(b->doc, &n);
  return push_range_of(L, r, n, 2);
}

/* doc:paragraph_of(i) -> k, first, last, start, end, as sentence_of. */
static int document_paragraph_of(lua_State *L)
{
  document_box *b = self_box(L);
  size_t n = 0;
  const glean_range *r = glean_document_paragraphs(b->doc, &n);
  return push_range_of(L, r, n, 2);
}

/* doc:sentence(k) -> first, last, start, end of sentence k, or nil. */
static int document_sentence(lua_State *L)
{
  document_box *b = self_box(L);
  size_t n = 0;
  const glean_range *r = glean_document_sentences(b->doc, &n);
  return push_range(L, r, n, 2);
}

/* doc:paragraph(k) -> first, last, start, end of paragraph k, or nil. */
static int document_paragraph(lua_State *L)
{
  document_box *b = self_box(L);
  size_t n = 0;
  const glean_range *r = glean_document_paragraphs(b->doc, &n);
  return push_range(L, r, n, 2);
}

static const char *family_name(uint8_t family)
{
  switch (family) {
  case GLEAN_QF_DOUBLE: return "double";
  case GLEAN_QF_SINGLE: return "single";
  case GLEAN_QF_GUILLEMET: return "guillemet";
  default: return "other";
  }
}

static int document_quotes(lua_State *L)
{
  document_box *b = self_box(L);
  size_t i, n = 0;
  const glean_quote *q = glean_document_quotes(b->doc, &n);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    lua_createtable(L, 0, 10);
    glean_lua_setint(L, "open", (lua_Integer)q[i].open + 1);
    if (q[i].close != UINT32_MAX)
      glean_lua_setint(L, "close", (lua_Integer)q[i].close + 1);
    glean_lua_setint(L, "start", (lua_Integer)q[i].start);
    glean_lua_setint(L, "end", (lua_Integer)q[i].end);
    if (q[i].parent >= 0)
      glean_lua_setint(L, "parent", (lua_Integer)q[i].parent + 1);
    glean_lua_setint(L, "group", (lua_Integer)q[i].group + 1);
    lua_pushboolean(L, q[i].closed);
    lua_setfield(L, -2, "closed");
    glean_lua_setint(L, "depth", (lua_Integer)q[i].depth);
    lua_pushstring(L, family_name(q[i].family));
    lua_setfield(L, -2, "family");
    lua_rawseti(L, -2, (int)i + 1);
  }
  return 1;
}

static void setnum(lua_State *L, const char *key, double v)
{
  lua_pushnumber(L, (lua_Number)v);
  lua_setfield(L, -2, key);
}

/* Pushes number x as doc:numbers() gives it, in a table made at its
 * size (a range's four fields and five more): it never grows. */
static void push_number(lua_State *L, const glean_number *x)
{
  lua_createtable(L, 0, 9);
  glean_lua_setint(L, "first", (lua_Integer)x->first + 1);
  glean_lua_setint(L, "last", (lua_Integer)x->last);
  glean_lua_setint(L, "start", (lua_Integer)x->start);
  glean_lua_setint(L, "end", (lua_Integer)x->end);
  setnum(L, "value", x->value);
  setnum(L, "min", x->min);
  setnum(L, "max", x->max);
  lua_pushboolean(L, x->is_range);
  lua_setfield(L, -2, "range");
  lua_pushboolean(L, x->spelled);
  lua_setfield(L, -2, "spelled");
}

static int document_numbers(lua_State *L)
{
  document_box *b = self_box(L);
  size_t i, n = 0;
  const glean_number *x = glean_document_numbers(b->doc, &n);
  lua_createtable(L, (int)n, 0);
  for (i = 0; i < n; i++) {
    push_number(L, &x[i]);
    lua_rawseti(L, -2, (int)i + 1);
  }
  return 1;
}

/* doc:number_at(byte) -> the number that starts at that byte offset (as
 * in doc:numbers()), or nil: a rule's action asks for the few it needs
 * instead of every number of the document becoming a table. */
static int document_number_at(lua_State *L)
{
  document_box *b = self_box(L);
  lua_Integer off = luaL_checkinteger(L, 2);
  size_t n = 0, lo = 0, hi;
  const glean_number *x = glean_document_numbers(b->doc, &n);
  hi = n;
  while (lo < hi) {  /* numbers come in text order */
    size_t mid = lo + (hi - lo) / 2;
    if ((lua_Integer)x[mid].start < off)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo >= n || (lua_Integer)x[lo].start != off) return 0;
  push_number(L, &x[lo]);
  return 1;
}

/* ---- registration ----------------------------------------------------------- */

void glean_lua_open_document(lua_State *L)
{
  static const luaL_Reg meta[] = {
    { "__gc", document_close },
    { "__close", document_close },
    { "__tostring", document_tostring },
    { "__len", document_ntokens },
    { NULL, NULL }
  };
  static const luaL_Reg methods[] = {
    { "text", document_text },
    { "ntokens", document_ntokens },
    { "token", document_token },
    { "token_text", document_token_text },
    { "flags", document_flags },
    { "has", document_has },
    { "tokens", document_tokens },
    { "token_at", document_token_at },
    { "word_before", document_word_before },
    { "seek", document_seek },
    { "words", document_words },
    { "sentences", document_sentences },
    { "paragraphs", document_paragraphs },
    { "sentence_of", document_sentence_of },
    { "paragraph_of", document_paragraph_of },
    { "sentence", document_sentence },
    { "paragraph", document_paragraph },
    { "quotes", document_quotes },
    { "numbers", document_numbers },
    { "number_at", document_number_at },
    { "close", document_close },
    { NULL, NULL }
  };
  glean_lua_newclass(L, GLEAN_DOCUMENT_T, meta, methods);
  /* The methods again, as closures holding the metatable (self_box). */
  luaL_getmetatable(L, GLEAN_DOCUMENT_T);
  lua_getfield(L, -1, "__index");
  lua_pushvalue(L, -2);
  glean_setfuncs(L, methods, 1);
  lua_pop(L, 2);
  lua_pushcfunction(L, document_new);
  lua_setfield(L, -2, "document");
}
