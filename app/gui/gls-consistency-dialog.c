/* gls-consistency-dialog.c — strings labelled inconsistently, and fixing them
 *
 * gls_project_check_consistency() runs in a worker thread (GTask) while this dialog is
 * modal, so the project's one database connection is used by one thread at a time; the
 * worker also cuts each occurrence's context out of its document, reading each document
 * once. The groups are listed on the left, the selected group's occurrences on the right.
 *
 * Fixes are edits of the project made here, on the main thread, between checks: relabelling
 * a span, deleting one, or labelling an occurrence that has no span. Spans are made in the
 * checked annotator's layer (Gold's through gls_project_add_gold_span()), and the unlabelled
 * occurrences a fix labels are added as one edit where the core allows it, so one undo takes
 * them back. After each fix the check runs again and the same group is selected if it is
 * still inconsistent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-consistency-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gls-consistency.h"
#include "gls-consistency-dialog.h"
#include "gls-review.h"

#define CONTEXT_CHARS 36

/* ------------------------------------------------------------------------------------------ */
/* Items                                                                                        */

#define GLS_TYPE_GROUP_ITEM (gls_group_item_get_type ())
G_DECLARE_FINAL_TYPE (GlsGroupItem, gls_group_item, GLS, GROUP_ITEM, GObject)

struct _GlsGroupItem
{
  GObject parent_instance;

  GlsConsistencyGroup *group;
  GPtrArray *contexts;          /* Pango markup per occurrence, the occurrence in bold */
};

G_DEFINE_FINAL_TYPE (GlsGroupItem, gls_group_item, G_TYPE_OBJECT)

static void
gls_group_item_finalize (GObject *object)
{
  GlsGroupItem *self = GLS_GROUP_ITEM (object);

  g_clear_pointer (&self->group, gls_consistency_group_free);
  g_clear_pointer (&self->contexts, g_ptr_array_unref);
  G_OBJECT_CLASS (gls_group_item_parent_class)->finalize (object);
}

static void
gls_group_item_class_init (GlsGroupItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gls_group_item_finalize;
}

static void
gls_group_item_init (GlsGroupItem *self)
{
}

#define GLS_TYPE_OCCURRENCE_ITEM (gls_occurrence_item_get_type ())
G_DECLARE_FINAL_TYPE (GlsOccurrenceItem, gls_occurrence_item, GLS, OCCURRENCE_ITEM, GObject)

struct _GlsOccurrenceItem
{
  GObject parent_instance;

  GlsGroupItem *group;
  guint index;                  /* in the group's occurrences */
};

G_DEFINE_FINAL_TYPE (GlsOccurrenceItem, gls_occurrence_item, G_TYPE_OBJECT)

static void
gls_occurrence_item_finalize (GObject *object)
{
  g_clear_object (&GLS_OCCURRENCE_ITEM (object)->group);
  G_OBJECT_CLASS (gls_occurrence_item_parent_class)->finalize (object);
}

static void
gls_occurrence_item_class_init (GlsOccurrenceItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gls_occurrence_item_finalize;
}

static void
gls_occurrence_item_init (GlsOccurrenceItem *self)
{
}

static const GlsConsistencyOccurrence *
occurrence_of (GlsOccurrenceItem *item)
{
  return &g_array_index (item->group->group->occurrences, GlsConsistencyOccurrence, item->index);
}

/* ------------------------------------------------------------------------------------------ */

struct _GlsConsistencyDialog
{
  AdwWindow parent_instance;

  GlsProject *project;
  GStrv annotators;
  GCancellable *cancellable;
  gboolean close_when_done;
  gboolean updating;

  GListStore *groups;
  GtkSingleSelection *group_selection;
  GListStore *occurrences;
  GtkSingleSelection *occurrence_selection;

  /* What to select again once the check after a fix is back. */
  char *reselect_text;
  guint reselect_group;
  guint reselect_occurrence;

  AdwWindowTitle *window_title;
  GtkButton *cancel_button;
  GtkButton *refresh_button;
  GtkSpinner *spinner;
  GtkWidget *body;
  AdwComboRow *annotator_row;
  GtkSwitch *ignore_case_switch;
  GtkLabel *summary_label;
  GtkListView *groups_view;
  GtkStack *detail_stack;
  AdwStatusPage *empty_page;
  GtkLabel *group_title;
  GtkLabel *group_subtitle;
  GtkDropDown *label_drop;
  GtkButton *apply_all_button;
  GtkColumnView *occurrences_view;
  GtkColumnViewColumn *document_column;
  GtkColumnViewColumn *context_column;
  GtkColumnViewColumn *label_column;
  GtkButton *show_button;
  GtkButton *remove_button;
  GtkButton *apply_button;
};

G_DEFINE_FINAL_TYPE (GlsConsistencyDialog, gls_consistency_dialog, ADW_TYPE_WINDOW)

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
  char *annotator;
  gboolean ignore_case;
  GPtrArray *items;             /* GlsGroupItem */
} CheckJob;

static void
check_job_free (CheckJob *job)
{
  g_clear_object (&job->project);
  g_free (job->annotator);
  g_clear_pointer (&job->items, g_ptr_array_unref);
  g_free (job);
}

typedef struct
{
  gint64 document_id;
  gint64 start;
  gint64 end;
  gpointer *slot;
} ContextRef;

static int
compare_context_refs (gconstpointer a,
                      gconstpointer b)
{
  const ContextRef *x = a, *y = b;

  if (x->document_id != y->document_id)
    return x->document_id < y->document_id ? -1 : 1;
  return x->start < y->start ? -1 : x->start > y->start;
}

/* Appends [@a, @b) escaped, every run of white space as one space. */
static void
append_flat (GString    *out,
             const char *a,
             const char *b)
{
  gboolean space = FALSE;

  for (const char *p = a; p < b; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      char buf[8];
      g_autofree char *escaped = NULL;

      if (g_unichar_isspace (c))
        {
          if (!space)
            g_string_append_c (out, ' ');
          space = TRUE;
          continue;
        }
      space = FALSE;
      buf[g_unichar_to_utf8 (c, buf)] = '\0';
      escaped = g_markup_escape_text (buf, -1);
      g_string_append (out, escaped);
    }
}

/* "…the talks in <b>Brussels</b> next week…": up to CONTEXT_CHARS either side, cut between
 * words. */
static char *
context_markup (const char *text_start,
                const char *from,
                const char *start,
                const char *end)
{
  GString *out = g_string_new (NULL);
  const char *after = end, *cut = NULL;

  if (from > text_start)
    {
      const char *word = from;

      while (word < start && !g_unichar_isspace (g_utf8_get_char (word)))
        word = g_utf8_next_char (word);
      if (word < start)
        from = g_utf8_next_char (word);
    }
  for (guint k = 0; k < CONTEXT_CHARS && *after != '\0'; k++)
    {
      if (g_unichar_isspace (g_utf8_get_char (after)))
        cut = after;
      after = g_utf8_next_char (after);
    }
  if (from > text_start)
    g_string_append (out, "…");
  append_flat (out, from, start);
  g_string_append (out, "<b>");
  append_flat (out, start, end);
  g_string_append (out, "</b>");
  if (*after != '\0' && cut != NULL)
    after = cut;
  append_flat (out, end, after);
  if (*after != '\0')
    g_string_append (out, "…");
  return g_string_free (out, FALSE);
}

static gboolean
collect_contexts (CheckJob      *job,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autoptr(GArray) refs = g_array_new (FALSE, FALSE, sizeof (ContextRef));
  g_autofree char *text = NULL;
  gint64 loaded = 0, position = 0;
  const char *p = NULL;

  for (guint g = 0; g < job->items->len; g++)
    {
      GlsGroupItem *item = g_ptr_array_index (job->items, g);
      GArray *occurrences = item->group->occurrences;

      item->contexts = g_ptr_array_new_full (occurrences->len, g_free);
      g_ptr_array_set_size (item->contexts, occurrences->len);
      for (guint i = 0; i < occurrences->len; i++)
        {
          const GlsConsistencyOccurrence *o =
            &g_array_index (occurrences, GlsConsistencyOccurrence, i);
          ContextRef ref = { o->document_id, o->start, o->end, &item->contexts->pdata[i] };

          g_array_append_val (refs, ref);
        }
    }
  g_array_sort (refs, compare_context_refs);

  for (guint i = 0; i < refs->len; i++)
    {
      const ContextRef *ref = &g_array_index (refs, ContextRef, i);
      gint64 from = MAX (0, ref->start - CONTEXT_CHARS);
      const char *start, *end;

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
      /* The contexts' starts only grow within a document: walk on from the last one. */
      p = g_utf8_offset_to_pointer (p, from - position);
      position = from;
      start = g_utf8_offset_to_pointer (p, ref->start - from);
      end = g_utf8_offset_to_pointer (start, ref->end - ref->start);
      *ref->slot = context_markup (text, p, start, end);
    }
  return TRUE;
}

static void
check_thread (GTask        *task,
              gpointer      source,
              gpointer      data,
              GCancellable *cancellable)
{
  CheckJob *job = data;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;

  groups = gls_project_check_consistency (job->project, job->annotator, job->ignore_case,
                                          cancellable, &error);
  if (groups == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job->items = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < groups->len; i++)
    {
      GlsGroupItem *item = g_object_new (GLS_TYPE_GROUP_ITEM, NULL);

      item->group = g_steal_pointer (&groups->pdata[i]);
      g_ptr_array_add (job->items, item);
    }
  if (!collect_contexts (job, cancellable, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------------------------------ */
/* The selected group                                                                           */

static GlsGroupItem *
selected_group (GlsConsistencyDialog *self)
{
  return gtk_single_selection_get_selected_item (self->group_selection);
}

static GlsOccurrenceItem *
selected_occurrence (GlsConsistencyDialog *self)
{
  return gtk_single_selection_get_selected_item (self->occurrence_selection);
}

static GlsLabel *
target_label (GlsConsistencyDialog *self)
{
  return gtk_drop_down_get_selected_item (self->label_drop);
}

/* "LOC 1, ORG 2, not labelled 4" */
static char *
describe_counts (const GlsConsistencyGroup *group)
{
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < group->labels->len; k++)
    {
      const GlsConsistencyLabel *label = &g_array_index (group->labels, GlsConsistencyLabel, k);

      g_string_append_printf (out, "%s%s %u", k ? ", " : "", label->label, label->n_spans);
    }
  if (group->n_unlabelled > 0)
    {
      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append_printf (out, _("not labelled %u"), group->n_unlabelled);
    }
  return g_string_free (out, FALSE);
}

/* Whether applying @label to the occurrence changes anything. */
static gboolean
needs_label (const GlsConsistencyOccurrence *o,
             GlsLabel                       *label)
{
  return label != NULL && g_strcmp0 (o->label, gls_label_get_name (label)) != 0;
}

static void
update_buttons (GlsConsistencyDialog *self)
{
  GlsGroupItem *group = selected_group (self);
  GlsOccurrenceItem *item = selected_occurrence (self);
  GlsLabel *label = target_label (self);
  const GlsConsistencyOccurrence *o = item ? occurrence_of (item) : NULL;
  gboolean any = FALSE;

  if (label != NULL)
    {
      g_autofree char *apply = g_strdup_printf (_("Apply %s"), gls_label_get_name (label));
      g_autofree char *everywhere = g_strdup_printf (_("Apply %s Everywhere"),
                                                     gls_label_get_name (label));

      gtk_button_set_label (self->apply_button, apply);
      gtk_button_set_label (self->apply_all_button, everywhere);
    }
  for (guint i = 0; group != NULL && i < group->group->occurrences->len; i++)
    any |= needs_label (&g_array_index (group->group->occurrences, GlsConsistencyOccurrence, i),
                        label);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_all_button), any);
  gtk_widget_set_sensitive (GTK_WIDGET (self->apply_button), o != NULL && needs_label (o, label));
  gtk_widget_set_sensitive (GTK_WIDGET (self->remove_button), o != NULL && o->span_id != 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->show_button), o != NULL);
}

static void
target_changed_cb (GlsConsistencyDialog *self)
{
  update_buttons (self);
}

static guint
label_position (GlsConsistencyDialog *self,
                const char           *name)
{
  GListModel *labels = gls_project_get_labels (self->project);

  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);

      if (g_strcmp0 (gls_label_get_name (label), name) == 0)
        return i;
    }
  return 0;
}

static void
show_group (GlsConsistencyDialog *self)
{
  GlsGroupItem *item = selected_group (self);
  g_autoptr(GPtrArray) occurrences = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *title = NULL;
  g_autofree char *counts = NULL;
  g_autofree char *subtitle = NULL;
  const GlsConsistencyGroup *group;

  if (item == NULL)
    {
      g_list_store_remove_all (self->occurrences);
      gtk_stack_set_visible_child_name (self->detail_stack, "empty");
      return;
    }
  group = item->group;
  title = g_strdup_printf (_("“%s”"), group->text);
  counts = describe_counts (group);
  subtitle = g_strdup_printf (_("%s · %s"), group->annotator, counts);
  gtk_label_set_text (self->group_title, title);
  gtk_label_set_text (self->group_subtitle, subtitle);
  /* The label used most, to begin with. */
  if (group->labels->len > 0)
    gtk_drop_down_set_selected (self->label_drop,
                                label_position (self, g_array_index (group->labels,
                                                                     GlsConsistencyLabel,
                                                                     0).label));

  for (guint i = 0; i < group->occurrences->len; i++)
    {
      GlsOccurrenceItem *occurrence = g_object_new (GLS_TYPE_OCCURRENCE_ITEM, NULL);

      occurrence->group = g_object_ref (item);
      occurrence->index = i;
      g_ptr_array_add (occurrences, occurrence);
    }
  g_list_store_splice (self->occurrences, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->occurrences)),
                       occurrences->pdata, occurrences->len);
  gtk_single_selection_set_selected (self->occurrence_selection, 0);
  gtk_stack_set_visible_child_name (self->detail_stack, "group");
  update_buttons (self);
}

/* ------------------------------------------------------------------------------------------ */
/* List rows                                                                                    */

static void
setup_group_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *subtitle = gtk_label_new (NULL);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (title, "heading");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_item_set_child (item, box);
}

static void
bind_group_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  data)
{
  GlsGroupItem *group = gtk_list_item_get_item (item);
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  g_autofree char *quoted = g_strdup_printf (_("“%s”"), group->group->text);
  g_autofree char *counts = describe_counts (group->group);

  gtk_label_set_text (GTK_LABEL (title), quoted);
  gtk_label_set_text (GTK_LABEL (gtk_widget_get_next_sibling (title)), counts);
}

typedef enum
{
  COLUMN_DOCUMENT,
  COLUMN_CONTEXT,
  COLUMN_LABEL,
} Column;

static void
setup_occurrence_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (GPOINTER_TO_UINT (data) == COLUMN_CONTEXT)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_natural_wrap_mode (GTK_LABEL (label), GTK_NATURAL_WRAP_WORD);
    }
  else
    gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
bind_occurrence_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    GlsConsistencyDialog     *self)
{
  GlsOccurrenceItem *entry = gtk_list_item_get_item (item);
  const GlsConsistencyOccurrence *o = occurrence_of (entry);
  GtkLabel *label = GTK_LABEL (gtk_list_item_get_child (item));
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "column"));

  gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
  switch (column)
    {
    case COLUMN_DOCUMENT:
      {
        GlsDocument *document = gls_project_lookup_document (self->project, o->document_id);
        const char *title = document ? gls_document_get_title (document) : "";

        gtk_label_set_text (label, title);
        gtk_widget_set_tooltip_text (GTK_WIDGET (label), title);
      }
      break;
    case COLUMN_CONTEXT:
      gtk_label_set_markup (label, g_ptr_array_index (entry->group->contexts, entry->index));
      break;
    case COLUMN_LABEL:
    default:
      if (o->label != NULL)
        {
          GlsLabel *found = gls_project_find_label (self->project, o->label);
          g_autofree char *markup =
            found ? g_markup_printf_escaped ("<span foreground=\"%s\">⬤</span> %s",
                                             gls_label_get_color (found), o->label)
                  : g_markup_escape_text (o->label, -1);

          gtk_label_set_markup (label, markup);
        }
      else
        {
          gtk_label_set_text (label, _("not labelled"));
          gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
        }
      break;
    }
}

static void
set_occurrence_column (GlsConsistencyDialog *self,
                       GtkColumnViewColumn  *column,
                       Column                which)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_object_set_data (G_OBJECT (factory), "column", GUINT_TO_POINTER (which));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_occurrence_cb), GUINT_TO_POINTER (which));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_occurrence_cb), self);
  gtk_column_view_column_set_factory (column, factory);
}

/* ------------------------------------------------------------------------------------------ */
/* Checking                                                                                     */

static const char *
selected_annotator (GlsConsistencyDialog *self)
{
  guint i = adw_combo_row_get_selected (self->annotator_row);

  return i < g_strv_length (self->annotators) ? self->annotators[i] : NULL;
}

static void
set_running (GlsConsistencyDialog *self,
             gboolean              running)
{
  /* Modal while the worker has the database: the window behind cannot touch it. */
  gtk_window_set_modal (GTK_WINDOW (self), running);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), running);
  gtk_spinner_set_spinning (self->spinner, running);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), running);
  gtk_widget_set_visible (GTK_WIDGET (self->refresh_button), !running);
  gtk_widget_set_sensitive (self->body, !running);
}

static gboolean
same_string (GlsConsistencyDialog *self,
             const char           *a,
             const char           *b)
{
  if (gtk_switch_get_active (self->ignore_case_switch))
    {
      g_autofree char *x = g_utf8_casefold (a, -1);
      g_autofree char *y = g_utf8_casefold (b, -1);

      return g_strcmp0 (x, y) == 0;
    }
  return g_strcmp0 (a, b) == 0;
}

static void
show_groups (GlsConsistencyDialog *self,
             GPtrArray            *items)
{
  guint n = items->len;
  guint select = n > 0 ? MIN (self->reselect_group, n - 1) : GTK_INVALID_LIST_POSITION;
  gboolean same = FALSE;
  g_autofree char *summary = NULL;

  /* The group that was fixed, if it is still there; or the one that took its place. */
  for (guint i = 0; self->reselect_text != NULL && i < n; i++)
    if (same_string (self, ((GlsGroupItem *)g_ptr_array_index (items, i))->group->text,
                     self->reselect_text))
      {
        select = i;
        same = TRUE;
        break;
      }

  self->updating = TRUE;
  g_list_store_splice (self->groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->groups)),
                       items->pdata, items->len);
  gtk_single_selection_set_selected (self->group_selection, select);
  self->updating = FALSE;
  show_group (self);
  if (same &&
      self->reselect_occurrence < g_list_model_get_n_items (G_LIST_MODEL (self->occurrences)))
    gtk_single_selection_set_selected (self->occurrence_selection, self->reselect_occurrence);
  g_clear_pointer (&self->reselect_text, g_free);
  self->reselect_group = 0;
  self->reselect_occurrence = 0;

  if (n == 0)
    {
      g_autofree char *description =
        g_strdup_printf (_("Every string %s labelled is labelled the same way wherever it "
                           "occurs."), selected_annotator (self) ? selected_annotator (self) : "");

      adw_status_page_set_title (self->empty_page, _("No Inconsistencies"));
      adw_status_page_set_description (self->empty_page, description);
      summary = g_strdup (_("No string labelled inconsistently"));
    }
  else
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u string labelled inconsistently",
                                            "%u strings labelled inconsistently", n), n);
  gtk_label_set_text (self->summary_label, summary);
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GlsConsistencyDialog *self = GLS_CONSISTENCY_DIALOG (source);
  CheckJob *job = g_task_get_task_data (G_TASK (result));
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
          GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Check"),
                                                     error->message);
          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (alert));
        }
      return;
    }
  show_groups (self, job->items);
}

/**
 * gls_consistency_dialog_refresh:
 *
 * Checks the project again, with the annotator and case setting shown, in a worker thread.
 */
void
gls_consistency_dialog_refresh (GlsConsistencyDialog *self)
{
  g_autoptr(GTask) task = NULL;
  CheckJob *job;

  g_return_if_fail (GLS_IS_CONSISTENCY_DIALOG (self));

  if (self->cancellable != NULL || selected_annotator (self) == NULL)
    return;
  job = g_new0 (CheckJob, 1);
  job->project = g_object_ref (self->project);
  job->annotator = g_strdup (selected_annotator (self));
  job->ignore_case = gtk_switch_get_active (self->ignore_case_switch);

  self->cancellable = g_cancellable_new ();
  set_running (self, TRUE);
  task = g_task_new (self, self->cancellable, check_done_cb, NULL);
  g_task_set_source_tag (task, gls_consistency_dialog_refresh);
  g_task_set_task_data (task, job, (GDestroyNotify)check_job_free);
  g_task_run_in_thread (task, check_thread);
}

static void
options_changed_cb (GlsConsistencyDialog *self)
{
  if (self->updating)
    return;
  g_clear_pointer (&self->reselect_text, g_free);
  self->reselect_group = 0;
  gls_consistency_dialog_refresh (self);
}

/* The window may have changed the project since: check again, staying on the same group. */
static void
refresh_clicked_cb (GlsConsistencyDialog *self)
{
  GlsGroupItem *item = selected_group (self);

  g_free (self->reselect_text);
  self->reselect_text = item ? g_strdup (item->group->text) : NULL;
  self->reselect_group = gtk_single_selection_get_selected (self->group_selection);
  self->reselect_occurrence = 0;
  gls_consistency_dialog_refresh (self);
}

static void
cancel_clicked_cb (GlsConsistencyDialog *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static void
group_selected_cb (GlsConsistencyDialog *self)
{
  if (!self->updating)
    show_group (self);
}

/* ------------------------------------------------------------------------------------------ */
/* Fixing                                                                                       */

static void
show_error (GlsConsistencyDialog *self,
            GError               *error)
{
  GtkWidget *alert = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Fix"),
                                             error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (alert), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (alert));
}

/* New spans with @label_id on the occurrences, in @annotator's layer. */
static gboolean
add_spans (GlsConsistencyDialog *self,
           const char           *annotator,
           GArray               *places,
           gint64                label_id,
           GError              **error)
{
  const GlsOccurrence *o = (const GlsOccurrence *)(gpointer)places->data;
  g_autoptr(GError) local_error = NULL;

  if (places->len == 0)
    return TRUE;

  /* Gold is made by decisions and by gls_project_add_gold_span(), one span an edit. */
  if (gls_annotator_is_gold (annotator))
    {
      for (guint i = 0; i < places->len; i++)
        {
          GlsFragment fragment = { o[i].start, o[i].end };

          if (gls_project_add_gold_span (self->project, o[i].document_id, &fragment, 1, label_id,
                                         error) == 0)
            return FALSE;
        }
      return TRUE;
    }

  /* Anyone else's: one edit for them all, in their layer, journaled as the reviewer's (none
   * added, without an error, when they all exist already). */
  gls_project_add_spans_for (self->project, annotator, o, places->len, label_id, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* Gives @label to the occurrences @indices of @item's group: relabels their spans and labels
 * the unlabelled ones. */
static gboolean
apply_label (GlsConsistencyDialog *self,
             GlsGroupItem         *item,
             const guint          *indices,
             guint                 n_indices,
             GlsLabel             *label,
             GError              **error)
{
  g_autoptr(GArray) places = g_array_new (FALSE, FALSE, sizeof (GlsOccurrence));
  GArray *occurrences = item->group->occurrences;

  for (guint k = 0; k < n_indices; k++)
    {
      const GlsConsistencyOccurrence *o =
        &g_array_index (occurrences, GlsConsistencyOccurrence, indices[k]);

      if (!needs_label (o, label))
        continue;
      if (o->span_id != 0)
        {
          if (!gls_project_set_span_label (self->project, o->span_id, gls_label_get_id (label),
                                           error))
            return FALSE;
        }
      else
        {
          GlsOccurrence place = { o->document_id, o->start, o->end };
          g_array_append_val (places, place);
        }
    }
  return add_spans (self, item->group->annotator, places, gls_label_get_id (label), error);
}

/* After a fix: check again, and come back to this group and place. */
static void
recheck_after_fix (GlsConsistencyDialog *self)
{
  GlsGroupItem *item = selected_group (self);
  guint occurrence = gtk_single_selection_get_selected (self->occurrence_selection);

  g_free (self->reselect_text);
  self->reselect_text = item ? g_strdup (item->group->text) : NULL;
  self->reselect_group = gtk_single_selection_get_selected (self->group_selection);
  self->reselect_occurrence = occurrence != GTK_INVALID_LIST_POSITION ? occurrence : 0;
  gls_consistency_dialog_refresh (self);
}

static void
apply_clicked_cb (GlsConsistencyDialog *self)
{
  GlsOccurrenceItem *occurrence = selected_occurrence (self);
  g_autoptr(GError) error = NULL;

  if (occurrence == NULL || target_label (self) == NULL || self->cancellable != NULL)
    return;
  if (!apply_label (self, occurrence->group, &occurrence->index, 1, target_label (self), &error))
    show_error (self, error);
  recheck_after_fix (self);
}

static void
apply_all_clicked_cb (GlsConsistencyDialog *self)
{
  GlsGroupItem *item = selected_group (self);
  g_autofree guint *indices = NULL;
  g_autoptr(GError) error = NULL;

  if (item == NULL || target_label (self) == NULL || self->cancellable != NULL)
    return;
  indices = g_new (guint, item->group->occurrences->len);
  for (guint i = 0; i < item->group->occurrences->len; i++)
    indices[i] = i;
  if (!apply_label (self, item, indices, item->group->occurrences->len, target_label (self),
                    &error))
    show_error (self, error);
  recheck_after_fix (self);
}

static void
remove_clicked_cb (GlsConsistencyDialog *self)
{
  GlsOccurrenceItem *occurrence = selected_occurrence (self);
  g_autoptr(GError) error = NULL;

  if (occurrence == NULL || occurrence_of (occurrence)->span_id == 0 || self->cancellable != NULL)
    return;
  if (!gls_project_delete_span (self->project, occurrence_of (occurrence)->span_id, &error))
    show_error (self, error);
  recheck_after_fix (self);
}

static void
emit_show_case (GlsConsistencyDialog *self,
                GlsOccurrenceItem    *item)
{
  const GlsConsistencyOccurrence *o = occurrence_of (item);

  g_signal_emit (self, signals[SHOW_CASE], 0, o->document_id, o->start, o->end);
}

static void
occurrence_activated_cb (GlsConsistencyDialog *self,
                         guint                 position)
{
  g_autoptr(GlsOccurrenceItem) item =
    g_list_model_get_item (G_LIST_MODEL (self->occurrence_selection), position);

  if (item != NULL)
    emit_show_case (self, item);
}

static void
show_clicked_cb (GlsConsistencyDialog *self)
{
  if (selected_occurrence (self) != NULL)
    emit_show_case (self, selected_occurrence (self));
}

/* ------------------------------------------------------------------------------------------ */

void
gls_consistency_dialog_set_annotator (GlsConsistencyDialog *self,
                                      const char           *annotator)
{
  g_return_if_fail (GLS_IS_CONSISTENCY_DIALOG (self));

  for (guint i = 0; self->annotators[i] != NULL; i++)
    if (g_strcmp0 (self->annotators[i], annotator) == 0)
      adw_combo_row_set_selected (self->annotator_row, i);
}

gboolean
gls_consistency_dialog_get_running (GlsConsistencyDialog *self)
{
  g_return_val_if_fail (GLS_IS_CONSISTENCY_DIALOG (self), FALSE);
  return self->cancellable != NULL;
}

guint
gls_consistency_dialog_get_n_groups (GlsConsistencyDialog *self)
{
  g_return_val_if_fail (GLS_IS_CONSISTENCY_DIALOG (self), 0);
  return g_list_model_get_n_items (G_LIST_MODEL (self->groups));
}

static gboolean
gls_consistency_dialog_close_request (GtkWindow *window)
{
  GlsConsistencyDialog *self = GLS_CONSISTENCY_DIALOG (window);

  if (self->cancellable != NULL)
    {
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->cancellable);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (gls_consistency_dialog_parent_class)->close_request (window);
}

static void
gls_consistency_dialog_dispose (GObject *object)
{
  GlsConsistencyDialog *self = GLS_CONSISTENCY_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLS_TYPE_CONSISTENCY_DIALOG);
  g_clear_object (&self->project);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->group_selection);
  g_clear_object (&self->groups);
  g_clear_object (&self->occurrence_selection);
  g_clear_object (&self->occurrences);
  g_clear_pointer (&self->annotators, g_strfreev);
  g_clear_pointer (&self->reselect_text, g_free);

  G_OBJECT_CLASS (gls_consistency_dialog_parent_class)->dispose (object);
}

static void
gls_consistency_dialog_class_init (GlsConsistencyDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gls_consistency_dialog_dispose;
  window_class->close_request = gls_consistency_dialog_close_request;

  /**
   * GlsConsistencyDialog::show-case:
   * @document_id: the occurrence's document
   * @start: its first character
   * @end: one past its last
   *
   * The reviewer activated an occurrence: the window shows it.
   */
  signals[SHOW_CASE] = g_signal_new ("show-case", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 3, G_TYPE_INT64,
                                     G_TYPE_INT64, G_TYPE_INT64);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/glossator/Glossator/gls-consistency-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, body);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, annotator_row);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, ignore_case_switch);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, groups_view);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, group_title);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, group_subtitle);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, label_drop);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, apply_all_button);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, occurrences_view);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, document_column);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, context_column);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, label_column);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, show_button);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, remove_button);
  gtk_widget_class_bind_template_child (widget_class, GlsConsistencyDialog, apply_button);
  gtk_widget_class_bind_template_callback (widget_class, options_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, refresh_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, target_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, apply_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, remove_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, occurrence_activated_cb);
}

static void
gls_consistency_dialog_init (GlsConsistencyDialog *self)
{
  g_autoptr(GtkListItemFactory) group_factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  self->groups = g_list_store_new (GLS_TYPE_GROUP_ITEM);
  self->group_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->groups)));
  g_signal_connect_object (self->group_selection, "notify::selected",
                           G_CALLBACK (group_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (group_factory, "setup", G_CALLBACK (setup_group_cb), NULL);
  g_signal_connect (group_factory, "bind", G_CALLBACK (bind_group_cb), NULL);
  gtk_list_view_set_factory (self->groups_view, group_factory);
  gtk_list_view_set_model (self->groups_view, GTK_SELECTION_MODEL (self->group_selection));

  self->occurrences = g_list_store_new (GLS_TYPE_OCCURRENCE_ITEM);
  self->occurrence_selection =
    gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->occurrences)));
  g_signal_connect_object (self->occurrence_selection, "notify::selected",
                           G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);
  set_occurrence_column (self, self->document_column, COLUMN_DOCUMENT);
  set_occurrence_column (self, self->context_column, COLUMN_CONTEXT);
  set_occurrence_column (self, self->label_column, COLUMN_LABEL);
  gtk_column_view_set_model (self->occurrences_view,
                             GTK_SELECTION_MODEL (self->occurrence_selection));

  adw_status_page_set_title (self->empty_page, _("Checking…"));
}

/* The layer a reviewer checks first: Gold's when there is one, else their own. */
static guint
default_annotator (GlsConsistencyDialog *self)
{
  const char *me = gls_project_get_annotator (self->project);
  guint mine = 0;

  for (guint i = 0; self->annotators[i] != NULL; i++)
    {
      if (gls_annotator_is_gold (self->annotators[i]))
        return i;
      if (g_strcmp0 (self->annotators[i], me) == 0)
        mine = i;
    }
  return mine;
}

GtkWidget *
gls_consistency_dialog_new (GtkWindow  *parent,
                            GlsProject *project)
{
  GlsConsistencyDialog *self;
  g_autoptr(GtkStringList) names = NULL;
  g_autoptr(GtkExpression) expression = NULL;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GLS_IS_PROJECT (project), NULL);

  self = g_object_new (GLS_TYPE_CONSISTENCY_DIALOG, "transient-for", parent, NULL);
  self->project = g_object_ref (project);
  self->annotators = gls_project_list_annotators (project);
  names = gtk_string_list_new ((const char * const *)self->annotators);

  expression = gtk_property_expression_new (GLS_TYPE_LABEL, NULL, "name");
  gtk_drop_down_set_expression (self->label_drop, expression);
  gtk_drop_down_set_model (self->label_drop, gls_project_get_labels (project));

  self->updating = TRUE;
  adw_combo_row_set_model (self->annotator_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->annotator_row, default_annotator (self));
  self->updating = FALSE;

  if (self->annotators[0] == NULL)
    {
      adw_status_page_set_title (self->empty_page, _("No Spans Yet"));
      adw_status_page_set_description (self->empty_page,
                                       _("Nobody has labelled anything in this project."));
    }
  gls_consistency_dialog_refresh (self);
  return GTK_WIDGET (self);
}
