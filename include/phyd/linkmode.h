/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Link modes as the kernel keeps them: a bitmap indexed by the ethtool link-mode bits of
 * <linux/ethtool.h> (10baseT_Half = 0, ... Pause = 13, Asym_Pause = 14). phyd only ever
 * needs the first 64, so one word holds the map. Names are ethtool's ("100baseT/Full").
 */

#include <linux/ethtool.h>
#include <stdbool.h>
#include <stdint.h>

typedef uint64_t LinkModes;

#define LINK_MODE(bit) ((LinkModes) 1 << ETHTOOL_LINK_MODE_##bit##_BIT)

/* The 10/100 modes of PHY_BASIC_FEATURES with Autoneg, TP and MII (spec §4). */
#define LINK_MODES_BASIC                                                                   \
        (LINK_MODE(10baseT_Half) | LINK_MODE(10baseT_Full) | LINK_MODE(100baseT_Half) |    \
         LINK_MODE(100baseT_Full) | LINK_MODE(Autoneg) | LINK_MODE(TP) | LINK_MODE(MII))
#define LINK_MODES_PAUSE (LINK_MODE(Pause) | LINK_MODE(Asym_Pause))
#define LINK_MODES_10_100                                                                  \
        (LINK_MODE(10baseT_Half) | LINK_MODE(10baseT_Full) | LINK_MODE(100baseT_Half) |    \
         LINK_MODE(100baseT_Full))

static inline bool linkmode_test(LinkModes modes, LinkModes bit)
{
        return (modes & bit) != 0;
}

static inline void linkmode_mod(LinkModes *modes, LinkModes bit, bool set)
{
        if (set)
                *modes |= bit;
        else
                *modes &= ~bit;
}

/* ADVERTISE/LPA register bits <-> link modes (the kernel's mii_adv_* helpers in mii.h). */
void linkmode_mod_from_mii_adv(LinkModes *modes, uint16_t adv);
void linkmode_mod_from_mii_lpa(LinkModes *modes, uint16_t lpa);
uint16_t linkmode_to_mii_adv(LinkModes modes);

/* IEEE 802.3 Annex 28B Table 28B-3, from the local and the partner's advertisement. */
void linkmode_resolve_pause(LinkModes local, LinkModes partner, bool *ret_tx, bool *ret_rx);

/* Pause = rx, Asym_Pause = rx ^ tx, as the kernel's linkmode_set_pause(). */
void linkmode_set_pause(LinkModes *modes, bool tx, bool rx);

/* The 10/100 settings, best first, as the kernel's settings[] table orders them. */
typedef struct PhySetting {
        int speed;
        int duplex;
        unsigned bit;
} PhySetting;

/* The kernel's phy_lookup_setting(): the exact (speed, duplex) if supported; without exact,
 * the best supported one not faster than speed, else the slowest supported. NULL if none. */
const PhySetting *phy_lookup_setting(int speed, int duplex, LinkModes mask, bool exact);
/* The best 10/100 setting in mask, or NULL. */
const PhySetting *phy_best_setting(LinkModes mask);

/* ethtool's name for one link-mode bit ("100baseT/Full", "Autoneg", "Pause"), or NULL for
 * a bit phyd does not name. */
const char *linkmode_bit_to_string(unsigned bit);
int linkmode_bit_from_string(const char *name);
