/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What a scenario does to the interface, as the kernel gets it from `ip link set` and
 * `ethtool -A`: the same dev_change_flags() and ETHTOOL_SPAUSEPARAM paths, through their
 * ioctls, so no tool has to start (a dynamically linked ethtool takes 0.3 s to reach the
 * driver under TCG, which pushes its MDIO accesses into the next poll). Both block while the
 * driver talks to the device: call them from a process other than the one serving it.
 */

#include <stdbool.h>

int netdev_set_up(const char *ifname, bool up);
/* ethtool -A IF autoneg on rx RX tx TX */
int netdev_set_pause(const char *ifname, bool rx, bool tx);
