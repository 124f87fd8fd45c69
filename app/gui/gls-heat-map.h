/* gls-heat-map.h — a square table of counts drawn as coloured cells, with a selected cell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GLS_TYPE_HEAT_MAP (gls_heat_map_get_type ())
G_DECLARE_FINAL_TYPE (GlsHeatMap, gls_heat_map, GLS, HEAT_MAP, GtkWidget)

GtkWidget *gls_heat_map_new           (void);
void       gls_heat_map_set_matrix    (GlsHeatMap         *self,
                                       const char * const *names,
                                       const guint        *counts);
void       gls_heat_map_set_axes      (GlsHeatMap         *self,
                                       const char         *rows,
                                       const char         *columns);
void       gls_heat_map_set_empty_cell (GlsHeatMap        *self,
                                        guint              row,
                                        guint              column);
guint      gls_heat_map_get_size      (GlsHeatMap         *self);
guint      gls_heat_map_get_count     (GlsHeatMap         *self,
                                       guint               row,
                                       guint               column);
gboolean   gls_heat_map_get_selected  (GlsHeatMap         *self,
                                       guint              *row,
                                       guint              *column);
void       gls_heat_map_select        (GlsHeatMap         *self,
                                       guint               row,
                                       guint               column);
void       gls_heat_map_unselect      (GlsHeatMap         *self);
gboolean   gls_heat_map_get_cell_area (GlsHeatMap         *self,
                                       guint               row,
                                       guint               column,
                                       graphene_rect_t    *area);

G_END_DECLS
