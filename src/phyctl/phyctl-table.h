/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A small table printer in networkctl's manner: a header row, columns as wide as their
 * widest cell, the last column unpadded, colours that do not count towards the width.
 */

#include <stdbool.h>
#include <stdio.h>

#include "phyd/macro.h"

typedef struct Table Table;

/* headers: n_columns column names. */
Table *table_new(const char *const *headers, size_t n_columns);
Table *table_free(Table *t);
DEFINE_TRIVIAL_CLEANUP_FUNC(Table *, table_free);

void table_set_align_right(Table *t, size_t column, bool right);

/* Appends a cell to the current row (rows fill left to right); color may be NULL. */
int table_add_cell(Table *t, const char *text, const char *color);

size_t table_get_rows(const Table *t);

/* header: print the header row (no with --no-legend); colors: emit ANSI sequences. */
int table_print(const Table *t, FILE *f, bool header, bool colors);
