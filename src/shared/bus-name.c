/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phyd/bus-name.h"

/* D-Bus names are at most 255 bytes (D-Bus specification, "Bus names"). */
#define BUS_NAME_MAX 255

static int is_name_char(char c, int first)
{
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-')
                return 1;
        return !first && c >= '0' && c <= '9';
}

int phyd_bus_name_for_netns(const char *netns, char **ret_name)
{
        static const char prefix[] = PHYD_BUS_NAME_DEFAULT ".netns.";
        size_t len;
        char *name, *p;

        if (!netns || !*netns)
                return -EINVAL;
        len = strlen(netns);
        if (sizeof(prefix) - 1 + 3 * len > BUS_NAME_MAX)
                return -EINVAL;

        name = malloc(sizeof(prefix) + 3 * len);
        if (!name)
                return -ENOMEM;
        p = stpcpy(name, prefix);
        for (size_t i = 0; i < len; i++) {
                if (is_name_char(netns[i], i == 0))
                        *p++ = netns[i];
                else
                        p += sprintf(p, "_%02x", (unsigned char) netns[i]);
        }
        *p = '\0';

        *ret_name = name;
        return 0;
}
