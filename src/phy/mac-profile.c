/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <linux/ethtool.h>

#include "phyd/mac-profile.h"
#include "phyd/macro.h"

static const MacProfile mac_profiles[_MAC_PROFILE_KIND_MAX] = {
        [MAC_PROFILE_AX88772] = {
                .kind = MAC_PROFILE_AX88772,
                .name = "ax88772",
                .asym_pause = true,
                /* MAC_10 | MAC_100: phylink masks anything faster. */
                .max_speed = SPEED_100,
                .suspend_after_attach = true,
        },
        [MAC_PROFILE_XSURF] = {
                .kind = MAC_PROFILE_XSURF,
                .name = "xsurf",
                .asym_pause = false,
                .max_speed = SPEED_100,
                .suspend_after_attach = false,
        },
        [MAC_PROFILE_NONE] = {
                .kind = MAC_PROFILE_NONE,
                .name = "none",
        },
};

const MacProfile *mac_profile_get(MacProfileKind kind)
{
        if ((unsigned) kind >= _MAC_PROFILE_KIND_MAX)
                return NULL;
        return &mac_profiles[kind];
}

static const char *const mac_profile_kind_table[_MAC_PROFILE_KIND_MAX] = {
        [MAC_PROFILE_AX88772] = "ax88772",
        [MAC_PROFILE_XSURF] = "xsurf",
        [MAC_PROFILE_NONE] = "none",
};

DEFINE_STRING_TABLE_LOOKUP(mac_profile_kind, MacProfileKind);
