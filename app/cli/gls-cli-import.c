/* gls-cli-import.c — glossator-cli import PROJECT FILE...
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glossator-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gls-cli.h"
#include "gls-error.h"
#include "gls-import.h"
#include "gls-format.h"
#include "gls-project.h"

/* Articles are plain text or HTML; anything else goes to the format that claims it. */
static gboolean
is_article (const char *path)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  return g_str_has_suffix (lower, ".txt") || g_str_has_suffix (lower, ".text") ||
         g_str_has_suffix (lower, ".html") || g_str_has_suffix (lower, ".htm") ||
         g_str_has_suffix (lower, ".xhtml");
}

int
gls_cli_import (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GlsImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format = NULL;
  g_autofree char *annotator = NULL;
  gboolean quiet = FALSE;
  g_auto(GStrv) settings = NULL;
  g_autoptr(GHashTable) format_options = g_hash_table_new (g_str_hash, g_str_equal);
  const GlsFormat *annotation_format = NULL;
  guint n_documents, n_spans, n_duplicates, n_skipped;
  int status;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("Input format: text, html, or an annotation format (default: from the file name "
         "and content)"), N_("FORMAT") },
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator,
      N_("Record every imported span for this annotator"), N_("NAME") },
    { "option", 'O', 0, G_OPTION_ARG_STRING_ARRAY, &settings,
      N_("A format option, e.g. offsets=utf16 for old Label Studio exports (repeatable)"),
      N_("KEY=VALUE") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print nothing on success"), NULL },
    { NULL }
  };

  context = gls_cli_context (_("PROJECT FILE…"),
                             _("Import articles into a project: plain UTF-8 text, HTML pages "
                               "(article text only;\nno network access) and Glossator JSONL "
                               "(documents with spans). Everything is\nimported in one "
                               "transaction: if one file fails, nothing is imported."),
                             entries);
  if (!gls_cli_parse (context, &argc, &argv, 2, -1, &status))
    return status;

  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "html") != 0)
    {
      annotation_format = gls_format_lookup (format);
      if (annotation_format == NULL || annotation_format->read == NULL)
        {
          g_printerr (_("glossator-cli: Glossator cannot read the format “%s”\n"), format);
          return GLS_CLI_EXIT_USAGE;
        }
    }

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

  if (!(project = gls_project_open (argv[1], GLS_PROJECT_OPEN_DEFAULT, &error)) ||
      !(import = gls_import_begin (project, "import", &error)))
    return gls_cli_fail (error);

  for (int i = 2; i < argc; i++)
    {
      gboolean ok;

      const GlsFormat *file_format = annotation_format;

      if (format == NULL && !is_article (argv[i]) &&
          !(file_format = gls_format_detect (argv[i], &error)))
        ok = FALSE;
      else if (file_format != NULL)
        ok = file_format->read (import, argv[i], annotator, format_options, &error);
      else
        ok = gls_import_article_file (import, argv[i],
                                      format == NULL ? GLS_ARTICLE_AUTO :
                                      strcmp (format, "html") == 0 ? GLS_ARTICLE_HTML :
                                      GLS_ARTICLE_TEXT, &error);

      if (!ok)
        {
          g_printerr ("glossator-cli: %s\n", error->message);
          g_printerr (_("glossator-cli: nothing was imported\n"));
          return GLS_CLI_EXIT_ERROR;
        }
    }

  n_documents = gls_import_get_n_documents (import);
  n_spans = gls_import_get_n_spans (import);
  n_duplicates = gls_import_get_n_duplicates (import);
  n_skipped = gls_import_get_n_skipped (import);
  if (!gls_import_commit (import, &error))
    return gls_cli_fail (error);

  if (!quiet)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE, "imported %u document", "imported %u documents",
                            n_documents), n_documents);
      g_print (g_dngettext (GETTEXT_PACKAGE, ", %u span", ", %u spans", n_spans), n_spans);
      if (n_skipped > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE, "; %u document was already there",
                              "; %u documents were already there", n_skipped), n_skipped);
      if (n_duplicates > 0)
        g_print (g_dngettext (GETTEXT_PACKAGE, "; %u span was already there",
                              "; %u spans were already there", n_duplicates), n_duplicates);
      g_print ("\n");
    }
  return GLS_CLI_EXIT_OK;
}
