/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Every enum has a string table, in the manner of systemd's DEFINE_STRING_TABLE_LOOKUP:
 * foo_to_string() returns NULL for a value outside the table, foo_from_string() returns
 * -EINVAL for an unknown name. Tests check the round trip.
 */

#include <errno.h>
#include <string.h>

#define DEFINE_STRING_TABLE_LOOKUP(name, type)                                          \
        const char *name##_to_string(type i)                                            \
        {                                                                               \
                if ((size_t) i >= ELEMENTSOF(name##_table))                             \
                        return NULL;                                                    \
                return name##_table[i];                                                 \
        }                                                                               \
        type name##_from_string(const char *s)                                          \
        {                                                                               \
                if (!s)                                                                 \
                        return (type) -EINVAL;                                          \
                for (size_t i = 0; i < ELEMENTSOF(name##_table); i++)                   \
                        if (name##_table[i] && strcmp(name##_table[i], s) == 0)         \
                                return (type) i;                                        \
                return (type) -EINVAL;                                                  \
        }

#define DECLARE_STRING_TABLE_LOOKUP(name, type)                                         \
        const char *name##_to_string(type i);                                           \
        type name##_from_string(const char *s)
