/* bench_tokenize.c — tokenizer and document build speed over ~20 MB of
 * news-like text (a few paragraphs written for this, repeated).
 *
 *   make build/obj/libglean.a
 *   cc -O2 -std=c11 -Iinclude -Iplugin tests/c/bench_tokenize.c \
 *      build/obj/libglean.a -lpcre2-8 -o build/bench_tokenize
 *   build/bench_tokenize [megabytes]
 *
 * Prints MB/s for the bare tokenizer loop and for glean_document_new
 * (tokens, paragraphs, sentences, quotation marks and numbers), over the
 * whole text as one document and as articles of a few KB (where memory
 * is reused instead of faulted in fresh).
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "internal.h"

static const char sample[] =
  "WASHINGTON (Reuters) - The U.S. Commerce Department on Tuesday added "
  "Huawei's cloud unit to a trade blacklist, a move that officials said "
  "could cost the company $3.5bn a year. \"We will not let companies that "
  "threaten our security profit from our technology,\" Commerce Secretary "
  "Gina Raimondo told reporters at 10 a.m. in Washington.\n\n"
  "Shares of the Shenzhen-based firm's suppliers fell 4.2% in early "
  "trading, wiping about US$1,200,000,000 off their value. Mr. Li Wei, an "
  "analyst at Daiwa Capital Markets Ltd., said the measures were "
  "\xE2\x80\x9C" "harsher than expected\xE2\x80\x9D and that investors "
  "hadn't priced them in.\n\n"
  "In Paris, Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale and the "
  "ministry of the economy declined to comment. Ngozi Okonjo-Iweala, the "
  "head of the World Trade Organization, urged both sides to return to "
  "talks: \xE2\x80\x98We cannot afford a new round of tariffs,\xE2\x80\x99 "
  "she said, adding that the 2019-20 dispute had cut global growth by "
  "0.8 percentage points.\n\n"
  "The European Union's trade chief, Valdis Dombrovskis, is expected to "
  "visit Beijing on Oct. 12 \xE2\x80\x94 his first trip since 2021 \xE2\x80\x94 "
  "to discuss market access for 27 member states, according to two "
  "people familiar with the plans who asked not to be named.\n\n";

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Best of five timings of building documents over text: one document of
 * the whole text when article == 0, else one per article-sized slice. */
static double time_documents(const char *text, size_t len, size_t article,
                             size_t *nsent) {
  double best = 1e9;
  for (int round = 0; round < 5; round++) {
    double t0 = now();
    size_t step = article ? article : len;
    *nsent = 0;
    for (size_t off = 0; off + step <= len; off += step) {
      glean_error err;
      glean_document *doc = glean_document_new(text + off, step, NULL, NULL,
                                                &err);
      if (!doc) {
        fprintf(stderr, "bench_tokenize: %s\n", err.message);
        exit(1);
      }
      size_t n;
      glean_document_sentences(doc, &n);
      *nsent += n;
      glean_document_free(doc);
    }
    double t = now() - t0;
    if (t < best) best = t;
  }
  return best;
}

int main(int argc, char **argv) {
  size_t mb = argc > 1 ? (size_t)atoi(argv[1]) : 20;
  size_t n = sizeof sample - 1, len = 0;
  size_t want = (mb ? mb : 20) << 20;
  want -= want % n;  /* whole samples, so articles split evenly */
  char *text = malloc(want);
  if (!text) return 1;
  while (len < want) {
    memcpy(text + len, sample, n);
    len += n;
  }

  double best_tok = 1e9;
  size_t ntok = 0;
  for (int round = 0; round < 5; round++) {
    glean_tokenizer t;
    glean_token tok;
    double t0 = now();
    ntok = 0;
    glean_tokenizer_init(&t, text, len, NULL);
    while (glean_tokenizer_next(&t, &tok)) ntok++;
    double dt = now() - t0;
    if (dt < best_tok) best_tok = dt;
  }
  size_t nsent_one, nsent_many;
  double best_one = time_documents(text, len, 0, &nsent_one);
  double best_many = time_documents(text, len, 4 * n, &nsent_many);

  double mbytes = (double)len / (1 << 20);
  printf("text %.1f MB, %zu tokens, %zu sentences\n", mbytes, ntok,
         nsent_one);
  printf("tokenizer loop             %8.1f MB/s\n", mbytes / best_tok);
  printf("document, one 20 MB text   %8.1f MB/s\n", mbytes / best_one);
  printf("document, %zu-byte articles %7.1f MB/s\n", 4 * n,
         mbytes / best_many);
  free(text);
  return 0;
}
