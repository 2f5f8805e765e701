/* document.c — a text's tokens, paragraphs, sentences, quotes, numbers.
 *
 * Paragraphs (glean_para_mode): BLANK starts one after every blank line
 * (two line breaks with only whitespace between), LINES after every line
 * break, AUTO is BLANK when the text has a blank line and LINES when it
 * has none (so one-paragraph-per-line feeds and hard-wrapped articles
 * both come out right).
 *
 * Sentences end:
 *  - at the end of every paragraph;
 *  - after . ! ? … or a run of periods, plus any closing quotes and
 *    brackets stuck to it, when the next token starts a paragraph, is
 *    capitalized (or a letter of a caseless script), a digit, or an
 *    opening quote or bracket. "“Why?” he asked" stays one sentence;
 *  - after 。！？ ؟ । ॥ whatever follows (their scripts have no case);
 *  - never after an abbreviation (ABBREV: "Mr.", "No.", "W.") except that
 *    dotted ones ("U.S.", "a.m.") and Inc. Corp. Ltd. Co. Jr. etc. end a
 *    sentence when a line break follows and the next line starts like a
 *    sentence ("... in the U.S.\nThe ..."). Their period is part of the
 *    token, so mid-line "the U.S. The ..." stays one sentence: telling it
 *    from "U.S. President" needs more than the tokens. A one-letter
 *    one ("X.", "Plan B.") ends a sentence before a quotation mark that
 *    opens with a capital: no initial of a name stands there.
 * So in LINES mode every line break ends a sentence and in BLANK mode a
 * single line break ends one only when the punctuation says so.
 *
 * Flags set here: PARA_START, SENT_START and SENT_END (on each . ! ? …
 * token that ends a sentence); then quotes.c pairs quotation marks (it
 * needs the paragraphs); numbers.c finds numbers when first asked for.
 */
#include <stddef.h>
#include <string.h>
#include "internal.h"

/* A document is one allocation: this struct, then first guesses at its
 * tokens, sentences, paragraphs and quotation marks (see doc_new). An
 * array that outgrows its guess moves to an allocation of its own, and
 * `own` says which did. Quotes and numbers are allocated apart. */
struct glean_document {
  glean_allocator alloc;  /* fn NULL: malloc */
  size_t block_size;      /* bytes of the allocation d starts */
  unsigned own;           /* OWN_* of the arrays moved out of it */
  const char *text;
  size_t len;
  glean_token *toks;
  size_t ntoks, toks_cap;
  glean_range *sents;
  size_t nsents, sents_cap;
  glean_range *paras;
  size_t nparas, paras_cap;
  glean_quote *quotes;
  size_t nquotes, quotes_cap;
  glean_number *nums;
  size_t nnums, nums_cap;
  /* Tokens flagged QUOTE, found by the structure pass for quotes.c. */
  uint32_t *marks;
  size_t nmarks, marks_cap;
  /* Numbers are found on the first glean_document_numbers call, not at
   * build time: documents that are only tokenized never pay for them.
   * A document is used by one thread at a time (glean.h), so filling
   * them in from a const accessor races with nothing. */
  bool nums_done;
};

/* While the document is built, these flag bits mark a token with a blank
 * line before it, and punctuation that may end a sentence (see
 * glean_tokenizer_fill); the structure pass clears them before anyone
 * sees them. */
#define TF_BLANK_BEFORE (1u << 31)
#define TF_MAY_END (1u << 30)

/* Tokens reserved in the document's block at most (12 MB), and ranges
 * and marks. A text guessed to need more tokens gets an array of its own
 * for them, sized by the guess (up to 768 MB, untouched pages costing
 * nothing): doubling from the block's 12 MB copied them twice and
 * faulted in twice the fresh pages, 15% of a 20 MB text's time. */
#define INITIAL_TOKENS_MAX ((size_t)1 << 20)
#define APART_TOKENS_MAX ((size_t)1 << 26)
#define INITIAL_RANGES_MAX ((size_t)1 << 16)

enum { OWN_TOKS = 1, OWN_SENTS = 2, OWN_PARAS = 4, OWN_MARKS = 8 };

/* glean_grow for the arrays that may sit in the document's block: one
 * of those is copied out (growing as glean_grow does), not realloc'd. */
static bool doc_grow(glean_document *d, unsigned which, void **items,
                     size_t *cap, size_t need, size_t elem) {
  if (d->own & which)
    return glean_grow(&d->alloc, items, cap, need, elem);
  void *in_block = *items;
  size_t old_cap = *cap;
  *items = NULL;
  *cap = 0;
  if (!glean_grow(&d->alloc, items, cap, need > 2 * old_cap ? need
                                                             : 2 * old_cap,
                  elem)) {
    *items = in_block;
    *cap = old_cap;
    return false;
  }
  memcpy(*items, in_block, old_cap * elem);
  d->own |= which;
  return true;
}

static size_t guess(size_t n, size_t max) { return n > max ? max : n; }

/* The document and its first arrays, sized by the text's length: news
 * text runs 5 to 6 bytes a token and over 100 a sentence and a
 * paragraph, but headlines, datelines and tables make short ones (the
 * guesses are capped so that a huge text of few tokens does not reserve
 * gigabytes; past them, arrays double). */
static glean_document *doc_new(size_t len, const glean_allocator *alloc) {
  size_t head = (sizeof(glean_document) + 15) & ~(size_t)15;
  size_t want = len / 4 + 64;
  size_t ntoks = want > INITIAL_TOKENS_MAX ? 0 : want;   /* 0: apart */
  size_t nsents = guess(len / 32 + 8, INITIAL_RANGES_MAX);
  size_t nparas = guess(len / 32 + 8, INITIAL_RANGES_MAX);
  size_t nmarks = guess(len / 64 + 8, INITIAL_RANGES_MAX);
  size_t size = head + ntoks * sizeof(glean_token) +
                (nsents + nparas) * sizeof(glean_range) +
                nmarks * sizeof(uint32_t);
  char *block = glean_mem_alloc(alloc, size);
  if (!block) return NULL;
  glean_document *d = (glean_document *)(void *)block;
  /* Field by field, not memset: for this size the compiler emits rep
   * stos, whose start-up costs more than a small document's tokens. */
  static const glean_allocator malloc_alloc = {0};
  d->alloc = alloc ? *alloc : malloc_alloc;
  d->block_size = size;
  d->own = 0;
  d->text = NULL;
  d->len = 0;
  d->ntoks = d->nsents = d->nparas = d->nquotes = d->nnums = d->nmarks = 0;
  d->quotes = NULL;
  d->quotes_cap = 0;
  d->nums = NULL;
  d->nums_cap = 0;
  d->nums_done = false;
  char *p = block + head;
  d->toks = (glean_token *)(void *)p;
  d->toks_cap = ntoks;
  p += ntoks * sizeof(glean_token);
  d->sents = (glean_range *)(void *)p;
  d->sents_cap = nsents;
  p += nsents * sizeof(glean_range);
  d->paras = (glean_range *)(void *)p;
  d->paras_cap = nparas;
  p += nparas * sizeof(glean_range);
  d->marks = (uint32_t *)(void *)p;
  d->marks_cap = nmarks;
  if (ntoks == 0) {
    /* pages of it that the tokens never reach are never touched */
    ntoks = guess(want, APART_TOKENS_MAX);
    d->toks = glean_mem_alloc(alloc, ntoks * sizeof(glean_token));
    if (!d->toks) {
      glean_mem_free(alloc, block, size);
      return NULL;
    }
    d->toks_cap = ntoks;
    d->own = OWN_TOKS;
  }
  return d;
}

static glean_status tokenize(glean_document *d, const glean_doc_options *o,
                             bool *has_blank, glean_error *err) {
  glean_tokenizer t;
  size_t n = 0;
  glean_tokenizer_init(&t, d->text, d->len, o);
  for (;;) {
    size_t room = d->toks_cap - n;
    size_t got = glean_tokenizer_fill(&t, d->toks + n, room,
                                      TF_BLANK_BEFORE, TF_MAY_END);
    n += got;
    if (got < room) break;
    d->ntoks = n;
    if (!doc_grow(d, OWN_TOKS, (void **)&d->toks, &d->toks_cap, n + 1,
                  sizeof *d->toks))
      return glean_fail(err, GLEAN_ENOMEM, "document: out of memory");
  }
  d->ntoks = n;
  /* A long text of few tokens (runs of spaces, say) gives back most of
   * the array reserved for it. */
  if ((d->own & OWN_TOKS) && n < d->toks_cap / 2) {
    glean_token *fit = glean_mem_realloc(&d->alloc, d->toks,
                                         d->toks_cap * sizeof *d->toks,
                                         (n + 1) * sizeof *d->toks);
    if (fit) {
      d->toks = fit;
      d->toks_cap = n + 1;
    }
  }
  /* Blank lines matter for the paragraph mode only when there are any. */
  *has_blank = t.blank_seen;
  return GLEAN_OK;
}

static inline bool push_range(glean_document *d, unsigned which,
                              glean_range **arr, size_t *n, size_t *cap,
                              size_t first, size_t last) {
  if (*n == *cap &&
      !doc_grow(d, which, (void **)arr, cap, *n + 1, sizeof **arr))
    return false;
  glean_range *r = &(*arr)[(*n)++];
  r->first = (uint32_t)first;
  r->last = (uint32_t)last;
  r->start = d->toks[first].start;
  r->end = d->toks[last - 1].end;
  return true;
}

/* Adds token k to the quotation marks. */
static inline bool note_mark(glean_document *d, size_t k) {
  if (d->nmarks == d->marks_cap &&
      !doc_grow(d, OWN_MARKS, (void **)&d->marks, &d->marks_cap,
                d->nmarks + 1, sizeof *d->marks))
    return false;
  d->marks[d->nmarks++] = (uint32_t)k;
  return true;
}

/* Sentence-final punctuation kinds. */
enum { TERM_NONE, TERM_WEAK, TERM_STRONG };

/* . ! ? … and period runs need a sentence-like next token; the CJK,
 * Arabic and Indic stops do not. */
static int terminator(const char *s, size_t n) {
  switch ((unsigned char)*s) {
  case '!': case '?':
    return n == 1 ? TERM_WEAK : TERM_NONE;
  case '.':  /* the tokenizer makes one token of a run of periods */
    return TERM_WEAK;
  case 0xE2:
    return n == 3 && memcmp(s, "\xE2\x80\xA6", 3) == 0 ? TERM_WEAK  /* … */
                                                       : TERM_NONE;
  case 0xE3: case 0xEF: case 0xE0:
    if (n == 3 && (memcmp(s, "\xE3\x80\x82", 3) == 0 ||   /* 。 */
                   memcmp(s, "\xEF\xBC\x81", 3) == 0 ||   /* ！ */
                   memcmp(s, "\xEF\xBC\x9F", 3) == 0 ||   /* ？ */
                   memcmp(s, "\xE0\xA5\xA4", 3) == 0 ||   /* । */
                   memcmp(s, "\xE0\xA5\xA5", 3) == 0))    /* ॥ */
      return TERM_STRONG;
    return TERM_NONE;
  case 0xD8:
    return n == 2 && memcmp(s, "\xD8\x9F", 2) == 0 ? TERM_STRONG  /* ؟ */
                                                   : TERM_NONE;
  default:
    return TERM_NONE;
  }
}

/* A closing quote or bracket that stays with the sentence before it. */
static bool is_closer(const char *s, size_t n, uint32_t flags) {
  if (n == 1)
    return *s == ')' || *s == ']' || *s == '}' ||
           ((*s == '"' || *s == '\'') && !(flags & GLEAN_TF_SPACE_BEFORE));
  if (n == 2) return memcmp(s, "\xC2\xBB", 2) == 0;        /* » */
  return n == 3 && (memcmp(s, "\xE2\x80\x9D", 3) == 0 ||   /* ” */
                    memcmp(s, "\xE2\x80\x99", 3) == 0 ||   /* ’ */
                    memcmp(s, "\xE2\x80\xBA", 3) == 0);    /* › */
}

static bool is_opener(const char *s, size_t n, uint32_t flags) {
  if (n == 1 && (*s == '(' || *s == '[' || *s == '{')) return true;
  /* Straight quotes open when they stand apart from the word before. */
  if (flags & GLEAN_TF_QUOTE)
    return !is_closer(s, n, flags) || (flags & GLEAN_TF_SPACE_BEFORE);
  return false;
}

/* Does tok look like the first token of a sentence? */
static bool starts_sentence(const glean_document *d, const glean_token *tok) {
  const char *s = d->text + tok->start;
  size_t n = tok->end - tok->start;
  if (tok->flags & (GLEAN_TF_CAP | GLEAN_TF_DIGIT)) return true;
  if (tok->flags & GLEAN_TF_WORD) {
    size_t adv;
    uint32_t cls = glean_cp_class(glean_utf8_decode(s, n, &adv));
    return !(cls & GLEAN_CC_LOWER);  /* a caseless script's letter */
  }
  return is_opener(s, n, tok->flags);
}

/* Whether token k (not past a paragraph break) is an opening quotation
 * mark and a capitalized word follows it. */
static bool quote_opens_sentence(const glean_document *d, size_t k) {
  const glean_token *t = &d->toks[k];
  if (k + 1 >= d->ntoks || !(t->flags & GLEAN_TF_QUOTE) ||
      !is_opener(d->text + t->start, t->end - t->start, t->flags))
    return false;
  return (d->toks[k + 1].flags & GLEAN_TF_CAP) != 0;
}

/* Abbreviations that also end sentences at a line break. */
static bool may_end_at_line_break(const char *s, size_t n) {
  static const char *const words[] = {"Inc.", "Corp.", "Ltd.", "Co.",
                                      "Jr.", "etc."};
  size_t dots = 0;
  for (size_t i = 0; i < n; i++) dots += s[i] == '.';
  if (dots >= 2) return true;  /* U.S. a.m. */
  for (size_t i = 0; i < sizeof words / sizeof *words; i++) {
    size_t wn = strlen(words[i]);
    if (n != wn) continue;
    size_t k = 0;
    while (k < n && (s[k] | 0x20) == (words[i][k] | 0x20)) k++;
    if (k == n) return true;
  }
  return false;
}

/* The tokens of toks[w .. w + m) that may end something (a sentence or
 * a paragraph) or are quotation marks, as bits: an abbreviation,
 * something terminator() could accept (TF_MAY_END), a mark, or a token
 * before a paragraph break (the text's last token is before one). Most
 * tokens are none of these: the structure pass looks only at the bits,
 * with no branch per token (a branch that finds the few among many
 * mispredicts at each). */
#define STOP_FLAGS (TF_MAY_END | GLEAN_TF_ABBREV | GLEAN_TF_QUOTE)
_Static_assert(sizeof(glean_token) == 12 &&
                   offsetof(glean_token, flags) == 8,
               "stop_bits64_* find the flags at dword 3k + 2");
static inline uint64_t stop_bits(const glean_token *toks, size_t n,
                                 size_t w, size_t m, uint32_t breaks) {
  uint64_t bits = 0;
  size_t j = 0;
  for (; j < m && w + j + 1 < n; j++)
    bits |= (uint64_t)(((toks[w + j].flags & STOP_FLAGS) |
                        (toks[w + j + 1].flags & breaks)) != 0)
            << j;
  if (j < m) bits |= (uint64_t)1 << j;  /* the last token */
  return bits;
}

/* The same for 64 tokens toks[w .. w + 64) with one more after them,
 * with vector instructions where the CPU has them (chosen at run time):
 * the flags of 16 or 8 tokens are gathered from the 12-byte tokens by
 * permutes, then tested at once. */
#if defined(__GNUC__) && defined(__x86_64__) && !defined(GLEAN_NO_AVX2)
#include <immintrin.h>
#define HAVE_STOP_BITS_AVX2 1
__attribute__((target("avx2"))) static uint64_t
stop_bits64_avx2(const glean_token *toks, size_t w, uint32_t breaks) {
  const __m256i ia = _mm256_setr_epi32(2, 5, 0, 0, 0, 0, 0, 0);
  const __m256i ib = _mm256_setr_epi32(0, 0, 0, 3, 6, 0, 0, 0);
  const __m256i ic = _mm256_setr_epi32(0, 0, 0, 0, 0, 1, 4, 7);
  const __m256i st = _mm256_set1_epi32((int)STOP_FLAGS);
  const __m256i br = _mm256_set1_epi32((int)breaks);
  const __m256i zero = _mm256_setzero_si256();
  uint64_t s = 0, b = 0;
  const int *p = (const int *)(const void *)(toks + w);
  for (unsigned c = 0; c < 64; c += 8, p += 24) {
    __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)p);
    __m256i bb = _mm256_loadu_si256((const __m256i *)(const void *)(p + 8));
    __m256i cc = _mm256_loadu_si256((const __m256i *)(const void *)(p + 16));
    __m256i f = _mm256_blend_epi32(
        _mm256_blend_epi32(_mm256_permutevar8x32_epi32(a, ia),
                           _mm256_permutevar8x32_epi32(bb, ib), 0x1C),
        _mm256_permutevar8x32_epi32(cc, ic), 0xE0);
    __m256i fs = _mm256_cmpeq_epi32(_mm256_and_si256(f, st), zero);
    __m256i fb = _mm256_cmpeq_epi32(_mm256_and_si256(f, br), zero);
    s |= (uint64_t)(~_mm256_movemask_ps(_mm256_castsi256_ps(fs)) & 0xFF)
         << c;
    b |= (uint64_t)(~_mm256_movemask_ps(_mm256_castsi256_ps(fb)) & 0xFF)
         << c;
  }
  return s | (b >> 1) | ((uint64_t)((toks[w + 64].flags & breaks) != 0) << 63);
}

#ifndef GLEAN_NO_AVX512
#define HAVE_STOP_BITS_AVX512 1
__attribute__((target("avx512f"))) static uint64_t
stop_bits64_avx512(const glean_token *toks, size_t w, uint32_t breaks) {
  /* Token k's flags are dword 3k + 2 of the 48 that 16 tokens hold. */
  const __m512i ilo = _mm512_setr_epi32(2, 5, 8, 11, 14, 17, 20, 23, 26, 29,
                                        0, 0, 0, 0, 0, 0);
  const __m512i ihi = _mm512_setr_epi32(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3,
                                        6, 9, 12, 15);
  const __m512i st = _mm512_set1_epi32((int)STOP_FLAGS);
  const __m512i br = _mm512_set1_epi32((int)breaks);
  uint64_t s = 0, b = 0;
  const int *p = (const int *)(const void *)(toks + w);
  for (unsigned c = 0; c < 64; c += 16, p += 48) {
    __m512i a = _mm512_loadu_si512((const void *)p);
    __m512i bb = _mm512_loadu_si512((const void *)(p + 16));
    __m512i cc = _mm512_loadu_si512((const void *)(p + 32));
    __m512i f = _mm512_mask_permutexvar_epi32(
        _mm512_permutex2var_epi32(a, ilo, bb), (__mmask16)0xFC00, ihi, cc);
    s |= (uint64_t)_mm512_test_epi32_mask(f, st) << c;
    b |= (uint64_t)_mm512_test_epi32_mask(f, br) << c;
  }
  return s | (b >> 1) | ((uint64_t)((toks[w + 64].flags & breaks) != 0) << 63);
}
#endif
#endif

/* One pass over the tokens for paragraphs and sentences. `breaks` is the
 * flag that starts a paragraph (LINE_START or TF_BLANK_BEFORE). */
static glean_status find_structure(glean_document *d, uint32_t breaks,
                                   glean_error *err) {
  glean_token *toks = d->toks;
  size_t n = d->ntoks, sent = 0, para = 0;
  if (n == 0) return GLEAN_OK;
#define PARA_BREAK(k) ((k) == n || (toks[k].flags & breaks))
  toks[0].flags = (toks[0].flags & ~TF_BLANK_BEFORE) | GLEAN_TF_PARA_START;
  /* Quotation marks are listed on the way for quotes.c: every token is
   * either gone by (its bit is clear: no mark), looked at as toks[i], or
   * taken in as a closer after a terminator. The bits of a 64-token
   * window are found before any of its tokens is looked at: looking at
   * one changes only flags that no later bit depends on (TF_MAY_END of
   * the closers it takes in, which are passed over). */
  size_t from = 0;  /* the first token not yet looked at */
  int simd = 0;     /* 1: AVX2, 2: AVX-512F */
#ifdef HAVE_STOP_BITS_AVX2
  if (n > 64 && __builtin_cpu_supports("avx2")) simd = 1;
#endif
#ifdef HAVE_STOP_BITS_AVX512
  if (simd && __builtin_cpu_supports("avx512f")) simd = 2;
#endif
  for (size_t w = 0; w < n; w += 64) {
    size_t m = n - w < 64 ? n - w : 64;
    if (from >= w + m) continue;
    uint64_t bits;
    if (m < 64 || w + 64 >= n) {
      bits = stop_bits(toks, n, w, m, breaks);
    }
#ifdef HAVE_STOP_BITS_AVX512
    else if (simd == 2) {
      bits = stop_bits64_avx512(toks, w, breaks);
    }
#endif
#ifdef HAVE_STOP_BITS_AVX2
    else if (simd >= 1) {
      bits = stop_bits64_avx2(toks, w, breaks);
    }
#endif
    else {
      bits = stop_bits(toks, n, w, m, breaks);
    }
    if (from > w) bits &= ~(uint64_t)0 << (from - w);
    while (bits) {
      size_t i = w + glean_ctz64(bits);
      uint32_t f = toks[i].flags;
      if ((f & GLEAN_TF_QUOTE) && !note_mark(d, i))
        return glean_fail(err, GLEAN_ENOMEM, "document: out of memory");
      toks[i].flags = f & ~TF_MAY_END;
      size_t next = i + 1;
      bool para_end = PARA_BREAK(next), end = para_end;
      if (f & (GLEAN_TF_PUNCT | GLEAN_TF_ABBREV)) {
        const char *s = d->text + toks[i].start;
        size_t len = toks[i].end - toks[i].start;
        /* Only what the tokenizer marked TF_MAY_END can be a terminator
         * (the same first bytes): quotation marks and brackets skip the
         * look. */
        int term = (f & TF_MAY_END) ? terminator(s, len) : TERM_NONE;
        f &= ~TF_MAY_END;
        if (term != TERM_NONE) {
          /* Take in "?!", "...)" and closing quotes. */
          toks[i].flags |= GLEAN_TF_SENT_END;
          while (!PARA_BREAK(next)) {
            const char *ns = d->text + toks[next].start;
            uint32_t nf = toks[next].flags;
            toks[next].flags = nf & ~TF_MAY_END;
            bool mark = (nf & GLEAN_TF_QUOTE) != 0;
            size_t nlen = toks[next].end - toks[next].start;
            int nterm = (nf & TF_MAY_END) ? terminator(ns, nlen) : TERM_NONE;
            if (nterm != TERM_NONE) {
              if (nterm > term) term = nterm;
              toks[next].flags |= GLEAN_TF_SENT_END;
            } else if (!is_closer(ns, nlen, toks[next].flags)) {
              break;
            }
            if (mark && !note_mark(d, next))
              return glean_fail(err, GLEAN_ENOMEM,
                                "document: out of memory");
            next++;
          }
          para_end = PARA_BREAK(next);
          end = para_end || term == TERM_STRONG ||
                starts_sentence(d, &toks[next]);
          if (!end) {
            /* Not an end after all: clear the marks set above. */
            for (size_t k = i; k < next; k++)
              toks[k].flags &= ~(uint32_t)GLEAN_TF_SENT_END;
          }
          i = next - 1;
        } else if (!end && (f & GLEAN_TF_ABBREV) &&
                   (toks[next].flags & GLEAN_TF_LINE_START) &&
                   may_end_at_line_break(s, len) &&
                   starts_sentence(d, &toks[next])) {
          end = true;
        } else if (!end && (f & GLEAN_TF_ABBREV) && len == 2 &&
                   (f & GLEAN_TF_CAP) && quote_opens_sentence(d, next)) {
          /* "he wrote on X. “Somebody …”", "Plan B. “It …”": no
           * initial of a name stands before a quotation. */
          end = true;
        }
      }
      if (end) {
        toks[sent].flags |= GLEAN_TF_SENT_START;
        if (!push_range(d, OWN_SENTS, &d->sents, &d->nsents, &d->sents_cap,
                        sent, i + 1))
          return glean_fail(err, GLEAN_ENOMEM, "document: out of memory");
        sent = i + 1;
      }
      if (para_end) {
        if (!push_range(d, OWN_PARAS, &d->paras, &d->nparas, &d->paras_cap,
                        para, i + 1))
          return glean_fail(err, GLEAN_ENOMEM, "document: out of memory");
        para = i + 1;
        if (para < n)
          toks[para].flags = (toks[para].flags & ~TF_BLANK_BEFORE) |
                             GLEAN_TF_PARA_START;
      }
      from = i + 1;
      if (from >= w + m) break;
      bits &= ~(uint64_t)0 << (from - w);
    }
  }
#undef PARA_BREAK
  return GLEAN_OK;
}

void glean_document_free(glean_document *d) {
  if (!d) return;
  glean_allocator a = d->alloc;
  if (d->own & OWN_TOKS)
    glean_mem_free(&a, d->toks, d->toks_cap * sizeof *d->toks);
  if (d->own & OWN_SENTS)
    glean_mem_free(&a, d->sents, d->sents_cap * sizeof *d->sents);
  if (d->own & OWN_PARAS)
    glean_mem_free(&a, d->paras, d->paras_cap * sizeof *d->paras);
  if (d->own & OWN_MARKS)
    glean_mem_free(&a, d->marks, d->marks_cap * sizeof *d->marks);
  glean_mem_free(&a, d->quotes, d->quotes_cap * sizeof *d->quotes);
  glean_mem_free(&a, d->nums, d->nums_cap * sizeof *d->nums);
  glean_mem_free(&a, d, d->block_size);
}

glean_document *glean_document_new(const char *text, size_t len,
                                   const glean_doc_options *opts,
                                   const glean_allocator *alloc,
                                   glean_error *err) {
  if (!text && len > 0) {
    glean_fail(err, GLEAN_EINVAL, "document: text is NULL");
    return NULL;
  }
  if (len > GLEAN_MAX_TEXT) {
    glean_fail(err, GLEAN_ELIMIT,
               "document: text of %zu bytes is over the limit of %zu",
               len, (size_t)GLEAN_MAX_TEXT);
    return NULL;
  }
  glean_document *d = doc_new(len, alloc);
  if (!d) {
    glean_fail(err, GLEAN_ENOMEM, "document: out of memory");
    return NULL;
  }
  d->text = text ? text : "";
  d->len = len;

  bool has_blank = false;
  glean_para_mode mode = opts ? opts->paragraphs : GLEAN_PARA_AUTO;
  glean_status st = tokenize(d, opts, &has_blank, err);
  if (mode == GLEAN_PARA_AUTO)
    mode = has_blank ? GLEAN_PARA_BLANK : GLEAN_PARA_LINES;
  if (st == GLEAN_OK)
    st = find_structure(d, mode == GLEAN_PARA_BLANK ? TF_BLANK_BEFORE
                                                    : GLEAN_TF_LINE_START,
                        err);
  if (st == GLEAN_OK)
    st = glean_pair_quotes(d->text, d->toks, d->ntoks, d->paras, d->nparas,
                           d->marks, d->nmarks, &d->alloc, &d->quotes,
                           &d->nquotes, &d->quotes_cap, err);
  if (st != GLEAN_OK) {
    glean_document_free(d);
    return NULL;
  }
  return d;
}

const char *glean_document_text(const glean_document *d, size_t *len) {
  if (len) *len = d->len;
  return d->text;
}

const glean_token *glean_document_tokens(const glean_document *d,
                                         size_t *n) {
  if (n) *n = d->ntoks;
  return d->toks;
}

const glean_range *glean_document_sentences(const glean_document *d,
                                            size_t *n) {
  if (n) *n = d->nsents;
  return d->sents;
}

const glean_range *glean_document_paragraphs(const glean_document *d,
                                             size_t *n) {
  if (n) *n = d->nparas;
  return d->paras;
}

const glean_quote *glean_document_quotes(const glean_document *d,
                                         size_t *n) {
  if (n) *n = d->nquotes;
  return d->quotes;
}

const glean_number *glean_document_numbers(const glean_document *d,
                                           size_t *n) {
  if (!d->nums_done) {
    /* The document owns these fields; see nums_done. Out of memory
     * leaves no numbers (this accessor has no error to report). */
    glean_document *m = (glean_document *)(uintptr_t)d;
    m->nums_done = true;
    if (glean_find_numbers(m->text, m->toks, m->ntoks, &m->alloc, &m->nums,
                           &m->nnums, &m->nums_cap, NULL) != GLEAN_OK)
      m->nnums = 0;
  }
  if (n) *n = d->nnums;
  return d->nums;
}

size_t glean_document_token_at(const glean_document *d, size_t offset) {
  /* First token whose end lies past offset: it covers offset or comes
   * after it. */
  size_t lo = 0, hi = d->ntoks;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (d->toks[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const glean_allocator *glean_document_allocator(const glean_document *d) {
  return &d->alloc;
}
