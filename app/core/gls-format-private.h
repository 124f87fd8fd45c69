/* gls-format-private.h — helpers several format modules share; not for use outside them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gls-error.h"
#include "gls-format.h"

G_BEGIN_DECLS

G_GNUC_PRINTF (4, 5)
void         gls_format_add_loss           (GlsLossReport           *report,
                                            const GlsExportDocument *doc,
                                            const GlsExportSpan     *span,
                                            const char              *format,
                                            ...);
GlsError     gls_format_code_of            (const GError            *error);
gsize        gls_format_max_line_bytes     (GHashTable              *options);

gboolean     gls_format_get_int_member     (JsonObject              *object,
                                            const char              *member,
                                            gint64                  *value);
const char  *gls_format_get_string_member  (JsonObject              *object,
                                            const char              *member);
JsonObject  *gls_format_get_object_member  (JsonObject              *object,
                                            const char              *member);
JsonArray   *gls_format_get_array_member   (JsonObject              *object,
                                            const char              *member);

guint        gls_format_line_of            (const char              *contents,
                                            const char              *where);
GPtrArray   *gls_format_list_folder        (const char              *path,
                                            const char              *extension,
                                            GError                 **error);

G_END_DECLS
