/* test_json.c — JSON strings (escapes, UTF-8 repair) and numbers. */
#include <math.h>
#include <string.h>
#include "check.h"
#include "json.h"

/* glean_json_string of s (n bytes) equals want. */
static int string_is(const char *s, size_t n, const char *want) {
  char out[GLEAN_JSON_STRING_MAX(64)];
  size_t len;
  if (n > 64) return 0;
  len = glean_json_string(out, s, n);
  return len == strlen(want) && memcmp(out, want, len) == 0;
}

static int number_is(double x, const char *want) {
  char out[GLEAN_JSON_NUMBER_MAX];
  size_t len = glean_json_number(out, x);
  return len == strlen(want) && memcmp(out, want, len) == 0;
}

static void test_strings(void) {
  CHECK(string_is("", 0, "\"\""));
  CHECK(string_is("Acme Corp", 9, "\"Acme Corp\""));
  CHECK(string_is("a\"b\\c/", 6, "\"a\\\"b\\\\c/\""));   /* "/" stays */
  CHECK(string_is("\b\f\n\r\t", 5, "\"\\b\\f\\n\\r\\t\""));
  CHECK(string_is("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\""));
  CHECK(string_is("a\0b", 3, "\"a\\u0000b\""));
  /* Valid UTF-8 is copied: é, “, an emoji, U+10FFFF. */
  CHECK(string_is("\xC3\xA9\xE2\x80\x9C", 5, "\"\xC3\xA9\xE2\x80\x9C\""));
  CHECK(string_is("\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF", 8,
                  "\"\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF\""));
}

static void test_repair(void) {
  const char *r = "\xEF\xBF\xBD";
  char want[64];
  /* Each invalid byte is one U+FFFD: a lone continuation, a cut
   * sequence at the end, an overlong "/", a surrogate, past U+10FFFF. */
  snprintf(want, sizeof want, "\"a%sb%s%s\"", r, r, r);
  CHECK(string_is("a\xFF" "b\xE2\x80", 5, want));
  snprintf(want, sizeof want, "\"%s%s\"", r, r);
  CHECK(string_is("\xC0\xAF", 2, want));
  snprintf(want, sizeof want, "\"%s%s%s\"", r, r, r);
  CHECK(string_is("\xED\xA0\x80", 3, want));
  snprintf(want, sizeof want, "\"%s%s%s%s\"", r, r, r, r);
  CHECK(string_is("\xF4\x90\x80\x80", 4, want));
  /* A bad byte before a good sequence leaves the sequence whole. */
  snprintf(want, sizeof want, "\"%s\xC3\xA9\"", r);
  CHECK(string_is("\xC3\xC3\xA9", 3, want));
}

static void test_numbers(void) {
  CHECK(number_is(0, "0"));
  CHECK(number_is(-0.0, "0"));
  CHECK(number_is(25.0, "25"));
  CHECK(number_is(-3, "-3"));
  CHECK(number_is(1500000, "1500000"));
  CHECK(number_is(0.1, "0.1"));
  CHECK(number_is(1.5, "1.5"));
  CHECK(number_is(1e300, "1e+300"));
  CHECK(number_is(1.0 / 3, "0.3333333333333333"));   /* 16 digits */
  CHECK(number_is(9007199254740991.0, "9007199254740991"));
  CHECK(number_is(9007199254740992.0, "9007199254740992"));   /* 2^53 */
  CHECK(number_is(NAN, "null"));
  CHECK(number_is(INFINITY, "null"));
  CHECK(number_is(-INFINITY, "null"));
}

int main(void) {
  test_strings();
  test_repair();
  test_numbers();
  return CHECK_DONE("test_json");
}
