/* gls-cli-review.c — glossator-cli review PROJECT [--annotators a,b] [--document ID] [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glossator-cli"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "gls-cli.h"
#include "gls-offsets.h"
#include "gls-project.h"
#include "gls-review.h"

/* Data goes to standard output as UTF-8 whatever the locale, with printf(), as in
 * gls-cli-list.c. */

/* Quoted text is cut to this many characters in the lines for people (not in JSON). */
#define SHORT_TEXT 60

/* The text of a unit, one line: line breaks and tabs as spaces, cut short when @short_text. */
static char *
unit_text (const char         *text,
           GlsOffsetMap       *offsets,
           const GlsReviewUnit *unit,
           gboolean            short_text)
{
  gsize from = 0, to = 0;
  GString *out;

  if (!gls_offset_map_char_to_byte (offsets, unit->start, &from, NULL) ||
      !gls_offset_map_char_to_byte (offsets, unit->end, &to, NULL))
    return g_strdup ("");
  out = g_string_new_len (text + from, (gssize)(to - from));
  for (gsize i = 0; i < out->len; i++)
    if (out->str[i] == '\n' || out->str[i] == '\t' || out->str[i] == '\r')
      out->str[i] = ' ';
  if (short_text && g_utf8_strlen (out->str, -1) > SHORT_TEXT)
    {
      g_string_truncate (out, g_utf8_offset_to_pointer (out->str, SHORT_TEXT - 1) - out->str);
      g_string_append (out, "…");
    }
  return g_string_free (out, FALSE);
}

/* "[accepted anna]", "[in Gold]", … or NULL while the unit is open. */
static char *
describe_settled (const GlsReviewUnit *unit)
{
  switch (unit->decision)
    {
    case GLS_DECISION_ACCEPT:
      return g_strdup_printf (_("[accepted %s]"), unit->accepted);
    case GLS_DECISION_ACCEPT_ALL:
      return g_strdup (_("[accepted all]"));
    case GLS_DECISION_REJECT:
      return g_strdup (_("[rejected]"));
    case GLS_DECISION_EDIT:
      return g_strdup (_("[edited]"));
    case GLS_DECISION_NONE:
    default:
      return unit->settled ? g_strdup (_("[in Gold]")) : NULL;
    }
}

/*   #2 label 497–504 “Sputnik”: anna ORG 497–504; ben MISC 497–504 [accepted anna] */
static void
print_unit (const char          *text,
            GlsOffsetMap        *offsets,
            const GlsReviewUnit *unit)
{
  g_autoptr(GString) line = g_string_new (NULL);
  g_autofree char *quoted = unit_text (text, offsets, unit, TRUE);
  g_autofree char *settled = describe_settled (unit);

  g_string_append_printf (line, "  #%u %s %" PRId64 "–%" PRId64 " “%s”:", unit->index + 1,
                          gls_unit_kind_to_string (unit->kind), unit->start, unit->end, quoted);
  for (guint a = 0; a < unit->n_annotators; a++)
    {
      gboolean any = FALSE;

      g_string_append_printf (line, "%s %s", a > 0 ? ";" : "", unit->annotators[a]);
      for (guint i = 0; i < unit->n_spans; i++)
        {
          const GlsUnitSpan *span = &unit->spans[i];

          if (span->annotator != unit->annotators[a])
            continue;
          g_string_append_printf (line, "%s %s %" PRId64 "–%" PRId64, any ? "," : "",
                                  span->label, span->start, span->end);
          if (span->n_fragments > 1)
            g_string_append_printf (line, _(" (%u pieces)"), span->n_fragments);
          any = TRUE;
        }
      if (!any)
        g_string_append (line, " —");
    }
  if (settled != NULL)
    g_string_append_printf (line, " %s", settled);
  printf ("%s\n", line->str);
}

static void
add_progress (JsonBuilder             *builder,
              const GlsReviewProgress *progress)
{
  json_builder_set_member_name (builder, "progress");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "documents");
  json_builder_add_int_value (builder, progress->n_documents);
  json_builder_set_member_name (builder, "reviewed");
  json_builder_add_int_value (builder, progress->n_reviewed);
  json_builder_set_member_name (builder, "disagreements");
  json_builder_add_int_value (builder, progress->n_disagreements);
  json_builder_set_member_name (builder, "unsettled_disagreements");
  json_builder_add_int_value (builder, progress->n_unsettled_disagreements);
  json_builder_set_member_name (builder, "agreements");
  json_builder_add_int_value (builder, progress->n_agreements);
  json_builder_set_member_name (builder, "unsettled_agreements");
  json_builder_add_int_value (builder, progress->n_unsettled_agreements);
  json_builder_end_object (builder);
}

static void
add_unit (JsonBuilder         *builder,
          const char          *text,
          GlsOffsetMap        *offsets,
          const GlsReviewUnit *unit)
{
  g_autofree char *quoted = unit_text (text, offsets, unit, FALSE);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "unit");
  json_builder_add_int_value (builder, unit->index + 1);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, gls_unit_kind_to_string (unit->kind));
  json_builder_set_member_name (builder, "start");
  json_builder_add_int_value (builder, unit->start);
  json_builder_set_member_name (builder, "end");
  json_builder_add_int_value (builder, unit->end);
  json_builder_set_member_name (builder, "text");
  json_builder_add_string_value (builder, quoted);
  json_builder_set_member_name (builder, "settled");
  json_builder_add_boolean_value (builder, unit->settled);
  json_builder_set_member_name (builder, "decision");
  if (unit->decision != GLS_DECISION_NONE)
    json_builder_add_string_value (builder, gls_decision_to_string (unit->decision));
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "accepted");
  if (unit->accepted != NULL)
    json_builder_add_string_value (builder, unit->accepted);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "spans");
  json_builder_begin_array (builder);
  for (guint i = 0; i < unit->n_spans; i++)
    {
      const GlsUnitSpan *span = &unit->spans[i];

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, span->id);
      json_builder_set_member_name (builder, "annotator");
      json_builder_add_string_value (builder, span->annotator);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, span->label);
      json_builder_set_member_name (builder, "start");
      json_builder_add_int_value (builder, span->start);
      json_builder_set_member_name (builder, "end");
      json_builder_add_int_value (builder, span->end);
      json_builder_set_member_name (builder, "fragments");
      json_builder_add_int_value (builder, span->n_fragments);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

/* One document: its header line (or JSON object) and its units. */
static gboolean
review_document (GlsProject          *project,
                 GlsDocument         *document,
                 const char * const  *annotators,
                 gboolean             all,
                 JsonBuilder         *builder,
                 GlsReviewProgress   *total,
                 GError             **error)
{
  gint64 id = gls_document_get_id (document);
  g_autoptr(GPtrArray) units = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GlsOffsetMap) offsets = NULL;
  GlsReviewProgress progress = { 0 };
  GlsDocumentStatus status = gls_document_get_status (document);
  const GlsReviewUnit *first;

  if (!(units = gls_project_find_disagreements (project, id, annotators, error)))
    return FALSE;
  for (guint i = 0; i < units->len; i++)
    {
      const GlsReviewUnit *unit = g_ptr_array_index (units, i);

      if (unit->kind == GLS_UNIT_AGREEMENT)
        {
          progress.n_agreements++;
          progress.n_unsettled_agreements += !unit->settled;
        }
      else
        {
          progress.n_disagreements++;
          progress.n_unsettled_disagreements += !unit->settled;
        }
    }
  progress.n_documents = units->len > 0;
  progress.n_reviewed = units->len > 0 && status == GLS_DOCUMENT_REVIEWED;
  total->n_documents += progress.n_documents;
  total->n_reviewed += progress.n_reviewed;
  total->n_agreements += progress.n_agreements;
  total->n_disagreements += progress.n_disagreements;
  total->n_unsettled_agreements += progress.n_unsettled_agreements;
  total->n_unsettled_disagreements += progress.n_unsettled_disagreements;

  first = units->len > 0 ? g_ptr_array_index (units, 0) : NULL;
  if (units->len > 0)
    {
      if (!(text = gls_project_load_text (project, id, error)))
        return FALSE;
      offsets = gls_offset_map_new (text, -1);
    }

  if (builder != NULL)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, gls_document_get_title (document));
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, gls_document_status_to_string (status));
      json_builder_set_member_name (builder, "annotators");
      json_builder_begin_array (builder);
      for (guint a = 0; first != NULL && a < first->n_annotators; a++)
        json_builder_add_string_value (builder, first->annotators[a]);
      json_builder_end_array (builder);
      add_progress (builder, &progress);
      json_builder_set_member_name (builder, "units");
      json_builder_begin_array (builder);
      for (guint i = 0; i < units->len; i++)
        {
          const GlsReviewUnit *unit = g_ptr_array_index (units, i);

          if (all || unit->kind != GLS_UNIT_AGREEMENT)
            add_unit (builder, text, offsets, unit);
        }
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      return TRUE;
    }

  if (first == NULL)
    {
      if (annotators != NULL)
        printf (_("%" PRId64 " “%s”: none of these annotators has spans in it\n"), id,
                gls_document_get_title (document));
      else
        printf (_("%" PRId64 " “%s”: not compared (fewer than two annotators)\n"), id,
                gls_document_get_title (document));
      return TRUE;
    }

  {
    g_autoptr(GString) names = g_string_new (NULL);

    for (guint a = 0; a < first->n_annotators; a++)
      g_string_append_printf (names, "%s%s", a > 0 ? ", " : "", first->annotators[a]);
    /* 1 “Pompeo's Talks…” (anna, ben): 10 disagreements, 10 unsettled; 63 agreements, 63 not
     * in Gold; reviewed */
    printf ("%" PRId64 " “%s” (%s): ", id, gls_document_get_title (document), names->str);
    printf (g_dngettext (GETTEXT_PACKAGE, "%u disagreement, %u unsettled; ",
                         "%u disagreements, %u unsettled; ", progress.n_disagreements),
            progress.n_disagreements, progress.n_unsettled_disagreements);
    printf (g_dngettext (GETTEXT_PACKAGE, "%u agreement, %u not in Gold",
                         "%u agreements, %u not in Gold", progress.n_agreements),
            progress.n_agreements, progress.n_unsettled_agreements);
    if (status == GLS_DOCUMENT_REVIEWED)
      printf (_("; reviewed"));
    printf ("\n");
  }
  for (guint i = 0; i < units->len; i++)
    {
      const GlsReviewUnit *unit = g_ptr_array_index (units, i);

      if (all || unit->kind != GLS_UNIT_AGREEMENT)
        print_unit (text, offsets, unit);
    }
  return TRUE;
}

int
gls_cli_review (int    argc,
                char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = NULL;
  g_autofree char *annotators = NULL;
  g_auto(GStrv) names = NULL;
  gint64 document_id = 0;
  gboolean json = FALSE;
  gboolean all = FALSE;
  GlsReviewProgress total = { 0 };
  GListModel *documents;
  int status;
  GOptionEntry entries[] = {
    { "annotators", 'a', 0, G_OPTION_ARG_STRING, &annotators,
      N_("Compare these annotators (default: everyone but Gold who annotated the document)"),
      N_("NAME,NAME,…") },
    { "document", 'd', 0, G_OPTION_ARG_INT64, &document_id, N_("Only this document"), N_("ID") },
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("List the agreements too"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON object instead of lines"), NULL },
    { NULL }
  };

  context = gls_cli_context (_("PROJECT"),
                             _("List where annotators disagree, document by document. Spans that "
                               "overlap make a unit;\na unit is an agreement, “only-some” (some "
                               "annotators have no span there), “label”\n(same extents, other "
                               "labels) or “extent” (overlapping, other extents):\n"
                               "ID “TITLE” (ANNOTATORS): N disagreements, N unsettled; "
                               "N agreements, N not in Gold\n"
                               "  #UNIT KIND START–END “TEXT”: ANNOTATOR LABEL START–END, …; … "
                               "[DECISION]\n"
                               "Decide them with “glossator-cli adjudicate”."),
                             entries);
  if (!gls_cli_parse (context, &argc, &argv, 1, 1, &status))
    return status;
  names = gls_cli_split_names (annotators);

  if (!(project = gls_project_open (argv[1], GLS_PROJECT_OPEN_READ_ONLY, &error)))
    return gls_cli_fail (error);
  if (document_id != 0 && gls_project_lookup_document (project, document_id) == NULL)
    {
      g_printerr (_("glossator-cli: %s: no document with id %" PRId64 "\n"), argv[1], document_id);
      return GLS_CLI_EXIT_ERROR;
    }

  if (json)
    {
      builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "project");
      json_builder_add_string_value (builder, gls_project_get_path (project));
      json_builder_set_member_name (builder, "documents");
      json_builder_begin_array (builder);
    }

  documents = gls_project_get_documents (project);
  for (guint i = 0; i < g_list_model_get_n_items (documents); i++)
    {
      g_autoptr(GlsDocument) document = g_list_model_get_item (documents, i);

      if (document_id != 0 && gls_document_get_id (document) != document_id)
        continue;
      if (!review_document (project, document, (const char * const *)names, all, builder, &total,
                            &error))
        return gls_cli_fail (error);
    }

  if (json)
    {
      g_autoptr(JsonNode) root = NULL;
      g_autofree char *out = NULL;

      json_builder_end_array (builder);
      add_progress (builder, &total);
      json_builder_end_object (builder);
      root = json_builder_get_root (builder);
      out = json_to_string (root, TRUE);
      printf ("%s\n", out);
      return GLS_CLI_EXIT_OK;
    }

  /* Total: 2 documents compared, 0 reviewed; 10 disagreements, 10 unsettled; … */
  printf (g_dngettext (GETTEXT_PACKAGE, "Total: %u document compared, %u reviewed; ",
                       "Total: %u documents compared, %u reviewed; ", total.n_documents),
          total.n_documents, total.n_reviewed);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u disagreement, %u unsettled; ",
                       "%u disagreements, %u unsettled; ", total.n_disagreements),
          total.n_disagreements, total.n_unsettled_disagreements);
  printf (g_dngettext (GETTEXT_PACKAGE, "%u agreement, %u not in Gold\n",
                       "%u agreements, %u not in Gold\n", total.n_agreements),
          total.n_agreements, total.n_unsettled_agreements);
  return GLS_CLI_EXIT_OK;
}
