/* gls-test-gui.h — helpers for window tests: real windows under Xvfb, real input via xdotool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gls-application.h"
#include "gls-document-view.h"
#include "gls-window.h"

G_BEGIN_DECLS

GlsApplication *gls_test_gui_init      (int         *argc,
                                        char      ***argv);
void       gls_test_gui_wait           (guint        msec);
gboolean   gls_test_gui_wait_for       (gboolean   (*predicate) (gpointer data),
                                        gpointer     data,
                                        guint        timeout_msec);
void       gls_test_gui_wait_drawn     (GtkWindow   *window);
void       gls_test_gui_xdotool        (const char  *first_arg,
                                        ...) G_GNUC_NULL_TERMINATED;
void       gls_test_gui_click          (GtkWidget   *widget,
                                        double       x,
                                        double       y);
void       gls_test_gui_drag           (GtkWidget   *widget,
                                        double       x1,
                                        double       y1,
                                        double       x2,
                                        double       y2);
void       gls_test_gui_drag_with      (GtkWidget   *widget,
                                        const char  *modifier,
                                        double       x1,
                                        double       y1,
                                        double       x2,
                                        double       y2);
void       gls_test_gui_double_click   (GtkWidget   *widget,
                                        double       x,
                                        double       y);
void       gls_test_gui_text_point     (GtkTextView *view,
                                        int          offset,
                                        double      *x,
                                        double      *y);
void       gls_test_gui_key            (GtkWindow   *window,
                                        const char  *keys);
GtkWidget *gls_test_gui_find_label     (GtkWidget   *root,
                                        const char  *text);
GtkWidget *gls_test_gui_find_button    (GtkWidget   *root,
                                        const char  *label);
GdkTexture *gls_test_gui_render        (GtkWidget   *widget);
void       gls_test_gui_screenshot     (GtkWidget   *widget,
                                        const char  *path);
void       gls_test_gui_pixel          (GdkTexture  *texture,
                                        int          x,
                                        int          y,
                                        GdkRGBA     *color);
gboolean   gls_test_gui_column_has_color (GdkTexture *texture,
                                          int         x,
                                          int         y0,
                                          int         y1,
                                          const char *color);
gboolean   gls_test_gui_span_drawn     (GlsDocumentView *view,
                                        gint64           span_id,
                                        const char      *color);
GlsWindow *gls_test_gui_open_window    (GlsApplication *app,
                                        const char     *path,
                                        int             width,
                                        int             height);
void       gls_test_gui_close_window   (GlsWindow      *window,
                                        const char     *dir,
                                        const char     *path);
char      *gls_test_gui_copy_sample    (const char  *dir);
void       gls_test_gui_tolerate_unallocated_snapshot (void);

G_END_DECLS
