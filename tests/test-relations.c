/* test-relations.c — the relations of a span, both directions, with the texts they link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gls-error.h"
#include "gls-project.h"
#include "gls-relations.h"
#include "gls-test-core.h"

typedef struct
{
  char *dir;
  GlsProject *project;
  gint64 doc;
  gint64 pompeo, putin, lavrov, title, rocket, zoe;
  guint n_changed;
  gint64 changed_doc;
} Fixture;

static const char *article =
  "US Secretary of State Mike Pompeo met Russian President Vladimir Putin in Sochi.\n"
  "Сергей Лавров said talks were constructive 🚀 and Zoë agreed.\n";

static void
on_spans_changed (GlsProject *project,
                  gint64      document_id,
                  Fixture    *f)
{
  f->n_changed++;
  f->changed_doc = document_id;
}

static gint64
add_span (Fixture    *f,
          const char *first,
          const char *second,
          const char *label)
{
  g_autoptr(GError) error = NULL;
  GlsFragment fragments[2] = { gls_test_find (article, first, 0) };
  gint64 id;

  if (second != NULL)
    fragments[1] = gls_test_find (article, second, 0);
  id = gls_project_add_span (f->project, f->doc, fragments, second ? 2 : 1,
                             gls_label_get_id (gls_project_find_label (f->project, label)),
                             &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static gint64
relate (Fixture    *f,
        const char *type,
        gint64      source,
        gint64      target)
{
  g_autoptr(GError) error = NULL;
  guint before = f->n_changed;
  gint64 id = gls_project_add_relation (f->project, type, source, target, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (f->n_changed, ==, before + 1);
  g_assert_cmpint (f->changed_doc, ==, f->doc);
  return id;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = gls_test_make_tmp_dir ("gls-relations-XXXXXX");
  f->project = gls_test_new_project (f->dir, "test.glossator");
  f->doc = gls_project_add_document (f->project, "Pompeo", article, "pompeo.txt", &error);
  g_assert_no_error (error);
  f->pompeo = add_span (f, "Mike Pompeo", NULL, "PERSON");
  f->putin = add_span (f, "Vladimir Putin", NULL, "PERSON");
  f->lavrov = add_span (f, "Сергей Лавров", NULL, "PERSON");
  f->title = add_span (f, "Secretary of State", "Pompeo", "MISC");
  f->rocket = add_span (f, "constructive 🚀", NULL, "MISC");
  f->zoe = add_span (f, "Zoë", NULL, "PERSON");
  g_signal_connect (f->project, "spans-changed", G_CALLBACK (on_spans_changed), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_assert_finalize_object (f->project);
  gls_test_remove_tree (f->dir);
  g_free (f->dir);
}

static void
assert_relation (GPtrArray  *relations,
                 guint       index,
                 gint64      id,
                 const char *type,
                 gint64      source,
                 const char *source_text,
                 gint64      target,
                 const char *target_text)
{
  GlsRelation *relation;

  g_assert_cmpuint (index, <, relations->len);
  relation = g_ptr_array_index (relations, index);
  g_assert_cmpint (relation->id, ==, id);
  g_assert_cmpstr (relation->type, ==, type);
  g_assert_cmpint (relation->source, ==, source);
  g_assert_cmpstr (relation->source_text, ==, source_text);
  g_assert_cmpint (relation->target, ==, target);
  g_assert_cmpstr (relation->target_text, ==, target_text);
  g_assert_cmpstr (relation->annotator, ==, "anna");
}

static GPtrArray *
list (Fixture *f,
      gint64   span)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *relations = gls_project_list_relations (f->project, span, &error);

  g_assert_no_error (error);
  g_assert_nonnull (relations);
  return relations;
}

static void
test_both_directions (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GPtrArray) relations = NULL;
  gint64 incoming, outgoing, other;

  /* The incoming one is made first: outgoing relations are still listed first. */
  incoming = relate (f, "met-with", f->lavrov, f->pompeo);
  outgoing = relate (f, "met-with", f->pompeo, f->putin);
  other = relate (f, "met-with", f->zoe, f->lavrov);

  relations = list (f, f->pompeo);
  g_assert_cmpuint (relations->len, ==, 2);
  assert_relation (relations, 0, outgoing, "met-with", f->pompeo, "Mike Pompeo",
                   f->putin, "Vladimir Putin");
  assert_relation (relations, 1, incoming, "met-with", f->lavrov, "Сергей Лавров",
                   f->pompeo, "Mike Pompeo");
  g_clear_pointer (&relations, g_ptr_array_unref);

  /* Lavrov is a source once and a target once. */
  relations = list (f, f->lavrov);
  g_assert_cmpuint (relations->len, ==, 2);
  assert_relation (relations, 0, incoming, "met-with", f->lavrov, "Сергей Лавров",
                   f->pompeo, "Mike Pompeo");
  assert_relation (relations, 1, other, "met-with", f->zoe, "Zoë", f->lavrov, "Сергей Лавров");
  g_clear_pointer (&relations, g_ptr_array_unref);

  /* A span without relations has an empty list, not an error. */
  relations = list (f, f->rocket);
  g_assert_cmpuint (relations->len, ==, 0);
}

static void
test_texts (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GPtrArray) relations = NULL;
  gint64 a, b;

  /* A discontinuous span's fragments are joined; emoji and Cyrillic come out whole. */
  a = relate (f, "member-of", f->title, f->rocket);
  b = relate (f, "located-in", f->rocket, f->lavrov);

  relations = list (f, f->rocket);
  g_assert_cmpuint (relations->len, ==, 2);
  assert_relation (relations, 0, b, "located-in", f->rocket, "constructive 🚀",
                   f->lavrov, "Сергей Лавров");
  assert_relation (relations, 1, a, "member-of", f->title, "Secretary of State … Pompeo",
                   f->rocket, "constructive 🚀");
}

static void
test_deletes_and_undo (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) relations = NULL;
  g_autoptr(GError) error = NULL;
  gint64 outgoing, incoming;
  guint before;

  outgoing = relate (f, "met-with", f->pompeo, f->putin);
  incoming = relate (f, "met-with", f->lavrov, f->pompeo);

  /* Deleting a relation is one journaled edit that tells the document's listeners. */
  before = f->n_changed;
  g_assert_true (gls_project_delete_relation (f->project, outgoing, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_changed, ==, before + 1);
  g_assert_cmpint (f->changed_doc, ==, f->doc);
  relations = list (f, f->pompeo);
  g_assert_cmpuint (relations->len, ==, 1);
  assert_relation (relations, 0, incoming, "met-with", f->lavrov, "Сергей Лавров",
                   f->pompeo, "Mike Pompeo");
  g_clear_pointer (&relations, g_ptr_array_unref);
  relations = list (f, f->putin);
  g_assert_cmpuint (relations->len, ==, 0);
  g_clear_pointer (&relations, g_ptr_array_unref);

  /* Undo brings it back with its id, and says so. */
  {
    g_autofree char *what = gls_project_describe_undo (f->project);
    g_assert_cmpstr (what, ==, "delete-relation");
  }
  before = f->n_changed;
  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_changed, >, before);
  relations = list (f, f->pompeo);
  g_assert_cmpuint (relations->len, ==, 2);
  assert_relation (relations, 0, outgoing, "met-with", f->pompeo, "Mike Pompeo",
                   f->putin, "Vladimir Putin");
  g_clear_pointer (&relations, g_ptr_array_unref);

  /* Deleting a span takes its relations along; undo restores both. */
  g_assert_true (gls_project_delete_span (f->project, f->putin, &error));
  g_assert_no_error (error);
  relations = list (f, f->pompeo);
  g_assert_cmpuint (relations->len, ==, 1);
  g_assert_cmpint (((GlsRelation *)g_ptr_array_index (relations, 0))->id, ==, incoming);
  g_clear_pointer (&relations, g_ptr_array_unref);
  g_assert_null (gls_project_list_relations (f->project, f->putin, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_true (gls_project_undo (f->project, &error));
  g_assert_no_error (error);
  relations = list (f, f->putin);
  g_assert_cmpuint (relations->len, ==, 1);
  assert_relation (relations, 0, outgoing, "met-with", f->pompeo, "Mike Pompeo",
                   f->putin, "Vladimir Putin");
  g_clear_pointer (&relations, g_ptr_array_unref);

  /* Undoing the additions empties the lists; redo fills them again. */
  for (int i = 0; i < 2; i++)
    {
      g_autofree char *what = gls_project_describe_undo (f->project);
      g_assert_cmpstr (what, ==, "add-relation");
      g_assert_true (gls_project_undo (f->project, &error));
      g_assert_no_error (error);
    }
  relations = list (f, f->pompeo);
  g_assert_cmpuint (relations->len, ==, 0);
  g_clear_pointer (&relations, g_ptr_array_unref);
  g_assert_true (gls_project_redo (f->project, &error));
  g_assert_no_error (error);
  relations = list (f, f->pompeo);
  g_assert_cmpuint (relations->len, ==, 1);
  assert_relation (relations, 0, outgoing, "met-with", f->pompeo, "Mike Pompeo",
                   f->putin, "Vladimir Putin");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/relations/both-directions", test_both_directions);
  ADD ("/relations/texts", test_texts);
  ADD ("/relations/deletes-and-undo", test_deletes_and_undo);
#undef ADD

  return g_test_run ();
}
