/* gls-agreement.h — inter-annotator agreement over a project
 *
 * What each measure counts (units, "O", missing annotators, matching rules) is described at
 * the top of gls-agreement.c; the coefficient functions at the end of this header are the
 * textbook formulas on plain tables, and gls_agreement_compute() uses the same code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gls-types.h"

G_BEGIN_DECLS

/**
 * GlsAgreementPrf:
 * @n_reference: spans of the reference annotator (the first of the pair)
 * @n_candidate: spans of the other annotator
 * @matched_reference: reference spans that have a match among the candidate's
 * @matched_candidate: candidate spans that have a match among the reference's
 * @precision: @matched_candidate / @n_candidate, NAN when @n_candidate is 0
 * @recall: @matched_reference / @n_reference, NAN when @n_reference is 0
 * @f1: 2PR / (P + R); 0 when one side has spans and the other none, or P + R = 0; NAN when
 *   neither has any
 *
 * Span-level precision, recall and F1 of one annotator against another, micro-averaged over
 * spans as conlleval does.
 */
typedef struct
{
  guint  n_reference;
  guint  n_candidate;
  guint  matched_reference;
  guint  matched_candidate;
  double precision;
  double recall;
  double f1;
} GlsAgreementPrf;

/**
 * GlsAgreementScores:
 * @n_documents: documents that two or more of the annotators annotated
 * @n_documents_by_all: documents that every annotator annotated
 * @n_tokens: tokens of the @n_documents (each coded by two or more annotators)
 * @n_tokens_by_all: tokens of the @n_documents_by_all
 * @cohen: Cohen's kappa of each pair (see gls_agreement_get_pair()), NAN when undefined
 * @cohen_mean: the mean of the defined @cohen values
 * @fleiss: Fleiss' kappa over the tokens every annotator coded
 * @alpha: Krippendorff's alpha (nominal) over all tokens, missing values allowed
 * @alpha_u: Krippendorff's unitizing alpha on characters
 * @exact: per pair: spans with the same fragments and label
 * @overlap: per pair: spans with the same label sharing a character
 *
 * The scores of one scope: the whole project, one label, or one document. A coefficient is
 * NAN when it is undefined (no items, or only one category so chance agreement is total).
 */
typedef struct
{
  guint                  n_documents;
  guint                  n_documents_by_all;
  guint64                n_tokens;
  guint64                n_tokens_by_all;
  const double          *cohen;
  double                 cohen_mean;
  double                 fleiss;
  double                 alpha;
  double                 alpha_u;
  const GlsAgreementPrf *exact;
  const GlsAgreementPrf *overlap;
} GlsAgreementScores;

/**
 * GlsAgreementOptions:
 * @documents: (array length=n_documents) (nullable): the documents to compare, NULL for all
 * @n_documents: how many
 * @reference: annotator whose spans are the rows of the confusion matrix; NULL for the first
 * @candidate: annotator whose spans are its columns; NULL for the first other one
 */
typedef struct
{
  const gint64 *documents;
  guint         n_documents;
  const char   *reference;
  const char   *candidate;
} GlsAgreementOptions;

/**
 * GlsAgreementCase:
 * @document_id: where
 * @reference_span: the reference annotator's span, 0 in the "missing" row
 * @candidate_span: the candidate's span, 0 in the "missing" column
 * @start: first character of the span(s)
 * @end: one past the last
 *
 * One cell entry of the confusion matrix, for jumping to it.
 */
typedef struct
{
  gint64 document_id;
  gint64 reference_span;
  gint64 candidate_span;
  gint64 start;
  gint64 end;
} GlsAgreementCase;

#define GLS_TYPE_AGREEMENT (gls_agreement_get_type ())
G_DECLARE_FINAL_TYPE (GlsAgreement, gls_agreement, GLS, AGREEMENT, GObject)

GlsAgreement *gls_agreement_compute (GlsProject                 *project,
                                     const char * const         *annotators,
                                     const GlsAgreementOptions  *options,
                                     GCancellable               *cancellable,
                                     GError                    **error);

guint                     gls_agreement_get_n_annotators     (GlsAgreement *self);
const char               *gls_agreement_get_annotator        (GlsAgreement *self,
                                                              guint         annotator);
/* Pairs are (0,1), (0,2) … (1,2) …: the first of a pair is the reference for its P/R/F1. */
guint                     gls_agreement_get_n_pairs          (GlsAgreement *self);
void                      gls_agreement_get_pair             (GlsAgreement *self,
                                                              guint         pair,
                                                              guint        *first,
                                                              guint        *second);

/* The labels the annotators used in the compared documents, in schema order. */
guint                     gls_agreement_get_n_labels         (GlsAgreement *self);
const char               *gls_agreement_get_label            (GlsAgreement *self,
                                                              guint         label);

/* Every document asked for, compared or not, in project order. */
guint                     gls_agreement_get_n_documents      (GlsAgreement *self);
gint64                    gls_agreement_get_document_id      (GlsAgreement *self,
                                                              guint         document);
gboolean                  gls_agreement_get_annotated        (GlsAgreement *self,
                                                              guint         document,
                                                              guint         annotator);

const GlsAgreementScores *gls_agreement_get_total            (GlsAgreement *self);
const GlsAgreementScores *gls_agreement_get_label_scores     (GlsAgreement *self,
                                                              guint         label);
const GlsAgreementScores *gls_agreement_get_document_scores  (GlsAgreement *self,
                                                              guint         document);

/* The confusion matrix of labels between two annotators over spans of the same extent. Rows
 * and columns are the labels, then one "missing" (index gls_agreement_get_n_labels()). */
void                      gls_agreement_get_confusion_pair   (GlsAgreement *self,
                                                              guint        *reference,
                                                              guint        *candidate);
guint                     gls_agreement_get_confusion_count  (GlsAgreement *self,
                                                              guint         row,
                                                              guint         column);
const GlsAgreementCase   *gls_agreement_get_confusion_cases  (GlsAgreement *self,
                                                              guint         row,
                                                              guint         column,
                                                              guint        *n_cases);

/* The coefficients on plain tables, as the textbooks define them. Each returns NAN when it
 * is undefined. */

/* @table: @n_categories × @n_categories counts, rows the first coder, columns the second. */
double gls_agreement_cohen_kappa        (const guint64 *table,
                                         guint          n_categories);
/* @counts: @n_items × @n_categories, how many raters put item i in category j; every item
 * must have the same number of raters (two or more). */
double gls_agreement_fleiss_kappa       (const guint   *counts,
                                         guint          n_items,
                                         guint          n_categories);
/* @values: @n_coders × @n_units, the category (0 … n_categories - 1) coder c gave unit u at
 * values[c * n_units + u], or -1 when missing. Nominal metric. */
double gls_agreement_krippendorff_alpha (const int     *values,
                                         guint          n_coders,
                                         guint          n_units,
                                         guint          n_categories);

/**
 * GlsAgreementUnit:
 * @coder: who marked it, from 0
 * @category: its category, from 0
 * @start: first position
 * @end: one past the last
 *
 * One unit of a unitizing study; units of one coder and category must not overlap.
 */
typedef struct
{
  guint  coder;
  guint  category;
  gint64 start;
  gint64 end;
} GlsAgreementUnit;

/* Krippendorff's α_U for @category, or for all categories when @category is -1 (mean
 * observed over mean expected disagreement of the categories that have units, as DKPro's
 * KrippendorffAlphaUnitizingAgreement). @observed and @expected may be NULL. */
double gls_agreement_unitizing_alpha    (const GlsAgreementUnit *units,
                                         guint                   n_units,
                                         guint                   n_coders,
                                         gint64                  begin,
                                         gint64                  length,
                                         int                     category,
                                         double                 *observed,
                                         double                 *expected);

/**
 * GlsAgreementSpan:
 * @label: its label, any number
 * @start: first character
 * @end: one past the last
 *
 * A contiguous labelled span, for gls_agreement_span_prf().
 */
typedef struct
{
  guint  label;
  gint64 start;
  gint64 end;
} GlsAgreementSpan;

/* P/R/F1 of @candidate against @reference: exact (same start, end and label) or, when
 * @overlap, lenient (same label, a character in common). */
void   gls_agreement_span_prf           (const GlsAgreementSpan *reference,
                                         guint                   n_reference,
                                         const GlsAgreementSpan *candidate,
                                         guint                   n_candidate,
                                         gboolean                overlap,
                                         GlsAgreementPrf        *prf);

G_END_DECLS
