/* gls-cli-adjudicate.c — glossator-cli adjudicate PROJECT: decisions into the Gold layer
 *
 *   adjudicate PROJECT --accept-agreements [--document ID]
 *   adjudicate PROJECT --document ID --unit N (--accept NAME | --accept-all | --reject | --edited)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glossator-cli"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gls-cli.h"
#include "gls-project.h"
#include "gls-review.h"

/* Data goes to standard output as UTF-8 whatever the locale, with printf(), as in
 * gls-cli-list.c. */

/* The documents that are "reviewed" now, as ids. */
static GHashTable *
reviewed_documents (GlsProject *project)
{
  GHashTable *reviewed = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  GListModel *documents = gls_project_get_documents (project);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(GlsDocument) document = g_list_model_get_item (documents, i);
      gint64 id = gls_document_get_id (document);

      if (gls_document_get_status (document) == GLS_DOCUMENT_REVIEWED)
        g_hash_table_add (reviewed, g_memdup2 (&id, sizeof id));
    }
  return reviewed;
}

/* "document 3 is reviewed" for each document the decision made so. */
static void
print_newly_reviewed (GlsProject *project,
                      GHashTable *before)
{
  GListModel *documents = gls_project_get_documents (project);

  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(GlsDocument) document = g_list_model_get_item (documents, i);
      gint64 id = gls_document_get_id (document);

      if (gls_document_get_status (document) == GLS_DOCUMENT_REVIEWED &&
          !g_hash_table_contains (before, &id))
        printf (_("document %" PRId64 " is reviewed\n"), id);
    }
}

int
gls_cli_adjudicate (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) before = NULL;
  g_autofree char *annotators = NULL;
  g_autofree char *reviewer = NULL;
  g_autofree char *accept = NULL;
  g_auto(GStrv) names = NULL;
  gint64 document_id = 0;
  gint64 unit_number = 0;
  gboolean agreements = FALSE, accept_all = FALSE, reject = FALSE, edited = FALSE;
  GlsDecision decision = GLS_DECISION_NONE;
  int status;
  GOptionEntry entries[] = {
    { "annotators", 'a', 0, G_OPTION_ARG_STRING, &annotators,
      N_("Compare these annotators (default: everyone but Gold who annotated the document)"),
      N_("NAME,NAME,…") },
    { "document", 'd', 0, G_OPTION_ARG_INT64, &document_id, N_("The document"), N_("ID") },
    { "unit", 'u', 0, G_OPTION_ARG_INT64, &unit_number,
      N_("The unit, numbered as “glossator-cli review” lists it"), N_("N") },
    { "accept", 0, 0, G_OPTION_ARG_STRING, &accept,
      N_("Copy this annotator's spans of the unit into Gold"), N_("NAME") },
    { "accept-all", 0, 0, G_OPTION_ARG_NONE, &accept_all,
      N_("Copy every annotator's spans of the unit into Gold"), NULL },
    { "reject", 0, 0, G_OPTION_ARG_NONE, &reject, N_("Leave Gold nothing in the unit"), NULL },
    { "edited", 0, 0, G_OPTION_ARG_NONE, &edited,
      N_("Settle the unit with the Gold spans it has now"), NULL },
    { "accept-agreements", 0, 0, G_OPTION_ARG_NONE, &agreements,
      N_("Copy everything the annotators agree on into Gold (one document, or all)"), NULL },
    { "reviewer", 'r', 0, G_OPTION_ARG_STRING, &reviewer,
      N_("Record the decisions for this reviewer (default: your login name)"), N_("NAME") },
    { NULL }
  };

  context = gls_cli_context (_("PROJECT"),
                             _("Settle disagreements into the Gold layer, one unit at a time or "
                               "every agreement\nat once. Each command is one step that undo "
                               "in the window takes back, recorded\nwith the reviewer and the "
                               "time. A document whose units are all settled becomes\n"
                               "“reviewed”. Export the Gold layer with “glossator-cli export "
                               "--gold”."),
                             entries);
  if (!gls_cli_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  if (accept != NULL)
    decision = GLS_DECISION_ACCEPT;
  if ((accept != NULL) + accept_all + reject + edited + agreements != 1)
    {
      g_printerr (_("glossator-cli: choose one of --accept NAME, --accept-all, --reject, "
                    "--edited and --accept-agreements\n"));
      return GLS_CLI_EXIT_USAGE;
    }
  if (!agreements && (document_id == 0 || unit_number == 0))
    {
      g_printerr (_("glossator-cli: a decision needs --document ID and --unit N\n"));
      return GLS_CLI_EXIT_USAGE;
    }
  if (agreements && unit_number != 0)
    {
      g_printerr (_("glossator-cli: --accept-agreements takes a whole document, not --unit\n"));
      return GLS_CLI_EXIT_USAGE;
    }
  if (reviewer != NULL && gls_annotator_is_gold (reviewer))
    {
      g_printerr (_("glossator-cli: “%s” is the adjudicated layer, not a reviewer\n"), reviewer);
      return GLS_CLI_EXIT_USAGE;
    }
  decision = accept_all ? GLS_DECISION_ACCEPT_ALL : reject ? GLS_DECISION_REJECT
             : edited ? GLS_DECISION_EDIT : decision;
  names = gls_cli_split_names (annotators);

  if (!(project = gls_project_open (argv[1], GLS_PROJECT_OPEN_DEFAULT, &error)))
    return gls_cli_fail (error);
  if (reviewer != NULL)
    gls_project_set_annotator (project, reviewer);
  if (document_id != 0 && gls_project_lookup_document (project, document_id) == NULL)
    {
      g_printerr (_("glossator-cli: %s: no document with id %" PRId64 "\n"), argv[1], document_id);
      return GLS_CLI_EXIT_ERROR;
    }
  before = reviewed_documents (project);

  if (agreements)
    {
      guint n_accepted = 0;

      if (!gls_project_accept_agreements (project, document_id, (const char * const *)names,
                                          &n_accepted, &error))
        return gls_cli_fail (error);
      printf (g_dngettext (GETTEXT_PACKAGE, "accepted %u agreement into Gold\n",
                           "accepted %u agreements into Gold\n", n_accepted), n_accepted);
    }
  else
    {
      g_autoptr(GPtrArray) units = NULL;
      const GlsReviewUnit *unit;
      GlsReviewProgress progress;

      if (!(units = gls_project_find_disagreements (project, document_id,
                                                    (const char * const *)names, &error)))
        return gls_cli_fail (error);
      if (unit_number < 1 || unit_number > units->len)
        {
          g_printerr (g_dngettext (GETTEXT_PACKAGE,
                                   "glossator-cli: %s: document %" PRId64 " has %u unit; "
                                   "there is no unit %" PRId64 "\n",
                                   "glossator-cli: %s: document %" PRId64 " has %u units; "
                                   "there is no unit %" PRId64 "\n", units->len),
                      argv[1], document_id, units->len, unit_number);
          return GLS_CLI_EXIT_ERROR;
        }
      unit = g_ptr_array_index (units, unit_number - 1);
      if (!gls_project_decide (project, unit, decision, accept, &error) ||
          !gls_project_count_unsettled (project, document_id, (const char * const *)names,
                                        &progress, &error))
        return gls_cli_fail (error);

      /* document 1, unit #2 (497–504): accepted anna's version */
      printf (_("document %" PRId64 ", unit #%" PRId64 " (%" PRId64 "–%" PRId64 "): "),
              document_id, unit_number, unit->start, unit->end);
      switch (decision)
        {
        case GLS_DECISION_ACCEPT:
          printf (_("accepted %s's version\n"), accept);
          break;
        case GLS_DECISION_ACCEPT_ALL:
          printf (_("accepted every version\n"));
          break;
        case GLS_DECISION_REJECT:
          printf (_("rejected\n"));
          break;
        case GLS_DECISION_EDIT:
        case GLS_DECISION_NONE:
        default:
          printf (_("settled as Gold has it\n"));
          break;
        }
      printf (_("document %" PRId64 ": "), document_id);
      printf (g_dngettext (GETTEXT_PACKAGE, "%u disagreement unsettled, ",
                           "%u disagreements unsettled, ", progress.n_unsettled_disagreements),
              progress.n_unsettled_disagreements);
      printf (g_dngettext (GETTEXT_PACKAGE, "%u agreement not in Gold\n",
                           "%u agreements not in Gold\n", progress.n_unsettled_agreements),
              progress.n_unsettled_agreements);
    }
  print_newly_reviewed (project, before);
  return GLS_CLI_EXIT_OK;
}
