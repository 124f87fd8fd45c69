/* gls-bench-agreement.c — inter-annotator agreement over a million tokens
 *
 *   glossator-bench-agreement [--tokens 1000000] [--documents 2000] [--runs 5] [--keep PATH]
 *
 * Generates a project of news-like articles with three annotators ("anna", "ben", "cleo") who
 * each label the same entity mentions with some noise (a mention dropped, relabelled, cut
 * short, a spurious one added), written through GlsImport in one transaction. Then, on the
 * project reopened read-only as `glossator-cli agreement` opens it, times
 * gls_agreement_compute() over every document (all measures: kappas, alpha, α_U, P/R/F1,
 * confusion matrix), and, for scale, what loading the texts and tokenizing them alone costs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gls-agreement.h"
#include "gls-import.h"
#include "gls-project.h"
#include "gls-tokenizer.h"
#include "../tests/gls-test-core.h"

static const char *words[] = {
  "the", "minister", "said", "on", "that", "talks", "with", "and", "would", "resume", "after",
  "a", "meeting", "in", "between", "delegations", "from", "both", "countries", "officials",
  "told", "reporters", "agency", "report", "election", "security", "of", "to", "was", "were",
};

typedef struct
{
  const char *label;
  const char *text;
} Mention;

static const Mention mentions[] = {
  { "PERSON", "Vladimir Putin" }, { "PERSON", "Mike Pompeo" }, { "PERSON", "Angela Merkel" },
  { "PERSON", "Emmanuel Macron" }, { "PERSON", "Olaf Scholz" }, { "PERSON", "Sergei Lavrov" },
  { "ORG", "European Commission" }, { "ORG", "United Nations Security Council" },
  { "ORG", "Reuters" }, { "ORG", "Gazprom" }, { "GPE", "Moscow" }, { "GPE", "Washington" },
  { "GPE", "Sochi" }, { "GPE", "Berlin" }, { "GPE", "Paris" }, { "LOC", "Black Sea" },
  { "LOC", "Danube" }, { "DATE", "Monday" }, { "DATE", "last week" }, { "NORP", "Russian" },
};

static const char *labels[] = { "PERSON", "ORG", "GPE", "LOC", "DATE", "NORP" };
static const char *annotators[] = { "anna", "ben", "cleo" };

typedef struct
{
  gint64 start;
  gint64 end;
  const char *label;
  guint n_words;
  gint64 first_word_end;
} Gold;

/* One article of about @target tokens; its mentions into @gold. Returns the tokens made. */
static char *
make_article (GRand  *rand,
              guint   target,
              GArray *gold,
              guint  *n_tokens)
{
  GString *s = g_string_sized_new (target * 7);
  guint tokens = 0, in_sentence = 0;

  g_array_set_size (gold, 0);
  while (tokens < target)
    {
      if (s->len > 0)
        g_string_append_c (s, ' ');
      if (g_rand_int_range (rand, 0, 8) == 0)
        {
          const Mention *m = &mentions[g_rand_int_range (rand, 0, G_N_ELEMENTS (mentions))];
          Gold g = { (gint64)s->len, 0, m->label, 1, 0 };
          const char *space = strchr (m->text, ' ');

          g_string_append (s, m->text);
          g.end = (gint64)s->len;
          g.first_word_end = space ? g.start + (space - m->text) : g.end;
          for (const char *p = m->text; *p; p++)
            g.n_words += *p == ' ';
          tokens += g.n_words;
          g_array_append_val (gold, g);
        }
      else
        {
          g_string_append (s, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          tokens++;
        }
      if (++in_sentence >= 12 && g_rand_int_range (rand, 0, 4) == 0)
        {
          g_string_append (s, ".");
          tokens++;
          in_sentence = 0;
        }
    }
  g_string_append (s, ".\n");
  *n_tokens = tokens + 1;
  return g_string_free (s, FALSE);
}

/* Processor time of this process, in ms: what a busy machine does not inflate as much. */
static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *p = g_build_filename (dir, name, NULL);
      g_remove (p);
    }
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GArray) gold = g_array_new (FALSE, FALSE, sizeof (Gold));
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) cpu_samples = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GlsImport) import = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *command = g_strjoinv (" ", argv);
  int n_tokens = 1000000, n_documents = 2000, n_runs = 5;
  guint64 made_tokens = 0, n_spans = 0;
  gint64 t0, t1;
  GOptionEntry entries[] = {
    { "tokens", 0, 0, G_OPTION_ARG_INT, &n_tokens, "Tokens in all", "N" },
    { "documents", 0, 0, G_OPTION_ARG_INT, &n_documents, "Articles they are spread over", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Timed runs", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Write the project here and keep it", "PATH" },
    { NULL }
  };

  context = g_option_context_new ("— time gls_agreement_compute() on three annotators");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  dir = g_dir_make_tmp ("gls-bench-agreement-XXXXXX", &error);
  g_assert_no_error (error);
  path = keep ? g_strdup (keep) : g_build_filename (dir, "agreement.glossator", NULL);

  /* The project. */
  t0 = g_get_monotonic_time ();
  project = gls_project_create (path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  import = gls_import_begin (project, "bench", &error);
  g_assert_no_error (error);
  for (int d = 0; d < n_documents; d++)
    {
      guint64 left = made_tokens < (guint64)n_tokens ? (guint64)n_tokens - made_tokens : 0;
      guint target = (guint)(left / (guint64)(n_documents - d)), made;
      g_autofree char *text = make_article (rand, target, gold, &made);
      gint64 id = gls_import_add_document (import, NULL, text, -1, NULL, &error);
      g_autoptr(GArray) tokens = gls_tokenize (text, -1, NULL, 0);

      g_assert_no_error (error);
      made_tokens += tokens->len;   /* as the tokenizer counts them */
      for (guint a = 0; a < G_N_ELEMENTS (annotators); a++)
        for (guint i = 0; i < gold->len; i++)
          {
            const Gold *g = &g_array_index (gold, Gold, i);
            int dice = g_rand_int_range (rand, 0, 100);

            if (dice < 8)
              continue;   /* missed */
            n_spans++;
            if (dice < 13)
              gls_test_add_span (import, id, g->start, g->end,
                        labels[g_rand_int_range (rand, 0, G_N_ELEMENTS (labels))], annotators[a]);
            else if (dice < 18 && g->n_words > 1)
              gls_test_add_span (import, id, g->start, g->first_word_end, g->label, annotators[a]);
            else
              gls_test_add_span (import, id, g->start, g->end, g->label, annotators[a]);
            if (g_rand_int_range (rand, 0, 100) == 0 && i + 1 < gold->len)
              {
                /* A spurious mention: the word after this one. */
                const Gold *next = &g_array_index (gold, Gold, i + 1);

                if (next->start > g->end + 2)
                  {
                    gls_test_add_span (import, id, g->end + 1, next->start - 1, "MISC",
                                       annotators[a]);
                    n_spans++;
                  }
              }
          }
    }
  g_assert_true (gls_import_commit (import, &error));
  g_clear_pointer (&import, gls_import_free);
  g_clear_object (&project);
  t1 = g_get_monotonic_time ();
  printf ("generated: %d documents, %" G_GUINT64_FORMAT " tokens, %" G_GUINT64_FORMAT
          " spans by 3 annotators in %.2f s\n",
          n_documents, made_tokens, n_spans, (t1 - t0) / 1e6);

  project = gls_project_open (path, GLS_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);

  /* For scale: loading every text and tokenizing it, nothing else. */
  {
    GListModel *documents = gls_project_get_documents (project);
    guint64 tokens = 0;
    double c0 = cpu_ms ();

    t0 = g_get_monotonic_time ();
    for (guint d = 0; d < g_list_model_get_n_items (documents); d++)
      {
        g_autoptr(GlsDocument) document = g_list_model_get_item (documents, d);
        g_autofree char *text = gls_project_load_text (project, gls_document_get_id (document),
                                                       &error);
        g_autoptr(GArray) array = NULL;

        g_assert_no_error (error);
        array = gls_tokenize (text, -1, NULL, 0);
        tokens += array->len;
      }
    t1 = g_get_monotonic_time ();
    printf ("load + tokenize only: %" G_GUINT64_FORMAT " tokens in %.0f ms (processor %.0f ms)\n",
            tokens, (t1 - t0) / 1e3, cpu_ms () - c0);
  }

  for (int r = 0; r < n_runs; r++)
    {
      g_autoptr(GlsAgreement) agreement = NULL;
      const GlsAgreementScores *total;
      double ms, c0 = cpu_ms (), cpu;

      t0 = g_get_monotonic_time ();
      agreement = gls_agreement_compute (project, NULL, NULL, NULL, &error);
      t1 = g_get_monotonic_time ();
      cpu = cpu_ms () - c0;
      g_assert_no_error (error);
      ms = (t1 - t0) / 1e3;
      g_array_append_val (samples, ms);
      g_array_append_val (cpu_samples, cpu);
      total = gls_agreement_get_total (agreement);
      if (r == 0)
        printf ("agreement: %u documents, %" G_GUINT64_FORMAT " tokens, %u labels; "
                "κ mean %.3f, Fleiss κ %.3f, α %.3f, α_U %.3f, F1 exact %.3f, overlap %.3f\n",
                total->n_documents, total->n_tokens, gls_agreement_get_n_labels (agreement),
                total->cohen_mean, total->fleiss, total->alpha, total->alpha_u,
                total->exact[0].f1, total->overlap[0].f1);
      printf ("gls_agreement_compute run %d: %.0f ms (processor %.0f ms)\n", r + 1, ms, cpu);
    }
  g_array_sort (samples, compare_double);
  g_array_sort (cpu_samples, compare_double);
  if (samples->len > 0)
    printf ("gls_agreement_compute: median %.0f ms, best %.0f ms, worst %.0f ms (%d runs); "
            "processor time median %.0f ms\n",
            g_array_index (samples, double, samples->len / 2),
            g_array_index (samples, double, 0),
            g_array_index (samples, double, samples->len - 1), n_runs,
            g_array_index (cpu_samples, double, cpu_samples->len / 2));
  printf ("command: %s\n", command);

  g_clear_object (&project);
  if (keep == NULL)
    remove_tree (dir);
  else
    g_rmdir (dir);
  return 0;
}
