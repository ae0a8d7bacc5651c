/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The generic Clause 22 helpers of phylib (spec §2), in the kernel's blocking style: every
 * MDIO error is returned at once, nothing is logged here.
 */

#include <errno.h>
#include <linux/mdio.h>
#include <linux/mii.h>

#include "phyd/genphy.h"
#include "phyd/mdio-netlink.h"
#include "phy-internal.h"
#include "phyd/macro.h"

/* phy_poll_reset(): the kernel reads BMCR with read_poll_timeout(), sleeping 12.5-50 ms
 * (usleep_range(sleep/4 + 1, sleep)) before the first read and between reads, for 600 ms,
 * then one last read (spec §2.1). usleep_range() sleeps at least its lower bound; that is
 * what phyd sleeps. */
#define RESET_POLL_SLEEP_USEC (50000 / 4 + 1)
#define RESET_POLL_TIMEOUT_USEC (600 * USEC_PER_MSEC)

static int phy_poll_reset(PhyDevice *phy)
{
        uint64_t deadline;
        int val;

        deadline = clock_now(phy->clock) + RESET_POLL_TIMEOUT_USEC;
        phy_sleep(phy, RESET_POLL_SLEEP_USEC);
        for (;;) {
                val = phy_read(phy, MII_BMCR);
                if (val < 0 || !(val & BMCR_RESET))
                        break;
                if (clock_now(phy->clock) > deadline) {
                        val = phy_read(phy, MII_BMCR);
                        break;
                }
                phy_sleep(phy, RESET_POLL_SLEEP_USEC);
        }
        if (val < 0)
                return val;
        if (val & BMCR_RESET)
                return -ETIMEDOUT;

        /* Some PHYs need another millisecond after RESET clears (the kernel's msleep(1)). */
        phy_sleep(phy, USEC_PER_MSEC);
        return 0;
}

int genphy_soft_reset(PhyDevice *phy)
{
        uint16_t set = BMCR_RESET;
        int r;

        if (phy->autoneg)
                set |= BMCR_ANRESTART;

        r = phy_modify(phy, MII_BMCR, BMCR_ISOLATE, set);
        if (r < 0)
                return r;

        /* IEEE 802.3 22.2.4.1.1: a reset returns the control register to its defaults,
         * PDOWN included. */
        phy->suspended = false;

        r = phy_poll_reset(phy);
        if (r < 0)
                return r;

        /* The reset may have restored BMCR's defaults over a forced mode. */
        if (!phy->autoneg)
                return genphy_setup_forced(phy);
        return 0;
}

/* genphy_update_link()'s accesses on the mdio netlink bus: one program, run under the
 * kernel's bus lock, whose jumps make the same data-dependent choices as the code below
 * (mdio_program_genphy_update_link(): never a speculative BMSR read). Its values are BMCR,
 * then each BMSR read; with autoneg being restarted there is none, and the status is 0. */
static int genphy_update_link_program(PhyDevice *phy, int *ret_status)
{
        uint32_t values[4];
        MdioProgram prog;
        size_t n = 0;
        int phy_id, r;

        phy_id = mdio_nl_phy_id(phy->addr, MDIO_DEVAD_NONE);
        if (phy_id < 0)
                return phy_id;
        mdio_program_init(&prog);
        r = mdio_program_genphy_update_link(&prog, (uint16_t) phy_id, phy->link);
        if (r >= 0 && mdio_program_max_values(&prog) > ELEMENTSOF(values))
                r = -E2BIG;
        if (r >= 0)
                r = mdio_netlink_run(phy->bus, &prog, values, &n);
        mdio_program_done(&prog);
        if (r < 0)
                return r;
        if (n < 1)
                return -EBADMSG;

        phy_remember(phy, MII_BMCR, (uint16_t) values[0]);
        if (n > 1)
                phy_remember(phy, MII_BMSR, (uint16_t) values[n - 1]);
        *ret_status = n > 1 ? (uint16_t) values[n - 1] : 0;
        return 0;
}

int genphy_update_link(PhyDevice *phy)
{
        int bmcr, status = 0, r;

        if (mdio_bus_is_netlink(phy->bus)) {
                r = genphy_update_link_program(phy, &status);
                if (r < 0)
                        return r;
                goto done;
        }

        bmcr = phy_read(phy, MII_BMCR);
        if (bmcr < 0)
                return bmcr;

        /* Autoneg is being restarted: whatever BMSR says is stale, report link down. */
        if (bmcr & BMCR_ANRESTART)
                goto done;

        /* LSTATUS is latched low (IEEE 802.3 22.2.4.2.13). phylib polls, so it reads BMSR
         * only once while the link was up, and a momentary drop is seen as link down; only
         * when the link was already down does a first read showing no link get a second
         * read for the current state (spec §2.2). */
        if (!phy->link) {
                status = phy_read(phy, MII_BMSR);
                if (status < 0)
                        return status;
                if (status & BMSR_LSTATUS)
                        goto done;
        }

        status = phy_read(phy, MII_BMSR);
        if (status < 0)
                return status;

done:
        phy->link = status & BMSR_LSTATUS;
        phy->autoneg_complete = status & BMSR_ANEGCOMPLETE;

        /* Aneg restarted and cleared "complete", but "link up" has not dropped yet. */
        if (phy->autoneg && !phy->autoneg_complete)
                phy->link = false;
        return 0;
}

int genphy_read_lpa(PhyDevice *phy)
{
        int lpa;

        if (!phy->autoneg) {
                phy->lp_advertising = 0;
                return 0;
        }

        if (!phy->autoneg_complete) {
                linkmode_mod_from_mii_lpa(&phy->lp_advertising, 0);
                return 0;
        }

        /* A gigabit PHY would read STAT1000 here; these PHYs have no ESTATEN (spec §4). */
        lpa = phy_read(phy, MII_LPA);
        if (lpa < 0)
                return lpa;
        linkmode_mod_from_mii_lpa(&phy->lp_advertising, (uint16_t) lpa);
        return 0;
}

void phy_resolve_aneg_pause(PhyDevice *phy)
{
        /* Pause means nothing in half duplex (IEEE 802.3 Annex 31B): keep what was there. */
        if (phy->duplex != DUPLEX_FULL)
                return;
        phy->pause = linkmode_test(phy->lp_advertising, LINK_MODE(Pause));
        phy->asym_pause = linkmode_test(phy->lp_advertising, LINK_MODE(Asym_Pause));
}

void phy_resolve_aneg_linkmode(PhyDevice *phy)
{
        const PhySetting *best;

        /* The software advertisement, not the register: that is what phylib believes it
         * advertised (spec §2.4). */
        best = phy_best_setting(phy->advertising & phy->lp_advertising);
        if (best) {
                phy->speed = best->speed;
                phy->duplex = best->duplex;
        }
        phy_resolve_aneg_pause(phy);
}

int genphy_read_status_fixed(PhyDevice *phy)
{
        int bmcr;

        bmcr = phy_read(phy, MII_BMCR);
        if (bmcr < 0)
                return bmcr;

        phy->duplex = bmcr & BMCR_FULLDPLX ? DUPLEX_FULL : DUPLEX_HALF;
        if (bmcr & BMCR_SPEED1000)
                phy->speed = SPEED_1000;
        else if (bmcr & BMCR_SPEED100)
                phy->speed = SPEED_100;
        else
                phy->speed = SPEED_10;
        return 0;
}

int genphy_read_status(PhyDevice *phy)
{
        bool old_link = phy->link;
        int r;

        r = genphy_update_link(phy);
        if (r < 0)
                return r;

        /* Up before and up now: nothing can have changed that aneg would not restart. */
        if (phy->autoneg && old_link && phy->link)
                return 0;

        phy->speed = SPEED_UNKNOWN;
        phy->duplex = DUPLEX_UNKNOWN;
        phy->pause = false;
        phy->asym_pause = false;

        r = genphy_read_lpa(phy);
        if (r < 0)
                return r;

        if (phy->autoneg && phy->autoneg_complete)
                phy_resolve_aneg_linkmode(phy);
        else if (!phy->autoneg)
                return genphy_read_status_fixed(phy);
        return 0;
}

int genphy_setup_forced(PhyDevice *phy)
{
        uint16_t ctl = 0;

        phy->pause = false;
        phy->asym_pause = false;

        if (phy->speed == SPEED_1000)
                ctl |= BMCR_SPEED1000;
        else if (phy->speed == SPEED_100)
                ctl |= BMCR_SPEED100;
        if (phy->duplex == DUPLEX_FULL)
                ctl |= BMCR_FULLDPLX;

        /* Only LOOPBACK, ISOLATE and PDOWN survive: autoneg goes off. */
        return phy_modify(phy, MII_BMCR, (uint16_t) ~(BMCR_LOOPBACK | BMCR_ISOLATE | BMCR_PDOWN),
                          ctl);
}

int genphy_restart_aneg(PhyDevice *phy)
{
        return phy_modify(phy, MII_BMCR, BMCR_ISOLATE, BMCR_ANENABLE | BMCR_ANRESTART);
}

int genphy_check_and_restart_aneg(PhyDevice *phy, bool restart)
{
        int bmcr;

        if (!restart) {
                /* The advertisement did not change, but aneg may never have been on, or
                 * the PHY may be isolated. */
                bmcr = phy_read(phy, MII_BMCR);
                if (bmcr < 0)
                        return bmcr;
                if (!(bmcr & BMCR_ANENABLE) || (bmcr & BMCR_ISOLATE))
                        restart = true;
        }

        if (restart)
                return genphy_restart_aneg(phy);
        return 0;
}

static int genphy_config_advert(PhyDevice *phy)
{
        bool changed = false;
        int bmsr, r;

        phy->advertising &= phy->supported;

        r = phy_modify_changed(phy, MII_ADVERTISE,
                               ADVERTISE_ALL | ADVERTISE_100BASE4 | ADVERTISE_PAUSE_CAP |
                                       ADVERTISE_PAUSE_ASYM,
                               linkmode_to_mii_adv(phy->advertising));
        if (r < 0)
                return r;
        if (r > 0)
                changed = true;

        bmsr = phy_read(phy, MII_BMSR);
        if (bmsr < 0)
                return bmsr;

        /* IEEE 802.3 22.2.4.2.16: only a gigabit PHY has ESTATEN and CTRL1000. None of
         * the PHYs phyd drives has; a PHY that has is advertised 10/100 only. */
        return changed;
}

int genphy_config_aneg(PhyDevice *phy)
{
        bool changed = false;
        int r;

        /* The EEE advertisement (MMD 7.60) is written only when the PHY reported EEE
         * abilities at probe; phyd's v1 reports none (DESIGN decision 11, spec §2.10). */

        if (!phy->autoneg)
                return genphy_setup_forced(phy);

        r = genphy_config_advert(phy);
        if (r < 0)
                return r;
        if (r > 0)
                changed = true;

        return genphy_check_and_restart_aneg(phy, changed);
}

int genphy_read_abilities(PhyDevice *phy)
{
        int bmsr;

        phy->supported |= LINK_MODE(TP) | LINK_MODE(MII);

        bmsr = phy_read(phy, MII_BMSR);
        if (bmsr < 0)
                return bmsr;

        linkmode_mod(&phy->supported, LINK_MODE(Autoneg), bmsr & BMSR_ANEGCAPABLE);
        linkmode_mod(&phy->supported, LINK_MODE(100baseT_Full), bmsr & BMSR_100FULL);
        linkmode_mod(&phy->supported, LINK_MODE(100baseT_Half), bmsr & BMSR_100HALF);
        linkmode_mod(&phy->supported, LINK_MODE(10baseT_Full), bmsr & BMSR_10FULL);
        linkmode_mod(&phy->supported, LINK_MODE(10baseT_Half), bmsr & BMSR_10HALF);

        /* 1000 Mb/s abilities live in ESTATUS, present only with ESTATEN: not on these
         * PHYs, and outside phyd's v1 (DESIGN decision 11). */
        return 0;
}

int genphy_read_eee_abilities(PhyDevice *phy)
{
        int val;

        /* Only a PHY with an EEE-capable mode is asked (100baseTX is one). */
        if (!linkmode_test(phy->supported, LINK_MODE(100baseT_Full)))
                return 0;

        val = phy_read_mmd(phy, MDIO_MMD_PCS, MDIO_PCS_EEE_ABLE);
        /* An error or an all-ones answer means the PHY has no such register: no EEE
         * (spec §2.10). */
        if (val < 0 || val == 0xffff)
                val = 0;

        phy->supported_eee = 0;
        if (val & MDIO_EEE_100TX)
                phy->supported_eee |= LINK_MODE(100baseT_Full);
        phy->supported_eee &= phy->supported;
        return 0;
}

int genphy_suspend(PhyDevice *phy)
{
        return phy_set_bits(phy, MII_BMCR, BMCR_PDOWN);
}

int genphy_resume(PhyDevice *phy)
{
        return phy_clear_bits(phy, MII_BMCR, BMCR_PDOWN);
}
