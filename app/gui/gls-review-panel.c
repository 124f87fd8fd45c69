/* gls-review-panel.c — review mode: where annotators disagree, and deciding it into Gold
 *
 * The panel takes the inspector's place while the window reviews. It lists the open
 * document's disagreements (gls_project_find_disagreements()), says how many are left here
 * and in the project, and decides the current one with one key: accept one annotator's
 * version, everyone's, reject all, or edit (the reviewer labels Gold's spans by hand). The
 * document view marks the disagreements by kind and outlines the current one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-review-panel"

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>

#include "gls-after-frame.h"
#include "gls-review-panel.h"

/* ------------------------------------------------------------------------------------------ */
/* One row: a unit of the document, kept alive with the array it lives in                     */

#define GLS_TYPE_REVIEW_ITEM (gls_review_item_get_type ())
G_DECLARE_FINAL_TYPE (GlsReviewItem, gls_review_item, GLS, REVIEW_ITEM, GObject)

struct _GlsReviewItem
{
  GObject parent_instance;
  GPtrArray *units;
  const GlsReviewUnit *unit;
};

G_DEFINE_FINAL_TYPE (GlsReviewItem, gls_review_item, G_TYPE_OBJECT)

static void
gls_review_item_finalize (GObject *object)
{
  g_clear_pointer (&GLS_REVIEW_ITEM (object)->units, g_ptr_array_unref);
  G_OBJECT_CLASS (gls_review_item_parent_class)->finalize (object);
}

static void
gls_review_item_class_init (GlsReviewItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gls_review_item_finalize;
}

static void
gls_review_item_init (GlsReviewItem *self)
{
}

static GlsReviewItem *
gls_review_item_new (GPtrArray           *units,
                     const GlsReviewUnit *unit)
{
  GlsReviewItem *item = g_object_new (GLS_TYPE_REVIEW_ITEM, NULL);

  item->units = g_ptr_array_ref (units);
  item->unit = unit;
  return item;
}

/* ------------------------------------------------------------------------------------------ */

struct _GlsReviewPanel
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkDropDown *compare_dropdown;
  GtkLabel *progress_label;
  GtkLevelBar *progress_bar;
  GtkWidget *previous_button;
  GtkWidget *next_button;
  GtkWidget *accept_agreements_button;
  GtkStack *list_stack;
  GtkListView *units_view;
  AdwStatusPage *empty_page;
  GtkWidget *decision_box;
  GtkLabel *unit_title;
  GtkFlowBox *decision_buttons;

  GlsDocumentView *view;        /* not a reference: the window holds both */
  GlsProject *project;
  gboolean active;
  GtkStringList *compare_names;
  GPtrArray *compare_sets;      /* of GStrv, as the drop-down lists them; NULL: everyone */
  GPtrArray *units;             /* the document's units, every kind */
  GListStore *store;            /* of GlsReviewItem: its disagreements */
  GtkSingleSelection *selection;
  gint64 current_start;         /* the unit being decided, by its start; -1 for none */
  gint64 advance_from;          /* after a decision: go on to the next one after this */
  int select_on_load;           /* after opening another document: 1 first, -1 last */
  GHashTable *unsettled;        /* document id → its unsettled disagreements + 1, among the
                                   compared annotators: counted once, until its spans change */
  guint project_left;           /* their sum over the project, as the progress line says */
  gboolean reload_due;
  gboolean syncing;
};

G_DEFINE_FINAL_TYPE (GlsReviewPanel, gls_review_panel, GTK_TYPE_WIDGET)

enum {
  OPEN_DOCUMENT,
  FAILED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void reload (GlsReviewPanel *self);

static gint64
document_of (GlsReviewPanel *self)
{
  return self->view ? gls_document_view_get_document (self->view) : 0;
}

static const char * const *
compared (GlsReviewPanel *self)
{
  guint selected = gtk_drop_down_get_selected (self->compare_dropdown);

  if (self->compare_sets == NULL || selected >= self->compare_sets->len)
    return NULL;
  return g_ptr_array_index (self->compare_sets, selected);
}

static void
report (GlsReviewPanel *self,
        const GError   *error)
{
  g_signal_emit (self, signals[FAILED], 0, error->message);
}

/* The unit's text, on one line and not too long. */
static char *
unit_text (GlsReviewPanel      *self,
           const GlsReviewUnit *unit)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
  GtkTextIter a, b;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_iter_at_offset (buffer, &a, (int)unit->start);
  gtk_text_buffer_get_iter_at_offset (buffer, &b, (int)MIN (unit->end, unit->start + 80));
  text = gtk_text_buffer_get_text (buffer, &a, &b, FALSE);
  g_strdelimit (text, "\n\t\r", ' ');
  if (unit->end > unit->start + 80)
    return g_strconcat (text, "…", NULL);
  return g_steal_pointer (&text);
}

/* "Only anna", "Different labels", "Different extents". */
static char *
kind_text (const GlsReviewUnit *unit)
{
  g_autoptr(GString) names = g_string_new (NULL);

  switch (unit->kind)
    {
    case GLS_UNIT_ONLY_SOME:
      for (guint a = 0; a < unit->n_annotators; a++)
        for (guint k = 0; k < unit->n_spans; k++)
          if (unit->spans[k].annotator == unit->annotators[a])
            {
              if (names->len > 0)
                g_string_append (names, ", ");
              g_string_append (names, unit->annotators[a]);
              break;
            }
      /* TRANSLATORS: a span only these annotators made, e.g. "Only anna" */
      return g_strdup_printf (_("Only %s"), names->str);
    case GLS_UNIT_LABEL:
      return g_strdup (_("Different labels"));
    case GLS_UNIT_EXTENT:
      return g_strdup (_("Different extents"));
    case GLS_UNIT_AGREEMENT:
    default:
      return g_strdup (_("Agreement"));
    }
}

/* "anna PERSON · ben —": each annotator's labels there, with the label colours. */
static char *
versions_markup (GlsReviewPanel      *self,
                 const GlsReviewUnit *unit)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint a = 0; a < unit->n_annotators; a++)
    {
      gboolean any = FALSE;
      g_autofree char *name = g_markup_escape_text (unit->annotators[a], -1);

      if (a > 0)
        g_string_append (out, "  ·  ");
      g_string_append_printf (out, "<b>%s</b> ", name);
      for (guint k = 0; k < unit->n_spans; k++)
        {
          const GlsUnitSpan *span = &unit->spans[k];
          GlsLabel *label;
          g_autofree char *escaped = NULL;

          if (span->annotator != unit->annotators[a])
            continue;
          label = self->project ? gls_project_find_label (self->project, span->label) : NULL;
          escaped = g_markup_escape_text (span->label, -1);
          g_string_append_printf (out, "%s<span foreground=\"%s\">%s</span>", any ? ", " : "",
                                  label ? gls_label_get_color (label) : "currentColor",
                                  escaped);
          any = TRUE;
        }
      if (!any)
        g_string_append (out, "—");
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
decision_text (const GlsReviewUnit *unit)
{
  switch (unit->decision)
    {
    case GLS_DECISION_ACCEPT:
      return g_strdup_printf (_("Accepted %s"), unit->accepted ? unit->accepted : "");
    case GLS_DECISION_ACCEPT_ALL:
      return g_strdup (_("Accepted all"));
    case GLS_DECISION_REJECT:
      return g_strdup (_("Rejected"));
    case GLS_DECISION_EDIT:
      return g_strdup (_("Edited"));
    case GLS_DECISION_NONE:
    default:
      return g_strdup (unit->settled ? _("Settled by Gold") : "");
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Rows                                                                                         */

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *kind = gtk_label_new (NULL);
  GtkWidget *state = gtk_label_new (NULL);
  GtkWidget *text = gtk_label_new (NULL);
  GtkWidget *versions = gtk_label_new (NULL);

  gtk_widget_add_css_class (kind, "unit-kind");
  gtk_widget_add_css_class (kind, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (kind), 0);
  gtk_widget_set_hexpand (kind, TRUE);
  gtk_widget_add_css_class (state, "caption");
  gtk_widget_add_css_class (state, "dim-label");
  gtk_box_append (GTK_BOX (top), kind);
  gtk_box_append (GTK_BOX (top), state);
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (versions), 0);
  gtk_label_set_ellipsize (GTK_LABEL (versions), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (versions, "caption");
  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), versions);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_item_set_child (item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             GlsReviewPanel           *self)
{
  GlsReviewItem *row = gtk_list_item_get_item (item);
  const GlsReviewUnit *unit = row->unit;
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *top = gtk_widget_get_first_child (box);
  GtkWidget *kind = gtk_widget_get_first_child (top);
  GtkWidget *state = gtk_widget_get_next_sibling (kind);
  GtkWidget *text = gtk_widget_get_next_sibling (top);
  GtkWidget *versions = gtk_widget_get_next_sibling (text);
  g_autofree char *kind_string = kind_text (unit);
  g_autofree char *quote = unit_text (self, unit);
  g_autofree char *quoted = g_strdup_printf ("“%s”", quote);
  g_autofree char *markup = versions_markup (self, unit);
  g_autofree char *decided = decision_text (unit);
  static const char *kind_classes[] = { "agreement", "only-some", "label", "extent" };

  gtk_label_set_text (GTK_LABEL (kind), kind_string);
  for (guint i = 0; i < G_N_ELEMENTS (kind_classes); i++)
    gtk_widget_remove_css_class (kind, kind_classes[i]);
  gtk_widget_add_css_class (kind, kind_classes[unit->kind]);
  gtk_label_set_text (GTK_LABEL (state), decided);
  gtk_label_set_text (GTK_LABEL (text), quoted);
  gtk_label_set_markup (GTK_LABEL (versions), markup);
  gtk_widget_set_opacity (box, unit->settled ? 0.55 : 1.0);
}

/* ------------------------------------------------------------------------------------------ */
/* The current unit                                                                             */

typedef enum
{
  DO_ACCEPT_FIRST,
  DO_ACCEPT_SECOND,
  DO_ACCEPT_ALL,
  DO_REJECT,
  DO_EDIT,
} Choice;

static gboolean choose (GlsReviewPanel *self,
                        Choice          choice);

static void
decision_clicked_cb (GtkButton      *button,
                     GlsReviewPanel *self)
{
  choose (self, (Choice)GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "gls-choice")));
}

static void
add_decision_button (GlsReviewPanel *self,
                     const char     *title,
                     const char     *key,
                     Choice          choice)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *shortcut = gtk_label_new (key);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (shortcut, "dim-label");
  gtk_widget_add_css_class (shortcut, "caption");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), shortcut);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_tooltip_text (button, title);
  g_object_set_data (G_OBJECT (button), "gls-choice", GINT_TO_POINTER (choice));
  g_signal_connect_object (button, "clicked", G_CALLBACK (decision_clicked_cb), self, 0);
  gtk_flow_box_append (self->decision_buttons, button);
}

static void
show_current (GlsReviewPanel *self)
{
  const GlsReviewUnit *unit = gls_review_panel_get_current_unit (self);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->decision_buttons))) != NULL)
    gtk_flow_box_remove (self->decision_buttons, child);
  gtk_widget_set_visible (self->decision_box, unit != NULL);
  if (self->view != NULL)
    gls_document_view_set_current_unit (self->view, unit ? unit->start : -1,
                                        unit ? unit->end : -1);
  if (unit == NULL)
    return;

  {
    g_autofree char *kind = kind_text (unit);
    g_autofree char *quote = unit_text (self, unit);
    g_autofree char *title = g_markup_printf_escaped ("<b>%s</b>  “%s”", kind, quote);

    gtk_label_set_markup (self->unit_title, title);
  }
  for (guint a = 0; a < MIN (unit->n_annotators, 2); a++)
    {
      /* TRANSLATORS: a button that takes one annotator's spans into Gold */
      g_autofree char *title = g_strdup_printf (_("Accept %s"), unit->annotators[a]);

      add_decision_button (self, title, a == 0 ? "A" : "B",
                           a == 0 ? DO_ACCEPT_FIRST : DO_ACCEPT_SECOND);
    }
  add_decision_button (self, unit->n_annotators > 2 ? _("Accept All") : _("Accept Both"), "C",
                       DO_ACCEPT_ALL);
  add_decision_button (self, _("Reject"), "R", DO_REJECT);
  add_decision_button (self, _("Edit"), "E", DO_EDIT);
}

static guint
position_of_start (GlsReviewPanel *self,
                   gint64          start)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlsReviewItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (item->unit->start == start)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

static void
select_position (GlsReviewPanel *self,
                 guint           position)
{
  self->syncing = TRUE;
  gtk_single_selection_set_selected (self->selection, position);
  self->syncing = FALSE;
  if (position != GTK_INVALID_LIST_POSITION)
    {
      g_autoptr(GlsReviewItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), position);

      self->current_start = item->unit->start;
      gtk_widget_activate_action (GTK_WIDGET (self->units_view), "list.scroll-to-item", "u",
                                  position);
    }
  else
    self->current_start = -1;
  show_current (self);
}

static void
selection_changed_cb (GlsReviewPanel *self)
{
  if (self->syncing)
    return;
  select_position (self, gtk_single_selection_get_selected (self->selection));
}

/* The first unsettled disagreement after (@direction 1) or before (-1) @offset. */
static guint
find_unsettled (GlsReviewPanel *self,
                gint64          offset,
                int             direction)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->store));

  for (guint k = 0; k < n; k++)
    {
      guint i = direction > 0 ? k : n - 1 - k;
      g_autoptr(GlsReviewItem) item = g_list_model_get_item (G_LIST_MODEL (self->store), i);

      if (item->unit->settled)
        continue;
      if (direction > 0 ? item->unit->start > offset : item->unit->start < offset)
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* ------------------------------------------------------------------------------------------ */
/* Loading                                                                                      */

/* The unsettled disagreements of document @id among the compared annotators. A decision
 * changes one document: counting every document again after each would grow with the
 * project, so each count is kept until that document's spans change. */
static gboolean
unsettled_in (GlsReviewPanel  *self,
              gint64           id,
              guint           *count,
              GError         **error)
{
  gpointer kept = g_hash_table_lookup (self->unsettled, &id);
  GlsReviewProgress progress = { 0 };

  if (kept != NULL)
    {
      *count = GPOINTER_TO_UINT (kept) - 1;
      return TRUE;
    }
  if (!gls_project_count_unsettled (self->project, id, compared (self), &progress, error))
    return FALSE;
  *count = progress.n_unsettled_disagreements;
  g_hash_table_insert (self->unsettled, g_memdup2 (&id, sizeof id), GUINT_TO_POINTER (*count + 1));
  return TRUE;
}

static void
update_progress (GlsReviewPanel *self)
{
  g_autoptr(GError) error = NULL;
  guint n_here = 0, left_here = 0, agreements_left = 0;
  g_autofree char *text = NULL;

  for (guint i = 0; self->units && i < self->units->len; i++)
    {
      const GlsReviewUnit *unit = g_ptr_array_index (self->units, i);

      if (unit->kind == GLS_UNIT_AGREEMENT)
        agreements_left += !unit->settled;
      else
        {
          n_here++;
          left_here += !unit->settled;
        }
    }
  self->project_left = 0;
  if (self->project != NULL)
    {
      GListModel *documents = gls_project_get_documents (self->project);
      gint64 here = document_of (self);

      /* This document's units were just found: its count is theirs. */
      if (self->units != NULL && here != 0)
        g_hash_table_insert (self->unsettled, g_memdup2 (&here, sizeof here),
                             GUINT_TO_POINTER (left_here + 1));
      for (guint i = 0; i < g_list_model_get_n_items (documents) && error == NULL; i++)
        {
          g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, i);
          guint left = 0;

          if (unsettled_in (self, gls_document_get_id (doc), &left, &error))
            self->project_left += left;
        }
      if (error != NULL)
        report (self, error);
    }

  if (n_here == 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "No disagreements here · %u left in the project",
                                         "No disagreements here · %u left in the project",
                                         self->project_left),
                            self->project_left);
  else
    /* TRANSLATORS: "3 of 9 disagreements left here · 14 in the project" */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u of %u disagreement left here · %u in the project",
                                         "%u of %u disagreements left here · %u in the project",
                                         n_here),
                            left_here, n_here, self->project_left);
  gtk_label_set_text (self->progress_label, text);
  gtk_level_bar_set_value (self->progress_bar, n_here ? (double)(n_here - left_here) / n_here : 1);
  gtk_widget_set_sensitive (self->accept_agreements_button, agreements_left > 0);
  adw_status_page_set_description (self->empty_page,
                                   left_here == 0 && n_here > 0
                                   ? _("Every disagreement here is settled.")
                                   : _("The compared annotators agree on this document, or "
                                       "fewer than two of them annotated it."));
}

/* The annotators the drop-down offers: everyone, then each pair. */
static void
update_compare_choices (GlsReviewPanel *self)
{
  g_auto(GStrv) everyone = self->project ? gls_project_list_annotators (self->project) : NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_auto(GStrv) rows = NULL;

  g_clear_pointer (&self->compare_sets, g_ptr_array_unref);
  self->compare_sets = g_ptr_array_new_with_free_func ((GDestroyNotify)g_strfreev);
  for (guint i = 0; everyone && everyone[i]; i++)
    if (!gls_annotator_is_gold (everyone[i]))
      g_ptr_array_add (names, everyone[i]);

  g_strv_builder_add (labels, _("All annotators"));
  g_ptr_array_add (self->compare_sets, NULL);
  for (guint a = 0; a < names->len; a++)
    for (guint b = a + 1; b < names->len; b++)
      {
        const char *pair[] = { names->pdata[a], names->pdata[b], NULL };
        g_autofree char *label = g_strdup_printf ("%s ↔ %s", pair[0], pair[1]);

        g_strv_builder_add (labels, label);
        g_ptr_array_add (self->compare_sets, g_strdupv ((char **)pair));
      }
  rows = g_strv_builder_end (labels);
  self->syncing = TRUE;
  gtk_string_list_splice (self->compare_names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->compare_names)),
                          (const char * const *)rows);
  gtk_drop_down_set_selected (self->compare_dropdown, 0);
  self->syncing = FALSE;
}

static void
reload (GlsReviewPanel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 document = document_of (self);
  guint position = GTK_INVALID_LIST_POSITION;

  self->reload_due = FALSE;
  g_clear_pointer (&self->units, g_ptr_array_unref);
  if (self->active && self->project != NULL && document != 0 &&
      !(self->units = gls_project_find_disagreements (self->project, document, compared (self),
                                                      &error)))
    report (self, error);

  for (guint i = 0; self->units && i < self->units->len; i++)
    {
      const GlsReviewUnit *unit = g_ptr_array_index (self->units, i);

      if (unit->kind != GLS_UNIT_AGREEMENT)
        g_ptr_array_add (items, gls_review_item_new (self->units, unit));
    }
  g_list_store_splice (self->store, 0, g_list_model_get_n_items (G_LIST_MODEL (self->store)),
                       items->pdata, items->len);
  gtk_stack_set_visible_child_name (self->list_stack, items->len > 0 ? "units" : "empty");
  if (self->active && self->view != NULL)
    gls_document_view_set_review (self->view, compared (self), self->units);
  update_progress (self);

  /* Which one to decide now: after a decision the next one left; in a document opened by
   * N or P its first or last one left; otherwise the same as before. */
  if (self->select_on_load != 0)
    position = find_unsettled (self, self->select_on_load > 0 ? -1 : G_MAXINT64,
                               self->select_on_load);
  else if (self->advance_from >= 0)
    {
      position = find_unsettled (self, self->advance_from, 1);
      if (position == GTK_INVALID_LIST_POSITION)
        position = find_unsettled (self, -1, 1);
      if (position == GTK_INVALID_LIST_POSITION)
        position = position_of_start (self, self->advance_from);
    }
  else if (self->current_start >= 0)
    position = position_of_start (self, self->current_start);
  self->select_on_load = 0;
  self->advance_from = -1;
  select_position (self, position);
}

static void
reload_later_cb (GtkWidget *widget)
{
  GlsReviewPanel *self = GLS_REVIEW_PANEL (widget);

  if (self->reload_due)
    reload (self);
}

/* After an edit, the list follows once the text has drawn it. */
static void
schedule_reload (GlsReviewPanel *self)
{
  if (!self->active || self->reload_due)
    return;
  self->reload_due = TRUE;
  gls_after_frame (GTK_WIDGET (self), reload_later_cb);
}

static void
spans_changed_cb (GlsReviewPanel *self,
                  gint64          document_id)
{
  g_hash_table_remove (self->unsettled, &document_id);
  if (document_id == document_of (self))
    schedule_reload (self);
  else if (self->active)
    update_progress (self);
}

static void
document_changed_cb (GlsReviewPanel *self)
{
  if (!self->active)
    return;
  self->current_start = -1;
  reload (self);
}

static void
project_changed_cb (GlsReviewPanel *self)
{
  GlsProject *project = self->view ? gls_document_view_get_project (self->view) : NULL;

  if (project == self->project)
    return;
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  g_hash_table_remove_all (self->unsettled);
  if (project != NULL)
    g_signal_connect_object (project, "spans-changed", G_CALLBACK (spans_changed_cb), self,
                             G_CONNECT_SWAPPED);
  update_compare_choices (self);
  if (self->active)
    reload (self);
}

static void
compare_changed_cb (GlsReviewPanel *self)
{
  if (self->syncing || !self->active)
    return;
  g_hash_table_remove_all (self->unsettled);
  self->current_start = -1;
  reload (self);
}

/**
 * gls_review_panel_get_project_left:
 *
 * Returns: the unsettled disagreements among the compared annotators in the whole project,
 *   as the progress line shows them
 */
guint
gls_review_panel_get_project_left (GlsReviewPanel *self)
{
  g_return_val_if_fail (GLS_IS_REVIEW_PANEL (self), 0);
  return self->project_left;
}

/* ------------------------------------------------------------------------------------------ */
/* Deciding                                                                                     */

static gboolean
decide (GlsReviewPanel *self,
        GlsDecision     decision,
        const char     *annotator)
{
  const GlsReviewUnit *unit = gls_review_panel_get_current_unit (self);
  g_autoptr(GError) error = NULL;
  gint64 start;

  if (unit == NULL || self->project == NULL)
    return FALSE;
  start = unit->start;
  if (!gls_project_decide (self->project, unit, decision, annotator, &error))
    {
      report (self, error);
      return FALSE;
    }
  self->advance_from = start;
  schedule_reload (self);
  return TRUE;
}

static gboolean
choose (GlsReviewPanel *self,
        Choice          choice)
{
  const GlsReviewUnit *unit = gls_review_panel_get_current_unit (self);
  GtkTextBuffer *buffer;
  GtkTextIter a, b;

  if (unit == NULL)
    return FALSE;
  switch (choice)
    {
    case DO_ACCEPT_FIRST:
    case DO_ACCEPT_SECOND:
      if ((guint)choice >= unit->n_annotators)
        return FALSE;
      return decide (self, GLS_DECISION_ACCEPT, unit->annotators[choice]);
    case DO_ACCEPT_ALL:
      return decide (self, GLS_DECISION_ACCEPT_ALL, NULL);
    case DO_REJECT:
      return decide (self, GLS_DECISION_REJECT, NULL);
    case DO_EDIT:
      /* Settled as the reviewer's own; the unit's text is selected for a label of Gold's. */
      buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->view));
      gtk_text_buffer_get_iter_at_offset (buffer, &a, (int)unit->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &b, (int)unit->end);
      if (!decide (self, GLS_DECISION_EDIT, NULL))
        return FALSE;
      self->advance_from = -1;
      gtk_text_buffer_select_range (buffer, &a, &b);
      gtk_widget_grab_focus (GTK_WIDGET (self->view));
      gls_document_view_show_label_chooser (self->view);
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
gls_review_panel_accept (GlsReviewPanel *self,
                         guint           annotator)
{
  g_return_val_if_fail (GLS_IS_REVIEW_PANEL (self), FALSE);
  return annotator < 2 && choose (self, annotator == 0 ? DO_ACCEPT_FIRST : DO_ACCEPT_SECOND);
}

gboolean
gls_review_panel_accept_all (GlsReviewPanel *self)
{
  g_return_val_if_fail (GLS_IS_REVIEW_PANEL (self), FALSE);
  return choose (self, DO_ACCEPT_ALL);
}

gboolean
gls_review_panel_reject (GlsReviewPanel *self)
{
  g_return_val_if_fail (GLS_IS_REVIEW_PANEL (self), FALSE);
  return choose (self, DO_REJECT);
}

gboolean
gls_review_panel_edit (GlsReviewPanel *self)
{
  g_return_val_if_fail (GLS_IS_REVIEW_PANEL (self), FALSE);
  return choose (self, DO_EDIT);
}

gboolean
gls_review_panel_accept_agreements (GlsReviewPanel *self)
{
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_return_val_if_fail (GLS_IS_REVIEW_PANEL (self), FALSE);

  if (!self->active || self->project == NULL || document_of (self) == 0)
    return FALSE;
  if (!gls_project_accept_agreements (self->project, document_of (self), compared (self), &n,
                                      &error))
    {
      report (self, error);
      return FALSE;
    }
  schedule_reload (self);
  return n > 0;
}

/* N and P. Past the document's last one left, the next document that has some opens. */
gboolean
gls_review_panel_step (GlsReviewPanel *self,
                       int             direction)
{
  GListModel *documents;
  guint position, n, here = GTK_INVALID_LIST_POSITION;
  gint64 from;

  g_return_val_if_fail (GLS_IS_REVIEW_PANEL (self), FALSE);

  if (!self->active || self->project == NULL)
    return FALSE;
  direction = direction < 0 ? -1 : 1;
  from = self->current_start >= 0 ? self->current_start : direction > 0 ? -1 : G_MAXINT64;
  position = find_unsettled (self, from, direction);
  if (position != GTK_INVALID_LIST_POSITION)
    {
      select_position (self, position);
      return TRUE;
    }

  documents = gls_project_get_documents (self->project);
  n = g_list_model_get_n_items (documents);
  for (guint i = 0; i < n && here == GTK_INVALID_LIST_POSITION; i++)
    {
      g_autoptr(GlsDocument) doc = g_list_model_get_item (documents, i);

      if (gls_document_get_id (doc) == document_of (self))
        here = i;
    }
  for (guint k = 1; here != GTK_INVALID_LIST_POSITION && k < n; k++)
    {
      gint64 i = (gint64)here + direction * (gint64)k;
      g_autoptr(GlsDocument) doc = NULL;
      g_autoptr(GError) error = NULL;
      guint left = 0;

      if (i < 0 || i >= (gint64)n)
        break;
      doc = g_list_model_get_item (documents, (guint)i);
      if (!unsettled_in (self, gls_document_get_id (doc), &left, &error))
        {
          report (self, error);
          return FALSE;
        }
      if (left > 0)
        {
          self->select_on_load = direction;
          g_signal_emit (self, signals[OPEN_DOCUMENT], 0, gls_document_get_id (doc));
          return document_of (self) == gls_document_get_id (doc);
        }
    }
  gtk_widget_error_bell (GTK_WIDGET (self));
  return FALSE;
}

static void
previous_clicked_cb (GlsReviewPanel *self)
{
  gls_review_panel_step (self, -1);
}

static void
next_clicked_cb (GlsReviewPanel *self)
{
  gls_review_panel_step (self, 1);
}

static void
accept_agreements_clicked_cb (GlsReviewPanel *self)
{
  gls_review_panel_accept_agreements (self);
}

/* ------------------------------------------------------------------------------------------ */

void
gls_review_panel_set_view (GlsReviewPanel  *self,
                           GlsDocumentView *view)
{
  g_return_if_fail (GLS_IS_REVIEW_PANEL (self));
  g_return_if_fail (self->view == NULL);

  self->view = view;
  g_signal_connect_object (view, "notify::project", G_CALLBACK (project_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (view, "notify::document-id", G_CALLBACK (document_changed_cb), self,
                           G_CONNECT_SWAPPED);
  project_changed_cb (self);
}

void
gls_review_panel_set_active (GlsReviewPanel *self,
                             gboolean        active)
{
  g_return_if_fail (GLS_IS_REVIEW_PANEL (self));

  active = !!active;
  if (self->active == active)
    return;
  self->active = active;
  if (active)
    {
      update_compare_choices (self);
      reload (self);
    }
  else
    {
      g_clear_pointer (&self->units, g_ptr_array_unref);
      g_list_store_remove_all (self->store);
      self->current_start = -1;
      if (self->view != NULL)
        gls_document_view_end_review (self->view);
    }
}

gboolean
gls_review_panel_get_active (GlsReviewPanel *self)
{
  g_return_val_if_fail (GLS_IS_REVIEW_PANEL (self), FALSE);
  return self->active;
}

GListModel *
gls_review_panel_get_units (GlsReviewPanel *self)
{
  g_return_val_if_fail (GLS_IS_REVIEW_PANEL (self), NULL);
  return G_LIST_MODEL (self->store);
}

const GlsReviewUnit *
gls_review_panel_get_unit (GlsReviewPanel *self,
                           guint           position)
{
  g_autoptr(GlsReviewItem) item = NULL;

  g_return_val_if_fail (GLS_IS_REVIEW_PANEL (self), NULL);

  if (!(item = g_list_model_get_item (G_LIST_MODEL (self->store), position)))
    return NULL;
  return item->unit;    /* the panel's array keeps it */
}

const GlsReviewUnit *
gls_review_panel_get_current_unit (GlsReviewPanel *self)
{
  guint position;

  g_return_val_if_fail (GLS_IS_REVIEW_PANEL (self), NULL);

  position = gtk_single_selection_get_selected (self->selection);
  return position == GTK_INVALID_LIST_POSITION ? NULL : gls_review_panel_get_unit (self, position);
}

static void
gls_review_panel_dispose (GObject *object)
{
  GlsReviewPanel *self = GLS_REVIEW_PANEL (object);

  self->active = FALSE;
  gtk_widget_dispose_template (GTK_WIDGET (self), GLS_TYPE_REVIEW_PANEL);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_object (&self->compare_names);
  g_clear_pointer (&self->compare_sets, g_ptr_array_unref);
  g_clear_pointer (&self->units, g_ptr_array_unref);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_clear_pointer (&self->unsettled, g_hash_table_unref);
  g_clear_object (&self->project);
  self->view = NULL;

  G_OBJECT_CLASS (gls_review_panel_parent_class)->dispose (object);
}

static void
gls_review_panel_class_init (GlsReviewPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gls_review_panel_dispose;

  /**
   * GlsReviewPanel::open-document:
   * @document_id: the document N or P goes on to
   *
   * Asks the window to open another document; the panel then picks its first (N) or last
   * (P) unsettled disagreement.
   */
  signals[OPEN_DOCUMENT] =
    g_signal_new ("open-document", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                  NULL, NULL, G_TYPE_NONE, 1, G_TYPE_INT64);
  /**
   * GlsReviewPanel::failed:
   * @message: what went wrong, for the user
   */
  signals[FAILED] =
    g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/glossator/Glossator/gls-review-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, box);
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, compare_dropdown);
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, progress_label);
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, previous_button);
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, next_button);
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, accept_agreements_button);
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, list_stack);
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, units_view);
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, decision_box);
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, unit_title);
  gtk_widget_class_bind_template_child (widget_class, GlsReviewPanel, decision_buttons);
  gtk_widget_class_bind_template_callback (widget_class, compare_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, previous_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, next_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, accept_agreements_clicked_cb);
}

static void
gls_review_panel_init (GlsReviewPanel *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  self->current_start = -1;
  self->advance_from = -1;
  self->compare_names = gtk_string_list_new (NULL);
  self->unsettled = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_drop_down_set_model (self->compare_dropdown, G_LIST_MODEL (self->compare_names));

  self->store = g_list_store_new (GLS_TYPE_REVIEW_ITEM);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  gtk_list_view_set_factory (self->units_view, factory);
  gtk_list_view_set_model (self->units_view, GTK_SELECTION_MODEL (self->selection));
  gtk_widget_set_visible (self->decision_box, FALSE);
}
