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
 *
 * A match does not hash tokens itself: it reads them from a glean_hashes
 * that the caller shares with others (a ruleset's word tests), so each
 * token of a scan is hashed once.
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

/* A token's shape: its WORD CAP UPPER LOWER DIGIT ALNUM PUNCT flags (bits
 * 0-6), which the tokenizer derives from the token's text alone, so a
 * phrase token and the same text in a document have the same shape. The
 * case flags do not count in the folded trie. */
#define SHAPE_CASE (GLEAN_TF_CAP | GLEAN_TF_UPPER | GLEAN_TF_LOWER)
#define SHAPE_MASK (GLEAN_TF_WORD | SHAPE_CASE | GLEAN_TF_DIGIT | \
                    GLEAN_TF_ALNUM | GLEAN_TF_PUNCT)
_Static_assert(SHAPE_MASK < 128, "token shapes index a 128-bit set");
#define SHAPE_SLOTS (SHAPE_MASK + 1)

typedef struct lex_bloom {
  uint64_t *words;
  size_t mask;                    /* words - 1 */
  size_t nkeys;
} lex_bloom;

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
  /* Small Bloom filters (2 bits in one word per key) over the edges:
   * most tokens of a text start no phrase, and most phrases that start
   * stop after a token or two; the filters answer those from cache
   * instead of a miss in the big table. `first` holds the roots' edges
   * (keyed by token), `next` the others (keyed by edge_mix). */
  lex_bloom first, next;
  lex_entry *nodes;               /* node id -> its first entry */
  size_t nnodes, nodes_cap;
  lex_entry *extra;               /* the second and later entries */
  size_t nextra, extra_cap;
  size_t nentries;
  bool root_has_kids[NROOTS];
  /* By token shape (flags & SHAPE_MASK): a bit per trie with a phrase whose
   * first token has that shape. A token of another shape starts no
   * phrase and is not even hashed: a names lexicon thus skips every
   * lowercase word of a text. */
  uint8_t start_roots[SHAPE_SLOTS];
  /* By trie and a token's first byte: bit min(len, 63) when a phrase of
   * the trie starts with a token of that byte and len bytes. The folded
   * trie notes folded phrase tokens that begin with ASCII, under both
   * cases of that byte. A token these rule out is not hashed either: a
   * small lexicon thus skips most words of a text. */
  uint64_t start_lens[NROOTS][256];
  size_t start_cells;     /* bits set in start_lens (one case each) */
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

/* A key's word in a filter comes from bits 16 and up of the key, its two
 * bits in the word from bits `sh` to sh + 11. In the filter of first
 * tokens the key is the token hash and sh depends on the root: most
 * tokens of a text have no capitals, so their exact and folded hashes
 * are equal and one load answers for both tries, and a token that starts
 * phrases in one trie only does not walk the other. */
#define SH_NEXT 52
static inline unsigned first_sh(uint32_t root)
{
  return root == ROOT_EXACT ? 52 : 40;
}

static inline uint64_t bloom_bits(uint64_t key, unsigned sh)
{
  return (1ull << ((key >> sh) & 63)) | (1ull << ((key >> (sh + 6)) & 63));
}

static inline uint64_t *bloom_word(const lex_bloom *b, uint64_t key)
{
  return &b->words[(key >> 16) & b->mask];
}

static inline bool bloom_may_have(const lex_bloom *b, uint64_t key,
                                  unsigned sh)
{
  uint64_t bits = bloom_bits(key, sh);
  return (*bloom_word(b, key) & bits) == bits;
}


/* Notes that a phrase of trie `root` starts with a token of these flags:
 * in the folded trie, a token of any case then may start one. */
static void shape_add(glean_lexicon *lex, int root, uint32_t flags)
{
  unsigned sh = flags & SHAPE_MASK, s;
  if (root == ROOT_EXACT) {
    lex->start_roots[sh] |= 1u << ROOT_EXACT;
    return;
  }
  for (s = 0; s < SHAPE_SLOTS; s++)
    if ((s & ~SHAPE_CASE) == (sh & ~SHAPE_CASE))
      lex->start_roots[s] |= 1u << ROOT_FOLD;
}

/* The first byte and the length of the folded form of s (as
 * glean_hash_folded folds it). */
static void folded_head(const char *s, size_t len, unsigned char *first,
                        size_t *flen)
{
  size_t i = 0, n = 0, adv;
  *first = 0;
  while (i < len) {
    char buf[4];
    size_t k = 1;
    uint32_t cp = glean_utf8_decode(s + i, len - i, &adv);
    if (cp == GLEAN_BAD_CP) {  /* invalid bytes fold to themselves */
      buf[0] = s[i];
      adv = 1;
    } else {
      k = glean_utf8_encode(glean_cp_fold(cp), buf);
    }
    if (n == 0) *first = (unsigned char)buf[0];
    n += k;
    i += adv;
  }
  *flen = n;
}

/* Notes that a phrase of trie `root` starts with token s (len bytes). A
 * document token that folds to a token of the folded trie and has only
 * ASCII bytes has its length, and its first byte in either case; one
 * with other bytes passes the test whatever its length (see
 * lens_roots), so only the first byte counts for it. A folded token
 * that begins with a non-ASCII byte is not noted: a document token
 * folding to it begins with one too, and those all pass. */
static void lens_add(glean_lexicon *lex, int root, const char *s, size_t len)
{
  unsigned char b;
  uint64_t *row;
  size_t flen;
  if (root == ROOT_EXACT) {
    b = (unsigned char)s[0];
  } else {
    folded_head(s, len, &b, &flen);
    if (b >= 0x80) return;
    len = flen;
  }
  row = &lex->start_lens[root][b];
  if (!(*row & (uint64_t)1 << (len < 63 ? len : 63))) lex->start_cells++;
  *row |= (uint64_t)1 << (len < 63 ? len : 63);
  if (root == ROOT_FOLD && b >= 'a' && b <= 'z')
    lex->start_lens[ROOT_FOLD][b - 32] = *row;
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

/* A filter holds 8 to 16 bits per key. Sized by the distinct first
 * tokens, not by the lexicon, the first filter stays in cache for a
 * lexicon of a million names that start with a hundred thousand first
 * names; the next filter costs 1 or 2 bytes per edge, against 16 to 43
 * in the table. */
#define FILTER_MIN_WORDS 64
#define FILTER_MIN_BITS_PER_KEY 8

/* An edge's key and bit shift in its filter (`first` for roots' edges). */
static inline uint64_t edge_key(const lex_edge *e, unsigned *sh)
{
  if (e->parent < NROOTS) {
    *sh = first_sh(e->parent);
    return e->token;
  }
  *sh = SH_NEXT;
  return edge_mix(e->parent, e->token);
}

/* Rebuilds filter b (lex->first or lex->next) with `words` words from
 * the edges it holds. */
static bool filter_build(glean_lexicon *lex, lex_bloom *b, size_t words)
{
  uint64_t *w = glean_mem_alloc(lex->alloc, words * sizeof *w);
  bool first = b == &lex->first;
  size_t i;
  if (w == NULL) return false;
  memset(w, 0, words * sizeof *w);
  glean_mem_free(lex->alloc, b->words,
                 b->words ? (b->mask + 1) * sizeof *w : 0);
  b->words = w;
  b->mask = words - 1;
  for (i = 0; i <= lex->edge_mask; i++) {
    const lex_edge *e = &lex->edges[i];
    unsigned sh;
    uint64_t key;
    if (e->child == 0 || (e->parent < NROOTS) != first) continue;
    key = edge_key(e, &sh);
    *bloom_word(b, key) |= bloom_bits(key, sh);
  }
  return true;
}

/* Puts the new edge e in its filter, growing the filter when full. A
 * failed rebuild keeps the old, fuller filter: still correct. */
static void filter_add(glean_lexicon *lex, const lex_edge *e)
{
  lex_bloom *b = e->parent < NROOTS ? &lex->first : &lex->next;
  size_t words = b->mask + 1;
  unsigned sh;
  uint64_t key = edge_key(e, &sh);
  b->nkeys++;
  if (b->nkeys * FILTER_MIN_BITS_PER_KEY > words * 64 &&
      filter_build(lex, b, words * 2))
    return;
  *bloom_word(b, key) |= bloom_bits(key, sh);
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
  filter_add(lex, &lex->edges[*slot]);
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
  if (!edges_resize(lex, 256) ||
      !filter_build(lex, &lex->first, FILTER_MIN_WORDS) ||
      !filter_build(lex, &lex->next, FILTER_MIN_WORDS) ||
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
  glean_mem_free(a, lex->first.words, lex->first.words
                 ? (lex->first.mask + 1) * sizeof *lex->first.words : 0);
  glean_mem_free(a, lex->next.words, lex->next.words
                 ? (lex->next.mask + 1) * sizeof *lex->next.words : 0);
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
                                  glean_token *first, bool *bad,
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
    if (*n == 0) *first = tok;
    hashes[(*n)++] = mode == GLEAN_LEX_FOLD ? glean_hash_folded(s, l)
                                            : glean_hash_bytes(s, l);
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
  uint32_t node, e;
  glean_token first_tok = {0};
  lex_entry *first;
  int32_t label_id, value_id = -1;
  glean_status st;

  *bad = true;
  if (mode != GLEAN_LEX_EXACT && mode != GLEAN_LEX_FOLD)
    return glean_fail(err, GLEAN_EINVAL, "lexicon: mode must be EXACT or FOLD");
  if (label == NULL || label_len == 0)
    return glean_fail(err, GLEAN_EINVAL, "lexicon: label is empty");
  st = phrase_hashes(phrase, len, mode, hashes, &n, &first_tok, bad, err);
  if (st != GLEAN_OK) return st;
  *bad = false;
  st = pool_intern(lex->alloc, &lex->labels, label, label_len,
                   LEX_MAX_LABELS, &label_id, err);
  if (st == GLEAN_OK && value != NULL)
    st = pool_intern(lex->alloc, &lex->values, value, value_len,
                     (size_t)INT32_MAX, &value_id, err);
  if (st != GLEAN_OK) return st;

  node = mode == GLEAN_LEX_FOLD ? ROOT_FOLD : ROOT_EXACT;
  shape_add(lex, (int)node, first_tok.flags);
  lens_add(lex, (int)node, phrase + first_tok.start,
           first_tok.end - first_tok.start);
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

/* The match loop looks LEX_AHEAD / 2 tokens ahead: it hashes that token,
 * asks the filter and, when the filter lets the token through, fetches
 * its first edge slot. With a filter too big for the cache, it hashes
 * the token and fetches its filter word LEX_AHEAD tokens ahead. The big
 * tables do not fit in cache, so this hides most of the memory latency
 * of a lookup. */
#define LEX_AHEAD 16
#define PASS_RING 16   /* > LEX_AHEAD / 2, a power of two */
/* glean_lexicon_match hashes HASH_WINDOW tokens at a time, and the
 * HASH_MARGIN after them that walks and the look-ahead may read. */
#define HASH_WINDOW 4096
#define HASH_MARGIN (LEX_MAX_TOKENS + LEX_AHEAD)
/* A lexicon whose first tokens fill more (first byte, length) cells than
 * this skips the start_lens test: on news text some 60 cells let a
 * quarter of the tokens pass, a few hundred most of them, and then the
 * test costs more than the hashing it saves. */
#define QUICK_MAX_CELLS 64u
/* Bytes of filter that we expect to stay in the cache between tokens. */
#define FILTER_CACHED ((size_t)64 << 10)
#if defined(__GNUC__)
#define LEX_PREFETCH(p) __builtin_prefetch(p)
/* for the steps of the match loops, which GCC would call otherwise */
#define LEX_INLINE inline __attribute__((always_inline))
#else
#define LEX_PREFETCH(p) ((void)(p))
#define LEX_INLINE inline
#endif

/* Per label: where its last match ended, and its candidate at the
 * current token (stamp == token + 1 when cand is valid). */
typedef struct label_state {
  uint32_t blocked_until, stamp, cand;
} label_state;

typedef struct match_ctx {
  const glean_lexicon *lex;
  const glean_token *toks;
  size_t ntoks;
  const glean_hashes *hs;
  unsigned roots;            /* bit per trie that has phrases */
  label_state *labels;
  /* the output; the candidates of the current token (the longest
   * phrase per label) are its last elements, from cfirst on */
  const glean_allocator *alloc;
  glean_lex_match **out;
  size_t *nout, *cap, cfirst;
} match_ctx;

/* Token j's hash in trie `root`. */
static inline uint64_t tok_hash(const match_ctx *m, size_t j, int root)
{
  const glean_tokhash *t = glean_hashes_get(m->hs, j);
  return root == ROOT_FOLD ? t->fold : t->exact;
}

/* The tries in which token j may start a phrase, by its shape. */
static inline unsigned shape_roots(const match_ctx *m, size_t j)
{
  return m->lex->start_roots[m->toks[j].flags & SHAPE_MASK] & m->roots;
}

/* Those of `roots` in which token j may start a phrase by its first byte
 * and length (start_lens). In the folded trie a token with a non-ASCII
 * byte may fold to another length, and one beginning with such a byte
 * to another first byte: the test lets them pass. */
static inline unsigned lens_roots(const match_ctx *m, size_t j,
                                  unsigned roots)
{
  const glean_lexicon *lex = m->lex;
  const glean_token *t = &m->toks[j];
  unsigned b = (unsigned char)m->hs->text[t->start];
  size_t len = t->end - t->start;
  unsigned sh = len < 63 ? (unsigned)len : 63;
  uint64_t fold_row = b < 0x80 ? lex->start_lens[ROOT_FOLD][b] : ~0ull;
  unsigned exact = (unsigned)(lex->start_lens[ROOT_EXACT][b] >> sh) & 1;
  unsigned fold = (unsigned)(fold_row >> sh) & 1;
  fold |= (fold_row != 0) &
          glean_token_non_ascii(m->hs->text, t->start, t->end);
  return roots & (exact << ROOT_EXACT | fold << ROOT_FOLD);
}

/* Look-ahead stage 1 for token j, when the filter of first tokens is
 * too big for the cache: hash the token, fetch its filter words. */
static inline void stage_hash(const match_ctx *m, size_t j)
{
  const glean_lexicon *lex = m->lex;
  unsigned roots = shape_roots(m, j);
  const glean_tokhash *t;
  if (roots == 0) return;
  t = glean_hashes_get(m->hs, j);
  if (roots & (1u << ROOT_EXACT))
    LEX_PREFETCH(bloom_word(&lex->first, t->exact));
  if ((roots & (1u << ROOT_FOLD)) &&
      (!(roots & (1u << ROOT_EXACT)) || t->fold != t->exact))
    LEX_PREFETCH(bloom_word(&lex->first, t->fold));
}

/* Stage 2: ask the filter and fetch the first edge slot of those of
 * `roots` (not 0) that may start a phrase at token j. Returns a bit per
 * trie worth walking. A token without capitals has one hash for both
 * tries: one load of the filter answers for both. */
static LEX_INLINE unsigned stage_filter(const match_ctx *m, size_t j,
                                        unsigned roots)
{
  const glean_lexicon *lex = m->lex;
  unsigned pass = 0;
  const glean_tokhash *t;
  uint64_t w, bits;
  t = glean_hashes_get(m->hs, j);
  if (roots & (1u << ROOT_EXACT)) {
    w = *bloom_word(&lex->first, t->exact);
    bits = bloom_bits(t->exact, first_sh(ROOT_EXACT));
    if ((w & bits) == bits) {
      pass = 1u << ROOT_EXACT;
      LEX_PREFETCH(&lex->edges[edge_mix(ROOT_EXACT, t->exact) &
                               lex->edge_mask]);
    }
    if (!(roots & (1u << ROOT_FOLD))) return pass;
    if (t->fold != t->exact) w = *bloom_word(&lex->first, t->fold);
  } else {
    w = *bloom_word(&lex->first, t->fold);
  }
  bits = bloom_bits(t->fold, first_sh(ROOT_FOLD));
  if ((w & bits) == bits) {
    pass |= 1u << ROOT_FOLD;
    LEX_PREFETCH(&lex->edges[edge_mix(ROOT_FOLD, t->fold) & lex->edge_mask]);
  }
  return pass;
}

/* Notes entry e ending at token `last` for the walk from token i. Walks
 * only grow, and the exact walk runs first, so a candidate is replaced
 * only by a strictly longer phrase: on equal length exact wins. */
static inline bool note_entry(match_ctx *m, const lex_entry *e, size_t i,
                              size_t last)
{
  label_state *ls = &m->labels[e->label];
  glean_lex_match *c;
  if (i < ls->blocked_until) return true;
  if (ls->stamp == (uint32_t)i + 1) {
    c = &(*m->out)[m->cfirst + ls->cand];
    if (last <= c->last) return true;
  } else {
    if (*m->nout >= *m->cap &&
        !glean_grow(m->alloc, (void **)m->out, m->cap, *m->nout + 1,
                    sizeof **m->out))
      return false;
    ls->stamp = (uint32_t)i + 1;
    ls->cand = (uint32_t)(*m->nout - m->cfirst);
    c = &(*m->out)[(*m->nout)++];
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
  uint64_t h = tok_hash(m, i, root), mix = edge_mix(node, h);

  for (j = i;;) {
    slot = edge_find(lex, node, h, mix);
    if (slot == SIZE_MAX) return true;
    child = lex->edges[slot].child;
    node = child & NODE_ID_MASK;
    j++;
    /* A phrase does not run across a paragraph break. */
    if ((child & EDGE_HAS_KIDS) && j < stop &&
        !(m->toks[j].flags & GLEAN_TF_PARA_START)) {
      h = tok_hash(m, j, root);
      mix = edge_mix(node, h);
      if (bloom_may_have(&lex->next, mix, SH_NEXT))
        LEX_PREFETCH(&lex->edges[mix & lex->edge_mask]);
      else
        child &= ~EDGE_HAS_KIDS;
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

void glean_lex_scratch_free(const glean_allocator *a, glean_lex_scratch *s)
{
  if (s == NULL) return;
  glean_mem_free(a, s->labels, s->labels_bytes);
  memset(s, 0, sizeof *s);
}

bool glean_lexicon_wants_fold(const glean_lexicon *lex)
{
  return lex != NULL && lex->root_has_kids[ROOT_FOLD];
}

/* Walks the tries of `pass` from token i; the longest phrase per label
 * there becomes a match, and blocks its label until its end. */
static LEX_INLINE bool start_at(match_ctx *m, size_t i, unsigned pass)
{
  glean_lex_match *c;
  size_t nc, k;
  m->cfirst = *m->nout;
  if ((pass & (1u << ROOT_EXACT)) && !walk(m, ROOT_EXACT, i)) return false;
  if ((pass & (1u << ROOT_FOLD)) && !walk(m, ROOT_FOLD, i)) return false;
  nc = *m->nout - m->cfirst;
  if (nc == 0) return true;
  c = *m->out + m->cfirst;
  if (nc > 16) qsort(c, nc, sizeof *c, cmp_label);
  else if (nc > 1) sort_cands_by_label(c, nc);
  for (k = 0; k < nc; k++) m->labels[c[k].label].blocked_until = c[k].last;
  return true;
}

/* Matches the phrases that start at tokens [first, last), with the
 * label state of the tokens before (cleared when first is 0). The hashes
 * must reach token last + LEX_MAX_TOKENS + LEX_AHEAD (or the end). */
static glean_status match_range(const glean_lexicon *lex,
                                const glean_token *toks, size_t ntoks,
                                size_t first, size_t last,
                                const glean_hashes *hs,
                                glean_lex_scratch *scratch,
                                const glean_allocator *a,
                                glean_lex_match **out, size_t *n,
                                size_t *cap, glean_error *err)
{
  match_ctx m;
  uint8_t pass[PASS_RING];
  size_t i, j, need;
  bool big;

  if (lex->root_has_kids[ROOT_FOLD] && !hs->fold)
    return glean_fail(err, GLEAN_EINVAL, "lexicon: folded hashes missing");
  need = lex->labels.n * sizeof(label_state);
  if (need > scratch->labels_bytes) {
    void *p;
    if (first > 0)   /* the state of the tokens before would be lost */
      return glean_fail(err, GLEAN_EINVAL, "lexicon: labels changed");
    p = glean_mem_alloc(a, need);
    if (p == NULL) return lex_nomem(err);
    glean_mem_free(a, scratch->labels, scratch->labels_bytes);
    scratch->labels = p;
    scratch->labels_bytes = need;
  }
  memset(&m, 0, sizeof m);
  m.lex = lex;
  m.toks = toks;
  m.ntoks = ntoks;
  m.hs = hs;
  m.roots = (lex->root_has_kids[ROOT_EXACT] ? 1u << ROOT_EXACT : 0) |
            (lex->root_has_kids[ROOT_FOLD] ? 1u << ROOT_FOLD : 0);
  m.labels = scratch->labels;
  m.alloc = a;
  m.out = out;
  m.nout = n;
  m.cap = cap;
  if (first == 0) memset(m.labels, 0, need);

  big = (lex->first.mask + 1) * sizeof *lex->first.words > FILTER_CACHED;
  if (!big && lex->start_cells <= QUICK_MAX_CELLS) {
    /* a small lexicon: few tokens pass start_lens, and its filters stay
     * in cache, so no look-ahead */
    for (i = first; i < last; i++) {
      unsigned p = lens_roots(&m, i, shape_roots(&m, i));
      if (p != 0) p = stage_filter(&m, i, p);
      if (p != 0 && !start_at(&m, i, p)) return lex_nomem(err);
    }
    return GLEAN_OK;
  }
  /* Token j goes through the filter LEX_AHEAD / 2 tokens before a walk
   * may start there. Stage 1 only pays when the filter would not stay
   * in cache. */
  for (j = first; j < last + LEX_AHEAD / 2; j++) {
    unsigned p;
    if (j < ntoks) {
      if (big && j + LEX_AHEAD / 2 < ntoks) stage_hash(&m, j + LEX_AHEAD / 2);
      p = shape_roots(&m, j);
      pass[j % PASS_RING] = (uint8_t)(p ? stage_filter(&m, j, p) : 0);
    }
    if (j < first + LEX_AHEAD / 2) continue;
    i = j - LEX_AHEAD / 2;
    p = pass[i % PASS_RING];
    if (p == 0) continue;   /* most tokens start no phrase */
    if (!start_at(&m, i, p)) return lex_nomem(err);
  }
  return GLEAN_OK;
}

glean_status glean_lexicon_match_into(const glean_lexicon *lex,
                                      const glean_token *toks, size_t ntoks,
                                      const glean_hashes *hs,
                                      glean_lex_scratch *scratch,
                                      const glean_allocator *a,
                                      glean_lex_match **out, size_t *n,
                                      size_t *cap, glean_error *err)
{
  if (lex->nentries == 0 || ntoks == 0) return GLEAN_OK;
  return match_range(lex, toks, ntoks, 0, ntoks, hs, scratch, a, out, n, cap,
                     err);
}

/* The array returned in *out is allocated with the LEXICON's allocator:
 * free it with glean_free(<allocator given to glean_lexicon_new>, *out,
 * n * sizeof **out). It is exactly n elements long (NULL when n == 0). */
size_t glean_lexicon_match(const glean_lexicon *lex,
                           const glean_document *doc,
                           glean_lex_match **out, glean_error *err)
{
  glean_hashes hs;
  glean_lex_scratch scratch = {NULL, 0};
  glean_lex_match *res = NULL;
  size_t nres = 0, res_cap = 0, ntoks, room, first;
  glean_status st = GLEAN_OK;

  if (out != NULL) *out = NULL;
  if (lex == NULL || doc == NULL || out == NULL) {
    glean_fail(err, GLEAN_EINVAL, "lexicon: lexicon, document or out is NULL");
    return (size_t)-1;
  }
  memset(&hs, 0, sizeof hs);
  hs.text = glean_document_text(doc, &hs.text_len);
  hs.toks = glean_document_tokens(doc, &ntoks);
  hs.fold = lex->root_has_kids[ROOT_FOLD];
  if (lex->nentries == 0 || ntoks == 0) return 0;
  /* The hashes of a window of tokens at a time, so that a big document
   * needs no big buffer: a window holds its tokens and the ones a walk
   * or the look-ahead may read past them. */
  room = ntoks < HASH_WINDOW + HASH_MARGIN ? ntoks : HASH_WINDOW + HASH_MARGIN;
  hs.h = glean_mem_alloc(lex->alloc, room * sizeof *hs.h);
  if (hs.h == NULL) {
    lex_nomem(err);
    return (size_t)-1;
  }
  for (first = 0; st == GLEAN_OK && first < ntoks; first += HASH_WINDOW) {
    size_t last = ntoks - first > HASH_WINDOW ? first + HASH_WINDOW : ntoks;
    size_t end = ntoks - last > HASH_MARGIN ? last + HASH_MARGIN : ntoks;
    hs.base = first;
    memset(hs.h, 0, (end - first) * sizeof *hs.h);
    st = match_range(lex, hs.toks, ntoks, first, last, &hs, &scratch,
                     lex->alloc, &res, &nres, &res_cap, err);
  }
  glean_mem_free(lex->alloc, hs.h, room * sizeof *hs.h);
  glean_lex_scratch_free(lex->alloc, &scratch);
  if (st == GLEAN_OK && nres > 0 && nres < res_cap) {
    glean_lex_match *fit = glean_mem_realloc(lex->alloc, res,
                                             res_cap * sizeof *res,
                                             nres * sizeof *res);
    if (fit == NULL) st = lex_nomem(err);
    else res = fit, res_cap = nres;
  }
  if (st != GLEAN_OK) {
    glean_mem_free(lex->alloc, res, res_cap * sizeof *res);
    return (size_t)-1;
  }
  if (nres == 0) glean_mem_free(lex->alloc, res, res_cap * sizeof *res);
  else *out = res;
  return nres;
}
