/* gls-cli-agreement.c — glossator-cli agreement PROJECT [--annotators a,b,…] [--json]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "glossator-cli"

#include <inttypes.h>
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <stdio.h>

#include "gls-agreement.h"
#include "gls-cli.h"
#include "gls-document.h"
#include "gls-project.h"

/* Data goes to standard output as UTF-8 whatever the locale, with printf() (see
 * gls-cli-stats.c). */

/* Three decimals; "n/a" when undefined, and never "-0.000". */
static char *
format_score (double value)
{
  if (isnan (value))
    return g_strdup (_("n/a"));
  if (fabs (value) < 0.0005)
    value = 0;
  return g_strdup_printf ("%.3f", value);
}

/* A table: rows of cells; the first column left-aligned, the others right-aligned, widths in
 * characters (the headings hold κ and α). */
static void
print_table (GPtrArray *rows)
{
  g_autofree guint *widths = NULL;
  guint n_columns = 0;

  for (guint r = 0; r < rows->len; r++)
    n_columns = MAX (n_columns, ((GPtrArray *)g_ptr_array_index (rows, r))->len);
  widths = g_new0 (guint, n_columns + 1);
  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);

      for (guint c = 0; c < row->len; c++)
        widths[c] = MAX (widths[c], (guint)g_utf8_strlen (g_ptr_array_index (row, c), -1));
    }
  for (guint r = 0; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint c = 0; c < row->len; c++)
        {
          const char *cell = g_ptr_array_index (row, c);
          guint pad = widths[c] - (guint)g_utf8_strlen (cell, -1);

          if (c > 0)
            g_string_append (line, "  ");
          if (c > 0)
            for (guint k = 0; k < pad; k++)
              g_string_append_c (line, ' ');
          g_string_append (line, cell);
          if (c == 0 && row->len > 1)
            for (guint k = 0; k < pad; k++)
              g_string_append_c (line, ' ');
        }
      printf ("%s\n", line->str);
    }
}

static GPtrArray *
row_new (const char *first)
{
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (row, g_strdup (first));
  return row;
}

/* A label's scores, or the project's after the last label. */
static const GlsAgreementScores *
label_or_total (GlsAgreement *agreement,
                guint         label)
{
  if (label < gls_agreement_get_n_labels (agreement))
    return gls_agreement_get_label_scores (agreement, label);
  return gls_agreement_get_total (agreement);
}

static void
print_token_table (GlsAgreement *agreement)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  guint n_pairs = gls_agreement_get_n_pairs (agreement);
  guint n_labels = gls_agreement_get_n_labels (agreement);
  GPtrArray *header = row_new (_("LABEL"));

  for (guint p = 0; p < n_pairs; p++)
    {
      guint a, b;

      gls_agreement_get_pair (agreement, p, &a, &b);
      g_ptr_array_add (header, g_strdup_printf ("κ %s/%s",
                                                gls_agreement_get_annotator (agreement, a),
                                                gls_agreement_get_annotator (agreement, b)));
    }
  g_ptr_array_add (header, g_strdup (_("κ mean")));
  g_ptr_array_add (header, g_strdup (_("Fleiss κ")));
  g_ptr_array_add (header, g_strdup ("α"));
  g_ptr_array_add (header, g_strdup ("α_U"));
  g_ptr_array_add (rows, header);

  for (guint l = 0; l <= n_labels; l++)
    {
      const GlsAgreementScores *scores = label_or_total (agreement, l);
      GPtrArray *row = row_new (l < n_labels ? gls_agreement_get_label (agreement, l) : _("(all)"));

      for (guint p = 0; p < n_pairs; p++)
        g_ptr_array_add (row, format_score (scores->cohen[p]));
      g_ptr_array_add (row, format_score (scores->cohen_mean));
      g_ptr_array_add (row, format_score (scores->fleiss));
      g_ptr_array_add (row, format_score (scores->alpha));
      g_ptr_array_add (row, format_score (scores->alpha_u));
      g_ptr_array_add (rows, row);
    }
  print_table (rows);
}

static void
print_span_table (GlsAgreement *agreement,
                  guint         pair)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  guint n_labels = gls_agreement_get_n_labels (agreement);
  GPtrArray *header = row_new (_("LABEL"));
  const char *columns[] = {
    N_("exact P"), N_("exact R"), N_("exact F1"), N_("overlap P"), N_("overlap R"),
    N_("overlap F1"),
  };

  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    g_ptr_array_add (header, g_strdup (_(columns[c])));
  g_ptr_array_add (rows, header);

  for (guint l = 0; l <= n_labels; l++)
    {
      const GlsAgreementScores *scores = label_or_total (agreement, l);
      GPtrArray *row = row_new (l < n_labels ? gls_agreement_get_label (agreement, l) : _("(all)"));
      const GlsAgreementPrf *prf[] = { &scores->exact[pair], &scores->overlap[pair] };

      for (guint k = 0; k < G_N_ELEMENTS (prf); k++)
        {
          g_ptr_array_add (row, format_score (prf[k]->precision));
          g_ptr_array_add (row, format_score (prf[k]->recall));
          g_ptr_array_add (row, format_score (prf[k]->f1));
        }
      g_ptr_array_add (rows, row);
    }
  print_table (rows);
}

static void
print_confusion (GlsAgreement *agreement)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  guint n_labels = gls_agreement_get_n_labels (agreement);
  GPtrArray *header = row_new ("");

  for (guint l = 0; l <= n_labels; l++)
    g_ptr_array_add (header, g_strdup (l < n_labels ? gls_agreement_get_label (agreement, l)
                                                    : _("missing")));
  g_ptr_array_add (rows, header);
  for (guint r = 0; r <= n_labels; r++)
    {
      GPtrArray *row = row_new (r < n_labels ? gls_agreement_get_label (agreement, r)
                                             : _("missing"));

      for (guint c = 0; c <= n_labels; c++)
        {
          guint count = gls_agreement_get_confusion_count (agreement, r, c);
          g_ptr_array_add (row, g_strdup_printf ("%u", count));
        }
      g_ptr_array_add (rows, row);
    }
  print_table (rows);
}

static void
print_text (GlsProject   *project,
            GlsAgreement *agreement)
{
  const GlsAgreementScores *total = gls_agreement_get_total (agreement);
  g_autoptr(GString) names = g_string_new (NULL);
  guint n_annotators = gls_agreement_get_n_annotators (agreement);
  guint reference, candidate;

  for (guint a = 0; a < n_annotators; a++)
    g_string_append_printf (names, "%s%s", a > 0 ? ", " : "",
                            gls_agreement_get_annotator (agreement, a));
  printf ("%s %s\n", _("Project:"), gls_project_get_path (project));
  printf ("%s %s\n", _("Annotators:"), names->str);
  printf (_("Documents: %u; compared (two or more annotators): %u; annotated by all: %u\n"),
          gls_agreement_get_n_documents (agreement), total->n_documents,
          total->n_documents_by_all);
  printf (_("Tokens compared: %" PRIu64 "; coded by all: %" PRIu64 "\n"),
          total->n_tokens, total->n_tokens_by_all);

  printf ("\n%s\n", _("Tokens (IOB2 tags): Cohen’s κ per pair and their mean, Fleiss’ κ, "
                      "Krippendorff’s α; characters: α_U"));
  print_token_table (agreement);

  for (guint p = 0; p < gls_agreement_get_n_pairs (agreement); p++)
    {
      guint a, b;

      gls_agreement_get_pair (agreement, p, &a, &b);
      printf ("\n");
      printf (_("Spans, %s against %s (reference): precision, recall, F1\n"),
              gls_agreement_get_annotator (agreement, b),
              gls_agreement_get_annotator (agreement, a));
      print_span_table (agreement, p);
    }

  gls_agreement_get_confusion_pair (agreement, &reference, &candidate);
  printf ("\n");
  printf (_("Confusion matrix of spans with the same extent: %s (rows) against %s (columns)\n"),
          gls_agreement_get_annotator (agreement, reference),
          gls_agreement_get_annotator (agreement, candidate));
  print_confusion (agreement);
}

static void
add_score (JsonBuilder *builder,
           const char  *name,
           double       value)
{
  json_builder_set_member_name (builder, name);
  if (isnan (value))
    json_builder_add_null_value (builder);
  else
    json_builder_add_double_value (builder, value);
}

static void
add_prf (JsonBuilder           *builder,
         const char            *name,
         const GlsAgreementPrf *prf,
         guint                  n_pairs)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint p = 0; p < n_pairs; p++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "reference_spans");
      json_builder_add_int_value (builder, prf[p].n_reference);
      json_builder_set_member_name (builder, "candidate_spans");
      json_builder_add_int_value (builder, prf[p].n_candidate);
      json_builder_set_member_name (builder, "matched_reference");
      json_builder_add_int_value (builder, prf[p].matched_reference);
      json_builder_set_member_name (builder, "matched_candidate");
      json_builder_add_int_value (builder, prf[p].matched_candidate);
      add_score (builder, "precision", prf[p].precision);
      add_score (builder, "recall", prf[p].recall);
      add_score (builder, "f1", prf[p].f1);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* The members of one scope's scores, into the object being built. */
static void
add_scores (JsonBuilder              *builder,
            const GlsAgreementScores *scores,
            guint                     n_pairs)
{
  json_builder_set_member_name (builder, "documents");
  json_builder_add_int_value (builder, scores->n_documents);
  json_builder_set_member_name (builder, "documents_by_all");
  json_builder_add_int_value (builder, scores->n_documents_by_all);
  json_builder_set_member_name (builder, "tokens");
  json_builder_add_int_value (builder, (gint64)scores->n_tokens);
  json_builder_set_member_name (builder, "tokens_by_all");
  json_builder_add_int_value (builder, (gint64)scores->n_tokens_by_all);
  json_builder_set_member_name (builder, "kappa");
  json_builder_begin_array (builder);
  for (guint p = 0; p < n_pairs; p++)
    if (isnan (scores->cohen[p]))
      json_builder_add_null_value (builder);
    else
      json_builder_add_double_value (builder, scores->cohen[p]);
  json_builder_end_array (builder);
  add_score (builder, "kappa_mean", scores->cohen_mean);
  add_score (builder, "fleiss_kappa", scores->fleiss);
  add_score (builder, "alpha", scores->alpha);
  add_score (builder, "alpha_u", scores->alpha_u);
  add_prf (builder, "exact", scores->exact, n_pairs);
  add_prf (builder, "overlap", scores->overlap, n_pairs);
}

static void
add_name_or_null (JsonBuilder  *builder,
                  GlsAgreement *agreement,
                  guint         label)
{
  if (label < gls_agreement_get_n_labels (agreement))
    json_builder_add_string_value (builder, gls_agreement_get_label (agreement, label));
  else
    json_builder_add_null_value (builder);
}

static void
add_id_or_null (JsonBuilder *builder,
                gint64       id)
{
  if (id != 0)
    json_builder_add_int_value (builder, id);
  else
    json_builder_add_null_value (builder);
}

/* Every case of every cell, for jumping to them; cells named by label, null for missing. */
static void
add_cases (JsonBuilder  *builder,
           GlsAgreement *agreement)
{
  guint n_labels = gls_agreement_get_n_labels (agreement);

  json_builder_set_member_name (builder, "cases");
  json_builder_begin_array (builder);
  for (guint r = 0; r <= n_labels; r++)
    for (guint c = 0; c <= n_labels; c++)
      {
        guint n_cases;
        const GlsAgreementCase *cases = gls_agreement_get_confusion_cases (agreement, r, c,
                                                                           &n_cases);

        for (guint i = 0; i < n_cases; i++)
          {
            json_builder_begin_object (builder);
            json_builder_set_member_name (builder, "reference_label");
            add_name_or_null (builder, agreement, r);
            json_builder_set_member_name (builder, "candidate_label");
            add_name_or_null (builder, agreement, c);
            json_builder_set_member_name (builder, "document");
            json_builder_add_int_value (builder, cases[i].document_id);
            json_builder_set_member_name (builder, "reference_span");
            add_id_or_null (builder, cases[i].reference_span);
            json_builder_set_member_name (builder, "candidate_span");
            add_id_or_null (builder, cases[i].candidate_span);
            json_builder_set_member_name (builder, "start");
            json_builder_add_int_value (builder, cases[i].start);
            json_builder_set_member_name (builder, "end");
            json_builder_add_int_value (builder, cases[i].end);
            json_builder_end_object (builder);
          }
      }
  json_builder_end_array (builder);
}

static void
print_json (GlsProject   *project,
            GlsAgreement *agreement,
            gboolean      with_cases)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *out = NULL;
  guint n_annotators = gls_agreement_get_n_annotators (agreement);
  guint n_pairs = gls_agreement_get_n_pairs (agreement);
  guint n_labels = gls_agreement_get_n_labels (agreement);
  guint reference, candidate;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "project");
  json_builder_add_string_value (builder, gls_project_get_path (project));
  json_builder_set_member_name (builder, "annotators");
  json_builder_begin_array (builder);
  for (guint a = 0; a < n_annotators; a++)
    json_builder_add_string_value (builder, gls_agreement_get_annotator (agreement, a));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "pairs");
  json_builder_begin_array (builder);
  for (guint p = 0; p < n_pairs; p++)
    {
      guint a, b;

      gls_agreement_get_pair (agreement, p, &a, &b);
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, gls_agreement_get_annotator (agreement, a));
      json_builder_add_string_value (builder, gls_agreement_get_annotator (agreement, b));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "overall");
  json_builder_begin_object (builder);
  add_scores (builder, gls_agreement_get_total (agreement), n_pairs);
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "labels");
  json_builder_begin_object (builder);
  for (guint l = 0; l < n_labels; l++)
    {
      json_builder_set_member_name (builder, gls_agreement_get_label (agreement, l));
      json_builder_begin_object (builder);
      add_scores (builder, gls_agreement_get_label_scores (agreement, l), n_pairs);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);

  json_builder_set_member_name (builder, "documents");
  json_builder_begin_array (builder);
  for (guint d = 0; d < gls_agreement_get_n_documents (agreement); d++)
    {
      gint64 id = gls_agreement_get_document_id (agreement, d);
      GlsDocument *document = gls_project_lookup_document (project, id);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, id);
      json_builder_set_member_name (builder, "title");
      json_builder_add_string_value (builder, document ? gls_document_get_title (document) : "");
      json_builder_set_member_name (builder, "annotated_by");
      json_builder_begin_array (builder);
      for (guint a = 0; a < n_annotators; a++)
        if (gls_agreement_get_annotated (agreement, d, a))
          json_builder_add_string_value (builder, gls_agreement_get_annotator (agreement, a));
      json_builder_end_array (builder);
      add_scores (builder, gls_agreement_get_document_scores (agreement, d), n_pairs);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  /* The matrix has the labels, then "missing", as rows and columns. */
  gls_agreement_get_confusion_pair (agreement, &reference, &candidate);
  json_builder_set_member_name (builder, "confusion");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "reference");
  json_builder_add_string_value (builder, gls_agreement_get_annotator (agreement, reference));
  json_builder_set_member_name (builder, "candidate");
  json_builder_add_string_value (builder, gls_agreement_get_annotator (agreement, candidate));
  json_builder_set_member_name (builder, "labels");
  json_builder_begin_array (builder);
  for (guint l = 0; l <= n_labels; l++)
    add_name_or_null (builder, agreement, l);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "matrix");
  json_builder_begin_array (builder);
  for (guint r = 0; r <= n_labels; r++)
    {
      json_builder_begin_array (builder);
      for (guint c = 0; c <= n_labels; c++)
        json_builder_add_int_value (builder, gls_agreement_get_confusion_count (agreement, r, c));
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  if (with_cases)
    add_cases (builder, agreement);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  out = json_to_string (root, TRUE);
  printf ("%s\n", out);
}

int
gls_cli_agreement (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GlsProject) project = NULL;
  g_autoptr(GlsAgreement) agreement = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *annotators = NULL;
  g_auto(GStrv) names = NULL;
  gboolean json = FALSE, cases = FALSE;
  int status;
  GOptionEntry entries[] = {
    { "annotators", 'a', 0, G_OPTION_ARG_STRING, &annotators,
      N_("Compare these annotators (default: every one with spans)"), N_("NAME,NAME,…") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print a JSON object instead of tables"), NULL },
    { "cases", 0, 0, G_OPTION_ARG_NONE, &cases,
      N_("With --json, also list every confusion matrix case (document, spans, offsets)"), NULL },
    { NULL }
  };

  context = gls_cli_context (_("PROJECT"),
                             _("Measure how far annotators agree: on tokens (IOB2 tags) Cohen’s "
                               "kappa per pair,\nFleiss’ kappa and Krippendorff’s alpha; on "
                               "characters the unitizing alpha;\non spans precision, recall and "
                               "F1 (exact and overlapping); per label and overall,\nthen the "
                               "confusion matrix of the first two annotators."),
                             entries);
  if (!gls_cli_parse (context, &argc, &argv, 1, 1, &status))
    return status;

  if (annotators != NULL)
    {
      names = g_strsplit (annotators, ",", -1);
      for (guint i = 0; names[i] != NULL; i++)
        g_strstrip (names[i]);
    }

  if (!(project = gls_project_open (argv[1], GLS_PROJECT_OPEN_READ_ONLY, &error)) ||
      !(agreement = gls_agreement_compute (project, (const char * const *)names, NULL, NULL,
                                           &error)))
    return gls_cli_fail (error);

  if (json)
    print_json (project, agreement, cases);
  else
    print_text (project, agreement);
  return GLS_CLI_EXIT_OK;
}
