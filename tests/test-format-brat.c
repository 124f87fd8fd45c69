/* test-format-brat.c — brat standoff: reading hand-written files, round trips, losses, errors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#include "gls-error.h"
#include "gls-format.h"
#include "gls-import.h"
#include "gls-jsonl.h"
#include "gls-project.h"
#include "gls-test-core.h"

/* ------------------------------------------------------------------------------------------ */
/* Helpers                                                                                      */

typedef struct
{
  char *dir;
  guint n_projects;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  f->dir = gls_test_make_tmp_dir ("gls-brat-XXXXXX");
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gls_test_remove_path (f->dir);
  g_free (f->dir);
}

static char *
tmp_path (Fixture    *f,
          const char *name)
{
  return g_build_filename (f->dir, name, NULL);
}

static GlsProject *
new_project (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("project-%u.glossator", ++f->n_projects);
  g_autofree char *path = tmp_path (f, name);
  GlsProject *project = gls_project_create (path, GLS_PROJECT_CREATE_DEFAULT, &error);

  g_assert_no_error (error);
  gls_project_set_annotator (project, "anna");
  return project;
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "formats", "brat", name, NULL);
}

static char *
sample_path (void)
{
  const char *root = g_getenv ("GLS_SOURCE_ROOT");

  if (root != NULL)
    return g_build_filename (root, "resources", "sample", "annotations.jsonl", NULL);
  return g_test_build_filename (G_TEST_DIST, "..", "resources", "sample", "annotations.jsonl",
                                NULL);
}

static void
write_file (const char *path,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static GlsProjectStats
stats (GlsProject *project)
{
  g_autoptr(GError) error = NULL;
  GlsProjectStats s;

  gls_project_get_stats (project, &s, &error);
  g_assert_no_error (error);
  return s;
}

static void
import_sample (GlsProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sample_path ();
  g_autoptr(GlsImport) import = gls_import_begin (project, "import", &error);

  g_assert_no_error (error);
  g_assert_true (gls_jsonl_import_file (import, path, NULL, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (gls_import_commit (import, &error));
  g_assert_no_error (error);
}

static void
export_brat (GlsProject    *project,
             const char    *path,
             const char    *annotator,
             GlsLossReport *report)
{
  g_autoptr(GError) error = NULL;
  GlsExportOptions options;

  gls_export_options_init (&options);
  options.annotator = annotator;
  g_assert_true (gls_export_run (project, &gls_format_brat, path, &options, NULL, report, NULL,
                                 NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
import_brat (GlsProject *project,
             const char *path,
             const char *annotator)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gls_import_run (project, &gls_format_brat, path, annotator, NULL, &error));
  g_assert_no_error (error);
}

/* The characters (code points) where @needle starts and ends in @text. */
static GlsFragment
find (const char *text,
      const char *needle)
{
  const char *p = strstr (text, needle);
  GlsFragment f;

  g_assert_nonnull (p);
  f.start = g_utf8_pointer_to_offset (text, p);
  f.end = f.start + g_utf8_strlen (needle, -1);
  return f;
}

static char *
fragments_key (JsonObject *span)
{
  GString *out = g_string_new (NULL);

  if (json_object_has_member (span, "fragments"))
    {
      JsonArray *fragments = json_object_get_array_member (span, "fragments");

      for (guint i = 0; i < json_array_get_length (fragments); i++)
        {
          JsonArray *pair = json_array_get_array_element (fragments, i);
          g_string_append_printf (out, "%s%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, i ? ";" : "",
                                  json_array_get_int_element (pair, 0),
                                  json_array_get_int_element (pair, 1));
        }
    }
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT,
                            json_object_get_int_member (span, "start"),
                            json_object_get_int_member (span, "end"));
  g_string_append_printf (out, " %s", json_object_get_string_member (span, "label"));
  return g_string_free (out, FALSE);
}

/* Everything brat should carry, per document text, in a form that ignores ids and order:
 * spans (fragments, label, note, knowledge-base id, attributes) and relations (type and the
 * spans they join). Taken from a JSONL export of @annotator's spans. */
static GHashTable *
dump (Fixture    *f,
      GlsProject *project,
      const char *annotator)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("dump-%u.jsonl", ++f->n_projects);
  g_autofree char *path = tmp_path (f, name);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GHashTable *docs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GlsExportOptions options;

  gls_export_options_init (&options);
  options.annotator = annotator;
  g_assert_true (gls_export_run (project, &gls_format_jsonl, path, &options, NULL, NULL, NULL,
                                 NULL, NULL, &error));
  g_assert_no_error (error);
  contents = gls_test_read_file (path);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GHashTable) keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                                          g_free);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
      JsonObject *doc;
      JsonArray *spans, *relations;

      if (*lines[i] == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      doc = json_node_get_object (json_parser_get_root (parser));
      spans = json_object_get_array_member (doc, "spans");
      for (guint j = 0; j < json_array_get_length (spans); j++)
        {
          JsonObject *span = json_array_get_object_element (spans, j);
          char *key = fragments_key (span);
          GString *item = g_string_new (key);
          gint64 id = json_object_get_int_member (span, "id");

          g_hash_table_insert (keys, g_memdup2 (&id, sizeof id), key);
          if (json_object_has_member (span, "note"))
            g_string_append_printf (item, " note=%s", json_object_get_string_member (span, "note"));
          if (json_object_has_member (span, "kb_id"))
            g_string_append_printf (item, " kb=%s", json_object_get_string_member (span, "kb_id"));
          if (json_object_has_member (span, "attributes"))
            {
              JsonObject *attributes = json_object_get_object_member (span, "attributes");
              g_autoptr(GList) names = g_list_sort (json_object_get_members (attributes),
                                                    (GCompareFunc)g_strcmp0);

              for (const GList *l = names; l; l = l->next)
                g_string_append_printf (item, " %s=%s", (const char *)l->data,
                                        json_object_get_string_member (attributes, l->data));
            }
          g_ptr_array_add (items, g_string_free (item, FALSE));
        }
      relations = json_object_get_array_member (doc, "relations");
      for (guint j = 0; j < json_array_get_length (relations); j++)
        {
          JsonObject *relation = json_array_get_object_element (relations, j);
          gint64 from = json_object_get_int_member (relation, "from");
          gint64 to = json_object_get_int_member (relation, "to");
          const char *from_key = g_hash_table_lookup (keys, &from);
          const char *to_key = g_hash_table_lookup (keys, &to);

          g_assert_nonnull (from_key);
          g_assert_nonnull (to_key);
          g_ptr_array_add (items, g_strdup_printf ("relation %s: %s -> %s",
                                                   json_object_get_string_member (relation, "type"),
                                                   from_key, to_key));
        }
      g_ptr_array_sort (items, gls_test_compare_strings);
      g_ptr_array_add (items, NULL);
      g_hash_table_insert (docs, g_strdup (json_object_get_string_member (doc, "text")),
                           g_strjoinv ("\n", (char **)items->pdata));
    }
  return docs;
}

static void
assert_same_annotations (GHashTable *expected,
                         GHashTable *actual)
{
  GHashTableIter iter;
  gpointer text, items;

  g_assert_cmpuint (g_hash_table_size (actual), ==, g_hash_table_size (expected));
  g_hash_table_iter_init (&iter, expected);
  while (g_hash_table_iter_next (&iter, &text, &items))
    {
      const char *other = g_hash_table_lookup (actual, text);

      g_assert_nonnull (other);
      g_assert_cmpstr (other, ==, items);
    }
}

static gint64
add_span (GlsImport         *import,
          gint64             document,
          const GlsFragment *fragments,
          guint              n_fragments,
          const char        *label,
          const char        *annotator,
          const char        *note,
          const char        *kb_id,
          GHashTable        *attributes)
{
  g_autoptr(GError) error = NULL;
  gint64 id = gls_import_add_span (import, document, fragments, n_fragments, label, annotator,
                                   note, kb_id, attributes, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static void
add_relation (GlsImport  *import,
              const char *type,
              gint64      source,
              gint64      target,
              const char *annotator)
{
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (gls_import_add_relation (import, type, source, target, annotator, &error), >, 0);
  g_assert_no_error (error);
}

static GHashTable *
attributes (const char *key,
            ...)
{
  GHashTable *table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  va_list args;

  va_start (args, key);
  for (const char *k = key; k != NULL; k = va_arg (args, const char *))
    g_hash_table_insert (table, g_strdup (k), g_strdup (va_arg (args, const char *)));
  va_end (args);
  return table;
}

static GlsDocument *
find_document (GlsProject *project,
               const char *source)
{
  GListModel *documents = gls_project_get_documents (project);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, i);
      if (g_strcmp0 (gls_document_get_source (doc), source) == 0)
        return doc;
    }
  return NULL;
}

/* The spans of a document as "START-END[;…] LABEL", in store order. */
static char *
describe_spans (GlsProject  *project,
                GlsDocument *document)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) spans = gls_project_list_spans (project, gls_document_get_id (document),
                                                        &error);
  GString *out = g_string_new (NULL);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);
      const GlsFragment *fragments = gls_span_get_fragments (span);
      GlsLabel *label = gls_project_lookup_label (project, gls_span_get_label_id (span));

      for (guint j = 0; j < gls_span_get_n_fragments (span); j++)
        g_string_append_printf (out, "%s%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT, j ? ";" : "",
                                fragments[j].start, fragments[j].end);
      g_string_append_printf (out, " %s\n", gls_label_get_name (label));
    }
  return g_string_free (out, FALSE);
}

static GlsSpan *
find_span (GlsProject  *project,
           GlsDocument *document,
           gint64       start,
           gint64       end)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) spans = gls_project_list_spans (project, gls_document_get_id (document),
                                                        &error);

  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (spans); i++)
    {
      g_autoptr(GlsSpan) span = g_list_model_get_item (spans, i);
      if (gls_span_get_start (span) == start && gls_span_get_end (span) == end)
        return g_steal_pointer (&span);
    }
  return NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading brat's own files                                                                     */

static void
test_read_fixture (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GlsProject) project = new_project (f);
  g_autofree char *folder = data_path ("news");
  g_autofree char *spans = NULL;
  g_autoptr(GlsSpan) putin = NULL;
  g_autoptr(GlsSpan) europe = NULL;
  g_autoptr(GlsSpan) sochi = NULL;
  g_autoptr(GlsSpan) may = NULL;
  g_autoptr(GlsSpan) russian = NULL;
  g_autoptr(GlsSpan) varna = NULL;
  g_autoptr(GlsSpan) zoe = NULL;
  g_auto(GStrv) annotators = NULL;
  GlsDocument *news, *varna_doc;
  GlsProjectStats before, after;

  import_brat (project, folder, NULL);

  before = stats (project);
  g_assert_cmpuint (before.n_documents, ==, 2);
  g_assert_cmpuint (before.n_spans, ==, 21);
  g_assert_cmpuint (before.n_relations, ==, 3);
  annotators = gls_project_list_annotators (project);
  g_assert_true (g_strv_contains ((const char * const *)annotators, "brat"));

  news = find_document (project, "0001-lavrov-pompeo-sochi.txt");
  g_assert_nonnull (news);
  g_assert_cmpstr (gls_document_get_title (news), ==, "Lavrov and Pompeo meet in Sochi");
  spans = describe_spans (project, news);
  g_assert_cmpstr (spans, ==,
                   "0-6 PERSON\n"
                   "11-17 PERSON\n"
                   "26-31 GPE\n"
                   "33-35 GPE\n"
                   "55-66 PERSON\n"
                   "71-78 NORP\n"
                   "89-103 PERSON\n"
                   "125-138 PERSON\n"
                   "142-147 GPE\n"
                   "151-157 DATE\n"
                   "163-171;188-193 ORG\n"
                   "180-193 ORG\n");

  putin = find_span (project, news, 89, 103);
  g_assert_cmpstr (gls_span_get_kb_id (putin), ==, "Q7747");
  g_assert_cmpstr (gls_span_get_annotator (putin), ==, "brat");
  sochi = find_span (project, news, 142, 147);
  g_assert_cmpstr (gls_span_get_kb_id (sochi), ==, "GeoNames:491422");
  europe = find_span (project, news, 163, 193);
  g_assert_cmpuint (gls_span_get_n_fragments (europe), ==, 2);
  g_assert_cmpstr (gls_span_get_note (europe), ==, "Discontinuous: \"European ... Union\"");
  may = find_span (project, news, 151, 157);
  g_assert_cmpstr (g_hash_table_lookup (gls_span_get_attributes (may), "Confidence"), ==, "high");
  russian = find_span (project, news, 71, 78);
  g_assert_cmpstr (g_hash_table_lookup (gls_span_get_attributes (russian), "Uncertain"), ==,
                   "true");

  /* Cyrillic and emoji: offsets count code points. */
  varna_doc = find_document (project, "0002-varna-lusiada-crew.txt");
  g_assert_nonnull (varna_doc);
  g_assert_cmpstr (gls_document_get_title (varna_doc), ==, "Варна welcomes the Lusíada-1 crew 🚀");
  varna = find_span (project, varna_doc, 76, 81);
  g_assert_nonnull (varna);
  g_assert_cmpstr (gls_span_get_note (varna), ==, "Cyrillic spelling given in the source.");
  zoe = find_span (project, varna_doc, 105, 108);
  g_assert_nonnull (zoe);

  /* The same folder again, and its files one by one: nothing changes. */
  import_brat (project, folder, NULL);
  {
    g_autofree char *ann = data_path ("news/0001-lavrov-pompeo-sochi.ann");
    g_autofree char *txt = data_path ("news/0002-varna-lusiada-crew.txt");

    import_brat (project, ann, NULL);
    import_brat (project, txt, NULL);
  }
  after = stats (project);
  g_assert_cmpuint (after.n_documents, ==, before.n_documents);
  g_assert_cmpuint (after.n_spans, ==, before.n_spans);
  g_assert_cmpuint (after.n_relations, ==, before.n_relations);
}

static void
test_read_variants (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GlsProject) project = new_project (f);
  g_autofree char *txt = tmp_path (f, "crlf.txt");
  g_autofree char *ann = tmp_path (f, "crlf.ann");
  g_autoptr(GlsSpan) span = NULL;
  g_autoptr(GlsSpan) split = NULL;
  GlsDocument *doc;

  /* CRLF line ends, a BOM, references before their T line, an old M line, the brat form of a
   * label, a span brat split at a line break, and a text field followed by more. */
  write_file (txt, "Mike Pompeo\nmet Putin.\n", -1);
  write_file (ann,
              "\xEF\xBB\xBF" "A1\tRole T1 envoy\r\n"
              "M2\tNegated T1\r\n"
              "\r\n"
              "T1\tPERSON 0 11\tMike Pompeo\r\n"
              "T2\tPERSON 16 21\tPutin  \r\n"
              "T3\tEVENT 0 11;12 21\tMike Pompeo met Putin\r\n"
              "R1\tmet-with Arg1:T1 Arg2:T2\r\n"
              "N1\tReference T2 wikidata:Q7747\tVladimir Putin", -1);
  import_brat (project, ann, "carol");

  doc = find_document (project, "crlf.txt");
  g_assert_nonnull (doc);
  span = find_span (project, doc, 0, 11);
  g_assert_nonnull (span);
  g_assert_cmpstr (gls_span_get_annotator (span), ==, "carol");
  g_assert_cmpstr (g_hash_table_lookup (gls_span_get_attributes (span), "Role"), ==, "envoy");
  g_assert_cmpstr (g_hash_table_lookup (gls_span_get_attributes (span), "Negated"), ==, "true");
  /* Fragments apart only by a line break are one span again. */
  split = find_span (project, doc, 0, 21);
  g_assert_nonnull (split);
  g_assert_cmpuint (gls_span_get_n_fragments (split), ==, 1);
  g_assert_cmpuint (stats (project).n_relations, ==, 1);
}

/* ------------------------------------------------------------------------------------------ */
/* Round trips                                                                                  */

static void
test_round_trip_sample (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GlsProject) project = new_project (f);
  g_autoptr(GlsProject) copy = new_project (f);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *folder = tmp_path (f, "sample-anna");
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GHashTable) actual = NULL;
  g_autofree char *losses = NULL;
  g_auto(GStrv) lines = NULL;

  import_sample (project);
  export_brat (project, folder, "anna", report);
  import_brat (copy, folder, "anna");

  expected = dump (f, project, "anna");
  actual = dump (f, copy, "anna");
  assert_same_annotations (expected, actual);

  /* One annotator: only the document statuses are lost. */
  losses = gls_loss_report_to_text (report);
  lines = g_strsplit (losses, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 5);
  for (guint i = 0; i < 4; i++)
    g_assert_true (g_str_has_suffix (lines[i], "not kept: brat has no document status"));
}

static void
test_round_trip_merged (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GlsProject) project = new_project (f);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *folder = tmp_path (f, "sample-all");
  g_autofree char *losses = NULL;
  g_auto(GStrv) lines = NULL;
  guint n_merged = 0;

  import_sample (project);
  export_brat (project, folder, NULL, report);

  /* Two documents have spans of both annotators: one line each. */
  losses = gls_loss_report_to_text (report);
  lines = g_strsplit (losses, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (strstr (lines[i], "spans of 2 annotators (anna, ben) merged; brat has no annotator field"))
      n_merged++;
  g_assert_cmpuint (n_merged, ==, 2);
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 4 + 2);
}

static const char *handmade_text =
  "Zoë Müller 🚀 met Сергей Лавров\nin Sochi.\nThe European and the African Union agreed.\n";

static void
add_handmade (GlsProject *project)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsImport) import = gls_import_begin (project, "import", &error);
  g_autoptr(GHashTable) zoe_attributes = attributes ("role", "host", NULL);
  g_autoptr(GHashTable) lavrov_attributes = attributes ("Script", "Cyrillic", NULL);
  g_autoptr(GHashTable) union_attributes = attributes ("Confidence", "high", NULL);
  GlsFragment event = { 0, find (handmade_text, "Sochi").end };
  GlsFragment zoe = find (handmade_text, "Zoë Müller");
  GlsFragment lavrov = find (handmade_text, "Сергей Лавров");
  GlsFragment sochi = find (handmade_text, "Sochi");
  GlsFragment europe[2] = { find (handmade_text, "European"), find (handmade_text, "Union") };
  GlsFragment african = find (handmade_text, "African Union");
  gint64 doc, zoe_id, lavrov_id, african_id;

  g_assert_no_error (error);
  doc = gls_import_add_document (import, "Zoë Müller 🚀 met Сергей Лавров", handmade_text, -1,
                                 "handmade.txt", &error);
  g_assert_no_error (error);

  /* An event across a line break, with spans nested in it. */
  add_span (import, doc, &event, 1, "EVENT", "anna", NULL, NULL, NULL);
  zoe_id = add_span (import, doc, &zoe, 1, "PERSON", "anna", "hosted the meeting", "Q42",
                     zoe_attributes);
  lavrov_id = add_span (import, doc, &lavrov, 1, "PERSON", "anna", NULL, NULL, lavrov_attributes);
  add_span (import, doc, &sochi, 1, "GPE", "anna", NULL, "GeoNames:491422", NULL);
  add_span (import, doc, europe, 2, "ORG", "anna", NULL, NULL, union_attributes);
  african_id = add_span (import, doc, &african, 1, "ORG", "anna", NULL, NULL, NULL);
  add_relation (import, "met-with", zoe_id, lavrov_id, "anna");
  add_relation (import, "member-of", lavrov_id, african_id, "anna");
  g_assert_true (gls_import_commit (import, &error));
  g_assert_no_error (error);
}

static void
test_round_trip_handmade (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GlsProject) project = new_project (f);
  g_autoptr(GlsProject) copy = new_project (f);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *folder = tmp_path (f, "handmade");
  g_autofree char *ann_path = NULL;
  g_autofree char *txt_path = NULL;
  g_autofree char *ann = NULL;
  g_autofree char *txt = NULL;
  g_autofree char *conf_path = NULL;
  g_autofree char *conf = NULL;
  g_autofree char *visual_path = NULL;
  g_autofree char *visual = NULL;
  g_autoptr(GHashTable) expected = NULL;
  g_autoptr(GHashTable) actual = NULL;

  add_handmade (project);
  export_brat (project, folder, NULL, report);
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);

  /* The files, as brat writes them. */
  ann_path = g_build_filename (folder, "0001-zoe-muller-met.ann", NULL);
  txt_path = g_build_filename (folder, "0001-zoe-muller-met.txt", NULL);
  ann = gls_test_read_file (ann_path);
  txt = gls_test_read_file (txt_path);
  g_assert_cmpstr (txt, ==, handmade_text);
  g_assert_cmpstr (ann, ==,
                   "T1\tEVENT 0 30;31 39\tZoë Müller 🚀 met Сергей Лавров in Sochi\n"
                   "T2\tPERSON 0 10\tZoë Müller\n"
                   "A1\trole T2 host\n"
                   "N1\tReference T2 Wikidata:Q42\tZoë Müller\n"
                   "#1\tAnnotatorNotes T2\thosted the meeting\n"
                   "T3\tPERSON 17 30\tСергей Лавров\n"
                   "A2\tScript T3 Cyrillic\n"
                   "T4\tGPE 34 39\tSochi\n"
                   "N2\tReference T4 GeoNames:491422\tSochi\n"
                   "T5\tORG 45 53;70 75\tEuropean Union\n"
                   "A3\tConfidence T5 high\n"
                   "T6\tORG 62 75\tAfrican Union\n"
                   "R1\tmet-with Arg1:T2 Arg2:T3\n"
                   "R2\tmember-of Arg1:T3 Arg2:T6\n");

  conf_path = g_build_filename (folder, "annotation.conf", NULL);
  conf = gls_test_read_file (conf_path);
  g_assert_cmpstr (conf, ==,
                   "# annotation.conf written by Glossator\n"
                   "\n"
                   "[entities]\n"
                   "PERSON\nORG\nGPE\nLOC\nDATE\nNORP\nEVENT\nLAW\nMISC\n"
                   "\n"
                   "[relations]\n"
                   "met-with\tArg1:<ENTITY>, Arg2:<ENTITY>\n"
                   "member-of\tArg1:<ENTITY>, Arg2:<ENTITY>\n"
                   "located-in\tArg1:<ENTITY>, Arg2:<ENTITY>\n"
                   "\n"
                   "[events]\n"
                   "\n"
                   "[attributes]\n"
                   "role\tArg:<ENTITY>, Value:host\n"
                   "Script\tArg:<ENTITY>, Value:Cyrillic\n"
                   "Confidence\tArg:<ENTITY>, Value:high\n");
  visual_path = g_build_filename (folder, "visual.conf", NULL);
  visual = gls_test_read_file (visual_path);
  g_assert_true (strstr (visual, "[drawing]\nPERSON\tbgColor:#3584e4\n") != NULL);

  import_brat (copy, folder, "anna");
  expected = dump (f, project, NULL);
  actual = dump (f, copy, NULL);
  assert_same_annotations (expected, actual);
}

/* ------------------------------------------------------------------------------------------ */
/* Losses                                                                                       */

static void
test_losses (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = new_project (f);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autofree char *folder = tmp_path (f, "losses");
  g_autofree char *losses = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *ann_path = NULL;
  g_autofree char *ann = NULL;
  g_autofree char *conf_path = NULL;
  g_autofree char *conf = NULL;
  const char *text = "Ana Lima met Ivo Reis.\n\nHe said: done.\n";
  g_autoptr(GHashTable) ana_attributes = attributes ("mood", "very happy", "ok", "yes",
                                                     "tags", "a|b", NULL);
  GlsFragment ana = find (text, "Ana Lima");
  GlsFragment ivo = find (text, "Ivo Reis");
  GlsFragment blank = { 23, 24 };
  GlsFragment said = { 24, 39 };
  gint64 doc, ana_id, ivo_id, blank_id;

  gls_project_add_label (project, "Person/name", "#ff0000", NULL, NULL, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GlsImport) import = gls_import_begin (project, "import", &error);

    doc = gls_import_add_document (import, "Not the first line", text, -1, NULL, &error);
    g_assert_no_error (error);
    ana_id = add_span (import, doc, &ana, 1, "Person/name", "anna", "line one\nline two",
                       "12345", ana_attributes);
    ivo_id = add_span (import, doc, &ivo, 1, "PERSON", "ben", NULL, "Wikidata:Q5", NULL);
    blank_id = add_span (import, doc, &blank, 1, "MISC", "anna", NULL, NULL, NULL);
    add_span (import, doc, &said, 1, "DATE", "anna", NULL, NULL, NULL);
    add_relation (import, "met-with", ana_id, blank_id, "anna");
    add_relation (import, "met-with", ana_id, ivo_id, "anna");
    g_assert_true (gls_import_commit (import, &error));
    g_assert_no_error (error);
  }
  gls_project_set_document_status (project, doc, GLS_DOCUMENT_DONE, &error);
  g_assert_no_error (error);

  export_brat (project, folder, NULL, report);
  losses = gls_loss_report_to_text (report);
  expected = g_strdup_printf (
    "0\t\t-\tlabel “Person/name” written as “Person_name”: brat names allow only A–Z, a–z, "
      "0–9, “_” and “-”\n"
    "%1$" G_GINT64_FORMAT "\tNot the first line\t-\ttitle not kept: brat keeps only the text, "
      "whose first line “Ana Lima met Ivo Reis.” becomes the title when read back\n"
    "%1$" G_GINT64_FORMAT "\tNot the first line\t-\tstatus “done” not kept: brat has no "
      "document status\n"
    "%1$" G_GINT64_FORMAT "\tNot the first line\t0-8\tattribute “mood” = “very happy” not "
      "written: brat attribute values cannot contain spaces or line breaks\n"
    "%1$" G_GINT64_FORMAT "\tNot the first line\t0-8\tattribute “tags” = “a|b” not written: "
      "annotation.conf cannot declare a value with “|” or “,”\n"
    "%1$" G_GINT64_FORMAT "\tNot the first line\t0-8\tknowledge-base id “12345” not written: "
      "brat needs DB:ID without spaces\n"
    "%1$" G_GINT64_FORMAT "\tNot the first line\t0-8\tline breaks in the note replaced by "
      "spaces: brat notes are one line\n"
    "%1$" G_GINT64_FORMAT "\tNot the first line\t13-21\tknowledge-base id “Wikidata:Q5” is read "
      "back as “Q5”\n"
    "%1$" G_GINT64_FORMAT "\tNot the first line\t23-24\tspan not written: it covers only line "
      "breaks, which brat cannot hold\n"
    "%1$" G_GINT64_FORMAT "\tNot the first line\t24-39\tline breaks at the edge of the span left "
      "out (brat cannot hold them): written as 24–38\n"
    "%1$" G_GINT64_FORMAT "\tNot the first line\t-\trelation “met-with” not written: one of its "
      "spans could not be written\n"
    "%1$" G_GINT64_FORMAT "\tNot the first line\t-\tspans of 2 annotators (anna, ben) merged; "
      "brat has no annotator field\n",
    doc);
  g_assert_cmpstr (losses, ==, expected);

  ann_path = g_build_filename (folder, "0001-not-the-first-line.ann", NULL);
  ann = gls_test_read_file (ann_path);
  g_assert_cmpstr (ann, ==,
                   "T1\tPerson_name 0 8\tAna Lima\n"
                   "A1\tok T1 yes\n"
                   "#1\tAnnotatorNotes T1\tline one line two\n"
                   "T2\tPERSON 13 21\tIvo Reis\n"
                   "N1\tReference T2 Wikidata:Q5\tIvo Reis\n"
                   "T3\tDATE 24 38\tHe said: done.\n"
                   "R1\tmet-with Arg1:T1 Arg2:T2\n");
  conf_path = g_build_filename (folder, "annotation.conf", NULL);
  conf = gls_test_read_file (conf_path);
  g_assert_true (strstr (conf, "MISC\nPerson_name\n\n[relations]") != NULL);
  g_assert_true (strstr (conf, "[attributes]\nok\tArg:<ENTITY>, Value:yes\n") != NULL);

  /* Glossator reads the brat form of a label back as the label. */
  {
    g_autoptr(GlsProject) copy = new_project (f);
    g_autoptr(GlsSpan) span = NULL;
    GlsDocument *read_doc;

    gls_project_add_label (copy, "Person/name", "#ff0000", NULL, NULL, &error);
    g_assert_no_error (error);
    import_brat (copy, folder, NULL);
    read_doc = find_document (copy, "0001-not-the-first-line.txt");
    g_assert_nonnull (read_doc);
    g_assert_cmpstr (gls_document_get_title (read_doc), ==, "Ana Lima met Ivo Reis.");
    span = find_span (copy, read_doc, 0, 8);
    g_assert_cmpstr (gls_label_get_name (gls_project_lookup_label (copy,
                                                                   gls_span_get_label_id (span))),
                     ==, "Person/name");
  }
}

/* ------------------------------------------------------------------------------------------ */
/* Writing into folders                                                                         */

static void
test_export_folder (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = new_project (f);
  g_autofree char *full = tmp_path (f, "full");
  g_autofree char *marker = g_build_filename (full, "keep.txt", NULL);
  g_autofree char *fresh = tmp_path (f, "fresh");
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  GlsExportDocument doc = { 0 };
  gpointer writer;

  add_handmade (project);

  /* A folder with something in it is refused and left alone. */
  g_mkdir (full, 0755);
  write_file (marker, "mine", -1);
  g_assert_false (gls_export_run (project, &gls_format_brat, full, NULL, NULL, report, NULL,
                                  NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_EXISTS);
  g_assert_true (strstr (error->message, full) != NULL);
  g_assert_true (g_file_test (marker, G_FILE_TEST_IS_REGULAR));
  g_clear_error (&error);

  /* An export that fails leaves nothing behind. */
  writer = gls_format_brat.begin (fresh, project, NULL, report, &error);
  g_assert_no_error (error);
  doc.id = 7;
  doc.title = "Hello";
  doc.status = "new";
  doc.text = "Hello";
  doc.text_bytes = 5;
  doc.n_chars = 5;
  g_assert_true (gls_format_brat.write (writer, &doc, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (fresh, G_FILE_TEST_IS_DIR));
  g_assert_false (gls_format_brat.end (writer, FALSE, NULL));
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));
}

static void
test_probe (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *folder = data_path ("news");
  g_autofree char *ann = data_path ("news/0001-lavrov-pompeo-sochi.ann");
  g_autofree char *txt = data_path ("news/0001-lavrov-pompeo-sochi.txt");
  g_autofree char *lone = tmp_path (f, "lone.txt");

  write_file (lone, "text", -1);
  g_assert_cmpint (gls_format_brat.probe (folder, "", 0), ==, 90);
  g_assert_cmpint (gls_format_brat.probe (ann, "T1\t", 3), ==, 95);
  g_assert_cmpint (gls_format_brat.probe (txt, "Lavrov", 6), ==, 60);
  g_assert_cmpint (gls_format_brat.probe (lone, "text", 4), ==, 0);
  g_assert_cmpint (gls_format_brat.probe (f->dir, "", 0), ==, 0);
  g_assert_cmpint (gls_format_brat.probe ("x.jsonl", "{", 1), ==, 0);
}

/* ------------------------------------------------------------------------------------------ */
/* Bad input                                                                                    */

typedef struct
{
  const char *name;
  const char *text;
  const char *ann;
  GlsError code;
  const char *where;       /* "FILE:LINE:" the message must hold */
  const char *what;        /* and some words of it */
} BadCase;

static const char *bad_text = "Hello Vladimir Putin\nand Sergey Lavrov.\n";

static const BadCase bad_cases[] = {
  { "mismatch", NULL, "T1\tPERSON 6 20\tVladimir Putin\nT2\tPERSON 25 38\tSergei Lavrov\n",
    GLS_ERROR_PARSE, "mismatch.ann:2:",
    "the text field “Sergei Lavrov” does not match the document (“Sergey Lavrov” at 25–38)" },
  { "past-end", NULL, "T1\tPERSON 6 20\tVladimir Putin\nT2\tPERSON 25 400\tSergey Lavrov\n",
    GLS_ERROR_OFFSET, "past-end.ann:2:", "past the end" },
  { "unknown-label", NULL, "T1\tPOLITICIAN 6 20\tVladimir Putin\n",
    GLS_ERROR_UNKNOWN_LABEL, "unknown-label.ann:1:", "unknown label “POLITICIAN”" },
  { "bad-utf8", "Hello\nVladimir \xff Putin\n", "T1\tPERSON 0 5\tHello\n",
    GLS_ERROR_ENCODING, "bad-utf8.txt:2:10:", "not valid UTF-8" },
  { "malformed-t", NULL, "T1\tPERSON 6 20\tVladimir Putin\nT2\tPERSON 25\tSergey\n",
    GLS_ERROR_PARSE, "malformed-t.ann:2:", "malformed span" },
  { "malformed-offset", NULL, "T1\tPERSON 6 x20\tVladimir Putin\n",
    GLS_ERROR_PARSE, "malformed-offset.ann:1:", "malformed span" },
  { "undefined-t", NULL, "T1\tPERSON 6 20\tVladimir Putin\nR1\tmet-with Arg1:T1 Arg2:T7\n",
    GLS_ERROR_PARSE, "undefined-t.ann:2:", "“T7” is not defined" },
  { "relation-arguments", NULL, "T1\tPERSON 6 20\tVladimir Putin\nR1\tmet-with Arg1:T1\n",
    GLS_ERROR_PARSE, "relation-arguments.ann:2:", "malformed relation" },
  { "event", NULL, "T1\tPERSON 6 20\tVladimir Putin\nE1\tMeeting:T1 Agent:T1\n",
    GLS_ERROR_PARSE, "event.ann:2:", "event annotations (E lines) are not supported" },
  { "equivalence", NULL, "T1\tPERSON 6 20\tVladimir Putin\n*\tEquiv T1 T1\n",
    GLS_ERROR_PARSE, "equivalence.ann:2:", "equivalence annotations (* lines)" },
  { "duplicate-id", NULL, "T1\tPERSON 6 20\tVladimir Putin\nT1\tPERSON 25 38\tSergey Lavrov\n",
    GLS_ERROR_PARSE, "duplicate-id.ann:2:", "used twice (first on line 1)" },
  { "no-tab", NULL, "T1 PERSON 6 20 Vladimir Putin\n",
    GLS_ERROR_PARSE, "no-tab.ann:1:", "malformed line" },
  { "note-on-relation", NULL, "T1\tPERSON 6 20\tVladimir Putin\nT2\tPERSON 25 38\tSergey Lavrov\n"
    "R1\tmet-with Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes R1\tthey met\n",
    GLS_ERROR_PARSE, "note-on-relation.ann:4:", "“R1” is not a span (T)" },
  { "two-kb-ids", NULL, "T1\tPERSON 6 20\tVladimir Putin\nN1\tReference T1 Wikidata:Q7747\tPutin\n"
    "N2\tReference T1 Wikidata:Q1\tPutin\n",
    GLS_ERROR_PARSE, "two-kb-ids.ann:3:", "second knowledge-base reference" },
  { "empty-fragment", NULL, "T1\tPERSON 6 6\t\n",
    GLS_ERROR_OFFSET, "empty-fragment.ann:1:", "empty" },
};

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  const BadCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = new_project (f);
  g_autofree char *txt_name = g_strconcat (c->name, ".txt", NULL);
  g_autofree char *ann_name = g_strconcat (c->name, ".ann", NULL);
  g_autofree char *txt = tmp_path (f, txt_name);
  g_autofree char *ann = tmp_path (f, ann_name);

  write_file (txt, c->text ? c->text : bad_text, -1);
  write_file (ann, c->ann, -1);
  g_assert_false (gls_import_run (project, &gls_format_brat, f->dir, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, (int)c->code);
  if (strstr (error->message, c->where) == NULL || strstr (error->message, c->what) == NULL)
    g_error ("unexpected message: %s", error->message);
  /* Nothing of a failed import stays. */
  g_assert_cmpuint (stats (project).n_documents, ==, 0);
}

static void
test_long_line (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = new_project (f);
  g_autofree char *txt = tmp_path (f, "long.txt");
  g_autofree char *ann = tmp_path (f, "long.ann");
  GString *contents = g_string_new ("T1\tPERSON 6 20\tVladimir Putin\n"
                                    "#1\tAnnotatorNotes T1\tshort\n"
                                    "#2\tAnnotatorNotes T1\t");

  for (guint i = 0; i < 2 * 1024 * 1024; i++)
    g_string_append_c (contents, 'x');
  g_string_append (contents, "\nT2\tPERSON 25 38\tSergey Lavrov\n");
  write_file (txt, bad_text, -1);
  write_file (ann, contents->str, contents->len);
  g_string_free (contents, TRUE);

  g_assert_false (gls_import_run (project, &gls_format_brat, ann, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_PARSE);
  g_assert_true (strstr (error->message, "long.ann:3:") != NULL);
  g_assert_true (strstr (error->message, "longer than 1 MB") != NULL);

  /* A line just under the limit is read. */
  g_clear_error (&error);
  contents = g_string_new ("T1\tPERSON 6 20\tVladimir Putin\n#1\tAnnotatorNotes T1\t");
  while (contents->len < 1024 * 1024 - 1)
    g_string_append_c (contents, 'y');
  g_string_append (contents, "\r\n");
  write_file (ann, contents->str, contents->len);
  g_string_free (contents, TRUE);
  g_assert_true (gls_import_run (project, &gls_format_brat, ann, NULL, NULL, &error));
  g_assert_no_error (error);
}

static void
test_huge_text (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = new_project (f);
  g_autofree char *txt = tmp_path (f, "huge.txt");
  g_autofree char *ann = tmp_path (f, "huge.ann");
  int fd;

  /* A sparse 65 MB file: refused by its size, before it is read. */
  fd = g_open (txt, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, (off_t)65 * 1024 * 1024), ==, 0);
  close (fd);
  write_file (ann, "", 0);

  g_assert_false (gls_import_run (project, &gls_format_brat, ann, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_INVALID);
  g_assert_true (strstr (error->message, "huge.txt") != NULL);
  g_assert_true (strstr (error->message, "64 MB") != NULL);
}

static void
test_missing_text (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = new_project (f);
  g_autofree char *ann = tmp_path (f, "alone.ann");
  g_autofree char *empty = tmp_path (f, "empty");

  write_file (ann, "T1\tPERSON 0 5\tHello\n", -1);
  g_assert_false (gls_import_run (project, &gls_format_brat, ann, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_NOT_FOUND);
  g_assert_true (strstr (error->message, "alone.txt") != NULL);
  g_clear_error (&error);

  g_mkdir (empty, 0755);
  g_assert_false (gls_import_run (project, &gls_format_brat, empty, NULL, NULL, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_PARSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/brat/read/fixture", Fixture, NULL, fixture_set_up, test_read_fixture,
              fixture_tear_down);
  g_test_add ("/brat/read/variants", Fixture, NULL, fixture_set_up, test_read_variants,
              fixture_tear_down);
  g_test_add ("/brat/round-trip/sample", Fixture, NULL, fixture_set_up, test_round_trip_sample,
              fixture_tear_down);
  g_test_add ("/brat/round-trip/merged", Fixture, NULL, fixture_set_up, test_round_trip_merged,
              fixture_tear_down);
  g_test_add ("/brat/round-trip/handmade", Fixture, NULL, fixture_set_up,
              test_round_trip_handmade, fixture_tear_down);
  g_test_add ("/brat/write/losses", Fixture, NULL, fixture_set_up, test_losses,
              fixture_tear_down);
  g_test_add ("/brat/write/folder", Fixture, NULL, fixture_set_up, test_export_folder,
              fixture_tear_down);
  g_test_add ("/brat/probe", Fixture, NULL, fixture_set_up, test_probe, fixture_tear_down);
  for (guint i = 0; i < G_N_ELEMENTS (bad_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/brat/bad/%s", bad_cases[i].name);
      g_test_add (name, Fixture, &bad_cases[i], fixture_set_up, test_bad_input,
                  fixture_tear_down);
    }
  g_test_add ("/brat/bad/long-line", Fixture, NULL, fixture_set_up, test_long_line,
              fixture_tear_down);
  g_test_add ("/brat/bad/huge-text", Fixture, NULL, fixture_set_up, test_huge_text,
              fixture_tear_down);
  g_test_add ("/brat/bad/missing-text", Fixture, NULL, fixture_set_up, test_missing_text,
              fixture_tear_down);

  return g_test_run ();
}
