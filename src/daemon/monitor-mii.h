/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What monitor mode may read through the MII ioctls, where the interface has them: the PHY's
 * identifier, from PHYSID1 and PHYSID2. Neither latches anything; BMSR (link and fault bits
 * latched) and EXPANSION (page received, cleared on read) belong to the kernel's driver and
 * are never read (DESIGN decision 5).
 */

#include <stdint.h>

#include "phyd/mdio-bus.h"

/* Reads PHYSID1 and PHYSID2 at addr, nothing else. -ENODEV if nobody answers there. */
int monitor_mii_phy_id(MdioBus *bus, int addr, uint32_t *ret_id);
