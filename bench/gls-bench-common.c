/* gls-bench-common.c — what the window benches share: the long article, percentiles,
 * reports, timing a key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gls-bench-common.h"

/* An article of about @bytes of text: @words drawn at random (the same every run), a
 * paragraph every 80 words or so. Fills @starts (of gint64) with each word's first character,
 * then the text's length. */
GString *
gls_bench_article (const char * const *words,
                   guint               n_words,
                   gsize               bytes,
                   GArray             *starts)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  GString *text = g_string_sized_new (bytes + 64);
  gint64 chars = 0;

  while (text->len < bytes)
    {
      const char *word = words[g_rand_int_range (rand, 0, (gint32)n_words)];

      g_array_append_val (starts, chars);
      g_string_append (text, word);
      chars += (gint64)strlen (word);
      if (g_rand_int_range (rand, 0, 80) == 0)
        {
          g_string_append (text, ".\n\n");
          chars += 3;
        }
      else
        {
          g_string_append_c (text, ' ');
          chars++;
        }
    }
  g_array_append_val (starts, chars);
  return text;
}

static gboolean
handled_cb (gpointer data)
{
  ((GlsBenchKey *)data)->t_handled = g_get_monotonic_time ();
  return G_SOURCE_REMOVE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GlsBenchKey           *key)
{
  if (keyval == key->keyval && key->t_start == 0)
    {
      key->t_start = g_get_monotonic_time ();
      g_idle_add_full (G_PRIORITY_HIGH, handled_cb, key, NULL);
    }
  return GDK_EVENT_PROPAGATE;
}

/* Watches @window for @key's keyval (in the capture phase, before anyone handles it) while
 * @key->t_start is 0. Remove the returned controller from @window when done. */
GtkEventController *
gls_bench_watch_key (GtkWidget   *window,
                     GlsBenchKey *key)
{
  GtkEventController *controller = gtk_event_controller_key_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), key);
  gtk_widget_add_controller (window, controller);
  return controller;
}

/* Runs the main loop until *@t_end is set; fails after @seconds. */
void
gls_bench_wait_until (gint64 *t_end,
                      guint   seconds)
{
  gint64 deadline = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (*t_end == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (*t_end, !=, 0);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return x < y ? -1 : x > y;
}

/* The nearest-rank percentile @p (0 < p ≤ 1) of @samples, which stay as they are. */
double
gls_bench_percentile (GArray *samples,
                      double  p)
{
  g_autoptr(GArray) sorted = g_array_copy (samples);
  guint rank = (guint)ceil (p * sorted->len);

  g_assert (sorted->len > 0);
  g_array_sort (sorted, compare_double);
  return g_array_index (sorted, double, CLAMP (rank, 1, sorted->len) - 1);
}

/* Prints the median, p95 and maximum of @samples (ms) and, with @limit > 0, how many
 * reached @limit. */
void
gls_bench_report (const char *what,
                  GArray     *samples,
                  double      limit)
{
  guint over = 0;

  printf ("%-58s median %7.2f ms   p95 %7.2f ms   max %7.2f ms   (n=%u", what,
          gls_bench_percentile (samples, 0.5), gls_bench_percentile (samples, 0.95),
          gls_bench_percentile (samples, 1.0), samples->len);
  if (limit > 0)
    {
      for (guint i = 0; i < samples->len; i++)
        over += g_array_index (samples, double, i) >= limit;
      printf (", %u ≥ %.0f ms", over, limit);
    }
  printf (")\n");
}
