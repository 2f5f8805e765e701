/* json.h — pieces of JSON text: strings and numbers (json.c). */
#ifndef GLEAN_JSON_H
#define GLEAN_JSON_H

#include <stdbool.h>
#include <stddef.h>

/* Most bytes glean_json_string writes for n bytes of input (every byte
 * may become a six-byte \u00XX escape), quotes included. */
#define GLEAN_JSON_STRING_MAX(n) (6 * (n) + 2)
/* Most bytes glean_json_number writes. */
#define GLEAN_JSON_NUMBER_MAX 40

/* Writes s[0..n) to out as a JSON string in quotes: invalid UTF-8 bytes
 * become U+FFFD; '"', '\\' and control characters (iscntrl) are escaped
 * (\b \f \n \r \t, else \u00xx). Returns the bytes written. */
size_t glean_json_string(char *out, const char *s, size_t n);

/* Writes v to out in decimal (what printf's %lld writes). Returns the
 * bytes written (at most 20; no terminating NUL). */
size_t glean_json_integer(char *out, long long v);

/* Writes x to out: integers in (-2^53, 2^53) without a fraction, other
 * numbers with the fewest of 15, 16 or 17 significant digits that read
 * back as x (else 17), NaN and infinities as null. Returns the bytes
 * written (no terminating NUL). */
size_t glean_json_number(char *out, double x);

#endif
