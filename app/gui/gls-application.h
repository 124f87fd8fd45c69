/* gls-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GLS_TYPE_APPLICATION (gls_application_get_type ())
G_DECLARE_FINAL_TYPE (GlsApplication, gls_application, GLS, APPLICATION, AdwApplication)

GlsApplication *gls_application_new            (void);
GSettings      *gls_application_get_settings   (GlsApplication *self);
char           *gls_application_ensure_sample  (GError        **error);
void            gls_application_add_recent     (GlsApplication *self,
                                                const char     *path);

G_END_DECLS
