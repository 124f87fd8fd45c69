/* gls-test-gui.c — helpers for window tests: real windows under Xvfb, real input via xdotool
 *
 * Input goes through the X server (xdotool), exactly as a person's mouse and keyboard would,
 * and positions are asked of the widgets, never hard-coded.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include <adwaita.h>
#include <gdk/x11/gdkx.h>
#include <glib/gstdio.h>

#include "gls-test-gui.h"
#include "gls-document-view.h"
#include "gls-window.h"

static gboolean
time_up_cb (gpointer data)
{
  *(gboolean *)data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Initializes GTK for a test and libadwaita, and returns the application (registered) whose
 * windows the test opens. */
GlsApplication *
gls_test_gui_init (int    *argc,
                   char ***argv)
{
  g_autoptr(GError) error = NULL;
  GlsApplication *app;

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  app = gls_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

void
gls_test_gui_wait (guint msec)
{
  gboolean done = FALSE;

  g_timeout_add (msec, time_up_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

gboolean
gls_test_gui_wait_for (gboolean (*predicate) (gpointer data),
                       gpointer   data,
                       guint      timeout_msec)
{
  gint64 deadline = g_get_monotonic_time () + (gint64)timeout_msec * 1000;

  while (!predicate (data))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  (*(guint *)data)++;
}

/* Waits until the window is mapped and has painted two frames. */
void
gls_test_gui_wait_drawn (GtkWindow *window)
{
  GdkFrameClock *clock;
  guint frames = 0;
  gulong handler;

  while (!gtk_widget_get_mapped (GTK_WIDGET (window)))
    g_main_context_iteration (NULL, TRUE);
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &frames);
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (frames < 1)
    g_main_context_iteration (NULL, TRUE);
  /* Once more: what the first frame's layout queued is drawn by the second. */
  gtk_widget_queue_draw (GTK_WIDGET (window));
  while (frames < 2)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handler_disconnect (clock, handler);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *(gboolean *)data = TRUE;
}

/* Runs xdotool while the main loop keeps running (so the window can answer the X server). */
void
gls_test_gui_xdotool (const char *first_arg,
                      ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  gboolean done = FALSE;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer)"xdotool");
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer)arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  proc = g_subprocess_newv ((const char * const *)argv->pdata, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_async (proc, NULL, wait_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_subprocess_get_successful (proc));
  /* Let GTK receive and handle the events. */
  gls_test_gui_wait (150);
}

static void
surface_point (GtkWidget *widget,
               double     x,
               double     y,
               char      *xid_out,
               char      *x_out,
               char      *y_out)
{
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_point_t in = GRAPHENE_POINT_INIT ((float)x, (float)y), out;
  double sx, sy;

  g_assert_true (gtk_widget_compute_point (widget, GTK_WIDGET (native), &in, &out));
  gtk_native_get_surface_transform (native, &sx, &sy);
  g_snprintf (xid_out, 32, "%lu", (gulong)gdk_x11_surface_get_xid (gtk_native_get_surface (native)));
  g_snprintf (x_out, 32, "%d", (int)(out.x + sx));
  g_snprintf (y_out, 32, "%d", (int)(out.y + sy));
}

/* Clicks at (x, y) in @widget's coordinates with the real pointer. */
void
gls_test_gui_click (GtkWidget *widget,
                    double     x,
                    double     y)
{
  char xid[32], sx[32], sy[32];

  surface_point (widget, x, y, xid, sx, sy);
  gls_test_gui_xdotool ("mousemove", "--window", xid, sx, sy, "click", "1", NULL);
}

/* Presses at (x1, y1), moves in steps and releases at (x2, y2), in @widget's coordinates. */
void
gls_test_gui_drag (GtkWidget *widget,
                   double     x1,
                   double     y1,
                   double     x2,
                   double     y2)
{
  gls_test_gui_drag_with (widget, NULL, x1, y1, x2, y2);
}

/* A drag with @modifier ("ctrl", "shift", or NULL) held down. */
void
gls_test_gui_drag_with (GtkWidget  *widget,
                        const char *modifier,
                        double      x1,
                        double      y1,
                        double      x2,
                        double      y2)
{
  char xid[32], sx1[32], sy1[32], sx2[32], sy2[32], mx[32], my[32];

  surface_point (widget, x1, y1, xid, sx1, sy1);
  surface_point (widget, x2, y2, xid, sx2, sy2);
  surface_point (widget, (x1 + x2) / 2, (y1 + y2) / 2, xid, mx, my);
  if (modifier != NULL)
    gls_test_gui_xdotool ("keydown", "--window", xid, modifier, NULL);
  gls_test_gui_xdotool ("mousemove", "--window", xid, sx1, sy1, "mousedown", "1",
                        "sleep", "0.05", "mousemove", "--window", xid, mx, my,
                        "sleep", "0.05", "mousemove", "--window", xid, sx2, sy2,
                        "sleep", "0.05", "mouseup", "1", NULL);
  if (modifier != NULL)
    gls_test_gui_xdotool ("keyup", "--window", xid, modifier, NULL);
}

void
gls_test_gui_double_click (GtkWidget *widget,
                           double     x,
                           double     y)
{
  char xid[32], sx[32], sy[32];

  surface_point (widget, x, y, xid, sx, sy);
  gls_test_gui_xdotool ("mousemove", "--window", xid, sx, sy, "click", "--repeat", "2",
                        "--delay", "80", "1", NULL);
}

/* Where character @offset of a text view is drawn, in the view's widget coordinates: the
 * middle of the character's box (never hard-coded pixels: wrapping moves text). */
void
gls_test_gui_text_point (GtkTextView *view,
                         int          offset,
                         double      *x,
                         double      *y)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GdkRectangle rect;
  GtkTextIter iter;
  int wx, wy;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, offset);
  gtk_text_view_get_iter_location (view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (view, GTK_TEXT_WINDOW_WIDGET, rect.x, rect.y, &wx, &wy);
  *x = wx + MAX (rect.width, 2) / 2.0;
  *y = wy + rect.height / 2.0;
}

void
gls_test_gui_key (GtkWindow  *window,
                  const char *keys)
{
  char xid[32];

  g_snprintf (xid, sizeof xid, "%lu",
              (gulong)gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (window))));
  /* Focus the window the way a click would (Xvfb has no window manager to do it), then type
   * into whatever has the keyboard, as a person does. */
  gls_test_gui_xdotool ("windowfocus", "--sync", xid, "key", "--clearmodifiers", keys, NULL);
}

/* The first mapped GtkLabel below @root showing exactly @text. */
GtkWidget *
gls_test_gui_find_label (GtkWidget  *root,
                         const char *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gls_test_gui_find_label (child, text);
      if (found)
        return found;
    }
  return NULL;
}

/* The first mapped button below @root labelled exactly @label (mnemonic included). */
GtkWidget *
gls_test_gui_find_button (GtkWidget  *root,
                          const char *label)
{
  if (GTK_IS_BUTTON (root) && gtk_widget_get_mapped (root) &&
      g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = gls_test_gui_find_button (child, label);
      if (found)
        return found;
    }
  return NULL;
}

/* What @widget shows now, as a texture of its size. */
GdkTexture *
gls_test_gui_render (GtkWidget *widget)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t viewport = GRAPHENE_RECT_INIT (0, 0, (float)width, (float)height);

  /* A widget that is being laid out again has nothing to paint: let a frame pass first. */
  gls_test_gui_wait_drawn (GTK_WINDOW (gtk_widget_get_root (widget)));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                      node, &viewport);
}

void
gls_test_gui_screenshot (GtkWidget  *widget,
                         const char *path)
{
  g_autoptr(GdkTexture) texture = gls_test_gui_render (widget);

  g_assert_true (gdk_texture_save_to_png (texture, path));
}

/* The colour of the pixel (@x, @y) of @texture (opaque, 0..1 per channel). */
void
gls_test_gui_pixel (GdkTexture *texture,
                    int         x,
                    int         y,
                    GdkRGBA    *color)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize)width * (gsize)height * 4);
  const guchar *px;

  g_assert_true (x >= 0 && x < width && y >= 0 && y < height);
  gdk_texture_download (texture, data, (gsize)width * 4);
  px = data + ((gsize)y * (gsize)width + (gsize)x) * 4;
  *color = (GdkRGBA){ px[2] / 255.f, px[1] / 255.f, px[0] / 255.f, px[3] / 255.f };
}

/* Whether some pixel of column @x, rows [@y0, @y1], has the colour @color (to within 8 of 255
 * per channel). */
gboolean
gls_test_gui_column_has_color (GdkTexture *texture,
                               int         x,
                               int         y0,
                               int         y1,
                               const char *color)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize)width * (gsize)height * 4);
  GdkRGBA want;

  g_assert_true (gdk_rgba_parse (&want, color));
  gdk_texture_download (texture, data, (gsize)width * 4);
  for (int y = MAX (y0, 0); y <= MIN (y1, height - 1); y++)
    {
      /* Cairo's ARGB32, in memory B, G, R, A on little-endian machines; opaque here. */
      const guchar *px = data + ((gsize)y * (gsize)width + (gsize)x) * 4;

      if (x >= 0 && x < width &&
          ABS (px[2] - (int)(want.red * 255)) <= 8 &&
          ABS (px[1] - (int)(want.green * 255)) <= 8 &&
          ABS (px[0] - (int)(want.blue * 255)) <= 8)
        return TRUE;
    }
  return FALSE;
}

/* Whether the last frame of @view drew the span @span_id, with its label's underline in
 * @color under the span's first character. */
gboolean
gls_test_gui_span_drawn (GlsDocumentView *view,
                         gint64           span_id,
                         const char      *color)
{
  g_autoptr(GdkTexture) texture = gls_test_gui_render (GTK_WIDGET (view));
  GdkRectangle area;

  if (!gls_document_view_get_span_area (view, span_id, &area))
    return FALSE;
  /* Underlines sit under the text, one level per nesting depth. */
  return gls_test_gui_column_has_color (texture, area.x + 2, area.y + area.height,
                                        area.y + area.height + 12, color);
}

/* A new window of @app on the project @path, @width × @height, shown and drawn. */
GlsWindow *
gls_test_gui_open_window (GlsApplication *app,
                          const char     *path,
                          int             width,
                          int             height)
{
  GlsWindow *window = gls_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  g_assert_true (gls_window_open_path (window, path));
  gtk_window_present (GTK_WINDOW (window));
  gls_test_gui_wait_drawn (GTK_WINDOW (window));
  return window;
}

/* Closes @window and removes the project @path (with its WAL) and the folder @dir. */
void
gls_test_gui_close_window (GlsWindow  *window,
                           const char *dir,
                           const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);

  gtk_window_destroy (GTK_WINDOW (window));
  gls_test_gui_wait (50);
  g_remove (path);
  g_remove (wal);
  g_rmdir (dir);
}

/* A private copy of the bundled sample project, so tests never touch the built one. */
char *
gls_test_gui_copy_sample (const char *dir)
{
  g_autoptr(GFile) src = g_file_new_for_path (g_getenv ("GLS_SAMPLE_PROJECT"));
  g_autofree char *path = g_build_filename (dir, "Sample.glossator", NULL);
  g_autoptr(GFile) dst = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (g_getenv ("GLS_SAMPLE_PROJECT"));
  g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* GTK 4.8's text view (inside GtkSourceView's snapshot) can set its scroll adjustment while
 * it is drawn, in a frame soon after its text or its caret moved while the keyboard focus is
 * elsewhere (the sidebar's search entry, a result, the status menu; the label chooser opened
 * from the review panel). The view, or its scrollbar (a GtkGizmo), then warns that it is drawn
 * before being allocated, and is right in the next frame. That one warning, for those two
 * widgets, is let through; every other stays fatal. */
static GLogWriterOutput
tolerant_log_writer (GLogLevelFlags   log_level,
                     const GLogField *fields,
                     gsize            n_fields,
                     gpointer         user_data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        (g_str_has_prefix (fields[i].value, "Trying to snapshot GtkGizmo ") ||
         g_str_has_prefix (fields[i].value, "Trying to snapshot GlsDocumentView ")) &&
        g_str_has_suffix (fields[i].value, "without a current allocation"))
      {
        g_test_message ("GTK: %s", (const char *)fields[i].value);
        return G_LOG_WRITER_HANDLED;
      }
  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

/* Call before anything logs (the writer can be set once per process). */
void
gls_test_gui_tolerate_unallocated_snapshot (void)
{
  g_log_set_writer_func (tolerant_log_writer, NULL, NULL);
}
