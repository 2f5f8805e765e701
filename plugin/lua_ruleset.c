/* lua_ruleset.c — glean.ruleset: rule specs compiled in C, scans to Lua.
 *
 * A rule spec is the normalized table glean.rules produces (see
 * rs:add_rule below). It is turned into a glean_rule whose nodes,
 * predicates and arrays live in scratch userdata anchored in one table on
 * the stack: a Lua error at any point (bad spec, out of memory) leaves
 * nothing for C to free, and the collector takes the lot after the call.
 * Strings are not copied: they stay alive in the spec table, an argument
 * of the call, and the engine copies what it keeps.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "lua_glean.h"
#include "resolve.h"

/* Deeper pattern trees are surely mistakes and would use up the C stack
 * of the recursive builder. */
#define MAX_DEPTH 200
/* A rule with more captures than this is surely a mistake. */
#define MAX_CAPTURES 1024

typedef struct ruleset_box {
  glean_ruleset *rs;
  uint32_t *ncaps;      /* captures of each rule: the scan does not say */
  size_t nrules, cap;
  /* What rs:batch read of each rule in its last meta array (the
   * uservalue's "meta"): read again only for another array or when rules
   * were added since (R.compile never changes a meta array it made). */
  double *meta_priority;
  int32_t *meta_span;
  uint8_t *meta_action;
  size_t meta_n;
} ruleset_box;

/* The uservalue table: { lexicons = {lex, ...},     kept alive for rs
 *                        labels = {[id + 1] = name} names of label ids } */

static ruleset_box *test_box(lua_State *L, int arg)
{
  return (ruleset_box *)glean_lua_testudata(L, arg, GLEAN_RULESET_T);
}

static ruleset_box *check_box(lua_State *L, int arg)
{
  ruleset_box *b = test_box(L, arg);
  if (b == NULL) glean_typeerror(L, arg, GLEAN_RULESET_T);
  luaL_argcheck(L, b->rs != NULL, arg, "glean.ruleset has been freed");
  return b;
}

glean_ruleset *glean_lua_test_ruleset(lua_State *L, int arg)
{
  ruleset_box *b = test_box(L, arg);
  return b != NULL ? b->rs : NULL;
}

glean_ruleset *glean_lua_check_ruleset(lua_State *L, int arg)
{
  return check_box(L, arg)->rs;
}

/* ---- life cycle ------------------------------------------------------------ */

static uint32_t option_u32(lua_State *L, int opts, const char *key)
{
  lua_Number v;
  uint32_t out = 0;
  lua_getfield(L, opts, key);
  if (!lua_isnil(L, -1)) {
    v = lua_tonumber(L, -1);
    if (lua_type(L, -1) != LUA_TNUMBER || v != (lua_Number)(uint32_t)v ||
        v < 1)
      luaL_argerror(L, opts, lua_pushfstring(L, "%s must be a positive "
                    "integer", key));
    out = (uint32_t)v;
  }
  lua_pop(L, 1);
  return out;
}

/* core.ruleset([opts]) */
static int ruleset_new(lua_State *L)
{
  static const char *const known[] = { "max_match_tokens",
    "regex_match_limit", "regex_depth_limit", NULL };
  glean_ruleset_options opts;
  glean_error err;
  ruleset_box *b;
  memset(&opts, 0, sizeof opts);
  if (!lua_isnoneornil(L, 1)) {
    luaL_checktype(L, 1, LUA_TTABLE);
    glean_lua_check_keys(L, 1, known, "option");
    opts.max_match_tokens = option_u32(L, 1, "max_match_tokens");
    opts.regex_match_limit = option_u32(L, 1, "regex_match_limit");
    opts.regex_depth_limit = option_u32(L, 1, "regex_depth_limit");
  }
  b = glean_newuserdata(L, sizeof *b);
  memset(b, 0, sizeof *b);
  luaL_getmetatable(L, GLEAN_RULESET_T);
  lua_setmetatable(L, -2);
  lua_createtable(L, 0, 2);
  lua_newtable(L);
  lua_setfield(L, -2, "lexicons");
  lua_createtable(L, 1, 0);
  lua_pushliteral(L, "NUMBER");  /* label 0, built into every ruleset */
  lua_rawseti(L, -2, 1);
  lua_setfield(L, -2, "labels");
  glean_setuservalue(L, -2);
  memset(&err, 0, sizeof err);
  b->rs = glean_ruleset_new(&opts, NULL, &err);
  if (b->rs == NULL) return glean_lua_error(L, "ruleset: ", &err);
  return 1;
}

static int ruleset_gc(lua_State *L)
{
  ruleset_box *b = test_box(L, 1);
  if (b != NULL) {
    if (b->rs != NULL) glean_ruleset_free(b->rs);
    free(b->ncaps);
    free(b->meta_priority);
    free(b->meta_span);
    free(b->meta_action);
    memset(b, 0, sizeof *b);
  }
  return 0;
}

static int ruleset_tostring(lua_State *L)
{
  ruleset_box *b = test_box(L, 1);
  char buf[96];
  if (b == NULL || b->rs == NULL)
    snprintf(buf, sizeof buf, "glean.ruleset (freed)");
  else
    snprintf(buf, sizeof buf, "glean.ruleset (%zu rules): %p",
             glean_ruleset_nrules(b->rs), (void *)b);
  lua_pushstring(L, buf);
  return 1;
}

/* ---- labels and lexicons --------------------------------------------------- */

/* Interns name; records it in the uservalue table at uv. Returns the id,
 * or -1 with err filled. */
static int32_t intern_label(lua_State *L, ruleset_box *b, int uv,
                            const char *name, glean_error *err)
{
  int32_t id = glean_ruleset_label(b->rs, name, err);
  if (id < 0) return -1;
  lua_getfield(L, uv, "labels");
  lua_pushstring(L, name);
  lua_rawseti(L, -2, (int)id + 1);
  lua_pop(L, 1);
  return id;
}

/* rs:label(name) -> the engine's label id (0 is NUMBER) */
static int ruleset_label(lua_State *L)
{
  ruleset_box *b = check_box(L, 1);
  size_t len;
  const char *name = luaL_checklstring(L, 2, &len);
  glean_error err;
  int32_t id;
  luaL_argcheck(L, len > 0 && strlen(name) == len, 2,
                "label must be a non-empty string without NUL bytes");
  lua_settop(L, 2);
  glean_getuservalue(L, 1);
  memset(&err, 0, sizeof err);
  id = intern_label(L, b, 3, name, &err);
  if (id < 0) return glean_lua_error(L, "ruleset: ", &err);
  lua_pushinteger(L, id);
  return 1;
}

/* rs:labels() -> array of label names; position = id + 1 */
static int ruleset_labels(lua_State *L)
{
  size_t i, n;
  check_box(L, 1);
  glean_getuservalue(L, 1);
  lua_getfield(L, -1, "labels");
  n = glean_rawlen(L, -1);
  lua_createtable(L, (int)n, 0);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, -2, (int)i);
    lua_rawseti(L, -2, (int)i);
  }
  return 1;
}

/* rs:add_lexicon(lex): the lexicon is kept alive by the ruleset. */
static int ruleset_add_lexicon(lua_State *L)
{
  ruleset_box *b = check_box(L, 1);
  const glean_lexicon *lex = glean_lua_check_lexicon(L, 2);
  glean_error err;
  memset(&err, 0, sizeof err);
  if (glean_ruleset_add_lexicon(b->rs, lex, &err) != GLEAN_OK)
    return glean_lua_error(L, "ruleset: ", &err);
  lua_settop(L, 2);
  glean_getuservalue(L, 1);
  lua_getfield(L, 3, "lexicons");
  lua_pushvalue(L, 2);
  lua_rawseti(L, -2, (int)glean_rawlen(L, -2) + 1);
  lua_settop(L, 1);
  return 1;
}

static int ruleset_nrules(lua_State *L)
{
  lua_pushinteger(L, (lua_Integer)glean_ruleset_nrules(check_box(L, 1)->rs));
  return 1;
}

/* ---- building a rule from its spec ----------------------------------------- */

typedef struct builder {
  lua_State *L;
  ruleset_box *box;
  int uv;           /* stack index of the ruleset's uservalue table */
  int anchor;       /* stack index of the table anchoring scratch blocks */
  int nanchor;
  const char *name; /* the rule's name, for messages */
  uint32_t ncaps;   /* highest capture index used + 1 */
} builder;

/* Raises "glean: rule '<name>': <message>" (lua_pushfstring formats:
 * %s %d %c only). */
static int fail(builder *b, const char *fmt, ...)
{
  lua_State *L = b->L;
  va_list ap;
  va_start(ap, fmt);
  lua_pushvfstring(L, fmt, ap);
  va_end(ap);
  return luaL_error(L, "glean: rule '%s': %s", b->name, lua_tostring(L, -1));
}

/* Zeroed memory that lives as long as the anchor table. */
static void *scratch(builder *b, size_t size)
{
  void *p = lua_newuserdata(b->L, size > 0 ? size : 1);
  memset(p, 0, size > 0 ? size : 1);
  lua_rawseti(b->L, b->anchor, ++b->nanchor);
  return p;
}

/* Fails on a string key of the table at idx that is not in known. */
static void check_fields(builder *b, int idx, const char *const *known,
                         const char *where)
{
  lua_State *L = b->L;
  lua_pushnil(L);
  while (lua_next(L, idx)) {
    lua_pop(L, 1);
    if (lua_type(L, -1) == LUA_TSTRING) {
      const char *key = lua_tostring(L, -1);
      const char *const *k;
      for (k = known; *k != NULL; k++)
        if (strcmp(*k, key) == 0) break;
      if (*k == NULL) fail(b, "%s: unknown field '%s'", where, key);
    }
  }
}

/* A string without NUL bytes at idx (a label, a word). */
static const char *cstring(builder *b, int idx, const char *where,
                           const char *what)
{
  size_t len;
  const char *s;
  if (lua_type(b->L, idx) != LUA_TSTRING)
    fail(b, "%s: %s must be a string, got %s", where, what,
         luaL_typename(b->L, idx));
  s = lua_tolstring(b->L, idx, &len);
  if (strlen(s) != len || len == 0)
    fail(b, "%s: %s must be non-empty and without NUL bytes", where, what);
  return s;
}

static int32_t label_at(builder *b, int idx, const char *where)
{
  const char *name = cstring(b, idx, where, "a label");
  glean_error err;
  int32_t id;
  memset(&err, 0, sizeof err);
  id = intern_label(b->L, b->box, b->uv, name, &err);
  if (id < 0) fail(b, "%s: label '%s': %s", where, name, err.message);
  return id;
}

/* Integer field key of the table at idx; def when absent. */
static lua_Integer int_field(builder *b, int idx, const char *key,
                             lua_Integer def, lua_Integer lo, lua_Integer hi,
                             const char *where)
{
  lua_State *L = b->L;
  lua_Number v;
  lua_getfield(L, idx, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return def;
  }
  v = lua_tonumber(L, -1);
  if (lua_type(L, -1) != LUA_TNUMBER || v != (lua_Number)(lua_Integer)v ||
      v < (lua_Number)lo || v > (lua_Number)hi)
    fail(b, "%s: '%s' must be an integer from %d to %d", where, key,
         (int)lo, (int)hi);
  lua_pop(L, 1);
  return (lua_Integer)v;
}

static int bool_field(lua_State *L, int idx, const char *key)
{
  int v;
  lua_getfield(L, idx, key);
  v = lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

/* Flags given as bits or as an array of names ("CAP", "WORD"). */
static uint32_t flags_field(builder *b, int idx, const char *key,
                            const char *where)
{
  lua_State *L = b->L;
  uint32_t bits = 0;
  lua_getfield(L, idx, key);
  if (lua_type(L, -1) == LUA_TNUMBER) {
    lua_Number v = lua_tonumber(L, -1);
    if (v < 0 || v > 4294967295.0 || v != (lua_Number)(uint32_t)v)
      fail(b, "%s: '%s' is not a set of flag bits", where, key);
    bits = (uint32_t)v;
  } else if (lua_istable(L, -1)) {
    size_t i, n = glean_rawlen(L, -1);
    for (i = 1; i <= n; i++) {
      uint32_t bit;
      lua_rawgeti(L, -1, (int)i);
      if (lua_type(L, -1) != LUA_TSTRING)
        fail(b, "%s: '%s' must list flag names, got %s", where, key,
             luaL_typename(L, -1));
      bit = glean_lua_flag_bit(lua_tostring(L, -1));
      if (bit == 0)
        fail(b, "%s: unknown flag '%s' in '%s'", where, lua_tostring(L, -1),
             key);
      bits |= bit;
      lua_pop(L, 1);
    }
  } else if (!lua_isnil(L, -1)) {
    fail(b, "%s: '%s' must be flag bits or an array of flag names", where,
         key);
  }
  lua_pop(L, 1);
  return bits;
}

/* Fills p from the predicate table at idx. */
static void build_pred(builder *b, int idx, glean_pred *p, const char *where)
{
  static const char *const known[] = { "all", "none", "any", "words",
    "fold", "words_negate", "regex", "caseless", "regex_negate", "in_label",
    "in_label_negate", "negate", NULL };
  lua_State *L = b->L;
  idx = glean_absindex(L, idx);
  luaL_checkstack(L, 8, "glean: rule too deep");
  if (!lua_istable(L, idx))
    fail(b, "%s: a token predicate must be a table, got %s", where,
         luaL_typename(L, idx));
  check_fields(b, idx, known, where);
  memset(p, 0, sizeof *p);
  p->in_label = -1;
  p->flags_all = flags_field(b, idx, "all", where);
  p->flags_none = flags_field(b, idx, "none", where);
  p->flags_any = flags_field(b, idx, "any", where);

  lua_getfield(L, idx, "words");
  if (!lua_isnil(L, -1)) {
    size_t i, n;
    const char **words;
    if (!lua_istable(L, -1))
      fail(b, "%s: 'words' must be an array of strings", where);
    n = glean_rawlen(L, -1);
    if (n == 0) fail(b, "%s: 'words' is empty", where);
    words = scratch(b, n * sizeof *words);
    for (i = 0; i < n; i++) {
      lua_rawgeti(L, -1, (int)i + 1);
      words[i] = cstring(b, -1, where, "each word");
      lua_pop(L, 1);  /* still referenced by the spec */
    }
    p->words = words;
    p->nwords = n;
  }
  lua_pop(L, 1);
  p->words_fold = bool_field(L, idx, "fold");
  p->words_negate = bool_field(L, idx, "words_negate");

  lua_getfield(L, idx, "regex");
  if (!lua_isnil(L, -1)) {
    if (lua_type(L, -1) != LUA_TSTRING)
      fail(b, "%s: 'regex' must be a string", where);
    p->regex = lua_tolstring(L, -1, &p->regex_len);
  }
  lua_pop(L, 1);
  p->regex_caseless = bool_field(L, idx, "caseless");
  p->regex_negate = bool_field(L, idx, "regex_negate");

  lua_getfield(L, idx, "in_label");
  if (lua_istable(L, -1)) {
    /* A list: the first label, then the others in in_labels. */
    size_t i, n = glean_rawlen(L, -1);
    int32_t *more;
    if (n == 0) fail(b, "%s: 'in_label' is an empty list", where);
    more = n > 1 ? scratch(b, (n - 1) * sizeof *more) : NULL;
    for (i = 0; i < n; i++) {
      int32_t id;
      lua_rawgeti(L, -1, (int)i + 1);
      id = label_at(b, -1, where);
      lua_pop(L, 1);
      if (i == 0)
        p->in_label = id;
      else
        more[i - 1] = id;
    }
    p->in_labels = more;
    p->nin_labels = more != NULL ? n - 1 : 0;
  } else if (!lua_isnil(L, -1)) {
    p->in_label = label_at(b, -1, where);
  }
  lua_pop(L, 1);
  p->in_label_negate = bool_field(L, idx, "in_label_negate");
  p->negate = bool_field(L, idx, "negate");
}

enum { OP_TOK, OP_SPAN, OP_SEQ, OP_ALT, OP_REP, OP_CAP };

static int node_op(builder *b, int idx)
{
  static const char *const ops[] = { "tok", "span", "seq", "alt", "rep",
                                     "cap", NULL };
  lua_State *L = b->L;
  const char *op;
  int i;
  lua_getfield(L, idx, "op");
  if (lua_type(L, -1) != LUA_TSTRING)
    fail(b, "pattern: a node needs 'op' (tok, span, seq, alt, rep, cap)");
  op = lua_tostring(L, -1);
  for (i = 0; ops[i] != NULL; i++)
    if (strcmp(ops[i], op) == 0) break;
  if (ops[i] == NULL) fail(b, "pattern: unknown op '%s'", op);
  lua_pop(L, 1);
  return i;
}

static const glean_pnode *build_node(builder *b, int idx, int depth);

/* The array part of node idx: its kids. */
static void build_kids(builder *b, int idx, glean_pnode *n, int depth,
                       size_t min, size_t max, const char *op)
{
  lua_State *L = b->L;
  size_t i, count = glean_rawlen(L, idx);
  const glean_pnode **kids;
  if (count < min || count > max) {
    if (min == max)
      fail(b, "pattern: '%s' takes exactly one element, got %d", op,
           (int)count);
    fail(b, "pattern: '%s' needs at least one element", op);
  }
  kids = scratch(b, count * sizeof *kids);
  for (i = 0; i < count; i++) {
    lua_rawgeti(L, idx, (int)i + 1);
    kids[i] = build_node(b, -1, depth + 1);
    lua_pop(L, 1);
  }
  n->kids = kids;
  n->nkids = count;
}

static const glean_pnode *build_node(builder *b, int idx, int depth)
{
  static const char *const tok_keys[] = { "op", "pred", NULL };
  static const char *const span_keys[] = { "op", "label", NULL };
  static const char *const list_keys[] = { "op", NULL };
  static const char *const rep_keys[] = { "op", "min", "max", NULL };
  static const char *const cap_keys[] = { "op", "index", "name", NULL };
  lua_State *L = b->L;
  glean_pnode *n;
  int op;
  idx = glean_absindex(L, idx);
  if (!lua_istable(L, idx))
    fail(b, "pattern: expected a node table, got %s", luaL_typename(L, idx));
  if (depth > MAX_DEPTH)
    fail(b, "pattern: nested deeper than %d levels", MAX_DEPTH);
  luaL_checkstack(L, 8, "glean: rule too deep");
  op = node_op(b, idx);
  n = scratch(b, sizeof *n);
  n->pred.in_label = -1;
  n->label = -1;
  n->min = n->max = -1;
  switch (op) {
  case OP_TOK:
    check_fields(b, idx, tok_keys, "pattern");
    n->kind = GLEAN_PN_TOKEN;
    lua_getfield(L, idx, "pred");
    build_pred(b, -1, &n->pred, "pattern");
    lua_pop(L, 1);
    break;
  case OP_SPAN:
    check_fields(b, idx, span_keys, "pattern");
    n->kind = GLEAN_PN_SPAN;
    lua_getfield(L, idx, "label");
    n->label = label_at(b, -1, "pattern");
    lua_pop(L, 1);
    break;
  case OP_SEQ:
  case OP_ALT:
    check_fields(b, idx, list_keys, "pattern");
    n->kind = op == OP_SEQ ? GLEAN_PN_SEQ : GLEAN_PN_ALT;
    build_kids(b, idx, n, depth, 1, (size_t)-1, op == OP_SEQ ? "seq" : "alt");
    break;
  case OP_REP:
    check_fields(b, idx, rep_keys, "pattern");
    n->kind = GLEAN_PN_REPEAT;
    n->min = (int32_t)int_field(b, idx, "min", 0, 0, 65535, "pattern");
    n->max = (int32_t)int_field(b, idx, "max", -1, 0, 65535, "pattern");
    if (n->max >= 0 && n->max < n->min)
      fail(b, "pattern: 'rep' has max %d below min %d", (int)n->max,
           (int)n->min);
    build_kids(b, idx, n, depth, 1, 1, "rep");
    break;
  case OP_CAP:
    check_fields(b, idx, cap_keys, "pattern");
    n->kind = GLEAN_PN_CAPTURE;
    n->capture = (uint32_t)int_field(b, idx, "index", 0, 1, MAX_CAPTURES,
                                     "pattern") - 1;
    if (n->capture == UINT32_MAX)
      fail(b, "pattern: 'cap' needs an 'index' from 1 to %d", MAX_CAPTURES);
    if (n->capture + 1 > b->ncaps) b->ncaps = n->capture + 1;
    build_kids(b, idx, n, depth, 1, 1, "cap");
    break;
  }
  return n;
}

/* Context field key (before, after ...): an array of predicates, or of
 * {op="tok", pred=...} nodes. */
static void build_context(builder *b, const char *key, const glean_pred **out,
                          size_t *nout)
{
  lua_State *L = b->L;
  size_t i, n;
  glean_pred *preds;
  lua_getfield(L, 2, key);
  if (lua_isnil(L, -1)) {
    lua_pop(L, 1);
    return;
  }
  if (!lua_istable(L, -1))
    fail(b, "%s: expected an array of token predicates, got %s", key,
         luaL_typename(L, -1));
  n = glean_rawlen(L, -1);
  preds = scratch(b, n * sizeof *preds);
  for (i = 0; i < n; i++) {
    lua_rawgeti(L, -1, (int)i + 1);
    if (lua_istable(L, -1)) {
      lua_getfield(L, -1, "op");
      if (lua_type(L, -1) == LUA_TSTRING) {
        if (strcmp(lua_tostring(L, -1), "tok") != 0)
          fail(b, "%s: element %d must be a single-token test", key,
               (int)i + 1);
        lua_getfield(L, -2, "pred");
        lua_replace(L, -3);
      }
      lua_pop(L, 1);
    }
    build_pred(b, -1, &preds[i], key);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  *out = n > 0 ? preds : NULL;
  *nout = n;
}

/* Groups of regex, or 0 when it does not compile (the engine then says
 * why, in the rule's error). */
static uint32_t regex_groups(const glean_rule *rule)
{
  glean_error err;
  glean_regex *re = glean_regex_new(rule->regex, rule->regex_len,
                                    rule->regex_options, NULL, &err);
  uint32_t n = 0;
  if (re != NULL) {
    n = glean_regex_ngroups(re);
    glean_regex_free(re);
  }
  return n;
}

/* rs:add_rule(spec) -> rule index (1-based).
 * spec = { name=, pattern=<node> | regex=, caseless=, ncaptures=,
 *          before=, after=, not_before=, not_after= (arrays of preds),
 *          all= }
 * node = {op="tok", pred=} | {op="span", label=} | {op="seq", ...}
 *      | {op="alt", ...} | {op="rep", min=, max=, <node>}
 *      | {op="cap", index=<1-based>, <node>}
 * pred = {all=, none=, any= (bits or flag names), words=, fold=,
 *         words_negate=, regex=, caseless=, regex_negate=,
 *         in_label= (a name or a list of names: any of them),
 *         in_label_negate=, negate=} */
static int ruleset_add_rule(lua_State *L)
{
  static const char *const known[] = { "name", "pattern", "regex",
    "caseless", "ncaptures", "before", "after", "not_before", "not_after",
    "all", NULL };
  ruleset_box *box = check_box(L, 1);
  glean_rule rule;
  glean_error err;
  builder b;
  lua_Integer ncaps;
  int32_t idx;

  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 2);
  glean_getuservalue(L, 1);                        /* 3: uservalue */
  lua_newtable(L);                                 /* 4: scratch anchor */
  lua_getfield(L, 2, "name");                      /* 5 */
  if (lua_type(L, 5) != LUA_TSTRING)
    return luaL_error(L, "glean: rule spec: field 'name' missing (a string)");
  memset(&b, 0, sizeof b);
  b.L = L;
  b.box = box;
  b.uv = 3;
  b.anchor = 4;
  b.name = lua_tostring(L, 5);
  check_fields(&b, 2, known, "spec");

  memset(&rule, 0, sizeof rule);
  rule.name = b.name;
  lua_getfield(L, 2, "pattern");                   /* 6 */
  lua_getfield(L, 2, "regex");                     /* 7 */
  if (lua_isnil(L, 6) == lua_isnil(L, 7))
    return fail(&b, "needs exactly one of 'pattern' and 'regex'");
  if (!lua_isnil(L, 6)) {
    rule.pattern = build_node(&b, 6, 0);
  } else {
    if (lua_type(L, 7) != LUA_TSTRING)
      return fail(&b, "regex: expected a string, got %s",
                  luaL_typename(L, 7));
    rule.regex = lua_tolstring(L, 7, &rule.regex_len);
    if (bool_field(L, 2, "caseless")) rule.regex_options |= GLEAN_RE_CASELESS;
    b.ncaps = regex_groups(&rule);
  }
  ncaps = int_field(&b, 2, "ncaptures", b.ncaps, 0, MAX_CAPTURES, "spec");
  if ((uint32_t)ncaps < b.ncaps)
    return fail(&b, "ncaptures is %d but the %s uses %d", (int)ncaps,
                rule.pattern ? "pattern" : "regex", (int)b.ncaps);
  rule.ncaptures = (uint32_t)ncaps;
  build_context(&b, "before", &rule.before, &rule.nbefore);
  build_context(&b, "after", &rule.after, &rule.nafter);
  build_context(&b, "not_before", &rule.not_before, &rule.nnot_before);
  build_context(&b, "not_after", &rule.not_after, &rule.nnot_after);
  rule.all_matches = bool_field(L, 2, "all");

  /* Room for this rule's capture count first: once the engine has the
   * rule, nothing may fail. */
  if (box->nrules + 1 > box->cap) {
    size_t cap = box->cap ? box->cap * 2 : 16;
    uint32_t *p = realloc(box->ncaps, cap * sizeof *p);
    if (p == NULL) return luaL_error(L, "glean: out of memory");
    box->ncaps = p;
    box->cap = cap;
  }
  memset(&err, 0, sizeof err);
  idx = glean_ruleset_add_rule(box->rs, &rule, &err);
  if (idx < 0) {
    err.message[sizeof err.message - 1] = '\0';
    return fail(&b, "%s", err.message);
  }
  if ((size_t)idx >= box->cap) return fail(&b, "engine gave a bad index");
  box->ncaps[idx] = rule.ncaptures;
  if ((size_t)idx >= box->nrules) box->nrules = (size_t)idx + 1;
  lua_pushinteger(L, (lua_Integer)idx + 1);
  return 1;
}

/* ---- scanning ----------------------------------------------------------------- */

/* A lexicon freed under the ruleset (only possible when a finalizer
 * resurrects one) would leave the engine a dangling pointer. */
static void check_lexicons_alive(lua_State *L, int uv)
{
  size_t i, n;
  lua_getfield(L, uv, "lexicons");
  n = glean_rawlen(L, -1);
  for (i = 1; i <= n; i++) {
    lua_rawgeti(L, -1, (int)i);
    if (glean_lua_test_lexicon(L, -1) == NULL)
      luaL_error(L, "glean: scan: a lexicon of this ruleset has been freed");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

/* Scans doc with the ruleset at arg 1 into r, after checking that its
 * lexicons are still alive (raises a Lua error on either failure). */
static void scan_checked(lua_State *L, const ruleset_box *box,
                         const glean_document *doc, glean_scan_result *r)
{
  glean_error err;
  glean_getuservalue(L, 1);
  check_lexicons_alive(L, lua_gettop(L));
  lua_pop(L, 1);
  memset(&err, 0, sizeof err);
  memset(r, 0, sizeof *r);
  if (glean_ruleset_scan(box->rs, doc, r, &err) != GLEAN_OK)
    glean_lua_error(L, "scan: ", &err);
}

/* The field names of a result, upvalues of the functions that build or
 * read results (rs:scan, rs:batch, batch:all, batch:resolve,
 * core.resolve): a field is set or read with the key string at hand, not
 * looked up by its C name first (lua_setfield, lua_getfield) - a result
 * has nine of them and its captures five. */
enum { K_RULE = 1, K_LABEL, K_PRIORITY, K_CAPS, K_START, K_END, K_FIRST,
       K_LAST, K_TEXT, NKEYS = K_TEXT };
static const char *const result_keys[NKEYS] = { "rule", "label", "priority",
  "caps", "start", "end", "first", "last", "text" };
#define KEY(k) lua_upvalueindex(k)

/* t[key] = meta[slot]; t and meta are absolute indexes. */
static void set_meta(lua_State *L, int t, int key, int meta, int slot)
{
  lua_pushvalue(L, KEY(key));
  lua_rawgeti(L, meta, slot);
  lua_rawset(L, t);
}

static void set_int(lua_State *L, int t, int key, lua_Integer v)
{
  lua_pushvalue(L, KEY(key));
  lua_pushinteger(L, v);
  lua_rawset(L, t);
}

/* Pushes {rule=, first=, last=, start=, ["end"]=, caps={range|false}}
 * for match m (the keys: see result_keys). */
static void push_match(lua_State *L, const ruleset_box *box,
                       const glean_scan_result *r, const glean_match *m)
{
  uint32_t j, n = m->rule < box->nrules ? box->ncaps[m->rule] : 0;
  int res, caps;
  lua_createtable(L, 0, 6);
  res = lua_gettop(L);
  set_int(L, res, K_RULE, (lua_Integer)m->rule + 1);
  set_int(L, res, K_FIRST, (lua_Integer)m->first + 1);
  set_int(L, res, K_LAST, (lua_Integer)m->last);
  set_int(L, res, K_START, (lua_Integer)m->start);
  set_int(L, res, K_END, (lua_Integer)m->end);
  lua_pushvalue(L, KEY(K_CAPS));
  lua_createtable(L, (int)n, 0);
  caps = lua_gettop(L);
  for (j = 0; j < n; j++) {
    size_t k = (size_t)m->caps + j;
    const glean_capture *c = k < r->ncaptures ? &r->captures[k] : NULL;
    if (c == NULL || c->first == UINT32_MAX) {
      lua_pushboolean(L, 0);
    } else {
      int cap;
      lua_createtable(L, 0, 4);
      cap = lua_gettop(L);
      set_int(L, cap, K_FIRST, (lua_Integer)c->first + 1);
      set_int(L, cap, K_LAST, (lua_Integer)c->last);
      set_int(L, cap, K_START, (lua_Integer)c->start);
      set_int(L, cap, K_END, (lua_Integer)c->end);
    }
    lua_rawseti(L, caps, (int)j + 1);
  }
  lua_rawset(L, res);                              /* res.caps = caps */
}

/* rs:count(doc) -> number of matches: the scan alone, no Lua tables
 * (for benchmarks: what the C scan costs by itself). */
static int ruleset_count(lua_State *L)
{
  ruleset_box *box = check_box(L, 1);
  const glean_document *doc = glean_lua_check_document(L, 2);
  glean_scan_result r;
  scan_checked(L, box, doc, &r);
  lua_pushinteger(L, (lua_Integer)r.nmatches);
  return 1;
}

/* rs:matches(doc) -> {rule, first, last, start, end, rule, ...}: every
 * match as five integers in one flat array (as rs:scan orders and numbers
 * them), without captures. A table per match costs more than the scan
 * finding it; a caller that needs only where rules matched (counting,
 * highlighting, a filter before rs:scan) pays for the scan alone. */
static int ruleset_matches(lua_State *L)
{
  ruleset_box *box = check_box(L, 1);
  const glean_document *doc = glean_lua_check_document(L, 2);
  glean_scan_result r;
  size_t i, j;
  int k = 0;
  lua_settop(L, 2);
  scan_checked(L, box, doc, &r);
  if (r.nmatches > (size_t)(INT_MAX / 5))
    return luaL_error(L, "glean: matches: too many matches");
  lua_createtable(L, (int)(r.nmatches * 5), 0);
  for (i = 0; i < r.nmatches; i++) {
    const glean_match *m = &r.matches[i];
    const lua_Integer v[5] = { (lua_Integer)m->rule + 1,
      (lua_Integer)m->first + 1, m->last, m->start, m->end };
    for (j = 0; j < 5; j++) {
      lua_pushinteger(L, v[j]);
      lua_rawseti(L, 3, ++k);
    }
  }
  return 1;
}

/* Slots of a rule's entry in the meta array of rs:results. */
enum { META_NAME = 1, META_LABEL, META_PRIORITY, META_CAPS, META_SPAN,
       META_COPY, META_ACTION, META_SPAN_INDEX };

/* Pushes text[start, end) (clamped to the text, as string.sub would). */
static void push_sub(lua_State *L, const char *text, size_t len,
                     uint32_t start, uint32_t end)
{
  size_t s = start < len ? start : len, e = end < len ? end : len;
  lua_pushlstring(L, text + s, e > s ? e - s : 0);
}

/* Pushes the result of match m, its rule's meta entry at index meta.
 * Fields are set in the order they always were, so that pairs over a
 * result visits them as before. The span's text is the string already
 * made for its capture. */
static void push_result(lua_State *L, uint32_t n,
                        const glean_scan_result *r, const glean_match *m,
                        int meta, const char *text, size_t len)
{
  uint32_t j;
  const glean_capture *span = NULL;
  uint32_t first = m->first, last = m->last, start = m->start, end = m->end;
  int res, caps, names, span_name, span_text;
  /* Only the closures made by push_with_keys have the keys. */
  if (lua_type(L, KEY(NKEYS)) != LUA_TSTRING)
    luaL_error(L, "glean: results built without their field names");
  lua_createtable(L, 0, 10);
  res = lua_gettop(L);
  set_meta(L, res, K_RULE, meta, META_NAME);
  set_meta(L, res, K_LABEL, meta, META_LABEL);
  set_meta(L, res, K_PRIORITY, meta, META_PRIORITY);
  lua_rawgeti(L, meta, META_CAPS);                 /* names */
  names = lua_gettop(L);
  lua_rawgeti(L, meta, META_SPAN);                 /* span name or false */
  span_name = lua_gettop(L);
  lua_pushnil(L);                                  /* the span's text */
  span_text = lua_gettop(L);
  lua_pushvalue(L, KEY(K_CAPS));
  lua_createtable(L, 0, (int)n);                   /* caps */
  caps = lua_gettop(L);
  for (j = 0; j < n; j++) {
    size_t k = (size_t)m->caps + j;
    const glean_capture *c = k < r->ncaptures ? &r->captures[k] : NULL;
    int cap;
    if (c == NULL || c->first == UINT32_MAX) continue;
    lua_rawgeti(L, names, (int)j + 1);
    if (lua_isnil(L, -1)) {  /* no name: as caps[nil] = c would, fail */
      lua_pop(L, 1);
      continue;
    }
    lua_createtable(L, 0, 5);  /* room for text too: no rehash */
    cap = lua_gettop(L);
    set_int(L, cap, K_FIRST, (lua_Integer)c->first + 1);
    set_int(L, cap, K_LAST, (lua_Integer)c->last);
    set_int(L, cap, K_START, (lua_Integer)c->start);
    set_int(L, cap, K_END, (lua_Integer)c->end);
    lua_pushvalue(L, KEY(K_TEXT));
    push_sub(L, text, len, c->start, c->end);
    /* caps[name] is the last set capture of that name: so is the span */
    if (lua_rawequal(L, cap - 1, span_name)) {
      span = c;
      lua_pushvalue(L, -1);
      lua_replace(L, span_text);
    }
    lua_rawset(L, cap);                            /* cap.text */
    lua_rawset(L, caps);
  }
  lua_rawset(L, res);                              /* res.caps = caps */
  if (span != NULL) {
    first = span->first;
    last = span->last;
    start = span->start;
    end = span->end;
  }
  set_int(L, res, K_START, (lua_Integer)start);
  set_int(L, res, K_END, (lua_Integer)end);
  set_int(L, res, K_FIRST, (lua_Integer)first + 1);
  set_int(L, res, K_LAST, (lua_Integer)last);
  lua_pushvalue(L, KEY(K_TEXT));
  if (span != NULL)
    lua_pushvalue(L, span_text);
  else
    push_sub(L, text, len, start, end);
  lua_rawset(L, res);
  lua_settop(L, res);                              /* names, span name ... */
  lua_rawgeti(L, meta, META_COPY);                 /* extra and fields */
  if (lua_istable(L, -1)) {
    lua_pushnil(L);
    while (lua_next(L, -2)) {
      lua_pushvalue(L, -2);
      lua_insert(L, -2);
      lua_rawset(L, res);
    }
  }
  lua_pop(L, 1);
}

/* Field key (K_*) of the table on top as a double, when it is a number
 * that a double holds exactly (as Lua compares it); else returns 0. A
 * missing field gives def when def_ok. */
static int number_field(lua_State *L, int key, double *out,
                        int def_ok, double def)
{
  int ok = 1;
  lua_pushvalue(L, KEY(key));  /* the key at hand: lua_getfield would
                                  look its C string up first */
  lua_gettable(L, -2);
  if (lua_type(L, -1) == LUA_TNUMBER) {
    lua_Number v = lua_tonumber(L, -1);
#if LUA_VERSION_NUM >= 503
    if (lua_isinteger(L, -1)) {
      lua_Integer iv = lua_tointeger(L, -1);
      ok = iv >= -9007199254740992LL && iv <= 9007199254740992LL;
      v = (lua_Number)iv;
    }
#endif
    *out = (double)v;
    ok = ok && !isnan(*out) && fabs(*out) <= 9007199254740992.0;
  } else if (def_ok && (lua_isnil(L, -1) ||
             (lua_type(L, -1) == LUA_TBOOLEAN && !lua_toboolean(L, -1)))) {
    *out = def;
  } else {
    ok = 0;
  }
  lua_pop(L, 1);
  return ok;
}

/* Reads the result table on top of the stack into x: token count, bytes,
 * priority (none or false: 0). Returns 0 when one is not a number that
 * resolve.c can take. */
static int read_candidate(lua_State *L, glean_candidate *x)
{
  double first, last;
  if (!number_field(L, K_FIRST, &first, 0, 0) ||
      !number_field(L, K_LAST, &last, 0, 0) ||
      !number_field(L, K_START, &x->start, 0, 0) ||
      !number_field(L, K_END, &x->end, 0, 0) ||
      !number_field(L, K_PRIORITY, &x->priority, 1, 0))
    return 0;
  x->ntokens = last - first + 1;
  return 1;
}

/* glean_resolve for the binding: 1 done, 0 when the candidates are not of
 * the kind it handles (the caller then leaves it to Lua); raises a Lua
 * error on anything else (out of memory). */
static int resolve_or_decline(lua_State *L, const glean_candidate *c,
                              size_t n, uint32_t *winner, uint32_t *kept,
                              size_t *nkept)
{
  glean_error err;
  memset(&err, 0, sizeof err);
  switch (glean_resolve(c, n, NULL, winner, kept, nkept, &err)) {
  case GLEAN_OK: return 1;
  case GLEAN_EINVAL: return 0;
  default: return glean_lua_error(L, "", &err);
  }
}

/* ---- batches: results built only when Lua needs them -------------------------- */

/* The matches of one scan (copied: the ruleset's own arrays last only
 * until its next scan) with what the meta array says of their rules.
 * Uservalue: { doc = the document, meta = the meta array, objs = the
 * result tables built so far by match index (false: rejected by its
 * action) }. */
typedef struct batch_box {
  glean_match *matches;
  glean_capture *caps;
  size_t nmatches, ncaps;
  size_t nrules;
  uint32_t *rule_ncaps;   /* per rule: its captures */
  double *priority;       /* per rule */
  int32_t *span;          /* per rule: 0 none, j the span capture (1-based),
                             -1 build every result at once */
  uint8_t *action;        /* per rule: has an action */
  void *scratch;          /* batch:resolve's arrays: C memory, so that
                             they add nothing to the collector's debt */
  size_t scratch_size;
} batch_box;

#define GLEAN_BATCH_T "glean.batch"

static int batch_gc(lua_State *L)
{
  batch_box *b = glean_lua_testudata(L, 1, GLEAN_BATCH_T);
  if (b != NULL) {
    free(b->matches);
    free(b->caps);
    free(b->rule_ncaps);
    free(b->priority);
    free(b->span);
    free(b->action);
    free(b->scratch);
    memset(b, 0, sizeof *b);
  }
  return 0;
}

/* The batch at arg 1 (alone on the stack); sets text to its document's
 * and leaves the uservalue's doc, meta, objs at stack indexes 2, 3, 4. */
static batch_box *batch_open(lua_State *L, const char **text, size_t *len)
{
  batch_box *b = glean_lua_testudata(L, 1, GLEAN_BATCH_T);
  int uv;
  const glean_document *doc;
  if (b == NULL) glean_typeerror(L, 1, GLEAN_BATCH_T);
  glean_getuservalue(L, 1);
  uv = lua_gettop(L);
  lua_getfield(L, uv, "doc");
  doc = glean_lua_test_document(L, -1);
  if (doc == NULL) luaL_error(L, "glean: batch: its document is closed");
  *text = glean_document_text(doc, len);
  lua_getfield(L, uv, "meta");
  lua_getfield(L, uv, "objs");
  lua_remove(L, uv);
  return b;
}

/* Builds the result of match i (objs[i + 1]); leaves it on the stack. */
static void materialize(lua_State *L, const batch_box *b, size_t i, int meta,
                        int objs, const char *text, size_t len)
{
  const glean_match *m = &b->matches[i];
  glean_scan_result r;
  memset(&r, 0, sizeof r);
  r.captures = b->caps;
  r.ncaptures = b->ncaps;
  lua_rawgeti(L, meta, (int)m->rule + 1);
  if (!lua_istable(L, -1))
    luaL_error(L, "glean: batch: no meta for rule %d", (int)m->rule + 1);
  push_result(L, m->rule < b->nrules ? b->rule_ncaps[m->rule] : 0, &r, m,
              lua_gettop(L), text, len);
  lua_remove(L, -2);
  lua_pushvalue(L, -1);
  lua_rawseti(L, objs, (int)i + 1);
}

/* Reads the meta array at stack index 3 into box->meta_* unless they hold
 * it already (same array, same number of rules). */
static void read_meta(lua_State *L, ruleset_box *box)
{
  size_t i, n = box->nrules;
  int same;
  double *p;
  int32_t *sp;
  uint8_t *a;
  glean_getuservalue(L, 1);
  lua_getfield(L, -1, "meta");
  same = box->meta_n == n && lua_rawequal(L, -1, 3);
  lua_pop(L, 1);
  if (same) {
    lua_pop(L, 1);
    return;
  }
  box->meta_n = 0;  /* until read whole */
  if (n > 0) {
    p = realloc(box->meta_priority, n * sizeof *p);
    if (p != NULL) box->meta_priority = p;
    sp = realloc(box->meta_span, n * sizeof *sp);
    if (sp != NULL) box->meta_span = sp;
    a = realloc(box->meta_action, n);
    if (a != NULL) box->meta_action = a;
    if (p == NULL || sp == NULL || a == NULL)
      luaL_error(L, "glean: out of memory");
  }
  for (i = 0; i < n; i++) {
    box->meta_priority[i] = 0;
    box->meta_span[i] = -1;  /* no meta: built at once, which reports it */
    box->meta_action[i] = 0;
    lua_rawgeti(L, 3, (int)i + 1);
    if (lua_istable(L, -1)) {
      double prio;
      int32_t span;
      lua_rawgeti(L, -1, META_PRIORITY);
      lua_rawgeti(L, -2, META_ACTION);
      lua_rawgeti(L, -3, META_SPAN_INDEX);
      prio = lua_tonumber(L, -3);
      span = (int32_t)lua_tointeger(L, -1);
      box->meta_priority[i] = prio;
      box->meta_action[i] = (uint8_t)lua_toboolean(L, -2);
      if (lua_type(L, -3) != LUA_TNUMBER || isnan(prio) ||
          lua_type(L, -1) != LUA_TNUMBER || span < -1 ||
          span > (int32_t)box->ncaps[i])
        span = -1;
      box->meta_span[i] = span;
      lua_pop(L, 3);
    }
    lua_pop(L, 1);
  }
  lua_pushvalue(L, 3);
  lua_setfield(L, -2, "meta");
  lua_pop(L, 1);
  box->meta_n = n;
}

/* rs:batch(doc, meta) -> batch, objs, acts
 * Scans doc. meta[rule index] = { name, label, priority, cap_names, span
 * name or false, fields to copy or false, has_action, span capture index
 * (0 none, -1 ambiguous) }. objs holds the result tables built so far:
 * those of rules with an action (or an ambiguous span). acts lists, for
 * each result to act on, its index in objs and its rule index, in pairs,
 * in scan order; the caller sets objs[i] = false for a rejected one.
 * Results are the tables glean.rules documents (RESULTS). The numbers of
 * meta are read once per array (see read_meta): change none after use. */
static int ruleset_batch(lua_State *L)
{
  ruleset_box *box = check_box(L, 1);
  const glean_document *doc = glean_lua_check_document(L, 2);
  glean_scan_result r;
  batch_box *b;
  const char *text;
  size_t i, len = 0, nacts = 0;
  luaL_checktype(L, 3, LUA_TTABLE);
  lua_settop(L, 3);
  scan_checked(L, box, doc, &r);
  lua_pushnil(L);                /* 4: unused; keeps the slots below */
  text = glean_document_text(doc, &len);

  b = glean_newuserdata(L, sizeof *b);             /* 5: batch */
  memset(b, 0, sizeof *b);
  luaL_getmetatable(L, GLEAN_BATCH_T);
  lua_setmetatable(L, 5);
  lua_createtable(L, 0, 3);
  lua_pushvalue(L, 2);
  lua_setfield(L, -2, "doc");
  lua_pushvalue(L, 3);
  lua_setfield(L, -2, "meta");
  lua_createtable(L, (int)r.nmatches, 0);
  lua_setfield(L, -2, "objs");
  glean_setuservalue(L, 5);
  b->nrules = box->nrules;
  b->matches = malloc((r.nmatches ? r.nmatches : 1) * sizeof *b->matches);
  b->caps = malloc((r.ncaptures ? r.ncaptures : 1) * sizeof *b->caps);
  b->rule_ncaps = malloc((b->nrules ? b->nrules : 1) * sizeof *b->rule_ncaps);
  b->priority = malloc((b->nrules ? b->nrules : 1) * sizeof *b->priority);
  b->span = malloc((b->nrules ? b->nrules : 1) * sizeof *b->span);
  b->action = malloc(b->nrules ? b->nrules : 1);
  if (!b->matches || !b->caps || !b->rule_ncaps || !b->priority ||
      !b->span || !b->action)
    return luaL_error(L, "glean: out of memory");
  if (r.nmatches) memcpy(b->matches, r.matches, r.nmatches * sizeof *b->matches);
  if (r.ncaptures) memcpy(b->caps, r.captures, r.ncaptures * sizeof *b->caps);
  b->nmatches = r.nmatches;
  b->ncaps = r.ncaptures;
  read_meta(L, box);
  for (i = 0; i < b->nrules; i++) b->rule_ncaps[i] = box->ncaps[i];
  if (b->nrules) {
    memcpy(b->priority, box->meta_priority, b->nrules * sizeof *b->priority);
    memcpy(b->span, box->meta_span, b->nrules * sizeof *b->span);
    memcpy(b->action, box->meta_action, b->nrules);
  }

  glean_getuservalue(L, 5);
  lua_getfield(L, -1, "objs");                     /* 7: objs */
  lua_remove(L, 6);
  /* acts at its size: two slots per result to act on */
  for (i = 0; i < b->nmatches; i++) {
    uint32_t rule = b->matches[i].rule;
    if (rule < b->nrules && b->action[rule]) nacts += 2;
  }
  lua_createtable(L, nacts < INT32_MAX ? (int)nacts : 0, 0);   /* 7: acts */
  nacts = 0;
  luaL_checkstack(L, 16, "glean: batch");
  for (i = 0; i < b->nmatches; i++) {
    uint32_t rule = b->matches[i].rule;
    int act = rule < b->nrules && b->action[rule];
    if (rule >= b->nrules || act || b->span[rule] < 0) {
      materialize(L, b, i, 3, 6, text, len);
      lua_pop(L, 1);
    }
    if (act) {
      lua_pushinteger(L, (lua_Integer)i + 1);
      lua_rawseti(L, 7, (int)++nacts);
      lua_pushinteger(L, (lua_Integer)rule + 1);
      lua_rawseti(L, 7, (int)++nacts);
    }
  }
  return 3;
}

/* batch:all([label]) -> every result not rejected, in scan order (built now
 * if not yet: the same table every time); with label, only the results of
 * that label, and only those are built (a stage that reads one label need
 * not pay for the tables of all the others). A result not built yet has
 * its rule's label; a built one is asked (its action may have changed it). */
static int batch_all(lua_State *L)
{
  const char *text;
  size_t i, len, n = 0;
  batch_box *b;
  int meta, objs, out, filter;
  uint8_t *want = NULL;           /* per rule: its label is the one asked */
  lua_settop(L, 2);
  filter = !lua_isnil(L, 2);
  b = batch_open(L, &text, &len);                  /* doc meta objs on top */
  meta = lua_gettop(L) - 1;
  objs = meta + 1;
  luaL_checkstack(L, 16, "glean: batch");
  if (filter) {
    want = glean_newuserdata(L, b->nrules + 1);
    for (i = 0; i < b->nrules; i++) {
      lua_rawgeti(L, meta, (int)i + 1);
      want[i] = 0;
      if (lua_istable(L, -1)) {
        lua_rawgeti(L, -1, META_LABEL);
        want[i] = (uint8_t)lua_rawequal(L, -1, 2);
        lua_pop(L, 1);
      }
      lua_pop(L, 1);
    }
  }
  lua_createtable(L, filter ? 0 : (int)b->nmatches, 0);
  out = lua_gettop(L);
  for (i = 0; i < b->nmatches; i++) {
    uint32_t rule = b->matches[i].rule;
    lua_rawgeti(L, objs, (int)i + 1);
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      if (filter && rule < b->nrules && !want[rule]) continue;
      materialize(L, b, i, meta, objs, text, len);
    }
    if (filter && lua_istable(L, -1)) {
      int same;
      lua_getfield(L, -1, "label");
      same = lua_rawequal(L, -1, 2);
      lua_pop(L, 1);
      if (!same) {
        lua_pop(L, 1);
        continue;
      }
    }
    if (lua_toboolean(L, -1))
      lua_rawseti(L, out, (int)++n);
    else
      lua_pop(L, 1);
  }
  return 1;
}

/* batch:resolve() -> kept, or nothing when some result is not of the kind
 * resolve.c handles (the caller then resolves batch:all() in Lua). The
 * results R.resolve(batch:all()) would keep, in the same order; only
 * those (and the ones built before) become tables. Results not built yet
 * are read from the scan; built ones from their tables, which actions may
 * have changed. */
static int batch_resolve(lua_State *L)
{
  const char *text;
  size_t i, len, n = 0, nkept = 0, need;
  batch_box *b;
  glean_candidate *c;
  uint32_t *which, *winner, *kept;
  lua_settop(L, 1);
  b = batch_open(L, &text, &len);                  /* 2 doc 3 meta 4 objs */
  need = b->nmatches * (sizeof *c + 3 * sizeof(uint32_t)) + 1;
  if (b->scratch_size < need) {
    void *p = realloc(b->scratch, need);
    if (p == NULL) return luaL_error(L, "glean: out of memory");
    b->scratch = p;
    b->scratch_size = need;
  }
  c = b->scratch;
  lua_pushnil(L);                                  /* 5: unused */
  which = (uint32_t *)(void *)(c + b->nmatches);
  winner = which + b->nmatches;
  kept = winner + b->nmatches;
  for (i = 0; i < b->nmatches; i++) {
    const glean_match *m = &b->matches[i];
    glean_candidate *x = &c[n];
    lua_rawgeti(L, 4, (int)i + 1);
    if (lua_isnil(L, -1)) {
      uint32_t first = m->first, last = m->last;
      int32_t sp = m->rule < b->nrules ? b->span[m->rule] : -1;
      x->start = m->start;
      x->end = m->end;
      if (sp > 0 && (size_t)m->caps + (size_t)sp - 1 < b->ncaps) {
        const glean_capture *cap = &b->caps[(size_t)m->caps + (size_t)sp - 1];
        if (cap->first != UINT32_MAX) {
          first = cap->first;
          last = cap->last;
          x->start = cap->start;
          x->end = cap->end;
        }
      }
      x->ntokens = (double)last - (double)first;
      x->priority = b->priority[m->rule];
    } else if (lua_istable(L, -1)) {
      if (!read_candidate(L, x)) return 0;
    } else {
      lua_pop(L, 1);
      continue;  /* rejected */
    }
    lua_pop(L, 1);
    which[n++] = (uint32_t)i;
  }
  if (!resolve_or_decline(L, c, n, winner, kept, &nkept)) return 0;
  lua_createtable(L, (int)nkept, 0);               /* 6 */
  for (i = 0; i < nkept; i++) {
    size_t k = which[kept[i]];
    lua_rawgeti(L, 4, (int)k + 1);
    if (lua_isnil(L, -1)) {
      lua_pop(L, 1);
      materialize(L, b, k, 3, 4, text, len);
    }
    lua_rawseti(L, 6, (int)i + 1);
  }
  return 1;
}

/* Pushes the spans array; labels is the stack index of the names. */
static void push_spans(lua_State *L, const glean_scan_result *r, int labels)
{
  size_t i;
  lua_createtable(L, (int)r->nspans, 0);
  for (i = 0; i < r->nspans; i++) {
    const glean_lex_match *s = &r->spans[i];
    glean_lua_push_range(L, s->first, s->last, s->start, s->end);
    lua_rawgeti(L, labels, (int)s->label + 1);
    lua_setfield(L, -2, "label");
    lua_rawseti(L, -2, (int)i + 1);
  }
}

/* rs:scan(doc [, want_spans]) -> matches [, spans]
 * matches: {rule=, first=, last=, start=, ["end"]=, caps={range|false}}
 * spans:   {first=, last=, start=, ["end"]=, label=} */
static int ruleset_scan(lua_State *L)
{
  ruleset_box *box = check_box(L, 1);
  const glean_document *doc = glean_lua_check_document(L, 2);
  int want_spans = lua_toboolean(L, 3);
  glean_scan_result r;
  size_t i;
  lua_settop(L, 3);
  scan_checked(L, box, doc, &r);
  glean_getuservalue(L, 1);                        /* 4 */
  lua_createtable(L, (int)r.nmatches, 0);          /* 5 */
  for (i = 0; i < r.nmatches; i++) {
    push_match(L, box, &r, &r.matches[i]);
    lua_rawseti(L, 5, (int)i + 1);
  }
  if (!want_spans) return 1;
  lua_getfield(L, 4, "labels");                    /* 6 */
  push_spans(L, &r, 6);                            /* 7 */
  lua_remove(L, 6);
  return 2;
}

/* ---- resolving overlaps ------------------------------------------------------ */

/* core.resolve(results [, want_lost]) -> kept [, lost], or nothing when
 * the results are not all of the kind resolve.c handles (token range,
 * start < end, numeric priority or none): R.resolve then does it in Lua.
 * The policy and the meaning of kept and lost are those of R.resolve
 * (lua/glean/rules.lua); results are read with ipairs' rules. */
static int core_resolve(lua_State *L)
{
  int want_lost = lua_toboolean(L, 2);
  size_t n = 0, i, nkept = 0;
  glean_candidate *c;
  uint32_t *winner, *kept;
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  for (;;) {
    lua_rawgeti(L, 1, (int)n + 1);
    if (lua_isnil(L, -1)) break;
    lua_pop(L, 1);
    if (++n >= (size_t)INT32_MAX) return 0;
  }
  lua_pop(L, 1);
  /* One block the collector owns: a Lua error below leaks nothing. */
  c = glean_newuserdata(L, n * (sizeof *c + 2 * sizeof(uint32_t)) + 1);
  winner = (uint32_t *)(void *)(c + n);
  kept = winner + n;
  for (i = 0; i < n; i++) {
    lua_rawgeti(L, 1, (int)i + 1);
    if (!lua_istable(L, -1) || !read_candidate(L, &c[i])) return 0;
    lua_pop(L, 1);
  }
  if (!resolve_or_decline(L, c, n, winner, kept, &nkept)) return 0;
  lua_createtable(L, (int)nkept, 0);               /* 3: kept */
  for (i = 0; i < nkept; i++) {
    lua_rawgeti(L, 1, (int)kept[i] + 1);
    lua_rawseti(L, 3, (int)i + 1);
  }
  if (!want_lost) return 1;
  lua_createtable(L, 0, (int)(n - nkept));         /* 4: lost */
  for (i = 0; i < n; i++) {
    if (winner[i] == GLEAN_RESOLVE_KEPT) continue;
    lua_rawgeti(L, 1, (int)i + 1);
    lua_rawgeti(L, 1, (int)winner[i] + 1);
    lua_rawset(L, 4);
  }
  return 2;
}

/* Pushes f with the result field names as upvalues (see push_result).
 * Every function that builds or reads results (materialize, push_result,
 * read_candidate) must be made this way. */
static void push_with_keys(lua_State *L, lua_CFunction f)
{
  int i;
  for (i = 0; i < NKEYS; i++) lua_pushstring(L, result_keys[i]);
  lua_pushcclosure(L, f, NKEYS);
}

/* Method name of class tname: f made by push_with_keys. */
static void with_keys(lua_State *L, const char *tname, const char *name,
                      lua_CFunction f)
{
  luaL_getmetatable(L, tname);
  lua_getfield(L, -1, "__index");
  push_with_keys(L, f);
  lua_setfield(L, -2, name);
  lua_pop(L, 2);
}

void glean_lua_open_ruleset(lua_State *L)
{
  static const luaL_Reg meta[] = {
    { "__gc", ruleset_gc },
    { "__tostring", ruleset_tostring },
    { NULL, NULL }
  };
  static const luaL_Reg methods[] = {
    { "label", ruleset_label },
    { "labels", ruleset_labels },
    { "add_lexicon", ruleset_add_lexicon },
    { "add_rule", ruleset_add_rule },
    { "nrules", ruleset_nrules },
    { "count", ruleset_count },
    { "matches", ruleset_matches },
    { NULL, NULL }
  };
  static const luaL_Reg batch_meta[] = {
    { "__gc", batch_gc },
    { NULL, NULL }
  };
  static const luaL_Reg batch_methods[] = {
    { NULL, NULL }
  };
  glean_lua_newclass(L, GLEAN_RULESET_T, meta, methods);
  glean_lua_newclass(L, GLEAN_BATCH_T, batch_meta, batch_methods);
  with_keys(L, GLEAN_RULESET_T, "scan", ruleset_scan);
  with_keys(L, GLEAN_RULESET_T, "batch", ruleset_batch);
  with_keys(L, GLEAN_BATCH_T, "all", batch_all);
  with_keys(L, GLEAN_BATCH_T, "resolve", batch_resolve);
  lua_pushcfunction(L, ruleset_new);
  lua_setfield(L, -2, "ruleset");
  push_with_keys(L, core_resolve);
  lua_setfield(L, -2, "resolve");
}
