/* gls-document.h — one article of a project (metadata; the text is loaded on demand)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gls-types.h"

G_BEGIN_DECLS

#define GLS_TYPE_DOCUMENT (gls_document_get_type ())
G_DECLARE_FINAL_TYPE (GlsDocument, gls_document, GLS, DOCUMENT, GObject)

gint64             gls_document_get_id       (GlsDocument *self);
const char        *gls_document_get_title    (GlsDocument *self);
const char        *gls_document_get_source   (GlsDocument *self);
GDateTime         *gls_document_get_imported (GlsDocument *self);
GlsDocumentStatus  gls_document_get_status   (GlsDocument *self);
guint              gls_document_get_n_spans  (GlsDocument *self);
gint64             gls_document_get_length   (GlsDocument *self);

G_END_DECLS
