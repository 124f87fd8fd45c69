/* gls-cli-stats.c — glossator-cli stats PROJECT and glossator-cli labels PROJECT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glossator-cli"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

#include "gls-cli.h"
#include "gls-project.h"

/* Data goes to standard output as UTF-8 whatever the locale, with printf(): g_print()
 * converts to the locale's character set and turns what it lacks into '?', so under
 * LC_ALL=C a Cyrillic title or a "€" would reach a script as question marks. */

int
gls_cli_stats (int    argc,
               char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GHashTable) by_label = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) annotators = NULL;
  GlsProjectStats stats;
  gboolean json = FALSE;
  GListModel *labels;
  int status;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON object instead of lines"), NULL },
    { NULL }
  };

  context = gls_cli_context (_("PROJECT"),
                             _("Print counts of a project as “key: value” lines: documents (and per "
                               "status),\nspans (and per label), relations, annotators, characters."),
                             entries);
  if (!gls_cli_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  if (!(project = gls_project_open (argv[1], GLS_PROJECT_OPEN_READ_ONLY, &error)) ||
      !gls_project_get_stats (project, &stats, &error) ||
      !(by_label = gls_project_count_spans_by_label (project, &error)))
    return gls_cli_fail (error);
  annotators = gls_project_list_annotators (project);
  labels = gls_project_get_labels (project);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *out = NULL;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "documents");
      json_builder_add_int_value (builder, stats.n_documents);
      json_builder_set_member_name (builder, "documents_by_status");
      json_builder_begin_object (builder);
      for (int s = 0; s <= GLS_DOCUMENT_STATUS_LAST; s++)
        {
          json_builder_set_member_name (builder, gls_document_status_to_string (s));
          json_builder_add_int_value (builder, stats.n_documents_by_status[s]);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "characters");
      json_builder_add_int_value (builder, stats.n_characters);
      json_builder_set_member_name (builder, "spans");
      json_builder_add_int_value (builder, stats.n_spans);
      json_builder_set_member_name (builder, "spans_by_label");
      json_builder_begin_object (builder);
      for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
        {
          g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
          json_builder_set_member_name (builder, gls_label_get_name (label));
          json_builder_add_int_value (builder, GPOINTER_TO_UINT (
            g_hash_table_lookup (by_label, gls_label_get_name (label))));
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "relations");
      json_builder_add_int_value (builder, stats.n_relations);
      json_builder_set_member_name (builder, "annotators");
      json_builder_begin_array (builder);
      for (guint i = 0; annotators[i]; i++)
        json_builder_add_string_value (builder, annotators[i]);
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "journal_entries");
      json_builder_add_int_value (builder, stats.n_journal_entries);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      out = json_to_string (root, TRUE);
      printf ("%s\n", out);
      return GLS_CLI_EXIT_OK;
    }

  printf ("documents: %u\n", stats.n_documents);
  for (int s = 0; s <= GLS_DOCUMENT_STATUS_LAST; s++)
    printf ("documents.%s: %u\n", gls_document_status_to_string (s),
            stats.n_documents_by_status[s]);
  printf ("characters: %" PRId64 "\n", stats.n_characters);
  printf ("spans: %u\n", stats.n_spans);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      printf ("spans.%s: %u\n", gls_label_get_name (label),
              GPOINTER_TO_UINT (g_hash_table_lookup (by_label, gls_label_get_name (label))));
    }
  printf ("relations: %u\n", stats.n_relations);
  printf ("annotators: %u\n", g_strv_length (annotators));
  for (guint i = 0; annotators[i]; i++)
    printf ("annotator: %s\n", annotators[i]);
  printf ("journal entries: %u\n", stats.n_journal_entries);
  return GLS_CLI_EXIT_OK;
}

int
gls_cli_labels (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *labels;
  int status;

  context = gls_cli_context (_("PROJECT"),
                             _("List the label schema, one label per line:\n"
                               "NAME<TAB>KEY<TAB>COLOUR<TAB>DESCRIPTION"), NULL);
  if (!gls_cli_parse (context, &argc, &argv, 1, 1, &status))
    return status;
  if (!(project = gls_project_open (argv[1], GLS_PROJECT_OPEN_READ_ONLY, &error)))
    return gls_cli_fail (error);

  labels = gls_project_get_labels (project);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      printf ("%s\t%s\t%s\t%s\n", gls_label_get_name (label),
              gls_label_get_key (label) ? gls_label_get_key (label) : "",
              gls_label_get_color (label),
              gls_label_get_display_description (label));
    }
  return GLS_CLI_EXIT_OK;
}
