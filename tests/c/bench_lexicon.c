/* bench_lexicon.c — load time, memory and match speed of a 1M-entry
 * lexicon over news-like text.
 *
 *   make build/obj/libglean.a
 *   cc -O2 -std=c11 -Iinclude tests/c/bench_lexicon.c build/obj/libglean.a \
 *      -lpcre2-8 -o build/bench_lexicon
 *   build/bench_lexicon [entries [fold% [first-words]]]
 *
 * fold% (default 20) is the share of case-folded entries; with 0 or 100
 * a match walks one trie per token instead of two. first-words (default
 * 0: no limit) draws every phrase's first word from a pool of that size,
 * as in a real list of names.
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "glean.h"

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Tracks live and peak bytes of everything the lexicon allocates. */
typedef struct counting {
  size_t live, peak;
} counting;

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
  counting *c = ud;
  if (ptr == NULL) osize = 0;
  if (nsize == 0) {
    c->live -= osize;
    free(ptr);
    return NULL;
  }
  ptr = realloc(ptr, nsize);
  if (ptr != NULL) {
    c->live += nsize - osize;
    if (c->live > c->peak) c->peak = c->live;
  }
  return ptr;
}

/* xorshift64*: its high bits are good enough for test data. */
static uint32_t rnd(uint64_t *s)
{
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return (uint32_t)((*s * 0x2545F4914F6CDD1Dull) >> 32);
}

/* A capitalized pseudo-name of min to min + 2 syllables. */
static size_t make_name(uint64_t *s, char *out, size_t min)
{
  static const char *const syl[] = {
    "an", "ber", "ca", "dor", "el", "fin", "ga", "hal", "is", "jo",
    "ka", "lan", "mo", "ner", "os", "pe", "qua", "ri", "sol", "ta",
    "ur", "vek", "wen", "xi", "ya", "zor", "mi", "lo", "ste", "tri"
  };
  size_t n = 0, k, nsyl = min + rnd(s) % 3;
  for (k = 0; k < nsyl; k++) {
    const char *p = syl[rnd(s) % 30];
    size_t l = strlen(p);
    memcpy(out + n, p, l);
    n += l;
  }
  out[0] = (char)(out[0] - 'a' + 'A');
  return n;
}

static const char *const org_words[] = {
  "Holdings", "Group", "Bank", "Motors", "Energy", "Partners", "Capital",
  "Systems", "Airlines", "Foods"
};

/* Entry k: a person (two names), an organization (a name and a word),
 * or a place (one name), as phrase text in out. With a pool, the first
 * word is one of `pool` names and a second name always follows. */
static size_t make_phrase(uint64_t *s, size_t k, size_t pool, char *out,
                          const char **label)
{
  size_t n;
  if (pool > 0) {
    uint64_t first = 1 + rnd(s) % pool;
    n = make_name(&first, out, 2);
    out[n++] = ' ';
    n += make_name(s, out + n, 3);
  } else {
    n = make_name(s, out, k % 3 ? 4 : 2);
  }
  switch (k % 3) {
  case 0:
    if (pool == 0) {
      out[n++] = ' ';
      n += make_name(s, out + n, 2);
    }
    *label = "PERSON";
    break;
  case 1: {
    const char *w = org_words[rnd(s) % 10];
    out[n++] = ' ';
    memcpy(out + n, w, strlen(w));
    n += strlen(w);
    *label = "ORG";
    break;
  }
  default:
    *label = "PLACE";
    break;
  }
  return n;
}

/* Sentences in the register of a news wire, written for this benchmark;
 * "@" is replaced by a name from the lexicon. */
static const char *const sentences[] = {
  "The central bank held interest rates steady on Tuesday, citing slower "
  "growth in the second quarter.",
  "@ said the company expected revenue of $3.2 billion this year, up "
  "from $2.9 billion.",
  "\"We are not going to rush this,\" @ told reporters after the meeting.",
  "Shares of @ fell 4.5% in early trading in New York.",
  "Officials in the capital declined to comment on the report, which was "
  "first published by a local newspaper.",
  "The deal, valued at about 1.8 billion euros, still needs approval from "
  "regulators in Brussels.",
  "Analysts had expected a loss of 12 cents a share, according to a poll.",
  "@ and @ signed the agreement at a ceremony on Friday.",
  "Heavy rain forced the closure of several roads and two schools, the "
  "mayor's office said.",
  "The union, which represents about 40,000 workers, called the offer "
  "\"an insult\" and vowed to continue the strike.",
};

/* The same phrases through glean_lexicon_load_file (a temporary file). */
static void bench_load_file(char **names, const size_t *plen,
                            const char **labels, size_t nentries)
{
  const char *path = "build/bench_lexicon.tmp";
  FILE *f = fopen(path, "wb");
  glean_lexicon *lex;
  glean_error err;
  size_t k, loaded, skipped, bad;
  double t0;
  if (f == NULL) return;
  for (k = 0; k < nentries; k++)
    fprintf(f, "%.*s\t%s\tQ%zu\n", (int)plen[k], names[k], labels[k], k);
  fclose(f);
  lex = glean_lexicon_new(NULL, &err);
  t0 = now();
  if (lex != NULL &&
      glean_lexicon_load_file(lex, path, "X", GLEAN_LEX_EXACT, &loaded,
                              &skipped, &bad, &err) == GLEAN_OK)
    printf("load_file: %zu lines (all with a value) in %.3f s\n", loaded,
           now() - t0);
  glean_lexicon_free(lex);
  remove(path);
}

int main(int argc, char **argv)
{
  size_t nentries = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 1000000;
  size_t fold_pct = argc > 2 ? (size_t)strtoul(argv[2], NULL, 10) : 20;
  size_t pool = argc > 3 ? (size_t)strtoul(argv[3], NULL, 10) : 0;
  counting c = { 0, 0 };
  glean_allocator a = { counting_alloc, &c };
  glean_error err;
  glean_lexicon *lex;
  glean_document *doc;
  glean_lex_match *m;
  char *phrases, *text, **names;
  size_t *plen, k, pos, tlen, target = 20u << 20, n = 0, reps = 5, r;
  const char **labels;
  uint64_t seed = 88172645463325252ull;
  double t0, t_add, t_match, t_doc;

  phrases = malloc(nentries * 64);
  plen = malloc(nentries * sizeof *plen);
  labels = malloc(nentries * sizeof *labels);
  names = malloc(nentries * sizeof *names);
  text = malloc(target + 4096);
  if (!phrases || !plen || !labels || !names || !text) return 1;
  for (k = 0, pos = 0; k < nentries; k++) {
    names[k] = phrases + pos;
    plen[k] = make_phrase(&seed, k, pool, phrases + pos, &labels[k]);
    pos += plen[k] + 1;
    phrases[pos - 1] = '\0';
  }

  lex = glean_lexicon_new(&a, &err);
  if (lex == NULL) return 1;
  t0 = now();
  for (k = 0; k < nentries; k++) {
    char value[24];
    /* One entry in 4 has its own value (the worst case for the value
     * pool). */
    if (k % 4 == 0) sprintf(value, "Q%zu", k);
    if (glean_lexicon_add(lex, names[k], plen[k], labels[k],
                          k % 4 == 0 ? value : NULL,
                          k % 100 < fold_pct ? GLEAN_LEX_FOLD : GLEAN_LEX_EXACT,
                          &err) != GLEAN_OK) {
      fprintf(stderr, "add: %s\n", err.message);
      return 1;
    }
  }
  t_add = now() - t0;
  printf("add: %zu phrases (%zu%% folded), %zu entries in %.3f s "
         "(%.0f ns/entry)\n", nentries, fold_pct, glean_lexicon_size(lex),
         t_add, t_add * 1e9 / (double)nentries);
  printf("memory: %.1f MB live, %.1f MB peak (%.0f bytes/entry)\n",
         c.live / 1048576.0, c.peak / 1048576.0,
         (double)c.live / (double)nentries);
  bench_load_file(names, plen, labels, nentries);

  /* News-like text with a lexicon name every few sentences. */
  for (tlen = 0, k = 0; tlen < target; k++) {
    const char *s = sentences[rnd(&seed) % 10], *p;
    for (p = s; *p; p++) {
      if (*p == '@') {
        size_t i = rnd(&seed) % nentries;
        memcpy(text + tlen, names[i], plen[i]);
        tlen += plen[i];
      } else {
        text[tlen++] = *p;
      }
    }
    text[tlen++] = k % 5 == 4 ? '\n' : ' ';
    if (k % 20 == 19) text[tlen++] = '\n';
  }
  t0 = now();
  doc = glean_document_new(text, tlen, NULL, NULL, &err);
  t_doc = now() - t0;
  if (doc == NULL) {
    fprintf(stderr, "document: %s\n", err.message);
    return 1;
  }
  {
    size_t ntok;
    glean_document_tokens(doc, &ntok);
    printf("document: %.1f MB, %zu tokens, built in %.3f s (not counted)\n",
           tlen / 1048576.0, ntok, t_doc);
  }
  t0 = now();
  for (r = 0; r < reps; r++) {
    n = glean_lexicon_match(lex, doc, &m, &err);
    if (n == (size_t)-1) {
      fprintf(stderr, "match: %s\n", err.message);
      return 1;
    }
    glean_free(&a, m, n * sizeof *m);
  }
  t_match = (now() - t0) / (double)reps;
  printf("match: %zu matches in %.3f s: %.0f MB/s\n", n, t_match,
         tlen / 1048576.0 / t_match);

  glean_document_free(doc);
  glean_lexicon_free(lex);
  printf("after free: %zu bytes live\n", c.live);
  free(phrases);
  free(plen);
  free(labels);
  free(names);
  free(text);
  return 0;
}
