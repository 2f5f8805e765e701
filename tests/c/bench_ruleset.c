/* bench_ruleset.c — scan throughput of a news-like ruleset: about 100
 * rules (titled names, given name + surname, organization suffixes,
 * money, speakers after quotations, dates, lexicon spans, a few regex
 * rules) with the word lists of lua/glean/lists as lexicons, over ~20 MB
 * of news text. Documents are built before the clock starts.
 *
 *   make build/obj/libglean.a
 *   cc -O2 -std=c11 -Iinclude tests/c/bench_ruleset.c build/obj/libglean.a \
 *      -lpcre2-8 -o build/bench_ruleset
 *   build/bench_ruleset [megabytes [article-bytes]]     (from the repo root)
 */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "glean.h"
#include "patterns.h"

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Paragraphs written for this benchmark; repeated to the wanted size. */
static const char *const paragraphs[] = {
  "WASHINGTON (Reuters) - President Maria Alvarez said on Tuesday that "
  "the government would spend $4.5 billion on new bridges, a plan that "
  "Senator Thomas Reed called \"a good first step\" before a vote in the "
  "Senate. The Transport Department expects work to begin in March.",
  "\"We have waited long enough,\" said Dr. Helen Park, who chairs the "
  "engineering board at Northfield University. She added that costs had "
  "risen 12 percent since 2019, and that steel from Canada and Mexico "
  "now sells for about 900 dollars a tonne.",
  "Shares of Harbor Freight Systems Inc. fell 3.2% to $41.10 in New York "
  "after the company cut its forecast. Chief executive Daniel O'Brien "
  "told analysts the firm would close two plants in Ohio and lay off "
  "1,200 workers by the end of the year.",
  "In London, the Bank of England kept its main rate at 5.25 percent. "
  "Governor Andrew Bailey warned that prices were still rising too fast, "
  "while economists at Barclays Capital said a cut was unlikely before "
  "June. The pound rose to 1.27 dollars.",
  "The European Commission fined Vantage Logistics GmbH 230 million euros "
  "(about $250 million) for fixing freight prices, officials in Brussels "
  "said on Friday. A spokesman for the company said it would appeal the "
  "decision at the General Court in Luxembourg.",
  "\"This is not over,\" Mayor Lucia Bennett told reporters outside City "
  "Hall on Monday night. According to police, about 3,000 people joined "
  "the march, which ended peacefully near Union Square. Ms. Bennett "
  "said the city would review its budget of $2.1 billion.",
  "Tokyo-based Kaito Heavy Industries Co. Ltd. agreed to buy a 40% stake "
  "in Brazilian miner Vale Verde SA for 1.8 billion reais, the companies "
  "said in a joint statement. The deal, worth about US$360 million, "
  "still needs approval from regulators in Brasilia.",
  "Prime Minister Jonas Lindqvist of Sweden met Chancellor Petra Vogel in "
  "Berlin on Wednesday. \"Our countries share the same goals,\" "
  "Lindqvist said, adding that talks on energy would continue in "
  "September. Vogel did not comment on the gas pipeline.",
};

/* ---- rules ------------------------------------------------------------- */

typedef struct labels {
  int32_t given, particle, title, honorific, stopcap, country, city, state,
      region, demonym, day, month, holiday, speech, cue, org, corp, org_word,
      org_head, cur_word, cur_code, cur_symbol, magnitude;
} labels;

static glean_ruleset *rs;
static labels L;
static int nrules;

static int32_t label(const char *name) {
  glean_error err;
  int32_t id = glean_ruleset_label(rs, name, &err);
  if (id < 0) {
    fprintf(stderr, "label %s: %s\n", name, err.message);
    exit(1);
  }
  return id;
}

static void add_rule(const glean_rule *r) {
  glean_error err;
  if (glean_ruleset_add_rule(rs, r, &err) < 0) {
    fprintf(stderr, "rule %d: %s\n", nrules, err.message);
    exit(1);
  }
  nrules++;
}

static void add(const glean_pnode *p, uint32_t ncap) {
  glean_rule r = rule_of(p, ncap);
  add_rule(&r);
}

/* A capitalized word that no list claims. */
static glean_pred name_word_pred(void) {
  static int32_t not_name[16];
  glean_pred p = pred_flags(GLEAN_TF_CAP | GLEAN_TF_WORD);
  int n = 0;
  not_name[n++] = L.country;
  not_name[n++] = L.city;
  not_name[n++] = L.state;
  not_name[n++] = L.region;
  not_name[n++] = L.demonym;
  not_name[n++] = L.day;
  not_name[n++] = L.month;
  not_name[n++] = L.holiday;
  not_name[n++] = L.title;
  not_name[n++] = L.honorific;
  not_name[n++] = L.corp;
  not_name[n++] = L.org_word;
  not_name[n++] = L.speech;
  not_name[n++] = L.cur_code;
  not_name[n++] = L.cur_word;
  p.in_label = L.stopcap;
  p.in_labels = not_name;
  p.nin_labels = (size_t)n;
  p.in_label_negate = 1;
  return p;
}

static const glean_pnode *opt(const glean_pnode *p) { return rep(p, 0, 1); }

static void person_rules(void) {
  const glean_pnode *name_word = tok(name_word_pred());
  const glean_pnode *initial = tok(pred_regex("\\p{Lu}\\."));
  const glean_pnode *surname = tok(pred_flags(GLEAN_TF_CAP | GLEAN_TF_WORD));
  const glean_pnode *titled_name =
      SEQ(ALT(span(L.given), name_word), rep(ALT(name_word, initial), 0, 2),
          rep(span(L.particle), 0, -1), opt(name_word));
  const glean_pnode *modifier = ALT(span(L.country), span(L.demonym),
                                    word("former"), word("acting"));
  const char *const *title_sets[] = {
    WORDS("Mr.", "Mrs.", "Ms.", "Dr.", "Prof."),
    WORDS("President", "Vice", "Premier", "Chancellor"),
    WORDS("Senator", "Sen.", "Rep.", "Congressman", "Congresswoman"),
    WORDS("Governor", "Gov.", "Mayor", "Judge", "Justice"),
    WORDS("General", "Gen.", "Col.", "Lt.", "Capt.", "Adm."),
    WORDS("Minister", "Secretary", "Ambassador", "Commissioner"),
    WORDS("King", "Queen", "Prince", "Princess", "Pope", "Sheikh"),
    WORDS("Father", "Rabbi", "Imam", "Bishop", "Reverend", "Rev."),
  };
  glean_pred said = pred_label(L.speech);
  size_t i;
  glean_rule r;
  /* the pack's own rules */
  add(SEQ(cap(0, SEQ(rep(modifier, 0, 2),
                     rep(ALT(span(L.title), span(L.honorific)), 1, -1))),
          cap(1, titled_name)), 2);
  add(cap(0, SEQ(span(L.given), rep(ALT(span(L.given), initial, name_word),
                                    0, 2),
                 rep(span(L.particle), 0, -1), surname)), 1);
  r = rule_of(rep(name_word, 2, 3), 0);
  r.after = &said;
  r.nafter = 1;
  add_rule(&r);
  r = rule_of(rep(name_word, 2, 3), 0);
  r.before = &said;
  r.nbefore = 1;
  add_rule(&r);
  add(ALT(span(L.country), span(L.city), span(L.state), span(L.region)), 0);
  /* titles written out as word sets, folded and not */
  for (i = 0; i < sizeof title_sets / sizeof *title_sets; i++) {
    add(SEQ(cap(0, tok(pred_wordv(title_sets[i], 0))),
            cap(1, rep(name_word, 1, 3))), 2);
    add(SEQ(cap(0, tok(pred_wordv(title_sets[i], 1))), opt(word("of")),
            cap(1, SEQ(span(L.given), rep(surname, 1, 2)))), 2);
  }
  /* "Smith, 45," "Jones, a lawyer" */
  add(SEQ(rep(name_word, 1, 2), word(","), span(0), word(",")), 0);
  add(SEQ(rep(name_word, 2, 3), word(","), tok(pred_wordv(
          WORDS("a", "an", "the"), 0)), tok(pred_flags(GLEAN_TF_LOWER))), 0);
  add(SEQ(span(L.demonym), rep(span(L.title), 1, 2), rep(name_word, 1, 3)),
      0);
}

static void org_rules(void) {
  const char *const *suffix_sets[] = {
    WORDS("Inc.", "Inc", "Corp.", "Corp", "Corporation", "Incorporated"),
    WORDS("Ltd", "Ltd.", "Limited", "PLC", "plc", "LLP"),
    WORDS("LLC", "L.L.C.", "LP", "L.P."),
    WORDS("GmbH", "AG", "KG", "SE"),
    WORDS("SA", "S.A.", "SpA", "S.p.A.", "NV", "N.V.", "BV"),
    WORDS("Co.", "Company", "Cos."),
    WORDS("Group", "Holdings", "Holding", "Partners", "Capital"),
    WORDS("Bank", "Bancorp", "Fund", "Trust", "Insurance"),
    WORDS("Systems", "Technologies", "Industries", "Electronics", "Motors"),
    WORDS("University", "College", "Institute", "Academy", "School"),
    WORDS("Ministry", "Department", "Agency", "Office", "Bureau"),
    WORDS("Party", "Union", "League", "Federation", "Association"),
    WORDS("Council", "Commission", "Committee", "Board", "Authority"),
    WORDS("Airlines", "Airways", "Railways", "Shipping", "Logistics"),
    WORDS("Foundation", "Society", "Center", "Centre", "Network"),
  };
  const glean_pnode *caps1 = tok(pred_flags(GLEAN_TF_CAP | GLEAN_TF_WORD));
  size_t i;
  for (i = 0; i < sizeof suffix_sets / sizeof *suffix_sets; i++) {
    add(SEQ(cap(0, rep(caps1, 1, 4)),
            cap(1, tok(pred_wordv(suffix_sets[i], 0)))), 2);
    add(SEQ(word("the"), rep(caps1, 1, 3),
            tok(pred_wordv(suffix_sets[i], 1))), 0);
  }
  add(SEQ(rep(caps1, 1, 4), span(L.corp)), 0);
  add(SEQ(span(L.org_head), rep(caps1, 1, 3)), 0);
  add(SEQ(rep(caps1, 1, 3), span(L.org_word)), 0);
  add(span(L.org), 0);
  add(SEQ(tok(pred_wordv(WORDS("Bank", "University", "Ministry",
                               "Department", "Church"), 0)),
          word("of"), opt(word("the")), rep(caps1, 1, 3)), 0);
  add(SEQ(span(L.org), word("("), tok(pred_flags(GLEAN_TF_UPPER)),
          word(")")), 0);
  add(tok(pred_regex("[A-Z]{2,6}")), 0);
  add(SEQ(tok(pred_regex("[A-Z][a-z]+-based")), rep(caps1, 1, 4)), 0);
}

static void money_rules(void) {
  const char *const *cur_sets[] = {
    WORDS("dollars", "dollar"), WORDS("euros", "euro"),
    WORDS("pounds", "sterling"), WORDS("yen"), WORDS("yuan", "renminbi"),
    WORDS("rupees", "rupee"), WORDS("francs", "franc"),
    WORDS("pesos", "peso"), WORDS("reais", "real"), WORDS("won"),
  };
  const glean_pnode *mag = opt(span(L.magnitude));
  glean_pred cur = pred_flags(GLEAN_TF_CURRENCY);
  size_t i;
  add(SEQ(cap(0, tok(cur)), cap(1, span(0)), mag), 2);
  add(SEQ(cap(0, span(L.cur_symbol)), cap(1, span(0)), mag), 2);
  add(SEQ(cap(1, span(0)), mag, cap(0, span(L.cur_word))), 2);
  add(SEQ(cap(0, span(L.cur_code)), cap(1, span(0)), mag), 2);
  add(SEQ(cap(1, span(0)), mag, cap(0, span(L.cur_code))), 2);
  for (i = 0; i < sizeof cur_sets / sizeof *cur_sets; i++)
    add(SEQ(cap(1, span(0)), mag, opt(span(L.demonym)),
            cap(0, tok(pred_wordv(cur_sets[i], 1)))), 2);
  add(SEQ(span(0), tok(pred_wordv(WORDS("percent", "%", "per"), 0)),
          opt(word("cent"))), 0);
  add(SEQ(tok(pred_wordv(WORDS("between", "from"), 0)), tok(cur), span(0),
          tok(pred_wordv(WORDS("and", "to"), 0)), tok(cur), span(0)), 0);
  add(SEQ(tok(pred_wordv(WORDS("billions", "millions", "thousands"), 1)),
          word("of"), span(L.cur_word)), 0);
}

static void quote_rules(void) {
  const char *const *verb_sets[] = {
    WORDS("said", "says"), WORDS("told", "tells"), WORDS("added", "adds"),
    WORDS("asked", "asks"), WORDS("warned", "warns"),
    WORDS("wrote", "writes"), WORDS("explained", "noted", "stressed"),
  };
  glean_pred close = pred_flags(GLEAN_TF_QUOTE_CLOSE);
  glean_pred comma = pred_wordv(WORDS(",", ":"), 0);
  const glean_pnode *speaker = rep(tok(name_word_pred()), 1, 3);
  const glean_pnode *pron = tok(pred_wordv(WORDS("he", "she", "they", "He",
                                                 "She", "They"), 0));
  size_t i;
  glean_rule r;
  add(SEQ(tok(close), span(L.speech), cap(0, speaker)), 1);
  add(SEQ(tok(close), cap(0, speaker), span(L.speech)), 1);
  add(SEQ(tok(close), pron, span(L.speech)), 0);
  add(SEQ(span(L.cue), cap(0, speaker)), 1);
  for (i = 0; i < sizeof verb_sets / sizeof *verb_sets; i++) {
    add(SEQ(tok(close), tok(pred_wordv(verb_sets[i], 0)), cap(0, speaker)), 1);
    add(SEQ(tok(close), cap(0, speaker), tok(pred_wordv(verb_sets[i], 0))), 1);
    r = rule_of(SEQ(cap(0, speaker), tok(pred_wordv(verb_sets[i], 0))), 1);
    r.after = &comma;
    r.nafter = 1;
    add_rule(&r);
  }
  add(SEQ(word("according"), word("to"), opt(word("the")), rep(
          tok(pred_flags(GLEAN_TF_WORD)), 1, 3)), 0);
}

static void date_rules(void) {
  add(SEQ(span(L.month), span(0), opt(SEQ(word(","), span(0)))), 0);
  add(SEQ(span(0), span(L.month), opt(span(0))), 0);
  add(SEQ(tok(pred_wordv(WORDS("on", "last", "next", "On"), 0)),
          span(L.day)), 0);
  add(span(L.holiday), 0);
  add(SEQ(tok(pred_wordv(WORDS("in", "In", "since", "by"), 0)),
          tok(pred_regex("(19|20)[0-9]{2}"))), 0);
}

static void regex_rules(void) {
  static const char *const res[] = {
    "\\b(?:19|20)\\d{2}\\b",
    "https?://[^\\s]+",
    "\\b[A-Z][a-z]+ (?:v\\.|vs\\.) [A-Z][a-z]+\\b",
  };
  size_t i;
  for (i = 0; i < sizeof res / sizeof *res; i++) {
    glean_rule r;
    memset(&r, 0, sizeof r);
    r.name = "regex";
    r.regex = res[i];
    r.regex_len = strlen(res[i]);
    add_rule(&r);
  }
}

static glean_lexicon *load_lists(void) {
  static const struct { const char *file, *label; int mode; } lists[] = {
    {"given_names.txt", "GIVEN", GLEAN_LEX_EXACT},
    {"surname_particles.txt", "PARTICLE", GLEAN_LEX_EXACT},
    {"titles.txt", NULL, GLEAN_LEX_FOLD},
    {"common_caps.txt", NULL, GLEAN_LEX_EXACT},
    {"places.txt", NULL, GLEAN_LEX_EXACT},
    {"demonyms.txt", NULL, GLEAN_LEX_EXACT},
    {"calendar.txt", NULL, GLEAN_LEX_EXACT},
    {"speech_verbs.txt", NULL, GLEAN_LEX_EXACT},
    {"organizations.txt", NULL, GLEAN_LEX_EXACT},
    {"org_suffixes.txt", NULL, GLEAN_LEX_EXACT},
    {"currencies.txt", NULL, GLEAN_LEX_EXACT},
    {"magnitudes.txt", NULL, GLEAN_LEX_FOLD},
  };
  glean_error err;
  glean_lexicon *lex = glean_lexicon_new(NULL, &err);
  size_t i, total = 0;
  for (i = 0; i < sizeof lists / sizeof *lists; i++) {
    char path[256];
    size_t loaded = 0, skipped = 0, bad = 0;
    snprintf(path, sizeof path, "lua/glean/lists/%s", lists[i].file);
    if (glean_lexicon_load_file(lex, path, lists[i].label, lists[i].mode,
                                &loaded, &skipped, &bad, &err) != GLEAN_OK) {
      fprintf(stderr, "%s: %s (run from the repository root)\n", path,
              err.message);
      exit(1);
    }
    total += loaded;
  }
  printf("lexicon: %zu entries, %zu labels\n", total,
         glean_lexicon_nlabels(lex));
  return lex;
}

int main(int argc, char **argv) {
  size_t mb = argc > 1 ? (size_t)atol(argv[1]) : 20;
  size_t article = argc > 2 ? (size_t)atol(argv[2]) : 0;
  size_t size = mb << 20, len = 0, i, ndocs = 0, ntoks = 0, nmatches = 0;
  size_t npara = sizeof paragraphs / sizeof *paragraphs;
  char *text = malloc(size + 4096);
  glean_document **docs;
  glean_lexicon *lex;
  glean_error err;
  double t0, t1, best = 1e9;
  int round;

  /* the text: paragraphs in turn, blank lines between them */
  for (i = 0; len < size; i++) {
    const char *p = paragraphs[i % npara];
    size_t n = strlen(p);
    memcpy(text + len, p, n);
    len += n;
    text[len++] = '\n';
    text[len++] = '\n';
  }
  text[len] = '\0';

  rs = glean_ruleset_new(NULL, NULL, &err);
  lex = load_lists();
  L.given = label("GIVEN");
  L.particle = label("PARTICLE");
  L.title = label("TITLE");
  L.honorific = label("HONORIFIC");
  L.stopcap = label("STOPCAP");
  L.country = label("COUNTRY");
  L.city = label("CITY");
  L.state = label("STATE");
  L.region = label("REGION");
  L.demonym = label("DEMONYM");
  L.day = label("DAY");
  L.month = label("MONTH");
  L.holiday = label("HOLIDAY");
  L.speech = label("SPEECH_VERB");
  L.cue = label("CUE_PHRASE");
  L.org = label("ORG");
  L.corp = label("CORP_SUFFIX");
  L.org_word = label("ORG_WORD");
  L.org_head = label("ORG_HEAD");
  L.cur_word = label("CUR_WORD");
  L.cur_code = label("CUR_CODE");
  L.cur_symbol = label("CUR_SYMBOL");
  L.magnitude = label("MAGNITUDE");
  glean_ruleset_add_lexicon(rs, lex, &err);
  person_rules();
  org_rules();
  money_rules();
  quote_rules();
  date_rules();
  regex_rules();
  printf("rules: %d\n", nrules);

  /* documents: one for the whole text, or one per article of about
   * `article` bytes (cut at paragraph breaks) */
  docs = malloc(sizeof *docs * (article ? len / article + 2 : 1));
  t0 = now();
  if (!article) {
    docs[ndocs++] = glean_document_new(text, len, NULL, NULL, &err);
  } else {
    size_t at = 0;
    while (at < len) {
      size_t end = at + article < len ? at + article : len;
      while (end < len && !(text[end - 1] == '\n' && text[end - 2] == '\n'))
        end++;
      docs[ndocs++] = glean_document_new(text + at, end - at, NULL, NULL,
                                         &err);
      at = end;
    }
  }
  t1 = now();
  for (i = 0; i < ndocs; i++) {
    size_t n;
    glean_document_tokens(docs[i], &n);
    ntoks += n;
  }
  printf("text: %.1f MB, %zu documents, %zu tokens; documents built in "
         "%.3f s (not counted)\n", (double)len / 1e6, ndocs, ntoks, t1 - t0);

  for (round = 0; round < 3; round++) {
    nmatches = 0;
    t0 = now();
    for (i = 0; i < ndocs; i++) {
      glean_scan_result res;
      if (glean_ruleset_scan(rs, docs[i], &res, &err) != GLEAN_OK) {
        fprintf(stderr, "scan: %s\n", err.message);
        return 1;
      }
      nmatches += res.nmatches;
    }
    t1 = now();
    if (t1 - t0 < best) best = t1 - t0;
  }
  printf("scan: %zu matches in %.3f s: %.1f MB/s, %.1f M tokens/s "
         "(best of 3)\n", nmatches, best, (double)len / 1e6 / best,
         (double)ntoks / 1e6 / best);

  for (i = 0; i < ndocs; i++) glean_document_free(docs[i]);
  free(docs);
  glean_ruleset_free(rs);
  glean_lexicon_free(lex);
  free(text);
  return 0;
}
