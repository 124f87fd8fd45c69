/* gls-jsonl.h — Glossator JSONL: one JSON object per document, everything we hold
 *
 * Offsets are Unicode code points of the document text, end exclusive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gls-types.h"
#include "gls-import.h"

G_BEGIN_DECLS

/* Reads documents, spans and relations. A line whose text equals a document already in the
 * project adds its spans to that document. @default_annotator is used for spans that name
 * none (and, when @force_annotator, for every span). */
gboolean gls_jsonl_import (GlsImport      *import,
                           GInputStream   *input,
                           const char     *name,
                           const char     *default_annotator,
                           gboolean        force_annotator,
                           GCancellable   *cancellable,
                           GError        **error);

gboolean gls_jsonl_import_file (GlsImport   *import,
                                const char  *path,
                                const char  *default_annotator,
                                gboolean     force_annotator,
                                GError     **error);

G_END_DECLS
