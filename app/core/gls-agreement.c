/* gls-agreement.c — inter-annotator agreement over a project
 *
 * Who takes part. The annotators asked for (all that have a span in the compared documents
 * when none are named). An annotator *annotated a document* when they have at least one span
 * in it, of any label, even one the token measures leave out. The document's status cannot
 * say it: it is one status per document, not per annotator. An annotator who did not
 * annotate a document is *missing* there: they give no values for its tokens and no spans
 * (they are not counted as having tagged every token "O"). A document that fewer than two
 * annotators annotated is compared by nothing.
 *
 * Tokens. Each compared document is tokenized once (gls_tokenize(), the tokenizer of the
 * CoNLL export) with the start and end of every fragment of every span of the annotators who
 * annotated it as boundaries, so every annotator sees the same tokens. Each annotator's
 * spans become IOB2 tags as the CoNLL export makes them (gls-tagging.c): discontinuous spans
 * are left out, spans are taken by start, longer first, and one is kept when it shares no
 * character with a span kept before it; a kept span tags the tokens it covers B-X, I-X…;
 * every other token is O. The categories are the tags themselves (O, B-X, I-X for each label
 * X), so B-PER against I-PER is a disagreement. Per label X, every tag of another label
 * counts as O (three categories: B-X, I-X, O).
 *
 *  - Cohen's kappa, for each pair of annotators, over the tokens of the documents both
 *    annotated: (P_o - P_e) / (1 - P_e) with P_e from each annotator's own tag distribution.
 *    The mean is over the pairs where it is defined.
 *  - Fleiss' kappa, over the tokens of the documents every annotator annotated (Fleiss 1971:
 *    P̄ from agreeing rater pairs per token, P̄_e from the pooled tag distribution).
 *  - Krippendorff's alpha, nominal, over the tokens of every document two or more annotators
 *    annotated; a token is a unit, missing annotators give no value (coincidence matrix with
 *    the 1 / (m_u - 1) weights of Krippendorff 2011).
 *
 * Characters. Krippendorff's unitizing alpha α_U (Krippendorff 1995, 2004) as DKPro
 * Statistics' KrippendorffAlphaUnitizingAgreement computes it: the continuum is the text in
 * characters (code points), the units of a label are the fragments of each annotator's spans
 * of that label (taken by start, longer first; one that overlaps a fragment of the same
 * annotator and label kept before it is left out), everything else is gap. Per label the
 * observed and expected disagreements give 1 - D_o/D_e; all labels together use the mean D_o
 * over the mean D_e of the labels that have units. Per document the coders are the
 * annotators who annotated it; for the project, the documents every annotator annotated,
 * one after another in project order as one continuum (DKPro has one continuum).
 *
 * Spans. For each pair (the first as reference), over the documents both annotated, every
 * span (discontinuous ones included) counts once: an exact match has the same fragments and
 * label; an overlap match has the same label and a character in common. Precision = matched
 * candidate spans / candidate spans, recall = matched reference spans / reference spans
 * (micro over spans, as conlleval; an overlap match is not one-to-one), F1 = 2PR / (P + R).
 *
 * Confusion matrix. Between two annotators, over the documents both annotated: spans with
 * the same extent (the same fragments) are paired, same label first, then the rest in label
 * order; a span left without a partner goes to the "missing" column (the reference's) or row
 * (the candidate's). Spans that only overlap are not paired: each is counted as missing its
 * partner. Every cell keeps its cases (document, span ids, offsets).
 *
 * Cost: in one read transaction, one pass over the span index (integers, no span objects),
 * one query per document for its text, one tokenization, and a few passes over arrays reused
 * from one document to the next; nothing is allocated per token or per span.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-agreement"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gls-agreement.h"
#include "gls-document.h"
#include "gls-error.h"
#include "gls-label.h"
#include "gls-project.h"
#include "gls-project-private.h"
#include "gls-review.h"
#include "gls-span.h"
#include "gls-tokenizer.h"

#define MAX_ANNOTATORS 64

/* ------------------------------------------------------------------------------------------ */
/* Coefficients from counts: what gls_agreement_compute() and the table functions share.        */

/* @n items, @disagree of them coded differently, @chance = Σ_c row_c × column_c. */
static double
cohen_from_counts (double n,
                   double disagree,
                   double chance)
{
  double n2 = n * n;

  if (n <= 0 || chance >= n2)
    return NAN;
  return (n * (n - disagree) - chance) / (n2 - chance);
}

/* @n items each coded by @m raters; @disagree = Σ over items of the rater pairs that
 * disagree; @marginals: per category, how often it was given in all. */
static double
fleiss_from_counts (double        n,
                    double        m,
                    double        disagree,
                    const double *marginals,
                    guint         n_categories)
{
  double p_bar, p_e = 0;

  if (n <= 0 || m < 2)
    return NAN;
  p_bar = 1 - 2 * disagree / (n * m * (m - 1));
  for (guint c = 0; c < n_categories; c++)
    {
      double p = marginals[c] / (n * m);
      p_e += p * p;
    }
  if (p_e >= 1)
    return NAN;
  return (p_bar - p_e) / (1 - p_e);
}

/* @off_diagonal = Σ_{c≠k} o_ck of the coincidence matrix; @marginals: n_c. */
static double
alpha_from_counts (double        off_diagonal,
                   const double *marginals,
                   guint         n_categories)
{
  double n = 0, squares = 0, expected;

  for (guint c = 0; c < n_categories; c++)
    {
      n += marginals[c];
      squares += marginals[c] * marginals[c];
    }
  expected = n * n - squares;
  if (n < 2 || expected <= 0)
    return NAN;
  return 1 - (n - 1) * off_diagonal / expected;
}

/* counts: references, candidates, matched references, matched candidates. */
static void
prf_from_counts (const guint64   *counts,
                 GlsAgreementPrf *prf)
{
  prf->n_reference = (guint)counts[0];
  prf->n_candidate = (guint)counts[1];
  prf->matched_reference = (guint)counts[2];
  prf->matched_candidate = (guint)counts[3];
  prf->precision = counts[1] > 0 ? (double)counts[3] / (double)counts[1] : NAN;
  prf->recall = counts[0] > 0 ? (double)counts[2] / (double)counts[0] : NAN;
  if (counts[0] == 0 && counts[1] == 0)
    prf->f1 = NAN;
  else if (counts[0] == 0 || counts[1] == 0 || prf->precision + prf->recall <= 0)
    prf->f1 = 0;
  else
    prf->f1 = 2 * prf->precision * prf->recall / (prf->precision + prf->recall);
}

/* ------------------------------------------------------------------------------------------ */
/* Unitizing alpha                                                                              */

typedef struct
{
  double observed;    /* Σ δ² over unordered pairs of coders */
  double sum_ll;      /* Σ l (l - 1) over units */
  double sum_cubic;   /* Σ l (l - 1) (2l - 1) / 3 over units */
  GArray *lengths;    /* gint64, every unit */
  GArray *gaps;       /* gint64, every gap of every coder */
  GArray *suffix;     /* double, scratch for unitizing_finish() */
} Unitizing;

static void
unitizing_init (Unitizing *u)
{
  u->observed = u->sum_ll = u->sum_cubic = 0;
  u->lengths = g_array_new (FALSE, FALSE, sizeof (gint64));
  u->gaps = g_array_new (FALSE, FALSE, sizeof (gint64));
  u->suffix = g_array_new (FALSE, FALSE, sizeof (double));
}

static void
unitizing_reset (Unitizing *u)
{
  u->observed = u->sum_ll = u->sum_cubic = 0;
  g_array_set_size (u->lengths, 0);
  g_array_set_size (u->gaps, 0);
}

static void
unitizing_clear (Unitizing *u)
{
  g_clear_pointer (&u->lengths, g_array_unref);
  g_clear_pointer (&u->gaps, g_array_unref);
  g_clear_pointer (&u->suffix, g_array_unref);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *)a, y = *(const gint64 *)b;
  return x < y ? -1 : x > y;
}

/* Sorts lengths (never negative) in place: a handful by insertion, a project's worth by radix
 * (16 bits at a time, as many rounds as the longest needs). */
static void
sort_int64 (gint64 *values,
            guint   n)
{
  g_autofree gint64 *buffer = NULL;
  g_autofree guint *count = NULL;
  gint64 *from = values, *to, max = 0;

  if (n <= 32)
    {
      for (guint i = 1; i < n; i++)
        {
          gint64 value = values[i];
          guint j = i;

          for (; j > 0 && values[j - 1] > value; j--)
            values[j] = values[j - 1];
          values[j] = value;
        }
      return;
    }
  if (n < 65536)
    {
      qsort (values, n, sizeof (gint64), compare_int64);
      return;
    }

  for (guint i = 0; i < n; i++)
    max = MAX (max, values[i]);
  to = buffer = g_new (gint64, n);
  count = g_new (guint, 65536 + 1);
  for (guint shift = 0; shift < 64 && (max >> shift) > 0; shift += 16)
    {
      gint64 *swap;

      memset (count, 0, sizeof (guint) * (65536 + 1));
      for (guint i = 0; i < n; i++)
        count[((guint64)from[i] >> shift & 0xffff) + 1]++;
      for (guint k = 0; k < 65536; k++)
        count[k + 1] += count[k];
      for (guint i = 0; i < n; i++)
        to[count[(guint64)from[i] >> shift & 0xffff]++] = from[i];
      swap = from;
      from = to;
      to = swap;
    }
  if (from != values)
    memcpy (values, from, sizeof (gint64) * n);
}

/* By category, coder, start, longer first. */
static int
compare_units (gconstpointer a,
               gconstpointer b)
{
  const GlsAgreementUnit *x = a, *y = b;

  if (x->category != y->category)
    return x->category < y->category ? -1 : 1;
  if (x->coder != y->coder)
    return x->coder < y->coder ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return 0;
}

/* Insertion for nearly sorted units (see sort_spans()). */
static void
sort_units (GlsAgreementUnit *units,
            guint             n)
{
  gsize moves = 0;

  for (guint i = 1; i < n; i++)
    {
      GlsAgreementUnit unit = units[i];
      guint j = i;

      for (; j > 0 && compare_units (&units[j - 1], &unit) > 0; j--)
        {
          units[j] = units[j - 1];
          if (++moves > 8 * (gsize)n + 64)
            {
              units[j - 1] = unit;
              qsort (units, n, sizeof (GlsAgreementUnit), compare_units);
              return;
            }
        }
      units[j] = unit;
    }
}

/* Drops from @units, sorted by compare_units(), empty units and, per coder and category,
 * each one that overlaps a unit kept before it. Returns how many are left. */
static guint
units_normalize (GlsAgreementUnit *units,
                 guint             n)
{
  guint kept = 0;

  for (guint i = 0; i < n; i++)
    {
      const GlsAgreementUnit *last = kept > 0 ? &units[kept - 1] : NULL;

      if (units[i].start >= units[i].end)
        continue;
      if (last != NULL && last->category == units[i].category && last->coder == units[i].coder &&
          units[i].start < last->end)
        continue;
      units[kept++] = units[i];
    }
  return kept;
}

/* δ² summed over the segments of two coders (units sorted by start, disjoint): a pair of
 * overlapping units costs the squares of their start and end differences, a unit lying in the
 * other coder's gap its length squared, anything else nothing. */
static double
unitizing_observed (const GlsAgreementUnit *x,
                    guint                   nx,
                    const GlsAgreementUnit *y,
                    guint                   ny)
{
  double sum = 0;
  guint j0 = 0;

  for (guint i = 0; i < nx; i++)
    {
      gboolean any = FALSE;

      while (j0 < ny && y[j0].end <= x[i].start)
        j0++;
      for (guint j = j0; j < ny && y[j].start < x[i].end; j++)
        {
          double ds = (double)(x[i].start - y[j].start);
          double de = (double)(x[i].end - y[j].end);

          sum += ds * ds + de * de;
          any = TRUE;
        }
      if (!any)
        sum += (double)(x[i].end - x[i].start) * (double)(x[i].end - x[i].start);
    }

  /* y's units in x's gaps. */
  j0 = 0;
  for (guint i = 0; i < ny; i++)
    {
      while (j0 < nx && x[j0].end <= y[i].start)
        j0++;
      if (j0 == nx || x[j0].start >= y[i].end)
        sum += (double)(y[i].end - y[i].start) * (double)(y[i].end - y[i].start);
    }
  return sum;
}

/* Appends the gaps before each of @n units (sorted, disjoint) to @gaps, starting from
 * @last_end; positions are shifted by @offset. Returns the new end of the last unit. */
static gint64
unitizing_push_gaps (GArray                 *gaps,
                     const GlsAgreementUnit *units,
                     guint                   n,
                     gint64                  offset,
                     gint64                  last_end)
{
  for (guint i = 0; i < n; i++)
    {
      gint64 start = offset + units[i].start;

      if (start > last_end)
        {
          gint64 gap = start - last_end;
          g_array_append_val (gaps, gap);
        }
      last_end = offset + units[i].end;
    }
  return last_end;
}

static void
unitizing_push_final_gap (GArray *gaps,
                          gint64  last_end,
                          gint64  end)
{
  if (end > last_end)
    {
      gint64 gap = end - last_end;
      g_array_append_val (gaps, gap);
    }
}

/* One category's units of one continuum [@begin, @end): @units sorted by coder then start,
 * normalized. @coders are the coders taking part (units of others must not be there). Adds
 * lengths, sums, the observed disagreement of every pair of coders and, when @with_gaps,
 * every coder's gaps to @u. */
static void
unitizing_add (Unitizing              *u,
               const GlsAgreementUnit *units,
               guint                   n,
               const guint            *coders,
               guint                   n_coders,
               gint64                  begin,
               gint64                  end,
               gboolean                with_gaps)
{
  guint first[MAX_ANNOTATORS], count[MAX_ANNOTATORS];

  g_return_if_fail (n_coders <= MAX_ANNOTATORS);

  for (guint k = 0; k < n_coders; k++)
    {
      guint i = 0;

      while (i < n && units[i].coder != coders[k])
        i++;
      first[k] = i;
      while (i < n && units[i].coder == coders[k])
        i++;
      count[k] = i - first[k];
    }

  for (guint i = 0; i < n; i++)
    {
      gint64 length = units[i].end - units[i].start;
      double l = (double)length;

      g_array_append_val (u->lengths, length);
      u->sum_ll += l * (l - 1);
      u->sum_cubic += l * (l - 1) * (2 * l - 1) / 3;
    }

  for (guint k1 = 0; k1 < n_coders; k1++)
    for (guint k2 = k1 + 1; k2 < n_coders; k2++)
      u->observed += unitizing_observed (units + first[k1], count[k1],
                                         units + first[k2], count[k2]);

  if (with_gaps)
    for (guint k = 0; k < n_coders; k++)
      {
        gint64 last = unitizing_push_gaps (u->gaps, units + first[k], count[k], 0, begin);
        unitizing_push_final_gap (u->gaps, last, end);
      }
}

/* D_o and D_e of one category (Krippendorff 2004, as DKPro computes them). */
static void
unitizing_finish (Unitizing *u,
                  guint      n_coders,
                  gint64     length,
                  double    *observed,
                  double    *expected)
{
  double r = n_coders, l_total = (double)length, rl = r * l_total;
  double n_units = u->lengths->len, cross = 0, denominator;
  const gint64 *gaps;
  double *suffix;
  guint n_gaps;

  *observed = *expected = 0;
  if (n_coders < 2 || length <= 0)
    return;

  sort_int64 ((gint64 *)(gpointer)u->gaps->data, u->gaps->len);
  gaps = (const gint64 *)(gpointer)u->gaps->data;
  n_gaps = u->gaps->len;
  g_array_set_size (u->suffix, n_gaps + 1);
  suffix = (double *)(gpointer)u->suffix->data;
  suffix[n_gaps] = 0;
  for (guint k = n_gaps; k > 0; k--)
    suffix[k - 1] = suffix[k] + (double)gaps[k - 1];

  /* Σ over units of l² Σ over gaps g ≥ l of (g - l + 1). */
  for (guint i = 0; i < u->lengths->len; i++)
    {
      gint64 length_i = g_array_index (u->lengths, gint64, i);
      double l = (double)length_i;
      guint lo = 0, hi = n_gaps;

      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (gaps[mid] < length_i)
            lo = mid + 1;
          else
            hi = mid;
        }
      cross += l * l * (suffix[lo] - (l - 1) * (double)(n_gaps - lo));
    }

  *observed = 2 * u->observed / (r * (r - 1) * l_total * l_total);
  denominator = rl * (rl - 1) - u->sum_ll;
  if (denominator > 0)
    *expected = (2 / l_total) * ((n_units - 1) * u->sum_cubic + cross) / denominator;
}

static double
alpha_u_from (double observed,
              double expected)
{
  return expected > 0 ? 1 - observed / expected : NAN;
}

double
gls_agreement_unitizing_alpha (const GlsAgreementUnit *units,
                               guint                   n_units,
                               guint                   n_coders,
                               gint64                  begin,
                               gint64                  length,
                               int                     category,
                               double                 *observed,
                               double                 *expected)
{
  g_autofree GlsAgreementUnit *copy = NULL;
  g_autofree guint *coders = NULL;
  double sum_observed = 0, sum_expected = 0;
  guint n, n_categories = 0;
  Unitizing u;

  g_return_val_if_fail (units != NULL || n_units == 0, NAN);
  g_return_val_if_fail (n_coders <= MAX_ANNOTATORS, NAN);

  if (observed != NULL)
    *observed = 0;
  if (expected != NULL)
    *expected = 0;

  copy = g_new (GlsAgreementUnit, (gsize)n_units + 1);
  n = 0;
  for (guint i = 0; i < n_units; i++)
    {
      GlsAgreementUnit unit = units[i];

      g_return_val_if_fail (unit.coder < n_coders, NAN);
      unit.start = MAX (unit.start, begin);
      unit.end = MIN (unit.end, begin + length);
      copy[n++] = unit;
    }
  qsort (copy, n, sizeof (GlsAgreementUnit), compare_units);
  n = units_normalize (copy, n);

  coders = g_new (guint, (gsize)n_coders + 1);
  for (guint k = 0; k < n_coders; k++)
    coders[k] = k;

  unitizing_init (&u);
  for (guint i = 0; i < n; )
    {
      guint end = i;
      double d_o, d_e;

      while (end < n && copy[end].category == copy[i].category)
        end++;
      if (category < 0 || (guint)category == copy[i].category)
        {
          unitizing_reset (&u);
          unitizing_add (&u, copy + i, end - i, coders, n_coders, begin, begin + length, TRUE);
          unitizing_finish (&u, n_coders, length, &d_o, &d_e);
          sum_observed += d_o;
          sum_expected += d_e;
          n_categories++;
        }
      i = end;
    }
  unitizing_clear (&u);

  if (n_categories == 0)
    return NAN;
  if (observed != NULL)
    *observed = sum_observed / n_categories;
  if (expected != NULL)
    *expected = sum_expected / n_categories;
  return alpha_u_from (sum_observed / n_categories, sum_expected / n_categories);
}

/* ------------------------------------------------------------------------------------------ */
/* The table functions                                                                          */

double
gls_agreement_cohen_kappa (const guint64 *table,
                           guint          n_categories)
{
  double n = 0, disagree = 0, chance = 0;

  g_return_val_if_fail (table != NULL || n_categories == 0, NAN);

  for (guint c = 0; c < n_categories; c++)
    {
      double row = 0, column = 0;

      for (guint k = 0; k < n_categories; k++)
        {
          row += (double)table[c * n_categories + k];
          column += (double)table[k * n_categories + c];
          if (k != c)
            disagree += (double)table[c * n_categories + k];
        }
      n += row;
      chance += row * column;
    }
  return cohen_from_counts (n, disagree, chance);
}

double
gls_agreement_fleiss_kappa (const guint *counts,
                            guint        n_items,
                            guint        n_categories)
{
  g_autofree double *marginals = g_new0 (double, (gsize)n_categories + 1);
  double disagree = 0;
  guint m = 0;

  g_return_val_if_fail (counts != NULL || n_items == 0, NAN);

  for (guint i = 0; i < n_items; i++)
    {
      guint raters = 0;
      double agree = 0;

      for (guint c = 0; c < n_categories; c++)
        {
          guint n_ic = counts[i * n_categories + c];

          raters += n_ic;
          agree += (double)n_ic * (n_ic - 1) / 2;
          marginals[c] += n_ic;
        }
      if (i == 0)
        m = raters;
      g_return_val_if_fail (raters == m, NAN);
      disagree += (double)m * (m - 1) / 2 - agree;
    }
  return fleiss_from_counts (n_items, m, disagree, marginals, n_categories);
}

double
gls_agreement_krippendorff_alpha (const int *values,
                                  guint      n_coders,
                                  guint      n_units,
                                  guint      n_categories)
{
  g_autofree double *marginals = g_new0 (double, (gsize)n_categories + 1);
  g_autofree guint *counts = g_new0 (guint, (gsize)n_categories + 1);
  double off_diagonal = 0;

  g_return_val_if_fail (values != NULL || n_units == 0 || n_coders == 0, NAN);

  for (guint u = 0; u < n_units; u++)
    {
      guint m = 0;
      double agree = 0;

      memset (counts, 0, sizeof (guint) * n_categories);
      for (guint c = 0; c < n_coders; c++)
        {
          int value = values[c * n_units + u];

          if (value < 0)
            continue;
          g_return_val_if_fail ((guint)value < n_categories, NAN);
          counts[value]++;
          m++;
        }
      if (m < 2)
        continue;   /* not pairable */
      for (guint k = 0; k < n_categories; k++)
        {
          agree += (double)counts[k] * (counts[k] - 1);
          marginals[k] += counts[k];
        }
      /* Ordered pairs of different values, each weighing 1 / (m - 1). */
      off_diagonal += ((double)m * (m - 1) - agree) / (m - 1);
    }
  return alpha_from_counts (off_diagonal, marginals, n_categories);
}

/* ------------------------------------------------------------------------------------------ */
/* Spans                                                                                        */

typedef struct
{
  gint64 id;
  gint64 start;                 /* of the first fragment */
  gint64 end;                   /* of the last */
  const GlsFragment *fragments;
  guint first_fragment;         /* while loading: where its fragments are */
  guint n_fragments;
  guint label;
  guint annotator;
} Span;

static int
compare_extent (const Span *x,
                const Span *y)
{
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  for (guint i = 0; i < x->n_fragments && i < y->n_fragments; i++)
    {
      if (x->fragments[i].start != y->fragments[i].start)
        return x->fragments[i].start < y->fragments[i].start ? -1 : 1;
      if (x->fragments[i].end != y->fragments[i].end)
        return x->fragments[i].end < y->fragments[i].end ? -1 : 1;
    }
  if (x->n_fragments != y->n_fragments)
    return x->n_fragments < y->n_fragments ? -1 : 1;
  return 0;
}

/* By annotator, label, extent: runs of one annotator and label, in order. */
static int
compare_by_label (gconstpointer a,
                  gconstpointer b)
{
  const Span *x = a, *y = b;
  int c;

  if (x->annotator != y->annotator)
    return x->annotator < y->annotator ? -1 : 1;
  if (x->label != y->label)
    return x->label < y->label ? -1 : 1;
  if ((c = compare_extent (x, y)) != 0)
    return c;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* By extent, then label. */
static int
compare_by_extent (gconstpointer a,
                   gconstpointer b)
{
  const Span *x = a, *y = b;
  int c;

  if ((c = compare_extent (x, y)) != 0)
    return c;
  if (x->label != y->label)
    return x->label < y->label ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* As the CoNLL export takes them: by start, longer first. */
static int
compare_for_tags (gconstpointer a,
                  gconstpointer b)
{
  const Span *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return x->id < y->id ? -1 : x->id > y->id;
}

/* Spans come from the store by start and end: each order needed here is then nearly there,
 * and insertion does it in a pass. Should many have to move, qsort() takes over. */
static void
sort_spans (Span         *spans,
            guint         n,
            GCompareFunc  compare)
{
  gsize moves = 0;

  for (guint i = 1; i < n; i++)
    {
      Span span = spans[i];
      guint j = i;

      for (; j > 0 && compare (&spans[j - 1], &span) > 0; j--)
        {
          spans[j] = spans[j - 1];
          if (++moves > 8 * (gsize)n + 64)
            {
              spans[j - 1] = span;
              qsort (spans, n, sizeof (Span), compare);
              return;
            }
        }
      spans[j] = span;
    }
}

static gboolean
fragments_share (const Span *x,
                 const Span *y)
{
  guint i = 0, j = 0;

  while (i < x->n_fragments && j < y->n_fragments)
    {
      const GlsFragment *f = &x->fragments[i], *g = &y->fragments[j];

      if (f->start < g->end && g->start < f->end)
        return TRUE;
      if (f->end <= g->end)
        i++;
      else
        j++;
    }
  return FALSE;
}

/* Whether a span of @y (one label, sorted by extent; @y_maxend the running maximum of their
 * ends) shares a character with @x. */
static gboolean
has_overlap (const Span   *x,
             const Span   *y,
             guint         ny,
             const gint64 *y_maxend)
{
  guint lo = 0, hi = ny;

  /* The first that starts at or after x's end. */
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (y[mid].start < x->end)
        lo = mid + 1;
      else
        hi = mid;
    }
  for (guint j = lo; j > 0 && y_maxend[j - 1] > x->start; j--)
    if (y[j - 1].end > x->start && fragments_share (x, &y[j - 1]))
      return TRUE;
  return FALSE;
}

/* Running maxima of the ends, restarting with each annotator and label. */
static void
fill_maxend (const Span *spans,
             guint       n,
             gint64     *maxend)
{
  for (guint i = 0; i < n; i++)
    {
      gboolean same_run = i > 0 && spans[i].annotator == spans[i - 1].annotator &&
                          spans[i].label == spans[i - 1].label;

      maxend[i] = same_run ? MAX (maxend[i - 1], spans[i].end) : spans[i].end;
    }
}

/* Exact and overlap counts (see prf_from_counts()) of one label's spans of two annotators,
 * each sorted by extent, added to @exact and @overlap. */
static void
count_span_matches (const Span   *x,
                    guint         nx,
                    const gint64 *x_maxend,
                    const Span   *y,
                    guint         ny,
                    const gint64 *y_maxend,
                    guint64      *exact,
                    guint64      *overlap)
{
  guint i = 0, j = 0, same = 0;

  while (i < nx && j < ny)
    {
      int c = compare_extent (&x[i], &y[j]);

      if (c == 0)
        {
          same++;
          i++;
          j++;
        }
      else if (c < 0)
        i++;
      else
        j++;
    }
  exact[0] += nx;
  exact[1] += ny;
  exact[2] += same;
  exact[3] += same;

  overlap[0] += nx;
  overlap[1] += ny;
  for (guint k = 0; k < nx; k++)
    if (has_overlap (&x[k], y, ny, y_maxend))
      overlap[2]++;
  for (guint k = 0; k < ny; k++)
    if (has_overlap (&y[k], x, nx, x_maxend))
      overlap[3]++;
}

/* Spans of one annotator sorted by label then extent: the end of the run of @label from @i. */
static guint
label_run_end (const Span *spans,
               guint       n,
               guint       i,
               guint       label)
{
  while (i < n && spans[i].label == label)
    i++;
  return i;
}

void
gls_agreement_span_prf (const GlsAgreementSpan *reference,
                        guint                   n_reference,
                        const GlsAgreementSpan *candidate,
                        guint                   n_candidate,
                        gboolean                overlap,
                        GlsAgreementPrf        *prf)
{
  guint n = n_reference + n_candidate;
  g_autofree GlsFragment *fragments = g_new (GlsFragment, (gsize)n + 1);
  g_autofree Span *spans = g_new0 (Span, (gsize)n + 1);
  g_autofree gint64 *maxend = g_new (gint64, (gsize)n + 1);
  guint64 exact_counts[4] = { 0 }, overlap_counts[4] = { 0 };
  const Span *x, *y;
  guint i = 0, j = 0;

  g_return_if_fail (reference != NULL || n_reference == 0);
  g_return_if_fail (candidate != NULL || n_candidate == 0);
  g_return_if_fail (prf != NULL);

  for (guint k = 0; k < n; k++)
    {
      const GlsAgreementSpan *s = k < n_reference ? &reference[k] : &candidate[k - n_reference];

      fragments[k].start = s->start;
      fragments[k].end = s->end;
      spans[k] = (Span){ .id = k, .start = s->start, .end = s->end, .fragments = &fragments[k],
                         .n_fragments = 1, .label = s->label,
                         .annotator = k < n_reference ? 0 : 1 };
    }
  /* The reference's spans, then the candidate's, each by label and extent. */
  qsort (spans, n, sizeof (Span), compare_by_label);
  fill_maxend (spans, n, maxend);
  x = spans;
  y = spans + n_reference;

  while (i < n_reference || j < n_candidate)
    {
      guint label = MIN (i < n_reference ? x[i].label : G_MAXUINT,
                         j < n_candidate ? y[j].label : G_MAXUINT);
      guint i_end = label_run_end (x, n_reference, i, label);
      guint j_end = label_run_end (y, n_candidate, j, label);

      count_span_matches (x + i, i_end - i, maxend + i, y + j, j_end - j,
                          maxend + n_reference + j, exact_counts, overlap_counts);
      i = i_end;
      j = j_end;
    }
  prf_from_counts (overlap ? overlap_counts : exact_counts, prf);
}

/* ------------------------------------------------------------------------------------------ */
/* Token counts                                                                                 */

/* Everything the token coefficients and the span scores need, as counts: the tally of a
 * project is the sum of its documents' tallies, and any scope's scores come from its tally.
 * Categories: 0 is O, 2l + 1 is B- and 2l + 2 is I- of label l. */
typedef struct
{
  guint n_annotators;
  guint n_pairs;
  guint n_labels;
  guint n_categories;
  gsize size;
  guint64 *data;
  guint64 *documents;            /* [0] compared, [1] annotated by every annotator */
  guint64 *tokens;               /* [0] of the compared documents, [1] of those by all */
  guint64 *pair_tokens;          /* [pair] */
  guint64 *pair_disagree;        /* [pair] */
  guint64 *pair_disagree_label;  /* [pair][label]: tokens on which they differ for the label */
  guint64 *pair_marginals;       /* [pair][first, second][category] */
  guint64 *all_disagree;         /* [0]: disagreeing pairs on the tokens every annotator coded */
  guint64 *all_disagree_label;   /* [label] */
  guint64 *all_marginals;        /* [category] */
  guint64 *alpha_disagree;       /* [m]: disagreeing pairs on tokens m annotators coded */
  guint64 *alpha_disagree_label; /* [m][label] */
  guint64 *alpha_marginals;      /* [category] */
  guint64 *spans;                /* [pair][label][exact, overlap][4], see prf_from_counts() */
} Tally;

static void
tally_init (Tally *t,
            guint  n_annotators,
            guint  n_labels)
{
  guint m = n_annotators, p = m * (m - 1) / 2, l = n_labels, c = 2 * l + 1;
  guint64 *next;

  t->n_annotators = m;
  t->n_pairs = p;
  t->n_labels = l;
  t->n_categories = c;
  t->size = 2 + 2 + p + p + (gsize)p * l + (gsize)p * 2 * c + 1 + l + c + (m + 1) +
            (gsize)(m + 1) * l + c + (gsize)p * l * 8;
  t->data = next = g_new0 (guint64, t->size);
  t->documents = next, next += 2;
  t->tokens = next, next += 2;
  t->pair_tokens = next, next += p;
  t->pair_disagree = next, next += p;
  t->pair_disagree_label = next, next += (gsize)p * l;
  t->pair_marginals = next, next += (gsize)p * 2 * c;
  t->all_disagree = next, next += 1;
  t->all_disagree_label = next, next += l;
  t->all_marginals = next, next += c;
  t->alpha_disagree = next, next += m + 1;
  t->alpha_disagree_label = next, next += (gsize)(m + 1) * l;
  t->alpha_marginals = next, next += c;
  t->spans = next, next += (gsize)p * l * 8;
  g_assert (next == t->data + t->size);
}

static void
tally_reset (Tally *t)
{
  memset (t->data, 0, t->size * sizeof (guint64));
}

static void
tally_add (Tally       *to,
           const Tally *from)
{
  for (gsize i = 0; i < to->size; i++)
    to->data[i] += from->data[i];
}

static void
tally_clear (Tally *t)
{
  g_clear_pointer (&t->data, g_free);
}

static guint
pair_index (guint n_annotators,
            guint first,
            guint second)
{
  return first * (2 * n_annotators - first - 1) / 2 + (second - first - 1);
}

/* Into @out: the counts of every category, or, for @label, of its three: O, B-, I-. */
static guint
reduce_marginals (const Tally   *t,
                  const guint64 *marginals,
                  int            label,
                  double        *out)
{
  double total = 0;

  if (label < 0)
    {
      for (guint c = 0; c < t->n_categories; c++)
        out[c] = (double)marginals[c];
      return t->n_categories;
    }
  for (guint c = 0; c < t->n_categories; c++)
    total += (double)marginals[c];
  out[1] = (double)marginals[2 * label + 1];
  out[2] = (double)marginals[2 * label + 2];
  out[0] = total - out[1] - out[2];
  return 3;
}

/* The scores of a tally, for all labels (@label -1) or one; alpha_u is left to the caller. */
static void
scores_from_tally (const Tally        *t,
                   int                 label,
                   GlsAgreementScores *scores,
                   double             *cohen,
                   GlsAgreementPrf    *exact,
                   GlsAgreementPrf    *overlap)
{
  g_autofree double *a = g_new (double, t->n_categories);
  g_autofree double *b = g_new (double, t->n_categories);
  guint m = t->n_annotators, l = t->n_labels, n_categories;
  double sum = 0, off_diagonal = 0, disagree;
  guint n_defined = 0;

  scores->n_documents = (guint)t->documents[0];
  scores->n_documents_by_all = (guint)t->documents[1];
  scores->n_tokens = t->tokens[0];
  scores->n_tokens_by_all = t->tokens[1];
  scores->cohen = cohen;
  scores->exact = exact;
  scores->overlap = overlap;

  for (guint p = 0; p < t->n_pairs; p++)
    {
      const guint64 *marginals = t->pair_marginals + (gsize)p * 2 * t->n_categories;
      guint64 counts[8] = { 0 };
      double chance = 0;

      disagree = (double)(label < 0 ? t->pair_disagree[p] : t->pair_disagree_label[p * l + label]);
      n_categories = reduce_marginals (t, marginals, label, a);
      reduce_marginals (t, marginals + t->n_categories, label, b);
      for (guint c = 0; c < n_categories; c++)
        chance += a[c] * b[c];
      cohen[p] = cohen_from_counts ((double)t->pair_tokens[p], disagree, chance);
      if (!isnan (cohen[p]))
        {
          sum += cohen[p];
          n_defined++;
        }

      for (guint k = 0; k < l; k++)
        if (label < 0 || (guint)label == k)
          for (guint i = 0; i < 8; i++)
            counts[i] += t->spans[((gsize)p * l + k) * 8 + i];
      prf_from_counts (counts, &exact[p]);
      prf_from_counts (counts + 4, &overlap[p]);
    }
  scores->cohen_mean = n_defined > 0 ? sum / n_defined : NAN;

  disagree = (double)(label < 0 ? t->all_disagree[0] : t->all_disagree_label[label]);
  n_categories = reduce_marginals (t, t->all_marginals, label, a);
  scores->fleiss = fleiss_from_counts ((double)t->tokens[1], m, disagree, a, n_categories);

  /* Σ_{c≠k} o_ck: each unit adds its ordered disagreeing pairs over m_u - 1. */
  for (guint k = 2; k <= m; k++)
    off_diagonal += 2 * (double)(label < 0 ? t->alpha_disagree[k]
                                           : t->alpha_disagree_label[k * l + label]) / (k - 1);
  n_categories = reduce_marginals (t, t->alpha_marginals, label, a);
  scores->alpha = alpha_from_counts (off_diagonal, a, n_categories);
  scores->alpha_u = NAN;
}

/* ------------------------------------------------------------------------------------------ */
/* The object                                                                                   */

struct _GlsAgreement
{
  GObject parent_instance;

  GStrv annotators;
  guint n_annotators;
  guint n_pairs;
  GPtrArray *labels;              /* names */
  GArray *document_ids;           /* gint64 */
  GArray *annotated;              /* guint64: per document, a bit per annotator */

  /* Scope 0 is the project, 1 … n_labels the labels, then the documents. */
  GlsAgreementScores *scores;
  double *cohen;                  /* [scope][pair] */
  GlsAgreementPrf *prf;           /* [scope][exact, overlap][pair] */

  guint reference;
  guint candidate;
  guint *cells;                   /* (n_labels + 1)² + 1 offsets into cases */
  GlsAgreementCase *cases;
};

G_DEFINE_FINAL_TYPE (GlsAgreement, gls_agreement, G_TYPE_OBJECT)

static void
gls_agreement_finalize (GObject *object)
{
  GlsAgreement *self = (GlsAgreement *)object;

  g_clear_pointer (&self->annotators, g_strfreev);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->document_ids, g_array_unref);
  g_clear_pointer (&self->annotated, g_array_unref);
  g_clear_pointer (&self->scores, g_free);
  g_clear_pointer (&self->cohen, g_free);
  g_clear_pointer (&self->prf, g_free);
  g_clear_pointer (&self->cells, g_free);
  g_clear_pointer (&self->cases, g_free);

  G_OBJECT_CLASS (gls_agreement_parent_class)->finalize (object);
}

static void
gls_agreement_class_init (GlsAgreementClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gls_agreement_finalize;
}

static void
gls_agreement_init (GlsAgreement *self)
{
  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->document_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->annotated = g_array_new (FALSE, FALSE, sizeof (guint64));
}

static void
scope_from_tally (GlsAgreement *self,
                  guint         scope,
                  const Tally  *tally,
                  int           label)
{
  scores_from_tally (tally, label, &self->scores[scope],
                     self->cohen + (gsize)scope * self->n_pairs,
                     self->prf + (gsize)scope * 2 * self->n_pairs,
                     self->prf + ((gsize)scope * 2 + 1) * self->n_pairs);
}

/* ------------------------------------------------------------------------------------------ */
/* Computing                                                                                    */

typedef struct
{
  guint row;
  guint column;
  GlsAgreementCase c;
} CaseEntry;

/* Every annotator and label of the project by row id, and the spans of the compared
 * documents, read straight from the store: integers, no span objects. */
typedef struct
{
  guint n_annotators;
  gint64 *annotator_ids;     /* sorted */
  char **annotator_names;    /* the same order */
  gboolean *has_spans;       /* the same order: has a span in a compared document */
  guint n_labels;
  gint64 *label_ids;         /* sorted */
  GlsLabel **labels;         /* the same order */
  gboolean *label_used;      /* the same order: on a span of a compared annotator */
  GArray *spans;             /* Span, one document after the other */
  GArray *fragments;         /* GlsFragment: every span's */
  guint *first;              /* [document]: where its spans are */
  guint *count;              /* [document]: how many */
} Store;

static void
store_clear (Store *store)
{
  g_clear_pointer (&store->annotator_ids, g_free);
  g_clear_pointer (&store->annotator_names, g_strfreev);
  g_clear_pointer (&store->has_spans, g_free);
  g_clear_pointer (&store->label_ids, g_free);
  g_clear_pointer (&store->labels, g_free);
  g_clear_pointer (&store->label_used, g_free);
  g_clear_pointer (&store->spans, g_array_unref);
  g_clear_pointer (&store->fragments, g_array_unref);
  g_clear_pointer (&store->first, g_free);
  g_clear_pointer (&store->count, g_free);
}

/* The position of @id in @ids (sorted), or G_MAXUINT. */
static guint
find_id (const gint64 *ids,
         guint         n,
         gint64        id)
{
  guint lo = 0, hi = n;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (ids[mid] < id)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < n && ids[lo] == id ? lo : G_MAXUINT;
}

static int
compare_label_ids (gconstpointer a,
                   gconstpointer b)
{
  gint64 x = gls_label_get_id (*(GlsLabel * const *)a);
  gint64 y = gls_label_get_id (*(GlsLabel * const *)b);

  return x < y ? -1 : x > y;
}

static gboolean
store_load_names (Store       *store,
                  GlsProject  *project,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  GListModel *labels = gls_project_get_labels (project);
  int rc;

  if (!(stmt = _gls_project_prepare (project, "SELECT id, name FROM annotators ORDER BY id",
                                     error)))
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      g_strv_builder_add (names, (const char *)sqlite3_column_text (stmt, 1));
    }
  if (!_gls_project_check_sql (project, rc, error))
    return FALSE;
  store->n_annotators = ids->len;
  store->annotator_ids = (gint64 *)(gpointer)g_array_free (g_steal_pointer (&ids), FALSE);
  store->annotator_names = g_strv_builder_end (names);
  store->has_spans = g_new0 (gboolean, store->n_annotators + 1);

  store->n_labels = g_list_model_get_n_items (labels);
  store->labels = g_new (GlsLabel *, store->n_labels + 1);
  store->label_ids = g_new (gint64, store->n_labels + 1);
  store->label_used = g_new0 (gboolean, store->n_labels + 1);
  for (guint l = 0; l < store->n_labels; l++)
    {
      store->labels[l] = g_list_model_get_item (labels, l);
      g_object_unref (store->labels[l]);   /* the project keeps it alive */
    }
  qsort (store->labels, store->n_labels, sizeof (GlsLabel *), compare_label_ids);
  for (guint l = 0; l < store->n_labels; l++)
    store->label_ids[l] = gls_label_get_id (store->labels[l]);
  return TRUE;
}

/* One row (id, label, annotator, start, end, fragments from @column on) into the store, if
 * its annotator is @selected (NULL: everyone). FALSE on a damaged row. */
static gboolean
store_add_row (Store           *store,
               GlsProject      *project,
               sqlite3_stmt    *stmt,
               int              column,
               const gboolean  *selected,
               GArray          *parsed,
               GError         **error)
{
  guint annotator = find_id (store->annotator_ids, store->n_annotators,
                             sqlite3_column_int64 (stmt, column + 2));
  Span span = { 0 };

  if (annotator == G_MAXUINT || (selected != NULL && !selected[annotator]))
    return TRUE;
  span.id = sqlite3_column_int64 (stmt, column);
  span.annotator = annotator;
  span.label = find_id (store->label_ids, store->n_labels, sqlite3_column_int64 (stmt, column + 1));
  if (span.label == G_MAXUINT)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_CORRUPT,
                   _("%s: span %" PRId64 " has a label that does not exist"),
                   gls_project_get_path (project), span.id);
      return FALSE;
    }
  span.first_fragment = store->fragments->len;
  if (sqlite3_column_bytes (stmt, column + 5) > 0)
    {
      g_array_set_size (parsed, 0);
      if (!gls_fragments_parse ((const char *)sqlite3_column_text (stmt, column + 5), parsed,
                                error))
        return FALSE;
      g_array_append_vals (store->fragments, parsed->data, parsed->len);
      span.n_fragments = parsed->len;
    }
  else
    {
      GlsFragment fragment = { sqlite3_column_int64 (stmt, column + 3),
                               sqlite3_column_int64 (stmt, column + 4) };

      g_array_append_val (store->fragments, fragment);
      span.n_fragments = 1;
    }
  if (span.n_fragments > 0)
    {
      g_array_append_val (store->spans, span);
      store->has_spans[annotator] = TRUE;
      store->label_used[span.label] = TRUE;
    }
  return TRUE;
}

/* The spans of every document, in one pass over the index (document, start, end, …). */
static gboolean
store_scan_all (Store         *store,
                GlsProject    *project,
                GPtrArray     *documents,
                GArray        *parsed,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GHashTable) positions = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autofree gint64 *ids = g_new (gint64, documents->len + 1);
  g_autoptr(sqlite3_stmt) stmt = NULL;
  gint64 current = 0;
  guint position = G_MAXUINT;
  guint64 n_rows = 0;
  int rc;

  for (guint d = 0; d < documents->len; d++)
    {
      ids[d] = gls_document_get_id (g_ptr_array_index (documents, d));
      g_hash_table_insert (positions, &ids[d], GUINT_TO_POINTER (d + 1));
    }
  stmt = _gls_project_prepare (project, "SELECT document, id, label, annotator, start, end, "
                                        "fragments FROM spans ORDER BY document, start, end",
                               error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 document = sqlite3_column_int64 (stmt, 0);

      if (++n_rows % 65536 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (position == G_MAXUINT || document != current)
        {
          current = document;
          position = GPOINTER_TO_UINT (g_hash_table_lookup (positions, &document)) - 1;
          if (position != G_MAXUINT)
            store->first[position] = store->spans->len;
        }
      if (position == G_MAXUINT)
        continue;
      if (!store_add_row (store, project, stmt, 1, NULL, parsed, error))
        return FALSE;
      store->count[position] = store->spans->len - store->first[position];
    }
  return _gls_project_check_sql (project, rc, error);
}

/* The spans of @documents by the annotators @selected (NULL: everyone): every document's in
 * one pass, a few documents' one query each. */
static gboolean
store_load_spans (Store           *store,
                  GlsProject      *project,
                  GPtrArray       *documents,
                  gboolean         every_document,
                  const gboolean  *selected,
                  GCancellable    *cancellable,
                  GError         **error)
{
  g_autoptr(GArray) parsed = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
  guint expected = 0;

  /* Room for every span the documents say they have. */
  for (guint d = 0; d < documents->len; d++)
    expected += gls_document_get_n_spans (g_ptr_array_index (documents, d));
  store->spans = g_array_sized_new (FALSE, FALSE, sizeof (Span), expected);
  store->fragments = g_array_sized_new (FALSE, FALSE, sizeof (GlsFragment), expected);
  store->first = g_new0 (guint, documents->len + 1);
  store->count = g_new0 (guint, documents->len + 1);

  if (every_document && selected == NULL)
    {
      if (!store_scan_all (store, project, documents, parsed, cancellable, error))
        return FALSE;
    }
  else
    for (guint d = 0; d < documents->len; d++)
      {
        sqlite3_stmt *stmt;
        int rc;

        if (g_cancellable_set_error_if_cancelled (cancellable, error))
          return FALSE;
        store->first[d] = store->spans->len;
        stmt = _gls_project_cached (project, "SELECT id, label, annotator, start, end, fragments "
                                             "FROM spans WHERE document = ?1 ORDER BY start, end",
                                    error);
        if (stmt == NULL)
          return FALSE;
        sqlite3_bind_int64 (stmt, 1, gls_document_get_id (g_ptr_array_index (documents, d)));
        while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
          if (!store_add_row (store, project, stmt, 0, selected, parsed, error))
            {
              sqlite3_reset (stmt);
              return FALSE;
            }
        sqlite3_reset (stmt);
        if (!_gls_project_check_sql (project, rc, error))
          return FALSE;
        store->count[d] = store->spans->len - store->first[d];
      }

  /* The fragments have stopped moving. */
  for (guint i = 0; i < store->spans->len; i++)
    {
      Span *span = &g_array_index (store->spans, Span, i);
      const GlsFragment *fragments = &g_array_index (store->fragments, GlsFragment,
                                                     span->first_fragment);

      span->fragments = fragments;
      span->start = fragments[0].start;
      span->end = fragments[span->n_fragments - 1].end;
    }
  return TRUE;
}

typedef struct
{
  GlsAgreement *self;
  GlsProject *project;
  guint n_annotators;
  guint n_labels;
  guint n_categories;
  Tally doc;
  Tally total;
  Span *spans;               /* one document's, in the store */
  guint n_spans;
  GArray *maxend;            /* gint64, running maxima of their ends */
  GArray *scratch;           /* Span: one annotator's, for tags or the confusion matrix */
  GArray *scratch2;
  GArray *bounds;            /* GlsFragment: token boundaries */
  GArray *units;             /* GlsAgreementUnit: one document's fragments */
  GArray *used;              /* guint8: confusion matrix pairing */
  guint32 *tags;             /* [annotator][token] */
  gsize tags_size;
  guint64 *marginals;        /* [annotator][category], one document */
  Unitizing doc_units;       /* one label of one document */
  Unitizing *project_units;  /* [label]: the documents every annotator annotated */
  gint64 *last_end;          /* [label][annotator], in their continuum */
  gint64 continuum;
  GArray *cases;             /* CaseEntry */
} Run;

static void
run_clear (Run *run)
{
  tally_clear (&run->doc);
  tally_clear (&run->total);
  g_clear_pointer (&run->maxend, g_array_unref);
  g_clear_pointer (&run->scratch, g_array_unref);
  g_clear_pointer (&run->scratch2, g_array_unref);
  g_clear_pointer (&run->bounds, g_array_unref);
  g_clear_pointer (&run->units, g_array_unref);
  g_clear_pointer (&run->used, g_array_unref);
  g_clear_pointer (&run->tags, g_free);
  g_clear_pointer (&run->marginals, g_free);
  g_clear_pointer (&run->cases, g_array_unref);
  unitizing_clear (&run->doc_units);
  if (run->project_units != NULL)
    for (guint l = 0; l < run->n_labels; l++)
      unitizing_clear (&run->project_units[l]);
  g_clear_pointer (&run->project_units, g_free);
  g_clear_pointer (&run->last_end, g_free);
}

/* @annotator's spans of the document into @into, sorted by @compare. */
static void
copy_spans_of (Run              *run,
               guint             annotator,
               gboolean          contiguous_only,
               GArray           *into,
               GCompareFunc      compare)
{
  g_array_set_size (into, 0);
  for (guint i = 0; i < run->n_spans; i++)
    if (run->spans[i].annotator == annotator &&
        (!contiguous_only || run->spans[i].n_fragments == 1))
      g_array_append_val (into, run->spans[i]);
  sort_spans ((Span *)(gpointer)into->data, into->len, compare);
}

/* One annotator's IOB2 tags over @tokens, as the CoNLL export makes them, and how often each
 * tag occurs. */
static void
tag_tokens (Run            *run,
            guint           annotator,
            const GlsToken *tokens,
            guint           n_tokens)
{
  guint32 *tags = run->tags + (gsize)annotator * n_tokens;
  guint64 *marginals = run->marginals + (gsize)annotator * run->n_categories;
  const Span *spans;
  gint64 last_end = G_MININT64;
  guint t = 0;

  copy_spans_of (run, annotator, TRUE, run->scratch, compare_for_tags);
  spans = (const Span *)(gpointer)run->scratch->data;

  memset (tags, 0, sizeof (guint32) * n_tokens);
  for (guint i = 0; i < run->scratch->len; i++)
    {
      const Span *span = &spans[i];
      guint lo = t, hi = n_tokens;

      if (span->start < last_end || span->start >= span->end)
        continue;   /* shares a character with a span kept before it */
      last_end = span->end;

      /* The first token that ends after the span's start. */
      while (lo < hi)
        {
          guint mid = lo + (hi - lo) / 2;

          if (tokens[mid].end <= span->start)
            lo = mid + 1;
          else
            hi = mid;
        }
      t = lo;
      if (t == n_tokens || tokens[t].start >= span->end)
        continue;   /* white space only */
      tags[t] = 2 * span->label + 1;
      for (guint k = t + 1; k < n_tokens && tokens[k].start < span->end; k++)
        tags[k] = 2 * span->label + 2;
    }

  memset (marginals, 0, sizeof (guint64) * run->n_categories);
  for (guint k = 0; k < n_tokens; k++)
    marginals[tags[k]]++;
}

/* The token counts of one document into run->doc. */
static void
count_tokens (Run         *run,
              const guint *present,
              guint        n_present,
              guint        n_tokens)
{
  Tally *t = &run->doc;
  guint m = run->n_annotators, l = run->n_labels, c = run->n_categories;
  gboolean by_all = n_present == m;
  guint64 sum = 0;

  t->tokens[0] = n_tokens;
  if (by_all)
    t->tokens[1] = n_tokens;

  for (guint i = 0; i < n_present; i++)
    for (guint j = i + 1; j < n_present; j++)
      {
        guint p = pair_index (m, present[i], present[j]);
        const guint32 *x = run->tags + (gsize)present[i] * n_tokens;
        const guint32 *y = run->tags + (gsize)present[j] * n_tokens;
        guint64 *by_label = t->pair_disagree_label + (gsize)p * l;
        guint64 disagree = 0;

        for (guint k = 0; k < n_tokens; k++)
          if (x[k] != y[k])
            {
              /* Tag 2l + 1 is B-, 2l + 2 I- of label l. */
              disagree++;
              if (x[k] != 0)
                by_label[(x[k] - 1) / 2]++;
              if (y[k] != 0 && (x[k] == 0 || (x[k] - 1) / 2 != (y[k] - 1) / 2))
                by_label[(y[k] - 1) / 2]++;
            }
        t->pair_tokens[p] = n_tokens;
        t->pair_disagree[p] = disagree;
        memcpy (t->pair_marginals + (gsize)p * 2 * c, run->marginals + (gsize)present[i] * c,
                sizeof (guint64) * c);
        memcpy (t->pair_marginals + ((gsize)p * 2 + 1) * c, run->marginals + (gsize)present[j] * c,
                sizeof (guint64) * c);
        sum += disagree;
        for (guint k = 0; k < l; k++)
          {
            t->alpha_disagree_label[n_present * l + k] += by_label[k];
            if (by_all)
              t->all_disagree_label[k] += by_label[k];
          }
      }

  t->alpha_disagree[n_present] = sum;
  if (by_all)
    t->all_disagree[0] = sum;
  for (guint i = 0; i < n_present; i++)
    for (guint k = 0; k < c; k++)
      {
        guint64 count = run->marginals[(gsize)present[i] * c + k];

        t->alpha_marginals[k] += count;
        if (by_all)
          t->all_marginals[k] += count;
      }
}

/* Groups the document's spans by annotator and label, keeping their order within a group. */
static void
group_spans (Run *run)
{
  guint n_keys = run->n_annotators * run->n_labels;
  g_autofree guint *count = g_new0 (guint, n_keys + 1);
  Span *into;

  g_array_set_size (run->scratch, run->n_spans);
  into = (Span *)(gpointer)run->scratch->data;
  for (guint i = 0; i < run->n_spans; i++)
    count[run->spans[i].annotator * run->n_labels + run->spans[i].label + 1]++;
  for (guint k = 0; k < n_keys; k++)
    count[k + 1] += count[k];
  for (guint i = 0; i < run->n_spans; i++)
    into[count[run->spans[i].annotator * run->n_labels + run->spans[i].label]++] = run->spans[i];
  memcpy (run->spans, into, sizeof (Span) * run->n_spans);
}

/* Exact and overlap matches of every pair, label by label, into run->doc. */
static void
count_spans (Run         *run,
             const guint *present,
             guint        n_present)
{
  const Span *spans = run->spans;
  const gint64 *maxend;
  guint first[MAX_ANNOTATORS] = { 0 }, count[MAX_ANNOTATORS] = { 0 };
  guint l = run->n_labels;

  /* By annotator and label (a stable pass), then by extent within each (nearly there). */
  group_spans (run);
  sort_spans (run->spans, run->n_spans, compare_by_label);
  g_array_set_size (run->maxend, run->n_spans);
  maxend = (const gint64 *)(gpointer)run->maxend->data;
  fill_maxend (spans, run->n_spans, (gint64 *)(gpointer)run->maxend->data);
  for (guint i = run->n_spans; i > 0; i--)
    {
      first[spans[i - 1].annotator] = i - 1;
      count[spans[i - 1].annotator]++;
    }

  for (guint a = 0; a < n_present; a++)
    for (guint b = a + 1; b < n_present; b++)
      {
        guint p = pair_index (run->n_annotators, present[a], present[b]);
        const Span *x = spans + first[present[a]], *y = spans + first[present[b]];
        const gint64 *x_max = maxend + first[present[a]], *y_max = maxend + first[present[b]];
        guint nx = count[present[a]], ny = count[present[b]], i = 0, j = 0;

        while (i < nx || j < ny)
          {
            guint label = MIN (i < nx ? x[i].label : G_MAXUINT, j < ny ? y[j].label : G_MAXUINT);
            guint i_end = label_run_end (x, nx, i, label);
            guint j_end = label_run_end (y, ny, j, label);
            guint64 *counts = run->doc.spans + ((gsize)p * l + label) * 8;

            count_span_matches (x + i, i_end - i, x_max + i, y + j, j_end - j, y_max + j,
                                counts, counts + 4);
            i = i_end;
            j = j_end;
          }
      }
}

static void
add_case (Run        *run,
          guint       row,
          guint       column,
          gint64      document_id,
          const Span *reference,
          const Span *candidate)
{
  const Span *span = reference != NULL ? reference : candidate;
  CaseEntry entry = { row, column, { document_id, reference ? reference->id : 0,
                                     candidate ? candidate->id : 0, span->start, span->end } };

  g_array_append_val (run->cases, entry);
}

/* The confusion matrix cases of one document: spans of the same extent paired, same label
 * first, then in label order; the others against "missing". */
static void
confuse (Run    *run,
         gint64  document_id)
{
  guint missing = run->n_labels, i = 0, j = 0, nx, ny;
  const Span *x, *y;

  copy_spans_of (run, run->self->reference, FALSE, run->scratch, compare_by_extent);
  copy_spans_of (run, run->self->candidate, FALSE, run->scratch2, compare_by_extent);
  x = (const Span *)(gpointer)run->scratch->data;
  y = (const Span *)(gpointer)run->scratch2->data;
  nx = run->scratch->len;
  ny = run->scratch2->len;

  while (i < nx || j < ny)
    {
      int c = i == nx ? 1 : j == ny ? -1 : compare_extent (&x[i], &y[j]);
      guint i_end = i, j_end = j, a, b;
      guint8 *used_x, *used_y;

      if (c < 0)
        {
          add_case (run, x[i].label, missing, document_id, &x[i], NULL);
          i++;
          continue;
        }
      if (c > 0)
        {
          add_case (run, missing, y[j].label, document_id, NULL, &y[j]);
          j++;
          continue;
        }

      while (i_end < nx && compare_extent (&x[i_end], &x[i]) == 0)
        i_end++;
      while (j_end < ny && compare_extent (&y[j_end], &y[j]) == 0)
        j_end++;
      g_array_set_size (run->used, (i_end - i) + (j_end - j));
      memset (run->used->data, 0, run->used->len);
      used_x = (guint8 *)run->used->data;
      used_y = used_x + (i_end - i);

      /* The same label (both sides are in label order within the extent). */
      for (a = i, b = j; a < i_end && b < j_end; )
        {
          if (x[a].label == y[b].label)
            {
              add_case (run, x[a].label, y[b].label, document_id, &x[a], &y[b]);
              used_x[a - i] = used_y[b - j] = 1;
              a++;
              b++;
            }
          else if (x[a].label < y[b].label)
            a++;
          else
            b++;
        }
      /* Then the rest, in label order. */
      for (a = i, b = j; ; a++, b++)
        {
          while (a < i_end && used_x[a - i])
            a++;
          while (b < j_end && used_y[b - j])
            b++;
          if (a == i_end || b == j_end)
            break;
          add_case (run, x[a].label, y[b].label, document_id, &x[a], &y[b]);
          used_x[a - i] = used_y[b - j] = 1;
        }
      for (a = i; a < i_end; a++)
        if (!used_x[a - i])
          add_case (run, x[a].label, missing, document_id, &x[a], NULL);
      for (b = j; b < j_end; b++)
        if (!used_y[b - j])
          add_case (run, missing, y[b].label, document_id, NULL, &y[b]);
      i = i_end;
      j = j_end;
    }
}

/* α_U of one document (coders: the annotators who annotated it), and its share of the
 * project's continuum when every annotator annotated it. */
static double
unitize (Run         *run,
         const guint *present,
         guint        n_present,
         gint64       length)
{
  guint n_keys = run->n_labels * run->n_annotators;
  g_autofree guint *count = g_new0 (guint, (gsize)n_keys + 1);
  GlsAgreementUnit *units;
  gboolean by_all = n_present == run->n_annotators;
  double sum_observed = 0, sum_expected = 0;
  guint n = 0, n_categories = 0;

  /* The fragments, grouped by label and annotator in a stable pass: within a group they are
   * then by start, but for the later fragments of discontinuous spans. */
  for (guint i = 0; i < run->n_spans; i++)
    {
      n += run->spans[i].n_fragments;
      count[run->spans[i].label * run->n_annotators + run->spans[i].annotator + 1] +=
        run->spans[i].n_fragments;
    }
  for (guint k = 0; k < n_keys; k++)
    count[k + 1] += count[k];
  g_array_set_size (run->units, n);
  units = (GlsAgreementUnit *)(gpointer)run->units->data;
  for (guint i = 0; i < run->n_spans; i++)
    {
      const Span *span = &run->spans[i];
      guint *next = &count[span->label * run->n_annotators + span->annotator];

      for (guint f = 0; f < span->n_fragments; f++)
        units[(*next)++] = (GlsAgreementUnit){ span->annotator, span->label,
                                               MAX (span->fragments[f].start, 0),
                                               MIN (span->fragments[f].end, length) };
    }
  sort_units (units, n);
  n = units_normalize (units, n);

  for (guint i = 0; i < n; )
    {
      guint label = units[i].category, end = i;
      Unitizing *project = &run->project_units[label];
      double d_o, d_e;

      while (end < n && units[end].category == label)
        end++;

      unitizing_reset (&run->doc_units);
      unitizing_add (&run->doc_units, units + i, end - i, present, n_present, 0, length, TRUE);
      if (by_all)
        {
          project->observed += run->doc_units.observed;
          project->sum_ll += run->doc_units.sum_ll;
          project->sum_cubic += run->doc_units.sum_cubic;
          g_array_append_vals (project->lengths, run->doc_units.lengths->data,
                               run->doc_units.lengths->len);
          for (guint k = i; k < end; )
            {
              guint coder = units[k].coder, k_end = k;
              gint64 *last_end = &run->last_end[(gsize)label * run->n_annotators + coder];

              while (k_end < end && units[k_end].coder == coder)
                k_end++;
              *last_end = unitizing_push_gaps (project->gaps, units + k, k_end - k,
                                               run->continuum, *last_end);
              k = k_end;
            }
        }
      unitizing_finish (&run->doc_units, n_present, length, &d_o, &d_e);
      sum_observed += d_o;
      sum_expected += d_e;
      n_categories++;
      i = end;
    }
  if (by_all)
    run->continuum += length;

  return n_categories > 0 ? alpha_u_from (sum_observed / n_categories,
                                          sum_expected / n_categories) : NAN;
}

/* Everything about one document, whose spans are run->spans. */
static gboolean
compare_document (Run          *run,
                  guint         position,
                  GlsDocument  *document,
                  GError      **error)
{
  GlsAgreement *self = run->self;
  gint64 document_id = gls_document_get_id (document);
  guint present[MAX_ANNOTATORS], n_present = 0, scope = 1 + run->n_labels + position;
  g_autofree char *text = NULL;
  g_autoptr(GArray) tokens = NULL;
  const GlsToken *token_data;
  GlsFragment *bounds;
  guint64 mask = 0;
  guint n_tokens, n_bounds = 0;
  double alpha_u;

  tally_reset (&run->doc);
  for (guint i = 0; i < run->n_spans; i++)
    mask |= G_GUINT64_CONSTANT (1) << run->spans[i].annotator;
  g_array_index (self->annotated, guint64, position) = mask;
  for (guint a = 0; a < run->n_annotators; a++)
    if (mask & (G_GUINT64_CONSTANT (1) << a))
      present[n_present++] = a;

  if (n_present < 2)
    {
      scope_from_tally (self, scope, &run->doc, -1);
      return TRUE;
    }

  if (!(text = gls_project_load_text (run->project, document_id, error)))
    return FALSE;

  for (guint i = 0; i < run->n_spans; i++)
    n_bounds += run->spans[i].n_fragments;
  g_array_set_size (run->bounds, n_bounds);
  bounds = (GlsFragment *)(gpointer)run->bounds->data;
  n_bounds = 0;
  for (guint i = 0; i < run->n_spans; i++)
    for (guint f = 0; f < run->spans[i].n_fragments; f++)
      {
        const GlsFragment *fragment = &run->spans[i].fragments[f];

        /* Spans are by start and end: annotators who agree give the same one in a row. */
        if (n_bounds == 0 || bounds[n_bounds - 1].start != fragment->start ||
            bounds[n_bounds - 1].end != fragment->end)
          bounds[n_bounds++] = *fragment;
      }
  tokens = gls_tokenize (text, -1, bounds, n_bounds);
  token_data = (const GlsToken *)(gpointer)tokens->data;
  n_tokens = tokens->len;
  if ((gsize)n_tokens * run->n_annotators > run->tags_size)
    {
      run->tags_size = MAX ((gsize)n_tokens * run->n_annotators, 2 * run->tags_size) + 1;
      g_free (run->tags);
      run->tags = g_new (guint32, run->tags_size);
    }

  run->doc.documents[0] = 1;
  run->doc.documents[1] = n_present == run->n_annotators;
  for (guint i = 0; i < n_present; i++)
    tag_tokens (run, present[i], token_data, n_tokens);
  count_tokens (run, present, n_present, n_tokens);
  if (((mask >> self->reference) & 1) && ((mask >> self->candidate) & 1))
    confuse (run, document_id);
  alpha_u = unitize (run, present, n_present, gls_document_get_length (document));
  count_spans (run, present, n_present);   /* last: it reorders run->spans */
  scope_from_tally (self, scope, &run->doc, -1);
  self->scores[scope].alpha_u = alpha_u;
  tally_add (&run->total, &run->doc);
  return TRUE;
}

static int
compare_labels (gconstpointer a,
                gconstpointer b)
{
  GlsLabel *x = *(GlsLabel * const *)a, *y = *(GlsLabel * const *)b;

  if (gls_label_get_position (x) != gls_label_get_position (y))
    return gls_label_get_position (x) < gls_label_get_position (y) ? -1 : 1;
  return gls_label_get_id (x) < gls_label_get_id (y) ? -1
                                                     : gls_label_get_id (x) > gls_label_get_id (y);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

static char *
join_names (char **names)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    g_ptr_array_add (sorted, names[i]);
  if (sorted->len == 0)
    return g_strdup (_("none"));
  g_ptr_array_sort (sorted, compare_names);
  g_ptr_array_add (sorted, NULL);
  return g_strjoinv (", ", (char **)sorted->pdata);
}

/* Marks @annotators, checked, in @selected. */
static gboolean
check_annotators (GlsProject          *project,
                  const Store         *store,
                  const char * const  *annotators,
                  gboolean            *selected,
                  GError             **error)
{
  const char *path = gls_project_get_path (project);
  guint n = 0;

  for (guint i = 0; annotators[i] != NULL; i++, n++)
    {
      guint a = 0;

      while (a < store->n_annotators && g_strcmp0 (store->annotator_names[a], annotators[i]) != 0)
        a++;
      if (a == store->n_annotators)
        {
          g_autofree char *names = join_names (store->annotator_names);
          g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                       _("%s: no annotator “%s” (annotators: %s)"), path, annotators[i], names);
          return FALSE;
        }
      if (selected[a])
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                       _("%s: annotator “%s” is named twice"), path, annotators[i]);
          return FALSE;
        }
      selected[a] = TRUE;
    }
  if (n < 2)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("%s: agreement needs two or more annotators, %u given"), path, n);
      return FALSE;
    }
  if (n > MAX_ANNOTATORS)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("%s: agreement compares at most %u annotators, not %u"), path,
                   MAX_ANNOTATORS, n);
      return FALSE;
    }
  return TRUE;
}

/* The annotators compared, in order: @annotators, or everyone with spans by name. Fills
 * @map: store index → compared index, or G_MAXUINT. */
static GStrv
choose_annotators (GlsProject          *project,
                   const Store         *store,
                   const char * const  *annotators,
                   guint               *map,
                   GError             **error)
{
  const char *path = gls_project_get_path (project);
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  GStrv result;

  if (annotators != NULL)
    for (guint i = 0; annotators[i] != NULL; i++)
      g_ptr_array_add (chosen, (gpointer)annotators[i]);
  else
    {
      for (guint a = 0; a < store->n_annotators; a++)
        if (store->has_spans[a])
          g_ptr_array_add (chosen, store->annotator_names[a]);
      g_ptr_array_sort (chosen, compare_names);
    }

  if (chosen->len < 2)
    {
      if (chosen->len == 1)
        g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                     _("%s: agreement needs two or more annotators, and only “%s” has spans"),
                     path, (const char *)g_ptr_array_index (chosen, 0));
      else
        g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                     _("%s: agreement needs two or more annotators, and no document has spans"),
                     path);
      return NULL;
    }
  if (chosen->len > MAX_ANNOTATORS)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("%s: agreement compares at most %u annotators, not %u"), path,
                   MAX_ANNOTATORS, chosen->len);
      return NULL;
    }

  for (guint a = 0; a < store->n_annotators; a++)
    {
      map[a] = G_MAXUINT;
      for (guint k = 0; k < chosen->len; k++)
        if (g_strcmp0 (store->annotator_names[a], g_ptr_array_index (chosen, k)) == 0)
          map[a] = k;
    }
  g_ptr_array_add (chosen, NULL);
  result = g_strdupv ((char **)chosen->pdata);
  return result;
}

static gboolean
find_annotator (GlsAgreement  *self,
                GlsProject    *project,
                const char    *name,
                guint          fallback,
                guint         *found,
                GError       **error)
{
  if (name == NULL)
    {
      *found = fallback;
      return TRUE;
    }
  for (guint i = 0; i < self->n_annotators; i++)
    if (g_strcmp0 (self->annotators[i], name) == 0)
      {
        *found = i;
        return TRUE;
      }
  g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
               _("%s: annotator “%s” is not among those compared"),
               gls_project_get_path (project), name);
  return FALSE;
}

static void
run_init (Run          *run,
          GlsAgreement *self,
          GlsProject   *project)
{
  run->self = self;
  run->project = project;
  run->n_annotators = self->n_annotators;
  run->n_labels = self->labels->len;
  run->n_categories = 2 * run->n_labels + 1;
  tally_init (&run->doc, run->n_annotators, run->n_labels);
  tally_init (&run->total, run->n_annotators, run->n_labels);
  run->maxend = g_array_new (FALSE, FALSE, sizeof (gint64));
  run->scratch = g_array_new (FALSE, FALSE, sizeof (Span));
  run->scratch2 = g_array_new (FALSE, FALSE, sizeof (Span));
  run->bounds = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
  run->units = g_array_new (FALSE, FALSE, sizeof (GlsAgreementUnit));
  run->used = g_array_new (FALSE, FALSE, sizeof (guint8));
  run->marginals = g_new0 (guint64, (gsize)run->n_annotators * run->n_categories);
  run->cases = g_array_new (FALSE, FALSE, sizeof (CaseEntry));
  unitizing_init (&run->doc_units);
  run->project_units = g_new0 (Unitizing, run->n_labels + 1);
  for (guint l = 0; l < run->n_labels; l++)
    unitizing_init (&run->project_units[l]);
  run->last_end = g_new0 (gint64, (gsize)run->n_labels * run->n_annotators + 1);
}

/* The project's scores and each label's, once every document is done. */
static void
run_finish (Run *run)
{
  GlsAgreement *self = run->self;
  double sum_observed = 0, sum_expected = 0;
  guint n_categories = 0, missing = run->n_labels, n_cells;
  g_autofree guint *fill = NULL;

  scope_from_tally (self, 0, &run->total, -1);
  for (guint l = 0; l < run->n_labels; l++)
    {
      Unitizing *u = &run->project_units[l];
      double d_o, d_e;

      scope_from_tally (self, 1 + l, &run->total, (int)l);
      if (u->lengths->len == 0)
        continue;
      for (guint a = 0; a < run->n_annotators; a++)
        unitizing_push_final_gap (u->gaps, run->last_end[(gsize)l * run->n_annotators + a],
                                  run->continuum);
      unitizing_finish (u, run->n_annotators, run->continuum, &d_o, &d_e);
      self->scores[1 + l].alpha_u = alpha_u_from (d_o, d_e);
      sum_observed += d_o;
      sum_expected += d_e;
      n_categories++;
    }
  self->scores[0].alpha_u = n_categories > 0 ? alpha_u_from (sum_observed / n_categories,
                                                             sum_expected / n_categories) : NAN;

  /* The confusion matrix's cells, each with its cases in document order. */
  n_cells = (missing + 1) * (missing + 1);
  self->cells = g_new0 (guint, n_cells + 1);
  self->cases = g_new (GlsAgreementCase, run->cases->len + 1);
  for (guint i = 0; i < run->cases->len; i++)
    {
      const CaseEntry *entry = &g_array_index (run->cases, CaseEntry, i);
      self->cells[entry->row * (missing + 1) + entry->column + 1]++;
    }
  for (guint c = 0; c < n_cells; c++)
    self->cells[c + 1] += self->cells[c];
  fill = g_memdup2 (self->cells, sizeof (guint) * n_cells);
  for (guint i = 0; i < run->cases->len; i++)
    {
      const CaseEntry *entry = &g_array_index (run->cases, CaseEntry, i);
      self->cases[fill[entry->row * (missing + 1) + entry->column]++] = entry->c;
    }
}

/**
 * gls_agreement_compute:
 * @project: the project
 * @annotators: (nullable) (array zero-terminated=1): whom to compare, two or more; NULL for
 *   every annotator who has a span in the compared documents
 * @options: (nullable): documents, and the pair of the confusion matrix
 * @cancellable: (nullable): checked between documents
 *
 * Computes every measure for the project, each label and each document. See the top of
 * gls-agreement.c for what each counts.
 *
 * Returns: (transfer full): the results, or NULL with @error set (%GLS_ERROR_NOT_FOUND for
 *   an unknown annotator or document, %GLS_ERROR_INVALID for fewer than two annotators)
 */
GlsAgreement *
gls_agreement_compute (GlsProject                *project,
                       const char * const        *annotators,
                       const GlsAgreementOptions *options,
                       GCancellable              *cancellable,
                       GError                   **error)
{
  g_autoptr(GlsAgreement) self = NULL;
  g_autoptr(GPtrArray) documents = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) wanted = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autofree gboolean *selected = NULL;
  g_autofree guint *annotator_map = NULL;
  g_autofree guint *label_map = NULL;
  GListModel *model;
  Store store = { 0 };
  Run run = { 0 };
  guint n_documents, n_scopes;
  gboolean ok = FALSE, in_transaction = FALSE, with_gold = FALSE;

  g_return_val_if_fail (GLS_IS_PROJECT (project), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  /* The documents, in project order. */
  if (options != NULL && options->documents != NULL)
    {
      wanted = g_hash_table_new (g_int64_hash, g_int64_equal);
      for (guint i = 0; i < options->n_documents; i++)
        {
          if (gls_project_lookup_document (project, options->documents[i]) == NULL)
            {
              g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                           _("%s: no document with id %" PRId64),
                           gls_project_get_path (project), options->documents[i]);
              return NULL;
            }
          g_hash_table_add (wanted, (gpointer)&options->documents[i]);
        }
    }
  model = gls_project_get_documents (project);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlsDocument) document = g_list_model_get_item (model, i);
      gint64 id = gls_document_get_id (document);

      if (wanted == NULL || g_hash_table_contains (wanted, &id))
        g_ptr_array_add (documents, g_steal_pointer (&document));
    }
  n_documents = documents->len;

  /* Every read in one transaction: one snapshot, and no lock taken per query. */
  if (sqlite3_get_autocommit (_gls_project_get_db (project)))
    {
      if (!_gls_project_exec (project, "BEGIN", error))
        goto out;
      in_transaction = TRUE;
    }

  /* Who, and their spans. */
  if (!store_load_names (&store, project, error))
    goto out;
  selected = g_new0 (gboolean, store.n_annotators + 1);
  if (annotators != NULL && !check_annotators (project, &store, annotators, selected, error))
    goto out;
  /* By default everyone but the adjudicated Gold layer: name it to compare with it. */
  for (guint a = 0; annotators == NULL && a < store.n_annotators; a++)
    {
      selected[a] = !gls_annotator_is_gold (store.annotator_names[a]);
      with_gold |= !selected[a];
    }
  if (!store_load_spans (&store, project, documents, wanted == NULL,
                         annotators || with_gold ? selected : NULL, cancellable, error))
    goto out;

  self = g_object_new (GLS_TYPE_AGREEMENT, NULL);
  annotator_map = g_new (guint, store.n_annotators + 1);
  if (!(self->annotators = choose_annotators (project, &store, annotators, annotator_map, error)))
    goto out;
  self->n_annotators = g_strv_length (self->annotators);
  self->n_pairs = self->n_annotators * (self->n_annotators - 1) / 2;
  if (!find_annotator (self, project, options ? options->reference : NULL, 0,
                       &self->reference, error) ||
      !find_annotator (self, project, options ? options->candidate : NULL,
                       self->reference == 0 ? 1 : 0, &self->candidate, error))
    goto out;
  if (self->reference == self->candidate)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                   _("%s: the confusion matrix needs two different annotators"),
                   gls_project_get_path (project));
      goto out;
    }

  /* The labels they used, in schema order. */
  for (guint l = 0; l < store.n_labels; l++)
    if (store.label_used[l])
      g_ptr_array_add (labels, store.labels[l]);
  g_ptr_array_sort (labels, compare_labels);
  label_map = g_new (guint, store.n_labels + 1);
  for (guint l = 0; l < store.n_labels; l++)
    label_map[l] = G_MAXUINT;
  for (guint k = 0; k < labels->len; k++)
    {
      GlsLabel *label = g_ptr_array_index (labels, k);

      label_map[find_id (store.label_ids, store.n_labels, gls_label_get_id (label))] = k;
      g_ptr_array_add (self->labels, g_strdup (gls_label_get_name (label)));
    }
  for (guint i = 0; i < store.spans->len; i++)
    {
      Span *span = &g_array_index (store.spans, Span, i);

      span->annotator = annotator_map[span->annotator];
      span->label = label_map[span->label];
    }

  /* Room for the results. */
  n_scopes = 1 + labels->len + n_documents;
  self->scores = g_new0 (GlsAgreementScores, n_scopes);
  self->cohen = g_new0 (double, (gsize)n_scopes * self->n_pairs + 1);
  self->prf = g_new0 (GlsAgreementPrf, (gsize)n_scopes * 2 * self->n_pairs + 1);
  g_array_set_size (self->annotated, n_documents);
  g_array_set_size (self->document_ids, n_documents);
  for (guint d = 0; d < n_documents; d++)
    g_array_index (self->document_ids, gint64, d) =
      gls_document_get_id (g_ptr_array_index (documents, d));

  run_init (&run, self, project);
  for (guint d = 0; d < n_documents; d++)
    {
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      run.spans = &g_array_index (store.spans, Span, store.first[d]);
      run.n_spans = store.count[d];
      if (!compare_document (&run, d, g_ptr_array_index (documents, d), error))
        goto out;
    }
  run_finish (&run);
  ok = TRUE;

out:
  if (in_transaction)
    sqlite3_exec (_gls_project_get_db (project), "COMMIT", NULL, NULL, NULL);
  run_clear (&run);
  store_clear (&store);
  return ok ? g_steal_pointer (&self) : NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading the results                                                                          */

guint
gls_agreement_get_n_annotators (GlsAgreement *self)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT (self), 0);
  return self->n_annotators;
}

const char *
gls_agreement_get_annotator (GlsAgreement *self,
                             guint         annotator)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT (self), NULL);
  g_return_val_if_fail (annotator < self->n_annotators, NULL);
  return self->annotators[annotator];
}

guint
gls_agreement_get_n_pairs (GlsAgreement *self)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT (self), 0);
  return self->n_pairs;
}

void
gls_agreement_get_pair (GlsAgreement *self,
                        guint         pair,
                        guint        *first,
                        guint        *second)
{
  g_return_if_fail (GLS_IS_AGREEMENT (self));
  g_return_if_fail (pair < self->n_pairs);

  for (guint a = 0; a < self->n_annotators; a++)
    for (guint b = a + 1; b < self->n_annotators; b++)
      if (pair_index (self->n_annotators, a, b) == pair)
        {
          *first = a;
          *second = b;
          return;
        }
}

guint
gls_agreement_get_n_labels (GlsAgreement *self)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT (self), 0);
  return self->labels->len;
}

const char *
gls_agreement_get_label (GlsAgreement *self,
                         guint         label)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT (self), NULL);
  g_return_val_if_fail (label < self->labels->len, NULL);
  return g_ptr_array_index (self->labels, label);
}

guint
gls_agreement_get_n_documents (GlsAgreement *self)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT (self), 0);
  return self->document_ids->len;
}

gint64
gls_agreement_get_document_id (GlsAgreement *self,
                               guint         document)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT (self), 0);
  g_return_val_if_fail (document < self->document_ids->len, 0);
  return g_array_index (self->document_ids, gint64, document);
}

/**
 * gls_agreement_get_annotated:
 *
 * Returns: whether @annotator has a span in @document (so takes part in its comparison)
 */
gboolean
gls_agreement_get_annotated (GlsAgreement *self,
                             guint         document,
                             guint         annotator)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT (self), FALSE);
  g_return_val_if_fail (document < self->annotated->len, FALSE);
  g_return_val_if_fail (annotator < self->n_annotators, FALSE);
  return (g_array_index (self->annotated, guint64, document) >> annotator) & 1;
}

const GlsAgreementScores *
gls_agreement_get_total (GlsAgreement *self)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT (self), NULL);
  return &self->scores[0];
}

const GlsAgreementScores *
gls_agreement_get_label_scores (GlsAgreement *self,
                                guint         label)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT (self), NULL);
  g_return_val_if_fail (label < self->labels->len, NULL);
  return &self->scores[1 + label];
}

/**
 * gls_agreement_get_document_scores:
 *
 * Returns: the scores of one document, over all labels (NAN and zeros when fewer than two
 *   annotators annotated it)
 */
const GlsAgreementScores *
gls_agreement_get_document_scores (GlsAgreement *self,
                                   guint         document)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT (self), NULL);
  g_return_val_if_fail (document < self->document_ids->len, NULL);
  return &self->scores[1 + self->labels->len + document];
}

void
gls_agreement_get_confusion_pair (GlsAgreement *self,
                                  guint        *reference,
                                  guint        *candidate)
{
  g_return_if_fail (GLS_IS_AGREEMENT (self));
  *reference = self->reference;
  *candidate = self->candidate;
}

guint
gls_agreement_get_confusion_count (GlsAgreement *self,
                                   guint         row,
                                   guint         column)
{
  guint n;

  g_return_val_if_fail (GLS_IS_AGREEMENT (self), 0);
  n = self->labels->len + 1;
  g_return_val_if_fail (row < n && column < n, 0);
  return self->cells[row * n + column + 1] - self->cells[row * n + column];
}

/**
 * gls_agreement_get_confusion_cases:
 *
 * Returns: (array length=n_cases): the cases of one cell, in document order, then by offset
 */
const GlsAgreementCase *
gls_agreement_get_confusion_cases (GlsAgreement *self,
                                   guint         row,
                                   guint         column,
                                   guint        *n_cases)
{
  guint n;

  g_return_val_if_fail (GLS_IS_AGREEMENT (self), NULL);
  n = self->labels->len + 1;
  g_return_val_if_fail (row < n && column < n, NULL);
  *n_cases = self->cells[row * n + column + 1] - self->cells[row * n + column];
  return self->cases + self->cells[row * n + column];
}
