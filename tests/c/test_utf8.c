/* test_utf8.c — UTF-8 decoding and encoding, character classes, case
 * folding, and the token hashes built on them. */
#include <stdint.h>
#include <string.h>
#include "check.h"
#include "internal.h"

static uint32_t decode(const char *s, size_t len, size_t *adv) {
  return glean_utf8_decode(s, len, adv);
}

static void test_decode(void) {
  size_t adv = 99;
  CHECK_EQ_INT(decode("A", 1, &adv), 'A');
  CHECK_EQ_INT(adv, 1);
  CHECK_EQ_INT(decode("\0", 1, &adv), 0);  /* NUL is a code point */
  CHECK_EQ_INT(adv, 1);
  CHECK_EQ_INT(decode("\xC3\xA9", 2, &adv), 0xE9);        /* é */
  CHECK_EQ_INT(adv, 2);
  CHECK_EQ_INT(decode("\xE2\x80\x9C", 3, &adv), 0x201C);  /* “ */
  CHECK_EQ_INT(adv, 3);
  CHECK_EQ_INT(decode("\xF0\x9F\x98\x80", 4, &adv), 0x1F600);
  CHECK_EQ_INT(adv, 4);
  CHECK_EQ_INT(decode("\xF4\x8F\xBF\xBF", 4, &adv), 0x10FFFF);
  CHECK_EQ_INT(decode("\xEF\xBB\xBF", 3, &adv), 0xFEFF);

  /* Everything malformed is one bad byte. */
  static const struct { const char *s; size_t len; } bad[] = {
    {"\x80", 1},              /* lone continuation */
    {"\xBF", 1},
    {"\xC0\x80", 2},          /* overlong NUL */
    {"\xC1\xBF", 2},          /* overlong */
    {"\xE0\x80\x80", 3},      /* overlong */
    {"\xE0\x9F\xBF", 3},      /* overlong U+07FF */
    {"\xF0\x80\x80\x80", 4},  /* overlong */
    {"\xED\xA0\x80", 3},      /* surrogate U+D800 */
    {"\xED\xBF\xBF", 3},      /* surrogate U+DFFF */
    {"\xF4\x90\x80\x80", 4},  /* past U+10FFFF */
    {"\xF5\x80\x80\x80", 4},
    {"\xFF", 1},
    {"\xFE", 1},
    {"\xC3", 1},              /* truncated */
    {"\xE2\x80", 2},
    {"\xF0\x9F\x98", 3},
    {"\xC3\x41", 2},          /* continuation missing */
    {"\xE2\x28\xA1", 3},
  };
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    adv = 99;
    CHECK_EQ_INT(decode(bad[i].s, bad[i].len, &adv), GLEAN_BAD_CP);
    CHECK_EQ_INT(adv, 1);
  }
  /* A truncated sequence is bad even when later bytes would fit. */
  CHECK_EQ_INT(decode("\xC3\xA9", 1, &adv), GLEAN_BAD_CP);
}

static void test_encode(void) {
  char buf[4];
  size_t errors = 0;
  for (uint32_t cp = 0; cp <= 0x10FFFF; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    size_t n = glean_utf8_encode(cp, buf), adv;
    if (decode(buf, n, &adv) != cp || adv != n) errors++;
  }
  CHECK_EQ_INT(errors, 0);
  CHECK_EQ_INT(glean_utf8_encode(0x41, buf), 1);
  CHECK_EQ_INT(glean_utf8_encode(0xE9, buf), 2);
  CHECK(memcmp(buf, "\xC3\xA9", 2) == 0);
  CHECK_EQ_INT(glean_utf8_encode(0x20AC, buf), 3);
  CHECK(memcmp(buf, "\xE2\x82\xAC", 3) == 0);
  CHECK_EQ_INT(glean_utf8_encode(0x1F600, buf), 4);
  /* What cannot be encoded becomes U+FFFD. */
  CHECK_EQ_INT(glean_utf8_encode(0xD800, buf), 3);
  CHECK(memcmp(buf, "\xEF\xBF\xBD", 3) == 0);
  CHECK_EQ_INT(glean_utf8_encode(0x110000, buf), 3);
  CHECK(memcmp(buf, "\xEF\xBF\xBD", 3) == 0);
}

static int has(uint32_t cp, uint32_t cls) {
  return (glean_cp_class(cp) & cls) == cls;
}

static void test_classes(void) {
  const uint32_t LU = GLEAN_CC_LETTER | GLEAN_CC_UPPER;
  const uint32_t LL = GLEAN_CC_LETTER | GLEAN_CC_LOWER;

  /* ASCII */
  CHECK(has('A', LU) && has('Z', LU) && has('a', LL) && has('z', LL));
  CHECK(has('0', GLEAN_CC_DIGIT) && has('9', GLEAN_CC_DIGIT));
  CHECK(!has('5', GLEAN_CC_LETTER));
  CHECK(has(' ', GLEAN_CC_SPACE) && has('\t', GLEAN_CC_SPACE));
  CHECK(has('\n', GLEAN_CC_SPACE | GLEAN_CC_NEWLINE));
  CHECK(has('\r', GLEAN_CC_SPACE | GLEAN_CC_NEWLINE));
  CHECK(!has('\t', GLEAN_CC_NEWLINE));
  /* Control characters, NUL included, are whitespace. */
  CHECK(has(0, GLEAN_CC_SPACE) && has(0x1B, GLEAN_CC_SPACE));
  CHECK(has(0x7F, GLEAN_CC_SPACE) && has(0x85, GLEAN_CC_SPACE));
  CHECK(has('.', GLEAN_CC_PUNCT) && has(',', GLEAN_CC_PUNCT));
  CHECK(has('"', GLEAN_CC_QUOTE) && !has('"', GLEAN_CC_APOS));
  CHECK(has('\'', GLEAN_CC_QUOTE | GLEAN_CC_APOS));
  CHECK(has('-', GLEAN_CC_HYPHEN | GLEAN_CC_PUNCT));
  CHECK(has('$', GLEAN_CC_CURRENCY | GLEAN_CC_PUNCT));
  CHECK(!has('#', GLEAN_CC_CURRENCY));

  /* Letters with diacritics, Latin Extended, Greek, Cyrillic. */
  CHECK(has(0xC9, LU) && has(0xE9, LL));        /* É é */
  CHECK(has(0xDF, LL));                         /* ß */
  CHECK(has(0x0152, LU) && has(0x0153, LL));    /* Œ œ */
  CHECK(has(0x0141, LU) && has(0x0142, LL));    /* Ł ł */
  CHECK(has(0x0131, LL) && has(0x0130, LU));    /* ı İ */
  CHECK(has(0x01C5, LU));                       /* ǅ titlecase */
  CHECK(has(0x0218, LU) && has(0x0219, LL));    /* Ș ș */
  CHECK(has(0x1EC5, LL) && has(0x1EC4, LU));    /* ễ Ễ */
  CHECK(has(0x03A3, LU) && has(0x03C3, LL) && has(0x03C2, LL)); /* Σ σ ς */
  CHECK(has(0x0416, LU) && has(0x0436, LL));    /* Ж ж */
  CHECK(has(0x0401, LU) && has(0x0451, LL));    /* Ё ё */
  CHECK(has(0x04C0, LU) && has(0x04CF, LL));    /* Ӏ ӏ */
  CHECK(has(0x00B5, LL));                       /* µ */
  /* Letters without case. */
  CHECK(has(0x00AA, GLEAN_CC_LETTER) && !has(0x00AA, GLEAN_CC_LOWER));
  CHECK(has(0x02BC, GLEAN_CC_LETTER));          /* ʼ */
  CHECK(glean_cp_class(0x4E2D) == GLEAN_CC_LETTER);   /* 中 */
  CHECK(glean_cp_class(0x0645) == GLEAN_CC_LETTER);   /* م */
  CHECK(glean_cp_class(0x05D0) == GLEAN_CC_LETTER);   /* א */
  CHECK(glean_cp_class(0x0915) == GLEAN_CC_LETTER);   /* क */
  CHECK(glean_cp_class(0xAC00) == GLEAN_CC_LETTER);   /* 가 */
  CHECK(glean_cp_class(0x0661) == GLEAN_CC_LETTER);   /* Arabic-Indic 1 */
  /* Symbols among the Latin blocks are not letters. */
  CHECK(glean_cp_class(0xD7) == GLEAN_CC_PUNCT);      /* × */
  CHECK(glean_cp_class(0xF7) == GLEAN_CC_PUNCT);      /* ÷ */
  CHECK(glean_cp_class(0xA7) == GLEAN_CC_PUNCT);      /* § */
  CHECK(glean_cp_class(0x037E) == GLEAN_CC_PUNCT);    /* Greek ; */

  /* Spaces */
  static const uint32_t spaces[] = {
    0xA0, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007,
    0x2008, 0x2009, 0x200A, 0x200B, 0x202F, 0x205F, 0x3000, 0xFEFF, 0x1680
  };
  for (size_t i = 0; i < sizeof spaces / sizeof *spaces; i++) {
    CHECK(has(spaces[i], GLEAN_CC_SPACE));
    CHECK(!has(spaces[i], GLEAN_CC_NEWLINE));
  }
  CHECK(has(0x2028, GLEAN_CC_SPACE | GLEAN_CC_NEWLINE));
  CHECK(has(0x2029, GLEAN_CC_SPACE | GLEAN_CC_NEWLINE));

  /* Quotation marks */
  static const uint32_t quotes[] = {
    '"', '\'', 0x201C, 0x201D, 0x2018, 0x2019, 0x201E, 0x201F, 0xAB, 0xBB,
    0x2039, 0x203A, 0x201A, 0x201B
  };
  for (size_t i = 0; i < sizeof quotes / sizeof *quotes; i++)
    CHECK(has(quotes[i], GLEAN_CC_QUOTE | GLEAN_CC_PUNCT));
  CHECK(has(0x2019, GLEAN_CC_APOS));
  CHECK(!has(0x2018, GLEAN_CC_APOS) && !has(0x201D, GLEAN_CC_APOS));

  /* Hyphens and dashes */
  CHECK(has(0x2010, GLEAN_CC_HYPHEN) && has(0x2011, GLEAN_CC_HYPHEN));
  for (uint32_t cp = 0x2012; cp <= 0x2015; cp++) {
    CHECK(has(cp, GLEAN_CC_DASH | GLEAN_CC_PUNCT));
    CHECK(!has(cp, GLEAN_CC_HYPHEN));
  }
  CHECK(!has('-', GLEAN_CC_DASH));
  CHECK(has(0x2E3A, GLEAN_CC_DASH));  /* two-em dash */
  /* The soft hyphen is an invisible part of a word. */
  CHECK(glean_cp_class(0xAD) == GLEAN_CC_MARK);

  /* Currency */
  static const uint32_t money[] = {
    '$', 0xA2, 0xA3, 0xA4, 0xA5, 0x20B9, 0x20BD, 0x20AC, 0x20A9, 0x20AA,
    0x20AB, 0x20B1, 0x20BA, 0x20A6, 0x20B4, 0x20B8, 0x20A0, 0x20CF, 0x0E3F
  };
  for (size_t i = 0; i < sizeof money / sizeof *money; i++)
    CHECK(has(money[i], GLEAN_CC_CURRENCY | GLEAN_CC_PUNCT));
  CHECK(!has(0x20D0, GLEAN_CC_CURRENCY));

  /* Combining marks */
  CHECK(glean_cp_class(0x0301) == GLEAN_CC_MARK);
  CHECK(glean_cp_class(0x0300) == GLEAN_CC_MARK);
  CHECK(glean_cp_class(0x036F) == GLEAN_CC_MARK);
  CHECK(glean_cp_class(0x200D) == GLEAN_CC_MARK);  /* ZWJ */
  CHECK(glean_cp_class(0xFE0F) == GLEAN_CC_MARK);  /* variation selector */

  /* Symbols, emoji, CJK punctuation */
  CHECK(glean_cp_class(0x1F600) == GLEAN_CC_PUNCT);
  CHECK(glean_cp_class(0x2026) == GLEAN_CC_PUNCT);  /* … */
  CHECK(glean_cp_class(0x3002) == GLEAN_CC_PUNCT);  /* 。 */
  CHECK(glean_cp_class(0x300C) == GLEAN_CC_PUNCT);  /* 「 */
  CHECK(glean_cp_class(0x060C) == GLEAN_CC_PUNCT);  /* Arabic comma */
  CHECK(glean_cp_class(0x2122) == GLEAN_CC_PUNCT);  /* ™ */

  /* Nothing past Unicode, nor the bad code point, has a class. */
  CHECK_EQ_INT(glean_cp_class(GLEAN_BAD_CP), 0);
  CHECK_EQ_INT(glean_cp_class(0x110000), 0);
}

static void test_fold(void) {
  CHECK_EQ_INT(glean_cp_fold('A'), 'a');
  CHECK_EQ_INT(glean_cp_fold('z'), 'z');
  CHECK_EQ_INT(glean_cp_fold('@'), '@');
  CHECK_EQ_INT(glean_cp_fold('['), '[');
  CHECK_EQ_INT(glean_cp_fold(0xC9), 0xE9);      /* É */
  CHECK_EQ_INT(glean_cp_fold(0xC4), 0xE4);      /* Ä */
  CHECK_EQ_INT(glean_cp_fold(0xD8), 0xF8);      /* Ø */
  CHECK_EQ_INT(glean_cp_fold(0xD7), 0xD7);      /* × */
  CHECK_EQ_INT(glean_cp_fold(0xDF), 0xDF);      /* ß stays */
  CHECK_EQ_INT(glean_cp_fold(0x1E9E), 0xDF);    /* ẞ */
  CHECK_EQ_INT(glean_cp_fold(0x0178), 0xFF);    /* Ÿ */
  CHECK_EQ_INT(glean_cp_fold(0x0141), 0x0142);  /* Ł */
  CHECK_EQ_INT(glean_cp_fold(0x0130), 'i');     /* İ */
  CHECK_EQ_INT(glean_cp_fold(0x0131), 0x0131);  /* ı stays */
  CHECK_EQ_INT(glean_cp_fold(0x017F), 's');     /* ſ */
  CHECK_EQ_INT(glean_cp_fold(0x01C4), 0x01C6);  /* Ǆ */
  CHECK_EQ_INT(glean_cp_fold(0x01C5), 0x01C6);  /* ǅ */
  CHECK_EQ_INT(glean_cp_fold(0x0218), 0x0219);  /* Ș */
  CHECK_EQ_INT(glean_cp_fold(0x1EC4), 0x1EC5);  /* Ễ */
  CHECK_EQ_INT(glean_cp_fold(0x03A3), 0x03C3);  /* Σ */
  CHECK_EQ_INT(glean_cp_fold(0x03C2), 0x03C3);  /* ς */
  CHECK_EQ_INT(glean_cp_fold(0x03A9), 0x03C9);  /* Ω */
  CHECK_EQ_INT(glean_cp_fold(0x0386), 0x03AC);  /* Ά */
  CHECK_EQ_INT(glean_cp_fold(0x00B5), 0x03BC);  /* µ */
  CHECK_EQ_INT(glean_cp_fold(0x0416), 0x0436);  /* Ж */
  CHECK_EQ_INT(glean_cp_fold(0x0401), 0x0451);  /* Ё */
  CHECK_EQ_INT(glean_cp_fold(0x0404), 0x0454);  /* Є */
  CHECK_EQ_INT(glean_cp_fold(0x0490), 0x0491);  /* Ґ */
  CHECK_EQ_INT(glean_cp_fold(0x04C0), 0x04CF);  /* Ӏ */
  CHECK_EQ_INT(glean_cp_fold(0x0500), 0x0501);  /* Ԁ */
  CHECK_EQ_INT(glean_cp_fold(0x4E2D), 0x4E2D);  /* no case */
  CHECK_EQ_INT(glean_cp_fold(0xFF21), 0xFF21);  /* outside the blocks */

  /* Folding is idempotent and lowercase letters fold to themselves. */
  size_t errors = 0;
  for (uint32_t cp = 0; cp < 0x2000; cp++) {
    uint32_t f = glean_cp_fold(cp);
    if (glean_cp_fold(f) != f) errors++;
    if ((glean_cp_class(cp) & GLEAN_CC_UPPER) && cp != 0x03D2 &&
        cp != 0x03D3 && cp != 0x03D4 && f == cp)
      errors++;  /* an uppercase letter with no lowercase partner */
  }
  CHECK_EQ_INT(errors, 0);
}

static void test_hash(void) {
  const char *e1 = "\xC3\x89" "COLE", *e2 = "\xC3\xA9" "cole";  /* ÉCOLE école */
  CHECK(glean_hash_folded(e1, strlen(e1)) == glean_hash_folded(e2, 6));
  CHECK(glean_hash_bytes(e1, strlen(e1)) != glean_hash_bytes(e2, 6));
  CHECK(glean_hash_folded("Huawei", 6) == glean_hash_folded("HUAWEI", 6));
  CHECK(glean_hash_folded("Huawei", 6) != glean_hash_folded("Huawe", 5));
  /* Cyrillic and Greek fold too. */
  CHECK(glean_hash_folded("\xD0\x9C\xD0\x9E\xD0\xA1\xD0\x9A\xD0\x92\xD0\x90",
                          12) ==
        glean_hash_folded("\xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0",
                          12));  /* МОСКВА москва */
  CHECK(glean_hash_folded("\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91", 10) ==
        glean_hash_folded("\xCE\xB1\xCE\xB8\xCE\xB7\xCE\xBD\xCE\xB1", 10));
  /* Folding already-folded text changes nothing, at every length (the
   * hash works on 8-byte words). */
  const char *text = "the quick brown fox jumps over the lazy dog 0123456789";
  for (size_t n = 0; n <= strlen(text); n++)
    CHECK(glean_hash_folded(text, n) == glean_hash_bytes(text, n));
  /* İstanbul folds to a shorter byte string: it must equal istanbul. */
  CHECK(glean_hash_folded("\xC4\xB0stanbul", 9) ==
        glean_hash_bytes("istanbul", 8));
  /* Invalid bytes hash as themselves. */
  CHECK(glean_hash_folded("A\xFF" "B", 3) == glean_hash_bytes("a\xFF" "b", 3));
  CHECK(glean_hash_bytes("a\xFF", 2) != glean_hash_bytes("a\xFE", 2));
  /* Length matters, even with zero bytes at the end. */
  CHECK(glean_hash_bytes("a", 1) != glean_hash_bytes("a\0", 2));
  CHECK(glean_hash_bytes("", 0) != 0 && glean_hash_folded("", 0) != 0);
  CHECK(glean_hash_bytes("", 0) == glean_hash_folded("", 0));
  /* Distinct short strings give distinct hashes. */
  uint64_t seen[26 * 26];
  size_t collisions = 0;
  for (int i = 0; i < 26 * 26; i++) {
    char w[2] = {(char)('a' + i / 26), (char)('a' + i % 26)};
    seen[i] = glean_hash_bytes(w, 2);
    if (seen[i] == 0) collisions++;
    for (int j = 0; j < i; j++)
      if (seen[j] == seen[i]) collisions++;
  }
  CHECK_EQ_INT(collisions, 0);

  uint64_t a = glean_hash_bytes("New", 3), b = glean_hash_bytes("York", 4);
  CHECK(glean_hash_combine(glean_hash_combine(1, a), b) !=
        glean_hash_combine(glean_hash_combine(1, b), a));
  CHECK(glean_hash_combine(0, 0) != 0);
  CHECK(glean_hash_combine(a, b) == glean_hash_combine(a, b));
}

int main(void) {
  test_decode();
  test_encode();
  test_classes();
  test_fold();
  test_hash();
  return CHECK_DONE("test_utf8");
}
