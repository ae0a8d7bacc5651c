/* SPDX-License-Identifier: GPL-2.0-or-later */

/* Register access for one PHY (the kernel's phy-core.c): every access goes through the bus
 * lock, and a read-modify-write holds it across both halves. */

#include <errno.h>
#include <linux/mii.h>

#include "phyd/phy-device.h"
#include "phy-internal.h"

void phy_remember(PhyDevice *phy, uint16_t reg, int val)
{
        if (val < 0 || reg >= PHY_REGS_CACHED)
                return;
        phy->regs[reg] = (uint16_t) val;
        phy->regs_valid |= 1U << reg;
}

static int __phy_read(PhyDevice *phy, uint16_t reg)
{
        int val;

        val = __mdio_bus_read(phy->bus, phy->addr, MDIO_DEVAD_NONE, reg);
        phy_remember(phy, reg, val);
        return val;
}

static int __phy_write(PhyDevice *phy, uint16_t reg, uint16_t val)
{
        int r;

        r = __mdio_bus_write(phy->bus, phy->addr, MDIO_DEVAD_NONE, reg, val);
        /* What was written is in the register until the next read says otherwise. */
        if (r >= 0)
                phy_remember(phy, reg, val);
        return r;
}

int phy_read(PhyDevice *phy, uint16_t reg)
{
        int val;

        mdio_bus_lock(phy->bus);
        val = __phy_read(phy, reg);
        mdio_bus_unlock(phy->bus);
        return val;
}

int phy_write(PhyDevice *phy, uint16_t reg, uint16_t val)
{
        int r;

        mdio_bus_lock(phy->bus);
        r = __phy_write(phy, reg, val);
        mdio_bus_unlock(phy->bus);
        return r;
}

int phy_modify_changed(PhyDevice *phy, uint16_t reg, uint16_t mask, uint16_t set)
{
        int old, r;
        uint16_t new;

        mdio_bus_lock(phy->bus);
        old = __phy_read(phy, reg);
        if (old < 0) {
                r = old;
                goto out;
        }

        new = (uint16_t) ((old & ~mask) | set);
        if (new == old) {
                r = 0;
                goto out;
        }

        r = __phy_write(phy, reg, new);
        if (r >= 0)
                r = 1;
out:
        mdio_bus_unlock(phy->bus);
        return r;
}

int phy_modify(PhyDevice *phy, uint16_t reg, uint16_t mask, uint16_t set)
{
        int r;

        r = phy_modify_changed(phy, reg, mask, set);
        return r < 0 ? r : 0;
}

int phy_set_bits(PhyDevice *phy, uint16_t reg, uint16_t bits)
{
        return phy_modify(phy, reg, 0, bits);
}

int phy_clear_bits(PhyDevice *phy, uint16_t reg, uint16_t bits)
{
        return phy_modify(phy, reg, bits, 0);
}

int phy_read_mmd(PhyDevice *phy, int devad, uint16_t reg)
{
        int r;

        if (devad < 0 || devad > MII_MMD_CTRL_DEVAD_MASK)
                return -EINVAL;

        /* IEEE 802.3 22.2.4.3.11/12 (Annex 22D): select the device and the register, then
         * read the data without post-increment, all under one bus lock. */
        mdio_bus_lock(phy->bus);
        r = __phy_write(phy, MII_MMD_CTRL, (uint16_t) devad);
        if (r < 0)
                goto out;
        r = __phy_write(phy, MII_MMD_DATA, reg);
        if (r < 0)
                goto out;
        r = __phy_write(phy, MII_MMD_CTRL, (uint16_t) devad | MII_MMD_CTRL_NOINCR);
        if (r < 0)
                goto out;
        r = __phy_read(phy, MII_MMD_DATA);
out:
        mdio_bus_unlock(phy->bus);
        return r;
}

void phy_sleep(PhyDevice *phy, uint64_t usec)
{
        clock_sleep(phy->clock, usec);
}
