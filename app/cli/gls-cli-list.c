/* gls-cli-list.c — glossator-cli list PROJECT
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
#include "gls-merge.h"
#include "gls-project.h"

/* The annotators of document @doc_id in @entries (by document id, as the documents are):
 * [*first, *last), looked for from *next on, which moves past them. */
static void
find_annotators (GPtrArray *entries,
                 gint64     doc_id,
                 guint     *next,
                 guint     *first,
                 guint     *last)
{
  const GlsDocumentAnnotator *entry;

  while (*next < entries->len &&
         (entry = g_ptr_array_index (entries, *next))->document_id < doc_id)
    (*next)++;
  *first = *last = *next;
  while (*last < entries->len &&
         (entry = g_ptr_array_index (entries, *last))->document_id == doc_id)
    (*last)++;
  *next = *last;
}

/* Data goes to standard output as UTF-8 whatever the locale, with printf(): g_print()
 * converts to the locale's character set and turns what it lacks into '?', so under
 * LC_ALL=C a Cyrillic title or a "€" would reach a script as question marks. */

int
gls_cli_list (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *status_filter = NULL;
  gboolean json = FALSE;
  gboolean with_annotators = FALSE;
  g_autoptr(GPtrArray) by_document = NULL;
  guint next = 0;
  GlsDocumentStatus wanted = GLS_DOCUMENT_NEW;
  g_autoptr(JsonBuilder) builder = NULL;
  GListModel *documents;
  int status;
  GOptionEntry entries[] = {
    { "status", 's', 0, G_OPTION_ARG_STRING, &status_filter,
      N_("Only documents with this status (new, in-progress, done, reviewed)"), N_("STATUS") },
    { "annotators", 'a', 0, G_OPTION_ARG_NONE, &with_annotators,
      N_("Also show whose spans each document has: NAME=SPANS,… before the title"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array instead of lines"), NULL },
    { NULL }
  };

  context = gls_cli_context (_("PROJECT"),
                             _("List the documents of a project, one per line:\n"
                               "ID<TAB>STATUS<TAB>SPANS<TAB>TITLE\n"
                               "or, with --annotators, whose spans they are:\n"
                               "ID<TAB>STATUS<TAB>SPANS<TAB>NAME=SPANS,…<TAB>TITLE"),
                             entries);
  if (!gls_cli_parse (context, &argc, &argv, 1, 1, &status))
    return status;
  if (status_filter != NULL && !gls_document_status_from_string (status_filter, &wanted))
    {
      g_printerr (_("glossator-cli: unknown status “%s” (new, in-progress, done, reviewed)\n"),
                  status_filter);
      return GLS_CLI_EXIT_USAGE;
    }

  if (!(project = gls_project_open (argv[1], GLS_PROJECT_OPEN_READ_ONLY, &error)))
    return gls_cli_fail (error);
  if (with_annotators &&
      !(by_document = gls_project_list_document_annotators (project, &error)))
    return gls_cli_fail (error);

  documents = gls_project_get_documents (project);
  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_array (builder);
    }

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, i);
      GlsDocumentStatus doc_status = gls_document_get_status (doc);
      gint64 doc_id = gls_document_get_id (doc);
      guint first = 0, last = 0;

      if (by_document != NULL)
        find_annotators (by_document, doc_id, &next, &first, &last);

      if (status_filter != NULL && doc_status != wanted)
        continue;
      if (json)
        {
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_int_value (builder, gls_document_get_id (doc));
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, gls_document_get_title (doc));
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, gls_document_get_source (doc));
          json_builder_set_member_name (builder, "status");
          json_builder_add_string_value (builder, gls_document_status_to_string (doc_status));
          json_builder_set_member_name (builder, "spans");
          json_builder_add_int_value (builder, gls_document_get_n_spans (doc));
          json_builder_set_member_name (builder, "characters");
          json_builder_add_int_value (builder, gls_document_get_length (doc));
          if (by_document != NULL)
            {
              json_builder_set_member_name (builder, "annotators");
              json_builder_begin_object (builder);
              for (guint k = first; k < last; k++)
                {
                  const GlsDocumentAnnotator *entry = g_ptr_array_index (by_document, k);

                  json_builder_set_member_name (builder, entry->annotator);
                  json_builder_add_int_value (builder, entry->n_spans);
                }
              json_builder_end_object (builder);
            }
          json_builder_end_object (builder);
        }
      else if (by_document != NULL)
        {
          g_autoptr(GString) who = g_string_new (first == last ? "-" : NULL);

          for (guint k = first; k < last; k++)
            {
              const GlsDocumentAnnotator *entry = g_ptr_array_index (by_document, k);

              g_string_append_printf (who, "%s%s=%u", k > first ? "," : "", entry->annotator,
                                      entry->n_spans);
            }
          printf ("%" PRId64 "\t%s\t%u\t%s\t%s\n", doc_id,
                  gls_document_status_to_string (doc_status), gls_document_get_n_spans (doc),
                  who->str, gls_document_get_title (doc));
        }
      else
        printf ("%" PRId64 "\t%s\t%u\t%s\n", gls_document_get_id (doc),
                gls_document_status_to_string (doc_status), gls_document_get_n_spans (doc),
                gls_document_get_title (doc));
    }

  if (json)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *out = NULL;

      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      out = json_to_string (root, TRUE);
      printf ("%s\n", out);
    }
  return GLS_CLI_EXIT_OK;
}
