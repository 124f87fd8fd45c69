/* test-consistency.c — the same string labelled differently, or labelled here and not there
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <string.h>

#include "gls-consistency.h"
#include "gls-error.h"
#include "gls-project.h"
#include "gls-test-core.h"

static const char *texts[] = {
  /* 0 */ "Jordan signed the deal with Apple in Amman.\n",
  /* 1 */ "Michael Jordan played in Chicago. Later Jordan retired.\n",
  /* 2 */ "APPLE shares rose. The apple harvest in Amman was late.\n",
  /* 3 */ "Chicago and Amman are twinned. Jordanian officials agreed.\n",
  /* 4 */ "New York is big. York is old. New York again, and Zoë in Zürich.\n",
  /* 5 */ "Zoë flew from Zürich; zoë is a nickname.\n",
};

typedef struct
{
  char *dir;
  GlsProject *project;
  gint64 docs[G_N_ELEMENTS (texts)];
  gint64 jordan_gpe, jordan_person, apple;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = gls_test_make_tmp_dir ("gls-consistency-XXXXXX");
  f->project = gls_test_new_project (f->dir, "test.glossator");
  import = gls_import_begin (f->project, "import", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      f->docs[i] = gls_import_add_document (import, NULL, texts[i], -1, NULL, &error);
      g_assert_no_error (error);
    }

  /* anna: "Jordan" as a country and as a person; "Apple" once; "Amman" twice of three;
   * "Chicago" once of two; "Michael Jordan" (the only one). */
  f->jordan_gpe = gls_test_add_span_at (import, f->docs[0], texts[0], "Jordan", 0, "GPE", NULL,
                                        "anna");
  f->apple = gls_test_add_span_at (import, f->docs[0], texts[0], "Apple", 0, "ORG", NULL, "anna");
  gls_test_add_span_at (import, f->docs[0], texts[0], "Amman", 0, "GPE", NULL, "anna");
  gls_test_add_span_at (import, f->docs[1], texts[1], "Michael Jordan", 0, "PERSON", NULL, "anna");
  f->jordan_person = gls_test_add_span_at (import, f->docs[1], texts[1], "Jordan", 1, "PERSON",
                                           NULL, "anna");
  gls_test_add_span_at (import, f->docs[1], texts[1], "Chicago", 0, "GPE", NULL, "anna");
  gls_test_add_span_at (import, f->docs[2], texts[2], "Amman", 0, "GPE", NULL, "anna");
  /* "New York" once of twice (the "York" inside it is not another "York"), and "York" alone. */
  gls_test_add_span_at (import, f->docs[4], texts[4], "New York", 0, "GPE", NULL, "anna");
  gls_test_add_span_at (import, f->docs[4], texts[4], "York", 1, "GPE", NULL, "anna");
  /* Non-ASCII, to check offsets are characters: "Zürich" labelled once of twice. */
  gls_test_add_span_at (import, f->docs[4], texts[4], "Zürich", 0, "GPE", NULL, "anna");

  /* boris, on his own: his spans are not anna's, and the other way round. */
  gls_test_add_span_at (import, f->docs[3], texts[3], "Chicago", 0, "ORG", NULL, "boris");
  gls_test_add_span_at (import, f->docs[3], texts[3], "Amman", 0, "GPE", NULL, "boris");

  /* A "Gold" layer agreeing with itself. */
  gls_test_add_span_at (import, f->docs[1], texts[1], "Chicago", 0, "GPE", NULL, "Gold");
  gls_test_add_span_at (import, f->docs[3], texts[3], "Chicago", 0, "GPE", NULL, "Gold");

  gls_import_commit (import, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  gls_test_remove_path (f->dir);
  g_free (f->dir);
}

static GPtrArray *
check (Fixture    *f,
       const char *annotator,
       gboolean    ignore_case)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *groups = gls_project_check_consistency (f->project, annotator, ignore_case, NULL,
                                                     &error);

  g_assert_no_error (error);
  g_assert_nonnull (groups);
  return groups;
}

static const GlsConsistencyGroup *
find_group (GPtrArray  *groups,
            const char *annotator,
            const char *text)
{
  for (guint i = 0; i < groups->len; i++)
    {
      const GlsConsistencyGroup *group = g_ptr_array_index (groups, i);

      if (g_strcmp0 (group->annotator, annotator) == 0 && g_strcmp0 (group->text, text) == 0)
        return group;
    }
  return NULL;
}

static guint
label_count (const GlsConsistencyGroup *group,
             const char                *label)
{
  for (guint i = 0; i < group->labels->len; i++)
    {
      const GlsConsistencyLabel *l = &g_array_index (group->labels, GlsConsistencyLabel, i);
      if (g_strcmp0 (l->label, label) == 0)
        return l->n_spans;
    }
  return 0;
}

static const GlsConsistencyOccurrence *
occurrence (const GlsConsistencyGroup *group,
            guint                      i)
{
  g_assert_cmpuint (i, <, group->occurrences->len);
  return &g_array_index (group->occurrences, GlsConsistencyOccurrence, i);
}

static void
assert_occurrence (const GlsConsistencyOccurrence *o,
                   gint64                          document,
                   const char                     *text,
                   const char                     *needle,
                   guint                           nth,
                   const char                     *label)
{
  GlsFragment where = gls_test_find (text, needle, nth);

  g_assert_cmpint (o->document_id, ==, document);
  g_assert_cmpint (o->start, ==, where.start);
  g_assert_cmpint (o->end, ==, where.end);
  g_assert_cmpstr (o->text, ==, needle);
  g_assert_cmpstr (o->label, ==, label);
  if (label != NULL)
    g_assert_cmpint (o->span_id, >, 0);
  else
    g_assert_cmpint (o->span_id, ==, 0);
}

static void
test_two_labels (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) groups = check (f, "anna", FALSE);
  const GlsConsistencyGroup *jordan = find_group (groups, "anna", "Jordan");

  /* GPE once, PERSON once; the "Jordan" of "Michael Jordan" is inside a span, and
   * "Jordanian" is another word. */
  g_assert_nonnull (jordan);
  g_assert_cmpuint (jordan->labels->len, ==, 2);
  g_assert_cmpuint (label_count (jordan, "GPE"), ==, 1);
  g_assert_cmpuint (label_count (jordan, "PERSON"), ==, 1);
  g_assert_cmpuint (jordan->n_labelled, ==, 2);
  g_assert_cmpuint (jordan->n_unlabelled, ==, 0);
  g_assert_cmpuint (jordan->occurrences->len, ==, 2);
  assert_occurrence (occurrence (jordan, 0), f->docs[0], texts[0], "Jordan", 0, "GPE");
  g_assert_cmpint (occurrence (jordan, 0)->span_id, ==, f->jordan_gpe);
  assert_occurrence (occurrence (jordan, 1), f->docs[1], texts[1], "Jordan", 1, "PERSON");
  g_assert_cmpint (occurrence (jordan, 1)->span_id, ==, f->jordan_person);

  /* Consistent strings make no group. */
  g_assert_null (find_group (groups, "anna", "Michael Jordan"));
  g_assert_null (find_group (groups, "anna", "Apple"));   /* "APPLE", "apple": case counts */
}

static void
test_unlabelled (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) groups = check (f, "anna", FALSE);
  const GlsConsistencyGroup *amman = find_group (groups, "anna", "Amman");
  const GlsConsistencyGroup *chicago = find_group (groups, "anna", "Chicago");
  const GlsConsistencyGroup *new_york = find_group (groups, "anna", "New York");
  const GlsConsistencyGroup *zurich = find_group (groups, "anna", "Zürich");

  g_assert_nonnull (amman);
  g_assert_cmpuint (amman->labels->len, ==, 1);
  g_assert_cmpuint (label_count (amman, "GPE"), ==, 2);
  g_assert_cmpuint (amman->n_unlabelled, ==, 1);
  g_assert_cmpuint (amman->occurrences->len, ==, 3);
  assert_occurrence (occurrence (amman, 0), f->docs[0], texts[0], "Amman", 0, "GPE");
  assert_occurrence (occurrence (amman, 1), f->docs[2], texts[2], "Amman", 0, "GPE");
  /* boris labelled it there: that is not anna's label. */
  assert_occurrence (occurrence (amman, 2), f->docs[3], texts[3], "Amman", 0, NULL);

  g_assert_nonnull (chicago);
  g_assert_cmpuint (label_count (chicago, "GPE"), ==, 1);
  g_assert_cmpuint (label_count (chicago, "ORG"), ==, 0);
  g_assert_cmpuint (chicago->n_unlabelled, ==, 1);
  assert_occurrence (occurrence (chicago, 1), f->docs[3], texts[3], "Chicago", 0, NULL);

  /* The longest string wins: the unlabelled "New York" is one, not also a "York". */
  g_assert_nonnull (new_york);
  g_assert_cmpuint (new_york->n_unlabelled, ==, 1);
  assert_occurrence (occurrence (new_york, 1), f->docs[4], texts[4], "New York", 1, NULL);
  g_assert_null (find_group (groups, "anna", "York"));

  /* Offsets are characters, after "ë" and "ü". */
  g_assert_nonnull (zurich);
  g_assert_cmpuint (zurich->n_unlabelled, ==, 1);
  assert_occurrence (occurrence (zurich, 0), f->docs[4], texts[4], "Zürich", 0, "GPE");
  assert_occurrence (occurrence (zurich, 1), f->docs[5], texts[5], "Zürich", 0, NULL);

  g_assert_cmpuint (groups->len, ==, 5);   /* Amman, Chicago, Jordan, New York, Zürich */
  /* By string. */
  g_assert_cmpstr (((GlsConsistencyGroup *)g_ptr_array_index (groups, 0))->text, ==, "Amman");
  g_assert_cmpstr (((GlsConsistencyGroup *)g_ptr_array_index (groups, 4))->text, ==, "Zürich");
}

static void
test_ignore_case (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) groups = check (f, "anna", TRUE);
  const GlsConsistencyGroup *apple = find_group (groups, "anna", "Apple");

  g_assert_nonnull (apple);
  g_assert_cmpuint (label_count (apple, "ORG"), ==, 1);
  g_assert_cmpuint (apple->n_unlabelled, ==, 2);
  g_assert_cmpuint (apple->occurrences->len, ==, 3);
  assert_occurrence (occurrence (apple, 0), f->docs[0], texts[0], "Apple", 0, "ORG");
  g_assert_cmpint (occurrence (apple, 0)->span_id, ==, f->apple);
  assert_occurrence (occurrence (apple, 1), f->docs[2], texts[2], "APPLE", 0, NULL);
  assert_occurrence (occurrence (apple, 2), f->docs[2], texts[2], "apple", 0, NULL);
  g_assert_null (find_group (groups, "anna", "apple"));
  g_assert_null (find_group (groups, "anna", "APPLE"));
  /* "apples" is not a whole-word "apple"; none here, but the rest still hold. */
  g_assert_nonnull (find_group (groups, "anna", "Jordan"));
  g_assert_null (find_group (groups, "anna", "York"));
}

static void
test_other_annotators (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GPtrArray) gold = check (f, "Gold", FALSE);
  g_autoptr(GPtrArray) boris = check (f, "boris", FALSE);
  g_autoptr(GPtrArray) everyone = check (f, NULL, FALSE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) none = NULL;
  const GlsConsistencyGroup *group;

  /* Gold labelled both Chicagos alike: consistent, whatever anna and boris did. */
  g_assert_cmpuint (gold->len, ==, 0);

  /* boris: ORG in one place, not labelled in the other (anna's GPE there is not his). */
  group = find_group (boris, "boris", "Chicago");
  g_assert_nonnull (group);
  g_assert_cmpuint (label_count (group, "ORG"), ==, 1);
  g_assert_cmpuint (label_count (group, "GPE"), ==, 0);
  g_assert_cmpuint (group->n_unlabelled, ==, 1);
  group = find_group (boris, "boris", "Amman");
  g_assert_nonnull (group);
  g_assert_cmpuint (group->n_unlabelled, ==, 2);
  g_assert_cmpuint (boris->len, ==, 2);

  /* Everyone: each annotator apart, never mixed. */
  g_assert_cmpuint (everyone->len, ==, 5 + 2);
  g_assert_nonnull (find_group (everyone, "boris", "Chicago"));
  g_assert_nonnull (find_group (everyone, "anna", "Jordan"));
  g_assert_cmpstr (((GlsConsistencyGroup *)g_ptr_array_index (everyone, 0))->annotator, ==,
                   "anna");
  g_assert_cmpstr (((GlsConsistencyGroup *)g_ptr_array_index (everyone, 6))->annotator, ==,
                   "boris");

  none = gls_project_check_consistency (f->project, "nobody", FALSE, NULL, &error);
  g_assert_null (none);
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "nobody"));
}

/* Fixing what it found makes the group go. */
static void
test_fix (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(GPtrArray) before = check (f, "anna", FALSE);
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(GError) error = NULL;
  GlsFragment where = gls_test_find (texts[3], "Amman", 0);
  gint64 gpe = gls_label_get_id (gls_project_find_label (f->project, "GPE"));

  g_assert_nonnull (find_group (before, "anna", "Amman"));
  gls_project_add_span (f->project, f->docs[3], &where, 1, gpe, &error);
  g_assert_no_error (error);
  after = check (f, "anna", FALSE);
  g_assert_null (find_group (after, "anna", "Amman"));
  g_assert_cmpuint (after->len, ==, before->len - 1);
}

static void
test_empty (void)
{
  g_autofree char *dir = gls_test_make_tmp_dir ("gls-consistency-XXXXXX");
  g_autoptr(GlsProject) project = gls_test_new_project (dir, "empty.glossator");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  groups = gls_project_check_consistency (project, NULL, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 0);

  gls_project_add_document (project, NULL, "Jordan and Jordan.\n", NULL, &error);
  g_assert_no_error (error);
  g_clear_pointer (&groups, g_ptr_array_unref);
  groups = gls_project_check_consistency (project, NULL, FALSE, NULL, &error);
  g_assert_no_error (error);   /* text, but no spans: nothing to look for */
  g_assert_cmpuint (groups->len, ==, 0);

  g_clear_object (&project);
  gls_test_remove_path (dir);
}

static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;

  g_cancellable_cancel (cancellable);
  groups = gls_project_check_consistency (f->project, NULL, FALSE, cancellable, &error);
  g_assert_null (groups);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* ------------------------------------------------------------------------------------------ */
/* 10,000 articles (run with -m perf)                                                          */

static void
test_perf (void)
{
  static const char *names[] = {
    "Pompeo", "Lavrov", "Putin", "Merkel", "Macron", "Sochi", "Moscow", "Washington", "Reuters",
    "NATO", "Berlin", "Paris", "Tuesday", "Kremlin", "Brussels", "Ankara", "Erdogan", "Tokyo",
  };
  static const char *labels[] = { "PERSON", "PERSON", "PERSON", "PERSON", "PERSON", "GPE", "GPE",
                                  "GPE", "ORG", "ORG", "GPE", "GPE", "DATE", "ORG", "GPE", "GPE",
                                  "PERSON", "GPE" };
  g_autofree char *dir = gls_test_make_tmp_dir ("gls-consistency-perf-XXXXXX");
  g_autoptr(GlsProject) project = gls_test_new_project (dir, "big.glossator");
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GError) error = NULL;
  const guint n_docs = 10000;
  guint n_spans = 0, n_occurrences = 0;
  gint64 start;
  double seconds;

  import = gls_import_begin (project, "import", &error);
  g_assert_no_error (error);
  for (guint d = 0; d < n_docs; d++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (gint64) * 3);
      gint64 doc;

      /* About 3,000 characters: sentences naming a few of the names, and some made-up
       * names that occur once (person names of one article), so there are many strings. */
      for (guint s = 0; s < 30; s++)
        {
          guint n = (d * 7 + s * 3) % G_N_ELEMENTS (names);
          gint64 place[3];

          g_string_append (text, "On the record, officials said that ");
          place[0] = g_utf8_strlen (text->str, -1);
          g_string_append (text, names[n]);
          place[1] = g_utf8_strlen (text->str, -1);
          place[2] = n;
          g_array_append_val (places, place);
          g_string_append_printf (text, " met Delegate%u about the accord. ", (d * 31 + s) % 50000);
          /* Label the delegate too: a string with one occurrence. */
          place[0] = place[1] + 5;
          place[1] = place[0] + (gint64)strlen ("Delegate") +
                     (gint64)g_snprintf (NULL, 0, "%u", (d * 31 + s) % 50000);
          place[2] = -1;
          g_array_append_val (places, place);
        }
      doc = gls_import_add_document (import, NULL, text->str, (gssize)text->len, NULL, &error);
      g_assert_no_error (error);
      for (guint p = 0; p < places->len; p++)
        {
          const gint64 *place = &g_array_index (places, gint64, 3 * p);

          /* Most mentions labelled, as an annotator would; one in eight left out, and one in
           * sixteen given the label of its neighbour in the list. */
          if ((d + p) % 8 == 0)
            continue;
          gls_test_add_span (import, doc, place[0], place[1],
                             place[2] < 0 ? "PERSON" :
                             (d + p) % 16 == 1 ? labels[(place[2] + 1) % G_N_ELEMENTS (labels)] :
                             labels[place[2]], "anna");
          n_spans++;
        }
    }
  gls_import_commit (import, &error);
  g_assert_no_error (error);

  for (guint ignore_case = 0; ignore_case < 2; ignore_case++)
    {
      g_autoptr(GPtrArray) groups = NULL;

      start = g_get_monotonic_time ();
      groups = gls_project_check_consistency (project, "anna", ignore_case, NULL, &error);
      g_assert_no_error (error);
      seconds = (g_get_monotonic_time () - start) / (double)G_USEC_PER_SEC;
      n_occurrences = 0;
      for (guint i = 0; i < groups->len; i++)
        n_occurrences += ((GlsConsistencyGroup *)g_ptr_array_index (groups, i))->occurrences->len;
      g_test_minimized_result (seconds, "consistency of %u documents, %u spans%s: %.2f s "
                               "(%u groups, %u occurrences)", n_docs, n_spans,
                               ignore_case ? ", ignoring case" : "", seconds, groups->len,
                               n_occurrences);
    }

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
  ADD ("/consistency/two-labels", test_two_labels);
  ADD ("/consistency/unlabelled", test_unlabelled);
  ADD ("/consistency/ignore-case", test_ignore_case);
  ADD ("/consistency/other-annotators", test_other_annotators);
  ADD ("/consistency/fix", test_fix);
  ADD ("/consistency/cancelled", test_cancelled);
#undef ADD
  g_test_add_func ("/consistency/empty", test_empty);
  if (g_test_perf ())
    g_test_add_func ("/consistency/perf", test_perf);

  return g_test_run ();
}
