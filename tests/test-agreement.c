/* test-agreement.c — inter-annotator agreement: textbook values, a project, the command line
 *
 * The coefficient functions are checked against published worked examples, to the digits
 * those print: Artstein & Poesio (2008) for Cohen's kappa, Fleiss (1971) as Wikipedia works
 * it for Fleiss' kappa, Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability" for
 * alpha with missing values, and Krippendorff (2004) and DKPro Statistics' test cases for the
 * unitizing alpha, which is also compared with a brute-force reading of its definition on
 * random studies. Then a project built through the core API, whose every number is worked out
 * by hand in the comments, and `glossator-cli agreement` on it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <string.h>

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "gls-agreement.h"
#include "gls-error.h"
#include "gls-import.h"
#include "gls-project.h"
#include "gls-test-core.h"
#include "gls-tokenizer.h"

/* @value as printed with @digits decimals. */
static void
assert_printed (double      value,
                int         digits,
                const char *expected)
{
  g_autofree char *printed = g_strdup_printf ("%.*f", digits, value);

  if (g_strcmp0 (printed, expected) != 0)
    g_error ("%.12g prints as %s, expected %s", value, printed, expected);
}

/* ------------------------------------------------------------------------------------------ */
/* Cohen's kappa                                                                                */

static void
test_cohen_artstein_poesio (void)
{
  /* Artstein & Poesio (2008), the binary example (their Table 1; scikit-learn's test of
   * cohen_kappa_score uses it): A_o = 70/100 = 0.7; the coders' marginals are 40/60 and
   * 30/70, so A_e = 0.4 × 0.3 + 0.6 × 0.7 = 0.54 and κ = 0.16 / 0.46 = 0.3478. */
  const guint64 binary[] = {
    20, 20,
    10, 50,
  };
  /* Their three-category example (Stat, IReq, Chck; 100 utterances): A_o = 0.88,
   * A_e = 0.52 × 0.46 + 0.32 × 0.44 + 0.16 × 0.10 = 0.396, κ = 0.484 / 0.604 = 0.8013. */
  const guint64 dialogue[] = {
    46,  6,  0,
     0, 32,  0,
     0,  6, 10,
  };
  const guint64 constant[] = {
    5, 0,
    0, 0,
  };

  assert_printed (gls_agreement_cohen_kappa (binary, 2), 3, "0.348");
  assert_printed (gls_agreement_cohen_kappa (dialogue, 3), 4, "0.8013");
  /* Both coders used one category only: chance agreement is total, kappa undefined. */
  g_assert_true (isnan (gls_agreement_cohen_kappa (constant, 2)));
  g_assert_true (isnan (gls_agreement_cohen_kappa (NULL, 0)));
}

/* ------------------------------------------------------------------------------------------ */
/* Fleiss' kappa                                                                                */

static void
test_fleiss_wikipedia (void)
{
  /* 10 subjects, 14 raters, 5 categories (Wikipedia, "Fleiss' kappa", worked example):
   * p_j = 0.143, 0.200, 0.279, 0.150, 0.229; P̄ = 0.378, P̄_e = 0.213; κ = 0.210. */
  const guint counts[] = {
    0, 0, 0, 0, 14,
    0, 2, 6, 4, 2,
    0, 0, 3, 5, 6,
    0, 3, 9, 2, 0,
    2, 2, 8, 1, 1,
    7, 7, 0, 0, 0,
    3, 2, 6, 3, 0,
    2, 5, 3, 2, 2,
    6, 5, 2, 1, 0,
    0, 2, 2, 3, 7,
  };
  /* Two raters: Fleiss' kappa is Scott's pi. On Artstein & Poesio's dialogue table the
   * pooled distribution is 0.49, 0.38, 0.13, A_e = 0.4014, π = 0.4786 / 0.5986 = 0.7995. */
  guint dialogue[100 * 3] = { 0 };
  guint item = 0;
  const struct { guint n, a, b; } cells[] = {
    { 46, 0, 0 }, { 6, 0, 1 }, { 32, 1, 1 }, { 6, 2, 1 }, { 10, 2, 2 },
  };

  assert_printed (gls_agreement_fleiss_kappa (counts, 10, 5), 3, "0.210");

  for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
    for (guint k = 0; k < cells[c].n; k++, item++)
      {
        dialogue[item * 3 + cells[c].a]++;
        dialogue[item * 3 + cells[c].b]++;
      }
  g_assert_cmpuint (item, ==, 100);
  assert_printed (gls_agreement_fleiss_kappa (dialogue, 100, 3), 4, "0.7995");
}

/* ------------------------------------------------------------------------------------------ */
/* Krippendorff's alpha                                                                         */

static void
test_krippendorff_missing (void)
{
  /* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the example with
   * missing values: 4 observers, 12 units, values 1–5, "." missing. Unit 12 has one value
   * only and is not pairable. Nominal α = 0.743. */
  const int _ = -1;
  const int values[4 * 12] = {
    1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _,
    1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3,
    _, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _,
    1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _,
  };
  /* Artstein & Poesio's dialogue table as 2 coders × 100 units, no value missing: n = 200,
   * n_c = 98, 76, 26; 12 disagreeing units give Σ_{c≠k} o_ck = 24;
   * α = 1 - 199 × 24 / (200² - 98² - 76² - 26²) = 1 - 4776 / 23944 = 0.8005. */
  int dialogue[2 * 100];
  guint item = 0;
  const struct { guint n; int a, b; } cells[] = {
    { 46, 0, 0 }, { 6, 0, 1 }, { 32, 1, 1 }, { 6, 2, 1 }, { 10, 2, 2 },
  };
  const int all_same[2 * 3] = { 1, 1, 1, 1, 1, 1 };

  assert_printed (gls_agreement_krippendorff_alpha (values, 4, 12, 6), 3, "0.743");

  for (guint c = 0; c < G_N_ELEMENTS (cells); c++)
    for (guint k = 0; k < cells[c].n; k++, item++)
      {
        dialogue[item] = cells[c].a;
        dialogue[100 + item] = cells[c].b;
      }
  assert_printed (gls_agreement_krippendorff_alpha (dialogue, 2, 100, 3), 4, "0.8005");

  /* No variation: undefined. */
  g_assert_true (isnan (gls_agreement_krippendorff_alpha (all_same, 2, 3, 2)));
}

/* ------------------------------------------------------------------------------------------ */
/* Unitizing alpha                                                                              */

static void
assert_unitizing (const GlsAgreementUnit *units,
                  guint                   n_units,
                  guint                   n_coders,
                  gint64                  begin,
                  gint64                  length,
                  int                     category,
                  int                     digits,
                  const char             *observed,
                  const char             *expected,
                  const char             *alpha)
{
  double d_o, d_e;
  double a = gls_agreement_unitizing_alpha (units, n_units, n_coders, begin, length, category,
                                            &d_o, &d_e);

  if (observed != NULL)
    assert_printed (d_o, digits, observed);
  if (expected != NULL)
    assert_printed (d_e, digits, expected);
  assert_printed (a, digits, alpha);
}

static void
test_unitizing_krippendorff_2004 (void)
{
  /* Krippendorff (2004: 254), as DKPro's Krippendorff2004Test builds it: continuum 150–450,
   * two observers, categories c (0) and k (1). DKPro: D_o(c) = 0.0144, D_e(c) = 0.0532,
   * α(c) = 0.7286; D_o(k) = 0, D_e(k) = 0.0490, α(k) = 1; α over both: 1 - mean D_o / mean
   * D_e = 1 - 0.0072222 / 0.0511002 = 0.858665 (DKPro asserts 0.8591 ± 0.0005, the book's
   * figure from rounded intermediates; both print as 0.859).
   * By hand, D_o(c): 225+70 vs 220+80 costs 5² + 5² = 50, 370+30 vs 355+20 costs
   * 15² + 25² = 850, observer j's 400+20 lies in i's gap: 20² = 400; 2 × 1300 /
   * (2 × 1 × 300²) = 0.014444. */
  const GlsAgreementUnit units[] = {
    { 0, 0, 225, 295 }, { 0, 0, 370, 400 },
    { 1, 0, 220, 300 }, { 1, 0, 355, 375 }, { 1, 0, 400, 420 },
    { 0, 1, 180, 240 }, { 0, 1, 300, 350 },
    { 1, 1, 180, 240 }, { 1, 1, 300, 350 },
  };

  assert_unitizing (units, G_N_ELEMENTS (units), 2, 150, 300, 0, 4, "0.0144", "0.0532", "0.7286");
  assert_unitizing (units, G_N_ELEMENTS (units), 2, 150, 300, 1, 4, "0.0000", "0.0490", "1.0000");
  assert_unitizing (units, G_N_ELEMENTS (units), 2, 150, 300, -1, 3, NULL, NULL, "0.859");
}

static void
test_unitizing_hand (void)
{
  /* DKPro's UnitizingAgreementTest, worked by hand. Continuum 0–10, two coders:
   *   coder 0: -11111111-      one unit 1–9 (length 8)
   *   coder 1: --1-1-1---      units 2–3, 4–5, 6–7
   * Observed: 1–9 overlaps all three: (1-2)² + (9-3)² = 37, (1-4)² + (9-5)² = 25,
   * (1-6)² + (9-7)² = 29; Σ = 91, D_o = 2 × 91 / (2 × 1 × 10²) = 0.91.
   * Expected: N = 4 units, lengths 8, 1, 1, 1; Σ l(l-1) = 56; Σ l(l-1)(2l-1)/3 = 280,
   * times N - 1 = 840. Gaps: coder 0 has 1 and 1, coder 1 has 2, 1, 1, 3. A unit of length
   * 8 fits in no gap; each unit of length 1 adds 1² × Σ_g (g - 1 + 1) = 9, three of them 27.
   * D_e = (2/10) × (840 + 27) / (20 × 19 - 56) = 173.4 / 324 = 0.535185.
   * α = 1 - 0.91 / 0.535185 = -0.700346 (DKPro: 0.9100, 0.5351, -0.7003). */
  const GlsAgreementUnit units[] = {
    { 0, 0, 1, 9 },
    { 1, 0, 2, 3 }, { 1, 0, 4, 5 }, { 1, 0, 6, 7 },
  };
  /* DKPro: one unit among three coders gives 0 (D_o = D_e = 1/600), no unit at all NaN. */
  const GlsAgreementUnit single[] = { { 0, 0, 0, 1 } };

  assert_unitizing (units, G_N_ELEMENTS (units), 2, 0, 10, 0, 6,
                    "0.910000", "0.535185", "-0.700346");
  assert_unitizing (single, 1, 3, 0, 20, -1, 4, "0.0017", "0.0017", "0.0000");
  g_assert_true (isnan (gls_agreement_unitizing_alpha (NULL, 0, 3, 0, 20, -1, NULL, NULL)));
}

static void
test_unitizing_krippendorff_1995 (void)
{
  /* Krippendorff (1995: 57), as DKPro's Krippendorff1995Test builds it: four pairs of coders
   * (A to D) on a continuum of 24, each pair as one category. DKPro checks the observed
   * disagreements to 1e-5: A 0.03125, B 2.26736, C 0.02777, D 0.38715 (C is 0.0277778). */
  static const struct { guint coder; guint category; gint64 start, length; } u[] = {
    { 0, 0, 2, 8 }, { 0, 0, 14, 6 }, { 1, 0, 4, 4 }, { 1, 0, 15, 2 },
    { 0, 1, 0, 18 }, { 1, 1, 0, 2 }, { 1, 1, 2, 1 }, { 1, 1, 3, 1 }, { 1, 1, 4, 1 },
    { 1, 1, 5, 1 }, { 1, 1, 6, 3 }, { 1, 1, 9, 1 },
    { 0, 2, 2, 6 }, { 0, 2, 10, 2 }, { 0, 2, 14, 4 }, { 0, 2, 20, 2 }, { 1, 2, 0, 2 },
    { 1, 2, 4, 4 }, { 1, 2, 10, 4 }, { 1, 2, 16, 2 }, { 1, 2, 20, 2 },
    { 0, 3, 0, 2 }, { 0, 3, 2, 8 }, { 0, 3, 10, 4 }, { 0, 3, 14, 6 }, { 0, 3, 20, 4 },
    { 1, 3, 0, 4 }, { 1, 3, 4, 4 }, { 1, 3, 8, 7 }, { 1, 3, 15, 2 }, { 1, 3, 17, 7 },
  };
  const char *observed[] = { "0.03125", "2.26736", "0.02778", "0.38715" };
  GlsAgreementUnit units[G_N_ELEMENTS (u)];

  for (guint i = 0; i < G_N_ELEMENTS (u); i++)
    units[i] = (GlsAgreementUnit){ u[i].coder, u[i].category, u[i].start,
                                   u[i].start + u[i].length };
  for (int c = 0; c < 4; c++)
    {
      double d_o;

      gls_agreement_unitizing_alpha (units, G_N_ELEMENTS (units), 2, 0, 24, c, &d_o, NULL);
      assert_printed (d_o, 5, observed[c]);
    }
}

/* The definition read literally: every coder's continuum cut into units and gaps, every
 * pair of segments of every ordered pair of coders compared, every unit set against every
 * gap. Slow, and independent of the sweep in gls-agreement.c. */
typedef struct
{
  gint64 start;
  gint64 end;
  gboolean unit;
} Segment;

static GArray *
segments_of (const GlsAgreementUnit *units,
             guint                   n,
             guint                   coder,
             guint                   category,
             gint64                  begin,
             gint64                  end)
{
  GArray *segments = g_array_new (FALSE, FALSE, sizeof (Segment));
  gint64 position = begin;

  /* The units of one coder and category are generated in order and disjoint. */
  for (guint i = 0; i < n; i++)
    if (units[i].coder == coder && units[i].category == category)
      {
        Segment gap = { position, units[i].start, FALSE };
        Segment unit = { units[i].start, units[i].end, TRUE };

        if (gap.end > gap.start)
          g_array_append_val (segments, gap);
        g_array_append_val (segments, unit);
        position = units[i].end;
      }
  if (end > position)
    {
      Segment gap = { position, end, FALSE };
      g_array_append_val (segments, gap);
    }
  return segments;
}

static double
brute_distance (const Segment *g,
                const Segment *h)
{
  double lg = (double)(g->end - g->start), lh = (double)(h->end - h->start);

  if (g->unit && h->unit && g->start < h->end && h->start < g->end)
    return (double)(g->start - h->start) * (double)(g->start - h->start) +
           (double)(g->end - h->end) * (double)(g->end - h->end);
  if (g->unit && !h->unit && h->start <= g->start && g->end <= h->end)
    return lg * lg;
  if (!g->unit && h->unit && g->start <= h->start && h->end <= g->end)
    return lh * lh;
  return 0;
}

static void
brute_unitizing (const GlsAgreementUnit *units,
                 guint                   n,
                 guint                   n_coders,
                 guint                   category,
                 gint64                  length,
                 double                 *observed,
                 double                 *expected)
{
  g_autoptr(GPtrArray) by_coder = g_ptr_array_new_with_free_func ((GDestroyNotify)g_array_unref);
  double r = n_coders, l = (double)length, sum = 0, n_c = 0, squares = 0, total = 0;

  for (guint c = 0; c < n_coders; c++)
    g_ptr_array_add (by_coder, segments_of (units, n, c, category, 0, length));

  for (guint c1 = 0; c1 < n_coders; c1++)
    for (guint c2 = 0; c2 < n_coders; c2++)
      {
        GArray *s1 = g_ptr_array_index (by_coder, c1), *s2 = g_ptr_array_index (by_coder, c2);

        if (c1 == c2)
          continue;
        for (guint i = 0; i < s1->len; i++)
          for (guint j = 0; j < s2->len; j++)
            sum += brute_distance (&g_array_index (s1, Segment, i),
                                   &g_array_index (s2, Segment, j));
      }
  *observed = sum / (r * (r - 1) * l * l);

  for (guint i = 0; i < n; i++)
    if (units[i].category == category)
      {
        double li = (double)(units[i].end - units[i].start);

        n_c++;
        squares += li * (li - 1);
      }
  for (guint i = 0; i < n; i++)
    if (units[i].category == category)
      {
        double li = (double)(units[i].end - units[i].start), in_gaps = 0;

        for (guint c = 0; c < n_coders; c++)
          {
            GArray *s = g_ptr_array_index (by_coder, c);

            for (guint j = 0; j < s->len; j++)
              {
                const Segment *gap = &g_array_index (s, Segment, j);

                if (!gap->unit && (double)(gap->end - gap->start) >= li)
                  in_gaps += (double)(gap->end - gap->start) - li + 1;
              }
          }
        total += (n_c - 1) * (2 * li * li * li - 3 * li * li + li) / 3 + li * li * in_gaps;
      }
  *expected = (2 / l) * total / (r * l * (r * l - 1) - squares);
}

static void
test_unitizing_brute_force (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (2004);

  for (guint round = 0; round < 300; round++)
    {
      guint n_coders = g_rand_int_range (rand, 2, 5);
      guint n_categories = g_rand_int_range (rand, 1, 4);
      gint64 length = g_rand_int_range (rand, 5, 80);
      g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (GlsAgreementUnit));
      double sum_observed = 0, sum_expected = 0;
      guint n_used = 0;

      for (guint c = 0; c < n_coders; c++)
        for (guint k = 0; k < n_categories; k++)
          {
            gint64 position = g_rand_int_range (rand, 0, 6);

            while (g_rand_int_range (rand, 0, 4) != 0)
              {
                gint64 width = g_rand_int_range (rand, 1, 12);
                GlsAgreementUnit unit = { c, k, position, position + width };

                if (unit.end > length)
                  break;
                g_array_append_val (units, unit);
                position = unit.end + g_rand_int_range (rand, 0, 6);
              }
          }

      for (guint k = 0; k < n_categories; k++)
        {
          double d_o, d_e, b_o, b_e, alpha;
          gboolean used = FALSE;

          for (guint i = 0; i < units->len; i++)
            used |= g_array_index (units, GlsAgreementUnit, i).category == k;
          alpha = gls_agreement_unitizing_alpha ((const GlsAgreementUnit *)(gpointer)units->data,
                                                 units->len, n_coders, 0, length, (int)k,
                                                 &d_o, &d_e);
          if (!used)
            {
              g_assert_true (isnan (alpha));
              continue;
            }
          brute_unitizing ((const GlsAgreementUnit *)(gpointer)units->data, units->len,
                           n_coders, k, length, &b_o, &b_e);
          g_assert_cmpfloat_with_epsilon (d_o, b_o, 1e-12);
          g_assert_cmpfloat_with_epsilon (d_e, b_e, 1e-12);
          sum_observed += b_o;
          sum_expected += b_e;
          n_used++;
        }
      if (n_used > 0 && sum_expected > 0)
        g_assert_cmpfloat_with_epsilon (
          gls_agreement_unitizing_alpha ((const GlsAgreementUnit *)(gpointer)units->data,
                                         units->len, n_coders, 0, length, -1, NULL, NULL),
          1 - sum_observed / sum_expected, 1e-9);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Span precision, recall, F1                                                                   */

static void
test_span_prf (void)
{
  /* Reference: PER 0–5, ORG 10–15, LOC 20–25, PER 30–35.
   * Candidate: PER 0–5 (exact), ORG 10–14 (overlaps), PER 20–25 (another label), PER 40–45.
   * Exact: one match; P = 1/4, R = 1/4, F1 = 0.25 — conlleval would print
   * "precision:  25.00%; recall:  25.00%; FB1:  25.00".
   * Overlap: reference PER 0–5 and ORG 10–15 are matched (2 of 4), candidate PER 0–5 and
   * ORG 10–14 (2 of 4): P = R = F1 = 0.5. */
  const GlsAgreementSpan reference[] = {
    { 0, 0, 5 }, { 1, 10, 15 }, { 2, 20, 25 }, { 0, 30, 35 },
  };
  const GlsAgreementSpan candidate[] = {
    { 0, 0, 5 }, { 1, 10, 14 }, { 0, 20, 25 }, { 0, 40, 45 },
  };
  /* One candidate span overlapping two reference spans matches both: an overlap match is
   * not one-to-one. P = 1/1, R = 2/2. */
  const GlsAgreementSpan two[] = { { 0, 0, 5 }, { 0, 6, 10 } };
  const GlsAgreementSpan one[] = { { 0, 3, 8 } };
  GlsAgreementPrf prf;

  gls_agreement_span_prf (reference, 4, candidate, 4, FALSE, &prf);
  g_assert_cmpuint (prf.matched_reference, ==, 1);
  g_assert_cmpuint (prf.matched_candidate, ==, 1);
  assert_printed (100 * prf.precision, 2, "25.00");
  assert_printed (100 * prf.recall, 2, "25.00");
  assert_printed (100 * prf.f1, 2, "25.00");

  gls_agreement_span_prf (reference, 4, candidate, 4, TRUE, &prf);
  g_assert_cmpuint (prf.matched_reference, ==, 2);
  g_assert_cmpuint (prf.matched_candidate, ==, 2);
  assert_printed (prf.precision, 3, "0.500");
  assert_printed (prf.recall, 3, "0.500");
  assert_printed (prf.f1, 3, "0.500");

  gls_agreement_span_prf (two, 2, one, 1, TRUE, &prf);
  assert_printed (prf.precision, 3, "1.000");
  assert_printed (prf.recall, 3, "1.000");
  gls_agreement_span_prf (two, 2, one, 1, FALSE, &prf);
  assert_printed (prf.f1, 3, "0.000");

  /* Nothing on one side: F1 = 0, the empty side's ratio undefined; nothing at all: NaN. */
  gls_agreement_span_prf (two, 2, NULL, 0, FALSE, &prf);
  g_assert_true (isnan (prf.precision));
  assert_printed (prf.recall, 3, "0.000");
  assert_printed (prf.f1, 3, "0.000");
  gls_agreement_span_prf (NULL, 0, NULL, 0, TRUE, &prf);
  g_assert_true (isnan (prf.f1));
}

/* ------------------------------------------------------------------------------------------ */
/* A project                                                                                    */

/* Tokens: Angela | Merkel | met | Emmanuel | Macron | in | Paris | on | Monday | .
 * Characters: Angela Merkel 0–13, Emmanuel Macron 18–33, Macron 27–33, Paris 37–42,
 * Monday 46–52; 53 in all. */
static const char merkel[] = "Angela Merkel met Emmanuel Macron in Paris on Monday.";
static const char second[] = "Olaf Scholz flew to Warsaw.";

typedef struct
{
  char *dir;
  GlsProject *project;
  char *path;
  gint64 doc;
  gint64 doc2;
  gint64 alice_merkel, alice_macron, alice_paris, alice_monday;
  gint64 bob_merkel, bob_macron, bob_paris;
} Fixture;

static gint64
add_span (Fixture    *f,
          gint64      doc,
          const char *text,
          const char *needle,
          const char *label)
{
  g_autoptr(GError) error = NULL;
  GlsFragment fragment = gls_test_find (text, needle, 0);
  gint64 id = gls_project_add_span (f->project, doc, &fragment, 1,
                                    gls_label_get_id (gls_project_find_label (f->project, label)),
                                    &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = gls_test_make_tmp_dir ("glossator-agreement-XXXXXX");
  f->project = gls_test_create_project (f->dir, "agreement.glossator");
  f->path = g_strdup (gls_project_get_path (f->project));
  f->doc = gls_project_add_document (f->project, "Paris", merkel, NULL, &error);
  g_assert_no_error (error);
  f->doc2 = gls_project_add_document (f->project, "Warsaw", second, NULL, &error);
  g_assert_no_error (error);

  /* alice: B-PER I-PER O B-PER I-PER O B-GPE O B-DATE O */
  gls_project_set_annotator (f->project, "alice");
  f->alice_merkel = add_span (f, f->doc, merkel, "Angela Merkel", "PERSON");
  f->alice_macron = add_span (f, f->doc, merkel, "Emmanuel Macron", "PERSON");
  f->alice_paris = add_span (f, f->doc, merkel, "Paris", "GPE");
  f->alice_monday = add_span (f, f->doc, merkel, "Monday", "DATE");
  /* bob:   B-PER I-PER O O     B-PER O B-LOC O O      O */
  gls_project_set_annotator (f->project, "bob");
  f->bob_merkel = add_span (f, f->doc, merkel, "Angela Merkel", "PERSON");
  f->bob_macron = add_span (f, f->doc, merkel, "Macron", "PERSON");
  f->bob_paris = add_span (f, f->doc, merkel, "Paris", "LOC");
  /* Only alice annotated the second article: bob is missing there, not "all O". */
  gls_project_set_annotator (f->project, "alice");
  add_span (f, f->doc2, second, "Olaf Scholz", "PERSON");
  add_span (f, f->doc2, second, "Warsaw", "GPE");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  gls_test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static guint
label_index (GlsAgreement *agreement,
             const char   *name)
{
  for (guint l = 0; l < gls_agreement_get_n_labels (agreement); l++)
    if (g_strcmp0 (gls_agreement_get_label (agreement, l), name) == 0)
      return l;
  g_error ("no label %s", name);
}

static void
test_project (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsAgreement) agreement = gls_agreement_compute (f->project, NULL, NULL, NULL, &error);
  const GlsAgreementScores *total, *person, *gpe, *second_doc;
  guint per, gpe_l, loc, date, missing, first, other, n_cases;
  const GlsAgreementCase *cases;

  g_assert_no_error (error);
  g_assert_cmpuint (gls_agreement_get_n_annotators (agreement), ==, 2);
  g_assert_cmpstr (gls_agreement_get_annotator (agreement, 0), ==, "alice");
  g_assert_cmpstr (gls_agreement_get_annotator (agreement, 1), ==, "bob");
  g_assert_cmpuint (gls_agreement_get_n_pairs (agreement), ==, 1);
  gls_agreement_get_pair (agreement, 0, &first, &other);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (other, ==, 1);

  /* The labels used, in the schema's order (PERSON, ORG, GPE, LOC, DATE, …). */
  g_assert_cmpuint (gls_agreement_get_n_labels (agreement), ==, 4);
  per = label_index (agreement, "PERSON");
  gpe_l = label_index (agreement, "GPE");
  loc = label_index (agreement, "LOC");
  date = label_index (agreement, "DATE");
  g_assert_true (per < gpe_l && gpe_l < loc && loc < date);

  /* Only the first article is compared: 10 tokens. */
  total = gls_agreement_get_total (agreement);
  g_assert_cmpuint (total->n_documents, ==, 1);
  g_assert_cmpuint (total->n_documents_by_all, ==, 1);
  g_assert_cmpuint (total->n_tokens, ==, 10);
  g_assert_cmpuint (total->n_tokens_by_all, ==, 10);

  /* Cohen: they differ on Emmanuel (B-PER/O), Macron (I-PER/B-PER), Paris (B-GPE/B-LOC),
   * Monday (B-DATE/O): P_o = 6/10. alice's tags: O 4, B-PER 2, I-PER 2, B-GPE 1, B-DATE 1;
   * bob's: O 6, B-PER 2, I-PER 1, B-LOC 1. P_e = (4×6 + 2×2 + 2×1) / 100 = 0.3.
   * κ = (0.6 - 0.3) / 0.7 = 0.428571. */
  assert_printed (total->cohen[0], 3, "0.429");
  assert_printed (total->cohen_mean, 6, "0.428571");
  /* Fleiss with two raters (Scott's π): pooled O 10/20, B-PER 4/20, I-PER 3/20, B-GPE,
   * B-DATE, B-LOC 1/20 each: P̄_e = 0.25 + 0.04 + 0.0225 + 3 × 0.0025 = 0.32;
   * κ = (0.6 - 0.32) / 0.68 = 0.411765. */
  assert_printed (total->fleiss, 6, "0.411765");
  /* Krippendorff: n = 20 values, Σ_{c≠k} o_ck = 2 × 4 = 8, Σ n_c² = 100 + 16 + 9 + 3 = 128;
   * α = 1 - 19 × 8 / (400 - 128) = 1 - 152/272 = 0.441176. */
  assert_printed (total->alpha, 6, "0.441176");

  /* Spans, alice as reference. alice has 4, bob 3. Exact: Angela Merkel only:
   * P = 1/3, R = 1/4, F1 = 2/7. Overlap: alice's Merkel and Emmanuel Macron (bob's Macron)
   * are matched, R = 2/4; bob's Merkel and Macron, P = 2/3; F1 = 4/7. */
  g_assert_cmpuint (total->exact[0].n_reference, ==, 4);
  g_assert_cmpuint (total->exact[0].n_candidate, ==, 3);
  assert_printed (total->exact[0].precision, 3, "0.333");
  assert_printed (total->exact[0].recall, 3, "0.250");
  assert_printed (total->exact[0].f1, 6, "0.285714");
  assert_printed (total->overlap[0].precision, 3, "0.667");
  assert_printed (total->overlap[0].recall, 3, "0.500");
  assert_printed (total->overlap[0].f1, 6, "0.571429");

  /* PERSON alone: tags B/I/O with other labels as O. alice: B 2, I 2, O 6; bob: B 2, I 1,
   * O 7. They differ on Emmanuel and Macron: P_o = 0.8, P_e = (4 + 2 + 42) / 100 = 0.48,
   * κ = 0.32 / 0.52 = 0.615385. Fleiss: pooled 0.2, 0.15, 0.65, P̄_e = 0.485,
   * (0.8 - 0.485) / 0.515 = 0.611650. α: Σ n_c² = 16 + 9 + 169 = 194,
   * 1 - 19 × 4 / 206 = 0.631068. */
  person = gls_agreement_get_label_scores (agreement, per);
  assert_printed (person->cohen[0], 6, "0.615385");
  assert_printed (person->fleiss, 6, "0.611650");
  assert_printed (person->alpha, 6, "0.631068");
  assert_printed (person->exact[0].f1, 3, "0.500");     /* 1 of 2 and 1 of 2 */
  assert_printed (person->overlap[0].f1, 3, "1.000");
  /* GPE: alice's only B-GPE is O for bob: P_o = 0.9 = P_e, κ = 0. */
  gpe = gls_agreement_get_label_scores (agreement, gpe_l);
  assert_printed (gpe->cohen[0], 3, "0.000");
  g_assert_cmpuint (gpe->exact[0].n_candidate, ==, 0);
  assert_printed (gpe->exact[0].f1, 3, "0.000");

  /* α_U per label, continuum of 53 characters, two coders.
   * PERSON: alice 0–13, 18–33; bob 0–13, 27–33. Observed: (18-27)² + 0² = 81,
   *   D_o = 2 × 81 / (2 × 53²) = 81/2809 = 0.0288359. Expected: lengths 13, 15, 13, 6,
   *   N = 4, Σ l(l-1) = 552, Σ l(l-1)(2l-1)/3 = 4740, × (N - 1) = 14220; gaps 5, 20 (alice),
   *   14, 20 (bob); a 13 adds 169 × (8 + 2 + 8), the 15 225 × (6 + 6), the other 13 the
   *   same again, the 6 36 × (15 + 9 + 15): Σ = 10188. D_e = (2/53) × 24408 /
   *   (106 × 105 - 552) = 48816/560634 = 0.0870728; α_U = 1 - 45411354/137124144 = 0.668830.
   * GPE: alice 37–42 only; it lies in bob's gap: D_o = 25/2809 = 0.0089000; gaps 37, 11
   *   (alice), 53 (bob): 25 × (33 + 7 + 49) = 2225, D_e = (2/53) × 2225 / (11130 - 20)
   *   = 0.0075574; α_U = -0.177655. LOC, bob's 37–42 only, is the same.
   * DATE: alice 46–52: D_o = 36/2809 = 0.0128159; gaps 46, 1, 53: 36 × (41 + 48) = 3204,
   *   D_e = (2/53) × 3204 / (11130 - 30) = 0.0108924.
   * All labels: 1 - (0.0288359 + 2 × 0.0089000 + 0.0128159) /
   *   (0.0870728 + 2 × 0.0075574 + 0.0108924) = 1 - 0.0594518 / 0.1130800 = 0.474250. */
  assert_printed (person->alpha_u, 6, "0.668830");
  assert_printed (gpe->alpha_u, 6, "-0.177655");
  assert_printed (gls_agreement_get_label_scores (agreement, loc)->alpha_u, 6, "-0.177655");
  assert_printed (total->alpha_u, 6, "0.474250");

  /* Documents: the first has the project's numbers, the second none. */
  g_assert_cmpuint (gls_agreement_get_n_documents (agreement), ==, 2);
  g_assert_cmpint (gls_agreement_get_document_id (agreement, 0), ==, f->doc);
  assert_printed (gls_agreement_get_document_scores (agreement, 0)->cohen[0], 6, "0.428571");
  assert_printed (gls_agreement_get_document_scores (agreement, 0)->alpha_u, 3, "0.474");
  g_assert_true (gls_agreement_get_annotated (agreement, 1, 0));
  g_assert_false (gls_agreement_get_annotated (agreement, 1, 1));
  second_doc = gls_agreement_get_document_scores (agreement, 1);
  g_assert_cmpuint (second_doc->n_tokens, ==, 0);
  g_assert_true (isnan (second_doc->cohen[0]));
  g_assert_true (isnan (second_doc->alpha));
  g_assert_true (isnan (second_doc->alpha_u));
  g_assert_true (isnan (second_doc->exact[0].f1));

  /* Confusion, alice's labels down, bob's across. Same extent: Merkel PERSON/PERSON, Paris
   * GPE/LOC. Emmanuel Macron and Macron only overlap: PERSON/missing and missing/PERSON.
   * Monday: DATE/missing. */
  missing = gls_agreement_get_n_labels (agreement);
  gls_agreement_get_confusion_pair (agreement, &first, &other);
  g_assert_cmpuint (first, ==, 0);
  g_assert_cmpuint (other, ==, 1);
  g_assert_cmpuint (gls_agreement_get_confusion_count (agreement, per, per), ==, 1);
  g_assert_cmpuint (gls_agreement_get_confusion_count (agreement, gpe_l, loc), ==, 1);
  g_assert_cmpuint (gls_agreement_get_confusion_count (agreement, per, missing), ==, 1);
  g_assert_cmpuint (gls_agreement_get_confusion_count (agreement, missing, per), ==, 1);
  g_assert_cmpuint (gls_agreement_get_confusion_count (agreement, date, missing), ==, 1);
  g_assert_cmpuint (gls_agreement_get_confusion_count (agreement, gpe_l, gpe_l), ==, 0);
  g_assert_cmpuint (gls_agreement_get_confusion_count (agreement, missing, missing), ==, 0);

  cases = gls_agreement_get_confusion_cases (agreement, gpe_l, loc, &n_cases);
  g_assert_cmpuint (n_cases, ==, 1);
  g_assert_cmpint (cases[0].document_id, ==, f->doc);
  g_assert_cmpint (cases[0].reference_span, ==, f->alice_paris);
  g_assert_cmpint (cases[0].candidate_span, ==, f->bob_paris);
  g_assert_cmpint (cases[0].start, ==, 37);
  g_assert_cmpint (cases[0].end, ==, 42);
  cases = gls_agreement_get_confusion_cases (agreement, missing, per, &n_cases);
  g_assert_cmpuint (n_cases, ==, 1);
  g_assert_cmpint (cases[0].reference_span, ==, 0);
  g_assert_cmpint (cases[0].candidate_span, ==, f->bob_macron);
  g_assert_cmpint (cases[0].start, ==, 27);
  g_assert_cmpint (cases[0].end, ==, 33);
  cases = gls_agreement_get_confusion_cases (agreement, per, missing, &n_cases);
  g_assert_cmpuint (n_cases, ==, 1);
  g_assert_cmpint (cases[0].reference_span, ==, f->alice_macron);

  g_assert_finalize_object (g_steal_pointer (&agreement));
}

/* Three annotators, each article annotated by two of them: Fleiss has no token everyone
 * coded; alpha takes every pairable token, as the table function does on the same values. */
static void
test_project_missing (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsAgreement) agreement = NULL;
  const GlsAgreementScores *total;
  /* Categories, in label order PERSON, GPE, LOC, DATE: O 0, B-PERSON 1, I-PERSON 2,
   * B-GPE 3, B-LOC 5, B-DATE 7. Units: the 10 tokens of the first article, then the 6 of
   * the second (Olaf | Scholz | flew | to | Warsaw | .). carol annotated the second only:
   * "Olaf Scholz" PERSON, "Warsaw" LOC; alice there: PERSON, GPE. */
  const int _ = -1;
  const int values[3 * 16] = {
    1, 2, 0, 1, 2, 0, 3, 0, 7, 0,   1, 2, 0, 0, 3, 0,
    1, 2, 0, 0, 1, 0, 5, 0, 0, 0,   _, _, _, _, _, _,
    _, _, _, _, _, _, _, _, _, _,   1, 2, 0, 0, 5, 0,
  };

  gls_project_set_annotator (f->project, "carol");
  add_span (f, f->doc2, second, "Olaf Scholz", "PERSON");
  add_span (f, f->doc2, second, "Warsaw", "LOC");

  agreement = gls_agreement_compute (f->project, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  total = gls_agreement_get_total (agreement);
  g_assert_cmpuint (gls_agreement_get_n_pairs (agreement), ==, 3);
  g_assert_cmpuint (total->n_documents, ==, 2);
  g_assert_cmpuint (total->n_documents_by_all, ==, 0);
  g_assert_cmpuint (total->n_tokens, ==, 16);
  g_assert_true (isnan (total->fleiss));
  g_assert_true (isnan (total->alpha_u));
  g_assert_cmpfloat_with_epsilon (total->alpha,
                                  gls_agreement_krippendorff_alpha (values, 3, 16, 9), 1e-12);
  /* alice–bob as before; alice–carol differ only on Warsaw: P_o = 5/6, alice O 3, B-PER 1,
   * I-PER 1, B-GPE 1; carol O 3, B-PER 1, I-PER 1, B-LOC 1: P_e = 11/36,
   * κ = (30/36 - 11/36) / (25/36) = 0.76; bob–carol share no article: undefined. */
  assert_printed (total->cohen[0], 6, "0.428571");
  assert_printed (total->cohen[1], 6, "0.760000");
  g_assert_true (isnan (total->cohen[2]));
  assert_printed (total->cohen_mean, 6, "0.594286");
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *unknown[] = { "alice", "zed", NULL };
  const char *one[] = { "alice", NULL };
  const char *twice[] = { "alice", "alice", NULL };
  const char *pair[] = { "bob", "alice", NULL };
  gint64 wrong_document = 9999;
  GlsAgreementOptions options = { .documents = &wrong_document, .n_documents = 1 };
  g_autoptr(GlsAgreement) agreement = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  g_assert_null (gls_agreement_compute (f->project, unknown, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, f->path));
  g_assert_nonnull (strstr (error->message, "zed"));
  g_clear_error (&error);

  g_assert_null (gls_agreement_compute (f->project, one, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, f->path));
  g_clear_error (&error);

  g_assert_null (gls_agreement_compute (f->project, twice, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_null (gls_agreement_compute (f->project, NULL, &options, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_cancellable_cancel (cancellable);
  g_assert_null (gls_agreement_compute (f->project, NULL, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Only the second article, which bob did not annotate: nothing to compare, but no error. */
  options.documents = &f->doc2;
  agreement = gls_agreement_compute (f->project, pair, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gls_agreement_get_annotator (agreement, 0), ==, "bob");
  g_assert_cmpuint (gls_agreement_get_total (agreement)->n_documents, ==, 0);
  g_assert_true (isnan (gls_agreement_get_total (agreement)->cohen_mean));
}

/* ------------------------------------------------------------------------------------------ */
/* Random projects against the definitions, brute force                                         */

static const char *random_words[] = {
  "the", "talks", "in", "Москва", "Zoë", "Müller", "🚀", "don't", "U.S.", "3.5", "e.g.", ",",
  ".", "officials", "said", "Sochi", "Pompeo", "met", "Lavrov", "👍🏽", "on", "Monday",
};
static const char *random_labels[] = { "PERSON", "ORG", "GPE" };
static const char *random_annotators[] = { "ann", "ben", "cat", NULL };

typedef struct
{
  guint annotator;
  guint label;
  gint64 id;
  guint n_fragments;
  GlsFragment fragments[2];
} BruteSpan;

static guint
label_of (GlsAgreement *agreement,
          GlsProject   *project,
          gint64        label_id)
{
  return label_index (agreement, gls_label_get_name (gls_project_lookup_label (project, label_id)));
}

static gboolean
brute_share (const BruteSpan *x,
             const BruteSpan *y)
{
  for (guint i = 0; i < x->n_fragments; i++)
    for (guint j = 0; j < y->n_fragments; j++)
      if (x->fragments[i].start < y->fragments[j].end &&
          y->fragments[j].start < x->fragments[i].end)
        return TRUE;
  return FALSE;
}

static gboolean
brute_same (const BruteSpan *x,
            const BruteSpan *y)
{
  if (x->n_fragments != y->n_fragments)
    return FALSE;
  for (guint i = 0; i < x->n_fragments; i++)
    if (x->fragments[i].start != y->fragments[i].start ||
        x->fragments[i].end != y->fragments[i].end)
      return FALSE;
  return TRUE;
}

/* The CoNLL export's rule, the slow way: contiguous spans by start, longer first, then id; one
 * is kept when it starts at or after the end of every span kept before it. */
static void
brute_tags (const BruteSpan *spans,
            guint            n_spans,
            guint            annotator,
            const GlsToken  *tokens,
            guint            n_tokens,
            int             *tags)
{
  g_autofree gboolean *done = g_new0 (gboolean, n_spans + 1);
  gint64 last_end = G_MININT64;

  for (guint t = 0; t < n_tokens; t++)
    tags[t] = 0;
  for (;;)
    {
      const BruteSpan *best = NULL;
      guint best_i = 0;
      gboolean first = TRUE;

      for (guint i = 0; i < n_spans; i++)
        {
          const BruteSpan *s = &spans[i];

          if (done[i] || s->annotator != annotator || s->n_fragments != 1)
            continue;
          if (best == NULL || s->fragments[0].start < best->fragments[0].start ||
              (s->fragments[0].start == best->fragments[0].start &&
               (s->fragments[0].end > best->fragments[0].end ||
                (s->fragments[0].end == best->fragments[0].end && s->id < best->id))))
            {
              best = s;
              best_i = i;
            }
        }
      if (best == NULL)
        break;
      done[best_i] = TRUE;
      if (best->fragments[0].start < last_end)
        continue;
      last_end = best->fragments[0].end;
      for (guint t = 0; t < n_tokens; t++)
        if (tokens[t].start < best->fragments[0].end && tokens[t].end > best->fragments[0].start)
          {
            tags[t] = 2 * (int)best->label + (first ? 1 : 2);
            first = FALSE;
          }
    }
}

static void
brute_prf_counts (const BruteSpan *spans,
                  guint            n_spans,
                  guint            a,
                  guint            b,
                  guint           *exact,
                  guint           *overlap)
{
  for (guint i = 0; i < n_spans; i++)
    {
      gboolean is_a = spans[i].annotator == a;
      gboolean exact_match = FALSE, overlap_match = FALSE;

      if (spans[i].annotator != a && spans[i].annotator != b)
        continue;
      for (guint j = 0; j < n_spans; j++)
        if (spans[j].annotator == (is_a ? b : a) && spans[j].label == spans[i].label)
          {
            exact_match |= brute_same (&spans[i], &spans[j]);
            overlap_match |= brute_share (&spans[i], &spans[j]);
          }
      exact[is_a ? 0 : 1]++;
      overlap[is_a ? 0 : 1]++;
      exact[is_a ? 2 : 3] += exact_match;
      overlap[is_a ? 2 : 3] += overlap_match;
    }
}

static void
assert_same_score (double got,
                   double expected)
{
  if (isnan (expected))
    g_assert_true (isnan (got));
  else
    g_assert_cmpfloat_with_epsilon (got, expected, 1e-9);
}

/* What the brute force gathers over a random project's documents. */
typedef struct
{
  GlsProject *project;
  GlsAgreement *agreement;
  guint n_labels;
  guint n_categories;
  GArray *values;            /* int: [token][coder], -1 missing, every compared document */
  GArray *fleiss;            /* guint: [token][category], documents all three annotated */
  GArray *units;             /* GlsAgreementUnit: those documents end to end */
  gint64 continuum;
  guint64 *tables[3];        /* per pair, the tag table */
  guint64 exact[3][4];
  guint64 overlap[3][4];
  guint *confusion;          /* (n_labels + 1)² */
  guint n_compared;
  guint n_by_all;
  guint n_discontinuous;
} Brute;

/* A random project: 1–5 articles of words with accents, Cyrillic and emoji; three annotators
 * who label random character ranges (some discontinuous, nested, overlapping, or on white
 * space); after the first article each skips some. */
static GlsProject *
make_random_project (GRand      *rand,
                     const char *dir)
{
  g_autoptr(GError) error = NULL;
  GlsProject *project = gls_test_create_project (dir, "random.glossator");
  g_autoptr(GlsImport) import = gls_import_begin (project, "random", &error);
  guint n_documents = g_rand_int_range (rand, 1, 6);

  g_assert_no_error (error);
  for (guint d = 0; d < n_documents; d++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      guint n_words = g_rand_int_range (rand, 5, 60);
      gint64 id, length;

      for (guint w = 0; w < n_words; w++)
        {
          const char *space = w == 0 ? "" : g_rand_int_range (rand, 0, 9) ? " " : "\n\n";
          guint word = g_rand_int_range (rand, 0, G_N_ELEMENTS (random_words));

          g_string_append_printf (text, "%s%s", space, random_words[word]);
        }
      id = gls_import_add_document (import, NULL, text->str, -1, NULL, &error);
      g_assert_no_error (error);
      length = gls_import_get_document_length (import, id, &error);
      g_assert_no_error (error);

      for (guint a = 0; random_annotators[a] != NULL; a++)
        {
          guint n_spans = d > 0 && g_rand_int_range (rand, 0, 4) == 0
                          ? 0 : g_rand_int_range (rand, 1, 12);

          for (guint k = 0; k < n_spans; k++)
            {
              GlsFragment fragments[2];
              guint n_fragments = g_rand_int_range (rand, 0, 6) == 0 ? 2 : 1;
              gint64 start = g_rand_int_range (rand, 0, (gint32)length);
              gint64 width = g_rand_int_range (rand, 1, 14);
              gint64 gap = g_rand_int_range (rand, 1, 6);
              gint64 width2 = g_rand_int_range (rand, 1, 8);

              /* (MIN() evaluates its arguments twice: no random numbers in it.) */
              fragments[0].start = start;
              fragments[0].end = MIN (length, start + width);
              fragments[1].start = MIN (length - 1, fragments[0].end + gap);
              fragments[1].end = MIN (length, fragments[1].start + width2);
              if (fragments[1].start <= fragments[0].end)
                n_fragments = 1;
              gls_import_add_span (import, id, fragments, n_fragments,
                                   random_labels[g_rand_int_range (rand, 0, 3)],
                                   random_annotators[a], NULL, NULL, NULL, &error);
              g_assert_no_error (error);
            }
        }
    }
  g_assert_true (gls_import_commit (import, &error));
  return project;
}

/* One document's spans through the public API. */
static GArray *
brute_spans (Brute  *brute,
             gint64  document_id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = gls_project_list_spans (brute->project, document_id, &error);
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (BruteSpan));

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (list, i);
      BruteSpan b = { 0 };

      while (g_strcmp0 (gls_span_get_annotator (span),
                        gls_agreement_get_annotator (brute->agreement, b.annotator)) != 0)
        b.annotator++;
      b.label = label_of (brute->agreement, brute->project, gls_span_get_label_id (span));
      b.id = gls_span_get_id (span);
      b.n_fragments = gls_span_get_n_fragments (span);
      g_assert_cmpuint (b.n_fragments, <=, 2);
      memcpy (b.fragments, gls_span_get_fragments (span), sizeof (GlsFragment) * b.n_fragments);
      brute->n_discontinuous += b.n_fragments > 1;
      g_array_append_val (spans, b);
    }
  return spans;
}

/* Same extent, same label first, then in label order; the rest against "missing". */
static void
brute_confusion (Brute        *brute,
                 const GArray *spans)
{
  g_autofree gboolean *used = g_new0 (gboolean, spans->len + 1);
  guint n = brute->n_labels + 1, missing = brute->n_labels;

  for (int pass = 0; pass < 2; pass++)
    for (guint l = 0; l < brute->n_labels; l++)
      for (guint i = 0; i < spans->len; i++)
        {
          const BruteSpan *x = &g_array_index (spans, BruteSpan, i);
          const BruteSpan *best = NULL;
          guint best_j = 0;

          if (x->annotator != 0 || x->label != l || used[i])
            continue;
          for (guint j = 0; j < spans->len; j++)
            {
              const BruteSpan *y = &g_array_index (spans, BruteSpan, j);

              if (y->annotator != 1 || used[j] || !brute_same (x, y) ||
                  (pass == 0 && y->label != x->label))
                continue;
              if (best == NULL || y->label < best->label)
                {
                  best = y;
                  best_j = j;
                }
            }
          if (best != NULL)
            {
              used[i] = used[best_j] = TRUE;
              brute->confusion[x->label * n + best->label]++;
            }
        }
  for (guint i = 0; i < spans->len; i++)
    {
      const BruteSpan *x = &g_array_index (spans, BruteSpan, i);

      if (!used[i] && x->annotator == 0)
        brute->confusion[x->label * n + missing]++;
      else if (!used[i] && x->annotator == 1)
        brute->confusion[missing * n + x->label]++;
    }
}

/* Every score of document @d, recomputed from its spans with the table functions. */
static void
brute_document (Brute *brute,
                guint  d)
{
  g_autoptr(GError) error = NULL;
  gint64 id = gls_agreement_get_document_id (brute->agreement, d);
  g_autofree char *text = gls_project_load_text (brute->project, id, &error);
  g_autoptr(GArray) spans = brute_spans (brute, id);
  g_autoptr(GArray) bounds = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
  g_autoptr(GArray) units = g_array_new (FALSE, FALSE, sizeof (GlsAgreementUnit));
  g_autoptr(GArray) tokens = NULL;
  g_autofree int *tags = NULL;
  g_autofree int *values = NULL;
  const GlsAgreementScores *scores = gls_agreement_get_document_scores (brute->agreement, d);
  gint64 length = gls_document_get_length (gls_project_lookup_document (brute->project, id));
  gboolean present[3] = { FALSE, FALSE, FALSE };
  guint n_present = 0, coder_of[3], n_tokens, c = brute->n_categories;

  g_assert_no_error (error);
  for (guint i = 0; i < spans->len; i++)
    {
      const BruteSpan *b = &g_array_index (spans, BruteSpan, i);

      g_array_append_vals (bounds, b->fragments, b->n_fragments);
      present[b->annotator] = TRUE;
    }
  for (guint a = 0; a < 3; a++)
    {
      g_assert_cmpint (present[a], ==, gls_agreement_get_annotated (brute->agreement, d, a));
      coder_of[a] = n_present;
      n_present += present[a];
    }
  if (n_present < 2)
    {
      g_assert_cmpuint (scores->n_tokens, ==, 0);
      return;
    }
  brute->n_compared++;
  brute->n_by_all += n_present == 3;

  /* Tokens and tags; alpha from the value matrix. */
  tokens = gls_tokenize (text, -1, (const GlsFragment *)(gpointer)bounds->data, bounds->len);
  n_tokens = tokens->len;
  g_assert_cmpuint (scores->n_tokens, ==, n_tokens);
  tags = g_new0 (int, 3 * n_tokens + 1);
  values = g_new (int, n_present * n_tokens + 1);
  for (guint a = 0; a < 3; a++)
    if (present[a])
      {
        brute_tags ((const BruteSpan *)(gpointer)spans->data, spans->len, a,
                    (const GlsToken *)(gpointer)tokens->data, n_tokens, tags + a * n_tokens);
        memcpy (values + coder_of[a] * n_tokens, tags + a * n_tokens, sizeof (int) * n_tokens);
      }
  assert_same_score (scores->alpha,
                     gls_agreement_krippendorff_alpha (values, n_present, n_tokens, c));
  for (guint t = 0; t < n_tokens; t++)
    for (guint a = 0; a < 3; a++)
      {
        int value = present[a] ? tags[a * n_tokens + t] : -1;
        g_array_append_val (brute->values, value);
      }
  if (n_present == 3)
    for (guint t = 0; t < n_tokens; t++)
      {
        guint offset = brute->fleiss->len;

        g_array_set_size (brute->fleiss, offset + c);
        memset (&g_array_index (brute->fleiss, guint, offset), 0, sizeof (guint) * c);
        for (guint a = 0; a < 3; a++)
          g_array_index (brute->fleiss, guint, offset + tags[a * n_tokens + t])++;
      }

  /* Cohen and the span matches, pair by pair. */
  for (guint a = 0, p = 0; a < 3; a++)
    for (guint b = a + 1; b < 3; b++, p++)
      {
        g_autofree guint64 *table = g_new0 (guint64, c * c);
        guint exact[4] = { 0 }, overlap[4] = { 0 };

        if (!present[a] || !present[b])
          {
            g_assert_true (isnan (scores->cohen[p]));
            continue;
          }
        for (guint t = 0; t < n_tokens; t++)
          {
            table[tags[a * n_tokens + t] * c + tags[b * n_tokens + t]]++;
            brute->tables[p][tags[a * n_tokens + t] * c + tags[b * n_tokens + t]]++;
          }
        assert_same_score (scores->cohen[p], gls_agreement_cohen_kappa (table, c));

        brute_prf_counts ((const BruteSpan *)(gpointer)spans->data, spans->len, a, b,
                          exact, overlap);
        g_assert_cmpuint (scores->exact[p].n_reference, ==, exact[0]);
        g_assert_cmpuint (scores->exact[p].n_candidate, ==, exact[1]);
        g_assert_cmpuint (scores->exact[p].matched_reference, ==, exact[2]);
        g_assert_cmpuint (scores->exact[p].matched_candidate, ==, exact[3]);
        g_assert_cmpuint (scores->overlap[p].matched_reference, ==, overlap[2]);
        g_assert_cmpuint (scores->overlap[p].matched_candidate, ==, overlap[3]);
        for (guint k = 0; k < 4; k++)
          {
            brute->exact[p][k] += exact[k];
            brute->overlap[p][k] += overlap[k];
          }
      }

  /* α_U of the document; the project's continuum takes those all three annotated. */
  for (guint i = 0; i < spans->len; i++)
    {
      const BruteSpan *b = &g_array_index (spans, BruteSpan, i);

      for (guint f = 0; f < b->n_fragments; f++)
        {
          GlsAgreementUnit unit = { coder_of[b->annotator], b->label,
                                    b->fragments[f].start, b->fragments[f].end };

          g_array_append_val (units, unit);
          if (n_present == 3)
            {
              unit.start += brute->continuum;
              unit.end += brute->continuum;
              g_array_append_val (brute->units, unit);
            }
        }
    }
  assert_same_score (scores->alpha_u,
                     gls_agreement_unitizing_alpha ((const GlsAgreementUnit *)(gpointer)units->data,
                                                    units->len, n_present, 0, length, -1,
                                                    NULL, NULL));
  if (n_present == 3)
    brute->continuum += length;

  if (present[0] && present[1])
    brute_confusion (brute, spans);
}

/* The project's scores against what the documents gathered. */
static void
brute_project (Brute *brute)
{
  const GlsAgreementScores *total = gls_agreement_get_total (brute->agreement);
  const GlsAgreementUnit *units = (const GlsAgreementUnit *)(gpointer)brute->units->data;
  guint n_units = brute->values->len / 3, n = brute->n_labels + 1;
  g_autofree int *values = g_new (int, brute->values->len + 1);

  for (guint u = 0; u < n_units; u++)
    for (guint c = 0; c < 3; c++)
      values[c * n_units + u] = g_array_index (brute->values, int, u * 3 + c);
  assert_same_score (total->alpha,
                     gls_agreement_krippendorff_alpha (values, 3, n_units, brute->n_categories));
  assert_same_score (total->fleiss,
                     gls_agreement_fleiss_kappa ((const guint *)(gpointer)brute->fleiss->data,
                                                 brute->fleiss->len / brute->n_categories,
                                                 brute->n_categories));
  assert_same_score (total->alpha_u,
                     gls_agreement_unitizing_alpha (units, brute->units->len, 3, 0,
                                                    brute->continuum, -1, NULL, NULL));
  for (guint l = 0; l < brute->n_labels; l++)
    assert_same_score (gls_agreement_get_label_scores (brute->agreement, l)->alpha_u,
                       gls_agreement_unitizing_alpha (units, brute->units->len, 3, 0,
                                                      brute->continuum, (int)l, NULL, NULL));
  for (guint p = 0; p < 3; p++)
    {
      assert_same_score (total->cohen[p],
                         gls_agreement_cohen_kappa (brute->tables[p], brute->n_categories));
      g_assert_cmpuint (total->exact[p].matched_reference, ==, brute->exact[p][2]);
      g_assert_cmpuint (total->exact[p].matched_candidate, ==, brute->exact[p][3]);
      g_assert_cmpuint (total->overlap[p].matched_reference, ==, brute->overlap[p][2]);
      g_assert_cmpuint (total->overlap[p].matched_candidate, ==, brute->overlap[p][3]);
    }
  for (guint r = 0; r < n; r++)
    for (guint c = 0; c < n; c++)
      g_assert_cmpuint (gls_agreement_get_confusion_count (brute->agreement, r, c), ==,
                        brute->confusion[r * n + c]);
}

/* The same numbers when the annotators are named and the documents listed (the spans are
 * then read document by document rather than in one pass). */
static void
same_as_by_query (Brute *brute)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsAgreement) again = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GlsAgreementOptions options = { 0 };
  const GlsAgreementScores *a = gls_agreement_get_total (brute->agreement), *b;
  guint n = brute->n_labels + 1;

  for (guint d = 0; d < gls_agreement_get_n_documents (brute->agreement); d++)
    {
      gint64 id = gls_agreement_get_document_id (brute->agreement, d);
      g_array_append_val (ids, id);
    }
  options.documents = (const gint64 *)(gpointer)ids->data;
  options.n_documents = ids->len;
  again = gls_agreement_compute (brute->project, random_annotators, &options, NULL, &error);
  g_assert_no_error (error);
  b = gls_agreement_get_total (again);
  assert_same_score (b->alpha, a->alpha);
  assert_same_score (b->fleiss, a->fleiss);
  assert_same_score (b->alpha_u, a->alpha_u);
  for (guint p = 0; p < 3; p++)
    {
      assert_same_score (b->cohen[p], a->cohen[p]);
      assert_same_score (b->overlap[p].f1, a->overlap[p].f1);
    }
  for (guint r = 0; r < n; r++)
    for (guint c = 0; c < n; c++)
      g_assert_cmpuint (gls_agreement_get_confusion_count (again, r, c), ==,
                        gls_agreement_get_confusion_count (brute->agreement, r, c));
}

/* Random projects, every number compared with the definitions applied the slow way: tags
 * from the CoNLL rule, coefficients from the table functions, matches by trying every pair. */
static void
test_project_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1971);
  guint n_rounds = g_test_slow () ? 300 : 12;
  guint n_compared = 0, n_by_all = 0, n_discontinuous = 0;

  for (guint round = 0; round < n_rounds; round++)
    {
      g_autofree char *dir = gls_test_make_tmp_dir ("glossator-agreement-XXXXXX");
      g_autoptr(GError) error = NULL;
      Brute brute = { 0 };

      brute.project = make_random_project (rand, dir);
      brute.agreement = gls_agreement_compute (brute.project, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (gls_agreement_get_n_annotators (brute.agreement), ==, 3);
      brute.n_labels = gls_agreement_get_n_labels (brute.agreement);
      brute.n_categories = 2 * brute.n_labels + 1;
      brute.values = g_array_new (FALSE, FALSE, sizeof (int));
      brute.fleiss = g_array_new (FALSE, FALSE, sizeof (guint));
      brute.units = g_array_new (FALSE, FALSE, sizeof (GlsAgreementUnit));
      for (guint p = 0; p < 3; p++)
        brute.tables[p] = g_new0 (guint64, brute.n_categories * brute.n_categories);
      brute.confusion = g_new0 (guint, (brute.n_labels + 1) * (brute.n_labels + 1));

      for (guint d = 0; d < gls_agreement_get_n_documents (brute.agreement); d++)
        brute_document (&brute, d);
      brute_project (&brute);
      same_as_by_query (&brute);
      n_compared += brute.n_compared;
      n_by_all += brute.n_by_all;
      n_discontinuous += brute.n_discontinuous;

      g_array_unref (brute.values);
      g_array_unref (brute.fleiss);
      g_array_unref (brute.units);
      for (guint p = 0; p < 3; p++)
        g_free (brute.tables[p]);
      g_free (brute.confusion);
      g_clear_object (&brute.agreement);
      g_clear_object (&brute.project);
      gls_test_remove_tree (dir);
    }
  g_test_message ("%u documents compared, %u of them by all three; %u discontinuous spans",
                  n_compared, n_by_all, n_discontinuous);
  g_assert_cmpuint (n_by_all, >, 0);
  g_assert_cmpuint (n_by_all, <, n_compared);
  g_assert_cmpuint (n_discontinuous, >, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* glossator-cli agreement                                                                      */

static double
json_score (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  g_assert_nonnull (node);
  return JSON_NODE_HOLDS_NULL (node) ? NAN : json_node_get_double (node);
}

static void
test_cli (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(CliResult) text = NULL;
  g_autoptr(CliResult) json = NULL;
  g_autoptr(CliResult) with_cases = NULL;
  g_autoptr(CliResult) unknown = NULL;
  g_autoptr(CliResult) one = NULL;
  g_autoptr(CliResult) usage = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root, *overall, *labels, *person, *confusion;
  JsonArray *matrix, *documents, *cases;
  guint n_gpe = 0;

  /* The CLI opens the file read-only: let go of ours first. */
  g_clear_object (&f->project);

  text = cli_run (NULL, "agreement", f->path, NULL);
  g_assert_cmpstr (text->err, ==, "");
  g_assert_cmpint (text->status, ==, 0);
  g_assert_nonnull (strstr (text->out, "alice"));
  g_assert_nonnull (strstr (text->out, "PERSON"));
  g_assert_nonnull (strstr (text->out, "0.429"));   /* κ */
  g_assert_nonnull (strstr (text->out, "0.412"));   /* Fleiss */
  g_assert_nonnull (strstr (text->out, "0.441"));   /* α */
  g_assert_nonnull (strstr (text->out, "0.474"));   /* α_U */
  g_assert_nonnull (strstr (text->out, "0.286"));   /* exact F1 */
  g_assert_nonnull (strstr (text->out, "0.571"));   /* overlap F1 */
  g_assert_nonnull (strstr (text->out, "missing"));

  json = cli_run (NULL, "agreement", f->path, "--annotators", "alice,bob", "--json", NULL);
  g_assert_cmpstr (json->err, ==, "");
  g_assert_cmpint (json->status, ==, 0);
  json_parser_load_from_data (parser, json->out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_array_get_string_element (
                     json_object_get_array_member (root, "annotators"), 1), ==, "bob");
  overall = json_object_get_object_member (root, "overall");
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (
                                    json_object_get_array_member (overall, "kappa"), 0),
                                  0.3 / 0.7, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_score (overall, "fleiss_kappa"), 0.28 / 0.68, 1e-12);
  g_assert_cmpfloat_with_epsilon (json_score (overall, "alpha"), 1 - 152.0 / 272, 1e-12);
  g_assert_cmpint (json_object_get_int_member (overall, "tokens"), ==, 10);
  labels = json_object_get_object_member (root, "labels");
  person = json_object_get_object_member (labels, "PERSON");
  g_assert_cmpfloat_with_epsilon (json_array_get_double_element (
                                    json_object_get_array_member (person, "kappa"), 0),
                                  0.32 / 0.52, 1e-12);
  /* Undefined values are null: in the second article there is no pair to compare. */
  documents = json_object_get_array_member (root, "documents");
  g_assert_cmpuint (json_array_get_length (documents), ==, 2);
  g_assert_true (JSON_NODE_HOLDS_NULL (json_array_get_element (
    json_object_get_array_member (json_array_get_object_element (documents, 1), "kappa"), 0)));
  confusion = json_object_get_object_member (root, "confusion");
  g_assert_cmpstr (json_object_get_string_member (confusion, "reference"), ==, "alice");
  matrix = json_object_get_array_member (confusion, "matrix");
  g_assert_cmpuint (json_array_get_length (matrix), ==, 5);   /* 4 labels and missing */
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (matrix, 0), 0),
                   ==, 1);   /* PERSON/PERSON */
  g_assert_cmpint (json_array_get_int_element (json_array_get_array_element (matrix, 0), 4),
                   ==, 1);   /* PERSON/missing */
  g_assert_false (json_object_has_member (confusion, "cases"));

  /* --cases lists where each cell's spans are. */
  with_cases = cli_run (NULL, "agreement", f->path, "--json", "--cases", NULL);
  g_assert_cmpint (with_cases->status, ==, 0);
  json_parser_load_from_data (parser, with_cases->out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  cases = json_object_get_array_member (json_object_get_object_member (root, "confusion"),
                                        "cases");
  g_assert_cmpuint (json_array_get_length (cases), ==, 5);
  for (guint i = 0; i < json_array_get_length (cases); i++)
    {
      JsonObject *c = json_array_get_object_element (cases, i);

      if (g_strcmp0 (json_object_get_string_member (c, "reference_label"), "GPE") == 0)
        {
          g_assert_cmpstr (json_object_get_string_member (c, "candidate_label"), ==, "LOC");
          g_assert_cmpint (json_object_get_int_member (c, "start"), ==, 37);
          g_assert_cmpint (json_object_get_int_member (c, "end"), ==, 42);
          n_gpe++;
        }
    }
  g_assert_cmpuint (n_gpe, ==, 1);

  unknown = cli_run (NULL, "agreement", f->path, "--annotators", "alice,zed", NULL);
  g_assert_cmpint (unknown->status, ==, 1);
  g_assert_cmpstr (unknown->out, ==, "");
  g_assert_true (g_str_has_prefix (unknown->err, "glossator-cli: "));
  g_assert_nonnull (strstr (unknown->err, f->path));
  g_assert_nonnull (strstr (unknown->err, "zed"));

  one = cli_run (NULL, "agreement", f->path, "--annotators", "alice", NULL);
  g_assert_cmpint (one->status, ==, 1);
  g_assert_cmpstr (one->out, ==, "");
  g_assert_true (g_str_has_prefix (one->err, "glossator-cli: "));
  g_assert_nonnull (strstr (one->err, f->path));
  g_assert_nonnull (strstr (one->err, "two or more annotators"));

  usage = cli_run (NULL, "agreement", NULL);
  g_assert_cmpint (usage->status, ==, 2);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agreement/cohen/artstein-poesio", test_cohen_artstein_poesio);
  g_test_add_func ("/agreement/fleiss/wikipedia", test_fleiss_wikipedia);
  g_test_add_func ("/agreement/krippendorff/missing-values", test_krippendorff_missing);
  g_test_add_func ("/agreement/unitizing/krippendorff-2004", test_unitizing_krippendorff_2004);
  g_test_add_func ("/agreement/unitizing/krippendorff-1995", test_unitizing_krippendorff_1995);
  g_test_add_func ("/agreement/unitizing/hand", test_unitizing_hand);
  g_test_add_func ("/agreement/unitizing/brute-force", test_unitizing_brute_force);
  g_test_add_func ("/agreement/spans/precision-recall", test_span_prf);
  g_test_add ("/agreement/project/two-annotators", Fixture, NULL, fixture_set_up, test_project,
              fixture_tear_down);
  g_test_add ("/agreement/project/missing-annotators", Fixture, NULL, fixture_set_up,
              test_project_missing, fixture_tear_down);
  g_test_add ("/agreement/project/errors", Fixture, NULL, fixture_set_up, test_errors,
              fixture_tear_down);
  g_test_add_func ("/agreement/project/random", test_project_random);
  g_test_add ("/agreement/cli", Fixture, NULL, fixture_set_up, test_cli, fixture_tear_down);

  return g_test_run ();
}
