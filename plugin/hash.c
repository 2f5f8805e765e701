/* hash.c — 64-bit hashes of token text, exact and case-folded.
 *
 * The text is read as little-endian 64-bit words (the last one padded
 * with zeros), each mixed in with a multiply and a shift, and the length
 * is mixed in at the end. glean_hash_folded feeds the UTF-8 bytes of the
 * folded code points through the same word builder without a buffer, so
 * glean_hash_folded(s) == glean_hash_bytes(fold(s)) and folding text that
 * is already lowercase changes nothing.
 */
#include <string.h>
#include "internal.h"

#define K1 0x9E3779B97F4A7C15u  /* 2^64 / golden ratio */
#define K2 0xC2B2AE3D27D4EB4Fu
#define SEED 0x243F6A8885A308D3u

/* Murmur3's finalizer: every input bit reaches every output bit. */
static uint64_t fmix64(uint64_t h) {
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDu;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53u;
  h ^= h >> 33;
  return h;
}

static uint64_t absorb(uint64_t h, uint64_t w) {
  h = (h ^ (w * K1)) * K2;
  return h ^ (h >> 29);
}

static uint64_t finish(uint64_t h, size_t len) {
  h = fmix64(h ^ ((uint64_t)len * K1));
  return h ? h : 1;  /* 0 marks empty slots */
}

/* Compilers turn this into one load on little-endian machines. */
static uint64_t load64(const unsigned char *p) {
  return (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
         (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32 |
         (uint64_t)p[5] << 40 | (uint64_t)p[6] << 48 | (uint64_t)p[7] << 56;
}

uint64_t glean_hash_bytes(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  uint64_t h = SEED;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) h = absorb(h, load64(p + i));
  if (i < len) {
    uint64_t w = 0;
    for (unsigned k = 0; i + k < len; k++) w |= (uint64_t)p[i + k] << (8 * k);
    h = absorb(h, w);
  }
  return finish(h, len);
}

/* Builds 64-bit words one byte at a time. */
typedef struct word_builder {
  uint64_t h, w;
  unsigned n;     /* bytes in w */
  size_t len;     /* bytes fed in total */
} word_builder;

static void feed(word_builder *b, unsigned char c) {
  b->w |= (uint64_t)c << (8 * b->n);
  b->len++;
  if (++b->n == 8) {
    b->h = absorb(b->h, b->w);
    b->w = 0;
    b->n = 0;
  }
}

uint64_t glean_hash_folded(const char *s, size_t len) {
  const unsigned char *p = (const unsigned char *)s;
  word_builder b = {SEED, 0, 0, 0};
  size_t i = 0;
  while (i < len) {
    unsigned char c = p[i];
    if (c < 0x80) {
      feed(&b, c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c);
      i++;
      continue;
    }
    size_t adv;
    uint32_t cp = glean_utf8_decode(s + i, len - i, &adv);
    if (cp == GLEAN_BAD_CP) {
      feed(&b, c);  /* invalid bytes hash as themselves */
      i++;
      continue;
    }
    char buf[4];
    size_t n = glean_utf8_encode(glean_cp_fold(cp), buf);
    for (size_t k = 0; k < n; k++) feed(&b, (unsigned char)buf[k]);
    i += adv;
  }
  if (b.n) b.h = absorb(b.h, b.w);
  return finish(b.h, b.len);
}

uint64_t glean_hash_combine(uint64_t h, uint64_t token_hash) {
  h = fmix64((h * K1) ^ token_hash ^ K2);
  return h ? h : 1;
}

/* ---- both hashes of a token in a text ---------------------------------- */

#if defined(__BYTE_ORDER__) && defined(__ORDER_LITTLE_ENDIAN__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define HASH_LITTLE_ENDIAN 1
#else
#define HASH_LITTLE_ENDIAN 0
#endif

#define ONES 0x0101010101010101u
#define HIGH (ONES * 0x80u)

/* The 8 bytes at p as one word (one unaligned load). */
static uint64_t loadu64(const unsigned char *p) {
  uint64_t w;
  memcpy(&w, p, sizeof w);
  return w;
}

/* w with its ASCII capitals in lower case, other bytes as they are. On
 * the low 7 bits of each byte, adding 0x80 - 'A' sets the high bit when
 * they are >= 'A', adding 0x80 - 'Z' - 1 when they are > 'Z', and no sum
 * carries into the next byte; a capital (high bit clear in w) then gets
 * its 0x20 bit. */
static uint64_t fold_ascii(uint64_t w) {
  uint64_t low = w & ~HIGH;
  uint64_t ge_a = low + ONES * (0x80u - 'A');
  uint64_t gt_z = low + ONES * (0x80u - 'Z' - 1u);
  return w | ((ge_a & ~gt_z & ~w & HIGH) >> 2);
}

/* May folding change a non-ASCII byte of s? glean_cp_fold changes only
 * code points below U+0530 (lead bytes 0xC2-0xD4) and in U+1E00-U+1EFF
 * (lead byte 0xE1); other bytes, valid or not, fold to themselves, so
 * without those leads folding touches ASCII letters only. Curly quotes,
 * dashes and most scripts outside Europe pass. */
static bool has_cased_lead(const unsigned char *s, size_t len) {
  size_t i;
  for (i = 0; i < len; i++)
    if ((s[i] >= 0xC2 && s[i] <= 0xD4) || s[i] == 0xE1) return true;
  return false;
}

/* The last rem (1..7) bytes of the token ending at text[end], zero-padded
 * as glean_hash_bytes pads: from the word that ends where the token
 * ends, or, near the start of the text, from its first word. */
static uint64_t tail_word(const unsigned char *t, size_t end, size_t rem) {
  if (end >= 8) return loadu64(t + end - 8) >> (8 * (8 - rem));
  return (loadu64(t) >> (8 * (end - rem))) & (((uint64_t)1 << (8 * rem)) - 1);
}

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

/* Tokens longer than a word, and the portable way: kept out of
 * glean_hash_token so that the common case needs few registers. */
static NOINLINE void hash_token_long(const char *text, size_t text_len,
                                     size_t start, size_t end,
                                     uint64_t *exact, uint64_t *folded) {
  const unsigned char *t = (const unsigned char *)text;
  size_t len = end - start, i, rem;
  uint64_t hx = SEED, hf = SEED, bytes = 0, changed = 0, w, f;
  if (!HASH_LITTLE_ENDIAN || text_len < 8) {
    *exact = glean_hash_bytes(text + start, len);
    if (folded) *folded = glean_hash_folded(text + start, len);
    return;
  }
  for (i = 0; i + 8 <= len; i += 8) {
    w = loadu64(t + start + i);
    bytes |= w;
    hx = absorb(hx, w);
    f = fold_ascii(w);
    changed |= f ^ w;
    hf = absorb(hf, f);
  }
  rem = len - i;
  if (rem > 0) {
    w = tail_word(t, end, rem);
    bytes |= w;
    hx = absorb(hx, w);
    f = fold_ascii(w);
    changed |= f ^ w;
    hf = absorb(hf, f);
  }
  *exact = finish(hx, len);
  if (folded == NULL) return;
  if ((bytes & HIGH) && has_cased_lead(t + start, len))
    *folded = glean_hash_folded(text + start, len);
  else
    *folded = changed ? finish(hf, len) : *exact;
}

void glean_hash_token(const char *text, size_t text_len, size_t start,
                      size_t end, uint64_t *exact, uint64_t *folded) {
  const unsigned char *t = (const unsigned char *)text;
  size_t len = end - start;
  uint64_t w, f;
  if (len - 1 >= 8 || !HASH_LITTLE_ENDIAN || text_len < 8) {
    hash_token_long(text, text_len, start, end, exact, folded);
    return;
  }
  /* most tokens: one word */
  w = len == 8 ? loadu64(t + start) : tail_word(t, end, len);
  *exact = finish(absorb(SEED, w), len);
  if (folded == NULL) return;
  f = fold_ascii(w);
  if ((w & HIGH) && has_cased_lead(t + start, len))
    *folded = glean_hash_folded(text + start, len);
  else
    *folded = f == w ? *exact : finish(absorb(SEED, f), len);
}
