/* gls-import.h — bringing documents and spans into a project, all or nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gls-types.h"

G_BEGIN_DECLS

/* A GlsImport is one transaction: nothing it added is visible or saved until
 * gls_import_commit(); freeing it uncommitted rolls everything back. */
GlsImport *gls_import_begin                 (GlsProject         *project,
                                             const char         *op,
                                             GError            **error);
void       gls_import_free                  (GlsImport          *import);
gboolean   gls_import_commit                (GlsImport          *import,
                                             GError            **error);
GlsProject *gls_import_get_project          (GlsImport          *import);

gint64     gls_import_add_document          (GlsImport          *import,
                                             const char         *title,
                                             const char         *text,
                                             gssize              length,
                                             const char         *source,
                                             GError            **error);
gint64     gls_import_find_document         (GlsImport          *import,
                                             const char         *text,
                                             gssize              length);
gint64     gls_import_add_label             (GlsImport          *import,
                                             const char         *name,
                                             const char         *color,
                                             const char         *key,
                                             const char         *description,
                                             gboolean           *added,
                                             GError            **error);
gint64     gls_import_get_document_length   (GlsImport          *import,
                                             gint64              document_id,
                                             GError            **error);
gint64     gls_import_add_span              (GlsImport          *import,
                                             gint64              document_id,
                                             const GlsFragment  *fragments,
                                             guint               n_fragments,
                                             const char         *label,
                                             const char         *annotator,
                                             const char         *note,
                                             const char         *kb_id,
                                             GHashTable         *attributes,
                                             GError            **error);
gint64     gls_import_add_relation          (GlsImport          *import,
                                             const char         *type,
                                             gint64              source_span,
                                             gint64              target_span,
                                             const char         *annotator,
                                             GError            **error);

guint      gls_import_get_n_documents       (GlsImport          *import);
guint      gls_import_get_n_spans           (GlsImport          *import);
guint      gls_import_get_n_duplicates      (GlsImport          *import);
guint      gls_import_get_n_skipped         (GlsImport          *import);

/* Plain UTF-8 text and HTML articles. */
typedef enum
{
  GLS_ARTICLE_AUTO, /* HTML by name (.html, .htm) or content (<!DOCTYPE html>, <html>) */
  GLS_ARTICLE_TEXT,
  GLS_ARTICLE_HTML,
} GlsArticleKind;

gboolean   gls_import_article_file          (GlsImport          *import,
                                             const char         *path,
                                             GlsArticleKind      kind,
                                             GError            **error);
gboolean   gls_import_article_data          (GlsImport          *import,
                                             const char         *data,
                                             gsize               length,
                                             const char         *name,
                                             GlsArticleKind      kind,
                                             GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlsImport, gls_import_free)

G_END_DECLS
