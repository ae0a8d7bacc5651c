/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "phyd/strv.h"

size_t strv_length(char *const *l)
{
        size_t n = 0;

        if (!l)
                return 0;
        while (l[n])
                n++;
        return n;
}

char **strv_free(char **l)
{
        if (!l)
                return NULL;
        for (char **i = l; *i; i++)
                free(*i);
        free(l);
        return NULL;
}

bool strv_equal(char *const *a, char *const *b)
{
        size_t n = strv_length(a);

        if (n != strv_length(b))
                return false;
        for (size_t i = 0; i < n; i++)
                if (!streq(a[i], b[i]))
                        return false;
        return true;
}

int strv_extend(char ***l, const char *s)
{
        size_t n = strv_length(*l);
        char *copy, **grown;

        copy = strdup(s);
        if (!copy)
                return -ENOMEM;
        grown = reallocarray(*l, n + 2, sizeof(char *));
        if (!grown) {
                free(copy);
                return -ENOMEM;
        }
        grown[n] = copy;
        grown[n + 1] = NULL;
        *l = grown;
        return 0;
}

int strv_extend_words(char ***l, const char *v)
{
        size_t n = strv_length(*l), k = 0;
        const char *p;
        char **grown;

        for (p = v + strspn(v, WHITESPACE); *p; p += strspn(p, WHITESPACE)) {
                p += strcspn(p, WHITESPACE);
                k++;
        }
        if (k == 0)
                return 0;

        grown = reallocarray(*l, n + k + 1, sizeof(char *));
        if (!grown)
                return -ENOMEM;
        *l = grown;
        /* Until every word is copied the old list stays as it was: the new slots are not
         * part of it before the terminating NULL moves. */
        for (p = v + strspn(v, WHITESPACE), k = 0; *p; p += strspn(p, WHITESPACE)) {
                size_t len = strcspn(p, WHITESPACE);

                grown[n + k] = strndup(p, len);
                if (!grown[n + k]) {
                        while (k > 0)
                                free(grown[n + --k]);
                        grown[n] = NULL;
                        /* The empty list stays NULL. */
                        if (n == 0)
                                {
                                free(grown);
                                *l = NULL;
                        }
                        return -ENOMEM;
                }
                k++;
                p += len;
        }
        grown[n + k] = NULL;
        return 0;
}

bool strv_contains(char *const *l, const char *s)
{
        if (!l)
                return false;
        for (char *const *i = l; *i; i++)
                if (streq(*i, s))
                        return true;
        return false;
}

char *strv_join(char *const *l, const char *sep)
{
        size_t n = 0, k = strlen(sep);
        char *joined, *p;

        if (l)
                for (char *const *i = l; *i; i++)
                        n += strlen(*i) + k;

        joined = malloc(n + 1);
        if (!joined)
                return NULL;

        p = joined;
        if (l)
                for (char *const *i = l; *i; i++) {
                        if (i != l)
                                p = stpcpy(p, sep);
                        p = stpcpy(p, *i);
                }
        *p = '\0';
        return joined;
}
