/* SPDX-License-Identifier: GPL-2.0-or-later */

#include "monitor-mii.h"
#include "phyd/phy-device.h"

int monitor_mii_phy_id(MdioBus *bus, int addr, uint32_t *ret_id)
{
        return get_phy_c22_id(bus, addr, ret_id);
}
