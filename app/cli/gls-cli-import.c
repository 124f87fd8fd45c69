/* gls-cli-import.c — glossator-cli import PROJECT FILE...
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
#include "gls-import.h"
#include "gls-format.h"
#include "gls-merge.h"
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

/* Another annotator's project, to be merged: by name, or an SQLite file by content. */
static gboolean
is_project (const char *path,
            const char *format)
{
  g_autofree char *lower = g_ascii_strdown (path, -1);

  if (format != NULL)
    return g_strcmp0 (format, "glossator") == 0;
  return g_str_has_suffix (lower, ".glossator") || (!is_article (path) && gls_merge_probe (path));
}

typedef struct
{
  const char *path;
  GlsMergeStats stats;
} Merged;

static void
merged_clear (gpointer data)
{
  gls_merge_stats_clear (&((Merged *)data)->stats);
}

/* With printf(), as in gls-cli-list.c: names reach a script as UTF-8 whatever the locale. */
static void
print_merged (const Merged *merged)
{
  const GlsMergeStats *stats = &merged->stats;

  /* "merged B.glossator: 3 documents matched, 1 added; 7 spans added, 2 already there" */
  printf (_("merged %s: "), merged->path);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u document matched", "%u documents matched",
                       stats->n_documents_matched), stats->n_documents_matched);
  printf (g_dngettext (GETTEXT_PACKAGE, ", %u added", ", %u added", stats->n_documents_added),
          stats->n_documents_added);
  printf (g_dngettext (GETTEXT_PACKAGE, "; %u span added", "; %u spans added",
                       stats->n_spans_added), stats->n_spans_added);
  printf (g_dngettext (GETTEXT_PACKAGE, ", %u already there", ", %u already there",
                       stats->n_spans_present), stats->n_spans_present);
  if (stats->n_relations_added > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "; %u relation added", "; %u relations added",
                         stats->n_relations_added), stats->n_relations_added);
  if (stats->n_labels_added > 0)
    printf (g_dngettext (GETTEXT_PACKAGE, "; %u label added", "; %u labels added",
                         stats->n_labels_added), stats->n_labels_added);
  printf ("\n");

  /* "  boris: 5 spans added, 2 already there" */
  for (guint i = 0; i < stats->annotators->len; i++)
    {
      const GlsMergeAnnotator *who = g_ptr_array_index (stats->annotators, i);

      printf ("  %s: ", who->annotator);
      printf (g_dngettext (GETTEXT_PACKAGE, "%u span added", "%u spans added",
                           who->n_spans_added), who->n_spans_added);
      printf (g_dngettext (GETTEXT_PACKAGE, ", %u already there", ", %u already there",
                           who->n_spans_present), who->n_spans_present);
      printf ("\n");
    }
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
  g_autoptr(GArray) merged = g_array_new (FALSE, TRUE, sizeof (Merged));
  gboolean only_projects = TRUE;
  gboolean nothing_new;
  const GlsFormat *annotation_format = NULL;
  guint n_documents, n_spans, n_duplicates, n_skipped;
  int status;
  GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format,
      N_("Input format: text, html, glossator (another project, merged), or an annotation "
         "format (default: from the file name and content)"), N_("FORMAT") },
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
                               "transaction: if one file fails, nothing is imported.\n\n"
                               "Another annotator's project (a .glossator file) is merged: its "
                               "documents are\nmatched to this project's by their text, and "
                               "its spans, relations and missing\nlabels are added, each span "
                               "with its annotator. Merging it again adds nothing."),
                             entries);
  if (!gls_cli_parse (context, &argc, &argv, 2, -1, &status))
    return status;

  g_array_set_clear_func (merged, merged_clear);

  if (format != NULL && strcmp (format, "text") != 0 && strcmp (format, "html") != 0 &&
      strcmp (format, "glossator") != 0)
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

  for (int i = 2; i < argc; i++)
    only_projects = only_projects && is_project (argv[i], format);

  if (!(project = gls_project_open (argv[1], GLS_PROJECT_OPEN_DEFAULT, &error)) ||
      !(import = gls_import_begin (project, only_projects ? "merge" : "import", &error)))
    return gls_cli_fail (error);

  for (int i = 2; i < argc; i++)
    {
      gboolean ok;

      const GlsFormat *file_format = annotation_format;

      if (is_project (argv[i], format))
        {
          Merged entry = { argv[i], { 0 } };

          ok = gls_import_merge_project (import, argv[i], annotator, &entry.stats, NULL, &error);
          if (ok)
            g_array_append_val (merged, entry);
        }
      else if (format == NULL && !is_article (argv[i]) &&
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
  /* Projects merged before leave nothing to save, not even a journal entry. */
  nothing_new = only_projects;
  for (guint i = 0; i < merged->len && nothing_new; i++)
    nothing_new = gls_merge_stats_is_empty (&g_array_index (merged, Merged, i).stats);
  if (!nothing_new && !gls_import_commit (import, &error))
    return gls_cli_fail (error);

  if (!quiet)
    {
      for (guint i = 0; i < merged->len; i++)
        print_merged (&g_array_index (merged, Merged, i));
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
