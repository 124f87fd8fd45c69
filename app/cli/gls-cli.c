/* gls-cli.c — glossator-cli: everything the window does to data, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glossator-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "gls-cli.h"

typedef struct
{
  const char *name;
  GlsCliVerb func;
  const char *summary;
} Verb;

static const Verb verbs[] = {
  { "new", gls_cli_new, N_("Create a project (with the “News” labels unless --empty)") },
  { "import", gls_cli_import, N_("Import articles (text, HTML) or Glossator JSONL") },
  { "list", gls_cli_list, N_("List documents with status and span counts") },
  { "export", gls_cli_export, N_("Export documents and spans") },
  { "stats", gls_cli_stats, N_("Count documents, spans, labels and annotators") },
  { "labels", gls_cli_labels, N_("List the label schema") },
  { "agreement", gls_cli_agreement, N_("Measure inter-annotator agreement (kappa, alpha, F1)") },
  { "consistency", gls_cli_consistency, N_("Find strings labelled differently or not everywhere") },
  { "review", gls_cli_review, N_("List where annotators disagree, and how far adjudication is") },
  { "adjudicate", gls_cli_adjudicate, N_("Decide disagreements into the Gold layer") },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s\n\n", _("Usage: glossator-cli COMMAND PROJECT [OPTION…]"));
  fprintf (out, "%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    fprintf (out, "  %-12s %s\n", verbs[i].name, _(verbs[i].summary));
  fprintf (out, "\n%s\n", _("Run “glossator-cli COMMAND --help” for the options of a command."));
}

GOptionContext *
gls_cli_context (const char   *parameter,
                 const char   *summary,
                 GOptionEntry *entries)
{
  GOptionContext *context = g_option_context_new (parameter);

  g_option_context_set_summary (context, summary);
  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return context;
}

gboolean
gls_cli_parse (GOptionContext   *context,
               int              *argc,
               char           ***argv,
               int               min_args,
               int               max_args,
               int              *status)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("glossator-cli: %s\n", error->message);
      *status = GLS_CLI_EXIT_USAGE;
      return FALSE;
    }
  /* argv[0] is the verb. */
  if (*argc - 1 < min_args || (max_args >= 0 && *argc - 1 > max_args))
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
      *status = GLS_CLI_EXIT_USAGE;
      return FALSE;
    }
  return TRUE;
}

/* "anna, ben" → { "anna", "ben", NULL }; NULL (or nothing but commas) → NULL. */
GStrv
gls_cli_split_names (const char *list)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) parts = NULL;
  GStrv names;

  if (list == NULL)
    return NULL;
  builder = g_strv_builder_new ();
  parts = g_strsplit (list, ",", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    if (*g_strstrip (parts[i]) != '\0')
      g_strv_builder_add (builder, parts[i]);
  names = g_strv_builder_end (builder);
  if (names[0] == NULL)
    g_clear_pointer (&names, g_strfreev);
  return names;
}

int
gls_cli_fail (GError *error)
{
  g_printerr ("glossator-cli: %s\n", error->message);
  return GLS_CLI_EXIT_ERROR;
}

int
main (int    argc,
      char **argv)
{
  const char *verb;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("glossator-cli");

  if (argc < 2)
    {
      print_usage (stderr);
      return GLS_CLI_EXIT_USAGE;
    }

  verb = argv[1];
  if (strcmp (verb, "--help") == 0 || strcmp (verb, "-h") == 0 || strcmp (verb, "help") == 0)
    {
      print_usage (stdout);
      return GLS_CLI_EXIT_OK;
    }
  if (strcmp (verb, "--version") == 0)
    {
      printf ("glossator-cli %s\n", PACKAGE_VERSION);
      return GLS_CLI_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (verbs); i++)
    if (strcmp (verb, verbs[i].name) == 0)
      {
        g_autofree char *prgname = g_strdup_printf ("glossator-cli %s", verbs[i].name);

        /* So that "Usage:" in --help names the verb. */
        g_set_prgname (prgname);
        return verbs[i].func (argc - 1, argv + 1);
      }

  g_printerr (_("glossator-cli: unknown command “%s”\n\n"), verb);
  print_usage (stderr);
  return GLS_CLI_EXIT_USAGE;
}
