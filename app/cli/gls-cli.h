/* gls-cli.h — the verbs of glossator-cli, one file each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Exit statuses, stable for scripts. */
#define GLS_CLI_EXIT_OK 0
#define GLS_CLI_EXIT_ERROR 1
#define GLS_CLI_EXIT_USAGE 2

typedef int (*GlsCliVerb) (int argc, char **argv);

int gls_cli_new    (int argc, char **argv);
int gls_cli_import (int argc, char **argv);
int gls_cli_list   (int argc, char **argv);
int gls_cli_export (int argc, char **argv);
int gls_cli_stats  (int argc, char **argv);
int gls_cli_labels (int argc, char **argv);
int gls_cli_agreement (int argc, char **argv);
int gls_cli_consistency (int argc, char **argv);
int gls_cli_review (int argc, char **argv);
int gls_cli_adjudicate (int argc, char **argv);

/* Shared helpers. */
GOptionContext *gls_cli_context      (const char    *parameter,
                                      const char    *summary,
                                      GOptionEntry  *entries);
gboolean        gls_cli_parse        (GOptionContext *context,
                                      int           *argc,
                                      char        ***argv,
                                      int            min_args,
                                      int            max_args,
                                      int           *status);
int             gls_cli_fail         (GError        *error);
GStrv           gls_cli_split_names  (const char    *list);

G_END_DECLS
