/* gls-agreement-dialog.h — inter-annotator agreement: scores, per label and document, and
 * the confusion matrix of two annotators with its cases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gls-heat-map.h"
#include "gls-project.h"

G_BEGIN_DECLS

#define GLS_TYPE_AGREEMENT_DIALOG (gls_agreement_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlsAgreementDialog, gls_agreement_dialog, GLS, AGREEMENT_DIALOG, AdwWindow)

GtkWidget  *gls_agreement_dialog_new          (GtkWindow          *parent,
                                               GlsProject         *project);
void        gls_agreement_dialog_set_document (GlsAgreementDialog *self,
                                               gint64              document_id);
void        gls_agreement_dialog_compute      (GlsAgreementDialog *self);
gboolean    gls_agreement_dialog_get_running  (GlsAgreementDialog *self);
GlsHeatMap *gls_agreement_dialog_get_heat_map (GlsAgreementDialog *self);

G_END_DECLS
