/* gls-span.h — one labelled mention: one or more fragments, a label, an annotator, attributes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gls-types.h"

G_BEGIN_DECLS

#define GLS_TYPE_SPAN (gls_span_get_type ())
G_DECLARE_FINAL_TYPE (GlsSpan, gls_span, GLS, SPAN, GObject)

gint64             gls_span_get_id           (GlsSpan *self);
gint64             gls_span_get_document_id  (GlsSpan *self);
gint64             gls_span_get_label_id     (GlsSpan *self);
const char        *gls_span_get_annotator    (GlsSpan *self);
gint64             gls_span_get_start        (GlsSpan *self);
gint64             gls_span_get_end          (GlsSpan *self);
guint              gls_span_get_n_fragments  (GlsSpan *self);
const GlsFragment *gls_span_get_fragments    (GlsSpan *self);
const char        *gls_span_get_note         (GlsSpan *self);
const char        *gls_span_get_kb_id        (GlsSpan *self);
GHashTable        *gls_span_get_attributes   (GlsSpan *self);
GDateTime         *gls_span_get_created      (GlsSpan *self);
GDateTime         *gls_span_get_changed      (GlsSpan *self);

char              *gls_fragments_to_string   (const GlsFragment *fragments,
                                              guint              n_fragments);
gboolean           gls_fragments_parse       (const char        *string,
                                              GArray            *fragments,
                                              GError           **error);
gboolean           gls_fragments_normalize   (GArray            *fragments,
                                              gint64             text_length,
                                              GError           **error);

G_END_DECLS
