/* test-format-conll.c — CoNLL-2003: reading real layouts, writing schemes, losses, round trip
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-import.h"
#include "gls-project.h"
#include "gls-test-core.h"

typedef struct
{
  char *dir;
  GlsProject *project;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data G_GNUC_UNUSED)
{
  f->dir = gls_test_make_tmp_dir ("gls-conll-XXXXXX");
  f->project = gls_test_create_project (f->dir, "test.glossator");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data G_GNUC_UNUSED)
{
  g_clear_object (&f->project);
  gls_test_remove_tree (f->dir);
  g_free (f->dir);
}

static const GlsFormat *
conll (void)
{
  const GlsFormat *format = gls_format_lookup ("conll");

  g_assert_nonnull (format);
  return format;
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "formats", "conll", name, NULL);
}

static GlsProject *
new_project (Fixture    *f,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  GlsProject *project = gls_project_create (path, GLS_PROJECT_CREATE_DEFAULT, &error);

  g_assert_no_error (error);
  return project;
}

/* ------------------------------------------------------------------------------------------ */
/* What a project holds, as text to compare                                                     */

typedef struct
{
  gint64 start;
  gint64 end;
  char *line;
} SpanLine;

static int
compare_span_lines (gconstpointer a,
                    gconstpointer b)
{
  const SpanLine *x = a, *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end > y->end ? -1 : 1;
  return strcmp (x->line, y->line);
}

/* Each document as "title\ntext\n" and then one "LABEL “covered” (annotator)" line per span. */
static char *
describe_project (GlsProject *project,
                  gboolean    with_titles)
{
  GListModel *documents = gls_project_get_documents (project);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(GlsDocument) document = g_list_model_get_item (documents, i);
      g_autoptr(GError) error = NULL;
      gint64 id = gls_document_get_id (document);
      g_autofree char *text = gls_project_load_text (project, id, &error);
      g_autoptr(GListModel) spans = gls_project_list_spans (project, id, &error);
      g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (SpanLine));

      g_assert_no_error (error);
      if (with_titles)
        g_string_append_printf (out, "# %s\n", gls_document_get_title (document));
      g_string_append_printf (out, "%s\n", text);
      for (guint k = 0; k < g_list_model_get_n_items (spans); k++)
        {
          g_autoptr(GlsSpan) span = g_list_model_get_item (spans, k);
          GlsLabel *label = gls_project_lookup_label (project, gls_span_get_label_id (span));
          const char *a = g_utf8_offset_to_pointer (text, gls_span_get_start (span));
          const char *b = g_utf8_offset_to_pointer (text, gls_span_get_end (span));
          SpanLine line;

          line.start = gls_span_get_start (span);
          line.end = gls_span_get_end (span);
          line.line = g_strdup_printf ("%s “%.*s” (%s)", gls_label_get_name (label),
                                       (int)(b - a), a, gls_span_get_annotator (span));
          g_array_append_val (lines, line);
        }
      g_array_sort (lines, compare_span_lines);
      for (guint k = 0; k < lines->len; k++)
        {
          SpanLine *line = &g_array_index (lines, SpanLine, k);

          g_string_append_printf (out, "%s\n", line->line);
          g_free (line->line);
        }
    }
  return g_string_free (out, FALSE);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
  return path;
}

/* ------------------------------------------------------------------------------------------ */
/* Documents written by hand                                                                    */

typedef struct
{
  GlsExportDocument doc;
  GArray *spans;            /* of GlsExportSpan */
  GArray *relations;        /* of GlsExportRelation */
  gint64 next_id;
} TestDocument;

static TestDocument *
test_document_new (gint64      id,
                   const char *text)
{
  TestDocument *d = g_new0 (TestDocument, 1);

  d->doc.id = id;
  d->doc.title = "test";
  d->doc.status = "done";
  d->doc.text = text;
  d->doc.text_bytes = strlen (text);
  d->doc.n_chars = g_utf8_strlen (text, -1);
  d->spans = g_array_new (FALSE, TRUE, sizeof (GlsExportSpan));
  d->relations = g_array_new (FALSE, TRUE, sizeof (GlsExportRelation));
  d->next_id = id * 100 + 1;
  return d;
}

static void
test_document_free (TestDocument *d)
{
  for (guint i = 0; i < d->spans->len; i++)
    {
      GlsExportSpan *span = &g_array_index (d->spans, GlsExportSpan, i);
      g_free (span->fragments);
      g_clear_pointer (&span->attributes, g_hash_table_unref);
    }
  g_array_unref (d->spans);
  g_array_unref (d->relations);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDocument, test_document_free)

/* Adds a span; returns its index. */
static guint
add_fragments (TestDocument      *d,
               const char        *label,
               const GlsFragment *fragments,
               guint              n_fragments)
{
  GlsExportSpan span = { 0 };

  span.id = d->next_id++;
  span.fragments = g_memdup2 (fragments, n_fragments * sizeof (GlsFragment));
  span.n_fragments = n_fragments;
  span.label = label;
  span.annotator = "anna";
  g_array_append_val (d->spans, span);
  return d->spans->len - 1;
}

static GlsFragment
find (const char *text,
      const char *needle,
      guint       nth)
{
  const char *at = strstr (text, needle);
  GlsFragment fragment;

  for (guint i = 0; i < nth && at != NULL; i++)
    at = strstr (at + 1, needle);
  g_assert_nonnull (at);
  fragment.start = g_utf8_pointer_to_offset (text, at);
  fragment.end = fragment.start + g_utf8_strlen (needle, -1);
  return fragment;
}

static guint
add_span (TestDocument *d,
          const char   *label,
          const char   *needle,
          guint         nth)
{
  GlsFragment fragment = find (d->doc.text, needle, nth);

  return add_fragments (d, label, &fragment, 1);
}

static GlsExportSpan *
get_span (TestDocument *d,
          guint         index)
{
  return &g_array_index (d->spans, GlsExportSpan, index);
}

static const GlsExportDocument *
test_document_done (TestDocument *d)
{
  d->doc.spans = (GlsExportSpan *)(gpointer)d->spans->data;
  d->doc.n_spans = d->spans->len;
  d->doc.relations = (GlsExportRelation *)(gpointer)d->relations->data;
  d->doc.n_relations = d->relations->len;
  return &d->doc;
}

/* Writes @documents with @options ("key", "value", …, NULL) and returns the file. */
static char *
export_documents (Fixture         *f,
                  GlsLossReport   *report,
                  TestDocument   **documents,
                  guint            n_documents,
                  ...)
{
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *path = g_build_filename (f->dir, "out.conll", NULL);
  g_autoptr(GError) error = NULL;
  const char *key;
  gpointer writer;
  va_list args;

  va_start (args, n_documents);
  while ((key = va_arg (args, const char *)) != NULL)
    g_hash_table_insert (options, (gpointer)key, va_arg (args, char *));
  va_end (args);

  writer = conll ()->begin (path, f->project, options, report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (writer);
  for (guint i = 0; i < n_documents; i++)
    {
      conll ()->write (writer, test_document_done (documents[i]), &error);
      g_assert_no_error (error);
    }
  g_assert_true (conll ()->end (writer, TRUE, &error));
  g_assert_no_error (error);
  return gls_test_read_file (path);
}

/* ------------------------------------------------------------------------------------------ */
/* Reading                                                                                      */

static const char news_expected[] =
  "# news-iob1.conll (document 1)\n"
  "EU rejects German call to boycott British lamb .\n"
  "Pompeo meets Putin in Sochi .\n"
  "ORG “EU” (news-iob1)\n"
  "MISC “German” (news-iob1)\n"
  "MISC “British” (news-iob1)\n"
  "PERSON “Pompeo” (news-iob1)\n"
  "PERSON “Putin” (news-iob1)\n"
  "GPE “Sochi” (news-iob1)\n"
  "# news-iob1.conll (document 2)\n"
  "MOSCOW 1996-08-22\n"
  "The European Union and the African Union sent observers to the Putin Trump summit on "
  "Tuesday .\n"
  "GPE “MOSCOW” (news-iob1)\n"
  "ORG “European Union” (news-iob1)\n"
  "ORG “African Union” (news-iob1)\n"
  "PERSON “Putin” (news-iob1)\n"
  "PERSON “Trump” (news-iob1)\n"
  "DATE “Tuesday” (news-iob1)\n";

static void
test_read_iob1 (Fixture       *f,
                gconstpointer  data G_GNUC_UNUSED)
{
  g_autofree char *path = fixture_path ("news-iob1.conll");
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  g_assert_true (gls_import_run (f->project, conll (), path, NULL, NULL, &error));
  g_assert_no_error (error);
  described = describe_project (f->project, TRUE);
  g_assert_cmpstr (described, ==, news_expected);
}

/* The same entities in IOB2 (and IOB2 chunk tags): the same spans, on the same documents. */
static void
test_read_iob2 (Fixture       *f,
                gconstpointer  data G_GNUC_UNUSED)
{
  g_autofree char *iob1 = fixture_path ("news-iob1.conll");
  g_autofree char *iob2 = fixture_path ("news-iob2.conll");
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *both = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  g_auto(GStrv) lines = NULL;

  g_assert_true (gls_import_run (f->project, conll (), iob1, "ann", NULL, &error));
  g_assert_no_error (error);
  first = describe_project (f->project, FALSE);
  g_assert_true (gls_import_run (f->project, conll (), iob2, "ben", NULL, &error));
  g_assert_no_error (error);
  both = describe_project (f->project, FALSE);

  /* No new documents: the second file's spans land on the first file's texts. */
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (f->project)), ==, 2);
  lines = g_strsplit (first, "\n", -1);
  for (guint i = 0; lines[i] && *lines[i]; i++)
    {
      g_string_append_printf (expected, "%s\n", lines[i]);
      if (g_str_has_suffix (lines[i], "(ann)"))
        {
          g_autofree char *other = g_strndup (lines[i], strlen (lines[i]) - 5);
          g_string_append_printf (expected, "%s(ben)\n", other);
        }
    }
  g_assert_cmpstr (both, ==, expected->str);
}

static void
test_read_two_columns (Fixture       *f,
                       gconstpointer  data G_GNUC_UNUSED)
{
  g_autofree char *path = fixture_path ("two-columns.conll");
  g_autofree char *crlf = write_file (f, "crlf.txt",
                                      "\xef\xbb\xbf" "EU\tB-ORG\r\nrejects  O\r\n\r\n"
                                      "Putin B-PERSON\r\nagrees O\r", -1);
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  g_assert_true (gls_import_run (f->project, conll (), path, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gls_import_run (f->project, conll (), crlf, "crlf", NULL, &error));
  g_assert_no_error (error);
  described = describe_project (f->project, TRUE);
  g_assert_cmpstr (described, ==,
                   "# two-columns.conll (document 1)\n"
                   "Sergey Lavrov said the US-Russia talks in Sochi were useful .\n"
                   "The Kremlin did n't comment .\n"
                   "PERSON “Sergey Lavrov” (two-columns)\n"
                   "MISC “US-Russia” (two-columns)\n"
                   "GPE “Sochi” (two-columns)\n"
                   "ORG “Kremlin” (two-columns)\n"
                   "# crlf.txt (document 1)\n"
                   "EU rejects\n"
                   "Putin agrees\n"
                   "ORG “EU” (crlf)\n"
                   "PERSON “Putin” (crlf)\n");
}

static void
test_read_bioes_and_ill_formed (Fixture       *f,
                                gconstpointer  data G_GNUC_UNUSED)
{
  g_autofree char *bioes = fixture_path ("bioes.conll");
  g_autofree char *ill = fixture_path ("ill-formed.conll");
  g_autoptr(GError) error = NULL;
  g_autofree char *described = NULL;

  g_assert_true (gls_import_run (f->project, conll (), bioes, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gls_import_run (f->project, conll (), ill, NULL, NULL, &error));
  g_assert_no_error (error);
  described = describe_project (f->project, FALSE);
  /* As conlleval reads them: an I- after O, or after another label, starts an entity. */
  g_assert_cmpstr (described, ==,
                   "Mike Pompeo met Sergey Lavrov in Sochi on May 14 .\n"
                   "PERSON “Mike Pompeo” (bioes)\n"
                   "PERSON “Sergey Lavrov” (bioes)\n"
                   "GPE “Sochi” (bioes)\n"
                   "DATE “May 14” (bioes)\n"
                   "Russian officials met Foreign Ministry staff and State Department people "
                   "Washington .\n"
                   "NORP “Russian” (ill-formed)\n"
                   "ORG “Foreign” (ill-formed)\n"
                   "GPE “Ministry” (ill-formed)\n"
                   "ORG “State Department people” (ill-formed)\n"
                   "GPE “Washington” (ill-formed)\n");
}

static void
expect_read_error (Fixture    *f,
                   const char *name,
                   const char *contents,
                   gssize      length,
                   int         code,
                   const char *message)
{
  g_autofree char *path = write_file (f, name, contents, length);
  g_autofree char *expected = g_strdup_printf ("%s:%s", path, message);
  g_autoptr(GError) error = NULL;

  g_assert_false (gls_import_run (f->project, conll (), path, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, expected));
  /* Nothing of a failed import stays. */
  g_assert_cmpuint (g_list_model_get_n_items (gls_project_get_documents (f->project)), ==, 0);
}

static void
test_read_errors (Fixture       *f,
                  gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GString) huge = g_string_new ("-DOCSTART- -X- -X- O\n");

  expect_read_error (f, "columns.conll",
                     "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP\n", -1,
                     GLS_ERROR_PARSE, "4: expected 4 columns, found 3");
  expect_read_error (f, "per.conll",
                     "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\n\nPeter NNP B-NP B-PER\n", -1,
                     GLS_ERROR_UNKNOWN_LABEL, "5: unknown label “PER”");
  expect_read_error (f, "latin1.conll", "EU B-ORG\nrejects O\nM\xfcller B-PERSON\n", -1,
                     GLS_ERROR_ENCODING, "3: not valid UTF-8");
  expect_read_error (f, "tag.conll", "EU B-ORG\nrejects X-ORG\n", -1,
                     GLS_ERROR_PARSE, "2: “X-ORG” is not a tag");
  expect_read_error (f, "one.conll", "EU\n", -1,
                     GLS_ERROR_PARSE, "1: expected a token and a tag");
  expect_read_error (f, "empty.conll", "-DOCSTART- -X- -X- O\n\n\n", -1,
                     GLS_ERROR_PARSE, " no tokens in the file");

  /* A 2 MB line is refused at 1 MB, without reading the rest. */
  g_string_append (huge, "EU");
  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (huge, 'x');
  g_string_append (huge, " B-ORG\nrejects O\n");
  expect_read_error (f, "huge.conll", huge->str, (gssize)huge->len,
                     GLS_ERROR_PARSE, "2: line too long");
}

static void
test_detect (Fixture       *f,
             gconstpointer  data G_GNUC_UNUSED)
{
  static const char * const names[] = {
    "news-iob1.conll", "news-iob2.conll", "two-columns.conll", "bioes.conll", "ill-formed.conll",
  };
  g_autofree char *plain = write_file (f, "eng.train", "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n"
                                                       "German JJ B-NP B-MISC\n", -1);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = fixture_path (names[i]);

      g_assert_true (gls_format_detect (path, &error) == conll ());
      g_assert_no_error (error);
    }
  g_assert_true (gls_format_detect (plain, &error) == conll ());
  g_assert_no_error (error);
  g_assert_cmpint (conll ()->probe ("a.txt", "Some plain text.\nMore of it.\n", 29), ==, 0);
  g_assert_cmpint (conll ()->probe ("a.jsonl", "{\"text\": \"x\"}\n", 14), ==, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Writing                                                                                      */

#define SUMMIT "Mike Pompeo Sergey Lavrov met in Sochi on May 14."

static TestDocument *
summit_document (void)
{
  TestDocument *d = test_document_new (1, SUMMIT);

  add_span (d, "PERSON", "Mike Pompeo", 0);
  add_span (d, "PERSON", "Sergey Lavrov", 0);
  add_span (d, "GPE", "Sochi", 0);
  add_span (d, "DATE", "May 14", 0);
  return d;
}

static void
test_write_schemes (Fixture       *f,
                    gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(TestDocument) d = summit_document ();
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *iob2 = export_documents (f, report, &d, 1, NULL);
  g_autofree char *iob1 = export_documents (f, report, &d, 1, "scheme", "iob1", NULL);
  g_autofree char *bioes = export_documents (f, report, &d, 1, "scheme", "bioes", NULL);
  g_autofree char *four = export_documents (f, report, &d, 1, "columns", "4", "scheme", "IOB2",
                                            NULL);

  g_assert_cmpstr (iob2, ==,
                   "-DOCSTART- O\n\n"
                   "Mike B-PERSON\nPompeo I-PERSON\nSergey B-PERSON\nLavrov I-PERSON\nmet O\n"
                   "in O\nSochi B-GPE\non O\nMay B-DATE\n14 I-DATE\n. O\n\n");
  /* IOB1: B- only where an entity follows one of the same label. */
  g_assert_cmpstr (iob1, ==,
                   "-DOCSTART- O\n\n"
                   "Mike I-PERSON\nPompeo I-PERSON\nSergey B-PERSON\nLavrov I-PERSON\nmet O\n"
                   "in O\nSochi I-GPE\non O\nMay I-DATE\n14 I-DATE\n. O\n\n");
  g_assert_cmpstr (bioes, ==,
                   "-DOCSTART- O\n\n"
                   "Mike B-PERSON\nPompeo E-PERSON\nSergey B-PERSON\nLavrov E-PERSON\nmet O\n"
                   "in O\nSochi S-GPE\non O\nMay B-DATE\n14 E-DATE\n. O\n\n");
  g_assert_cmpstr (four, ==,
                   "-DOCSTART- -X- -X- O\n\n"
                   "Mike _ _ B-PERSON\nPompeo _ _ I-PERSON\nSergey _ _ B-PERSON\n"
                   "Lavrov _ _ I-PERSON\nmet _ _ O\nin _ _ O\nSochi _ _ B-GPE\non _ _ O\n"
                   "May _ _ B-DATE\n14 _ _ I-DATE\n. _ _ O\n\n");
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);
}

static void
test_write_sentences_and_documents (Fixture       *f,
                                    gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(TestDocument) a = test_document_new (1, "Pompeo met Putin. Lavrov spoke.");
  g_autoptr(TestDocument) b = test_document_new (2, "Headline here\n\nThe U.S. team left.");
  g_autoptr(TestDocument) empty = test_document_new (3, " \n ");
  TestDocument *documents[] = { a, b, empty };
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *out = NULL;
  g_autofree char *losses = NULL;

  add_span (a, "PERSON", "Putin. Lavrov", 0);   /* keeps the two sentences together */
  add_span (b, "GPE", "U.S.", 0);
  out = export_documents (f, report, documents, G_N_ELEMENTS (documents), NULL);
  g_assert_cmpstr (out, ==,
                   "-DOCSTART- O\n\n"
                   "Pompeo O\nmet O\nPutin B-PERSON\n. I-PERSON\nLavrov I-PERSON\nspoke O\n. O\n\n"
                   "-DOCSTART- O\n\n"
                   "Headline O\nhere O\n\nThe O\nU.S. B-GPE\nteam O\nleft O\n. O\n\n"
                   "-DOCSTART- O\n\n");
  losses = gls_loss_report_to_text (report);
  g_assert_cmpstr (losses, ==, "3\ttest\t-\tthe document has no tokens: CoNLL readers will not "
                               "see it\n");
}

static void
test_write_boundaries_in_words (Fixture       *f,
                                gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(TestDocument) d = test_document_new (1, "Russia's interference and GRU-backed "
                                                    "cyberattacks, said Glossator.");
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *out = NULL;
  GlsFragment gloss = find (d->doc.text, "Glossator", 0);

  add_span (d, "GPE", "Russia", 0);
  add_span (d, "ORG", "GRU", 0);
  gloss.end -= 4;
  add_fragments (d, "MISC", &gloss, 1);
  out = export_documents (f, report, &d, 1, NULL);
  g_assert_cmpstr (out, ==,
                   "-DOCSTART- O\n\n"
                   "Russia B-GPE\n's O\ninterference O\nand O\nGRU B-ORG\n- O\nbacked O\n"
                   "cyberattacks O\n, O\nsaid O\nGloss B-MISC\nator O\n. O\n\n");
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);
}

#define NESTED "US Secretary of State Mike Pompeo met Vladimir Putin in Sochi."

static void
test_write_nested_and_discontinuous (Fixture       *f,
                                     gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(TestDocument) d = test_document_new (7, NESTED);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  GlsFragment gap[] = { find (NESTED, "Vladimir", 0), find (NESTED, "Sochi", 0) };
  g_autofree char *out = NULL;
  g_autofree char *losses = NULL;

  add_span (d, "GPE", "US", 0);
  add_span (d, "PERSON", "Mike Pompeo", 0);
  add_span (d, "PERSON", "US Secretary of State Mike Pompeo", 0);
  add_span (d, "MISC", "Pompeo met", 0);
  add_span (d, "PERSON", "Vladimir Putin", 0);
  add_span (d, "ORG", "Vladimir Putin", 0);
  add_fragments (d, "EVENT", gap, G_N_ELEMENTS (gap));
  out = export_documents (f, report, &d, 1, NULL);

  g_assert_cmpstr (out, ==,
                   "-DOCSTART- O\n\n"
                   "US B-PERSON\nSecretary I-PERSON\nof I-PERSON\nState I-PERSON\n"
                   "Mike I-PERSON\nPompeo I-PERSON\nmet O\nVladimir B-PERSON\nPutin I-PERSON\n"
                   "in O\nSochi O\n. O\n\n");
  losses = gls_loss_report_to_text (report);
  g_assert_cmpstr (losses, ==,
                   "7\ttest\t38-61\tEVENT: discontinuous span not representable in CoNLL, "
                   "dropped\n"
                   "7\ttest\t0-2\tGPE: nested inside PERSON 0–33, dropped\n"
                   "7\ttest\t22-33\tPERSON: nested inside PERSON 0–33, dropped\n"
                   "7\ttest\t27-37\tMISC: overlaps PERSON 0–33, dropped\n"
                   "7\ttest\t38-52\tORG: same extent as PERSON 38–52, dropped\n");
}

static void
test_write_extras_lost (Fixture       *f,
                        gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(TestDocument) d = test_document_new (3, "Lavrov  met Pompeo in Sochi.");
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  GlsExportRelation relation = { 1, "met-with", 0, 0, "anna" };
  GlsFragment spaces = { 6, 8 };
  g_autofree char *out = NULL;
  g_autofree char *losses = NULL;
  guint lavrov = add_span (d, "PERSON", "Lavrov", 0);
  guint pompeo = add_span (d, "PERSON", "Pompeo", 0);

  get_span (d, lavrov)->note = "Foreign\tminister";
  get_span (d, lavrov)->kb_id = "Q150892";
  get_span (d, pompeo)->attributes = g_hash_table_new (g_str_hash, g_str_equal);
  g_hash_table_insert (get_span (d, pompeo)->attributes, (gpointer)"role",
                       (gpointer)"secretary");
  g_hash_table_insert (get_span (d, pompeo)->attributes, (gpointer)"confidence",
                       (gpointer)"high");
  add_fragments (d, "MISC", &spaces, 1);
  relation.source = get_span (d, lavrov)->id;
  relation.target = get_span (d, pompeo)->id;
  g_array_append_val (d->relations, relation);
  out = export_documents (f, report, &d, 1, NULL);

  g_assert_cmpstr (out, ==, "-DOCSTART- O\n\nLavrov B-PERSON\nmet O\nPompeo B-PERSON\nin O\n"
                            "Sochi O\n. O\n\n");
  losses = gls_loss_report_to_text (report);
  g_assert_cmpstr (losses, ==,
                   "3\ttest\t0-6\tPERSON: note “Foreign minister” not written (CoNLL has no "
                   "notes)\n"
                   "3\ttest\t0-6\tPERSON: knowledge-base id “Q150892” not written (CoNLL has no "
                   "links)\n"
                   "3\ttest\t6-8\tMISC: covers no token (only white space), dropped\n"
                   "3\ttest\t12-18\tPERSON: attribute confidence=“high” not written (CoNLL has "
                   "no attributes)\n"
                   "3\ttest\t12-18\tPERSON: attribute role=“secretary” not written (CoNLL has "
                   "no attributes)\n"
                   "3\ttest\t-\trelation met-with from PERSON 0–6 to PERSON 12–18 not written "
                   "(CoNLL has no relations)\n");
}

static void
test_write_whitespace_edges (Fixture       *f,
                             gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(TestDocument) d = test_document_new (4, "met  Putin  today");
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  GlsFragment padded = { 4, 11 };
  g_autofree char *out = NULL;
  g_autofree char *losses = NULL;

  add_fragments (d, "PERSON", &padded, 1);
  out = export_documents (f, report, &d, 1, NULL);
  g_assert_cmpstr (out, ==, "-DOCSTART- O\n\nmet O\nPutin B-PERSON\ntoday O\n\n");
  losses = gls_loss_report_to_text (report);
  g_assert_cmpstr (losses, ==, "4\ttest\t4-11\tPERSON: written as 5–10, the tokens it covers "
                               "(its edges are white space)\n");
}

static void
test_write_options_and_failure (Fixture       *f,
                                gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *path = g_build_filename (f->dir, "kept.conll", NULL);
  g_autofree char *fresh = g_build_filename (f->dir, "fresh.conll", NULL);
  g_autoptr(TestDocument) d = summit_document ();
  g_autoptr(GError) error = NULL;
  g_autofree char *after = NULL;
  gpointer writer;

  g_hash_table_insert (options, (gpointer)"columns", (gpointer)"3");
  g_assert_null (conll ()->begin (path, f->project, options, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_clear_error (&error);
  g_hash_table_insert (options, (gpointer)"columns", (gpointer)"4");
  g_hash_table_insert (options, (gpointer)"scheme", (gpointer)"iob3");
  g_assert_null (conll ()->begin (path, f->project, options, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_clear_error (&error);

  /* A failed export leaves the old file as it was, and no new file. */
  g_free (write_file (f, "kept.conll", "old\n", -1));
  writer = conll ()->begin (path, f->project, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (conll ()->write (writer, test_document_done (d), &error));
  g_assert_false (conll ()->end (writer, FALSE, NULL));
  after = gls_test_read_file (path);
  g_assert_cmpstr (after, ==, "old\n");

  writer = conll ()->begin (fresh, f->project, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (conll ()->write (writer, test_document_done (d), &error));
  g_assert_false (conll ()->end (writer, FALSE, NULL));
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
}

/* ------------------------------------------------------------------------------------------ */
/* Round trip                                                                                   */

static gint64
add_project_span (GlsProject *project,
                  gint64      document,
                  const char *text,
                  const char *label,
                  const char *needle,
                  guint       nth)
{
  g_autoptr(GError) error = NULL;
  GlsFragment fragment = find (text, needle, nth);
  gint64 id = gls_project_add_span (project, document, &fragment, 1,
                                    gls_label_get_id (gls_project_find_label (project, label)),
                                    &error);

  g_assert_no_error (error);
  return id;
}

#define ARTICLE_1 \
  "Pompeo's Talks With Lavrov Open Door for Dialogue\n\n" \
  "MOSCOW (Sputnik - 20th May, 2019) Last week's talks of US Secretary of State Mike Pompeo " \
  "with Russian President Vladimir Putin opened a possibility for dialogue, Andrey Krutskikh " \
  "said Monday.\n\n" \
  "Moscow denies GRU-backed cyberattacks on the U.S. elections. Russia's interference was " \
  "not proven, Сергей Лавров сказал 🚀."
#define ARTICLE_2 "Pompeo met with Putin and Lavrov in Sochi on May 14."

static void
test_round_trip (Fixture       *f,
                 gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(GlsProject) second = new_project (f, "second.glossator");
  g_autoptr(GlsProject) third = new_project (f, "third.glossator");
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *first_path = g_build_filename (f->dir, "first.conll", NULL);
  g_autofree char *second_path = g_build_filename (f->dir, "second.conll", NULL);
  g_autoptr(GHashTable) options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *first_file = NULL;
  g_autofree char *second_file = NULL;
  g_autofree char *reread = NULL;
  g_autofree char *reread_iob1 = NULL;
  gint64 doc1, doc2;

  doc1 = gls_project_add_document (f->project, "Pompeo", ARTICLE_1, NULL, &error);
  g_assert_no_error (error);
  doc2 = gls_project_add_document (f->project, "Sochi", ARTICLE_2, NULL, &error);
  g_assert_no_error (error);
  add_project_span (f->project, doc1, ARTICLE_1, "PERSON", "Pompeo", 0);
  add_project_span (f->project, doc1, ARTICLE_1, "PERSON", "Lavrov", 0);
  add_project_span (f->project, doc1, ARTICLE_1, "GPE", "MOSCOW", 0);
  add_project_span (f->project, doc1, ARTICLE_1, "ORG", "Sputnik", 0);
  add_project_span (f->project, doc1, ARTICLE_1, "DATE", "20th May, 2019", 0);
  add_project_span (f->project, doc1, ARTICLE_1, "PERSON", "US Secretary of State Mike Pompeo", 0);
  add_project_span (f->project, doc1, ARTICLE_1, "GPE", "US", 0);           /* nested: lost */
  add_project_span (f->project, doc1, ARTICLE_1, "NORP", "Russian", 0);
  add_project_span (f->project, doc1, ARTICLE_1, "PERSON", "Vladimir Putin", 0);
  add_project_span (f->project, doc1, ARTICLE_1, "PERSON", "Andrey Krutskikh", 0);
  add_project_span (f->project, doc1, ARTICLE_1, "DATE", "Monday", 0);
  add_project_span (f->project, doc1, ARTICLE_1, "ORG", "GRU", 0);
  add_project_span (f->project, doc1, ARTICLE_1, "GPE", "U.S.", 0);
  add_project_span (f->project, doc1, ARTICLE_1, "GPE", "Russia", 1);
  add_project_span (f->project, doc1, ARTICLE_1, "PERSON", "Сергей Лавров", 0);
  add_project_span (f->project, doc2, ARTICLE_2, "PERSON", "Pompeo", 0);
  add_project_span (f->project, doc2, ARTICLE_2, "PERSON", "Putin", 0);
  add_project_span (f->project, doc2, ARTICLE_2, "PERSON", "Lavrov", 0);
  add_project_span (f->project, doc2, ARTICLE_2, "GPE", "Sochi", 0);
  add_project_span (f->project, doc2, ARTICLE_2, "DATE", "May 14", 0);

  g_assert_true (gls_export_run (f->project, conll (), first_path, NULL, NULL, report, NULL, NULL,
                                 NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 1);

  g_assert_true (gls_import_run (second, conll (), first_path, "anna", NULL, &error));
  g_assert_no_error (error);
  reread = describe_project (second, FALSE);
  g_assert_cmpstr (reread, ==,
                   "Pompeo 's Talks With Lavrov Open Door for Dialogue\n"
                   "MOSCOW ( Sputnik - 20th May , 2019 ) Last week 's talks of US Secretary of "
                   "State Mike Pompeo with Russian President Vladimir Putin opened a possibility "
                   "for dialogue , Andrey Krutskikh said Monday .\n"
                   "Moscow denies GRU - backed cyberattacks on the U.S. elections .\n"
                   "Russia 's interference was not proven , Сергей Лавров сказал 🚀 .\n"
                   "PERSON “Pompeo” (anna)\n"
                   "PERSON “Lavrov” (anna)\n"
                   "GPE “MOSCOW” (anna)\n"
                   "ORG “Sputnik” (anna)\n"
                   "DATE “20th May , 2019” (anna)\n"
                   "PERSON “US Secretary of State Mike Pompeo” (anna)\n"
                   "NORP “Russian” (anna)\n"
                   "PERSON “Vladimir Putin” (anna)\n"
                   "PERSON “Andrey Krutskikh” (anna)\n"
                   "DATE “Monday” (anna)\n"
                   "ORG “GRU” (anna)\n"
                   "GPE “U.S.” (anna)\n"
                   "GPE “Russia” (anna)\n"
                   "PERSON “Сергей Лавров” (anna)\n"
                   "Pompeo met with Putin and Lavrov in Sochi on May 14 .\n"
                   "PERSON “Pompeo” (anna)\n"
                   "PERSON “Putin” (anna)\n"
                   "PERSON “Lavrov” (anna)\n"
                   "GPE “Sochi” (anna)\n"
                   "DATE “May 14” (anna)\n");

  /* Exporting what was read gives the same file again, in every scheme. */
  g_assert_true (gls_export_run (second, conll (), second_path, NULL, NULL, NULL, NULL, NULL,
                                 NULL, &error));
  g_assert_no_error (error);
  first_file = gls_test_read_file (first_path);
  second_file = gls_test_read_file (second_path);
  g_assert_cmpstr (first_file, ==, second_file);

  g_hash_table_insert (options, (gpointer)"scheme", (gpointer)"iob1");
  g_hash_table_insert (options, (gpointer)"columns", (gpointer)"4");
  g_assert_true (gls_export_run (f->project, conll (), first_path, NULL, options, NULL, NULL,
                                 NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gls_import_run (third, conll (), first_path, "anna", NULL, &error));
  g_assert_no_error (error);
  reread_iob1 = describe_project (third, FALSE);
  g_assert_cmpstr (reread_iob1, ==, reread);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/conll/read/iob1-four-columns", test_read_iob1);
  ADD ("/conll/read/iob2-same-spans", test_read_iob2);
  ADD ("/conll/read/two-columns", test_read_two_columns);
  ADD ("/conll/read/bioes-and-ill-formed", test_read_bioes_and_ill_formed);
  ADD ("/conll/read/errors", test_read_errors);
  ADD ("/conll/detect", test_detect);
  ADD ("/conll/write/schemes", test_write_schemes);
  ADD ("/conll/write/sentences-and-documents", test_write_sentences_and_documents);
  ADD ("/conll/write/boundaries-in-words", test_write_boundaries_in_words);
  ADD ("/conll/write/nested-and-discontinuous", test_write_nested_and_discontinuous);
  ADD ("/conll/write/extras-lost", test_write_extras_lost);
  ADD ("/conll/write/whitespace-edges", test_write_whitespace_edges);
  ADD ("/conll/write/options-and-failure", test_write_options_and_failure);
  ADD ("/conll/round-trip", test_round_trip);

  return g_test_run ();
}
