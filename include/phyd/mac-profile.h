/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What the MAC side asks of its PHY (DESIGN decision 7). In the kernel this is the MAC
 * driver's own code around phy_connect()/phylink_connect_phy(); phyd has no MAC driver, so
 * a profile says what that code would have done.
 */

#include <stdbool.h>

#include "phyd/string-table.h"

typedef enum MacProfileKind {
        MAC_PROFILE_AX88772, /* USB AX88772A/C: phylink, symmetric and asymmetric pause */
        MAC_PROFILE_XSURF,   /* the X-Surf 100's ax88796: phylib, no pause, 100 Mb/s at most */
        MAC_PROFILE_NONE,    /* a bare phy_attach(): nothing on top */
        _MAC_PROFILE_KIND_MAX,
        _MAC_PROFILE_KIND_INVALID = -22,
} MacProfileKind;

typedef struct MacProfile {
        MacProfileKind kind;
        const char *name;
        /* phylink_bringup_phy() calls phy_support_asym_pause(), and the MAC's capabilities
         * (MAC_SYM_PAUSE | MAC_ASYM_PAUSE) keep both bits (spec §2.7). */
        bool asym_pause;
        /* phy_set_max_speed(), or 0 to leave the PHY's own abilities. */
        int max_speed;
        /* ax88772_init_phy() suspends the PHY right after connecting it: BMCR.PDOWN is set
         * until phy_start() resumes it (spec §9). */
        bool suspend_after_attach;
} MacProfile;

const MacProfile *mac_profile_get(MacProfileKind kind);

DECLARE_STRING_TABLE_LOOKUP(mac_profile_kind, MacProfileKind);
