/* gls-cli-consistency.c — glossator-cli consistency PROJECT
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
#include "gls-consistency.h"
#include "gls-project.h"

/* Data goes to standard output as UTF-8 whatever the locale, with printf(), as in
 * gls-cli-list.c. */

static const char *
document_title (GlsProject *project,
                gint64      document_id)
{
  GlsDocument *doc = gls_project_lookup_document (project, document_id);

  return doc ? gls_document_get_title (doc) : "";
}

static void
print_json (GlsProject *project,
            GPtrArray  *groups)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;

  json_builder_begin_array (builder);
  for (guint i = 0; i < groups->len; i++)
    {
      const GlsConsistencyGroup *group = g_ptr_array_index (groups, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, group->text);
      json_builder_set_member_name (builder, "annotator");
      json_builder_add_string_value (builder, group->annotator);
      json_builder_set_member_name (builder, "labels");
      json_builder_begin_object (builder);
      for (guint k = 0; k < group->labels->len; k++)
        {
          const GlsConsistencyLabel *label = &g_array_index (group->labels, GlsConsistencyLabel, k);

          json_builder_set_member_name (builder, label->label);
          json_builder_add_int_value (builder, label->n_spans);
        }
      json_builder_end_object (builder);
      json_builder_set_member_name (builder, "unlabelled");
      json_builder_add_int_value (builder, group->n_unlabelled);
      json_builder_set_member_name (builder, "occurrences");
      json_builder_begin_array (builder);
      for (guint k = 0; k < group->occurrences->len; k++)
        {
          const GlsConsistencyOccurrence *o =
            &g_array_index (group->occurrences, GlsConsistencyOccurrence, k);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "document");
          json_builder_add_int_value (builder, o->document_id);
          json_builder_set_member_name (builder, "title");
          json_builder_add_string_value (builder, document_title (project, o->document_id));
          json_builder_set_member_name (builder, "start");
          json_builder_add_int_value (builder, o->start);
          json_builder_set_member_name (builder, "end");
          json_builder_add_int_value (builder, o->end);
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, o->text);
          json_builder_set_member_name (builder, "label");
          if (o->label != NULL)
            json_builder_add_string_value (builder, o->label);
          else
            json_builder_add_null_value (builder);
          json_builder_set_member_name (builder, "span");
          if (o->span_id != 0)
            json_builder_add_int_value (builder, o->span_id);
          else
            json_builder_add_null_value (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  out = json_to_string (root, TRUE);
  printf ("%s\n", out);
}

static void
print_text (GlsProject *project,
            GPtrArray  *groups)
{
  for (guint i = 0; i < groups->len; i++)
    {
      const GlsConsistencyGroup *group = g_ptr_array_index (groups, i);
      g_autoptr(GString) line = g_string_new (NULL);

      /* “Jordan” (anna): PERSON 2, GPE 1, not labelled 3 */
      g_string_append_printf (line, _("“%s” (%s): "), group->text, group->annotator);
      for (guint k = 0; k < group->labels->len; k++)
        {
          const GlsConsistencyLabel *label = &g_array_index (group->labels, GlsConsistencyLabel, k);

          g_string_append_printf (line, "%s%s %u", k ? ", " : "", label->label, label->n_spans);
        }
      if (group->n_unlabelled > 0)
        g_string_append_printf (line, _(", not labelled %u"), group->n_unlabelled);
      printf ("%s\n", line->str);

      /*   3 “Peace talks” 120–126 “jordan”: GPE (span 17) */
      for (guint k = 0; k < group->occurrences->len; k++)
        {
          const GlsConsistencyOccurrence *o =
            &g_array_index (group->occurrences, GlsConsistencyOccurrence, k);
          g_autofree char *what = NULL;

          if (o->label != NULL)
            what = g_strdup_printf (_("%s (span %" PRId64 ")"), o->label, o->span_id);
          else
            what = g_strdup (_("not labelled"));
          if (g_strcmp0 (o->text, group->text) != 0)
            printf ("  %" PRId64 " “%s” %" PRId64 "–%" PRId64 " “%s”: %s\n", o->document_id,
                    document_title (project, o->document_id), o->start, o->end, o->text, what);
          else
            printf ("  %" PRId64 " “%s” %" PRId64 "–%" PRId64 ": %s\n", o->document_id,
                    document_title (project, o->document_id), o->start, o->end, what);
        }
    }
  if (groups->len == 0)
    printf ("%s\n", _("no inconsistencies found"));
  else
    printf (g_dngettext (GETTEXT_PACKAGE, "%u string labelled inconsistently\n",
                         "%u strings labelled inconsistently\n", groups->len), groups->len);
}

int
gls_cli_consistency (int    argc,
                     char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *annotator = NULL;
  gboolean ignore_case = FALSE;
  gboolean json = FALSE;
  int status;
  GOptionEntry entries[] = {
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator,
      N_("Check only this annotator's spans (default: each annotator's on their own)"),
      N_("NAME") },
    { "ignore-case", 'i', 0, G_OPTION_ARG_NONE, &ignore_case,
      N_("Treat upper and lower case as the same"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON array instead of lines"), NULL },
    { NULL }
  };

  context = gls_cli_context (_("PROJECT"),
                             _("List the strings an annotator labelled inconsistently across the "
                               "project: with\ndifferent labels, or labelled in some places and "
                               "not in others (whole words\noverlapping none of that annotator's "
                               "spans). One group per string:\n"
                               "“STRING” (ANNOTATOR): LABEL COUNT, …, not labelled COUNT\n"
                               "  DOCUMENT-ID “TITLE” START–END: LABEL (span ID) | not labelled"),
                             entries);
  if (!gls_cli_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  if (!(project = gls_project_open (argv[1], GLS_PROJECT_OPEN_READ_ONLY, &error)) ||
      !(groups = gls_project_check_consistency (project, annotator, ignore_case, NULL, &error)))
    return gls_cli_fail (error);

  if (json)
    print_json (project, groups);
  else
    print_text (project, groups);
  return GLS_CLI_EXIT_OK;
}
