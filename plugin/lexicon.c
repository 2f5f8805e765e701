/* lexicon.c — multi-token phrase dictionary: a hashed trie over tokens.
 *
 * Phrases are tokenized with the document tokenizer, so a phrase and the
 * text it should match split the same way ("U.S. Steel", "Huawei's").
 * Each token becomes a 64-bit hash (glean_hash_bytes for exact entries,
 * glean_hash_folded for case-folded ones) and the phrase becomes a path
 * in a trie. The trie's edges live in ONE open-addressing table keyed by
 * (parent node, token hash), so following an edge is one probe whatever
 * the lexicon's size. Exact and folded phrases hang from two different
 * roots, which keeps the two key spaces apart.
 *
 * Phrase strings are not stored: an edge compares the parent id exactly
 * and the token by its 64-bit hash, so a wrong walk needs two different
 * tokens with the same 64-bit hash after the same node (about 2^32
 * distinct tokens there before that becomes likely). That is what lets
 * 1M entries load in well under a second into about 65 MB.
 */
#define _POSIX_C_SOURCE 200809L /* strerror_r */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "internal.h"

/* Longest phrase, in tokens; it also bounds each walk during a match. */
#define LEX_MAX_TOKENS 32
/* Labels per lexicon (a ruleset uses at most 64 of them). */
#define LEX_MAX_LABELS 65535u
/* load_file reads this much at a time; longer lines are skipped. */
#define LEX_READ_BLOCK ((size_t)1 << 20)
#define LEX_MAX_LINE ((size_t)1 << 20)

/* Node ids carry two hints in their top bits inside an edge, so a walk
 * learns whether to look for entries or to go on without touching the
 * node array. */
#define EDGE_HAS_ENTRIES (1u << 31)
#define EDGE_HAS_KIDS (1u << 30)
#define NODE_ID_MASK (EDGE_HAS_KIDS - 1u)
#define NO_ENTRY UINT32_MAX
#define NO_LABEL UINT32_MAX

/* Nodes 0 and 1 are the roots of the exact and the folded trie; no edge
 * ever leads to them, so child == 0 marks an empty slot. */
enum { ROOT_EXACT = 0, ROOT_FOLD = 1, NROOTS = 2 };

typedef struct lex_edge {
  uint64_t token;   /* token hash */
  uint32_t parent;  /* node id */
  uint32_t child;   /* node id | EDGE_HAS_* hints; 0 = empty slot */
} lex_edge;

/* A node holds its first entry itself (most phrases have one label), so
 * a hit costs one cache miss less; more entries chain into `extra`. */
typedef struct lex_entry {
  uint32_t label;   /* NO_LABEL: a node without entries */
  int32_t value;    /* value id or -1 */
  uint32_t next;    /* next entry of the same node in extra, or NO_ENTRY */
} lex_entry;

/* Interned strings (labels, values): id -> NUL-terminated bytes. */
typedef struct pool_item {
  uint32_t off, len, hash;
} pool_item;

typedef struct strpool {
  char *bytes;
  size_t nbytes, bytes_cap;
  pool_item *items;
  size_t n, items_cap;
  uint32_t *slots;      /* id + 1, 0 = empty; power-of-two size */
  size_t nslots;
} strpool;

struct glean_lexicon {
  glean_allocator alloc_copy;
  const glean_allocator *alloc;   /* &alloc_copy, or NULL for malloc */
  lex_edge *edges;
  size_t edge_mask, nedges;       /* table size is edge_mask + 1 */
  /* A small Bloom filter over the tokens of the roots' edges (2 bits in
   * one word per key): most tokens of a text start no phrase, and the
   * filter answers them from cache instead of a miss in the big table. */
  uint64_t *filter;
  size_t filter_mask;             /* words - 1 */
  size_t nroot_edges;             /* keys in the filter */
  lex_entry *nodes;               /* node id -> its first entry */
  size_t nnodes, nodes_cap;
  lex_entry *extra;               /* the second and later entries */
  size_t nextra, extra_cap;
  size_t nentries;
  bool root_has_kids[NROOTS];
  /* The shapes (see token_shape) of the first tokens of each trie's
   * phrases: a token of another shape starts no phrase and is not even
   * hashed. A names lexicon thus skips every lowercase word of a text. */
  uint64_t first_shapes[NROOTS][2];
  strpool labels, values;
};

/* ---- small helpers ------------------------------------------------------- */

static bool utf8_valid(const char *s, size_t len)
{
  size_t i = 0, adv;
  while (i < len) {
    if ((unsigned char)s[i] < 0x80) { i++; continue; }
    if (glean_utf8_decode(s + i, len - i, &adv) == GLEAN_BAD_CP) return false;
    i += adv;
  }
  return true;
}

/* Spreads (parent, token hash) over the table; the token hash is already
 * well mixed, the parent id is not. */
static inline uint64_t edge_mix(uint32_t parent, uint64_t token)
{
  uint64_t x = token ^ ((uint64_t)parent * 0x9E3779B97F4A7C15ull);
  x ^= x >> 31;
  x *= 0xD6E8FEB86659FD93ull;
  x ^= x >> 32;
  return x;
}

/* The filter is keyed by the token hash alone, not by the root: most
 * tokens of a text have no capitals, so their exact and folded hashes
 * are equal and one probe answers for both tries. */
static inline uint64_t filter_bits(uint64_t token)
{
  return (1ull << ((token >> 52) & 63)) | (1ull << ((token >> 58) & 63));
}

static inline uint64_t *filter_word(const glean_lexicon *lex, uint64_t token)
{
  return &lex->filter[(token >> 16) & lex->filter_mask];
}

static inline bool filter_may_have(const glean_lexicon *lex, uint64_t token)
{
  uint64_t bits = filter_bits(token);
  return (*filter_word(lex, token) & bits) == bits;
}

/* The exact and/or the folded hash of a token (either pointer may be
 * NULL). ASCII tokens, nearly all of them in English news, are folded
 * here into a buffer: hash.c guarantees glean_hash_folded(s) ==
 * glean_hash_bytes(fold(s)), and a token without capitals needs only one
 * hash for both. */
static void token_hashes(const char *s, size_t len, uint64_t *exact,
                         uint64_t *folded)
{
  char buf[64];
  size_t i;
  bool upper = false;
  if (folded == NULL) {
    *exact = glean_hash_bytes(s, len);
    return;
  }
  if (len > sizeof buf) goto slow;
  for (i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c >= 0x80) goto slow;
    if (c >= 'A' && c <= 'Z') {
      c = (unsigned char)(c + 32);
      upper = true;
    }
    buf[i] = (char)c;
  }
  if (upper) {
    *folded = glean_hash_bytes(buf, len);
    if (exact) *exact = glean_hash_bytes(s, len);
  } else {
    *folded = glean_hash_bytes(s, len);
    if (exact) *exact = *folded;
  }
  return;
slow:
  *folded = glean_hash_folded(s, len);
  if (exact) *exact = glean_hash_bytes(s, len);
}

/* A token's shape: its WORD CAP UPPER LOWER DIGIT ALNUM PUNCT flags (bits
 * 0-6), which the tokenizer derives from the token's text alone, so a
 * phrase token and the same text in a document have the same shape. The
 * case flags do not count in the folded trie. */
#define SHAPE_CASE (GLEAN_TF_CAP | GLEAN_TF_UPPER | GLEAN_TF_LOWER)
#define SHAPE_MASK (GLEAN_TF_WORD | SHAPE_CASE | GLEAN_TF_DIGIT | \
                    GLEAN_TF_ALNUM | GLEAN_TF_PUNCT)
_Static_assert(SHAPE_MASK < 128, "token shapes index a 128-bit set");

static inline unsigned token_shape(uint32_t flags, int root)
{
  return flags & (root == ROOT_FOLD ? SHAPE_MASK & ~SHAPE_CASE : SHAPE_MASK);
}

static inline bool shape_starts(const glean_lexicon *lex, int root,
                                uint32_t flags)
{
  unsigned sh = token_shape(flags, root);
  return (lex->first_shapes[root][sh >> 6] >> (sh & 63)) & 1u;
}

/* ---- string pools -------------------------------------------------------- */

static void pool_free(const glean_allocator *a, strpool *p)
{
  glean_mem_free(a, p->bytes, p->bytes_cap);
  glean_mem_free(a, p->items, p->items_cap * sizeof *p->items);
  glean_mem_free(a, p->slots, p->nslots * sizeof *p->slots);
  memset(p, 0, sizeof *p);
}

static int32_t pool_find(const strpool *p, const char *s, size_t len,
                         uint32_t hash)
{
  size_t mask, i;
  if (p->nslots == 0) return -1;
  mask = p->nslots - 1;
  for (i = hash & mask; p->slots[i] != 0; i = (i + 1) & mask) {
    const pool_item *it = &p->items[p->slots[i] - 1];
    if (it->hash == hash && it->len == len &&
        memcmp(p->bytes + it->off, s, len) == 0)
      return (int32_t)(p->slots[i] - 1);
  }
  return -1;
}

static bool pool_rehash(const glean_allocator *a, strpool *p)
{
  size_t n = p->nslots ? p->nslots * 2 : 16, mask = n - 1, id;
  uint32_t *slots = glean_mem_alloc(a, n * sizeof *slots);
  if (slots == NULL) return false;
  memset(slots, 0, n * sizeof *slots);
  for (id = 0; id < p->n; id++) {
    size_t i = p->items[id].hash & mask;
    while (slots[i] != 0) i = (i + 1) & mask;
    slots[i] = (uint32_t)id + 1;
  }
  glean_mem_free(a, p->slots, p->nslots * sizeof *p->slots);
  p->slots = slots;
  p->nslots = n;
  return true;
}

/* Interns s[0..len) and sets *id; max_ids bounds the number of strings. */
static glean_status pool_intern(const glean_allocator *a, strpool *p,
                                const char *s, size_t len, size_t max_ids,
                                int32_t *id, glean_error *err)
{
  uint32_t hash = (uint32_t)glean_hash_bytes(s, len);
  size_t i;
  *id = pool_find(p, s, len, hash);
  if (*id >= 0) return GLEAN_OK;
  if (p->n >= max_ids || len >= UINT32_MAX - p->nbytes)
    return glean_fail(err, GLEAN_ELIMIT, "lexicon: too many %s",
                      max_ids == LEX_MAX_LABELS ? "labels" : "values");
  if ((p->n + 1) * 4 > p->nslots * 3 && !pool_rehash(a, p))
    goto nomem;
  if (!glean_grow(a, (void **)&p->bytes, &p->bytes_cap, p->nbytes + len + 1,
                  1) ||
      !glean_grow(a, (void **)&p->items, &p->items_cap, p->n + 1,
                  sizeof *p->items))
    goto nomem;
  memcpy(p->bytes + p->nbytes, s, len);
  p->bytes[p->nbytes + len] = '\0';
  p->items[p->n].off = (uint32_t)p->nbytes;
  p->items[p->n].len = (uint32_t)len;
  p->items[p->n].hash = hash;
  p->nbytes += len + 1;
  for (i = hash & (p->nslots - 1); p->slots[i] != 0;
       i = (i + 1) & (p->nslots - 1))
    ;
  p->slots[i] = (uint32_t)p->n + 1;
  *id = (int32_t)p->n++;
  return GLEAN_OK;
nomem:
  return glean_fail(err, GLEAN_ENOMEM, "lexicon: out of memory");
}

/* ---- the edge table ------------------------------------------------------ */

/* Returns the slot of edge (parent, token), or SIZE_MAX. The table always
 * keeps empty slots, so the probe ends. */
static inline size_t edge_find(const glean_lexicon *lex, uint32_t parent,
                               uint64_t token, uint64_t mix)
{
  size_t i = mix & lex->edge_mask;
  for (;; i = (i + 1) & lex->edge_mask) {
    const lex_edge *e = &lex->edges[i];
    if (e->child == 0) return SIZE_MAX;
    if (e->token == token && e->parent == parent) return i;
  }
}

static inline size_t edge_free_slot(const glean_lexicon *lex, uint64_t mix)
{
  size_t i = mix & lex->edge_mask;
  while (lex->edges[i].child != 0) i = (i + 1) & lex->edge_mask;
  return i;
}

/* (Re)builds the table with `size` slots. */
static bool edges_resize(glean_lexicon *lex, size_t size)
{
  size_t i, old = lex->edge_mask + 1;
  lex_edge *edges = glean_mem_alloc(lex->alloc, size * sizeof *edges);
  lex_edge *prev = lex->edges;
  if (edges == NULL) return false;
  memset(edges, 0, size * sizeof *edges);
  lex->edges = edges;
  lex->edge_mask = size - 1;
  for (i = 0; prev != NULL && i < old; i++) {
    const lex_edge *e = &prev[i];
    if (e->child != 0)
      lex->edges[edge_free_slot(lex, edge_mix(e->parent, e->token))] = *e;
  }
  glean_mem_free(lex->alloc, prev, prev ? old * sizeof *prev : 0);
  return true;
}

/* The filter holds 8 to 16 bits per root edge: sized by the distinct
 * first tokens, not by the lexicon, it stays in cache for a lexicon of
 * a million names that start with a hundred thousand first names. */
#define FILTER_MIN_WORDS 64
#define FILTER_MIN_BITS_PER_KEY 8

/* Rebuilds the filter with `words` words from the roots' edges. */
static bool filter_build(glean_lexicon *lex, size_t words)
{
  uint64_t *filter = glean_mem_alloc(lex->alloc, words * sizeof *filter);
  size_t i;
  if (filter == NULL) return false;
  memset(filter, 0, words * sizeof *filter);
  glean_mem_free(lex->alloc, lex->filter,
                 lex->filter ? (lex->filter_mask + 1) * sizeof *filter : 0);
  lex->filter = filter;
  lex->filter_mask = words - 1;
  for (i = 0; i <= lex->edge_mask; i++) {
    const lex_edge *e = &lex->edges[i];
    if (e->child != 0 && e->parent < NROOTS)
      *filter_word(lex, e->token) |= filter_bits(e->token);
  }
  return true;
}

/* Puts a new root edge's token in the filter, growing it when full. A
 * failed rebuild keeps the old, fuller filter: still correct. */
static void filter_add(glean_lexicon *lex, uint64_t token)
{
  size_t words = lex->filter_mask + 1;
  lex->nroot_edges++;
  if (lex->nroot_edges * FILTER_MIN_BITS_PER_KEY > words * 64 &&
      filter_build(lex, words * 2))
    return;
  *filter_word(lex, token) |= filter_bits(token);
}

static glean_status lex_nomem(glean_error *err)
{
  return glean_fail(err, GLEAN_ENOMEM, "lexicon: out of memory");
}

/* Adds node `parent` -> new node by `token` and sets *slot to the new
 * edge. `via` is the slot of the edge leading to parent (SIZE_MAX for a
 * root): its hint learns that parent now has children. */
static glean_status edge_add(glean_lexicon *lex, uint32_t parent, size_t via,
                             uint64_t token, size_t *slot, glean_error *err)
{
  uint64_t mix = edge_mix(parent, token);
  size_t node = lex->nnodes;
  if (node > NODE_ID_MASK)
    return glean_fail(err, GLEAN_ELIMIT, "lexicon: too many phrase tokens");
  if (!glean_grow(lex->alloc, (void **)&lex->nodes, &lex->nodes_cap,
                  node + 1, sizeof *lex->nodes))
    return lex_nomem(err);
  /* Set the hint before a resize moves the slot. */
  if (via == SIZE_MAX) lex->root_has_kids[parent] = true;
  else lex->edges[via].child |= EDGE_HAS_KIDS;
  if ((lex->nedges + 1) * 4 > (lex->edge_mask + 1) * 3 &&
      !edges_resize(lex, (lex->edge_mask + 1) * 2))
    return lex_nomem(err);
  lex->nodes[node].label = NO_LABEL;
  lex->nodes[node].value = -1;
  lex->nodes[node].next = NO_ENTRY;
  lex->nnodes++;
  *slot = edge_free_slot(lex, mix);
  lex->edges[*slot].token = token;
  lex->edges[*slot].parent = parent;
  lex->edges[*slot].child = (uint32_t)node;
  lex->nedges++;
  if (parent < NROOTS) filter_add(lex, token);
  return GLEAN_OK;
}

/* ---- building ------------------------------------------------------------ */

glean_lexicon *glean_lexicon_new(const glean_allocator *alloc,
                                 glean_error *err)
{
  glean_lexicon *lex = glean_mem_alloc(alloc, sizeof *lex);
  int k;
  if (lex == NULL) {
    lex_nomem(err);
    return NULL;
  }
  memset(lex, 0, sizeof *lex);
  if (alloc != NULL) {
    lex->alloc_copy = *alloc;
    lex->alloc = &lex->alloc_copy;
  }
  lex->nnodes = NROOTS;
  if (!edges_resize(lex, 256) || !filter_build(lex, FILTER_MIN_WORDS) ||
      !glean_grow(lex->alloc, (void **)&lex->nodes, &lex->nodes_cap,
                  NROOTS, sizeof *lex->nodes)) {
    glean_lexicon_free(lex);
    lex_nomem(err);
    return NULL;
  }
  for (k = 0; k < NROOTS; k++) {
    lex->nodes[k].label = NO_LABEL;
    lex->nodes[k].next = NO_ENTRY;
  }
  return lex;
}

void glean_lexicon_free(glean_lexicon *lex)
{
  const glean_allocator *a;
  if (lex == NULL) return;
  a = lex->alloc;
  glean_mem_free(a, lex->edges,
                 lex->edges ? (lex->edge_mask + 1) * sizeof *lex->edges : 0);
  glean_mem_free(a, lex->filter, lex->filter
                 ? (lex->filter_mask + 1) * sizeof *lex->filter : 0);
  glean_mem_free(a, lex->nodes, lex->nodes_cap * sizeof *lex->nodes);
  glean_mem_free(a, lex->extra, lex->extra_cap * sizeof *lex->extra);
  pool_free(a, &lex->labels);
  pool_free(a, &lex->values);
  /* lex->alloc may point into lex: free with a copy. */
  if (a != NULL) {
    glean_allocator copy = *a;
    glean_mem_free(&copy, lex, sizeof *lex);
  } else {
    glean_mem_free(NULL, lex, sizeof *lex);
  }
}

/* Tokenizes a phrase into token hashes. A phrase the caller got wrong
 * (bad UTF-8, no token, too many tokens) returns an error and sets *bad. */
static glean_status phrase_hashes(const char *phrase, size_t len, int mode,
                                  uint64_t *hashes, size_t *n,
                                  uint32_t *first_flags, bool *bad,
                                  glean_error *err)
{
  glean_tokenizer t;
  glean_token tok;
  *n = 0;
  *bad = true;
  if (phrase == NULL || len == 0)
    return glean_fail(err, GLEAN_EINVAL, "lexicon: empty phrase");
  if (len > GLEAN_MAX_TEXT)
    return glean_fail(err, GLEAN_ELIMIT, "lexicon: phrase too long");
  if (!utf8_valid(phrase, len))
    return glean_fail(err, GLEAN_EINVAL, "lexicon: phrase is not UTF-8");
  glean_tokenizer_init(&t, phrase, len, NULL);
  while (glean_tokenizer_next(&t, &tok)) {
    const char *s = phrase + tok.start;
    size_t l = tok.end - tok.start;
    if (*n == LEX_MAX_TOKENS)
      return glean_fail(err, GLEAN_ELIMIT,
                        "lexicon: phrase has more than %d tokens",
                        LEX_MAX_TOKENS);
    if (*n == 0) *first_flags = tok.flags;
    if (mode == GLEAN_LEX_FOLD) token_hashes(s, l, NULL, &hashes[(*n)++]);
    else token_hashes(s, l, &hashes[(*n)++], NULL);
  }
  if (*n == 0)
    return glean_fail(err, GLEAN_EINVAL, "lexicon: empty phrase");
  *bad = false;
  return GLEAN_OK;
}

/* Adds one entry; label and value are byte strings (value NULL: none).
 * *bad tells a problem with this entry from a failure of the lexicon. */
static glean_status lex_add(glean_lexicon *lex, const char *phrase,
                            size_t len, const char *label, size_t label_len,
                            const char *value, size_t value_len, int mode,
                            bool *bad, glean_error *err)
{
  uint64_t hashes[LEX_MAX_TOKENS];
  size_t n, k, via = SIZE_MAX;
  uint32_t node, e, first_flags = 0;
  lex_entry *first;
  unsigned shape;
  int32_t label_id, value_id = -1;
  glean_status st;

  *bad = true;
  if (mode != GLEAN_LEX_EXACT && mode != GLEAN_LEX_FOLD)
    return glean_fail(err, GLEAN_EINVAL, "lexicon: mode must be EXACT or FOLD");
  if (label == NULL || label_len == 0)
    return glean_fail(err, GLEAN_EINVAL, "lexicon: label is empty");
  st = phrase_hashes(phrase, len, mode, hashes, &n, &first_flags, bad, err);
  if (st != GLEAN_OK) return st;
  *bad = false;
  st = pool_intern(lex->alloc, &lex->labels, label, label_len,
                   LEX_MAX_LABELS, &label_id, err);
  if (st == GLEAN_OK && value != NULL)
    st = pool_intern(lex->alloc, &lex->values, value, value_len,
                     (size_t)INT32_MAX, &value_id, err);
  if (st != GLEAN_OK) return st;

  node = mode == GLEAN_LEX_FOLD ? ROOT_FOLD : ROOT_EXACT;
  shape = token_shape(first_flags, (int)node);
  lex->first_shapes[node][shape >> 6] |= 1ull << (shape & 63);
  for (k = 0; k < n; k++) {
    size_t slot = edge_find(lex, node, hashes[k], edge_mix(node, hashes[k]));
    if (slot == SIZE_MAX) {
      st = edge_add(lex, node, via, hashes[k], &slot, err);
      if (st != GLEAN_OK) return st;
    }
    via = slot;
    node = lex->edges[slot].child & NODE_ID_MASK;
  }

  first = &lex->nodes[node];
  if (first->label == NO_LABEL) {
    first->label = (uint32_t)label_id;
    first->value = value_id;
    lex->edges[via].child |= EDGE_HAS_ENTRIES;
    lex->nentries++;
    return GLEAN_OK;
  }
  if (first->label == (uint32_t)label_id) {
    first->value = value_id;
    return GLEAN_OK;
  }
  for (e = first->next; e != NO_ENTRY; e = lex->extra[e].next)
    if (lex->extra[e].label == (uint32_t)label_id) {
      lex->extra[e].value = value_id;
      return GLEAN_OK;
    }
  if (lex->nextra >= NO_ENTRY - 1)
    return glean_fail(err, GLEAN_ELIMIT, "lexicon: too many entries");
  if (!glean_grow(lex->alloc, (void **)&lex->extra, &lex->extra_cap,
                  lex->nextra + 1, sizeof *lex->extra))
    return lex_nomem(err);
  first = &lex->nodes[node];
  e = (uint32_t)lex->nextra++;
  lex->extra[e].label = (uint32_t)label_id;
  lex->extra[e].value = value_id;
  lex->extra[e].next = first->next;
  first->next = e;
  lex->nentries++;
  return GLEAN_OK;
}

glean_status glean_lexicon_add(glean_lexicon *lex, const char *phrase,
                               size_t len, const char *label,
                               const char *value, int mode,
                               glean_error *err)
{
  bool bad;
  if (lex == NULL)
    return glean_fail(err, GLEAN_EINVAL, "lexicon: lexicon is NULL");
  if (label == NULL)
    return glean_fail(err, GLEAN_EINVAL, "lexicon: label is NULL");
  return lex_add(lex, phrase, len, label, strlen(label), value,
                 value ? strlen(value) : 0, mode, &bad, err);
}

/* ---- loading a file ------------------------------------------------------ */

typedef struct load_state {
  glean_lexicon *lex;
  const char *default_label;
  int mode;
  size_t lineno, loaded, skipped, first_bad;
} load_state;

static void load_bad(load_state *ls)
{
  ls->skipped++;
  if (ls->first_bad == 0) ls->first_bad = ls->lineno;
}

static void trim(const char **s, size_t *len)
{
  while (*len > 0 && (**s == ' ' || **s == '\t')) { (*s)++; (*len)--; }
  while (*len > 0 && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t'))
    (*len)--;
}

/* One line without its '\n'. Only a failure of the lexicon (memory, a
 * limit) returns an error; a line that cannot be used is counted. */
static glean_status load_line(load_state *ls, const char *line, size_t len,
                              glean_error *err)
{
  const char *label, *value = NULL, *tab;
  size_t plen, llen = 0, vlen = 0, i;
  glean_status st;
  bool bad;

  if (ls->lineno == 1 && len >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
    line += 3;   /* a byte order mark */
    len -= 3;
  }
  if (len > 0 && line[len - 1] == '\r') len--;
  for (i = 0; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
    ;
  if (i == len || line[0] == '#') return GLEAN_OK;
  if (memchr(line, '\0', len) != NULL || !utf8_valid(line, len)) {
    load_bad(ls);
    return GLEAN_OK;
  }
  tab = memchr(line, '\t', len);
  plen = tab ? (size_t)(tab - line) : len;
  label = tab ? tab + 1 : line + len;
  if (tab) {
    llen = len - plen - 1;
    tab = memchr(label, '\t', llen);
    if (tab) {
      value = tab + 1;
      vlen = (size_t)(line + len - value);
      llen = (size_t)(tab - label);
      trim(&value, &vlen);
      if (vlen == 0) value = NULL;
    }
    trim(&label, &llen);
  }
  if (llen == 0) {
    label = ls->default_label;
    llen = label ? strlen(label) : 0;
  }
  st = lex_add(ls->lex, line, plen, label, llen, value, vlen, ls->mode, &bad,
               err);
  if (st == GLEAN_OK) ls->loaded++;
  else if (bad) load_bad(ls);
  else return st;
  return GLEAN_OK;
}

static glean_status load_stream(load_state *ls, FILE *f, const char *path,
                                glean_error *err)
{
  const glean_allocator *a = ls->lex->alloc;
  char *buf = glean_mem_alloc(a, LEX_READ_BLOCK), *carry = NULL;
  size_t got, carry_len = 0, carry_cap = 0;
  bool discarding = false;   /* inside a line longer than LEX_MAX_LINE */
  glean_status st = GLEAN_OK;

  if (buf == NULL) return lex_nomem(err);
  while (st == GLEAN_OK && (got = fread(buf, 1, LEX_READ_BLOCK, f)) > 0) {
    const char *p = buf, *end = buf + got;
    while (st == GLEAN_OK && p < end) {
      const char *nl = memchr(p, '\n', (size_t)(end - p));
      size_t seg = (size_t)((nl ? nl : end) - p);
      if (!discarding && carry_len + seg > LEX_MAX_LINE) {
        discarding = true;
        carry_len = 0;
      }
      if (nl == NULL) {   /* the line goes on in the next block */
        if (!discarding) {
          if (!glean_grow(a, (void **)&carry, &carry_cap, carry_len + seg, 1)) {
            st = lex_nomem(err);
            break;
          }
          memcpy(carry + carry_len, p, seg);
          carry_len += seg;
        }
        break;
      }
      ls->lineno++;
      if (discarding) {
        load_bad(ls);
        discarding = false;
      } else if (carry_len > 0) {
        if (!glean_grow(a, (void **)&carry, &carry_cap, carry_len + seg, 1)) {
          st = lex_nomem(err);
          break;
        }
        memcpy(carry + carry_len, p, seg);
        st = load_line(ls, carry, carry_len + seg, err);
        carry_len = 0;
      } else {
        st = load_line(ls, p, seg, err);
      }
      p = nl + 1;
    }
  }
  if (st == GLEAN_OK && ferror(f)) {
    char msg[128];
    if (strerror_r(errno, msg, sizeof msg) != 0) strcpy(msg, "read error");
    st = glean_fail(err, GLEAN_EIO, "lexicon: cannot read '%s': %s", path,
                    msg);
  } else if (st == GLEAN_OK && (discarding || carry_len > 0)) {
    ls->lineno++;   /* a last line without '\n' */
    if (discarding) load_bad(ls);
    else st = load_line(ls, carry, carry_len, err);
  }
  glean_mem_free(a, buf, LEX_READ_BLOCK);
  glean_mem_free(a, carry, carry_cap);
  return st;
}

glean_status glean_lexicon_load_file(glean_lexicon *lex, const char *path,
                                     const char *default_label, int mode,
                                     size_t *loaded, size_t *skipped,
                                     size_t *first_bad_line,
                                     glean_error *err)
{
  load_state ls;
  glean_status st;
  FILE *f;

  if (loaded) *loaded = 0;
  if (skipped) *skipped = 0;
  if (first_bad_line) *first_bad_line = 0;
  if (lex == NULL || path == NULL)
    return glean_fail(err, GLEAN_EINVAL, "lexicon: lexicon or path is NULL");
  if (mode != GLEAN_LEX_EXACT && mode != GLEAN_LEX_FOLD)
    return glean_fail(err, GLEAN_EINVAL, "lexicon: mode must be EXACT or FOLD");
  f = fopen(path, "rb");
  if (f == NULL) {
    char msg[128];
    if (strerror_r(errno, msg, sizeof msg) != 0) strcpy(msg, "open error");
    return glean_fail(err, GLEAN_EIO, "lexicon: cannot open '%s': %s", path,
                      msg);
  }
  memset(&ls, 0, sizeof ls);
  ls.lex = lex;
  ls.default_label = default_label;
  ls.mode = mode;
  st = load_stream(&ls, f, path, err);
  fclose(f);
  if (loaded) *loaded = ls.loaded;
  if (skipped) *skipped = ls.skipped;
  if (first_bad_line) *first_bad_line = ls.first_bad;
  return st;
}

/* ---- queries ------------------------------------------------------------- */

size_t glean_lexicon_size(const glean_lexicon *lex)
{
  return lex ? lex->nentries : 0;
}

size_t glean_lexicon_nlabels(const glean_lexicon *lex)
{
  return lex ? lex->labels.n : 0;
}

const char *glean_lexicon_label_name(const glean_lexicon *lex, uint32_t label)
{
  if (lex == NULL || label >= lex->labels.n) return NULL;
  return lex->labels.bytes + lex->labels.items[label].off;
}

int32_t glean_lexicon_label_id(const glean_lexicon *lex, const char *name)
{
  size_t len;
  if (lex == NULL || name == NULL) return -1;
  len = strlen(name);
  return pool_find(&lex->labels, name, len,
                   (uint32_t)glean_hash_bytes(name, len));
}

const char *glean_lexicon_value(const glean_lexicon *lex, int32_t value)
{
  if (lex == NULL || value < 0 || (size_t)value >= lex->values.n) return NULL;
  return lex->values.bytes + lex->values.items[value].off;
}

/* ---- matching ------------------------------------------------------------ */

/* The match loop looks LEX_AHEAD tokens ahead: it hashes that token and
 * prefetches its filter word, and at half the distance, when the filter
 * lets the token through, its first edge slot. The big tables do not fit
 * in cache, so this hides most of the memory latency of a lookup. */
#define LEX_AHEAD 16
#if defined(__GNUC__)
#define LEX_PREFETCH(p) __builtin_prefetch(p)
#else
#define LEX_PREFETCH(p) ((void)(p))
#endif

/* What the match knows about one token: a walk from token i reads tokens
 * i .. i + LEX_MAX_TOKENS - 1, the look-ahead token i + LEX_AHEAD, so a
 * ring of the last RING_SIZE tokens computes each hash once. */
#define RING_SIZE (2 * LEX_MAX_TOKENS)
typedef struct token_slot {
  uint64_t hash[NROOTS];    /* token hash for each trie in use */
  uint64_t mix[NROOTS];     /* edge_mix(root, hash): its first edge */
  uint32_t hashed;          /* token index + 1 once hashed */
  uint32_t checked;         /* token index + 1 once the filter was asked */
  unsigned pass;            /* bit per root: the filter let it through */
} token_slot;

/* Per label: where its last match ended, and its candidate at the
 * current token (stamp == token + 1 when cand is valid). */
typedef struct label_state {
  uint32_t blocked_until, stamp, cand;
} label_state;

typedef struct match_ctx {
  const glean_lexicon *lex;
  const char *text;
  const glean_token *toks;
  size_t ntoks;
  token_slot ring[RING_SIZE];
  label_state *labels;
  glean_lex_match *cands;   /* longest phrase per label at this token */
  size_t ncands, cands_cap;
} match_ctx;

/* Token j's slot with its hashes: the hashes of every trie in use are
 * computed together, once per token. */
static inline token_slot *slot_hashed(match_ctx *m, size_t j)
{
  token_slot *ts = &m->ring[j % RING_SIZE];
  if (ts->hashed != (uint32_t)j + 1) {
    const glean_lexicon *lex = m->lex;
    const char *s = m->text + m->toks[j].start;
    size_t l = m->toks[j].end - m->toks[j].start;
    bool ex = lex->root_has_kids[ROOT_EXACT];
    bool fo = lex->root_has_kids[ROOT_FOLD];
    token_hashes(s, l, ex ? &ts->hash[ROOT_EXACT] : NULL,
                 fo ? &ts->hash[ROOT_FOLD] : NULL);
    if (ex) ts->mix[ROOT_EXACT] = edge_mix(ROOT_EXACT, ts->hash[ROOT_EXACT]);
    if (fo) ts->mix[ROOT_FOLD] = edge_mix(ROOT_FOLD, ts->hash[ROOT_FOLD]);
    ts->hashed = (uint32_t)j + 1;
  }
  return ts;
}

/* The tries in which token j may start a phrase, by its shape. */
static inline unsigned shape_roots(const match_ctx *m, size_t j)
{
  uint32_t flags = m->toks[j].flags;
  unsigned roots = 0;
  int root;
  for (root = 0; root < NROOTS; root++)
    if (m->lex->root_has_kids[root] && shape_starts(m->lex, root, flags))
      roots |= 1u << root;
  return roots;
}

/* Look-ahead stage 1 for token j: hash it, fetch its filter words. */
static inline void stage_hash(match_ctx *m, size_t j)
{
  const glean_lexicon *lex = m->lex;
  unsigned roots = shape_roots(m, j);
  token_slot *ts;
  if (roots == 0) return;
  ts = slot_hashed(m, j);
  if (roots & (1u << ROOT_EXACT))
    LEX_PREFETCH(filter_word(lex, ts->hash[ROOT_EXACT]));
  if ((roots & (1u << ROOT_FOLD)) &&
      (!(roots & (1u << ROOT_EXACT)) ||
       ts->hash[ROOT_FOLD] != ts->hash[ROOT_EXACT]))
    LEX_PREFETCH(filter_word(lex, ts->hash[ROOT_FOLD]));
}

/* Stage 2: ask the filter (its words are in cache by now) and fetch the
 * first edge slot of the tries that may start a phrase at token j.
 * Returns a bit per trie worth walking. */
static inline unsigned stage_filter(match_ctx *m, size_t j)
{
  const glean_lexicon *lex = m->lex;
  token_slot *ts = &m->ring[j % RING_SIZE];
  unsigned roots, pass = 0;
  if (ts->checked == (uint32_t)j + 1) return ts->pass;
  roots = shape_roots(m, j);
  if (roots != 0) {
    ts = slot_hashed(m, j);
    if ((roots & (1u << ROOT_EXACT)) &&
        filter_may_have(lex, ts->hash[ROOT_EXACT])) {
      pass |= 1u << ROOT_EXACT;
      LEX_PREFETCH(&lex->edges[ts->mix[ROOT_EXACT] & lex->edge_mask]);
    }
    if ((roots & (1u << ROOT_FOLD)) &&
        ((roots & (1u << ROOT_EXACT)) &&
                 ts->hash[ROOT_FOLD] == ts->hash[ROOT_EXACT]
             ? pass != 0
             : filter_may_have(lex, ts->hash[ROOT_FOLD]))) {
      pass |= 1u << ROOT_FOLD;
      LEX_PREFETCH(&lex->edges[ts->mix[ROOT_FOLD] & lex->edge_mask]);
    }
  }
  ts->pass = pass;
  ts->checked = (uint32_t)j + 1;
  return pass;
}

/* Notes entry e ending at token `last` for the walk from token i. Walks
 * only grow, and the exact walk runs first, so a candidate is replaced
 * only by a strictly longer phrase: on equal length exact wins. */
static bool note_entry(match_ctx *m, const lex_entry *e, size_t i,
                       size_t last)
{
  label_state *ls = &m->labels[e->label];
  glean_lex_match *c;
  if (i < ls->blocked_until) return true;
  if (ls->stamp == (uint32_t)i + 1) {
    c = &m->cands[ls->cand];
    if (last <= c->last) return true;
  } else {
    if (!glean_grow(m->lex->alloc, (void **)&m->cands, &m->cands_cap,
                    m->ncands + 1, sizeof *m->cands))
      return false;
    ls->stamp = (uint32_t)i + 1;
    ls->cand = (uint32_t)m->ncands;
    c = &m->cands[m->ncands++];
    c->first = (uint32_t)i;
    c->start = m->toks[i].start;
    c->label = e->label;
  }
  c->last = (uint32_t)last;
  c->end = m->toks[last - 1].end;
  c->value = e->value;
  return true;
}

/* Walks the trie of `root` from token i, noting every entry on the way.
 * The next edge is prefetched before the node's entries are read, so the
 * two cache misses of a step overlap. */
static bool walk(match_ctx *m, int root, size_t i)
{
  const glean_lexicon *lex = m->lex;
  uint32_t node = (uint32_t)root, child, e;
  size_t j, slot, stop = m->ntoks - i > LEX_MAX_TOKENS ? i + LEX_MAX_TOKENS
                                                       : m->ntoks;
  const token_slot *ts = slot_hashed(m, i);
  uint64_t h = ts->hash[root], mix = ts->mix[root];

  for (j = i;;) {
    slot = edge_find(lex, node, h, mix);
    if (slot == SIZE_MAX) return true;
    child = lex->edges[slot].child;
    node = child & NODE_ID_MASK;
    j++;
    /* A phrase does not run across a paragraph break. */
    if ((child & EDGE_HAS_KIDS) && j < stop &&
        !(m->toks[j].flags & GLEAN_TF_PARA_START)) {
      h = slot_hashed(m, j)->hash[root];
      mix = edge_mix(node, h);
      LEX_PREFETCH(&lex->edges[mix & lex->edge_mask]);
    } else {
      child &= ~EDGE_HAS_KIDS;
    }
    if (child & EDGE_HAS_ENTRIES) {
      const lex_entry *first = &lex->nodes[node];
      if (!note_entry(m, first, i, j)) return false;
      for (e = first->next; e != NO_ENTRY; e = lex->extra[e].next)
        if (!note_entry(m, &lex->extra[e], i, j)) return false;
    }
    if (!(child & EDGE_HAS_KIDS)) return true;
  }
}

static void sort_cands_by_label(glean_lex_match *c, size_t n)
{
  size_t i, k;
  for (i = 1; i < n; i++) {   /* n is the number of labels on one phrase */
    glean_lex_match x = c[i];
    for (k = i; k > 0 && c[k - 1].label > x.label; k--) c[k] = c[k - 1];
    c[k] = x;
  }
}

static int cmp_label(const void *a, const void *b)
{
  uint32_t x = ((const glean_lex_match *)a)->label;
  uint32_t y = ((const glean_lex_match *)b)->label;
  return (x > y) - (x < y);
}

/* The array returned in *out is allocated with the LEXICON's allocator:
 * free it with glean_free(<allocator given to glean_lexicon_new>, *out,
 * n * sizeof **out). It is exactly n elements long (NULL when n == 0). */
size_t glean_lexicon_match(const glean_lexicon *lex,
                           const glean_document *doc,
                           glean_lex_match **out, glean_error *err)
{
  match_ctx m;
  glean_lex_match *res = NULL;
  size_t nres = 0, res_cap = 0, i, k, text_len;
  bool ok = true;

  if (out != NULL) *out = NULL;
  if (lex == NULL || doc == NULL || out == NULL) {
    glean_fail(err, GLEAN_EINVAL, "lexicon: lexicon, document or out is NULL");
    return (size_t)-1;
  }
  memset(&m, 0, sizeof m);
  m.lex = lex;
  m.text = glean_document_text(doc, &text_len);
  m.toks = glean_document_tokens(doc, &m.ntoks);
  if (lex->nentries == 0 || m.ntoks == 0) return 0;
  m.labels = glean_mem_alloc(lex->alloc, lex->labels.n * sizeof *m.labels);
  if (m.labels == NULL) {
    lex_nomem(err);
    return (size_t)-1;
  }
  memset(m.labels, 0, lex->labels.n * sizeof *m.labels);

  for (i = 0; ok && i < m.ntoks; i++) {
    unsigned pass;
    if (i + LEX_AHEAD < m.ntoks) stage_hash(&m, i + LEX_AHEAD);
    if (i + LEX_AHEAD / 2 < m.ntoks) stage_filter(&m, i + LEX_AHEAD / 2);
    pass = stage_filter(&m, i);
    if (pass == 0) continue;   /* most tokens start no phrase */
    m.ncands = 0;
    if (pass & (1u << ROOT_EXACT)) ok = walk(&m, ROOT_EXACT, i);
    if (ok && (pass & (1u << ROOT_FOLD))) ok = walk(&m, ROOT_FOLD, i);
    if (!ok || m.ncands == 0) continue;
    if (m.ncands > 16) qsort(m.cands, m.ncands, sizeof *m.cands, cmp_label);
    else sort_cands_by_label(m.cands, m.ncands);
    if (!glean_grow(lex->alloc, (void **)&res, &res_cap, nres + m.ncands,
                    sizeof *res)) {
      ok = false;
      break;
    }
    for (k = 0; k < m.ncands; k++) {
      m.labels[m.cands[k].label].blocked_until = m.cands[k].last;
      res[nres++] = m.cands[k];
    }
  }

  glean_mem_free(lex->alloc, m.labels, lex->labels.n * sizeof *m.labels);
  glean_mem_free(lex->alloc, m.cands, m.cands_cap * sizeof *m.cands);
  if (ok && nres > 0 && nres < res_cap) {
    glean_lex_match *fit = glean_mem_realloc(lex->alloc, res,
                                             res_cap * sizeof *res,
                                             nres * sizeof *res);
    if (fit == NULL) ok = false;
    else res = fit, res_cap = nres;
  }
  if (!ok) {
    glean_mem_free(lex->alloc, res, res_cap * sizeof *res);
    lex_nomem(err);
    return (size_t)-1;
  }
  if (nres == 0) glean_mem_free(lex->alloc, res, res_cap * sizeof *res);
  else *out = res;
  return nres;
}
