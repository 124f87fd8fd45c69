/* gls-review.h — where annotators disagree, and adjudication into a Gold layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gls-types.h"

G_BEGIN_DECLS

/* The reserved annotator whose spans are the adjudicated truth. Nobody annotates as Gold:
 * gls_project_set_annotator() refuses the name; Gold's spans come from decisions,
 * gls_project_add_gold_span() and imports that name it on purpose (--annotator Gold). */
#define GLS_GOLD_ANNOTATOR "Gold"

gboolean     gls_annotator_is_gold           (const char *name);

/**
 * GlsUnitKind:
 * @GLS_UNIT_AGREEMENT: every compared annotator has the same spans (fragments and labels)
 * @GLS_UNIT_ONLY_SOME: some compared annotators have no span there
 * @GLS_UNIT_LABEL: everyone has spans of the same extents, with different labels
 * @GLS_UNIT_EXTENT: everyone has spans there, of different extents
 *
 * What a unit is. A unit is a cluster of the compared annotators' spans that overlap one
 * another, transitively, by their extent (first start to last end, so a discontinuous span
 * takes in what lies between its fragments).
 */
typedef enum
{
  GLS_UNIT_AGREEMENT,
  GLS_UNIT_ONLY_SOME,
  GLS_UNIT_LABEL,
  GLS_UNIT_EXTENT,
} GlsUnitKind;

const char  *gls_unit_kind_to_string         (GlsUnitKind  kind);

/**
 * GlsDecision:
 * @GLS_DECISION_NONE: no decision recorded (the unit may still be settled by Gold's spans)
 * @GLS_DECISION_ACCEPT: one annotator's spans of the unit were copied into Gold
 * @GLS_DECISION_ACCEPT_ALL: every annotator's distinct spans were copied into Gold
 * @GLS_DECISION_REJECT: Gold has nothing there, on purpose
 * @GLS_DECISION_EDIT: Gold's spans there are as the reviewer made them
 *
 * Stored as "accept", "accept-all", "reject", "edit" in the decisions table.
 */
typedef enum
{
  GLS_DECISION_NONE,
  GLS_DECISION_ACCEPT,
  GLS_DECISION_ACCEPT_ALL,
  GLS_DECISION_REJECT,
  GLS_DECISION_EDIT,
} GlsDecision;

const char  *gls_decision_to_string          (GlsDecision  decision);

/**
 * GlsUnitSpan:
 * @id: the span
 * @annotator: whose (an interned string)
 * @label: its label's name (an interned string)
 * @start: its first character
 * @end: one past its last character
 * @n_fragments: 1, or more for a discontinuous span (get the pieces with its id)
 */
typedef struct
{
  gint64       id;
  const char  *annotator;
  const char  *label;
  gint64       start;
  gint64       end;
  guint        n_fragments;
} GlsUnitSpan;

/**
 * GlsReviewUnit:
 * @document_id: the document
 * @index: the unit's number in its document, from 0, counting every unit (agreements too)
 * @kind: agreement, or which kind of disagreement
 * @start: the first character of its first span
 * @end: one past the last character of its spans
 * @settled: a decision covers it, or Gold has exactly one annotator's (non-empty) version
 * @decision: the decision recorded for its extent, or %GLS_DECISION_NONE
 * @accepted: (nullable): for %GLS_DECISION_ACCEPT, whose version (interned)
 * @n_annotators: how many annotators were compared (those without spans here included)
 * @annotators: their names (interned), in comparison order, %NULL-terminated
 * @n_spans: how many spans it has
 * @spans: its spans, by annotator in comparison order, then start, end, fragments, label
 *
 * One unit of gls_project_find_disagreements(). Each unit is one block of memory: free it
 * with g_free() (the array returned frees its units itself).
 */
typedef struct
{
  gint64              document_id;
  guint               index;
  GlsUnitKind         kind;
  gint64              start;
  gint64              end;
  gboolean            settled;
  GlsDecision         decision;
  const char         *accepted;
  guint               n_annotators;
  const char * const *annotators;
  guint               n_spans;
  const GlsUnitSpan  *spans;
} GlsReviewUnit;

/* Units of one document: @annotators are compared exactly as given (an annotator without a
 * span in the document is "missing" everywhere); NULL or empty compares the annotators other
 * than Gold who have spans in the document, and gives no units when fewer than two do. */
GPtrArray   *gls_project_find_disagreements  (GlsProject          *self,
                                              gint64               document_id,
                                              const char * const  *annotators,
                                              GError             **error);

/**
 * GlsReviewProgress:
 * @n_documents: documents with units (compared by two annotators, or as asked)
 * @n_reviewed: of those, documents whose status is "reviewed"
 * @n_agreements: agreement units
 * @n_disagreements: units of the other kinds
 * @n_unsettled_agreements: agreement units Gold does not have yet
 * @n_unsettled_disagreements: disagreement units nobody has decided
 *
 * How far a review is, in one document or the whole project.
 */
typedef struct
{
  guint n_documents;
  guint n_reviewed;
  guint n_agreements;
  guint n_disagreements;
  guint n_unsettled_agreements;
  guint n_unsettled_disagreements;
} GlsReviewProgress;

/* @document_id 0: every document, added up. Same units as gls_project_find_disagreements(),
 * without building them. */
gboolean     gls_project_count_unsettled     (GlsProject          *self,
                                              gint64               document_id,
                                              const char * const  *annotators,
                                              GlsReviewProgress   *progress,
                                              GError             **error);

/* Adjudication. Each call is one edit (one transaction, one journal row naming the project's
 * annotator, the reviewer): undo takes it back whole, Gold's spans, the decision and the
 * document status together. A decision replaces the Gold spans that lie inside the unit's
 * extent with the decided ones and records (or replaces) the decision for that extent.
 * Deciding again what is already so changes nothing and records nothing. When it leaves no
 * unit of the document unsettled, the document's status becomes "reviewed" in the same edit.
 *
 * @unit names the unit: its document, extent and annotators; it is looked for again in the
 * project as it is now, and %GLS_ERROR_NOT_FOUND says it has changed since. @annotator is the
 * annotator whose version %GLS_DECISION_ACCEPT takes (NULL for the other decisions). */
gboolean     gls_project_decide              (GlsProject          *self,
                                              const GlsReviewUnit *unit,
                                              GlsDecision          decision,
                                              const char          *annotator,
                                              GError             **error);

/* Copies every agreement unit of a document (@document_id 0: of every document) into Gold,
 * as one edit. Units that are settled already, or where Gold has spans of another version,
 * are left alone (the reviewer's work is never overwritten in bulk). @n_accepted: how many
 * units were copied; with none, nothing is recorded. */
gboolean     gls_project_accept_agreements   (GlsProject          *self,
                                              gint64               document_id,
                                              const char * const  *annotators,
                                              guint               *n_accepted,
                                              GError             **error);

/* "Edit": a span of Gold's made by hand, as gls_project_add_span() makes the project
 * annotator's. Change or delete Gold's spans with the ordinary span functions, then record
 * GLS_DECISION_EDIT for the unit. */
gint64       gls_project_add_gold_span       (GlsProject          *self,
                                              gint64               document_id,
                                              const GlsFragment   *fragments,
                                              guint                n_fragments,
                                              gint64               label_id,
                                              GError             **error);

G_END_DECLS
