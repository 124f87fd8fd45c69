/* gls-after-frame.h — work that follows an edit, done once the edit is on screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

typedef void (*GlsAfterFrameFunc) (GtkWidget *widget);

void gls_after_frame (GtkWidget         *widget,
                      GlsAfterFrameFunc  func);

G_END_DECLS
