/* gls-review-panel.h — review mode: where annotators disagree, and deciding it into Gold
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gls-document-view.h"
#include "gls-review.h"

G_BEGIN_DECLS

#define GLS_TYPE_REVIEW_PANEL (gls_review_panel_get_type ())

G_DECLARE_FINAL_TYPE (GlsReviewPanel, gls_review_panel, GLS, REVIEW_PANEL, GtkWidget)

void                 gls_review_panel_set_view          (GlsReviewPanel  *self,
                                                         GlsDocumentView *view);
void                 gls_review_panel_set_active        (GlsReviewPanel  *self,
                                                         gboolean         active);
gboolean             gls_review_panel_get_active        (GlsReviewPanel  *self);

/* The disagreements listed, and the one being decided. */
GListModel          *gls_review_panel_get_units         (GlsReviewPanel  *self);
const GlsReviewUnit *gls_review_panel_get_current_unit  (GlsReviewPanel  *self);
const GlsReviewUnit *gls_review_panel_get_unit          (GlsReviewPanel  *self,
                                                         guint            position);

guint                gls_review_panel_get_project_left  (GlsReviewPanel  *self);

/* N and P: the next unsettled disagreement, in this document and then in the next ones. */
gboolean             gls_review_panel_step              (GlsReviewPanel  *self,
                                                         int              direction);
/* A, B (the first and second compared annotator), C (everyone's), R and E. */
gboolean             gls_review_panel_accept            (GlsReviewPanel  *self,
                                                         guint            annotator);
gboolean             gls_review_panel_accept_all        (GlsReviewPanel  *self);
gboolean             gls_review_panel_reject            (GlsReviewPanel  *self);
gboolean             gls_review_panel_edit              (GlsReviewPanel  *self);
gboolean             gls_review_panel_accept_agreements (GlsReviewPanel  *self);

G_END_DECLS
