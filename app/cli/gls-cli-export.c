/* gls-cli-export.c — glossator-cli export PROJECT --format jsonl [-o PATH]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glossator-cli"

#include "config.h"

#include <gio/gunixoutputstream.h>
#include <glib/gi18n.h>
#include <string.h>
#include <unistd.h>

#include "gls-cli.h"
#include "gls-error.h"
#include "gls-jsonl.h"
#include "gls-project.h"

int
gls_cli_export (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  g_autofree char *path = NULL;
  int status;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, N_("Output format: jsonl"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &path,
      N_("Write to this file instead of standard output"), N_("PATH") },
    { NULL }
  };

  context = gls_cli_context (_("PROJECT"),
                             _("Export the documents of a project with their spans.\n"
                               "jsonl: one JSON object per document (id, title, text, spans with "
                               "start, end,\nlabel, annotator, attributes, relations); offsets "
                               "count Unicode code points."),
                             entries);
  if (!gls_cli_parse (context, &argc, &argv, 1, 1, &status))
    return status;
  if (format == NULL || strcmp (format, "jsonl") != 0)
    {
      g_printerr (_("glossator-cli: choose an output format with --format (supported: jsonl)\n"));
      return GLS_CLI_EXIT_USAGE;
    }

  if (!(project = gls_project_open (argv[1], GLS_PROJECT_OPEN_READ_ONLY, &error)))
    return gls_cli_fail (error);

  if (path != NULL && strcmp (path, "-") != 0)
    {
      /* Written beside the target and renamed on success: a failed export leaves no
       * half-written file, and never clobbers the previous one. */
      file = g_file_new_for_commandline_arg (path);
      output = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL,
                                                &error));
      if (output == NULL)
        return gls_cli_fail (error);
    }
  else
    output = g_unix_output_stream_new (STDOUT_FILENO, FALSE);

  {
    g_autoptr(GOutputStream) buffered = g_buffered_output_stream_new_sized (output, 256 * 1024);

    if (!gls_jsonl_export (project, buffered, NULL, &error) ||
        !g_output_stream_close (buffered, NULL, &error))
      {
        if (file != NULL)
          g_prefix_error (&error, "%s: ", path);
        return gls_cli_fail (error);
      }
  }
  return GLS_CLI_EXIT_OK;
}
