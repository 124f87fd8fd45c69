/* test-merge.c — bringing another annotator's project into this one
 *
 * Two projects hold the same articles, imported in other orders under other titles, and one
 * of them has an article of its own. Merging B into A matches documents by their text, keeps
 * every span's annotator, note, knowledge-base id, attributes and fragments, brings the
 * relations and the labels A lacks, and does nothing the second time. Files that cannot be
 * merged are refused with their name, and A is left as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "gls-error.h"
#include "gls-merge.h"
#include "gls-project.h"
#include "gls-test-core.h"

static const char sochi[] =
  "Mike Pompeo met Sergey Lavrov in Sochi on Tuesday.\n"
  "Pompeo said the talks were useful.\n";
static const char paris[] =
  "Angela Merkel visited Paris. Merkel spoke with Emmanuel Macron.\n";
static const char lisbon[] =
  "Zoë Müller watched the rocket 🚀 lift off near Lisbon.\n";

typedef struct
{
  char *dir;
  char *path_a;
  char *path_b;
  GlsProject *a;
  gint64 a_sochi, a_paris;
} Fixture;

/* A: anna's project, with two of the articles. */
static void
make_a (Fixture *f)
{
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GError) error = NULL;

  f->a = gls_test_new_project (f->dir, "a.glossator");
  f->path_a = g_strdup (gls_project_get_path (f->a));
  /* A key that B's extra label has too, in the other case: keys are one per label. */
  g_assert_nonnull (gls_project_add_label (f->a, "WIDGET", "#000000", "W", NULL, &error));
  g_assert_no_error (error);

  import = gls_import_begin (f->a, "import", &error);
  g_assert_no_error (error);
  f->a_sochi = gls_import_add_document (import, "Pompeo in Sochi", sochi, -1, "sochi.txt", &error);
  g_assert_no_error (error);
  f->a_paris = gls_import_add_document (import, "Merkel in Paris", paris, -1, "paris.txt", &error);
  g_assert_no_error (error);
  gls_test_add_span_at (import, f->a_sochi, sochi, "Mike Pompeo", 0, "PERSON", NULL, "anna");
  gls_test_add_span_at (import, f->a_sochi, sochi, "Sochi", 0, "GPE", NULL, "anna");
  gls_test_add_span_at (import, f->a_paris, paris, "Paris", 0, "GPE", NULL, "anna");
  gls_import_commit (import, &error);
  g_assert_no_error (error);
}

/* B: boris's project: the same two articles in the other order, under other titles, plus one
 * of its own; a label A lacks; one span of anna's that A has already. */
static void
make_b (Fixture *f)
{
  g_autoptr(GlsProject) b = NULL;
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 doc_paris, doc_lisbon, doc_sochi, pompeo, lavrov, merkel, macron;
  GlsFragment pieces[2];

  b = gls_test_create_project (f->dir, "b.glossator");
  f->path_b = g_strdup (gls_project_get_path (b));
  g_assert_nonnull (gls_project_add_label (b, "WORK", "#123456", "w", "Works of art", &error));
  g_assert_no_error (error);
  g_assert_true (gls_project_add_relation_type (b, "spoke-with", "Talked to", &error));
  g_assert_no_error (error);

  import = gls_import_begin (b, "import", &error);
  g_assert_no_error (error);
  doc_paris = gls_import_add_document (import, "Paris visit", paris, -1, NULL, &error);
  g_assert_no_error (error);
  doc_lisbon = gls_import_add_document (import, "Rocket", lisbon, -1, "lisbon.html", &error);
  g_assert_no_error (error);
  doc_sochi = gls_import_add_document (import, "Sochi talks", sochi, -1, NULL, &error);
  g_assert_no_error (error);

  g_hash_table_insert (attributes, (gpointer)"confidence", (gpointer)"high");
  {
    GlsFragment f_pompeo = gls_test_find (sochi, "Mike Pompeo", 0);
    pompeo = gls_import_add_span (import, doc_sochi, &f_pompeo, 1, "PERSON", "boris",
                                  "US Secretary of State", "Q473239", attributes, &error);
    g_assert_no_error (error);
  }
  lavrov = gls_test_add_span_at (import, doc_sochi, sochi, "Sergey Lavrov", 0, "PERSON", NULL,
                                 "boris");
  gls_test_add_span_at (import, doc_sochi, sochi, "Sochi", 0, "GPE", NULL, "boris");
  gls_test_add_span_at (import, doc_sochi, sochi, "Sochi", 0, "GPE", NULL, "anna");
  gls_import_add_relation (import, "met-with", pompeo, lavrov, "boris", &error);
  g_assert_no_error (error);

  merkel = gls_test_add_span_at (import, doc_paris, paris, "Angela Merkel", 0, "PERSON", NULL,
                                 "boris");
  macron = gls_test_add_span_at (import, doc_paris, paris, "Emmanuel Macron", 0, "PERSON", NULL,
                                 "boris");
  pieces[0] = gls_test_find (paris, "Angela", 0);
  pieces[1] = gls_test_find (paris, "Merkel", 1);
  gls_import_add_span (import, doc_paris, pieces, 2, "PERSON", "boris", NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  gls_import_add_relation (import, "spoke-with", merkel, macron, "boris", &error);
  g_assert_no_error (error);

  gls_test_add_span_at (import, doc_lisbon, lisbon, "Zoë Müller", 0, "PERSON", NULL, "boris");
  gls_test_add_span_at (import, doc_lisbon, lisbon, "Lisbon", 0, "GPE", NULL, "boris");
  gls_test_add_span_at (import, doc_lisbon, lisbon, "rocket", 0, "WORK", NULL, "boris");
  gls_import_commit (import, &error);
  g_assert_no_error (error);

  g_assert_true (gls_project_set_document_status (b, doc_lisbon, GLS_DOCUMENT_DONE, &error));
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = gls_test_make_tmp_dir ("gls-merge-XXXXXX");
  make_a (f);
  make_b (f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->a);
  gls_test_remove_path (f->dir);
  g_free (f->dir);
  g_free (f->path_a);
  g_free (f->path_b);
}

static GlsDocument *
document_with_text (GlsProject *project,
                    const char *text)
{
  GListModel *documents = gls_project_get_documents (project);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, i);
      g_autofree char *doc_text = gls_project_load_text (project, gls_document_get_id (doc), NULL);

      if (g_strcmp0 (doc_text, text) == 0)
        return doc;   /* the model keeps it */
    }
  return NULL;
}

static GlsSpan *
find_span (GlsProject *project,
           gint64      document,
           const char *text,
           const char *needle,
           const char *annotator)
{
  g_autoptr(GListModel) spans = gls_project_list_spans (project, document, NULL);
  GlsFragment where = gls_test_find (text, needle, 0);

  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);

      if (gls_span_get_start (span) == where.start && gls_span_get_end (span) == where.end &&
          g_strcmp0 (gls_span_get_annotator (span), annotator) == 0)
        return g_steal_pointer (&span);
    }
  return NULL;
}

static GStrv
union_of (GStrv a,
          GStrv b)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; a[i]; i++)
    if (g_hash_table_add (seen, a[i]))
      g_strv_builder_add (builder, a[i]);
  for (guint i = 0; b[i]; i++)
    if (g_hash_table_add (seen, b[i]))
      g_strv_builder_add (builder, b[i]);
  return g_strv_builder_end (builder);
}

static const GlsMergeAnnotator *
stats_for (const GlsMergeStats *stats,
           const char          *annotator)
{
  for (guint i = 0; i < stats->annotators->len; i++)
    {
      const GlsMergeAnnotator *entry = g_ptr_array_index (stats->annotators, i);
      if (g_strcmp0 (entry->annotator, annotator) == 0)
        return entry;
    }
  return NULL;
}

static void
test_merge (Fixture       *f,
            gconstpointer  data)
{
  g_auto(GlsMergeStats) stats = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before_a = NULL;
  g_auto(GStrv) summary_b = NULL;
  g_auto(GStrv) after = NULL;
  g_auto(GStrv) expected = NULL;
  g_autoptr(GlsSpan) pompeo = NULL;
  g_autoptr(GlsProject) b = NULL;
  g_auto(GStrv) types = NULL;
  GlsProjectStats counts;
  GlsDocument *doc;
  GlsLabel *work;
  const GlsMergeAnnotator *who;

  /* An edit undo could take back, before the merge. */
  g_assert_true (gls_project_set_document_status (f->a, f->a_sochi, GLS_DOCUMENT_IN_PROGRESS,
                                                  &error));
  g_assert_no_error (error);
  g_assert_true (gls_project_can_undo (f->a));

  before_a = gls_test_summarize (f->dir, f->a, TRUE);
  b = gls_project_open (f->path_b, GLS_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  summary_b = gls_test_summarize (f->dir, b, TRUE);
  g_clear_object (&b);

  g_assert_true (gls_project_merge (f->a, f->path_b, &stats, NULL, &error));
  g_assert_no_error (error);

  /* Documents by content: the two shared ones matched whatever their titles and order. */
  g_assert_cmpuint (stats.n_documents_matched, ==, 2);
  g_assert_cmpuint (stats.n_documents_added, ==, 1);
  g_assert_cmpuint (stats.n_spans_added, ==, 9);
  g_assert_cmpuint (stats.n_spans_present, ==, 1);
  g_assert_cmpuint (stats.n_relations_added, ==, 2);
  g_assert_cmpuint (stats.n_relations_present, ==, 0);
  g_assert_cmpuint (stats.n_labels_added, ==, 1);
  g_assert_cmpuint (stats.n_relation_types_added, ==, 1);
  g_assert_cmpuint (stats.annotators->len, ==, 2);
  who = stats_for (&stats, "anna");
  g_assert_cmpuint (who->n_spans_added, ==, 0);
  g_assert_cmpuint (who->n_spans_present, ==, 1);
  who = stats_for (&stats, "boris");
  g_assert_cmpuint (who->n_spans_added, ==, 9);
  g_assert_cmpuint (who->n_spans_present, ==, 0);

  g_assert_true (gls_project_get_stats (f->a, &counts, &error));
  g_assert_cmpuint (counts.n_documents, ==, 3);
  g_assert_cmpuint (counts.n_spans, ==, 3 + 9);
  g_assert_cmpuint (counts.n_relations, ==, 2);

  /* A keeps its titles; the new article comes with its title, source and status. */
  g_assert_cmpstr (gls_document_get_title (gls_project_lookup_document (f->a, f->a_sochi)), ==,
                   "Pompeo in Sochi");
  g_assert_cmpstr (gls_document_get_title (gls_project_lookup_document (f->a, f->a_paris)), ==,
                   "Merkel in Paris");
  doc = document_with_text (f->a, lisbon);
  g_assert_nonnull (doc);
  g_assert_cmpstr (gls_document_get_title (doc), ==, "Rocket");
  g_assert_cmpstr (gls_document_get_source (doc), ==, "lisbon.html");
  g_assert_cmpint (gls_document_get_status (doc), ==, GLS_DOCUMENT_DONE);
  g_assert_cmpuint (gls_document_get_n_spans (doc), ==, 3);
  g_assert_cmpint (gls_document_get_status (gls_project_lookup_document (f->a, f->a_sochi)), ==,
                   GLS_DOCUMENT_IN_PROGRESS);

  /* Every span and relation of both, by text, with its annotator (fragments included). */
  after = gls_test_summarize (f->dir, f->a, TRUE);
  expected = union_of (before_a, summary_b);
  gls_test_assert_same_strv (after, expected);

  /* Details come along. */
  pompeo = find_span (f->a, f->a_sochi, sochi, "Mike Pompeo", "boris");
  g_assert_nonnull (pompeo);
  g_assert_cmpstr (gls_span_get_note (pompeo), ==, "US Secretary of State");
  g_assert_cmpstr (gls_span_get_kb_id (pompeo), ==, "Q473239");
  g_assert_nonnull (gls_span_get_attributes (pompeo));
  g_assert_cmpstr (g_hash_table_lookup (gls_span_get_attributes (pompeo), "confidence"), ==,
                   "high");

  /* The label A lacked, with B's colour; its key was A's WIDGET's already ("W" = "w"). */
  work = gls_project_find_label (f->a, "WORK");
  g_assert_nonnull (work);
  g_assert_cmpstr (gls_label_get_color (work), ==, "#123456");
  g_assert_cmpstr (gls_label_get_description (work), ==, "Works of art");
  g_assert_null (gls_label_get_key (work));
  g_assert_cmpstr (gls_label_get_color (gls_project_find_label (f->a, "PERSON")), ==, "#3584e4");
  types = gls_project_list_relation_types (f->a);
  g_assert_true (g_strv_contains ((const char * const *)types, "spoke-with"));

  /* Journaled as one import: a barrier for undo, not something undo takes apart. */
  g_assert_false (gls_project_can_undo (f->a));
}

static void
test_merge_twice (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(GlsMergeStats) first = { 0 };
  g_auto(GlsMergeStats) second = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) once = NULL;
  g_auto(GStrv) twice = NULL;
  GlsProjectStats before, after;

  g_assert_true (gls_project_merge (f->a, f->path_b, &first, NULL, &error));
  g_assert_no_error (error);
  once = gls_test_summarize (f->dir, f->a, TRUE);
  g_assert_true (gls_project_get_stats (f->a, &before, &error));

  g_assert_true (gls_project_merge (f->a, f->path_b, &second, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gls_merge_stats_is_empty (&second));
  g_assert_cmpuint (second.n_documents_matched, ==, 3);
  g_assert_cmpuint (second.n_documents_added, ==, 0);
  g_assert_cmpuint (second.n_spans_added, ==, 0);
  g_assert_cmpuint (second.n_spans_present, ==, 10);
  g_assert_cmpuint (second.n_relations_added, ==, 0);
  g_assert_cmpuint (second.n_relations_present, ==, 2);
  g_assert_cmpuint (second.n_labels_added, ==, 0);
  g_assert_cmpuint (stats_for (&second, "boris")->n_spans_present, ==, 9);

  twice = gls_test_summarize (f->dir, f->a, TRUE);
  gls_test_assert_same_strv (once, twice);
  g_assert_true (gls_project_get_stats (f->a, &after, &error));
  g_assert_cmpmem (&before, sizeof before, &after, sizeof after);

  /* And after closing and reopening, too. */
  g_clear_object (&f->a);
  f->a = gls_project_open (f->path_a, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  gls_merge_stats_clear (&second);
  g_assert_true (gls_project_merge (f->a, f->path_b, &second, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gls_merge_stats_is_empty (&second));
  g_clear_pointer (&twice, g_strfreev);
  twice = gls_test_summarize (f->dir, f->a, TRUE);
  gls_test_assert_same_strv (once, twice);
}

/* A third annotator's project with the same article twice, under two ids: both are matched
 * to A's one, and a span given on both counts once. Then everything into a fresh project D:
 * every span keeps its annotator along the way. */
static void
test_merge_chain (Fixture       *f,
                  gconstpointer  data)
{
  g_auto(GlsMergeStats) stats = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) c = NULL;
  g_autoptr(GlsProject) d = NULL;
  g_autoptr(GlsImport) import = NULL;
  g_autofree char *path_c = NULL;
  g_auto(GStrv) summary_a = NULL;
  g_auto(GStrv) summary_d = NULL;
  g_auto(GStrv) annotators = NULL;
  gint64 once, twice;

  c = gls_test_create_project (f->dir, "c.glossator");
  path_c = g_strdup (gls_project_get_path (c));
  import = gls_import_begin (c, "import", &error);
  g_assert_no_error (error);
  once = gls_import_add_document (import, "Paris, once", paris, -1, NULL, &error);
  twice = gls_import_add_document (import, "Paris, twice", paris, -1, NULL, &error);
  g_assert_no_error (error);
  gls_test_add_span_at (import, once, paris, "Paris", 0, "GPE", NULL, "carla");
  gls_test_add_span_at (import, twice, paris, "Paris", 0, "GPE", NULL, "carla");
  gls_test_add_span_at (import, twice, paris, "Merkel", 1, "PERSON", NULL, "carla");
  gls_import_commit (import, &error);
  g_assert_no_error (error);
  g_clear_pointer (&import, gls_import_free);
  g_clear_object (&c);

  g_assert_true (gls_project_merge (f->a, f->path_b, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gls_project_merge (f->a, path_c, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_documents_matched, ==, 2);
  g_assert_cmpuint (stats.n_documents_added, ==, 0);
  g_assert_cmpuint (stats.n_spans_added, ==, 2);
  g_assert_cmpuint (stats.n_spans_present, ==, 1);
  g_assert_cmpuint (gls_document_get_n_spans (gls_project_lookup_document (f->a, f->a_paris)),
                    ==, 1 + 3 + 2);

  summary_a = gls_test_summarize (f->dir, f->a, TRUE);
  g_clear_object (&f->a);   /* unlocks it */

  d = gls_test_create_project (f->dir, "d.glossator");
  gls_merge_stats_clear (&stats);
  g_assert_true (gls_project_merge (d, f->path_a, &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.n_documents_added, ==, 3);
  g_assert_cmpuint (stats.n_labels_added, ==, 2);   /* WIDGET, WORK */
  g_assert_cmpuint (stats.annotators->len, ==, 3);
  summary_d = gls_test_summarize (f->dir, d, TRUE);
  gls_test_assert_same_strv (summary_a, summary_d);
  annotators = gls_project_list_annotators (d);
  g_assert_cmpuint (g_strv_length (annotators), ==, 3);
}

/* Merging under another name, for two annotators whose logins are the same. */
static void
test_merge_as (Fixture       *f,
               gconstpointer  data)
{
  g_auto(GlsMergeStats) stats = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsImport) import = NULL;
  g_auto(GStrv) annotators = NULL;

  import = gls_import_begin (f->a, "merge", &error);
  g_assert_no_error (error);
  g_assert_true (gls_import_merge_project (import, f->path_b, "carla", &stats, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gls_import_commit (import, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (stats.annotators->len, ==, 1);
  g_assert_cmpstr (((GlsMergeAnnotator *)g_ptr_array_index (stats.annotators, 0))->annotator, ==,
                   "carla");
  /* Boris's "Sochi" and anna's are one span once both are carla's. */
  g_assert_cmpuint (stats.n_spans_added, ==, 9);
  g_assert_cmpuint (stats.n_spans_present, ==, 1);
  annotators = gls_project_list_annotators (f->a);
  g_assert_true (g_strv_contains ((const char * const *)annotators, "carla"));
  g_assert_false (g_strv_contains ((const char * const *)annotators, "boris"));
}

static void
test_document_annotators (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GError) error = NULL;
  const GlsDocumentAnnotator *e;
  gint64 lisbon_id;

  entries = gls_project_list_document_annotators (f->a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, ==, 2);

  g_assert_true (gls_project_merge (f->a, f->path_b, NULL, NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&entries, g_ptr_array_unref);
  entries = gls_project_list_document_annotators (f->a, &error);
  g_assert_no_error (error);
  lisbon_id = gls_document_get_id (document_with_text (f->a, lisbon));

  /* By document, then annotator. */
  g_assert_cmpuint (entries->len, ==, 5);
  e = g_ptr_array_index (entries, 0);
  g_assert_cmpint (e->document_id, ==, f->a_sochi);
  g_assert_cmpstr (e->annotator, ==, "anna");
  g_assert_cmpuint (e->n_spans, ==, 2);
  e = g_ptr_array_index (entries, 1);
  g_assert_cmpint (e->document_id, ==, f->a_sochi);
  g_assert_cmpstr (e->annotator, ==, "boris");
  g_assert_cmpuint (e->n_spans, ==, 3);
  e = g_ptr_array_index (entries, 2);
  g_assert_cmpint (e->document_id, ==, f->a_paris);
  g_assert_cmpstr (e->annotator, ==, "anna");
  g_assert_cmpuint (e->n_spans, ==, 1);
  e = g_ptr_array_index (entries, 3);
  g_assert_cmpint (e->document_id, ==, f->a_paris);
  g_assert_cmpstr (e->annotator, ==, "boris");
  g_assert_cmpuint (e->n_spans, ==, 3);
  e = g_ptr_array_index (entries, 4);
  g_assert_cmpint (e->document_id, ==, lisbon_id);
  g_assert_cmpstr (e->annotator, ==, "boris");
  g_assert_cmpuint (e->n_spans, ==, 3);
}

/* ------------------------------------------------------------------------------------------ */
/* Files that cannot be merged                                                                  */

static void
sqlite_exec_on (const char *path,
                const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                                    NULL), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

static void
copy_file (const char *from,
           const char *to)
{
  g_autofree char *data = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (from, &data, &length, NULL));
  g_assert_true (g_file_set_contents (to, data, (gssize)length, NULL));
}

static void
assert_refused (Fixture    *f,
                const char *path,
                gint        code,
                const char *words)
{
  g_auto(GlsMergeStats) stats = { 0 };
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = gls_test_summarize (f->dir, f->a, TRUE);
  g_auto(GStrv) after = NULL;
  GlsProjectStats counts_before, counts_after;
  guint n_labels = g_list_model_get_n_items (gls_project_get_labels (f->a));

  g_assert_true (gls_project_get_stats (f->a, &counts_before, NULL));
  g_assert_false (gls_project_merge (f->a, path, &stats, NULL, &error));
  g_assert_error (error, GLS_ERROR, code);
  g_test_message ("%s", error->message);
  if (strstr (error->message, path) == NULL)
    g_error ("“%s” does not name %s", error->message, path);
  if (words != NULL && strstr (error->message, words) == NULL)
    g_error ("“%s” lacks “%s”", error->message, words);
  g_assert_null (stats.annotators);

  g_assert_true (gls_project_get_stats (f->a, &counts_after, NULL));
  g_assert_cmpmem (&counts_before, sizeof counts_before, &counts_after, sizeof counts_after);
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_labels (f->a)), ==, n_labels);
  after = gls_test_summarize (f->dir, f->a, TRUE);
  gls_test_assert_same_strv (before, after);
}

static void
test_bad_files (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *text = g_build_filename (f->dir, "notes.glossator", NULL);
  g_autofree char *empty = g_build_filename (f->dir, "empty.glossator", NULL);
  g_autofree char *other_db = g_build_filename (f->dir, "other.sqlite", NULL);
  g_autofree char *newer = g_build_filename (f->dir, "newer.glossator", NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.glossator", NULL);
  g_autoptr(GlsProject) holder = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (text, "Mike Pompeo met Sergey Lavrov.\n", -1, NULL));
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));
  sqlite_exec_on (other_db, "CREATE TABLE documents (id INTEGER PRIMARY KEY, text TEXT)");
  copy_file (f->path_b, newer);
  sqlite_exec_on (newer, "PRAGMA user_version = 99");

  assert_refused (f, text, GLS_ERROR_NOT_A_PROJECT, "not a Glossator project");
  assert_refused (f, empty, GLS_ERROR_NOT_A_PROJECT, "empty");
  assert_refused (f, other_db, GLS_ERROR_NOT_A_PROJECT, "not a Glossator project");
  assert_refused (f, newer, GLS_ERROR_TOO_NEW, "newer");
  assert_refused (f, missing, GLS_ERROR_NOT_FOUND, NULL);
  assert_refused (f, f->dir, GLS_ERROR_NOT_A_PROJECT, "folder");
  assert_refused (f, f->path_a, GLS_ERROR_INVALID, "merged into");

  /* Open in another window: refused, not waited for. */
  holder = gls_project_open (f->path_b, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  assert_refused (f, f->path_b, GLS_ERROR_LOCKED, "another");
  g_clear_object (&holder);

  /* A read-only project refuses to be merged into, before anything is read. */
  {
    g_autoptr(GlsProject) ro = NULL;

    g_clear_object (&f->a);
    ro = gls_project_open (f->path_a, GLS_PROJECT_OPEN_READ_ONLY, &error);
    g_assert_no_error (error);
    g_assert_false (gls_project_merge (ro, f->path_b, NULL, NULL, &error));
    g_assert_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY);
    g_clear_error (&error);
  }
  f->a = gls_project_open (f->path_a, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);

  /* The other project is read, never written: its bytes are as they were. */
  {
    g_autofree char *before = gls_test_read_file (f->path_b);
    g_autofree char *after = NULL;

    g_assert_true (gls_project_merge (f->a, f->path_b, NULL, NULL, &error));
    g_assert_no_error (error);
    after = gls_test_read_file (f->path_b);
    g_assert_true (memcmp (before, after, 100) == 0);
  }
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  GlsProjectStats before, after;

  g_assert_true (gls_project_get_stats (f->a, &before, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (gls_project_merge (f->a, f->path_b, NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (gls_project_get_stats (f->a, &after, NULL));
  g_assert_cmpmem (&before, sizeof before, &after, sizeof after);
  g_assert_null (gls_project_find_label (f->a, "WORK"));
}

/* ------------------------------------------------------------------------------------------ */
/* How long a large merge takes (run with -m perf)                                             */

static void
test_perf (void)
{
  g_autofree char *dir = gls_test_make_tmp_dir ("gls-merge-perf-XXXXXX");
  g_autoptr(GlsProject) a = gls_test_create_project (dir, "a.glossator");
  g_autoptr(GlsProject) b = gls_test_create_project (dir, "b.glossator");
  g_autofree char *path_b = g_strdup (gls_project_get_path (b));
  g_auto(GlsMergeStats) stats = { 0 };
  g_autoptr(GError) error = NULL;
  const guint n_docs = 10000, n_spans = 20;
  const char *labels[] = { "PERSON", "ORG", "GPE", "DATE" };
  GlsImport *import;
  gint64 start;
  double seconds;

  /* A has all articles with anna's spans; B has them in reverse order with boris's, and
   * anna's too (all already present in A). About 3 KB an article. */
  for (guint p = 0; p < 2; p++)
    {
      GlsProject *project = p == 0 ? a : b;

      import = gls_import_begin (project, "import", &error);
      g_assert_no_error (error);
      for (guint k = 0; k < n_docs; k++)
        {
          guint i = p == 0 ? k : n_docs - 1 - k;
          g_autoptr(GString) text = g_string_new (NULL);
          gint64 doc;

          for (guint w = 0; w < 60; w++)
            g_string_append_printf (text, "Article %u sentence %u mentions Person%u of Org%u. ",
                                    i, w, (i + w) % 997, w % 13);
          doc = gls_import_add_document (import, NULL, text->str, (gssize)text->len, NULL, &error);
          g_assert_no_error (error);
          for (guint s = 0; s < n_spans; s++)
            {
              gls_test_add_span (import, doc, 50 * s, 50 * s + 8, labels[s % 4], "anna");
              if (p == 1)
                gls_test_add_span (import, doc, 50 * s + 10, 50 * s + 18, labels[(s + 1) % 4],
                                   "boris");
            }
        }
      gls_import_commit (import, &error);
      g_assert_no_error (error);
      gls_import_free (import);
    }
  g_clear_object (&b);

  start = g_get_monotonic_time ();
  g_assert_true (gls_project_merge (a, path_b, &stats, NULL, &error));
  g_assert_no_error (error);
  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_assert_cmpuint (stats.n_documents_matched, ==, n_docs);
  g_assert_cmpuint (stats.n_spans_added, ==, n_docs * n_spans);
  g_assert_cmpuint (stats.n_spans_present, ==, n_docs * n_spans);
  g_test_minimized_result (seconds, "merge of %u documents, %u spans: %.2f s", n_docs,
                           2 * n_docs * n_spans, seconds);

  gls_merge_stats_clear (&stats);
  start = g_get_monotonic_time ();
  g_assert_true (gls_project_merge (a, path_b, &stats, NULL, &error));
  g_assert_no_error (error);
  seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
  g_assert_true (gls_merge_stats_is_empty (&stats));
  g_test_minimized_result (seconds, "the same merge again (nothing new): %.2f s", seconds);

  g_clear_object (&a);
  gls_test_remove_path (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/merge/documents-spans-relations-labels", test_merge);
  ADD ("/merge/twice-changes-nothing", test_merge_twice);
  ADD ("/merge/chain", test_merge_chain);
  ADD ("/merge/as-annotator", test_merge_as);
  ADD ("/merge/document-annotators", test_document_annotators);
  ADD ("/merge/bad-files", test_bad_files);
  ADD ("/merge/cancelled", test_cancelled);
#undef ADD
  if (g_test_perf ())
    g_test_add_func ("/merge/perf", test_perf);

  return g_test_run ();
}
