/* test_numbers.c — numerals, magnitude words, spelled-out numbers, ranges
 * and hostile inputs. */
#include <float.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "glean.h"
#include "check.h"

/* Relative comparison: values come from decimal text. */
#define CHECK_NEAR(a, b) CHECK(near_equal((a), (b)))

static double magnitude(double x)
{
  return x < 0 ? -x : x;
}

/* No libm: the test links only what the Makefile gives it. */
static int near_equal(double a, double b)
{
  double d = magnitude(a - b);
  double m = magnitude(a) > magnitude(b) ? magnitude(a) : magnitude(b);
  if (d <= m * 1e-12 || d == 0) return 1;
  fprintf(stderr, "  %.17g != %.17g\n", a, b);
  return 0;
}

/* ---- glean_parse_digits -------------------------------------------------- */

static void digits_case(const char *s, size_t want_used, double want)
{
  double v = -1;
  size_t used = glean_parse_digits(s, strlen(s), &v);
  CHECK_EQ_INT(used, want_used);
  if (used != want_used) fprintf(stderr, "  input: \"%s\"\n", s);
  CHECK_NEAR(v, want);
}

static void test_parse_digits(void)
{
  double v;
  digits_case("3.5", 3, 3.5);
  digits_case("1,000,000", 9, 1e6);
  digits_case("1,234.56", 8, 1234.56);
  digits_case("007", 3, 7);
  digits_case("0", 1, 0);
  digits_case("0.001", 5, 0.001);
  digits_case("42 people", 2, 42);
  digits_case("3.", 1, 3);           /* a sentence's period */
  digits_case("3.5.6", 3, 3.5);
  digits_case("3,5", 1, 3);          /* no decimal comma */
  digits_case("1,0000", 1, 1);       /* a group of four is no group */
  digits_case("1,234,56", 5, 1234);  /* the short group is left over */
  digits_case("1234,567", 4, 1234);  /* four digits before a group */
  digits_case("12,34,567", 9, 1234567);  /* Indian grouping */
  digits_case("1,00,000", 8, 100000);
  digits_case("1,00,00,000.5", 13, 10000000.5);
  digits_case("1,00", 1, 1);         /* twos must end with a three */
  digits_case("1 000", 5, 1000);     /* spaces, per the contract */
  digits_case("12 345 678", 10, 12345678);
  digits_case("2019 200", 4, 2019);
  digits_case("1\xC2\xA0" "000", 6, 1000);          /* no-break space */
  digits_case("1\xE2\x80\xAF" "000,5", 7, 1000);    /* narrow, then ",5" */
  digits_case("1,000 000", 5, 1000);  /* separators do not mix */
  digits_case("12345678901234567890123", 23, 1.2345678901234567890123e22);
  digits_case("0.1234567890123456789012", 24, 0.1234567890123456789012);
  digits_case(".5", 0, 0);
  digits_case("abc", 0, 0);
  digits_case("", 0, 0);
  CHECK_EQ_INT(glean_parse_digits("123", 2, &v), 2);   /* len is a bound */
  CHECK_NEAR(v, 12);
  CHECK_EQ_INT(glean_parse_digits("5", 1, NULL), 1);
  CHECK_EQ_INT(glean_parse_digits(NULL, 0, &v), 0);

  /* 500,000 digits: finite, capped, linear. */
  {
    size_t n = 500000;
    char *s = malloc(n + 3);
    clock_t t0 = clock();
    if (s != NULL) {
      memset(s, '9', n);
      memcpy(s + n, ".5", 3);
      CHECK_EQ_INT(glean_parse_digits(s, n + 2, &v), n + 2);
      CHECK(v == DBL_MAX);
      memset(s, '0', n);
      s[0] = '0';
      s[1] = '.';
      s[n - 1] = '1';
      CHECK_EQ_INT(glean_parse_digits(s, n, &v), n);
      CHECK(v == 0);
      free(s);
    }
    CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 1.0);
  }
}

static void test_magnitude_word(void)
{
  CHECK_NEAR(glean_magnitude_word("million", 7), 1e6);
  CHECK_NEAR(glean_magnitude_word("MILLION", 7), 1e6);
  CHECK_NEAR(glean_magnitude_word("Billion", 7), 1e9);
  CHECK_NEAR(glean_magnitude_word("trillion", 8), 1e12);
  CHECK_NEAR(glean_magnitude_word("hundred", 7), 100);
  CHECK_NEAR(glean_magnitude_word("thousand", 8), 1e3);
  CHECK_NEAR(glean_magnitude_word("k", 1), 1e3);
  CHECK_NEAR(glean_magnitude_word("K", 1), 1e3);
  CHECK_NEAR(glean_magnitude_word("m", 1), 1e6);
  CHECK_NEAR(glean_magnitude_word("mn", 2), 1e6);
  CHECK_NEAR(glean_magnitude_word("mln", 3), 1e6);
  CHECK_NEAR(glean_magnitude_word("mil", 3), 1e6);
  CHECK_NEAR(glean_magnitude_word("MM", 2), 1e6);
  CHECK_NEAR(glean_magnitude_word("bn", 2), 1e9);
  CHECK_NEAR(glean_magnitude_word("BLN", 3), 1e9);
  CHECK_NEAR(glean_magnitude_word("b", 1), 1e9);
  CHECK_NEAR(glean_magnitude_word("tn", 2), 1e12);
  CHECK_NEAR(glean_magnitude_word("trn", 3), 1e12);
  CHECK_NEAR(glean_magnitude_word("lakh", 4), 1e5);
  CHECK_NEAR(glean_magnitude_word("lakhs", 5), 1e5);
  CHECK_NEAR(glean_magnitude_word("lac", 3), 1e5);
  CHECK_NEAR(glean_magnitude_word("crore", 5), 1e7);
  CHECK_NEAR(glean_magnitude_word("Crores", 6), 1e7);
  CHECK(glean_magnitude_word("millions", 8) == 0);
  CHECK(glean_magnitude_word("dozen", 5) == 0);
  CHECK(glean_magnitude_word("milli", 5) == 0);
  CHECK(glean_magnitude_word("millionaire", 11) == 0);
  CHECK(glean_magnitude_word("", 0) == 0);
  /* len bounds the word: "million dollars" read as 7 bytes. */
  CHECK_NEAR(glean_magnitude_word("million dollars", 7), 1e6);
  CHECK_NEAR(glean_magnitude_word("million", 3), 1e6);   /* "mil" */
  CHECK(glean_magnitude_word(NULL, 0) == 0);
}

/* ---- numbers in documents ------------------------------------------------ */

typedef struct view {
  glean_document *doc;
  const char *text;
  const glean_token *toks;
  size_t ntoks;
  const glean_number *n;
  size_t nn;
} view;

/* What holds for any text: spans follow tokens, document order, no
 * overlap, min <= max, value == min. */
static void check_invariants(const view *v)
{
  size_t i, bad = 0;
  for (i = 0; i < v->nn; i++) {
    const glean_number *x = &v->n[i];
    if (x->first >= x->last || x->last > v->ntoks) {
      bad++;
      continue;
    }
    if (x->start != v->toks[x->first].start ||
        x->end != v->toks[x->last - 1].end)
      bad++;
    if (i > 0 && x->first < v->n[i - 1].last) bad++;
    if (!(x->min <= x->max) || x->value != x->min) bad++;
    if (!x->is_range && x->min != x->max) bad++;
    if (!(x->value >= 0) || x->value > DBL_MAX) bad++;
  }
  CHECK_EQ_INT(bad, 0);
}

static view open_text(const char *text)
{
  view v;
  glean_error err;
  memset(&v, 0, sizeof v);
  v.text = text;
  v.doc = glean_document_new(text, strlen(text), NULL, NULL, &err);
  CHECK(v.doc != NULL);
  if (v.doc == NULL) {
    fprintf(stderr, "document: %s\n", err.message);
    return v;
  }
  v.toks = glean_document_tokens(v.doc, &v.ntoks);
  v.n = glean_document_numbers(v.doc, &v.nn);
  check_invariants(&v);
  return v;
}

static void close_view(view *v)
{
  glean_document_free(v->doc);
  v->doc = NULL;
}

/* The text has exactly one number, spanning `span`, with this value. */
static void one(const char *text, const char *span, double value,
                int spelled)
{
  view v = open_text(text);
  CHECK_EQ_INT(v.nn, 1);
  if (v.nn == 1) {
    CHECK_SPAN(text, v.n[0].start, v.n[0].end, span);
    CHECK_NEAR(v.n[0].value, value);
    CHECK_EQ_INT(v.n[0].is_range, 0);
    CHECK_EQ_INT(v.n[0].spelled, spelled);
  } else {
    fprintf(stderr, "  text: \"%s\" (%zu numbers)\n", text, v.nn);
  }
  close_view(&v);
}

/* The text has exactly one number, a range. */
static void range(const char *text, const char *span, double lo, double hi,
                  int spelled)
{
  view v = open_text(text);
  CHECK_EQ_INT(v.nn, 1);
  if (v.nn == 1) {
    CHECK_SPAN(text, v.n[0].start, v.n[0].end, span);
    CHECK_EQ_INT(v.n[0].is_range, 1);
    CHECK_NEAR(v.n[0].min, lo);
    CHECK_NEAR(v.n[0].max, hi);
    CHECK_NEAR(v.n[0].value, lo);
    CHECK_EQ_INT(v.n[0].spelled, spelled);
  } else {
    fprintf(stderr, "  text: \"%s\" (%zu numbers)\n", text, v.nn);
  }
  close_view(&v);
}

/* The values of every number in text, in order. */
static void values(const char *text, size_t n, const double *want)
{
  view v = open_text(text);
  size_t i;
  CHECK_EQ_INT(v.nn, n);
  if (v.nn != n) fprintf(stderr, "  text: \"%s\" (%zu numbers)\n", text, v.nn);
  for (i = 0; i < n && i < v.nn; i++) {
    CHECK_NEAR(v.n[i].value, want[i]);
    CHECK_EQ_INT(v.n[i].is_range, 0);
  }
  close_view(&v);
}

static void none(const char *text)
{
  view v = open_text(text);
  CHECK_EQ_INT(v.nn, 0);
  if (v.nn != 0)
    fprintf(stderr, "  text: \"%s\": found \"%.*s\"\n", text,
            (int)(v.n[0].end - v.n[0].start), text + v.n[0].start);
  close_view(&v);
}

static void test_digit_numbers(void)
{
  one("The bridge cost 3.5 dollars.", "3.5", 3.5, 0);
  one("It raised 1,000,000 yen.", "1,000,000", 1e6, 0);
  one("Sales hit 1,234.56 units.", "1,234.56", 1234.56, 0);
  one("Agent 007 returned.", "007", 7, 0);
  one("A fee of Rs 1,50,000 applies.", "1,50,000", 150000, 0);
  one("About 1\xC2\xA0" "000\xC2\xA0" "000 people.",
      "1\xC2\xA0" "000\xC2\xA0" "000", 1e6, 0);
  one("About 2\xE2\x80\x89" "500.5 tonnes.", "2\xE2\x80\x89" "500.5",
      2500.5, 0);
  {
    const double w[] = { 1, 0 };   /* a plain space separates numbers */
    values("Those 1 000 people.", 2, w);
  }
  {
    const double w[] = { 2019, 200 };
    values("In 2019 200 people came.", 2, w);
  }
  /* A vulgar fraction glued to whole digits is part of the number; one
   * after a space or a decimal point is not. */
  one("It cost $1\xC2\xBD million.", "1\xC2\xBD million", 1.5e6, 0);
  one("Shares fell to 45\xE2\x85\x9C.", "45\xE2\x85\x9C", 45.375, 0);
  one("He is 2\xC2\xBE years old.", "2\xC2\xBE", 2.75, 0);
  one("It is 2 \xC2\xBD miles.", "2", 2, 0);
  one("It is 2.5\xC2\xBD miles.", "2.5", 2.5, 0);
  none("Only \xC2\xBD remained.");
  none("The ratio was 3,5 overall.");     /* not read as 3.5 */
  none("Dated 12.05.2020 in Rome.");
  none("No numbers here at all.");
}

static void test_magnitudes(void)
{
  one("The deal is worth 3.5 billion dollars.", "3.5 billion", 3.5e9, 0);
  one("They spent $1.2 trillion.", "1.2 trillion", 1.2e12, 0);
  one("Revenue was 10 bln euros.", "10 bln", 1e10, 0);
  one("A 40 mn loan.", "40 mn", 4e7, 0);
  one("A 40 mln loan.", "40 mln", 4e7, 0);
  one("A $5 mil payout.", "5 mil", 5e6, 0);
  one("Exports of 3 tn yen.", "3 tn", 3e12, 0);
  one("Exports of 3 trn yen.", "3 trn", 3e12, 0);
  one("Exports of 2 bn yen.", "2 bn", 2e9, 0);
  one("It cost £2m to build.", "2m", 2e6, 0);
  one("It cost £2M to build.", "2M", 2e6, 0);
  one("A 5k race.", "5k", 5e3, 0);
  one("She earns $1MM a year.", "1MM", 1e6, 0);
  one("A $5b bid.", "5b", 5e9, 0);
  one("It is 5 lakh.", "5 lakh", 5e5, 0);
  one("A budget of Rs 10 crore.", "10 crore", 1e8, 0);
  one("It was 3 crores.", "3 crores", 3e7, 0);
  one("Some 5 hundred thousand fans.", "5 hundred thousand", 5e5, 0);
  one("Some 2 thousand million tons.", "2 thousand million", 2e9, 0);
  one("A 16,189-crore plan.", "16,189-crore", 1.6189e11, 0);
  one("A $5-million deal.", "5-million", 5e6, 0);
  one("It hit 4.5 Billion.", "4.5 Billion", 4.5e9, 0);

  /* One-letter forms must touch the digits, "b" needs a currency, and
   * "mm" in lower case is millimetres unless a currency sign is first. */
  one("A wall 2 m high.", "2", 2, 0);
  one("Phase 2b trial.", "2", 2, 0);
  one("A 5mm screw.", "5", 5, 0);
  one("They raised $10mm.", "10mm", 1e7, 0);
  one("About 5 K users.", "5", 5, 0);
  /* Magnitudes chain only upwards. */
  {
    const double w[] = { 3e6 };
    values("It is 3 million million.", 1, w);
  }
}

static void test_spelled(void)
{
  one("He had two hundred sheep.", "two hundred", 200, 1);
  one("Twenty-five people came.", "Twenty-five", 25, 1);
  one("Some twenty five people came.", "twenty five", 25, 1);
  one("Ten people came.", "Ten", 10, 1);
  one("Only one came.", "one", 1, 1);
  one("It was zero.", "zero", 0, 1);
  one("A crowd of nineteen waited.", "nineteen", 19, 1);
  one("It sold a million copies.", "a million", 1e6, 1);
  one("It sold A Million copies.", "A Million", 1e6, 1);
  one("Nearly a hundred thousand fans.", "a hundred thousand", 1e5, 1);
  one("About half a million people.", "half a million", 5e5, 1);
  one("One and a half million people.", "One and a half million", 1.5e6, 1);
  one("He waited two and a half hours.", "two and a half", 2.5, 1);
  one("It cost two-and-a-half billion.", "two-and-a-half billion", 2.5e9, 1);
  one("A million and a half came.", "A million and a half", 1.5e6, 1);
  none("A four-and-a-half-hour wait.");
  one("They counted two hundred and five.", "two hundred and five", 205,
      1);
  one("In nineteen hundred it began.", "nineteen hundred", 1900, 1);
  one("It cost three hundred twenty-five dollars.",
      "three hundred twenty-five", 325, 1);
  one("Over two million three hundred thousand voted.",
      "two million three hundred thousand", 2.3e6, 1);
  one("They paid five lakh rupees.", "five lakh", 5e5, 1);
  one("Ninety-nine thousand people.", "Ninety-nine thousand", 99000, 1);
  one("SEVEN people.", "SEVEN", 7, 1);
  {
    const double w[] = { 1, 2, 3 };
    values("One, two, three.", 3, w);
  }
  {
    const double w[] = { 1, 2, 3 };
    values("one two three", 3, w);
  }
  none("He read a book.");
  none("They live in Thousand Oaks.");
  none("A hundreds of millions story.");
  none("Someone tends to the tone of it.");
  none("It was a half measure.");
  none("Twentyfive is not a word.");
}

/* Does text tokenize into n tokens? */
static int splits_at_hyphen(const char *text, size_t n)
{
  glean_error err;
  size_t got = 0;
  glean_document *d = glean_document_new(text, strlen(text), NULL, NULL,
                                         &err);
  if (d != NULL) glean_document_tokens(d, &got);
  glean_document_free(d);
  return got == n;
}

static void test_ranges(void)
{
  range("It costs 3-4 billion dollars.", "3-4 billion", 3e9, 4e9, 0);
  range("It costs 3 to 4 million dollars.", "3 to 4 million", 3e6, 4e6, 0);
  range("It costs between 3 and 4 million dollars.", "3 and 4 million",
        3e6, 4e6, 0);
  range("Pages 3\xE2\x80\x93" "4 of it.", "3\xE2\x80\x93" "4", 3, 4, 0);
  range("Pages 3 \xE2\x80\x93 4 of it.", "3 \xE2\x80\x93 4", 3, 4, 0);
  range("It costs 1.5-2 million.", "1.5-2 million", 1.5e6, 2e6, 0);
  range("It costs 3bn \xE2\x80\x93 4bn.", "3bn \xE2\x80\x93 4bn", 3e9, 4e9,
        0);
  range("It costs 800 million \xE2\x80\x93 1.2 billion.",
        "800 million \xE2\x80\x93 1.2 billion", 8e8, 1.2e9, 0);
  range("Between two and three million people.", "two and three million",
        2e6, 3e6, 1);
  range("It took two to three hundred days.", "two to three hundred", 200,
        300, 1);
  range("In 2019-2020 it grew.", "2019-2020", 2019, 2020, 0);
  {
    /* A change, not a range. */
    const double w[] = { 3, 4e6 };
    values("It rose from 3 to 4 million.", 2, w);
  }
  {
    /* The low end may not pass the high end: a vote, a score. */
    const double w[] = { 5, 4 };
    values("They voted 5 to 4.", 2, w);
  }
  {
    const double w[] = { 1990, 91 };
    values("In 1990-91 it fell.", 2, w);
  }
  {
    const double w[] = { 3e6, 4 };   /* "million - 4": no range */
    values("It was 3 million \xE2\x80\x93 4 later.", 2, w);
  }
  /* With a hyphen, these depend on the tokenizer splitting "bn-4bn" and
   * "million-1.2" at the hyphen; it glues a word, a hyphen and digits
   * into one token (for "COVID-19"), so they are checked only when it
   * splits them. */
  if (splits_at_hyphen("3bn-4bn", 5)) {
    range("It costs 3bn-4bn.", "3bn-4bn", 3e9, 4e9, 0);
    range("It costs 800 million-1.2 billion.", "800 million-1.2 billion",
          8e8, 1.2e9, 0);
    {
      const double w[] = { 3e6, 4 };
      values("It was 3 million-4 later.", 2, w);
    }
  } else {
    printf("test_numbers: note: tokenizer keeps \"bn-4bn\" whole; "
           "hyphenated magnitude ranges not checked\n");
  }
  {
    /* Hyphen chains are dates or codes. */
    const double w[] = { 2020, 5, 12 };
    values("On 2020-05-12 it rained.", 3, w);
  }
  {
    /* A spaced hyphen is not a range mark. */
    const double w[] = { 3, 4 };
    values("Scores 3 - 4 today.", 2, w);
  }
  {
    const double w[] = { 3, 4 };   /* "and" without "between" */
    values("It took 3 and 4 days.", 2, w);
  }
}

static void test_document_order(void)
{
  const char *t = "On 3 May, 2,500 people paid $1.5 million, or two "
                  "hundred each, for 3-4 days.";
  view v = open_text(t);
  CHECK_EQ_INT(v.nn, 5);
  if (v.nn == 5) {
    CHECK_SPAN(t, v.n[0].start, v.n[0].end, "3");
    CHECK_SPAN(t, v.n[1].start, v.n[1].end, "2,500");
    CHECK_SPAN(t, v.n[2].start, v.n[2].end, "1.5 million");
    CHECK_SPAN(t, v.n[3].start, v.n[3].end, "two hundred");
    CHECK_SPAN(t, v.n[4].start, v.n[4].end, "3-4");
    CHECK_EQ_INT(v.n[3].spelled, 1);
    CHECK_EQ_INT(v.n[4].is_range, 1);
    CHECK_EQ_INT(v.n[2].last - v.n[2].first, 2);
  }
  close_view(&v);
}

/* ---- hostile input ------------------------------------------------------- */

static void test_hostile(void)
{
  size_t n = 500000, i;
  char *s = malloc(n + 32);
  clock_t t0;
  view v;
  if (s == NULL) return;

  /* One 500,000-digit number, then a magnitude word. */
  memset(s, '7', n);
  memcpy(s + n, " million.", 10);
  t0 = clock();
  v = open_text(s);
  CHECK_EQ_INT(v.nn, 1);
  if (v.nn == 1) {
    CHECK(v.n[0].value == DBL_MAX);
    CHECK_EQ_INT(v.n[0].end, n + 8);
  }
  close_view(&v);
  CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);

  /* 100,000 groups of a no-break-spaced numeral, ending in ",5" (which
   * stops the chain): every group is read a bounded number of times. */
  free(s);
  s = malloc(100000 * 5 + 16);
  if (s == NULL) return;
  memcpy(s, "1", 1);
  for (i = 0; i < 100000; i++) memcpy(s + 1 + i * 5, "\xC2\xA0" "000", 5);
  memcpy(s + 1 + 100000 * 5, ",5", 3);
  t0 = clock();
  v = open_text(s);
  CHECK(v.nn >= 1);
  CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 2.0);
  close_view(&v);
  free(s);

  /* Many number words and connectors in a row. */
  {
    static const char *const parts[] = {
      "one ", "two ", "hundred ", "thousand ", "million ", "and ", "a ",
      "half ", "to ", "- ", "-", "3", "4,5", "1,000", ".", "between ",
      "twenty-five ", "bn ", "m ", "k", "\xE2\x80\x93", "from ", "lakh "
    };
    size_t nparts = sizeof parts / sizeof *parts, p = 0;
    uint32_t seed = 99;
    char *t = malloc(300000 * 13 + 1);
    if (t != NULL) {
      for (i = 0; i < 300000; i++) {
        const char *u;
        seed = seed * 1103515245u + 12345u;
        u = parts[(seed >> 16) % nparts];
        memcpy(t + p, u, strlen(u));
        p += strlen(u);
      }
      t[p] = '\0';
      t0 = clock();
      v = open_text(t);
      CHECK(v.nn > 1000);
      CHECK((double)(clock() - t0) / CLOCKS_PER_SEC < 3.0);
      close_view(&v);
      free(t);
    }
  }
}

int main(void)
{
  test_parse_digits();
  test_magnitude_word();
  test_digit_numbers();
  test_magnitudes();
  test_spelled();
  test_ranges();
  test_document_order();
  test_hostile();
  return CHECK_DONE("test_numbers");
}
