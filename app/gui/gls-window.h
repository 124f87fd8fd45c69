/* gls-window.h — a project window: documents on the left, the article on the right
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gls-application.h"
#include "gls-document-view.h"
#include "gls-export-dialog.h"
#include "gls-inspector.h"
#include "gls-project.h"
#include "gls-review-panel.h"

G_BEGIN_DECLS

#define GLS_TYPE_WINDOW (gls_window_get_type ())
G_DECLARE_FINAL_TYPE (GlsWindow, gls_window, GLS, WINDOW, AdwApplicationWindow)

GlsWindow       *gls_window_new               (GlsApplication *application);
gboolean         gls_window_open_path         (GlsWindow      *self,
                                               const char     *path);
void             gls_window_show_error        (GlsWindow      *self,
                                               const char     *message);
GlsProject      *gls_window_get_project       (GlsWindow      *self);
GlsDocumentView *gls_window_get_document_view (GlsWindow      *self);
GlsInspector    *gls_window_get_inspector     (GlsWindow      *self);
GtkListView     *gls_window_get_document_list (GlsWindow      *self);
gboolean         gls_window_select_document   (GlsWindow      *self,
                                               guint           position);
gboolean         gls_window_import_paths      (GlsWindow          *self,
                                               const char * const *paths);
GlsExportDialog *gls_window_show_export       (GlsWindow      *self);
AdwMessageDialog *gls_window_show_label_occurrences (GlsWindow  *self);
gboolean         gls_window_get_reviewing     (GlsWindow      *self);
void             gls_window_set_reviewing     (GlsWindow      *self,
                                               gboolean        reviewing);
GlsReviewPanel  *gls_window_get_review_panel  (GlsWindow      *self);
gboolean         gls_window_show_range        (GlsWindow      *self,
                                               gint64          document_id,
                                               gint64          start,
                                               gint64          end);

G_END_DECLS
