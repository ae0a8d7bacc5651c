/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <string.h>

#include "phyctl-color.h"
#include "phyctl-table.h"

typedef struct TableCell {
        char *text;
        const char *color;
} TableCell;

struct Table {
        size_t n_columns;
        char **headers;
        bool *align_right;
        TableCell *cells;
        size_t n_cells;
};

Table *table_free(Table *t)
{
        if (!t)
                return NULL;
        for (size_t i = 0; i < t->n_columns; i++)
                free(t->headers[i]);
        for (size_t i = 0; i < t->n_cells; i++)
                free(t->cells[i].text);
        free(t->headers);
        free(t->align_right);
        free(t->cells);
        free(t);
        return NULL;
}

Table *table_new(const char *const *headers, size_t n_columns)
{
        _cleanup_(table_freep) Table *t = NULL;

        if (n_columns == 0)
                return NULL;
        t = calloc(1, sizeof(Table));
        if (!t)
                return NULL;
        t->headers = calloc(n_columns, sizeof(char *));
        t->align_right = calloc(n_columns, sizeof(bool));
        if (!t->headers || !t->align_right)
                return NULL;
        t->n_columns = n_columns;
        for (size_t i = 0; i < n_columns; i++) {
                t->headers[i] = strdup(headers[i]);
                if (!t->headers[i])
                        return NULL;
        }
        return TAKE_PTR(t);
}

void table_set_align_right(Table *t, size_t column, bool right)
{
        if (column < t->n_columns)
                t->align_right[column] = right;
}

int table_add_cell(Table *t, const char *text, const char *color)
{
        _cleanup_free_ char *copy = NULL;
        TableCell *cells;

        copy = strdup(text ?: "");
        if (!copy)
                return -ENOMEM;
        cells = realloc(t->cells, (t->n_cells + 1) * sizeof(TableCell));
        if (!cells)
                return -ENOMEM;
        t->cells = cells;
        t->cells[t->n_cells++] = (TableCell){ .text = TAKE_PTR(copy), .color = color };
        return 0;
}

size_t table_get_rows(const Table *t)
{
        return (t->n_cells + t->n_columns - 1) / t->n_columns;
}

static void print_cell(FILE *f, const char *text, const char *color, size_t width, bool right,
                       bool last, bool colors)
{
        size_t pad = width > strlen(text) ? width - strlen(text) : 0;

        if (right)
                fprintf(f, "%*s", (int) pad, "");
        if (colors && color)
                fprintf(f, "%s%s%s", color, text, ANSI_NORMAL);
        else
                fputs(text, f);
        if (!right && !last)
                fprintf(f, "%*s", (int) pad, "");
}

int table_print(const Table *t, FILE *f, bool header, bool colors)
{
        _cleanup_free_ size_t *width = NULL;
        size_t rows = table_get_rows(t);

        width = calloc(t->n_columns, sizeof(size_t));
        if (!width)
                return -ENOMEM;
        for (size_t c = 0; c < t->n_columns; c++)
                if (header)
                        width[c] = strlen(t->headers[c]);
        for (size_t i = 0; i < t->n_cells; i++) {
                size_t c = i % t->n_columns, l = strlen(t->cells[i].text);

                if (l > width[c])
                        width[c] = l;
        }

        if (header) {
                /* Underlined as one line, padding and gaps included, as networkctl does. */
                if (colors)
                        fputs(ANSI_UNDERLINE, f);
                for (size_t c = 0; c < t->n_columns; c++) {
                        bool last = c + 1 == t->n_columns;

                        print_cell(f, t->headers[c], NULL, width[c], t->align_right[c],
                                   last && !colors, false);
                        if (!last)
                                fputc(' ', f);
                }
                if (colors)
                        fputs(ANSI_NORMAL, f);
                fputc('\n', f);
        }

        for (size_t row = 0; row < rows; row++) {
                for (size_t c = 0; c < t->n_columns; c++) {
                        size_t i = row * t->n_columns + c;
                        bool last = c + 1 == t->n_columns;

                        if (i < t->n_cells)
                                print_cell(f, t->cells[i].text, t->cells[i].color, width[c],
                                           t->align_right[c], last, colors);
                        if (!last)
                                fputc(' ', f);
                }
                fputc('\n', f);
        }

        return ferror(f) ? -EIO : 0;
}
