/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <stdbool.h>

#include "phyd/bus-util.h"
#include "phyd/macro.h"

int bus_open_address(const char *address, const char *description, sd_bus **ret)
{
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        int r;

        r = sd_bus_new(&bus);
        if (r < 0)
                return r;
        r = sd_bus_set_address(bus, address);
        if (r < 0)
                return r;
        r = sd_bus_set_bus_client(bus, true);
        if (r < 0)
                return r;
        if (description) {
                r = sd_bus_set_description(bus, description);
                if (r < 0)
                        return r;
        }
        r = sd_bus_start(bus);
        if (r < 0)
                return r;

        *ret = TAKE_PTR(bus);
        return 0;
}
