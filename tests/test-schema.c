/* test-schema.c — editing the label schema: update, move, count, delete with undo; relation types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "gls-error.h"
#include "gls-import.h"
#include "gls-project.h"
#include "gls-schema.h"
#include "gls-test-core.h"

typedef struct
{
  char *dir;
  char *path;
  GlsProject *project;
  gint64 doc1;
  gint64 doc2;
  GHashTable *changed;          /* document ids that spans-changed named */
} Fixture;

static const char *text1 = "Mike Pompeo met Vladimir Putin in Sochi on May 14.\n";
static const char *text2 = "Сергей Лавров visited Paris with Zoë 🚀 and the UN.\n";

static gint64
label_id (Fixture    *f,
          const char *name)
{
  GlsLabel *label = gls_project_find_label (f->project, name);

  g_assert_nonnull (label);
  return gls_label_get_id (label);
}

static gint64
add_span (Fixture    *f,
          gint64      doc,
          const char *text,
          const char *needle,
          const char *label)
{
  g_autoptr(GError) error = NULL;
  GlsFragment fragment = gls_test_find (text, needle, 0);
  gint64 id = gls_project_add_span (f->project, doc, &fragment, 1, label_id (f, label), &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
add_relation (Fixture    *f,
              const char *type,
              gint64      source,
              gint64      target)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (gls_project_add_relation (f->project, type, source, target, &error), >, 0);
  g_assert_no_error (error);
}

static void
spans_changed_cb (GlsProject *project,
                  gint64      document_id,
                  Fixture    *f)
{
  g_hash_table_add (f->changed, g_memdup2 (&document_id, sizeof document_id));
}

static void
watch (Fixture *f)
{
  g_signal_connect (f->project, "spans-changed", G_CALLBACK (spans_changed_cb), f);
}

/* PERSON has five spans (four of anna's, one of ben's) in two documents, and three
 * relations; one relation (located-in UN → Paris) has no PERSON in it. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 pompeo, putin, sochi, paris, zoe, un;

  f->dir = gls_test_make_tmp_dir ("gls-schema-XXXXXX");
  f->path = g_build_filename (f->dir, "schema.glossator", NULL);
  f->changed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  f->project = gls_project_create (f->path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  gls_project_set_annotator (f->project, "anna");
  f->doc1 = gls_project_add_document (f->project, "Sochi", text1, NULL, &error);
  g_assert_no_error (error);
  f->doc2 = gls_project_add_document (f->project, "Paris", text2, NULL, &error);
  g_assert_no_error (error);

  pompeo = add_span (f, f->doc1, text1, "Mike Pompeo", "PERSON");
  putin = add_span (f, f->doc1, text1, "Vladimir Putin", "PERSON");
  sochi = add_span (f, f->doc1, text1, "Sochi", "GPE");
  add_span (f, f->doc1, text1, "May 14", "DATE");
  add_span (f, f->doc2, text2, "Сергей Лавров", "PERSON");
  paris = add_span (f, f->doc2, text2, "Paris", "GPE");
  zoe = add_span (f, f->doc2, text2, "Zoë", "PERSON");
  un = add_span (f, f->doc2, text2, "UN", "ORG");
  add_relation (f, "met-with", pompeo, putin);
  add_relation (f, "located-in", putin, sochi);
  add_relation (f, "member-of", zoe, un);
  add_relation (f, "located-in", un, paris);

  gls_project_set_annotator (f->project, "ben");
  add_span (f, f->doc1, text1, "Mike Pompeo", "PERSON");
  gls_project_set_annotator (f->project, "anna");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->project);
  gls_test_remove_tree (f->dir);
  g_hash_table_unref (f->changed);
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

static guint
n_journal_entries (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GlsProjectStats stats;

  g_assert_true (gls_project_get_stats (f->project, &stats, &error));
  g_assert_no_error (error);
  return stats.n_journal_entries;
}

/* The labels as "NAME color key position | description", in model order. */
static char *
describe_labels (GlsProject *project)
{
  GListModel *labels = gls_project_get_labels (project);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);

      g_string_append_printf (out, "%s %s %s %d | %s\n", gls_label_get_name (label),
                              gls_label_get_color (label),
                              gls_label_get_key (label) ? gls_label_get_key (label) : "-",
                              gls_label_get_position (label), gls_label_get_description (label));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
label_order (GlsProject *project)
{
  GListModel *labels = gls_project_get_labels (project);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);

      g_assert_cmpint (gls_label_get_position (label), ==, (int)i);
      g_string_append_printf (out, "%s%s", i ? " " : "", gls_label_get_name (label));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_update_label (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *reopened = NULL;
  gint64 person = label_id (f, "PERSON");
  GlsLabel *label = gls_project_lookup_label (f->project, person);
  guint entries;

  g_assert_true (gls_project_update_label (f->project, person, "HUMAN", "#AA00CC", "h",
                                           "Real or fictional people", &error));
  g_assert_no_error (error);
  /* The same object, updated in place, so bindings to it stay alive. */
  g_assert_true (gls_project_lookup_label (f->project, person) == label);
  g_assert_cmpstr (gls_label_get_name (label), ==, "HUMAN");
  g_assert_cmpstr (gls_label_get_color (label), ==, "#aa00cc");
  g_assert_cmpstr (gls_label_get_key (label), ==, "h");
  g_assert_cmpstr (gls_label_get_description (label), ==, "Real or fictional people");
  g_assert_null (gls_project_find_label (f->project, "PERSON"));
  g_assert_cmpint (gls_project_count_label_spans (f->project, person, NULL), ==, 5);

  /* Every refusal names the label, says what is wrong, and changes nothing. */
  before = describe_labels (f->project);
  entries = n_journal_entries (f);

  g_assert_false (gls_project_update_label (f->project, person, "ORG", "#aa00cc", "h", NULL,
                                            &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "HUMAN"));
  g_assert_nonnull (strstr (error->message, "ORG"));
  g_clear_error (&error);

  g_assert_false (gls_project_update_label (f->project, person, "", "#aa00cc", "h", NULL,
                                            &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "HUMAN"));
  g_clear_error (&error);

  g_assert_false (gls_project_update_label (f->project, person, "TWO WORDS", "#aa00cc", "h",
                                            NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_clear_error (&error);

  for (guint i = 0; i < 4; i++)
    {
      const char *bad[] = { "red", "#12345", "#1234567", "#12345g" };

      g_assert_false (gls_project_update_label (f->project, person, "HUMAN", bad[i], "h", NULL,
                                                &error));
      g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, "HUMAN"));
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_clear_error (&error);
    }

  /* ORG has "2"; keys are matched without regard to case. */
  g_assert_false (gls_project_update_label (f->project, person, "HUMAN", "#aa00cc", "2", NULL,
                                            &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "HUMAN"));
  g_assert_nonnull (strstr (error->message, "ORG"));
  g_clear_error (&error);
  g_assert_true (gls_project_update_label (f->project, label_id (f, "ORG"), "ORG", "#e66100",
                                           "o", NULL, &error));
  g_assert_no_error (error);
  g_free (before);
  before = describe_labels (f->project);
  entries = n_journal_entries (f);
  g_assert_false (gls_project_update_label (f->project, person, "HUMAN", "#aa00cc", "O", NULL,
                                            &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_DUPLICATE);
  g_clear_error (&error);

  g_assert_false (gls_project_update_label (f->project, person, "HUMAN", "#aa00cc", "hh", NULL,
                                            &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gls_project_update_label (f->project, person, "HUMAN", "#aa00cc", " ", NULL,
                                            &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (gls_project_update_label (f->project, 9999, "X", "#000000", NULL, NULL,
                                            &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_UNKNOWN_LABEL);
  g_clear_error (&error);

  after = describe_labels (f->project);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpuint (n_journal_entries (f), ==, entries);

  /* Setting what is there already is no edit; a key can be removed with "" or NULL. */
  g_assert_true (gls_project_update_label (f->project, person, "HUMAN", "#aa00cc", "h",
                                           "Real or fictional people", &error));
  g_assert_cmpuint (n_journal_entries (f), ==, entries);
  g_assert_true (gls_project_update_label (f->project, person, "HUMAN", "#aa00cc", "",
                                           "Real or fictional people", &error));
  g_assert_no_error (error);
  g_assert_null (gls_label_get_key (label));
  g_assert_cmpuint (n_journal_entries (f), ==, entries + 1);

  /* Undo takes one edit back at a time. */
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gls_label_get_key (label), ==, "h");

  /* The spans keep pointing at the renamed label; all of it survives reopening. */
  g_free (after);
  after = describe_labels (f->project);
  reopen (f);
  reopened = describe_labels (f->project);
  g_assert_cmpstr (reopened, ==, after);
  g_assert_nonnull (gls_project_find_label (f->project, "HUMAN"));
  g_assert_cmpint (gls_project_count_label_spans (f->project, person, NULL), ==, 5);
}

static void
test_move_label (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *order = NULL;
  guint entries;

  order = label_order (f->project);
  g_assert_cmpstr (order, ==, "PERSON ORG GPE LOC DATE NORP EVENT LAW MISC");

  g_assert_true (gls_project_move_label (f->project, label_id (f, "MISC"), 0, &error));
  g_assert_no_error (error);
  g_free (order);
  order = label_order (f->project);
  g_assert_cmpstr (order, ==, "MISC PERSON ORG GPE LOC DATE NORP EVENT LAW");

  g_assert_true (gls_project_move_label (f->project, label_id (f, "PERSON"), 3, &error));
  g_assert_no_error (error);
  g_free (order);
  order = label_order (f->project);
  g_assert_cmpstr (order, ==, "MISC ORG GPE PERSON LOC DATE NORP EVENT LAW");

  g_assert_true (gls_project_move_label (f->project, label_id (f, "LAW"), 8, &error));
  g_assert_no_error (error);

  /* Past the end: refused, nothing changes. Where it is already: no edit. */
  entries = n_journal_entries (f);
  g_assert_false (gls_project_move_label (f->project, label_id (f, "LAW"), 9, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "LAW"));
  g_clear_error (&error);
  g_assert_true (gls_project_move_label (f->project, label_id (f, "GPE"), 2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_journal_entries (f), ==, entries);
  g_free (order);
  order = label_order (f->project);
  g_assert_cmpstr (order, ==, "MISC ORG GPE PERSON LOC DATE NORP EVENT LAW");

  /* One undo per move. */
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_no_error (error);
  g_free (order);
  order = label_order (f->project);
  g_assert_cmpstr (order, ==, "MISC PERSON ORG GPE LOC DATE NORP EVENT LAW");

  reopen (f);
  g_free (order);
  order = label_order (f->project);
  g_assert_cmpstr (order, ==, "MISC PERSON ORG GPE LOC DATE NORP EVENT LAW");
}

static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (gls_project_count_label_spans (f->project, label_id (f, "PERSON"), &error),
                   ==, 5);
  g_assert_cmpint (gls_project_count_label_spans (f->project, label_id (f, "GPE"), &error),
                   ==, 2);
  g_assert_cmpint (gls_project_count_label_spans (f->project, label_id (f, "LAW"), &error),
                   ==, 0);
  g_assert_no_error (error);
  g_assert_cmpint (gls_project_count_label_spans (f->project, 9999, &error), ==, -1);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_UNKNOWN_LABEL);
  g_clear_error (&error);

  g_assert_cmpint (gls_project_count_relation_type_uses (f->project, "located-in", &error),
                   ==, 2);
  g_assert_cmpint (gls_project_count_relation_type_uses (f->project, "met-with", &error), ==, 1);
  g_assert_no_error (error);
  g_assert_cmpint (gls_project_count_relation_type_uses (f->project, "nope", &error), ==, -1);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
}

static void
test_delete_label_undo_redo (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = gls_test_summarize (f->dir, f->project, TRUE);
  g_auto(GStrv) deleted = NULL;
  g_auto(GStrv) restored = NULL;
  g_autofree char *labels_before = describe_labels (f->project);
  g_autofree char *labels_now = NULL;
  g_autofree char *what = NULL;
  gint64 person = label_id (f, "PERSON");
  GlsProjectStats stats;

  g_assert_true (gls_project_get_stats (f->project, &stats, NULL));
  g_assert_cmpuint (stats.n_spans, ==, 9);
  g_assert_cmpuint (stats.n_relations, ==, 4);

  watch (f);
  g_assert_true (gls_project_delete_label (f->project, person, &error));
  g_assert_no_error (error);

  /* The label, its five spans and the three relations touching them are gone. */
  g_assert_null (gls_project_lookup_label (f->project, person));
  g_assert_null (gls_project_find_label (f->project, "PERSON"));
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_labels (f->project)), ==, 8);
  labels_now = label_order (f->project);
  g_assert_cmpstr (labels_now, ==, "ORG GPE LOC DATE NORP EVENT LAW MISC");
  g_assert_true (gls_project_get_stats (f->project, &stats, NULL));
  g_assert_cmpuint (stats.n_spans, ==, 4);
  g_assert_cmpuint (stats.n_relations, ==, 1);
  g_assert_cmpuint (gls_document_get_n_spans (gls_project_lookup_document (f->project, f->doc1)),
                    ==, 2);
  /* Both documents were told. */
  g_assert_true (g_hash_table_contains (f->changed, &f->doc1));
  g_assert_true (g_hash_table_contains (f->changed, &f->doc2));
  deleted = gls_test_summarize (f->dir, f->project, TRUE);

  /* One undo brings everything back, with the same ids. */
  what = gls_project_describe_undo (f->project);
  g_assert_cmpstr (what, ==, "delete-label");
  g_hash_table_remove_all (f->changed);
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_no_error (error);
  g_assert_nonnull (gls_project_lookup_label (f->project, person));
  g_clear_pointer (&labels_now, g_free);
  labels_now = describe_labels (f->project);
  g_assert_cmpstr (labels_now, ==, labels_before);
  restored = gls_test_summarize (f->dir, f->project, TRUE);
  gls_test_assert_same_strv (restored, before);
  g_assert_cmpint (gls_project_count_label_spans (f->project, person, NULL), ==, 5);
  g_assert_true (g_hash_table_contains (f->changed, &f->doc1));
  g_assert_true (g_hash_table_contains (f->changed, &f->doc2));
  g_assert_cmpuint (gls_document_get_n_spans (gls_project_lookup_document (f->project, f->doc1)),
                    ==, 5);

  /* Redo deletes it all again. */
  g_assert_true (gls_project_redo (f->project, &error));
  g_assert_no_error (error);
  g_assert_null (gls_project_lookup_label (f->project, person));
  g_clear_pointer (&restored, g_strfreev);
  restored = gls_test_summarize (f->dir, f->project, TRUE);
  gls_test_assert_same_strv (restored, deleted);

  /* Reopening keeps the deletion, and the journal: undo still works after it. */
  reopen (f);
  g_assert_null (gls_project_find_label (f->project, "PERSON"));
  g_clear_pointer (&restored, g_strfreev);
  restored = gls_test_summarize (f->dir, f->project, TRUE);
  gls_test_assert_same_strv (restored, deleted);
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_no_error (error);
  reopen (f);
  g_clear_pointer (&labels_now, g_free);
  labels_now = describe_labels (f->project);
  g_assert_cmpstr (labels_now, ==, labels_before);
  g_clear_pointer (&restored, g_strfreev);
  restored = gls_test_summarize (f->dir, f->project, TRUE);
  gls_test_assert_same_strv (restored, before);
}

static void
test_delete_unused_label (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) before = gls_test_summarize (f->dir, f->project, TRUE);
  g_auto(GStrv) after = NULL;
  g_autofree char *order = NULL;

  g_assert_true (gls_project_delete_label (f->project, label_id (f, "LOC"), &error));
  g_assert_no_error (error);
  order = label_order (f->project);
  g_assert_cmpstr (order, ==, "PERSON ORG GPE DATE NORP EVENT LAW MISC");
  after = gls_test_summarize (f->dir, f->project, TRUE);
  gls_test_assert_same_strv (after, before);

  g_assert_false (gls_project_delete_label (f->project, label_id (f, "ORG") + 1000, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_UNKNOWN_LABEL);
}

/* A label added after a deletion takes the next free position; its name may be reused. */
static void
test_delete_then_add (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *order = NULL;
  GlsLabel *label;

  g_assert_true (gls_project_delete_label (f->project, label_id (f, "PERSON"), &error));
  g_assert_no_error (error);
  label = gls_project_add_label (f->project, "PERSON", "#3584e4", "1", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (label);
  order = label_order (f->project);
  g_assert_cmpstr (order, ==, "ORG GPE LOC DATE NORP EVENT LAW MISC PERSON");
  g_assert_cmpint (gls_project_count_label_spans (f->project, gls_label_get_id (label), NULL),
                   ==, 0);
}

static char *
relation_lines (Fixture *f)
{
  g_auto(GStrv) lines = gls_test_summarize (f->dir, f->project, FALSE);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "R "))
      g_string_append_printf (out, "%s\n", strstr (lines[i], " | ") + 3);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
test_relation_types (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) types = NULL;
  g_autofree char *relations = NULL;
  g_autofree char *description = NULL;
  g_autofree char *joined = NULL;
  g_autofree char *original = relation_lines (f);
  guint entries;

  watch (f);
  g_assert_true (gls_project_rename_relation_type (f->project, "located-in", "is-in",
                                                   "Something is inside a place", &error));
  g_assert_no_error (error);
  types = gls_project_list_relation_types (f->project);
  joined = g_strjoinv (" ", types);
  g_assert_cmpstr (joined, ==, "met-with member-of is-in");
  description = gls_project_dup_relation_type_description (f->project, "is-in");
  g_assert_cmpstr (description, ==, "Something is inside a place");
  g_assert_null (gls_project_dup_relation_type_description (f->project, "located-in"));
  g_assert_cmpint (gls_project_count_relation_type_uses (f->project, "is-in", NULL), ==, 2);
  relations = relation_lines (f);
  g_assert_null (strstr (relations, "located-in"));
  g_assert_nonnull (strstr (relations, "is-in: "));
  /* Views of both documents were told their relations changed. */
  g_assert_true (g_hash_table_contains (f->changed, &f->doc1));
  g_assert_true (g_hash_table_contains (f->changed, &f->doc2));

  /* Refusals change nothing. */
  entries = n_journal_entries (f);
  g_assert_false (gls_project_rename_relation_type (f->project, "is-in", "met-with", NULL,
                                                    &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_DUPLICATE);
  g_assert_nonnull (strstr (error->message, "is-in"));
  g_clear_error (&error);
  g_assert_false (gls_project_rename_relation_type (f->project, "is-in", "is in", NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gls_project_rename_relation_type (f->project, "is-in", "", NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gls_project_rename_relation_type (f->project, "nope", "x", NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (n_journal_entries (f), ==, entries);

  /* The description alone. */
  g_assert_true (gls_project_rename_relation_type (f->project, "met-with", "met-with",
                                                   "Two people met", &error));
  g_assert_no_error (error);
  g_clear_pointer (&description, g_free);
  description = gls_project_dup_relation_type_description (f->project, "met-with");
  g_assert_cmpstr (description, ==, "Two people met");

  /* A name from before the rules (spaces) is refused only when it is being changed. */
  g_assert_true (gls_project_add_relation_type (f->project, "works for", NULL, &error));
  g_assert_true (gls_project_rename_relation_type (f->project, "works for", "works for",
                                                   "Employment", &error));
  g_assert_no_error (error);
  g_assert_true (gls_project_rename_relation_type (f->project, "works for", "works-for",
                                                   "Employment", &error));
  g_assert_no_error (error);
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_no_error (error);

  /* Undo both: the names in the relations come back too. */
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_no_error (error);
  g_clear_pointer (&relations, g_free);
  relations = relation_lines (f);
  g_assert_cmpstr (relations, ==, original);

  g_assert_true (gls_project_redo (f->project, &error));
  g_assert_no_error (error);
  reopen (f);
  g_clear_pointer (&relations, g_free);
  relations = relation_lines (f);
  g_assert_null (strstr (relations, "located-in"));
  g_assert_cmpint (gls_project_count_relation_type_uses (f->project, "is-in", NULL), ==, 2);
}

static void
test_delete_relation_type (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) types = NULL;
  g_autofree char *original = relation_lines (f);
  g_autofree char *relations = NULL;
  g_autofree char *joined = NULL;
  GlsProjectStats stats;

  watch (f);
  g_assert_true (gls_project_delete_relation_type (f->project, "located-in", &error));
  g_assert_no_error (error);
  types = gls_project_list_relation_types (f->project);
  joined = g_strjoinv (" ", types);
  g_assert_cmpstr (joined, ==, "met-with member-of");
  g_assert_true (gls_project_get_stats (f->project, &stats, NULL));
  g_assert_cmpuint (stats.n_relations, ==, 2);
  g_assert_cmpuint (stats.n_spans, ==, 9);
  g_assert_true (g_hash_table_contains (f->changed, &f->doc1));
  g_assert_true (g_hash_table_contains (f->changed, &f->doc2));

  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_no_error (error);
  relations = relation_lines (f);
  g_assert_cmpstr (relations, ==, original);
  g_clear_pointer (&types, g_strfreev);
  g_clear_pointer (&joined, g_free);
  types = gls_project_list_relation_types (f->project);
  joined = g_strjoinv (" ", types);
  g_assert_cmpstr (joined, ==, "met-with member-of located-in");

  /* An unused type goes without touching any relation; the others close up. */
  g_assert_true (gls_project_add_relation_type (f->project, "unused", NULL, &error));
  g_assert_true (gls_project_delete_relation_type (f->project, "met-with", &error));
  g_assert_no_error (error);
  g_assert_true (gls_project_get_stats (f->project, &stats, NULL));
  g_assert_cmpuint (stats.n_relations, ==, 3);
  g_assert_true (gls_project_delete_relation_type (f->project, "unused", &error));
  g_assert_false (gls_project_delete_relation_type (f->project, "unused", &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
}

static void
test_read_only (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = NULL;
  gint64 person = label_id (f, "PERSON");

  g_assert_finalize_object (f->project);
  project = gls_project_open (f->path, GLS_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  g_assert_false (gls_project_update_label (project, person, "HUMAN", "#000000", NULL, NULL,
                                            &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (gls_project_delete_label (project, person, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (gls_project_move_label (project, person, 1, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (gls_project_delete_relation_type (project, "met-with", &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_cmpint (gls_project_count_label_spans (project, person, &error), ==, 5);
  g_assert_no_error (error);
  g_assert_finalize_object (g_steal_pointer (&project));
  f->project = gls_project_open (f->path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

/* ------------------------------------------------------------------------------------------ */
/* A label with 20,000 spans (run with -m perf)                                                 */

static void
test_perf_delete_label (void)
{
  g_autofree char *dir = gls_test_make_tmp_dir ("gls-schema-perf-XXXXXX");
  g_autofree char *path = g_build_filename (dir, "perf.glossator", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_project_create (path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  gint64 person, t0;
  double deleting, undoing;

  g_assert_no_error (error);
  for (int i = 0; i < 2000; i++)
    g_string_append (text, "Mike Pompeo met Vladimir Putin. ");
  import = gls_import_begin (project, "perf", &error);
  g_assert_no_error (error);
  for (int d = 0; d < 10; d++)
    {
      gint64 doc = gls_import_add_document (import, "Talks", text->str, -1, NULL, &error);

      g_assert_no_error (error);
      for (int i = 0; i < 2000; i++)
        {
          GlsFragment f = { i * 32, i * 32 + 11 };

          gls_import_add_span (import, doc, &f, 1, "PERSON", "anna", NULL, NULL, NULL, &error);
          g_assert_no_error (error);
        }
    }
  g_assert_true (gls_import_commit (import, &error));
  g_clear_pointer (&import, gls_import_free);
  person = gls_label_get_id (gls_project_find_label (project, "PERSON"));
  g_assert_cmpint (gls_project_count_label_spans (project, person, &error), ==, 20000);

  t0 = g_get_monotonic_time ();
  g_assert_true (gls_project_delete_label (project, person, &error));
  g_assert_no_error (error);
  deleting = (g_get_monotonic_time () - t0) / 1000.0;
  g_assert_null (gls_project_find_label (project, "PERSON"));

  t0 = g_get_monotonic_time ();
  g_assert_true (gls_project_undo (project, &error));
  g_assert_no_error (error);
  undoing = (g_get_monotonic_time () - t0) / 1000.0;
  g_assert_cmpint (gls_project_count_label_spans (project, person, &error), ==, 20000);

  g_test_message ("delete a label with 20,000 spans: %.0f ms; undo: %.0f ms", deleting, undoing);
  g_printerr ("delete a label with 20,000 spans: %.0f ms; undo: %.0f ms\n", deleting, undoing);
  g_assert_finalize_object (g_steal_pointer (&project));
  gls_test_remove_tree (dir);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/schema/update-label", test_update_label);
  ADD ("/schema/move-label", test_move_label);
  ADD ("/schema/count", test_count);
  ADD ("/schema/delete-label-undo-redo", test_delete_label_undo_redo);
  ADD ("/schema/delete-unused-label", test_delete_unused_label);
  ADD ("/schema/delete-then-add", test_delete_then_add);
  ADD ("/schema/relation-types", test_relation_types);
  ADD ("/schema/delete-relation-type", test_delete_relation_type);
  ADD ("/schema/read-only", test_read_only);
#undef ADD
  if (g_test_perf ())
    g_test_add_func ("/schema/perf/delete-label", test_perf_delete_label);

  return g_test_run ();
}
