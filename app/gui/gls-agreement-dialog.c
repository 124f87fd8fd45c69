/* gls-agreement-dialog.c — inter-annotator agreement: scores, per label and document, and
 * the confusion matrix of two annotators with its cases
 *
 * The reviewer picks the annotators (and maybe only the document the window shows) and
 * presses Compute: gls_agreement_compute() runs in a worker thread (GTask) while this dialog
 * is modal, so the project's one database connection is used by one thread at a time; the
 * worker also cuts out the text of every case of the confusion matrix, a document at a time.
 * Between computations the dialog is not modal: the window stays usable, and activating a
 * case emits "show-case" for it to jump there.
 *
 * Scores are printed exactly as glossator-cli agreement prints them (format_score()), so the
 * window and the command line show the same digits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-agreement-dialog"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gls-agreement.h"
#include "gls-agreement-dialog.h"
#include "gls-review.h"

/* Three decimals; "n/a" when undefined, and never "-0.000": as gls-cli-agreement.c. */
static char *
format_score (double value)
{
  if (isnan (value))
    return g_strdup (_("n/a"));
  if (fabs (value) < 0.0005)
    value = 0;
  return g_strdup_printf ("%.3f", value);
}

/* ------------------------------------------------------------------------------------------ */
/* Table rows: a label's or a document's scores                                                 */

typedef enum
{
  FIELD_KAPPA,
  FIELD_FLEISS,
  FIELD_ALPHA,
  FIELD_ALPHA_U,
  FIELD_EXACT_F1,
  FIELD_OVERLAP_F1,
  N_SCORES,
  FIELD_NAME = N_SCORES,
  FIELD_ANNOTATED_BY,
  FIELD_COUNT,
} Field;

#define GLS_TYPE_SCORE_ROW (gls_score_row_get_type ())
G_DECLARE_FINAL_TYPE (GlsScoreRow, gls_score_row, GLS, SCORE_ROW, GObject)

struct _GlsScoreRow
{
  GObject parent_instance;

  guint position;               /* in the project's order, for the unsorted table */
  char *name;
  char *color;                  /* a label's colour, or NULL */
  char *annotated_by;
  guint64 count;
  double scores[N_SCORES];
};

G_DEFINE_FINAL_TYPE (GlsScoreRow, gls_score_row, G_TYPE_OBJECT)

static void
gls_score_row_finalize (GObject *object)
{
  GlsScoreRow *self = GLS_SCORE_ROW (object);

  g_free (self->name);
  g_free (self->color);
  g_free (self->annotated_by);
  G_OBJECT_CLASS (gls_score_row_parent_class)->finalize (object);
}

static void
gls_score_row_class_init (GlsScoreRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gls_score_row_finalize;
}

static void
gls_score_row_init (GlsScoreRow *self)
{
}

/* ------------------------------------------------------------------------------------------ */
/* Cases: one entry of a confusion matrix cell                                                  */

#define GLS_TYPE_CASE_ITEM (gls_case_item_get_type ())
G_DECLARE_FINAL_TYPE (GlsCaseItem, gls_case_item, GLS, CASE_ITEM, GObject)

struct _GlsCaseItem
{
  GObject parent_instance;

  gint64 document_id;
  gint64 start;
  gint64 end;
  char *title;
  char *text;
  char *reference;              /* the label, or NULL: no span */
  char *candidate;
};

G_DEFINE_FINAL_TYPE (GlsCaseItem, gls_case_item, G_TYPE_OBJECT)

static void
gls_case_item_finalize (GObject *object)
{
  GlsCaseItem *self = GLS_CASE_ITEM (object);

  g_free (self->title);
  g_free (self->text);
  g_free (self->reference);
  g_free (self->candidate);
  G_OBJECT_CLASS (gls_case_item_parent_class)->finalize (object);
}

static void
gls_case_item_class_init (GlsCaseItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gls_case_item_finalize;
}

static void
gls_case_item_init (GlsCaseItem *self)
{
}

/* ------------------------------------------------------------------------------------------ */

struct _GlsAgreementDialog
{
  AdwWindow parent_instance;

  GlsProject *project;
  GStrv annotators;             /* the project's */
  GPtrArray *checks;            /* GtkCheckButton per annotator */
  gint64 document_id;           /* the window's document, 0 for none */
  GCancellable *cancellable;
  gboolean close_when_done;
  gboolean updating;            /* filling the drop-downs: not the reviewer's choice */

  /* The last result, and what it was asked for. */
  GlsAgreement *agreement;
  GStrv compared;
  gint64 compared_document;
  GPtrArray *case_texts;        /* per cell, row by row: GPtrArray of char *, one per case */
  guint last_reference;
  guint last_candidate;

  GListStore *labels;
  GListStore *documents;
  GListStore *cases;

  AdwViewStack *view_stack;
  GtkStack *labels_stack;
  GtkStack *documents_stack;
  GtkStack *confusion_stack;
  GtkButton *compute_button;
  GtkButton *cancel_button;
  GtkSpinner *spinner;
  AdwPreferencesGroup *annotators_group;
  AdwPreferencesGroup *documents_group;
  AdwComboRow *documents_row;
  GtkLabel *hint_label;
  GtkBox *results_box;
  AdwPreferencesGroup *tokens_group;
  GtkListBox *tokens_list;
  GtkBox *spans_box;
  GtkColumnView *labels_view;
  GtkColumnViewColumn *label_name_column;
  GtkColumnViewColumn *label_count_column;
  GtkColumnViewColumn *label_kappa_column;
  GtkColumnViewColumn *label_fleiss_column;
  GtkColumnViewColumn *label_alpha_column;
  GtkColumnViewColumn *label_alpha_u_column;
  GtkColumnViewColumn *label_exact_column;
  GtkColumnViewColumn *label_overlap_column;
  GtkColumnView *documents_view;
  GtkColumnViewColumn *document_name_column;
  GtkColumnViewColumn *document_by_column;
  GtkColumnViewColumn *document_count_column;
  GtkColumnViewColumn *document_kappa_column;
  GtkColumnViewColumn *document_alpha_column;
  GtkColumnViewColumn *document_alpha_u_column;
  GtkColumnViewColumn *document_exact_column;
  GtkColumnViewColumn *document_overlap_column;
  GtkDropDown *reference_drop;
  GtkDropDown *candidate_drop;
  GlsHeatMap *heat_map;
  GtkLabel *cases_title;
  GtkColumnView *cases_view;
  GtkColumnViewColumn *case_document_column;
  GtkColumnViewColumn *case_text_column;
  GtkColumnViewColumn *case_reference_column;
  GtkColumnViewColumn *case_candidate_column;
};

G_DEFINE_FINAL_TYPE (GlsAgreementDialog, gls_agreement_dialog, ADW_TYPE_WINDOW)

enum {
  SHOW_CASE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------------------------------ */
/* The worker                                                                                   */

typedef struct
{
  GlsProject *project;
  GStrv annotators;
  gint64 document_id;           /* 0: every document */
  char *reference;
  char *candidate;
  GlsAgreement *agreement;
  GPtrArray *case_texts;
} ComputeJob;

static void
compute_job_free (ComputeJob *job)
{
  g_clear_object (&job->project);
  g_strfreev (job->annotators);
  g_free (job->reference);
  g_free (job->candidate);
  g_clear_object (&job->agreement);
  g_clear_pointer (&job->case_texts, g_ptr_array_unref);
  g_free (job);
}

typedef struct
{
  gint64 document_id;
  gint64 start;
  gint64 end;
  gpointer *slot;
} TextRef;

static int
compare_text_refs (gconstpointer a,
                   gconstpointer b)
{
  const TextRef *x = a, *y = b;

  if (x->document_id != y->document_id)
    return x->document_id < y->document_id ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* The covered text on one line, cut short when long. */
static char *
snippet (const char *start,
         const char *end)
{
  GString *out = g_string_new (NULL);
  guint chars = 0;
  gboolean space = FALSE;

  for (const char *p = start; p < end; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      if (++chars > 80)
        {
          g_string_append (out, "…");
          break;
        }
      g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* The text of every case, reading each document once, in order. */
static gboolean
collect_case_texts (ComputeJob    *job,
                    GCancellable  *cancellable,
                    GError       **error)
{
  guint size = gls_agreement_get_n_labels (job->agreement) + 1;
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (TextRef));
  g_autofree char *text = NULL;
  gint64 loaded = 0, position = 0;
  const char *p = NULL;

  job->case_texts = g_ptr_array_new_with_free_func ((GDestroyNotify)g_ptr_array_unref);
  for (guint r = 0; r < size; r++)
    for (guint c = 0; c < size; c++)
      {
        guint n_cases;
        const GlsAgreementCase *cases =
          gls_agreement_get_confusion_cases (job->agreement, r, c, &n_cases);
        GPtrArray *texts = g_ptr_array_new_full (n_cases, g_free);

        g_ptr_array_set_size (texts, n_cases);
        g_ptr_array_add (job->case_texts, texts);
        for (guint i = 0; i < n_cases; i++)
          {
            TextRef ref = { cases[i].document_id, cases[i].start, cases[i].end,
                            &texts->pdata[i] };
            g_array_append_val (refs, ref);
          }
      }
  g_array_sort (refs, compare_text_refs);

  for (guint i = 0; i < refs->len; i++)
    {
      const TextRef *ref = &g_array_index (refs, TextRef, i);
      const char *end;

      if (text == NULL || ref->document_id != loaded)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            return FALSE;
          g_free (text);
          if (!(text = gls_project_load_text (job->project, ref->document_id, error)))
            return FALSE;
          loaded = ref->document_id;
          p = text;
          position = 0;
        }
      /* Starts only grow within a document: walk on from the last one. */
      p = g_utf8_offset_to_pointer (p, ref->start - position);
      position = ref->start;
      end = g_utf8_offset_to_pointer (p, ref->end - ref->start);
      *ref->slot = snippet (p, end);
    }
  return TRUE;
}

static void
compute_thread (GTask        *task,
                gpointer      source,
                gpointer      data,
                GCancellable *cancellable)
{
  ComputeJob *job = data;
  GlsAgreementOptions options = { NULL, 0, job->reference, job->candidate };
  g_autoptr(GError) error = NULL;

  if (job->document_id != 0)
    {
      options.documents = &job->document_id;
      options.n_documents = 1;
    }
  job->agreement = gls_agreement_compute (job->project, (const char * const *)job->annotators,
                                          &options, cancellable, &error);
  if (job->agreement == NULL || !collect_case_texts (job, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------------------------------ */
/* Overview                                                                                     */

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_LIST_BOX (box))
        gtk_list_box_remove (GTK_LIST_BOX (box), child);
      else
        gtk_box_remove (GTK_BOX (box), child);
    }
}

static GtkWidget *
score_label_new (double      value,
                 const char *name)
{
  g_autofree char *text = format_score (value);
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_set_name (label, name);
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  if (isnan (value))
    gtk_widget_add_css_class (label, "dim-label");
  return label;
}

static void
add_score_row (GlsAgreementDialog *self,
               const char         *title,
               const char         *subtitle,
               double              value,
               const char         *name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = score_label_new (value, name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->tokens_list, row);
}

static GtkWidget *
caption_new (const char *text,
             float       xalign)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  gtk_widget_add_css_class (label, "caption-heading");
  gtk_widget_add_css_class (label, "dim-label");
  return label;
}

/* One pair's precision, recall and F1 as a small table in a card. */
static GtkWidget *
span_card_new (GlsAgreement *agreement,
               guint         pair)
{
  const GlsAgreementScores *total = gls_agreement_get_total (agreement);
  const GlsAgreementPrf *prf[] = { &total->exact[pair], &total->overlap[pair] };
  const char *kinds[] = { N_("Exact match"), N_("Overlap") };
  const char *names[] = { "exact", "overlap" };
  const char *columns[] = { N_("Precision"), N_("Recall"), N_("F1") };
  GtkWidget *grid = gtk_grid_new ();
  g_autofree char *heading = NULL;
  g_autofree char *counts = NULL;
  GtkWidget *title, *footer, *card;
  guint a, b;

  gls_agreement_get_pair (agreement, pair, &a, &b);
  heading = g_strdup_printf (_("%s against %s (reference)"),
                             gls_agreement_get_annotator (agreement, b),
                             gls_agreement_get_annotator (agreement, a));
  gtk_grid_set_column_spacing (GTK_GRID (grid), 24);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_widget_set_margin_top (grid, 12);
  gtk_widget_set_margin_bottom (grid, 12);
  gtk_widget_set_margin_start (grid, 12);
  gtk_widget_set_margin_end (grid, 12);

  title = gtk_label_new (heading);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_widget_set_hexpand (title, TRUE);
  gtk_widget_add_css_class (title, "heading");
  gtk_grid_attach (GTK_GRID (grid), title, 0, 0, 1, 1);
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    gtk_grid_attach (GTK_GRID (grid), caption_new (_(columns[c]), 1), (int)c + 1, 0, 1, 1);

  for (guint k = 0; k < G_N_ELEMENTS (prf); k++)
    {
      GtkWidget *kind = gtk_label_new (_(kinds[k]));
      double values[] = { prf[k]->precision, prf[k]->recall, prf[k]->f1 };
      const char *suffixes[] = { "p", "r", "f1" };

      gtk_label_set_xalign (GTK_LABEL (kind), 0);
      gtk_grid_attach (GTK_GRID (grid), kind, 0, (int)k + 1, 1, 1);
      for (guint c = 0; c < G_N_ELEMENTS (values); c++)
        {
          g_autofree char *name = g_strdup_printf ("%s-%s-%u", names[k], suffixes[c], pair);
          gtk_grid_attach (GTK_GRID (grid), score_label_new (values[c], name),
                           (int)c + 1, (int)k + 1, 1, 1);
        }
    }

  counts = g_strdup_printf (_("%s: %u spans · %s: %u spans"),
                            gls_agreement_get_annotator (agreement, a), prf[0]->n_reference,
                            gls_agreement_get_annotator (agreement, b), prf[0]->n_candidate);
  footer = gtk_label_new (counts);
  gtk_label_set_xalign (GTK_LABEL (footer), 0);
  gtk_label_set_wrap (GTK_LABEL (footer), TRUE);
  gtk_widget_add_css_class (footer, "dim-label");
  gtk_widget_add_css_class (footer, "caption");
  gtk_grid_attach (GTK_GRID (grid), footer, 0, 3, 4, 1);

  card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (card, "card");
  gtk_box_append (GTK_BOX (card), grid);
  return card;
}

static void
show_overview (GlsAgreementDialog *self)
{
  GlsAgreement *agreement = self->agreement;
  const GlsAgreementScores *total = gls_agreement_get_total (agreement);
  guint n_pairs = gls_agreement_get_n_pairs (agreement);
  g_autofree char *tokens = NULL;
  g_autofree char *description = NULL;

  clear_box (GTK_WIDGET (self->tokens_list));
  clear_box (GTK_WIDGET (self->spans_box));

  tokens = g_strdup_printf ("%" G_GUINT64_FORMAT, total->n_tokens);
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%u document compared, %s tokens (their IOB2 "
                                              "tags); α_U compares characters.",
                                              "%u documents compared, %s tokens (their IOB2 "
                                              "tags); α_U compares characters.",
                                              total->n_documents),
                                 total->n_documents, tokens);
  adw_preferences_group_set_description (self->tokens_group, description);

  for (guint p = 0; p < n_pairs; p++)
    {
      g_autofree char *subtitle = NULL;
      g_autofree char *name = g_strdup_printf ("kappa-%u", p);
      guint a, b;

      gls_agreement_get_pair (agreement, p, &a, &b);
      subtitle = g_strdup_printf (_("%s and %s"), gls_agreement_get_annotator (agreement, a),
                                  gls_agreement_get_annotator (agreement, b));
      add_score_row (self, _("Cohen’s κ"), subtitle, total->cohen[p], name);
    }
  if (n_pairs > 1)
    add_score_row (self, _("Cohen’s κ, mean"), _("Over the pairs where it is defined"),
                   total->cohen_mean, "kappa-mean");
  add_score_row (self, _("Fleiss’ κ"), _("Tokens every annotator coded"), total->fleiss,
                 "fleiss");
  add_score_row (self, _("Krippendorff’s α"), _("Nominal; a missing annotator is allowed"),
                 total->alpha, "alpha");
  add_score_row (self, _("Krippendorff’s α_U"), _("Unitizing, on characters"), total->alpha_u,
                 "alpha-u");

  for (guint p = 0; p < n_pairs; p++)
    gtk_box_append (self->spans_box, span_card_new (agreement, p));

  gtk_widget_set_visible (GTK_WIDGET (self->hint_label), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->results_box), TRUE);
}

/* ------------------------------------------------------------------------------------------ */
/* Per label and per document                                                                   */

/* F1 of one pair, or the mean of the defined ones over several pairs. */
static double
mean_f1 (const GlsAgreementPrf *prf,
         guint                  n_pairs)
{
  double sum = 0;
  guint n = 0;

  if (n_pairs == 1)
    return prf[0].f1;
  for (guint p = 0; p < n_pairs; p++)
    if (!isnan (prf[p].f1))
      {
        sum += prf[p].f1;
        n++;
      }
  return n > 0 ? sum / n : NAN;
}

static GlsScoreRow *
score_row_new (GlsAgreement             *agreement,
               const GlsAgreementScores *scores,
               guint                     position,
               const char               *name)
{
  GlsScoreRow *row = g_object_new (GLS_TYPE_SCORE_ROW, NULL);
  guint n_pairs = gls_agreement_get_n_pairs (agreement);

  row->position = position;
  row->name = g_strdup (name);
  row->scores[FIELD_KAPPA] = scores->cohen_mean;
  row->scores[FIELD_FLEISS] = scores->fleiss;
  row->scores[FIELD_ALPHA] = scores->alpha;
  row->scores[FIELD_ALPHA_U] = scores->alpha_u;
  row->scores[FIELD_EXACT_F1] = mean_f1 (scores->exact, n_pairs);
  row->scores[FIELD_OVERLAP_F1] = mean_f1 (scores->overlap, n_pairs);
  return row;
}

/* How many spans all the annotators have: the first is the reference of pairs 0 … n - 2,
 * the candidate of none; every other is the candidate of its pair with the first. */
static guint
count_spans (GlsAgreement             *agreement,
             const GlsAgreementScores *scores)
{
  guint n = 0;

  for (guint p = 0; p < gls_agreement_get_n_pairs (agreement); p++)
    {
      guint a, b;

      gls_agreement_get_pair (agreement, p, &a, &b);
      if (a != 0)
        continue;
      if (p == 0)
        n += scores->exact[p].n_reference;
      n += scores->exact[p].n_candidate;
    }
  return n;
}

static void
show_tables (GlsAgreementDialog *self)
{
  GlsAgreement *agreement = self->agreement;
  guint n_annotators = gls_agreement_get_n_annotators (agreement);

  g_list_store_remove_all (self->labels);
  for (guint l = 0; l < gls_agreement_get_n_labels (agreement); l++)
    {
      const GlsAgreementScores *scores = gls_agreement_get_label_scores (agreement, l);
      const char *name = gls_agreement_get_label (agreement, l);
      g_autoptr(GlsScoreRow) row = score_row_new (agreement, scores, l, name);
      GlsLabel *label = gls_project_find_label (self->project, name);

      row->color = label ? g_strdup (gls_label_get_color (label)) : NULL;
      row->count = count_spans (agreement, scores);
      g_list_store_append (self->labels, row);
    }

  g_list_store_remove_all (self->documents);
  for (guint d = 0; d < gls_agreement_get_n_documents (agreement); d++)
    {
      const GlsAgreementScores *scores = gls_agreement_get_document_scores (agreement, d);
      GlsDocument *document =
        gls_project_lookup_document (self->project, gls_agreement_get_document_id (agreement, d));
      g_autoptr(GlsScoreRow) row =
        score_row_new (agreement, scores, d, document ? gls_document_get_title (document) : "");
      g_autoptr(GString) by = g_string_new (NULL);

      for (guint a = 0; a < n_annotators; a++)
        if (gls_agreement_get_annotated (agreement, d, a))
          g_string_append_printf (by, "%s%s", by->len ? ", " : "",
                                  gls_agreement_get_annotator (agreement, a));
      row->annotated_by = g_strdup (by->len ? by->str : "—");
      row->count = scores->n_tokens;
      g_list_store_append (self->documents, row);
    }
}

static gboolean
is_numeric (Field field)
{
  return field < N_SCORES || field == FIELD_COUNT;
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  Field field = GPOINTER_TO_UINT (data);
  GtkWidget *label = gtk_label_new (NULL);

  if (is_numeric (field))
    {
      gtk_label_set_xalign (GTK_LABEL (label), 1);
      gtk_widget_add_css_class (label, "numeric");
    }
  else
    {
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
    }
  gtk_list_item_set_child (item, label);
}

static void
bind_score_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  Field field = GPOINTER_TO_UINT (data);
  GlsScoreRow *row = gtk_list_item_get_item (item);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  g_autofree char *text = NULL;

  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  switch (field)
    {
    case FIELD_NAME:
      if (row->color != NULL)
        {
          g_autofree char *markup =
            g_markup_printf_escaped ("<span foreground=\"%s\">⬤</span> %s", row->color,
                                     row->name);
          gtk_label_set_markup (label, markup);
        }
      else
        gtk_label_set_text (label, row->name);
      gtk_widget_set_tooltip_text (GTK_WIDGET (label), row->name);
      return;
    case FIELD_ANNOTATED_BY:
      gtk_label_set_text (label, row->annotated_by);
      return;
    case FIELD_COUNT:
      text = g_strdup_printf ("%" G_GUINT64_FORMAT, row->count);
      break;
    case FIELD_KAPPA:
    case FIELD_FLEISS:
    case FIELD_ALPHA:
    case FIELD_ALPHA_U:
    case FIELD_EXACT_F1:
    case FIELD_OVERLAP_F1:
    default:
      text = format_score (row->scores[field]);
      if (isnan (row->scores[field]))
        gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
      break;
    }
  gtk_label_set_text (label, text);
}

static int
compare_rows (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  const GlsScoreRow *x = a, *y = b;
  Field field = GPOINTER_TO_UINT (data);

  switch (field)
    {
    case FIELD_NAME:
      return g_utf8_collate (x->name, y->name);
    case FIELD_ANNOTATED_BY:
      return g_strcmp0 (x->annotated_by, y->annotated_by);
    case FIELD_COUNT:
      return x->count < y->count ? -1 : x->count > y->count;
    case FIELD_KAPPA:
    case FIELD_FLEISS:
    case FIELD_ALPHA:
    case FIELD_ALPHA_U:
    case FIELD_EXACT_F1:
    case FIELD_OVERLAP_F1:
    default:
      {
        double u = x->scores[field], v = y->scores[field];

        /* Undefined scores go last. */
        if (isnan (u) || isnan (v))
          return isnan (u) - isnan (v);
        return u < v ? -1 : u > v;
      }
    }
}

static void
set_column (GtkColumnViewColumn *column,
            Field                field)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkCustomSorter) sorter =
    gtk_custom_sorter_new (compare_rows, GUINT_TO_POINTER (field), NULL);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GUINT_TO_POINTER (field));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_score_cb), GUINT_TO_POINTER (field));
  gtk_column_view_column_set_factory (column, factory);
  gtk_column_view_column_set_sorter (column, GTK_SORTER (sorter));
}

static void
set_table_model (GtkColumnView *view,
                 GListModel    *store)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (view);
  GtkSortListModel *sorted = gtk_sort_list_model_new (g_object_ref (store), g_object_ref (sorter));
  g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (G_LIST_MODEL (sorted));

  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

/* ------------------------------------------------------------------------------------------ */
/* Confusion matrix and its cases                                                               */

static const char *
cell_name (GlsAgreement *agreement,
           guint         index)
{
  return index < gls_agreement_get_n_labels (agreement) ? gls_agreement_get_label (agreement,
                                                                                   index)
                                                        : _("missing");
}

static void
show_confusion (GlsAgreementDialog *self)
{
  GlsAgreement *agreement = self->agreement;
  guint n_labels = gls_agreement_get_n_labels (agreement);
  guint size = n_labels + 1;
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree const char **cells = g_new0 (const char *, size + 1);
  g_autofree guint *counts = g_new (guint, size * size);
  guint reference, candidate;

  gls_agreement_get_confusion_pair (agreement, &reference, &candidate);
  self->last_reference = reference;
  self->last_candidate = candidate;
  for (guint a = 0; a < gls_agreement_get_n_annotators (agreement); a++)
    gtk_string_list_append (names, gls_agreement_get_annotator (agreement, a));

  self->updating = TRUE;
  gtk_drop_down_set_model (self->reference_drop, G_LIST_MODEL (names));
  gtk_drop_down_set_model (self->candidate_drop, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->reference_drop, reference);
  gtk_drop_down_set_selected (self->candidate_drop, candidate);
  self->updating = FALSE;

  for (guint i = 0; i < size; i++)
    cells[i] = cell_name (agreement, i);
  for (guint r = 0; r < size; r++)
    for (guint c = 0; c < size; c++)
      counts[r * size + c] = gls_agreement_get_confusion_count (agreement, r, c);
  gls_heat_map_set_matrix (self->heat_map, cells, counts);
  gls_heat_map_set_axes (self->heat_map, gls_agreement_get_annotator (agreement, reference),
                         gls_agreement_get_annotator (agreement, candidate));
  gls_heat_map_set_empty_cell (self->heat_map, n_labels, n_labels);

  gtk_column_view_column_set_title (self->case_reference_column,
                                    gls_agreement_get_annotator (agreement, reference));
  gtk_column_view_column_set_title (self->case_candidate_column,
                                    gls_agreement_get_annotator (agreement, candidate));
  g_list_store_remove_all (self->cases);
  gtk_label_set_text (self->cases_title, _("Select a cell to list its cases."));
}

static void
cell_selected_cb (GlsAgreementDialog *self,
                  guint               row,
                  guint               column)
{
  GlsAgreement *agreement = self->agreement;
  guint n_labels, n_cases;
  const GlsAgreementCase *cases;
  GPtrArray *texts;
  g_autofree char *title = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  if (agreement == NULL)
    return;
  n_labels = gls_agreement_get_n_labels (agreement);
  cases = gls_agreement_get_confusion_cases (agreement, row, column, &n_cases);
  texts = g_ptr_array_index (self->case_texts, row * (n_labels + 1) + column);
  for (guint i = 0; i < n_cases; i++)
    {
      GlsCaseItem *item = g_object_new (GLS_TYPE_CASE_ITEM, NULL);
      GlsDocument *document = gls_project_lookup_document (self->project, cases[i].document_id);

      item->document_id = cases[i].document_id;
      item->start = cases[i].start;
      item->end = cases[i].end;
      item->title = g_strdup (document ? gls_document_get_title (document) : "");
      item->text = g_strdup (i < texts->len ? g_ptr_array_index (texts, i) : "");
      item->reference = row < n_labels ? g_strdup (gls_agreement_get_label (agreement, row)) : NULL;
      item->candidate = column < n_labels ? g_strdup (gls_agreement_get_label (agreement, column))
                                          : NULL;
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (self->cases, 0, g_list_model_get_n_items (G_LIST_MODEL (self->cases)),
                       items->pdata, items->len);

  /* "anna: PERSON, ben: missing — 2 cases" */
  title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %s, %s: %s — %u case",
                                        "%s: %s, %s: %s — %u cases", n_cases),
                           gls_agreement_get_annotator (agreement, self->last_reference),
                           cell_name (agreement, row),
                           gls_agreement_get_annotator (agreement, self->last_candidate),
                           cell_name (agreement, column), n_cases);
  gtk_label_set_text (self->cases_title, title);
}

static void
cell_activated_cb (GlsAgreementDialog *self,
                   guint               row,
                   guint               column)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->cases)) > 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->cases_view));
}

static void
case_activated_cb (GlsAgreementDialog *self,
                   guint               position)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (self->cases_view));
  g_autoptr(GlsCaseItem) item = g_list_model_get_item (model, position);

  if (item != NULL)
    g_signal_emit (self, signals[SHOW_CASE], 0, item->document_id, item->start, item->end);
}

typedef enum
{
  CASE_DOCUMENT,
  CASE_TEXT,
  CASE_REFERENCE,
  CASE_CANDIDATE,
} CaseField;

static void
setup_case_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_case_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  data)
{
  GlsCaseItem *entry = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = NULL;

  gtk_widget_remove_css_class (label, "dim-label");
  switch ((CaseField)GPOINTER_TO_UINT (data))
    {
    case CASE_DOCUMENT:
      text = entry->title;
      break;
    case CASE_TEXT:
      text = entry->text;
      break;
    case CASE_REFERENCE:
    case CASE_CANDIDATE:
    default:
      text = GPOINTER_TO_UINT (data) == CASE_REFERENCE ? entry->reference : entry->candidate;
      if (text == NULL)
        {
          text = _("no span");
          gtk_widget_add_css_class (label, "dim-label");
        }
      break;
    }
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, text);
}

static void
set_case_column (GtkColumnViewColumn *column,
                 CaseField            field)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (setup_case_cb), GUINT_TO_POINTER (field));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_case_cb), GUINT_TO_POINTER (field));
  gtk_column_view_column_set_factory (column, factory);
}

/* ------------------------------------------------------------------------------------------ */
/* Computing                                                                                    */

static guint
n_checked (GlsAgreementDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->checks->len; i++)
    n += gtk_check_button_get_active (g_ptr_array_index (self->checks, i));
  return n;
}

static void
update_compute_button (GlsAgreementDialog *self)
{
  gtk_widget_set_sensitive (GTK_WIDGET (self->compute_button),
                            self->cancellable == NULL && n_checked (self) >= 2);
}

static void
set_running (GlsAgreementDialog *self,
             gboolean            running)
{
  /* Modal while the worker has the database: the window behind cannot touch it. */
  gtk_window_set_modal (GTK_WINDOW (self), running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_sensitive (GTK_WIDGET (self->view_stack), !running);
  update_compute_button (self);
}

static void
compute_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GlsAgreementDialog *self = GLS_AGREEMENT_DIALOG (source);
  ComputeJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_clear_object (&self->cancellable);
  if (self->close_when_done || self->project == NULL)
    {
      if (self->project != NULL)
        gtk_window_destroy (GTK_WINDOW (self));
      return;
    }
  set_running (self, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self),
                                                     _("Could Not Measure Agreement"),
                                                     error->message);
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (alert));
        }
      return;
    }

  g_set_object (&self->agreement, job->agreement);
  g_clear_pointer (&self->case_texts, g_ptr_array_unref);
  self->case_texts = g_steal_pointer (&job->case_texts);
  g_strfreev (self->compared);
  self->compared = g_strdupv (job->annotators);
  self->compared_document = job->document_id;

  show_overview (self);
  show_tables (self);
  show_confusion (self);
  gtk_stack_set_visible_child_name (self->labels_stack, "results");
  gtk_stack_set_visible_child_name (self->documents_stack, "results");
  gtk_stack_set_visible_child_name (self->confusion_stack, "results");
}

static void
start (GlsAgreementDialog *self,
       GStrv               annotators,
       gint64              document_id,
       const char         *reference,
       const char         *candidate)
{
  g_autoptr(GTask) task = NULL;
  ComputeJob *job;

  if (self->cancellable != NULL)
    return;
  job = g_new0 (ComputeJob, 1);
  job->project = g_object_ref (self->project);
  job->annotators = annotators;
  job->document_id = document_id;
  job->reference = g_strdup (reference);
  job->candidate = g_strdup (candidate);

  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  task = g_task_new (self, self->cancellable, compute_done_cb, NULL);
  g_task_set_source_tag (task, start);
  g_task_set_task_data (task, job, (GDestroyNotify)compute_job_free);
  g_task_run_in_thread (task, compute_thread);
}

static const char *
selected_name (GtkDropDown *drop)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (drop);

  return item ? gtk_string_object_get_string (item) : NULL;
}

/**
 * gls_agreement_dialog_compute:
 *
 * What the Compute button does: measures the agreement of the checked annotators, over the
 * documents chosen, in a worker thread.
 */
void
gls_agreement_dialog_compute (GlsAgreementDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *reference = NULL, *candidate = NULL;
  g_auto(GStrv) names = NULL;
  gint64 document_id;

  g_return_if_fail (GLS_IS_AGREEMENT_DIALOG (self));

  if (self->cancellable != NULL || n_checked (self) < 2)
    return;
  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_strv_builder_add (builder, self->annotators[i]);
  names = g_strv_builder_end (builder);

  /* Keep the confusion matrix's pair when both are still compared. */
  if (self->agreement != NULL &&
      g_strv_contains ((const char * const *)names, selected_name (self->reference_drop)) &&
      g_strv_contains ((const char * const *)names, selected_name (self->candidate_drop)))
    {
      reference = selected_name (self->reference_drop);
      candidate = selected_name (self->candidate_drop);
    }
  document_id = self->document_id != 0 && adw_combo_row_get_selected (self->documents_row) == 1
                ? self->document_id : 0;
  start (self, g_steal_pointer (&names), document_id, reference, candidate);
}

static void
compute_clicked_cb (GlsAgreementDialog *self)
{
  gls_agreement_dialog_compute (self);
}

static void
cancel_clicked_cb (GlsAgreementDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

/* Another pair for the confusion matrix: measured again, the same annotators and documents.
 * Choosing the other side's annotator swaps the two. */
static void
pair_changed_cb (GlsAgreementDialog *self)
{
  guint reference = gtk_drop_down_get_selected (self->reference_drop);
  guint candidate = gtk_drop_down_get_selected (self->candidate_drop);

  if (self->updating || self->agreement == NULL || self->cancellable != NULL ||
      reference == GTK_INVALID_LIST_POSITION || candidate == GTK_INVALID_LIST_POSITION ||
      (reference == self->last_reference && candidate == self->last_candidate))
    return;
  if (reference == candidate)
    {
      if (reference == self->last_candidate)
        candidate = self->last_reference;
      else
        reference = self->last_candidate;
    }
  start (self, g_strdupv (self->compared), self->compared_document,
         gls_agreement_get_annotator (self->agreement, reference),
         gls_agreement_get_annotator (self->agreement, candidate));
}

/* ------------------------------------------------------------------------------------------ */

static void
update_documents_row (GlsAgreementDialog *self)
{
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  GlsDocument *document = self->document_id ? gls_project_lookup_document (self->project,
                                                                           self->document_id)
                                            : NULL;

  gtk_string_list_append (choices, _("Every document"));
  if (document != NULL)
    {
      g_autofree char *only = g_strdup_printf (_("Only “%s”"),
                                               gls_document_get_title (document));
      gtk_string_list_append (choices, only);
    }
  adw_combo_row_set_model (self->documents_row, G_LIST_MODEL (choices));
  gtk_widget_set_visible (GTK_WIDGET (self->documents_group), document != NULL);
}

/**
 * gls_agreement_dialog_set_document:
 * @document_id: the document the window shows, 0 for none
 *
 * Offers to compare only that document.
 */
void
gls_agreement_dialog_set_document (GlsAgreementDialog *self,
                                   gint64              document_id)
{
  g_return_if_fail (GLS_IS_AGREEMENT_DIALOG (self));

  self->document_id = document_id;
  update_documents_row (self);
}

gboolean
gls_agreement_dialog_get_running (GlsAgreementDialog *self)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

GlsHeatMap *
gls_agreement_dialog_get_heat_map (GlsAgreementDialog *self)
{
  g_return_val_if_fail (GLS_IS_AGREEMENT_DIALOG (self), NULL);
  return self->heat_map;
}

static gboolean
gls_agreement_dialog_close_request (GtkWindow *window)
{
  GlsAgreementDialog *self = GLS_AGREEMENT_DIALOG (window);

  /* Closing while computing cancels; the dialog goes when the worker has stopped. */
  if (self->cancellable != NULL)
    {
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (gls_agreement_dialog_parent_class)->close_request (window);
}

static void
gls_agreement_dialog_dispose (GObject *object)
{
  GlsAgreementDialog *self = GLS_AGREEMENT_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLS_TYPE_AGREEMENT_DIALOG);
  g_clear_object (&self->project);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->agreement);
  g_clear_object (&self->labels);
  g_clear_object (&self->documents);
  g_clear_object (&self->cases);
  g_clear_pointer (&self->annotators, g_strfreev);
  g_clear_pointer (&self->compared, g_strfreev);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  g_clear_pointer (&self->case_texts, g_ptr_array_unref);

  G_OBJECT_CLASS (gls_agreement_dialog_parent_class)->dispose (object);
}

static void
gls_agreement_dialog_class_init (GlsAgreementDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gls_agreement_dialog_dispose;
  window_class->close_request = gls_agreement_dialog_close_request;

  /**
   * GlsAgreementDialog::show-case:
   * @document_id: the document of the case
   * @start: its first character
   * @end: one past its last
   *
   * The reviewer activated a case of the confusion matrix: the window shows it.
   */
  signals[SHOW_CASE] = g_signal_new ("show-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64,
                                     G_TYPE_INT64, G_TYPE_INT64);

  g_type_ensure (GLS_TYPE_HEAT_MAP);
  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/glossator/Glossator/gls-agreement-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, view_stack);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, labels_stack);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, documents_stack);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, confusion_stack);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, compute_button);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, annotators_group);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, documents_group);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, documents_row);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, hint_label);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, results_box);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, tokens_group);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, tokens_list);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, spans_box);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, labels_view);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, label_name_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, label_count_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, label_kappa_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, label_fleiss_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, label_alpha_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, label_alpha_u_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, label_exact_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, label_overlap_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, documents_view);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, document_name_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, document_by_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, document_count_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, document_kappa_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, document_alpha_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, document_alpha_u_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, document_exact_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, document_overlap_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, reference_drop);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, candidate_drop);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, heat_map);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, cases_title);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, cases_view);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, case_document_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, case_text_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, case_reference_column);
  gtk_widget_class_bind_template_child (widget_class, GlsAgreementDialog, case_candidate_column);
  gtk_widget_class_bind_template_callback (widget_class, compute_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pair_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, cell_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, case_activated_cb);
}

static void
gls_agreement_dialog_init (GlsAgreementDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->checks = g_ptr_array_new ();
  self->labels = g_list_store_new (GLS_TYPE_SCORE_ROW);
  self->documents = g_list_store_new (GLS_TYPE_SCORE_ROW);
  self->cases = g_list_store_new (GLS_TYPE_CASE_ITEM);

  set_column (self->label_name_column, FIELD_NAME);
  set_column (self->label_count_column, FIELD_COUNT);
  set_column (self->label_kappa_column, FIELD_KAPPA);
  set_column (self->label_fleiss_column, FIELD_FLEISS);
  set_column (self->label_alpha_column, FIELD_ALPHA);
  set_column (self->label_alpha_u_column, FIELD_ALPHA_U);
  set_column (self->label_exact_column, FIELD_EXACT_F1);
  set_column (self->label_overlap_column, FIELD_OVERLAP_F1);
  set_table_model (self->labels_view, G_LIST_MODEL (self->labels));

  set_column (self->document_name_column, FIELD_NAME);
  set_column (self->document_by_column, FIELD_ANNOTATED_BY);
  set_column (self->document_count_column, FIELD_COUNT);
  set_column (self->document_kappa_column, FIELD_KAPPA);
  set_column (self->document_alpha_column, FIELD_ALPHA);
  set_column (self->document_alpha_u_column, FIELD_ALPHA_U);
  set_column (self->document_exact_column, FIELD_EXACT_F1);
  set_column (self->document_overlap_column, FIELD_OVERLAP_F1);
  set_table_model (self->documents_view, G_LIST_MODEL (self->documents));

  set_case_column (self->case_document_column, CASE_DOCUMENT);
  set_case_column (self->case_text_column, CASE_TEXT);
  set_case_column (self->case_reference_column, CASE_REFERENCE);
  set_case_column (self->case_candidate_column, CASE_CANDIDATE);
  {
    g_autoptr(GtkSingleSelection) selection =
      gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->cases)));

    gtk_single_selection_set_autoselect (selection, FALSE);
    gtk_single_selection_set_can_unselect (selection, TRUE);
    gtk_column_view_set_model (self->cases_view, GTK_SELECTION_MODEL (selection));
  }
}

static void
add_annotator_row (GlsAgreementDialog *self,
                   const char         *name)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  if (gls_annotator_is_gold (name))
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("The adjudicated layer"));
  /* Gold is what the others are measured against later; by default they are compared. */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), !gls_annotator_is_gold (name));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL,
                                  -1);
  g_signal_connect_object (check, "toggled", G_CALLBACK (update_compute_button), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  adw_preferences_group_add (self->annotators_group, row);
  g_ptr_array_add (self->checks, check);
}

GtkWidget *
gls_agreement_dialog_new (GtkWindow  *parent,
                          GlsProject *project)
{
  GlsAgreementDialog *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GLS_IS_PROJECT (project), NULL);

  self = g_object_new (GLS_TYPE_AGREEMENT_DIALOG, "transient-for", parent, NULL);
  self->project = g_object_ref (project);
  self->annotators = gls_project_list_annotators (project);
  for (guint i = 0; self->annotators[i] != NULL; i++)
    add_annotator_row (self, self->annotators[i]);
  if (self->annotators[0] == NULL || self->annotators[1] == NULL)
    adw_preferences_group_set_description (self->annotators_group,
                                           _("Agreement needs two annotators or more: this "
                                             "project has fewer."));
  update_documents_row (self);
  update_compute_button (self);
  return GTK_WIDGET (self);
}
