/* gls-span-list.h — the spans of one document, compact in memory, as a GListModel
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gls-types.h"

G_BEGIN_DECLS

#define GLS_TYPE_SPAN_LIST (gls_span_list_get_type ())
G_DECLARE_FINAL_TYPE (GlsSpanList, gls_span_list, GLS, SPAN_LIST, GObject)

/* Fast accessors that create no objects, for views that walk every span. */
gboolean           gls_span_list_update          (GlsSpanList   *self,
                                                  const gint64  *span_ids,
                                                  guint          n_span_ids,
                                                  GError       **error);
gint64             gls_span_list_get_id          (GlsSpanList *self,
                                                  guint        position);
gint64             gls_span_list_get_label_id    (GlsSpanList *self,
                                                  guint        position);
const char        *gls_span_list_get_annotator   (GlsSpanList *self,
                                                  guint        position);
const GlsFragment *gls_span_list_get_fragments   (GlsSpanList *self,
                                                  guint        position,
                                                  guint       *n_fragments);

G_END_DECLS
