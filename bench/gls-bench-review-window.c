/* gls-bench-review-window.c — review mode in the real window on a 1 MB article
 *
 *   glossator-bench-review-window [--runs 5] [--jumps 30]
 *
 * Under a display (xvfb-run). Generates an article of about 1 MB in paragraphs of about 80
 * words, with 50,000 spans by each of three annotators: anna, ben (who differs from anna on
 * about one span in eight: another label, another extent, or none) and cleo (the same, with
 * other differences). Times, with the article open in a 1200×800 window:
 *
 * 1. opening review mode: from gls_window_set_reviewing() to the end of the first frame that
 *    draws the marked text with the panel filled (all annotators compared, then anna ↔ ben);
 * 2. N: from the key press (typed with xdotool) to the end of the frame that outlines the
 *    next disagreement, scrolled to; the work (the key's handling plus that frame).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "gls-application.h"
#include "gls-import.h"
#include "gls-window.h"
#include "gls-bench-common.h"
#include "../tests/gls-test-gui.h"

static const char *words[] = {
  "the", "minister", "said", "on", "Monday", "that", "talks", "with", "Moscow", "and",
  "Washington", "would", "resume", "after", "a", "meeting", "in", "Sochi", "between", "Putin",
  "Pompeo", "officials", "told", "Reuters",
};

static const char *labels[] = { "PERSON", "ORG", "GPE", "DATE" };

/* One annotator's spans: one on every third word, as anna made them, changed now and then. */
static void
annotate (GlsImport   *import,
          gint64       document,
          GArray      *starts,
          const char  *annotator,
          guint        n_spans,
          guint        seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;
  guint n_words = starts->len - 1;
  guint step = MAX (n_words / n_spans, 1);

  for (guint i = 0; i < n_spans && i * step + 2 < n_words; i++)
    {
      guint w = i * step, width = i % 3 == 0 ? 2 : 1;
      const char *label = labels[i % G_N_ELEMENTS (labels)];
      guint change = seed == 0 ? 99 : (guint)g_rand_int_range (rand, 0, 24);
      GlsFragment f;

      if (change == 0)
        continue;                              /* not annotated */
      if (change == 1)
        label = labels[(i + 1) % G_N_ELEMENTS (labels)];
      if (change == 2)
        width = width == 1 ? 2 : 1;            /* another extent */
      f.start = g_array_index (starts, gint64, w);
      f.end = g_array_index (starts, gint64, w + width) - 1;
      gls_import_add_span (import, document, &f, 1, label, annotator, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
}

static void
make_project (const char *path,
              gsize       bytes,
              guint       n_spans)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsProject) project = gls_project_create (path, 0, &error);
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) text = gls_bench_article (words, G_N_ELEMENTS (words), bytes, starts);
  gint64 document;

  g_assert_no_error (error);
  import = gls_import_begin (project, "bench", &error);
  g_assert_no_error (error);
  document = gls_import_add_document (import, "A long article", text->str, (gssize)text->len,
                                      NULL, &error);
  g_assert_no_error (error);
  annotate (import, document, starts, "anna", n_spans, 0);
  annotate (import, document, starts, "ben", n_spans, 1);
  annotate (import, document, starts, "cleo", n_spans, 2);
  g_assert_true (gls_import_commit (import, &error));
}

typedef struct
{
  GlsReviewPanel *panel;
  GlsBenchKey key;            /* N: pressed, and its handlers done */
  gint64 t_start;             /* opening review mode: asked for */
  gint64 t_frame;
  gint64 t_end;
  gint64 want_start;          /* the unit that must be current; -1: any */
} Watch;

static void
frame_began (GdkFrameClock *clock,
             Watch         *w)
{
  if ((w->t_start != 0 || w->key.t_start != 0) && w->t_end == 0)
    w->t_frame = g_get_monotonic_time ();
}

static void
frame_ended (GdkFrameClock *clock,
             Watch         *w)
{
  const GlsReviewUnit *unit;

  if ((w->t_start == 0 && w->key.t_start == 0) || w->t_end != 0)
    return;
  unit = gls_review_panel_get_current_unit (w->panel);
  if (w->want_start >= 0 ? unit == NULL || unit->start == w->want_start
                         : g_list_model_get_n_items (gls_review_panel_get_units (w->panel)) == 0)
    return;
  w->t_end = g_get_monotonic_time ();
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— time review mode");
  g_autoptr(GError) error = NULL;
  g_autoptr(GlsApplication) app = NULL;
  g_autoptr(GArray) opens_all = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) opens_pair = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) walls = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) works = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *project = NULL;
  int runs = 5, jumps = 30;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Times to open review mode", "N" },
    { "jumps", 0, 0, G_OPTION_ARG_INT, &jumps, "Presses of N", "N" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  setvbuf (stdout, NULL, _IONBF, 0);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  gtk_init ();
  adw_init ();
  app = gls_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("gls-bench-review-window-XXXXXX", &error);
  g_assert_no_error (error);
  project = g_build_filename (dir, "article.glossator", NULL);
  {
    gint64 t0 = g_get_monotonic_time ();

    make_project (project, 1024 * 1024, 50000);
    printf ("generated a 1 MB article with 3 × 50,000 spans in %.0f ms\n",
            (g_get_monotonic_time () - t0) / 1000.0);
  }

  {
    GlsWindow *window = gls_window_new (app);
    GlsReviewPanel *panel = gls_window_get_review_panel (window);
    GdkFrameClock *clock;
    Watch w = { panel, { GDK_KEY_n, 0, 0 }, 0, 0, 0, -1 };
    gulong began, ended;

    gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
    gtk_window_present (GTK_WINDOW (window));
    g_assert_true (gls_window_open_path (window, project));
    gls_project_set_annotator (gls_window_get_project (window), "reviewer");
    gls_test_gui_wait_drawn (GTK_WINDOW (window));
    clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
    began = g_signal_connect (clock, "before-paint", G_CALLBACK (frame_began), &w);
    ended = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_ended), &w);

    for (int i = 0; i < runs; i++)
      {
        GtkDropDown *compare = NULL;

        w = (Watch){ panel, { GDK_KEY_n, 0, 0 }, g_get_monotonic_time (), 0, 0, -1 };
        gls_window_set_reviewing (window, TRUE);
        gls_bench_wait_until (&w.t_end, 20);
        g_array_append_val (opens_all, (double){ (w.t_end - w.t_start) / 1000.0 });
        if (i == 0)
          printf ("review mode: %u disagreements listed (all annotators)\n",
                  g_list_model_get_n_items (gls_review_panel_get_units (panel)));

        /* anna ↔ ben: the drop-down's second row. */
        for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (panel)); c && !compare; )
          {
            GtkWidget *next = gtk_widget_get_first_child (c);

            if (GTK_IS_DROP_DOWN (c))
              compare = GTK_DROP_DOWN (c);
            while (next == NULL && c != NULL && c != GTK_WIDGET (panel))
              {
                next = gtk_widget_get_next_sibling (c);
                c = gtk_widget_get_parent (c);
              }
            c = next;
          }
        g_assert_nonnull (compare);
        w = (Watch){ panel, { GDK_KEY_n, 0, 0 }, g_get_monotonic_time (), 0, 0, -1 };
        gtk_drop_down_set_selected (compare, 1);
        gls_bench_wait_until (&w.t_end, 20);
        g_array_append_val (opens_pair, (double){ (w.t_end - w.t_start) / 1000.0 });
        if (i == runs - 1)
          printf ("review mode: %u disagreements listed (anna ↔ ben)\n",
                  g_list_model_get_n_items (gls_review_panel_get_units (panel)));
        else
          {
            gls_window_set_reviewing (window, FALSE);
            gls_test_gui_wait_drawn (GTK_WINDOW (window));
          }
      }

    /* N, N, N …: each goes to the next unsettled disagreement. */
    {
      GtkEventController *key = gls_bench_watch_key (GTK_WIDGET (window), &w.key);

      gtk_widget_grab_focus (GTK_WIDGET (gls_window_get_document_view (window)));
      for (int i = 0; i < jumps; i++)
        {
          const GlsReviewUnit *unit = gls_review_panel_get_current_unit (panel);

          gls_test_gui_wait_drawn (GTK_WINDOW (window));
          w = (Watch){ panel, { GDK_KEY_n, 0, 0 }, 0, 0, 0, unit ? unit->start : -2 };
          gls_test_gui_key (GTK_WINDOW (window), "n");
          gls_bench_wait_until (&w.t_end, 20);
          g_array_append_val (walls, (double){ (w.t_end - w.key.t_start) / 1000.0 });
          g_array_append_val (works, (double){ ((w.key.t_handled - w.key.t_start) +
                                                (w.t_end - w.t_frame)) / 1000.0 });
        }
      gtk_widget_remove_controller (GTK_WIDGET (window), key);
    }
    g_signal_handler_disconnect (clock, began);
    g_signal_handler_disconnect (clock, ended);
    gtk_window_destroy (GTK_WINDOW (window));
  }

  gls_bench_report ("open review mode, all 3 annotators (drawn)", opens_all, 0);
  gls_bench_report ("compare anna ↔ ben instead (drawn)", opens_pair, 0);
  gls_bench_report ("N → next disagreement outlined, wall", walls, 0);
  gls_bench_report ("N → next disagreement outlined, work", works, 0);
  {
    g_autofree char *wal = g_strconcat (project, "-wal", NULL);

    g_remove (project);
    g_remove (wal);
    g_rmdir (dir);
  }
  return 0;
}
