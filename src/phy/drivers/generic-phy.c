/* SPDX-License-Identifier: GPL-2.0-or-later */

/* "Generic PHY": what phylib binds when no driver matches the ID. No reset, the generic
 * status and aneg code, PDOWN for suspend. */

#include "drivers.h"
#include "phyd/genphy.h"

const PhyDriver genphy_driver = {
        /* An ID no PHY has: the generic driver is bound as the fallback, never by match. */
        .phy_id = 0xffffffff,
        .phy_id_mask = 0xffffffff,
        .name = "Generic PHY",
        .suspend = genphy_suspend,
        .resume = genphy_resume,
};
