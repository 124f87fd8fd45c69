/* gls-html.h — the article in a news page saved as HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/**
 * gls_html_extract:
 * @data: the bytes of an HTML page
 * @length: the length of @data in bytes
 * @filename: (nullable): the name of the file, used to start error messages
 * @title_out: (out) (optional) (transfer full): where to store the headline
 * @text_out: (out) (optional) (transfer full): where to store the article text
 * @error: return location for a #GError
 *
 * Extracts the headline and the article text from a news page saved as HTML,
 * leaving out menus, share buttons, advertisements, cookie banners, related
 * stories, scripts and hidden elements.
 *
 * The character set is taken from a byte order mark, else from
 * `<meta charset>` or `<meta http-equiv="Content-Type">`; a page that declares
 * none must be UTF-8. ISO-8859-1 and US-ASCII are read as Windows-1252, as
 * browsers do; a page declaring a legacy character set whose bytes are valid
 * UTF-8 (beyond ASCII) is read as UTF-8, the usual mistake. Nothing is ever
 * fetched from the network or the file system: DTDs and external entities are
 * ignored.
 *
 * The headline is the first non-empty of the og:title meta tag, the first
 * `<h1>` inside `<article>` or `<main>`, and `<title>` without a trailing site
 * name; failing all three, the first line of the text.
 *
 * The text is plain UTF-8 laid out like Glossator's plain-text articles: the
 * headline, a blank line, then the paragraphs separated by blank lines. Other
 * block elements (list items, table rows, `<br>`, `<div>`) start a new line.
 * Inside a line, runs of white space (no-break spaces included) are one space;
 * no line starts or ends with a space; there is never more than one blank line
 * in a row; the text ends with a single newline.
 *
 * Returns: %TRUE on success. On failure, %FALSE with an error whose message
 *   starts with @filename: %GLS_ERROR_ENCODING if the bytes are not valid in the
 *   character set declared (or UTF-8 when none is), %GLS_ERROR_PARSE if the page
 *   holds no article text
 */
gboolean gls_html_extract (const char  *data,
                           gsize        length,
                           const char  *filename,
                           char       **title_out,
                           char       **text_out,
                           GError     **error);

G_END_DECLS
