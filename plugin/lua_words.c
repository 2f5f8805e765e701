/* lua_words.c — core.find_words: the places of a few phrases in a
 * document, without building a lexicon.
 *
 * Pack stages look for phrases of the document itself (the surnames of
 * its people, the short names of its companies). A lexicon made for them
 * costs its building and a hash of nearly every token; but most tokens
 * cannot start one of a few phrases, as their first byte or their length
 * differs. find_words gives what glean.lexicon would give for the same
 * phrases under one label: it compares the same token hashes, the same
 * way (longest phrase at a token, none across a paragraph break, none
 * inside another), but hashes only the tokens that may start a phrase.
 * It takes ASCII phrases only and returns nil for others, so that the
 * caller falls back to a lexicon and the result never depends on this
 * shortcut.
 */
#include <string.h>
#include "internal.h"
#include "lua_glean.h"

/* As in lexicon.c: a token's shape, and the case flags that a folded
 * match ignores. A phrase is only looked for from tokens of the shape of
 * its first token. */
#define SHAPE_CASE (GLEAN_TF_CAP | GLEAN_TF_UPPER | GLEAN_TF_LOWER)
#define SHAPE_MASK (GLEAN_TF_WORD | SHAPE_CASE | GLEAN_TF_DIGIT | \
                    GLEAN_TF_ALNUM | GLEAN_TF_PUNCT)
#define SHAPE_SLOTS (SHAPE_MASK + 1)
/* Phrases are at most MAX_BYTES bytes and MAX_TOKENS tokens (the
 * lexicon's limit), their first token at most MAX_FIRST bytes; at most
 * MAX_PHRASES phrases of MAX_HASHES tokens in all. Others: nil. */
#define MAX_BYTES 255
#define MAX_TOKENS 32
#define MAX_FIRST 63
#define MAX_PHRASES 256
#define MAX_HASHES 1024

typedef struct phrase {
  uint32_t first, n;   /* its token hashes: hashes[first .. first + n) */
} phrase;

typedef struct word_set {
  int fold;
  size_t n, nhashes;
  uint32_t shape_mask;                /* SHAPE_MASK, less case when folded */
  /* bit len of starts[b]: a phrase's first token starts with byte b and
   * has len bytes */
  uint64_t starts[128];
  unsigned char shapes[SHAPE_SLOTS];  /* 1: a first token of shape & mask */
  /* Written before they are read: set_init leaves them alone, as
   * zeroing their 13 KB was a sixth of the cost of a call. */
  phrase phrases[MAX_PHRASES];
  uint64_t hashes[MAX_HASHES];
  uint64_t firsthash[MAX_PHRASES];    /* sorted: the first token hashes */
  uint16_t by_first[MAX_PHRASES];     /* phrases in that order */
} word_set;

static void set_init(word_set *set, int fold)
{
  set->fold = fold;
  set->n = set->nhashes = 0;
  set->shape_mask = fold ? SHAPE_MASK & ~SHAPE_CASE : SHAPE_MASK;
  memset(set->starts, 0, sizeof set->starts);
  memset(set->shapes, 0, sizeof set->shapes);
}

/* Adds phrase s to set; false when it is not ASCII or too long (the
 * lexicon takes it, or refuses it, in a way this file does not copy). */
static int set_add(word_set *set, const char *s, size_t len)
{
  glean_tokenizer t;
  glean_token tok;
  phrase *p;
  size_t i;
  uint32_t first_flags = 0;
  if (len == 0 || len > MAX_BYTES || set->n == MAX_PHRASES) return 0;
  for (i = 0; i < len; i++)
    if ((unsigned char)s[i] >= 0x80) return 0;
  p = &set->phrases[set->n];
  p->first = (uint32_t)set->nhashes;
  p->n = 0;
  glean_tokenizer_init(&t, s, len, NULL);
  while (glean_tokenizer_next(&t, &tok)) {
    size_t l = tok.end - tok.start;
    if (p->n == MAX_TOKENS || set->nhashes == MAX_HASHES) return 0;
    if (p->n == 0) {
      first_flags = tok.flags;
      if (l > MAX_FIRST) return 0;
      set->starts[(unsigned char)s[tok.start]] |= (uint64_t)1 << l;
    }
    set->hashes[set->nhashes++] = set->fold
      ? glean_hash_folded(s + tok.start, l) : glean_hash_bytes(s + tok.start, l);
    p->n++;
  }
  if (p->n == 0) return 0;
  set->n++;
  /* the lexicon's start shapes: any case of the shape when folded */
  set->shapes[first_flags & set->shape_mask] = 1;
  return 1;
}

/* Once all phrases are in: a folded phrase starts with either case of
 * its first letter (folding changes ASCII letters only). */
static void set_fold_starts(word_set *set)
{
  size_t i;
  if (!set->fold) return;
  for (i = 0; i < 26; i++)
    set->starts['a' + i] = set->starts['A' + i] =
      set->starts['a' + i] | set->starts['A' + i];
}

/* Sorts the phrases by the hash of their first token, so that a token
 * is compared with the phrases it may start only. */
static void set_sort(word_set *set)
{
  size_t i, k;
  for (i = 0; i < set->n; i++) {
    uint64_t h = set->hashes[set->phrases[i].first];
    for (k = i; k > 0 && set->firsthash[k - 1] > h; k--) {
      set->firsthash[k] = set->firsthash[k - 1];
      set->by_first[k] = set->by_first[k - 1];
    }
    set->firsthash[k] = h;
    set->by_first[k] = (uint16_t)i;
  }
}

/* Whether a token of len bytes at s may start a phrase, which is ASCII:
 * it starts with the first byte of a phrase (in a case of it when
 * folded) and has the length of that phrase's first token. Folded, a token with
 * other bytes than ASCII may also, as folding may turn them into ASCII
 * of another length ("\xC4\xB0" to "i"); those are hashed to know. */
static int may_start(const word_set *set, const char *s, size_t len)
{
  unsigned char b = (unsigned char)s[0];
  size_t i;
  if (b < 0x80) {
    if (!set->starts[b]) return 0;
    if (len <= MAX_FIRST && (set->starts[b] >> len & 1)) return 1;
  }
  if (!set->fold) return 0;
  for (i = 0; i < len; i++)
    if ((unsigned char)s[i] >= 0x80) return 1;
  return 0;
}

typedef struct doc_view {
  const char *text;
  size_t text_len, ntoks;
  const glean_token *toks;
} doc_view;

static uint64_t token_hash(const word_set *set, const doc_view *d, size_t j)
{
  uint64_t exact, folded;
  glean_hash_token(d->text, d->text_len, d->toks[j].start, d->toks[j].end,
                   &exact, set->fold ? &folded : NULL);
  return set->fold ? folded : exact;
}

/* The number of tokens of the longest phrase at token i (0: none), as a
 * lexicon walk finds it: token by token, not across a paragraph break,
 * at most MAX_TOKENS tokens. */
static size_t longest_at(const word_set *set, const doc_view *d, size_t i)
{
  size_t k, t, best = 0, lo = 0, hi = set->n;
  size_t stop = d->ntoks - i > MAX_TOKENS ? i + MAX_TOKENS : d->ntoks;
  uint64_t h0 = token_hash(set, d, i);
  while (lo < hi) {   /* the first phrase whose first hash is >= h0 */
    size_t mid = lo + (hi - lo) / 2;
    if (set->firsthash[mid] < h0) lo = mid + 1;
    else hi = mid;
  }
  for (k = lo; k < set->n && set->firsthash[k] == h0; k++) {
    const phrase *p = &set->phrases[set->by_first[k]];
    const uint64_t *h = &set->hashes[p->first];
    if (p->n <= best || i + p->n > stop) continue;
    for (t = 1; t < p->n; t++)
      if ((d->toks[i + t].flags & GLEAN_TF_PARA_START) ||
          token_hash(set, d, i + t) != h[t])
        break;
    if (t == p->n) best = p->n;
  }
  return best;
}

/* core.find_words(doc, phrases [, {fold=, outside=}]) -> hits or nil
 * hits: {{first=, last=, start=, ["end"]=}} in text order: the phrases
 * found in the document (in any case when fold), as lexicon:match gives
 * them for a lexicon of the phrases under one label (the longest at a
 * token, none inside another). outside, a list of spans sorted by start
 * that do not overlap, leaves out the hits that meet one. nil when a
 * phrase is not ASCII or too long (see MAX_*): then use a lexicon. */
static int find_words(lua_State *L)
{
  static const char *const known[] = { "fold", "outside", NULL };
  const glean_document *doc = glean_lua_check_document(L, 1);
  word_set words, *set = &words;   /* on the stack: nothing to free */
  doc_view d;
  size_t i, n, count = 0, blocked = 0;
  int fold = 0, outside = 0;
  glean_lua_outside out;
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_settop(L, 3);
  if (!lua_isnil(L, 3)) {
    luaL_checktype(L, 3, LUA_TTABLE);
    glean_lua_check_keys(L, 3, known, "option");
    lua_getfield(L, 3, "fold");
    fold = lua_toboolean(L, -1);
    lua_getfield(L, 3, "outside");
    if (!lua_isnil(L, -1)) {
      luaL_argcheck(L, lua_istable(L, -1), 3, "outside must be a list");
      outside = lua_gettop(L);
    }
  }
  set_init(set, fold);
  n = glean_rawlen(L, 2);
  for (i = 1; i <= n; i++) {
    size_t len;
    const char *s;
    lua_rawgeti(L, 2, (int)i);
    if (lua_type(L, -1) != LUA_TSTRING)
      return luaL_argerror(L, 2, "phrases must be strings");
    s = lua_tolstring(L, -1, &len);
    if (!set_add(set, s, len)) {
      lua_pushnil(L);
      return 1;
    }
    lua_pop(L, 1);
  }
  set_fold_starts(set);
  set_sort(set);
  d.text = glean_document_text(doc, &d.text_len);
  d.toks = glean_document_tokens(doc, &d.ntoks);
  glean_lua_outside_open(L, &out, outside, 3);
  lua_newtable(L);
  for (i = 0; i < d.ntoks && set->n > 0; i++) {
    const glean_token *t = &d.toks[i];
    size_t len, stop;
    if (i < blocked || !set->shapes[t->flags & set->shape_mask] ||
        !may_start(set, d.text + t->start, t->end - t->start))
      continue;
    len = longest_at(set, &d, i);
    if (len == 0) continue;
    blocked = i + len;   /* a hit inside this one is not one */
    stop = d.toks[i + len - 1].end;
    if (!glean_lua_outside_clear(L, &out, t->start, stop)) continue;
    glean_lua_push_range(L, (uint32_t)i, (uint32_t)(i + len), t->start,
                         (uint32_t)stop);
    lua_rawseti(L, -2, (int)++count);
  }
  return 1;
}

void glean_lua_open_words(lua_State *L)
{
  lua_pushcfunction(L, find_words);
  lua_setfield(L, -2, "find_words");
}
