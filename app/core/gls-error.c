/* gls-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gls-error"

#include "gls-error.h"

G_DEFINE_QUARK (gls-error-quark, gls_error)
