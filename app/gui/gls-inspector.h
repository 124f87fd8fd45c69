/* gls-inspector.h — the entities of the open document, and the selected span's details
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gls-document-view.h"

G_BEGIN_DECLS

#define GLS_TYPE_INSPECTOR (gls_inspector_get_type ())
G_DECLARE_FINAL_TYPE (GlsInspector, gls_inspector, GLS, INSPECTOR, GtkWidget)

void           gls_inspector_set_view        (GlsInspector    *self,
                                              GlsDocumentView *view);
GtkColumnView *gls_inspector_get_column_view (GlsInspector    *self);
guint          gls_inspector_get_n_shown     (GlsInspector    *self);

G_END_DECLS
