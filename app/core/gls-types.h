/* gls-types.h — forward declarations shared by the core's headers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _GlsProject  GlsProject;
typedef struct _GlsDocument GlsDocument;
typedef struct _GlsLabel    GlsLabel;
typedef struct _GlsSpan     GlsSpan;
typedef struct _GlsImport   GlsImport;

/**
 * GlsFragment:
 * @start: first character (code point) of the fragment
 * @end: one past its last character
 *
 * One contiguous piece of a span. A discontinuous span has several.
 */
typedef struct
{
  gint64 start;
  gint64 end;
} GlsFragment;

/**
 * GlsDocumentStatus:
 * Where a document stands in the annotation workflow. Stored as these numbers.
 */
typedef enum
{
  GLS_DOCUMENT_NEW = 0,
  GLS_DOCUMENT_IN_PROGRESS = 1,
  GLS_DOCUMENT_DONE = 2,
  GLS_DOCUMENT_REVIEWED = 3,
} GlsDocumentStatus;

#define GLS_DOCUMENT_STATUS_LAST GLS_DOCUMENT_REVIEWED

const char *gls_document_status_to_string   (GlsDocumentStatus  status);
gboolean    gls_document_status_from_string (const char        *string,
                                             GlsDocumentStatus *status);

G_END_DECLS
