/* gls-bench-store.c — the foundation's figures: import, span insert, span fetch
 *
 *   glossator-bench-store [--documents 10000] [--spans 1000000] [--cli PATH]
 *
 * 1. `glossator-cli import` of N generated ~3 KB articles (the real command, timed end to end)
 * 2. inserting 1,000,000 spans through GlsImport (one transaction, unique index present)
 * 3. fetching all spans of one document holding 5,000 spans (gls_project_list_spans: rows to
 *    GlsSpan objects), median of 50 runs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>

#include "gls-import.h"
#include "gls-project.h"

static const char *words[] = {
  "the", "minister", "said", "on", "Monday", "that", "talks", "with", "Moscow", "and",
  "Washington", "would", "resume", "after", "a", "meeting", "in", "Sochi", "between",
  "delegations", "from", "both", "countries", "officials", "told", "reporters", "agency",
  "report", "election", "security", "President", "Vladimir", "Putin", "Mike", "Pompeo",
};

static char *
make_article (GRand *rand,
              guint  index,
              gsize  target)
{
  GString *s = g_string_sized_new (target + 64);

  g_string_append_printf (s, "Generated article %u about talks\n\n", index);
  while (s->len < target)
    {
      guint n = g_rand_int_range (rand, 8, 20);
      for (guint i = 0; i < n; i++)
        g_string_append_printf (s, "%s%s", i ? " " : "", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      g_string_append (s, g_rand_int_range (rand, 0, 5) == 0 ? ".\n\n" : ". ");
    }
  g_string_append_c (s, '\n');
  return g_string_free (s, FALSE);
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      if (g_file_test (p, G_FILE_TEST_IS_DIR))
        remove_tree (p);
      else
        g_remove (p);
    }
  g_rmdir (dir);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *dir = NULL;
  g_autofree char *articles = NULL;
  g_autofree char *cli = NULL;
  int n_documents = 10000;
  int n_spans = 1000000;
  GOptionEntry entries[] = {
    { "documents", 0, 0, G_OPTION_ARG_INT, &n_documents, "Articles to import", "N" },
    { "spans", 0, 0, G_OPTION_ARG_INT, &n_spans, "Spans to insert", "N" },
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli, "Path of glossator-cli", "PATH" },
    { NULL }
  };

  context = g_option_context_new ("— measure import, span insert and span fetch");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (cli == NULL)
    cli = g_strdup (g_getenv ("GLS_CLI") ? g_getenv ("GLS_CLI") : "glossator-cli");

  dir = g_dir_make_tmp ("gls-bench-XXXXXX", &error);
  g_assert_no_error (error);
  articles = g_build_filename (dir, "articles", NULL);
  g_mkdir (articles, 0755);

  /* 1. CLI import of generated articles. */
  {
    g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
    g_autofree char *project = g_build_filename (dir, "import.glossator", NULL);
    g_autofree char *out = NULL;
    gsize total = 0;
    gint64 t0, t1;
    int status;

    for (int i = 0; i < n_documents; i++)
      {
        g_autofree char *name = g_strdup_printf ("article-%05d.txt", i);
        g_autofree char *path = g_build_filename (articles, name, NULL);
        g_autofree char *text = make_article (rand, (guint)i, 3000);

        total += strlen (text);
        g_file_set_contents (path, text, -1, &error);
        g_assert_no_error (error);
      }

    g_ptr_array_add (args, g_strdup (cli));
    g_ptr_array_add (args, g_strdup ("new"));
    g_ptr_array_add (args, g_strdup (project));
    g_ptr_array_add (args, NULL);
    g_spawn_sync (NULL, (char **)args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                  &status, &error);
    g_assert_no_error (error);
    g_ptr_array_set_size (args, 0);

    g_ptr_array_add (args, g_strdup (cli));
    g_ptr_array_add (args, g_strdup ("import"));
    g_ptr_array_add (args, g_strdup (project));
    for (int i = 0; i < n_documents; i++)
      g_ptr_array_add (args, g_strdup_printf ("%s/article-%05d.txt", articles, i));
    g_ptr_array_add (args, NULL);

    t0 = g_get_monotonic_time ();
    g_spawn_sync (NULL, (char **)args->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, NULL,
                  &status, &error);
    t1 = g_get_monotonic_time ();
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
    printf ("cli-import: %d documents (%.1f MB) in %.2f s = %.0f documents/s  [%s]\n",
            n_documents, total / 1e6, (t1 - t0) / 1e6, n_documents / ((t1 - t0) / 1e6),
            g_strstrip (out));
  }

  /* 2. One million spans. */
  {
    g_autofree char *path = g_build_filename (dir, "spans.glossator", NULL);
    g_autoptr(GlsProject) project = gls_project_create (path, GLS_PROJECT_CREATE_DEFAULT, &error);
    g_autoptr(GlsImport) import = NULL;
    const char *labels[] = { "PERSON", "ORG", "GPE", "DATE" };
    int per_doc = 5000;
    int n_docs = (n_spans + per_doc - 1) / per_doc;
    g_autoptr(GArray) docs = g_array_new (FALSE, FALSE, sizeof (gint64));
    g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
    gint64 t0, t1;
    int inserted = 0;

    g_assert_no_error (error);
    import = gls_import_begin (project, "bench", &error);
    for (int d = 0; d < n_docs; d++)
      {
        g_autofree char *text = make_article (rand, (guint)d, 60000);
        gint64 id = gls_import_add_document (import, NULL, text, -1, NULL, &error);
        g_assert_no_error (error);
        g_array_append_val (docs, id);
      }
    g_assert_true (gls_import_commit (import, &error));
    g_clear_pointer (&import, gls_import_free);

    t0 = g_get_monotonic_time ();
    import = gls_import_begin (project, "bench", &error);
    for (int d = 0; d < n_docs && inserted < n_spans; d++)
      for (int k = 0; k < per_doc && inserted < n_spans; k++, inserted++)
        {
          GlsFragment f = { k * 11, k * 11 + 2 + (k % 7) };
          gls_import_add_span (import, g_array_index (docs, gint64, d), &f, 1, labels[k % 4],
                               k % 3 ? "anna" : "ben", NULL, NULL, NULL, &error);
          g_assert_no_error (error);
        }
    t1 = g_get_monotonic_time ();
    printf ("insert-spans (before commit): %.2f s\n", (t1 - t0) / 1e6);
    g_assert_true (gls_import_commit (import, &error));
    t1 = g_get_monotonic_time ();
    printf ("insert-spans: %d spans in %.2f s = %.0f spans/s\n",
            inserted, (t1 - t0) / 1e6, inserted / ((t1 - t0) / 1e6));

    /* 3. Fetch one document's 5,000 spans. */
    for (int r = 0; r < 50; r++)
      {
        g_autoptr(GListModel) spans = NULL;
        gint64 id = g_array_index (docs, gint64, r % n_docs);
        double ms;

        t0 = g_get_monotonic_time ();
        spans = gls_project_list_spans (project, id, &error);
        t1 = g_get_monotonic_time ();
        g_assert_no_error (error);
        g_assert_cmpuint (g_list_model_get_n_items (spans), ==, (guint)per_doc);
        ms = (t1 - t0) / 1000.0;
        g_array_append_val (samples, ms);
      }
    g_array_sort (samples, compare_double);
    printf ("fetch-spans: 5000 spans of one document: median %.2f ms, max %.2f ms (50 runs)\n",
            g_array_index (samples, double, samples->len / 2),
            g_array_index (samples, double, samples->len - 1));
  }

  remove_tree (dir);
  return 0;
}
