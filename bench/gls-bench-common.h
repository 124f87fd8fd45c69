/* gls-bench-common.h — what the window benches share: the long article, percentiles,
 * reports, timing a key
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A real key press, timed from the moment GTK hands it to the window to the moment its
 * handlers are done (the first high-priority idle after it). */
typedef struct
{
  guint keyval;
  gint64 t_start;
  gint64 t_handled;
} GlsBenchKey;

GString            *gls_bench_article     (const char * const *words,
                                           guint               n_words,
                                           gsize               bytes,
                                           GArray             *starts);
GtkEventController *gls_bench_watch_key  (GtkWidget   *window,
                                          GlsBenchKey *key);
void                gls_bench_wait_until (gint64      *t_end,
                                          guint        seconds);
double              gls_bench_percentile (GArray      *samples,
                                          double       p);
void                gls_bench_report     (const char  *what,
                                          GArray      *samples,
                                          double       limit);

G_END_DECLS
