/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What a scenario does to the interface, as the kernel gets it from `ip link set`,
 * `ethtool -A` and `ethtool`: the same dev_change_flags(), ETHTOOL_SPAUSEPARAM and
 * ETHTOOL_GLINKSETTINGS paths, through their
 * ioctls, so no tool has to start (a dynamically linked ethtool takes 0.3 s to reach the
 * driver under TCG, which pushes its MDIO accesses into the next poll). Both block while the
 * driver talks to the device: call them from a process other than the one serving it.
 */

#include <stdbool.h>
#include <stdint.h>

/* Link-mode bitmaps are __s8 words long in the ioctl's handshake. */
#define NETDEV_LINK_MODE_WORDS_MAX 127

/* What `ethtool IF` shows of the link: phylib's speed, duplex and lp_advertising as
 * phy_ethtool_ksettings_get copies them (SPEED_UNKNOWN, DUPLEX_UNKNOWN when unknown). */
typedef struct NetdevLinkSettings {
        uint32_t speed;
        uint8_t duplex;
        uint32_t lp_advertising[NETDEV_LINK_MODE_WORDS_MAX];
        unsigned n_words;
} NetdevLinkSettings;

int netdev_set_up(const char *ifname, bool up);
/* ethtool -A IF autoneg on rx RX tx TX */
int netdev_set_pause(const char *ifname, bool rx, bool tx);
/* ethtool IF (ETHTOOL_GLINKSETTINGS, with its word-count handshake) */
int netdev_get_link_settings(const char *ifname, NetdevLinkSettings *ret);
