/* gls-bench-review.c — finding disagreements on a 1 MB article, and counting what is left
 *
 *   glossator-bench-review [--mentions 50000] [--runs 7] [--keep PATH]
 *
 * Generates one article of about 1 MB with 50,000 entity mentions, labelled by three
 * annotators ("anna", "ben", "cleo") with some noise each (a mention missed and a spurious
 * one added elsewhere, relabelled, cut short), so that each has 50,000 spans; and a project of
 * 10 articles of 100 KB with 5,000 spans per annotator. Both go in through GlsImport. Then
 * times, on the projects reopened as glossator-cli reopens them:
 *
 * - gls_project_find_disagreements() for 2 annotators (anna, ben) and for all 3;
 * - gls_project_count_unsettled() for the article, and for the 10-article project (what a
 *   window would call after each decision);
 * - one gls_project_decide() on the article (the unit found again, Gold written, the
 *   decision recorded, the document's progress checked, committed), and
 *   gls_project_accept_agreements() over it.
 *
 * Each figure is the median of --runs runs, wall clock and processor time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "gls-import.h"
#include "gls-project.h"
#include "gls-review.h"
#include "../tests/gls-test-core.h"

static const char *words[] = {
  "the", "minister", "said", "on", "that", "talks", "with", "and", "would", "resume", "after",
  "a", "meeting", "in", "between", "delegations", "from", "both", "officials", "told",
};

static const char *names[] = {
  "Putin", "Pompeo", "Merkel", "Macron", "Scholz", "Lavrov", "Reuters", "Gazprom", "Moscow",
  "Washington", "Sochi", "Berlin", "Paris", "Danube", "Monday", "Russian", "European Union",
  "Black Sea", "United Nations", "Vladimir Putin",
};

static const char *labels[] = { "PERSON", "ORG", "GPE", "LOC", "DATE", "NORP" };
static const char *annotators[] = { "anna", "ben", "cleo" };

typedef struct
{
  gint64 start;
  gint64 end;
  gint64 first_word_end;
  gint64 gap_start;         /* a free stretch of filler before the mention, for spurious spans */
  gint64 gap_end;
  guint label;
} Mention;

/* An article with @n_mentions mentions, about 20 characters apart. */
static char *
make_article (GRand  *rand,
              guint   n_mentions,
              GArray *mentions)
{
  GString *s = g_string_sized_new (n_mentions * 21);

  g_array_set_size (mentions, 0);
  for (guint m = 0; m < n_mentions; m++)
    {
      const char *name = names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))];
      const char *space = strchr (name, ' ');
      Mention mention;

      mention.gap_start = (gint64)s->len;
      for (int w = g_rand_int_range (rand, 1, 4); w > 0; w--)
        {
          g_string_append (s, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
          g_string_append_c (s, ' ');
        }
      mention.gap_end = (gint64)s->len - 1;
      mention.start = (gint64)s->len;
      g_string_append (s, name);
      mention.end = (gint64)s->len;
      mention.first_word_end = space ? mention.start + (space - name) : mention.end;
      mention.label = (guint)g_rand_int_range (rand, 0, G_N_ELEMENTS (labels));
      g_string_append (s, g_rand_int_range (rand, 0, 6) == 0 ? ". " : " ");
      g_array_append_val (mentions, mention);
    }
  g_string_append (s, "end.\n");
  return g_string_free (s, FALSE);
}

/* Each annotator: one span per mention, 4% missed (a spurious span in a gap instead), 4%
 * relabelled, 4% cut to the first word (or a character short). */
static void
annotate (GlsImport *import,
          GRand     *rand,
          gint64     document,
          GArray    *mentions)
{
  for (guint a = 0; a < G_N_ELEMENTS (annotators); a++)
    for (guint i = 0; i < mentions->len; i++)
      {
        const Mention *m = &g_array_index (mentions, Mention, i);
        int dice = g_rand_int_range (rand, 0, 100);

        if (dice < 4)
          gls_test_add_span (import, document, m->gap_start, m->gap_end, "MISC", annotators[a]);
        else if (dice < 8)
          gls_test_add_span (import, document, m->start, m->end,
                    labels[(m->label + 1 + (guint)g_rand_int_range (rand, 0, 5)) %
                           G_N_ELEMENTS (labels)], annotators[a]);
        else if (dice < 12)
          gls_test_add_span (import, document, m->start,
                    m->first_word_end < m->end ? m->first_word_end : m->end - 1,
                    labels[m->label], annotators[a]);
        else
          gls_test_add_span (import, document, m->start, m->end, labels[m->label], annotators[a]);
      }
}

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

typedef struct
{
  GArray *wall;
  GArray *cpu;
  gint64 t0;
  double c0;
} Timer;

static void
timer_start (Timer *timer)
{
  if (timer->wall == NULL)
    {
      timer->wall = g_array_new (FALSE, FALSE, sizeof (double));
      timer->cpu = g_array_new (FALSE, FALSE, sizeof (double));
    }
  timer->c0 = cpu_ms ();
  timer->t0 = g_get_monotonic_time ();
}

static void
timer_stop (Timer *timer)
{
  double wall = (g_get_monotonic_time () - timer->t0) / 1e3;
  double cpu = cpu_ms () - timer->c0;

  g_array_append_val (timer->wall, wall);
  g_array_append_val (timer->cpu, cpu);
}

static void
timer_report (Timer      *timer,
              const char *what)
{
  guint n = timer->wall->len;

  g_array_sort (timer->wall, compare_double);
  g_array_sort (timer->cpu, compare_double);
  printf ("%s: median %.1f ms, best %.1f ms, worst %.1f ms (%u runs); processor median "
          "%.1f ms\n", what, g_array_index (timer->wall, double, n / 2),
          g_array_index (timer->wall, double, 0), g_array_index (timer->wall, double, n - 1), n,
          g_array_index (timer->cpu, double, n / 2));
  g_clear_pointer (&timer->wall, g_array_unref);
  g_clear_pointer (&timer->cpu, g_array_unref);
}

static void
print_units (GPtrArray  *units,
             const char *who)
{
  guint kinds[GLS_UNIT_EXTENT + 1] = { 0 };

  for (guint i = 0; i < units->len; i++)
    kinds[((GlsReviewUnit *)g_ptr_array_index (units, i))->kind]++;
  printf ("%s: %u units: %u agreements, %u only-some, %u label, %u extent\n", who, units->len,
          kinds[GLS_UNIT_AGREEMENT], kinds[GLS_UNIT_ONLY_SOME], kinds[GLS_UNIT_LABEL],
          kinds[GLS_UNIT_EXTENT]);
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

static char *
build_project (const char *dir,
               const char *name,
               GRand      *rand,
               guint       n_documents,
               guint       n_mentions,
               gint64     *n_chars)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GArray) mentions = g_array_new (FALSE, FALSE, sizeof (Mention));
  char *path = g_build_filename (dir, name, NULL);

  project = gls_project_create (path, GLS_PROJECT_CREATE_DEFAULT, &error);
  g_assert_no_error (error);
  import = gls_import_begin (project, "bench", &error);
  g_assert_no_error (error);
  *n_chars = 0;
  for (guint d = 0; d < n_documents; d++)
    {
      g_autofree char *text = make_article (rand, n_mentions, mentions);
      gint64 id = gls_import_add_document (import, NULL, text, -1, NULL, &error);

      g_assert_no_error (error);
      *n_chars += g_utf8_strlen (text, -1);
      annotate (import, rand, id, mentions);
    }
  g_assert_true (gls_import_commit (import, &error));
  g_assert_no_error (error);
  return path;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(GlsProject) project = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *ten_path = NULL;
  g_autofree char *keep = NULL;
  g_autofree char *command = g_strjoinv (" ", argv);
  const char *two[] = { "anna", "ben", NULL };
  int n_mentions = 50000, n_runs = 7;
  gint64 n_chars, n_ten_chars, t0;
  Timer timer = { 0 };
  GOptionEntry entries[] = {
    { "mentions", 0, 0, G_OPTION_ARG_INT, &n_mentions, "Mentions (spans per annotator)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Timed runs", "N" },
    { "keep", 0, 0, G_OPTION_ARG_FILENAME, &keep, "Keep the projects in this folder", "DIR" },
    { NULL }
  };

  context = g_option_context_new ("— time finding disagreements and counting unsettled units");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  if (keep != NULL)
    {
      g_mkdir_with_parents (keep, 0755);
      dir = g_strdup (keep);
    }
  else
    {
      dir = g_dir_make_tmp ("gls-bench-review-XXXXXX", &error);
      g_assert_no_error (error);
    }

  t0 = g_get_monotonic_time ();
  path = build_project (dir, "article.glossator", rand, 1, (guint)n_mentions, &n_chars);
  ten_path = build_project (dir, "ten.glossator", rand, 10, (guint)n_mentions / 10,
                            &n_ten_chars);
  printf ("generated: one article of %" G_GINT64_FORMAT " characters with %d spans per "
          "annotator (3 annotators); 10 articles of %" G_GINT64_FORMAT " characters in all, "
          "%d spans per annotator each; in %.1f s\n", n_chars, n_mentions, n_ten_chars,
          n_mentions / 10, (g_get_monotonic_time () - t0) / 1e6);

  /* Reading, as glossator-cli review opens a project. */
  project = gls_project_open (path, GLS_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  for (int pass = 0; pass < 2; pass++)
    {
      const char * const *who = pass == 0 ? two : NULL;
      const char *name = pass == 0 ? "2 annotators" : "3 annotators";
      g_autofree char *what = NULL;

      for (int r = 0; r < n_runs; r++)
        {
          g_autoptr(GPtrArray) units = NULL;

          timer_start (&timer);
          units = gls_project_find_disagreements (project, 1, who, &error);
          timer_stop (&timer);
          g_assert_no_error (error);
          if (r == 0)
            print_units (units, name);
        }
      what = g_strdup_printf ("gls_project_find_disagreements, %s", name);
      timer_report (&timer, what);

      for (int r = 0; r < n_runs; r++)
        {
          GlsReviewProgress progress;

          timer_start (&timer);
          g_assert_true (gls_project_count_unsettled (project, 1, who, &progress, &error));
          timer_stop (&timer);
          g_assert_no_error (error);
        }
      g_clear_pointer (&what, g_free);
      what = g_strdup_printf ("gls_project_count_unsettled, article, %s", name);
      timer_report (&timer, what);
    }
  g_clear_object (&project);

  project = gls_project_open (ten_path, GLS_PROJECT_OPEN_READ_ONLY, &error);
  g_assert_no_error (error);
  for (int r = 0; r < n_runs; r++)
    {
      GlsReviewProgress progress;

      timer_start (&timer);
      g_assert_true (gls_project_count_unsettled (project, 0, two, &progress, &error));
      timer_stop (&timer);
      g_assert_no_error (error);
      if (r == 0)
        printf ("10 articles, 2 annotators: %u documents, %u disagreements, %u agreements\n",
                progress.n_documents, progress.n_disagreements, progress.n_agreements);
    }
  timer_report (&timer, "gls_project_count_unsettled, 10 articles, 2 annotators");
  g_clear_object (&project);

  /* Writing: decisions on the article, as the window would take them. */
  project = gls_project_open (path, GLS_PROJECT_OPEN_DEFAULT, &error);
  g_assert_no_error (error);
  gls_project_set_annotator (project, "rita");
  {
    g_autoptr(GPtrArray) units = gls_project_find_disagreements (project, 1, two, &error);
    guint decided = 0;

    g_assert_no_error (error);
    for (guint i = 0; i < units->len && decided < (guint)n_runs; i++)
      {
        const GlsReviewUnit *unit = g_ptr_array_index (units, i);

        if (unit->kind == GLS_UNIT_AGREEMENT)
          continue;
        timer_start (&timer);
        g_assert_true (gls_project_decide (project, unit, GLS_DECISION_ACCEPT, "anna", &error));
        timer_stop (&timer);
        g_assert_no_error (error);
        decided++;
      }
    timer_report (&timer, "gls_project_decide (accept), article, 2 annotators");
  }
  {
    guint n_accepted = 0;

    timer_start (&timer);
    g_assert_true (gls_project_accept_agreements (project, 1, two, &n_accepted, &error));
    timer_stop (&timer);
    g_assert_no_error (error);
    printf ("accepted %u agreement units\n", n_accepted);
    timer_report (&timer, "gls_project_accept_agreements, article, 2 annotators (one run)");
  }
  printf ("command: %s\n", command);

  g_clear_object (&project);
  if (keep == NULL)
    remove_tree (dir);
  return 0;
}
