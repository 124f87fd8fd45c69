/* gls-label-editor.h — the label-schema editor: labels and relation types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gls-project.h"

G_BEGIN_DECLS

#define GLS_TYPE_LABEL_EDITOR (gls_label_editor_get_type ())
G_DECLARE_FINAL_TYPE (GlsLabelEditor, gls_label_editor, GLS, LABEL_EDITOR, AdwPreferencesWindow)

GtkWindow *gls_label_editor_new (GtkWindow  *parent,
                                 GlsProject *project);

G_END_DECLS
