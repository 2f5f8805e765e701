/* internal.h — helpers shared by the engine's files; not public API. */
#ifndef GLEAN_INTERNAL_H
#define GLEAN_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include "glean.h"

/* ---- memory and errors (mem.c) ----------------------------------------- */

/* All engine allocations go through these; alloc may be NULL (malloc). */
void *glean_mem_alloc(const glean_allocator *a, size_t size);
void *glean_mem_realloc(const glean_allocator *a, void *p, size_t osize,
                        size_t nsize);
void glean_mem_free(const glean_allocator *a, void *p, size_t size);

/* Grows *items (element size `elem`) so that it holds at least `need`
 * elements, doubling; *cap is updated. Returns false on overflow or OOM. */
bool glean_grow(const glean_allocator *a, void **items, size_t *cap,
                size_t need, size_t elem);

/* Fills err (if not NULL) and returns code. */
glean_status glean_fail(glean_error *err, glean_status code,
                        const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* ---- UTF-8 and character classes (utf8.c) ------------------------------ */

#define GLEAN_BAD_CP 0xFFFFFFFFu

/* Decodes one code point at s (len > 0). Sets *adv to the bytes used.
 * Invalid or truncated sequences, overlongs and surrogates return
 * GLEAN_BAD_CP with *adv = 1. */
uint32_t glean_utf8_decode(const char *s, size_t len, size_t *adv);
/* Encodes cp into out (4 bytes room); returns bytes written. */
size_t glean_utf8_encode(uint32_t cp, char *out);

enum {
  GLEAN_CC_LETTER   = 1u << 0,
  GLEAN_CC_UPPER    = 1u << 1,
  GLEAN_CC_LOWER    = 1u << 2,
  GLEAN_CC_DIGIT    = 1u << 3,  /* ASCII 0-9 only */
  GLEAN_CC_SPACE    = 1u << 4,  /* incl. NBSP, thin spaces, ZWSP */
  GLEAN_CC_NEWLINE  = 1u << 5,  /* \n \r U+2028 U+2029 (also SPACE) */
  GLEAN_CC_PUNCT    = 1u << 6,
  GLEAN_CC_QUOTE    = 1u << 7,  /* quotation mark (incl. ' and ’) */
  GLEAN_CC_HYPHEN   = 1u << 8,  /* - U+2010 U+2011 */
  GLEAN_CC_DASH     = 1u << 9,  /* U+2012..U+2015 */
  GLEAN_CC_APOS     = 1u << 10, /* ' and ’ (also QUOTE) */
  GLEAN_CC_CURRENCY = 1u << 11, /* $ £ € ¥ ₹ ₽ ... */
  GLEAN_CC_MARK     = 1u << 12  /* combining mark: part of a word */
};

uint32_t glean_cp_class(uint32_t cp);
/* glean_cp_class of ASCII, for byte loops that want no call per byte. */
extern const uint16_t glean_ascii_class[128];
/* Simple case folding (lowercase) for Latin, Greek, Cyrillic; other
 * code points are returned unchanged. */
uint32_t glean_cp_fold(uint32_t cp);

/* ---- hashing (hash.c) --------------------------------------------------- */

/* 64-bit hash of bytes, and of their case-folded UTF-8 form (computed on
 * the fly, no buffer). Invalid bytes hash as themselves. Never returns 0,
 * so 0 can mean "empty slot". */
uint64_t glean_hash_bytes(const char *s, size_t len);
uint64_t glean_hash_folded(const char *s, size_t len);
/* Combines a running phrase hash with the next token's hash. */
uint64_t glean_hash_combine(uint64_t h, uint64_t token_hash);

/* Both hashes of the token text[start, end) at once: *exact =
 * glean_hash_bytes, *folded (unless NULL) = glean_hash_folded. It reads
 * whole 64-bit words of the text around the token (never outside
 * text[0, text_len)), so a short token costs no byte loop. */
void glean_hash_token(const char *text, size_t text_len, size_t start,
                      size_t end, uint64_t *exact, uint64_t *folded);

/* A scan's token hashes, computed once per token when first asked and
 * shared by the lexicons and the predicates' word dictionary (which
 * hash the same way). */
typedef struct glean_tokhash {
  uint64_t exact, fold;   /* exact == 0: not computed yet */
} glean_tokhash;

typedef struct glean_hashes {
  const char *text;
  size_t text_len;
  const glean_token *toks;
  glean_tokhash *h;       /* token i at h[i - base], zeroed beforehand */
  size_t base;            /* 0 unless h covers a window of the tokens */
  bool fold;              /* fill fold too (else it is not set) */
} glean_hashes;

static inline const glean_tokhash *glean_hashes_get(const glean_hashes *hs,
                                                    size_t i) {
  glean_tokhash *t = &hs->h[i - hs->base];
  if (t->exact == 0)
    glean_hash_token(hs->text, hs->text_len, hs->toks[i].start,
                     hs->toks[i].end, &t->exact, hs->fold ? &t->fold : NULL);
  return t;
}

/* Index of the lowest set bit of x (x != 0). */
static inline unsigned glean_ctz64(uint64_t x) {
#if defined(__GNUC__)
  return (unsigned)__builtin_ctzll(x);
#else
  unsigned n = 0;
  while (!(x & 1)) {
    x >>= 1;
    n++;
  }
  return n;
#endif
}

/* Has text[start, end) a byte outside ASCII? For tokens of up to 16
 * bytes that end 8 bytes or more into the text (nearly all): two loads
 * around it and no branch on its bytes, so that the callers' quick tests
 * (dictionary and lexicon prefilters) stay free of branches, which would
 * mispredict there. */
static inline bool glean_token_non_ascii(const char *text, size_t start,
                                         size_t end) {
  const unsigned char *t = (const unsigned char *)text;
  size_t len = end - start;
  uint64_t last, first;
  if (end >= 8 && len <= 16) {
    /* the token's last min(len, 8) bytes, then (longer) its first 8 */
    memcpy(&last, t + end - 8, 8);
    memcpy(&first, t + (len > 8 ? start : end - 8), 8);
    last = len >= 8 ? last : last >> (8 * (8 - len)) << (8 * (8 - len));
    first = len > 8 ? first : 0;
    return ((last | first) & 0x8080808080808080ull) != 0;
  }
  for (; start < end; start++)
    if (t[start] >= 0x80) return true;
  return false;
}

/* ---- tokenizer (tokenize.c) -------------------------------------------- */

/* Streams tokens of a text without building a document (used by the
 * document and to tokenize lexicon phrases the same way). Sets only the
 * shape flags that depend on the token itself (WORD CAP UPPER LOWER
 * DIGIT ALNUM PUNCT QUOTE CURRENCY HYPHEN DASH APOS ABBREV INVALID NUMBER
 * SPACE_BEFORE LINE_START); sentence, paragraph and pairing flags are the
 * document's job. */
typedef struct glean_tokenizer {
  const char *text;
  size_t len, pos;
  const glean_doc_options *opts;  /* may be NULL */
  uint32_t prev_flags;
  bool newline_seen;              /* a line break since the last token */
  unsigned newlines;              /* line breaks since the last token */
  bool blank_seen;                /* glean_tokenizer_fill set blank_flag */
} glean_tokenizer;

void glean_tokenizer_init(glean_tokenizer *t, const char *text, size_t len,
                          const glean_doc_options *opts);
/* Returns false at the end of the text. After a token, t->newlines says
 * how many line breaks stood before it (2+ means a blank line). */
bool glean_tokenizer_next(glean_tokenizer *t, glean_token *tok);
/* Writes up to cap tokens, the ones glean_tokenizer_next would return
 * one by one, and returns how many (fewer than cap only at the end).
 * Several times faster than calling glean_tokenizer_next in a loop. Two
 * flags more, in bits the caller reserves (or 0): blank_flag on a token
 * with a blank line before it (t->newlines >= 2, not the first token),
 * end_flag on punctuation that may end a sentence: a PUNCT token whose
 * first byte is . ! ? or 0xD8 0xE0 0xE2 0xE3 0xEF (leads of … 。 ！ ？
 * ؟ । ॥, among others). t may be used to go on afterwards;
 * t->newlines and t->newline_seen are then stale. t->blank_seen tells
 * whether a token got blank_flag (when blank_flag != 0). */
size_t glean_tokenizer_fill(glean_tokenizer *t, glean_token *out,
                            size_t cap, uint32_t blank_flag,
                            uint32_t end_flag);

/* ---- document building blocks (quotes.c, numbers.c) -------------------- */

/* Pairs quotation marks among tokens: sets GLEAN_TF_QUOTE_OPEN/CLOSE on
 * the marks it pairs and appends quotes to *out (grown with glean_grow).
 * Paragraphs decide multi-paragraph continuation. marks: the indexes of
 * all the tokens flagged QUOTE, in ascending order (nmarks of them). */
glean_status glean_pair_quotes(const char *text, glean_token *toks,
                               size_t ntoks, const glean_range *paras,
                               size_t nparas, const uint32_t *marks,
                               size_t nmarks, const glean_allocator *a,
                               glean_quote **out, size_t *nout, size_t *cap,
                               glean_error *err);

/* Finds numbers among tokens (see glean_number) and appends them. */
glean_status glean_find_numbers(const char *text, const glean_token *toks,
                                size_t ntoks, const glean_allocator *a,
                                glean_number **out, size_t *nout,
                                size_t *cap, glean_error *err);

/* The document's allocator (for objects that borrow a document). */
const glean_allocator *glean_document_allocator(const glean_document *doc);

/* ---- lexicon internals (lexicon.c) ------------------------------------- */

/* Scratch memory of glean_lexicon_match_into, kept by its caller across
 * calls (zero it before the first; free with glean_lex_scratch_free). */
typedef struct glean_lex_scratch {
  void *labels;           /* per label match state */
  size_t labels_bytes;
} glean_lex_scratch;

void glean_lex_scratch_free(const glean_allocator *a, glean_lex_scratch *s);

/* Does matching lex need folded token hashes (glean_hashes.fold)? */
bool glean_lexicon_wants_fold(const glean_lexicon *lex);

/* glean_lexicon_match over toks[0, ntoks) with the hashes of hs,
 * appending the matches to (*out)[*n ...] (grown with glean_grow and
 * allocator a, which also holds the scratch). */
glean_status glean_lexicon_match_into(const glean_lexicon *lex,
                                      const glean_token *toks, size_t ntoks,
                                      const glean_hashes *hs,
                                      glean_lex_scratch *scratch,
                                      const glean_allocator *a,
                                      glean_lex_match **out, size_t *n,
                                      size_t *cap, glean_error *err);

/* ---- regex internals (regex.c) ----------------------------------------- */

/* Extra option for glean_regex_new, engine use only: the pattern is
 * anchored at both ends at compile time, so glean_regex_full runs under
 * JIT (anchoring at match time would fall back to the interpreter) and
 * glean_regex_find only finds whole-subject matches. */
#define GLEAN_RE_WHOLE_ (1u << 30)

/* Sets the PCRE2 match and depth limits of later calls (0 keeps the
 * current value). Defaults: 1,000,000 and 10,000. */
void glean_regex_set_limits(glean_regex *re, uint32_t match_limit,
                            uint32_t depth_limit);

#endif
