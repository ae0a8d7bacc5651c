/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Expected MDIO traces written from the spec (../spec/phylib-asix.md, cited per step), for
 * the sim's documented defaults: BMCR 0x3100, BMSR abilities 0x7809, ADVERTISE 0x01e1, a
 * partner advertising 0x05e1 (LPA 0x45e1), reset done within the first poll, ANRESTART
 * clearing at once. Shared by the tests that pass through the same phase.
 */

#include <linux/mii.h>

#include "phy-harness.h"

#define BMCR_DEFAULT 0x3100        /* ANENABLE | SPEED100 | FULLDPLX */
#define BMCR_PDOWN_SET 0x3900      /* the same with PDOWN */
#define BMCR_RESTART 0x3300        /* the same with ANRESTART */
#define BMSR_NOLINK 0x7809         /* abilities, no link, aneg not complete */
#define BMSR_ANEG_LATCHED 0x7829   /* aneg complete, LSTATUS still latched low */
#define BMSR_LINK 0x782d           /* aneg complete, link */
#define ADV_NO_PAUSE 0x01e1        /* the reset default: 10/100, no pause (§2.7, §7 quirk 5) */
#define ADV_PAUSE 0x0de1           /* with Pause and Asym_Pause (phylink, §2.7) */
#define PARTNER_100FD_PAUSE 0x05e1 /* 10/100, symmetric pause */
#define LPA_100FD_PAUSE 0x45e1     /* the same with LPACK (§2.3) */

/* §2.10: get_phy_c22_id() reads PHYSID1 then PHYSID2; genphy_read_abilities() reads BMSR;
 * 100baseT_Full is EEE-capable, so MMD 3.20 is read by C22 indirect access (13, 14, 13,
 * 14), answering "no EEE". */
#define PROBE_TRACE(phy_id)                                                          \
        R(MII_PHYSID1, (phy_id) >> 16), R(MII_PHYSID2, (phy_id) & 0xffff),            \
                R(MII_BMSR, BMSR_NOLINK),                                            \
                W(MII_MMD_CTRL, 0x0003), W(MII_MMD_DATA, 0x0014),                    \
                W(MII_MMD_CTRL, 0x4003), R(MII_MMD_DATA, 0x0000)

/* §1 asix_soft_reset: write BMCR 0, then §2.1 genphy_soft_reset: RMW BMCR setting RESET |
 * ANRESTART (autoneg on), then the reset poll's first read finds RESET clear. */
#define ASIX_RESET_TRACE                                                             \
        W(MII_BMCR, 0x0000), R(MII_BMCR, 0x0000), W(MII_BMCR, 0x8200),               \
                R(MII_BMCR, BMCR_DEFAULT)

/* §2.6 _phy_start_aneg with the pause advertisement to restore: RMW ADVERTISE (changed),
 * read BMSR, restart aneg (RMW BMCR |= 0x1200), then §2.2 update_link with the link down:
 * BMCR, BMSR twice. */
#define START_ANEG_RESTORING_PAUSE_TRACE                                             \
        R(MII_ADVERTISE, ADV_NO_PAUSE), W(MII_ADVERTISE, ADV_PAUSE),                  \
                R(MII_BMSR, BMSR_NOLINK), R(MII_BMCR, BMCR_DEFAULT),                 \
                W(MII_BMCR, BMCR_RESTART), R(MII_BMCR, BMCR_DEFAULT),                \
                R(MII_BMSR, BMSR_NOLINK), R(MII_BMSR, BMSR_NOLINK)

/* §2.2 update_link while the link was down and still is: BMCR, BMSR twice. */
#define POLL_NOLINK_TRACE                                                             \
        R(MII_BMCR, BMCR_DEFAULT), R(MII_BMSR, BMSR_NOLINK), R(MII_BMSR, BMSR_NOLINK)
