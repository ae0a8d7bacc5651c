/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <linux/mii.h>

#include "monitor-mii.h"

int monitor_mii_phy_id(MdioBus *bus, int addr, uint32_t *ret_id)
{
        int id1, id2;

        id1 = mdio_bus_read(bus, addr, MDIO_DEVAD_NONE, MII_PHYSID1);
        if (id1 < 0)
                return id1;
        id2 = mdio_bus_read(bus, addr, MDIO_DEVAD_NONE, MII_PHYSID2);
        if (id2 < 0)
                return id2;
        /* All ones through the bus pull-up: nobody there (the kernel's test, low 29 bits). */
        if ((((uint32_t) id1 << 16 | (uint32_t) id2) & 0x1fffffff) == 0x1fffffff)
                return -ENODEV;
        *ret_id = (uint32_t) id1 << 16 | (uint32_t) id2;
        return 0;
}
