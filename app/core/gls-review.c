/* gls-review.c — where annotators disagree, and adjudication into a Gold layer
 *
 * Units. One indexed query reads a document's spans ordered by start (the covering index
 * spans_identity answers it without touching the table); the spans of the compared
 * annotators are then swept once, left to right: a span that starts before the current
 * cluster ends joins it, so each unit is a run of spans that overlap transitively. Within a
 * unit, each annotator's spans are put in a canonical order (start, end, fragments, label)
 * and compared: the same everywhere is an agreement; someone without a span there is
 * "only some"; the same extents with other labels is a label disagreement; anything else is
 * an extent disagreement. Cost: the query, plus a sort of each (small) unit.
 *
 * Gold. The adjudicated layer is the spans of the reserved annotator "Gold". Its spans are
 * read by the same query and matched to units by containment: a Gold span belongs to the
 * unit whose extent holds it whole.
 *
 * Settled. A unit is settled when a decision is recorded for its exact extent (the decisions
 * table, one row per document and extent), or when Gold's spans in it are exactly one
 * annotator's (non-empty) version. So accepting agreements needs no decision rows, and a
 * unit whose extent changes after a decision (an annotator moved a span) asks to be decided
 * again.
 *
 * Decisions. Each is one edit through the journal (gls-edit.c), with Gold's spans, the
 * decision row and the document status in it, so one undo takes it back whole and the
 * journal row names the reviewer and the time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-review"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-project-private.h"
#include "gls-review.h"

gboolean
gls_annotator_is_gold (const char *name)
{
  return g_strcmp0 (name, GLS_GOLD_ANNOTATOR) == 0;
}

const char *
gls_unit_kind_to_string (GlsUnitKind kind)
{
  switch (kind)
    {
    case GLS_UNIT_AGREEMENT:
      return "agreement";
    case GLS_UNIT_ONLY_SOME:
      return "only-some";
    case GLS_UNIT_LABEL:
      return "label";
    case GLS_UNIT_EXTENT:
      return "extent";
    default:
      return NULL;
    }
}

const char *
gls_decision_to_string (GlsDecision decision)
{
  switch (decision)
    {
    case GLS_DECISION_ACCEPT:
      return "accept";
    case GLS_DECISION_ACCEPT_ALL:
      return "accept-all";
    case GLS_DECISION_REJECT:
      return "reject";
    case GLS_DECISION_EDIT:
      return "edit";
    case GLS_DECISION_NONE:
    default:
      return NULL;
    }
}

static GlsDecision
decision_from_string (const char *string)
{
  for (GlsDecision d = GLS_DECISION_ACCEPT; d <= GLS_DECISION_EDIT; d++)
    if (g_strcmp0 (gls_decision_to_string (d), string) == 0)
      return d;
  return GLS_DECISION_NONE;
}

/* ------------------------------------------------------------------------------------------ */
/* The sweep                                                                                    */

/* One span as the sweep reads it. */
typedef struct
{
  gint64 id;
  gint64 start;
  gint64 end;
  gint64 label;
  const char *fragments;    /* NULL for a span in one piece; else in Sweep.strings */
  guint annotator;          /* index into the compared annotators */
} Row;

typedef struct
{
  gint64 start;
  gint64 end;
  GlsDecision decision;
  const char *accepted;     /* interned, or NULL */
} Decided;

/* What one review call shares across its documents. */
typedef struct
{
  GlsProject *project;
  gboolean explicit;        /* compare exactly these annotators */
  GPtrArray *names;         /* interned names asked for (explicit), in order */
  GArray *ids;              /* gint64 annotator ids of @names */
  gint64 gold_id;           /* 0: nobody's spans are Gold's yet */
  GHashTable *labels;       /* gint64 label id → interned name */
  int relations;            /* whether the project has any: 0 not asked yet, 1 yes, -1 no */
} Review;

/* One document, being swept. */
typedef struct
{
  Review *review;
  gint64 document_id;
  GPtrArray *names;         /* interned names compared in this document, in order */
  GArray *ids;              /* gint64, parallel */
  GArray *rows;             /* Row: the compared annotators' spans, by start */
  GArray *gold;             /* Row: Gold's spans, by start */
  GArray *decided;          /* Decided, by start, then end */
  GStringChunk *strings;
} Sweep;

/* One unit, as the sweep hands it on: its spans sorted by annotator, then canonically. */
typedef struct
{
  guint index;
  GlsUnitKind kind;
  gint64 start;
  gint64 end;
  gboolean settled;
  guint n_gold;             /* Gold's spans inside its extent */
  GlsDecision decision;
  const char *accepted;
  const Row *rows;
  guint n_rows;
} Unit;

typedef gboolean (*UnitFunc) (Sweep       *sweep,
                              const Unit  *unit,
                              gpointer     data,
                              GError     **error);

static void
review_clear (Review *review)
{
  g_clear_pointer (&review->names, g_ptr_array_unref);
  g_clear_pointer (&review->ids, g_array_unref);
  g_clear_pointer (&review->labels, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Review, review_clear)

static void
sweep_clear (Sweep *sweep)
{
  g_clear_pointer (&sweep->names, g_ptr_array_unref);
  g_clear_pointer (&sweep->ids, g_array_unref);
  g_clear_pointer (&sweep->rows, g_array_unref);
  g_clear_pointer (&sweep->gold, g_array_unref);
  g_clear_pointer (&sweep->decided, g_array_unref);
  g_clear_pointer (&sweep->strings, g_string_chunk_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Sweep, sweep_clear)

static gint64
lookup_annotator (GlsProject  *project,
                  const char  *name,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  if (!(stmt = _gls_project_cached (project, "SELECT id FROM annotators WHERE name = ?1", error)))
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _gls_project_check_sql (project, rc, error) ? 0 : -1;
  return id;
}

/* Checks the annotators asked for: they exist, and none is Gold. */
static gboolean
review_init (Review             *review,
             GlsProject         *project,
             const char * const *annotators,
             GError            **error)
{
  memset (review, 0, sizeof *review);
  review->project = project;
  review->names = g_ptr_array_new ();
  review->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  review->labels = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  review->explicit = annotators != NULL && annotators[0] != NULL;

  for (guint i = 0; review->explicit && annotators[i] != NULL; i++)
    {
      const char *name = g_intern_string (annotators[i]);
      gboolean seen = FALSE;
      gint64 id;

      if (gls_annotator_is_gold (name))
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                       _("“%s” is the adjudicated layer, not an annotator to compare"), name);
          return FALSE;
        }
      if ((id = lookup_annotator (project, name, error)) < 0)
        return FALSE;
      if (id == 0)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                       _("%s: no annotator named “%s”"), gls_project_get_path (project), name);
          return FALSE;
        }
      for (guint k = 0; k < review->names->len; k++)
        seen |= g_ptr_array_index (review->names, k) == name;
      if (seen)
        continue;
      g_ptr_array_add (review->names, (gpointer)name);
      g_array_append_val (review->ids, id);
    }
  return (review->gold_id = lookup_annotator (project, GLS_GOLD_ANNOTATOR, error)) >= 0;
}

static const char *
label_name (Review *review,
            gint64  label_id)
{
  const char *name = g_hash_table_lookup (review->labels, &label_id);
  GlsLabel *label;

  if (name != NULL)
    return name;
  label = gls_project_lookup_label (review->project, label_id);
  name = g_intern_string (label ? gls_label_get_name (label) : "?");
  g_hash_table_insert (review->labels, g_memdup2 (&label_id, sizeof label_id), (gpointer)name);
  return name;
}

static int
compare_rows (gconstpointer a,
              gconstpointer b)
{
  const Row *x = a, *y = b;
  int c;

  if (x->annotator != y->annotator)
    return x->annotator < y->annotator ? -1 : 1;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  if ((c = g_strcmp0 (x->fragments, y->fragments)) != 0)
    return c;
  if (x->label != y->label)
    return x->label < y->label ? -1 : 1;
  return 0;
}

static inline gboolean
same_extent (const Row *x,
             const Row *y)
{
  return x->start == y->start && x->end == y->end && g_strcmp0 (x->fragments, y->fragments) == 0;
}

static inline gboolean
same_span (const Row *x,
           const Row *y)
{
  return same_extent (x, y) && x->label == y->label;
}

/* Whether two canonically sorted runs are the same spans (or extents, without labels). */
static gboolean
same_version (const Row *a,
              guint      n_a,
              const Row *b,
              guint      n_b,
              gboolean   with_labels)
{
  if (n_a != n_b)
    return FALSE;
  for (guint i = 0; i < n_a; i++)
    if (with_labels ? !same_span (&a[i], &b[i]) : !same_extent (&a[i], &b[i]))
      return FALSE;
  return TRUE;
}

/* Reads the document's spans: the compared annotators' into rows, Gold's into gold. */
static gboolean
sweep_load (Sweep   *sweep,
            GError **error)
{
  Review *review = sweep->review;
  GlsProject *project = review->project;
  sqlite3_stmt *stmt;
  int rc;

  if (review->explicit)
    {
      g_ptr_array_extend (sweep->names, review->names, NULL, NULL);
      g_array_append_vals (sweep->ids, review->ids->data, review->ids->len);
    }

  /* Ordered by start through the index (document, start, end, label, annotator, fragments),
   * which holds every column read here: the table itself is not visited. */
  stmt = _gls_project_cached (project, "SELECT id, annotator, label, start, end, fragments "
                                       "FROM spans WHERE document = ?1 ORDER BY start", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sweep->document_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 annotator = sqlite3_column_int64 (stmt, 1);
      const char *fragments = (const char *)sqlite3_column_text (stmt, 5);
      Row row;
      guint a;

      row.id = sqlite3_column_int64 (stmt, 0);
      row.label = sqlite3_column_int64 (stmt, 2);
      row.start = sqlite3_column_int64 (stmt, 3);
      row.end = sqlite3_column_int64 (stmt, 4);
      row.fragments = fragments != NULL && *fragments != '\0'
                      ? g_string_chunk_insert_const (sweep->strings, fragments) : NULL;
      row.annotator = 0;
      if (annotator == review->gold_id)
        {
          g_array_append_val (sweep->gold, row);
          continue;
        }
      for (a = 0; a < sweep->ids->len; a++)
        if (g_array_index (sweep->ids, gint64, a) == annotator)
          break;
      if (a == sweep->ids->len)
        {
          const char *name;

          if (review->explicit)
            continue;
          /* Every annotator with spans here is compared; the order is settled below. */
          name = _gls_project_get_annotator_name (project, annotator);
          g_array_append_val (sweep->ids, annotator);
          g_ptr_array_add (sweep->names, (gpointer)(name ? name : g_intern_string ("?")));
        }
      row.annotator = a;
      g_array_append_val (sweep->rows, row);
    }
  sqlite3_reset (stmt);
  if (!_gls_project_check_sql (project, rc, error))
    return FALSE;

  if (!review->explicit)
    {
      guint n = sweep->names->len;
      g_autofree guint *order = g_new (guint, MAX (n, 1));
      g_autofree guint *rank = g_new (guint, MAX (n, 1));
      g_autoptr(GPtrArray) names = g_ptr_array_new ();
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      /* Fewer than two: nothing to compare, no units. */
      if (n < 2)
        {
          g_array_set_size (sweep->rows, 0);
          return TRUE;
        }
      /* By name, so that the order does not depend on who was imported first. */
      for (guint i = 0; i < n; i++)
        order[i] = i;
      for (guint i = 1; i < n; i++)
        for (guint k = i; k > 0 && strcmp (g_ptr_array_index (sweep->names, order[k - 1]),
                                           g_ptr_array_index (sweep->names, order[k])) > 0; k--)
          {
            guint tmp = order[k];
            order[k] = order[k - 1];
            order[k - 1] = tmp;
          }
      for (guint i = 0; i < n; i++)
        {
          rank[order[i]] = i;
          g_ptr_array_add (names, g_ptr_array_index (sweep->names, order[i]));
          g_array_append_val (ids, g_array_index (sweep->ids, gint64, order[i]));
        }
      for (guint i = 0; i < sweep->rows->len; i++)
        {
          Row *row = &g_array_index (sweep->rows, Row, i);
          row->annotator = rank[row->annotator];
        }
      g_clear_pointer (&sweep->names, g_ptr_array_unref);
      g_clear_pointer (&sweep->ids, g_array_unref);
      sweep->names = g_steal_pointer (&names);
      sweep->ids = g_steal_pointer (&ids);
    }

  stmt = _gls_project_cached (project, "SELECT start, end, kind, accepted FROM decisions "
                                       "WHERE document = ?1 ORDER BY start, end", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, sweep->document_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *accepted = (const char *)sqlite3_column_text (stmt, 3);
      Decided d;

      d.start = sqlite3_column_int64 (stmt, 0);
      d.end = sqlite3_column_int64 (stmt, 1);
      d.decision = decision_from_string ((const char *)sqlite3_column_text (stmt, 2));
      d.accepted = accepted ? g_intern_string (accepted) : NULL;
      g_array_append_val (sweep->decided, d);
    }
  sqlite3_reset (stmt);
  return _gls_project_check_sql (project, rc, error);
}

static gboolean
sweep_init (Sweep    *sweep,
            Review   *review,
            gint64    document_id,
            GError  **error)
{
  memset (sweep, 0, sizeof *sweep);
  sweep->review = review;
  sweep->document_id = document_id;
  sweep->names = g_ptr_array_new ();
  sweep->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  sweep->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  sweep->gold = g_array_new (FALSE, FALSE, sizeof (Row));
  sweep->decided = g_array_new (FALSE, FALSE, sizeof (Decided));
  sweep->strings = g_string_chunk_new (1024);

  if (gls_project_lookup_document (review->project, document_id) == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                   _("%s: no document with id %" PRId64),
                   gls_project_get_path (review->project), document_id);
      return FALSE;
    }
  return sweep_load (sweep, error);
}

static GlsUnitKind
classify (const Row *rows,
          guint      n_rows,
          guint      n_annotators,
          guint     *bounds)
{
  gboolean same_spans = TRUE, same_extents = TRUE;
  guint r = 0;

  /* bounds[a] .. bounds[a + 1]: annotator a's spans. */
  for (guint a = 0; a < n_annotators; a++)
    {
      bounds[a] = r;
      while (r < n_rows && rows[r].annotator == a)
        r++;
    }
  bounds[n_annotators] = r;

  for (guint a = 0; a < n_annotators; a++)
    if (bounds[a] == bounds[a + 1])
      return GLS_UNIT_ONLY_SOME;
  for (guint a = 1; a < n_annotators && same_extents; a++)
    {
      const Row *first = rows + bounds[0], *other = rows + bounds[a];
      guint n_first = bounds[1] - bounds[0], n_other = bounds[a + 1] - bounds[a];

      same_spans = same_spans && same_version (first, n_first, other, n_other, TRUE);
      same_extents = same_version (first, n_first, other, n_other, FALSE);
    }
  if (same_spans && same_extents)
    return GLS_UNIT_AGREEMENT;
  return same_extents ? GLS_UNIT_LABEL : GLS_UNIT_EXTENT;
}

/* Walks the units of the document in order, adding them up into @progress. */
static gboolean
sweep_run (Sweep              *sweep,
           UnitFunc            func,
           gpointer            data,
           GlsReviewProgress  *progress,
           GError            **error)
{
  guint n_annotators = sweep->names->len;
  g_autofree guint *bounds = g_new (guint, n_annotators + 1);
  g_autoptr(GArray) cluster = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GArray) gold = g_array_new (FALSE, FALSE, sizeof (Row));
  const Row *rows = (const Row *)(gpointer)sweep->rows->data;
  const Row *gold_rows = (const Row *)(gpointer)sweep->gold->data;
  const Decided *decided = (const Decided *)(gpointer)sweep->decided->data;
  guint n_rows = sweep->rows->len, next_gold = 0, next_decided = 0, index = 0;
  guint n_units = 0;
  GlsDocument *document = gls_project_lookup_document (sweep->review->project,
                                                       sweep->document_id);

  for (guint i = 0; i < n_rows;)
    {
      Unit unit = { 0 };
      gint64 end = rows[i].end;
      guint j = i + 1;

      while (j < n_rows && rows[j].start < end)
        {
          end = MAX (end, rows[j].end);
          j++;
        }

      unit.index = index++;
      unit.start = rows[i].start;
      unit.end = end;
      g_array_set_size (cluster, 0);
      g_array_append_vals (cluster, rows + i, j - i);
      if (cluster->len > 1)
        qsort (cluster->data, cluster->len, sizeof (Row), compare_rows);
      unit.rows = (const Row *)(gpointer)cluster->data;
      unit.n_rows = cluster->len;
      unit.kind = classify (unit.rows, unit.n_rows, n_annotators, bounds);

      /* Gold's spans that lie inside the unit; units do not overlap, so one pointer walks. */
      g_array_set_size (gold, 0);
      while (next_gold < sweep->gold->len && gold_rows[next_gold].start < unit.start)
        next_gold++;
      for (guint g = next_gold; g < sweep->gold->len && gold_rows[g].start < unit.end; g++)
        if (gold_rows[g].end <= unit.end)
          g_array_append_val (gold, gold_rows[g]);
      if (gold->len > 1)
        qsort (gold->data, gold->len, sizeof (Row), compare_rows);
      unit.n_gold = gold->len;

      while (next_decided < sweep->decided->len && decided[next_decided].start < unit.start)
        next_decided++;
      for (guint d = next_decided;
           d < sweep->decided->len && decided[d].start == unit.start; d++)
        if (decided[d].end == unit.end)
          {
            unit.decision = decided[d].decision;
            unit.accepted = decided[d].accepted;
          }

      unit.settled = unit.decision != GLS_DECISION_NONE;
      for (guint a = 0; a < n_annotators && !unit.settled && gold->len > 0; a++)
        unit.settled = same_version ((const Row *)(gpointer)gold->data, gold->len,
                                     unit.rows + bounds[a], bounds[a + 1] - bounds[a], TRUE);

      n_units++;
      if (unit.kind == GLS_UNIT_AGREEMENT)
        {
          progress->n_agreements++;
          progress->n_unsettled_agreements += !unit.settled;
        }
      else
        {
          progress->n_disagreements++;
          progress->n_unsettled_disagreements += !unit.settled;
        }
      if (func != NULL && !func (sweep, &unit, data, error))
        return FALSE;
      i = j;
    }

  if (n_units > 0)
    {
      progress->n_documents++;
      if (document != NULL && gls_document_get_status (document) == GLS_DOCUMENT_REVIEWED)
        progress->n_reviewed++;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Finding and counting                                                                         */

static gboolean
add_unit (Sweep       *sweep,
          const Unit  *unit,
          gpointer     data,
          GError     **error)
{
  GPtrArray *units = data;
  guint n_annotators = sweep->names->len;
  gsize size = sizeof (GlsReviewUnit) + unit->n_rows * sizeof (GlsUnitSpan) +
               (n_annotators + 1) * sizeof (const char *);
  GlsReviewUnit *out = g_malloc0 (size);
  GlsUnitSpan *spans = (GlsUnitSpan *)(out + 1);
  const char **names = (const char **)(spans + unit->n_rows);

  G_STATIC_ASSERT (sizeof (GlsReviewUnit) % sizeof (gint64) == 0);
  G_STATIC_ASSERT (sizeof (GlsUnitSpan) % sizeof (gpointer) == 0);

  out->document_id = sweep->document_id;
  out->index = unit->index;
  out->kind = unit->kind;
  out->start = unit->start;
  out->end = unit->end;
  out->settled = unit->settled;
  out->decision = unit->decision;
  out->accepted = unit->accepted;
  out->n_annotators = n_annotators;
  out->annotators = names;
  out->n_spans = unit->n_rows;
  out->spans = spans;
  for (guint a = 0; a < n_annotators; a++)
    names[a] = g_ptr_array_index (sweep->names, a);
  names[n_annotators] = NULL;
  for (guint i = 0; i < unit->n_rows; i++)
    {
      const Row *row = &unit->rows[i];

      spans[i].id = row->id;
      spans[i].annotator = names[row->annotator];
      spans[i].label = label_name (sweep->review, row->label);
      spans[i].start = row->start;
      spans[i].end = row->end;
      spans[i].n_fragments = 1;
      for (const char *p = row->fragments; p && *p; p++)
        spans[i].n_fragments += *p == ',';
    }
  g_ptr_array_add (units, out);
  return TRUE;
}

/**
 * gls_project_find_disagreements:
 * @annotators: (nullable) (array zero-terminated=1): who to compare, in this order
 *
 * Groups the spans of one document into units (spans that overlap, transitively) and tells
 * each unit's kind, whether it is settled and what was decided there. Gold's spans are never
 * compared; naming Gold is %GLS_ERROR_INVALID, naming an annotator the project does not have
 * is %GLS_ERROR_NOT_FOUND, as is an unknown document.
 *
 * Returns: (transfer full) (element-type GlsReviewUnit): every unit, agreements included,
 *   sorted by start; %NULL with @error set
 */
GPtrArray *
gls_project_find_disagreements (GlsProject          *self,
                                gint64               document_id,
                                const char * const  *annotators,
                                GError             **error)
{
  g_auto(Review) review = { 0 };
  g_auto(Sweep) sweep = { 0 };
  g_autoptr(GPtrArray) units = NULL;
  GlsReviewProgress progress = { 0 };

  g_return_val_if_fail (GLS_IS_PROJECT (self), NULL);

  if (!review_init (&review, self, annotators, error) ||
      !sweep_init (&sweep, &review, document_id, error))
    return NULL;
  units = g_ptr_array_new_full (sweep.rows->len / 2 + 1, g_free);
  if (!sweep_run (&sweep, add_unit, units, &progress, error))
    return NULL;
  return g_steal_pointer (&units);
}

/**
 * gls_project_count_unsettled:
 * @document_id: a document, or 0 for every document of the project
 * @annotators: (nullable) (array zero-terminated=1): as for gls_project_find_disagreements()
 * @progress: (out caller-allocates): the counts
 *
 * Counts the units of a document (or of all) and how many are not settled yet.
 */
gboolean
gls_project_count_unsettled (GlsProject          *self,
                             gint64               document_id,
                             const char * const  *annotators,
                             GlsReviewProgress   *progress,
                             GError             **error)
{
  g_auto(Review) review = { 0 };
  GListModel *documents;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (progress != NULL, FALSE);

  memset (progress, 0, sizeof *progress);
  if (!review_init (&review, self, annotators, error))
    return FALSE;
  if (document_id != 0)
    {
      g_auto(Sweep) sweep = { 0 };

      return sweep_init (&sweep, &review, document_id, error) &&
             sweep_run (&sweep, NULL, NULL, progress, error);
    }

  documents = gls_project_get_documents (self);
  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(GlsDocument) document = g_list_model_get_item (documents, i);
      g_auto(Sweep) sweep = { 0 };

      if (!sweep_init (&sweep, &review, gls_document_get_id (document), error) ||
          !sweep_run (&sweep, NULL, NULL, progress, error))
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------------------------------ */
/* Writing Gold                                                                                 */

static gint64
ensure_gold (Review  *review,
             GError **error)
{
  if (review->gold_id == 0)
    review->gold_id = _gls_project_ensure_annotator (review->project, GLS_GOLD_ANNOTATOR, error);
  return review->gold_id;
}

typedef struct
{
  char *type;
  gint64 other;             /* the Gold copy of the relation's other end */
  gboolean outgoing;        /* the copied span is the relation's source */
} Link;

static void
link_clear (gpointer data)
{
  g_free (((Link *)data)->type);
}

/* Gives Gold the relations of span @source (as source or target) whose other end has a Gold
 * copy too, between @gold and that copy. Each span brings them along when it is copied, so
 * whichever of two related spans reaches Gold last links them, in any order of decisions;
 * a relation Gold has already is not made twice. */
static gboolean
copy_relations_to_gold (GlsEdit  *edit,
                        Review   *review,
                        gint64    source,
                        gint64    gold,
                        GError  **error)
{
  GlsProject *project = review->project;
  g_autoptr(GArray) links = g_array_new (FALSE, FALSE, sizeof (Link));
  sqlite3_stmt *stmt;
  int rc;

  if (review->relations == 0)
    {
      if (!(stmt = _gls_project_cached (project, "SELECT EXISTS (SELECT 1 FROM relations)",
                                        error)))
        return FALSE;
      rc = sqlite3_step (stmt);
      review->relations = rc == SQLITE_ROW && sqlite3_column_int (stmt, 0) ? 1 : -1;
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        return _gls_project_check_sql (project, rc, error);
    }
  if (review->relations < 0)
    return TRUE;

  g_array_set_clear_func (links, link_clear);
  if (!(stmt = _gls_project_cached (project,
                                    "SELECT DISTINCT r.type, g.id, r.source = ?1 FROM relations r "
                                    "JOIN spans o ON o.id = CASE WHEN r.source = ?1 "
                                    "  THEN r.target ELSE r.source END "
                                    "JOIN spans g ON g.document = o.document AND g.start = o.start "
                                    "  AND g.end = o.end AND g.label = o.label "
                                    "  AND g.annotator = ?2 AND g.fragments = o.fragments "
                                    "WHERE (r.source = ?1 OR r.target = ?1) AND g.id != ?3",
                                    error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, source);
  sqlite3_bind_int64 (stmt, 2, review->gold_id);
  sqlite3_bind_int64 (stmt, 3, gold);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Link link = { g_strdup ((const char *)sqlite3_column_text (stmt, 0)),
                    sqlite3_column_int64 (stmt, 1), sqlite3_column_int (stmt, 2) };

      g_array_append_val (links, link);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _gls_project_check_sql (project, rc, error);

  for (guint i = 0; i < links->len; i++)
    {
      const Link *link = &g_array_index (links, Link, i);

      if (!(stmt = _gls_project_cached (project,
                                        "INSERT INTO relations (type, source, target, annotator, "
                                        "created) SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS "
                                        "(SELECT 1 FROM relations WHERE type = ?1 AND source = ?2 "
                                        "AND target = ?3)", error)))
        return FALSE;
      sqlite3_bind_text (stmt, 1, link->type, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, link->outgoing ? gold : link->other);
      sqlite3_bind_int64 (stmt, 3, link->outgoing ? link->other : gold);
      sqlite3_bind_int64 (stmt, 4, review->gold_id);
      sqlite3_bind_int64 (stmt, 5, _gls_project_now ());
      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      if (!_gls_project_check_sql (project, rc, error))
        return FALSE;
      if (sqlite3_changes (_gls_project_get_db (project)) > 0)
        _gls_edit_created (edit, "relations",
                           sqlite3_last_insert_rowid (_gls_project_get_db (project)));
    }
  return TRUE;
}

/* Copies span @source (label, fragments, note, knowledge-base id, attributes) into Gold, with
 * its relations to spans already there. */
static gboolean
copy_to_gold (GlsEdit  *edit,
              Review   *review,
              gint64    source,
              GError  **error)
{
  GlsProject *project = review->project;
  sqlite3_stmt *stmt;
  gint64 gold;

  stmt = _gls_project_cached (project,
                              "INSERT INTO spans (document, label, annotator, start, end, "
                              "fragments, note, kb_id, attributes, created, changed) "
                              "SELECT document, label, ?2, start, end, fragments, note, kb_id, "
                              "attributes, ?3, ?3 FROM spans WHERE id = ?1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, source);
  sqlite3_bind_int64 (stmt, 2, review->gold_id);
  sqlite3_bind_int64 (stmt, 3, _gls_project_now ());
  if (!_gls_project_check_sql (project, sqlite3_step (stmt), error))
    {
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  gold = sqlite3_last_insert_rowid (_gls_project_get_db (project));
  _gls_edit_created (edit, "spans", gold);
  return copy_relations_to_gold (edit, review, source, gold, error);
}

/* Deletes one of Gold's spans, with its relations first, so that undo brings them back. */
static gboolean
delete_from_gold (GlsEdit     *edit,
                  GlsProject  *project,
                  gint64       span_id,
                  GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _gls_project_cached (project, "SELECT id FROM relations WHERE source = ?1 OR "
                                             "target = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, span_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    if (!_gls_edit_touch (edit, "relations", sqlite3_column_int64 (stmt, 0), error))
      {
        sqlite3_reset (stmt);
        return FALSE;
      }
  sqlite3_reset (stmt);
  if (!_gls_project_check_sql (project, rc, error) ||
      !_gls_edit_touch (edit, "spans", span_id, error))
    return FALSE;

  if (!(stmt = _gls_project_cached (project, "DELETE FROM spans WHERE id = ?1", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, span_id);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return _gls_project_check_sql (project, rc, error);
}

/* Within the edit: "reviewed" when the document has units and none is left unsettled. */
static gboolean
mark_reviewed_if_done (GlsEdit                  *edit,
                       GlsProject               *project,
                       gint64                    document_id,
                       const GlsReviewProgress  *after,
                       GError                  **error)
{
  GlsDocument *document = gls_project_lookup_document (project, document_id);
  sqlite3_stmt *stmt;
  int rc;

  if (document == NULL || after->n_agreements + after->n_disagreements == 0 ||
      after->n_unsettled_agreements + after->n_unsettled_disagreements > 0 ||
      gls_document_get_status (document) == GLS_DOCUMENT_REVIEWED)
    return TRUE;
  if (!_gls_edit_touch (edit, "documents", document_id, error) ||
      !(stmt = _gls_project_cached (project, "UPDATE documents SET status = ?2 WHERE id = ?1",
                                    error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int (stmt, 2, GLS_DOCUMENT_REVIEWED);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  return _gls_project_check_sql (project, rc, error);
}

/* ------------------------------------------------------------------------------------------ */
/* One decision                                                                                 */

typedef struct
{
  const GlsReviewUnit *wanted;
  GArray *rows;             /* Row: the unit as it is now, canonically sorted */
  GPtrArray *names;         /* its annotators (the sweep's) */
  gboolean found;
  gboolean was_settled;
  GlsDecision decision;     /* recorded there before */
  const char *accepted;
} FindUnit;

static gboolean
find_unit (Sweep       *sweep,
           const Unit  *unit,
           gpointer     data,
           GError     **error)
{
  FindUnit *find = data;

  if (unit->start != find->wanted->start || unit->end != find->wanted->end)
    return TRUE;
  find->found = TRUE;
  find->was_settled = unit->settled;
  find->decision = unit->decision;
  find->accepted = unit->accepted;
  g_array_append_vals (find->rows, unit->rows, unit->n_rows);
  find->names = sweep->names;
  return TRUE;
}

/* Whether the unit found holds the very spans the caller saw, as they were. */
static gboolean
unit_unchanged (Review         *review,
                const FindUnit *find)
{
  if (!find->found || find->rows->len != find->wanted->n_spans)
    return FALSE;
  for (guint i = 0; i < find->rows->len; i++)
    {
      const Row *row = &g_array_index (find->rows, Row, i);
      gboolean present = FALSE;

      for (guint k = 0; k < find->wanted->n_spans && !present; k++)
        {
          const GlsUnitSpan *span = &find->wanted->spans[k];

          present = span->id == row->id && span->start == row->start && span->end == row->end &&
                    g_strcmp0 (span->label, label_name (review, row->label)) == 0;
        }
      if (!present)
        return FALSE;
    }
  return TRUE;
}

/* Gold's spans inside [start, end) of a document, as rows. */
static gboolean
load_gold (Review        *review,
           gint64         document_id,
           gint64         start,
           gint64         end,
           GStringChunk  *strings,
           GArray        *gold,
           GError       **error)
{
  GlsProject *project = review->project;
  sqlite3_stmt *stmt;
  int rc;

  if (review->gold_id == 0)
    return TRUE;
  stmt = _gls_project_cached (project, "SELECT id, label, start, end, fragments FROM spans "
                                       "WHERE document = ?1 AND start >= ?2 AND start < ?3 "
                                       "AND end <= ?3 AND annotator = ?4", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, document_id);
  sqlite3_bind_int64 (stmt, 2, start);
  sqlite3_bind_int64 (stmt, 3, end);
  sqlite3_bind_int64 (stmt, 4, review->gold_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *fragments = (const char *)sqlite3_column_text (stmt, 4);
      Row row = { 0 };

      row.id = sqlite3_column_int64 (stmt, 0);
      row.label = sqlite3_column_int64 (stmt, 1);
      row.start = sqlite3_column_int64 (stmt, 2);
      row.end = sqlite3_column_int64 (stmt, 3);
      row.fragments = fragments && *fragments ? g_string_chunk_insert_const (strings, fragments)
                                              : NULL;
      g_array_append_val (gold, row);
    }
  sqlite3_reset (stmt);
  return _gls_project_check_sql (project, rc, error);
}

static gboolean
contains_span (GArray    *rows,
               const Row *row)
{
  for (guint i = 0; i < rows->len; i++)
    if (same_span (&g_array_index (rows, Row, i), row))
      return TRUE;
  return FALSE;
}

static char *
join_names (GPtrArray *names)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (out, "%s%s", i ? "," : "", (const char *)g_ptr_array_index (names, i));
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
join_ids (GArray *rows)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < rows->len; i++)
    g_string_append_printf (out, "%s%" PRId64, i ? "," : "", g_array_index (rows, Row, i).id);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Records @decision for the unit's extent, replacing one recorded before. */
static gboolean
record_decision (GlsEdit        *edit,
                 Review         *review,
                 const FindUnit *find,
                 GlsDecision     decision,
                 const char     *accepted,
                 GError        **error)
{
  GlsProject *project = review->project;
  g_autofree char *annotators = join_names (find->names);
  g_autofree char *spans = join_ids (find->rows);
  sqlite3_stmt *stmt;
  gint64 id = 0;
  int rc;

  if (!(stmt = _gls_project_cached (project, "SELECT id FROM decisions WHERE document = ?1 "
                                             "AND start = ?2 AND end = ?3", error)))
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, find->wanted->document_id);
  sqlite3_bind_int64 (stmt, 2, find->wanted->start);
  sqlite3_bind_int64 (stmt, 3, find->wanted->end);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && !_gls_project_check_sql (project, rc, error))
    return FALSE;

  if (id != 0)
    {
      if (!_gls_edit_touch (edit, "decisions", id, error) ||
          !(stmt = _gls_project_cached (project,
                                        "UPDATE decisions SET kind = ?2, accepted = ?3, "
                                        "annotators = ?4, spans = ?5, reviewer = ?6, time = ?7 "
                                        "WHERE id = ?1", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
    }
  else
    {
      if (!(stmt = _gls_project_cached (project,
                                        "INSERT INTO decisions (document, kind, accepted, "
                                        "annotators, spans, reviewer, time, start, end) "
                                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)", error)))
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, find->wanted->document_id);
      sqlite3_bind_int64 (stmt, 8, find->wanted->start);
      sqlite3_bind_int64 (stmt, 9, find->wanted->end);
    }
  sqlite3_bind_text (stmt, 2, gls_decision_to_string (decision), -1, SQLITE_STATIC);
  if (accepted != NULL)
    sqlite3_bind_text (stmt, 3, accepted, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 3);
  sqlite3_bind_text (stmt, 4, annotators, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, spans, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, gls_project_get_annotator (project), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 7, _gls_project_now ());
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (!_gls_project_check_sql (project, rc, error))
    return FALSE;
  if (id == 0)
    _gls_edit_created (edit, "decisions",
                       sqlite3_last_insert_rowid (_gls_project_get_db (project)));
  return TRUE;
}

/**
 * gls_project_decide:
 * @unit: a unit from gls_project_find_disagreements()
 * @decision: what to do with it (not %GLS_DECISION_NONE)
 * @annotator: (nullable): whose version %GLS_DECISION_ACCEPT takes; one of @unit's annotators
 *
 * Adjudicates one unit, as one edit; see gls-review.h.
 *
 * - %GLS_DECISION_ACCEPT copies @annotator's spans of the unit into Gold (label, fragments,
 *   note, knowledge-base id, attributes);
 * - %GLS_DECISION_ACCEPT_ALL copies every annotator's, each distinct span once (the first
 *   annotator's copy of spans several have);
 * - %GLS_DECISION_REJECT leaves Gold nothing there;
 * - %GLS_DECISION_EDIT keeps Gold's spans there as they are (made by hand).
 *
 * Gold spans inside the unit that the decision does not keep are deleted. When the project
 * already looks as decided, nothing is written, not even a journal row.
 *
 * Returns: %TRUE when the decision holds (recorded now or before)
 */
gboolean
gls_project_decide (GlsProject           *self,
                    const GlsReviewUnit  *unit,
                    GlsDecision           decision,
                    const char           *annotator,
                    GError              **error)
{
  g_auto(Review) review = { 0 };
  g_auto(Sweep) sweep = { 0 };
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GArray) target = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autoptr(GArray) gold = g_array_new (FALSE, FALSE, sizeof (Row));
  g_autofree char *op = NULL;
  GlsReviewProgress progress = { 0 };
  FindUnit find = { 0 };
  gboolean gold_changed = FALSE;
  guint who = G_MAXUINT;
  GlsEdit *edit;

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);
  g_return_val_if_fail (unit != NULL, FALSE);
  g_return_val_if_fail (decision > GLS_DECISION_NONE && decision <= GLS_DECISION_EDIT, FALSE);

  if (decision == GLS_DECISION_ACCEPT)
    {
      for (guint a = 0; a < unit->n_annotators; a++)
        if (g_strcmp0 (unit->annotators[a], annotator) == 0)
          who = a;
      if (who == G_MAXUINT)
        {
          g_set_error (error, GLS_ERROR, GLS_ERROR_INVALID,
                       _("“%s” is not one of the annotators compared in this unit"),
                       annotator ? annotator : "");
          return FALSE;
        }
    }
  if (!_gls_project_check_writable (self, error))
    return FALSE;

  op = g_strconcat ("decide-", gls_decision_to_string (decision), NULL);
  if (!(edit = _gls_edit_begin (self, op, unit->document_id, error)))
    return FALSE;

  /* The unit as it is now, inside the transaction. */
  find.wanted = unit;
  find.rows = rows;
  if (!review_init (&review, self, unit->annotators, error) ||
      !sweep_init (&sweep, &review, unit->document_id, error) ||
      !sweep_run (&sweep, find_unit, &find, &progress, error))
    goto fail;
  if (!unit_unchanged (&review, &find))
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND,
                   _("the spans at %" PRId64 "–%" PRId64 " of document %" PRId64 " have "
                     "changed since they were listed; look at them again"),
                   unit->start, unit->end, unit->document_id);
      goto fail;
    }

  /* What Gold should have there. */
  for (guint i = 0; i < rows->len; i++)
    {
      const Row *row = &g_array_index (rows, Row, i);

      if ((decision == GLS_DECISION_ACCEPT && row->annotator == who) ||
          (decision == GLS_DECISION_ACCEPT_ALL && !contains_span (target, row)))
        g_array_append_val (target, *row);
    }

  if (decision != GLS_DECISION_EDIT)
    {
      if (!load_gold (&review, unit->document_id, unit->start, unit->end, sweep.strings, gold,
                      error))
        goto fail;
      for (guint i = 0; i < gold->len; i++)
        if (!contains_span (target, &g_array_index (gold, Row, i)))
          {
            if (!delete_from_gold (edit, self, g_array_index (gold, Row, i).id, error))
              goto fail;
            gold_changed = TRUE;
          }
      for (guint i = 0; i < target->len; i++)
        if (!contains_span (gold, &g_array_index (target, Row, i)))
          {
            if (!ensure_gold (&review, error) ||
                !copy_to_gold (edit, &review, g_array_index (target, Row, i).id, error))
              goto fail;
            gold_changed = TRUE;
          }
    }

  /* Decided so already, and Gold as decided: nothing to record. */
  if (!gold_changed && find.decision == decision &&
      g_strcmp0 (find.accepted, decision == GLS_DECISION_ACCEPT ? annotator : NULL) == 0)
    {
      _gls_edit_abort (edit);
      return TRUE;
    }

  if (!record_decision (edit, &review, &find, decision,
                        decision == GLS_DECISION_ACCEPT ? annotator : NULL, error))
    goto fail;

  /* This unit is settled now; the others are as they were (Gold changed inside it only). */
  if (!find.was_settled)
    {
      if (unit->kind == GLS_UNIT_AGREEMENT)
        progress.n_unsettled_agreements--;
      else
        progress.n_unsettled_disagreements--;
    }
  if (!mark_reviewed_if_done (edit, self, unit->document_id, &progress, error))
    goto fail;
  return _gls_edit_commit (edit, error);

fail:
  _gls_edit_abort (edit);
  return FALSE;
}

/* ------------------------------------------------------------------------------------------ */
/* Accepting agreements in bulk                                                                 */

typedef struct
{
  GlsEdit *edit;
  guint n_accepted;
} Accept;

static gboolean
accept_unit (Sweep       *sweep,
             const Unit  *unit,
             gpointer     data,
             GError     **error)
{
  Accept *accept = data;

  if (unit->kind != GLS_UNIT_AGREEMENT || unit->settled || unit->n_gold > 0)
    return TRUE;
  if (!ensure_gold (sweep->review, error))
    return FALSE;
  /* Everyone's version is the same: the first annotator's goes in. */
  for (guint i = 0; i < unit->n_rows && unit->rows[i].annotator == 0; i++)
    if (!copy_to_gold (accept->edit, sweep->review, unit->rows[i].id, error))
      return FALSE;
  accept->n_accepted++;
  return TRUE;
}

static gboolean
accept_document (Accept   *accept,
                 Review   *review,
                 gint64    document_id,
                 GError  **error)
{
  g_auto(Sweep) sweep = { 0 };
  GlsReviewProgress progress = { 0 };
  guint before = accept->n_accepted;

  if (!sweep_init (&sweep, review, document_id, error) ||
      !sweep_run (&sweep, accept_unit, accept, &progress, error))
    return FALSE;
  /* The units copied are settled now (Gold has their version); nothing else changed. */
  progress.n_unsettled_agreements -= accept->n_accepted - before;
  return accept->n_accepted == before ||
         mark_reviewed_if_done (accept->edit, review->project, document_id, &progress, error);
}

/**
 * gls_project_accept_agreements:
 * @document_id: a document, or 0 for every document
 * @annotators: (nullable) (array zero-terminated=1): as for gls_project_find_disagreements()
 * @n_accepted: (out) (optional): how many agreement units went into Gold
 *
 * Accepts what the annotators agree on, as one edit; see gls-review.h.
 */
gboolean
gls_project_accept_agreements (GlsProject          *self,
                               gint64               document_id,
                               const char * const  *annotators,
                               guint               *n_accepted,
                               GError             **error)
{
  g_auto(Review) review = { 0 };
  Accept accept = { 0 };

  g_return_val_if_fail (GLS_IS_PROJECT (self), FALSE);

  if (n_accepted != NULL)
    *n_accepted = 0;
  if (!_gls_project_check_writable (self, error))
    return FALSE;
  if (!(accept.edit = _gls_edit_begin (self, "accept-agreements", document_id, error)))
    return FALSE;
  if (!review_init (&review, self, annotators, error))
    goto fail;

  if (document_id != 0)
    {
      if (!accept_document (&accept, &review, document_id, error))
        goto fail;
    }
  else
    {
      GListModel *documents = gls_project_get_documents (self);

      for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
        {
          g_autoptr(GlsDocument) document = g_list_model_get_item (documents, i);

          if (!accept_document (&accept, &review, gls_document_get_id (document), error))
            goto fail;
        }
    }

  if (accept.n_accepted == 0)
    {
      _gls_edit_abort (accept.edit);
      return TRUE;
    }
  if (!_gls_edit_commit (accept.edit, error))
    return FALSE;
  if (n_accepted != NULL)
    *n_accepted = accept.n_accepted;
  return TRUE;

fail:
  _gls_edit_abort (accept.edit);
  return FALSE;
}

/**
 * gls_project_add_gold_span:
 *
 * Adds a span to the Gold layer by hand, as one edit ("add-gold-span"), whoever the project's
 * annotator is.
 *
 * Returns: the new span's id, or 0 with @error set
 */
gint64
gls_project_add_gold_span (GlsProject         *self,
                           gint64              document_id,
                           const GlsFragment  *fragments,
                           guint               n_fragments,
                           gint64              label_id,
                           GError            **error)
{
  g_return_val_if_fail (GLS_IS_PROJECT (self), 0);
  g_return_val_if_fail (fragments != NULL && n_fragments > 0, 0);

  return _gls_project_add_span_as (self, GLS_GOLD_ANNOTATOR, "add-gold-span", document_id,
                                   fragments, n_fragments, label_id, error);
}
