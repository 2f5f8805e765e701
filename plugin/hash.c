/* hash.c — 64-bit hashes of token text, exact and case-folded.
 *
 * The text is read as little-endian 64-bit words (the last one padded
 * with zeros), each mixed in with a multiply and a shift, and the length
 * is mixed in at the end. glean_hash_folded feeds the UTF-8 bytes of the
 * folded code points through the same word builder without a buffer, so
 * glean_hash_folded(s) == glean_hash_bytes(fold(s)) and folding text that
 * is already lowercase changes nothing.
 */
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
