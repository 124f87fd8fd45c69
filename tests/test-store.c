/* test-store.c — the project store: documents, labels, spans, relations, undo, models
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gls-error.h"
#include "gls-import.h"
#include "gls-format.h"
#include "gls-jsonl.h"
#include "gls-project.h"
#include "gls-span-list.h"
#include "gls-test-core.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlsProjectStats, g_free)

typedef struct
{
  char *dir;
  char *path;
  GlsProject *project;
  gint64 doc;
} Fixture;

static const char *article =
  "US Secretary of State Mike Pompeo met Russian President Vladimir Putin in Sochi.\n"
  "Сергей Лавров said talks were constructive 🚀 and Zoë agreed.\n";

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = gls_test_make_tmp_dir ("gls-store-XXXXXX");
  f->path = g_build_filename (f->dir, "test.glossator", NULL);
  f->project = gls_project_create (f->path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  gls_project_set_annotator (f->project, "anna");
  f->doc = gls_project_add_document (f->project, "Pompeo", article, "pompeo.txt", &error);
  g_assert_no_error (error);
  g_assert_cmpint (f->doc, >, 0);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static void
reopen (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_finalize_object (f->project);
  f->project = gls_project_open (f->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  gls_project_set_annotator (f->project, "anna");
}

static gint64
label_id (GlsProject *project,
          const char *name)
{
  GlsLabel *label = gls_project_find_label (project, name);
  g_assert_nonnull (label);
  return gls_label_get_id (label);
}

/* Character offsets of the @nth occurrence of @needle in the article. */
static GlsFragment
find (const char *needle,
      int         nth)
{
  const char *p = article;
  GlsFragment f;

  for (int i = 0; i <= nth; i++)
    {
      p = strstr (i == 0 ? p : p + 1, needle);
      g_assert_nonnull (p);
    }
  f.start = g_utf8_pointer_to_offset (article, p);
  f.end = f.start + g_utf8_strlen (needle, -1);
  return f;
}

static guint
n_spans (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) spans = gls_project_list_spans (f->project, f->doc, &error);

  g_assert_no_error (error);
  return g_list_model_get_n_items (spans);
}

static void
test_default_schema (Fixture       *f,
                     gconstpointer  data)
{
  static const char *names[] = { "PERSON", "ORG", "GPE", "LOC", "DATE", "NORP", "EVENT", "LAW",
                                 "MISC" };
  GListModel *labels = gls_project_get_labels (f->project);
  g_autoptr(GHashTable) colors = g_hash_table_new (g_str_hash, g_str_equal);
  g_auto(GStrv) relation_types = gls_project_list_relation_types (f->project);

  g_assert_cmpuint (g_list_model_get_n_items (labels), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      g_autofree char *key = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (gls_label_get_name (label), ==, names[i]);
      g_assert_cmpstr (gls_label_get_key (label), ==, key);
      g_assert_cmpstr (gls_label_get_description (label), !=, "");
      g_assert_false (g_hash_table_contains (colors, gls_label_get_color (label)));
      g_hash_table_add (colors, (gpointer)gls_label_get_color (label));
    }
  g_assert_true (g_strv_contains ((const char * const *)relation_types, "met-with"));
}

static void
test_spans (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsSpan) span = NULL;
  GlsFragment title = find ("US Secretary of State Mike Pompeo", 0);
  GlsFragment pompeo = find ("Mike Pompeo", 0);
  GlsFragment lavrov = find ("Сергей Лавров", 0);
  GlsFragment zoe = find ("Zoë", 0);
  GlsFragment discontinuous[] = { find ("US", 0), find ("Secretary", 0) };
  gint64 a, b, c, d, e;

  a = gls_project_add_span (f->project, f->doc, &title, 1, label_id (f->project, "PERSON"), &error);
  g_assert_no_error (error);
  /* Nested inside a with another label: allowed. */
  b = gls_project_add_span (f->project, f->doc, &pompeo, 1, label_id (f->project, "PERSON"), &error);
  g_assert_no_error (error);
  c = gls_project_add_span (f->project, f->doc, &lavrov, 1, label_id (f->project, "PERSON"), &error);
  g_assert_no_error (error);
  d = gls_project_add_span (f->project, f->doc, discontinuous, 2, label_id (f->project, "MISC"), &error);
  g_assert_no_error (error);
  e = gls_project_add_span (f->project, f->doc, &zoe, 1, label_id (f->project, "PERSON"), &error);
  g_assert_no_error (error);
  g_assert_true (a && b && c && d && e);

  /* Offsets are code points: the Cyrillic name is 13 characters wherever bytes fall. */
  span = gls_project_get_span (f->project, c, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gls_span_get_end (span) - gls_span_get_start (span), ==, 13);
  g_assert_cmpstr (gls_span_get_annotator (span), ==, "anna");
  g_clear_object (&span);

  span = gls_project_get_span (f->project, d, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gls_span_get_n_fragments (span), ==, 2);
  g_assert_cmpint (gls_span_get_fragments (span)[1].start, ==, discontinuous[1].start);

  /* The same label, boundaries and annotator again: refused. */
  g_assert_cmpint (gls_project_add_span (f->project, f->doc, &pompeo, 1,
                                         label_id (f->project, "PERSON"), &error), ==, 0);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_DUPLICATE);
  g_clear_error (&error);

  /* ... but another annotator may have the same span. */
  gls_project_set_annotator (f->project, "ben");
  g_assert_cmpint (gls_project_add_span (f->project, f->doc, &pompeo, 1,
                                         label_id (f->project, "PERSON"), &error), >, 0);
  g_assert_no_error (error);

  /* Offsets past the end, empty and reversed ranges are refused with GLS_ERROR_OFFSET. */
  {
    GlsFragment past = { 0, g_utf8_strlen (article, -1) + 1 };
    GlsFragment empty = { 5, 5 };
    GlsFragment reversed = { 9, 3 };

    g_assert_cmpint (gls_project_add_span (f->project, f->doc, &past, 1,
                                           label_id (f->project, "ORG"), &error), ==, 0);
    g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
    g_assert_nonnull (strstr (error->message, "past the end"));
    g_clear_error (&error);
    g_assert_cmpint (gls_project_add_span (f->project, f->doc, &empty, 1,
                                           label_id (f->project, "ORG"), &error), ==, 0);
    g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
    g_clear_error (&error);
    g_assert_cmpint (gls_project_add_span (f->project, f->doc, &reversed, 1,
                                           label_id (f->project, "ORG"), &error), ==, 0);
    g_assert_error (error, GLS_ERROR, GLS_ERROR_OFFSET);
    g_clear_error (&error);
  }

  /* An unknown label and an unknown document. */
  g_assert_cmpint (gls_project_add_span (f->project, f->doc, &pompeo, 1, 9999, &error), ==, 0);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_UNKNOWN_LABEL);
  g_clear_error (&error);
  g_assert_cmpint (gls_project_add_span (f->project, 4242, &pompeo, 1,
                                         label_id (f->project, "ORG"), &error), ==, 0);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (n_spans (f), ==, 6);
  /* The document model keeps its count current. */
  g_assert_cmpuint (gls_document_get_n_spans (gls_project_lookup_document (f->project, f->doc)),
                    ==, 6);

  /* Everything survives closing and reopening. */
  reopen (f);
  g_assert_cmpuint (n_spans (f), ==, 6);
}

static void
test_span_list_order (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) spans = NULL;
  const char *words[] = { "Sochi", "Vladimir Putin", "Mike Pompeo", "US" };
  gint64 prev = -1;

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      GlsFragment fr = find (words[i], 0);
      gls_project_add_span (f->project, f->doc, &fr, 1, label_id (f->project, "GPE"), &error);
      g_assert_no_error (error);
    }
  spans = gls_project_list_spans (f->project, f->doc, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);
      g_assert_cmpint (gls_span_get_start (span), >, prev);
      prev = gls_span_get_start (span);
    }
}

static void
on_spans_changed (GlsProject *project,
                  gint64      document_id,
                  gpointer    user_data)
{
  gint64 *last = user_data;
  *last = document_id;
}

static void
test_edits_and_undo (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsSpan) span = NULL;
  GlsFragment putin = find ("Vladimir Putin", 0);
  GlsFragment pompeo = find ("Mike Pompeo", 0);
  GlsFragment bigger = find ("President Vladimir Putin", 0);
  gint64 a, b, rel, changed_doc = 0;
  gulong handler;

  handler = g_signal_connect (f->project, "spans-changed", G_CALLBACK (on_spans_changed),
                              &changed_doc);
  g_assert_false (gls_project_can_undo (f->project)); /* the import is a barrier */

  a = gls_project_add_span (f->project, f->doc, &putin, 1, label_id (f->project, "PERSON"), &error);
  g_assert_no_error (error);
  g_assert_cmpint (changed_doc, ==, f->doc);
  b = gls_project_add_span (f->project, f->doc, &pompeo, 1, label_id (f->project, "PERSON"), &error);
  g_assert_no_error (error);
  g_assert_true (gls_project_can_undo (f->project));

  /* Relabel, resize, attributes, relation. */
  g_assert_true (gls_project_set_span_label (f->project, a, label_id (f->project, "ORG"), &error));
  g_assert_true (gls_project_set_span_fragments (f->project, a, &bigger, 1, &error));
  g_assert_true (gls_project_set_span_note (f->project, a, "title included", &error));
  g_assert_true (gls_project_set_span_kb_id (f->project, a, "Q7747", &error));
  g_assert_true (gls_project_set_span_attribute (f->project, a, "role", "head of state", &error));
  rel = gls_project_add_relation (f->project, "met-with", b, a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rel, >, 0);

  span = gls_project_get_span (f->project, a, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gls_span_get_label_id (span), ==, label_id (f->project, "ORG"));
  g_assert_cmpint (gls_span_get_start (span), ==, bigger.start);
  g_assert_cmpstr (gls_span_get_note (span), ==, "title included");
  g_assert_cmpstr (gls_span_get_kb_id (span), ==, "Q7747");
  g_assert_cmpstr (g_hash_table_lookup (gls_span_get_attributes (span), "role"), ==,
                   "head of state");
  g_clear_object (&span);

  /* Deleting the span takes the relation with it; undo brings back both. */
  g_assert_true (gls_project_delete_span (f->project, a, &error));
  g_assert_no_error (error);
  g_assert_null (gls_project_get_span (f->project, a, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  {
    g_autofree char *what = gls_project_describe_undo (f->project);
    g_assert_cmpstr (what, ==, "delete-span");
  }

  /* Undo survives closing the project. */
  g_signal_handler_disconnect (f->project, handler);
  reopen (f);
  g_assert_true (gls_project_can_undo (f->project));
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_no_error (error);
  span = gls_project_get_span (f->project, a, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gls_span_get_kb_id (span), ==, "Q7747");
  g_clear_object (&span);
  {
    g_autoptr(GlsProjectStats) stats = g_new0 (GlsProjectStats, 1);
    g_assert_true (gls_project_get_stats (f->project, stats, &error));
    g_assert_cmpuint (stats->n_relations, ==, 1);
  }

  /* Undo step by step back to the label change, redo forward again. */
  for (int i = 0; i < 5; i++) /* relation, attribute, kb id, note, resize */
    g_assert_true (gls_project_undo (f->project, &error));
  span = gls_project_get_span (f->project, a, &error);
  g_assert_cmpint (gls_span_get_start (span), ==, putin.start);
  g_assert_cmpint (gls_span_get_label_id (span), ==, label_id (f->project, "ORG"));
  g_assert_null (gls_span_get_note (span));
  g_clear_object (&span);
  g_assert_true (gls_project_undo (f->project, &error)); /* relabel */
  span = gls_project_get_span (f->project, a, &error);
  g_assert_cmpint (gls_span_get_label_id (span), ==, label_id (f->project, "PERSON"));
  g_clear_object (&span);

  g_assert_true (gls_project_can_redo (f->project));
  g_assert_true (gls_project_redo (f->project, &error));
  g_assert_true (gls_project_redo (f->project, &error));
  span = gls_project_get_span (f->project, a, &error);
  g_assert_cmpint (gls_span_get_label_id (span), ==, label_id (f->project, "ORG"));
  g_assert_cmpint (gls_span_get_start (span), ==, bigger.start);
  g_clear_object (&span);

  /* A new edit ends the redo chain. */
  g_assert_true (gls_project_set_span_note (f->project, b, "new edit", &error));
  g_assert_false (gls_project_can_redo (f->project));
  g_assert_false (gls_project_redo (f->project, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Undo everything down to the import barrier: the document has no spans again. */
  while (gls_project_can_undo (f->project))
    g_assert_true (gls_project_undo (f->project, &error));
  g_assert_cmpuint (n_spans (f), ==, 0);
  g_assert_false (gls_project_undo (f->project, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
}

static void
test_document_status (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GlsDocument *doc = gls_project_lookup_document (f->project, f->doc);

  g_assert_cmpint (gls_document_get_status (doc), ==, GLS_DOCUMENT_NEW);
  g_assert_true (gls_project_set_document_status (f->project, f->doc, GLS_DOCUMENT_DONE, &error));
  g_assert_cmpint (gls_document_get_status (doc), ==, GLS_DOCUMENT_DONE);
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_cmpint (gls_document_get_status (doc), ==, GLS_DOCUMENT_NEW);
  g_assert_true (gls_project_redo (f->project, &error));
  reopen (f);
  doc = gls_project_lookup_document (f->project, f->doc);
  g_assert_cmpint (gls_document_get_status (doc), ==, GLS_DOCUMENT_DONE);
}

static void
test_import_all_or_nothing (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsImport) import = NULL;
  GListModel *docs = gls_project_get_documents (f->project);
  GlsFragment fr = { 0, 2 };
  gint64 id;

  import = gls_import_begin (f->project, "import", &error);
  g_assert_no_error (error);
  id = gls_import_add_document (import, "Two", "Second article.", -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gls_import_add_span (import, id, &fr, 1, "GPE", "anna", NULL, NULL, NULL,
                                        &error), >, 0);
  /* A bad span: the whole import must go. */
  g_assert_cmpint (gls_import_add_span (import, id, &fr, 1, "NOPE", "anna", NULL, NULL, NULL,
                                        &error), ==, 0);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_UNKNOWN_LABEL);
  g_clear_error (&error);
  g_clear_pointer (&import, gls_import_free);

  g_assert_cmpuint (g_list_model_get_n_items (docs), ==, 1);
  reopen (f);
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (f->project)), ==, 1);

  /* Invalid UTF-8 is refused. */
  import = gls_import_begin (f->project, "import", &error);
  g_assert_no_error (error);
  g_assert_cmpint (gls_import_add_document (import, "Bad", "caf\xe9", -1, NULL, &error), ==, 0);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_ENCODING);
}

static void
test_models_follow_imports (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsImport) import = NULL;
  GListModel *docs = gls_project_get_documents (f->project);
  char text[64];

  import = gls_import_begin (f->project, "import", &error);
  for (int i = 0; i < 50; i++)
    {
      g_snprintf (text, sizeof text, "Article number %d.\n", i);
      g_assert_cmpint (gls_import_add_document (import, NULL, text, -1, NULL, &error), >, 0);
    }
  g_assert_cmpuint (g_list_model_get_n_items (docs), ==, 1);
  g_assert_true (gls_import_commit (import, &error));
  g_assert_cmpuint (g_list_model_get_n_items (docs), ==, 51);
}

static char *
export_to_string (GlsProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *dir = g_dir_make_tmp ("gls-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "out.jsonl", NULL);
  char *contents = NULL;

  g_assert_true (gls_export_run (project, &gls_format_jsonl, path, NULL, NULL, report, NULL,
                                 NULL, NULL, &error));
  g_assert_no_error (error);
  /* Glossator JSONL carries everything. */
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_remove (path);
  g_rmdir (dir);
  return contents;
}

static void
test_jsonl_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) copy = NULL;
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autofree char *copy_path = g_build_filename (f->dir, "copy.glossator", NULL);
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  GlsFragment lavrov = find ("Сергей Лавров", 0);
  GlsFragment rocket = find ("🚀", 0);
  GlsFragment split[] = { find ("US", 0), find ("Pompeo", 0) };
  gint64 a, b;

  a = gls_project_add_span (f->project, f->doc, &lavrov, 1, label_id (f->project, "PERSON"), &error);
  b = gls_project_add_span (f->project, f->doc, &rocket, 1, label_id (f->project, "MISC"), &error);
  gls_project_add_span (f->project, f->doc, split, 2, label_id (f->project, "PERSON"), &error);
  g_assert_no_error (error);
  gls_project_set_span_kb_id (f->project, a, "Q80211", &error);
  gls_project_set_span_attribute (f->project, b, "kind", "emoji", &error);
  gls_project_add_relation (f->project, "met-with", a, b, &error);
  g_assert_no_error (error);

  first = export_to_string (f->project);
  g_assert_nonnull (strstr (first, "\"text\":\"Сергей Лавров\""));
  g_assert_nonnull (strstr (first, "\"text\":\"🚀\""));

  copy = gls_project_create (copy_path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  import = gls_import_begin (copy, "import", &error);
  in = g_memory_input_stream_new_from_data (first, -1, NULL);
  g_assert_true (gls_jsonl_import (import, in, "first.jsonl", NULL, FALSE, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gls_import_commit (import, &error));
  second = export_to_string (copy);

  /* Ids and import times differ between projects; everything else must be identical. */
  {
    g_autoptr(GRegex) ids = g_regex_new ("\"(id|from|to)\":(\"[^\"]*\"|[0-9]+)", 0, 0, NULL);
    g_autofree char *a1 = g_regex_replace_literal (ids, first, -1, 0, "", 0, NULL);
    g_autofree char *a2 = g_regex_replace_literal (ids, second, -1, 0, "", 0, NULL);
    g_assert_cmpstr (a1, ==, a2);
  }

  /* Importing the same file again changes nothing. */
  g_clear_pointer (&import, gls_import_free);
  g_clear_object (&in);
  import = gls_import_begin (copy, "import", &error);
  in = g_memory_input_stream_new_from_data (first, -1, NULL);
  g_assert_true (gls_jsonl_import (import, in, "first.jsonl", NULL, FALSE, NULL, &error));
  g_assert_cmpuint (gls_import_get_n_spans (import), ==, 0);
  g_assert_cmpuint (gls_import_get_n_duplicates (import), ==, 3);
  g_assert_true (gls_import_commit (import, &error));
  {
    g_autofree char *third = export_to_string (copy);
    g_assert_cmpstr (third, ==, second);
  }
}

static void
test_jsonl_bad_input (Fixture       *f,
                      gconstpointer  data)
{
  struct {
    const char *input;
    const char *message;
  } cases[] = {
    { "{\"text\": \"abc\"}\nnot json\n", "bad.jsonl:2: not valid JSON" },
    { "[1, 2]\n", "bad.jsonl:1: expected one JSON object" },
    { "{\"title\": \"x\"}\n", "bad.jsonl:1: the object has no string member" },
    { "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 9, \"label\": \"ORG\", "
      "\"annotator\": \"a\"}]}\n", "past the end" },
    { "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 2, \"label\": \"ORG\", "
      "\"annotator\": \"a\", \"text\": \"bc\"}]}\n", "its “text” is “bc” but the document has “ab”" },
    { "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 2, \"label\": \"FOO\", "
      "\"annotator\": \"a\"}]}\n", "unknown label “FOO”" },
    { "{\"text\": \"abc\", \"spans\": [{\"start\": 0, \"end\": 2, \"label\": \"ORG\"}]}\n",
      "names no “annotator”" },
    { "", "no documents" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GlsImport) import = gls_import_begin (f->project, "import", &error);
      g_autoptr(GInputStream) in = g_memory_input_stream_new_from_data (cases[i].input, -1, NULL);

      g_assert_false (gls_jsonl_import (import, in, "bad.jsonl", NULL, FALSE, NULL, &error));
      g_assert_nonnull (error);
      if (strstr (error->message, cases[i].message) == NULL)
        g_error ("case %u: “%s” does not contain “%s”", i, error->message, cases[i].message);
      g_clear_pointer (&import, gls_import_free);
      /* Nothing from a failed import remains. */
      g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (f->project)), ==, 1);
    }
}

static void
test_label_occurrences (Fixture       *f,
                        gconstpointer  data)
{
  static const char *text =
    "Moscow said Moscow's view was clear. MOSCOW agreed; Muscovites and Moscowians did not.\n";
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) found = NULL;
  g_autoptr(GArray) insensitive = NULL;
  g_autoptr(GArray) everywhere = NULL;
  gint64 doc, span, other;
  GlsFragment first = { 0, 6 };
  guint added;

  doc = gls_project_add_document (f->project, "Moscow", text, NULL, &error);
  other = gls_project_add_document (f->project, "Other", "Talks in Moscow.\n", NULL, &error);
  g_assert_no_error (error);
  span = gls_project_add_span (f->project, doc, &first, 1, label_id (f->project, "GPE"), &error);
  g_assert_no_error (error);

  /* Whole words, exact case: the second "Moscow" only ("Moscowians" is not a word match, the
   * first is labelled already, MOSCOW differs in case). */
  found = gls_project_find_occurrences (f->project, span, FALSE, TRUE, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpint (g_array_index (found, GlsOccurrence, 0).start, ==, 12);

  insensitive = gls_project_find_occurrences (f->project, span, FALSE, FALSE, TRUE, &error);
  g_assert_cmpuint (insensitive->len, ==, 2);
  everywhere = gls_project_find_occurrences (f->project, span, TRUE, FALSE, TRUE, &error);
  g_assert_cmpuint (everywhere->len, ==, 3);
  g_assert_cmpint (g_array_index (everywhere, GlsOccurrence, 2).document_id, ==, other);

  /* All at once, as one step: one undo takes them all back. */
  added = gls_project_add_spans (f->project, (const GlsOccurrence *)(gpointer)everywhere->data,
                                 everywhere->len, label_id (f->project, "GPE"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 3);
  g_assert_cmpuint (gls_document_get_n_spans (gls_project_lookup_document (f->project, doc)), ==, 3);
  {
    g_autofree char *what = gls_project_describe_undo (f->project);
    g_assert_cmpstr (what, ==, "label-occurrences");
  }
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_cmpuint (gls_document_get_n_spans (gls_project_lookup_document (f->project, doc)), ==, 1);
  g_assert_cmpuint (gls_document_get_n_spans (gls_project_lookup_document (f->project, other)), ==, 0);

  /* A reviewer fixing ben's layer: the spans are ben's, the journal names the reviewer; Gold's
   * spans come from decisions only. */
  gls_project_set_annotator (f->project, "rita");
  added = gls_project_add_spans_for (f->project, "ben",
                                     (const GlsOccurrence *)(gpointer)everywhere->data,
                                     everywhere->len, label_id (f->project, "GPE"), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (added, ==, 3);
  {
    g_autoptr(GListModel) spans = gls_project_list_spans (f->project, other, &error);
    g_autoptr(GlsSpan) moscow = g_list_model_get_item (spans, 0);

    g_assert_cmpuint (g_list_model_get_n_items (spans), ==, 1);
    g_assert_cmpstr (gls_span_get_annotator (moscow), ==, "ben");
  }
  g_assert_cmpuint (gls_project_add_spans_for (f->project, "Gold",
                                               (const GlsOccurrence *)(gpointer)everywhere->data,
                                               everywhere->len, label_id (f->project, "GPE"),
                                               &error), ==, 0);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_finalize_object (g_steal_pointer (&f->project));
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;

    g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT annotator FROM journal WHERE op = "
                                         "'label-occurrences' ORDER BY id DESC LIMIT 1", -1,
                                         &stmt, NULL), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *)sqlite3_column_text (stmt, 0), ==, "rita");
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  f->project = gls_project_open (f->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

/* A span list kept up to date edit by edit (as the window keeps its own) reads the same as
 * one loaded afresh: through 300 random creations, relabels, resizes, deletions, undos and
 * redos, some of them in another document. */
static void
list_follows_cb (GlsProject *project,
                 gint64      document_id,
                 GListModel *list)
{
  g_autoptr(GError) error = NULL;
  guint n;
  const gint64 *ids = gls_project_get_changed_spans (project, &n);

  if (ids != NULL)
    g_assert_true (gls_span_list_update (GLS_SPAN_LIST (list), ids, n, &error));
  g_assert_no_error (error);
}

static char *
list_rows (GListModel *list)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      guint n;
      const GlsFragment *f = gls_span_list_get_fragments (GLS_SPAN_LIST (list), i, &n);

      g_string_append_printf (out, "%" G_GINT64_FORMAT " %" G_GINT64_FORMAT " %s %"
                              G_GINT64_FORMAT "-%" G_GINT64_FORMAT " %u\n",
                              gls_span_list_get_id (GLS_SPAN_LIST (list), i),
                              gls_span_list_get_label_id (GLS_SPAN_LIST (list), i),
                              gls_span_list_get_annotator (GLS_SPAN_LIST (list), i),
                              f[0].start, f[n - 1].end, n);
    }
  return g_string_free (out, FALSE);
}

static void
test_span_list_follows_edits (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) list = gls_project_list_spans (f->project, f->doc, &error);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gint64 other = gls_project_add_document (f->project, "Other", article, NULL, &error);
  gint64 labels[] = { label_id (f->project, "PERSON"), label_id (f->project, "GPE"),
                      label_id (f->project, "ORG") };
  gint64 length = g_utf8_strlen (article, -1);

  g_assert_no_error (error);
  g_signal_connect (f->project, "spans-changed", G_CALLBACK (list_follows_cb), list);
  for (int step = 0; step < 300; step++)
    {
      g_autoptr(GListModel) spans = gls_project_list_spans (f->project, f->doc, &error);
      guint n = g_list_model_get_n_items (spans);
      g_autofree char *followed = NULL;
      g_autofree char *fresh = NULL;
      int what = g_rand_int_range (rand, 0, 10);
      gint64 start = g_rand_int_range (rand, 0, (gint32)length - 12);
      GlsFragment fragment = { start, start + g_rand_int_range (rand, 1, 12) };
      g_autoptr(GlsSpan) span = n > 0 ? g_list_model_get_item (spans, g_rand_int_range (rand, 0, (gint32)n)) : NULL;

      if (what < 3 || span == NULL)
        gls_project_add_span (f->project, what == 0 ? other : f->doc, &fragment, 1,
                              labels[g_rand_int_range (rand, 0, 3)], &error);
      else if (what == 3)
        gls_project_set_span_label (f->project, gls_span_get_id (span),
                                    labels[g_rand_int_range (rand, 0, 3)], &error);
      else if (what == 4)
        gls_project_set_span_fragments (f->project, gls_span_get_id (span), &fragment, 1, &error);
      else if (what == 5)
        {
          /* Grows at the end only: the start stays. */
          GlsFragment longer = { gls_span_get_start (span), MIN (gls_span_get_end (span) + 3, length) };

          gls_project_set_span_fragments (f->project, gls_span_get_id (span), &longer, 1, &error);
        }
      else if (what == 6)
        gls_project_delete_span (f->project, gls_span_get_id (span), &error);
      else if (what == 7 || what == 8)
        gls_project_undo (f->project, &error);
      else
        gls_project_redo (f->project, &error);
      /* Some edits are refused (the same span twice, nothing to redo): that is fine here. */
      g_clear_error (&error);

      followed = list_rows (list);
      g_clear_object (&spans);
      spans = gls_project_list_spans (f->project, f->doc, &error);
      fresh = list_rows (spans);
      g_assert_cmpstr (followed, ==, fresh);
    }
  g_signal_handlers_disconnect_by_func (f->project, list_follows_cb, list);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GlsFragment fr = find ("Sochi", 0);

  g_assert_finalize_object (f->project);
  f->project = gls_project_open (f->path, GLS_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (f->project)), ==, 1);
  g_assert_cmpint (gls_project_add_span (f->project, f->doc, &fr, 1,
                                         label_id (f->project, "GPE"), &error), ==, 0);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY);
}

/* Snapping to tokens is a project setting: on by default, kept in the file. */
static void
test_snap_setting (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) again = NULL;

  g_assert_true (gls_project_get_snap_to_tokens (f->project));
  g_assert_true (gls_project_set_snap_to_tokens (f->project, FALSE, &error));
  g_assert_no_error (error);
  g_assert_false (gls_project_get_snap_to_tokens (f->project));
  g_clear_object (&f->project);

  again = gls_project_open (f->path, 0, &error);
  g_assert_no_error (error);
  g_assert_false (gls_project_get_snap_to_tokens (again));
  g_assert_true (gls_project_set_snap_to_tokens (again, TRUE, &error));
  g_assert_true (gls_project_get_snap_to_tokens (again));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/store/default-schema", test_default_schema);
  ADD ("/store/spans", test_spans);
  ADD ("/store/snap-setting", test_snap_setting);
  ADD ("/store/span-list-order", test_span_list_order);
  ADD ("/store/edits-and-undo", test_edits_and_undo);
  ADD ("/store/document-status", test_document_status);
  ADD ("/store/import-all-or-nothing", test_import_all_or_nothing);
  ADD ("/store/models-follow-imports", test_models_follow_imports);
  ADD ("/store/jsonl-round-trip", test_jsonl_round_trip);
  ADD ("/store/jsonl-bad-input", test_jsonl_bad_input);
  ADD ("/store/label-occurrences", test_label_occurrences);
  ADD ("/store/span-list-follows-edits", test_span_list_follows_edits);
  ADD ("/store/read-only", test_read_only);
#undef ADD

  return g_test_run ();
}
