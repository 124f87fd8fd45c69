/* gls-cli-export.c — glossator-cli export PROJECT --format F [-o PATH] [choices…]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glossator-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gls-cli.h"
#include "gls-error.h"
#include "gls-format.h"
#include "gls-project.h"
#include "gls-review.h"

static gboolean
parse_split (const char        *text,
             GlsExportOptions  *options)
{
  g_auto(GStrv) parts = g_strsplit (text, "/", -1);

  if (g_strv_length (parts) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      char *end;
      guint64 value = g_ascii_strtoull (parts[i], &end, 10);

      if (end == parts[i] || *end != '\0' || value > 1000)
        return FALSE;
      options->ratios[i] = (guint)value;
    }
  options->split = TRUE;
  return options->ratios[0] + options->ratios[1] + options->ratios[2] > 0;
}

static char *
format_names (void)
{
  g_autoptr(GString) names = g_string_new (NULL);
  guint n;
  const GlsFormat * const *formats = gls_format_list (&n);

  for (guint i = 0; i < n; i++)
    if (formats[i]->begin != NULL)
      g_string_append_printf (names, "%s%s", names->len ? ", " : "", formats[i]->name);
  return g_string_free (g_steal_pointer (&names), FALSE);
}

int
gls_cli_export (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GlsLossReport) report = gls_loss_report_new ();
  g_autoptr(GHashTable) label_map = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) format_options = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *split = NULL;
  g_autofree char *status = NULL;
  g_autofree char *search = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *report_path = NULL;
  g_autofree char *names = format_names ();
  g_autofree char *summary = NULL;
  g_auto(GStrv) maps = NULL;
  g_auto(GStrv) drops = NULL;
  g_auto(GStrv) settings = NULL;
  gint64 seed = 1;
  gboolean gold = FALSE;
  GlsExportOptions options;
  const GlsFormat *format;
  int exit_status;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name, N_("Output format (see below)"),
      N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &path,
      N_("Write to this file or folder (“-”, the default, is standard output)"), N_("PATH") },
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator,
      N_("Only this annotator's spans (default: everyone's)"), N_("NAME") },
    { "gold", 'g', 0, G_OPTION_ARG_NONE, &gold,
      N_("Only the adjudicated Gold layer (the same as --annotator Gold)"), NULL },
    { "status", 's', 0, G_OPTION_ARG_STRING, &status,
      N_("Only documents with this status (new, in-progress, done, reviewed)"), N_("STATUS") },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search,
      N_("Only documents whose title or text contains this"), N_("TEXT") },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      N_("Write label FROM as TO (repeatable), e.g. --map NORP=MISC"), N_("FROM=TO") },
    { "drop", 0, 0, G_OPTION_ARG_STRING_ARRAY, &drops,
      N_("Leave out spans with this label (repeatable)"), N_("LABEL") },
    { "split", 0, 0, G_OPTION_ARG_STRING, &split,
      N_("Split documents into train/dev/test by these ratios; PATH becomes a folder"),
      N_("80/10/10") },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, N_("Seed of the split (default 1)"), N_("N") },
    { "option", 'O', 0, G_OPTION_ARG_STRING_ARRAY, &settings,
      N_("A format option, e.g. scheme=iob1 for CoNLL (repeatable)"), N_("KEY=VALUE") },
    { "loss-report", 0, 0, G_OPTION_ARG_FILENAME, &report_path,
      N_("Also write what the format could not carry to this file"), N_("PATH") },
    { NULL }
  };

  summary = g_strdup_printf (_("Export documents and spans as training data.\n"
                               "Formats: %s.\n"
                               "Everything the format cannot carry (nested or discontinuous spans, "
                               "attributes,\nrelations…) is listed on standard error, with "
                               "document and position."), names);
  context = gls_cli_context (_("PROJECT"), summary, entries);
  if (!gls_cli_parse (context, &argc, &argv, 1, 1, &exit_status))
    return exit_status;

  if (format_name == NULL || !(format = gls_format_lookup (format_name)) || format->begin == NULL)
    {
      g_printerr (_("glossator-cli: choose an output format with --format (%s)\n"), names);
      return GLS_CLI_EXIT_USAGE;
    }

  if (gold && annotator != NULL && !gls_annotator_is_gold (annotator))
    {
      g_printerr (_("glossator-cli: --gold exports the Gold layer; leave out --annotator\n"));
      return GLS_CLI_EXIT_USAGE;
    }

  gls_export_options_init (&options);
  options.annotator = annotator;
  options.gold = gold;
  options.search = search;
  options.seed = (guint64)seed;
  if (status != NULL)
    {
      GlsDocumentStatus s;

      if (!gls_document_status_from_string (status, &s))
        {
          g_printerr (_("glossator-cli: unknown status “%s” (new, in-progress, done, reviewed)\n"),
                      status);
          return GLS_CLI_EXIT_USAGE;
        }
      options.status = (int)s;
    }
  if (split != NULL && !parse_split (split, &options))
    {
      g_printerr (_("glossator-cli: --split takes three numbers, e.g. 80/10/10\n"));
      return GLS_CLI_EXIT_USAGE;
    }
  if (options.split && (path == NULL || strcmp (path, "-") == 0))
    {
      g_printerr (_("glossator-cli: --split needs a folder to write to (-o PATH)\n"));
      return GLS_CLI_EXIT_USAGE;
    }
  for (guint i = 0; maps && maps[i]; i++)
    {
      char *eq = strchr (maps[i], '=');

      if (eq == NULL || eq == maps[i])
        {
          g_printerr (_("glossator-cli: --map takes FROM=TO, not “%s”\n"), maps[i]);
          return GLS_CLI_EXIT_USAGE;
        }
      *eq = '\0';
      g_hash_table_insert (label_map, maps[i], eq + 1);
    }
  for (guint i = 0; drops && drops[i]; i++)
    g_hash_table_insert (label_map, drops[i], (gpointer)"");
  for (guint i = 0; settings && settings[i]; i++)
    {
      char *eq = strchr (settings[i], '=');

      if (eq == NULL || eq == settings[i])
        {
          g_printerr (_("glossator-cli: --option takes KEY=VALUE, not “%s”\n"), settings[i]);
          return GLS_CLI_EXIT_USAGE;
        }
      *eq = '\0';
      g_hash_table_insert (format_options, settings[i], eq + 1);
    }
  options.label_map = g_hash_table_size (label_map) ? label_map : NULL;

  if (!(project = gls_project_open (argv[1], GLS_PROJECT_OPEN_READ_ONLY, &error)))
    return gls_cli_fail (error);
  if (!gls_export_run (project, format, path ? path : "-", &options, format_options, report,
                       NULL, NULL, NULL, &error))
    return gls_cli_fail (error);

  if (gls_loss_report_get_size (report) > 0)
    {
      g_autofree char *text = gls_loss_report_to_text (report);

      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "glossator-cli: %s could not carry %u item (document, title, "
                               "position, what):\n",
                               "glossator-cli: %s could not carry %u items (document, title, "
                               "position, what):\n",
                               gls_loss_report_get_size (report)),
                  format->title, gls_loss_report_get_size (report));
      g_printerr ("%s", text);
      if (report_path != NULL && !g_file_set_contents (report_path, text, -1, &error))
        return gls_cli_fail (error);
    }
  else if (report_path != NULL && !g_file_set_contents (report_path, "", 0, &error))
    return gls_cli_fail (error);
  return GLS_CLI_EXIT_OK;
}
