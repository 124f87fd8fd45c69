/* gls-after-frame.c — work that follows an edit, done once the edit is on screen
 *
 * A label key makes a span, and the span must be drawn in the very next frame. The counts on
 * the label chips, the document's row in the sidebar and the inspector's list follow from
 * it; if they changed in that same frame, the frame would lay them out too and repaint all
 * that lies between them and the span (GTK's Cairo renderer paints the bounding box of what
 * changed). So they change in idle after that frame and are drawn in the one after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gls-after-frame.h"

typedef struct
{
  GWeakRef widget;
  GlsAfterFrameFunc func;
  gboolean queued;      /* handed on from the frame to idle */
} Later;

static void
later_free (gpointer data)
{
  Later *later = data;

  g_weak_ref_clear (&later->widget);
  g_free (later);
}

static gboolean
later_idle_cb (gpointer data)
{
  Later *later = data;
  g_autoptr(GtkWidget) widget = g_weak_ref_get (&later->widget);

  if (widget != NULL)
    later->func (widget);
  return G_SOURCE_REMOVE;
}

static void
later_tick_done (gpointer data)
{
  Later *later = data;

  if (!later->queued)
    later_free (later);
}

/* Runs in the frame's update phase, before that frame lays out and paints. */
static gboolean
later_tick_cb (GtkWidget     *widget,
               GdkFrameClock *clock,
               gpointer       data)
{
  Later *later = data;

  later->queued = TRUE;
  g_idle_add_full (G_PRIORITY_LOW, later_idle_cb, later, later_free);
  return G_SOURCE_REMOVE;
}

/**
 * gls_after_frame:
 * @widget: the widget the work is for, in the window that draws the change
 * @func: the work, called once with @widget
 *
 * Calls @func in idle after the window's next frame has painted; not at all when @widget is
 * finalized first. A widget that is not on screen has no frames: then @func runs in idle
 * straight away. Callers that must not queue the same work twice keep a flag.
 */
void
gls_after_frame (GtkWidget         *widget,
                 GlsAfterFrameFunc  func)
{
  Later *later = g_new0 (Later, 1);

  g_weak_ref_init (&later->widget, widget);
  later->func = func;
  if (gtk_widget_get_mapped (widget))
    gtk_widget_add_tick_callback (widget, later_tick_cb, later, later_tick_done);
  else
    {
      later->queued = TRUE;
      g_idle_add_full (G_PRIORITY_LOW, later_idle_cb, later, later_free);
    }
}
