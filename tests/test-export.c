/* test-export.c — the export pipeline: choosing documents, spans and labels; splits
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
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) src = g_file_new_for_path (g_getenv ("GLS_SAMPLE_PROJECT"));
  g_autofree char *path = NULL;
  g_autoptr(GFile) dst = NULL;

  f->dir = gls_test_make_tmp_dir ("gls-export-XXXXXX");
  path = g_build_filename (f->dir, "sample.glossator", NULL);
  dst = g_file_new_for_path (path);
  g_file_copy (src, dst, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  f->project = gls_project_open (path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->project);
  gls_test_remove_tree (f->dir);
  g_free (f->dir);
}

/* Parses a JSONL export: one JsonObject per line (owned by the returned array's nodes). */
static GPtrArray *
read_jsonl (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *objects = g_ptr_array_new_with_free_func ((GDestroyNotify)json_node_unref);

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (*lines[i] == '\0')
        continue;
      g_assert_true (json_parser_load_from_data (parser, lines[i], -1, NULL));
      g_ptr_array_add (objects, json_node_copy (json_parser_get_root (parser)));
    }
  return objects;
}

static char *
export (Fixture                *f,
        const char             *name,
        const GlsExportOptions *options,
        GlsLossReport          *report)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (gls_export_run (f->project, &gls_format_jsonl, path, options, NULL, report,
                                 NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return path;
}

static void
test_choices (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GHashTable) map = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *path = NULL;
  GlsExportOptions options;
  guint n_spans = 0;

  gls_export_options_init (&options);
  options.status = GLS_DOCUMENT_DONE;
  options.annotator = "ben";
  g_hash_table_insert (map, (gpointer)"NORP", (gpointer)"MISC");
  g_hash_table_insert (map, (gpointer)"DATE", (gpointer)"");
  options.label_map = map;

  path = export (f, "done-ben.jsonl", &options, report);
  docs = read_jsonl (path);

  /* Two documents are done in the sample; ben annotated one of them. */
  g_assert_cmpuint (docs->len, ==, 2);
  for (guint i = 0; i < docs->len; i++)
    {
      JsonObject *doc = json_node_get_object (g_ptr_array_index (docs, i));
      JsonArray *spans = json_object_get_array_member (doc, "spans");

      g_assert_cmpstr (json_object_get_string_member (doc, "status"), ==, "done");
      for (guint k = 0; k < json_array_get_length (spans); k++)
        {
          JsonObject *span = json_array_get_object_element (spans, k);
          const char *label = json_object_get_string_member (span, "label");

          g_assert_cmpstr (json_object_get_string_member (span, "annotator"), ==, "ben");
          g_assert_cmpstr (label, !=, "NORP");
          g_assert_cmpstr (label, !=, "DATE");
          n_spans++;
        }
    }
  g_assert_cmpuint (n_spans, >, 20);
  g_assert_cmpuint (gls_loss_report_get_size (report), ==, 0);
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GPtrArray) docs = NULL;
  g_autofree char *path = NULL;
  GlsExportOptions options;

  gls_export_options_init (&options);
  options.search = "десислава";   /* case-insensitive, Cyrillic */
  path = export (f, "search.jsonl", &options, NULL);
  docs = read_jsonl (path);
  g_assert_cmpuint (docs->len, ==, 1);
  g_assert_nonnull (strstr (json_object_get_string_member (
    json_node_get_object (g_ptr_array_index (docs, 0)), "text"), "Десислава Колева"));
}

static GStrv
split_titles (Fixture    *f,
              const char *name,
              guint64     seed)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree char *dir = NULL;
  GlsExportOptions options;
  static const char *parts[] = { "train.jsonl", "dev.jsonl", "test.jsonl" };

  gls_export_options_init (&options);
  options.split = TRUE;
  options.ratios[0] = 60;
  options.ratios[1] = 20;
  options.ratios[2] = 20;
  options.seed = seed;
  dir = export (f, name, &options, NULL);

  for (guint p = 0; p < G_N_ELEMENTS (parts); p++)
    {
      g_autofree char *path = g_build_filename (dir, parts[p], NULL);
      g_autoptr(GPtrArray) docs = read_jsonl (path);

      g_strv_builder_add (builder, parts[p]);
      for (guint i = 0; i < docs->len; i++)
        {
          JsonObject *doc = json_node_get_object (g_ptr_array_index (docs, i));
          g_assert_cmpstr (json_object_get_string_member (doc, "split"), ==,
                           p == 0 ? "train" : p == 1 ? "dev" : "test");
          g_strv_builder_add (builder, json_object_get_string_member (doc, "title"));
        }
    }
  return g_strv_builder_end (builder);
}

static void
test_split (Fixture       *f,
            gconstpointer  data)
{
  g_auto(GStrv) a = split_titles (f, "split-a", 42);
  g_auto(GStrv) b = split_titles (f, "split-b", 42);
  gboolean differs = FALSE;

  /* Five documents, 60/20/20: three, one and one, every document exactly once. */
  g_assert_cmpuint (g_strv_length (a), ==, 3 + 5);
  g_assert_cmpstr (a[4], ==, "dev.jsonl");
  g_assert_cmpstr (a[6], ==, "test.jsonl");
  /* The same seed gives the same split. */
  g_assert_true (g_strv_equal ((const char * const *)a, (const char * const *)b));

  /* Some other seed gives another one. */
  for (guint64 seed = 1; seed < 20 && !differs; seed++)
    {
      g_autofree char *name = g_strdup_printf ("split-%" G_GUINT64_FORMAT, seed);
      g_auto(GStrv) c = split_titles (f, name, seed);
      differs = !g_strv_equal ((const char * const *)a, (const char * const *)c);
    }
  g_assert_true (differs);
}

static void
test_failed_export_leaves_no_file (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *path = g_build_filename (f->dir, "cancelled.jsonl", NULL);

  g_assert_true (g_file_set_contents (path, "previous export\n", -1, NULL));
  g_cancellable_cancel (cancellable);
  g_assert_false (gls_export_run (f->project, &gls_format_jsonl, path, NULL, NULL, NULL, NULL,
                                  NULL, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The previous file is intact, and no temporary file is left beside it. */
  {
    g_autofree char *contents = NULL;
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "previous export\n");
    while ((name = g_dir_read_name (dir)))
      g_assert_true (g_str_has_prefix (name, "sample.glossator") ||
                     g_str_equal (name, "cancelled.jsonl"));
  }
}

static void
test_registry (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "notes.xyz", NULL);
  guint n;
  const GlsFormat * const *formats = gls_format_list (&n);

  g_assert_cmpuint (n, >=, 1);
  for (guint i = 0; i < n; i++)
    g_assert_true (gls_format_lookup (formats[i]->name) == formats[i]);
  g_assert_null (gls_format_lookup ("no-such-format"));

  g_assert_true (g_file_set_contents (path, "nothing any format claims", -1, NULL));
  g_assert_null (gls_format_detect (path, &error));
  g_assert_error (error, GLS_ERROR, GLS_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, path));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/export/choices", test_choices);
  ADD ("/export/search", test_search);
  ADD ("/export/split", test_split);
  ADD ("/export/failed-export-leaves-no-file", test_failed_export_leaves_no_file);
  ADD ("/export/registry", test_registry);
#undef ADD

  return g_test_run ();
}
