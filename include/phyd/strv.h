/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* NULL-terminated string vectors (strv), as systemd keeps lists: the list settings of the
 * configuration, the "as" arrays of D-Bus. NULL is the empty list. */

#include <stdbool.h>
#include <stddef.h>

#include "phyd/macro.h"

/* What separates words in a list value, and what is trimmed around keys and values. */
#define WHITESPACE " \t\n\r"

size_t strv_length(char *const *l);
char **strv_free(char **l);
DEFINE_TRIVIAL_CLEANUP_FUNC(char **, strv_free);
bool strv_equal(char *const *a, char *const *b);
bool strv_contains(char *const *l, const char *s);
/* Appends a copy of s to *l (allocated if NULL). -ENOMEM leaves *l as it was. */
int strv_extend(char ***l, const char *s);
/* Appends the whitespace-separated words of v to *l (allocated if NULL). -ENOMEM leaves *l
 * as it was. */
int strv_extend_words(char ***l, const char *v);
/* The elements joined by sep; "" for an empty or NULL list. NULL on OOM. */
char *strv_join(char *const *l, const char *sep);
