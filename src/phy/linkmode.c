/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <linux/mii.h>
#include <string.h>

#include "phyd/linkmode.h"
#include "phyd/macro.h"

/* The register bit of each 10/100 and pause link mode, as IEEE 802.3 22.2.4.3 lays out
 * ADVERTISE and LPA (Annex 28B.2 technology ability field). */
static const struct {
        uint16_t mii;
        LinkModes mode;
} mii_adv_map[] = {
        { ADVERTISE_10HALF, LINK_MODE(10baseT_Half) },
        { ADVERTISE_10FULL, LINK_MODE(10baseT_Full) },
        { ADVERTISE_100HALF, LINK_MODE(100baseT_Half) },
        { ADVERTISE_100FULL, LINK_MODE(100baseT_Full) },
        { ADVERTISE_PAUSE_CAP, LINK_MODE(Pause) },
        { ADVERTISE_PAUSE_ASYM, LINK_MODE(Asym_Pause) },
};

void linkmode_mod_from_mii_adv(LinkModes *modes, uint16_t adv)
{
        for (size_t i = 0; i < ELEMENTSOF(mii_adv_map); i++)
                linkmode_mod(modes, mii_adv_map[i].mode, adv & mii_adv_map[i].mii);
}

void linkmode_mod_from_mii_lpa(LinkModes *modes, uint16_t lpa)
{
        linkmode_mod(modes, LINK_MODE(Autoneg), lpa & LPA_LPACK);
        linkmode_mod_from_mii_adv(modes, lpa);
}

uint16_t linkmode_to_mii_adv(LinkModes modes)
{
        uint16_t adv = 0;

        for (size_t i = 0; i < ELEMENTSOF(mii_adv_map); i++)
                if (linkmode_test(modes, mii_adv_map[i].mode))
                        adv |= mii_adv_map[i].mii;
        return adv;
}

void linkmode_resolve_pause(LinkModes local, LinkModes partner, bool *ret_tx, bool *ret_rx)
{
        LinkModes common = local & partner;

        if (linkmode_test(common, LINK_MODE(Pause))) {
                *ret_tx = true;
                *ret_rx = true;
        } else if (linkmode_test(common, LINK_MODE(Asym_Pause))) {
                *ret_tx = linkmode_test(partner, LINK_MODE(Pause));
                *ret_rx = linkmode_test(local, LINK_MODE(Pause));
        } else {
                *ret_tx = false;
                *ret_rx = false;
        }
}

void linkmode_set_pause(LinkModes *modes, bool tx, bool rx)
{
        linkmode_mod(modes, LINK_MODE(Pause), rx);
        linkmode_mod(modes, LINK_MODE(Asym_Pause), rx ^ tx);
}

static const PhySetting settings[] = {
        { SPEED_100, DUPLEX_FULL, ETHTOOL_LINK_MODE_100baseT_Full_BIT },
        { SPEED_100, DUPLEX_HALF, ETHTOOL_LINK_MODE_100baseT_Half_BIT },
        { SPEED_10, DUPLEX_FULL, ETHTOOL_LINK_MODE_10baseT_Full_BIT },
        { SPEED_10, DUPLEX_HALF, ETHTOOL_LINK_MODE_10baseT_Half_BIT },
};

const PhySetting *phy_lookup_setting(int speed, int duplex, LinkModes mask, bool exact)
{
        const PhySetting *match = NULL, *last = NULL;

        for (size_t i = 0; i < ELEMENTSOF(settings); i++) {
                const PhySetting *p = &settings[i];

                if (!linkmode_test(mask, (LinkModes) 1 << p->bit))
                        continue;
                last = p;
                if (p->speed == speed && p->duplex == duplex)
                        return p;
                if (exact)
                        continue;
                if (!match && p->speed <= speed)
                        match = p;
                if (p->speed < speed)
                        break;
        }
        if (!match && !exact)
                match = last;
        return match;
}

const PhySetting *phy_best_setting(LinkModes mask)
{
        for (size_t i = 0; i < ELEMENTSOF(settings); i++)
                if (linkmode_test(mask, (LinkModes) 1 << settings[i].bit))
                        return &settings[i];
        return NULL;
}

static const char *const linkmode_names[] = {
        [ETHTOOL_LINK_MODE_10baseT_Half_BIT] = "10baseT/Half",
        [ETHTOOL_LINK_MODE_10baseT_Full_BIT] = "10baseT/Full",
        [ETHTOOL_LINK_MODE_100baseT_Half_BIT] = "100baseT/Half",
        [ETHTOOL_LINK_MODE_100baseT_Full_BIT] = "100baseT/Full",
        [ETHTOOL_LINK_MODE_1000baseT_Half_BIT] = "1000baseT/Half",
        [ETHTOOL_LINK_MODE_1000baseT_Full_BIT] = "1000baseT/Full",
        [ETHTOOL_LINK_MODE_Autoneg_BIT] = "Autoneg",
        [ETHTOOL_LINK_MODE_TP_BIT] = "TP",
        [ETHTOOL_LINK_MODE_AUI_BIT] = "AUI",
        [ETHTOOL_LINK_MODE_MII_BIT] = "MII",
        [ETHTOOL_LINK_MODE_FIBRE_BIT] = "FIBRE",
        [ETHTOOL_LINK_MODE_BNC_BIT] = "BNC",
        [ETHTOOL_LINK_MODE_Pause_BIT] = "Pause",
        [ETHTOOL_LINK_MODE_Asym_Pause_BIT] = "Asym_Pause",
};

const char *linkmode_bit_to_string(unsigned bit)
{
        if (bit >= ELEMENTSOF(linkmode_names))
                return NULL;
        return linkmode_names[bit];
}

int linkmode_bit_from_string(const char *name)
{
        if (!name)
                return -EINVAL;
        for (size_t i = 0; i < ELEMENTSOF(linkmode_names); i++)
                if (linkmode_names[i] && streq(linkmode_names[i], name))
                        return (int) i;
        return -EINVAL;
}
