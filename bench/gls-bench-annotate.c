/* gls-bench-annotate.c — the annotation window's figures, with the real widgets
 *
 *   meson devenv -C _build ./bench/glossator-bench-annotate [--runs 5] [--spans 50000]
 *
 * under a display (xvfb-run). It generates a project with one 1 MB article carrying 50,000
 * spans, then measures in a real GlsWindow:
 *
 * 1. opening it: from gls_window_open_path() to the first frame that shows the text and the
 *    highlights of the visible part;
 * 2. scrolling through it: each frame's work (tick to after-paint: layout, drawing the visible
 *    spans, rendering) while the view scrolls a third of a page per frame — right after opening,
 *    when the scroll (20 pages a second) overtakes GtkTextView laying the article out in the
 *    background, and again once that is done — and while it jumps *    to places not yet laid out;
 * 3. a label key press with text selected (a real key, typed with xdotool) to the frame that
 *    shows the new span, committed to the database; on the 1 MB article and on the sample
 *    project's first article;
 * 4. the process's resident memory with that article open.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "gls-application.h"
#include "gls-import.h"
#include "gls-window.h"
#include "gls-bench-common.h"
#include "../tests/gls-test-gui.h"

static const char *words[] = {
  "the", "minister", "said", "on", "Tuesday", "that", "talks", "with", "officials", "in",
  "Moscow", "and", "Washington", "would", "continue", "after", "a", "meeting", "of", "the",
  "council", "where", "Pompeo", "met", "Lavrov", "to", "discuss", "cybersecurity", "trade",
  "sanctions", "while", "Putin", "was", "expected", "at", "summit", "in", "Sochi", "next",
  "week", "according", "reports", "from", "Reuters", "agency",
};

static const char *labels[] = { "PERSON", "ORG", "GPE", "DATE" };

/* Resident memory of this process, in MB (VmRSS or VmHWM). */
static double
memory_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      !(line = strstr (status, field)))
    return -1;
  return g_ascii_strtod (line + strlen (field) + 1, NULL) / 1024.0;
}

/* A project with one article of about @bytes of text and @n_spans spans spread over it. */
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
  gint64 doc;
  /* The last start is the text's end. */
  guint n_words = starts->len - 2, step = MAX (n_words / n_spans, 1);

  g_assert_no_error (error);
  import = gls_import_begin (project, "bench", &error);
  g_assert_no_error (error);
  doc = gls_import_add_document (import, "A long article", text->str, (gssize)text->len, NULL,
                                 &error);
  g_assert_no_error (error);
  for (guint i = 0; i < n_spans && i * step + 1 < n_words; i++)
    {
      guint w = i * step;
      /* One or two words; every tenth span has a shorter one nested inside. */
      guint width = i % 3 == 0 ? 2 : 1;
      GlsFragment f = { g_array_index (starts, gint64, w),
                        g_array_index (starts, gint64, w + width) - 1 };

      if (text->str[f.end - 1] == '.')
        f.end--;
      gls_import_add_span (import, doc, &f, 1, labels[i % G_N_ELEMENTS (labels)], "bench",
                           NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_true (gls_import_commit (import, &error));
  g_assert_no_error (error);
}

typedef struct
{
  GlsDocumentView *view;
  GlsBenchKey key;            /* the label key: pressed, and its handlers done (committed) */
  gint64 t_start;             /* opening: gls_window_open_path() called */
  gint64 t_end;
  gboolean want_new_span;     /* wait for the selected span to be drawn */
  gint64 t_frame;             /* the frame that drew it began (layout) */
  gint64 t_laid_out;          /* its layout phase ended */
  gint64 t_painted;           /* its paint phase (snapshot and rendering) ended */
} Watch;

static void
watch_layout (GdkFrameClock *clock,
              Watch         *w)
{
  if (w->key.t_handled != 0 && w->t_end == 0)
    w->t_frame = g_get_monotonic_time ();
}

/* Connected after GDK's own handlers, so these mark the end of each phase. */
static void
watch_laid_out (GdkFrameClock *clock,
                Watch         *w)
{
  if (w->t_frame != 0 && w->t_end == 0)
    w->t_laid_out = g_get_monotonic_time ();
}

static void
watch_painted (GdkFrameClock *clock,
               Watch         *w)
{
  if (w->t_frame != 0 && w->t_end == 0)
    w->t_painted = g_get_monotonic_time ();
}

static void
watch_after_paint (GdkFrameClock *clock,
                   Watch         *w)
{
  if (w->t_end != 0 || (w->t_start == 0 && w->key.t_start == 0) ||
      !gls_document_view_spans_drawn (w->view) || gls_document_view_get_document (w->view) == 0)
    return;
  if (w->want_new_span &&
      !gls_document_view_get_span_area (w->view, gls_document_view_get_selected_span (w->view),
                                        NULL))
    return;
  w->t_end = g_get_monotonic_time ();
}

/* Key "1" with a word selected, @runs times, each on another visible word. Fills @work with
 * the time spent working: the key's handling plus the drawing frame, without the wait for the
 * frame's turn (the frame clock paints at most once per display refresh). */
static GArray *
time_label_key (GlsWindow *window,
                int        runs,
                GArray    *work)
{
  GlsDocumentView *view = gls_window_get_document_view (window);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  GArray *samples = g_array_new (FALSE, FALSE, sizeof (double));
  Watch w = { view, { GDK_KEY_1, 0, 0 }, 0, 0, TRUE, 0, 0, 0 };
  GtkEventController *key = gls_bench_watch_key (GTK_WIDGET (window), &w.key);
  GdkRectangle visible;
  gulong handler, layout, laid_out, painted;
  GtkTextIter iter, end;
  guint n_before;

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (watch_after_paint), &w);
  layout = g_signal_connect (clock, "before-paint", G_CALLBACK (watch_layout), &w);
  laid_out = g_signal_connect (clock, "layout", G_CALLBACK (watch_laid_out), &w);
  painted = g_signal_connect (clock, "paint", G_CALLBACK (watch_painted), &w);

  gtk_widget_grab_focus (GTK_WIDGET (view));
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (view), &visible);
  gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (view), &iter, visible.x + 40,
                                      visible.y + visible.height / 3);
  for (int i = 0; i < runs; i++)
    {
      /* The next word: select it as a double-click would. */
      if (!gtk_text_iter_starts_word (&iter))
        gtk_text_iter_forward_word_end (&iter);
      gtk_text_iter_forward_word_end (&iter);
      end = iter;
      gtk_text_iter_backward_word_start (&iter);
      gtk_text_buffer_select_range (buffer, &iter, &end);
      gls_test_gui_wait_drawn (GTK_WINDOW (window));

      w.key.t_start = w.key.t_handled = 0;
      w.t_end = w.t_frame = w.t_laid_out = w.t_painted = 0;
      n_before = g_list_model_get_n_items (gls_document_view_get_spans (view));
      gls_test_gui_key (GTK_WINDOW (window), "1");
      gls_bench_wait_until (&w.t_end, 10);
      iter = end;
      if (g_list_model_get_n_items (gls_document_view_get_spans (view)) == n_before)
        {
          /* The word had that very span already: nothing was made, nothing to time. */
          i--;
          continue;
        }
      if (w.t_laid_out == 0)      /* no layout phase: nothing needed one */
        w.t_laid_out = w.t_frame;
      g_array_append_val (samples, (double){ (w.t_end - w.key.t_start) / 1000.0 });
      g_array_append_val (work, (double){ ((w.key.t_handled - w.key.t_start) +
                                           (w.t_end - w.t_frame)) / 1000.0 });
      if (g_getenv ("GLS_BENCH_VERBOSE"))
        printf ("  key: handled %.1f ms, frame %.1f ms (layout %.1f, paint %.1f; began %.1f ms "
                "after)\n", (w.key.t_handled - w.key.t_start) / 1000.0,
                (w.t_end - w.t_frame) / 1000.0, (w.t_laid_out - w.t_frame) / 1000.0,
                (w.t_painted - w.t_laid_out) / 1000.0, (w.t_frame - w.key.t_handled) / 1000.0);
    }
  g_signal_handler_disconnect (clock, handler);
  g_signal_handler_disconnect (clock, layout);
  g_signal_handler_disconnect (clock, laid_out);
  g_signal_handler_disconnect (clock, painted);
  gtk_widget_remove_controller (GTK_WIDGET (window), key);
  return samples;
}

typedef struct
{
  GtkAdjustment *adjustment;
  GArray *samples;
  gint64 tick;
  gint64 laid_out;            /* end of the frame's layout phase (GLS_BENCH_VERBOSE) */
  int frames;
  gboolean jump;
  GRand *rand;
} Scroll;

static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  Scroll *s = data;
  double upper = gtk_adjustment_get_upper (s->adjustment);
  double page = gtk_adjustment_get_page_size (s->adjustment);
  double value = gtk_adjustment_get_value (s->adjustment);

  if (s->frames <= 0)
    return G_SOURCE_CONTINUE;
  s->frames--;
  if (s->jump)
    value = g_rand_double_range (s->rand, 0, upper - page);
  else
    value += page / 3;
  s->tick = g_get_monotonic_time ();
  gtk_adjustment_set_value (s->adjustment, value);
  return G_SOURCE_CONTINUE;
}

static void
scroll_after_paint (GdkFrameClock *clock,
                    Scroll        *s)
{
  gint64 now = g_get_monotonic_time ();

  if (s->tick == 0)
    return;
  g_array_append_val (s->samples, (double){ (now - s->tick) / 1000.0 });
  if (g_getenv ("GLS_BENCH_VERBOSE") && now - s->tick > 12000)
    printf ("  frame %u: %.1f ms: layout %.1f, paint %.1f\n", s->samples->len, (now - s->tick) / 1000.0,
            (s->laid_out - s->tick) / 1000.0, (now - s->laid_out) / 1000.0);
  s->tick = 0;
}

static void
scroll_laid_out (GdkFrameClock *clock,
                 Scroll        *s)
{
  s->laid_out = g_get_monotonic_time ();
}

static GArray *
time_scrolling (GlsWindow *window,
                int        frames,
                gboolean   jump)
{
  GlsDocumentView *view = gls_window_get_document_view (window);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  Scroll s = { gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view)),
               g_array_new (FALSE, FALSE, sizeof (double)), 0, 0, frames, jump,
               g_rand_new_with_seed (11) };
  gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (scroll_after_paint), &s);
  gulong laid_out = g_signal_connect_after (clock, "layout", G_CALLBACK (scroll_laid_out), &s);
  guint tick = gtk_widget_add_tick_callback (GTK_WIDGET (view), scroll_tick, &s, NULL);

  while (s.frames > 0 || s.tick != 0)
    g_main_context_iteration (NULL, TRUE);
  gtk_widget_remove_tick_callback (GTK_WIDGET (view), tick);
  g_signal_handler_disconnect (clock, handler);
  g_signal_handler_disconnect (clock, laid_out);
  g_rand_free (s.rand);
  return s.samples;
}

/* Waits until GtkTextView has laid out the whole article in the background (the height of
 * the text stops changing), then scrolls back to the top. */
static void
wait_laid_out (GlsWindow *window)
{
  GtkAdjustment *adjustment =
    gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (gls_window_get_document_view (window)));
  double upper = -1;
  int stable = 0;

  while (stable < 10)
    {
      gls_test_gui_wait (100);
      stable = gtk_adjustment_get_upper (adjustment) == upper ? stable + 1 : 0;
      upper = gtk_adjustment_get_upper (adjustment);
    }
  gtk_adjustment_set_value (adjustment, 0);
  gls_test_gui_wait_drawn (GTK_WINDOW (window));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the annotation window");
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) opens = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GlsApplication) app = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  const char *sample = g_getenv ("GLOSSATOR_SAMPLE_PROJECT");
  int runs = 5, n_spans = 50000, megabytes = 1, keys_sample = 20;
  gboolean sample_only = FALSE;
  g_autofree char *generate = NULL;
  double rss_before, anon_before;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Times to open the article", "N" },
    { "spans", 0, 0, G_OPTION_ARG_INT, &n_spans, "Spans in the article", "N" },
    { "megabytes", 0, 0, G_OPTION_ARG_INT, &megabytes, "Size of the article", "MB" },
    { "sample-only", 0, 0, G_OPTION_ARG_NONE, &sample_only, "Only time label keys in the sample "
      "project (for profiling)", NULL },
    { "keys", 0, 0, G_OPTION_ARG_INT, &keys_sample, "Label keys to press in the sample", "N" },
    { "generate", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_FILENAME, &generate,
      "Only write the project to PATH (done in a child process)", "PATH" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  if (generate != NULL)
    {
      make_project (generate, (gsize)megabytes * 1024 * 1024, (guint)n_spans);
      return 0;
    }
  setvbuf (stdout, NULL, _IONBF, 0);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  g_setenv ("GDK_BACKEND", "x11", TRUE);
  gtk_init ();
  adw_init ();
  app = gls_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  dir = g_dir_make_tmp ("gls-bench-annotate-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "long.glossator", NULL);
  {
    gint64 t0 = g_get_monotonic_time ();
    g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
    g_autofree char *mb = g_strdup_printf ("%d", megabytes);
    g_autofree char *spans = g_strdup_printf ("%d", n_spans);
    const char *child[] = { self_path, "--generate", path, "--megabytes", mb, "--spans", spans,
                            NULL };
    int status;

    /* In another process, so that the memory measured below is the window's alone, not the
     * generator's freed but not returned heap. */
    g_spawn_sync (NULL, (char **)child, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, &status,
                  &error);
    g_assert_no_error (error);
    g_spawn_check_wait_status (status, &error);
    g_assert_no_error (error);
    printf ("generated a %d MB article with %d spans in %.0f ms\n", megabytes, n_spans,
            (g_get_monotonic_time () - t0) / 1000.0);
  }
  rss_before = memory_mb ("VmRSS:");
  anon_before = memory_mb ("RssAnon:");

  for (int i = 0; i < (sample_only ? 0 : runs); i++)
    {
      GlsWindow *window = gls_window_new (app);
      Watch w = { gls_window_get_document_view (window), { 0, 0, 0 }, 0, 0, FALSE, 0, 0, 0 };
      gulong handler;

      gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
      gtk_window_present (GTK_WINDOW (window));
      gls_test_gui_wait_drawn (GTK_WINDOW (window));
      handler = g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), "after-paint",
                                  G_CALLBACK (watch_after_paint), &w);
      w.t_start = g_get_monotonic_time ();
      g_assert_true (gls_window_open_path (window, path));
      gls_bench_wait_until (&w.t_end, 10);
      gls_project_set_annotator (gls_window_get_project (window), "bench");
      g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), handler);
      g_array_append_val (opens, (double){ (w.t_end - w.t_start) / 1000.0 });

      if (i == runs - 1)
        {
          g_autoptr(GArray) smooth = NULL;
          g_autoptr(GArray) jumps = NULL;
          g_autoptr(GArray) settled = NULL;
          g_autoptr(GArray) keys = NULL;
          g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));
          GListModel *spans = gls_document_view_get_spans (gls_window_get_document_view (window));

          printf ("article: %u spans loaded\n", g_list_model_get_n_items (spans));
          gls_bench_report ("open 1 MB article, text + visible spans drawn", opens, 300);
          smooth = time_scrolling (window, 300, FALSE);
          gls_bench_report ("scroll ⅓ page per frame, just opened: frame work", smooth, 16);
          jumps = time_scrolling (window, 100, TRUE);
          gls_bench_report ("jump to random places (not yet laid out): frame work", jumps, 16);
          wait_laid_out (window);
          settled = time_scrolling (window, 300, FALSE);
          gls_bench_report ("scroll ⅓ page per frame, laid out: frame work", settled, 16);
          keys = time_label_key (window, 20, work);
          gls_bench_report ("label key → span committed and drawn (1 MB), wall", keys, 16);
          gls_bench_report ("label key → span committed and drawn (1 MB), work", work, 16);
          /* Resident includes the shared libraries' pages: under Xvfb GDK loads Mesa's
           * software GL (libLLVM alone is 44 MB) even for the Cairo renderer. Private
           * (anonymous) memory is what this process itself allocated. */
          printf ("memory: %.0f MB resident with the article open (%.0f MB before the window; "
                  "peak %.0f MB); private %.0f MB (%.0f MB before the window)\n",
                  memory_mb ("VmRSS:"), rss_before, memory_mb ("VmHWM:"),
                  memory_mb ("RssAnon:"), anon_before);
        }
      gtk_window_destroy (GTK_WINDOW (window));
      gls_test_gui_wait (100);
    }

  if (sample == NULL)
    sample = g_getenv ("GLS_SAMPLE_PROJECT");
  if (sample == NULL)
    sample = GLS_BUILT_SAMPLE;
  g_setenv ("GLS_SAMPLE_PROJECT", sample, TRUE);
  if (sample != NULL)
    {
      g_autofree char *copy = gls_test_gui_copy_sample (dir);
      GlsWindow *window = gls_window_new (app);
      g_autoptr(GArray) keys = NULL;
      g_autoptr(GArray) work = g_array_new (FALSE, FALSE, sizeof (double));

      gtk_window_set_default_size (GTK_WINDOW (window), 1200, 800);
      gtk_window_present (GTK_WINDOW (window));
      g_assert_true (gls_window_open_path (window, copy));
      gls_project_set_annotator (gls_window_get_project (window), "bench");
      gls_test_gui_wait_drawn (GTK_WINDOW (window));
      keys = time_label_key (window, keys_sample, work);
      gls_bench_report ("label key → span committed and drawn (sample), wall", keys, 16);
      gls_bench_report ("label key → span committed and drawn (sample), work", work, 16);
      gtk_window_destroy (GTK_WINDOW (window));
      gls_test_gui_wait (100);
      g_remove (copy);
    }

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_remove (path);
    g_remove (wal);
    g_rmdir (dir);
  }
  return 0;
}
