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
 * ahead, so tokenizing is linear in the text.
 */
#include <string.h>
#include "internal.h"

#define CC_WORDPART (GLEAN_CC_LETTER | GLEAN_CC_DIGIT | GLEAN_CC_MARK)

/* Titles, company suffixes, months and other words that are written with
 * a period in news copy, by first letter. "No" is handled apart (only
 * before a digit). */
static const char *const builtin_abbrevs[26] = {
  /* a */ "Adm Apr Assn Atty Aug Ave approx",
  /* b */ "Blvd Brig Bros",
  /* c */ "Capt Cmdr Co Col Corp Cos Cpl",
  /* d */ "Dec Dept Det Dr",
  /* e */ "etc",
  /* f */ "Feb Fig Ft",
  /* g */ "Gen Gov",
  /* h */ "Hon",
  /* i */ "Inc Insp",
  /* j */ "Jan Jr Jul Jun",
  /* k */ "",
  /* l */ "Lt Ltd",
  /* m */ "Maj Mar Messrs Mlle Mme Mr Mrs Ms Mt Mx",
  /* n */ "Nos Nov",
  /* o */ "Oct",
  /* p */ "Pres Prof Pvt",
  /* q */ "",
  /* r */ "Rd Rep Reps Rev",
  /* s */ "Sen Sens Sep Sept Sgt Sr St Supt",
  /* t */ "",
  /* u */ "Univ",
  /* v */ "Vol vs",
  /* w */ "", /* x */ "", /* y */ "", /* z */ ""
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
  if (c0 >= 'a' && c0 <= 'z') {
    /* Walk the space-separated words of that letter. */
    for (const char *w = builtin_abbrevs[c0 - 'a']; *w;) {
      size_t wn = 0;
      while (w[wn] && w[wn] != ' ') wn++;
      if (same_word(s, n, w, wn, any_case)) return true;
      w += wn;
      if (*w == ' ') w++;
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
 * not join: "3bn-4bn" is "3" "bn" "-" "4" "bn". */
static size_t scan_word(const glean_tokenizer *t, size_t start,
                        uint32_t first_cls, bool after_number,
                        uint32_t *flags) {
  const unsigned char *s = (const unsigned char *)t->text;
  size_t pos = start, len = t->len;
  uint32_t f = GLEAN_TF_WORD, seen = 0;
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
    return scan_word(t, start, c.cls,
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

bool glean_tokenizer_next(glean_tokenizer *t, glean_token *tok) {
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
      end = scan_word(t, start, cls,
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
