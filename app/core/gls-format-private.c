/* gls-format-private.c — helpers several format modules share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gls-error.h"
#include "gls-format-private.h"

#define GLS_FORMAT_MAX_JSONL_LINE_BYTES ((gsize)64 * 1024 * 1024)

G_GNUC_PRINTF (4, 5)
void
gls_format_add_loss (GlsLossReport           *report,
                     const GlsExportDocument *doc,
                     const GlsExportSpan     *span,
                     const char              *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (report == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  gls_loss_report_add (report, doc, span, "%s", message);
}

/* The code of a core error, so that a test (and the window) can tell what went wrong. */
GlsError
gls_format_code_of (const GError *error)
{
  return error->domain == GLS_ERROR ? (GlsError)error->code : GLS_ERROR_FAILED;
}

/* The longest line a JSONL reader takes: the "max-line-bytes" option, or 64 MiB. */
gsize
gls_format_max_line_bytes (GHashTable *options)
{
  const char *value = options ? g_hash_table_lookup (options, "max-line-bytes") : NULL;
  guint64 n;

  if (value != NULL &&
      g_ascii_string_to_unsigned (value, 10, 1, GLS_FORMAT_MAX_JSONL_LINE_BYTES, &n, NULL))
    return (gsize)n;
  return GLS_FORMAT_MAX_JSONL_LINE_BYTES;
}

gboolean
gls_format_get_int_member (JsonObject *object,
                           const char *member,
                           gint64     *value)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

const char *
gls_format_get_string_member (JsonObject *object,
                              const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

JsonObject *
gls_format_get_object_member (JsonObject *object,
                              const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

JsonArray *
gls_format_get_array_member (JsonObject *object,
                             const char *member)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* The line of @where, a pointer into @contents, counting from 1. */
guint
gls_format_line_of (const char *contents,
                    const char *where)
{
  guint line = 1;

  for (const char *p = contents; p < where; p++)
    if (*p == '\n')
      line++;
  return line;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *)a, *(const char * const *)b);
}

/* The files of a folder whose names end in @extension, sorted; NULL when it cannot be read. */
GPtrArray *
gls_format_list_folder (const char  *path,
                        const char  *extension,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (path, 0, &local_error);
  GPtrArray *files;
  const char *name;

  if (dir == NULL)
    {
      g_set_error (error, GLS_ERROR, GLS_ERROR_IO, "%s: %s", path, local_error->message);
      return NULL;
    }
  files = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *lower = g_ascii_strdown (name, -1);

      if (g_str_has_suffix (lower, extension) && name[0] != '.')
        g_ptr_array_add (files, g_build_filename (path, name, NULL));
    }
  g_ptr_array_sort (files, compare_names);
  return files;
}
