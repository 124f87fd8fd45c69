/* gls-document-view.h — the article text with its spans drawn in their label colours
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtksourceview/gtksource.h>

#include "gls-project.h"

G_BEGIN_DECLS

#define GLS_TYPE_DOCUMENT_VIEW (gls_document_view_get_type ())
G_DECLARE_FINAL_TYPE (GlsDocumentView, gls_document_view, GLS, DOCUMENT_VIEW, GtkSourceView)

GtkWidget  *gls_document_view_new             (void);
void        gls_document_view_set_project     (GlsDocumentView *self,
                                               GlsProject      *project);
gboolean    gls_document_view_set_document    (GlsDocumentView *self,
                                               gint64           document_id,
                                               GError         **error);
gint64      gls_document_view_get_document    (GlsDocumentView *self);
GlsProject *gls_document_view_get_project     (GlsDocumentView *self);
GListModel *gls_document_view_get_spans       (GlsDocumentView *self);
gboolean    gls_document_view_get_span_area   (GlsDocumentView *self,
                                               gint64           span_id,
                                               GdkRectangle    *area);
gboolean    gls_document_view_spans_drawn     (GlsDocumentView *self);
guint       gls_document_view_get_span_level  (GlsDocumentView *self,
                                               gint64           span_id);

/* Annotating */
gboolean    gls_document_view_apply_label          (GlsDocumentView *self,
                                                    gint64           label_id);
gboolean    gls_document_view_is_label_key         (GlsDocumentView *self,
                                                    guint            keyval);
gboolean    gls_document_view_delete_selected_span (GlsDocumentView *self);
void        gls_document_view_select_span          (GlsDocumentView *self,
                                                    gint64           span_id);
gint64      gls_document_view_get_selected_span    (GlsDocumentView *self);
void        gls_document_view_set_snap_to_tokens   (GlsDocumentView *self,
                                                    gboolean         snap);
void        gls_document_view_set_show_all         (GlsDocumentView *self,
                                                    gboolean         show_all);
gboolean    gls_document_view_get_show_all         (GlsDocumentView *self);
gboolean    gls_document_view_shows_span           (GlsDocumentView *self,
                                                    GlsSpan         *span);
void        gls_document_view_show_label_chooser   (GlsDocumentView *self);
gboolean    gls_document_view_select_next_span     (GlsDocumentView *self,
                                                    int              direction);
gboolean    gls_document_view_step_boundary        (GlsDocumentView *self,
                                                    gboolean         edge_is_end,
                                                    int              direction);
void        gls_document_view_begin_relation       (GlsDocumentView *self,
                                                    const char      *relation_type);
gboolean    gls_document_view_is_picking_target    (GlsDocumentView *self);

/* Reviewing */
void        gls_document_view_set_review           (GlsDocumentView    *self,
                                                    const char * const *annotators,
                                                    GPtrArray          *units);
void        gls_document_view_end_review           (GlsDocumentView    *self);
gboolean    gls_document_view_is_reviewing         (GlsDocumentView    *self);
void        gls_document_view_set_current_unit     (GlsDocumentView    *self,
                                                    gint64              start,
                                                    gint64              end);

G_END_DECLS
