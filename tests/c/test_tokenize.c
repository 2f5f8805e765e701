/* test_tokenize.c — the tokenizer's rules, one group per rule. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"
#include "internal.h"

#define MAX_TOKS 64

typedef struct toklist {
  glean_token t[MAX_TOKS];
  unsigned newlines[MAX_TOKS];
  size_t n;
} toklist;

static void tokenize(const char *text, size_t len,
                     const glean_doc_options *o, toklist *out) {
  glean_tokenizer t;
  glean_tokenizer_init(&t, text, len, o);
  out->n = 0;
  while (out->n < MAX_TOKS && glean_tokenizer_next(&t, &out->t[out->n]))
    out->newlines[out->n++] = t.newlines;
}

/* Checks that text tokenizes to `want`, the tokens joined by '|'. */
static void check_tokens_opts(const char *text, size_t len,
                              const glean_doc_options *o, const char *want,
                              int line) {
  toklist l;
  char got[1024];
  size_t g = 0;
  tokenize(text, len, o, &l);
  for (size_t i = 0; i < l.n; i++) {
    size_t n = l.t[i].end - l.t[i].start;
    if (i) got[g++] = '|';
    if (g + n + 2 > sizeof got) break;
    memcpy(got + g, text + l.t[i].start, n);
    g += n;
  }
  got[g] = '\0';
  if (strcmp(got, want) == 0) {
    check_passed++;
  } else {
    check_failed++;
    fprintf(stderr, "%s:%d: tokens [%s] != [%s]\n", __FILE__, line, got,
            want);
  }
}

#define CHECK_TOKENS(text, want) \
  check_tokens_opts((text), strlen(text), NULL, (want), __LINE__)

/* Flags of token i of text (0 when there is no such token). */
static uint32_t flags_at(const char *text, size_t i) {
  toklist l;
  tokenize(text, strlen(text), NULL, &l);
  return i < l.n ? l.t[i].flags : 0;
}

#define HAS(text, i, f) CHECK((flags_at((text), (i)) & (f)) == (f))
#define HASNT(text, i, f) CHECK((flags_at((text), (i)) & (f)) == 0)

static void test_words(void) {
  CHECK_TOKENS("Huawei G7 A380 said", "Huawei|G7|A380|said");
  HAS("Huawei", 0, GLEAN_TF_WORD | GLEAN_TF_CAP);
  HASNT("Huawei", 0, GLEAN_TF_UPPER | GLEAN_TF_LOWER | GLEAN_TF_ALNUM);
  HAS("G7", 0, GLEAN_TF_WORD | GLEAN_TF_CAP | GLEAN_TF_UPPER |
               GLEAN_TF_ALNUM);
  HASNT("G7", 0, GLEAN_TF_DIGIT | GLEAN_TF_NUMBER | GLEAN_TF_PUNCT);
  HAS("NATO", 0, GLEAN_TF_CAP | GLEAN_TF_UPPER);
  HAS("ANSSI", 0, GLEAN_TF_UPPER);
  HAS("said", 0, GLEAN_TF_WORD | GLEAN_TF_LOWER);
  HASNT("said", 0, GLEAN_TF_CAP | GLEAN_TF_UPPER);
  HAS("I", 0, GLEAN_TF_CAP | GLEAN_TF_UPPER);
  HAS("McDonald", 0, GLEAN_TF_CAP);
  HASNT("McDonald", 0, GLEAN_TF_UPPER | GLEAN_TF_LOWER);
  HAS("iPhone", 0, GLEAN_TF_WORD);
  HASNT("iPhone", 0, GLEAN_TF_CAP | GLEAN_TF_UPPER | GLEAN_TF_LOWER);

  /* Diacritics are letters; case flags see them. */
  CHECK_TOKENS("Nguy\xE1\xBB\x85n Soci\xC3\xA9t\xC3\xA9 \xC5\x81\xC3\xB3" "d\xC5\xBA",
               "Nguy\xE1\xBB\x85n|Soci\xC3\xA9t\xC3\xA9|\xC5\x81\xC3\xB3" "d\xC5\xBA");
  HAS("\xC3\x89" "COLE", 0, GLEAN_TF_CAP | GLEAN_TF_UPPER);     /* ÉCOLE */
  HAS("\xC3\xA9" "cole", 0, GLEAN_TF_LOWER);                    /* école */
  HASNT("\xC3\xA9" "cole", 0, GLEAN_TF_CAP);
  HAS("\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", 0,
      GLEAN_TF_WORD | GLEAN_TF_CAP);                            /* Москва */
  HAS("\xCE\x91\xCE\x98\xCE\x97\xCE\x9D\xCE\x91", 0,
      GLEAN_TF_CAP | GLEAN_TF_UPPER);                           /* ΑΘΗΝΑ */
  /* Combining marks (decomposed é) stay in the word. */
  CHECK_TOKENS("e\xCC\x81" "cole now", "e\xCC\x81" "cole|now");
  /* Caseless scripts: words without case flags. */
  CHECK_TOKENS("\xE4\xB8\xAD\xE5\x9B\xBD \xD9\x85\xD8\xB5\xD8\xB1",
               "\xE4\xB8\xAD\xE5\x9B\xBD|\xD9\x85\xD8\xB5\xD8\xB1");
  HAS("\xE4\xB8\xAD\xE5\x9B\xBD", 0, GLEAN_TF_WORD);
  HASNT("\xE4\xB8\xAD\xE5\x9B\xBD", 0,
        GLEAN_TF_CAP | GLEAN_TF_UPPER | GLEAN_TF_LOWER);
  /* CJK punctuation splits. */
  CHECK_TOKENS("\xE4\xB8\xAD\xE3\x80\x82\xE5\x9B\xBD",
               "\xE4\xB8\xAD|\xE3\x80\x82|\xE5\x9B\xBD");
}

static void test_hyphens(void) {
  CHECK_TOKENS("Okonjo-Iweala and counter-terrorism",
               "Okonjo-Iweala|and|counter-terrorism");
  CHECK_TOKENS("US-France F-16 COVID-19 A320-200 MH-17",
               "US-France|F-16|COVID-19|A320-200|MH-17");
  /* Lowercase words do not take a number along. */
  CHECK_TOKENS("mid-2020 million-1.2 covid-19", "mid|-|2020|million|-|1.2|covid|-|19");
  CHECK_TOKENS("mid-year x2-y", "mid-year|x2-y");
  HAS("Okonjo-Iweala", 0, GLEAN_TF_WORD | GLEAN_TF_CAP | GLEAN_TF_HYPHEN);
  HAS("COVID-19", 0, GLEAN_TF_UPPER | GLEAN_TF_ALNUM | GLEAN_TF_HYPHEN);
  HASNT("Huawei", 0, GLEAN_TF_HYPHEN);
  /* U+2010 and U+2011 join too. */
  CHECK_TOKENS("Jean\xE2\x80\x90Paul non\xE2\x80\x91stop",
               "Jean\xE2\x80\x90Paul|non\xE2\x80\x91stop");
  /* A hyphen that is not between two letters or digits stands alone. */
  CHECK_TOKENS("pre- and post-war", "pre|-|and|post-war");
  CHECK_TOKENS("well -known", "well|-|known");
  CHECK_TOKENS("x-", "x|-");
  HAS("pre- x", 1, GLEAN_TF_PUNCT | GLEAN_TF_HYPHEN);
  HASNT("pre- x", 1, GLEAN_TF_DASH);
  /* Between digits it splits. */
  CHECK_TOKENS("3-4 2019-20", "3|-|4|2019|-|20");
  /* A unit glued to a number does not join. */
  CHECK_TOKENS("$3bn-4bn", "$|3|bn|-|4|bn");
  CHECK_TOKENS("21st-century", "21|st|-|century");
  /* Dashes */
  CHECK_TOKENS("a--b", "a|--|b");
  HAS("a--b", 1, GLEAN_TF_DASH | GLEAN_TF_PUNCT);
  HASNT("a--b", 1, GLEAN_TF_HYPHEN);
  CHECK_TOKENS("a \xE2\x80\x94 b\xE2\x80\x93" "c",
               "a|\xE2\x80\x94|b|\xE2\x80\x93|c");
  HAS("a \xE2\x80\x94 b", 1, GLEAN_TF_DASH | GLEAN_TF_PUNCT);
  HAS("1\xE2\x80\x93" "2", 1, GLEAN_TF_DASH);
  CHECK_TOKENS("a---b", "a|---|b");
  /* The soft hyphen is invisible and keeps the word whole. */
  CHECK_TOKENS("counter\xC2\xADterrorism", "counter\xC2\xADterrorism");
}

static void test_apostrophes(void) {
  CHECK_TOKENS("Huawei's phones", "Huawei|'s|phones");
  CHECK_TOKENS("Huawei\xE2\x80\x99s phones", "Huawei|\xE2\x80\x99s|phones");
  HAS("Huawei's", 1, GLEAN_TF_APOS | GLEAN_TF_LOWER);
  HASNT("Huawei's", 1, GLEAN_TF_QUOTE | GLEAN_TF_PUNCT | GLEAN_TF_WORD |
                       GLEAN_TF_SPACE_BEFORE);
  CHECK_TOKENS("HUAWEI'S", "HUAWEI|'S");
  HAS("HUAWEI'S", 1, GLEAN_TF_APOS | GLEAN_TF_UPPER);
  CHECK_TOKENS("don't can't won't", "do|n't|ca|n't|wo|n't");
  CHECK_TOKENS("Don\xE2\x80\x99t", "Do|n\xE2\x80\x99t");
  HAS("don't", 1, GLEAN_TF_WORD | GLEAN_TF_APOS | GLEAN_TF_LOWER);
  CHECK_TOKENS("DON'T", "DO|N'T");
  HAS("DON'T", 0, GLEAN_TF_UPPER);
  CHECK_TOKENS("we're I'm they've she'll he'd",
               "we|'re|I|'m|they|'ve|she|'ll|he|'d");
  /* Names keep their apostrophe. */
  CHECK_TOKENS("O'Brien D'Angelo O\xE2\x80\x99Neill",
               "O'Brien|D'Angelo|O\xE2\x80\x99Neill");
  HAS("O'Brien", 0, GLEAN_TF_WORD | GLEAN_TF_CAP);
  HASNT("O'Brien", 0, GLEAN_TF_APOS);
  CHECK_TOKENS("O'Brien's", "O'Brien|'s");
  CHECK_TOKENS("O'Dell y'all rock'n'roll", "O'Dell|y'all|rock'n'roll");
  /* A clitic must end the word. */
  CHECK_TOKENS("Tel'sad", "Tel'sad");
  /* Trailing apostrophe: a separate quote-and-apostrophe token. */
  CHECK_TOKENS("Reuters' report", "Reuters|'|report");
  HAS("Reuters' report", 1, GLEAN_TF_PUNCT | GLEAN_TF_QUOTE | GLEAN_TF_APOS);
  CHECK_TOKENS("voters\xE2\x80\x99 choice", "voters|\xE2\x80\x99|choice");
  /* Numbers take clitics too; a leading apostrophe is a quote. */
  CHECK_TOKENS("1990's", "1990|'s");
  CHECK_TOKENS("the '90s", "the|'|90|s");
  /* Quotes around a word. */
  CHECK_TOKENS("a 'test' here", "a|'|test|'|here");
  CHECK_TOKENS("'s", "'|s");  /* nothing to attach to */
  CHECK_TOKENS("x 's", "x|'|s");
}

static void test_numbers(void) {
  CHECK_TOKENS("3.5 1,000,000 2.1.3 42", "3.5|1,000,000|2.1.3|42");
  HAS("3.5", 0, GLEAN_TF_DIGIT | GLEAN_TF_NUMBER);
  HASNT("3.5", 0, GLEAN_TF_WORD | GLEAN_TF_PUNCT | GLEAN_TF_ALNUM);
  HAS("1,000,000", 0, GLEAN_TF_NUMBER);
  CHECK_TOKENS("3,5", "3,5");
  CHECK_TOKENS("2m 3bn 5G", "2|m|3|bn|5|G");
  HAS("3bn", 1, GLEAN_TF_WORD | GLEAN_TF_LOWER);
  HASNT("3bn", 1, GLEAN_TF_SPACE_BEFORE);
  CHECK_TOKENS("21st 1990s", "21|st|1990|s");
  CHECK_TOKENS("1,000. Then", "1,000|.|Then");
  CHECK_TOKENS("1,000, 2", "1,000|,|2");
  CHECK_TOKENS("0.5% .5", "0.5|%|.|5");
  CHECK_TOKENS("10:30 9/11", "10|:|30|9|/|11");
  CHECK_TOKENS("3..4", "3|..|4");
}

static void test_currency(void) {
  CHECK_TOKENS("$5 \xE2\x82\xAC" "3 \xC2\xA3" "2 \xC2\xA5" "1 \xE2\x82\xB9" "9",
               "$|5|\xE2\x82\xAC|3|\xC2\xA3|2|\xC2\xA5|1|\xE2\x82\xB9|9");
  HAS("$5", 0, GLEAN_TF_CURRENCY | GLEAN_TF_PUNCT);
  HAS("\xE2\x82\xAC", 0, GLEAN_TF_CURRENCY);   /* € */
  HAS("\xE2\x82\xBD", 0, GLEAN_TF_CURRENCY);   /* ₽ */
  HAS("\xE2\x82\xA9", 0, GLEAN_TF_CURRENCY);   /* ₩ */
  HASNT("#", 0, GLEAN_TF_CURRENCY);
  CHECK_TOKENS("US$5 C$ A$ HK$ NZ$ S$ R$", "US$|5|C$|A$|HK$|NZ$|S$|R$");
  HAS("US$5", 0, GLEAN_TF_CURRENCY | GLEAN_TF_PUNCT);
  HASNT("US$5", 0, GLEAN_TF_WORD);
  /* Not a currency prefix: lowercase or too long. */
  CHECK_TOKENS("us$ ABCD$", "us|$|ABCD|$");
  CHECK_TOKENS("$$", "$|$");
}

static void test_abbreviations(void) {
  CHECK_TOKENS("Mr. Smith and Mrs. Jones", "Mr.|Smith|and|Mrs.|Jones");
  HAS("Mr. Smith", 0, GLEAN_TF_ABBREV | GLEAN_TF_WORD | GLEAN_TF_CAP);
  HASNT("Mr. Smith", 0, GLEAN_TF_PUNCT);
  CHECK_TOKENS("Acme Inc. and Foo Corp.", "Acme|Inc.|and|Foo|Corp.");
  CHECK_TOKENS("Dr. Prof. Sen. Rep. Gov. Gen. Lt. Col. Jr. St. Messrs.",
               "Dr.|Prof.|Sen.|Rep.|Gov.|Gen.|Lt.|Col.|Jr.|St.|Messrs.");
  CHECK_TOKENS("Jan. 5 Sept. 9 Oct. 12", "Jan.|5|Sept.|9|Oct.|12");
  CHECK_TOKENS("apples vs. pears etc. approx. 3",
               "apples|vs.|pears|etc.|approx.|3");
  /* Case matters, except for all-caps words. */
  CHECK_TOKENS("mr. x", "mr|.|x");
  CHECK_TOKENS("ACME INC. MR. X", "ACME|INC.|MR.|X");
  /* "No." only before a digit. */
  CHECK_TOKENS("No. 10 and No.5", "No.|10|and|No.|5");
  CHECK_TOKENS("He said No. Then", "He|said|No|.|Then");
  CHECK_TOKENS("said no. 5", "said|no|.|5");
  /* Dotted letters: one token, period included, even at the end. */
  CHECK_TOKENS("the U.S. and U.K. economies", "the|U.S.|and|U.K.|economies");
  CHECK_TOKENS("in the U.S.", "in|the|U.S.");
  HAS("U.S.", 0, GLEAN_TF_ABBREV | GLEAN_TF_WORD | GLEAN_TF_CAP |
                 GLEAN_TF_UPPER);
  CHECK_TOKENS("10 a.m. or 3 p.m., e.g. this, i.e. that",
               "10|a.m.|or|3|p.m.|,|e.g.|this|,|i.e.|that");
  HAS("a.m.", 0, GLEAN_TF_ABBREV | GLEAN_TF_LOWER);
  CHECK_TOKENS("U.N. D.C. N.V. S.A. U.S.A.", "U.N.|D.C.|N.V.|S.A.|U.S.A.");
  /* Initials */
  CHECK_TOKENS("George W. Bush", "George|W.|Bush");
  HAS("George W. Bush", 1, GLEAN_TF_ABBREV | GLEAN_TF_UPPER);
  CHECK_TOKENS("J.K. Rowling", "J.K.|Rowling");
  CHECK_TOKENS("a. b", "a|.|b");  /* lowercase letters are not initials */
  /* Not abbreviations */
  CHECK_TOKENS("the end.", "the|end|.");
  CHECK_TOKENS("Amazon.com", "Amazon|.|com");
  CHECK_TOKENS("U.S", "U.|S");
  CHECK_TOKENS("Dr...", "Dr|...");
  CHECK_TOKENS("low-Co. x", "low-Co|.|x");
  /* Extra abbreviations from the options. */
  static const char *const extra[] = {"Calif", "Ariz"};
  glean_doc_options o = {GLEAN_PARA_AUTO, extra, 2};
  const char *s = "Calif. Ariz. Nev.";
  check_tokens_opts(s, strlen(s), &o, "Calif.|Ariz.|Nev|.", __LINE__);
  CHECK_TOKENS("Calif. x", "Calif|.|x");
}

static void test_punctuation(void) {
  CHECK_TOKENS("Wait... what\xE2\x80\xA6 ok..", "Wait|...|what|\xE2\x80\xA6|ok|..");
  CHECK_TOKENS("(a) [b] {c}", "(|a|)|[|b|]|{|c|}");
  CHECK_TOKENS("Really?!", "Really|?|!");
  CHECK_TOKENS("a,b;c:d", "a|,|b|;|c|:|d");
  HAS(",", 0, GLEAN_TF_PUNCT);
  HASNT(",", 0, GLEAN_TF_QUOTE | GLEAN_TF_WORD);
  /* Each quotation mark is a token flagged QUOTE. */
  CHECK_TOKENS("\"Yes,\" he said", "\"|Yes|,|\"|he|said");
  CHECK_TOKENS("\xE2\x80\x9CYes,\xE2\x80\x9D he said",
               "\xE2\x80\x9C|Yes|,|\xE2\x80\x9D|he|said");
  CHECK_TOKENS("\"\"", "\"|\"");
  CHECK_TOKENS("\xC2\xABNon\xC2\xBB \xE2\x80\x9EJa\xE2\x80\x9C \xE2\x80\xB9" "a\xE2\x80\xBA",
               "\xC2\xAB|Non|\xC2\xBB|\xE2\x80\x9E|Ja|\xE2\x80\x9C|\xE2\x80\xB9|a|\xE2\x80\xBA");
  HAS("\xE2\x80\x9C", 0, GLEAN_TF_QUOTE | GLEAN_TF_PUNCT);
  HASNT("\xE2\x80\x9C", 0, GLEAN_TF_APOS);
  HAS("\xE2\x80\x98x", 0, GLEAN_TF_QUOTE);
  HASNT("\xE2\x80\x98x", 0, GLEAN_TF_APOS);
  HAS("\xE2\x80\x99x", 0, GLEAN_TF_QUOTE | GLEAN_TF_APOS);
  HAS("'x", 0, GLEAN_TF_QUOTE | GLEAN_TF_APOS);
  HAS("\"x", 0, GLEAN_TF_QUOTE);
  HASNT("\"x", 0, GLEAN_TF_APOS);
  HAS("\xC2\xAB", 0, GLEAN_TF_QUOTE);
  HAS("\xE2\x80\x9E", 0, GLEAN_TF_QUOTE);   /* „ */
  HAS("\xE2\x80\x9F", 0, GLEAN_TF_QUOTE);   /* ‟ */
  HAS("\xE2\x80\x9A", 0, GLEAN_TF_QUOTE);   /* ‚ */
  HAS("\xE2\x80\x9B", 0, GLEAN_TF_QUOTE);   /* ‛ */
  /* Symbols; emoji keep their variation selector. */
  CHECK_TOKENS("a\xE2\x9D\xA4\xEF\xB8\x8F" "b", "a|\xE2\x9D\xA4\xEF\xB8\x8F|b");
  CHECK_TOKENS("x \xCC\x81y", "x|\xCC\x81|y");  /* a mark after a space */
}

static void test_space_and_bytes(void) {
  /* Unicode spaces separate tokens. */
  CHECK_TOKENS("10\xC2\xA0" "000", "10|000");                   /* NBSP */
  CHECK_TOKENS("Mr.\xC2\xA0Smith", "Mr.|Smith");
  CHECK_TOKENS("a\xE2\x80\xAF" "b\xE2\x80\x89" "c\xE3\x80\x80" "d", "a|b|c|d");
  CHECK_TOKENS("a\xE2\x80\x8B" "b\xE2\x81\x9F" "c", "a|b|c");  /* ZWSP MMSP */
  CHECK_TOKENS("\xEF\xBB\xBFHello", "Hello");                   /* BOM */
  HAS("a\xC2\xA0" "b", 1, GLEAN_TF_SPACE_BEFORE);
  /* NUL and control characters are whitespace. */
  CHECK_TOKENS("a\0b", "a");  /* (CHECK_TOKENS stops at the NUL) */
  check_tokens_opts("a\0b\0\0", 5, NULL, "a|b", __LINE__);
  check_tokens_opts("\0\0Huawei\x01's\x7F", 11, NULL, "Huawei|'|s", __LINE__);
  check_tokens_opts("U.S\0.", 5, NULL, "U.|S|.", __LINE__);
  /* Invalid UTF-8: one INVALID token per run of bad bytes. */
  CHECK_TOKENS("abc\xFF\xFE" "def", "abc|\xFF\xFE|def");
  HAS("abc\xFF\xFE" "def", 1, GLEAN_TF_INVALID | GLEAN_TF_PUNCT);
  HASNT("abc\xFF\xFE" "def", 1, GLEAN_TF_WORD);
  HASNT("abc\xFF\xFE" "def", 2, GLEAN_TF_SPACE_BEFORE);
  CHECK_TOKENS("\xC3(", "\xC3|(");
  CHECK_TOKENS("x \xE2\x80", "x|\xE2\x80");             /* truncated at end */
  CHECK_TOKENS("\xC0\x80\xED\xA0\x80", "\xC0\x80\xED\xA0\x80"); /* overlong, surrogate */
  CHECK_TOKENS("\x80\xC3\xA9", "\x80|\xC3\xA9");        /* then a valid é */
  CHECK_TOKENS("caf\xC3\xA9\xFF", "caf\xC3\xA9|\xFF");
  /* Empty texts. */
  toklist l;
  tokenize("", 0, NULL, &l);
  CHECK_EQ_INT(l.n, 0);
  tokenize(NULL, 5, NULL, &l);
  CHECK_EQ_INT(l.n, 0);
  tokenize(" \n\t\xC2\xA0 ", 6, NULL, &l);
  CHECK_EQ_INT(l.n, 0);
}

static void test_lines(void) {
  const char *s = "a b\nc\n\nd\r\n\r\ne\xE2\x80\xA8" "f \n \n g\r\rh";
  toklist l;
  tokenize(s, strlen(s), NULL, &l);
  CHECK_EQ_INT(l.n, 8);
  static const unsigned want_nl[] = {0, 0, 1, 2, 2, 1, 2, 2};
  for (size_t i = 0; i < 8 && i < l.n; i++)
    CHECK_EQ_INT(l.newlines[i], want_nl[i]);
  CHECK(l.t[0].flags & GLEAN_TF_LINE_START);
  CHECK(!(l.t[0].flags & GLEAN_TF_SPACE_BEFORE));
  CHECK(!(l.t[1].flags & GLEAN_TF_LINE_START));
  CHECK(l.t[1].flags & GLEAN_TF_SPACE_BEFORE);
  for (size_t i = 2; i < l.n; i++) {
    CHECK(l.t[i].flags & GLEAN_TF_LINE_START);
    CHECK(l.t[i].flags & GLEAN_TF_SPACE_BEFORE);
  }
  CHECK_SPAN(s, l.t[3].start, l.t[3].end, "d");
  CHECK_SPAN(s, l.t[7].start, l.t[7].end, "h");
  /* Leading whitespace: still the first token on its line. */
  tokenize("  x", 3, NULL, &l);
  CHECK(l.t[0].flags & GLEAN_TF_LINE_START);
  CHECK(l.t[0].flags & GLEAN_TF_SPACE_BEFORE);
  CHECK_EQ_INT(l.t[0].start, 2);
}

static void test_spans(void) {
  const char *s = "\xE2\x80\x9CUS$3.5bn,\xE2\x80\x9D said O'Brien's";
  toklist l;
  tokenize(s, strlen(s), NULL, &l);
  CHECK_EQ_INT(l.n, 9);
  static const char *const want[] = {
    "\xE2\x80\x9C", "US$", "3.5", "bn", ",", "\xE2\x80\x9D", "said",
    "O'Brien", "'s"
  };
  for (size_t i = 0; i < 9 && i < l.n; i++)
    CHECK_SPAN(s, l.t[i].start, l.t[i].end, want[i]);
  /* Spans tile the text in order. */
  for (size_t i = 1; i < l.n; i++) CHECK(l.t[i].start >= l.t[i - 1].end);
}

/* Long runs stay single tokens and take linear time. */
static void test_long_runs(void) {
  size_t n = 1 << 20;
  char *s = malloc(n);
  if (!s) return;
  static const char fill[] = {'a', '.', '-', '\xFF', '7', ' '};
  for (size_t k = 0; k < sizeof fill; k++) {
    memset(s, fill[k], n);
    glean_tokenizer t;
    glean_token tok;
    size_t count = 0;
    glean_tokenizer_init(&t, s, n, NULL);
    while (glean_tokenizer_next(&t, &tok)) count++;
    CHECK_EQ_INT(count, fill[k] == ' ' ? 0 : 1);
  }
  /* Alternating words and apostrophes or hyphens. */
  for (size_t i = 0; i < n; i++) s[i] = (i % 2) ? '\'' : 'a';
  glean_tokenizer t;
  glean_token tok;
  size_t count = 0;
  glean_tokenizer_init(&t, s, n, NULL);
  while (glean_tokenizer_next(&t, &tok)) count++;
  CHECK_EQ_INT(count, 2);  /* a'a'a...'a then the final ' */
  free(s);
}

int main(void) {
  test_words();
  test_hyphens();
  test_apostrophes();
  test_numbers();
  test_currency();
  test_abbreviations();
  test_punctuation();
  test_space_and_bytes();
  test_lines();
  test_spans();
  test_long_runs();
  return CHECK_DONE("test_tokenize");
}
