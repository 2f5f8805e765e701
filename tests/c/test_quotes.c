/* test_quotes.c — quotation mark pairing: families, nesting, apostrophes,
 * multi-paragraph quotations, stray marks and hostile inputs. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "glean.h"
#include "check.h"

/* ---- helpers ------------------------------------------------------------- */

typedef struct view {
  glean_document *doc;
  const char *text;
  const glean_token *toks;
  size_t ntoks;
  const glean_quote *q;
  size_t nq;
} view;

/* Checks what must hold for any input: spans match their marks, flags
 * sit exactly on paired marks, output is in document order, children lie
 * inside their parents, groups point back to an open first piece. */
static void check_invariants(const view *v)
{
  size_t i, nopen = 0, nclose = 0, bad = 0;
  for (i = 0; i < v->nq; i++) {
    const glean_quote *q = &v->q[i];
    if (q->open >= v->ntoks || q->start != v->toks[q->open].start) bad++;
    if (q->closed) {
      if (q->close >= v->ntoks || q->close <= q->open ||
          q->end != v->toks[q->close].end ||
          !(v->toks[q->close].flags & GLEAN_TF_QUOTE_CLOSE))
        bad++;
    } else if (q->close != UINT32_MAX) {
      bad++;
    }
    if (!(v->toks[q->open].flags & GLEAN_TF_QUOTE_OPEN)) bad++;
    if (i > 0 && q->start <= v->q[i - 1].start) bad++;
    if (q->parent >= (int32_t)i || q->parent < -1) {
      bad++;
    } else if (q->parent >= 0) {
      const glean_quote *p = &v->q[q->parent];
      if (q->start <= p->start || q->end > p->end) bad++;
      if (q->depth != p->depth + 1) bad++;
    } else if (q->depth != 0) {
      bad++;
    }
    if (q->depth > 16) bad++;
    if (q->group < 0 || q->group > (int32_t)i) bad++;
    else if (q->group != (int32_t)i && v->q[q->group].closed) bad++;
    if (i > 0 && q->parent < 0 && q->start < v->q[i - 1].end &&
        v->q[i - 1].parent < 0)
      bad++;   /* top-level quotes do not overlap */
  }
  for (i = 0; i < v->ntoks; i++) {
    if (v->toks[i].flags & GLEAN_TF_QUOTE_OPEN) nopen++;
    if (v->toks[i].flags & GLEAN_TF_QUOTE_CLOSE) nclose++;
  }
  CHECK_EQ_INT(bad, 0);
  CHECK_EQ_INT(nopen, v->nq);
  {
    size_t closed = 0;
    for (i = 0; i < v->nq; i++) closed += v->q[i].closed;
    CHECK_EQ_INT(nclose, closed);
  }
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
  v.q = glean_document_quotes(v.doc, &v.nq);
  check_invariants(&v);
  return v;
}

static void close_view(view *v)
{
  glean_document_free(v->doc);
  v->doc = NULL;
}

/* Number of quotations found in text. */
static size_t count_quotes(const char *text)
{
  view v = open_text(text);
  size_t n = v.nq;
  close_view(&v);
  return n;
}

/* Index of the token starting at byte offset `at`, or ntoks. */
static size_t tok_at(const view *v, size_t at)
{
  size_t i;
  for (i = 0; i < v->ntoks; i++)
    if (v->toks[i].start == at) return i;
  return v->ntoks;
}

/* ---- basic pairing ------------------------------------------------------- */

static void test_straight_doubles(void)
{
  const char *t = "He said \"yes\" and then \"no\".";
  view v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "\"yes\"");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "\"no\"");
    CHECK_EQ_INT(v.q[0].family, GLEAN_QF_DOUBLE);
    CHECK_EQ_INT(v.q[0].closed, 1);
    CHECK_EQ_INT(v.q[0].parent, -1);
    CHECK_EQ_INT(v.q[0].depth, 0);
    CHECK_EQ_INT(v.q[0].group, 0);
    CHECK_EQ_INT(v.q[1].group, 1);
    CHECK_EQ_INT(v.q[0].open, tok_at(&v, 8));
    CHECK_EQ_INT(v.q[0].close, tok_at(&v, 12));
    CHECK(v.toks[v.q[0].open].flags & GLEAN_TF_QUOTE_OPEN);
    CHECK(!(v.toks[v.q[0].open].flags & GLEAN_TF_QUOTE_CLOSE));
    CHECK(v.toks[v.q[0].close].flags & GLEAN_TF_QUOTE_CLOSE);
  }
  close_view(&v);

  t = "\"We will win,\" she said.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 1);
  if (v.nq == 1) CHECK_SPAN(t, v.q[0].start, v.q[0].end, "\"We will win,\"");
  close_view(&v);

  /* Glued to the speech verb on both sides. */
  t = "\"Yes,\"he said:\"never.\"";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "\"Yes,\"");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "\"never.\"");
  }
  close_view(&v);

  /* Typewriter doubles ('' ... ''), one inside the other, even before a
   * digit, where a lone ' would be an elision ('27); never a pair of
   * marks with nothing between. */
  t = "The finding: ''27 firms filed late.'' He said so.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "''27 firms filed late.''");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "'27 firms filed late.'");
  }
  close_view(&v);
  CHECK_EQ_INT(count_quotes("He said '' and left '' there."), 0);

  /* A ” where an opening mark stands, with nothing open, opens. */
  t = "Photo.\n\n\xE2\x80\x9D" "Fear. I am afraid,\xE2\x80\x9D she said.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 1);
  if (v.nq == 1)
    CHECK_SPAN(t, v.q[0].start, v.q[0].end,
               "\xE2\x80\x9D" "Fear. I am afraid,\xE2\x80\x9D");
  close_view(&v);
  CHECK_EQ_INT(count_quotes("It is 5\xE2\x80\x9D tall and 3\xE2\x80\x9D wide."), 0);

  /* A dash or a bracket before an opening mark. */
  t = "Her answer \xE2\x80\x94\"no\" \xE2\x80\x94 and a note (\"later\").";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "\"no\"");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "\"later\"");
  }
  close_view(&v);
}

static void test_curly_doubles(void)
{
  const char *t = "\xE2\x80\x9CHello,\xE2\x80\x9D she said. "
                  "\xE2\x80\x9CGoodbye.\xE2\x80\x9D";
  view v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "“Hello,”");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "“Goodbye.”");
    CHECK_EQ_INT(v.q[1].family, GLEAN_QF_DOUBLE);
  }
  close_view(&v);

  /* German „…“ and Polish „…”. */
  t = "Er sagte „ja“ und sie sagte „tak”.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "„ja“");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "„tak”");
    CHECK_EQ_INT(v.q[0].family, GLEAN_QF_DOUBLE);
  }
  close_view(&v);

  /* A straight mark may close a curly one in sloppy text. */
  t = "“Fine,\" he said.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 1);
  close_view(&v);
}

static void test_guillemets(void)
{
  const char *t = "Il a dit «oui» puis « non » hier.";
  view v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "«oui»");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "« non »");
    CHECK_EQ_INT(v.q[0].family, GLEAN_QF_GUILLEMET);
  }
  close_view(&v);

  /* German and Danish reversed style. */
  t = "Er sagte »ja« gestern.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 1);
  if (v.nq == 1) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "»ja«");
    CHECK_EQ_INT(v.q[0].family, GLEAN_QF_GUILLEMET);
    CHECK_EQ_INT(v.q[0].closed, 1);
  }
  close_view(&v);

  /* Single guillemets nest inside double ones, reported as single. */
  t = "Elle a dit «il a crié ‹au feu› deux fois».";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "«il a crié ‹au feu› deux fois»");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "‹au feu›");
    CHECK_EQ_INT(v.q[1].family, GLEAN_QF_SINGLE);
    CHECK_EQ_INT(v.q[1].parent, 0);
    CHECK_EQ_INT(v.q[1].depth, 1);
  }
  close_view(&v);

  /* ‹ does not pair with ’ (different families). */
  CHECK_EQ_INT(count_quotes("A ‹b’ c."), 0);
}

/* ---- nesting ------------------------------------------------------------- */

static void test_nesting(void)
{
  const char *t = "He said: “She told me ‘no’ twice.”";
  view v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "“She told me ‘no’ twice.”");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "‘no’");
    CHECK_EQ_INT(v.q[0].parent, -1);
    CHECK_EQ_INT(v.q[0].depth, 0);
    CHECK_EQ_INT(v.q[1].parent, 0);
    CHECK_EQ_INT(v.q[1].depth, 1);
    CHECK_EQ_INT(v.q[1].family, GLEAN_QF_SINGLE);
    CHECK_EQ_INT(v.q[1].group, 1);
  }
  close_view(&v);

  /* Straight marks, single inside double, ending together. */
  t = "\"She said 'no way,'\" he recalled.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "\"She said 'no way,'\"");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "'no way,'");
    CHECK_EQ_INT(v.q[1].parent, 0);
  }
  close_view(&v);

  /* Three levels; the inner ones start right after the outer mark. */
  t = "“‘«deep»’”";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 3);
  if (v.nq == 3) {
    CHECK_EQ_INT(v.q[2].depth, 2);
    CHECK_EQ_INT(v.q[2].parent, 1);
    CHECK_EQ_INT(v.q[2].family, GLEAN_QF_GUILLEMET);
  }
  close_view(&v);

  /* An unclosed inner mark is dropped; its own child moves up. */
  t = "“Outer ‘never closed «inner» text.” Done.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "«inner»");
    CHECK_EQ_INT(v.q[1].parent, 0);
    CHECK_EQ_INT(v.q[1].depth, 1);
  }
  close_view(&v);
}

/* ---- apostrophes --------------------------------------------------------- */

static void test_apostrophes(void)
{
  const char *t;
  view v;
  CHECK_EQ_INT(count_quotes("The voters’ choice was clear."), 0);
  CHECK_EQ_INT(count_quotes("The voters' choice was clear."), 0);
  CHECK_EQ_INT(count_quotes("It was the ’90s and the boys’ club."), 0);
  CHECK_EQ_INT(count_quotes("In the '90s the boys' club grew."), 0);
  CHECK_EQ_INT(count_quotes("Rock 'n' roll and ‘em all."), 0);
  CHECK_EQ_INT(count_quotes("A stray ‘ opening mark."), 0);
  CHECK_EQ_INT(count_quotes("A ‘single opening mark never closes."), 0);

  /* The possessive is skipped while a later mark can close. */
  t = "The slogan ‘the voters’ choice’ won.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 1);
  if (v.nq == 1) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "‘the voters’ choice’");
    CHECK_EQ_INT(v.q[0].family, GLEAN_QF_SINGLE);
  }
  close_view(&v);

  /* ... but closes when nothing else can. */
  t = "She called them ‘the players’ and left.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 1);
  if (v.nq == 1) CHECK_SPAN(t, v.q[0].start, v.q[0].end, "‘the players’");
  close_view(&v);

  t = "She called them 'the players' and left.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 1);
  if (v.nq == 1) CHECK_SPAN(t, v.q[0].start, v.q[0].end, "'the players'");
  close_view(&v);

  /* A possessive inside a double quotation inside a single one is not
   * the single one's end. */
  t = "‘He read “the voters’ guide” aloud,’ she said.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end,
               "‘He read “the voters’ guide” aloud,’");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "“the voters’ guide”");
  }
  close_view(&v);

  /* British style: single marks as the main quotation. */
  t = "‘We’re done,’ the minister said. ‘It’s over.’";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "‘We’re done,’");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "‘It’s over.’");
  }
  close_view(&v);
}

/* ---- paragraphs ---------------------------------------------------------- */

static void test_multi_paragraph(void)
{
  const char *t =
      "“First part,” she said. “The second one starts here\n"
      "\n"
      "“and the third continues it\n"
      "\n"
      "“and it ends here.”\n"
      "\n"
      "He left.";
  view v = open_text(t);
  CHECK_EQ_INT(v.nq, 4);
  if (v.nq == 4) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "“First part,”");
    CHECK_EQ_INT(v.q[0].group, 0);
    CHECK_EQ_INT(v.q[0].closed, 1);
    /* Open pieces end at their paragraph's last token. */
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "“The second one starts here");
    CHECK_EQ_INT(v.q[1].closed, 0);
    CHECK_EQ_INT(v.q[1].close, UINT32_MAX);
    CHECK_EQ_INT(v.q[1].group, 1);
    CHECK_SPAN(t, v.q[2].start, v.q[2].end, "“and the third continues it");
    CHECK_EQ_INT(v.q[2].closed, 0);
    CHECK_EQ_INT(v.q[2].group, 1);
    CHECK_EQ_INT(v.q[2].parent, -1);
    CHECK_SPAN(t, v.q[3].start, v.q[3].end, "“and it ends here.”");
    CHECK_EQ_INT(v.q[3].closed, 1);
    CHECK_EQ_INT(v.q[3].group, 1);
  }
  close_view(&v);

  /* Straight marks, with a nested quote inside a continued piece. */
  t = "\"It began 'slowly' then\n\n\"it grew.\" Next.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 3);
  if (v.nq == 3) {
    CHECK_EQ_INT(v.q[0].closed, 0);
    CHECK_EQ_INT(v.q[1].parent, 0);
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "'slowly'");
    CHECK_SPAN(t, v.q[2].start, v.q[2].end, "\"it grew.\"");
    CHECK_EQ_INT(v.q[2].group, 0);
  }
  close_view(&v);

  /* A paragraph that does not open with a mark ends the quotation: the
   * stray opening mark is dropped, and the next quote is unaffected. */
  t = "He said “this never closes and goes on.\n"
      "\n"
      "Later a “real quote” came.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 1);
  if (v.nq == 1) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "“real quote”");
    CHECK_EQ_INT(v.q[0].group, 0);
  }
  close_view(&v);

  /* A stray that a later quote of its family closes inside of is not
   * continued by the next paragraph's quotation. */
  t = "He called it a “disaster. Then he said “no” again.\n"
      "\n"
      "“We will recover,” she said.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "“no”");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "“We will recover,”");
    CHECK_EQ_INT(v.q[1].group, 1);
    CHECK_EQ_INT(v.q[0].parent, -1);
  }
  close_view(&v);

  /* Continued in another family: no continuation. */
  t = "He said “this never closes\n\n«Autre» chose.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 1);
  if (v.nq == 1) CHECK_SPAN(t, v.q[0].start, v.q[0].end, "«Autre»");
  close_view(&v);

  /* The last piece of a quotation that is never closed stays, open. */
  t = "“One\n\n“two\n\nThree.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_EQ_INT(v.q[1].group, 0);
    CHECK_EQ_INT(v.q[1].closed, 0);
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "“two");
  }
  close_view(&v);

  /* Single lines as paragraphs. */
  {
    glean_doc_options o;
    glean_error err;
    size_t n;
    const glean_quote *q;
    glean_document *d;
    memset(&o, 0, sizeof o);
    o.paragraphs = GLEAN_PARA_LINES;
    t = "“Line one\n“line two.”";
    d = glean_document_new(t, strlen(t), &o, NULL, &err);
    CHECK(d != NULL);
    if (d != NULL) {
      q = glean_document_quotes(d, &n);
      CHECK_EQ_INT(n, 2);
      if (n == 2) {
        CHECK_EQ_INT(q[0].closed, 0);
        CHECK_EQ_INT(q[1].group, 0);
      }
      glean_document_free(d);
    }
  }
}

/* ---- recovery ------------------------------------------------------------ */

static void test_recovery(void)
{
  const char *t = "This ” is stray and “this is fine” here.";
  view v = open_text(t);
  CHECK_EQ_INT(v.nq, 1);
  if (v.nq == 1) CHECK_SPAN(t, v.q[0].start, v.q[0].end, "“this is fine”");
  close_view(&v);

  /* Mismatched straight marks resolve locally. */
  t = "\"a \"b\" c";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 1);
  if (v.nq == 1) CHECK_SPAN(t, v.q[0].start, v.q[0].end, "\"b\"");
  close_view(&v);

  /* A stray opening mark does not capture the sentences after it. */
  t = "The “first never closes. Then “second” and “third” follow.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 2);
  if (v.nq == 2) {
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "“second”");
    CHECK_SPAN(t, v.q[1].start, v.q[1].end, "“third”");
    CHECK_EQ_INT(v.q[0].parent, -1);
    CHECK_EQ_INT(v.q[1].parent, -1);
  }
  close_view(&v);

  /* A closing mark skips an unclosed inner one. */
  t = "“Outer ‘inner never ends” and more.";
  v = open_text(t);
  CHECK_EQ_INT(v.nq, 1);
  if (v.nq == 1)
    CHECK_SPAN(t, v.q[0].start, v.q[0].end, "“Outer ‘inner never ends”");
  close_view(&v);

  /* Marks standing alone between spaces pair with nothing. */
  CHECK_EQ_INT(count_quotes("a \" b \" c"), 0);
  /* Directional marks pair whatever the spacing (« non » is French). */
  CHECK_EQ_INT(count_quotes("„ ” « » ‹"), 2);
}

/* ---- hostile input ------------------------------------------------------- */

static char *repeat(const char *unit, size_t times, size_t *len)
{
  size_t u = strlen(unit), i;
  char *s = malloc(u * times + 1);
  if (s == NULL) return NULL;
  for (i = 0; i < times; i++) memcpy(s + i * u, unit, u);
  s[u * times] = '\0';
  if (len != NULL) *len = u * times;
  return s;
}

static double seconds_since(clock_t t0)
{
  return (double)(clock() - t0) / CLOCKS_PER_SEC;
}

static void test_hostile(void)
{
  char *s;
  clock_t t0;
  view v;

  /* 200,000 straight marks in one paragraph. */
  s = repeat("\"", 200000, NULL);
  CHECK(s != NULL);
  if (s != NULL) {
    t0 = clock();
    v = open_text(s);
    CHECK(seconds_since(t0) < 2.0);
    CHECK(v.nq <= 100000);
    close_view(&v);
    free(s);
  }

  /* 100,000 opening marks: all strays, none kept, depth bounded. */
  s = repeat("“", 100000, NULL);
  if (s != NULL) {
    t0 = clock();
    CHECK_EQ_INT(count_quotes(s), 0);
    CHECK(seconds_since(t0) < 2.0);
    free(s);
  }

  /* Opening marks separated by words, then one close: the innermost
   * pairs, nothing overflows. */
  s = repeat("“a ", 50000, NULL);
  if (s != NULL) {
    size_t n = strlen(s);
    char *t = malloc(n + 4);
    if (t != NULL) {
      memcpy(t, s, n);
      memcpy(t + n, "”", 4);
      v = open_text(t);
      CHECK_EQ_INT(v.nq, 1);
      if (v.nq == 1) CHECK_EQ_INT(v.q[0].depth, 0);
      close_view(&v);
      free(t);
    }
    free(s);
  }

  /* Alternating stray closing and opening marks. */
  s = repeat("” x “ y ", 50000, NULL);
  if (s != NULL) {
    t0 = clock();
    v = open_text(s);
    /* Each “ y ” pairs with the next closing mark. */
    CHECK_EQ_INT(v.nq, 49999);
    CHECK(seconds_since(t0) < 2.0);
    close_view(&v);
    free(s);
  }

  /* Every mark family, nested deeply then closed in reverse. */
  s = repeat("“‘«‹", 40, NULL);
  if (s != NULL) {
    size_t n = strlen(s);
    char *t = malloc(n * 2 + 8);
    if (t != NULL) {
      size_t i, p = n;
      memcpy(t, s, n);
      memcpy(t + p, "x", 1);
      p++;
      for (i = 0; i < 40; i++) {
        memcpy(t + p, "›»’”", 11);
        p += 11;
      }
      t[p] = '\0';
      v = open_text(t);
      CHECK(v.nq <= 16);
      CHECK(v.nq >= 1);
      close_view(&v);
      free(t);
    }
    free(s);
  }

  /* Pseudo-random marks, words and paragraph breaks: only invariants. */
  {
    static const char *const parts[] = {
      "\"", "'", "“", "”", "‘", "’", "„", "«", "»", "‹", "›", " ", " ",
      "word", "s", "\n\n", "(", "-", "9", ".", ","
    };
    size_t nparts = sizeof parts / sizeof *parts, i, p = 0;
    uint32_t seed = 12345;
    char *t = malloc(200000 * 4 + 1);
    if (t != NULL) {
      for (i = 0; i < 200000; i++) {
        const char *u;
        seed = seed * 1103515245u + 12345u;
        u = parts[(seed >> 16) % nparts];
        memcpy(t + p, u, strlen(u));
        p += strlen(u);
      }
      t[p] = '\0';
      t0 = clock();
      v = open_text(t);
      CHECK(v.nq > 0);
      CHECK(seconds_since(t0) < 3.0);
      close_view(&v);
      free(t);
    }
  }
}

/* ---- allocation failure ---------------------------------------------------- */

typedef struct counting {
  long long live;
  long calls, fail_after;
} counting;

static void *counting_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
  counting *c = ud;
  if (ptr == NULL) osize = 0;
  if (nsize == 0) {
    c->live -= (long long)osize;
    free(ptr);
    return NULL;
  }
  if (c->fail_after >= 0 && c->calls++ >= c->fail_after) return NULL;
  ptr = realloc(ptr, nsize);
  if (ptr != NULL) c->live += (long long)nsize - (long long)osize;
  return ptr;
}

/* Every allocation may fail: the document is refused cleanly, with an
 * error, and nothing leaks. */
static void test_out_of_memory(void)
{
  char *text = malloc(64 * 40 + 1);
  long k;
  int refused = 0, built = 0, leaks = 0, silent = 0;
  size_t i;
  if (text == NULL) return;
  text[0] = '\0';
  for (i = 0; i < 40; i++)
    strcat(text, "“A ‘b’ «c»,” said 2.5 million. \"D\" 'e'\n\n");
  for (k = 0; k < 200; k++) {
    counting c = { 0, 0, 0 };
    glean_allocator al;
    glean_error err;
    glean_document *d;
    c.fail_after = k;
    al.fn = counting_alloc;
    al.ud = &c;
    err.code = GLEAN_OK;
    d = glean_document_new(text, strlen(text), NULL, &al, &err);
    if (d == NULL) {
      refused++;
      if (err.code != GLEAN_ENOMEM) silent++;
    } else {
      size_t nq;
      glean_document_quotes(d, &nq);
      if (nq == 200) built++;
      glean_document_free(d);
    }
    if (c.live != 0) leaks++;
  }
  CHECK(refused > 0);
  CHECK(built > 0);
  CHECK_EQ_INT(leaks, 0);
  CHECK_EQ_INT(silent, 0);
  free(text);
}

int main(void)
{
  test_straight_doubles();
  test_curly_doubles();
  test_guillemets();
  test_nesting();
  test_apostrophes();
  test_multi_paragraph();
  test_recovery();
  test_hostile();
  test_out_of_memory();
  return CHECK_DONE("test_quotes");
}
