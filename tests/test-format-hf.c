/* test-format-hf.c — Hugging Face token classification: sentences, IOB2 tags, label file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gls-error.h"
#include "gls-format.h"
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
  f->dir = gls_test_make_tmp_dir ("gls-hf-XXXXXX");
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
hf (void)
{
  const GlsFormat *format = gls_format_lookup ("hf");

  g_assert_nonnull (format);
  return format;
}

/* ------------------------------------------------------------------------------------------ */

typedef struct
{
  GlsExportDocument doc;
  GArray *spans;            /* of GlsExportSpan */
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
  d->next_id = id * 100 + 1;
  return d;
}

static void
test_document_free (TestDocument *d)
{
  for (guint i = 0; i < d->spans->len; i++)
    g_free (g_array_index (d->spans, GlsExportSpan, i).fragments);
  g_array_unref (d->spans);
  g_free (d);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestDocument, test_document_free)

static GlsFragment
find (const char *text,
      const char *needle)
{
  const char *at = strstr (text, needle);
  GlsFragment fragment;

  g_assert_nonnull (at);
  fragment.start = g_utf8_pointer_to_offset (text, at);
  fragment.end = fragment.start + g_utf8_strlen (needle, -1);
  return fragment;
}

static void
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
}

static void
add_span (TestDocument *d,
          const char   *label,
          const char   *needle)
{
  GlsFragment fragment = find (d->doc.text, needle);

  add_fragments (d, label, &fragment, 1);
}

static const GlsExportDocument *
test_document_done (TestDocument *d)
{
  d->doc.spans = (GlsExportSpan *)(gpointer)d->spans->data;
  d->doc.n_spans = d->spans->len;
  return &d->doc;
}

static void
export_documents (Fixture        *f,
                  const char     *path,
                  GlsLossReport  *report,
                  TestDocument  **documents,
                  guint           n_documents)
{
  g_autoptr(GError) error = NULL;
  gpointer writer = hf ()->begin (path, f->project, NULL, report, &error);

  g_assert_no_error (error);
  g_assert_nonnull (writer);
  for (guint i = 0; i < n_documents; i++)
    {
      g_assert_true (hf ()->write (writer, test_document_done (documents[i]), &error));
      g_assert_no_error (error);
    }
  g_assert_true (hf ()->end (writer, TRUE, &error));
  g_assert_no_error (error);
}

/* Each line as the `datasets` library would see it: "ID: token/TAG token/TAG …". */
static char *
describe_jsonl (const char *path)
{
  g_autofree char *contents = gls_test_read_file (path);
  g_auto(GStrv) lines = g_strsplit (contents, "\n", -1);
  GString *out = g_string_new (NULL);

  g_assert_true (g_str_has_suffix (contents, "\n"));
  for (guint i = 0; lines[i] != NULL && *lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *object;
      JsonArray *tokens, *tags;

      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      object = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpuint (json_object_get_size (object), ==, 3);
      tokens = json_object_get_array_member (object, "tokens");
      tags = json_object_get_array_member (object, "ner_tags");
      g_assert_cmpuint (json_array_get_length (tokens), ==, json_array_get_length (tags));
      g_assert_cmpuint (json_array_get_length (tokens), >, 0);
      g_string_append_printf (out, "%s:", json_object_get_string_member (object, "id"));
      for (guint k = 0; k < json_array_get_length (tokens); k++)
        g_string_append_printf (out, " %s/%s", json_array_get_string_element (tokens, k),
                                json_array_get_string_element (tags, k));
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

/* ------------------------------------------------------------------------------------------ */

static void
test_sentences_and_tags (Fixture       *f,
                         gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(TestDocument) a = test_document_new (12, "Mike Pompeo Sergey Lavrov met in Sochi. "
                                                     "Russia's \"interference\" 🚀 was discussed.");
  g_autoptr(TestDocument) empty = test_document_new (13, "");
  g_autoptr(TestDocument) b = test_document_new (14, "Headline\n\nBody.");
  TestDocument *documents[] = { a, empty, b };
  g_autofree char *path = g_build_filename (f->dir, "train.jsonl", NULL);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *described = NULL;
  g_autofree char *raw = NULL;

  add_span (a, "PERSON", "Mike Pompeo");
  add_span (a, "PERSON", "Sergey Lavrov");
  add_span (a, "GPE", "Sochi");
  add_span (a, "GPE", "Russia");
  add_span (b, "EVENT", "Headline");
  export_documents (f, path, report, documents, G_N_ELEMENTS (documents));

  described = describe_jsonl (path);
  g_assert_cmpstr (described, ==,
                   "12-0: Mike/B-PERSON Pompeo/I-PERSON Sergey/B-PERSON Lavrov/I-PERSON met/O "
                   "in/O Sochi/B-GPE ./O\n"
                   "12-1: Russia/B-GPE 's/O \"/O interference/O \"/O 🚀/O was/O discussed/O ./O\n"
                   "14-0: Headline/B-EVENT\n"
                   "14-1: Body/O ./O\n");
  raw = gls_test_read_file (path);
  g_assert_true (g_str_has_prefix (raw, "{\"id\":\"12-0\",\"tokens\":[\"Mike\",\"Pompeo\","));
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);
}

static void
test_label_file (Fixture       *f,
                 gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(TestDocument) d = test_document_new (1, "Glossator annotates Pompeo.");
  g_autofree char *path = g_build_filename (f->dir, "dev.jsonl", NULL);
  g_autofree char *labels_path = g_build_filename (f->dir, "dev.labels.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) names = g_string_new (NULL);
  JsonArray *labels;

  /* A label the schema lacks (a label map renamed one) comes after the schema's. */
  add_span (d, "SOFTWARE", "Glossator");
  add_span (d, "PERSON", "Pompeo");
  export_documents (f, path, NULL, &d, 1);

  json_parser_load_from_file (parser, labels_path, &error);
  g_assert_no_error (error);
  labels = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (labels); i++)
    g_string_append_printf (names, "%s ", json_array_get_string_element (labels, i));
  g_assert_cmpstr (names->str, ==,
                   "O B-PERSON I-PERSON B-ORG I-ORG B-GPE I-GPE B-LOC I-LOC B-DATE I-DATE "
                   "B-NORP I-NORP B-EVENT I-EVENT B-LAW I-LAW B-MISC I-MISC "
                   "B-SOFTWARE I-SOFTWARE ");
}

static void
test_losses (Fixture       *f,
             gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(TestDocument) d = test_document_new (5, "US Secretary of State Mike Pompeo met "
                                                    "Vladimir Putin in Sochi.");
  g_autofree char *path = g_build_filename (f->dir, "test.jsonl", NULL);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  GlsFragment gap[] = { find (d->doc.text, "Vladimir"), find (d->doc.text, "Sochi") };
  g_autofree char *described = NULL;
  g_autofree char *losses = NULL;

  add_span (d, "PERSON", "US Secretary of State Mike Pompeo");
  add_span (d, "GPE", "US");
  add_fragments (d, "EVENT", gap, G_N_ELEMENTS (gap));
  export_documents (f, path, report, &d, 1);

  described = describe_jsonl (path);
  g_assert_cmpstr (described, ==,
                   "5-0: US/B-PERSON Secretary/I-PERSON of/I-PERSON State/I-PERSON "
                   "Mike/I-PERSON Pompeo/I-PERSON met/O Vladimir/O Putin/O in/O Sochi/O ./O\n");
  losses = gls_loss_report_to_text (report);
  g_assert_cmpstr (losses, ==,
                   "5\ttest\t38-61\tEVENT: discontinuous span not representable in Hugging Face "
                   "token classification, dropped\n"
                   "5\ttest\t0-2\tGPE: nested inside PERSON 0–33, dropped\n");
}

static void
test_failed_export (Fixture       *f,
                    gconstpointer  data G_GNUC_UNUSED)
{
  g_autoptr(TestDocument) d = test_document_new (1, "Pompeo met Putin.");
  g_autofree char *path = g_build_filename (f->dir, "test.jsonl", NULL);
  g_autofree char *labels_path = g_build_filename (f->dir, "test.labels.json", NULL);
  g_autoptr(GError) error = NULL;
  gpointer writer;

  writer = hf ()->begin (path, f->project, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (hf ()->write (writer, test_document_done (d), &error));
  g_assert_false (hf ()->end (writer, FALSE, NULL));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (labels_path, G_FILE_TEST_EXISTS));
}

static void
test_export_only (void)
{
  g_assert_null (hf ()->read);
  g_assert_cmpint (hf ()->probe ("x.jsonl", "{\"id\": \"1-0\", \"tokens\": []}\n", 29), ==, 0);
  g_assert_cmpint (hf ()->unit, ==, GLS_OFFSET_TOKENS);
  g_assert_cmpstr (hf ()->extension, ==, ".jsonl");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("/hf/sentences-and-tags", test_sentences_and_tags);
  ADD ("/hf/label-file", test_label_file);
  ADD ("/hf/losses", test_losses);
  ADD ("/hf/failed-export", test_failed_export);
  g_test_add_func ("/hf/export-only", test_export_only);

  return g_test_run ();
}
