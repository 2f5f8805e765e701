/* json.c — pieces of JSON text: strings and numbers.
 *
 * The rules are those of lua/glean/json.lua, which falls back to its own
 * Lua code for values this does not cover: the same bytes come out either
 * way. A string is read once, left to right: ASCII bytes are copied or
 * escaped, a valid UTF-8 sequence is copied whole, and any other byte
 * becomes U+FFFD (overlong forms, surrogates and code points past
 * U+10FFFF are invalid).
 */
#include "json.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s[i] (2..4), or 0 when invalid.
 * s[i] is not ASCII. */
static size_t seq_len(const unsigned char *s, size_t i, size_t n)
{
  unsigned c = s[i], lo = 0x80, hi = 0xBF;
  size_t len, k;
  if (c >= 0xC2 && c <= 0xDF) len = 2;
  else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;
    else if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    else if (c == 0xF4) hi = 0x8F;
  } else return 0;
  if (i + len > n) return 0;
  if (s[i + 1] < lo || s[i + 1] > hi) return 0;
  for (k = 2; k < len; k++)
    if (s[i + k] < 0x80 || s[i + k] > 0xBF) return 0;
  return len;
}

/* 1 for the bytes copied as they are: printable ASCII other than '"' and
 * '\\' (no locale makes those control characters). */
static const unsigned char plain[256] = {
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};

size_t glean_json_string(char *out, const char *str, size_t n)
{
  static const char hex[] = "0123456789abcdef";
  const unsigned char *s = (const unsigned char *)str;
  char *o = out;
  size_t i = 0;
  *o++ = '"';
  while (i < n) {
    unsigned c = s[i];
    /* A run of plain bytes (most of a text) is copied at once. */
    if (plain[c]) {
      size_t j = i + 1;
      while (j < n && plain[s[j]]) j++;
      memcpy(o, s + i, j - i);
      o += j - i;
      i = j;
      continue;
    }
    if (c >= 0x80) {
      size_t len = seq_len(s, i, n);
      if (len == 0) {
        memcpy(o, "\xEF\xBF\xBD", 3);
        o += 3;
        i++;
      } else {
        memcpy(o, s + i, len);
        o += len;
        i += len;
      }
      continue;
    }
    i++;
    if (c == '"' || c == '\\') {
      *o++ = '\\';
      *o++ = (char)c;
    } else if (iscntrl((int)c)) {
      *o++ = '\\';
      switch (c) {
      case '\b': *o++ = 'b'; break;
      case '\f': *o++ = 'f'; break;
      case '\n': *o++ = 'n'; break;
      case '\r': *o++ = 'r'; break;
      case '\t': *o++ = 't'; break;
      default:
        *o++ = 'u';
        *o++ = '0';
        *o++ = '0';
        *o++ = hex[c >> 4];
        *o++ = hex[c & 15];
      }
    } else {
      *o++ = (char)c;
    }
  }
  *o++ = '"';
  return (size_t)(o - out);
}

size_t glean_json_integer(char *out, long long v)
{
  char digits[24];
  size_t n = 0, k = 0;
  /* Negated as unsigned: no overflow even for the most negative value. */
  unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v
                               : (unsigned long long)v;
  do {
    digits[n++] = (char)('0' + (int)(u % 10));
    u /= 10;
  } while (u != 0);
  if (v < 0) out[k++] = '-';
  while (n > 0) out[k++] = digits[--n];
  return k;
}

size_t glean_json_number(char *out, double x)
{
  int digits, len;
  if (x != x || isinf(x)) {
    memcpy(out, "null", 4);
    return 4;
  }
  if (x == floor(x) && x > -9007199254740992.0 && x < 9007199254740992.0)
    return glean_json_integer(out, (long long)x);
  for (digits = 15; digits <= 17; digits++) {
    len = snprintf(out, GLEAN_JSON_NUMBER_MAX, "%.*g", digits, x);
    if (strtod(out, NULL) == x) return (size_t)len;
  }
  return (size_t)snprintf(out, GLEAN_JSON_NUMBER_MAX, "%.17g", x);
}
