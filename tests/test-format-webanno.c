/* test-format-webanno.c — WebAnno TSV 3.3 as INCEpTION writes it: reading, the exact shape
 * written, round trips, losses and malformed files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-import.h"
#include "gls-offsets.h"
#include "gls-project.h"
#include "gls-test-core.h"

/* Declared by gls-format.h once the format is registered; repeated here for a build made
 * before that. (Delete these lines when gls-format.h has it.) */

/* The document tests/data/formats/webanno/inception.tsv describes. The file cannot hold the
 * white space between sentences: the two units between the second and the third sentence
 * come back as a line break (after the sentence) and a space (filling the gap). An emoji in
 * the first sentence makes UTF-16 offsets and code points differ by one after it. */
#define NEWS_TEXT "Zoë Müller met Сергей Лавров in Sochi 🚀.\n" \
                  "Vladimir Putin greeted them in Сочи, at the Gazprom-Arena.\n " \
                  "Zoë Müller wrote to C:\\Users\\zoe\tand left."

typedef struct
{
  char *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = gls_test_make_tmp_dir ("gls-webanno-XXXXXX");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gls_test_remove_tree (f->dir);
  g_free (f->dir);
}

static const char *
data_path (const char *name)
{
  return name ? g_test_get_filename (G_TEST_DIST, "data", "formats", "webanno", name, NULL)
              : g_test_get_filename (G_TEST_DIST, "data", "formats", "webanno", NULL);
}

/* One line per document (its text, escaped) followed by its spans, sorted, so that two
 * projects can be compared as strings. Discontinuous spans are left out when asked. */
static char *
describe (GlsProject *project,
          gboolean    contiguous_only)
{
  GListModel *documents = gls_project_get_documents (project);
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *text = gls_project_load_text (project, gls_document_get_id (doc), &error);
      g_autoptr(GListModel) spans = gls_project_list_spans (project, gls_document_get_id (doc),
                                                            &error);
      g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
      g_autofree char *escaped = NULL;
      GString *part;

      g_assert_no_error (error);
      escaped = g_strescape (text, NULL);
      part = g_string_new (escaped);
      g_string_append_c (part, '\n');
      for (guint k = 0; k < g_list_model_get_n_items (spans); k++)
        {
          g_autoptr(GlsSpan) span = g_list_model_get_item (spans, k);
          GlsLabel *label = gls_project_lookup_label (project, gls_span_get_label_id (span));
          const char *kb_id = gls_span_get_kb_id (span);

          if (contiguous_only && gls_span_get_n_fragments (span) > 1)
            continue;
          g_ptr_array_add (lines, g_strdup_printf ("  %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                                                   " %s %s\n",
                                                   gls_span_get_start (span),
                                                   gls_span_get_end (span),
                                                   gls_label_get_name (label),
                                                   kb_id ? kb_id : "-"));
        }
      g_ptr_array_sort (lines, gls_test_compare_strings);
      for (guint k = 0; k < lines->len; k++)
        g_string_append (part, g_ptr_array_index (lines, k));
      g_ptr_array_add (parts, g_string_free (part, FALSE));
    }
  g_ptr_array_sort (parts, gls_test_compare_strings);
  for (guint i = 0; i < parts->len; i++)
    g_string_append (out, g_ptr_array_index (parts, i));
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------------ */
/* Reading what INCEpTION wrote                                                                 */

static void
check_news_project (GlsProject *project)
{
  GListModel *documents = gls_project_get_documents (project);
  g_autoptr(GlsDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *got = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *escaped = g_strescape (NEWS_TEXT, NULL);

  g_assert_cmpuint (g_list_model_get_n_items (documents), ==, 1);
  doc = g_list_model_get_item (documents, 0);
  g_assert_cmpstr (gls_document_get_title (doc), ==, "inception");
  text = gls_project_load_text (project, gls_document_get_id (doc), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, NEWS_TEXT);

  /* Multi-token spans joined by their [N]; stacked ones told apart by it; the escaped
   * identifier unescaped; the span on sub-token 3-5.1 kept; the POS and dependency columns
   * around the named entities skipped. */
  expected = g_strdup_printf (
    "%s\n"
    "  0-10 PERSON http://www.wikidata.org/entity/Q123\n"
    "  101-111 PERSON urn:x:a|b_c[1];d*e->f\\g\n"
    "  130-133 PERSON -\n"
    "  15-28 PERSON -\n"
    "  32-37 GPE http://www.wikidata.org/entity/Q828\n"
    "  41-55 PERSON http://dbpedia.org/resource/Vladimir_Putin\n"
    "  72-76 GPE http://www.wikidata.org/entity/Q828\n"
    "  72-76 LOC -\n"
    "  85-92 ORG -\n"
    "  85-98 LOC -\n",
    escaped);
  got = describe (project, FALSE);
  g_assert_cmpstr (got, ==, expected);
}

static void
test_read_inception_file (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "file.glossator");
  g_autoptr(GError) error = NULL;

  g_assert_true (gls_import_run (project, &gls_format_webanno, data_path ("inception.tsv"),
                                 "bert", NULL, &error));
  g_assert_no_error (error);
  check_news_project (project);

  /* Again: the same text is the same document, the same spans are duplicates. */
  g_assert_true (gls_import_run (project, &gls_format_webanno, data_path ("inception.tsv"),
                                 "bert", NULL, &error));
  g_assert_no_error (error);
  check_news_project (project);
}

static void
test_read_inception_folder (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "folder.glossator");
  g_autoptr(GError) error = NULL;

  g_assert_true (gls_import_run (project, &gls_format_webanno, data_path (NULL), NULL, NULL,
                                 &error));
  g_assert_no_error (error);
  check_news_project (project);
}

/* INCEpTION's own test of sub-tokens (tsv3-suite/testSubMultiTokenSpanWithFeatureValue),
 * read through the "layer" option: spans over tokens and overlapping sub-tokens, joined by
 * their ids, and zero-width ones (which Glossator cannot keep) left out. */
static void
test_read_sub_tokens (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "sub.glossator");
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "sub.tsv", NULL);
  g_autofree char *got = NULL;
  const char *contents =
    "#FORMAT=WebAnno TSV 3.3\n"
    "#T_SP=webanno.custom.Span|value\n"
    "\n"
    "\n"
    "#Text=aaaaaa bbbbbb cccccc\n"
    "1-1\t0-6\taaaaaa\t2[1]|7[2]|1[3]\t\n"
    "1-1.1\t3-6\taaa\t9[4]|6[5]|8[6]\t\n"
    "1-2\t7-13\tbbbbbb\t2[1]|9[4]|6[5]|4[7]\t\n"
    "1-2.1\t7-10\tbbb\t7[2]|8[6]\t\n"
    "1-2.2\t7-11\tbbbb\t4[7]\t\n"
    "1-2.3\t7-7\t\t11\t\n"
    "1-2.4\t9-13\tbbbb\t5\t\n"
    "1-2.5\t9-11\tbb\t3\t\n"
    "1-2.6\t10-10\t\t10\t\n"
    "1-2.7\t13-13\t\t12\t\n"
    "1-3\t14-20\tcccccc\t_\t\n"
    "1-3.1\t14-17\tccc\t9[4]\t\n";

  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("%u", i);
      g_assert_nonnull (gls_project_add_label (project, name, "#000000", NULL, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  g_hash_table_insert (options, (gpointer)"layer", (gpointer)"webanno.custom.Span");
  g_assert_true (gls_import_run (project, &gls_format_webanno, path, NULL, options, &error));
  g_assert_no_error (error);

  got = describe (project, FALSE);
  g_assert_cmpstr (got, ==,
                   "aaaaaa bbbbbb cccccc\n"
                   "  0-10 7 -\n"
                   "  0-13 2 -\n"
                   "  0-6 1 -\n"
                   "  3-10 8 -\n"
                   "  3-13 6 -\n"
                   "  3-17 9 -\n"
                   "  7-13 4 -\n"
                   "  9-11 3 -\n"
                   "  9-13 5 -\n");

  /* Without the option the file has no NamedEntity layer: the text alone is read. */
  {
    g_autoptr(GlsProject) plain = gls_test_new_escaping_project (f->dir, "plain.glossator");
    g_autofree char *text_only = NULL;

    g_assert_true (gls_import_run (plain, &gls_format_webanno, path, NULL, NULL, &error));
    g_assert_no_error (error);
    text_only = describe (plain, FALSE);
    g_assert_cmpstr (text_only, ==, "aaaaaa bbbbbb cccccc\n");
  }
}

static void
test_probe (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *head = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.tsv", NULL);
  gsize length;

  g_assert_true (g_file_get_contents (data_path ("inception.tsv"), &head, &length, NULL));
  g_assert_cmpint (gls_format_webanno.probe (data_path ("inception.tsv"), head,
                                             MIN (length, 4096)), ==, 95);
  g_assert_cmpint (gls_format_webanno.probe ("/x/export.txt", head, MIN (length, 4096)), ==, 95);
  g_assert_cmpint (gls_format_webanno.probe (data_path (NULL), NULL, 0), ==, 90);
  g_assert_cmpint (gls_format_webanno.probe ("/x/a.tsv", "\xef\xbb\xbf#FORMAT=WebAnno TSV 3.3",
                                             26), ==, 95);

  /* Other tab-separated files are not WebAnno's. */
  g_assert_cmpint (gls_format_webanno.probe ("/x/a.tsv", "token\tlabel\n", 12), ==, 0);
  g_assert_true (g_file_set_contents (other, "token\tlabel\n", -1, NULL));
  g_assert_cmpint (gls_format_webanno.probe (f->dir, NULL, 0), ==, 0);
  g_assert_cmpint (gls_format_webanno.probe ("/x/a.xmi", "<xmi:XMI/>", 10), ==, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Writing                                                                                      */

static char *
export_project (Fixture       *f,
                GlsProject    *project,
                const char    *name,
                GlsLossReport *report)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (gls_export_run (project, &gls_format_webanno, path, NULL, NULL, report, NULL,
                                 NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

/* The exact lines INCEpTION writes: the header, two blank lines, #Text, and token lines with
 * UTF-16 offsets, "[N]" on multi-token and stacked spans only, "*" for an empty identifier,
 * escaped values and a tab after the last column. */
static void
test_written_shape (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "shape.glossator");
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  const char *text = "Mike Pompeo met Zoë 🚀 in Paris.";
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  gboolean saw_paris = FALSE;

  {
    g_autoptr(GlsImport) import = gls_import_begin (project, "test", &error);
    gint64 doc;

    g_assert_no_error (error);
    doc = gls_import_add_document (import, "Shape", text, -1, NULL, &error);
    g_assert_no_error (error);
    gls_test_add_span_at (import, doc, text, "Mike Pompeo", 0, "PERSON", "Q1", "anna");
    gls_test_add_span_at (import, doc, text, "Pompeo", 0, "PERSON", NULL, "anna");
    gls_test_add_span_at (import, doc, text, "Paris", 0, "GPE", "Q90_x|y", "anna");
    g_assert_true (gls_import_commit (import, &error));
    g_assert_no_error (error);
  }
  folder = export_project (f, project, "shape", report);
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);
  path = g_build_filename (folder, "Shape.tsv", NULL);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));

  g_assert_true (g_str_has_prefix (contents,
    "#FORMAT=WebAnno TSV 3.3\n"
    "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n"
    "\n"
    "\n"
    "#Text=Mike Pompeo met Zoë 🚀 in Paris.\n"
    "1-1\t0-4\tMike\tQ1[1]\tPERSON[1]\t\n"
    "1-2\t5-11\tPompeo\tQ1[1]|*[2]\tPERSON[1]|PERSON[2]\t\n"
    "1-3\t12-15\tmet\t_\t_\t\n"
    "1-4\t16-19\tZoë\t_\t_\t\n"));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "\tParis\t") != NULL)
      {
        /* After the emoji, UTF-16 offsets run one ahead of code points (25-30). */
        g_assert_true (g_str_has_prefix (lines[i], "1-"));
        g_assert_nonnull (strstr (lines[i], "\t26-31\tParis\tQ90\\_x\\|y\tGPE\t"));
        g_assert_true (g_str_has_suffix (lines[i], "\tGPE\t"));
        saw_paris = TRUE;
      }
  g_assert_true (saw_paris);
  g_assert_true (g_str_has_suffix (contents, "\t_\t_\t\n"));
}

#define DOC1 "Zoë Müller met Сергей Лавров in Sochi 🚀.\n" \
             "Vladimir Putin greeted them in Сочи, at the Gazprom-Arena.\n\n" \
             "A \"quoted\" <tag> & 'apostrophe'\tand\\backslash 👩‍👩‍👧 family. " \
             "Next sentence after a space."
#define DOC2 "  Ёлка 🎄 в Москве: Газпром и Сбербанк.\r\nLine two — ends here.\n"
#define DOC3 "Short text without entities."

static const char *kb_special = "urn:x:a|b_c[1];d*e->f\\g&<>\"' ok\tend\nnext";

static GlsProject *
build_clean_project (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GlsProject *project = gls_test_new_escaping_project (f->dir, "source.glossator");
  g_autoptr(GlsImport) import = gls_import_begin (project, "test", &error);
  gint64 d1, d2;

  g_assert_no_error (error);
  d1 = gls_import_add_document (import, "News: one/two", DOC1, -1, "one.txt", &error);
  g_assert_no_error (error);
  d2 = gls_import_add_document (import, "Ёлка", DOC2, -1, "two.txt", &error);
  g_assert_no_error (error);
  /* The same title as the first: the files get different names. */
  gls_import_add_document (import, "News: one/two", DOC3, -1, "three.txt", &error);
  g_assert_no_error (error);

  gls_test_add_span_at (import, d1, DOC1, "Zoë Müller", 0, "PERSON",
                        "http://www.wikidata.org/entity/Q123", "anna");
  gls_test_add_span_at (import, d1, DOC1, "Сергей Лавров", 0, "PERSON", NULL, "anna");
  gls_test_add_span_at (import, d1, DOC1, "Sochi", 0, "GPE", kb_special, "anna");
  gls_test_add_span_at (import, d1, DOC1, "Vladimir Putin", 0, "PERSON", NULL, "anna");
  gls_test_add_span_at (import, d1, DOC1, "Putin", 0, "PERSON", "Q7747", "anna");
  gls_test_add_span_at (import, d1, DOC1, "Сочи", 0, "GPE", "Q828", "anna");
  gls_test_add_span_at (import, d1, DOC1, "Сочи", 0, "LOC", NULL, "anna");
  gls_test_add_span_at (import, d1, DOC1, "Gazprom-Arena", 0, "LOC", NULL, "anna");
  gls_test_add_span_at (import, d1, DOC1, "Gazprom", 0, "ORG", NULL, "anna");
  /* crosses the LOC */
  gls_test_add_span_at (import, d1, DOC1, "the Gazprom", 0, "MISC", NULL, "anna");
  gls_test_add_span_at (import, d1, DOC1, "👩‍👩‍👧", 0, "MISC", NULL, "anna");
  gls_test_add_span_at (import, d1, DOC1, "quoted", 0, "WORK_OF|ART[x]*;->\\", "_", "anna");
  gls_test_add_span_at (import, d1, DOC1, "Next sentence", 0, "MISC", "*", "anna");
  gls_test_add_span_at (import, d2, DOC2, "Москве", 0, "GPE", NULL, "anna");
  gls_test_add_span_at (import, d2, DOC2, "Газпром", 0, "ORG", NULL, "anna");
  gls_test_add_span_at (import, d2, DOC2, "Сбербанк", 0, "ORG", NULL, "anna");
  gls_test_add_span_at (import, d2, DOC2, "Line two", 0, "MISC", NULL, "anna");
  g_assert_true (gls_import_commit (import, &error));
  g_assert_no_error (error);
  return project;
}

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GlsProject) source = build_clean_project (f);
  g_autoptr(GlsProject) copy = gls_test_new_escaping_project (f->dir, "copy.glossator");
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = export_project (f, source, "out", report);
  g_autofree char *first = g_build_filename (folder, "News_ one_two.tsv", NULL);
  g_autofree char *second = g_build_filename (folder, "Ёлка.tsv", NULL);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *lines = gls_loss_report_to_text (report);
  guint n_files = 0;

  /* Nothing is lost: the second document's leading spaces come back as spaces. */
  g_test_message ("%s", lines);
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);
  while (g_dir_read_name (dir) != NULL)
    n_files++;
  g_assert_cmpuint (n_files, ==, 3);
  g_assert_true (g_file_test (first, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (second, G_FILE_TEST_IS_REGULAR));

  g_assert_true (gls_import_run (copy, &gls_format_webanno, folder, NULL, NULL, &error));
  g_assert_no_error (error);
  before = describe (source, TRUE);
  after = describe (copy, TRUE);
  g_assert_cmpstr (after, ==, before);
}

static void
test_loss_report (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "lossy.glossator");
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autoptr(GHashTable) attributes = g_hash_table_new (g_str_hash, g_str_equal);
  const char *text = "\n Mike Pompeo met Vladimir Putin in Sochi 🚀 today.";
  g_autofree char *folder = NULL;
  g_autofree char *lines = NULL;
  GlsFragment parts[2];
  gint64 doc, mike, putin;

  {
    g_autoptr(GlsImport) import = gls_import_begin (project, "test", &error);

    g_assert_no_error (error);
    doc = gls_import_add_document (import, "Lossy", text, -1, NULL, &error);
    g_assert_no_error (error);
    mike = gls_test_add_span_at (import, doc, text, "Mike Pompeo", 0, "PERSON", NULL, "anna");
    putin = gls_test_add_span_at (import, doc, text, "Putin", 0, "PERSON", NULL, "ben");
    parts[0] = gls_test_find (text, "Vladimir", 0);
    parts[1] = gls_test_find (text, "Putin", 0);
    gls_import_add_span (import, doc, parts, 2, "PERSON", "anna", NULL, NULL, NULL, &error);
    g_assert_no_error (error);
    parts[0] = gls_test_find (text, "Sochi", 0);
    g_hash_table_insert (attributes, (gpointer)"confidence", (gpointer)"high");
    g_hash_table_insert (attributes, (gpointer)"source", (gpointer)"wire");
    gls_import_add_span (import, doc, parts, 1, "GPE", "anna", "check the spelling", NULL,
                         attributes, &error);
    g_assert_no_error (error);
    gls_import_add_relation (import, "met-with", mike, putin, "anna", &error);
    g_assert_no_error (error);
    g_assert_true (gls_import_commit (import, &error));
    g_assert_no_error (error);
  }

  folder = export_project (f, project, "lossy", report);
  lines = gls_loss_report_to_text (report);
  g_test_message ("%s", lines);
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 6);
  g_assert_nonnull (strstr (lines, "discontinuous span (2 fragments)"));
  g_assert_nonnull (strstr (lines, "note not written"));
  g_assert_nonnull (strstr (lines, "attributes not written: confidence, source"));
  g_assert_nonnull (strstr (lines, "relation “met-with”"));
  g_assert_nonnull (strstr (lines, "2 annotators merged"));
  g_assert_nonnull (strstr (lines, "before the first word"));
}

static void
test_write_targets (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GlsProject) project = build_clean_project (f);
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_build_filename (f->dir, "plain-file", NULL);

  g_assert_true (g_file_set_contents (file, "x", 1, NULL));
  g_assert_false (gls_export_run (project, &gls_format_webanno, file, NULL, NULL, NULL, NULL,
                                  NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "plain-file"));
  g_clear_error (&error);

  g_assert_false (gls_export_run (project, &gls_format_webanno, "-", NULL, NULL, NULL, NULL,
                                  NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
}

/* ------------------------------------------------------------------------------------------ */
/* Files that must be refused                                                                   */

#define HEADER "#FORMAT=WebAnno TSV 3.3\n" \
               "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS|PosValue\n" \
               "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n" \
               "\n" \
               "\n"

typedef struct
{
  const char *name;
  const char *contents;
  GlsError code;
  const char *where;         /* "NAME:LINE:" expected in the message */
  const char *what;          /* expected in the message too */
} BadFile;

static const BadFile bad_files[] = {
  { "no-header.tsv", "Mike met Zoë.\n", GLS_ERROR_PARSE, "no-header.tsv:1:", "#FORMAT" },
  { "old-version.tsv", "#FORMAT=WebAnno TSV 3.1\n\n\n#Text=Mike\n1-1\t0-4\tMike\t\n",
    GLS_ERROR_PARSE, "old-version.tsv:1:", "3.1" },
  { "short-line.tsv",
    HEADER "#Text=Mike met Zoë.\n1-1\t0-4\tMike\tNNP\t_\t_\t\n1-2\t5-8\tmet\tVBD\t_\n",
    GLS_ERROR_PARSE, "short-line.tsv:8:", "expected 6 tab-separated fields" },
  { "bad-offsets.tsv",
    HEADER "#Text=Mike met Zoë.\n1-1\t0-4\tMike\tNNP\t_\t_\t\n1-2\t5-eight\tmet\tVBD\t_\t_\t\n",
    GLS_ERROR_PARSE, "bad-offsets.tsv:8:", "5-eight" },
  { "bad-token-id.tsv",
    HEADER "#Text=Mike met Zoë.\nfirst\t0-4\tMike\tNNP\t_\t_\t\n",
    GLS_ERROR_PARSE, "bad-token-id.tsv:7:", "first" },
  { "no-text-line.tsv",
    HEADER "1-1\t0-4\tMike\tNNP\t_\t_\t\n",
    GLS_ERROR_PARSE, "no-text-line.tsv:6:", "#Text=" },
  { "past-the-end.tsv",
    HEADER "#Text=Mike met Zoë.\n1-1\t0-4\tMike\tNNP\t_\t_\t\n1-2\t5-8\tmet\tVBD\t_\t_\t\n"
    "1-3\t9-12\tZoë\tNNP\t_\t_\t\n1-4\t12-14\t.\t.\t_\t_\t\n",
    GLS_ERROR_OFFSET, "past-the-end.tsv:10:", "12-14" },
  { "mid-surrogate.tsv",
    HEADER "#Text=🚀 Mike met Zoë.\n1-1\t0-1\t🚀\tSYM\t_\t_\t\n1-2\t1-2\t🚀\tSYM\t_\t_\t\n",
    GLS_ERROR_OFFSET, "mid-surrogate.tsv:7:", "surrogate" },
  { "overlapping-sentences.tsv",
    HEADER "#Text=Mike met Zoë.\n1-1\t0-4\tMike\tNNP\t_\t_\t\n\n"
    "#Text=Zoë left.\n2-1\t2-5\tZoë\tNNP\t_\t_\t\n",
    GLS_ERROR_OFFSET, "overlapping-sentences.tsv:10:", "inside the text before it" },
  { "token-mismatch.tsv",
    HEADER "#Text=Mike met Zoë.\n1-1\t0-4\tMike\tNNP\t_\t_\t\n1-2\t5-8\tmat\tVBD\t_\t_\t\n",
    GLS_ERROR_PARSE, "token-mismatch.tsv:8:", "“mat”" },
  { "unknown-label.tsv",
    HEADER "#Text=Mike met Zoë Müller.\n1-1\t0-4\tMike\tNNP\t*\tPERSON\t\n"
    "1-2\t5-8\tmet\tVBD\t_\t_\t\n1-3\t9-12\tZoë\tNNP\t*[3]\tCELEBRITY[3]\t\n"
    "1-4\t13-19\tMüller\tNNP\t*[3]\tCELEBRITY[3]\t\n",
    GLS_ERROR_UNKNOWN_LABEL, "unknown-label.tsv:9:", "CELEBRITY" },
  { "no-value.tsv",
    HEADER "#Text=Mike met Zoë.\n1-1\t0-4\tMike\tNNP\tQ1\t*\t\n",
    GLS_ERROR_UNKNOWN_LABEL, "no-value.tsv:7:", "without a value" },
  { "bad-disambiguation.tsv",
    HEADER "#Text=Mike met Zoë.\n1-1\t0-4\tMike\tNNP\t*[x]\tPERSON[x]\t\n",
    GLS_ERROR_PARSE, "bad-disambiguation.tsv:7:", "disambiguation" },
  { "latin1.tsv",
    HEADER "#Text=Mike met Zo\xeb.\n1-1\t0-4\tMike\tNNP\t_\t_\t\n",
    GLS_ERROR_ENCODING, "latin1.tsv:6:", "UTF-8" },
  { "no-blank-line.tsv",
    HEADER "#Text=Mike met Zoë.\n1-1\t0-4\tMike\tNNP\t_\t_\t\n#Text=Next.\n",
    GLS_ERROR_PARSE, "no-blank-line.tsv:8:", "blank line" },
  { "no-tokens.tsv",
    HEADER "#Text=Mike met Zoë.\n\n#Text=Next.\n2-1\t15-20\tNext.\t_\t_\t_\t\n",
    GLS_ERROR_PARSE, "no-tokens.tsv:7:", "without tokens" },
};

static void
test_bad_file (Fixture       *f,
               gconstpointer  data)
{
  const BadFile *bad = data;
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "target.glossator");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, bad->name, NULL);

  g_assert_true (g_file_set_contents (path, bad->contents, -1, NULL));
  g_assert_false (gls_import_run (project, &gls_format_webanno, path, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, (gint)bad->code);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, bad->where));
  g_assert_nonnull (strstr (error->message, bad->what));
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (project)), ==, 0);
}

/* A folder whose second file is bad leaves the project as it was. */
static void
test_bad_folder_rolls_back (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GlsProject) project = gls_test_new_escaping_project (f->dir, "rollback.glossator");
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "in", NULL);
  g_autofree char *good = g_build_filename (folder, "a.tsv", NULL);
  g_autofree char *bad = g_build_filename (folder, "b.tsv", NULL);
  g_autofree char *contents = NULL;

  g_assert_cmpint (g_mkdir (folder, 0755), ==, 0);
  g_assert_true (g_file_get_contents (data_path ("inception.tsv"), &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (good, contents, -1, NULL));
  g_assert_true (g_file_set_contents (bad, "#FORMAT=WebAnno TSV 3.3\n\n\n1-1\n", -1, NULL));
  g_assert_false (gls_import_run (project, &gls_format_webanno, folder, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "b.tsv:4:"));
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (project)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/format/webanno/read/inception-file", Fixture, NULL, fixture_set_up,
              test_read_inception_file, fixture_tear_down);
  g_test_add ("/format/webanno/read/inception-folder", Fixture, NULL, fixture_set_up,
              test_read_inception_folder, fixture_tear_down);
  g_test_add ("/format/webanno/read/sub-tokens", Fixture, NULL, fixture_set_up,
              test_read_sub_tokens, fixture_tear_down);
  g_test_add ("/format/webanno/probe", Fixture, NULL, fixture_set_up, test_probe,
              fixture_tear_down);
  g_test_add ("/format/webanno/write/shape", Fixture, NULL, fixture_set_up, test_written_shape,
              fixture_tear_down);
  g_test_add ("/format/webanno/write/round-trip", Fixture, NULL, fixture_set_up,
              test_round_trip, fixture_tear_down);
  g_test_add ("/format/webanno/write/loss-report", Fixture, NULL, fixture_set_up,
              test_loss_report, fixture_tear_down);
  g_test_add ("/format/webanno/write/targets", Fixture, NULL, fixture_set_up,
              test_write_targets, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_files); i++)
    {
      g_autofree char *name = g_strdup_printf ("/format/webanno/bad/%s", bad_files[i].name);
      g_test_add (name, Fixture, &bad_files[i], fixture_set_up, test_bad_file,
                  fixture_tear_down);
    }
  g_test_add ("/format/webanno/bad/folder-rolls-back", Fixture, NULL, fixture_set_up,
              test_bad_folder_rolls_back, fixture_tear_down);

  return g_test_run ();
}
