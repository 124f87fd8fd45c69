/* gls-consistency-dialog.h — strings labelled inconsistently, and fixing them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gls-project.h"

G_BEGIN_DECLS

#define GLS_TYPE_CONSISTENCY_DIALOG (gls_consistency_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlsConsistencyDialog, gls_consistency_dialog, GLS, CONSISTENCY_DIALOG,
                      AdwWindow)

GtkWidget *gls_consistency_dialog_new         (GtkWindow            *parent,
                                               GlsProject           *project);
void       gls_consistency_dialog_set_annotator (GlsConsistencyDialog *self,
                                                 const char           *annotator);
void       gls_consistency_dialog_refresh     (GlsConsistencyDialog *self);
gboolean   gls_consistency_dialog_get_running (GlsConsistencyDialog *self);
guint      gls_consistency_dialog_get_n_groups (GlsConsistencyDialog *self);

G_END_DECLS
