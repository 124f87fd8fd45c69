/* gls-label.h — one label of the project's schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gls-types.h"

G_BEGIN_DECLS

#define GLS_TYPE_LABEL (gls_label_get_type ())
G_DECLARE_FINAL_TYPE (GlsLabel, gls_label, GLS, LABEL, GObject)

gint64      gls_label_get_id          (GlsLabel *self);
const char *gls_label_get_name        (GlsLabel *self);
const char *gls_label_get_color       (GlsLabel *self);
const char *gls_label_get_key         (GlsLabel *self);
const char *gls_label_get_description (GlsLabel *self);
const char *gls_label_get_display_description (GlsLabel *self);
int         gls_label_get_position    (GlsLabel *self);

G_END_DECLS
