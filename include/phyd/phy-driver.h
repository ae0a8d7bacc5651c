/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A PHY driver: identity first, then the ops, as the kernel's struct phy_driver. Every op is
 * optional; the core reaches them through wrappers that fall back to the generic code where
 * the kernel does (phy_read_status() -> genphy_read_status(), phy_config_aneg() ->
 * genphy_config_aneg()), and does nothing where the kernel does nothing.
 */

#include <stdint.h>

typedef struct PhyDevice PhyDevice;

/* PHY_IS_INTERNAL: the PHY sits inside the MAC's package (ethtool: internal transceiver). */
#define PHY_IS_INTERNAL 0x00000001U

#define PHY_ID_MASK_EXACT 0xffffffffU
#define PHY_ID_MASK_MODEL 0xfffffff0U /* any revision: PHYSID2 bits 3:0 ignored */

#define PHY_ID_MATCH_EXACT(id) .phy_id = (id), .phy_id_mask = PHY_ID_MASK_EXACT
#define PHY_ID_MATCH_MODEL(id) .phy_id = (id), .phy_id_mask = PHY_ID_MASK_MODEL

typedef struct PhyDriver {
        uint32_t phy_id;
        uint32_t phy_id_mask;
        const char *name;
        uint32_t flags;

        /* Resets the PHY to a known state (phy_init_hw()). Returns 0 or -errno. Without it,
         * phy_init_hw() touches no register. */
        int (*soft_reset)(PhyDevice *phy);
        /* Writes the advertisement or the forced mode and restarts aneg as needed. Returns
         * 0 or -errno. Default: genphy_config_aneg(). */
        int (*config_aneg)(PhyDevice *phy);
        /* Updates link, autoneg_complete, speed, duplex, pause and lp_advertising from the
         * registers. Returns 0 or -errno. Default: genphy_read_status(). */
        int (*read_status)(PhyDevice *phy);
        /* Powers the PHY down / up. Return 0 or -errno. Without them phy_suspend() and
         * phy_resume() succeed without touching a register. */
        int (*suspend)(PhyDevice *phy);
        int (*resume)(PhyDevice *phy);
        /* Called with the PHY's lock held after a state machine run or phy_stop() changed
         * the state (spec §3.4). Returns nothing: the kernel ignores what it does. */
        void (*link_change_notify)(PhyDevice *phy);
} PhyDriver;

/* The kernel's phy_id_compare(). */
static inline bool phy_id_compare(uint32_t id, uint32_t drv_id, uint32_t mask)
{
        return ((id ^ drv_id) & mask) == 0;
}

/* The first registered driver whose ID and mask match phy_id, else the Generic PHY
 * driver (the fallback phy_attach_direct() binds). Never NULL. */
const PhyDriver *phy_driver_match(uint32_t phy_id);

/* The Generic PHY driver. */
extern const PhyDriver genphy_driver;
