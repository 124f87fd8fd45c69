/* gls-cli-new.c — glossator-cli new PROJECT
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glossator-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "gls-cli.h"
#include "gls-project.h"

int
gls_cli_new (int    argc,
             char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GError) error = NULL;
  gboolean empty = FALSE;
  int status;
  GOptionEntry entries[] = {
    { "empty", 0, 0, G_OPTION_ARG_NONE, &empty, N_("Start with no labels"), NULL },
    { NULL }
  };

  context = gls_cli_context (_("PROJECT.glossator"),
                             _("Create a new, empty project file. It starts with the “News” "
                               "labels\n(PERSON, ORG, GPE, LOC, DATE, NORP, EVENT, LAW, MISC)."),
                             entries);
  if (!gls_cli_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  project = gls_project_create (argv[1], empty ? GLS_PROJECT_CREATE_EMPTY_SCHEMA
                                               : GLS_PROJECT_CREATE_DEFAULT, &error);
  if (project == NULL)
    return gls_cli_fail (error);
  return GLS_CLI_EXIT_OK;
}
