/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Asix Electronics PHYs: the AX88796B (X-Surf 100) and the PHYs inside the AX88772A and
 * AX88772C USB adapters. The third implementation of the kernel's ax88796b.c and its Rust
 * reference twin ax88796b_rust.rs, callback for callback (spec §1, §6;
 * docs/asix-driver.md maps each piece).
 */

#include <linux/mii.h>

#include "drivers.h"
#include "phyd/genphy.h"

#define PHY_ID_ASIX_AX88772A 0x003b1861
#define PHY_ID_ASIX_AX88772C 0x003b1881
#define PHY_ID_ASIX_AX88796B 0x003b1841

/* The X-Surf 100's PHY resets only when BMCR.RESET is written 0 and then 1: clear it first,
 * so that genphy's read-modify-write produces the edge. */
static int asix_soft_reset(PhyDevice *phy)
{
        int r;

        r = phy_write(phy, MII_BMCR, 0);
        if (r < 0)
                return r;

        return genphy_soft_reset(phy);
}

/* Some old switches (NETGEAR EN 108TP) leave the AX88772A's LPA at 0 after autoneg
 * completed with the link up: take speed and duplex from BMCR first, and let LPA override
 * them only when it holds a common mode. */
static int asix_ax88772a_read_status(PhyDevice *phy)
{
        int bmcr, r;

        r = genphy_update_link(phy);
        if (r)
                return r;

        if (!phy->link)
                return 0;

        bmcr = phy_read(phy, MII_BMCR);
        if (bmcr < 0)
                return bmcr;

        phy->speed = bmcr & BMCR_SPEED100 ? SPEED_100 : SPEED_10;
        phy->duplex = bmcr & BMCR_FULLDPLX ? DUPLEX_FULL : DUPLEX_HALF;

        r = genphy_read_lpa(phy);
        if (r < 0)
                return r;

        if (phy->autoneg && phy->autoneg_complete)
                phy_resolve_aneg_linkmode(phy);

        return 0;
}

/* With some partners the AX88772A's LPA keeps stale contents after the link went down:
 * reset the PHY on every entry into NOLINK, then re-write the advertisement and restart
 * aneg, which the reset undid. Both results are ignored, as the kernel ignores them. */
static void asix_ax88772a_link_change_notify(PhyDevice *phy)
{
        if (phy->state == PHY_NOLINK) {
                (void) phy_init_hw(phy);
                (void) _phy_start_aneg(phy);
        }
}

const PhyDriver asix_drivers[ASIX_DRIVERS_COUNT] = {
        {
                PHY_ID_MATCH_EXACT(PHY_ID_ASIX_AX88772A),
                .name = "Asix Electronics AX88772A",
                .flags = PHY_IS_INTERNAL,
                .read_status = asix_ax88772a_read_status,
                .suspend = genphy_suspend,
                .resume = genphy_resume,
                .soft_reset = asix_soft_reset,
                .link_change_notify = asix_ax88772a_link_change_notify,
        },
        {
                PHY_ID_MATCH_EXACT(PHY_ID_ASIX_AX88772C),
                .name = "Asix Electronics AX88772C",
                .flags = PHY_IS_INTERNAL,
                .suspend = genphy_suspend,
                .resume = genphy_resume,
                .soft_reset = asix_soft_reset,
        },
        {
                PHY_ID_MATCH_MODEL(PHY_ID_ASIX_AX88796B),
                .name = "Asix Electronics AX88796B",
                .soft_reset = asix_soft_reset,
        },
};
