/* gls-error.h — the error domain of the Glossator core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GLS_ERROR (gls_error_quark ())

/**
 * GlsError:
 * @GLS_ERROR_FAILED: anything not covered below
 * @GLS_ERROR_NOT_A_PROJECT: the file is not a Glossator project
 * @GLS_ERROR_CORRUPT: the project database is damaged
 * @GLS_ERROR_TOO_NEW: the project was written by a newer Glossator
 * @GLS_ERROR_READ_ONLY: the project cannot be written
 * @GLS_ERROR_LOCKED: another process has the project open
 * @GLS_ERROR_EXISTS: a file to be created already exists
 * @GLS_ERROR_IO: reading or writing a file failed (disk full, permissions)
 * @GLS_ERROR_PARSE: an input file is malformed
 * @GLS_ERROR_ENCODING: an input is not valid UTF-8
 * @GLS_ERROR_OFFSET: an offset is out of range or splits a character
 * @GLS_ERROR_NOT_FOUND: a document, label, span or annotator does not exist
 * @GLS_ERROR_INVALID: an argument or value is not acceptable
 * @GLS_ERROR_DUPLICATE: the same thing exists already
 * @GLS_ERROR_UNKNOWN_LABEL: an input names a label the schema lacks
 */
typedef enum
{
  GLS_ERROR_FAILED,
  GLS_ERROR_NOT_A_PROJECT,
  GLS_ERROR_CORRUPT,
  GLS_ERROR_TOO_NEW,
  GLS_ERROR_READ_ONLY,
  GLS_ERROR_LOCKED,
  GLS_ERROR_EXISTS,
  GLS_ERROR_IO,
  GLS_ERROR_PARSE,
  GLS_ERROR_ENCODING,
  GLS_ERROR_OFFSET,
  GLS_ERROR_NOT_FOUND,
  GLS_ERROR_INVALID,
  GLS_ERROR_DUPLICATE,
  GLS_ERROR_UNKNOWN_LABEL,
} GlsError;

GQuark gls_error_quark (void);

G_END_DECLS
