/* test-review.c — disagreements between annotators, adjudication into Gold, progress
 *
 * One article annotated by anna and ben by hand, with one unit of every kind: an agreement,
 * a span only one of them has (each way), the same extent with other labels, overlapping
 * spans of other extents, a discontinuous span against two, and a discontinuous agreement.
 * The units are asserted exactly; then each decision is taken, checked in Gold, in the
 * decisions table and in the journal (reviewer and time), undone and redone, and taken again
 * to see that nothing more is recorded. Gold is exported to JSONL and CoNLL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gls-agreement.h"
#include "gls-error.h"
#include "gls-format.h"
#include "gls-project.h"
#include "gls-review.h"
#include "gls-test-core.h"

static const char summit[] =
  "Mike Pompeo met Sergey Lavrov in Sochi. Angela Merkel visited Paris and Berlin on Monday. "
  "Reuters reported from Moscow. Zoë smiled.\n";
static const char lisbon[] =
  "Zoë Müller watched the rocket 🚀 lift off near Lisbon.\n";

typedef struct
{
  char *dir;
  char *path;
  GlsProject *project;
  gint64 doc;                /* summit: anna and ben */
  gint64 doc_lisbon;         /* lisbon: anna and cleo */
  gint64 anna_pompeo;
} Fixture;

static void
add_span (GlsImport   *import,
          gint64       document,
          const char  *text,
          const char  *needle,
          const char  *label,
          const char  *annotator)
{
  gls_test_add_span_at (import, document, text, needle, 0, label, NULL, annotator);
}

/* A discontinuous span over the first @a and the first @b. */
static void
add_pair (GlsImport   *import,
          gint64       document,
          const char  *text,
          const char  *a,
          const char  *b,
          const char  *label,
          const char  *annotator)
{
  g_autoptr(GError) error = NULL;
  GlsFragment pieces[2] = { gls_test_find (text, a, 0), gls_test_find (text, b, 0) };

  gls_import_add_span (import, document, pieces, 2, label, annotator, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  GlsFragment pompeo = gls_test_find (summit, "Mike Pompeo", 0);

  f->dir = gls_test_make_tmp_dir ("gls-test-review-XXXXXX");
  f->project = gls_test_create_project (f->dir, "review.glossator");
  f->path = g_strdup (gls_project_get_path (f->project));
  gls_project_set_annotator (f->project, "rita");

  import = gls_import_begin (f->project, "import", &error);
  g_assert_no_error (error);
  f->doc = gls_import_add_document (import, "Summit", summit, -1, NULL, &error);
  g_assert_no_error (error);
  f->doc_lisbon = gls_import_add_document (import, "Rocket", lisbon, -1, NULL, &error);
  g_assert_no_error (error);

  /* Agreement, with anna's details to be copied into Gold. */
  g_hash_table_insert (attributes, (gpointer)"role", (gpointer)"minister");
  f->anna_pompeo = gls_import_add_span (import, f->doc, &pompeo, 1, "PERSON", "anna",
                                        "US Secretary of State", "Q473239", attributes, &error);
  g_assert_no_error (error);
  gls_import_add_span (import, f->doc, &pompeo, 1, "PERSON", "ben", "ben's note", NULL, NULL,
                       &error);
  g_assert_no_error (error);
  /* Only anna. */
  add_span (import, f->doc, summit, "Sergey Lavrov", "PERSON", "anna");
  /* Same extent, another label. */
  add_span (import, f->doc, summit, "Sochi", "GPE", "anna");
  add_span (import, f->doc, summit, "Sochi", "LOC", "ben");
  /* Overlapping, other extents. */
  add_span (import, f->doc, summit, "Angela Merkel", "PERSON", "anna");
  add_span (import, f->doc, summit, "Merkel", "PERSON", "ben");
  /* One discontinuous span against two. */
  add_pair (import, f->doc, summit, "Paris", "Berlin", "GPE", "anna");
  add_span (import, f->doc, summit, "Paris", "GPE", "ben");
  add_span (import, f->doc, summit, "Berlin", "GPE", "ben");
  /* Agreements, one discontinuous. */
  add_span (import, f->doc, summit, "Monday", "DATE", "anna");
  add_span (import, f->doc, summit, "Monday", "DATE", "ben");
  add_pair (import, f->doc, summit, "Reuters", "Moscow", "ORG", "anna");
  add_pair (import, f->doc, summit, "Reuters", "Moscow", "ORG", "ben");
  /* Only ben. */
  add_span (import, f->doc, summit, "Zoë", "PERSON", "ben");

  /* The other article: anna and cleo. */
  add_span (import, f->doc_lisbon, lisbon, "Zoë Müller", "PERSON", "anna");
  add_span (import, f->doc_lisbon, lisbon, "Lisbon", "GPE", "anna");
  add_span (import, f->doc_lisbon, lisbon, "Lisbon", "GPE", "cleo");
  gls_import_commit (import, &error);
  g_assert_no_error (error);

  gls_project_set_document_status (f->project, f->doc, GLS_DOCUMENT_IN_PROGRESS, &error);
  g_assert_no_error (error);
  gls_project_set_document_status (f->project, f->doc_lisbon, GLS_DOCUMENT_DONE, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->project != NULL)
    g_assert_finalize_object (f->project);
  gls_test_remove_path (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                      */

/* "extent 40-53 anna:PERSON 40-53 | ben:PERSON 47-53 [accept anna]" per unit, one a line. */
static char *
describe_units (GPtrArray *units)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < units->len; i++)
    {
      const GlsReviewUnit *unit = g_ptr_array_index (units, i);

      g_assert_cmpuint (unit->index, ==, i);
      g_string_append_printf (out, "%s %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                              gls_unit_kind_to_string (unit->kind), unit->start, unit->end);
      for (guint k = 0; k < unit->n_spans; k++)
        {
          const GlsUnitSpan *span = &unit->spans[k];

          g_string_append_printf (out, "%s%s:%s %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                                  k ? " | " : " ", span->annotator, span->label, span->start,
                                  span->end);
          if (span->n_fragments > 1)
            g_string_append_printf (out, "/%u", span->n_fragments);
        }
      if (unit->settled)
        g_string_append_printf (out, " [%s%s%s]",
                                unit->decision ? gls_decision_to_string (unit->decision) : "gold",
                                unit->accepted ? " " : "", unit->accepted ? unit->accepted : "");
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static GPtrArray *
find_units (Fixture            *f,
            gint64              document,
            const char * const *annotators)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *units = gls_project_find_disagreements (f->project, document, annotators, &error);

  g_assert_no_error (error);
  g_assert_nonnull (units);
  return units;
}

static char *
units_of (Fixture    *f,
          gint64      document)
{
  g_autoptr(GPtrArray) units = find_units (f, document, NULL);

  return describe_units (units);
}

/* Gold's spans of a document: "START-END LABEL" (fragments when discontinuous), sorted. */
static char *
gold_of (Fixture *f,
         gint64   document)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) spans = gls_project_list_spans (f->project, document, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);
      GlsLabel *label = gls_project_lookup_label (f->project, gls_span_get_label_id (span));

      if (!gls_annotator_is_gold (gls_span_get_annotator (span)))
        continue;
      if (gls_span_get_n_fragments (span) > 1)
        {
          g_autofree char *pieces = gls_fragments_to_string (gls_span_get_fragments (span),
                                                             gls_span_get_n_fragments (span));

          g_ptr_array_add (lines, g_strdup_printf ("%s %s", pieces, gls_label_get_name (label)));
        }
      else
        g_ptr_array_add (lines, g_strdup_printf ("%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT " %s",
                                                 gls_span_get_start (span), gls_span_get_end (span),
                                                 gls_label_get_name (label)));
    }
  g_ptr_array_sort (lines, gls_test_compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv (", ", (char **)lines->pdata);
}

/* Everything a decision changes: the units (with what settles them), Gold, the status. */
static char *
state_of (Fixture *f,
          gint64   document)
{
  g_autofree char *units = units_of (f, document);
  g_autofree char *gold = gold_of (f, document);
  GlsDocument *doc = gls_project_lookup_document (f->project, document);

  return g_strdup_printf ("%sgold: %s\nstatus: %s\n", units, gold,
                          gls_document_status_to_string (gls_document_get_status (doc)));
}

static guint
journal_size (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GlsProjectStats stats;

  g_assert_true (gls_project_get_stats (f->project, &stats, &error));
  g_assert_no_error (error);
  return stats.n_journal_entries;
}

static GlsReviewProgress
progress_of (Fixture *f,
             gint64   document)
{
  g_autoptr(GError) error = NULL;
  GlsReviewProgress progress;

  g_assert_true (gls_project_count_unsettled (f->project, document, NULL, &progress, &error));
  g_assert_no_error (error);
  return progress;
}

/* Decides unit @index of the summit, as listed now. */
static void
decide (Fixture     *f,
        guint        index,
        GlsDecision  decision,
        const char  *annotator)
{
  g_autoptr(GPtrArray) units = find_units (f, f->doc, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_cmpuint (index, <, units->len);
  g_assert_true (gls_project_decide (f->project, g_ptr_array_index (units, index), decision,
                                     annotator, &error));
  g_assert_no_error (error);
}

static void
undo (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_no_error (error);
}

static void
redo (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gls_project_redo (f->project, &error));
  g_assert_no_error (error);
}

/* Closes the project, runs @sql on the file with SQLite alone, and opens it again (as rita):
 * the rows as "a|b|c" lines. */
static char *
query_closed (Fixture    *f,
              const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  sqlite3 *db = NULL;

  g_assert_finalize_object (f->project);
  f->project = NULL;
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int c = 0; c < sqlite3_column_count (stmt); c++)
        g_string_append_printf (out, "%s%s", c ? "|" : "",
                                sqlite3_column_type (stmt, c) == SQLITE_NULL ? "NULL"
                                : (const char *)sqlite3_column_text (stmt, c));
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  f->project = gls_project_open (f->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  gls_project_set_annotator (f->project, "rita");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* Finding units                                                                                */

static const char summit_units[] =
  "agreement 0-11 anna:PERSON 0-11 | ben:PERSON 0-11\n"
  "only-some 16-29 anna:PERSON 16-29\n"
  "label 33-38 anna:GPE 33-38 | ben:LOC 33-38\n"
  "extent 40-53 anna:PERSON 40-53 | ben:PERSON 47-53\n"
  "extent 62-78 anna:GPE 62-78/2 | ben:GPE 62-67 | ben:GPE 72-78\n"
  "agreement 82-88 anna:DATE 82-88 | ben:DATE 82-88\n"
  "agreement 90-118 anna:ORG 90-118/2 | ben:ORG 90-118/2\n"
  "only-some 120-123 ben:PERSON 120-123\n";

static void
test_units (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) units = find_units (f, f->doc, NULL);
  g_autoptr(GPtrArray) named = NULL;
  g_autoptr(GPtrArray) three = NULL;
  g_autoptr(GPtrArray) lisbon_units = NULL;
  g_autofree char *text = describe_units (units);
  g_autofree char *named_text = NULL;
  g_autofree char *lisbon_text = NULL;
  const char *anna_ben[] = { "anna", "ben", NULL };
  const char *ben_anna[] = { "ben", "anna", NULL };
  const char *with_cleo[] = { "anna", "ben", "cleo", NULL };
  const GlsReviewUnit *unit;
  GlsReviewProgress progress;

  g_assert_cmpstr (text, ==, summit_units);

  /* The layout a window draws from: names per span, the annotators compared. */
  unit = g_ptr_array_index (units, 3);
  g_assert_cmpint (unit->document_id, ==, f->doc);
  g_assert_cmpint (unit->kind, ==, GLS_UNIT_EXTENT);
  g_assert_cmpuint (unit->n_annotators, ==, 2);
  g_assert_cmpstr (unit->annotators[0], ==, "anna");
  g_assert_cmpstr (unit->annotators[1], ==, "ben");
  g_assert_null (unit->annotators[2]);
  g_assert_true (unit->spans[0].annotator == unit->annotators[0]);
  g_assert_cmpuint (unit->spans[0].n_fragments, ==, 1);
  g_assert_false (unit->settled);
  g_assert_cmpint (unit->decision, ==, GLS_DECISION_NONE);
  g_assert_null (unit->accepted);
  unit = g_ptr_array_index (units, 0);
  g_assert_cmpint (unit->spans[0].id, ==, f->anna_pompeo);

  /* Named: the same; in another order, the spans follow it. */
  named = find_units (f, f->doc, anna_ben);
  named_text = describe_units (named);
  g_assert_cmpstr (named_text, ==, summit_units);
  g_clear_pointer (&named, g_ptr_array_unref);
  g_clear_pointer (&named_text, g_free);
  named = find_units (f, f->doc, ben_anna);
  named_text = describe_units (named);
  g_assert_true (g_str_has_prefix (named_text, "agreement 0-11 ben:PERSON 0-11 | anna:PERSON 0-11\n"
                                               "only-some 16-29 anna:PERSON 16-29\n"
                                               "label 33-38 ben:LOC 33-38 | anna:GPE 33-38\n"));

  /* cleo has nothing in the summit: compared anyway, she is missing everywhere. */
  three = find_units (f, f->doc, with_cleo);
  g_assert_cmpuint (three->len, ==, 8);
  for (guint i = 0; i < three->len; i++)
    {
      unit = g_ptr_array_index (three, i);
      g_assert_cmpint (unit->kind, ==, GLS_UNIT_ONLY_SOME);
      g_assert_cmpuint (unit->n_annotators, ==, 3);
    }

  /* The other article: by default, whoever annotated it (anna and cleo, not ben). */
  lisbon_units = find_units (f, f->doc_lisbon, NULL);
  lisbon_text = describe_units (lisbon_units);
  g_assert_cmpstr (lisbon_text, ==,
                   "only-some 0-10 anna:PERSON 0-10\n"
                   "agreement 46-52 anna:GPE 46-52 | cleo:GPE 46-52\n");

  progress = progress_of (f, f->doc);
  g_assert_cmpuint (progress.n_documents, ==, 1);
  g_assert_cmpuint (progress.n_reviewed, ==, 0);
  g_assert_cmpuint (progress.n_agreements, ==, 3);
  g_assert_cmpuint (progress.n_disagreements, ==, 5);
  g_assert_cmpuint (progress.n_unsettled_agreements, ==, 3);
  g_assert_cmpuint (progress.n_unsettled_disagreements, ==, 5);
  progress = progress_of (f, 0);
  g_assert_cmpuint (progress.n_documents, ==, 2);
  g_assert_cmpuint (progress.n_agreements, ==, 4);
  g_assert_cmpuint (progress.n_disagreements, ==, 6);
  g_assert_cmpuint (progress.n_unsettled_agreements, ==, 4);
  g_assert_cmpuint (progress.n_unsettled_disagreements, ==, 6);
}

static void
test_units_refused (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autoptr(GPtrArray) alone = NULL;
  const char *nobody[] = { "anna", "nobody", NULL };
  const char *gold[] = { "anna", GLS_GOLD_ANNOTATOR, NULL };
  const char *empty[] = { NULL };
  GlsReviewProgress progress;

  units = gls_project_find_disagreements (f->project, f->doc, nobody, &error);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nobody"));
  g_assert_null (units);
  g_clear_error (&error);

  units = gls_project_find_disagreements (f->project, f->doc, gold, &error);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_assert_null (units);
  g_clear_error (&error);

  units = gls_project_find_disagreements (f->project, 99, NULL, &error);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "99"));
  g_assert_null (units);
  g_clear_error (&error);

  g_assert_false (gls_project_count_unsettled (f->project, 0, nobody, &progress, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* An empty list is no list. */
  units = gls_project_find_disagreements (f->project, f->doc, empty, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (units->len, ==, 8);

  /* A document only one of the annotators did has no units by default. */
  {
    g_autoptr(GlsImport) import = gls_import_begin (f->project, "import", &error);
    gint64 doc;

    g_assert_no_error (error);
    doc = gls_import_add_document (import, "Solo", "Olaf Scholz spoke.\n", -1, NULL, &error);
    g_assert_no_error (error);
    gls_test_add_span (import, doc, 0, 11, "PERSON", "anna");
    gls_import_commit (import, &error);
    g_assert_no_error (error);
    alone = find_units (f, doc, NULL);
    g_assert_cmpuint (alone->len, ==, 0);
    progress = progress_of (f, doc);
    g_assert_cmpuint (progress.n_documents, ==, 0);
  }
}

/* Nobody annotates as Gold by accident; Gold's own spans come in by name. */
static void
test_gold_reserved (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsSpan) span = NULL;
  g_autofree char *description = NULL;
  GlsFragment where = gls_test_find (summit, "Sochi", 0);
  gint64 id;

  gls_project_set_annotator (f->project, GLS_GOLD_ANNOTATOR);
  g_assert_cmpstr (gls_project_get_annotator (f->project), ==, "rita");
  g_object_set (f->project, "annotator", GLS_GOLD_ANNOTATOR, NULL);
  g_assert_cmpstr (gls_project_get_annotator (f->project), ==, "rita");
  /* Another spelling is another annotator, not the Gold layer. */
  gls_project_set_annotator (f->project, "gold");
  g_assert_cmpstr (gls_project_get_annotator (f->project), ==, "gold");
  g_assert_false (gls_annotator_is_gold ("gold"));
  gls_project_set_annotator (f->project, "rita");

  id = gls_project_add_gold_span (f->project, f->doc, &where, 1,
                                  gls_label_get_id (gls_project_find_label (f->project, "GPE")),
                                  &error);
  g_assert_no_error (error);
  span = gls_project_get_span (f->project, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gls_span_get_annotator (span), ==, GLS_GOLD_ANNOTATOR);
  g_assert_cmpstr (gls_project_get_annotator (f->project), ==, "rita");
  description = gls_project_describe_undo (f->project);
  g_assert_cmpstr (description, ==, "add-gold-span");
  /* Gold's span equals anna's version of the unit: it is settled without a decision. */
  {
    g_autoptr(GPtrArray) units = find_units (f, f->doc, NULL);
    const GlsReviewUnit *unit = g_ptr_array_index (units, 2);

    g_assert_true (unit->settled);
    g_assert_cmpint (unit->decision, ==, GLS_DECISION_NONE);
  }

  /* A Gold span across two units (Monday and Reuters…Moscow) belongs to neither: both are
   * accepted in bulk, and it stays. */
  {
    GlsFragment across = { gls_test_find (summit, "Monday", 0).start,
                           gls_test_find (summit, "Reuters", 0).end };
    g_autofree char *gold = NULL;
    guint n_accepted = 0;

    gls_project_add_gold_span (f->project, f->doc, &across, 1,
                               gls_label_get_id (gls_project_find_label (f->project, "MISC")),
                               &error);
    g_assert_no_error (error);
    g_assert_true (gls_project_accept_agreements (f->project, f->doc, NULL, &n_accepted, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (n_accepted, ==, 3);
    gold = gold_of (f, f->doc);
    g_assert_cmpstr (gold, ==, "0-11 PERSON, 33-38 GPE, 82-88 DATE, 82-97 MISC, 90-97,112-118 ORG");
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Decisions                                                                                    */

/* Takes a decision; checks undo and redo give back exactly the states before and after. */
static void
decide_and_check_undo (Fixture     *f,
                       guint        index,
                       GlsDecision  decision,
                       const char  *annotator,
                       const char  *op)
{
  g_autofree char *before = state_of (f, f->doc);
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  g_autofree char *redone = NULL;
  g_autofree char *description = NULL;
  guint n_journal = journal_size (f);

  decide (f, index, decision, annotator);
  after = state_of (f, f->doc);
  g_assert_cmpstr (after, !=, before);
  g_assert_cmpuint (journal_size (f), ==, n_journal + 1);
  description = gls_project_describe_undo (f->project);
  g_assert_cmpstr (description, ==, op);

  undo (f);
  undone = state_of (f, f->doc);
  g_assert_cmpstr (undone, ==, before);
  redo (f);
  redone = state_of (f, f->doc);
  g_assert_cmpstr (redone, ==, after);

  /* The same again: nothing changes, nothing is recorded. */
  n_journal = journal_size (f);
  decide (f, index, decision, annotator);
  g_assert_cmpuint (journal_size (f), ==, n_journal);
  g_clear_pointer (&redone, g_free);
  redone = state_of (f, f->doc);
  g_assert_cmpstr (redone, ==, after);
}

static void
test_decisions (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *units = NULL;
  g_autofree char *gold = NULL;
  g_autofree char *rows = NULL;
  g_autofree char *journal = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *times = NULL;
  g_auto(GStrv) fields = NULL;
  GlsReviewProgress progress;
  gint64 t0 = g_get_real_time () / G_USEC_PER_SEC, t1;
  GlsFragment paris = gls_test_find (summit, "Paris", 0);

  /* Same extent, other labels: anna's. */
  decide_and_check_undo (f, 2, GLS_DECISION_ACCEPT, "anna", "decide-accept");
  g_clear_pointer (&gold, g_free);
  gold = gold_of (f, f->doc);
  g_assert_cmpstr (gold, ==, "33-38 GPE");
  progress = progress_of (f, f->doc);
  g_assert_cmpuint (progress.n_unsettled_disagreements, ==, 4);

  /* Then ben's after all: Gold changes there, the decision is replaced. */
  decide_and_check_undo (f, 2, GLS_DECISION_ACCEPT, "ben", "decide-accept");
  g_clear_pointer (&gold, g_free);
  gold = gold_of (f, f->doc);
  g_assert_cmpstr (gold, ==, "33-38 LOC");
  progress = progress_of (f, f->doc);
  g_assert_cmpuint (progress.n_unsettled_disagreements, ==, 4);

  /* Overlapping extents: both. */
  decide_and_check_undo (f, 3, GLS_DECISION_ACCEPT_ALL, NULL, "decide-accept-all");
  /* Only anna: rejected. */
  decide_and_check_undo (f, 1, GLS_DECISION_REJECT, NULL, "decide-reject");
  g_clear_pointer (&gold, g_free);
  gold = gold_of (f, f->doc);
  g_assert_cmpstr (gold, ==, "33-38 LOC, 40-53 PERSON, 47-53 PERSON");

  /* Edited by hand: Paris alone is neither version; the decision settles it as it is. */
  gls_project_add_gold_span (f->project, f->doc, &paris, 1,
                             gls_label_get_id (gls_project_find_label (f->project, "GPE")),
                             &error);
  g_assert_no_error (error);
  {
    g_autoptr(GPtrArray) list = find_units (f, f->doc, NULL);
    g_assert_false (((GlsReviewUnit *)g_ptr_array_index (list, 4))->settled);
  }
  decide_and_check_undo (f, 4, GLS_DECISION_EDIT, NULL, "decide-edit");

  /* Only ben, and Gold made equal to his version by hand: settled without a decision. */
  {
    GlsFragment zoe = gls_test_find (summit, "Zoë", 0);

    gls_project_add_gold_span (f->project, f->doc, &zoe, 1,
                               gls_label_get_id (gls_project_find_label (f->project, "PERSON")),
                               &error);
    g_assert_no_error (error);
  }

  /* The agreement on Pompeo, with anna's details. */
  decide_and_check_undo (f, 0, GLS_DECISION_ACCEPT, "anna", "decide-accept");
  {
    g_autoptr(GPtrArray) list = find_units (f, f->doc, NULL);
    const GlsReviewUnit *unit = g_ptr_array_index (list, 0);
    g_autoptr(GListModel) spans = gls_project_list_spans (f->project, f->doc, &error);
    guint found = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
      {
        g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);

        if (!gls_annotator_is_gold (gls_span_get_annotator (span)) ||
            gls_span_get_start (span) != unit->start)
          continue;
        found++;
        g_assert_cmpstr (gls_span_get_note (span), ==, "US Secretary of State");
        g_assert_cmpstr (gls_span_get_kb_id (span), ==, "Q473239");
        g_assert_cmpstr (g_hash_table_lookup (gls_span_get_attributes (span), "role"), ==,
                         "minister");
        g_assert_cmpuint (g_hash_table_size (gls_span_get_attributes (span)), ==, 1);
      }
    g_assert_cmpuint (found, ==, 1);
  }

  units = units_of (f, f->doc);
  g_assert_cmpstr (units, ==,
                   "agreement 0-11 anna:PERSON 0-11 | ben:PERSON 0-11 [accept anna]\n"
                   "only-some 16-29 anna:PERSON 16-29 [reject]\n"
                   "label 33-38 anna:GPE 33-38 | ben:LOC 33-38 [accept ben]\n"
                   "extent 40-53 anna:PERSON 40-53 | ben:PERSON 47-53 [accept-all]\n"
                   "extent 62-78 anna:GPE 62-78/2 | ben:GPE 62-67 | ben:GPE 72-78 [edit]\n"
                   "agreement 82-88 anna:DATE 82-88 | ben:DATE 82-88\n"
                   "agreement 90-118 anna:ORG 90-118/2 | ben:ORG 90-118/2\n"
                   "only-some 120-123 ben:PERSON 120-123 [gold]\n");
  progress = progress_of (f, f->doc);
  g_assert_cmpuint (progress.n_unsettled_disagreements, ==, 0);
  g_assert_cmpuint (progress.n_unsettled_agreements, ==, 2);
  /* Agreements are left: not reviewed yet. */
  g_assert_cmpint (gls_document_get_status (gls_project_lookup_document (f->project, f->doc)),
                   ==, GLS_DOCUMENT_IN_PROGRESS);

  /* The decisions table, and the journal: who decided, and when. */
  t1 = g_get_real_time () / G_USEC_PER_SEC;
  rows = query_closed (f, "SELECT document, start, end, kind, ifnull(accepted, '-'), annotators, "
                          "reviewer FROM decisions ORDER BY start");
  expected = g_strdup_printf ("%1$" G_GINT64_FORMAT "|0|11|accept|anna|anna,ben|rita\n"
                              "%1$" G_GINT64_FORMAT "|16|29|reject|-|anna,ben|rita\n"
                              "%1$" G_GINT64_FORMAT "|33|38|accept|ben|anna,ben|rita\n"
                              "%1$" G_GINT64_FORMAT "|40|53|accept-all|-|anna,ben|rita\n"
                              "%1$" G_GINT64_FORMAT "|62|78|edit|-|anna,ben|rita\n", f->doc);
  g_assert_cmpstr (rows, ==, expected);
  journal = query_closed (f, "SELECT annotator, op, document FROM journal WHERE op LIKE '%gold%' "
                             "OR op LIKE 'decide-%' ORDER BY id");
  g_clear_pointer (&expected, g_free);
  /* Undone entries stay for the audit trail (state 2 once superseded): every one is there. */
  expected = g_strdup_printf ("rita|decide-accept|%1$" G_GINT64_FORMAT "\n"
                              "rita|decide-accept|%1$" G_GINT64_FORMAT "\n"
                              "rita|decide-accept-all|%1$" G_GINT64_FORMAT "\n"
                              "rita|decide-reject|%1$" G_GINT64_FORMAT "\n"
                              "rita|add-gold-span|%1$" G_GINT64_FORMAT "\n"
                              "rita|decide-edit|%1$" G_GINT64_FORMAT "\n"
                              "rita|add-gold-span|%1$" G_GINT64_FORMAT "\n"
                              "rita|decide-accept|%1$" G_GINT64_FORMAT "\n", f->doc);
  g_assert_cmpstr (journal, ==, expected);
  times = query_closed (f, "SELECT min(time), max(time) FROM journal WHERE op LIKE 'decide-%'");
  fields = g_strsplit (g_strchomp (times), "|", -1);
  g_assert_cmpint (g_ascii_strtoll (fields[0], NULL, 10), >=, t0);
  g_assert_cmpint (g_ascii_strtoll (fields[1], NULL, 10), <=, t1);
  g_clear_pointer (&times, g_free);
  g_clear_pointer (&fields, g_strfreev);
  times = query_closed (f, "SELECT min(time), max(time) FROM decisions");
  fields = g_strsplit (g_strchomp (times), "|", -1);
  g_assert_cmpint (g_ascii_strtoll (fields[0], NULL, 10), >=, t0);
  g_assert_cmpint (g_ascii_strtoll (fields[1], NULL, 10), <=, t1);

  /* The undo history survived closing: the last decision undoes after reopening. */
  g_clear_pointer (&units, g_free);
  undo (f);
  units = units_of (f, f->doc);
  g_assert_true (g_str_has_prefix (units, "agreement 0-11 anna:PERSON 0-11 | ben:PERSON 0-11\n"));
  redo (f);
}

/* A decision on spans that changed since they were listed, or for someone not compared. */
static void
test_decide_refused (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = find_units (f, f->doc, NULL);
  const GlsReviewUnit *unit = g_ptr_array_index (units, 3);
  guint n_journal = journal_size (f);
  g_autoptr(GlsProject) read_only = NULL;

  g_assert_false (gls_project_decide (f->project, unit, GLS_DECISION_ACCEPT, "cleo", &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gls_project_decide (f->project, unit, GLS_DECISION_ACCEPT, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_clear_error (&error);

  /* ben relabels his Merkel: the unit listed before is stale. */
  gls_project_set_span_label (f->project, unit->spans[1].id,
                              gls_label_get_id (gls_project_find_label (f->project, "ORG")),
                              &error);
  g_assert_no_error (error);
  n_journal = journal_size (f);
  g_assert_false (gls_project_decide (f->project, unit, GLS_DECISION_ACCEPT, "ben", &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "40–53"));
  g_clear_error (&error);
  g_assert_cmpuint (journal_size (f), ==, n_journal);

  /* anna deletes hers: no unit at 40–53 any more. */
  gls_project_delete_span (f->project, unit->spans[0].id, &error);
  g_assert_no_error (error);
  n_journal = journal_size (f);
  g_assert_false (gls_project_decide (f->project, unit, GLS_DECISION_REJECT, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (journal_size (f), ==, n_journal);
  {
    g_autofree char *gold = gold_of (f, f->doc);
    g_assert_cmpstr (gold, ==, "");
  }
}

/* Everything they agree on, in bulk; then the document is reviewed, in the same step. */
static void
test_accept_agreements (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *state = NULL;
  g_autofree char *gold = NULL;
  GlsReviewProgress progress;
  guint n_accepted = 99, n_journal;

  /* Gold has another version of the Monday unit: bulk leaves it alone. */
  {
    GlsFragment monday = gls_test_find (summit, "Monday", 0);

    gls_project_add_gold_span (f->project, f->doc, &monday, 1,
                               gls_label_get_id (gls_project_find_label (f->project, "EVENT")),
                               &error);
    g_assert_no_error (error);
  }
  before = state_of (f, f->doc);
  n_journal = journal_size (f);
  g_assert_true (gls_project_accept_agreements (f->project, f->doc, NULL, &n_accepted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_accepted, ==, 2);
  g_assert_cmpuint (journal_size (f), ==, n_journal + 1);
  {
    g_autofree char *op = gls_project_describe_undo (f->project);
    g_assert_cmpstr (op, ==, "accept-agreements");
  }
  gold = gold_of (f, f->doc);
  g_assert_cmpstr (gold, ==, "0-11 PERSON, 82-88 EVENT, 90-97,112-118 ORG");
  after = state_of (f, f->doc);

  /* Again: nothing to do, nothing recorded. */
  g_assert_true (gls_project_accept_agreements (f->project, f->doc, NULL, &n_accepted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_accepted, ==, 0);
  g_assert_cmpuint (journal_size (f), ==, n_journal + 1);

  undo (f);
  state = state_of (f, f->doc);
  g_assert_cmpstr (state, ==, before);
  redo (f);
  g_clear_pointer (&state, g_free);
  state = state_of (f, f->doc);
  g_assert_cmpstr (state, ==, after);

  /* Settle the rest; the last decision makes the document "reviewed", and its undo makes
   * it "in progress" again. */
  decide (f, 5, GLS_DECISION_ACCEPT, "anna");
  decide (f, 1, GLS_DECISION_REJECT, NULL);
  decide (f, 2, GLS_DECISION_ACCEPT, "anna");
  decide (f, 3, GLS_DECISION_ACCEPT, "anna");
  decide (f, 4, GLS_DECISION_ACCEPT_ALL, NULL);
  progress = progress_of (f, f->doc);
  g_assert_cmpuint (progress.n_unsettled_agreements, ==, 0);
  g_assert_cmpuint (progress.n_unsettled_disagreements, ==, 1);
  g_assert_cmpint (gls_document_get_status (gls_project_lookup_document (f->project, f->doc)),
                   ==, GLS_DOCUMENT_IN_PROGRESS);
  decide (f, 7, GLS_DECISION_ACCEPT, "ben");
  g_assert_cmpint (gls_document_get_status (gls_project_lookup_document (f->project, f->doc)),
                   ==, GLS_DOCUMENT_REVIEWED);
  progress = progress_of (f, 0);
  g_assert_cmpuint (progress.n_reviewed, ==, 1);
  g_assert_cmpuint (progress.n_unsettled_disagreements, ==, 1);  /* the other article's */
  undo (f);
  g_assert_cmpint (gls_document_get_status (gls_project_lookup_document (f->project, f->doc)),
                   ==, GLS_DOCUMENT_IN_PROGRESS);
  g_clear_pointer (&gold, g_free);
  gold = gold_of (f, f->doc);
  g_assert_null (strstr (gold, "120-123"));
  redo (f);
  g_assert_cmpint (gls_document_get_status (gls_project_lookup_document (f->project, f->doc)),
                   ==, GLS_DOCUMENT_REVIEWED);
}

/* Over the whole project, one step; a document with only agreements is reviewed by it. */
static void
test_accept_agreements_project (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) units = NULL;
  g_autofree char *gold = NULL;
  GlsReviewProgress progress;
  guint n_accepted = 0;
  guint n_journal = journal_size (f);

  g_assert_true (gls_project_accept_agreements (f->project, 0, NULL, &n_accepted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_accepted, ==, 4);
  g_assert_cmpuint (journal_size (f), ==, n_journal + 1);
  gold = gold_of (f, f->doc_lisbon);
  g_assert_cmpstr (gold, ==, "46-52 GPE");
  progress = progress_of (f, 0);
  g_assert_cmpuint (progress.n_unsettled_agreements, ==, 0);
  g_assert_cmpuint (progress.n_unsettled_disagreements, ==, 6);
  g_assert_cmpuint (progress.n_reviewed, ==, 0);

  /* Inter-annotator agreement leaves Gold out unless it is named. */
  {
    g_autoptr(GlsAgreement) agreement = gls_agreement_compute (f->project, NULL, NULL, NULL,
                                                               &error);
    g_autoptr(GlsAgreement) with_gold = NULL;
    const char *anna_gold[] = { "anna", GLS_GOLD_ANNOTATOR, NULL };

    g_assert_no_error (error);
    g_assert_cmpuint (gls_agreement_get_n_annotators (agreement), ==, 3);
    for (guint a = 0; a < 3; a++)
      g_assert_false (gls_annotator_is_gold (gls_agreement_get_annotator (agreement, a)));
    with_gold = gls_agreement_compute (f->project, anna_gold, NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (gls_agreement_get_annotator (with_gold, 1), ==, GLS_GOLD_ANNOTATOR);
  }

  /* The other article's one disagreement: deciding it reviews the document. */
  units = find_units (f, f->doc_lisbon, NULL);
  g_assert_true (gls_project_decide (f->project, g_ptr_array_index (units, 0),
                                     GLS_DECISION_ACCEPT, "anna", &error));
  g_assert_no_error (error);
  g_assert_cmpint (gls_document_get_status (gls_project_lookup_document (f->project,
                                                                         f->doc_lisbon)),
                   ==, GLS_DOCUMENT_REVIEWED);
  g_clear_pointer (&gold, g_free);
  gold = gold_of (f, f->doc_lisbon);
  g_assert_cmpstr (gold, ==, "0-10 PERSON, 46-52 GPE");

  /* One undo takes the whole project's agreements back, after the decision's. */
  undo (f);
  g_assert_cmpint (gls_document_get_status (gls_project_lookup_document (f->project,
                                                                         f->doc_lisbon)),
                   ==, GLS_DOCUMENT_DONE);
  undo (f);
  progress = progress_of (f, 0);
  g_assert_cmpuint (progress.n_unsettled_agreements, ==, 4);
  g_clear_pointer (&gold, g_free);
  gold = gold_of (f, f->doc);
  g_assert_cmpstr (gold, ==, "");
}

/* ------------------------------------------------------------------------------------------ */
/* Exporting Gold                                                                               */

/* The Gold layer as `export --gold --format jsonl` writes it: one object per document. */
static GPtrArray *
export_gold_jsonl (Fixture *f)
{
  g_autofree char *jsonl = g_build_filename (f->dir, "gold.jsonl", NULL);
  g_autoptr(GError) error = NULL;
  GlsExportOptions options;

  gls_export_options_init (&options);
  options.gold = TRUE;
  g_assert_true (gls_export_run (f->project, &gls_format_jsonl, jsonl, &options, NULL, NULL,
                                 NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return gls_test_read_jsonl (jsonl);
}

static void
test_export_gold (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *jsonl = g_build_filename (f->dir, "gold.jsonl", NULL);
  g_autofree char *conll = g_build_filename (f->dir, "gold.conll", NULL);
  g_autofree char *conll_text = NULL;
  g_autoptr(GPtrArray) objects = NULL;
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  GlsExportOptions options;
  JsonObject *doc;
  JsonArray *spans;

  decide (f, 2, GLS_DECISION_ACCEPT, "ben");
  decide (f, 3, GLS_DECISION_ACCEPT, "anna");
  g_assert_true (gls_project_accept_agreements (f->project, f->doc, NULL, NULL, &error));
  g_assert_no_error (error);

  objects = export_gold_jsonl (f);
  g_assert_cmpuint (objects->len, ==, 2);
  doc = gls_test_object_with_text (objects, summit);
  spans = json_object_get_array_member (doc, "spans");
  g_assert_cmpuint (json_array_get_length (spans), ==, 5);
  for (guint i = 0; i < json_array_get_length (spans); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (spans, i),
                                                    "annotator"), ==, GLS_GOLD_ANNOTATOR);
  {
    const char *expected[][4] = {
      { "0", "11", "PERSON", "Mike Pompeo" },
      { "33", "38", "LOC", "Sochi" },
      { "40", "53", "PERSON", "Angela Merkel" },
      { "82", "88", "DATE", "Monday" },
      { "90", "118", "ORG", "Reuters Moscow" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
      {
        JsonObject *span = json_array_get_object_element (spans, i);

        g_assert_cmpint (json_object_get_int_member (span, "start"), ==,
                         g_ascii_strtoll (expected[i][0], NULL, 10));
        g_assert_cmpint (json_object_get_int_member (span, "end"), ==,
                         g_ascii_strtoll (expected[i][1], NULL, 10));
        g_assert_cmpstr (json_object_get_string_member (span, "label"), ==, expected[i][2]);
        g_assert_cmpstr (json_object_get_string_member (span, "text"), ==, expected[i][3]);
      }
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (spans, 0),
                                                    "kb_id"), ==, "Q473239");
  }
  doc = gls_test_object_with_text (objects, lisbon);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (doc, "spans")), ==, 0);

  /* CoNLL: tags from Gold only; its discontinuous span cannot go, and the report says so. */
  gls_export_options_init (&options);
  options.gold = TRUE;
  g_assert_true (gls_export_run (f->project, &gls_format_conll, conll, &options, NULL, report,
                                 NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  conll_text = gls_test_read_file (conll);
  g_assert_nonnull (strstr (conll_text, "Mike B-PERSON\nPompeo I-PERSON\nmet O\nSergey O\n"
                                        "Lavrov O\nin O\nSochi B-LOC\n. O\n"));
  g_assert_nonnull (strstr (conll_text, "Angela B-PERSON\nMerkel I-PERSON\nvisited O\nParis O\n"
                                        "and O\nBerlin O\non O\nMonday B-DATE\n. O\n"));
  g_assert_nonnull (strstr (conll_text, "Reuters O\nreported O\nfrom O\nMoscow O\n"));
  g_assert_nonnull (strstr (conll_text, "Zoë O\n"));
  {
    g_autofree char *losses = gls_loss_report_to_text (report);

    /* And the details of anna's span that Gold carries, which CoNLL cannot. */
    g_assert_cmpuint (gls_loss_report_get_size (report), ==, 4);
    g_assert_nonnull (strstr (losses, "\t90-118\tORG: discontinuous span"));
    g_assert_nonnull (strstr (losses, "\t0-11\tPERSON: knowledge-base id “Q473239”"));
  }

  /* Gold with another annotator is a contradiction. */
  options.annotator = "anna";
  g_assert_false (gls_export_run (f->project, &gls_format_jsonl, jsonl, &options, NULL, NULL,
                                  NULL, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
}

/* Relations come into Gold with their spans: once both ends of one of anna's relations are
 * Gold's (in either order of decisions), Gold has it too; undo takes it back; deciding the
 * other way drops it with its span. */
#define GOLD_RELATIONS \
  "SELECT r.type, s.start, t.start FROM relations r JOIN spans s ON s.id = r.source " \
  "JOIN spans t ON t.id = r.target JOIN annotators a ON a.id = r.annotator " \
  "WHERE a.name = 'Gold' ORDER BY r.id"

static void
test_relations_reach_gold (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) spans = gls_project_list_spans (f->project, f->doc, &error);
  gint64 anna_sochi = 0, anna_lavrov = 0;
  char *rows;

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);

      if (g_strcmp0 (gls_span_get_annotator (span), "anna") != 0)
        continue;
      if (gls_span_get_start (span) == gls_test_find (summit, "Sochi", 0).start)
        anna_sochi = gls_span_get_id (span);
      if (gls_span_get_start (span) == gls_test_find (summit, "Sergey Lavrov", 0).start)
        anna_lavrov = gls_span_get_id (span);
    }
  gls_project_set_annotator (f->project, "anna");
  g_assert_cmpint (gls_project_add_relation (f->project, "located-in", f->anna_pompeo, anna_sochi,
                                             &error), >, 0);
  g_assert_cmpint (gls_project_add_relation (f->project, "met-with", f->anna_pompeo, anna_lavrov,
                                             &error), >, 0);
  g_assert_no_error (error);
  gls_project_set_annotator (f->project, "rita");

  /* Sochi first (its other end, Pompeo, is not Gold's yet), then Pompeo with the agreements:
   * the relation comes when its second end does. Lavrov stays out, and so does met-with. */
  decide (f, 2, GLS_DECISION_ACCEPT, "anna");
  rows = query_closed (f, GOLD_RELATIONS);
  g_assert_cmpstr (rows, ==, "");
  g_free (rows);
  g_assert_true (gls_project_accept_agreements (f->project, f->doc, NULL, NULL, &error));
  g_assert_no_error (error);
  rows = query_closed (f, GOLD_RELATIONS);
  g_assert_cmpstr (rows, ==, "located-in|0|33\n");
  g_free (rows);

  /* Once only, however often its spans come again. */
  decide (f, 2, GLS_DECISION_ACCEPT_ALL, NULL);
  decide (f, 2, GLS_DECISION_ACCEPT, "anna");
  rows = query_closed (f, GOLD_RELATIONS);
  g_assert_cmpstr (rows, ==, "located-in|0|33\n");
  g_free (rows);

  /* Undone with the agreements that brought it, and back. */
  undo (f);
  undo (f);
  undo (f);
  rows = query_closed (f, GOLD_RELATIONS);
  g_assert_cmpstr (rows, ==, "");
  g_free (rows);
  redo (f);
  rows = query_closed (f, GOLD_RELATIONS);
  g_assert_cmpstr (rows, ==, "located-in|0|33\n");
  g_free (rows);

  /* Lavrov (only anna's) accepted: met-with follows. Ben's Sochi instead of anna's: Gold's
   * located-in goes with anna's Sochi. */
  decide (f, 1, GLS_DECISION_ACCEPT, "anna");
  decide (f, 2, GLS_DECISION_ACCEPT, "ben");
  rows = query_closed (f, GOLD_RELATIONS);
  g_assert_cmpstr (rows, ==, "met-with|0|16\n");
  g_free (rows);

  /* `export --gold` carries it. */
  {
    g_autoptr(GPtrArray) objects = export_gold_jsonl (f);
    JsonArray *relations;

    relations = json_object_get_array_member (gls_test_object_with_text (objects, summit),
                                              "relations");
    g_assert_cmpuint (json_array_get_length (relations), ==, 1);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (relations, 0),
                                                    "type"), ==, "met-with");
  }
}

/* ------------------------------------------------------------------------------------------ */
/* The sample project: anna's and ben's layers exported apart and imported as two annotators    */

static void
test_sample (void)
{
  const char *sample = g_getenv ("GLS_SAMPLE_PROJECT");
  g_autofree char *dir = gls_test_make_tmp_dir ("gls-test-review-sample-XXXXXX");
  g_autofree char *anna = g_build_filename (dir, "anna.jsonl", NULL);
  g_autofree char *ben = g_build_filename (dir, "ben.jsonl", NULL);
  g_autofree char *fresh = g_build_filename (dir, "review.glossator", NULL);
  g_autoptr(CliResult) new_project = NULL;
  g_autoptr(CliResult) export_anna = NULL;
  g_autoptr(CliResult) export_ben = NULL;
  g_autoptr(CliResult) import_anna = NULL;
  g_autoptr(CliResult) import_ben = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = NULL;
  GListModel *documents;
  guint n_compared = 0;

  g_assert_nonnull (sample);
  export_anna = cli_run (dir, "export", sample, "--format", "jsonl", "--annotator", "anna", "-o",
                         anna, NULL);
  assert_ok (export_anna);
  export_ben = cli_run (dir, "export", sample, "--format", "jsonl", "--annotator", "ben", "-o",
                        ben, NULL);
  assert_ok (export_ben);
  new_project = cli_run (dir, "new", fresh, NULL);
  assert_ok (new_project);
  import_anna = cli_run (dir, "import", "-q", "--annotator", "anna", fresh, anna, NULL);
  assert_ok (import_anna);
  import_ben = cli_run (dir, "import", "-q", "--annotator", "ben", fresh, ben, NULL);
  assert_ok (import_ben);

  project = gls_project_open (fresh, GLS_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  documents = gls_project_get_documents (project);
  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 5);
  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(GlsDocument) document = g_list_model_get_item (documents, i);
      g_autoptr(GPtrArray) units = NULL;
      const char *source = gls_document_get_source (document);
      guint n_agreements = 0;

      units = gls_project_find_disagreements (project, gls_document_get_id (document), NULL,
                                              &error);
      g_assert_no_error (error);
      for (guint k = 0; k < units->len; k++)
        n_agreements += ((GlsReviewUnit *)g_ptr_array_index (units, k))->kind == GLS_UNIT_AGREEMENT;

      if (g_strcmp0 (source, "pompeo-lavrov-cybersecurity.txt") == 0)
        {
          /* The ten deliberate disagreements of resources/sample/README.md, in order. */
          static const char expected[] =
            "extent 105-138 anna:GPE 105-107 | anna:PERSON 127-138 | ben:GPE 105-107 | "
            "ben:PERSON 105-138\n"
            "label 497-504 anna:ORG 497-504 | ben:MISC 497-504\n"
            "extent 507-521 anna:DATE 507-521 | ben:DATE 507-515\n"
            "label 794-801 anna:NORP 794-801 | ben:GPE 794-801\n"
            "label 1650-1652 anna:GPE 1650-1652 | ben:NORP 1650-1652\n"
            "extent 2297-2327 anna:PERSON 2313-2327 | ben:PERSON 2297-2327\n"
            "only-some 2383-2401 anna:DATE 2383-2401\n"
            "only-some 2587-2590 ben:ORG 2587-2590\n"
            "extent 2729-2737 anna:ORG 2729-2737 | ben:ORG 2729-2732\n"
            "label 3136-3170 anna:LAW 3136-3170 | ben:MISC 3136-3170\n";
          g_autoptr(GPtrArray) disagreements = g_ptr_array_new ();
          g_autofree char *text = NULL;
          guint n_spans = 0;

          for (guint k = 0; k < units->len; k++)
            {
              GlsReviewUnit *unit = g_ptr_array_index (units, k);

              n_spans += unit->n_spans;
              if (unit->kind != GLS_UNIT_AGREEMENT)
                g_ptr_array_add (disagreements, unit);
            }
          /* describe_units checks numbering; renumber a copy of the list. */
          for (guint k = 0; k < disagreements->len; k++)
            ((GlsReviewUnit *)g_ptr_array_index (disagreements, k))->index = k;
          text = describe_units (disagreements);
          g_assert_cmpstr (text, ==, expected);
          g_assert_cmpuint (n_spans, ==, 146);
          g_assert_cmpuint (n_agreements, ==, units->len - 10);
          n_compared++;
        }
      else if (g_strcmp0 (source, "portuguese-rocket-orbit-social-media.txt") == 0)
        {
          /* ben's spans there are identical to anna's. */
          g_assert_cmpuint (units->len, >, 0);
          g_assert_cmpuint (n_agreements, ==, units->len);
          n_compared++;
        }
      else
        g_assert_cmpuint (units->len, ==, 0);   /* one annotator, or none */
    }
  g_assert_cmpuint (n_compared, ==, 2);

  g_clear_object (&project);
  gls_test_remove_path (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/review/units", test_units);
  ADD ("/review/units-refused", test_units_refused);
  ADD ("/review/gold-reserved", test_gold_reserved);
  ADD ("/review/decisions", test_decisions);
  ADD ("/review/decide-refused", test_decide_refused);
  ADD ("/review/accept-agreements", test_accept_agreements);
  ADD ("/review/accept-agreements-project", test_accept_agreements_project);
  ADD ("/review/export-gold", test_export_gold);
  ADD ("/review/relations-reach-gold", test_relations_reach_gold);
#undef ADD
  g_test_add_func ("/review/sample", test_sample);

  return g_test_run ();
}
