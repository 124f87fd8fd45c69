/* gls-heat-map.c — a square table of counts drawn as coloured cells, with a selected cell
 *
 * Rows and columns share one list of names (a confusion matrix: the reference's labels down,
 * the candidate's across). Each cell is filled with the accent colour, more opaque the larger
 * its count, on whatever background the style has, and its count is written on it in black
 * or white, whichever contrasts more with the blended fill: light and dark styles alike.
 *
 * A click selects the cell under the pointer; the arrow keys, Home and End move the
 * selection; Enter, Space or a double click activate it. Everything is drawn in one
 * snapshot, and gls_heat_map_get_cell_area() tells where a cell is (tests click there).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-heat-map"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "gls-heat-map.h"

#define GAP 3.0                 /* between cells */
#define PAD 8.0                 /* around headers */
#define MIN_CELL_WIDTH 36.0
#define MAX_CELL_WIDTH 84.0
#define CELL_HEIGHT 32.0
#define RADIUS 5.0

struct _GlsHeatMap
{
  GtkWidget parent_instance;

  GPtrArray *names;             /* char *, rows and columns alike */
  guint *counts;                /* names->len × names->len, by row */
  guint max_count;
  char *row_axis;
  char *column_axis;
  guint empty_row;              /* a cell that means nothing, drawn blank; G_MAXUINT: none */
  guint empty_column;

  gboolean has_selection;
  guint selected_row;
  guint selected_column;
};

G_DEFINE_FINAL_TYPE (GlsHeatMap, gls_heat_map, GTK_TYPE_WIDGET)

enum {
  CELL_SELECTED,
  CELL_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Where everything goes for a given width. */
typedef struct
{
  double x0;                    /* the first cell's top left */
  double y0;
  double cell_width;
  double left;                  /* the row axis title's left edge */
  double line_height;
  gboolean rotated;             /* column names written upwards, for want of room */
} Layout;

static guint
size_of (GlsHeatMap *self)
{
  return self->names ? self->names->len : 0;
}

static PangoLayout *
make_layout (GlsHeatMap *self,
             const char *text,
             gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  return layout;
}

static double
text_width (GlsHeatMap *self,
            const char *text,
            gboolean    bold,
            double     *height)
{
  g_autoptr(PangoLayout) layout = make_layout (self, text, bold);
  int w, h;

  pango_layout_get_pixel_size (layout, &w, &h);
  if (height != NULL)
    *height = h;
  return w;
}

static double
widest_name (GlsHeatMap *self,
             double     *line_height)
{
  double widest = 0;

  text_width (self, "0", FALSE, line_height);
  for (guint i = 0; i < size_of (self); i++)
    widest = MAX (widest, text_width (self, g_ptr_array_index (self->names, i), FALSE, NULL));
  return widest;
}

static void
compute_layout (GlsHeatMap *self,
                double      width,
                Layout     *out)
{
  guint n = MAX (size_of (self), 1);
  double widest = widest_name (self, &out->line_height);
  double axis = out->line_height + PAD;
  double header = widest + 2 * PAD;
  double total;

  out->cell_width = CLAMP (floor ((width - axis - header) / n), MIN_CELL_WIDTH, MAX_CELL_WIDTH);
  out->rotated = widest > out->cell_width - PAD;
  total = axis + header + n * out->cell_width;
  out->left = MAX (0, floor ((width - total) / 2));
  out->x0 = out->left + axis + header;
  out->y0 = axis + (out->rotated ? widest + 2 * PAD : out->line_height + PAD);
}

static void
gls_heat_map_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  GlsHeatMap *self = GLS_HEAT_MAP (widget);
  guint n = MAX (size_of (self), 1);
  double line_height;
  double widest = widest_name (self, &line_height);
  double fixed = line_height + PAD + widest + 2 * PAD;

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = (int)ceil (fixed + n * MIN_CELL_WIDTH);
      *natural = (int)ceil (fixed + n * MAX_CELL_WIDTH);
    }
  else
    {
      Layout layout;

      compute_layout (self, for_size >= 0 ? for_size : fixed + n * MAX_CELL_WIDTH, &layout);
      *minimum = *natural = (int)ceil (layout.y0 + n * CELL_HEIGHT + GAP);
    }
}

static GtkSizeRequestMode
gls_heat_map_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
cell_rect (const Layout    *layout,
           guint            row,
           guint            column,
           graphene_rect_t *rect)
{
  graphene_rect_init (rect,
                      (float)(layout->x0 + column * layout->cell_width + GAP / 2),
                      (float)(layout->y0 + row * CELL_HEIGHT + GAP / 2),
                      (float)(layout->cell_width - GAP),
                      (float)(CELL_HEIGHT - GAP));
}

static gboolean
cell_at (GlsHeatMap *self,
         double      x,
         double      y,
         guint      *row,
         guint      *column)
{
  Layout layout;
  double c, r;

  compute_layout (self, gtk_widget_get_width (GTK_WIDGET (self)), &layout);
  c = floor ((x - layout.x0) / layout.cell_width);
  r = floor ((y - layout.y0) / CELL_HEIGHT);
  if (c < 0 || r < 0 || c >= size_of (self) || r >= size_of (self))
    return FALSE;
  *row = (guint)r;
  *column = (guint)c;
  return TRUE;
}

static gboolean
is_empty_cell (GlsHeatMap *self,
               guint       row,
               guint       column)
{
  return row == self->empty_row && column == self->empty_column;
}

/* ------------------------------------------------------------------------------------------ */
/* Colours                                                                                      */

static void
lookup_color (GtkWidget  *widget,
              const char *name,
              const char *fallback,
              GdkRGBA    *color)
{
  if (!gtk_style_context_lookup_color (gtk_widget_get_style_context (widget), name, color))
    gdk_rgba_parse (color, fallback);
}

static double
channel_luminance (float c)
{
  return c <= 0.03928 ? c / 12.92 : pow ((c + 0.055) / 1.055, 2.4);
}

static double
luminance (const GdkRGBA *c)
{
  return 0.2126 * channel_luminance (c->red) + 0.7152 * channel_luminance (c->green) +
         0.0722 * channel_luminance (c->blue);
}

static double
contrast (const GdkRGBA *a,
          const GdkRGBA *b)
{
  double la = luminance (a), lb = luminance (b);

  return (MAX (la, lb) + 0.05) / (MIN (la, lb) + 0.05);
}

static void
blend (const GdkRGBA *under,
       const GdkRGBA *over,
       double         amount,
       GdkRGBA       *out)
{
  out->red = (float)(under->red * (1 - amount) + over->red * amount);
  out->green = (float)(under->green * (1 - amount) + over->green * amount);
  out->blue = (float)(under->blue * (1 - amount) + over->blue * amount);
  out->alpha = 1;
}

/* ------------------------------------------------------------------------------------------ */
/* Drawing                                                                                      */

static void
draw_text (GtkSnapshot   *snapshot,
           PangoLayout   *layout,
           double         x,
           double         y,
           const GdkRGBA *color)
{
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float)x, (float)y));
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

/* @layout written upwards, its first character at (@x, @y), centred on the column @x. */
static void
draw_text_upwards (GtkSnapshot   *snapshot,
                   PangoLayout   *layout,
                   double         x,
                   double         y,
                   const GdkRGBA *color)
{
  int h;

  pango_layout_get_pixel_size (layout, NULL, &h);
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT ((float)(x - h / 2.0), (float)y));
  gtk_snapshot_rotate (snapshot, -90);
  gtk_snapshot_append_layout (snapshot, layout, color);
  gtk_snapshot_restore (snapshot);
}

static void
draw_headers (GlsHeatMap    *self,
              GtkSnapshot   *snapshot,
              const Layout  *layout,
              const GdkRGBA *fg)
{
  guint n = size_of (self);
  GdkRGBA dim = *fg;

  dim.alpha *= 0.7f;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) text = make_layout (self, g_ptr_array_index (self->names, i), FALSE);
      gboolean selected_row = self->has_selection && self->selected_row == i;
      gboolean selected_column = self->has_selection && self->selected_column == i;
      int w, h;

      pango_layout_get_pixel_size (text, &w, &h);
      /* Row names, right-aligned against the cells. */
      draw_text (snapshot, text, layout->x0 - PAD - w,
                 layout->y0 + i * CELL_HEIGHT + (CELL_HEIGHT - h) / 2.0,
                 selected_row ? fg : &dim);
      /* Column names, across or upwards. */
      if (layout->rotated)
        draw_text_upwards (snapshot, text, layout->x0 + (i + 0.5) * layout->cell_width,
                           layout->y0 - PAD, selected_column ? fg : &dim);
      else
        draw_text (snapshot, text, layout->x0 + (i + 0.5) * layout->cell_width - w / 2.0,
                   layout->y0 - PAD / 2 - h, selected_column ? fg : &dim);
    }

  if (self->column_axis != NULL)
    {
      g_autoptr(PangoLayout) text = make_layout (self, self->column_axis, TRUE);
      int w;

      pango_layout_get_pixel_size (text, &w, NULL);
      draw_text (snapshot, text, layout->x0 + (n * layout->cell_width - w) / 2.0, 0, fg);
    }
  if (self->row_axis != NULL)
    {
      g_autoptr(PangoLayout) text = make_layout (self, self->row_axis, TRUE);
      int w;

      pango_layout_get_pixel_size (text, &w, NULL);
      draw_text_upwards (snapshot, text, layout->left + layout->line_height / 2.0,
                         layout->y0 + (n * CELL_HEIGHT + w) / 2.0, fg);
    }
}

static void
gls_heat_map_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  GlsHeatMap *self = GLS_HEAT_MAP (widget);
  guint n = size_of (self);
  GdkRGBA fg, window, card, bg, accent, zero;
  const GdkRGBA white = { 1, 1, 1, 1 };
  const GdkRGBA black = { 0, 0, 0, 0.87f };
  Layout layout;

  if (n == 0)
    return;

  /* What the cells are drawn on: a card (translucent in the dark style) over the window. */
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &fg);
  lookup_color (widget, "window_bg_color", "#fafafa", &window);
  lookup_color (widget, "card_bg_color", "#ffffff", &card);
  lookup_color (widget, "accent_bg_color", "#3584e4", &accent);
  blend (&window, &card, card.alpha, &bg);
  zero = fg;
  zero.alpha = 0.05f;
  compute_layout (self, gtk_widget_get_width (widget), &layout);
  draw_headers (self, snapshot, &layout, &fg);

  for (guint r = 0; r < n; r++)
    for (guint c = 0; c < n; c++)
      {
        guint count = self->counts[r * n + c];
        g_autofree char *number = g_strdup_printf ("%u", count);
        g_autoptr(PangoLayout) text = NULL;
        graphene_rect_t rect;
        GskRoundedRect rounded;
        GdkRGBA fill, ink;
        int w, h;

        if (is_empty_cell (self, r, c))
          continue;
        cell_rect (&layout, r, c, &rect);
        gsk_rounded_rect_init_from_rect (&rounded, &rect, RADIUS);
        if (count == 0)
          {
            fill = zero;
            ink = fg;
            ink.alpha *= 0.4f;
          }
        else
          {
            /* The smallest count still shows; the largest is the full accent colour. */
            blend (&bg, &accent, 0.15 + 0.85 * count / MAX (self->max_count, 1), &fill);
            ink = contrast (&fill, &white) >= contrast (&fill, &black) ? white : black;
          }
        gtk_snapshot_push_rounded_clip (snapshot, &rounded);
        gtk_snapshot_append_color (snapshot, &fill, &rect);
        gtk_snapshot_pop (snapshot);

        /* Agreements (the diagonal) in bold. */
        text = make_layout (self, number, r == c && count > 0);
        pango_layout_get_pixel_size (text, &w, &h);
        draw_text (snapshot, text, rect.origin.x + (rect.size.width - w) / 2.0,
                   rect.origin.y + (rect.size.height - h) / 2.0, &ink);
      }

  if (self->has_selection)
    {
      gboolean focused = gtk_widget_has_focus (widget);
      float width = focused ? 3 : 2;
      graphene_rect_t rect;
      GskRoundedRect rounded;
      const float widths[4] = { width, width, width, width };
      const GdkRGBA colors[4] = { fg, fg, fg, fg };

      cell_rect (&layout, self->selected_row, self->selected_column, &rect);
      graphene_rect_inset (&rect, -1, -1);
      gsk_rounded_rect_init_from_rect (&rounded, &rect, RADIUS + 1);
      gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
    }
  else if (gtk_widget_has_focus (widget))
    {
      graphene_rect_t rect = GRAPHENE_RECT_INIT ((float)layout.x0 - 2, (float)layout.y0 - 2,
                                                 (float)(n * layout.cell_width + 4),
                                                 (float)(n * CELL_HEIGHT + 4));
      GskRoundedRect rounded;
      const float widths[4] = { 2, 2, 2, 2 };
      GdkRGBA ring = accent;
      GdkRGBA colors[4];

      ring.alpha = 0.6f;
      for (guint i = 0; i < 4; i++)
        colors[i] = ring;
      gsk_rounded_rect_init_from_rect (&rounded, &rect, RADIUS + 2);
      gtk_snapshot_append_border (snapshot, &rounded, widths, colors);
    }
}

/* ------------------------------------------------------------------------------------------ */
/* Selection, accessibility                                                                     */

static void
update_description (GlsHeatMap *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = size_of (self);
  guint total = 0, diagonal = 0;

  for (guint r = 0; r < n; r++)
    for (guint c = 0; c < n; c++)
      {
        total += self->counts[r * n + c];
        if (r == c)
          diagonal += self->counts[r * n + c];
      }
  if (self->row_axis != NULL && self->column_axis != NULL)
    g_string_append_printf (text, _("Rows: %s. Columns: %s. "), self->row_axis, self->column_axis);
  g_string_append_printf (text, _("%u of %u in agreement, on the diagonal."), diagonal, total);
  if (self->has_selection)
    {
      g_string_append_c (text, ' ');
      g_string_append_printf (text, _("Selected: %s by %s, %s by %s: %u."),
                              (char *)g_ptr_array_index (self->names, self->selected_row),
                              self->row_axis ? self->row_axis : "",
                              (char *)g_ptr_array_index (self->names, self->selected_column),
                              self->column_axis ? self->column_axis : "",
                              self->counts[self->selected_row * n + self->selected_column]);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

static void
select_cell (GlsHeatMap *self,
             guint       row,
             guint       column,
             gboolean    force)
{
  if (!force && self->has_selection && self->selected_row == row &&
      self->selected_column == column)
    return;
  self->has_selection = TRUE;
  self->selected_row = row;
  self->selected_column = column;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_signal_emit (self, signals[CELL_SELECTED], 0, row, column);
}

static void
pressed_cb (GtkGestureClick *gesture,
            int              n_press,
            double           x,
            double           y,
            GlsHeatMap      *self)
{
  guint row, column;

  gtk_widget_grab_focus (GTK_WIDGET (self));
  if (!cell_at (self, x, y, &row, &column) || is_empty_cell (self, row, column))
    return;
  select_cell (self, row, column, FALSE);
  if (n_press == 2)
    g_signal_emit (self, signals[CELL_ACTIVATED], 0, row, column);
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GlsHeatMap            *self)
{
  guint n = size_of (self);
  int row = self->has_selection ? (int)self->selected_row : 0;
  int column = self->has_selection ? (int)self->selected_column : 0;

  if (n == 0 || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0)
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Left:
    case GDK_KEY_KP_Left:
      column = self->has_selection ? column - 1 : 0;
      break;
    case GDK_KEY_Right:
    case GDK_KEY_KP_Right:
      column = self->has_selection ? column + 1 : 0;
      break;
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      row = self->has_selection ? row - 1 : 0;
      break;
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      row = self->has_selection ? row + 1 : 0;
      break;
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      column = 0;
      break;
    case GDK_KEY_End:
    case GDK_KEY_KP_End:
      column = (int)n - 1;
      break;
    case GDK_KEY_Return:
    case GDK_KEY_KP_Enter:
    case GDK_KEY_ISO_Enter:
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (!self->has_selection)
        select_cell (self, 0, 0, FALSE);
      g_signal_emit (self, signals[CELL_ACTIVATED], 0, self->selected_row, self->selected_column);
      return TRUE;
    default:
      return FALSE;
    }
  row = CLAMP (row, 0, (int)n - 1);
  column = CLAMP (column, 0, (int)n - 1);
  /* Step over the blank cell in the direction of travel, or stay. */
  if (is_empty_cell (self, (guint)row, (guint)column))
    return TRUE;
  select_cell (self, (guint)row, (guint)column, FALSE);
  return TRUE;
}

static gboolean
gls_heat_map_query_tooltip (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard,
                            GtkTooltip *tooltip)
{
  GlsHeatMap *self = GLS_HEAT_MAP (widget);
  g_autofree char *text = NULL;
  guint row, column;

  if (keyboard && self->has_selection)
    {
      row = self->selected_row;
      column = self->selected_column;
    }
  else if (keyboard || !cell_at (self, x, y, &row, &column))
    return FALSE;
  if (is_empty_cell (self, row, column))
    return FALSE;
  /* "anna: PERSON · ben: ORG — 3" */
  text = g_strdup_printf (_("%s: %s · %s: %s — %u"),
                          self->row_axis ? self->row_axis : "",
                          (char *)g_ptr_array_index (self->names, row),
                          self->column_axis ? self->column_axis : "",
                          (char *)g_ptr_array_index (self->names, column),
                          self->counts[row * size_of (self) + column]);
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

static void
focus_changed_cb (GlsHeatMap *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
gls_heat_map_finalize (GObject *object)
{
  GlsHeatMap *self = GLS_HEAT_MAP (object);

  g_clear_pointer (&self->names, g_ptr_array_unref);
  g_clear_pointer (&self->counts, g_free);
  g_clear_pointer (&self->row_axis, g_free);
  g_clear_pointer (&self->column_axis, g_free);

  G_OBJECT_CLASS (gls_heat_map_parent_class)->finalize (object);
}

static void
gls_heat_map_class_init (GlsHeatMapClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = gls_heat_map_finalize;
  widget_class->measure = gls_heat_map_measure;
  widget_class->get_request_mode = gls_heat_map_get_request_mode;
  widget_class->snapshot = gls_heat_map_snapshot;
  widget_class->query_tooltip = gls_heat_map_query_tooltip;

  /**
   * GlsHeatMap::cell-selected:
   * @row: the selected cell's row
   * @column: its column
   *
   * The selection moved, by a click, the keyboard, or gls_heat_map_select().
   */
  signals[CELL_SELECTED] = g_signal_new ("cell-selected", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                         2, G_TYPE_UINT, G_TYPE_UINT);
  /**
   * GlsHeatMap::cell-activated:
   * @row: the cell's row
   * @column: its column
   *
   * Enter, Space or a double click on a cell.
   */
  signals[CELL_ACTIVATED] = g_signal_new ("cell-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          2, G_TYPE_UINT, G_TYPE_UINT);

  gtk_widget_class_set_css_name (widget_class, "heatmap");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gls_heat_map_init (GlsHeatMap *self)
{
  GtkGesture *click = gtk_gesture_click_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  self->empty_row = self->empty_column = G_MAXUINT;
  gtk_widget_set_focusable (GTK_WIDGET (self), TRUE);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "pressed", G_CALLBACK (pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect_swapped (focus, "enter", G_CALLBACK (focus_changed_cb), self);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_changed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), focus);
}

GtkWidget *
gls_heat_map_new (void)
{
  return g_object_new (GLS_TYPE_HEAT_MAP, NULL);
}

/**
 * gls_heat_map_set_matrix:
 * @names: (array zero-terminated=1): the rows' names, which are the columns' too
 * @counts: (array): g_strv_length (@names) squared counts, row by row
 *
 * Shows a new table, with nothing selected.
 */
void
gls_heat_map_set_matrix (GlsHeatMap         *self,
                         const char * const *names,
                         const guint        *counts)
{
  guint n;

  g_return_if_fail (GLS_IS_HEAT_MAP (self));

  n = names ? g_strv_length ((char **)names) : 0;
  g_clear_pointer (&self->names, g_ptr_array_unref);
  self->names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->names, g_strdup (names[i]));
  g_free (self->counts);
  self->counts = g_memdup2 (counts, sizeof (guint) * n * n);
  self->max_count = 0;
  for (guint i = 0; i < n * n; i++)
    self->max_count = MAX (self->max_count, counts[i]);
  self->has_selection = FALSE;
  self->empty_row = self->empty_column = G_MAXUINT;
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* Names the rows' and the columns' side (for instance the two annotators). */
void
gls_heat_map_set_axes (GlsHeatMap *self,
                       const char *rows,
                       const char *columns)
{
  g_return_if_fail (GLS_IS_HEAT_MAP (self));

  g_free (self->row_axis);
  self->row_axis = g_strdup (rows);
  g_free (self->column_axis);
  self->column_axis = g_strdup (columns);
  update_description (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

/* A cell that can hold nothing (a confusion matrix's missing × missing): left blank, and
 * never selected. */
void
gls_heat_map_set_empty_cell (GlsHeatMap *self,
                             guint       row,
                             guint       column)
{
  g_return_if_fail (GLS_IS_HEAT_MAP (self));

  self->empty_row = row;
  self->empty_column = column;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
gls_heat_map_get_size (GlsHeatMap *self)
{
  g_return_val_if_fail (GLS_IS_HEAT_MAP (self), 0);
  return size_of (self);
}

guint
gls_heat_map_get_count (GlsHeatMap *self,
                        guint       row,
                        guint       column)
{
  g_return_val_if_fail (GLS_IS_HEAT_MAP (self), 0);
  g_return_val_if_fail (row < size_of (self) && column < size_of (self), 0);
  return self->counts[row * size_of (self) + column];
}

gboolean
gls_heat_map_get_selected (GlsHeatMap *self,
                           guint      *row,
                           guint      *column)
{
  g_return_val_if_fail (GLS_IS_HEAT_MAP (self), FALSE);

  if (row != NULL)
    *row = self->selected_row;
  if (column != NULL)
    *column = self->selected_column;
  return self->has_selection;
}

void
gls_heat_map_select (GlsHeatMap *self,
                     guint       row,
                     guint       column)
{
  g_return_if_fail (GLS_IS_HEAT_MAP (self));
  g_return_if_fail (row < size_of (self) && column < size_of (self));

  select_cell (self, row, column, FALSE);
}

void
gls_heat_map_unselect (GlsHeatMap *self)
{
  g_return_if_fail (GLS_IS_HEAT_MAP (self));

  if (!self->has_selection)
    return;
  self->has_selection = FALSE;
  update_description (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * gls_heat_map_get_cell_area:
 * @area: (out): where the cell is drawn, in the widget's coordinates
 *
 * Returns: whether the cell exists (and the widget has a size)
 */
gboolean
gls_heat_map_get_cell_area (GlsHeatMap      *self,
                            guint            row,
                            guint            column,
                            graphene_rect_t *area)
{
  Layout layout;

  g_return_val_if_fail (GLS_IS_HEAT_MAP (self), FALSE);

  if (row >= size_of (self) || column >= size_of (self) ||
      gtk_widget_get_width (GTK_WIDGET (self)) == 0)
    return FALSE;
  compute_layout (self, gtk_widget_get_width (GTK_WIDGET (self)), &layout);
  cell_rect (&layout, row, column, area);
  return TRUE;
}
