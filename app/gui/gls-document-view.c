/* gls-document-view.c — the article text with its spans drawn in their label colours
 *
 * Spans are not text tags: the view paints them itself in GtkTextView's layers, and only the
 * ones on screen. Each span gets a tinted box with rounded ends (so adjacent spans with the same
 * label stay apart), an underline on its own level (so nested and overlapping spans all show),
 * and a small badge with its label's name above its first word. Fragments of a discontinuous
 * span are linked by a dashed arc. Opening a long article therefore costs the span query and
 * the text, not one tag application per span, and an edit redraws what is visible.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-document-view"

#include <inttypes.h>
#include <string.h>
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gls-document-view.h"
#include "gls-review.h"
#include "gls-span-list.h"

/* Room around each display line: badges above, stacked underlines below. */
#define BADGE_SPACE 11
#define UNDERLINE_SPACE 7
#define UNDERLINE_STEP 3
#define MAX_LEVELS 3
#define HANDLE_GRAB 7
#define BADGE_GAP 6            /* between one span's badge (and names) and the next's */

typedef enum {
  EDGE_NONE,
  EDGE_START,
  EDGE_END,
} Edge;

typedef struct
{
  GdkRGBA color;
  GdkRGBA ink;                /* text on the badge: black or white, whichever reads */
  PangoLayout *badge;
  int badge_width;
  int badge_height;
} LabelStyle;

struct _GlsDocumentView
{
  GtkSourceView parent_instance;

  GlsProject *project;
  gint64 document_id;
  GListModel *spans;
  GArray *levels;             /* of guint8: underline level of each span position */
  guint levels_stale_from;    /* positions from here on may need another level */
  gint64 max_extent;          /* the longest span, to find those reaching into the view */
  GHashTable *styles;         /* gint64 label id → LabelStyle */
  GHashTable *name_layouts;   /* interned annotator name → PangoLayout of it */
  GHashTable *drawn;          /* span id → GdkRectangle of its first piece, last frame */
  GHashTable *placed;         /* Placed: where texts drawn in the last frame lie */
  GHashTable *placing;        /* Placed: … in this frame */
  int placed_stamp[4];        /* the layout those places were taken from: width, margins, fonts */
  GtkTextIter cursor;         /* while drawing: the last span start found, to walk on from */
  gint64 cursor_offset;       /* its offset, or -1 outside drawing */
  guint spans_serial;
  guint drawn_serial;

  gboolean snap_to_tokens;
  gboolean show_all;          /* every annotator's spans, or only the project annotator's */
  GStrv review_annotators;    /* review mode: whose spans are compared (NULL: everyone's) */
  GPtrArray *review_units;    /* review mode: GlsReviewUnit *, by start; NULL outside it */
  gint64 review_current;      /* start of the unit being decided, or -1 */
  gboolean reviewing;
  gint64 selected_span;       /* 0: none */
  gint64 found_id;            /* the span find_span_position() found last … */
  gint64 found_start;         /* … and where it started */
  GtkWidget *chooser;         /* the label popover */
  GtkListBox *chooser_list;
  char *relation_type;        /* non-NULL: the next click on a span picks a relation's target */

  Edge dragging;              /* a boundary being dragged */
  gint64 drag_offset;         /* where it is now */
};

G_DEFINE_FINAL_TYPE (GlsDocumentView, gls_document_view, GTK_SOURCE_TYPE_VIEW)

enum {
  PROP_0,
  PROP_PROJECT,
  PROP_DOCUMENT_ID,
  PROP_SELECTED_SPAN,
  PROP_PICKING_TARGET,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SPAN_DELETED,
  EDIT_FAILED,
  SPANS_LOADED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GtkWidget *
gls_document_view_new (void)
{
  return g_object_new (GLS_TYPE_DOCUMENT_VIEW, NULL);
}

static void
label_style_free (gpointer data)
{
  LabelStyle *style = data;

  g_clear_object (&style->badge);
  g_free (style);
}

/* Forgets the label styles; they are made again, for the current labels and theme, on the
 * next frame. */
static void
restyle (GlsDocumentView *self)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkSourceBuffer *buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self)));
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();

  /* The text follows the light or dark style (GtkSourceView does not on its own). */
  gtk_source_buffer_set_style_scheme (buffer, gtk_source_style_scheme_manager_get_scheme (
    schemes, adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita"));
  g_hash_table_remove_all (self->styles);
  g_hash_table_remove_all (self->name_layouts);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static LabelStyle *
get_style (GlsDocumentView *self,
           gint64           label_id)
{
  LabelStyle *style = g_hash_table_lookup (self->styles, &label_id);
  GlsLabel *label;
  PangoAttrList *attrs;
  double luminance;

  if (style != NULL)
    return style;

  label = self->project ? gls_project_lookup_label (self->project, label_id) : NULL;
  style = g_new0 (LabelStyle, 1);
  if (label == NULL || !gdk_rgba_parse (&style->color, gls_label_get_color (label)))
    gdk_rgba_parse (&style->color, "#77767b");
  /* WCAG relative luminance, roughly: dark ink on light colours, white ink on dark ones. */
  luminance = 0.2126 * style->color.red + 0.7152 * style->color.green + 0.0722 * style->color.blue;
  style->ink = luminance > 0.5 ? (GdkRGBA){ 0, 0, 0, 0.87 } : (GdkRGBA){ 1, 1, 1, 1 };

  style->badge = gtk_widget_create_pango_layout (GTK_WIDGET (self),
                                                 label ? gls_label_get_name (label) : "?");
  attrs = pango_attr_list_new ();
  pango_attr_list_insert (attrs, pango_attr_scale_new (0.62));
  pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
  pango_layout_set_attributes (style->badge, attrs);
  pango_attr_list_unref (attrs);
  pango_layout_get_pixel_size (style->badge, &style->badge_width, &style->badge_height);
  g_hash_table_insert (self->styles, g_memdup2 (&label_id, sizeof label_id), style);
  return style;
}

/* Whether the span at @position is shown: everyone's, or only the annotator's own. */
static gboolean
span_shown (GlsDocumentView *self,
            guint            position)
{
  const char *annotator = gls_span_list_get_annotator (GLS_SPAN_LIST (self->spans), position);

  /* Reviewing: the compared annotators' spans and Gold's. */
  if (self->reviewing)
    return self->review_annotators == NULL || gls_annotator_is_gold (annotator) ||
           g_strv_contains ((const char * const *)self->review_annotators, annotator);
  return self->show_all || self->project == NULL ||
         g_strcmp0 (annotator, gls_project_get_annotator (self->project)) == 0;
}

/* Whether the span at @position has the same label and text as the one before it (another
 * annotator's copy of it): it is drawn once. */
static gboolean
same_as_previous (GlsSpanList *list,
                  guint        position)
{
  const GlsFragment *a, *b;
  guint na, nb;

  if (position == 0 ||
      gls_span_list_get_label_id (list, position) != gls_span_list_get_label_id (list, position - 1))
    return FALSE;
  a = gls_span_list_get_fragments (list, position, &na);
  b = gls_span_list_get_fragments (list, position - 1, &nb);
  return na == nb && memcmp (a, b, na * sizeof *a) == 0;
}

/* Gives every shown span an underline level: the lowest one free where it starts. Spans come
 * ordered by start, so outer spans take the lower levels and nested ones stack under them.
 *
 * An edit changes a few positions (see levels_items_changed_cb): the levels are worked out
 * again from the first of them, carrying on only as far as a changed level can reach. */
#define LEVEL_NEW 0xff        /* a position just inserted, with no level yet */

static guint first_starting_at (GlsDocumentView *self,
                                gint64           offset);

static void
update_levels (GlsDocumentView *self)
{
  GlsSpanList *list = GLS_SPAN_LIST (self->spans);
  guint n = g_list_model_get_n_items (self->spans);
  gint64 level_end[MAX_LEVELS + 1] = { 0 };
  guint from = self->levels_stale_from;
  guint8 *levels;
  gint64 reach;                /* spans that start before this may have another level */
  guint n_fragments;

  self->levels_stale_from = G_MAXUINT;
  if (from >= n)
    return;
  levels = (guint8 *)self->levels->data;

  /* A span removed just before @from reached no further than this. */
  reach = gls_span_list_get_fragments (list, from, &n_fragments)[0].start + self->max_extent;
  /* Where the spans before @from that can still be open at it left the levels. */
  for (guint i = first_starting_at (self, reach - 2 * self->max_extent); i < from; i++)
    {
      const GlsFragment *f = gls_span_list_get_fragments (list, i, &n_fragments);

      if (span_shown (self, i) && levels[i] <= MAX_LEVELS)
        level_end[levels[i]] = MAX (level_end[levels[i]], f[n_fragments - 1].end);
    }

  for (guint i = from; i < n; i++)
    {
      const GlsFragment *f = gls_span_list_get_fragments (list, i, &n_fragments);
      gint64 start = f[0].start, end = f[n_fragments - 1].end;
      guint8 old = levels[i];
      guint level = 0;

      /* Past everything a change could reach, the old levels stand. */
      if (start >= reach && old != LEVEL_NEW)
        break;
      self->max_extent = MAX (self->max_extent, end - start);
      if (!span_shown (self, i))
        level = 0;
      else if (i > 0 && span_shown (self, i - 1) && same_as_previous (list, i))
        level = levels[i - 1];
      else
        {
          while (level < MAX_LEVELS && level_end[level] > start)
            level++;
          level_end[level] = MAX (level_end[level], end);
        }
      levels[i] = (guint8)level;
      if (old != level)
        reach = MAX (reach, end);
    }
}

/* Keeps a level for each position of the list as it changes. */
static void
levels_items_changed_cb (GListModel      *spans,
                         guint            position,
                         guint            removed,
                         guint            added,
                         GlsDocumentView *self)
{
  static const guint8 fresh[64] = { [0 ... 63] = LEVEL_NEW };

  if (self->levels == NULL)
    return;
  g_array_remove_range (self->levels, position, removed);
  for (guint done = 0; done < added; done += G_N_ELEMENTS (fresh))
    g_array_insert_vals (self->levels, position + done, fresh,
                         MIN (added - done, G_N_ELEMENTS (fresh)));
  self->levels_stale_from = MIN (self->levels_stale_from, position);
}

/* Levels for a whole new list of spans. */
static void
assign_levels (GlsDocumentView *self)
{
  guint n = g_list_model_get_n_items (self->spans);

  g_clear_pointer (&self->levels, g_array_unref);
  self->levels = g_array_sized_new (FALSE, FALSE, sizeof (guint8), n);
  g_array_set_size (self->levels, n);
  if (n > 0)
    memset (self->levels->data, LEVEL_NEW, n);
  self->max_extent = 0;
  self->levels_stale_from = 0;
  update_levels (self);
}

/* The spans the view draws (NULL for none), with their levels. */
static void
set_spans (GlsDocumentView *self,
           GListModel      *spans)
{
  if (self->spans == spans)
    return;
  if (self->spans != NULL)
    g_signal_handlers_disconnect_by_func (self->spans, levels_items_changed_cb, self);
  g_set_object (&self->spans, spans);
  g_clear_pointer (&self->levels, g_array_unref);
  if (spans != NULL)
    {
      g_signal_connect (spans, "items-changed", G_CALLBACK (levels_items_changed_cb), self);
      assign_levels (self);
    }
}

typedef struct
{
  graphene_rect_t rect;       /* buffer coordinates */
  gboolean starts;            /* the fragment begins here (not a wrapped continuation) */
  gboolean ends;
} Piece;

#define NEARBY 1000           /* characters: within this, walk from a known place */

/* Where a text within one paragraph lies, relative to the paragraph's top: the same for as
 * long as the paragraph is laid out the same, wherever it is scrolled to and however the
 * heights of the paragraphs above it are estimated. Asking Pango where a character is walks
 * its paragraph's glyphs; keeping the places of the texts drawn in the last frame spares a
 * frame that scrolls or adds a span most of those walks. */
typedef struct
{
  gint64 start;
  gint64 end;
  guint n_pieces;
  Piece pieces[];             /* y relative to the paragraph's top */
} Placed;

static guint
placed_hash (gconstpointer key)
{
  const Placed *p = key;

  return (guint)(p->start * 1000003 + p->end);
}

static gboolean
placed_equal (gconstpointer a,
              gconstpointer b)
{
  const Placed *p = a, *q = b;

  return p->start == q->start && p->end == q->end;
}

/* Places stay good while the text, the width it is wrapped to and its fonts stay the same. */
static void
check_places (GlsDocumentView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GdkRectangle visible;
  int stamp[G_N_ELEMENTS (self->placed_stamp)];

  gtk_text_view_get_visible_rect (view, &visible);
  stamp[0] = visible.width;
  stamp[1] = gtk_text_view_get_left_margin (view);
  stamp[2] = gtk_text_view_get_right_margin (view);
  stamp[3] = (int)pango_context_get_serial (gtk_widget_get_pango_context (GTK_WIDGET (self)));
  if (memcmp (stamp, self->placed_stamp, sizeof stamp) != 0)
    {
      g_hash_table_remove_all (self->placed);
      g_hash_table_remove_all (self->placing);
      memcpy (self->placed_stamp, stamp, sizeof stamp);
    }
}

static void
forget_places (GlsDocumentView *self)
{
  g_hash_table_remove_all (self->placed);
  g_hash_table_remove_all (self->placing);
}

/* The frame is drawn: its places are the ones to keep. */
static void
keep_places (GlsDocumentView *self)
{
  GHashTable *t = self->placed;

  self->placed = self->placing;
  self->placing = t;
  g_hash_table_remove_all (self->placing);
}

static void
pieces_from_layout (GlsDocumentView *self,
                    GtkTextIter     *iter,
                    GtkTextIter     *stop,
                    gint64           start,
                    gint64           end,
                    GArray          *pieces)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);

  if (end > start)
    {
      /* Most spans sit on one display line: their first and last characters tell. */
      GtkTextIter last = *stop;
      GdkRectangle a, b;

      gtk_text_iter_backward_char (&last);
      gtk_text_view_get_iter_location (view, iter, &a);
      gtk_text_view_get_iter_location (view, &last, &b);
      if (a.y == b.y && b.x >= a.x)
        {
          Piece piece = { GRAPHENE_RECT_INIT (a.x, a.y, MAX (b.x + b.width - a.x, 2), a.height),
                          TRUE, TRUE };

          g_array_append_val (pieces, piece);
          return;
        }
    }
  /* One piece per display line, each from where the span enters the line to where it leaves
   * it (the next display line's start, the paragraph's end, or the span's end). */
  while (gtk_text_iter_compare (iter, stop) < 0)
    {
      GtkTextIter next = *iter, line_end, last;
      gboolean more = gtk_text_view_forward_display_line (view, &next);

      line_end = more && gtk_text_iter_compare (&next, stop) < 0 ? next : *stop;
      last = line_end;
      gtk_text_iter_backward_char (&last);
      if (gtk_text_iter_ends_line (&last) && gtk_text_iter_compare (&last, iter) > 0)
        gtk_text_iter_backward_char (&last);   /* not the newline */
      if (!gtk_text_iter_ends_line (&last) || gtk_text_iter_compare (&last, iter) > 0)
        {
          GdkRectangle a, b;
          Piece piece;

          gtk_text_view_get_iter_location (view, iter, &a);
          gtk_text_view_get_iter_location (view, &last, &b);
          piece.rect = GRAPHENE_RECT_INIT (a.x, a.y, MAX (b.x + b.width - a.x, 2), a.height);
          piece.starts = gtk_text_iter_get_offset (iter) == start;
          piece.ends = gtk_text_iter_equal (&line_end, stop);
          g_array_append_val (pieces, piece);
        }
      if (!more || gtk_text_iter_compare (&next, stop) >= 0 ||
          gtk_text_iter_compare (&next, iter) <= 0)
        break;
      *iter = next;
    }
  if (pieces->len > 0)
    g_array_index (pieces, Piece, 0).starts = TRUE;
}

/* The display-line pieces of the text [start, end), in buffer coordinates. */
static void
text_pieces (GlsDocumentView *self,
             gint64           start,
             gint64           end,
             GArray          *pieces)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter iter, stop;
  Placed key = { start, end, 0 }, *placed;
  int top;

  g_array_set_size (pieces, 0);
  /* Drawing visits spans by start: walking a few characters on from the last one is cheaper
   * than finding each offset from its paragraph's start. */
  if (self->cursor_offset >= 0 && start >= self->cursor_offset &&
      start - self->cursor_offset < NEARBY)
    {
      iter = self->cursor;
      gtk_text_iter_forward_chars (&iter, (int)(start - self->cursor_offset));
    }
  else
    gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)start);
  if (self->cursor_offset >= 0)
    {
      self->cursor = iter;
      self->cursor_offset = start;
    }
  gtk_text_view_get_line_yrange (view, &iter, &top, NULL);

  if ((placed = g_hash_table_lookup (self->placing, &key)) != NULL ||
      (placed = g_hash_table_lookup (self->placed, &key)) != NULL)
    {
      if (!g_hash_table_contains (self->placing, placed))
        {
          g_hash_table_steal (self->placed, placed);
          g_hash_table_add (self->placing, placed);
        }
      g_array_append_vals (pieces, placed->pieces, placed->n_pieces);
      for (guint p = 0; p < pieces->len; p++)
        g_array_index (pieces, Piece, p).rect.origin.y += top;
      return;
    }

  stop = iter;
  if (end - start < NEARBY)
    gtk_text_iter_forward_chars (&stop, (int)(end - start));
  else
    gtk_text_buffer_get_iter_at_offset (buffer, &stop, (int)end);
  /* Only a text within one paragraph has a place relative to it. */
  if (gtk_text_iter_get_line (&stop) == gtk_text_iter_get_line (&iter) ||
      (gtk_text_iter_starts_line (&stop) &&
       gtk_text_iter_get_line (&stop) == gtk_text_iter_get_line (&iter) + 1))
    {
      pieces_from_layout (self, &iter, &stop, start, end, pieces);
      placed = g_malloc (sizeof (Placed) + pieces->len * sizeof (Piece));
      placed->start = start;
      placed->end = end;
      placed->n_pieces = pieces->len;
      memcpy (placed->pieces, pieces->data, pieces->len * sizeof (Piece));
      for (guint p = 0; p < placed->n_pieces; p++)
        placed->pieces[p].rect.origin.y -= top;
      g_hash_table_add (self->placing, placed);
    }
  else
    pieces_from_layout (self, &iter, &stop, start, end, pieces);
}

static void
append_rounded (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                float                  left_radius,
                float                  right_radius,
                const GdkRGBA         *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init (&rounded, rect,
                         &GRAPHENE_SIZE_INIT (left_radius, left_radius),
                         &GRAPHENE_SIZE_INIT (right_radius, right_radius),
                         &GRAPHENE_SIZE_INIT (right_radius, right_radius),
                         &GRAPHENE_SIZE_INIT (left_radius, left_radius));
  gtk_snapshot_push_rounded_clip (snapshot, &rounded);
  gtk_snapshot_append_color (snapshot, color, rect);
  gtk_snapshot_pop (snapshot);
}

static void
append_outline (GtkSnapshot           *snapshot,
                const graphene_rect_t *rect,
                float                  radius,
                float                  width,
                const GdkRGBA         *color)
{
  GskRoundedRect rounded;

  gsk_rounded_rect_init_from_rect (&rounded, rect, radius);
  gtk_snapshot_append_border (snapshot, &rounded, (float[4]){ width, width, width, width },
                              (GdkRGBA[4]){ *color, *color, *color, *color });
}

typedef struct
{
  gboolean dark;
  gboolean high_contrast;
  GdkRGBA accent;
  float badge_right;          /* where the last badge on badge_y ends */
  float left_edge;            /* the text window's edges, in buffer coordinates */
  float right_edge;
  float badge_y;
} Paint;

static void
paint_link (GtkSnapshot           *snapshot,
            const graphene_rect_t *from,
            const graphene_rect_t *to,
            const GdkRGBA         *color)
{
  float x0 = from->origin.x + from->size.width, y0 = from->origin.y;
  float x1 = to->origin.x, y1 = to->origin.y;
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (MIN (x0, x1) - 4, MIN (y0, y1) - 12,
                                               ABS (x1 - x0) + 8, ABS (y1 - y0) + 16);
  cairo_t *cr = gtk_snapshot_append_cairo (snapshot, &bounds);

  gdk_cairo_set_source_rgba (cr, color);
  cairo_set_line_width (cr, 1.5);
  cairo_set_dash (cr, (double[]){ 3, 2 }, 2, 0);
  cairo_move_to (cr, x0 - 1, y0);
  cairo_curve_to (cr, x0 + 6, MIN (y0, y1) - 9, x1 - 6, MIN (y0, y1) - 9, x1 + 1, y1);
  cairo_stroke (cr);
  cairo_destroy (cr);
}

/* The layout of an annotator's name as drawn after badges. */
static PangoLayout *
name_layout (GlsDocumentView *self,
             const char      *annotator)
{
  PangoLayout *layout = g_hash_table_lookup (self->name_layouts, annotator);

  if (layout == NULL)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), annotator);
      pango_attr_list_insert (attrs, pango_attr_scale_new (0.62));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
      /* Names are interned by the span list: the pointer is the key. */
      g_hash_table_insert (self->name_layouts, (gpointer)annotator, layout);
    }
  return layout;
}

static gboolean
is_own (GlsDocumentView *self,
        const char      *annotator)
{
  return self->project == NULL ||
         g_strcmp0 (annotator, gls_project_get_annotator (self->project)) == 0;
}

/* The width of the names that follow the badge of the span at @position: its annotator's
 * (unless that is the project's) and those of the copies of it drawn with it. */
static float
names_width (GlsDocumentView *self,
             guint            position)
{
  GlsSpanList *list = GLS_SPAN_LIST (self->spans);
  guint n = g_list_model_get_n_items (self->spans);
  float width = 0;

  for (guint i = position; i < n; i++)
    {
      const char *annotator = gls_span_list_get_annotator (list, i);
      int w;

      if (i > position && !(same_as_previous (list, i) && span_shown (self, i)))
        break;
      if (is_own (self, annotator))
        continue;
      pango_layout_get_pixel_size (name_layout (self, annotator), &w, NULL);
      width += 3 + w;
    }
  return width;
}

/* Another annotator's name, after the badge on the badge line, so that everyone's spans can be
 * told apart when all are shown. */
static void
paint_annotator (GlsDocumentView *self,
                 GtkSnapshot     *snapshot,
                 Paint           *paint,
                 const char      *annotator,
                 const GdkRGBA   *color)
{
  PangoLayout *layout = name_layout (self, annotator);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (paint->badge_right + 3, paint->badge_y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
  paint->badge_right += 3 + width;
}

/* Draws the span at @position: boxes, underlines, its badge, the links between fragments. */
static void
paint_span (GlsDocumentView *self,
            GtkSnapshot     *snapshot,
            Paint           *paint,
            guint            position,
            GArray          *pieces)
{
  GlsSpanList *list = GLS_SPAN_LIST (self->spans);
  gint64 id = gls_span_list_get_id (list, position);
  LabelStyle *style = get_style (self, gls_span_list_get_label_id (list, position));
  guint n_fragments;
  const GlsFragment *f = gls_span_list_get_fragments (list, position, &n_fragments);
  guint level = g_array_index (self->levels, guint8, position);
  GdkRGBA fill = style->color;
  graphene_rect_t previous = GRAPHENE_RECT_INIT (0, 0, 0, 0);
  gboolean own = is_own (self, gls_span_list_get_annotator (list, position));

  fill.alpha = paint->high_contrast ? 0.38f : paint->dark ? 0.30f : 0.20f;
  for (guint k = 0; k < n_fragments; k++)
    {
      text_pieces (self, f[k].start, f[k].end, pieces);
      for (guint p = 0; p < pieces->len; p++)
        {
          Piece *piece = &g_array_index (pieces, Piece, p);
          graphene_rect_t box = piece->rect, line;
          float thickness = paint->high_contrast ? 3 : 2;

          /* One pixel off each end, so that two spans side by side show a gap. */
          if (piece->starts)
            {
              box.origin.x += 1;
              box.size.width -= 1;
            }
          if (piece->ends)
            box.size.width -= 1;
          append_rounded (snapshot, &box, piece->starts ? 3 : 0, piece->ends ? 3 : 0, &fill);
          if (paint->high_contrast)
            append_outline (snapshot, &box, 3, 1, &style->color);

          /* Stacked underlines; another annotator's spans get a broken one. */
          line = GRAPHENE_RECT_INIT (box.origin.x, box.origin.y + box.size.height + 1 +
                                     level * UNDERLINE_STEP, box.size.width, thickness);
          if (own)
            gtk_snapshot_append_color (snapshot, &style->color, &line);
          else
            for (float x = line.origin.x; x < line.origin.x + line.size.width; x += 6)
              gtk_snapshot_append_color (snapshot, &style->color,
                                         &GRAPHENE_RECT_INIT (x, line.origin.y,
                                                              MIN (4, line.origin.x + line.size.width - x),
                                                              thickness));

          if (k == 0 && p == 0)
            {
              GdkRectangle *area = g_new (GdkRectangle, 1);
              int wx, wy;

              gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                                     (int)piece->rect.origin.x,
                                                     (int)piece->rect.origin.y, &wx, &wy);
              *area = (GdkRectangle){ wx, wy, (int)piece->rect.size.width,
                                      (int)piece->rect.size.height };
              g_hash_table_insert (self->drawn, g_memdup2 (&id, sizeof id), area);
            }
          if (p == 0 && k > 0)
            paint_link (snapshot, &previous, &piece->rect, &style->color);
          previous = piece->rect;
        }
      if (k == 0 && pieces->len > 0)
        {
          /* The badge sits in the space above the first piece; badges on one line queue up. */
          const graphene_rect_t *first = &g_array_index (pieces, Piece, 0).rect;
          float y = first->origin.y - style->badge_height - 1;
          float x = first->origin.x;
          float width = style->badge_width + 6;
          float names = names_width (self, position);
          graphene_rect_t badge;

          if (paint->badge_y == y && x < paint->badge_right + BADGE_GAP)
            x = paint->badge_right + BADGE_GAP;
          /* A badge (with its names) that would run past the view's edge moves left. */
          if (x + width + names > paint->right_edge)
            x = MAX (paint->right_edge - names - width, paint->left_edge);
          badge = GRAPHENE_RECT_INIT (x, y, width, style->badge_height);
          paint->badge_y = y;
          paint->badge_right = x + badge.size.width;
          if (own)
            append_rounded (snapshot, &badge, 3, 3, &style->color);
          else
            append_outline (snapshot, &badge, 3, 1, &style->color);
          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x + 3, y));
          gtk_snapshot_append_layout (snapshot, style->badge, own ? &style->ink : &style->color);
          gtk_snapshot_restore (snapshot);
          if (!own)
            paint_annotator (self, snapshot, paint, gls_span_list_get_annotator (list, position),
                             &style->color);
        }
    }
}

/* The offsets of the text on screen. */
#define LONG_PARAGRAPH 4000    /* characters: more than a screenful */

static void
visible_range (GlsDocumentView *self,
               gint64          *start,
               gint64          *end)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GdkRectangle visible;
  GtkTextIter iter;

  /* Whole paragraphs, found by height alone without asking Pango for positions; within a
   * paragraph longer than a few screens, the characters at the corners. */
  gtk_text_view_get_visible_rect (view, &visible);
  gtk_text_view_get_line_at_y (view, &iter, visible.y, NULL);
  if (gtk_text_iter_get_chars_in_line (&iter) > LONG_PARAGRAPH)
    {
      gtk_text_view_get_iter_at_location (view, &iter, visible.x, visible.y);
      gtk_text_view_backward_display_line_start (view, &iter);
    }
  *start = gtk_text_iter_get_offset (&iter);
  gtk_text_view_get_line_at_y (view, &iter, visible.y + visible.height, NULL);
  if (gtk_text_iter_get_chars_in_line (&iter) > LONG_PARAGRAPH)
    {
      gtk_text_view_get_iter_at_location (view, &iter, visible.x + visible.width,
                                          visible.y + visible.height);
      gtk_text_view_forward_display_line_end (view, &iter);
      gtk_text_iter_forward_char (&iter);
    }
  else
    gtk_text_iter_forward_line (&iter);
  *end = gtk_text_iter_get_offset (&iter);
}

/* The first span position whose start is at or after @offset. */
static guint
first_starting_at (GlsDocumentView *self,
                   gint64           offset)
{
  GlsSpanList *list = GLS_SPAN_LIST (self->spans);
  guint lo = 0, hi = g_list_model_get_n_items (self->spans);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint n;

      if (gls_span_list_get_fragments (list, mid, &n)[0].start < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static gboolean find_span_position (GlsDocumentView *self,
                                    gint64           span_id,
                                    guint           *position);

/* Review mode: the first unit that ends after @offset (units do not overlap one another). */
static guint
first_unit_after (GlsDocumentView *self,
                  gint64           offset)
{
  guint lo = 0, hi = self->review_units->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      const GlsReviewUnit *unit = g_ptr_array_index (self->review_units, mid);

      if (unit->end <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* Disagreements not yet settled stand out behind the spans, by kind: a label question in red,
 * an extent question in orange, a span only some annotators made in yellow. Agreements and
 * settled units are drawn plainly. */
static void
paint_units (GlsDocumentView *self,
             GtkSnapshot     *snapshot,
             Paint           *paint,
             GArray          *pieces,
             gint64           start,
             gint64           end)
{
  static const char *colors[] = {
    [GLS_UNIT_ONLY_SOME] = "#f5c211",
    [GLS_UNIT_LABEL] = "#e01b24",
    [GLS_UNIT_EXTENT] = "#ff7800",
  };

  for (guint i = first_unit_after (self, start); i < self->review_units->len; i++)
    {
      const GlsReviewUnit *unit = g_ptr_array_index (self->review_units, i);
      GdkRGBA color;

      if (unit->start >= end)
        break;
      if (unit->kind == GLS_UNIT_AGREEMENT || unit->settled)
        continue;
      gdk_rgba_parse (&color, colors[unit->kind]);
      color.alpha = paint->high_contrast ? 0.45f : paint->dark ? 0.32f : 0.22f;
      text_pieces (self, unit->start, unit->end, pieces);
      for (guint p = 0; p < pieces->len; p++)
        {
          graphene_rect_t band = g_array_index (pieces, Piece, p).rect;

          graphene_rect_inset (&band, -3, -3);
          append_rounded (snapshot, &band, 4, 4, &color);
        }
    }
}

/* The unit being decided, outlined. */
static void
paint_current_unit (GlsDocumentView *self,
                    GtkSnapshot     *snapshot,
                    Paint           *paint,
                    GArray          *pieces)
{
  guint i;
  const GlsReviewUnit *unit;
  gint64 start, end;

  if (self->review_units == NULL || self->review_current < 0)
    return;
  i = first_unit_after (self, self->review_current);
  if (i >= self->review_units->len)
    return;
  unit = g_ptr_array_index (self->review_units, i);
  if (unit->start != self->review_current)
    return;
  /* Off screen, asking where it is would lay out text in the middle of drawing. */
  visible_range (self, &start, &end);
  if (unit->end <= start || unit->start >= end)
    return;
  text_pieces (self, unit->start, unit->end, pieces);
  for (guint p = 0; p < pieces->len; p++)
    {
      graphene_rect_t box = g_array_index (pieces, Piece, p).rect;

      graphene_rect_inset (&box, -4, -4);
      append_outline (snapshot, &box, 5, 2, &paint->accent);
    }
}

/* The selected span's outline and its two boundary handles (with a drag's new boundary). */
static void
paint_selection (GlsDocumentView *self,
                 GtkSnapshot     *snapshot,
                 Paint           *paint,
                 GArray          *pieces)
{
  g_autofree GlsFragment *fragments = NULL;
  const GlsFragment *f;
  guint position, n;
  gint64 start, end;

  if (self->selected_span == 0 || !find_span_position (self, self->selected_span, &position))
    return;
  f = gls_span_list_get_fragments (GLS_SPAN_LIST (self->spans), position, &n);
  visible_range (self, &start, &end);
  if (f[n - 1].end <= start || f[0].start >= end)
    return;
  fragments = g_memdup2 (f, n * sizeof *f);
  if (self->dragging == EDGE_START)
    fragments[0].start = self->drag_offset;
  else if (self->dragging == EDGE_END)
    fragments[n - 1].end = self->drag_offset;

  for (guint k = 0; k < n; k++)
    {
      if (fragments[k].start >= fragments[k].end)
        continue;
      text_pieces (self, fragments[k].start, fragments[k].end, pieces);
      for (guint p = 0; p < pieces->len; p++)
        {
          Piece *piece = &g_array_index (pieces, Piece, p);
          graphene_rect_t box = piece->rect;

          graphene_rect_inset (&box, -1, -1);
          append_outline (snapshot, &box, 3, 2, &paint->accent);
          if ((k == 0 && p == 0) || (k == n - 1 && p == pieces->len - 1))
            {
              gboolean at_start = k == 0 && p == 0;
              float x = at_start ? box.origin.x - 1 : box.origin.x + box.size.width - 1;
              float knob_y = at_start ? box.origin.y - 5 : box.origin.y + box.size.height - 1;

              gtk_snapshot_append_color (snapshot, &paint->accent,
                                         &GRAPHENE_RECT_INIT (x, box.origin.y - 1, 2,
                                                              box.size.height + 2));
              append_rounded (snapshot, &GRAPHENE_RECT_INIT (x - 2.5f, knob_y, 7, 7), 3.5f, 3.5f,
                              &paint->accent);
              if (k == 0 && p == 0 && pieces->len == 1 && n == 1)
                {
                  /* A one-piece span also gets its end handle from the same piece. */
                  float xe = box.origin.x + box.size.width - 1;

                  gtk_snapshot_append_color (snapshot, &paint->accent,
                                             &GRAPHENE_RECT_INIT (xe, box.origin.y - 1, 2,
                                                                  box.size.height + 2));
                  append_rounded (snapshot,
                                  &GRAPHENE_RECT_INIT (xe - 2.5f, box.origin.y + box.size.height - 1,
                                                       7, 7), 3.5f, 3.5f, &paint->accent);
                }
            }
        }
    }
}

static void
gls_document_view_snapshot_layer (GtkTextView      *view,
                                  GtkTextViewLayer  layer,
                                  GtkSnapshot      *snapshot)
{
  GlsDocumentView *self = GLS_DOCUMENT_VIEW (view);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autoptr(GArray) pieces = NULL;
  gint64 start, end;
  guint n;
  Paint paint = { 0 };
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  GtkStyleContext *context = gtk_widget_get_style_context (GTK_WIDGET (view));
  G_GNUC_END_IGNORE_DEPRECATIONS

  GTK_TEXT_VIEW_CLASS (gls_document_view_parent_class)->snapshot_layer (view, layer, snapshot);
  if (self->spans == NULL || self->levels == NULL)
    return;

  paint.dark = adw_style_manager_get_dark (manager);
  paint.high_contrast = adw_style_manager_get_high_contrast (manager);
  paint.badge_y = -1;
  {
    GdkRectangle visible;

    gtk_text_view_get_visible_rect (view, &visible);
    paint.left_edge = visible.x + 2;
    paint.right_edge = visible.x + visible.width - 2;
  }
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  if (!gtk_style_context_lookup_color (context, "accent_color", &paint.accent))
    gdk_rgba_parse (&paint.accent, "#1c71d8");
  G_GNUC_END_IGNORE_DEPRECATIONS
  pieces = g_array_new (FALSE, FALSE, sizeof (Piece));

  if (layer == GTK_TEXT_VIEW_LAYER_ABOVE_TEXT)
    {
      paint_selection (self, snapshot, &paint, pieces);
      paint_current_unit (self, snapshot, &paint, pieces);
      keep_places (self);
      return;
    }

  g_hash_table_remove_all (self->drawn);
  check_places (self);
  n = g_list_model_get_n_items (self->spans);
  visible_range (self, &start, &end);
  if (self->review_units != NULL)
    paint_units (self, snapshot, &paint, pieces, start, end);
  /* The spans come by start from here: text_pieces() walks on from one to the next. */
  self->cursor_offset = MAX (start - self->max_extent, 0);
  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (view), &self->cursor,
                                      (int)self->cursor_offset);
  for (guint i = first_starting_at (self, start - self->max_extent); i < n; i++)
    {
      guint n_fragments;
      const GlsFragment *f = gls_span_list_get_fragments (GLS_SPAN_LIST (self->spans), i,
                                                          &n_fragments);

      if (f[0].start >= end)
        break;
      if (f[n_fragments - 1].end <= start || !span_shown (self, i))
        continue;
      if (same_as_previous (GLS_SPAN_LIST (self->spans), i) && span_shown (self, i - 1))
        {
          /* Drawn with its twin; it is on screen all the same. */
          gint64 id = gls_span_list_get_id (GLS_SPAN_LIST (self->spans), i);
          gint64 twin = gls_span_list_get_id (GLS_SPAN_LIST (self->spans), i - 1);
          GdkRectangle *area = g_hash_table_lookup (self->drawn, &twin);

          if (area != NULL)
            {
              GlsSpanList *list = GLS_SPAN_LIST (self->spans);
              const char *annotator = gls_span_list_get_annotator (list, i);

              g_hash_table_insert (self->drawn, g_memdup2 (&id, sizeof id), g_memdup2 (area, sizeof *area));
              /* Its annotator's name joins its twin's on the badge line. */
              if (!is_own (self, annotator))
                paint_annotator (self, snapshot, &paint, annotator,
                                 &get_style (self, gls_span_list_get_label_id (list, i))->color);
            }
          continue;
        }
      paint_span (self, snapshot, &paint, i, pieces);
    }
  self->cursor_offset = -1;
  self->drawn_serial = self->spans_serial;
}

static gboolean
find_span_position (GlsDocumentView *self,
                    gint64           span_id,
                    guint           *position)
{
  GlsSpanList *list = self->spans ? GLS_SPAN_LIST (self->spans) : NULL;
  guint n = list ? g_list_model_get_n_items (self->spans) : 0;
  guint n_fragments;

  /* The span found last (usually the selected one) is looked for by its start first: the
   * spans are in start order, and walking tens of thousands of them takes a while. */
  if (span_id == self->found_id)
    for (guint i = first_starting_at (self, self->found_start); i < n; i++)
      {
        if (gls_span_list_get_fragments (list, i, &n_fragments)[0].start != self->found_start)
          break;
        if (gls_span_list_get_id (list, i) == span_id)
          {
            *position = i;
            return TRUE;
          }
      }
  for (guint i = 0; i < n; i++)
    if (gls_span_list_get_id (list, i) == span_id)
      {
        *position = i;
        self->found_id = span_id;
        self->found_start = gls_span_list_get_fragments (list, i, &n_fragments)[0].start;
        return TRUE;
      }
  return FALSE;
}

static gboolean
reload_spans (GlsDocumentView  *self,
              GError          **error)
{
  g_autoptr(GListModel) spans = NULL;

  if (!(spans = gls_project_list_spans (self->project, self->document_id, error)))
    return FALSE;
  set_spans (self, spans);
  self->spans_serial++;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[SPANS_LOADED], 0);
  return TRUE;
}

/* Past this many changed spans, loading the document's spans again is as quick. */
#define MAX_INCREMENTAL 500

static void
spans_changed_cb (GlsDocumentView *self,
                  gint64           document_id,
                  GlsProject      *project)
{
  g_autoptr(GError) error = NULL;
  const gint64 *ids;
  guint position, n_ids;

  if (document_id != self->document_id || self->spans == NULL)
    return;

  ids = gls_project_get_changed_spans (project, &n_ids);
  if (ids != NULL && n_ids <= MAX_INCREMENTAL)
    {
      /* Just the rows the edit touched: the list tells its watchers what moved. */
      if (n_ids == 0)
        return;
      if (!gls_span_list_update (GLS_SPAN_LIST (self->spans), ids, n_ids, &error))
        g_warning ("Could not update spans: %s", error->message);
      update_levels (self);
      self->spans_serial++;
      gtk_widget_queue_draw (GTK_WIDGET (self));
      g_signal_emit (self, signals[SPANS_LOADED], 0);
    }
  else if (!reload_spans (self, &error))
    g_warning ("Could not reload spans: %s", error->message);

  if (self->selected_span != 0 && !find_span_position (self, self->selected_span, &position))
    gls_document_view_select_span (self, 0);
}

/* The project says whether selections snap to tokens or keep exact characters. */
static void
snap_changed_cb (GlsDocumentView *self)
{
  self->snap_to_tokens = gls_project_get_snap_to_tokens (self->project);
}

void
gls_document_view_set_project (GlsDocumentView *self,
                               GlsProject      *project)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));

  if (self->project == project)
    return;

  if (self->project != NULL)
    {
      g_signal_handlers_disconnect_by_data (gls_project_get_labels (self->project), self);
      g_signal_handlers_disconnect_by_data (self->project, self);
    }
  set_spans (self, NULL);
  gtk_text_buffer_set_text (buffer, "", 0);
  self->document_id = 0;
  self->selected_span = 0;

  g_set_object (&self->project, project);
  restyle (self);
  if (project != NULL)
    {
      g_signal_connect_object (gls_project_get_labels (project), "items-changed",
                               G_CALLBACK (restyle), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "spans-changed", G_CALLBACK (spans_changed_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (project, "notify::snap-to-tokens", G_CALLBACK (snap_changed_cb),
                               self, G_CONNECT_SWAPPED);
      snap_changed_cb (self);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROJECT]);
}

GlsProject *
gls_document_view_get_project (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), NULL);
  return self->project;
}

gboolean
gls_document_view_set_document (GlsDocumentView  *self,
                                gint64            document_id,
                                GError          **error)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autofree char *text = NULL;
  GtkTextIter start;

  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);
  g_return_val_if_fail (GLS_IS_PROJECT (self->project), FALSE);

  if (!(text = gls_project_load_text (self->project, document_id, error)))
    return FALSE;

  self->document_id = document_id;
  self->selected_span = 0;
  self->dragging = EDGE_NONE;
  set_spans (self, NULL);
  gtk_text_buffer_set_text (buffer, text, -1);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self), &start, 0, FALSE, 0, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DOCUMENT_ID]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SPAN]);
  return reload_spans (self, error);
}

gint64
gls_document_view_get_document (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), 0);
  return self->document_id;
}

/**
 * gls_document_view_get_spans:
 *
 * Returns: (transfer none) (nullable): the spans shown, ordered by start
 */
GListModel *
gls_document_view_get_spans (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), NULL);
  return self->spans;
}

/**
 * gls_document_view_get_span_area:
 * @area: (out) (optional): where the span's first piece was drawn, in widget coordinates
 *
 * Returns: whether the last frame drew the span @span_id (it was on screen and shown)
 */
gboolean
gls_document_view_get_span_area (GlsDocumentView *self,
                                 gint64           span_id,
                                 GdkRectangle    *area)
{
  GdkRectangle *found;

  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);

  if (self->drawn_serial != self->spans_serial ||
      !(found = g_hash_table_lookup (self->drawn, &span_id)))
    return FALSE;
  if (area != NULL)
    *area = *found;
  return TRUE;
}

/* TRUE once a frame has drawn the spans as they are now. */
/**
 * gls_document_view_get_span_level:
 *
 * Which underline a span has (0 the topmost, nested spans lower), for tests; G_MAXUINT for
 * a span the view does not have.
 */
guint
gls_document_view_get_span_level (GlsDocumentView *self,
                                  gint64           span_id)
{
  guint position;

  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), G_MAXUINT);

  if (self->levels == NULL || !find_span_position (self, span_id, &position))
    return G_MAXUINT;
  return g_array_index (self->levels, guint8, position);
}

gboolean
gls_document_view_spans_drawn (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);
  return self->spans != NULL && self->drawn_serial == self->spans_serial;
}

/* ------------------------------------------------------------------------------------------ */
/* Making and changing spans                                                                    */

static gboolean
is_space_or_punct (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_ispunct (c);
}

/* Widens a selection to whole words and trims spaces and punctuation at its ends, with
 * Pango's word boundaries (what double-click uses). */
static void
snap_to_tokens (GtkTextIter *start,
                GtkTextIter *end)
{
  if (gtk_text_iter_inside_word (start) && !gtk_text_iter_starts_word (start))
    gtk_text_iter_backward_word_start (start);
  if (gtk_text_iter_inside_word (end) && !gtk_text_iter_starts_word (end) &&
      !gtk_text_iter_ends_word (end))
    gtk_text_iter_forward_word_end (end);
  else if (gtk_text_iter_inside_word (end) && gtk_text_iter_starts_word (end))
    {
      /* The end sits at a word start: nothing of that word is selected. */
    }
  while (gtk_text_iter_compare (start, end) < 0 && is_space_or_punct (gtk_text_iter_get_char (start)))
    gtk_text_iter_forward_char (start);
  while (gtk_text_iter_compare (start, end) < 0)
    {
      GtkTextIter before = *end;

      gtk_text_iter_backward_char (&before);
      if (!is_space_or_punct (gtk_text_iter_get_char (&before)))
        break;
      *end = before;
    }
}

/* The selection to label, snapped (when the project snaps), or FALSE when there is none. */
static gboolean
get_label_range (GlsDocumentView *self,
                 GlsFragment     *fragment)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  if (!gtk_text_buffer_get_selection_bounds (buffer, &start, &end))
    return FALSE;
  if (self->snap_to_tokens)
    snap_to_tokens (&start, &end);
  if (gtk_text_iter_compare (&start, &end) >= 0)
    return FALSE;
  fragment->start = gtk_text_iter_get_offset (&start);
  fragment->end = gtk_text_iter_get_offset (&end);
  return TRUE;
}

static void
fail (GlsDocumentView *self,
      GError          *error)
{
  g_signal_emit (self, signals[EDIT_FAILED], 0, error->message);
}

static void
clear_selection (GlsDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter insert;

  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_select_range (buffer, &insert, &insert);
}

/**
 * gls_document_view_label_selection:
 *
 * Gives the selected text (snapped to tokens) the label @label_id as a new span of the
 * project's annotator; without a selection, relabels the selected span.
 */
gboolean
gls_document_view_apply_label (GlsDocumentView *self,
                               gint64           label_id)
{
  g_autoptr(GError) error = NULL;
  GlsFragment fragment;

  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);

  if (self->project == NULL || self->document_id == 0)
    return FALSE;
  if (self->chooser != NULL)
    gtk_popover_popdown (GTK_POPOVER (self->chooser));

  if (get_label_range (self, &fragment))
    {
      /* A reviewer's own spans are Gold's. */
      gint64 id = self->reviewing
                  ? gls_project_add_gold_span (self->project, self->document_id, &fragment, 1,
                                               label_id, &error)
                  : gls_project_add_span (self->project, self->document_id, &fragment, 1,
                                          label_id, &error);
      if (id == 0)
        {
          fail (self, error);
          return FALSE;
        }
      self->found_id = id;
      self->found_start = fragment.start;
      clear_selection (self);
      gls_document_view_select_span (self, id);
      return TRUE;
    }
  if (self->selected_span != 0)
    {
      if (!gls_project_set_span_label (self->project, self->selected_span, label_id, &error))
        {
          fail (self, error);
          return FALSE;
        }
      return TRUE;
    }
  return FALSE;
}

gboolean
gls_document_view_delete_selected_span (GlsDocumentView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);

  if (self->project == NULL || self->selected_span == 0)
    return FALSE;
  if (!gls_project_delete_span (self->project, self->selected_span, &error))
    {
      fail (self, error);
      return FALSE;
    }
  gls_document_view_select_span (self, 0);
  g_signal_emit (self, signals[SPAN_DELETED], 0);
  return TRUE;
}

void
gls_document_view_select_span (GlsDocumentView *self,
                               gint64           span_id)
{
  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));

  if (self->selected_span == span_id)
    return;
  self->selected_span = span_id;
  self->dragging = EDGE_NONE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_SPAN]);
}

gint64
gls_document_view_get_selected_span (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), 0);
  return self->selected_span;
}

void
gls_document_view_set_show_all (GlsDocumentView *self,
                                gboolean         show_all)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));

  show_all = !!show_all;
  if (self->show_all == show_all)
    return;
  self->show_all = show_all;
  if (self->project != NULL && self->document_id != 0 && !reload_spans (self, &error))
    g_warning ("Could not reload spans: %s", error->message);
}

/**
 * gls_document_view_set_review:
 * @annotators: (nullable): whose spans are compared; %NULL for everyone's
 * @units: (nullable) (element-type GlsReviewUnit): the document's review units, by start
 *
 * Review mode: shows the compared annotators' spans and Gold's, and marks the units where
 * they disagree. gls_document_view_end_review() goes back to annotating.
 */
void
gls_document_view_set_review (GlsDocumentView    *self,
                              const char * const *annotators,
                              GPtrArray          *units)
{
  g_autoptr(GError) error = NULL;
  gboolean reload;

  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));

  reload = !self->reviewing ||
           !(annotators == NULL ? self->review_annotators == NULL
                                : self->review_annotators != NULL &&
                                  g_strv_equal (annotators,
                                                (const char * const *)self->review_annotators));
  self->reviewing = TRUE;
  g_strfreev (self->review_annotators);
  self->review_annotators = g_strdupv ((char **)annotators);
  if (units != NULL)
    g_ptr_array_ref (units);
  g_clear_pointer (&self->review_units, g_ptr_array_unref);
  self->review_units = units;
  if (reload && self->project != NULL && self->document_id != 0 && !reload_spans (self, &error))
    g_warning ("Could not reload spans: %s", error->message);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
gls_document_view_end_review (GlsDocumentView *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));

  if (!self->reviewing)
    return;
  self->reviewing = FALSE;
  self->review_current = -1;
  g_clear_pointer (&self->review_annotators, g_strfreev);
  g_clear_pointer (&self->review_units, g_ptr_array_unref);
  if (self->project != NULL && self->document_id != 0 && !reload_spans (self, &error))
    g_warning ("Could not reload spans: %s", error->message);
}

gboolean
gls_document_view_is_reviewing (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);
  return self->reviewing;
}

/* Outlines the unit that starts at @start (-1: none) and scrolls it into view. */
void
gls_document_view_set_current_unit (GlsDocumentView *self,
                                    gint64           start,
                                    gint64           end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));

  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));

  gtk_widget_queue_draw (GTK_WIDGET (self));
  /* The same unit again (its list reloaded): the caret and a selection made since stay. */
  if (start == self->review_current)
    return;
  self->review_current = start;
  if (start >= 0)
    {
      GtkTextIter a, b;

      gtk_text_buffer_get_iter_at_offset (buffer, &a, (int)start);
      gtk_text_buffer_get_iter_at_offset (buffer, &b, (int)end);
      /* The caret goes there too, so that keys and a drag start from the unit. */
      gtk_text_buffer_place_cursor (buffer, &a);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self), &b, 0.2, FALSE, 0, 0);
      gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self), &a, 0.2, FALSE, 0, 0);
    }
}

gboolean
gls_document_view_get_show_all (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), TRUE);
  return self->show_all;
}

gboolean
gls_document_view_shows_span (GlsDocumentView *self,
                              GlsSpan         *span)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);
  return self->show_all || self->project == NULL ||
         g_strcmp0 (gls_span_get_annotator (span), gls_project_get_annotator (self->project)) == 0;
}

void
gls_document_view_set_snap_to_tokens (GlsDocumentView *self,
                                      gboolean         snap)
{
  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));
  self->snap_to_tokens = !!snap;
}

/* The label whose key is @keyval (its "key" is one character: "1".."9", letters). */
static GlsLabel *
label_for_key (GlsDocumentView *self,
               guint            keyval)
{
  GListModel *labels = gls_project_get_labels (self->project);
  gunichar c = gdk_keyval_to_unicode (keyval);
  char key[8] = { 0 };

  if (c == 0 || !g_unichar_isgraph (c))
    return NULL;
  g_unichar_to_utf8 (g_unichar_tolower (c), key);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      const char *label_key = gls_label_get_key (label);

      if (label_key != NULL && g_ascii_strcasecmp (label_key, key) == 0)
        return label;   /* the model keeps it alive */
    }
  return NULL;
}

/**
 * gls_document_view_is_label_key:
 *
 * Returns: whether @keyval is one of the project's label keys
 */
gboolean
gls_document_view_is_label_key (GlsDocumentView *self,
                                guint            keyval)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);
  return self->project != NULL && label_for_key (self, keyval) != NULL;
}

/* Spans covering character @offset, innermost (shortest) first. */
static GArray *
spans_at (GlsDocumentView *self,
          gint64           offset)
{
  GArray *found = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n = self->spans ? g_list_model_get_n_items (self->spans) : 0;

  for (guint i = 0; i < n; i++)
    {
      guint n_fragments;
      const GlsFragment *f = gls_span_list_get_fragments (GLS_SPAN_LIST (self->spans), i,
                                                          &n_fragments);

      if (f[0].start > offset)
        break;
      if (!span_shown (self, i))
        continue;
      for (guint k = 0; k < n_fragments; k++)
        if (f[k].start <= offset && offset < f[k].end)
          {
            g_array_append_val (found, i);
            break;
          }
    }
  return found;
}

static void
set_relation_type (GlsDocumentView *self,
                   const char      *relation_type)
{
  gboolean was_picking = self->relation_type != NULL;

  g_free (self->relation_type);
  self->relation_type = g_strdup (relation_type);
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), relation_type ? "crosshair" : NULL);
  if (was_picking != (relation_type != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PICKING_TARGET]);
}

/* The click that picks a relation's target: selected span —type→ @target. */
static void
finish_relation (GlsDocumentView *self,
                 gint64           target)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *type = g_strdup (self->relation_type);

  set_relation_type (self, NULL);
  if (self->selected_span == 0 || target == self->selected_span)
    return;
  if (gls_project_add_relation (self->project, type, self->selected_span, target, &error) == 0)
    fail (self, error);
}

/**
 * gls_document_view_begin_relation:
 * @relation_type: the relation's type (one of the project's relation types)
 *
 * Starts a relation from the selected span: the next click on a span in the text makes it
 * the target. Escape, or a click outside any span, cancels.
 */
void
gls_document_view_begin_relation (GlsDocumentView *self,
                                  const char      *relation_type)
{
  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));
  g_return_if_fail (relation_type != NULL);

  if (self->selected_span == 0)
    return;
  set_relation_type (self, relation_type);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

gboolean
gls_document_view_is_picking_target (GlsDocumentView *self)
{
  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);
  return self->relation_type != NULL;
}

static void
chooser_row_activated_cb (GlsDocumentView *self,
                          GtkListBoxRow   *row)
{
  gint64 *label_id = g_object_get_data (G_OBJECT (row), "label-id");
  gint64 *span_id = g_object_get_data (G_OBJECT (row), "span-id");

  if (label_id != NULL)
    gls_document_view_apply_label (self, *label_id);
  else if (span_id != NULL)
    {
      gtk_popover_popdown (GTK_POPOVER (self->chooser));
      if (self->relation_type != NULL)
        finish_relation (self, *span_id);
      else
        gls_document_view_select_span (self, *span_id);
    }
}

/* A row of the label chooser or the span picker: a dot in @color, @name_markup (Pango
 * markup, escaped by the caller), @detail on the right, @guidance under the name. */
static GtkWidget *
chooser_row (const char *color,
             const char *name_markup,
             const char *detail,
             const char *guidance)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *key = gtk_label_new (detail);
  g_autofree char *dot = g_markup_printf_escaped ("<span foreground=\"%s\">⬤</span>  ", color);
  g_autofree char *markup = g_strconcat (dot, name_markup, NULL);

  gtk_label_set_markup (GTK_LABEL (title), markup);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_box_append (GTK_BOX (text), title);
  if (guidance != NULL && *guidance != '\0')
    {
      /* The label's description guides the choice, under its name. */
      GtkWidget *hint = gtk_label_new (guidance);

      gtk_label_set_xalign (GTK_LABEL (hint), 0);
      gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (hint), 34);
      gtk_widget_set_margin_start (hint, 22);
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "caption");
      gtk_box_append (GTK_BOX (text), hint);
    }
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_add_css_class (key, "dim-label");
  gtk_widget_set_valign (key, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (box), text);
  gtk_box_append (GTK_BOX (box), key);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
ensure_chooser (GlsDocumentView *self)
{
  GtkWidget *scroller;

  if (self->chooser != NULL)
    return;
  self->chooser = gtk_popover_new ();
  gtk_widget_set_parent (self->chooser, GTK_WIDGET (self));
  gtk_popover_set_position (GTK_POPOVER (self->chooser), GTK_POS_BOTTOM);
  self->chooser_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->chooser_list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->chooser_list, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->chooser_list), "navigation-sidebar");
  g_signal_connect_object (self->chooser_list, "row-activated",
                           G_CALLBACK (chooser_row_activated_cb), self, G_CONNECT_SWAPPED);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->chooser_list));
  gtk_popover_set_child (GTK_POPOVER (self->chooser), scroller);
}

static void
clear_chooser (GlsDocumentView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->chooser_list))))
    gtk_list_box_remove (self->chooser_list, child);
}

static void
popup_chooser_at (GlsDocumentView *self,
                  gint64           start,
                  gint64           end)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GdkRectangle a, b, rect;
  GtkTextIter iter;
  int x, y;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)start);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &iter, &a);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)end);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &iter, &b);
  /* Point at the selection's last line, under its end. */
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         b.x, b.y, &x, &y);
  rect.x = x;
  rect.y = y;
  rect.width = 1;
  rect.height = b.height;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->chooser), &rect);
  gtk_popover_popup (GTK_POPOVER (self->chooser));
}

/* Shows the labels by the selection: a click or the label's key creates the span. */
void
gls_document_view_show_label_chooser (GlsDocumentView *self)
{
  GListModel *labels;
  GlsFragment fragment;

  g_return_if_fail (GLS_IS_DOCUMENT_VIEW (self));

  if (self->project == NULL || !get_label_range (self, &fragment))
    return;
  ensure_chooser (self);
  clear_chooser (self);
  labels = gls_project_get_labels (self->project);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      g_autoptr(GlsLabel) label = g_list_model_get_item (labels, i);
      g_autofree char *name = g_markup_escape_text (gls_label_get_name (label), -1);
      GtkWidget *row = chooser_row (gls_label_get_color (label), name,
                                    gls_label_get_key (label) ? gls_label_get_key (label) : "",
                                    gls_label_get_display_description (label));
      gint64 id = gls_label_get_id (label);

      g_object_set_data_full (G_OBJECT (row), "label-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_list_box_append (self->chooser_list, row);
    }
  popup_chooser_at (self, fragment.start, fragment.end);
}

/* Several spans under one click: the user picks which. */
static void
show_span_picker (GlsDocumentView *self,
                  GArray          *positions,
                  gint64           offset)
{
  g_autofree char *text = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter start, end;

  ensure_chooser (self);
  clear_chooser (self);
  for (guint i = 0; i < positions->len; i++)
    {
      guint position = g_array_index (positions, guint, i);
      GlsSpanList *list = GLS_SPAN_LIST (self->spans);
      GlsLabel *label = gls_project_lookup_label (self->project,
                                                  gls_span_list_get_label_id (list, position));
      guint n;
      const GlsFragment *f = gls_span_list_get_fragments (list, position, &n);
      g_autofree char *covered = NULL;
      g_autofree char *name = NULL;
      GtkWidget *row;
      gint64 id = gls_span_list_get_id (list, position);

      gtk_text_buffer_get_iter_at_offset (buffer, &start, (int)f[0].start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, (int)f[n - 1].end);
      covered = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      name = g_markup_printf_escaped ("<b>%s</b>  %s", label ? gls_label_get_name (label) : "?",
                                      covered);
      row = chooser_row (label ? gls_label_get_color (label) : "#77767b", name,
                         gls_span_list_get_annotator (list, position), NULL);
      g_object_set_data_full (G_OBJECT (row), "span-id", g_memdup2 (&id, sizeof id), g_free);
      gtk_list_box_append (self->chooser_list, row);
    }
  popup_chooser_at (self, offset, offset);
}

/* ------------------------------------------------------------------------------------------ */
/* Moving a span's boundaries and adding fragments                                              */

static int
compare_fragments (gconstpointer a,
                   gconstpointer b)
{
  const GlsFragment *fa = a, *fb = b;

  return fa->start < fb->start ? -1 : fa->start > fb->start ? 1 : 0;
}

/* Commits new fragments for the selected span, sorted and with touching ones merged. */
static gboolean
set_selected_fragments (GlsDocumentView *self,
                        GArray          *fragments)
{
  g_autoptr(GError) error = NULL;
  GArray *merged;
  gboolean ok;

  g_array_sort (fragments, compare_fragments);
  merged = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
  for (guint i = 0; i < fragments->len; i++)
    {
      GlsFragment *f = &g_array_index (fragments, GlsFragment, i);
      GlsFragment *last = merged->len ? &g_array_index (merged, GlsFragment, merged->len - 1) : NULL;

      if (last != NULL && f->start <= last->end)
        last->end = MAX (last->end, f->end);
      else
        g_array_append_val (merged, *f);
    }
  ok = gls_project_set_span_fragments (self->project, self->selected_span,
                                       (GlsFragment *)(gpointer)merged->data, merged->len, &error);
  g_array_unref (merged);
  if (!ok)
    fail (self, error);
  return ok;
}

static GArray *
selected_fragments (GlsDocumentView *self)
{
  GArray *fragments = g_array_new (FALSE, FALSE, sizeof (GlsFragment));
  const GlsFragment *f;
  guint position, n;

  if (self->selected_span != 0 && find_span_position (self, self->selected_span, &position))
    {
      f = gls_span_list_get_fragments (GLS_SPAN_LIST (self->spans), position, &n);
      g_array_append_vals (fragments, f, n);
    }
  return fragments;
}

/* Moves @edge of the selected span to @offset, if that leaves it a span. */
static gboolean
move_edge (GlsDocumentView *self,
           Edge             edge,
           gint64           offset)
{
  g_autoptr(GArray) fragments = selected_fragments (self);
  GlsFragment *first, *last;

  if (fragments->len == 0 || edge == EDGE_NONE)
    return FALSE;
  first = &g_array_index (fragments, GlsFragment, 0);
  last = &g_array_index (fragments, GlsFragment, fragments->len - 1);
  if (edge == EDGE_START)
    {
      if (offset >= first->end || offset == first->start)
        return FALSE;
      first->start = offset;
    }
  else
    {
      if (offset <= last->start || offset == last->end)
        return FALSE;
      last->end = offset;
    }
  return set_selected_fragments (self, fragments);
}

/* One token further (@direction 1) or back (-1) from @offset, for @edge: starts land on word
 * starts, ends on word ends, never on spaces or punctuation. */
static gint64
step_token (GlsDocumentView *self,
            Edge             edge,
            gint64           offset,
            int              direction)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)offset);
  if (edge == EDGE_END && direction > 0)
    gtk_text_iter_forward_word_end (&iter);
  else if (edge == EDGE_START && direction < 0)
    gtk_text_iter_backward_word_start (&iter);
  else if (edge == EDGE_END)
    {
      gtk_text_iter_backward_word_start (&iter);
      while (gtk_text_iter_backward_char (&iter) && is_space_or_punct (gtk_text_iter_get_char (&iter)))
        ;
      if (!is_space_or_punct (gtk_text_iter_get_char (&iter)))
        gtk_text_iter_forward_char (&iter);
    }
  else
    {
      gtk_text_iter_forward_word_end (&iter);
      while (!gtk_text_iter_is_end (&iter) && is_space_or_punct (gtk_text_iter_get_char (&iter)))
        gtk_text_iter_forward_char (&iter);
    }
  return gtk_text_iter_get_offset (&iter);
}

/**
 * gls_document_view_step_boundary:
 * @edge_is_end: move the span's end (TRUE) or its start
 * @direction: 1 moves the boundary one token right, -1 one token left
 *
 * Grows or shrinks the selected span by a token at either end (Alt+arrows).
 */
gboolean
gls_document_view_step_boundary (GlsDocumentView *self,
                                 gboolean         edge_is_end,
                                 int              direction)
{
  g_autoptr(GArray) fragments = NULL;
  Edge edge = edge_is_end ? EDGE_END : EDGE_START;
  gint64 offset;

  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);

  fragments = selected_fragments (self);
  if (fragments->len == 0)
    return FALSE;
  offset = edge == EDGE_START ? g_array_index (fragments, GlsFragment, 0).start
                              : g_array_index (fragments, GlsFragment, fragments->len - 1).end;
  if (!move_edge (self, edge, step_token (self, edge, offset, direction)))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }
  return TRUE;
}

/* Adds the selected text as one more fragment of the selected span (Ctrl+drag). */
static gboolean
add_fragment (GlsDocumentView *self)
{
  g_autoptr(GArray) fragments = selected_fragments (self);
  GlsFragment fragment;

  if (fragments->len == 0 || !get_label_range (self, &fragment))
    return FALSE;
  g_array_append_val (fragments, fragment);
  clear_selection (self);
  return set_selected_fragments (self, fragments);
}

/* The buffer offset nearest to the widget point (@x, @y), between characters. */
static gint64
offset_at_point (GlsDocumentView *self,
                 double           x,
                 double           y)
{
  GtkTextIter iter;
  int bx, by, trailing;

  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         (int)x, (int)y, &bx, &by);
  gtk_text_view_get_iter_at_position (GTK_TEXT_VIEW (self), &iter, &trailing, bx, by);
  gtk_text_iter_forward_chars (&iter, trailing);
  return gtk_text_iter_get_offset (&iter);
}

/* Which boundary handle of the selected span is at the widget point (@x, @y). */
static Edge
edge_at (GlsDocumentView *self,
         double           x,
         double           y)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(GArray) fragments = selected_fragments (self);
  GdkRectangle a;
  GtkTextIter iter;
  int wx, wy;

  if (fragments->len == 0)
    return EDGE_NONE;
  gtk_text_buffer_get_iter_at_offset (buffer, &iter,
                                      (int)g_array_index (fragments, GlsFragment, 0).start);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &iter, &a);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET, a.x, a.y,
                                         &wx, &wy);
  if (ABS (x - wx) <= HANDLE_GRAB && y >= wy - 8 && y <= wy + a.height + 2)
    return EDGE_START;
  gtk_text_buffer_get_iter_at_offset (buffer, &iter,
                                      (int)g_array_index (fragments, GlsFragment,
                                                          fragments->len - 1).end - 1);
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &iter, &a);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         a.x + a.width, a.y, &wx, &wy);
  if (ABS (x - wx) <= HANDLE_GRAB && y >= wy - 2 && y <= wy + a.height + 8)
    return EDGE_END;
  return EDGE_NONE;
}

/* Where a dragged boundary lands: on a token boundary, when the project snaps. */
static gint64
snap_edge (GlsDocumentView *self,
           Edge             edge,
           gint64           offset)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)offset);
  if (!self->snap_to_tokens || !gtk_text_iter_inside_word (&iter) ||
      gtk_text_iter_starts_word (&iter))
    return offset;
  if (edge == EDGE_START)
    gtk_text_iter_backward_word_start (&iter);
  else
    gtk_text_iter_forward_word_end (&iter);
  return gtk_text_iter_get_offset (&iter);
}

static void
drag_begin_cb (GtkGestureDrag  *gesture,
               double           x,
               double           y,
               GlsDocumentView *self)
{
  Edge edge = self->project ? edge_at (self, x, y) : EDGE_NONE;

  if (edge == EDGE_NONE)
    {
      gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_DENIED);
      return;
    }
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  self->dragging = edge;
  self->drag_offset = snap_edge (self, edge, offset_at_point (self, x, y));
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), "col-resize");
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_update_cb (GtkGestureDrag  *gesture,
                double           dx,
                double           dy,
                GlsDocumentView *self)
{
  double x, y;

  if (self->dragging == EDGE_NONE)
    return;
  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  self->drag_offset = snap_edge (self, self->dragging, offset_at_point (self, x + dx, y + dy));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
drag_end_cb (GtkGestureDrag  *gesture,
             double           dx,
             double           dy,
             GlsDocumentView *self)
{
  Edge edge = self->dragging;

  if (edge == EDGE_NONE)
    return;
  drag_update_cb (gesture, dx, dy, self);
  self->dragging = EDGE_NONE;
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), self->relation_type ? "crosshair" : NULL);
  if (!move_edge (self, edge, self->drag_offset))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
motion_cb (GtkEventControllerMotion *controller,
           double                    x,
           double                    y,
           GlsDocumentView          *self)
{
  const char *cursor = self->relation_type ? "crosshair" : NULL;

  if (self->dragging != EDGE_NONE || edge_at (self, x, y) != EDGE_NONE)
    cursor = "col-resize";
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self), cursor);
}

static void
click_released_cb (GtkGestureClick *gesture,
                   int              n_press,
                   double           x,
                   double           y,
                   GlsDocumentView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  g_autoptr(GArray) under = NULL;
  GtkTextIter iter;
  int bx, by;

  if (self->project == NULL || self->document_id == 0)
    return;
  if (gtk_text_buffer_get_has_selection (buffer))
    {
      GdkModifierType state =
        gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

      /* Ctrl+drag with a span selected: the text becomes one more fragment of it. */
      if ((state & GDK_CONTROL_MASK) && self->selected_span != 0)
        add_fragment (self);
      else
        /* A drag (or double-click) selected text: offer the labels right there. */
        gls_document_view_show_label_chooser (self);
      return;
    }
  if (n_press != 1)
    return;

  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         (int)x, (int)y, &bx, &by);
  gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &iter, bx, by);
  under = spans_at (self, gtk_text_iter_get_offset (&iter));
  if (self->relation_type != NULL && under->len == 1)
    finish_relation (self, gls_span_list_get_id (GLS_SPAN_LIST (self->spans),
                                                 g_array_index (under, guint, 0)));
  else if (self->relation_type != NULL && under->len == 0)
    set_relation_type (self, NULL);
  else if (under->len == 0)
    gls_document_view_select_span (self, 0);
  else if (under->len == 1)
    gls_document_view_select_span (self, gls_span_list_get_id (GLS_SPAN_LIST (self->spans),
                                                               g_array_index (under, guint, 0)));
  else
    show_span_picker (self, under, gtk_text_iter_get_offset (&iter));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GlsDocumentView       *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  GlsLabel *label;

  if (self->project == NULL || self->document_id == 0)
    return GDK_EVENT_PROPAGATE;
  /* Alt+←/→ move the selected span's end by a token, Alt+Shift+←/→ its start. */
  if ((state & (GDK_ALT_MASK | GDK_CONTROL_MASK | GDK_SUPER_MASK)) == GDK_ALT_MASK &&
      self->selected_span != 0 &&
      (keyval == GDK_KEY_Left || keyval == GDK_KEY_Right ||
       keyval == GDK_KEY_KP_Left || keyval == GDK_KEY_KP_Right))
    {
      gls_document_view_step_boundary (self, !(state & GDK_SHIFT_MASK),
                                       keyval == GDK_KEY_Right || keyval == GDK_KEY_KP_Right ? 1 : -1);
      return GDK_EVENT_STOP;
    }
  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK))
    return GDK_EVENT_PROPAGATE;

  switch (keyval)
    {
    case GDK_KEY_Delete:
    case GDK_KEY_KP_Delete:
    case GDK_KEY_BackSpace:
      return gls_document_view_delete_selected_span (self);
    case GDK_KEY_Tab:
    case GDK_KEY_ISO_Left_Tab:
      return gls_document_view_select_next_span (self, keyval == GDK_KEY_Tab &&
                                                       !(state & GDK_SHIFT_MASK) ? 1 : -1);
    case GDK_KEY_Escape:
      if (self->relation_type != NULL)
        set_relation_type (self, NULL);
      else if (self->chooser != NULL && gtk_widget_get_visible (self->chooser))
        gtk_popover_popdown (GTK_POPOVER (self->chooser));
      else if (gtk_text_buffer_get_has_selection (buffer))
        clear_selection (self);
      else
        gls_document_view_select_span (self, 0);
      return GDK_EVENT_STOP;
    default:
      break;
    }

  if ((label = label_for_key (self, keyval)) != NULL &&
      (gtk_text_buffer_get_has_selection (buffer) || self->selected_span != 0))
    {
      gls_document_view_apply_label (self, gls_label_get_id (label));
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

/**
 * gls_document_view_select_next_span:
 * @direction: 1 for the next span in reading order, -1 for the previous one
 *
 * Walks from span to span (Tab, Shift+Tab) and scrolls the one selected into view.
 */
gboolean
gls_document_view_select_next_span (GlsDocumentView *self,
                                    int              direction)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
  guint n = self->spans ? g_list_model_get_n_items (self->spans) : 0;
  guint position = 0;
  GtkTextIter iter;
  const GlsFragment *f;
  guint n_fragments;

  g_return_val_if_fail (GLS_IS_DOCUMENT_VIEW (self), FALSE);

  if (n == 0)
    return FALSE;
  if (self->selected_span != 0 && find_span_position (self, self->selected_span, &position))
    position = direction > 0 ? (position + 1) % n : (position + n - 1) % n;
  else
    position = direction > 0 ? 0 : n - 1;

  gls_document_view_select_span (self, gls_span_list_get_id (GLS_SPAN_LIST (self->spans),
                                                             position));
  f = gls_span_list_get_fragments (GLS_SPAN_LIST (self->spans), position, &n_fragments);
  gtk_text_buffer_get_iter_at_offset (buffer, &iter, (int)f[0].start);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (self), &iter, 0.1, FALSE, 0, 0);
  return TRUE;
}

/* The label, annotator and details of every span under the pointer. */
static gboolean
query_tooltip_cb (GtkWidget       *widget,
                  int              x,
                  int              y,
                  gboolean         keyboard,
                  GtkTooltip      *tooltip,
                  GlsDocumentView *self)
{
  g_autoptr(GArray) under = NULL;
  g_autoptr(GString) text = NULL;
  GtkTextIter iter;
  int bx, by;

  if (self->project == NULL || self->spans == NULL || keyboard)
    return FALSE;
  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET, x, y,
                                         &bx, &by);
  if (!gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &iter, bx, by))
    return FALSE;
  under = spans_at (self, gtk_text_iter_get_offset (&iter));
  if (under->len == 0)
    return FALSE;

  text = g_string_new (NULL);
  for (guint i = 0; i < under->len; i++)
    {
      guint position = g_array_index (under, guint, i);
      g_autoptr(GlsSpan) span = g_list_model_get_item (self->spans, position);
      GlsLabel *label = gls_project_lookup_label (self->project, gls_span_get_label_id (span));
      GHashTable *attributes = gls_span_get_attributes (span);
      g_autofree char *line = g_markup_printf_escaped ("<b>%s</b> — %s",
                                                       label ? gls_label_get_name (label) : "?",
                                                       gls_span_get_annotator (span));

      if (i > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, line);
      if (gls_span_get_kb_id (span) != NULL)
        {
          g_autofree char *kb = g_markup_printf_escaped ("\n    %s", gls_span_get_kb_id (span));
          g_string_append (text, kb);
        }
      if (gls_span_get_note (span) != NULL)
        {
          g_autofree char *note = g_markup_printf_escaped ("\n    <i>%s</i>", gls_span_get_note (span));
          g_string_append (text, note);
        }
      if (attributes != NULL)
        {
          GHashTableIter it;
          gpointer key, value;

          g_hash_table_iter_init (&it, attributes);
          while (g_hash_table_iter_next (&it, &key, &value))
            {
              g_autofree char *pair = g_markup_printf_escaped ("\n    %s = %s", (char *)key,
                                                               (char *)value);
              g_string_append (text, pair);
            }
        }
    }
  gtk_tooltip_set_markup (tooltip, text->str);
  return TRUE;
}

static gboolean
chooser_key_pressed_cb (GtkEventControllerKey *controller,
                        guint                  keyval,
                        guint                  keycode,
                        GdkModifierType        state,
                        GlsDocumentView       *self)
{
  GlsLabel *label;

  if (self->project == NULL || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)))
    return GDK_EVENT_PROPAGATE;
  if ((label = label_for_key (self, keyval)) != NULL)
    {
      gls_document_view_apply_label (self, gls_label_get_id (label));
      return GDK_EVENT_STOP;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
gls_document_view_dispose (GObject *object)
{
  GlsDocumentView *self = (GlsDocumentView *)object;

  g_clear_pointer (&self->chooser, gtk_widget_unparent);
  set_spans (self, NULL);
  g_clear_object (&self->project);
  g_clear_pointer (&self->review_annotators, g_strfreev);
  g_clear_pointer (&self->review_units, g_ptr_array_unref);

  G_OBJECT_CLASS (gls_document_view_parent_class)->dispose (object);
}

static void
gls_document_view_finalize (GObject *object)
{
  GlsDocumentView *self = (GlsDocumentView *)object;

  g_clear_pointer (&self->styles, g_hash_table_unref);
  g_clear_pointer (&self->drawn, g_hash_table_unref);
  g_clear_pointer (&self->placed, g_hash_table_unref);
  g_clear_pointer (&self->placing, g_hash_table_unref);
  g_clear_pointer (&self->name_layouts, g_hash_table_unref);
  g_clear_pointer (&self->levels, g_array_unref);
  g_clear_pointer (&self->relation_type, g_free);

  G_OBJECT_CLASS (gls_document_view_parent_class)->finalize (object);
}

static void
gls_document_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlsDocumentView *self = GLS_DOCUMENT_VIEW (object);

  switch (prop_id)
    {
    case PROP_PROJECT:
      g_value_set_object (value, self->project);
      break;
    case PROP_DOCUMENT_ID:
      g_value_set_int64 (value, self->document_id);
      break;
    case PROP_SELECTED_SPAN:
      g_value_set_int64 (value, self->selected_span);
      break;
    case PROP_PICKING_TARGET:
      g_value_set_boolean (value, self->relation_type != NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gls_document_view_class_init (GlsDocumentViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gls_document_view_dispose;
  object_class->finalize = gls_document_view_finalize;
  object_class->get_property = gls_document_view_get_property;
  GTK_TEXT_VIEW_CLASS (klass)->snapshot_layer = gls_document_view_snapshot_layer;

  properties[PROP_DOCUMENT_ID] =
    g_param_spec_int64 ("document-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROJECT] =
    g_param_spec_object ("project", NULL, NULL, GLS_TYPE_PROJECT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_SPAN] =
    g_param_spec_int64 ("selected-span", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PICKING_TARGET] =
    g_param_spec_boolean ("picking-target", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GlsDocumentView::span-deleted:
   * The user deleted a span (the window offers to undo it).
   */
  signals[SPAN_DELETED] = g_signal_new ("span-deleted", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * GlsDocumentView::edit-failed:
   * @message: why, for the user
   */
  /**
   * GlsDocumentView::spans-loaded:
   * The span list was loaded (gls_document_view_get_spans() may be a new model) or updated.
   */
  signals[SPANS_LOADED] = g_signal_new ("spans-loaded", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[EDIT_FAILED] = g_signal_new ("edit-failed", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                       G_TYPE_STRING);
}

static void
gls_document_view_init (GlsDocumentView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkGesture *click, *drag;
  GtkEventController *key, *motion;

  self->review_current = -1;
  self->cursor_offset = -1;
  self->styles = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, label_style_free);
  self->drawn = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->name_layouts = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  self->placed = g_hash_table_new_full (placed_hash, placed_equal, g_free, NULL);
  self->placing = g_hash_table_new_full (placed_hash, placed_equal, g_free, NULL);
  g_signal_connect_object (gtk_text_view_get_buffer (view), "changed",
                           G_CALLBACK (forget_places), self, G_CONNECT_SWAPPED);

  /* Annotators read and select; the text itself is never edited. */
  gtk_text_view_set_editable (view, FALSE);
  gtk_text_view_set_cursor_visible (view, TRUE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (view, 32);
  gtk_text_view_set_right_margin (view, 32);
  gtk_text_view_set_top_margin (view, 20);
  gtk_text_view_set_bottom_margin (view, 48);
  /* Badges live above each display line, stacked underlines below it. */
  gtk_text_view_set_pixels_above_lines (view, BADGE_SPACE);
  gtk_text_view_set_pixels_below_lines (view, UNDERLINE_SPACE);
  gtk_text_view_set_pixels_inside_wrap (view, BADGE_SPACE + UNDERLINE_SPACE);
  gtk_widget_add_css_class (GTK_WIDGET (self), "annotation-view");

  self->snap_to_tokens = TRUE;
  self->show_all = TRUE;
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);
  g_signal_connect (self, "query-tooltip", G_CALLBACK (query_tooltip_cb), self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (restyle), self, G_CONNECT_SWAPPED);
  restyle (self);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::high-contrast",
                           G_CALLBACK (restyle), self, G_CONNECT_SWAPPED);

  /* Observes clicks without taking them from the text view, which still selects text. */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "released", G_CALLBACK (click_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  /* Takes a press on the selected span's boundary handles from the text view's selection. */
  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-begin", G_CALLBACK (drag_begin_cb), self);
  g_signal_connect (drag, "drag-update", G_CALLBACK (drag_update_cb), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (drag_end_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (motion_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  key = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (key, GTK_PHASE_CAPTURE);
  g_signal_connect (key, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), key);

  ensure_chooser (self);
  key = gtk_event_controller_key_new ();
  g_signal_connect (key, "key-pressed", G_CALLBACK (chooser_key_pressed_cb), self);
  gtk_widget_add_controller (self->chooser, key);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Article text"), -1);
}
