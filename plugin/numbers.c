/* numbers.c — numerals, magnitude words, spelled-out numbers and ranges.
 *
 * A number is an "atom" — digits ("1,234.5") or words ("twenty-five",
 * "a hundred") followed by magnitude words ("3.5 billion", "2m") — or a
 * range of two atoms ("3-4 billion", "3 to 4 million", "between 3 and 4
 * million"). Numbers are found left to right and never overlap; each
 * token is looked at a bounded number of times, so the work is linear.
 *
 * Choices (English news):
 *  - Digit groups: "1,234,567" (threes) and Indian "12,34,567" (twos then
 *    a final three). "3,5" is not a decimal comma: a token that does not
 *    read to its end as one numeral ("3,5", "12.05.2020") is no number.
 *    "1.000" reads as 1. Groups split by a no-break or thin space join in
 *    documents ("1 000" with U+00A0); glean_parse_digits also accepts a
 *    plain space, as its contract says. No signs, no exponents.
 *  - Values past DBL_MAX are capped at DBL_MAX (never inf, which JSON
 *    writers refuse).
 *  - One-letter magnitudes must touch the digits: "5k", "2m" (2 million,
 *    even where it means metres: rules look at the context), "5b" only
 *    after a currency symbol ("$5b": "Phase 2b" is not 2 billion). "MM"
 *    must be upper case ("$1MM"; "5mm" is millimetres) unless a currency
 *    symbol comes first ("$10mm"). Word magnitudes may follow a space or
 *    a hyphen ("Rs16,189-crore"). Several chain when each is larger: "5
 *    hundred thousand" = 500,000.
 *  - Words: zero..nineteen, the tens, "twenty-five" and "twenty five",
 *    hundreds, scale words ("two million three hundred thousand"),
 *    British "and" ("two hundred and five"), "a" before a magnitude word
 *    ("a million"), "half a million", "one and a half million". A bare
 *    magnitude word ("Thousand Oaks") is no number.
 *  - Ranges: "-" between touching atoms, an en dash, "to" (not after
 *    "from": "from 3 to 4" is a change), "and" after "between". The low
 *    end borrows the high end's magnitude ("3-4 billion") and must not
 *    exceed the high end; hyphen chains ("2020-05-12") are no range.
 */
#include <float.h>
#include <string.h>
#include "internal.h"

/* 19 decimal digits always fit in a uint64_t. */
#define MAX_SIG_DIGITS 19
/* Past these decimal exponents a double is 0 or over DBL_MAX anyway;
 * capping also keeps the exponent counter from overflowing. */
#define MAX_EXP10 400
/* Longest chain of magnitude words after digits ("hundred thousand"). */
#define MAX_MAGNITUDES 4

/* ---- digits ------------------------------------------------------------- */

/* Significant digits and a decimal exponent: value = mant * 10^exp. */
typedef struct numeral {
  uint64_t mant;
  int sig;
  long exp;
} numeral;

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

static void add_int_digit(numeral *n, char c)
{
  int d = c - '0';
  if (n->mant == 0 && d == 0) return;
  if (n->sig < MAX_SIG_DIGITS) {
    n->mant = n->mant * 10 + (uint64_t)d;
    n->sig++;
  } else if (n->exp < MAX_EXP10) {
    n->exp++;
  }
}

static void add_frac_digit(numeral *n, char c)
{
  int d = c - '0';
  if (n->sig >= MAX_SIG_DIGITS) return;
  if (n->exp > -MAX_EXP10) n->exp--;
  if (n->mant == 0 && d == 0) return;
  n->mant = n->mant * 10 + (uint64_t)d;
  n->sig++;
}

static double cap_value(double v)
{
  return v > DBL_MAX ? DBL_MAX : v;
}

/* 10^e for 0 <= e <= MAX_EXP10, capped; exact up to 10^22. */
static double pow10_capped(long e)
{
  static const double exact[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
    1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };
  double v = 1;
  while (e > 22) {
    v *= 1e22;
    e -= 22;
    if (v > DBL_MAX / 1e22) return DBL_MAX;
  }
  return cap_value(v * exact[e]);
}

static double numeral_value(const numeral *n)
{
  double v = (double)n->mant;
  if (n->mant == 0) return 0;
  if (n->exp > 0) return cap_value(v * pow10_capped(n->exp));
  if (n->exp < 0) {
    double p = pow10_capped(-n->exp);
    return p >= DBL_MAX ? 0 : v / p;
  }
  return v;
}

/* Length of a group separator at s, or 0. Kinds: 1 comma, 2 space-like
 * (no-break, thin, narrow no-break; a plain space when plain_space). */
static size_t separator_at(const char *s, size_t len, bool plain_space,
                           int *kind)
{
  const unsigned char *u = (const unsigned char *)s;
  if (len >= 1 && u[0] == ',') { *kind = 1; return 1; }
  if (len >= 1 && u[0] == ' ' && plain_space) { *kind = 2; return 1; }
  if (len >= 2 && u[0] == 0xC2 && u[1] == 0xA0) { *kind = 2; return 2; }
  if (len >= 3 && u[0] == 0xE2 && u[1] == 0x80 &&
      (u[2] == 0x89 || u[2] == 0xAF)) {
    *kind = 2;
    return 3;
  }
  return 0;
}

/* Digits at s[0..len), at most 4 counted (enough to reject a group). */
static size_t count_digits(const char *s, size_t len)
{
  size_t n = 0;
  while (n < len && n < 4 && is_digit(s[n])) n++;
  return n;
}

/* Given the first group's end at i, returns where the grouped integer
 * part ends: after the last valid group, or i when none is valid. */
static size_t grouped_end(const char *s, size_t len, size_t i, size_t g0,
                          bool plain_space)
{
  int kind = 0, k;
  size_t sl = separator_at(s + i, len - i, plain_space, &kind), d;
  if (g0 > 3 || sl == 0) return i;
  d = count_digits(s + i + sl, len - i - sl);
  if (d == 3) {
    /* Western: groups of exactly three, one separator kind. */
    while (sl != 0 && d == 3) {
      i += sl + 3;
      sl = separator_at(s + i, len - i, plain_space, &k);
      if (sl == 0 || k != kind) break;
      d = count_digits(s + i + sl, len - i - sl);
    }
    return i;
  }
  if (d == 2 && kind == 1 && g0 <= 2) {
    /* Indian: groups of two, then one final group of three. */
    size_t j = i;
    while (sl != 0 && d == 2) {
      j += sl + 2;
      sl = separator_at(s + j, len - j, false, &k);
      if (sl == 0 || k != 1) return i;
      d = count_digits(s + j + sl, len - j - sl);
    }
    return d == 3 ? j + sl + 3 : i;
  }
  return i;
}

/* The numeral at the start of s; returns the bytes used. */
static size_t parse_numeral(const char *s, size_t len, bool plain_space,
                            double *value)
{
  numeral n = { 0, 0, 0 };
  size_t i = 0, g0, end;
  while (i < len && is_digit(s[i])) i++;
  if (i == 0) {
    if (value != NULL) *value = 0;
    return 0;
  }
  g0 = i;
  end = grouped_end(s, len, g0, g0, plain_space);
  for (i = 0; i < end; i++)
    if (is_digit(s[i])) add_int_digit(&n, s[i]);
  if (end + 1 < len && s[end] == '.' && is_digit(s[end + 1]))
    for (end++; end < len && is_digit(s[end]); end++)
      add_frac_digit(&n, s[end]);
  if (value != NULL) *value = numeral_value(&n);
  return end;
}

size_t glean_parse_digits(const char *s, size_t len, double *value)
{
  if (s == NULL) {
    if (value != NULL) *value = 0;
    return 0;
  }
  return parse_numeral(s, len, true, value);
}

/* ---- words -------------------------------------------------------------- */

/* Every word numbers look at, in one table: the numbers zero..nineteen
 * and the tens (small value), the magnitude words ("hundred", "million",
 * "lakh", "bn", "k" ...: power of ten), which of those are scale words
 * that may follow spelled-out numbers ("five lakh"), and "a" and "half".
 * Most tokens are words that are none of these, and each is looked at:
 * so a word is one probe of a perfect hash of its first 8 lowercased
 * bytes, not a walk through word lists.
 *
 * The table was generated (a multiplier found by trial so that no two
 * words share a slot) from these lists:
 *   magnitudes: hundred 1e2, thousand 1e3, million 1e6, billion 1e9,
 *     trillion 1e12, lakh lakhs lac lacs 1e5, crore crores cr 1e7, k 1e3,
 *     m mn mln mil mm 1e6, b bn bln 1e9, tn trn 1e12
 *   scales: thousand million billion trillion lakh lakhs crore crores
 *   smalls: zero..nineteen, twenty thirty ... ninety
 * Keys are ASCII lowercase bytes, little-endian, zero-padded; the one
 * 9-letter word ("seventeen") keeps its last letter apart. */
enum {
  WI_SCALE = 1,     /* scale word after spelled numbers */
  WI_HUNDRED = 2,
  WI_A = 4,
  WI_HALF = 8
};

typedef struct word_info {
  uint64_t key;
  uint8_t len;
  char ninth;       /* 9th letter of a 9-letter word */
  int8_t small;     /* value of a number word, -1 when none */
  uint8_t mag;      /* magnitude as a power of ten, 0 when none */
  uint8_t what;     /* WI_* */
} word_info;

#define WORD_HASH_MUL UINT64_C(0x43CF411E247306A3)
#define WORD_HASH_BITS 7

static const word_info words[1 << WORD_HASH_BITS] = {
  [  1] = {UINT64_C(0x0000000000006E62), 2, 0, -1, 9, 0},  /* bn */
  [  2] = {UINT64_C(0x00000000656E696E), 4, 0, 9, 0, 0},  /* nine */
  [  7] = {UINT64_C(0x0079746E65766573), 7, 0, 70, 0, 0},  /* seventy */
  [  8] = {UINT64_C(0x0000000072756F66), 4, 0, 4, 0, 0},  /* four */
  [ 11] = {UINT64_C(0x0000797468676965), 6, 0, 80, 0, 0},  /* eighty */
  [ 14] = {UINT64_C(0x0000000000006D6D), 2, 0, -1, 6, 0},  /* mm */
  [ 18] = {UINT64_C(0x0000000000656E6F), 3, 0, 1, 0, 0},  /* one */
  [ 19] = {UINT64_C(0x000000006F72657A), 4, 0, 0, 0, 0},  /* zero */
  [ 24] = {UINT64_C(0x0000006565726874), 5, 0, 3, 0, 0},  /* three */
  [ 28] = {UINT64_C(0x00007365726F7263), 6, 0, -1, 7, WI_SCALE},  /* crores */
  [ 29] = {UINT64_C(0x00646572646E7568), 7, 0, -1, 2, WI_HUNDRED}, /* hundred */
  [ 30] = {UINT64_C(0x006E656574666966), 7, 0, 15, 0, 0},  /* fifteen */
  [ 33] = {UINT64_C(0x006E656574786973), 7, 0, 16, 0, 0},  /* sixteen */
  [ 36] = {UINT64_C(0x00000000006E6C6D), 3, 0, -1, 6, 0},  /* mln */
  [ 38] = {UINT64_C(0x00000000006F7774), 3, 0, 2, 0, 0},  /* two */
  [ 40] = {UINT64_C(0x000000000063616C), 3, 0, -1, 5, 0},  /* lac */
  [ 43] = {UINT64_C(0x000000000000006B), 1, 0, -1, 3, 0},  /* k */
  [ 44] = {UINT64_C(0x00000000006C696D), 3, 0, -1, 6, 0},  /* mil */
  [ 47] = {UINT64_C(0x00000000006E6C62), 3, 0, -1, 9, 0},  /* bln */
  [ 53] = {UINT64_C(0x646E6173756F6874), 8, 0, -1, 3, WI_SCALE},  /* thousand */
  [ 60] = {UINT64_C(0x00000000006E6574), 3, 0, 10, 0, 0},  /* ten */
  [ 66] = {UINT64_C(0x0000000000007263), 2, 0, -1, 7, 0},  /* cr */
  [ 70] = {UINT64_C(0x00000065726F7263), 5, 0, -1, 7, WI_SCALE},  /* crore */
  [ 71] = {UINT64_C(0x00000000666C6168), 4, 0, -1, 0, WI_HALF},  /* half */
  [ 73] = {UINT64_C(0x6E656574656E696E), 8, 0, 19, 0, 0},  /* nineteen */
  [ 74] = {UINT64_C(0x00006E6576656C65), 6, 0, 11, 0, 0},  /* eleven */
  [ 75] = {UINT64_C(0x000079746E657774), 6, 0, 20, 0, 0},  /* twenty */
  [ 76] = {UINT64_C(0x00000000686B616C), 4, 0, -1, 5, WI_SCALE},  /* lakh */
  [ 78] = {UINT64_C(0x6E65657472696874), 8, 0, 13, 0, 0},  /* thirteen */
  [ 79] = {UINT64_C(0x6E65657472756F66), 8, 0, 14, 0, 0},  /* fourteen */
  [ 84] = {UINT64_C(0x000065766C657774), 6, 0, 12, 0, 0},  /* twelve */
  [ 88] = {UINT64_C(0x0000000000000061), 1, 0, -1, 0, WI_A},  /* a */
  [ 92] = {UINT64_C(0x0000007468676965), 5, 0, 8, 0, 0},  /* eight */
  [ 95] = {UINT64_C(0x006E6F696C6C696D), 7, 0, -1, 6, WI_SCALE},  /* million */
  [ 97] = {UINT64_C(0x6E65657468676965), 8, 0, 18, 0, 0},  /* eighteen */
  [ 98] = {UINT64_C(0x0000007974726F66), 5, 0, 40, 0, 0},  /* forty */
  [ 99] = {UINT64_C(0x0000000000006E74), 2, 0, -1, 12, 0},  /* tn */
  [102] = {UINT64_C(0x0000006E65766573), 5, 0, 7, 0, 0},  /* seven */
  [106] = {UINT64_C(0x006E6F696C6C6962), 7, 0, -1, 9, WI_SCALE},  /* billion */
  [108] = {UINT64_C(0x6565746E65766573), 9, 'n', 17, 0, 0},  /* seventeen */
  [109] = {UINT64_C(0x0000007974666966), 5, 0, 50, 0, 0},  /* fifty */
  [110] = {UINT64_C(0x000000007363616C), 4, 0, -1, 5, 0},  /* lacs */
  [111] = {UINT64_C(0x000000000000006D), 1, 0, -1, 6, 0},  /* m */
  [112] = {UINT64_C(0x0000007974786973), 5, 0, 60, 0, 0},  /* sixty */
  [115] = {UINT64_C(0x00007974656E696E), 6, 0, 90, 0, 0},  /* ninety */
  [117] = {UINT64_C(0x6E6F696C6C697274), 8, 0, -1, 12, WI_SCALE}, /* trillion */
  [118] = {UINT64_C(0x0000000000006E6D), 2, 0, -1, 6, 0},  /* mn */
  [119] = {UINT64_C(0x0000000065766966), 4, 0, 5, 0, 0},  /* five */
  [120] = {UINT64_C(0x0000797472696874), 6, 0, 30, 0, 0},  /* thirty */
  [122] = {UINT64_C(0x0000000000000062), 1, 0, -1, 9, 0},  /* b */
  [124] = {UINT64_C(0x00000073686B616C), 5, 0, -1, 5, WI_SCALE},  /* lakhs */
  [126] = {UINT64_C(0x0000000000786973), 3, 0, 6, 0, 0},  /* six */
  [127] = {UINT64_C(0x00000000006E7274), 3, 0, -1, 12, 0},  /* trn */
};

/* Longest word of the table. */
#define MAX_WORD 9

static const double powers_of_ten[] = {
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12
};

/* The table entry of s[0..len), compared ASCII case-insensitively, or
 * NULL. Bytes up to `limit` may be read (a whole 8-byte load is cheaper
 * than a byte loop). */
/* The table slot s[0..len) would be in (len 1 to MAX_WORD); *key gets
 * its key. */
static inline const word_info *word_slot(const char *s, size_t len,
                                         const char *limit, uint64_t *key)
{
  const unsigned char *u = (const unsigned char *)s;
  uint64_t k = 0, in_word;
  size_t i;
  /* No branch on the length: it would be mispredicted often. */
  in_word = ~(uint64_t)0 >> (64 - 8 * (len < 8 ? len : 8));
  if (limit - s >= 8) {
    /* Little-endian whatever the machine; compilers make this one load. */
    k = ((uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 |
         (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32 |
         (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48 |
         (uint64_t)u[7] << 56) & in_word;
  } else {
    for (i = 0; i < len && i < 8; i++) k |= (uint64_t)u[i] << (8 * i);
  }
  /* OR-ing 0x20 lowercases ASCII capitals; as the words are all letters,
   * only a letter in either case can then equal a letter of the key. */
  k |= UINT64_C(0x2020202020202020) & in_word;
  *key = k;
  return &words[(k * WORD_HASH_MUL) >> (64 - WORD_HASH_BITS)];
}

static const word_info *word_lookup(const char *s, size_t len,
                                    const char *limit)
{
  uint64_t key;
  const word_info *e;
  if (len == 0 || len > MAX_WORD) return NULL;
  e = word_slot(s, len, limit, &key);
  if (e->key != key || e->len != len) return NULL;
  if (len == 9 && (char)(s[8] | 0x20) != e->ninth) return NULL;
  return e;
}

double glean_magnitude_word(const char *s, size_t len)
{
  const word_info *e;
  if (s == NULL) return 0;
  e = word_lookup(s, len, s + len);
  return e != NULL && e->mag != 0 ? powers_of_ten[e->mag] : 0;
}

/* ---- tokens ------------------------------------------------------------- */

typedef struct finder {
  const char *text;
  const glean_token *toks;
  size_t n;
  const char *limit;  /* end of the last token: bytes before it are text */
  size_t limit_off;    /* the same as an offset */
} finder;

/* One number candidate: tokens [first, last), its value, and the
 * magnitude at its end that a range's low end may borrow (1 when none). */
typedef struct atom {
  size_t first, last;
  double value;
  double tail;
  double high;      /* upper end of a range, else value */
  bool spelled;
} atom;

static const char *tok_text(const finder *f, size_t i, size_t *len)
{
  *len = f->toks[i].end - f->toks[i].start;
  return f->text + f->toks[i].start;
}

/* Token i's entry in the word table, or NULL (also past the end). */
static const word_info *tok_word(const finder *f, size_t i)
{
  if (i >= f->n) return NULL;
  return word_lookup(f->text + f->toks[i].start,
                     f->toks[i].end - f->toks[i].start, f->limit);
}

/* A word of the table with one of the WI_* bits `what`. */
static bool tok_what(const finder *f, size_t i, unsigned what)
{
  const word_info *e = tok_word(f, i);
  return e != NULL && (e->what & what) != 0;
}

/* ASCII case-insensitive equality of s[0..len) with lowercase w. */
static bool same_word(const char *s, size_t len, const char *w)
{
  size_t i;
  for (i = 0; i < len; i++) {
    char c = s[i];
    if (w[i] == '\0') return false;
    if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
    if (c != w[i]) return false;
  }
  return w[len] == '\0';
}

static bool tok_is(const finder *f, size_t i, const char *w)
{
  size_t len;
  const char *s;
  if (i >= f->n) return false;
  s = tok_text(f, i, &len);
  /* Most tokens differ in the first letter: test it before the rest. */
  if (len == 0 || (s[0] | 0x20) != w[0]) return false;
  return same_word(s, len, w);
}

static bool adjacent(const finder *f, size_t i)
{
  return i < f->n && (f->toks[i].flags & (GLEAN_TF_SPACE_BEFORE |
                                          GLEAN_TF_LINE_START)) == 0;
}

/* A token that a multi-token number must not run into. */
static bool starts_unit(const finder *f, size_t i)
{
  return i >= f->n || (f->toks[i].flags & (GLEAN_TF_SENT_START |
                                           GLEAN_TF_PARA_START)) != 0;
}

static bool is_hyphen(const finder *f, size_t i)
{
  size_t len;
  const char *s;
  if (i >= f->n) return false;
  s = tok_text(f, i, &len);
  return len == 1 && s[0] == '-';
}

static bool is_en_dash(const finder *f, size_t i)
{
  size_t len;
  const char *s;
  if (i >= f->n) return false;
  s = tok_text(f, i, &len);
  return len == 3 && memcmp(s, "\xE2\x80\x93", 3) == 0;
}

/* Magnitude of token i as it stands after a number, or 0. first: right
 * after the digits; hyphened: after a hyphen; currency: the number
 * follows a currency symbol. */
static double magnitude_after(const finder *f, size_t i, bool first,
                              bool hyphened, bool currency)
{
  size_t len;
  const char *s;
  double m;
  if (i >= f->n || !(f->toks[i].flags & GLEAN_TF_WORD) ||
      (f->toks[i].flags & GLEAN_TF_SENT_START))
    return 0;
  s = tok_text(f, i, &len);
  /* "bn." kept whole as an abbreviation still names a magnitude. */
  if (len > 1 && s[len - 1] == '.' && (f->toks[i].flags & GLEAN_TF_ABBREV))
    len--;
  {
    const word_info *e = word_lookup(s, len, f->limit);
    if (e == NULL || e->mag == 0) return 0;
    m = powers_of_ten[e->mag];
  }
  if (len == 1) {
    if (!first || hyphened || !adjacent(f, i)) return 0;
    if ((s[0] == 'b' || s[0] == 'B') && !currency) return 0;
  }
  /* "mm" is millimetres, except right after a currency sign ("$10mm") */
  if (len == 2 && same_word(s, len, "mm") && memcmp(s, "MM", 2) != 0 &&
      !(currency && first && adjacent(f, i)))
    return 0;
  return m;
}

/* Magnitude words after the digits that end at token k. */
static void add_magnitudes(const finder *f, atom *a, bool currency)
{
  size_t k = a->last, nm = 0;
  double prev = 0;
  while (nm < MAX_MAGNITUDES && k < f->n) {
    size_t w = k;
    bool hyphened = false;
    double m;
    /* "16,189-crore", "$5-million": a hyphen touching both sides. */
    if (nm == 0 && is_hyphen(f, k) && adjacent(f, k) && adjacent(f, k + 1)) {
      w = k + 1;
      hyphened = true;
    }
    m = magnitude_after(f, w, nm == 0, hyphened, currency);
    if (m == 0 || m <= prev) break;
    a->tail *= m;
    prev = m;
    k = w + 1;
    nm++;
  }
  a->value = cap_value(a->value * a->tail);
  a->high = a->value;
  a->last = k;
}

/* True when the bytes between tokens i-1 and i are exactly one no-break
 * or thin space: a digit group separator, unlike a plain space. */
static bool group_gap(const finder *f, size_t i)
{
  uint32_t from = f->toks[i - 1].end, to = f->toks[i].start;
  int kind = 0;
  return to > from &&
         separator_at(f->text + from, to - from, false, &kind) == to - from &&
         kind == 2;
}

/* Token i as the next group of a spaced numeral: three digits, and a
 * decimal part only on the last group. Sets *v and *more. */
static bool next_group(const finder *f, size_t i, double *v, bool *more)
{
  size_t len;
  const char *s;
  if (i >= f->n || !(f->toks[i].flags & GLEAN_TF_NUMBER) || !group_gap(f, i))
    return false;
  s = tok_text(f, i, &len);
  if (len < 3 || !is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2]) ||
      (len > 3 && s[3] != '.') || parse_numeral(s, len, false, v) != len)
    return false;
  *more = len == 3;
  return true;
}

/* Value of token i as a vulgar fraction ("½" of "1½", "⅜" of "45⅜":
 * old share prices, recipes, ages), or 0. */
static double glued_fraction(const finder *f, size_t i)
{
  static const struct { const char *s; double v; } fractions[] = {
    { "\xC2\xBD", 0.5 }, { "\xC2\xBC", 0.25 }, { "\xC2\xBE", 0.75 },
    { "\xE2\x85\x93", 1.0 / 3 }, { "\xE2\x85\x94", 2.0 / 3 },
    { "\xE2\x85\x9B", 0.125 }, { "\xE2\x85\x9C", 0.375 },
    { "\xE2\x85\x9D", 0.625 }, { "\xE2\x85\x9E", 0.875 },
  };
  size_t len, k;
  const char *s = tok_text(f, i, &len);
  if (len < 2 || (s[0] != '\xC2' && s[0] != '\xE2')) return 0;
  for (k = 0; k < sizeof fractions / sizeof fractions[0]; k++)
    if (len == strlen(fractions[k].s) && memcmp(s, fractions[k].s, len) == 0)
      return fractions[k].v;
  return 0;
}

/* Digits at token i, and the groups that no-break spaces join to it
 * ("1 000 000"), or a fraction glued to whole digits ("1½"); each token
 * is read once. */
static bool digits_atom(const finder *f, size_t i, atom *a)
{
  size_t len, used, k, j = i + 1;
  const char *s = tok_text(f, i, &len);
  double v, g;
  bool more = true;
  if (!(f->toks[i].flags & GLEAN_TF_NUMBER) || len == 0 || !is_digit(s[0]))
    return false;
  used = parse_numeral(s, len, false, &v);
  for (k = used; k < len; k++)
    if (is_digit(s[k])) return false;   /* "3,5", "12.05.2020" */
  if (used == len && len <= 3)
    while (more && next_group(f, j, &g, &more)) {
      v = cap_value(v * 1000 + g);
      j++;
    }
  /* Glued to whole digits only: "2 ½" and "2.5½" are two numbers. */
  if (j == i + 1 && adjacent(f, j) && used == len &&
      memchr(s, '.', len) == NULL) {
    double q = glued_fraction(f, j);
    if (q > 0) {
      v = cap_value(v + q);
      j++;
    }
  }
  a->first = i;
  a->last = j;
  a->value = v;
  a->tail = 1;
  a->high = v;
  a->spelled = false;
  add_magnitudes(f, a, i > 0 && (f->toks[i - 1].flags & GLEAN_TF_CURRENCY));
  return true;
}

/* Value of a number word ("seven", "Twenty-five"), or -1. Sets *tens
 * for a bare multiple of ten and *unit for one..nine. */
static int small_word_is(const finder *f, size_t i, const word_info *e,
                         bool *tens, bool *unit)
{
  size_t len, h;
  const char *s;
  const word_info *u;
  *tens = *unit = false;
  if (i >= f->n || !(f->toks[i].flags & GLEAN_TF_WORD)) return -1;
  s = tok_text(f, i, &len);
  if (e != NULL) {
    if (e->small < 0) return -1;
    *tens = e->small >= 20;
    *unit = e->small >= 1 && e->small <= 9;
    return e->small;
  }
  /* "twenty-five": a multiple of ten, a hyphen, one..nine. Only a
   * hyphen the tokenizer joined (flag HYPHEN) can stand in a word. */
  if (len < 7 || len > 13 || !(f->toks[i].flags & GLEAN_TF_HYPHEN))
    return -1;
  for (h = 0; h < len && s[h] != '-'; h++) {}
  if (h == len) return -1;
  e = word_lookup(s, h, f->limit);
  if (e == NULL || e->small < 20) return -1;
  u = word_lookup(s + h + 1, len - h - 1, f->limit);
  if (u == NULL || u->small < 1 || u->small > 9) return -1;
  return e->small + u->small;
}

/* The same for token i, whose table entry is not known yet. */
static int small_word(const finder *f, size_t i, bool *tens, bool *unit)
{
  return small_word_is(f, i, tok_word(f, i), tens, unit);
}

static double scale_word(const finder *f, size_t i)
{
  const word_info *e;
  if (i >= f->n || !(f->toks[i].flags & GLEAN_TF_WORD)) return 0;
  e = tok_word(f, i);
  return e != NULL && (e->what & WI_SCALE) ? powers_of_ten[e->mag] : 0;
}

/* "two-and-a-half", one token: the number before "-and-a-half" (one to
 * ninety-nine), or -1. */
static int and_a_half(const finder *f, size_t i)
{
  static const char tail[] = "-and-a-half";
  const size_t tl = sizeof tail - 1;
  size_t len;
  const char *s;
  const word_info *e;
  if (i >= f->n || !(f->toks[i].flags & GLEAN_TF_HYPHEN)) return -1;
  s = tok_text(f, i, &len);
  if (len <= tl || memcmp(s + len - tl, tail, tl) != 0) return -1;
  e = word_lookup(s, len - tl, f->limit);
  return e != NULL && e->small >= 1 ? e->small : -1;
}

/* What the last word of a spelled number was. */
enum { W_NONE, W_SMALL, W_TENS, W_HUNDRED, W_SCALE, W_AND, W_HALF };

/* Spelled-out number at token i. "and" ends it after "between" (or
 * when no_and says so: the high end of "between X and Y"). */
static bool spelled_atom(const finder *f, size_t i, bool no_and, atom *a)
{
  double total = 0, cur = 0, last_scale = DBL_MAX, tail = 1;
  bool simple = true, tens, unit, need_magnitude = false;
  int last = W_NONE;
  size_t k = i;
  const word_info *e;

  /* Cheap exit for the common word: a spelled number starts with a
   * number word (maybe hyphened: "twenty-five"), "a" or "half". */
  if (!(f->toks[i].flags & GLEAN_TF_WORD)) return false;
  e = tok_word(f, i);
  if (e == NULL ? !(f->toks[i].flags & GLEAN_TF_HYPHEN)
                : e->small < 0 && !(e->what & (WI_A | WI_HALF)))
    return false;

  /* "a million", "half a million": only right before a magnitude. */
  if (e != NULL && (e->what & WI_A) &&
      (tok_what(f, i + 1, WI_HUNDRED) || scale_word(f, i + 1) > 0)) {
    cur = 1;
    last = W_SMALL;
    need_magnitude = true;
    k = i + 1;
  } else if (e != NULL && (e->what & WI_HALF) &&
             tok_what(f, i + 1, WI_A) &&
             (tok_what(f, i + 2, WI_HUNDRED) || scale_word(f, i + 2) > 0)) {
    cur = 0.5;
    last = W_HALF;
    need_magnitude = true;
    k = i + 2;
  }

  if (e != NULL && (e->what & (WI_A | WI_HALF)) && k == i)
    return false;  /* a lone "a" or "half": not a number word */

  while (k < f->n) {
    int n;
    double sc;
    const word_info *w;
    if (k > i && starts_unit(f, k)) break;
    w = k == i ? e : tok_word(f, k);  /* one look-up per token */
    n = small_word_is(f, k, w, &tens, &unit);
    if (n < 0 && last == W_NONE && (n = and_a_half(f, k)) > 0) {
      cur = n + 0.5;                      /* "two-and-a-half billion" */
      last = W_HALF;
      k++;
      continue;
    }
    if (n >= 0) {
      if (last == W_TENS && unit) {
        cur += n;                         /* "twenty five" */
      } else if (last == W_NONE) {
        cur = n;
      } else if (last == W_HUNDRED || last == W_SCALE || last == W_AND) {
        if (n == 0) break;
        cur += n;
        simple = false;
      } else {
        break;
      }
      last = tens ? W_TENS : W_SMALL;
      k++;
      if (n == 0) break;                  /* "zero" stands alone */
      continue;
    }
    if (w != NULL && (w->what & WI_HUNDRED)) {
      if ((last != W_SMALL && last != W_TENS && last != W_HALF) ||
          cur <= 0 || cur >= 100)
        break;
      if (simple && total == 0) tail *= 100;
      cur *= 100;
      need_magnitude = false;
      last = W_HUNDRED;
      k++;
      continue;
    }
    sc = (f->toks[k].flags & GLEAN_TF_WORD) && w != NULL &&
                 (w->what & WI_SCALE)
             ? powers_of_ten[w->mag]
             : 0;
    if (sc > 0) {
      if (last == W_NONE || last == W_SCALE || last == W_AND || cur <= 0 ||
          sc >= last_scale)
        break;
      if (simple && total == 0) tail *= sc;
      else simple = false;
      total += cur * sc;
      cur = 0;
      need_magnitude = false;
      last_scale = sc;
      last = W_SCALE;
      k++;
      continue;
    }
    if (tok_is(f, k, "and") && !no_and &&
        !(i > 0 && tok_is(f, i - 1, "between"))) {
      int m = small_word(f, k + 1, &tens, &unit);
      if ((last == W_HUNDRED || last == W_SCALE) && m > 0 &&
          !starts_unit(f, k + 1)) {
        last = W_AND;
        k++;
        continue;
      }
      /* "a million and a half" */
      if (last == W_SCALE && tok_what(f, k + 1, WI_A) &&
          tok_what(f, k + 2, WI_HALF)) {
        total += 0.5 * last_scale;
        simple = false;
        last = W_HALF;
        k += 3;
        continue;
      }
      /* "one and a half million" */
      if ((last == W_SMALL || last == W_TENS) && total == 0 && cur < 100 &&
          tok_what(f, k + 1, WI_A) && tok_what(f, k + 2, WI_HALF) &&
          !starts_unit(f, k + 1)) {
        cur += 0.5;
        last = W_HALF;
        k += 3;
        continue;
      }
    }
    break;
  }
  if (last == W_NONE || last == W_AND || need_magnitude) return false;
  a->first = i;
  a->last = k;
  a->value = cap_value(total + cur);
  a->high = a->value;
  a->tail = simple ? tail : 1;
  a->spelled = true;
  return true;
}

/* Keeps the first n bytes of a little-endian word (n <= 8). */
static const uint64_t first_bytes[9] = {
  0, 0xFF, 0xFFFF, 0xFFFFFF, 0xFFFFFFFF, UINT64_C(0xFFFFFFFFFF),
  UINT64_C(0xFFFFFFFFFFFF), UINT64_C(0xFFFFFFFFFFFFFF), ~(uint64_t)0
};

/* Can a number start at token i? A quick test that every token gets, so
 * it has no branch a common word could mispredict: digits, a word of
 * the table (a number word, "a", "half"; magnitudes pass too, cheaper
 * than telling them apart here), or a hyphened word ("twenty-five"). */
static inline bool may_start(const finder *f, size_t i)
{
  const glean_token *t = &f->toks[i];
  const unsigned char *u = (const unsigned char *)f->text + t->start;
  uint32_t fl = t->flags, len = t->end - t->start, hit;
  uint64_t key;
  const word_info *e;
  if ((size_t)t->start + 8 <= f->limit_off) {
    key = ((uint64_t)u[0] | (uint64_t)u[1] << 8 | (uint64_t)u[2] << 16 |
           (uint64_t)u[3] << 24 | (uint64_t)u[4] << 32 |
           (uint64_t)u[5] << 40 | (uint64_t)u[6] << 48 |
           (uint64_t)u[7] << 56 | UINT64_C(0x2020202020202020)) &
          first_bytes[len < 8 ? len : 8];
    e = &words[(key * WORD_HASH_MUL) >> (64 - WORD_HASH_BITS)];
  } else {
    e = word_slot((const char *)u, len > MAX_WORD ? MAX_WORD + 1 : len,
                  f->limit, &key);
  }
  hit = (uint32_t)(e->key == key) & (uint32_t)(e->len == len);
  return ((fl & GLEAN_TF_NUMBER) | (hit ? fl & GLEAN_TF_WORD : 0) |
          ((fl & GLEAN_TF_WORD) ? fl & GLEAN_TF_HYPHEN : 0)) != 0;
}

static bool read_atom(const finder *f, size_t i, bool no_and, atom *a)
{
  return digits_atom(f, i, a) || spelled_atom(f, i, no_and, a);
}

/* A hyphen chain like "2020-05-12" or "555-1234-99": no range. */
static bool hyphen_chain_before(const finder *f, size_t i)
{
  return i >= 2 && adjacent(f, i) && (is_hyphen(f, i - 1) ||
                                      is_en_dash(f, i - 1)) &&
         adjacent(f, i - 1) && (f->toks[i - 2].flags & GLEAN_TF_DIGIT);
}

static bool hyphen_chain_after(const finder *f, size_t i)
{
  return i + 1 < f->n && adjacent(f, i) &&
         (is_hyphen(f, i) || is_en_dash(f, i)) && adjacent(f, i + 1) &&
         (f->toks[i + 1].flags & GLEAN_TF_DIGIT);
}

/* Tries to extend atom a into a range; fills *r and returns true. */
static bool read_range(const finder *f, const atom *a, atom *r)
{
  size_t c = a->last;
  bool between = a->first > 0 && tok_is(f, a->first - 1, "between");
  bool dash = false;
  double low;
  atom b;
  if (c + 1 >= f->n || starts_unit(f, c) || starts_unit(f, c + 1))
    return false;
  if (is_hyphen(f, c)) {
    if (!adjacent(f, c) || !adjacent(f, c + 1)) return false;
    dash = true;
  } else if (is_en_dash(f, c)) {
    dash = true;
  } else if (tok_is(f, c, "to")) {
    if (a->first > 0 && tok_is(f, a->first - 1, "from")) return false;
  } else if (!(between && tok_is(f, c, "and"))) {
    return false;
  }
  if (dash && hyphen_chain_before(f, a->first)) return false;
  if (!read_atom(f, c + 1, between, &b)) return false;
  if (dash && hyphen_chain_after(f, b.last)) return false;
  low = a->value;
  if (a->tail == 1 && b.tail > 1) low = cap_value(low * b.tail);
  else if (a->tail > 1 && b.tail == 1) return false;
  if (low > b.value) return false;
  r->first = a->first;
  r->last = b.last;
  r->value = low;
  r->tail = b.tail;
  r->high = b.value;
  r->spelled = a->spelled || b.spelled;
  return true;
}

static bool emit(const finder *f, const glean_allocator *al, const atom *x,
                 bool range, glean_number **out, size_t *nout, size_t *cap)
{
  glean_number *num;
  if (!glean_grow(al, (void **)out, cap, *nout + 1, sizeof **out))
    return false;
  num = &(*out)[(*nout)++];
  memset(num, 0, sizeof *num);
  num->first = (uint32_t)x->first;
  num->last = (uint32_t)x->last;
  num->start = f->toks[x->first].start;
  num->end = f->toks[x->last - 1].end;
  num->value = x->value;
  num->min = x->value;
  num->max = x->high;
  num->is_range = range;
  num->spelled = x->spelled;
  return true;
}

glean_status glean_find_numbers(const char *text, const glean_token *toks,
                                size_t ntoks, const glean_allocator *a,
                                glean_number **out, size_t *nout,
                                size_t *cap, glean_error *err)
{
  finder f;
  size_t i = 0;
  if (ntoks == 0) return GLEAN_OK;
  if (text == NULL || toks == NULL || out == NULL || nout == NULL ||
      cap == NULL)
    return glean_fail(err, GLEAN_EINVAL, "numbers: missing argument");
  if (ntoks > UINT32_MAX)
    return glean_fail(err, GLEAN_ELIMIT, "numbers: too many tokens");
  f.text = text;
  f.toks = toks;
  f.n = ntoks;
  f.limit = text + toks[ntoks - 1].end;
  f.limit_off = toks[ntoks - 1].end;
  /* News text has a number every 25 tokens or so: room for many
   * documents at once, not a realloc at every doubling. */
  if (!glean_grow(a, (void **)out, cap, *nout + ntoks / 32 + 8, sizeof **out))
    return glean_fail(err, GLEAN_ENOMEM, "numbers: out of memory");
  while (i < ntoks) {
    atom x, r;
    bool range;
    if (!may_start(&f, i) || !read_atom(&f, i, false, &x)) {
      i++;
      continue;
    }
    range = read_range(&f, &x, &r);
    if (!emit(&f, a, range ? &r : &x, range, out, nout, cap))
      return glean_fail(err, GLEAN_ENOMEM, "numbers: out of memory");
    i = range ? r.last : x.last;
  }
  return GLEAN_OK;
}
