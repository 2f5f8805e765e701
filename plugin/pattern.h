/* pattern.h — compiled token patterns: predicates, programs and the VM.
 *
 * A ruleset turns each glean_pnode tree into instructions of one shared
 * program (pattern_compile.c). Token predicates are compiled once and
 * shared by every rule that uses an identical one (pattern_pred.c). The
 * VM runs all rules together in one pass over the tokens
 * (pattern_vm.c). Engine-internal; not public API.
 */
#ifndef GLEAN_PATTERN_H
#define GLEAN_PATTERN_H

#include "internal.h"

/* Label bitsets are one uint64_t per token. */
#define GLEAN_MAX_LABELS 64
/* One rule's program may not exceed this many instructions: {n,m} copies
 * its operand, so a small-looking pattern can be huge. */
#define GLEAN_MAX_PROG ((size_t)1 << 16)
/* More captures than this in one rule is surely a mistake. */
#define GLEAN_MAX_CAPTURES 1024u

/* ---- what a scan knows about its tokens -------------------------------- */

typedef struct glean_tokview {
  const char *text;
  const glean_token *toks;
  size_t ntoks;
  const uint64_t *begin;   /* label bits: a span of the label starts here */
  const uint64_t *inside;  /* ... or the token continues one */
  /* Per token, looked up lazily: its entry in the word dictionary of the
   * predicates + 2; 1 = in no word set; 0 = not looked up yet. */
  uint32_t *word_exact, *word_fold;
  /* The tokens' hashes, shared with the lexicons (fold set when the
   * folding dictionary has words); NULL: hash when needed. */
  const glean_hashes *hashes;
} glean_tokview;

/* Something every match must have a token for, cheap to find in advance:
 * a token in the word set of predicate `pred`, or (pred UINT32_MAX) a
 * token covered by a span of one of `labels` (begin: a span starting
 * there). No anchor: pred UINT32_MAX and labels 0. */
typedef struct glean_anchor {
  uint32_t pred;
  uint64_t labels;
  bool begin;
} glean_anchor;

/* ---- predicates (pattern_pred.c) --------------------------------------- */

typedef struct glean_wordset glean_wordset;

typedef struct glean_cpred {
  uint64_t sig;            /* cheap digest to find duplicates */
  uint32_t flags_all, flags_none, flags_any;
  uint64_t label_mask;     /* in_label and in_labels; 0 when off */
  glean_wordset *words;    /* NULL when off */
  uint32_t set;            /* id of the word set in the dictionary */
  glean_regex *re;         /* NULL when off */
  char *regex_src;         /* to compare regex predicates */
  size_t regex_len;
  /* Bytes every whole match ends with (a literal tail of the regex;
   * pointing into regex_src): a token that does not skips the regex. */
  const char *re_tail;
  uint32_t re_tail_len;
  /* Bytes every match contains (see regex_needs). */
  char re_need[4];
  uint32_t re_nneed;
  uint8_t regex_caseless, words_fold;
  uint8_t words_negate, regex_negate, in_label_negate, negate;
  bool flags_only;         /* nothing but flags: evaluated inline */
} glean_cpred;

/* Every word of every word set, once, with the sets it belongs to: a
 * token is looked up once per scan whatever the number of sets. */
typedef struct glean_dict_entry {
  uint64_t hash;
  uint32_t off, len;       /* bytes (folded in the folding dictionary) */
  uint32_t mfirst, mcount; /* its sets: members[mfirst .. + mcount) */
} glean_dict_entry;

typedef struct glean_dict {
  glean_dict_entry *e;
  size_t n, cap;
  uint32_t *slots;         /* entry + 1; 0 = empty */
  size_t nslots;
  char *bytes;
  size_t nbytes, bytes_cap;
  uint32_t *members;       /* set ids, ascending per entry */
  size_t nmembers, members_cap;
  /* bit min(len, 63) of lengths[b]: some word starts with byte b and has
   * len bytes; rules out most tokens before hashing them */
  uint64_t lengths[256];
  /* bit dict_bloom(first two bytes, len) of bloom: some word has them;
   * a finer test of the same kind */
  uint64_t bloom[64];
  /* bit dict_pair(first two bytes) of pairs, length aside: for the
   * folding dictionary, where folding may change a token's length */
  uint64_t pairs[64];
  /* the same sets as bits: setwords words per entry (NULL when that
   * would be too big; then members are searched) */
  uint64_t *setbits;
  size_t setwords, setbits_cap;
  /* bit (hash >> 34) % 64 of hbits[(hash >> 40) & hbits_mask]: some
   * word may have that hash; 16 bits per word rule out most tokens
   * before a probe (NULL when the dictionary is empty) */
  uint64_t *hbits;
  size_t hbits_mask;
} glean_dict;

typedef struct glean_preds {
  const glean_allocator *alloc;
  glean_cpred *items;
  size_t n, cap;
  uint32_t match_limit, depth_limit;   /* for predicate regexes */
  glean_dict dict[2];                  /* exact, folded */
} glean_preds;

void glean_preds_init(glean_preds *ps, const glean_allocator *alloc,
                      uint32_t match_limit, uint32_t depth_limit);
void glean_preds_free(glean_preds *ps);
/* Compiles p, or finds an identical predicate compiled before; returns
 * its id, or -1 with err "<where>: ..." filled. nlabels bounds in_label. */
int32_t glean_preds_intern(glean_preds *ps, const glean_pred *p,
                           uint32_t nlabels, const char *where,
                           glean_error *err);
/* Drops predicates from id n on (undoes a rule that failed to compile). */
void glean_preds_truncate(glean_preds *ps, size_t n);
/* Builds the word dictionary; call after predicates were added. */
glean_status glean_preds_index(glean_preds *ps, glean_error *err);
/* Dictionary entry (exact or folded) of token i, or UINT32_MAX. */
uint32_t glean_preds_token_word(const glean_preds *ps, glean_tokview *tv,
                                size_t i, int fold);
/* Looks every token up in both dictionaries at once (the VM asks for
 * nearly all of them): fills tv->word_exact and tv->word_fold. */
void glean_preds_fill_words(const glean_preds *ps, glean_tokview *tv);
/* The same, inline when the token was looked up before (the usual case:
 * every pass over the tokens asks). */
static inline uint32_t glean_token_word(const glean_preds *ps,
                                        glean_tokview *tv, size_t i,
                                        int fold) {
  uint32_t v = (fold ? tv->word_fold : tv->word_exact)[i];
  if (v) return v == 1 ? UINT32_MAX : v - 2;
  return glean_preds_token_word(ps, tv, i, fold);
}
/* Is dictionary entry e (of dictionary fold) in word set `set`? Its
 * sets are few and sorted. */
static inline bool glean_preds_in_set(const glean_preds *ps, int fold,
                                      uint32_t e, uint32_t set) {
  const glean_dict *d = &ps->dict[fold ? 1 : 0];
  const uint32_t *m = d->members + d->e[e].mfirst;
  uint32_t k, n = d->e[e].mcount;
  if (d->setbits)
    return d->setbits[(size_t)e * d->setwords + set / 64] >> (set % 64) & 1;
  for (k = 0; k < n && m[k] <= set; k++)
    if (m[k] == set) return true;
  return false;
}
/* Does predicate id require its token to be in a word set (so the set's
 * words can stand for it in a quick check)? */
bool glean_preds_word_required(const glean_preds *ps, uint32_t id);
/* Does it require its token to lie in a span of some of these labels?
 * Sets *labels. */
bool glean_preds_label_required(const glean_preds *ps, uint32_t id,
                                uint64_t *labels);
/* The anchor a predicate gives (none when it is not that selective). */
glean_anchor glean_preds_anchor(const glean_preds *ps, uint32_t id);
/* 1 when predicate id holds at token i, 0 when not, -1 on a regex error. */
int glean_preds_eval(const glean_preds *ps, uint32_t id, glean_tokview *tv,
                     size_t i, glean_error *err);
/* 1 when tokens [first, first + n) satisfy ids[0..n) in order, 0 when
 * not or when they run out of the document, -1 on error. */
int glean_preds_eval_seq(const glean_preds *ps, const uint32_t *ids,
                         size_t n, glean_tokview *tv, size_t first,
                         glean_error *err);

/* Does the token text[start, end) end with the literal tail of c's
 * regex (true when it has none)? Compared from the end: most tokens
 * differ in their last byte. */
static inline bool glean_preds_tail_ok(const glean_cpred *c, const char *text,
                                       uint32_t start, uint32_t end) {
  uint32_t tl = c->re_tail_len, j;
  if (end - start < tl) return false;
  for (j = 1; j <= tl; j++)
    if (text[end - j] != c->re_tail[tl - j]) return false;
  return true;
}

/* ---- programs (pattern_compile.c) -------------------------------------- */

enum {
  GLEAN_OP_TEST,       /* x = predicate: consume one token */
  GLEAN_OP_SPAN,       /* x = label: consume a token that begins a span */
  GLEAN_OP_SPAN_REST,  /* x = label: consume tokens inside it, then go on */
  GLEAN_OP_SPLIT,      /* go to x, and (lower priority) to y */
  GLEAN_OP_JMP,        /* go to x */
  GLEAN_OP_SAVE,       /* capture slot x = the current token index */
  GLEAN_OP_MATCH       /* x = rule */
};

typedef struct glean_inst {
  uint32_t op, x, y;
} glean_inst;

typedef struct glean_prog {
  glean_inst *code;
  size_t n, cap;
} glean_prog;

/* What compiling a pattern tells about it. */
typedef struct glean_pattern_facts {
  uint32_t entry;     /* its first instruction */
  uint32_t maxlen;    /* longest match in tokens; UINT32_MAX: unbounded */
  glean_anchor anchor;  /* the last one in the pattern */
} glean_pattern_facts;

/* Appends the program of one rule (ending with MATCH rule). On error the
 * program and the predicates are left as they were. */
glean_status glean_pattern_compile(glean_prog *prog, glean_preds *ps,
                                   const glean_allocator *alloc,
                                   const glean_pnode *root,
                                   uint32_t ncaptures, uint32_t nlabels,
                                   uint32_t rule, glean_pattern_facts *facts,
                                   glean_error *err);

/* ---- rules as the VM sees them ----------------------------------------- */

typedef struct glean_rule_info {
  uint32_t entry;            /* first instruction; UINT32_MAX: regex rule */
  /* Some token in [start, start + window) must satisfy the anchor for a
   * match to exist: the VM does not start the rule where none is near. */
  glean_anchor anchor;
  uint32_t window;
  uint32_t ncaptures;
  const uint32_t *before, *after, *not_before, *not_after;  /* pred ids */
  uint32_t nbefore, nafter, nnot_before, nnot_after;
  bool all;                  /* keep overlapping matches */
} glean_rule_info;

/* Context of a match [first, last): 1 when before/after hold and
 * not_before/not_after do not, 0 otherwise, -1 on error. */
int glean_context_before_ok(const glean_preds *ps, const glean_rule_info *r,
                            glean_tokview *tv, size_t first,
                            glean_error *err);
int glean_context_after_ok(const glean_preds *ps, const glean_rule_info *r,
                           glean_tokview *tv, size_t last, glean_error *err);

/* Matches and their captures, appended by the VM and the regex rules. */
typedef struct glean_matchbuf {
  glean_match *m;
  size_t n, cap;
  glean_capture *c;
  size_t nc, ccap;
} glean_matchbuf;

/* ---- the VM (pattern_vm.c) --------------------------------------------- */

typedef struct glean_vm glean_vm;

glean_vm *glean_vm_new(const glean_allocator *alloc, uint32_t max_tokens,
                       glean_error *err);
void glean_vm_free(glean_vm *vm);
/* Indexes the rules' first steps; call after rules were added. The
 * arrays must stay valid and unchanged until the next prepare. */
glean_status glean_vm_prepare(glean_vm *vm, const glean_prog *prog,
                              const glean_preds *ps,
                              const glean_rule_info *rules, size_t nrules,
                              glean_error *err);
/* Appends the kept matches of every token-pattern rule to out (not
 * sorted). Scratch memory stays with the VM for the next run. */
glean_status glean_vm_run(glean_vm *vm, glean_tokview *tv,
                          glean_matchbuf *out, glean_error *err);

#endif
