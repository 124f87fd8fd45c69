/* gls-bench-formats.c — exporting and importing a large corpus
 *
 *   glossator-bench-formats [--documents 10000] [--cli PATH]
 *
 * Builds a project of N generated news-like documents (500 words each, 50 spans each: about
 * 5 million tokens and 500,000 spans for N = 10,000), then times the real command
 *   glossator-cli export PROJECT --format F -o OUT
 * for CoNLL, JSONL and brat, and `glossator-cli import` of the brat corpus into a new
 * project, reporting each command's wall time and peak memory (its maximum resident set).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gls-format.h"
#include "gls-import.h"
#include "gls-project.h"

static const char *names[] = { "Mike Pompeo", "Vladimir Putin", "Sergey Lavrov", "Angela Merkel",
                               "Emmanuel Macron", "Olaf Scholz" };
static const char *orgs[] = { "Reuters", "the European Union", "NATO", "Gazprom", "Sputnik" };
static const char *places[] = { "Moscow", "Washington", "Sochi", "Berlin", "Paris", "Kyiv" };
static const char *filler[] = { "said", "that", "the", "talks", "would", "continue", "on",
                                "Monday", "after", "a", "meeting", "with", "officials", "from",
                                "both", "sides", "in", "order", "to", "discuss", "security" };

static void
generate_project (const char *path,
                  int         n_documents,
                  guint      *n_spans_out,
                  guint      *n_words_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_project_create (path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  guint n_spans = 0, n_words = 0;

  g_assert_no_error (error);
  import = gls_import_begin (project, "bench", &error);
  for (int d = 0; d < n_documents; d++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
      g_autoptr(GArray) labels = g_array_new (FALSE, FALSE, sizeof (const char *));
      gint64 chars = 0, id;

      g_string_append_printf (text, "Generated report number %d\n\n", d);
      chars = g_utf8_strlen (text->str, -1);
      for (int w = 0; w < 450; w++)
        {
          const char *word;
          const char *label = NULL;
          int pick = g_rand_int_range (rand, 0, 100);

          if (pick < 4)
            word = names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))], label = "PERSON";
          else if (pick < 7)
            word = orgs[g_rand_int_range (rand, 0, G_N_ELEMENTS (orgs))], label = "ORG";
          else if (pick < 11)
            word = places[g_rand_int_range (rand, 0, G_N_ELEMENTS (places))], label = "GPE";
          else
            word = filler[g_rand_int_range (rand, 0, G_N_ELEMENTS (filler))];

          if (label != NULL && spans->len < 50)
            {
              GlsFragment f = { chars, chars + (gint64)strlen (word) };
              g_array_append_val (spans, f);
              g_array_append_val (labels, label);
            }
          g_string_append (text, word);
          chars += (gint64)strlen (word);
          n_words++;
          if (w % 18 == 17)
            {
              g_string_append (text, ". ");
              chars += 2;
            }
          else
            {
              g_string_append_c (text, ' ');
              chars++;
            }
        }
      g_string_append (text, "\n");
      {
        g_autofree char *title = g_strdup_printf ("Generated report number %d", d);
        g_autofree char *source = g_strdup_printf ("report-%05d.txt", d);

        id = gls_import_add_document (import, title, text->str, -1, source, &error);
      }
      g_assert_no_error (error);
      for (guint k = 0; k < spans->len; k++)
        {
          gls_import_add_span (import, id, &g_array_index (spans, GlsFragment, k), 1,
                               g_array_index (labels, const char *, k), "anna", NULL, NULL, NULL,
                               &error);
          g_assert_no_error (error);
          n_spans++;
        }
    }
  g_assert_true (gls_import_commit (import, &error));
  *n_spans_out = n_spans;
  *n_words_out = n_words;
}

/* Runs a command, returns wall seconds and the child's peak resident memory in MB. */
static gboolean
run_timed (char   **argv,
           double  *seconds,
           double  *peak_mb)
{
  struct rusage usage;
  gint64 t0 = g_get_monotonic_time ();
  int status;
  pid_t pid = fork ();

  if (pid == 0)
    {
      int devnull = open ("/dev/null", O_WRONLY);
      dup2 (devnull, STDERR_FILENO);
      execvp (argv[0], argv);
      _exit (127);
    }
  if (wait4 (pid, &status, 0, &usage) < 0)
    return FALSE;
  *seconds = (g_get_monotonic_time () - t0) / 1e6;
  *peak_mb = usage.ru_maxrss / 1024.0;
  return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— export and import a large corpus");
  g_autoptr(GError) error = NULL;
  g_autofree char *cli = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *project = NULL;
  int n_documents = 10000;
  gboolean keep = FALSE;
  guint n_spans = 0, n_words = 0;
  gint64 t0;
  static const char *formats[] = { "conll", "jsonl", "brat" };
  GOptionEntry entries[] = {
    { "documents", 0, 0, G_OPTION_ARG_INT, &n_documents, "Documents to generate", "N" },
    { "cli", 0, 0, G_OPTION_ARG_FILENAME, &cli, "Path of glossator-cli", "PATH" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the generated files (for profiling)", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (cli == NULL)
    cli = g_strdup ("glossator-cli");

  dir = g_dir_make_tmp ("gls-bench-formats-XXXXXX", &error);
  g_assert_no_error (error);
  project = g_build_filename (dir, "corpus.glossator", NULL);

  /* Generated in a child process: the commands timed below are started from this one, and a
   * forked child's peak memory counts what it inherited before exec. */
  t0 = g_get_monotonic_time ();
  {
    pid_t pid = fork ();
    int status;

    if (pid == 0)
      {
        generate_project (project, n_documents, &n_spans, &n_words);
        printf ("generated: %d documents, %u words, %u spans", n_documents, n_words, n_spans);
        fflush (stdout);
        _exit (0);
      }
    waitpid (pid, &status, 0);
    g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);
  }
  printf (" in %.1f s\n", (g_get_monotonic_time () - t0) / 1e6);

  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    {
      g_autofree char *out = g_build_filename (dir, formats[i], NULL);
      char *args[] = { cli, (char *)"export", project, (char *)"--format", (char *)formats[i],
                       (char *)"-o", out, NULL };
      double seconds, peak;

      if (gls_format_lookup (formats[i]) == NULL)
        {
          printf ("export %s: format not available in this build\n", formats[i]);
          continue;
        }
      if (!run_timed (args, &seconds, &peak))
        g_error ("export %s failed", formats[i]);
      printf ("export %-6s %.2f s, peak memory %.0f MB\n", formats[i], seconds, peak);
    }

  if (gls_format_lookup ("brat") != NULL)
    {
      g_autofree char *fresh = g_build_filename (dir, "reimport.glossator", NULL);
      g_autofree char *brat = g_build_filename (dir, "brat", NULL);
      char *create[] = { cli, (char *)"new", fresh, NULL };
      char *args[] = { cli, (char *)"import", (char *)"--quiet", fresh, brat, NULL };
      double seconds, peak;

      run_timed (create, &seconds, &peak);
      if (!run_timed (args, &seconds, &peak))
        g_error ("import of the brat corpus failed");
      printf ("import brat: %.2f s, peak memory %.0f MB\n", seconds, peak);
    }

  if (keep)
    printf ("kept: %s\n", dir);
  else
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (cmd) != 0)
      g_warning ("could not remove %s", dir);
  }
  return 0;
}
