/* gls-lines.c — reading text files line by line, with a bound on a line's length
 *
 * g_data_input_stream_read_line() reads a whole line before its length can be known, so one
 * 1 GB line in a malformed file would be read into memory. This reader looks for the line end
 * in the stream's own buffer and stops as soon as a line passes @max_bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-lines"

#include <string.h>

#include "gls-lines.h"

/**
 * gls_read_line:
 * @line: receives the line, without its "\n" or "\r\n"
 * @too_long: set when the line has more than @max_bytes bytes (then %FALSE is returned
 *   without an error, and the stream is left inside that line)
 *
 * Returns: %TRUE with a line; %FALSE at the end of the stream, when the line is too long, or
 *   on a read error (with @error set)
 */
gboolean
gls_read_line (GBufferedInputStream  *input,
               gsize                  max_bytes,
               GString               *line,
               gboolean              *too_long,
               GError               **error)
{
  gboolean any = FALSE;

  g_string_truncate (line, 0);
  *too_long = FALSE;
  for (;;)
    {
      const char *buffer, *newline;
      gsize available, take;

      buffer = g_buffered_input_stream_peek_buffer (input, &available);
      if (available == 0)
        {
          gssize n = g_buffered_input_stream_fill (input, -1, NULL, error);

          if (n < 0)
            return FALSE;
          if (n == 0)
            return any;
          continue;
        }
      any = TRUE;
      newline = memchr (buffer, '\n', available);
      take = newline != NULL ? (gsize)(newline - buffer) : available;
      if (line->len + take > max_bytes)
        {
          *too_long = TRUE;
          return FALSE;
        }
      g_string_append_len (line, buffer, (gssize)take);
      if (g_input_stream_skip (G_INPUT_STREAM (input), take + (newline != NULL), NULL, error) < 0)
        return FALSE;
      if (newline != NULL)
        break;
    }
  if (line->len > 0 && line->str[line->len - 1] == '\r')
    g_string_truncate (line, line->len - 1);
  return TRUE;
}
