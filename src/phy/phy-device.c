/* SPDX-License-Identifier: GPL-2.0-or-later */

/* A PHY's life before its state machine runs: found on the bus, probed, attached to its
 * MAC (the kernel's phy_device.c). */

#include <errno.h>
#include <linux/mii.h>
#include <stdio.h>
#include <string.h>

#include "phyd/genphy.h"
#include "phyd/macro.h"
#include "phyd/phy-device.h"
#include "phy-internal.h"

int get_phy_c22_id(MdioBus *bus, int addr, uint32_t *ret_id)
{
        int id1, id2;

        id1 = mdio_bus_read(bus, addr, MDIO_DEVAD_NONE, MII_PHYSID1);
        if (id1 < 0)
                return id1;
        id2 = mdio_bus_read(bus, addr, MDIO_DEVAD_NONE, MII_PHYSID2);
        if (id2 < 0)
                return id2;

        /* An empty address reads all ones through the bus pull-up; the kernel treats an
         * ID whose low 29 bits are all ones as nobody there. */
        if ((((uint32_t) id1 << 16 | (uint32_t) id2) & 0x1fffffff) == 0x1fffffff)
                return -ENODEV;

        *ret_id = (uint32_t) id1 << 16 | (uint32_t) id2;
        return 0;
}

int phy_device_create(MdioBus *bus, int addr, Clock *clock, PhyDevice **ret_phy)
{
        PhyDevice *phy;
        uint32_t phy_id;
        int r;

        if (!bus || !clock || !ret_phy)
                return -EINVAL;
        if (addr < 0 || addr >= MDIO_MAX_ADDR)
                return -ENXIO;

        r = get_phy_c22_id(bus, addr, &phy_id);
        if (r < 0)
                return r;

        phy = calloc(1, sizeof(*phy));
        if (!phy)
                return -ENOMEM;

        *phy = (PhyDevice) {
                .bus = bus,
                .addr = (uint8_t) addr,
                .phy_id = phy_id,
                .clock = clock,
                .state = PHY_DOWN,
                /* phy_device_create(): autoneg on, nothing known about the link. */
                .autoneg = true,
                .speed = SPEED_UNKNOWN,
                .duplex = DUPLEX_UNKNOWN,
                .work_due_usec = USEC_INFINITY,
                .poll_interval_usec = PHY_STATE_TIME_USEC,
        };
        snprintf(phy->name, sizeof(phy->name), "%s:%02x", bus->id, (unsigned) addr);
        phy->regs[MII_PHYSID1] = (uint16_t) (phy_id >> 16);
        phy->regs[MII_PHYSID2] = (uint16_t) phy_id;
        phy->regs_valid = 1U << MII_PHYSID1 | 1U << MII_PHYSID2;
        pthread_mutex_init(&phy->lock, NULL);

        *ret_phy = phy;
        return 0;
}

PhyDevice *phy_device_free(PhyDevice *phy)
{
        if (!phy)
                return NULL;
        pthread_mutex_destroy(&phy->lock);
        free(phy);
        return NULL;
}

void phy_set_listener(PhyDevice *phy, const PhyListener *listener, void *userdata)
{
        phy->listener = listener;
        phy->listener_userdata = userdata;
}

int phy_probe(PhyDevice *phy)
{
        int r;

        if (phy->state != PHY_DOWN)
                return -EBUSY;

        phy->drv = phy_driver_match(phy->phy_id);
        phy->is_internal = phy->drv->flags & PHY_IS_INTERNAL;

        /* No .features and no get_features in any driver here: abilities come from BMSR
         * (spec §1, §4). */
        r = genphy_read_abilities(phy);
        if (r < 0)
                return r;
        r = genphy_read_eee_abilities(phy);
        if (r < 0)
                return r;

        if (!linkmode_test(phy->supported, LINK_MODE(Autoneg)))
                phy->autoneg = false;
        phy->is_gigabit_capable = linkmode_test(phy->supported, LINK_MODE(1000baseT_Half)) ||
                                  linkmode_test(phy->supported, LINK_MODE(1000baseT_Full));

        /* phy_advertise_supported(): everything supported, pause bits from the old
         * advertisement, which has none. Only then does supported gain both pause bits,
         * so a freshly probed PHY advertises no pause (spec §2.7). */
        phy->advertising = (phy->supported & ~LINK_MODES_PAUSE) |
                           (phy->advertising & LINK_MODES_PAUSE);
        if (!linkmode_test(phy->supported, LINK_MODE(Pause)) &&
            !linkmode_test(phy->supported, LINK_MODE(Asym_Pause)))
                phy->supported |= LINK_MODES_PAUSE;

        pthread_mutex_lock(&phy->lock);
        phy_set_state(phy, PHY_READY);
        pthread_mutex_unlock(&phy->lock);
        return 0;
}

/* phy_set_max_speed(): drop the faster modes, then advertise what is left (pause bits
 * kept as they were). */
static void phy_set_max_speed(PhyDevice *phy, int max_speed)
{
        if (max_speed < SPEED_1000)
                phy->supported &= ~(LINK_MODE(1000baseT_Half) | LINK_MODE(1000baseT_Full));
        if (max_speed < SPEED_100)
                phy->supported &= ~(LINK_MODE(100baseT_Half) | LINK_MODE(100baseT_Full));
        phy->advertising = (phy->supported & ~LINK_MODES_PAUSE) |
                           (phy->advertising & LINK_MODES_PAUSE);
}

/* phy_support_asym_pause(): supported gains both pause bits and the advertisement copies
 * them. */
static void phy_support_asym_pause(PhyDevice *phy)
{
        phy->supported |= LINK_MODES_PAUSE;
        phy->advertising = (phy->advertising & ~LINK_MODES_PAUSE) |
                           (phy->supported & LINK_MODES_PAUSE);
}

int phy_attach(PhyDevice *phy, const MacProfile *mac)
{
        int r;

        if (!mac)
                return -EINVAL;
        if (phy->state != PHY_READY)
                return -EBUSY;

        phy->mac = mac;

        /* phy_attach_direct(): READY, carrier off, initialise, resume. */
        pthread_mutex_lock(&phy->lock);
        phy_set_state(phy, PHY_READY);
        pthread_mutex_unlock(&phy->lock);

        r = phy_init_hw(phy);
        if (r < 0)
                return r;
        (void) phy_resume(phy);

        /* The MAC driver's connect work (phylink_bringup_phy(), ax_mii_probe()). */
        if (mac->max_speed > 0)
                phy_set_max_speed(phy, mac->max_speed);
        if (mac->asym_pause)
                phy_support_asym_pause(phy);
        if (mac->suspend_after_attach)
                (void) phy_suspend(phy);

        return 0;
}

void phy_save_state(PhyDevice *phy, PhySavedState *ret_state)
{
        pthread_mutex_lock(&phy->lock);
        *ret_state = (PhySavedState) {
                .phy_id = phy->phy_id,
                .state = phy->state,
                .link = phy->link,
                .autoneg_complete = phy->autoneg_complete,
                .autoneg = phy->autoneg,
                .speed = phy->speed,
                .duplex = phy->duplex,
                .pause = phy->pause,
                .asym_pause = phy->asym_pause,
                .suspended = phy->suspended,
                .supported = phy->supported,
                .advertising = phy->advertising,
                .lp_advertising = phy->lp_advertising,
                .supported_eee = phy->supported_eee,
                .link_down_events = phy->link_down_events,
                .regs_valid = phy->regs_valid,
        };
        memcpy(ret_state->regs, phy->regs, sizeof(ret_state->regs));
        pthread_mutex_unlock(&phy->lock);
}

/* The registers say the PHY is still configured as phylib left it. */
static int phy_registers_match(PhyDevice *phy, const PhySavedState *s)
{
        int bmcr, adv;

        bmcr = phy_read(phy, MII_BMCR);
        if (bmcr < 0)
                return bmcr;
        if (bmcr & (BMCR_RESET | BMCR_PDOWN | BMCR_ISOLATE | BMCR_LOOPBACK))
                return 0;
        if (!!(bmcr & BMCR_ANENABLE) != s->autoneg)
                return 0;

        if (!s->autoneg)
                return !!(bmcr & BMCR_SPEED100) == (s->speed == SPEED_100) &&
                       !!(bmcr & BMCR_FULLDPLX) == (s->duplex == DUPLEX_FULL);

        adv = phy_read(phy, MII_ADVERTISE);
        if (adv < 0)
                return adv;
        return (adv & (ADVERTISE_ALL | ADVERTISE_100BASE4 | ADVERTISE_PAUSE_CAP |
                       ADVERTISE_PAUSE_ASYM)) ==
               linkmode_to_mii_adv(s->advertising & s->supported);
}

int phy_adopt(PhyDevice *phy, const PhySavedState *saved, const MacProfile *mac)
{
        int r;

        if (phy->state != PHY_DOWN || !mac)
                return -EBUSY;
        /* Another PHY, or one that was not running: probe it as the kernel would. */
        if (saved->phy_id != phy->phy_id || saved->state < PHY_UP)
                return 0;

        r = phy_registers_match(phy, saved);
        if (r <= 0)
                return r;

        phy->drv = phy_driver_match(phy->phy_id);
        phy->is_internal = phy->drv->flags & PHY_IS_INTERNAL;
        phy->mac = mac;
        phy->link = saved->link;
        phy->autoneg_complete = saved->autoneg_complete;
        phy->autoneg = saved->autoneg;
        phy->speed = saved->speed;
        phy->duplex = saved->duplex;
        phy->pause = saved->pause;
        phy->asym_pause = saved->asym_pause;
        phy->suspended = saved->suspended;
        phy->supported = saved->supported;
        phy->advertising = saved->advertising;
        phy->lp_advertising = saved->lp_advertising;
        phy->supported_eee = saved->supported_eee;
        phy->link_down_events = saved->link_down_events;
        /* Keep what was just read over what was saved. */
        for (unsigned reg = 0; reg < PHY_REGS_CACHED; reg++)
                if (!(phy->regs_valid & (1U << reg)) && (saved->regs_valid & (1U << reg))) {
                        phy->regs[reg] = saved->regs[reg];
                        phy->regs_valid |= 1U << reg;
                }

        pthread_mutex_lock(&phy->lock);
        phy_set_state(phy, saved->state);
        /* UP was waiting for its first run; RUNNING and NOLINK poll on as before. */
        phy_queue_state_machine(phy, saved->state == PHY_UP ? 0 : phy->poll_interval_usec);
        pthread_mutex_unlock(&phy->lock);
        return 1;
}
