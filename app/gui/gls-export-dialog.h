/* gls-export-dialog.h — choosing what to export, exporting with progress and cancel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gls-project.h"

G_BEGIN_DECLS

#define GLS_TYPE_EXPORT_DIALOG (gls_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlsExportDialog, gls_export_dialog, GLS, EXPORT_DIALOG, AdwWindow)

GlsExportDialog *gls_export_dialog_new         (GtkWindow       *parent,
                                                GlsProject      *project);
void             gls_export_dialog_set_output  (GlsExportDialog *self,
                                                const char      *path);
void             gls_export_dialog_set_format  (GlsExportDialog *self,
                                                const char      *name);
gboolean         gls_export_dialog_get_running (GlsExportDialog *self);

G_END_DECLS
