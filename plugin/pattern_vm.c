/* pattern_vm.c — all token-pattern rules in one pass (a Pike VM).
 *
 * Threads are (pc, start, rule, captures). The list of live threads is
 * kept ordered by start, then rule, then priority: spawning appends the
 * newest start last and stepping preserves the order. So a thread is a
 * duplicate exactly when its pc already saw its start in this step (one
 * stamp per pc), and a MATCH cuts the lower-priority threads of its own
 * (rule, start), which follow it directly.
 *
 * Semantics: per rule and start, the highest-priority match (greedy
 * repeats, earlier alternatives); then per rule the leftmost matches
 * that do not overlap, unless the rule keeps all. A match of a start is
 * tentative while that start has threads; it is decided once no earlier
 * start of the rule is alive. When the leftmost live start of a rule has
 * a match ending at e, every later start before e is sure to be dropped
 * and its threads are killed at once: that, and the cap on tokens per
 * match, keeps the pass linear (caps+ over a million capitalized words
 * keeps a handful of threads alive, not a million).
 *
 * Predicates are evaluated when a thread is added (eagerly), at most once
 * per predicate and token thanks to a stamped cache; the list thus holds
 * only threads that will advance.
 *
 * Where time goes, and what saves it (each changes no match): adding a
 * thread follows a closure computed at prepare time instead of walking
 * splits and jumps (index_closures); a rule is not started where no
 * instruction that may take its second token accepts the next one
 * (index_second_steps); the first steps tried at every token are first
 * sorted out by their flags (by_flags) and by the bytes their regex
 * needs (gen_need); rules that end on a selective token start only
 * where the backward pass says a match may (reach).
 *
 * More of the same kind: predicates with the same regex share its
 * result per token, and PCRE2's own study of a regex (first bytes, least
 * length) rules out tokens before a call (regex_at, by_first); a closure
 * of at most 64 targets is indexed by word set and label, so a token
 * visits only the targets that can take it (word_index); a MATCH
 * whose after-context fails is not added (match_ok); a rule identical to
 * an earlier one (a twin) is not run but given the earlier one's matches
 * (index_twins); the compiler lets adjacent alternatives that start with
 * the same token share it (pattern_compile.c). The backward pass asks a
 * predicate that several states share once per token (reach_test); the
 * first steps found by word are one mask per dictionary entry
 * (ent_first); before the second-step filter, flags and a regex's last
 * byte refuse most starts (la_quick).
 *
 * The backward pass asks a test that several states of a rule share
 * once per token (reach_same, reach_grp); one walk over the tokens finds
 * both anchors and seeds (find_events); a closure index finds a label's
 * targets by its rank, and a common word's by the index's few keys
 * (clos_word_mask). With no thread alive, the pass skips to the next
 * token whose flags, word or labels may start a rule (may_start_quick).
 */
#include <string.h>
#include <pcre2.h>
#include "pattern.h"

#define NONE UINT32_MAX
/* Most first steps found by word that a dictionary entry indexes by bits
 * (a pack of a few hundred rules has about a hundred); past it, a token
 * walks its word sets instead. */
#define WFIRST_MAX 256
#define RESTORE UINT32_MAX   /* stack item that restores a capture slot */

typedef struct vm_thread {
  uint32_t pc, start, rule, caps;
} vm_thread;

typedef struct vm_list {
  vm_thread *t;
  size_t n, cap;
  uint32_t *caps;          /* capture slots of the threads, packed */
  size_t ncaps, caps_cap;
} vm_list;

typedef struct stack_item {
  uint32_t pc, slot, val;
} stack_item;

/* A rule's state during a run. */
typedef struct rule_rt {
  uint32_t frontier;       /* starts before it are dropped (no overlap) */
  uint32_t klo, khi;       /* starts in (klo, khi) are dropped too */
  uint32_t pend_lo, pend_n;  /* tentative matches waiting for a decision */
  uint32_t *ring;          /* tentative match per start % ring_size:
                              start (NONE: empty), end, capture slots */
  size_t ring_len;         /* uint32_t elements in ring */
  uint32_t min_tick[2], min_start[2];  /* smallest start in each list */
  bool pending;            /* listed in vm->pending */
} rule_rt;

/* A predicate that can start some rules. */
typedef struct first_pred {
  uint32_t pred;
  uint32_t flags_all, flags_none, flags_any;  /* cheap early rejection */
  bool prefilter;          /* the flags are a necessary condition */
  bool by_word;            /* needs a word of its set: found through the
                              token's dictionary entry, not tried always */
  uint64_t reach_only;     /* when all its rules are reach rules (of index
                              < 64): their bits; worth trying only where
                              one of them may start */
  bool anchored_only;      /* all its rules have an anchor: worth trying
                              only where the window of one is open */
} first_pred;

/* A distinct anchor and the rules that use it:
 * anchor_rules[first, first + n). */
typedef struct anchor_info {
  glean_anchor a;
  uint32_t first, n;
} anchor_info;

/* A rule filtered by the backward pass. Its states are its consuming
 * instructions; bits[bits, ...) holds words-long sets: firsts (can
 * consume a match's first token), finals (can consume its last), then
 * per state c the states that may come right before c. */
typedef struct reach_info {
  uint32_t rule, nstates, words;
  size_t pcs, bits;        /* offsets in reach_pcs, reach_bits */
  uint64_t labels;         /* labels a final may consume (begin|inside) */
  uint32_t seed_off, nseeds, last_seed;
  size_t gbits;            /* more than 64 states: offset in reach_gbits */
} reach_info;

struct glean_vm {
  const glean_allocator *alloc;
  uint32_t max_tokens, ring_size;
  /* The token of this step when it starts a paragraph, else NONE: no
   * thread begun before it may consume it (see may_take). */
  uint32_t barrier;

  /* set by prepare */
  const glean_prog *prog;
  const glean_preds *ps;
  const glean_rule_info *rules;  /* own copy: twins have entry NONE */
  glean_rule_info *rinfo;
  size_t rinfo_cap;
  /* Twins: a rule whose program, captures and contexts are those of an
   * earlier rule has the same matches; it is not run, and every match of
   * the first one is given to it too. twin_next[r]: the next rule of r's
   * group, or NONE. */
  uint32_t *twin_next;
  size_t twin_next_cap;
  size_t nrules, rwords;   /* rwords: uint64_t words of a rule bitset */
  size_t npattern;         /* rules that are token patterns */
  first_pred *first;
  size_t nfirst, first_cap;
  uint64_t *first_rules;   /* nfirst * rwords: rules each one starts */
  size_t first_rules_cap;
  uint64_t first_labels;   /* labels whose spans start some rule */
  uint64_t *label_rules;   /* GLEAN_MAX_LABELS * rwords */
  size_t label_rules_cap;
  uint64_t *spawn;         /* rwords */
  size_t spawn_cap;
  uint32_t *general;       /* first preds tried at every token */
  size_t ngeneral, general_cap;
  /* With at most 64 of them: bit k of by_flags[c][byte c of a token's
   * flags] when general[k] may hold for those flags (all and none
   * tested byte by byte); an AND of the three tables leaves the few
   * worth evaluating. */
  uint64_t by_flags[3][256];
  bool flags_table;
  /* With the flags table, the same for what a regex that must match
   * says: by_first[b], the general first preds a token starting with
   * byte b may satisfy; by_len[min(len, 63)], those a token of len
   * bytes may (see regex_start). */
  uint64_t by_first[256], by_len[64];
  bool first_table;        /* by_first and by_len filter something */
  /* Also with the flags table: gen_reach, the general first preds with
   * reach_only; reach_gen[j], those among them that reach rule j starts:
   * the test of reach_only for all of them at once. */
  uint64_t gen_reach, reach_gen[64];
  /* And gen_labeled, those that need a token inside a span of some
   * labels (a test with label = ...); label_gen[b], those among them that
   * label b satisfies. */
  uint64_t gen_labeled, label_gen[64];
  /* General first preds that are regexes needing some bytes (see
   * regex_needs): gen_need[k] has the bits, in need_bit's numbering, of
   * the bytes general[k] needs; a token lacking one is not tried. */
  uint64_t *gen_need;
  size_t gen_need_cap;
  uint8_t need_bit[128];   /* ASCII byte -> bit, or 0xff */
  uint64_t need_mask[256]; /* byte -> its bit (0 when none needs it) */
  uint32_t *set_first;     /* word set id -> first pred index or NONE */
  size_t set_first_cap;
  bool word_first[2];      /* some first pred is found by word (exact,
                              folded) */
  /* Rules with an anchor may start only where their anchor word lies
   * within their window; ok_mask tracks where, from events (a window
   * opens, a window closes) sorted by token. */
  anchor_info *anchors;    /* distinct anchor predicates */
  size_t nanchors, anchors_cap;
  uint32_t *anchor_rules;
  size_t anchor_rules_cap;
  uint32_t *set_anchor;    /* per word set: anchor index or NONE */
  size_t set_anchor_cap;
  uint32_t *rule_anchor;   /* per rule: anchor index or NONE */
  size_t rule_anchor_cap;
  uint32_t *label_anchors; /* indexes of the label anchors */
  size_t nlabel_anchors, label_anchors_cap;
  uint64_t anchor_labels;  /* union of their labels */
  bool anchor_fold[2];     /* some anchor uses the exact / folded words */
  bool *broad;             /* per rule: has a first step other than its
                              anchor (only those use the anchor) */
  size_t broad_cap;
  uint64_t *free_mask;     /* rwords: rules without an anchor */
  uint64_t *ok_mask;       /* rwords: anchored rules allowed here */
  size_t free_mask_cap, ok_mask_cap;
  uint32_t *open_windows;  /* per rule: windows covering this token */
  size_t open_windows_cap;
  uint32_t *ev_open;       /* (token, rule) pairs: a window opens */
  size_t nev_open, ev_open_cap, ev_open_next;
  uint32_t *ev_close;      /* (token, rule) pairs: a window closes */
  size_t nev_close, ev_close_cap, ev_close_next;
  uint32_t *ev_sort;       /* scratch: ev_open sorted, then counts per
                              token */
  size_t ev_sort_cap;
  bool ev_unsorted;        /* ev_open is out of token order */
  uint32_t max_slots;      /* largest 2 * ncaptures */
  /* Rules that may start at nearly every token but can only end on a
   * selective token (a word of a set, a label): a backward pass from
   * those tokens marks the starts a match can have (see "reach"). */
  reach_info *reach;
  size_t nreach, reach_cap;
  uint32_t *reach_pcs;     /* per reach rule: its states' pcs */
  size_t nreach_pcs, reach_pcs_cap;
  /* The predicate of each state (parallel to reach_pcs) as a number
   * shared by all states with it, NONE when no other state tests it or
   * a flags or span test is as quick as a look-up: the backward pass
   * asks a shared predicate once per token (a repeat such as {1,12}
   * makes a dozen states of one test, and rules share descriptions).
   * memo_stamp[k] = pbase + token + 1 when memo_val[k] holds number k's
   * answer at that token. */
  uint32_t *reach_test, *memo_stamp;
  uint8_t *memo_val;
  size_t reach_test_cap, memo_stamp_cap, memo_val_cap;
  /* Per state of a reach rule of at most 64 states (parallel to
   * reach_pcs): the states with the same test, itself included. The
   * backward pass tests each once per token and keeps them all or none. */
  uint64_t *reach_same;
  size_t reach_same_cap;
  /* The same for rules of more states: reach_grp (parallel to
   * reach_pcs) numbers the distinct tests of a rule, and the rule's
   * reach_gbits[gbits + g * words, + words) holds the states of test g. */
  uint32_t *reach_grp;
  uint64_t *reach_gbits;
  size_t reach_grp_cap, reach_gbits_cap;
  uint64_t *reach_bits;    /* per reach rule: firsts, finals, prev */
  size_t nreach_bits, reach_bits_cap;
  uint32_t *rule_reach;    /* per rule: reach index or NONE */
  size_t rule_reach_cap;
  uint32_t *set_reach_off; /* word set -> reach rules ending on it: */
  size_t set_reach_off_cap;
  uint32_t *set_reach;     /* set_reach[off[s], off[s + 1]) */
  size_t set_reach_cap;
  bool reach_fold[2];      /* some reach rule ends on (folded) words */
  /* Per entry of each dictionary, with at most 64 reach rules and 64
   * anchors: the reach rules it seeds and the anchors it is (bits);
   * NULL otherwise. One word per token instead of a walk over its sets. */
  uint64_t *ent_reach[2], *ent_anchor[2];
  size_t ent_reach_cap[2], ent_anchor_cap[2];
  /* The same for the first preds found by word, with at most
   * WFIRST_MAX of them: bit j of the ent_words words at
   * ent_first[fold][e * ent_words] when entry e is in the set of first
   * pred wfirst[j]. A common word is in many sets (the words a test must
   * not be, too); this visits only those that start rules.
   * wfirst_plain: the j whose test is the word alone (no pred_at). */
  uint64_t *ent_first[2];
  size_t ent_first_cap[2], ent_words;
  uint32_t wfirst[WFIRST_MAX];
  uint64_t wfirst_plain[WFIRST_MAX / 64];
  uint64_t reach_labels;   /* union of their labels */
  uint32_t *label_reach;   /* the reach rules with labels among their
                              last steps */
  size_t nlabel_reach, label_reach_cap;
  uint32_t *seeds;         /* scratch: (token, reach) events, then tokens
                              bucketed by reach rule */
  size_t nseeds, seeds_cap, seed_tok_cap;
  uint32_t *seed_tok;
  uint64_t *rsets;         /* scratch: two state sets of the backward
                              pass */
  size_t rsets_cap;
  uint64_t *start_ok;      /* per token, start_words words: a bit per
                              reach rule that may start there */
  size_t start_ok_cap, start_words;

  /* scratch, reused across runs */
  rule_rt *rt;
  size_t rt_cap;
  uint32_t *pending;
  size_t npending, pending_cap;
  uint64_t *seen;          /* per pc: tick << 32 | start last added */
  size_t seen_cap;
  uint32_t *pstamp;        /* per predicate: pbase + token + 1 cached */
  uint8_t *pval;
  size_t pcache_cap, pval_cap;
  /* Predicates with the same regex (source and case option) share its
   * result per token: names are tested by several predicates that
   * differ only in flags or labels. re_class[pred]: class or NONE;
   * re_stamp / re_val per class, stamped as pstamp. */
  uint32_t *re_class;
  size_t re_class_cap;
  uint32_t *re_stamp;
  uint8_t *re_val;
  size_t re_stamp_cap, re_val_cap;
  /* Per class: the bytes a match may start with (4 words of bits; all
   * set when unknown) and its least length in characters. */
  uint64_t *re_first;
  uint32_t *re_minlen;
  size_t re_first_cap, re_minlen_cap;
  uint32_t pbase, tick;
  vm_list lists[2];
  stack_item *stack;
  size_t stack_cap;
  uint32_t *cur;           /* capture slots of the thread being added */
  size_t cur_cap;
  uint32_t *cur_keep;      /* cur, kept while a SPAN_REST walks on */
  size_t cur_keep_cap;
  bool dirty;              /* a run failed: tentative rings need clearing */
  /* Closures: for a pc where threads are added, the consuming
   * instructions and MATCHes reachable without consuming, in priority
   * order, each with the capture slots saved on the way (see
   * index_closures). clos_off[pc]: offset in clos, or NONE (walk). */
  uint32_t *clos_off;
  size_t clos_off_cap;
  uint32_t *clos;
  size_t nclos, clos_cap;
  /* Index of a closure of at most 64 targets: cw[cw_off[pc]] holds the
   * other targets (a 64-bit mask, two words), the labels of its span
   * starts (two words), the number of keys, where the label keys begin
   * and end, per key (ascending: a word set's id, | CLOS_WORD when
   * folded, or a label | CLOS_FOLD) the mask of the targets testing it,
   * then per target its offset from the closure's head. A token then
   * visits only the targets that can take it, instead of trying every
   * word test and span start. cw_off[pc]: NONE when there is none. */
  uint32_t *cw_off;
  size_t cw_off_cap;
  uint32_t *cw;
  size_t ncw, cw_cap;
  size_t clos_work;        /* instructions walked to build them: capped
                              by CLOS_BUDGET too (prepare stays linear) */
  /* Second steps: rule r (with LA_ON in la_dicts[r]) takes at least
   * two tokens, and its second can only be consumed by one of the
   * instructions at la_pcs[la_off[r], la_off[r + 1]) or by a test of
   * words alone, kept below as its word sets. A start whose next token
   * none of them accepts is not spawned. */
  uint32_t *la_off, *la_pcs;
  size_t la_off_cap, la_pcs_cap;
  /* Word tests among them: la_wbits[r * la_words, + la_words) has the
   * bits of their word sets, la_dicts[r] the dictionaries they use (1
   * exact, 2 folded); LA_ON marks a rule that has the filter at all. */
  uint64_t *la_wbits;
  size_t la_wbits_cap, la_words;
  uint8_t *la_dicts;
  size_t la_dicts_cap;
  /* Quick tests before those, asked once per token for all rules: the
   * flags every second step of a rule requires, and the bytes its second
   * token may end with (a regex's literal tail says; any when some step
   * does not). la_quick[(c * 256 + b) * rwords + w] is word w of the
   * rules whose required flags byte b allows as byte c of the next
   * token's flags (c = 0, 1, 2), or whose second token may end with byte
   * b (c = 3); a rule without such tests is in every mask, and
   * la_quick_rules has those with. A next token failing a rule's masks
   * cannot be consumed. */
  uint64_t *la_quick, *la_quick_rules;
  size_t la_quick_cap, la_quick_rules_cap;

  /* the current run */
  glean_tokview *tv;
  glean_matchbuf *out;
  glean_error *err;
  glean_status status;
};

/* ---- life cycle -------------------------------------------------------- */

glean_vm *glean_vm_new(const glean_allocator *alloc, uint32_t max_tokens,
                       glean_error *err) {
  glean_vm *vm = glean_mem_alloc(alloc, sizeof *vm);
  if (!vm) {
    glean_fail(err, GLEAN_ENOMEM, "ruleset: out of memory");
    return NULL;
  }
  memset(vm, 0, sizeof *vm);
  vm->alloc = alloc;
  vm->max_tokens = max_tokens;
  vm->barrier = NONE;
  vm->ring_size = max_tokens + 2;
  return vm;
}

static void free_rings(glean_vm *vm) {
  size_t r;
  for (r = 0; r < vm->rt_cap; r++) {
    glean_mem_free(vm->alloc, vm->rt[r].ring,
                   vm->rt[r].ring_len * sizeof(uint32_t));
    vm->rt[r].ring = NULL;
    vm->rt[r].ring_len = 0;
  }
}

void glean_vm_free(glean_vm *vm) {
  const glean_allocator *a;
  int i;
  if (!vm) return;
  a = vm->alloc;
  free_rings(vm);
  glean_mem_free(a, vm->first, vm->first_cap * sizeof *vm->first);
  glean_mem_free(a, vm->rinfo, vm->rinfo_cap * sizeof *vm->rinfo);
  glean_mem_free(a, vm->twin_next, vm->twin_next_cap * sizeof *vm->twin_next);
  glean_mem_free(a, vm->first_rules, vm->first_rules_cap * sizeof(uint64_t));
  glean_mem_free(a, vm->label_rules, vm->label_rules_cap * sizeof(uint64_t));
  glean_mem_free(a, vm->spawn, vm->spawn_cap * sizeof(uint64_t));
  glean_mem_free(a, vm->general, vm->general_cap * sizeof *vm->general);
  glean_mem_free(a, vm->gen_need, vm->gen_need_cap * sizeof *vm->gen_need);
  glean_mem_free(a, vm->set_first, vm->set_first_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->anchors, vm->anchors_cap * sizeof *vm->anchors);
  glean_mem_free(a, vm->anchor_rules, vm->anchor_rules_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->set_anchor, vm->set_anchor_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->rule_anchor, vm->rule_anchor_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->label_anchors,
                 vm->label_anchors_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->broad, vm->broad_cap * sizeof *vm->broad);
  glean_mem_free(a, vm->free_mask, vm->free_mask_cap * sizeof(uint64_t));
  glean_mem_free(a, vm->ok_mask, vm->ok_mask_cap * sizeof(uint64_t));
  glean_mem_free(a, vm->open_windows,
                 vm->open_windows_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->ev_open, vm->ev_open_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->ev_close, vm->ev_close_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->ev_sort, vm->ev_sort_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->reach, vm->reach_cap * sizeof *vm->reach);
  glean_mem_free(a, vm->reach_pcs, vm->reach_pcs_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->reach_test, vm->reach_test_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->memo_stamp, vm->memo_stamp_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->memo_val, vm->memo_val_cap);
  glean_mem_free(a, vm->reach_bits, vm->reach_bits_cap * sizeof(uint64_t));
  glean_mem_free(a, vm->reach_same, vm->reach_same_cap * sizeof(uint64_t));
  glean_mem_free(a, vm->reach_grp, vm->reach_grp_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->reach_gbits, vm->reach_gbits_cap * sizeof(uint64_t));
  glean_mem_free(a, vm->rule_reach, vm->rule_reach_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->label_reach, vm->label_reach_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->set_reach_off,
                 vm->set_reach_off_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->set_reach, vm->set_reach_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->seeds, vm->seeds_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->seed_tok, vm->seed_tok_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->rsets, vm->rsets_cap * sizeof(uint64_t));
  glean_mem_free(a, vm->start_ok, vm->start_ok_cap * sizeof(uint64_t));
  for (i = 0; i < 2; i++) {
    glean_mem_free(a, vm->ent_reach[i], vm->ent_reach_cap[i] * sizeof(uint64_t));
    glean_mem_free(a, vm->ent_anchor[i],
                   vm->ent_anchor_cap[i] * sizeof(uint64_t));
    glean_mem_free(a, vm->ent_first[i],
                   vm->ent_first_cap[i] * sizeof(uint64_t));
  }
  glean_mem_free(a, vm->clos_off, vm->clos_off_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->cw_off, vm->cw_off_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->cw, vm->cw_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->clos, vm->clos_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->la_off, vm->la_off_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->la_pcs, vm->la_pcs_cap * sizeof(uint32_t));
  glean_mem_free(a, vm->la_wbits, vm->la_wbits_cap * sizeof(uint64_t));
  glean_mem_free(a, vm->la_dicts, vm->la_dicts_cap * sizeof(uint8_t));
  glean_mem_free(a, vm->la_quick, vm->la_quick_cap * sizeof(uint64_t));
  glean_mem_free(a, vm->la_quick_rules,
                 vm->la_quick_rules_cap * sizeof(uint64_t));
  glean_mem_free(a, vm->rt, vm->rt_cap * sizeof *vm->rt);
  glean_mem_free(a, vm->pending, vm->pending_cap * sizeof *vm->pending);
  glean_mem_free(a, vm->seen, vm->seen_cap * sizeof *vm->seen);
  glean_mem_free(a, vm->pstamp, vm->pcache_cap * sizeof *vm->pstamp);
  glean_mem_free(a, vm->pval, vm->pval_cap * sizeof *vm->pval);
  glean_mem_free(a, vm->re_class, vm->re_class_cap * sizeof *vm->re_class);
  glean_mem_free(a, vm->re_stamp, vm->re_stamp_cap * sizeof *vm->re_stamp);
  glean_mem_free(a, vm->re_val, vm->re_val_cap * sizeof *vm->re_val);
  glean_mem_free(a, vm->re_first, vm->re_first_cap * sizeof *vm->re_first);
  glean_mem_free(a, vm->re_minlen, vm->re_minlen_cap * sizeof *vm->re_minlen);
  for (i = 0; i < 2; i++) {
    glean_mem_free(a, vm->lists[i].t, vm->lists[i].cap * sizeof(vm_thread));
    glean_mem_free(a, vm->lists[i].caps,
                   vm->lists[i].caps_cap * sizeof(uint32_t));
  }
  glean_mem_free(a, vm->stack, vm->stack_cap * sizeof *vm->stack);
  glean_mem_free(a, vm->cur, vm->cur_cap * sizeof *vm->cur);
  glean_mem_free(a, vm->cur_keep, vm->cur_keep_cap * sizeof *vm->cur_keep);
  glean_mem_free(a, vm, sizeof *vm);
}

/* ---- prepare: index the rules' first steps ----------------------------- */

/* Grows a zero-initialized-on-growth array; false on OOM. */
static bool ensure(glean_vm *vm, void **items, size_t *cap, size_t need,
                   size_t elem) {
  size_t old = *cap;
  if (need <= old) return true;
  if (!glean_grow(vm->alloc, items, cap, need, elem)) return false;
  memset((char *)*items + old * elem, 0, (*cap - old) * elem);
  return true;
}

static glean_status oom(glean_vm *vm) {
  vm->status = glean_fail(vm->err, GLEAN_ENOMEM, "scan: out of memory");
  return vm->status;
}

/* Flags that few tokens of any text have: quotation marks, currency
 * signs, dashes, invalid bytes. */
#define RARE_FLAGS                                                   \
  (GLEAN_TF_QUOTE | GLEAN_TF_QUOTE_OPEN | GLEAN_TF_QUOTE_CLOSE |     \
   GLEAN_TF_CURRENCY | GLEAN_TF_DASH | GLEAN_TF_INVALID)

/* Is predicate id, as a first step, as selective as an anchor or a
 * backward filter? A word set (found through the token's dictionary
 * entry), a label (through the span bitsets) or a rare flag: a rule that
 * starts with one needs neither, which would cost more than they save
 * ("according" "to" anchored on "to" opened a window at every "to"). */
static bool pred_selective(const glean_preds *ps, uint32_t id) {
  const glean_cpred *c = &ps->items[id];
  uint64_t labels;
  return glean_preds_word_required(ps, id) ||
         glean_preds_label_required(ps, id, &labels) ||
         (!c->negate && (c->flags_all & RARE_FLAGS) != 0);
}

/* Collects the consuming instructions reachable from pc without consuming
 * (the possible first steps of a rule) into the index for rule r. */
static glean_status index_first(glean_vm *vm, uint32_t entry, size_t r,
                                uint32_t *pred_slot, bool *broad) {
  const glean_inst *code = vm->prog->code;
  uint64_t key = ((uint64_t)vm->tick << 32) | (uint32_t)r;
  size_t sp = 0;
  vm->stack[sp++].pc = entry;
  while (sp) {
    uint32_t pc = vm->stack[--sp].pc;
    for (;;) {
      const glean_inst *in = &code[pc];
      if (vm->seen[pc] == key) break;
      vm->seen[pc] = key;
      if (in->op == GLEAN_OP_JMP) {
        pc = in->x;
      } else if (in->op == GLEAN_OP_SPLIT) {
        vm->stack[sp++].pc = in->y;
        pc = in->x;
      } else if (in->op == GLEAN_OP_SAVE) {
        pc++;
      } else if (in->op == GLEAN_OP_TEST) {
        uint32_t id = in->x;
        if (pred_slot[id] == NONE) {
          const glean_cpred *c = &vm->ps->items[id];
          first_pred *f;
          if (!ensure(vm, (void **)&vm->first, &vm->first_cap,
                      vm->nfirst + 1, sizeof *vm->first) ||
              !ensure(vm, (void **)&vm->first_rules, &vm->first_rules_cap,
                      (vm->nfirst + 1) * vm->rwords, sizeof(uint64_t)))
            return oom(vm);
          pred_slot[id] = (uint32_t)vm->nfirst;
          f = &vm->first[vm->nfirst];
          memset(&vm->first_rules[vm->nfirst * vm->rwords], 0,
                 vm->rwords * sizeof(uint64_t));
          vm->nfirst++;
          f->pred = id;
          f->flags_all = c->flags_all;
          f->flags_none = c->flags_none;
          f->flags_any = c->flags_any;
          f->prefilter = !c->negate;
        }
        vm->first_rules[pred_slot[id] * vm->rwords + r / 64] |=
            (uint64_t)1 << (r % 64);
        /* an anchor filters nothing more where the first step is itself
         * the anchor, or as selective as one */
        if (id != vm->rules[r].anchor.pred && !pred_selective(vm->ps, id))
          *broad = true;
        break;
      } else if (in->op == GLEAN_OP_SPAN) {
        const glean_anchor *an = &vm->rules[r].anchor;
        if (!an->begin || an->labels != (uint64_t)1 << in->x) *broad = true;
        vm->first_labels |= (uint64_t)1 << in->x;
        vm->label_rules[in->x * vm->rwords + r / 64] |= (uint64_t)1
                                                       << (r % 64);
        break;
      } else {
        break;  /* SPAN_REST and MATCH cannot come first */
      }
    }
  }
  return GLEAN_OK;
}

/* Anchors: one per distinct word set or label set, with the rules that
 * use it. Rules without one, or whose anchor is their only first step,
 * are free to start anywhere their first step allows. */
static glean_status index_anchors(glean_vm *vm) {
  const glean_preds *ps = vm->ps;
  size_t r, i, nrules = vm->nrules;
  uint32_t total = 0;
  if (!ensure(vm, (void **)&vm->anchors, &vm->anchors_cap,
              ps->n + nrules + 1, sizeof *vm->anchors) ||
      !ensure(vm, (void **)&vm->anchor_rules, &vm->anchor_rules_cap,
              nrules + 1, sizeof *vm->anchor_rules) ||
      !ensure(vm, (void **)&vm->set_anchor, &vm->set_anchor_cap, ps->n + 1,
              sizeof *vm->set_anchor) ||
      !ensure(vm, (void **)&vm->rule_anchor, &vm->rule_anchor_cap,
              nrules + 1, sizeof *vm->rule_anchor) ||
      !ensure(vm, (void **)&vm->label_anchors, &vm->label_anchors_cap,
              nrules + 1, sizeof *vm->label_anchors) ||
      !ensure(vm, (void **)&vm->open_windows, &vm->open_windows_cap,
              nrules + 1, sizeof *vm->open_windows) ||
      !ensure(vm, (void **)&vm->free_mask, &vm->free_mask_cap,
              vm->rwords + 1, sizeof *vm->free_mask) ||
      !ensure(vm, (void **)&vm->ok_mask, &vm->ok_mask_cap, vm->rwords + 1,
              sizeof *vm->ok_mask))
    return oom(vm);
  vm->nanchors = 0;
  vm->nlabel_anchors = 0;
  vm->anchor_labels = 0;
  vm->anchor_fold[0] = vm->anchor_fold[1] = false;
  for (i = 0; i < vm->set_anchor_cap; i++) vm->set_anchor[i] = NONE;
  memset(vm->free_mask, 0, vm->free_mask_cap * sizeof *vm->free_mask);
  for (r = 0; r < nrules; r++) {
    const glean_anchor *an = &vm->rules[r].anchor;
    uint32_t k = NONE;
    vm->rule_anchor[r] = NONE;
    if (vm->rules[r].entry == NONE) continue;
    if ((an->pred == NONE && !an->labels) || !vm->broad[r]) {
      vm->free_mask[r / 64] |= (uint64_t)1 << (r % 64);
      continue;
    }
    if (an->pred != NONE) {
      const glean_cpred *c = &ps->items[an->pred];
      k = vm->set_anchor[c->set];
      if (k == NONE) {
        k = vm->set_anchor[c->set] = (uint32_t)vm->nanchors++;
        vm->anchors[k].a = *an;
        vm->anchors[k].n = 0;
        vm->anchor_fold[c->words_fold] = true;
      }
    } else {
      for (i = 0; i < vm->nlabel_anchors && k == NONE; i++) {
        const glean_anchor *b = &vm->anchors[vm->label_anchors[i]].a;
        if (b->labels == an->labels && b->begin == an->begin)
          k = vm->label_anchors[i];
      }
      if (k == NONE) {
        k = (uint32_t)vm->nanchors++;
        vm->anchors[k].a = *an;
        vm->anchors[k].n = 0;
        vm->label_anchors[vm->nlabel_anchors++] = k;
        vm->anchor_labels |= an->labels;
      }
    }
    vm->rule_anchor[r] = k;
    vm->anchors[k].n++;
  }
  for (i = 0; i < vm->nanchors; i++) {
    vm->anchors[i].first = total;
    total += vm->anchors[i].n;
    vm->anchors[i].n = 0;
  }
  for (r = 0; r < nrules; r++) {
    anchor_info *an;
    if (vm->rule_anchor[r] == NONE) continue;
    an = &vm->anchors[vm->rule_anchor[r]];
    vm->anchor_rules[an->first + an->n++] = (uint32_t)r;
  }
  return GLEAN_OK;
}

/* First steps that need a word are found through the token's dictionary
 * entry; the others ("general") are tried at every token. */
static glean_status index_words(glean_vm *vm) {
  const glean_preds *ps = vm->ps;
  size_t i;
  if (!ensure(vm, (void **)&vm->general, &vm->general_cap, vm->nfirst + 1,
              sizeof *vm->general) ||
      !ensure(vm, (void **)&vm->set_first, &vm->set_first_cap, ps->n + 1,
              sizeof *vm->set_first))
    return oom(vm);
  for (i = 0; i < vm->set_first_cap; i++) vm->set_first[i] = NONE;
  vm->ngeneral = 0;
  vm->word_first[0] = vm->word_first[1] = false;
  for (i = 0; i < vm->nfirst; i++) {
    first_pred *f = &vm->first[i];
    const glean_cpred *c = &ps->items[f->pred];
    f->by_word = glean_preds_word_required(ps, f->pred);
    if (f->by_word) {
      vm->set_first[c->set] = (uint32_t)i;
      vm->word_first[c->words_fold] = true;
    } else {
      vm->general[vm->ngeneral++] = (uint32_t)i;
    }
  }
  vm->flags_table = vm->ngeneral <= 64;
  memset(vm->by_flags, 0, sizeof vm->by_flags);
  for (i = 0; i < vm->ngeneral && vm->flags_table; i++) {
    const first_pred *f = &vm->first[vm->general[i]];
    unsigned c, b;
    for (c = 0; c < 3; c++) {
      uint32_t all = f->prefilter ? f->flags_all >> (8 * c) & 0xff : 0;
      uint32_t none = f->prefilter ? f->flags_none >> (8 * c) & 0xff : 0;
      for (b = 0; b < 256; b++)
        if ((b & all) == all && !(b & none))
          vm->by_flags[c][b] |= (uint64_t)1 << i;
    }
  }
  if (!ensure(vm, (void **)&vm->gen_need, &vm->gen_need_cap,
              vm->ngeneral + 1, sizeof *vm->gen_need))
    return oom(vm);
  memset(vm->need_bit, 0xff, sizeof vm->need_bit);
  memset(vm->need_mask, 0, sizeof vm->need_mask);
  {
    unsigned nbits = 0;
    for (i = 0; i < vm->ngeneral; i++) {
      const glean_cpred *c = &ps->items[vm->first[vm->general[i]].pred];
      uint32_t k;
      vm->gen_need[i] = 0;
      /* only where a regex that cannot match makes the whole test fail
       * (glean_preds_eval tests words before the regex) */
      if (!c->re || c->words || c->negate || c->regex_negate) continue;
      for (k = 0; k < c->re_nneed; k++) {
        unsigned char b = (unsigned char)c->re_need[k];
        if (b >= 128) continue;
        if (vm->need_bit[b] == 0xff) {
          if (nbits == 64) continue;
          vm->need_bit[b] = (uint8_t)nbits++;
        }
        vm->gen_need[i] |= (uint64_t)1 << vm->need_bit[b];
        vm->need_mask[b] = (uint64_t)1 << vm->need_bit[b];
      }
    }
  }
  /* regexes that must match: their first bytes and least lengths */
  for (i = 0; i < 256; i++) vm->by_first[i] = ~(uint64_t)0;
  for (i = 0; i < 64; i++) vm->by_len[i] = ~(uint64_t)0;
  vm->first_table = false;
  for (i = 0; i < vm->ngeneral && vm->flags_table; i++) {
    uint32_t id = vm->first[vm->general[i]].pred, cls = vm->re_class[id], b;
    const glean_cpred *c = &ps->items[id];
    const uint64_t *fb;
    if (!c->re || c->negate || c->regex_negate) continue;
    fb = vm->re_first + 4 * (size_t)cls;
    vm->first_table = true;
    for (b = 0; b < 256; b++)
      if (!(fb[b / 64] >> (b % 64) & 1)) vm->by_first[b] &= ~((uint64_t)1 << i);
    for (b = 0; b < 63 && b < vm->re_minlen[cls]; b++)  /* 63: or more */
      vm->by_len[b] &= ~((uint64_t)1 << i);
  }
  /* flags past the tables' 24 bits: always a candidate */
  for (i = 0; i < vm->ngeneral && vm->flags_table; i++) {
    const first_pred *f = &vm->first[vm->general[i]];
    if (f->prefilter && ((f->flags_all | f->flags_none) >> 24))
      vm->flags_table = false;
  }
  return GLEAN_OK;
}

/* ---- prepare: rules filtered by a backward pass ("reach") -------------- */

/* A rule whose first steps include a broad predicate (any word, any
 * capitalized word) starts threads nearly everywhere, though its matches
 * are rare when they must end on a reporting verb or a label. For such
 * a rule, a pass over the tokens from each possible last token backward
 * marks the tokens where a match may start (an NFA run in reverse over
 * the rule's consuming instructions, ignoring priorities, contexts and
 * the length cap: a superset). Starting the rule only there changes no
 * match: a start that cannot match adds nothing. */

/* More states than this: no filter (the prev sets grow quadratically). */
#define REACH_MAX_STATES 1024u

/* States reached from pc without consuming, into set; *final when the
 * MATCH is. seen[] marks visited pcs with key. */
static void reach_closure(glean_vm *vm, uint32_t pc0, uint32_t entry,
                          const uint32_t *state_of, uint64_t key,
                          uint64_t *set, bool *final) {
  const glean_inst *code = vm->prog->code;
  size_t sp = 0;
  vm->stack[sp++].pc = pc0;
  while (sp) {
    uint32_t pc = vm->stack[--sp].pc;
    const glean_inst *in = &code[pc];
    if (vm->seen[pc] == key) continue;
    vm->seen[pc] = key;
    switch (in->op) {
    case GLEAN_OP_JMP:
      vm->stack[sp++].pc = in->x;
      break;
    case GLEAN_OP_SPLIT:
      vm->stack[sp++].pc = in->y;
      vm->stack[sp++].pc = in->x;
      break;
    case GLEAN_OP_SAVE:
      vm->stack[sp++].pc = pc + 1;
      break;
    case GLEAN_OP_MATCH:
      *final = true;
      break;
    case GLEAN_OP_SPAN_REST:  /* may consume, or step over */
      set[state_of[pc - entry] / 64] |= (uint64_t)1 << (state_of[pc - entry] % 64);
      vm->stack[sp++].pc = pc + 1;
      break;
    default:                  /* TEST, SPAN */
      set[state_of[pc - entry] / 64] |= (uint64_t)1 << (state_of[pc - entry] % 64);
      break;
    }
  }
}

/* Builds the backward filter of rule r when it is worth one. */
static glean_status index_reach_rule(glean_vm *vm, uint32_t r,
                                     uint32_t *state_of, size_t *nkey) {
  const glean_inst *code = vm->prog->code;
  const glean_preds *ps = vm->ps;
  uint32_t entry = vm->rules[r].entry, end = entry, n = 0, words;
  uint64_t *bits, *firsts, *finals, *prev, labels = 0;
  reach_info *ri;
  bool general = false, final;
  size_t k;
  while (code[end].op != GLEAN_OP_MATCH) end++;
  for (k = entry; k < end; k++) {
    uint32_t op = code[k].op;
    state_of[k - entry] = NONE;
    if (op == GLEAN_OP_TEST || op == GLEAN_OP_SPAN ||
        op == GLEAN_OP_SPAN_REST)
      state_of[k - entry] = n++;
  }
  if (n == 0 || n > REACH_MAX_STATES) return GLEAN_OK;
  words = (n + 63) / 64;
  if (!ensure(vm, (void **)&vm->reach_bits, &vm->reach_bits_cap,
              vm->nreach_bits + (size_t)(n + 2) * words,
              sizeof *vm->reach_bits) ||
      !ensure(vm, (void **)&vm->reach_pcs, &vm->reach_pcs_cap,
              vm->nreach_pcs + n, sizeof *vm->reach_pcs) ||
      !ensure(vm, (void **)&vm->reach, &vm->reach_cap, vm->nreach + 1,
              sizeof *vm->reach))
    return oom(vm);
  bits = vm->reach_bits + vm->nreach_bits;
  memset(bits, 0, (size_t)(n + 2) * words * sizeof *bits);
  firsts = bits;
  finals = bits + words;
  prev = bits + 2 * words;
  final = false;
  reach_closure(vm, entry, entry, state_of, ((uint64_t)NONE << 32) | (*nkey)++,
                firsts, &final);
  /* worth it only when some first step is broad */
  for (k = entry; k < end; k++) {
    uint32_t s = state_of[k - entry];
    if (s != NONE && (firsts[s / 64] >> (s % 64) & 1) &&
        code[k].op == GLEAN_OP_TEST && !pred_selective(ps, code[k].x))
      general = true;
  }
  if (!general) return GLEAN_OK;
  for (k = entry; k < end; k++) {
    uint64_t *next = vm->rsets;
    uint32_t s = state_of[k - entry], t, w;
    if (s == NONE) continue;
    memset(next, 0, words * sizeof *next);
    final = false;
    reach_closure(vm, code[k].op == GLEAN_OP_SPAN_REST ? (uint32_t)k
                                                       : (uint32_t)k + 1,
                  entry, state_of, ((uint64_t)NONE << 32) | (*nkey)++, next,
                  &final);
    if (final) {
      /* a last token must be cheap to find: a word or a label */
      if (code[k].op == GLEAN_OP_TEST) {
        uint64_t l;
        if (glean_preds_label_required(ps, code[k].x, &l))
          labels |= l;
        else if (!glean_preds_word_required(ps, code[k].x))
          return GLEAN_OK;
      } else {
        labels |= (uint64_t)1 << code[k].x;
      }
      finals[s / 64] |= (uint64_t)1 << (s % 64);
    }
    for (w = 0; w < words; w++) {
      uint64_t b = next[w];
      while (b) {
        t = (uint32_t)(w * 64 + (unsigned)__builtin_ctzll(b));
        b &= b - 1;
        prev[(size_t)t * words + s / 64] |= (uint64_t)1 << (s % 64);
      }
    }
  }
  ri = &vm->reach[vm->nreach];
  memset(ri, 0, sizeof *ri);
  ri->rule = r;
  ri->nstates = n;
  ri->words = words;
  ri->pcs = vm->nreach_pcs;
  ri->bits = vm->nreach_bits;
  ri->labels = labels;
  for (k = entry; k < end; k++)
    if (state_of[k - entry] != NONE)
      vm->reach_pcs[vm->nreach_pcs++] = (uint32_t)k;
  vm->nreach_bits += (size_t)(n + 2) * words;
  if (labels) {
    if (!ensure(vm, (void **)&vm->label_reach, &vm->label_reach_cap,
                vm->nlabel_reach + 1, sizeof *vm->label_reach))
      return oom(vm);
    vm->label_reach[vm->nlabel_reach++] = (uint32_t)vm->nreach;
  }
  vm->rule_reach[r] = (uint32_t)vm->nreach++;
  vm->reach_labels |= labels;
  return GLEAN_OK;
}

/* Word set -> reach rules that may end on one of its words. */
static glean_status index_reach_sets(glean_vm *vm) {
  const glean_preds *ps = vm->ps;
  size_t nsets = ps->n + 1, i, pass, total = 0;
  if (!ensure(vm, (void **)&vm->set_reach_off, &vm->set_reach_off_cap,
              nsets + 1, sizeof *vm->set_reach_off))
    return oom(vm);
  memset(vm->set_reach_off, 0, (nsets + 1) * sizeof *vm->set_reach_off);
  for (pass = 0; pass < 2; pass++) {
    for (i = 0; i < vm->nreach; i++) {
      reach_info *ri = &vm->reach[i];
      const uint32_t *pcs = vm->reach_pcs + ri->pcs;
      const uint64_t *finals = vm->reach_bits + ri->bits + ri->words;
      uint32_t s;
      for (s = 0; s < ri->nstates; s++) {
        const glean_inst *in = &vm->prog->code[pcs[s]];
        const glean_cpred *c;
        uint32_t set, *list;
        size_t j;
        if (!(finals[s / 64] >> (s % 64) & 1) || in->op != GLEAN_OP_TEST ||
            !glean_preds_word_required(ps, in->x))
          continue;
        c = &ps->items[in->x];
        set = c->set;
        vm->reach_fold[c->words_fold] = true;
        if (pass == 0) {
          vm->set_reach_off[set + 1]++;  /* counted once per state */
          continue;
        }
        list = vm->set_reach + vm->set_reach_off[set];
        for (j = 0; list + j < vm->set_reach + vm->set_reach_off[set + 1];
             j++) {
          if (list[j] == i) break;
          if (list[j] == NONE) {
            list[j] = (uint32_t)i;
            break;
          }
        }
      }
    }
    if (pass == 0) {
      for (i = 0; i < nsets; i++) {
        total += vm->set_reach_off[i + 1];
        vm->set_reach_off[i + 1] = (uint32_t)total;
      }
      if (!ensure(vm, (void **)&vm->set_reach, &vm->set_reach_cap,
                  total + 1, sizeof *vm->set_reach))
        return oom(vm);
      for (i = 0; i < total; i++) vm->set_reach[i] = NONE;
    }
  }
  return GLEAN_OK;
}

/* Numbers the tests of the reach states (see glean_vm.reach_test): the
 * states of a predicate that more than one state tests share a number;
 * flags and span tests, as quick to make as to look up, get none. */
static glean_status index_reach_tests(glean_vm *vm) {
  const glean_inst *code = vm->prog->code;
  uint32_t *count, *num, ntests = 0;
  size_t k, npred = vm->ps->n;
  if (!ensure(vm, (void **)&vm->reach_test, &vm->reach_test_cap,
              vm->nreach_pcs + 1, sizeof *vm->reach_test))
    return oom(vm);
  count = glean_mem_alloc(vm->alloc, 2 * (npred + 1) * sizeof *count);
  if (!count) return oom(vm);
  num = count + npred + 1;
  for (k = 0; k <= npred; k++) count[k] = 0, num[k] = NONE;
  for (k = 0; k < vm->nreach_pcs; k++) {
    const glean_inst *in = &code[vm->reach_pcs[k]];
    if (in->op == GLEAN_OP_TEST) count[in->x]++;
  }
  for (k = 0; k < vm->nreach_pcs; k++) {
    const glean_inst *in = &code[vm->reach_pcs[k]];
    vm->reach_test[k] = NONE;
    if (in->op != GLEAN_OP_TEST || count[in->x] < 2 ||
        vm->ps->items[in->x].flags_only)
      continue;
    if (num[in->x] == NONE) num[in->x] = ntests++;
    vm->reach_test[k] = num[in->x];
  }
  glean_mem_free(vm->alloc, count, 2 * (npred + 1) * sizeof *count);
  if (!ensure(vm, (void **)&vm->reach_same, &vm->reach_same_cap,
              vm->nreach_pcs + 1, sizeof *vm->reach_same))
    return oom(vm);
  if (!ensure(vm, (void **)&vm->reach_grp, &vm->reach_grp_cap,
              vm->nreach_pcs + 1, sizeof *vm->reach_grp))
    return oom(vm);
  {
    /* test -> its group in the rule at hand: predicates, then begin and
     * inside labels */
    uint32_t *gof = glean_mem_alloc(vm->alloc, (npred + 128) * sizeof *gof);
    size_t ng = 0;
    if (!gof) return oom(vm);
    for (k = 0; k < npred + 128; k++) gof[k] = NONE;
    for (k = 0; k < vm->nreach; k++) {
      reach_info *ri = &vm->reach[k];
      const uint32_t *pcs = vm->reach_pcs + ri->pcs;
      uint32_t *grp = vm->reach_grp + ri->pcs, c, n = 0;
      if (ri->words == 1) continue;
      for (c = 0; c < ri->nstates; c++) {
        const glean_inst *x = &code[pcs[c]];
        size_t t = x->op == GLEAN_OP_TEST ? x->x
                   : x->op == GLEAN_OP_SPAN ? npred + x->x : npred + 64 + x->x;
        if (gof[t] == NONE) gof[t] = n++;
        grp[c] = gof[t];
      }
      ri->gbits = ng;
      ng += (size_t)n * ri->words;
      if (!ensure(vm, (void **)&vm->reach_gbits, &vm->reach_gbits_cap,
                  ng + 1, sizeof *vm->reach_gbits)) {
        glean_mem_free(vm->alloc, gof, (npred + 128) * sizeof *gof);
        return oom(vm);
      }
      memset(vm->reach_gbits + ri->gbits, 0,
             (size_t)n * ri->words * sizeof *vm->reach_gbits);
      for (c = 0; c < ri->nstates; c++) {
        const glean_inst *x = &code[pcs[c]];
        size_t t = x->op == GLEAN_OP_TEST ? x->x
                   : x->op == GLEAN_OP_SPAN ? npred + x->x : npred + 64 + x->x;
        vm->reach_gbits[ri->gbits + (size_t)grp[c] * ri->words + c / 64] |=
            (uint64_t)1 << (c % 64);
        gof[t] = NONE;  /* ready for the next rule */
      }
    }
    glean_mem_free(vm->alloc, gof, (npred + 128) * sizeof *gof);
  }
  for (k = 0; k < vm->nreach; k++) {
    const reach_info *ri = &vm->reach[k];
    const uint32_t *pcs = vm->reach_pcs + ri->pcs;
    uint64_t *same = vm->reach_same + ri->pcs;
    uint32_t a, b;
    if (ri->words != 1) continue;
    for (a = 0; a < ri->nstates; a++) {
      const glean_inst *x = &code[pcs[a]];
      same[a] = 0;
      for (b = 0; b < ri->nstates; b++)
        if (code[pcs[b]].op == x->op && code[pcs[b]].x == x->x)
          same[a] |= (uint64_t)1 << b;
    }
  }
  if (!ensure(vm, (void **)&vm->memo_stamp, &vm->memo_stamp_cap, ntests + 1,
              sizeof *vm->memo_stamp) ||
      !ensure(vm, (void **)&vm->memo_val, &vm->memo_val_cap, ntests + 1, 1))
    return oom(vm);
  memset(vm->memo_stamp, 0, vm->memo_stamp_cap * sizeof *vm->memo_stamp);
  return GLEAN_OK;
}

static glean_status index_reach(glean_vm *vm) {
  size_t r, maxcode = 0, nkey = 0;
  uint32_t *state_of;
  glean_status st = GLEAN_OK;
  vm->nreach = vm->nreach_pcs = vm->nreach_bits = 0;
  vm->reach_fold[0] = vm->reach_fold[1] = false;
  vm->reach_labels = 0;
  vm->nlabel_reach = 0;
  if (!ensure(vm, (void **)&vm->rule_reach, &vm->rule_reach_cap,
              vm->nrules + 1, sizeof *vm->rule_reach) ||
      !ensure(vm, (void **)&vm->rsets, &vm->rsets_cap,
              4 * (REACH_MAX_STATES / 64) + 4, sizeof *vm->rsets))
    return oom(vm);
  for (r = 0; r < vm->nrules; r++) vm->rule_reach[r] = NONE;
  maxcode = vm->prog->n + 1;
  state_of = glean_mem_alloc(vm->alloc, maxcode * sizeof *state_of);
  if (!state_of) return oom(vm);
  for (r = 0; r < vm->nrules && st == GLEAN_OK; r++)
    if (vm->rules[r].entry != NONE)
      st = index_reach_rule(vm, (uint32_t)r, state_of, &nkey);
  glean_mem_free(vm->alloc, state_of, maxcode * sizeof *state_of);
  if (st == GLEAN_OK) st = index_reach_sets(vm);
  if (st == GLEAN_OK) st = index_reach_tests(vm);
  return st;
}

/* Sets f->reach_only and f->anchored_only (first pred number fi). */
static void index_reach_only(glean_vm *vm, first_pred *f, size_t fi) {
  const uint64_t *rules = &vm->first_rules[fi * vm->rwords];
  size_t w;
  f->anchored_only = vm->nanchors > 0;
  for (w = 0; w < vm->rwords && f->anchored_only; w++)
    if (rules[w] & vm->free_mask[w]) f->anchored_only = false;
  f->reach_only = 0;
  for (w = 0; w < vm->rwords; w++) {
    uint64_t b = rules[w];
    while (b) {
      size_t r = w * 64 + (unsigned)__builtin_ctzll(b);
      uint32_t k = vm->rule_reach[r];
      b &= b - 1;
      if (k == NONE || k >= 64) {
        f->reach_only = 0;
        return;
      }
      f->reach_only |= (uint64_t)1 << k;
    }
  }
}

/* ---- prepare: closures ------------------------------------------------ */

/* Adding a thread follows jumps, splits and saves to the instructions
 * that consume (or MATCH). The walk is the same every time for a given
 * pc, so it is done once here: clos[clos_off[pc]] holds the number of
 * targets, the offset of a second list and the word dictionaries its
 * tests use (bit 0 exact, bit 1 folded), then per target its pc, its
 * number of saves and their slots (all set to the position of the
 * thread). The second list (a count, then targets) leaves out the tests
 * of words alone, for a token in no word set. The targets come in the
 * walk's order, first visit only: a run stamps just the targets, which
 * leaves the same threads as stamping every pc walked (a pc walked
 * before leads only to targets stamped before). SPAN_REST is a target
 * too: whether the walk goes past it depends on the token. */

/* Total closure entries allowed, so that a program of long chains of
 * splits cannot take quadratic memory: past it, pcs are walked. */
#define CLOS_BUDGET(n) ((size_t)(n) * 16 + 4096)

/* A closure target's pc carries two bits: a test of words alone (which
 * fails at once for a token in no word set), and its dictionary. */
#define CLOS_WORD ((uint32_t)1 << 31)
#define CLOS_FOLD ((uint32_t)1 << 30)
#define CLOS_PC(x) ((x) & ~(CLOS_WORD | CLOS_FOLD))

static uint32_t clos_word_bits(const glean_vm *vm, const glean_inst *in) {
  const glean_cpred *c;
  if (in->op != GLEAN_OP_TEST) return 0;
  c = &vm->ps->items[in->x];
  if (!c->words || c->re || c->label_mask || c->words_negate || c->negate ||
      c->flags_all || c->flags_none || c->flags_any)
    return 0;
  return CLOS_WORD | (c->words_fold ? CLOS_FOLD : 0);
}

/* Fills ent_first, ent_reach and ent_anchor (see glean_vm). */
static glean_status index_entry_bits(glean_vm *vm) {
  int fold;
  uint32_t nw = 0, *wbit;  /* per word set: its bit in ent_first, or NONE */
  size_t i;
  wbit = glean_mem_alloc(vm->alloc, (vm->ps->n + 1) * sizeof *wbit);
  if (!wbit) return oom(vm);
  for (i = 0; i <= vm->ps->n; i++) wbit[i] = NONE;
  memset(vm->wfirst_plain, 0, sizeof vm->wfirst_plain);
  for (i = 0; i < vm->nfirst; i++) {
    const glean_cpred *c = &vm->ps->items[vm->first[i].pred];
    if (!vm->first[i].by_word) continue;
    if (nw == WFIRST_MAX) {
      nw = WFIRST_MAX + 1;  /* too many: the walk over the sets */
      break;
    }
    if (!c->flags_all && !c->flags_none && !c->flags_any && !c->label_mask &&
        !c->re)
      vm->wfirst_plain[nw / 64] |= (uint64_t)1 << (nw % 64);
    wbit[c->set] = nw;
    vm->wfirst[nw++] = (uint32_t)i;
  }
  vm->ent_words = nw <= WFIRST_MAX ? (nw + 63) / 64 : 0;
  for (fold = 0; fold < 2; fold++) {
    const glean_dict *d = &vm->ps->dict[fold];
    size_t e, ew = vm->ent_words;
    uint32_t m;
    bool firsts = ew > 0 && vm->word_first[fold];
    if (firsts && !ensure(vm, (void **)&vm->ent_first[fold],
                          &vm->ent_first_cap[fold], d->n * ew + 1,
                          sizeof(uint64_t))) {
      glean_mem_free(vm->alloc, wbit, (vm->ps->n + 1) * sizeof *wbit);
      return oom(vm);
    }
    if (firsts) memset(vm->ent_first[fold], 0, d->n * ew * sizeof(uint64_t));
    for (e = 0; e < d->n && firsts; e++) {
      uint64_t *fb = &vm->ent_first[fold][e * ew];
      for (m = 0; m < d->e[e].mcount; m++) {
        uint32_t set = d->members[d->e[e].mfirst + m], b = wbit[set];
        if (b != NONE) fb[b / 64] |= (uint64_t)1 << (b % 64);
      }
    }
    if (!firsts && vm->ent_first[fold]) {
      glean_mem_free(vm->alloc, vm->ent_first[fold],
                     vm->ent_first_cap[fold] * sizeof(uint64_t));
      vm->ent_first[fold] = NULL;
      vm->ent_first_cap[fold] = 0;
    }
  }
  glean_mem_free(vm->alloc, wbit, (vm->ps->n + 1) * sizeof *wbit);
  for (fold = 0; fold < 2; fold++) {
    const glean_dict *d = &vm->ps->dict[fold];
    size_t e;
    uint32_t m;
    bool reach = vm->nreach <= 64 && vm->reach_fold[fold];
    bool anch = vm->nanchors <= 64 && vm->anchor_fold[fold];
    if ((reach && !ensure(vm, (void **)&vm->ent_reach[fold],
                          &vm->ent_reach_cap[fold], d->n + 1,
                          sizeof(uint64_t))) ||
        (anch && !ensure(vm, (void **)&vm->ent_anchor[fold],
                         &vm->ent_anchor_cap[fold], d->n + 1,
                         sizeof(uint64_t))))
      return oom(vm);
    for (e = 0; e < d->n; e++) {
      uint64_t rb = 0, ab = 0;
      for (m = 0; m < d->e[e].mcount; m++) {
        uint32_t set = d->members[d->e[e].mfirst + m], j;
        if (reach)
          for (j = vm->set_reach_off[set];
               j < vm->set_reach_off[set + 1] && vm->set_reach[j] != NONE;
               j++)
            rb |= (uint64_t)1 << vm->set_reach[j];
        if (anch && vm->set_anchor[set] != NONE)
          ab |= (uint64_t)1 << vm->set_anchor[set];
      }
      if (reach) vm->ent_reach[fold][e] = rb;
      if (anch) vm->ent_anchor[fold][e] = ab;
    }
    if (!reach && vm->ent_reach[fold]) {
      glean_mem_free(vm->alloc, vm->ent_reach[fold],
                     vm->ent_reach_cap[fold] * sizeof(uint64_t));
      vm->ent_reach[fold] = NULL;
      vm->ent_reach_cap[fold] = 0;
    }
    if (!anch && vm->ent_anchor[fold]) {
      glean_mem_free(vm->alloc, vm->ent_anchor[fold],
                     vm->ent_anchor_cap[fold] * sizeof(uint64_t));
      vm->ent_anchor[fold] = NULL;
      vm->ent_anchor_cap[fold] = 0;
    }
  }
  return GLEAN_OK;
}

/* Builds the index of the closure of pc0 (at clos[head]). */
static glean_status word_index(glean_vm *vm, uint32_t pc0, size_t head) {
  const uint32_t *clos = vm->clos + head, *e = clos + 3;
  uint32_t count = clos[0], k, nent = 0, i;
  uint64_t gmask = 0, labels = 0;
  size_t base = vm->ncw, need = base + 7 + 3 * (size_t)count + count;
  uint32_t *ent;
  if (vm->ps->n >= CLOS_FOLD) return GLEAN_OK;  /* keys need the top bits */
  if (!ensure(vm, (void **)&vm->cw, &vm->cw_cap, need, sizeof *vm->cw))
    return oom(vm);
  ent = vm->cw + base + 7;
  for (k = 0; k < count; k++, e += 2 + e[1]) {
    const glean_inst *in = &vm->prog->code[CLOS_PC(e[0])];
    uint32_t key, j;
    if (in->op == GLEAN_OP_SPAN) {
      key = in->x | CLOS_FOLD;
      labels |= (uint64_t)1 << in->x;
    } else if (e[0] & CLOS_WORD) {
      key = vm->ps->items[in->x].set | (e[0] & CLOS_FOLD ? CLOS_WORD : 0);
    } else {
      gmask |= (uint64_t)1 << k;
      continue;
    }
    /* insertion in key order */
    for (j = 0; j < nent && ent[3 * j] < key; j++) {}
    if (j == nent || ent[3 * j] != key) {
      memmove(ent + 3 * (j + 1), ent + 3 * j, 3 * (nent - j) * sizeof *ent);
      ent[3 * j] = key;
      ent[3 * j + 1] = ent[3 * j + 2] = 0;
      nent++;
    }
    if (k < 32)
      ent[3 * j + 1] |= (uint32_t)1 << k;
    else
      ent[3 * j + 2] |= (uint32_t)1 << (k - 32);
  }
  vm->cw[base] = (uint32_t)gmask;
  vm->cw[base + 1] = (uint32_t)(gmask >> 32);
  vm->cw[base + 2] = (uint32_t)labels;
  vm->cw[base + 3] = (uint32_t)(labels >> 32);
  vm->cw[base + 4] = nent;
  /* the keys in order: exact word sets, labels, folded word sets */
  for (i = 0; i < nent && ent[3 * i] < CLOS_FOLD; i++) {}
  vm->cw[base + 5] = i;
  for (; i < nent && ent[3 * i] < CLOS_WORD; i++) {}
  vm->cw[base + 6] = i;
  e = clos + 3;
  for (i = 0; i < count; i++, e += 2 + e[1])
    vm->cw[base + 7 + 3 * nent + i] = (uint32_t)(e - clos);
  vm->ncw = base + 7 + 3 * (size_t)nent + count;
  vm->cw_off[pc0] = (uint32_t)base;
  return GLEAN_OK;
}

static glean_status closure_of(glean_vm *vm, uint32_t pc0, uint32_t *mark,
                               uint32_t *path) {
  const glean_inst *code = vm->prog->code;
  stack_item *stack = vm->stack;
  size_t sp = 0, head = vm->nclos, npath = 0, k, tail;
  uint32_t count = 0, nw = 0, dicts = 0;
  const uint32_t *e;
  if (!ensure(vm, (void **)&vm->clos, &vm->clos_cap, vm->nclos + 3,
              sizeof *vm->clos))
    return oom(vm);
  vm->nclos += 3;
  stack[sp].pc = pc0;
  stack[sp].slot = 0;  /* the path's saves to keep */
  sp++;
  while (sp) {
    uint32_t pc = stack[--sp].pc;
    npath = stack[sp].slot;
    for (;;) {
      const glean_inst *in = &code[pc];
      if (mark[pc] == pc0 + 1) break;
      mark[pc] = pc0 + 1;
      if (++vm->clos_work > CLOS_BUDGET(vm->prog->n)) {
        vm->nclos = head;  /* too much walking: this pc is walked */
        vm->clos_off[pc0] = NONE;
        return GLEAN_OK;
      }
      if (in->op == GLEAN_OP_JMP) {
        pc = in->x;
      } else if (in->op == GLEAN_OP_SPLIT) {
        stack[sp].pc = in->y;
        stack[sp].slot = (uint32_t)npath;
        sp++;
        pc = in->x;
      } else if (in->op == GLEAN_OP_SAVE) {
        path[npath++] = in->x;
        pc++;
      } else {
        size_t need = vm->nclos + 2 + npath;
        if (need > CLOS_BUDGET(vm->prog->n)) {
          vm->nclos = head;
          vm->clos_off[pc0] = NONE;
          return GLEAN_OK;
        }
        if (!ensure(vm, (void **)&vm->clos, &vm->clos_cap, need,
                    sizeof *vm->clos))
          return oom(vm);
        vm->clos[vm->nclos++] = pc | clos_word_bits(vm, in);
        vm->clos[vm->nclos++] = (uint32_t)npath;
        memcpy(vm->clos + vm->nclos, path, npath * sizeof *path);
        vm->nclos += npath;
        count++;
        break;
      }
    }
  }
  /* then the same without the word tests, for tokens in no word set */
  tail = vm->nclos;
  if (!ensure(vm, (void **)&vm->clos, &vm->clos_cap,
              2 * vm->nclos - head + 1, sizeof *vm->clos))
    return oom(vm);
  vm->nclos++;
  e = vm->clos + head + 3;
  for (k = 0; k < count; k++, e += 2 + e[1]) {
    if (e[0] & CLOS_WORD) {
      dicts |= e[0] & CLOS_FOLD ? 2u : 1u;
      continue;
    }
    memcpy(vm->clos + vm->nclos, e, (2 + e[1]) * sizeof *e);
    vm->nclos += 2 + e[1];
    nw++;
  }
  vm->clos[tail] = nw;
  vm->clos[head] = count;
  vm->clos[head + 1] = (uint32_t)(tail - head);
  vm->clos[head + 2] = dicts;
  vm->clos_off[pc0] = (uint32_t)head;
  /* an index for every closure of at most 64 targets: the targets that
   * take a token make a mask, found by bit operations */
  if (count <= 64) return word_index(vm, pc0, head);
  return GLEAN_OK;
}

static glean_status index_closures(glean_vm *vm) {
  const glean_prog *prog = vm->prog;
  size_t n = prog->n, pc, r;
  uint32_t *mark, *path;
  glean_status st = GLEAN_OK;
  if (!ensure(vm, (void **)&vm->clos_off, &vm->clos_off_cap, n + 1,
              sizeof *vm->clos_off) ||
      !ensure(vm, (void **)&vm->cw_off, &vm->cw_off_cap, n + 1,
              sizeof *vm->cw_off))
    return oom(vm);
  for (pc = 0; pc <= n; pc++) vm->clos_off[pc] = vm->cw_off[pc] = NONE;
  vm->ncw = 0;
  vm->nclos = 0;
  vm->clos_work = 0;
  if (n >= CLOS_FOLD) return GLEAN_OK;  /* pcs need their top bits */
  mark = glean_mem_alloc(vm->alloc, (n + 1) * sizeof *mark);
  path = glean_mem_alloc(vm->alloc, (n + 1) * sizeof *path);
  if (!mark || !path) {
    glean_mem_free(vm->alloc, mark, mark ? (n + 1) * sizeof *mark : 0);
    glean_mem_free(vm->alloc, path, path ? (n + 1) * sizeof *path : 0);
    return oom(vm);
  }
  memset(mark, 0, (n + 1) * sizeof *mark);
  /* where threads are added: rule entries, after a consuming step, and
   * at a SPAN_REST (which stays) */
  for (r = 0; r < vm->nrules && st == GLEAN_OK; r++)
    if (vm->rules[r].entry != NONE &&
        vm->clos_off[vm->rules[r].entry] == NONE)
      st = closure_of(vm, vm->rules[r].entry, mark, path);
  for (pc = 0; pc < n && st == GLEAN_OK; pc++) {
    uint32_t op = prog->code[pc].op;
    if (op == GLEAN_OP_SPAN_REST && vm->clos_off[pc] == NONE)
      st = closure_of(vm, (uint32_t)pc, mark, path);
    if (op == GLEAN_OP_SPAN_REST && pc + 1 < n && st == GLEAN_OK &&
        vm->clos_off[pc + 1] == NONE)
      st = closure_of(vm, (uint32_t)pc + 1, mark, path);
    if ((op == GLEAN_OP_TEST || op == GLEAN_OP_SPAN) && pc + 1 < n &&
        st == GLEAN_OK && vm->clos_off[pc + 1] == NONE)
      st = closure_of(vm, (uint32_t)pc + 1, mark, path);
  }
  glean_mem_free(vm->alloc, mark, (n + 1) * sizeof *mark);
  glean_mem_free(vm->alloc, path, (n + 1) * sizeof *path);
  return st;
}

/* At most this many predicate tests other than word tests may take a
 * rule's second token for the filter to be kept: checking more costs
 * more than it saves. Span steps cost a bit test of the token's labels,
 * so up to LA_CHEAP of them are checked too; word tests, however many,
 * one bit test per word set the token's dictionary entry is in. So a
 * rule led by a long list of modifier words ("about", "more than", "a
 * record") or by a span keeps its filter. */
#define LA_MAX 8u
#define LA_CHEAP 64u
#define LA_ON 4u

/* Adds pc2 (a consumer of the second token) to rule r's filter, which
 * starts at la_pcs[base]; false when it grows too big to be worth it.
 * ncheap: span steps so far. */
static bool la_add(glean_vm *vm, uint32_t r, size_t base, size_t *n,
                   uint32_t pc2, unsigned *ncheap) {
  const glean_inst *code = vm->prog->code;
  uint32_t bits = clos_word_bits(vm, &code[pc2]);
  size_t i;
  if (bits) {
    uint32_t set = vm->ps->items[code[pc2].x].set;
    if (set / 64 >= vm->la_words) return false;
    vm->la_wbits[r * vm->la_words + set / 64] |= (uint64_t)1 << (set % 64);
    vm->la_dicts[r] |= bits & CLOS_FOLD ? 2u : 1u;
    return true;
  }
  for (i = base; i < *n; i++) {
    const glean_inst *a = &code[vm->la_pcs[i]];
    if (a->op == code[pc2].op && a->x == code[pc2].x) return true;
  }
  if (code[pc2].op != GLEAN_OP_TEST) {
    if (++*ncheap > LA_CHEAP) return false;
  } else if ((*n - base) - *ncheap >= LA_MAX) {
    return false;
  }
  if (!ensure(vm, (void **)&vm->la_pcs, &vm->la_pcs_cap, *n + 1,
              sizeof *vm->la_pcs)) {
    oom(vm);
    return false;
  }
  vm->la_pcs[(*n)++] = pc2;
  return true;
}

/* Adds to la_pcs the instructions that can consume the token after the
 * first, for rule r; false when there is no such filter (a match may
 * have one token, or a step is not a plain test). After a first step
 * that begins a span, the second token either continues the span (its
 * SPAN_REST consumes it) or is taken by what follows the span. */
static bool second_steps(glean_vm *vm, uint32_t r, size_t *n) {
  const glean_inst *code = vm->prog->code;
  uint32_t off = vm->clos_off[vm->rules[r].entry], count, k;
  const uint32_t *e;
  size_t base = *n;
  unsigned ncheap = 0;
  if (off == NONE) return false;
  e = vm->clos + off;
  count = *e;
  e += 3;
  for (k = 0; k < count; k++, e += 2 + e[1]) {
    uint32_t pc1 = CLOS_PC(e[0]), op = code[pc1].op, off2, c2, j;
    const uint32_t *f;
    if (op != GLEAN_OP_TEST && op != GLEAN_OP_SPAN) return false;
    off2 = vm->clos_off[pc1 + 1];
    if (off2 == NONE) return false;
    f = vm->clos + off2;
    c2 = *f;
    f += 3;
    for (j = 0; j < c2; j++, f += 2 + f[1]) {
      uint32_t pc2 = CLOS_PC(f[0]), op2 = code[pc2].op, off3, c3, i;
      const uint32_t *g;
      if (op2 == GLEAN_OP_TEST || op2 == GLEAN_OP_SPAN) {
        if (!la_add(vm, r, base, n, pc2, &ncheap)) return false;
        continue;
      }
      if (op2 != GLEAN_OP_SPAN_REST) return false;
      /* the span goes on, or ends before the second token */
      if (!la_add(vm, r, base, n, pc2, &ncheap)) return false;
      off3 = pc2 + 1 < vm->prog->n ? vm->clos_off[pc2 + 1] : NONE;
      if (off3 == NONE) return false;
      g = vm->clos + off3;
      c3 = *g;
      g += 3;
      for (i = 0; i < c3; i++, g += 2 + g[1]) {
        uint32_t pc3 = CLOS_PC(g[0]), op3 = code[pc3].op;
        if (op3 != GLEAN_OP_TEST && op3 != GLEAN_OP_SPAN) return false;
        if (!la_add(vm, r, base, n, pc3, &ncheap)) return false;
      }
    }
  }
  return *n > base || vm->la_dicts[r] != 0;
}

/* Sets rule r's bits in la_quick (see glean_vm): need, the flags its
 * second steps require; last[4], the bytes its second token may end
 * with. */
static void quick_masks_of(glean_vm *vm, size_t r, uint32_t need,
                           const uint64_t *last) {
  size_t rw = vm->rwords;
  uint64_t bit = (uint64_t)1 << (r % 64), *q = vm->la_quick + r / 64;
  unsigned c, b;
  for (c = 0; c < 3; c++) {
    unsigned byte_need = need >> (8 * c) & 0xff;
    for (b = 0; b < 256; b++)
      if ((b & byte_need) == byte_need) q[(c * 256 + b) * rw] |= bit;
  }
  for (b = 0; b < 256; b++)
    if (last[b / 64] >> (b % 64) & 1) q[(3 * 256 + b) * rw] |= bit;
}

/* Fills la_quick and la_quick_rules (see glean_vm) from each rule's
 * second steps. A test of words says nothing here (its flags are not
 * kept). */
static glean_status index_second_quick(glean_vm *vm) {
  static const uint64_t any[4] = { ~(uint64_t)0, ~(uint64_t)0,
                                   ~(uint64_t)0, ~(uint64_t)0 };
  const glean_inst *code = vm->prog->code;
  size_t r, k, rw = vm->rwords;
  if (!ensure(vm, (void **)&vm->la_quick, &vm->la_quick_cap, 4 * 256 * rw,
              sizeof *vm->la_quick) ||
      !ensure(vm, (void **)&vm->la_quick_rules, &vm->la_quick_rules_cap,
              rw + 1, sizeof *vm->la_quick_rules))
    return oom(vm);
  memset(vm->la_quick, 0, 4 * 256 * rw * sizeof *vm->la_quick);
  memset(vm->la_quick_rules, 0, (rw + 1) * sizeof *vm->la_quick_rules);
  for (r = 0; r < vm->nrules; r++) {
    uint32_t need = ~(uint32_t)0;
    uint64_t last[4] = { 0, 0, 0, 0 };
    bool any_last = false;
    if (!(vm->la_dicts[r] & LA_ON) || (vm->la_dicts[r] & 3u)) {
      quick_masks_of(vm, r, 0, any);
      continue;
    }
    for (k = vm->la_off[r]; k < vm->la_off[r + 1]; k++) {
      const glean_inst *in = &code[vm->la_pcs[k]];
      const glean_cpred *c = in->op == GLEAN_OP_TEST ? &vm->ps->items[in->x]
                                                     : NULL;
      need &= c && !c->negate ? c->flags_all : 0;
      if (c && c->re_tail_len && !c->words && !c->negate &&
          !c->regex_negate) {
        unsigned char b = (unsigned char)c->re_tail[c->re_tail_len - 1];
        last[b / 64] |= (uint64_t)1 << (b % 64);
      } else {
        any_last = true;
      }
    }
    if (need == ~(uint32_t)0) need = 0;
    if (need || !any_last)
      vm->la_quick_rules[r / 64] |= (uint64_t)1 << (r % 64);
    quick_masks_of(vm, r, need, any_last ? any : last);
  }
  return GLEAN_OK;
}

/* Word sets past this many words of bits make no word filter (bounds
 * the bits per rule; the default packs use a few words). */
#define LA_WORDS_MAX 32u

static glean_status index_second_steps(glean_vm *vm) {
  size_t r, n = 0;
  vm->la_words = vm->ps->n / 64 + 1;
  if (vm->la_words > LA_WORDS_MAX) vm->la_words = LA_WORDS_MAX;
  if (!ensure(vm, (void **)&vm->la_off, &vm->la_off_cap, vm->nrules + 1,
              sizeof *vm->la_off) ||
      !ensure(vm, (void **)&vm->la_dicts, &vm->la_dicts_cap, vm->nrules + 1,
              sizeof *vm->la_dicts) ||
      !ensure(vm, (void **)&vm->la_wbits, &vm->la_wbits_cap,
              vm->nrules * vm->la_words + 1, sizeof *vm->la_wbits))
    return oom(vm);
  memset(vm->la_dicts, 0, vm->la_dicts_cap * sizeof *vm->la_dicts);
  memset(vm->la_wbits, 0, vm->la_wbits_cap * sizeof *vm->la_wbits);
  for (r = 0; r < vm->nrules; r++) {
    uint64_t *bits = vm->la_wbits + r * vm->la_words;
    vm->la_off[r] = (uint32_t)n;
    if (vm->rules[r].entry == NONE) continue;
    if (second_steps(vm, (uint32_t)r, &n)) {
      vm->la_dicts[r] |= LA_ON;
    } else {
      n = vm->la_off[r];
      vm->la_dicts[r] = 0;
      memset(bits, 0, vm->la_words * sizeof *bits);
    }
    if (vm->status != GLEAN_OK) return vm->status;
  }
  vm->la_off[vm->nrules] = (uint32_t)n;
  return index_second_quick(vm);
}

/* What PCRE2's own study says about where a match of c's regex can
 * start: first[] gets the possible first bytes (all when it does not
 * know), *minlen the least number of characters. The regex is compiled
 * again here unanchored (an anchored pattern is not studied), with the
 * options of glean_regex_new; a whole-token match is also a match of
 * the unanchored pattern at offset 0, so its first byte is among these. */
static void regex_start(const glean_cpred *c, uint64_t *first,
                        uint32_t *minlen) {
  uint32_t opts = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, type = 0, unit = 0;
  uint32_t ml = 0;
  const uint8_t *map = NULL;
  pcre2_code *code;
  int errcode;
  PCRE2_SIZE erroff;
  unsigned b;
  first[0] = first[1] = first[2] = first[3] = ~(uint64_t)0;
  *minlen = 0;
  /* options in the pattern ("(*UTF)", "(*NO_START_OPT)"): no filter, so
   * that tests have a reference PCRE2 decides alone */
  if (c->regex_len >= 2 && c->regex_src[0] == '(' && c->regex_src[1] == '*')
    return;
  if (c->regex_caseless) opts |= PCRE2_CASELESS;
  code = pcre2_compile((PCRE2_SPTR)c->regex_src, c->regex_len, opts,
                       &errcode, &erroff, NULL);
  if (!code) return;
  if (pcre2_pattern_info(code, PCRE2_INFO_MINLENGTH, &ml) == 0) *minlen = ml;
  if (pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 &&
      type == 1 &&
      pcre2_pattern_info(code, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0 &&
      unit < 256) {
    /* A caseless first letter also matches its other case, which for
     * some letters is not ASCII (KELVIN SIGN for "k"): keep every byte
     * past ASCII then. */
    first[0] = first[1] = 0;
    first[2] = first[3] = ~(uint64_t)0;
    first[unit / 64] |= (uint64_t)1 << (unit % 64);
    if (unit >= 'a' && unit <= 'z') unit -= 32;
    else if (unit >= 'A' && unit <= 'Z') unit += 32;
    first[unit / 64] |= (uint64_t)1 << (unit % 64);
  } else if (pcre2_pattern_info(code, PCRE2_INFO_FIRSTBITMAP, &map) == 0 &&
             map) {
    first[0] = first[1] = first[2] = first[3] = 0;
    for (b = 0; b < 256; b++)
      if (map[b / 8] >> (b % 8) & 1) first[b / 64] |= (uint64_t)1 << (b % 64);
  }
  pcre2_code_free(code);
}

/* ---- prepare: twins ---------------------------------------------------- */

/* The last instruction of the program of rule r (its MATCH: a rule's
 * program is one run of instructions ending there). */
static uint32_t rule_end(const glean_prog *prog, uint32_t entry) {
  uint32_t pc = entry;
  while (prog->code[pc].op != GLEAN_OP_MATCH) pc++;
  return pc;
}

/* A digest of what decides rule r's matches. */
static uint64_t rule_digest(const glean_prog *prog, const glean_rule_info *ri) {
  uint32_t pc, end = rule_end(prog, ri->entry);
  uint64_t h = 1469598103934665603ull ^ ri->ncaptures ^
               ((uint64_t)ri->all << 40) ^ ((uint64_t)ri->nbefore << 20) ^
               ((uint64_t)ri->nafter << 44) ^ ((uint64_t)ri->nnot_before << 8) ^
               ((uint64_t)ri->nnot_after << 52);
  for (pc = ri->entry; pc <= end; pc++) {
    const glean_inst *in = &prog->code[pc];
    uint64_t x = in->op;
    if (in->op == GLEAN_OP_JMP || in->op == GLEAN_OP_SPLIT)
      x ^= (uint64_t)(in->x - ri->entry) << 8 ^ (uint64_t)(in->y - ri->entry)
                                                    << 36;
    else if (in->op != GLEAN_OP_MATCH)
      x ^= (uint64_t)in->x << 8;
    h = (h ^ x) * 1099511628211ull;
  }
  return h;
}

static bool same_ids(const uint32_t *a, const uint32_t *b, uint32_t n) {
  return n == 0 || memcmp(a, b, n * sizeof *a) == 0;
}

/* Do rules a and b find the same matches? Same instructions (jumps
 * relative to the entry; the rule of MATCH aside), captures, contexts,
 * anchor and overlap policy. */
static bool same_rule(const glean_prog *prog, const glean_rule_info *a,
                      const glean_rule_info *b) {
  uint32_t ea = rule_end(prog, a->entry), eb = rule_end(prog, b->entry), k;
  if (ea - a->entry != eb - b->entry || a->ncaptures != b->ncaptures ||
      a->all != b->all || a->window != b->window ||
      a->anchor.pred != b->anchor.pred ||
      a->anchor.labels != b->anchor.labels ||
      a->anchor.begin != b->anchor.begin || a->nbefore != b->nbefore ||
      a->nafter != b->nafter || a->nnot_before != b->nnot_before ||
      a->nnot_after != b->nnot_after ||
      !same_ids(a->before, b->before, a->nbefore) ||
      !same_ids(a->after, b->after, a->nafter) ||
      !same_ids(a->not_before, b->not_before, a->nnot_before) ||
      !same_ids(a->not_after, b->not_after, a->nnot_after))
    return false;
  for (k = 0; k <= ea - a->entry; k++) {
    const glean_inst *x = &prog->code[a->entry + k];
    const glean_inst *y = &prog->code[b->entry + k];
    if (x->op != y->op) return false;
    if (x->op == GLEAN_OP_JMP || x->op == GLEAN_OP_SPLIT) {
      if (x->x - a->entry != y->x - b->entry) return false;
      if (x->op == GLEAN_OP_SPLIT && x->y - a->entry != y->y - b->entry)
        return false;
    } else if (x->op != GLEAN_OP_MATCH && x->x != y->x) {
      return false;
    }
  }
  return true;
}

/* Copies the rules, finds the twins and takes them out of the run
 * (entry NONE in the copy). */
static glean_status index_twins(glean_vm *vm, const glean_rule_info *rules,
                                size_t nrules) {
  uint64_t *dig;
  uint32_t *last;
  size_t r, t;
  if (!ensure(vm, (void **)&vm->rinfo, &vm->rinfo_cap, nrules + 1,
              sizeof *vm->rinfo) ||
      !ensure(vm, (void **)&vm->twin_next, &vm->twin_next_cap, nrules + 1,
              sizeof *vm->twin_next))
    return oom(vm);
  if (nrules) memcpy(vm->rinfo, rules, nrules * sizeof *rules);
  vm->rules = vm->rinfo;
  for (r = 0; r < nrules; r++) vm->twin_next[r] = NONE;
  dig = glean_mem_alloc(vm->alloc, (nrules + 1) * sizeof *dig);
  last = glean_mem_alloc(vm->alloc, (nrules + 1) * sizeof *last);
  if (!dig || !last) {
    glean_mem_free(vm->alloc, dig, dig ? (nrules + 1) * sizeof *dig : 0);
    glean_mem_free(vm->alloc, last, last ? (nrules + 1) * sizeof *last : 0);
    return oom(vm);
  }
  for (r = 0; r < nrules; r++) {
    last[r] = (uint32_t)r;  /* the last rule of r's group so far */
    if (rules[r].entry == NONE) continue;
    dig[r] = rule_digest(vm->prog, &rules[r]);
    /* quadratic in the worst case, but a digest compare is cheap and
     * rule sets are small */
    for (t = 0; t < r; t++) {
      if (rules[t].entry == NONE || vm->rinfo[t].entry == NONE ||
          dig[t] != dig[r] || !same_rule(vm->prog, &rules[t], &rules[r]))
        continue;
      vm->twin_next[last[t]] = (uint32_t)r;
      last[t] = (uint32_t)r;
      vm->rinfo[r].entry = NONE;
      break;
    }
  }
  glean_mem_free(vm->alloc, dig, (nrules + 1) * sizeof *dig);
  glean_mem_free(vm->alloc, last, (nrules + 1) * sizeof *last);
  return GLEAN_OK;
}

/* Gives every predicate with a regex the class of the first one with
 * the same source and case option. */
static glean_status index_regex_classes(glean_vm *vm) {
  const glean_preds *ps = vm->ps;
  size_t i, j, n = 0;
  if (!ensure(vm, (void **)&vm->re_class, &vm->re_class_cap, ps->n + 1,
              sizeof *vm->re_class))
    return oom(vm);
  for (i = 0; i < ps->n; i++) {
    const glean_cpred *c = &ps->items[i];
    vm->re_class[i] = NONE;
    if (!c->re) continue;
    for (j = 0; j < i && vm->re_class[i] == NONE; j++) {
      const glean_cpred *d = &ps->items[j];
      if (d->re && d->regex_len == c->regex_len &&
          d->regex_caseless == c->regex_caseless &&
          memcmp(d->regex_src, c->regex_src, c->regex_len) == 0)
        vm->re_class[i] = vm->re_class[j];
    }
    if (vm->re_class[i] == NONE) vm->re_class[i] = (uint32_t)n++;
  }
  if (!ensure(vm, (void **)&vm->re_stamp, &vm->re_stamp_cap, n + 1,
              sizeof *vm->re_stamp) ||
      !ensure(vm, (void **)&vm->re_val, &vm->re_val_cap, n + 1,
              sizeof *vm->re_val) ||
      !ensure(vm, (void **)&vm->re_first, &vm->re_first_cap, 4 * n + 4,
              sizeof *vm->re_first) ||
      !ensure(vm, (void **)&vm->re_minlen, &vm->re_minlen_cap, n + 1,
              sizeof *vm->re_minlen))
    return oom(vm);
  memset(vm->re_stamp, 0, vm->re_stamp_cap * sizeof *vm->re_stamp);
  for (i = 0, j = 0; i < ps->n; i++) {
    uint32_t k = vm->re_class[i];
    if (k == NONE || k < j) continue;
    regex_start(&ps->items[i], vm->re_first + 4 * (size_t)k,
                &vm->re_minlen[k]);
    j = k + 1;
  }
  return GLEAN_OK;
}

glean_status glean_vm_prepare(glean_vm *vm, const glean_prog *prog,
                              const glean_preds *ps,
                              const glean_rule_info *rules, size_t nrules,
                              glean_error *err) {
  uint32_t *pred_slot;
  size_t r, i;
  glean_status st = GLEAN_OK;
  vm->err = err;
  vm->status = GLEAN_OK;
  vm->prog = prog;
  vm->ps = ps;
  vm->nrules = nrules;
  vm->rwords = (nrules + 63) / 64;
  vm->nfirst = 0;
  vm->first_labels = 0;
  vm->npattern = 0;
  vm->max_slots = 0;
  if (index_twins(vm, rules, nrules) != GLEAN_OK) return vm->status;
  rules = vm->rules;
  if (!ensure(vm, (void **)&vm->rt, &vm->rt_cap, nrules, sizeof *vm->rt) ||
      !ensure(vm, (void **)&vm->pending, &vm->pending_cap, nrules,
              sizeof *vm->pending) ||
      !ensure(vm, (void **)&vm->seen, &vm->seen_cap, prog->n + 1,
              sizeof *vm->seen) ||
      !ensure(vm, (void **)&vm->stack, &vm->stack_cap, prog->n + 2,
              sizeof *vm->stack) ||
      !ensure(vm, (void **)&vm->pstamp, &vm->pcache_cap, ps->n + 1,
              sizeof *vm->pstamp) ||
      !ensure(vm, (void **)&vm->pval, &vm->pval_cap, ps->n + 1,
              sizeof *vm->pval) ||
      !ensure(vm, (void **)&vm->spawn, &vm->spawn_cap, vm->rwords + 1,
              sizeof(uint64_t)) ||
      !ensure(vm, (void **)&vm->label_rules, &vm->label_rules_cap,
              GLEAN_MAX_LABELS * vm->rwords + 1, sizeof(uint64_t)) ||
      !ensure(vm, (void **)&vm->broad, &vm->broad_cap, nrules + 1,
              sizeof *vm->broad))
    return oom(vm);
  memset(vm->pstamp, 0, vm->pcache_cap * sizeof *vm->pstamp);
  vm->pbase = 0;
  memset(vm->label_rules, 0, vm->label_rules_cap * sizeof(uint64_t));
  /* seen doubles as the visited mark of index_first, keyed by rule */
  memset(vm->seen, 0, vm->seen_cap * sizeof *vm->seen);
  vm->tick = 1;

  pred_slot = glean_mem_alloc(vm->alloc, (ps->n + 1) * sizeof *pred_slot);
  if (!pred_slot) return oom(vm);
  for (i = 0; i < ps->n; i++) pred_slot[i] = NONE;
  for (r = 0; r < nrules && st == GLEAN_OK; r++) {
    uint32_t slots = 2 * rules[r].ncaptures;
    vm->broad[r] = false;
    if (rules[r].entry == NONE) continue;
    vm->npattern++;
    if (slots > vm->max_slots) vm->max_slots = slots;
    st = index_first(vm, rules[r].entry, r, pred_slot, &vm->broad[r]);
  }
  glean_mem_free(vm->alloc, pred_slot, (ps->n + 1) * sizeof *pred_slot);
  if (st == GLEAN_OK) st = index_regex_classes(vm);
  if (st == GLEAN_OK) st = index_words(vm);
  if (st == GLEAN_OK) st = index_anchors(vm);
  if (st == GLEAN_OK) st = index_reach(vm);
  if (st == GLEAN_OK) st = index_closures(vm);
  if (st == GLEAN_OK) st = index_second_steps(vm);
  if (st == GLEAN_OK) st = index_entry_bits(vm);
  if (st != GLEAN_OK) return st;
  for (i = 0; i < vm->nfirst; i++) index_reach_only(vm, &vm->first[i], i);
  vm->gen_reach = 0;
  memset(vm->reach_gen, 0, sizeof vm->reach_gen);
  vm->gen_labeled = 0;
  memset(vm->label_gen, 0, sizeof vm->label_gen);
  for (i = 0; i < vm->ngeneral && vm->flags_table; i++) {
    uint64_t ro = vm->first[vm->general[i]].reach_only, labels;
    if (ro) vm->gen_reach |= (uint64_t)1 << i;
    while (ro) {
      vm->reach_gen[__builtin_ctzll(ro)] |= (uint64_t)1 << i;
      ro &= ro - 1;
    }
    if (glean_preds_label_required(ps, vm->first[vm->general[i]].pred,
                                   &labels)) {
      vm->gen_labeled |= (uint64_t)1 << i;
      for (; labels; labels &= labels - 1)
        vm->label_gen[__builtin_ctzll(labels)] |= (uint64_t)1 << i;
    }
  }
  if (!ensure(vm, (void **)&vm->cur, &vm->cur_cap, vm->max_slots + 1,
              sizeof *vm->cur) ||
      !ensure(vm, (void **)&vm->cur_keep, &vm->cur_keep_cap,
              vm->max_slots + 1, sizeof *vm->cur_keep))
    return oom(vm);
  memset(vm->seen, 0, vm->seen_cap * sizeof *vm->seen);
  for (r = 0; r < vm->rt_cap; r++) {
    vm->rt[r].min_tick[0] = vm->rt[r].min_tick[1] = 0;
  }
  return GLEAN_OK;
}

/* ---- evaluation with the per-token cache ------------------------------- */

/* Does the regex of c (class cls) match the whole of token i? Cached
 * per class and token; -1 on an error (not cached). The literal tail
 * and the needed bytes rule out most tokens without a call. */
static int regex_at(glean_vm *vm, const glean_cpred *c, uint32_t cls,
                    uint32_t i) {
  uint32_t stamp = vm->pbase + i + 1, k;
  const glean_token *t = &vm->tv->toks[i];
  const char *s = vm->tv->text + t->start;
  size_t len = t->end - t->start;
  int m = 0;
  if (vm->re_stamp[cls] == stamp) return vm->re_val[cls];
  /* bytes count at least as characters: a shorter token cannot match */
  if (len < vm->re_minlen[cls]) goto done;
  if (len && !(vm->re_first[4 * (size_t)cls + (unsigned char)s[0] / 64] >>
               ((unsigned char)s[0] % 64) & 1))
    goto done;
  if (c->re_tail_len && !glean_preds_tail_ok(c, vm->tv->text, t->start,
                                             t->end))
    goto done;
  for (k = 0; k < c->re_nneed; k++)
    if (!memchr(s, c->re_need[k], len)) goto done;
  m = glean_regex_full(c->re, s, len, vm->err);
  if (m < 0) return -1;
done:
  vm->re_stamp[cls] = stamp;
  vm->re_val[cls] = (uint8_t)(m != 0);
  return m != 0;
}

/* The rest of pred_at, out of line: a predicate with a regex whose
 * flags and labels hold (pred_at tested them), evaluated as
 * glean_preds_eval does, with regex results shared by class; the result
 * is cached for the token. */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static int pred_eval(glean_vm *vm, uint32_t id, uint32_t i) {
  const glean_cpred *c = &vm->ps->items[id];
  glean_tokview *tv = vm->tv;
  int ok = 1;
  if (c->words) {
    uint32_t e = glean_token_word(vm->ps, tv, i, c->words_fold);
    bool in = e != NONE && glean_preds_in_set(vm->ps, c->words_fold, e,
                                              c->set);
    if (in == (c->words_negate != 0)) ok = 0;
  }
  if (ok && c->re) {
    int m = regex_at(vm, c, vm->re_class[id], i);
    if (m < 0) {
      if (vm->status == GLEAN_OK)
        vm->status = vm->err ? vm->err->code : GLEAN_EREGEX;
      return 0;
    }
    if (m == c->regex_negate) ok = 0;
  }
  ok ^= c->negate;
  vm->pstamp[id] = vm->pbase + i + 1;
  vm->pval[id] = (uint8_t)ok;
  return ok;
}

/* Inlined: it sits in the innermost loops (the flags-only fast path
 * above all); GCC stops inlining it on its own once it has a few
 * callers. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline int pred_at(glean_vm *vm, uint32_t id, uint32_t i) {
  uint32_t stamp = vm->pbase + i + 1;
  const glean_cpred *c = &vm->ps->items[id];
  const glean_tokview *tv = vm->tv;
  uint32_t f = tv->toks[i].flags;
  /* The flags and the labels are tested first by glean_preds_eval too:
   * most tokens fail here, without a call or a cache entry. */
  if ((f & c->flags_all) != c->flags_all || (f & c->flags_none) ||
      (c->flags_any && !(f & c->flags_any)))
    return c->negate;
  if (c->flags_only) return !c->negate;
  if (c->label_mask &&
      (((tv->begin[i] | tv->inside[i]) & c->label_mask) ? 1 : 0) ==
          c->in_label_negate)
    return c->negate;
  if (!c->re) {
    /* a word test is a look-up in the token's (cached) dictionary
     * entry: cheaper than the cache of results */
    uint32_t e;
    bool in;
    if (!c->words) return !c->negate;  /* flags and labels only */
    e = glean_token_word(vm->ps, vm->tv, i, c->words_fold);
    in = e != NONE && glean_preds_in_set(vm->ps, c->words_fold, e, c->set);
    return (in != (c->words_negate != 0)) ^ c->negate;
  }
  if (vm->pstamp[id] == stamp) return vm->pval[id];
  return pred_eval(vm, id, i);
}

/* Do tokens [first, first + n) satisfy ids[0..n) in order? As
 * glean_preds_eval_seq, through the cache; 0 on error (status set). */
static int seq_at(glean_vm *vm, const uint32_t *ids, uint32_t n,
                  size_t first) {
  uint32_t k;
  if (first > vm->tv->ntoks || n > vm->tv->ntoks - first) return 0;
  for (k = 0; k < n; k++)
    if (!pred_at(vm, ids[k], (uint32_t)(first + k))) return 0;
  return 1;
}

/* The context of a match, as glean_context_before_ok / _after_ok. */
static bool before_ok(glean_vm *vm, const glean_rule_info *r, uint32_t first) {
  if (r->nbefore &&
      (first < r->nbefore || !seq_at(vm, r->before, r->nbefore,
                                     first - r->nbefore)))
    return false;
  if (r->nnot_before && first >= r->nnot_before &&
      seq_at(vm, r->not_before, r->nnot_before, first - r->nnot_before))
    return false;
  return vm->status == GLEAN_OK;
}

static bool after_ok(glean_vm *vm, const glean_rule_info *r, uint32_t last) {
  if (r->nafter && !seq_at(vm, r->after, r->nafter, last)) return false;
  if (r->nnot_after && seq_at(vm, r->not_after, r->nnot_after, last))
    return false;
  return vm->status == GLEAN_OK;
}

/* ---- the backward pass of the reach rules ------------------------------ */

static bool add_seed(glean_vm *vm, uint32_t i, uint32_t q) {
  reach_info *ri = &vm->reach[i];
  if (ri->last_seed == q) return true;
  if (vm->nseeds + 2 > vm->seeds_cap &&
      !glean_grow(vm->alloc, (void **)&vm->seeds, &vm->seeds_cap,
                  vm->nseeds + 2, sizeof *vm->seeds))
    return false;
  ri->last_seed = q;
  ri->nseeds++;
  vm->seeds[vm->nseeds++] = q;
  vm->seeds[vm->nseeds++] = i;
  return true;
}

/* The seeds of token q, whose entry is e in dictionary fold: the reach
 * rules that may end on it (see find_events). */
static inline bool seeds_word(glean_vm *vm, int fold, uint32_t e,
                              uint32_t q) {
  const glean_dict *d = &vm->ps->dict[fold];
  uint32_t m;
  if (vm->ent_reach[fold]) {
    uint64_t b = vm->ent_reach[fold][e];
    for (; b; b &= b - 1)
      if (!add_seed(vm, (uint32_t)__builtin_ctzll(b), q)) return false;
    return true;
  }
  for (m = 0; m < d->e[e].mcount; m++) {
    uint32_t set = d->members[d->e[e].mfirst + m], j;
    for (j = vm->set_reach_off[set];
         j < vm->set_reach_off[set + 1] && vm->set_reach[j] != NONE; j++)
      if (!add_seed(vm, vm->set_reach[j], q)) return false;
  }
  return true;
}

/* Buckets the seeds by reach rule, in token order. */
static glean_status bucket_seeds(glean_vm *vm) {
  uint32_t off = 0;
  size_t i, k;
  if (!ensure(vm, (void **)&vm->seed_tok, &vm->seed_tok_cap,
              vm->nseeds / 2 + 1, sizeof *vm->seed_tok))
    return oom(vm);
  for (i = 0; i < vm->nreach; i++) {
    vm->reach[i].seed_off = off;
    off += vm->reach[i].nseeds;
    vm->reach[i].nseeds = 0;
  }
  for (k = 0; k < vm->nseeds; k += 2) {
    reach_info *ri = &vm->reach[vm->seeds[k + 1]];
    vm->seed_tok[ri->seed_off + ri->nseeds++] = vm->seeds[k];
  }
  return GLEAN_OK;
}

/* Can the instruction at pc consume token q? test: its number in the
 * memo (see glean_vm.reach_test) or NONE. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline bool reach_accepts(glean_vm *vm, uint32_t pc, uint32_t test,
                          uint32_t q) {
  const glean_inst *in = &vm->prog->code[pc];
  uint32_t stamp = vm->pbase + q + 1;
  bool ok;
  if (test != NONE && vm->memo_stamp[test] == stamp)
    return vm->memo_val[test];
  if (in->op == GLEAN_OP_TEST)
    ok = pred_at(vm, in->x, q) != 0;
  else if (in->op == GLEAN_OP_SPAN)
    ok = vm->tv->begin[q] >> in->x & 1;
  else
    ok = vm->tv->inside[q] >> in->x & 1;  /* SPAN_REST */
  if (test != NONE) {
    vm->memo_stamp[test] = stamp;
    vm->memo_val[test] = ok;
  }
  return ok;
}

/* reach_back for a rule of at most 64 states (one word per set): a test
 * that several states share is asked once per token. */
static void reach_back1(glean_vm *vm, const reach_info *ri, uint64_t *ok,
                        uint64_t mine) {
  size_t stride = vm->start_words;
  const uint32_t *pcs = vm->reach_pcs + ri->pcs;
  const uint32_t *tests = vm->reach_test + ri->pcs;
  const uint64_t *same = vm->reach_same + ri->pcs;
  const uint32_t *seeds = vm->seed_tok + ri->seed_off;
  const uint64_t *firsts = vm->reach_bits + ri->bits;
  const uint64_t *finals = firsts + 1;
  const uint64_t *prev = finals + 1;
  uint64_t cur = 0;
  uint32_t j = ri->nseeds, s = 0;
  for (;;) {
    uint64_t nxt = 0, b, acc = 0;
    if (!cur) {
      if (j == 0) break;
      s = seeds[--j];
      nxt = *finals;
    } else {
      if (s == 0) break;
      s--;
      if (j > 0 && seeds[j - 1] == s) {
        j--;
        nxt = *finals;
      }
      for (b = cur; b; b &= b - 1) nxt |= prev[__builtin_ctzll(b)];
    }
    for (b = nxt; b;) {
      unsigned c = (unsigned)__builtin_ctzll(b);
      b &= ~same[c];
      if (reach_accepts(vm, pcs[c], tests[c], s)) acc |= same[c];
    }
    if (vm->status != GLEAN_OK) return;
    cur = nxt & acc;
    if (cur & *firsts) ok[s * stride] |= mine;
  }
}

/* Walks back from the rule's seeds: the states that can consume token s
 * and still reach the end of a match; a first state among them makes s
 * a possible start. */
static void reach_back(glean_vm *vm, const reach_info *ri, uint32_t index) {
  uint64_t *ok = vm->start_ok + index / 64, mine = (uint64_t)1 << (index % 64);
  size_t stride = vm->start_words;
  const uint32_t *pcs = vm->reach_pcs + ri->pcs;
  const uint32_t *tests = vm->reach_test + ri->pcs;
  const uint32_t *seeds = vm->seed_tok + ri->seed_off;
  const uint64_t *firsts = vm->reach_bits + ri->bits;
  const uint64_t *finals = firsts + ri->words;
  const uint64_t *prev = finals + ri->words;
  uint64_t *cur = vm->rsets, *nxt = vm->rsets + ri->words, *tmp;
  uint64_t *todo = nxt + ri->words, *acc = todo + ri->words;
  const uint32_t *grp = vm->reach_grp + ri->pcs;
  const uint64_t *gbits;
  uint32_t j = ri->nseeds, s = 0, w, words = ri->words;
  bool any = false;
  if (words == 1) {
    reach_back1(vm, ri, ok, mine);
    return;
  }
  gbits = vm->reach_gbits + ri->gbits;
  for (;;) {
    bool seed, anyn = false;
    if (!any) {
      if (j == 0) break;
      s = seeds[--j];
      seed = true;
    } else {
      if (s == 0) break;
      s--;
      seed = j > 0 && seeds[j - 1] == s;
      if (seed) j--;
    }
    if (seed)
      memcpy(nxt, finals, words * sizeof *nxt);
    else
      memset(nxt, 0, words * sizeof *nxt);
    for (w = 0; any && w < words; w++) {
      uint64_t b = cur[w];
      while (b) {
        uint32_t c = w * 64 + (unsigned)__builtin_ctzll(b), v;
        const uint64_t *p = prev + (size_t)c * words;
        b &= b - 1;
        for (v = 0; v < words; v++) nxt[v] |= p[v];
      }
    }
    /* each test once: the states that share it pass or fail together */
    for (w = 0; w < words; w++) {
      todo[w] = nxt[w];
      acc[w] = 0;
    }
    for (w = 0; w < words; w++) {
      while (todo[w]) {
        uint32_t c = w * 64 + (unsigned)__builtin_ctzll(todo[w]), v;
        const uint64_t *gm = gbits + (size_t)grp[c] * words;
        /* the group's states in earlier words are done already */
        for (v = w; v < words; v++) todo[v] &= ~gm[v];
        if (reach_accepts(vm, pcs[c], tests[c], s))
          for (v = 0; v < words; v++) acc[v] |= gm[v];
      }
    }
    {
      bool first = false;
      for (w = 0; w < words; w++) {
        nxt[w] &= acc[w];
        if (nxt[w]) anyn = true;
        if (nxt[w] & firsts[w]) first = true;
      }
      if (first) ok[s * stride] |= mine;
    }
    if (vm->status != GLEAN_OK) return;
    tmp = cur;
    cur = nxt;
    nxt = tmp;
    any = anyn;
  }
}

/* The backward pass, from the seeds find_events found. */
static glean_status reach_run(glean_vm *vm) {
  size_t i, n = vm->tv->ntoks;
  vm->start_words = (vm->nreach + 63) / 64;
  if (!ensure(vm, (void **)&vm->start_ok, &vm->start_ok_cap,
              n * vm->start_words + 1, sizeof *vm->start_ok))
    return oom(vm);
  memset(vm->start_ok, 0, n * vm->start_words * sizeof *vm->start_ok);
  if (bucket_seeds(vm) != GLEAN_OK) return vm->status;
  for (i = 0; i < vm->nreach && vm->status == GLEAN_OK; i++)
    reach_back(vm, &vm->reach[i], (uint32_t)i);
  return vm->status;
}

/* ---- threads ----------------------------------------------------------- */

/* Inlined: called once per thread, from the innermost loops. */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void push_thread(glean_vm *vm, vm_list *l, uint32_t pc,
                               uint32_t start, uint32_t rule) {
  uint32_t nslots = 2 * vm->rules[rule].ncaptures;
  rule_rt *rt = &vm->rt[rule];
  unsigned par = vm->tick & 1;
  vm_thread *t;
  if (l->n == l->cap &&
      !glean_grow(vm->alloc, (void **)&l->t, &l->cap, l->n + 1, sizeof *t)) {
    oom(vm);
    return;
  }
  t = &l->t[l->n++];
  t->pc = pc;
  t->start = start;
  t->rule = rule;
  t->caps = (uint32_t)l->ncaps;
  if (nslots) {
    if (l->ncaps + nslots > l->caps_cap &&
        !glean_grow(vm->alloc, (void **)&l->caps, &l->caps_cap,
                    l->ncaps + nslots, sizeof *l->caps)) {
      l->n--;
      oom(vm);
      return;
    }
    memcpy(l->caps + l->ncaps, vm->cur, nslots * sizeof *vm->cur);
    l->ncaps += nslots;
  }
  /* The list is built in start order: the first thread of a rule has
   * its smallest start. */
  if (rt->min_tick[par] != vm->tick) {
    rt->min_tick[par] = vm->tick;
    rt->min_start[par] = start;
  }
}

/* Can a match of rule end at pos as far as its after-context goes? A
 * MATCH thread that fails it would die unseen in the next step: it is
 * not added (the step after only drops it, and dropping it now decides
 * nothing differently). */
static inline bool match_ok(glean_vm *vm, uint32_t rule, uint32_t pos) {
  const glean_rule_info *ri = &vm->rules[rule];
  return !(ri->nafter || ri->nnot_after) || after_ok(vm, ri, pos);
}

/* Adds thread (pc, start, rule) with capture slots vm->cur to list l,
 * standing before token pos: follows jumps, splits and saves (in
 * priority order, with an explicit stack) and keeps the consuming
 * instructions that can consume token pos, and MATCH. */
/* The mask of closure targets testing key `want` (a word set or label;
 * see glean_vm.cw): a binary search of the index's nent ascending entries
 * (key, mask low, mask high); 0 when no target tests it. */
static inline uint64_t clos_key_mask(const uint32_t *ent, uint32_t nent,
                                     uint32_t want) {
  uint32_t lo = 0, hi = nent;
  while (lo < hi) {
    uint32_t mid = (lo + hi) / 2;
    if (ent[3 * mid] < want)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < nent && ent[3 * lo] == want)
    return ent[3 * lo + 1] | (uint64_t)ent[3 * lo + 2] << 32;
  return 0;
}

/* Whether a thread that started at token `start` may consume token pos:
 * one there is, the match stays under the length cap, and it does not
 * run into the next paragraph (a byline is not the first words of the
 * name that opens the next paragraph; lexicon spans stop there too).
 * A match may still end right before the paragraph's first token. */
static inline bool may_take(const glean_vm *vm, uint32_t start,
                            uint32_t pos) {
  return pos < vm->tv->ntoks && pos - start < vm->max_tokens &&
         (pos != vm->barrier || pos == start);
}

static void walk_thread(glean_vm *vm, vm_list *l, uint32_t pc0,
                        uint32_t start, uint32_t rule, uint32_t pos) {
  const glean_inst *code = vm->prog->code;
  const glean_tokview *tv = vm->tv;
  uint64_t key = ((uint64_t)vm->tick << 32) | start;
  bool room = may_take(vm, start, pos);
  stack_item *stack = vm->stack;
  size_t sp = 0;
  stack[sp].pc = pc0;
  sp++;
  while (sp) {
    stack_item it = stack[--sp];
    uint32_t pc = it.pc;
    if (pc == RESTORE) {
      vm->cur[it.slot] = it.val;
      continue;
    }
    for (;;) {
      const glean_inst *in = &code[pc];
      if (vm->seen[pc] == key) break;
      vm->seen[pc] = key;
      switch (in->op) {
      case GLEAN_OP_JMP:
        pc = in->x;
        continue;
      case GLEAN_OP_SPLIT:
        stack[sp].pc = in->y;
        sp++;
        pc = in->x;
        continue;
      case GLEAN_OP_SAVE:
        stack[sp].pc = RESTORE;
        stack[sp].slot = in->x;
        stack[sp].val = vm->cur[in->x];
        sp++;
        vm->cur[in->x] = pos;
        pc++;
        continue;
      case GLEAN_OP_SPAN_REST:
        /* A span is taken whole: while the token continues it, the
         * thread must consume it (or die at the length cap). */
        if (pos < tv->ntoks && (tv->inside[pos] >> in->x & 1)) {
          if (room) push_thread(vm, l, pc, start, rule);
          break;
        }
        pc++;
        continue;
      case GLEAN_OP_TEST:
        if (room && pred_at(vm, in->x, pos))
          push_thread(vm, l, pc, start, rule);
        break;
      case GLEAN_OP_SPAN:
        if (room && (tv->begin[pos] >> in->x & 1))
          push_thread(vm, l, pc, start, rule);
        break;
      case GLEAN_OP_MATCH:
        if (match_ok(vm, rule, pos)) push_thread(vm, l, pc, start, rule);
        break;
      }
      break;
    }
  }
}

/* add_thread with the closure of pc0 computed in advance (the usual
 * case; see index_closures). */
/* Nesting of closures through ended spans; deeper ones are walked. */
#define CLOS_DEPTH 16
/* Saves a nested closure keeps on the C stack; more: walked. */
#define CLOS_SAVES 16

static void add_thread_at(glean_vm *vm, vm_list *l, uint32_t pc0,
                          uint32_t start, uint32_t rule, uint32_t pos,
                          unsigned depth);

/* The mask of the targets of an index testing a word set the token's
 * entry w (of dictionary fold) is in, from the index's keys
 * ent[lo, hi) (that dictionary's sets, | CLOS_WORD when folded): per
 * set of the entry a binary search, or, for a common word in more sets
 * than there are keys, per key a look at the entry's set bits. */
static inline uint64_t clos_word_mask(const glean_vm *vm, int fold,
                                      uint32_t w, const uint32_t *ent,
                                      uint32_t lo, uint32_t hi) {
  const glean_dict *d = &vm->ps->dict[fold];
  uint32_t m, n = d->e[w].mcount, tag = fold ? CLOS_WORD : 0;
  uint64_t pass = 0;
  if (d->setbits && hi - lo < n) {
    for (m = lo; m < hi; m++)
      if (glean_preds_in_set(vm->ps, fold, w, ent[3 * m] & ~CLOS_WORD))
        pass |= ent[3 * m + 1] | (uint64_t)ent[3 * m + 2] << 32;
    return pass;
  }
  for (m = 0; m < n; m++)
    pass |= clos_key_mask(ent + 3 * lo, hi - lo,
                          d->members[d->e[w].mfirst + m] | tag);
  return pass;
}

/* One target e of the closure of add_thread_at: tests it against token
 * pos and adds the thread there, or goes on past a span that ends.
 * known: e takes the token if it is a test (see clos_pass). */
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
static inline void clos_target(glean_vm *vm, vm_list *l, const uint32_t *e,
                               uint32_t start, uint32_t rule, uint32_t pos,
                               uint64_t key, bool room, unsigned depth,
                               bool known) {
  const glean_tokview *tv = vm->tv;
  uint32_t pc = CLOS_PC(e[0]), nsave = e[1], j;
  const glean_inst *in = &vm->prog->code[pc];
  bool take;
  if (e[0] & CLOS_WORD) {
    /* A failed test need not be stamped: it fails for every thread
     * this step. Most tokens are in no word set. */
    if (!known) {
      int fold = (e[0] & CLOS_FOLD) != 0;
      uint32_t w;
      if (!room) return;
      w = glean_token_word(vm->ps, vm->tv, pos, fold);
      if (w == NONE ||
          !glean_preds_in_set(vm->ps, fold, w, vm->ps->items[in->x].set))
        return;
    }
    if (vm->seen[pc] == key) return;
    vm->seen[pc] = key;
    goto push;
  }
  if (in->op == GLEAN_OP_TEST || in->op == GLEAN_OP_SPAN) {
    /* the test first: a failed one need not be stamped either */
    if (!known && (!room || !(in->op == GLEAN_OP_TEST
                                  ? pred_at(vm, in->x, pos) != 0
                                  : (tv->begin[pos] >> in->x & 1) != 0)))
      return;
    if (vm->seen[pc] == key) return;
    vm->seen[pc] = key;
    goto push;
  }
  if (vm->seen[pc] == key) return;
  vm->seen[pc] = key;
  if (in->op == GLEAN_OP_SPAN_REST) {
    if (pos < tv->ntoks && (tv->inside[pos] >> in->x & 1)) {
      take = room;
    } else {
      /* the span ends here: go on past it, with this path's saves */
      if (depth < CLOS_DEPTH && nsave <= CLOS_SAVES) {
        uint32_t old[CLOS_SAVES];
        for (j = 0; j < nsave; j++) {
          old[j] = vm->cur[e[2 + j]];
          vm->cur[e[2 + j]] = pos;
        }
        add_thread_at(vm, l, pc + 1, start, rule, pos, depth + 1);
        for (j = nsave; j-- > 0;) vm->cur[e[2 + j]] = old[j];
      } else {
        uint32_t nslots = 2 * vm->rules[rule].ncaptures;
        if (nslots) memcpy(vm->cur_keep, vm->cur, nslots * sizeof *vm->cur);
        for (j = 0; j < nsave; j++) vm->cur[e[2 + j]] = pos;
        walk_thread(vm, l, pc + 1, start, rule, pos);
        if (nslots) memcpy(vm->cur, vm->cur_keep, nslots * sizeof *vm->cur);
      }
      return;
    }
  } else {  /* MATCH */
    take = match_ok(vm, rule, pos);
  }
  if (!take) return;
push:
  {
    size_t before = l->n;
    push_thread(vm, l, pc, start, rule);
    if (nsave && l->n > before) {
      uint32_t *caps = l->caps + l->t[l->n - 1].caps;
      for (j = 0; j < nsave; j++) caps[e[2 + j]] = pos;
    }
  }
}

/* The targets of the closure at head, with index x, that can take token
 * pos (there is room for one): those testing a set the token is in or
 * a label whose span starts there, the other tests that hold, and every
 * SPAN_REST and MATCH (they depend on the thread). A mask in closure
 * order; the same for every thread at pos. */
static uint64_t clos_pass(glean_vm *vm, const uint32_t *head,
                          const uint32_t *x, uint32_t pos) {
  const glean_tokview *tv = vm->tv;
  const uint32_t *ent = x + 7, *toff;
  uint32_t nent = x[4], lstart = x[5], lend = x[6], w;
  uint64_t labels = x[2] | (uint64_t)x[3] << 32;
  uint64_t lb = tv->begin[pos] & labels;
  uint64_t other = x[0] | (uint64_t)x[1] << 32, pass = 0, b;
  /* label keys come in label order: a label's rank among them */
  while (lb) {
    unsigned lab = (unsigned)__builtin_ctzll(lb);
    const uint32_t *le =
        ent + 3 * (lstart + (uint32_t)__builtin_popcountll(
                                labels & (((uint64_t)1 << lab) - 1)));
    lb &= lb - 1;
    pass |= le[1] | (uint64_t)le[2] << 32;
  }
  if (lstart > 0 && (w = glean_token_word(vm->ps, vm->tv, pos, 0)) != NONE)
    pass |= clos_word_mask(vm, 0, w, ent, 0, lstart);
  if (lend < nent && (w = glean_token_word(vm->ps, vm->tv, pos, 1)) != NONE)
    pass |= clos_word_mask(vm, 1, w, ent, lend, nent);
  /* the other targets: tests that hold, and the rest */
  toff = ent + 3 * nent;
  for (b = other; b; b &= b - 1) {
    unsigned k = (unsigned)__builtin_ctzll(b);
    const glean_inst *in = &vm->prog->code[CLOS_PC(head[toff[k]])];
    if (in->op != GLEAN_OP_TEST || pred_at(vm, in->x, pos))
      pass |= (uint64_t)1 << k;
  }
  return pass;
}

static void add_thread_at(glean_vm *vm, vm_list *l, uint32_t pc0,
                          uint32_t start, uint32_t rule, uint32_t pos,
                          unsigned depth) {
  uint64_t key = ((uint64_t)vm->tick << 32) | start;
  bool room = may_take(vm, start, pos);
  uint32_t off = vm->clos_off[pc0], count, k;
  const uint32_t *e, *head;
  if (off == NONE) {
    walk_thread(vm, l, pc0, start, rule, pos);
    return;
  }
  head = e = vm->clos + off;
  if (room && vm->cw_off[pc0] != NONE) {
    const uint32_t *x = vm->cw + vm->cw_off[pc0], *toff = x + 7 + 3 * x[4];
    uint64_t pass = clos_pass(vm, head, x, pos);
    if (vm->status != GLEAN_OK) return;
    while (pass) {
      e = head + toff[__builtin_ctzll(pass)];
      pass &= pass - 1;
      clos_target(vm, l, e, start, rule, pos, key, room, depth, true);
    }
    return;
  }
  if (e[2] && room &&
      (!(e[2] & 1) || glean_token_word(vm->ps, vm->tv, pos, 0) == NONE) &&
      (!(e[2] & 2) || glean_token_word(vm->ps, vm->tv, pos, 1) == NONE))
    e += e[1];  /* in no word set: the list without word tests */
  else if (e[2] && !room)
    e += e[1];  /* nothing to consume: word tests fail too */
  count = *e;
  e += e == head ? 3 : 1;
  for (k = 0; k < count; k++, e += 2 + e[1])
    clos_target(vm, l, e, start, rule, pos, key, room, depth, false);
}

static void add_thread(glean_vm *vm, vm_list *l, uint32_t pc0,
                       uint32_t start, uint32_t rule, uint32_t pos) {
  add_thread_at(vm, l, pc0, start, rule, pos, 0);
}

/* ---- tentative matches and decisions ----------------------------------- */

static void emit_one(glean_vm *vm, uint32_t rule, const uint32_t *e) {
  const glean_tokview *tv = vm->tv;
  const glean_token *toks = tv->toks;
  glean_matchbuf *out = vm->out;
  uint32_t c, ncap = vm->rules[rule].ncaptures;
  uint32_t first = e[0], last = e[1];
  glean_match *m;
  if ((out->n == out->cap &&
       !glean_grow(vm->alloc, (void **)&out->m, &out->cap, out->n + 1,
                   sizeof *out->m)) ||
      (out->nc + ncap > out->ccap &&
       !glean_grow(vm->alloc, (void **)&out->c, &out->ccap, out->nc + ncap,
                   sizeof *out->c))) {
    oom(vm);
    return;
  }
  m = &out->m[out->n++];
  m->rule = rule;
  m->first = first;
  m->last = last;
  m->start = toks[first].start;
  m->end = toks[last - 1].end;
  m->caps = (uint32_t)out->nc;
  for (c = 0; c < ncap; c++) {
    glean_capture *cp = &out->c[out->nc++];
    uint32_t a = e[2 + 2 * c], b = e[3 + 2 * c];
    if (a == NONE || b == NONE || b < a) {
      cp->first = NONE;
      cp->last = NONE;
      cp->start = cp->end = 0;
      continue;
    }
    cp->first = a;
    cp->last = b;
    if (b > a) {
      cp->start = toks[a].start;
      cp->end = toks[b - 1].end;
    } else {  /* an empty capture sits where its token would start */
      cp->start = cp->end = a < tv->ntoks ? toks[a].start : toks[a - 1].end;
    }
  }
}

/* Appends a decided match of rule, and the same for its twins. */
static void emit_match(glean_vm *vm, uint32_t rule, const uint32_t *e) {
  uint32_t t;
  emit_one(vm, rule, e);
  for (t = vm->twin_next[rule]; t != NONE && vm->status == GLEAN_OK;
       t = vm->twin_next[t])
    emit_one(vm, t, e);
}

/* Records [start, end) as rule's best match so far for start: a later
 * one for the same start always has a higher priority. */
static void record(glean_vm *vm, uint32_t rule, uint32_t start, uint32_t end,
                   const uint32_t *slots) {
  rule_rt *rt = &vm->rt[rule];
  uint32_t nslots = 2 * vm->rules[rule].ncaptures;
  size_t stride = 2 + (size_t)nslots;
  uint32_t *e;
  if (!rt->ring) {
    size_t i, len = stride * vm->ring_size;
    rt->ring = glean_mem_alloc(vm->alloc, len * sizeof *rt->ring);
    if (!rt->ring) {
      oom(vm);
      return;
    }
    rt->ring_len = len;
    for (i = 0; i < vm->ring_size; i++) rt->ring[i * stride] = NONE;
  }
  e = &rt->ring[(start % vm->ring_size) * stride];
  if (e[0] != start) {
    e[0] = start;
    if (rt->pend_n == 0 || start < rt->pend_lo) rt->pend_lo = start;
    rt->pend_n++;
    if (!rt->pending) {
      rt->pending = true;
      vm->pending[vm->npending++] = rule;
    }
  }
  e[1] = end;
  if (nslots) memcpy(e + 2, slots, nslots * sizeof *slots);
}

/* Decides, for every pending rule, the tentative matches whose start is
 * below the rule's smallest live start (final: nothing can change them). */
static void decide(glean_vm *vm, bool at_end) {
  size_t i, kept = 0;
  unsigned par = vm->tick & 1;
  for (i = 0; i < vm->npending; i++) {
    uint32_t rule = vm->pending[i];
    rule_rt *rt = &vm->rt[rule];
    const glean_rule_info *ri = &vm->rules[rule];
    size_t stride = 2 + 2 * (size_t)ri->ncaptures;
    uint32_t live = NONE, s = rt->pend_lo;
    if (!at_end && rt->min_tick[par] == vm->tick) live = rt->min_start[par];
    while (rt->pend_n > 0 && s < live) {
      uint32_t *e = &rt->ring[(s % vm->ring_size) * stride];
      if (e[0] == s) {
        if (ri->all || s >= rt->frontier) {
          emit_match(vm, rule, e);
          if (!ri->all) rt->frontier = e[1];
        }
        e[0] = NONE;
        rt->pend_n--;
      }
      s++;
    }
    rt->pend_lo = s;
    if (rt->pend_n > 0)
      vm->pending[kept++] = rule;
    else
      rt->pending = false;
  }
  vm->npending = kept;
}

/* ---- the pass ---------------------------------------------------------- */

/* Advances every thread of cl over token p into nl; handles matches. */
static void step(glean_vm *vm, vm_list *cl, vm_list *nl, uint32_t p) {
  const glean_inst *code = vm->prog->code;
  uint32_t built = vm->tick - 1;        /* the tick cl was built in */
  unsigned bpar = built & 1;
  uint32_t cut_rule = NONE, cut_start = 0;
  size_t i;
  vm->barrier = p + 1 < vm->tv->ntoks &&
                (vm->tv->toks[p + 1].flags & GLEAN_TF_PARA_START) ? p + 1
                                                                  : NONE;
  for (i = 0; i < cl->n && vm->status == GLEAN_OK; i++) {
    const vm_thread *t = &cl->t[i];
    const glean_rule_info *ri = &vm->rules[t->rule];
    rule_rt *rt = &vm->rt[t->rule];
    uint32_t op = code[t->pc].op;
    uint32_t nslots = 2 * ri->ncaptures;
    if (t->rule == cut_rule && t->start == cut_start) continue;
    if (!ri->all && (t->start < rt->frontier ||
                     (t->start > rt->klo && t->start < rt->khi)))
      continue;
    if (op == GLEAN_OP_MATCH) {
      /* its after-context holds: tested when it was added (match_ok) */
      /* caps is NULL while no rule has captures (NULL + 0 is UB) */
      record(vm, t->rule, t->start, p, nslots ? cl->caps + t->caps : NULL);
      cut_rule = t->rule;
      cut_start = t->start;
      /* The leftmost live start will be kept, and its final match ends
       * at p or later: later starts before p are dropped already. */
      if (!ri->all && rt->min_tick[bpar] == built &&
          rt->min_start[bpar] == t->start) {
        rt->klo = t->start;
        rt->khi = p;
      }
      continue;
    }
    if (nslots) memcpy(vm->cur, cl->caps + t->caps, nslots * sizeof *vm->cur);
    add_thread(vm, nl, op == GLEAN_OP_SPAN_REST ? t->pc : t->pc + 1,
               t->start, t->rule, p + 1);
  }
}

/* Lists where the windows of anchored rules open and close: rule r with
 * an anchor at token o may start at [o - window + 1, o]. Closings come
 * in token order; openings are sorted once all are found (windows differ
 * by rule, so they come nearly, not quite, in order). */
static bool anchor_found(glean_vm *vm, const anchor_info *ai, uint32_t q) {
  uint32_t j;
  size_t need = 2 * (size_t)ai->n;
  if ((vm->nev_open + need > vm->ev_open_cap &&
       !glean_grow(vm->alloc, (void **)&vm->ev_open, &vm->ev_open_cap,
                   vm->nev_open + need, sizeof *vm->ev_open)) ||
      (vm->nev_close + need > vm->ev_close_cap &&
       !glean_grow(vm->alloc, (void **)&vm->ev_close, &vm->ev_close_cap,
                   vm->nev_close + need, sizeof *vm->ev_close)))
    return false;
  for (j = 0; j < ai->n; j++) {
    uint32_t r = vm->anchor_rules[ai->first + j];
    uint32_t w = vm->rules[r].window, at = q + 1 > w ? q + 1 - w : 0;
    if (vm->nev_open && vm->ev_open[vm->nev_open - 2] > at)
      vm->ev_unsorted = true;
    vm->ev_open[vm->nev_open++] = at;
    vm->ev_open[vm->nev_open++] = r;
    vm->ev_close[vm->nev_close++] = q + 1;
    vm->ev_close[vm->nev_close++] = r;
  }
  return true;
}

/* Sorts the openings by token: a counting sort, linear in tokens and
 * openings. */
static bool sort_openings(glean_vm *vm) {
  size_t n = vm->tv->ntoks, k, need = vm->nev_open + n + 1;
  uint32_t *out, *count, sum = 0;
  if (need > vm->ev_sort_cap &&
      !glean_grow(vm->alloc, (void **)&vm->ev_sort, &vm->ev_sort_cap, need,
                  sizeof *vm->ev_sort))
    return false;
  out = vm->ev_sort;
  count = out + vm->nev_open;
  memset(count, 0, (n + 1) * sizeof *count);
  for (k = 0; k < vm->nev_open; k += 2) count[vm->ev_open[k]]++;
  for (k = 0; k <= n; k++) {
    uint32_t c = count[k];
    count[k] = sum;
    sum += 2 * c;
  }
  for (k = 0; k < vm->nev_open; k += 2) {
    uint32_t at = count[vm->ev_open[k]];
    count[vm->ev_open[k]] += 2;
    out[at] = vm->ev_open[k];
    out[at + 1] = vm->ev_open[k + 1];
  }
  memcpy(vm->ev_open, out, vm->nev_open * sizeof *out);
  return true;
}

/* The anchors of token q, whose entry is e in dictionary fold. */
static inline bool anchors_word(glean_vm *vm, int fold, uint32_t e,
                                uint32_t q) {
  const glean_dict *d = &vm->ps->dict[fold];
  uint32_t m;
  if (vm->ent_anchor[fold]) {
    uint64_t b = vm->ent_anchor[fold][e];
    for (; b; b &= b - 1)
      if (!anchor_found(vm, &vm->anchors[__builtin_ctzll(b)], q))
        return false;
    return true;
  }
  for (m = 0; m < d->e[e].mcount; m++) {
    uint32_t an = vm->set_anchor[d->members[d->e[e].mfirst + m]];
    if (an != NONE && !anchor_found(vm, &vm->anchors[an], q)) return false;
  }
  return true;
}

/* One walk over the tokens finds the windows of anchored rules (where
 * an anchor lies) and the seeds of the reach rules (the tokens a match
 * may end on), bucketed by rule in token order: one dictionary lookup
 * per token serves all word anchors and seeds (and the spawn step
 * reuses it); labels are read from the span bitsets. */
static glean_status find_events(glean_vm *vm) {
  const glean_preds *ps = vm->ps;
  const glean_tokview *tv = vm->tv;
  uint32_t q, n = (uint32_t)tv->ntoks;
  size_t k;
  int fold;
  bool anch[2], seed[2];
  uint64_t alabels = vm->nanchors ? vm->anchor_labels : 0;
  uint64_t slabels = vm->nreach ? vm->reach_labels : 0;
  vm->nev_open = vm->nev_close = 0;
  vm->ev_open_next = vm->ev_close_next = 0;
  vm->ev_unsorted = false;
  vm->nseeds = 0;
  for (k = 0; k < vm->nreach; k++) {
    vm->reach[k].nseeds = 0;
    vm->reach[k].last_seed = NONE;
  }
  for (fold = 0; fold < 2; fold++) {
    anch[fold] = vm->nanchors && vm->anchor_fold[fold];
    seed[fold] = vm->nreach && vm->reach_fold[fold];
  }
  for (q = 0; q < n; q++) {
    uint64_t bb = tv->begin[q], ib = bb | tv->inside[q];
    for (fold = 0; fold < 2; fold++) {
      uint32_t e;
      if (!anch[fold] && !seed[fold]) continue;
      e = glean_token_word(ps, vm->tv, q, fold);
      if (e == NONE) continue;
      if ((anch[fold] && !anchors_word(vm, fold, e, q)) ||
          (seed[fold] && !seeds_word(vm, fold, e, q)))
        return oom(vm);
    }
    if (ib & alabels) {
      for (k = 0; k < vm->nlabel_anchors; k++) {
        const anchor_info *ai = &vm->anchors[vm->label_anchors[k]];
        if (((ai->a.begin ? bb : ib) & ai->a.labels) &&
            !anchor_found(vm, ai, q))
          return oom(vm);
      }
    }
    if (ib & slabels) {
      for (k = 0; k < vm->nlabel_reach; k++) {
        uint32_t ri = vm->label_reach[k];
        if ((ib & vm->reach[ri].labels) && !add_seed(vm, ri, q))
          return oom(vm);
      }
    }
  }
  return !vm->ev_unsorted || sort_openings(vm) ? GLEAN_OK : oom(vm);
}

/* Opens and closes the anchored rules' windows at token q. */
static void anchor_events(glean_vm *vm, uint32_t q) {
  while (vm->ev_open_next < vm->nev_open &&
         vm->ev_open[vm->ev_open_next] <= q) {
    uint32_t r = vm->ev_open[vm->ev_open_next + 1];
    vm->open_windows[r]++;
    vm->ok_mask[r / 64] |= (uint64_t)1 << (r % 64);
    vm->ev_open_next += 2;
  }
  while (vm->ev_close_next < vm->nev_close &&
         vm->ev_close[vm->ev_close_next] <= q) {
    uint32_t r = vm->ev_close[vm->ev_close_next + 1];
    if (--vm->open_windows[r] == 0)
      vm->ok_mask[r / 64] &= ~((uint64_t)1 << (r % 64));
    vm->ev_close_next += 2;
  }
}

/* Can some second step of rule r consume token pos? */
static bool second_ok(glean_vm *vm, uint32_t r, uint32_t pos) {
  const glean_inst *code = vm->prog->code;
  uint32_t k;
  int fold;
  if (pos >= vm->tv->ntoks) return false;
  /* (the quick tests come first, in start_rules: see la_quick) */
  /* the word tests: a set of the token's entry among the rule's */
  for (fold = 0; fold < 2; fold++) {
    const glean_dict *d = &vm->ps->dict[fold];
    const uint64_t *bits = vm->la_wbits + (size_t)r * vm->la_words;
    uint32_t e, m;
    if (!(vm->la_dicts[r] & (fold ? 2u : 1u))) continue;
    e = glean_token_word(vm->ps, vm->tv, pos, fold);
    if (e == NONE) continue;
    for (m = 0; m < d->e[e].mcount; m++) {
      uint32_t set = d->members[d->e[e].mfirst + m];
      if (set / 64 < vm->la_words && (bits[set / 64] >> (set % 64) & 1))
        return true;
    }
  }
  for (k = vm->la_off[r]; k < vm->la_off[r + 1]; k++) {
    const glean_inst *in = &code[vm->la_pcs[k]];
    if (in->op == GLEAN_OP_SPAN_REST) {
      if (vm->tv->inside[pos] >> in->x & 1) return true;
      continue;
    }
    if (in->op == GLEAN_OP_TEST) {
      /* a regex's literal tail first, without a call: rules of a
       * capitalized word and a surname pattern ask after every capital */
      const glean_cpred *c = &vm->ps->items[in->x];
      if (c->re_tail_len && !c->words && !c->negate && !c->regex_negate &&
          !glean_preds_tail_ok(c, vm->tv->text, vm->tv->toks[pos].start,
                               vm->tv->toks[pos].end))
        continue;
    }
    if (in->op == GLEAN_OP_TEST ? pred_at(vm, in->x, pos) != 0
                                : (vm->tv->begin[pos] >> in->x & 1) != 0)
      return true;
  }
  return false;
}

/* With the flags table: the general first preds (bits of vm->general)
 * worth trying at token q, whose flags, first byte and length pass and
 * not all of whose rules are reach rules that may not start at q. */
static inline uint64_t general_cands(const glean_vm *vm, uint32_t q,
                                     uint64_t reach_here) {
  const glean_tokview *tv = vm->tv;
  const glean_token *t = &tv->toks[q];
  uint32_t flags = t->flags, len = t->end - t->start;
  uint64_t cand = vm->by_flags[0][flags & 0xff] &
                  vm->by_flags[1][flags >> 8 & 0xff] &
                  vm->by_flags[2][flags >> 16 & 0xff];
  if (cand & vm->gen_reach) {
    /* those all of whose rules are reach rules that may not start here */
    uint64_t keep = ~vm->gen_reach, rh = reach_here;
    while (rh) {
      keep |= vm->reach_gen[__builtin_ctzll(rh)];
      rh &= rh - 1;
    }
    cand &= keep;
  }
  if (cand & vm->gen_labeled) {
    /* those that need a label the token is not in */
    uint64_t keep = ~vm->gen_labeled, in = tv->begin[q] | tv->inside[q];
    for (; in; in &= in - 1) keep |= vm->label_gen[__builtin_ctzll(in)];
    cand &= keep;
  }
  if (cand && vm->first_table && len)
    cand &= vm->by_first[(unsigned char)tv->text[t->start]] &
            vm->by_len[len < 63 ? len : 63];
  return cand;
}

/* The rules whose first step can consume token q, into mask (rwords
 * words); false when there is none. First preds all of whose rules the
 * position rules out (reach, anchor windows) are not tried: spawn's rule
 * loop would drop those rules anyway. */
static bool first_mask(glean_vm *vm, uint32_t q, uint64_t *mask) {
  const glean_tokview *tv = vm->tv;
  uint32_t flags = tv->toks[q].flags;
  uint64_t labels;
  size_t k, w, rw = vm->rwords;
  int fold;
  bool any = false, have_known = false;
  uint64_t have = 0;       /* needed bytes the token holds */
  /* reach rules (< 64) that may start at q */
  uint64_t reach_here = vm->nreach ? vm->start_ok[q * vm->start_words] : 0;
  uint64_t cand = vm->flags_table ? general_cands(vm, q, reach_here) : 0;
  for (k = 0; vm->flags_table ? cand != 0 : k < vm->ngeneral; k++) {
    const first_pred *f;
    if (vm->flags_table) {
      k = (size_t)__builtin_ctzll(cand);
      cand &= cand - 1;
    }
    f = &vm->first[vm->general[k]];
    if (!vm->flags_table && f->reach_only && !(f->reach_only & reach_here))
      continue;  /* with the table: cand had them out */
    if (f->anchored_only) {
      const uint64_t *fr = &vm->first_rules[vm->general[k] * rw];
      for (w = 0; w < rw && !(fr[w] & vm->ok_mask[w]); w++) {}
      if (w == rw) continue;  /* no window of its rules is open */
    }
    if (vm->gen_need[k]) {
      if (!have_known) {
        const glean_token *t = &tv->toks[q];
        const unsigned char *b = (const unsigned char *)tv->text + t->start;
        uint32_t j, len = t->end - t->start;
        for (j = 0; j < len; j++) have |= vm->need_mask[b[j]];
        have_known = true;
      }
      if (vm->gen_need[k] & ~have) continue;  /* the regex cannot match */
    }
    if (f->prefilter &&
        ((flags & f->flags_all) != f->flags_all || (flags & f->flags_none) ||
         (f->flags_any && !(flags & f->flags_any))))
      continue;
    if (!pred_at(vm, f->pred, q)) continue;
    if (!any) {
      memset(mask, 0, rw * sizeof *mask);
      any = true;
    }
    for (w = 0; w < rw; w++)
      mask[w] |= vm->first_rules[vm->general[k] * rw + w];
  }
  /* first steps that need a word: only the sets the token is in */
  for (fold = 0; fold < 2; fold++) {
    const glean_dict *d = &vm->ps->dict[fold];
    uint32_t e, m;
    if (!vm->word_first[fold]) continue;
    e = glean_token_word(vm->ps, vm->tv, q, fold);
    if (e == NONE) continue;
    if (vm->ent_first[fold]) {
      size_t ew = vm->ent_words, x;
      for (x = 0; x < ew; x++) {
        uint64_t b = vm->ent_first[fold][e * ew + x];
        for (; b; b &= b - 1) {
          unsigned j = (unsigned)__builtin_ctzll(b);
          uint32_t fi = vm->wfirst[x * 64 + j];
          if (!(vm->wfirst_plain[x] >> j & 1) &&
              !pred_at(vm, vm->first[fi].pred, q))
            continue;
          if (!any) {
            memset(mask, 0, rw * sizeof *mask);
            any = true;
          }
          for (w = 0; w < rw; w++) mask[w] |= vm->first_rules[fi * rw + w];
        }
      }
      continue;
    }
    for (m = 0; m < d->e[e].mcount; m++) {
      uint32_t fi = vm->set_first[d->members[d->e[e].mfirst + m]];
      if (fi == NONE || !pred_at(vm, vm->first[fi].pred, q)) continue;
      if (!any) {
        memset(mask, 0, rw * sizeof *mask);
        any = true;
      }
      for (w = 0; w < rw; w++) mask[w] |= vm->first_rules[fi * rw + w];
    }
  }
  labels = tv->begin[q] & vm->first_labels;
  while (labels) {
    unsigned lab = (unsigned)__builtin_ctzll(labels);
    labels &= labels - 1;
    if (!any) {
      memset(mask, 0, rw * sizeof *mask);
      any = true;
    }
    for (w = 0; w < rw; w++) mask[w] |= vm->label_rules[lab * rw + w];
  }
  return any;
}

/* The masks of la_quick for the token after q, into quick[4]; false
 * past the last token. */
static bool quick_masks(const glean_vm *vm, uint32_t q,
                        const uint64_t **quick) {
  const glean_token *t;
  size_t rw = vm->rwords;
  unsigned c, last;
  if (q + 1 >= vm->tv->ntoks) return false;
  t = &vm->tv->toks[q + 1];
  last = t->end > t->start ? (unsigned char)vm->tv->text[t->end - 1] : 0;
  for (c = 0; c < 3; c++)
    quick[c] = vm->la_quick + (c * 256 + (t->flags >> (8 * c) & 0xff)) * rw;
  quick[3] = vm->la_quick + (3 * 256 + last) * rw;
  return true;
}

/* Starts, at token q, the threads of the rules in vm->spawn (first_mask's
 * answer for q) whose other tests at q pass: reach, second step,
 * before-context. */
static void start_rules(glean_vm *vm, vm_list *l, uint32_t q) {
  size_t w, rw = vm->rwords;
  const uint64_t *quick[4];
  int have_quick = -1;  /* not looked up yet */
  for (w = 0; w < rw; w++) {
    uint64_t bits = vm->spawn[w];
    if (vm->nanchors) bits &= vm->free_mask[w] | vm->ok_mask[w];
    /* the rules whose second step cannot take the next token, by its
     * flags and last byte, once for all (see la_quick) */
    if (bits & vm->la_quick_rules[w]) {
      if (have_quick < 0) have_quick = quick_masks(vm, q, quick);
      if (have_quick)
        bits &= quick[0][w] & quick[1][w] & quick[2][w] & quick[3][w];
    }
    while (bits) {
      uint32_t rule = (uint32_t)(w * 64 + (unsigned)__builtin_ctzll(bits));
      const glean_rule_info *ri = &vm->rules[rule];
      bits &= bits - 1;
      if (vm->nreach && vm->rule_reach[rule] != NONE &&
          !(vm->start_ok[q * vm->start_words + vm->rule_reach[rule] / 64] >>
                (vm->rule_reach[rule] % 64) & 1))
        continue;  /* no match can start here */
      if ((vm->la_dicts[rule] & LA_ON) && !second_ok(vm, rule, q + 1)) {
        if (vm->status != GLEAN_OK) return;
        continue;  /* it would die on the next token */
      }
      if ((ri->nbefore || ri->nnot_before) && !before_ok(vm, ri, q)) {
        if (vm->status != GLEAN_OK) return;
        continue;
      }
      memset(vm->cur, 0xff, 2 * ri->ncaptures * sizeof *vm->cur);  /* NONE */
      add_thread(vm, l, ri->entry, q, rule, q);
    }
  }
}

/* Whether entry e of dictionary fold is in the set of some first step. */
static inline bool ent_first_any(const glean_vm *vm, int fold, uint32_t e) {
  const uint64_t *b = &vm->ent_first[fold][(size_t)e * vm->ent_words];
  size_t k;
  for (k = 0; k < vm->ent_words; k++)
    if (b[k]) return true;
  return false;
}

/* Whether first_mask may find a first step at token q, from its cheap
 * tests alone (a superset): the flags, the word and the labels. */
static inline bool may_start_quick(const glean_vm *vm, uint32_t q) {
  int fold;
  if (!vm->flags_table ||
      general_cands(vm, q, vm->nreach ? vm->start_ok[q * vm->start_words]
                                      : 0) ||
      (vm->tv->begin[q] & vm->first_labels))
    return true;
  for (fold = 0; fold < 2; fold++) {
    uint32_t e;
    if (!vm->word_first[fold]) continue;
    e = glean_token_word(vm->ps, vm->tv, q, fold);
    if (e != NONE && (!vm->ent_first[fold] || ent_first_any(vm, fold, e)))
      return true;
  }
  return false;
}

/* Whether some rule's first step can consume token q: its rules, into
 * vm->spawn, once the anchor windows are brought up to q. */
static bool may_start(glean_vm *vm, uint32_t q) {
  if (vm->nanchors) anchor_events(vm, q);
  return first_mask(vm, q, vm->spawn);
}

/* Starts, at token q, the threads of every rule whose first step can
 * consume q (and whose before-context holds); false when no first step
 * can. */
static bool spawn(glean_vm *vm, vm_list *l, uint32_t q) {
  if (!may_start(vm, q)) return false;
  start_rules(vm, l, q);
  return true;
}

/* Moves to the next step; on wrap-around, clears the stamps. */
static void next_tick(glean_vm *vm) {
  size_t r;
  if (++vm->tick != 0) return;
  memset(vm->seen, 0, vm->seen_cap * sizeof *vm->seen);
  for (r = 0; r < vm->nrules; r++)
    vm->rt[r].min_tick[0] = vm->rt[r].min_tick[1] = 0;
  /* tick 1's predecessor 0 then matches no list: the only cost is one
   * step without the early kill */
  vm->tick = 2;
}

static void reset_rules(glean_vm *vm) {
  size_t r;
  for (r = 0; r < vm->nrules; r++) {
    rule_rt *rt = &vm->rt[r];
    if (vm->dirty && rt->ring) {
      size_t i, stride = 2 + 2 * (size_t)vm->rules[r].ncaptures;
      for (i = 0; i < vm->ring_size; i++) rt->ring[i * stride] = NONE;
    }
    rt->frontier = rt->klo = rt->khi = 0;
    rt->pend_lo = rt->pend_n = 0;
    rt->pending = false;
  }
  vm->npending = 0;
  vm->dirty = false;
}

glean_status glean_vm_run(glean_vm *vm, glean_tokview *tv,
                          glean_matchbuf *out, glean_error *err) {
  vm_list *cl = &vm->lists[0], *nl = &vm->lists[1];
  uint32_t n, p;
  vm->tv = tv;
  vm->out = out;
  vm->err = err;
  vm->status = GLEAN_OK;
  if (vm->npattern == 0 || tv->ntoks == 0) return GLEAN_OK;
  if (tv->ntoks >= UINT32_MAX - 2)
    return glean_fail(err, GLEAN_ELIMIT, "scan: too many tokens");
  n = (uint32_t)tv->ntoks;
  reset_rules(vm);
  vm->barrier = NONE;
  /* predicate cache stamps are pbase + token + 1: move past this run */
  if (vm->pbase > UINT32_MAX - n - 2) {
    memset(vm->pstamp, 0, vm->pcache_cap * sizeof *vm->pstamp);
    memset(vm->re_stamp, 0, vm->re_stamp_cap * sizeof *vm->re_stamp);
    memset(vm->memo_stamp, 0, vm->memo_stamp_cap * sizeof *vm->memo_stamp);
    vm->pbase = 0;
  }
  vm->dirty = true;
  if (vm->nanchors) {
    memset(vm->ok_mask, 0, vm->ok_mask_cap * sizeof *vm->ok_mask);
    memset(vm->open_windows, 0, vm->nrules * sizeof *vm->open_windows);
  }
  if ((vm->nanchors || vm->nreach) && find_events(vm) != GLEAN_OK)
    return vm->status;
  if (vm->nreach && reach_run(vm) != GLEAN_OK) return vm->status;
  cl->n = cl->ncaps = 0;
  next_tick(vm);
  spawn(vm, cl, 0);
  for (p = 0; p <= n && vm->status == GLEAN_OK; p++) {
    vm_list *tmp;
    bool started = false;
    next_tick(vm);
    nl->n = nl->ncaps = 0;
    step(vm, cl, nl, p);
    if (p + 1 < n && vm->status == GLEAN_OK) started = spawn(vm, nl, p + 1);
    if (vm->npending) decide(vm, false);
    tmp = cl;
    cl = nl;
    nl = tmp;
    /* Nothing started, alive or pending: the tokens up to the next one
     * where a first step can start need no step. Spawn there, in a tick
     * of its own, and go on from it. */
    if (!started && cl->n == 0 && vm->npending == 0 && p + 1 < n) {
      uint32_t q = p + 2;
      while (q < n && !(may_start_quick(vm, q) && may_start(vm, q))) q++;
      if (q >= n) break;
      next_tick(vm);
      start_rules(vm, cl, q);
      p = q - 1;
    }
  }
  if (vm->status == GLEAN_OK) decide(vm, true);
  vm->pbase += n + 1;
  if (vm->status != GLEAN_OK) return vm->status;
  vm->dirty = false;
  return GLEAN_OK;
}
