/* tokenize.c — splits UTF-8 news text into tokens, one at a time.
 *
 * Rules (each token is a byte span of the text; nothing is copied):
 *  - Whitespace separates tokens and is not a token: ASCII spaces, C0
 *    controls including NUL (so a NUL byte never ends or glues anything),
 *    DEL, NBSP, U+2000-200B, U+202F, U+205F, U+3000, BOM, bidi controls.
 *    Line breaks (\n, \r, \r\n, U+2028, U+2029) are counted in
 *    t->newlines; two or more mean a blank line stood before the token.
 *  - Words start with a letter (any script; letters with diacritics are
 *    letters) and run over letters, digits and combining marks: "Huawei",
 *    "G7", "A380", "Nguyễn".
 *    A single hyphen (- U+2010 U+2011) between a letter or digit and a
 *    letter joins: "Okonjo-Iweala", "US-France", "counter-terrorism"
 *    (flag HYPHEN). Before a digit it joins only words that look like
 *    names or codes, with an uppercase letter or a digit: "COVID-19",
 *    "F-16", "A320-200"; "mid-2020" and "million-1.2" split so that the
 *    number stands alone. A word glued to a number ("3bn") is a unit and
 *    never joins: "3bn-4bn" -> "3" "bn" "-" "4" "bn".
 *    An apostrophe (' or U+2019) followed by a letter stays inside the
 *    word ("O'Brien", "D'Angelo", "y'all") unless it starts a clitic, which
 *    becomes its own token flagged APOS: 's 're 've 'll 'd 'm ("Huawei's"
 *    -> "Huawei" "'s", "we're" -> "we" "'re") and n't ("don't" -> "do"
 *    "n't", "can't" -> "ca" "n't", as in the Penn Treebank). A clitic
 *    must end the word: "'sa" is not one.
 *    Uppercase ASCII letters (1 to 3) right before '$' form one currency
 *    token: "US$", "C$", "A$", "HK$", "NZ$", "S$", "R$" (CURRENCY, PUNCT).
 *  - Abbreviations keep their period (flag ABBREV): the built-in list
 *    below and opts->abbreviations (exact, or any case when the word is
 *    all uppercase: "INC."); "No." only before a digit ("No. 10");
 *    dotted letters "U.S.", "U.K.", "a.m.", "e.g.", "D.C." (one letter
 *    between periods, final period included, so "U.S." is one token even
 *    at the end of a sentence); single uppercase initials "W.". Whether an
 *    abbreviation also ends a sentence is the document's call.
 *  - Numbers start with a digit and run over digits, with a ',' or '.'
 *    kept only between two digits: "3.5", "1,000,000", "2.1.3" (DIGIT,
 *    NUMBER). Letters right after the digits start a new token so money
 *    magnitudes and ordinal suffixes stand alone: "2m" -> "2" "m",
 *    "3bn" -> "3" "bn", "5G" -> "5" "G", "21st" -> "21" "st", "1990s" ->
 *    "1990" "s". A hyphen between digits is its own token: "3-4" -> "3"
 *    "-" "4".
 *  - Punctuation and symbols are one code point each, except a run of
 *    periods ("...", "..") and of hyphens ("--", DASH), which are one
 *    token; "…" is one code point anyway. Each quotation mark is its own
 *    token (QUOTE; ' and U+2019 also APOS); pairing them is quotes.c's job.
 *    Currency signs ($ € £ ¥ ₹ ₽ ₩ ... and U+20A0-20CF) are CURRENCY.
 *  - Combining marks right after any token belong to it (an emoji keeps
 *    its variation selector); marks after whitespace form a PUNCT token.
 *  - Bytes that are not UTF-8 (bad lead, truncated, overlong, surrogate)
 *    gather into one token per run, flagged INVALID and PUNCT.
 *
 * Case flags look at letters only: UPPER = some uppercase letter and no
 * lowercase one ("NATO", "U.S.", "G7"), LOWER the reverse, CAP = the
 * first letter is uppercase ("McDonald" yes, "iPhone" no). Letters of
 * caseless scripts count for neither.
 *
 * Speed: ASCII bytes are classified by one table lookup; UTF-8 is decoded
 * only for bytes >= 0x80. Every rule looks at most a few code points
 * ahead, so tokenizing is linear in the text. glean_tokenizer_fill, which
 * documents use, reads most tokens off bit masks of 64 bytes at a time
 * (see "many tokens at once" below).
 */
#include <string.h>
#include "internal.h"

#if defined(__SSE2__) && !defined(GLEAN_NO_SSE2)
#include <emmintrin.h>
#if defined(__GNUC__) && defined(__x86_64__) && !defined(GLEAN_NO_AVX2)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#ifndef GLEAN_NO_BMI2
#define HAVE_BMI2_PATH 1
#ifndef GLEAN_NO_AVX512
#define HAVE_AVX512_PATH 1
#ifndef GLEAN_NO_VBMI2
#define HAVE_VBMI2_PATH 1
#endif
#endif
#endif
#endif
#endif

#define CC_WORDPART (GLEAN_CC_LETTER | GLEAN_CC_DIGIT | GLEAN_CC_MARK)

/* glean_tokenizer_fill is compiled for any CPU, and for x86-64 with
 * AVX2, with AVX2 and BMI2, with AVX-512BW and BMI2, with AVX-512 VBMI2
 * and BMI2 (chosen at run time): its steps are inlined into each with a
 * constant `path`, so that each copy has its own code. PATH_PLAIN and
 * PATH_AVX2 write tokens with the plain loop of bulk_tokens, the
 * reference for emit_fast and emit_wide. */
enum { PATH_PLAIN, PATH_AVX2, PATH_AVX2_BMI2, PATH_AVX512, PATH_VBMI2 };
#if defined(__GNUC__)
#define ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define ALWAYS_INLINE inline
#endif
#ifdef HAVE_AVX2_PATH
#define AVX2_TARGET __attribute__((target("avx2")))
#endif
#ifdef HAVE_BMI2_PATH
#define FAST_TARGET __attribute__((target("avx2,bmi,bmi2,popcnt")))
#endif
#ifdef HAVE_AVX512_PATH
#define WIDE_TARGET \
  __attribute__((target("avx2,avx512f,avx512bw,bmi,bmi2,popcnt")))
#endif
#ifdef HAVE_VBMI2_PATH
#define VBMI2_TARGET                                                       \
  __attribute__((                                                          \
      target("avx2,avx512f,avx512bw,avx512vbmi2,bmi,bmi2,popcnt")))
#endif

/* Titles, company suffixes, months and other words that are written with
 * a period in news copy, by first letter. "No" is handled apart (only
 * before a digit). None is longer than BUILTIN_ABBREV_MAX letters, so
 * longer words need no look here. */
#define BUILTIN_ABBREV_MAX 6
/* By first letter: the words of letter c are abbrev_words[abbrev_from[c -
 * 'a'] .. abbrev_from[c - 'a' + 1]). Each is zero-padded to 8 bytes, so
 * that comparing a word is comparing two 64-bit numbers (see is_abbrev). */
static const char abbrev_words[][8] = {
  /* a */ "Adm", "Apr", "Assn", "Atty", "Aug", "Ave", "approx",
  /* b */ "Blvd", "Brig", "Bros",
  /* c */ "Capt", "Cmdr", "Co", "Col", "Corp", "Cos", "Cpl",
  /* d */ "Dec", "Dept", "Det", "Dr",
  /* e */ "etc",
  /* f */ "Feb", "Fig", "Ft",
  /* g */ "Gen", "Gov",
  /* h */ "Hon",
  /* i */ "Inc", "Insp",
  /* j */ "Jan", "Jr", "Jul", "Jun",
  /* l */ "Lt", "Ltd",
  /* m */ "Maj", "Mar", "Messrs", "Mlle", "Mme", "Mr", "Mrs", "Ms",
          "Mt", "Mx",
  /* n */ "Nos", "Nov",
  /* o */ "Oct",
  /* p */ "Pres", "Prof", "Pvt",
  /* r */ "Rd", "Rep", "Reps", "Rev",
  /* s */ "Sen", "Sens", "Sep", "Sept", "Sgt", "Sr", "St", "Supt",
  /* u */ "Univ",
  /* v */ "Vol", "vs",
};
static const unsigned char abbrev_from[27] = {
  0, 7, 10, 17, 21, 22, 25, 27, 28, 30, 34, 34, 36, 46, 48, 49, 52, 52, 56,
  64, 64, 65, 67, 67, 67, 67, 67
};

/* A code point with its class and encoded length. */
typedef struct ch {
  uint32_t cp, cls;
  size_t len;  /* 0 past the end of the text */
} ch;

static inline ch char_at(const glean_tokenizer *t, size_t pos) {
  ch c = {0, 0, 0};
  if (pos >= t->len) return c;
  unsigned char b = (unsigned char)t->text[pos];
  if (b < 0x80) {
    c.cp = b;
    c.cls = glean_ascii_class[b];
    c.len = 1;
    return c;
  }
  c.cp = glean_utf8_decode(t->text + pos, t->len - pos, &c.len);
  c.cls = glean_cp_class(c.cp);  /* 0 for GLEAN_BAD_CP */
  return c;
}

static bool is_byte(const glean_tokenizer *t, size_t pos, char b) {
  return pos < t->len && t->text[pos] == b;
}

/* Is the byte at pos the ASCII letter `lower`, in either case? */
static bool is_letter_ci(const glean_tokenizer *t, size_t pos, char lower) {
  return pos < t->len && (t->text[pos] | 0x20) == lower;
}

/* True when no letter, digit or mark continues the text at pos. */
static bool word_ends_at(const glean_tokenizer *t, size_t pos) {
  return !(char_at(t, pos).cls & CC_WORDPART);
}

/* Length of the clitic letters after an apostrophe at pos ("s", "re",
 * "ve", "ll", "d", "m"), or 0. */
static size_t clitic_after_apos(const glean_tokenizer *t, size_t pos) {
  if (is_letter_ci(t, pos, 's') || is_letter_ci(t, pos, 'd') ||
      is_letter_ci(t, pos, 'm'))
    return word_ends_at(t, pos + 1) ? 1 : 0;
  if ((is_letter_ci(t, pos, 'r') && is_letter_ci(t, pos + 1, 'e')) ||
      (is_letter_ci(t, pos, 'v') && is_letter_ci(t, pos + 1, 'e')) ||
      (is_letter_ci(t, pos, 'l') && is_letter_ci(t, pos + 1, 'l')))
    return word_ends_at(t, pos + 2) ? 2 : 0;
  return 0;
}

/* Bytes of "n't" at pos ('n', apostrophe, 't', end of word), or 0. */
static size_t nt_at(const glean_tokenizer *t, size_t pos) {
  if (!is_letter_ci(t, pos, 'n')) return 0;
  ch a = char_at(t, pos + 1);
  if (!(a.cls & GLEAN_CC_APOS)) return 0;
  size_t tpos = pos + 1 + a.len;
  if (!is_letter_ci(t, tpos, 't') || !word_ends_at(t, tpos + 1)) return 0;
  return tpos + 1 - pos;
}

/* Token flags from the union of the classes of a token's characters and
 * the class of its first letter. */
static inline uint32_t shape_of(uint32_t seen, uint32_t first_letter) {
  uint32_t f = 0;
  if (first_letter & GLEAN_CC_UPPER) f |= GLEAN_TF_CAP;
  if ((seen & GLEAN_CC_UPPER) && !(seen & GLEAN_CC_LOWER)) f |= GLEAN_TF_UPPER;
  if ((seen & GLEAN_CC_LOWER) && !(seen & GLEAN_CC_UPPER)) f |= GLEAN_TF_LOWER;
  if ((seen & GLEAN_CC_LETTER) && (seen & GLEAN_CC_DIGIT))
    f |= GLEAN_TF_ALNUM;
  return f;
}

/* Case and digit flags of the characters in [start, end). */
static uint32_t shape_flags(const glean_tokenizer *t, size_t start,
                            size_t end) {
  uint32_t seen = 0, first = 0;
  for (size_t pos = start; pos < end;) {
    ch c = char_at(t, pos);
    if (!first && (c.cls & GLEAN_CC_LETTER)) first = c.cls;
    seen |= c.cls;
    pos += c.len;
  }
  return shape_of(seen, first);
}

static bool same_word(const char *s, size_t n, const char *w, size_t wn,
                      bool any_case) {
  if (n != wn) return false;
  if (!any_case) return *s == *w && memcmp(s, w, n) == 0;
  for (size_t i = 0; i < n; i++)
    if ((s[i] | 0x20) != (w[i] | 0x20)) return false;
  return true;
}

/* Is the word [start, end), followed by '.', an abbreviation? upper says
 * the word is all uppercase, so "INC" may match "Inc". */
static bool is_abbrev(const glean_tokenizer *t, size_t start, size_t end,
                      bool upper) {
  const char *s = t->text + start;
  size_t n = end - start;
  bool any_case = upper && n > 1;
  if (same_word(s, n, "No", 2, any_case)) {
    /* "No. 10", not "said no." */
    size_t pos = end + 1;
    while (is_byte(t, pos, ' ')) pos++;
    return pos < t->len && t->text[pos] >= '0' && t->text[pos] <= '9';
  }
  unsigned char c0 = (unsigned char)(s[0] | 0x20);
  if (c0 >= 'a' && c0 <= 'z' && n <= BUILTIN_ABBREV_MAX) {
    /* The word as a zero-padded 64-bit number; with any_case, 0x20 is
     * set in each of its bytes and the list word's (letters and digits
     * only, so that folds case and nothing else; a shorter list word
     * then has 0x20 where the word has a letter or digit). */
    uint64_t key = 0, fold = 0;
    for (size_t i = 0; i < n; i++) {
      key |= (uint64_t)(unsigned char)s[i] << (8 * i);
      fold |= (uint64_t)0x20 << (8 * i);
    }
    if (!any_case) fold = 0;
    key |= fold;
    for (unsigned k = abbrev_from[c0 - 'a']; k < abbrev_from[c0 - 'a' + 1];
         k++) {
      uint64_t w;
      memcpy(&w, abbrev_words[k], sizeof w);
      if ((w | fold) == key) return true;
    }
  }
  if (t->opts) {
    for (size_t i = 0; i < t->opts->nabbreviations; i++) {
      const char *w = t->opts->abbreviations[i];
      if (w && same_word(s, n, w, strlen(w), any_case)) return true;
    }
  }
  return false;
}

/* After a one-letter word, at the '.' at pos: the end of a dotted
 * abbreviation "U.S." / "e.g." (final period included), or 0. */
static size_t dotted_end(const glean_tokenizer *t, size_t pos) {
  size_t end = 0;
  while (is_byte(t, pos, '.')) {
    ch c = char_at(t, pos + 1);
    if (!(c.cls & GLEAN_CC_LETTER) || !is_byte(t, pos + 1 + c.len, '.'))
      break;
    pos += 1 + c.len;
    end = pos + 1;  /* the period after this letter */
  }
  return end;
}

/* The word [start, pos) stands before '.' at pos: returns the token's end
 * with the period when it is an abbreviation, else 0. */
static size_t abbrev_end(const glean_tokenizer *t, size_t start, size_t pos,
                         uint32_t shape, uint32_t *flags) {
  if (is_byte(t, pos + 1, '.')) return 0;  /* an ellipsis follows */
  if (pos - start == char_at(t, start).len) {  /* one letter */
    size_t end = dotted_end(t, pos);
    if (end) {
      *flags |= GLEAN_TF_ABBREV | shape_flags(t, start, end);
      return end;
    }
    if (shape & GLEAN_TF_UPPER) {  /* an initial: "W." */
      *flags |= GLEAN_TF_ABBREV | shape;
      return pos + 1;
    }
  }
  if (!(*flags & GLEAN_TF_HYPHEN) &&
      is_abbrev(t, start, pos, (shape & GLEAN_TF_UPPER) != 0)) {
    *flags |= GLEAN_TF_ABBREV | shape;
    return pos + 1;
  }
  return 0;
}

/* Does the caller list abbreviations of its own? (The Lua binding always
 * passes options, most often with none.) */
static inline bool user_abbrevs(const glean_tokenizer *t) {
  return t->opts != NULL && t->opts->nabbreviations > 0;
}

/* Can an ASCII word of `run` letters and digits, first letter c, be an
 * abbreviation (see abbrev_end)? Most words before a period end a
 * sentence, so this says no quickly to most: no built-in abbreviation
 * is longer than BUILTIN_ABBREV_MAX, and only "approx", "etc" and "vs"
 * start with a small letter (a word with a small letter never matches
 * in any case, as that needs it all uppercase; one letter may start a
 * dotted abbreviation). */
static inline bool may_be_abbrev(const glean_tokenizer *t, unsigned char c,
                                 size_t run) {
  if (user_abbrevs(t)) return true;
  if (run > BUILTIN_ABBREV_MAX) return false;
  return run == 1 || c < 'a' || c == 'a' || c == 'e' || c == 'v';
}

/* 1 to 3 ASCII capitals, as in "US$" and "HK$". */
static bool currency_prefix(const char *s, size_t n) {
  if (n == 0 || n > 3) return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] < 'A' || s[i] > 'Z') return false;
  return true;
}

/* Scans a word whose first letter, of class first_cls, is at start;
 * returns its end and sets *flags. after_number: the word is glued to a
 * number ("3bn"), so it is a unit or suffix and a hyphen after it does
 * not join: "3bn-4bn" is "3" "bn" "-" "4" "bn". The caller may have
 * scanned ASCII letters and digits [start, from) already, of classes
 * seen (else from == start, seen == 0). */
static size_t scan_word(const glean_tokenizer *t, size_t start, size_t from,
                        uint32_t seen, uint32_t first_cls, bool after_number,
                        uint32_t *flags) {
  const unsigned char *s = (const unsigned char *)t->text;
  size_t pos = from, len = t->len;
  uint32_t f = GLEAN_TF_WORD;
  for (;;) {
    /* The fast path: ASCII letters and digits. */
    while (pos < len && s[pos] < 0x80) {
      uint32_t cls = glean_ascii_class[s[pos]];
      if (!(cls & (GLEAN_CC_LETTER | GLEAN_CC_DIGIT))) break;
      seen |= cls;
      pos++;
    }
    if (pos >= len) break;
    ch c = char_at(t, pos);
    if (c.cls & CC_WORDPART) {
      seen |= c.cls;
      pos += c.len;
      continue;
    }
    if (c.cls & GLEAN_CC_HYPHEN) {
      uint32_t next = char_at(t, pos + c.len).cls;
      /* Before a digit, only names and codes join ("F-16", "COVID-19"),
       * so "mid-2020" and "million-1.2" leave the number alone. */
      bool joins = (next & GLEAN_CC_LETTER) ||
                   ((next & GLEAN_CC_DIGIT) &&
                    (seen & (GLEAN_CC_UPPER | GLEAN_CC_DIGIT)));
      if (!after_number && joins) {
        f |= GLEAN_TF_HYPHEN;
        pos += c.len;
        continue;
      }
      break;
    }
    if (c.cls & GLEAN_CC_APOS) {
      /* "don't": the word gives its final n to "n't". */
      if (pos - start >= 2 && nt_at(t, pos - 1)) {
        *flags = f | shape_flags(t, start, pos - 1);
        return pos - 1;
      }
      if ((char_at(t, pos + c.len).cls & GLEAN_CC_LETTER) &&
          !clitic_after_apos(t, pos + c.len)) {
        pos += c.len;  /* O'Brien */
        continue;
      }
      break;
    }
    if (c.cp == '$' && currency_prefix(t->text + start, pos - start)) {
      *flags = GLEAN_TF_CURRENCY | GLEAN_TF_PUNCT;
      return pos + 1;
    }
    if (c.cp == '.') {
      uint32_t shape = shape_of(seen, first_cls);
      size_t end = abbrev_end(t, start, pos, shape, &f);
      if (end) {
        *flags = f;
        return end;
      }
    }
    break;
  }
  *flags = f | shape_of(seen, first_cls);
  return pos;
}

/* Scans digits with ',' or '.' between digits. */
static size_t scan_number(const glean_tokenizer *t, size_t pos) {
  const char *s = t->text;
  for (;;) {
    while (pos < t->len && s[pos] >= '0' && s[pos] <= '9') pos++;
    if (pos + 1 < t->len && (s[pos] == ',' || s[pos] == '.') &&
        s[pos + 1] >= '0' && s[pos + 1] <= '9') {
      pos++;
      continue;
    }
    return pos;
  }
}

/* Flags of a one-code-point punctuation or symbol token. */
static inline uint32_t punct_flags(uint32_t cls) {
  uint32_t f = GLEAN_TF_PUNCT;
  if (cls & GLEAN_CC_QUOTE) f |= GLEAN_TF_QUOTE;
  if (cls & GLEAN_CC_APOS) f |= GLEAN_TF_APOS;
  if (cls & GLEAN_CC_CURRENCY) f |= GLEAN_TF_CURRENCY;
  if (cls & GLEAN_CC_HYPHEN) f |= GLEAN_TF_HYPHEN;
  if (cls & GLEAN_CC_DASH) f |= GLEAN_TF_DASH;
  return f;
}

/* Skips whitespace from t->pos, counting line breaks into *newlines;
 * returns whether there was any. */
static bool skip_space(glean_tokenizer *t, unsigned *newlines) {
  const unsigned char *s = (const unsigned char *)t->text;
  size_t pos = t->pos, len = t->len;
  unsigned nl = 0;
  while (pos < len) {
    unsigned char b = s[pos];
    if (b == ' ') {
      pos++;
    } else if (b < 0x80) {
      if (!(glean_ascii_class[b] & GLEAN_CC_SPACE)) break;
      if (b == '\n') {
        nl++;
      } else if (b == '\r') {
        nl++;
        if (pos + 1 < len && s[pos + 1] == '\n') pos++;
      }
      pos++;
    } else {
      ch c = char_at(t, pos);
      if (!(c.cls & GLEAN_CC_SPACE)) break;
      if (c.cls & GLEAN_CC_NEWLINE) nl++;
      pos += c.len;
    }
  }
  bool space = pos != t->pos;
  t->pos = pos;
  *newlines = nl;
  return space;
}

void glean_tokenizer_init(glean_tokenizer *t, const char *text, size_t len,
                          const glean_doc_options *opts) {
  t->text = text;
  t->len = text ? len : 0;
  t->pos = 0;
  t->opts = opts;
  t->prev_flags = 0;
  t->newline_seen = false;
  t->newlines = 0;
  t->blank_seen = false;
}

/* Any token, by the rules at the top of the file. after_word: the token
 * touches a word or number before it (clitics attach there). */
static size_t scan_token(const glean_tokenizer *t, size_t start,
                         bool after_word, uint32_t *flags) {
  size_t end;
  ch c = char_at(t, start);
  if (c.cls & GLEAN_CC_LETTER) {
    if (after_word && (end = nt_at(t, start)) != 0) {
      end += start;
      *flags = GLEAN_TF_WORD | GLEAN_TF_APOS | shape_flags(t, start, end);
      return end;
    }
    return scan_word(t, start, start, 0, c.cls,
                     after_word && (t->prev_flags & GLEAN_TF_DIGIT), flags);
  }
  if (c.cls & GLEAN_CC_DIGIT) {
    *flags = GLEAN_TF_DIGIT | GLEAN_TF_NUMBER;
    return scan_number(t, start);
  }
  if (c.cp == GLEAN_BAD_CP) {
    end = start + 1;
    while (end < t->len && (unsigned char)t->text[end] >= 0x80 &&
           char_at(t, end).cp == GLEAN_BAD_CP)
      end++;
    *flags = GLEAN_TF_INVALID | GLEAN_TF_PUNCT;
    return end;
  }
  if ((c.cls & GLEAN_CC_APOS) && after_word) {
    size_t n = clitic_after_apos(t, start + c.len);
    if (n) {
      end = start + c.len + n;
      *flags = GLEAN_TF_APOS | shape_flags(t, start, end);
      return end;
    }
  }
  if (c.cp == '.' || c.cp == '-') {
    end = start + 1;
    while (is_byte(t, end, (char)c.cp)) end++;
    *flags = GLEAN_TF_PUNCT;
    if (c.cp == '-')
      *flags |= end - start > 1 ? GLEAN_TF_DASH : GLEAN_TF_HYPHEN;
    return end;
  }
  *flags = punct_flags(c.cls);  /* a leading mark makes a PUNCT token too */
  return start + c.len;
}

/* Bytes after an ASCII word that need scan_word's rules. */
static bool word_may_go_on(unsigned char b) {
  return b >= 0x80 || b == '-' || b == '\'' || b == '$';
}

/* The next token by every rule: what glean_tokenizer_next does, and what
 * glean_tokenizer_fill falls back on for anything but the common case. */
static bool next_token(glean_tokenizer *t, glean_token *tok) {
  const unsigned char *s = (const unsigned char *)t->text;
  size_t len = t->len, pos = t->pos;
  unsigned nl = 0;
  bool space = false;
  /* Most tokens follow one plain space. */
  if (pos < len && s[pos] == ' ') {
    pos++;
    space = true;
  }
  if (pos < len &&
      (s[pos] >= 0x80 || (glean_ascii_class[s[pos]] & GLEAN_CC_SPACE))) {
    t->pos = pos;
    space |= skip_space(t, &nl);
    pos = t->pos;
  }
  bool first = t->prev_flags == 0;
  t->newlines = nl;
  t->newline_seen = nl > 0;
  if (pos >= len) {
    t->pos = pos;
    return false;
  }

  size_t start = pos, end;
  uint32_t f;
  bool after_word = !space && !first &&
                    (t->prev_flags & (GLEAN_TF_WORD | GLEAN_TF_DIGIT));
  unsigned char b = s[start];
  uint32_t cls = b < 0x80 ? glean_ascii_class[b] : 0;
  if ((cls & GLEAN_CC_LETTER) && !(after_word && (b | 0x20) == 'n')) {
    /* The common case, an ASCII word, inline; anything unusual after it
     * rescans it with the full rules. */
    uint32_t seen = cls;
    end = start + 1;
    while (end < len && s[end] < 0x80) {
      uint32_t c = glean_ascii_class[s[end]];
      if (!(c & (GLEAN_CC_LETTER | GLEAN_CC_DIGIT))) break;
      seen |= c;
      end++;
    }
    uint32_t shape = shape_of(seen, cls);
    f = GLEAN_TF_WORD;
    if (end < len && s[end] == '.') {
      size_t abbrev = abbrev_end(t, start, end, shape, &f);
      if (abbrev) end = abbrev;
      else f |= shape;
    } else if (end < len && word_may_go_on(s[end])) {
      end = scan_word(t, start, end, seen, cls,
                      after_word && (t->prev_flags & GLEAN_TF_DIGIT), &f);
    } else {
      f |= shape;
    }
  } else if (cls & GLEAN_CC_DIGIT) {
    end = scan_number(t, start);
    f = GLEAN_TF_DIGIT | GLEAN_TF_NUMBER;
  } else if ((cls & GLEAN_CC_PUNCT) && b != '.' && b != '-' && b != '\'') {
    end = start + 1;
    f = punct_flags(cls);
  } else {
    end = scan_token(t, start, after_word, &f);
  }
  /* Combining marks after a token belong to it. */
  if (!(f & GLEAN_TF_INVALID)) {
    while (end < len && s[end] >= 0x80) {
      ch m = char_at(t, end);
      if (!(m.cls & GLEAN_CC_MARK)) break;
      end += m.len;
    }
  }
  if (space) f |= GLEAN_TF_SPACE_BEFORE;
  if (nl > 0 || first) f |= GLEAN_TF_LINE_START;
  tok->start = (uint32_t)start;
  tok->end = (uint32_t)end;
  tok->flags = f;
  t->prev_flags = f;
  t->pos = end;
  return true;
}

bool glean_tokenizer_next(glean_tokenizer *t, glean_token *tok) {
  return next_token(t, tok);
}

/* ---- many tokens at once ------------------------------------------------
 *
 * Most tokens of news text are an ASCII word, number or punctuation byte
 * after a space. Branching byte by byte costs a mispredicted branch at
 * every token's end, so glean_tokenizer_fill classifies 64 bytes at a
 * time into bit masks and reads tokens off them:
 *  - the bulk step takes every token up to the first byte the masks
 *    cannot decide (a "stop": non-ASCII, controls other than tab and
 *    line feed, $ after a letter or digit, ! and ?; and the periods,
 *    apostrophes and hyphens that its rules do not cover), without a
 *    branch per token: tokens are the runs of letters and digits (a run
 *    that starts with digits splits where its first letter follows them:
 *    "3bn"; a hyphen may join two runs: "Okonjo-Iweala"; a ',' or '.'
 *    between digits joins a number: "1,000.5") and single punctuation
 *    bytes, separated by spaces, tabs and line feeds; the clitics 's 'd
 *    'm; and abbreviations with their periods ("Mr." "U.S."), the one
 *    place where it runs scalar code, for each period after a short word.
 *    A token that touches the stop is left alone, as the stop may change
 *    it ("don't" "US$").
 *  - one_token then takes the next token with the masks where it can
 *    (words before periods, hyphens, apostrophes ...), else next_token
 *    does, by every rule.
 * Tokens never depend on more than the bytes next to them, so both steps
 * give what next_token gives; the first token of a text always goes
 * through next_token. */

/* Bit i of each mask describes byte base + i; bytes past the text are in
 * no mask. Bit 63 is always a stop: the masks cannot see what follows. */
typedef struct block {
  size_t base;
  uint64_t upper, lower, digit;  /* A-Z a-z 0-9 */
  uint64_t white;                /* ' ' '\t' '\n' */
  uint64_t newline;              /* '\n' */
  uint64_t punct;                /* ASCII punctuation but the stops
                                    (. ' - among it: see bulk_tokens) */
  uint64_t dquote;               /* '"' */
  uint64_t dot;                  /* '.' */
  uint64_t ave;                  /* 'a' 'e' 'v' */
  uint64_t apos;                 /* '\'' */
  uint64_t sdm;                  /* s d m S D M */
  uint64_t hyph;                 /* '-' */
  uint64_t comma;                /* ',' */
  uint64_t dollar;               /* '$' */
  uint64_t stop;
  uint32_t flags[256];           /* emit_fast's table (see fill_tokens) */
  bool dots_stop;                /* every period is a stop (user_abbrevs) */
} block;

/* A block is reloaded once the position is this far into it, so the
 * token at the position has at least 64 - REFRESH bytes of masks. */
#define BLOCK_REFRESH 40
#define BIT63 ((uint64_t)1 << 63)

/* Raw masks of 64 bytes; comma holds every ',', dot every '.', apos
 * every '\'', hyph every '-' (not stops here: bulk_tokens decides
 * which of them stop it) and dollar every '$' (a stop here too), ave the small letters a e v (the first letters
 * of the small built-in abbreviations "approx" "etc" "vs"), sdm the
 * letters of one-letter clitics, s d m in either case. */
typedef struct raw_masks {
  uint64_t upper, lower, digit, white, newline, stop, comma, dquote, dot, ave;
  uint64_t apos, sdm, hyph, dollar;
} raw_masks;

#if defined(__SSE2__) && !defined(GLEAN_NO_SSE2)
static inline uint64_t movemask(__m128i v) {
  return (uint64_t)(unsigned)_mm_movemask_epi8(v);
}

/* Bytes of v in [lo, hi] (ASCII; bytes >= 0x80 are negative, so never). */
static inline __m128i in_range16(__m128i v, char lo, char hi) {
  __m128i ge = _mm_cmpgt_epi8(v, _mm_set1_epi8((char)(lo - 1)));
  __m128i le = _mm_cmplt_epi8(v, _mm_set1_epi8((char)(hi + 1)));
  return _mm_and_si128(ge, le);
}

static inline __m128i byte_is(__m128i v, char c) {
  return _mm_cmpeq_epi8(v, _mm_set1_epi8(c));
}

static void classify64(raw_masks *r, const unsigned char *p) {
  /* Locals, not r's fields, so that they stay in registers. */
  uint64_t upper = 0, lower = 0, digit = 0, white_m = 0, newline = 0;
  uint64_t stop_m = 0, comma = 0, dquote = 0, dot = 0, ave = 0, apos = 0;
  uint64_t sdm = 0, hyph = 0, dollar = 0;
  for (unsigned k = 0; k < 64; k += 16) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + k));
    __m128i nl = byte_is(v, '\n');
    __m128i white = _mm_or_si128(_mm_or_si128(byte_is(v, ' '),
                                              byte_is(v, '\t')), nl);
    /* Signed: controls and every byte >= 0x80. */
    __m128i low = _mm_cmplt_epi8(v, _mm_set1_epi8(0x20));
    __m128i odd = _mm_or_si128(
        _mm_or_si128(byte_is(v, '!'), byte_is(v, '?')),
        _mm_or_si128(byte_is(v, '$'), byte_is(v, 0x7F)));
    __m128i stop = _mm_or_si128(_mm_andnot_si128(white, low), odd);
    upper |= movemask(in_range16(v, 'A', 'Z')) << k;
    lower |= movemask(in_range16(v, 'a', 'z')) << k;
    digit |= movemask(in_range16(v, '0', '9')) << k;
    white_m |= movemask(white) << k;
    newline |= movemask(nl) << k;
    stop_m |= movemask(stop) << k;
    comma |= movemask(byte_is(v, ',')) << k;
    dquote |= movemask(byte_is(v, '"')) << k;
    dot |= movemask(byte_is(v, '.')) << k;
    ave |= movemask(_mm_or_si128(
               _mm_or_si128(byte_is(v, 'a'), byte_is(v, 'e')),
               byte_is(v, 'v'))) << k;
    apos |= movemask(byte_is(v, '\'')) << k;
    hyph |= movemask(byte_is(v, '-')) << k;
    dollar |= movemask(byte_is(v, '$')) << k;
    __m128i folded = _mm_or_si128(v, _mm_set1_epi8(0x20));
    sdm |= movemask(_mm_or_si128(
               _mm_or_si128(byte_is(folded, 's'), byte_is(folded, 'd')),
               byte_is(folded, 'm'))) << k;
  }
  r->upper = upper;
  r->lower = lower;
  r->digit = digit;
  r->white = white_m;
  r->newline = newline;
  r->stop = stop_m;
  r->comma = comma;
  r->dquote = dquote;
  r->dot = dot;
  r->ave = ave;
  r->apos = apos;
  r->sdm = sdm;
  r->hyph = hyph;
  r->dollar = dollar;
}

#ifdef HAVE_AVX2_PATH
/* The same with AVX2, where the CPU has it (most x86-64 of the last ten
 * years): half the instructions. Chosen at run time, as the build does
 * not assume it. */
__attribute__((target("avx2"))) static inline uint64_t movemask32(__m256i v) {
  return (uint64_t)(uint32_t)_mm256_movemask_epi8(v);
}

/* Bytes of v in [lo, hi] (ASCII): v + (0x80 - lo) lands in the lowest
 * hi - lo + 1 signed byte values exactly for those bytes. */
__attribute__((target("avx2"))) static inline __m256i
in_range32(__m256i v, char lo, char hi) {
  __m256i shifted = _mm256_add_epi8(v, _mm256_set1_epi8((char)(0x80 - lo)));
  return _mm256_cmpgt_epi8(_mm256_set1_epi8((char)(-128 + (hi - lo + 1))),
                           shifted);
}

/* Bit k of every byte of c, as a mask: shifting the 16-bit lanes moves
 * bit k of both bytes to their bit 7 (what spills over lands lower). */
#define BIT_MASK32(c, k) movemask32(_mm256_slli_epi16((c), 7 - (k)))

/* The classes below as bits of one byte per text byte, from a lookup of
 * its low nibble and one of its high nibble (AND of the two): each bit
 * is a set of high nibbles times a set of low nibbles. Bytes >= 0x80
 * have none. */
enum {
  NB_ODD2 = 1,     /* ! $ (high nibble 2) */
  NB_ODD37 = 2,    /* ? DEL (high nibble 3 or 7, low nibble F) */
  NB_COMMA = 4,
  NB_DQUOTE = 8,
  NB_SPACE = 16,
  NB_TABNL = 32,   /* \t \n */
  NB_NL = 64,      /* \n */
  NB_DOT = -128    /* . (bit 7, as the signed char the tables take) */
};

__attribute__((target("avx2"))) static inline void
classify64_avx2(raw_masks *r, const unsigned char *p) {
  const __m256i lo_tab = _mm256_setr_epi8(
      NB_SPACE, NB_ODD2, NB_DQUOTE, 0, NB_ODD2, 0, 0, 0, 0, NB_TABNL,
      NB_TABNL | NB_NL, 0, NB_COMMA, 0, NB_DOT, NB_ODD37,
      NB_SPACE, NB_ODD2, NB_DQUOTE, 0, NB_ODD2, 0, 0, 0, 0, NB_TABNL,
      NB_TABNL | NB_NL, 0, NB_COMMA, 0, NB_DOT, NB_ODD37);
  const __m256i hi_tab = _mm256_setr_epi8(
      NB_TABNL | NB_NL, 0,
      NB_ODD2 | NB_COMMA | NB_DQUOTE | NB_SPACE | NB_DOT, NB_ODD37, 0, 0, 0,
      NB_ODD37, 0, 0, 0, 0, 0, 0, 0, 0,
      NB_TABNL | NB_NL, 0,
      NB_ODD2 | NB_COMMA | NB_DQUOTE | NB_SPACE | NB_DOT, NB_ODD37, 0, 0, 0,
      NB_ODD37, 0, 0, 0, 0, 0, 0, 0, 0);
  const __m256i nibble = _mm256_set1_epi8(0x0F);
  uint64_t upper = 0, lower = 0, digit = 0, white_m = 0, newline = 0;
  uint64_t stop_m = 0, comma = 0, dquote = 0, dot = 0, ave = 0, apos = 0;
  uint64_t sdm = 0, hyph = 0, dollar = 0;
  for (unsigned k = 0; k < 64; k += 32) {
    __m256i v = _mm256_loadu_si256((const __m256i *)(const void *)(p + k));
    /* pshufb gives 0 for an index with bit 7 set: the high nibble is
     * masked to 0..15 first, and entries 8..15 are 0. */
    __m256i c = _mm256_and_si256(
        _mm256_shuffle_epi8(lo_tab, _mm256_and_si256(v, nibble)),
        _mm256_shuffle_epi8(hi_tab, _mm256_and_si256(
                                        _mm256_srli_epi16(v, 4), nibble)));
    /* Signed: controls and every byte >= 0x80. */
    uint64_t low = movemask32(_mm256_cmpgt_epi8(_mm256_set1_epi8(0x20), v));
    uint64_t white = BIT_MASK32(c, 4) | BIT_MASK32(c, 5);  /* SPACE TABNL */
    uint64_t odd = BIT_MASK32(c, 0) | BIT_MASK32(c, 1);    /* ODD2 ODD37 */
    upper |= movemask32(in_range32(v, 'A', 'Z')) << k;
    lower |= movemask32(in_range32(v, 'a', 'z')) << k;
    digit |= movemask32(in_range32(v, '0', '9')) << k;
    white_m |= white << k;
    newline |= BIT_MASK32(c, 6) << k;
    stop_m |= ((low & ~white) | odd) << k;
    comma |= BIT_MASK32(c, 2) << k;
    dquote |= BIT_MASK32(c, 3) << k;
    dot |= movemask32(c) << k;  /* bit 7: NB_DOT */
    ave |= movemask32(_mm256_or_si256(
               _mm256_or_si256(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('a')),
                               _mm256_cmpeq_epi8(v, _mm256_set1_epi8('e'))),
               _mm256_cmpeq_epi8(v, _mm256_set1_epi8('v')))) << k;
    apos |= movemask32(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('\''))) << k;
    hyph |= movemask32(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('-'))) << k;
    dollar |= movemask32(_mm256_cmpeq_epi8(v, _mm256_set1_epi8('$'))) << k;
    __m256i folded = _mm256_or_si256(v, _mm256_set1_epi8(0x20));
    sdm |= movemask32(_mm256_or_si256(
               _mm256_or_si256(
                   _mm256_cmpeq_epi8(folded, _mm256_set1_epi8('s')),
                   _mm256_cmpeq_epi8(folded, _mm256_set1_epi8('d'))),
               _mm256_cmpeq_epi8(folded, _mm256_set1_epi8('m')))) << k;
  }
  r->upper = upper;
  r->lower = lower;
  r->digit = digit;
  r->white = white_m;
  r->newline = newline;
  r->stop = stop_m;
  r->comma = comma;
  r->dquote = dquote;
  r->dot = dot;
  r->ave = ave;
  r->apos = apos;
  r->sdm = sdm;
  r->hyph = hyph;
  r->dollar = dollar;
}
#undef BIT_MASK32
#endif
#else
static void classify64(raw_masks *r, const unsigned char *p) {
  memset(r, 0, sizeof *r);
  for (unsigned k = 0; k < 64; k++) {
    unsigned char c = p[k];
    uint64_t bit = (uint64_t)1 << k;
    if (c >= 'A' && c <= 'Z') r->upper |= bit;
    else if (c >= 'a' && c <= 'z') r->lower |= bit;
    else if (c >= '0' && c <= '9') r->digit |= bit;
    else if (c == ' ' || c == '\t') r->white |= bit;
    else if (c == '\n') r->white |= bit, r->newline |= bit;
    else if (c < 0x20 || c >= 0x7F || c == '$' || c == '!' || c == '?')
      r->stop |= bit;
    else if (c == ',') r->comma |= bit;
    else if (c == '"') r->dquote |= bit;
    else if (c == '.') r->dot |= bit;
    else if (c == '\'') r->apos |= bit;
    else if (c == '-') r->hyph |= bit;
    if (c == '$') r->dollar |= bit;
    if (c == 'a' || c == 'e' || c == 'v') r->ave |= bit;
    if ((c | 0x20) == 's' || (c | 0x20) == 'd' || (c | 0x20) == 'm')
      r->sdm |= bit;
  }
}
#endif

/* The 64 bytes at base, or a zero-padded copy in tail at the end of the
 * text; *valid gets the bits of the bytes that are text. */
static inline const unsigned char *block_bytes(const unsigned char *s,
                                               size_t len, size_t base,
                                               unsigned char *tail,
                                               uint64_t *valid) {
  *valid = ~(uint64_t)0;
  if (len - base >= 64) return s + base;
  memset(tail, 0, 64);
  memcpy(tail, s + base, len - base);
  *valid = ((uint64_t)1 << (len - base)) - 1;
  return tail;
}

static inline void block_set(block *b, const raw_masks *r, uint64_t valid,
                             size_t base) {
  b->base = base;
  b->upper = r->upper & valid;
  b->lower = r->lower & valid;
  b->digit = r->digit & valid;
  b->white = r->white & valid;
  b->newline = r->newline & valid;
  b->dquote = r->dquote & valid;
  b->dot = r->dot & valid;
  b->ave = r->ave & valid;
  b->apos = r->apos & valid;
  b->sdm = r->sdm & valid;
  b->hyph = r->hyph & valid;
  b->comma = r->comma & valid;
  b->dollar = r->dollar & valid;
  /* '$' after a letter or digit may end a currency ("US$"): a stop; any
   * other is a token of its own. The masks cannot see what stands
   * before bit 0. */
  uint64_t word = b->upper | b->lower | b->digit;
  b->stop = (((r->stop & ~(r->dollar & ~((word << 1) | 1))) |
              (b->dots_stop ? r->dot : 0)) &
             valid) | BIT63;
  b->punct = valid & ~(b->upper | b->lower | b->digit | b->white | b->stop);
}

#ifdef HAVE_AVX2_PATH
/* block_load with AVX2 (inlined into fill_fast, with classify64_avx2). */
__attribute__((target("avx2"))) static inline void
block_load_avx2(block *b, const unsigned char *s, size_t len, size_t base) {
  raw_masks r;
  uint64_t valid;
  unsigned char tail[64];
  classify64_avx2(&r, block_bytes(s, len, base, tail, &valid));
  block_set(b, &r, valid, base);
}
#endif

#ifdef HAVE_AVX512_PATH
/* The same with AVX-512BW, where each class of all 64 bytes is one
 * compare into a mask register. */
#define EQ64(v, c) _mm512_cmpeq_epi8_mask((v), _mm512_set1_epi8(c))
#define RANGE64(v, lo, n)                                                  \
  _mm512_cmplt_epu8_mask(_mm512_sub_epi8((v), _mm512_set1_epi8(lo)),      \
                         _mm512_set1_epi8(n))
__attribute__((target("avx512f,avx512bw"))) static inline void
classify64_avx512(raw_masks *r, __m512i v) {
  __m512i folded = _mm512_or_si512(v, _mm512_set1_epi8(0x20));
  uint64_t nl = EQ64(v, '\n');
  uint64_t white = nl | EQ64(v, ' ') | EQ64(v, '\t');
  /* Signed: controls and every byte >= 0x80. */
  uint64_t low = _mm512_cmplt_epi8_mask(v, _mm512_set1_epi8(0x20));
  uint64_t dollar = EQ64(v, '$');
  uint64_t odd = EQ64(v, '!') | EQ64(v, '?') | dollar | EQ64(v, 0x7F);
  r->upper = RANGE64(v, 'A', 26);
  r->lower = RANGE64(v, 'a', 26);
  r->digit = RANGE64(v, '0', 10);
  r->white = white;
  r->newline = nl;
  r->stop = (low & ~white) | odd;
  r->comma = EQ64(v, ',');
  r->dquote = EQ64(v, '"');
  r->dot = EQ64(v, '.');
  r->ave = EQ64(v, 'a') | EQ64(v, 'e') | EQ64(v, 'v');
  r->apos = EQ64(v, '\'');
  r->sdm = EQ64(folded, 's') | EQ64(folded, 'd') | EQ64(folded, 'm');
  r->hyph = EQ64(v, '-');
  r->dollar = dollar;
}
#undef EQ64
#undef RANGE64

__attribute__((target("avx512f,avx512bw"))) static inline void
block_load_avx512(block *b, const unsigned char *s, size_t len, size_t base) {
  raw_masks r;
  /* At the end of the text, a masked load: the bytes past it read as 0
   * and touch no memory (a copy, as block_bytes makes, would be read
   * back before its stores are done). */
  uint64_t valid = ~(uint64_t)0;
  if (len - base >= 64) {
    classify64_avx512(&r, _mm512_loadu_si512((const void *)(s + base)));
  } else {
    valid = ((uint64_t)1 << (len - base)) - 1;
    classify64_avx512(&r, _mm512_maskz_loadu_epi8(valid, s + base));
  }
  block_set(b, &r, valid, base);
}
#endif

static ALWAYS_INLINE void block_load(block *b, const unsigned char *s,
                                     size_t len, size_t base, int path) {
#ifdef HAVE_AVX512_PATH
  if (path == PATH_AVX512 || path == PATH_VBMI2) {
    block_load_avx512(b, s, len, base);
    return;
  }
#endif
#ifdef HAVE_AVX2_PATH
  if (path == PATH_AVX2 || path == PATH_AVX2_BMI2) {
    block_load_avx2(b, s, len, base);
    return;
  }
#endif
  (void)path;
  raw_masks r;
  uint64_t valid;
  unsigned char tail[64];
  classify64(&r, block_bytes(s, len, base, tail, &valid));
  block_set(b, &r, valid, base);
}

/* Flags of a bulk token from six bits: it has digits (1), capitals (2),
 * small letters (4); a line break stands before it (8), a space does
 * (16); its first byte is a capital or '"' (32). A word has a letter, a
 * number only digits, punctuation neither (of the punctuation that is
 * not a stop, only '"' has a flag more: see glean_ascii_class and
 * punct_flags). */
#define BF(i)                                                               \
  (((i) & 6 ? GLEAN_TF_WORD | ((i) & 32 ? GLEAN_TF_CAP : 0) |                \
                  (((i) & 6) == 2 ? GLEAN_TF_UPPER : 0) |                   \
                  (((i) & 6) == 4 ? GLEAN_TF_LOWER : 0) |                   \
                  ((i) & 1 ? GLEAN_TF_ALNUM : 0)                            \
    : (i) & 1 ? GLEAN_TF_DIGIT | GLEAN_TF_NUMBER                            \
    : (i) & 32 ? GLEAN_TF_PUNCT | GLEAN_TF_QUOTE                            \
               : GLEAN_TF_PUNCT) |                                          \
   ((i) & 8 ? GLEAN_TF_LINE_START : 0) |                                    \
   ((i) & 16 ? GLEAN_TF_SPACE_BEFORE : 0))
#define BF4(i) BF(i), BF((i) + 1), BF((i) + 2), BF((i) + 3)
#define BF16(i) BF4(i), BF4((i) + 4), BF4((i) + 8), BF4((i) + 12)
static const uint32_t bulk_flags[64] = {
  BF16(0), BF16(16), BF16(32), BF16(48)
};
#undef BF16
#undef BF4
#undef BF

/* Bit at each token's end (in ends) when the token [start, end) holds no
 * byte of x. cont: the token bytes that are not a start. A carry set off
 * after each start that is not in x runs over the token's bytes not in
 * x and comes out at the first one in x or at the token's end. */
static inline uint64_t ends_without(uint64_t x, uint64_t starts,
                                    uint64_t cont, uint64_t ends) {
  return ((cont & ~x) + ((starts & ~x) << 1)) & ends;
}

/* The bulk step (see the top of this part): tokens from *pos up to the
 * first stop of b; out has room for BULK_MAX. All the tokens' starts and
 * ends are found at once as bit masks, and so is every flag a token
 * gets, as a bit at its start or its end; then the k-th start pairs
 * with the k-th end. A token that ends at the stop touches it and is
 * left alone (the stop may change it: "Mr." "3.5" "don't" "US$"). */
#define BULK_MAX 64

#ifdef HAVE_BMI2_PATH
/* The token loop of bulk_tokens with BMI2: each flag mask is packed into
 * token order once (pext: bit k for the k-th token), and pdep spreads
 * eight tokens' bits over the eight bytes of a word, each byte then an
 * index into flags (see fill_tokens): bits 0-5 as for bulk_flags, 6 and
 * 7 the kind (a period, a clitic, a word with a hyphen or a hyphen
 * alone). */
typedef struct bulk_masks {
  uint64_t starts, ends;
  uint64_t has_dig, has_up, has_low, has_hy;  /* at ends */
  uint64_t line, spaced, dot, clitic, cap_or_quote, currency;  /* starts */
  uint64_t abbrev, apos_word;                                   /* starts */
} bulk_masks;

/* The tokens of a bulk step: the k-th start with the k-th end, flags
 * from codes[k]. */
static FAST_TARGET inline void write_tokens(glean_token *out, uint32_t base,
                                            uint64_t starts, uint64_t ends,
                                            size_t n,
                                            const unsigned char *codes,
                                            const uint32_t *flags) {
  for (size_t k = 0; k < n; k++) {
    out[k].start = base + (uint32_t)_tzcnt_u64(starts);
    out[k].end = base + (uint32_t)_tzcnt_u64(ends);
    out[k].flags = flags[codes[k]];
    starts = _blsr_u64(starts);
    ends = _blsr_u64(ends);
  }
}

static FAST_TARGET inline size_t emit_fast(glean_token *out, uint32_t base,
                                           const bulk_masks *m,
                                           const uint32_t *flags) {
  const uint64_t ones = 0x0101010101010101u;
  uint64_t starts = m->starts, ends = m->ends;
  size_t n = (size_t)__builtin_popcountll(ends);
  uint64_t dig = _pext_u64(m->has_dig, ends);
  uint64_t up = _pext_u64(m->has_up, ends);
  uint64_t low = _pext_u64(m->has_low, ends);
  uint64_t hy = _pext_u64(m->has_hy, ends);
  uint64_t ln = _pext_u64(m->line, starts);
  uint64_t sp = _pext_u64(m->spaced, starts);
  uint64_t cq = _pext_u64(m->cap_or_quote, starts);
  uint64_t k6 = _pext_u64(m->dot, starts) | hy;
  uint64_t k7 = _pext_u64(m->clitic, starts) | hy;
  unsigned char codes[64];
  /* Most bulk steps take up to 16 tokens: the codes of 16 come out
   * before the first test (each test is a branch that may mispredict),
   * then eight more at a time. */
  for (size_t k = 0; k < 64; k += 8) {
    uint64_t c = _pdep_u64(dig, ones) | _pdep_u64(up, ones << 1) |
                 _pdep_u64(low, ones << 2) | _pdep_u64(ln, ones << 3) |
                 _pdep_u64(sp, ones << 4) | _pdep_u64(cq, ones << 5) |
                 _pdep_u64(k6, ones << 6) | _pdep_u64(k7, ones << 7);
    memcpy(codes + k, &c, 8);
    if (k == 8 && n <= 16) break;
    dig >>= 8, up >>= 8, low >>= 8, ln >>= 8, sp >>= 8, cq >>= 8;
    k6 >>= 8, k7 >>= 8;
  }
  write_tokens(out, base, starts, ends, n, codes, flags);
  return n;
}

/* The flags that emit_fast's codes have no room for: '$' tokens,
 * abbreviations, n't (a few in a text). */
static FAST_TARGET void emit_rare(glean_token *out, const bulk_masks *m) {
  uint64_t starts = m->starts;
  for (uint64_t c = _pext_u64(m->currency, starts); c; c = _blsr_u64(c))
    out[_tzcnt_u64(c)].flags |= GLEAN_TF_CURRENCY;
  for (uint64_t a = _pext_u64(m->abbrev, starts); a; a = _blsr_u64(a))
    out[_tzcnt_u64(a)].flags |= GLEAN_TF_ABBREV;
  for (uint64_t a = _pext_u64(m->apos_word, starts); a; a = _blsr_u64(a))
    out[_tzcnt_u64(a)].flags |= GLEAN_TF_APOS;
}
#endif

#ifdef HAVE_VBMI2_PATH
/* The tokens of a bulk step with AVX-512 VBMI2, 16 at a time: their
 * starts and ends come out in order from one compress each, and their
 * flags are set in 16 lanes at once, each flag from a mask in token order
 * (pext: bit k for the k-th token), as bulk_flags would have them; the
 * lanes are then interleaved into glean_token. Writes whole groups of 16
 * (out has room for BULK_MAX). */
static VBMI2_TARGET inline size_t emit_wide(glean_token *out, uint32_t base,
                                            const bulk_masks *m,
                                            uint32_t end_flag,
                                            uint32_t *last_flags) {
  uint64_t starts = m->starts, ends = m->ends;
  size_t n = (size_t)__builtin_popcountll(ends);
  uint64_t dig = _pext_u64(m->has_dig, ends);
  uint64_t up = _pext_u64(m->has_up, ends);
  uint64_t low = _pext_u64(m->has_low, ends);
  uint64_t hy = _pext_u64(m->has_hy, ends);
  uint64_t ln = _pext_u64(m->line, starts);
  uint64_t sp = _pext_u64(m->spaced, starts);
  uint64_t cq = _pext_u64(m->cap_or_quote, starts);
  uint64_t dot = _pext_u64(m->dot, starts);
  uint64_t clitic = _pext_u64(m->clitic, starts);
  uint64_t currency = _pext_u64(m->currency, starts);
  uint64_t abbrev = _pext_u64(m->abbrev, starts);
  uint64_t apos_word = _pext_u64(m->apos_word, starts);
  uint64_t word = up | low;
  /* What bulk_flags says of each kind of token (see BF). */
  uint64_t is_word = word, cap = word & cq, upper = up & ~low;
  uint64_t lower = low & ~up, alnum = word & dig, number = ~word & dig;
  uint64_t punct = ~word & ~dig, quote = punct & cq;
  const __m512i iota = _mm512_set_epi8(
      63, 62, 61, 60, 59, 58, 57, 56, 55, 54, 53, 52, 51, 50, 49, 48, 47, 46,
      45, 44, 43, 42, 41, 40, 39, 38, 37, 36, 35, 34, 33, 32, 31, 30, 29, 28,
      27, 26, 25, 24, 23, 22, 21, 20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10,
      9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
  __m512i spos = _mm512_maskz_compress_epi8(starts, iota);
  __m512i epos = _mm512_maskz_compress_epi8(ends, iota);
  const __m512i vbase = _mm512_set1_epi32((int)base);
  /* Lane d of the k-th 16 dwords of the tokens is field d % 3 of token
   * d / 3: start and end from a two-source permute, flags put over. */
  const __m512i se0 = _mm512_setr_epi32(0, 16, 0, 1, 17, 0, 2, 18, 0, 3, 19,
                                        0, 4, 20, 0, 5);
  const __m512i se1 = _mm512_setr_epi32(21, 0, 6, 22, 0, 7, 23, 0, 8, 24, 0,
                                        9, 25, 0, 10, 26);
  const __m512i se2 = _mm512_setr_epi32(0, 11, 27, 0, 12, 28, 0, 13, 29, 0,
                                        14, 30, 0, 15, 31, 0);
  const __m512i fl0 = _mm512_setr_epi32(0, 0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 3,
                                        0, 0, 4, 0);
  const __m512i fl1 = _mm512_setr_epi32(0, 5, 0, 0, 6, 0, 0, 7, 0, 0, 8, 0,
                                        0, 9, 0, 0);
  const __m512i fl2 = _mm512_setr_epi32(10, 0, 0, 11, 0, 0, 12, 0, 0, 13, 0,
                                        0, 14, 0, 0, 15);
  __m512i f = _mm512_setzero_si512();
  for (size_t g = 0; g < n; g += 16) {
    __m512i st = _mm512_add_epi32(
        _mm512_cvtepu8_epi32(_mm512_castsi512_si128(spos)), vbase);
    __m512i en = _mm512_add_epi32(
        _mm512_cvtepu8_epi32(_mm512_castsi512_si128(epos)), vbase);
    f = _mm512_maskz_mov_epi32((__mmask16)is_word,
                               _mm512_set1_epi32(GLEAN_TF_WORD));
#define FLAG(mask, flag)                                                   \
  f = _mm512_mask_or_epi32(f, (__mmask16)(mask), f,                        \
                           _mm512_set1_epi32((int)(flag)))
    FLAG(cap, GLEAN_TF_CAP);
    FLAG(upper, GLEAN_TF_UPPER);
    FLAG(lower, GLEAN_TF_LOWER);
    FLAG(alnum, GLEAN_TF_ALNUM);
    FLAG(number, GLEAN_TF_DIGIT | GLEAN_TF_NUMBER);
    FLAG(punct, GLEAN_TF_PUNCT);
    FLAG(quote, GLEAN_TF_QUOTE);
    FLAG(ln, GLEAN_TF_LINE_START);
    FLAG(sp, GLEAN_TF_SPACE_BEFORE);
    FLAG(hy, GLEAN_TF_HYPHEN);
    FLAG(dot, end_flag);
    FLAG(currency, GLEAN_TF_CURRENCY);
    FLAG(abbrev, GLEAN_TF_ABBREV);
    FLAG(apos_word, GLEAN_TF_APOS);
#undef FLAG
    /* A clitic is no word but APOS. */
    f = _mm512_mask_xor_epi32(
        f, (__mmask16)clitic, f,
        _mm512_set1_epi32((int)(GLEAN_TF_WORD | GLEAN_TF_APOS)));
    int32_t *o = (int32_t *)(void *)(out + g);
    _mm512_storeu_si512(
        (void *)o, _mm512_mask_permutexvar_epi32(
                       _mm512_permutex2var_epi32(st, se0, en),
                       (__mmask16)0x4924, fl0, f));
    _mm512_storeu_si512(
        (void *)(o + 16), _mm512_mask_permutexvar_epi32(
                              _mm512_permutex2var_epi32(st, se1, en),
                              (__mmask16)0x2492, fl1, f));
    _mm512_storeu_si512(
        (void *)(o + 32), _mm512_mask_permutexvar_epi32(
                              _mm512_permutex2var_epi32(st, se2, en),
                              (__mmask16)0x9249, fl2, f));
    /* The next 16 tokens. */
    spos = _mm512_alignr_epi32(_mm512_setzero_si512(), spos, 4);
    epos = _mm512_alignr_epi32(_mm512_setzero_si512(), epos, 4);
    is_word >>= 16, cap >>= 16, upper >>= 16, lower >>= 16, alnum >>= 16;
    number >>= 16, punct >>= 16, quote >>= 16, ln >>= 16, sp >>= 16;
    hy >>= 16, dot >>= 16, clitic >>= 16, currency >>= 16, abbrev >>= 16;
    apos_word >>= 16;
  }
  /* The last token's flags from the register: reading them back from
   * out would wait for the stores above. */
  *last_flags = (uint32_t)_mm_cvtsi128_si32(_mm512_castsi512_si128(
      _mm512_permutexvar_epi32(_mm512_set1_epi32((int)((n - 1) & 15)), f)));
  return n;
}
#endif

/* Bulk step helpers for rare tokens, out of line: they run for a few
 * steps of a text, and inlined they would make the step too big for the
 * compiler to inline the rest of it. */
#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

static inline unsigned high_bit64(uint64_t x) {  /* x != 0 */
#if defined(__GNUC__)
  return 63 - (unsigned)__builtin_clzll(x);
#else
  unsigned n = 63;
  while (!(x >> 63)) {
    x <<= 1;
    n--;
  }
  return n;
#endif
}

/* "n't" after a word of two bytes or more ("don't" -> "do" "n't",
 * scan_word's rule): its apostrophe joins n and t into a token of its own
 * (APOS), glued to the word. odd_apos: the apostrophes of the region
 * that start no clitic; tok_start: where its tokens start; word_start:
 * the starts of words that begin with a letter and take no hyphen;
 * after: the bytes no word goes on with. Returns the apostrophes that
 * join n't; the first that does not, in *stop, stops the bulk step. */
static NOINLINE uint64_t nt_joins(const glean_tokenizer *t, const block *b,
                                  uint64_t odd_apos, uint64_t tok_start,
                                  uint64_t word_start, uint64_t after,
                                  uint64_t *stop) {
  const unsigned char *text = (const unsigned char *)t->text + b->base;
  uint64_t letter = b->upper | b->lower, joins = 0;
  do {
    unsigned a = glean_ctz64(odd_apos);
    uint64_t bit = (uint64_t)1 << a;
    uint64_t below = tok_start & (bit - 1);
    unsigned ts = below ? high_bit64(below) : 64;
    /* (t is a letter of the text before its byte is read.) */
    if (ts + 2 > a || a > 60 || !((word_start >> ts) & 1) ||
        !((letter >> (a + 1)) & 1) || (text[a - 1] | 0x20) != 'n' ||
        (text[a + 1] | 0x20) != 't' || !((after >> (a + 2)) & 1)) {
      *stop = bit;
      break;
    }
    joins |= bit;
    odd_apos &= odd_apos - 1;
  } while (odd_apos);
  return joins;
}

/* Abbreviations: each period of dot_word (right after a word that may
 * be one) is decided by abbrev_end. The word's token starts at the last
 * of tok_start before the period; one that starts at no_abbrev (a word a
 * hyphen joins, a number, a clitic's letter, n't's t) is none. Returns
 * the periods that join an abbreviation (flag ABBREV at its start, in
 * *starts); a token the masks cannot hold (running past them or over a
 * stop, glued to a letter after it, non-ASCII) stops the bulk step at
 * its period, in *stop. */
static NOINLINE uint64_t abbrev_joins(const glean_tokenizer *t,
                                      const block *b, uint64_t dot_word,
                                      uint64_t tok_start, uint64_t no_abbrev,
                                      uint64_t stops, uint64_t *starts,
                                      uint64_t *stop) {
  uint64_t letter = b->upper | b->lower, word = letter | b->digit;
  uint64_t joins = 0;
  do {
    unsigned d = glean_ctz64(dot_word);
    uint64_t below = ((uint64_t)1 << d) - 1;
    unsigned ts = high_bit64(tok_start & below);
    if ((no_abbrev >> ts) & 1) {
      dot_word &= dot_word - 1;  /* the period stands alone */
      continue;
    }
    uint64_t span = below & ~(((uint64_t)1 << ts) - 1);
    bool upper_only = (b->upper & span) && !(b->lower & span);
    uint32_t unused = 0;
    size_t end = abbrev_end(t, b->base + ts, b->base + d,
                            upper_only ? GLEAN_TF_UPPER : 0, &unused);
    if (end == 0) {
      dot_word &= dot_word - 1;
      continue;
    }
    size_t er = end - b->base;
    uint64_t tail = er <= 62 ? (((uint64_t)1 << er) - 1) & ~below : 0;
    if (tail == 0 || (tail & ~(b->dot | letter)) || (tail & stops) ||
        ((word >> er) & 1)) {
      *stop = (uint64_t)1 << d;
      break;
    }
    joins |= tail & b->dot;
    *starts |= (uint64_t)1 << ts;
    dot_word &= ~(tail | below);
  } while (dot_word);
  return joins;
}

_Static_assert(BUILTIN_ABBREV_MAX == 6, "bulk_tokens looks 6 bytes back");
static ALWAYS_INLINE size_t bulk_tokens(const glean_tokenizer *t,
                                         const block *b, size_t *pos,
                                         uint32_t *prev, glean_token *out,
                                         uint32_t blank_flag,
                                         uint32_t end_flag, bool *blank_seen,
                                         int path) {
  unsigned rel = (unsigned)(*pos - b->base);  /* <= BLOCK_REFRESH */
  uint64_t from = ~(uint64_t)0 << rel;
  uint64_t stops = b->stop & from;
  uint64_t region = from & ((stops & (0 - stops)) - 1);
  uint64_t letter = b->upper | b->lower, word = letter | b->digit;
  /* Token starts as far as the next stop of b: runs of letters and
   * digits, and a run that starts with digits splits where its first
   * letter follows them ("3bn"). For the rules on . ' - below; the
   * tokens themselves are found further down. */
  uint64_t in_region = word & region;
  uint64_t run_start = in_region & ~(in_region << 1);
  uint64_t split = ((b->digit & region) + (run_start & b->digit)) &
                   ~b->digit & letter & region;
  /* A ',' or '.' between digits goes on a number (scan_number) when the
   * digits before it start a token or go on one: "3.5", "1,000,000",
   * but "A3.5" is "A3" "." "5". lead: the digits that a token starts
   * with (the runs here stop at each ',' and '.', so the digits after
   * one are such a run). */
  uint64_t lead = b->digit & ~(b->digit + (run_start & b->digit));
  uint64_t num_join = (b->dot | b->comma) & (lead << 1) & (b->digit >> 1);
  /* A period is a token of its own here unless it may belong to
   * another: a run of periods stops the bulk step; a period inside a
   * number joins it; one right after a word that may be an abbreviation
   * (may_be_abbrev: one letter, or up to BUILTIN_ABBREV_MAX starting
   * with a capital or a e v) is looked at below. That test looks only at
   * how far back a word starts, so it may pick periods that are fine. */
  uint64_t wstart = (run_start | split) & letter;
  uint64_t risky = wstart & (b->upper | b->ave);
  uint64_t near = (risky << 1) | (risky << 2);
  near |= (near << 2) | (risky << 5) | (risky << 6);  /* 1 to 6 after */
  uint64_t dot = b->dot;
  uint64_t dot_run = dot & ((dot << 1) | (dot >> 1));
  uint64_t dot_word = dot & ~num_join & ~dot_run & (word << 1) &
                      ((wstart << 1) | near);
  /* An apostrophe after a word or number, before s d or m and a byte
   * that no word goes on with, starts a clitic ("Huawei's" -> "Huawei"
   * "'s"; clitic_after_apos). The word must be one the bulk step takes
   * (from here on), and no clitic letter itself ("x's's": the second
   * apostrophe follows no word token but a clitic). Any other apostrophe
   * stops the bulk step. */
  uint64_t apos = b->apos;
  uint64_t clitic = apos & ((word & from) << 1) & ~(apos << 2) &
                    (b->sdm >> 1) & ((b->white | b->punct) >> 2);
  /* Hyphens, by scan_word's rule where the masks tell. One joins a word
   * that starts with a letter, and so is glued to no number (its run
   * starts after *pos and is no clitic's letter), to a letter after it:
   * "Okonjo-Iweala". One stands alone (a token) when no other hyphen
   * touches it and it follows no word, or a number ("2019-20"), or a
   * word but before a byte that no word goes on with ("pre- and"). The
   * rest stop the bulk step: a digit after a word ("F-16"), a word
   * that starts at *pos (a number may be glued to it), runs of
   * hyphens. */
  uint64_t hy = b->hyph;
  uint64_t run_first = word & ~(word << 1);  /* in all of b */
  uint64_t letter_run =
      word & ~(word + (run_first & letter & (from << 1) & ~(clitic << 1)));
  uint64_t digit_run = word & ~(word + (run_first & b->digit & from));
  uint64_t join = hy & (letter_run << 1) & (letter >> 1);
  uint64_t alone = hy & ~(hy << 1) & ~(hy >> 1) &
                   (~((word & from) << 1) | (digit_run << 1) |
                    ((letter_run << 1) & ((b->white | b->punct) >> 1)));
  stops |= (dot_run | (hy & ~(join | alone))) & from;
  uint64_t lim = stops & (0 - stops);  /* the first stop's bit */
  region &= lim - 1;                   /* never holds bit 63 */
  /* "n't" after a word and abbreviations with their periods (see
   * nt_joins and abbrev_joins): a few in a text. */
  uint64_t nt_join = 0, nt_start = 0;
  uint64_t odd_apos = apos & ~clitic & region;
  uint64_t tok_start = (run_start | split) & region;
  if (odd_apos) {
    uint64_t stop = 0;
    nt_join = nt_joins(t, b, odd_apos, tok_start,
                       run_start & letter & ~(join << 1) & ~(clitic << 1),
                       b->white | (b->punct & ~hy & ~apos), &stop);
    nt_start = nt_join >> 1;
    if (stop) {
      lim = stop;
      region &= lim - 1;
    }
  }
  uint64_t abbr_join = 0, abbr_start = 0;
  dot_word &= region;
  if (dot_word) {
    uint64_t stop = 0;
    abbr_join = abbrev_joins(
        t, b, dot_word, tok_start,
        (clitic << 1) | (join << 1) | (nt_join << 1) | b->digit, stops,
        &abbr_start, &stop);
    if (stop) {
      lim = stop;
      region &= lim - 1;
    }
  }
  clitic &= region;
  /* The tokens: words (with the hyphens they join), numbers (with their
   * ',' and '.'), and one byte of punctuation each (a hyphen alone too). */
  num_join &= region;
  in_region = (word | join | num_join | abbr_join | nt_join) & region;
  run_start = in_region & ~(in_region << 1);
  uint64_t num = b->digit | num_join;
  split = ((num & region) + (run_start & b->digit)) & ~num & letter & region;
  alone &= region;
  uint64_t punct =
      (b->punct & ~hy & ~num_join & ~abbr_join & ~nt_join & region) | alone;
  /* A clitic's letter goes with its apostrophe. */
  nt_start &= region;
  uint64_t starts = ((run_start | split | nt_start) & ~(clitic << 1)) | punct;
  /* Ends: after the last byte of a run, at a split, after punctuation
   * (but a clitic's apostrophe). Bit 62 is the last one a region holds,
   * so nothing shifts out. */
  uint64_t ends = ((((in_region & ~(in_region >> 1)) | (punct & ~clitic))
                    << 1) |
                   split | nt_start) &
                  (lim - 1);
  uint64_t cont = (in_region | punct) & ~starts;
  uint64_t has_up = ends & ~ends_without(b->upper, starts, cont, ends);
  uint64_t has_low = ends & ~ends_without(b->lower, starts, cont, ends);
  uint64_t has_dig = ends & ~ends_without(b->digit, starts, cont, ends);
  uint64_t has_hy = ends & ~ends_without(join | alone, starts, cont, ends);
  uint64_t last = (uint64_t)1 << rel;  /* the previous token's end */
  /* "'S" is CAP, as its first letter is a capital. */
  uint64_t cap_or_quote = ((b->upper | b->dquote) & starts) |
                          (clitic & (b->upper >> 1));
  /* Tokens not glued to the one before, and those after a line break or
   * two: only spaces, tabs and line feeds stand between tokens here, so
   * a carry through each run of them from its line feeds comes out at
   * the next token (from its second line feed: a blank line). */
  uint64_t spaced = starts & ~(ends | last);
  uint64_t currency = b->dollar & starts;
  uint64_t white = b->white & region, nl = b->newline & region;
  uint64_t line = (white + nl) & ~white & starts;
  uint64_t blank = (white + ((white + nl) & nl)) & ~white & starts;
  uint32_t base = (uint32_t)b->base;
  size_t n = 0;
  uint32_t f = *prev;
#ifdef HAVE_BMI2_PATH
  if (path == PATH_AVX2_BMI2 || path == PATH_AVX512 || path == PATH_VBMI2) {
    bulk_masks m = {starts,       ends,     has_dig, has_up, has_low,
                    has_hy,       line,     spaced,  dot,    clitic,
                    cap_or_quote, currency, abbr_start, nt_start};
    uint32_t last_flags = 0;
#ifdef HAVE_VBMI2_PATH
    if (path == PATH_VBMI2) {
      n = emit_wide(out, base, &m, end_flag, &last_flags);
    } else
#endif
    {
      n = emit_fast(out, base, &m, b->flags);
      if (currency | abbr_start | nt_start) emit_rare(out, &m);
      if (n > 0) last_flags = out[n - 1].flags;
    }
    if (n > 0) {
      last = BIT63 >> __builtin_clzll(ends);  /* the last token's end */
      f = last_flags & ~end_flag;
    }
    ends = 0;  /* nothing left for the loop below */
  }
#endif
  (void)path;
  while (ends) {
    /* The bulk_flags index: the three bits of the token's end (at ep - 1,
     * ep, ep + 1) and the three of its start (at sp, sp + 1, sp + 2)
     * gathered with one shift each. A valid token has 1 <= ep <= 62 and
     * sp <= 61, so no bit falls off. */
    uint64_t s1 = starts & (0 - starts), e1 = ends & (0 - ends);
    unsigned sp = glean_ctz64(s1), ep = glean_ctz64(e1);
    uint64_t at_end = (has_dig & e1) >> 1 | (has_up & e1) |
                      (has_low & e1) << 1;
    uint64_t at_start = (line & s1) | (spaced & s1) << 1 |
                        (cap_or_quote & s1) << 2;
    unsigned shape = (unsigned)(at_end >> (ep - 1)) |
                     (unsigned)(at_start >> sp) << 3;
    f = bulk_flags[shape];
    out[n].start = base + sp;
    out[n].end = base + ep;
    /* A clitic is no word but APOS; a period may end a sentence (see
     * end_mark). */
    f ^= (GLEAN_TF_WORD | GLEAN_TF_APOS) &
         (0 - (uint32_t)((clitic >> sp) & 1));
    f |= GLEAN_TF_HYPHEN & (0 - (uint32_t)((has_hy >> ep) & 1));
    f |= GLEAN_TF_CURRENCY & (0 - (uint32_t)((currency >> sp) & 1));
    f |= GLEAN_TF_ABBREV & (0 - (uint32_t)((abbr_start >> sp) & 1));
    f |= GLEAN_TF_APOS & (0 - (uint32_t)((nt_start >> sp) & 1));
    out[n].flags = f | (end_flag & (0 - (uint32_t)((dot >> sp) & 1)));
    n++;
    starts &= starts - 1;
    last = ends;
    ends &= ends - 1;
  }
  if (n > 0) last &= 0 - last;
  *pos = b->base + glean_ctz64(last);
  /* Blank lines are rare: their flag is added afterwards (only to the
   * tokens taken; a blank line before the one left is seen again). */
  blank &= last - 1;
  if (blank) {
    *blank_seen = true;
    for (size_t k = 0; k < n; k++)
      if ((blank >> (out[k].start - base)) & 1) out[k].flags |= blank_flag;
    f = out[n - 1].flags & ~end_flag;
  }
  *prev = f;
  return n;
}

/* First bytes of the punctuation glean_tokenizer_fill gives end_flag:
 * . ! ? and the lead bytes of … 。 ！ ？ ؟ । ॥ (see internal.h). */
static const unsigned char end_lead[256] = {
  ['!'] = 1, ['.'] = 1, ['?'] = 1, [0xD8] = 1, [0xE0] = 1, [0xE2] = 1,
  [0xE3] = 1, [0xEF] = 1
};

static inline uint32_t end_mark(const unsigned char *s, const glean_token *t,
                                uint32_t end_flag) {
  return (t->flags & GLEAN_TF_PUNCT) && end_lead[s[t->start]] ? end_flag : 0;
}

/* The last byte of the common punctuation E2 80 xx that one_token takes:
 * – — ‘ ’ ‚ ‛ “ ” „ ‟ … (U+2013 U+2014 U+2018-201F U+2026), each a token
 * of one code point (next_token's rule, but for ’ after a word). */
static inline bool is_curly_punct(unsigned char c) {
  return c == 0x93 || c == 0x94 || (c >= 0x98 && c <= 0x9F) || c == 0xA6;
}

/* The token at *pos with the masks of b (reloaded when the token may
 * run past them), for the tokens that stopped the bulk step. Returns
 * false when next_token must take it. */
static ALWAYS_INLINE bool one_token(glean_tokenizer *t, block *b,
                                    size_t *pos, uint32_t prev,
                                    glean_token *tok, uint32_t blank_flag,
                                    int path) {
  const unsigned char *s = (const unsigned char *)t->text;
  size_t len = t->len;
  /* Spaces, tabs and line feeds; bit 63 stops the count in the block. */
  size_t off = *pos - b->base;  /* <= BLOCK_REFRESH */
  unsigned nsp = glean_ctz64(~(b->white >> off) | BIT63);
  size_t start = *pos + nsp;
  if (nsp > 16 || start >= len) return false;
  unsigned char c = s[start];
  uint32_t cls;
  if (c < 0x80) {
    cls = glean_ascii_class[c];
  } else if (c == 0xE2 && start + 2 < len && s[start + 1] == 0x80 &&
             is_curly_punct(s[start + 2])) {
    cls = glean_cp_class(0x2000u | (s[start + 2] & 0x3Fu));
  } else {
    return false;
  }
  if (cls & GLEAN_CC_SPACE) return false;  /* \r, a long run ... */
  uint64_t lines = (b->newline >> off) & (((uint64_t)1 << nsp) - 1);
  bool space = nsp > 0;
  /* & not &&: whether a space came first is a coin toss, a branch on
   * it mispredicts half the time. */
  bool after_word = !space & ((prev & (GLEAN_TF_WORD | GLEAN_TF_DIGIT)) != 0);
  size_t end;
  uint32_t f;
  if (c >= 0x80) {
    /* ’ glued to a word is an apostrophe ("Trump’s"): scan_token's. */
    if (after_word && s[start + 2] == 0x99) return false;
    end = start + 3;
    f = punct_flags(cls);
  } else if ((cls & GLEAN_CC_LETTER) && !(after_word && (c | 0x20) == 'n')) {
    size_t q = start - b->base;
    uint64_t word = (b->upper | b->lower | b->digit) >> q;
    unsigned run = glean_ctz64(~word | BIT63);
    if (q + run >= 63) {
      /* The word may go on past the block: load one at its start. */
      block_load(b, s, len, start, path);
      q = 0;
      word = b->upper | b->lower | b->digit;
      run = glean_ctz64(~word | BIT63);
      if (run == 63) return false;  /* a very long word */
    }
    uint64_t in_word = ((uint64_t)1 << run) - 1;
    uint32_t seen = GLEAN_CC_LETTER;
    if ((b->upper >> q) & in_word) seen |= GLEAN_CC_UPPER;
    if ((b->lower >> q) & in_word) seen |= GLEAN_CC_LOWER;
    if ((b->digit >> q) & in_word) seen |= GLEAN_CC_DIGIT;
    uint32_t shape = shape_of(seen, cls);
    end = start + run;
    f = GLEAN_TF_WORD;
    if (end < len && s[end] == '.') {
      size_t abbrev = may_be_abbrev(t, c, run)
                          ? abbrev_end(t, start, end, shape, &f)
                          : 0;
      if (abbrev) end = abbrev;
      else f |= shape;
    } else if (end < len && word_may_go_on(s[end])) {
      end = scan_word(t, start, end, seen, cls,
                      after_word && (prev & GLEAN_TF_DIGIT), &f);
    } else {
      f |= shape;
    }
  } else if (cls & GLEAN_CC_DIGIT) {
    end = scan_number(t, start);
    f = GLEAN_TF_DIGIT | GLEAN_TF_NUMBER;
  } else if ((cls & GLEAN_CC_PUNCT) && c != '.' && c != '-' && c != '\'') {
    end = start + 1;
    f = punct_flags(cls);
  } else if (c == '.' || c == '-') {
    /* A run of periods or hyphens is one token (scan_token's rule). */
    end = start + 1;
    while (end < len && s[end] == c) end++;
    f = GLEAN_TF_PUNCT;
    if (c == '-') f |= end - start > 1 ? GLEAN_TF_DASH : GLEAN_TF_HYPHEN;
  } else if (c == '\'' && !after_word) {
    end = start + 1;  /* not a clitic: a quotation mark */
    f = punct_flags(cls);
  } else {
    return false;
  }
  /* Combining marks after a token belong to it. */
  while (end < len && s[end] >= 0x80) {
    ch m = char_at(t, end);
    if (!(m.cls & GLEAN_CC_MARK)) break;
    end += m.len;
  }
  if (space) f |= GLEAN_TF_SPACE_BEFORE;
  if (lines) f |= GLEAN_TF_LINE_START;
  tok->start = (uint32_t)start;
  tok->end = (uint32_t)end;
  tok->flags = f | ((lines & (lines - 1)) ? blank_flag : 0);
  *pos = end;
  return true;
}

static ALWAYS_INLINE size_t fill_tokens(glean_tokenizer *t,
                                         glean_token *out, size_t cap,
                                         uint32_t blank_flag,
                                         uint32_t end_flag, int path) {
  const unsigned char *s = (const unsigned char *)t->text;
  size_t len = t->len, pos = t->pos, n = 0;
  uint32_t prev = t->prev_flags;
  block b;
  bool loaded = false;
  b.dots_stop = user_abbrevs(t);  /* see may_be_abbrev */
  if (path == PATH_AVX2_BMI2 || path == PATH_AVX512) {
    /* emit_fast's table: bulk_flags, then the same for a period (with
     * end_flag), a clitic (APOS, no WORD) and a hyphen. */
    for (unsigned i = 0; i < 64; i++) {
      b.flags[i] = bulk_flags[i];
      b.flags[64 + i] = bulk_flags[i] | end_flag;
      b.flags[128 + i] = bulk_flags[i] ^ (GLEAN_TF_WORD | GLEAN_TF_APOS);
      b.flags[192 + i] = bulk_flags[i] | GLEAN_TF_HYPHEN;
    }
  }
  while (n < cap) {
    if (prev != 0 && pos < len) {  /* not the first token, nor the end */
      if (!loaded || pos - b.base > BLOCK_REFRESH) {
        block_load(&b, s, len, pos, path);
        loaded = true;
      }
      if (cap - n >= BULK_MAX) {
        n += bulk_tokens(t, &b, &pos, &prev, out + n, blank_flag, end_flag,
                         &t->blank_seen, path);
        prev &= ~blank_flag;
      }
      /* Near the end of the block, what stopped the bulk step is most
       * likely the block's end: go on with a block loaded here. */
      if (n == cap || pos >= len || pos - b.base > BLOCK_REFRESH) continue;
      /* One token, and more while the next byte is a stop too ("Mr."
       * then ".", "don" "'t" ...): the bulk step would find nothing. */
      bool took = false;
      while (n < cap && pos < len &&
             one_token(t, &b, &pos, prev, &out[n], blank_flag, path)) {
        prev = out[n].flags & ~blank_flag;
        if (out[n].flags & blank_flag) t->blank_seen = true;
        out[n].flags |= end_mark(s, &out[n], end_flag);
        n++;
        took = true;
        if (pos - b.base > BLOCK_REFRESH ||
            !(((b.stop | b.dot | b.apos | b.hyph) >> (pos - b.base)) & 1))
          break;
      }
      if (took) continue;
    }
    t->pos = pos;
    t->prev_flags = prev;
    if (!next_token(t, &out[n])) break;
    if (t->newlines >= 2 && prev != 0) {
      out[n].flags |= blank_flag;
      t->blank_seen = true;
    }
    out[n].flags |= end_mark(s, &out[n], end_flag);
    n++;
    pos = t->pos;
    prev = t->prev_flags;
  }
  t->pos = pos;
  t->prev_flags = prev;
  return n;
}

#ifdef HAVE_AVX2_PATH
static AVX2_TARGET size_t fill_avx2(glean_tokenizer *t, glean_token *out,
                                    size_t cap, uint32_t blank_flag,
                                    uint32_t end_flag) {
  return fill_tokens(t, out, cap, blank_flag, end_flag, PATH_AVX2);
}
#endif

#ifdef HAVE_BMI2_PATH
static FAST_TARGET size_t fill_fast(glean_tokenizer *t, glean_token *out,
                                    size_t cap, uint32_t blank_flag,
                                    uint32_t end_flag) {
  return fill_tokens(t, out, cap, blank_flag, end_flag, PATH_AVX2_BMI2);
}
#endif

#ifdef HAVE_VBMI2_PATH
static VBMI2_TARGET size_t fill_vbmi2(glean_tokenizer *t, glean_token *out,
                                      size_t cap, uint32_t blank_flag,
                                      uint32_t end_flag) {
  return fill_tokens(t, out, cap, blank_flag, end_flag, PATH_VBMI2);
}
#endif

#ifdef HAVE_AVX512_PATH
static WIDE_TARGET size_t fill_wide(glean_tokenizer *t, glean_token *out,
                                    size_t cap, uint32_t blank_flag,
                                    uint32_t end_flag) {
  return fill_tokens(t, out, cap, blank_flag, end_flag, PATH_AVX512);
}
#endif

size_t glean_tokenizer_fill(glean_tokenizer *t, glean_token *out,
                            size_t cap, uint32_t blank_flag,
                            uint32_t end_flag) {
#ifdef HAVE_BMI2_PATH
  /* pdep and pext are slow microcode on AMD family 17h (Zen 1, Zen 2). */
  if (__builtin_cpu_supports("bmi2") && !__builtin_cpu_is("amdfam17h")) {
#ifdef HAVE_VBMI2_PATH
    if (__builtin_cpu_supports("avx512bw") &&
        __builtin_cpu_supports("avx512vbmi2"))
      return fill_vbmi2(t, out, cap, blank_flag, end_flag);
#endif
#ifdef HAVE_AVX512_PATH
    if (__builtin_cpu_supports("avx512bw"))
      return fill_wide(t, out, cap, blank_flag, end_flag);
#endif
    if (__builtin_cpu_supports("avx2"))
      return fill_fast(t, out, cap, blank_flag, end_flag);
  }
#endif
#ifdef HAVE_AVX2_PATH
  if (__builtin_cpu_supports("avx2"))
    return fill_avx2(t, out, cap, blank_flag, end_flag);
#endif
  return fill_tokens(t, out, cap, blank_flag, end_flag, PATH_PLAIN);
}
