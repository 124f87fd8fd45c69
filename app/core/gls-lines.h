/* gls-lines.h — reading text files line by line, with a bound on a line's length
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

gboolean gls_read_line (GBufferedInputStream  *input,
                        gsize                  max_bytes,
                        GString               *line,
                        gboolean              *too_long,
                        GError               **error);

G_END_DECLS
