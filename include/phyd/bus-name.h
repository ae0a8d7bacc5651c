/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The bus name a phyd owns: io.phyd, or for the instance watching network namespace NAME
 * (phyd@NAME.service, phyd --netns=NAME) io.phyd.netns.<NAME escaped>. phyd and phyctl
 * derive it from the same function. */

#define PHYD_BUS_NAME_DEFAULT "io.phyd"

/* NAME escaped into one bus name element: [A-Za-z0-9-] are kept, anything else (and a
 * leading digit) becomes _XX, the byte in hex, so different names give different elements.
 * Returns 0 and a newly allocated name, -EINVAL for an empty or too long NAME, -ENOMEM. */
int phyd_bus_name_for_netns(const char *netns, char **ret_name);
