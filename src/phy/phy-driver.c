/* SPDX-License-Identifier: GPL-2.0-or-later */

#include "drivers/drivers.h"
#include "phyd/macro.h"
#include "phyd/phy-driver.h"

/* Every driver phyd has, in the kernel's registration order (ax88796b.c registers the
 * AX88772A, the AX88772C, then the AX88796B; spec §1). The first match wins. */
static const struct {
        const PhyDriver *drivers;
        size_t count;
} phy_driver_table[] = {
        { asix_drivers, ELEMENTSOF(asix_drivers) },
};

const PhyDriver *phy_driver_match(uint32_t phy_id)
{
        for (size_t i = 0; i < ELEMENTSOF(phy_driver_table); i++)
                for (size_t j = 0; j < phy_driver_table[i].count; j++) {
                        const PhyDriver *drv = &phy_driver_table[i].drivers[j];

                        if (phy_id_compare(phy_id, drv->phy_id, drv->phy_id_mask))
                                return drv;
                }

        return &genphy_driver;
}
