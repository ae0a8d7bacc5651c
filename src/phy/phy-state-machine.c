/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * phylib's state machine (the kernel's phy.c; spec §3): start and stop, one run of the
 * machine, the link check, aneg start, and the pause and ethtool settings around them.
 */

#include <errno.h>

#include "phy-internal.h"
#include "phyd/genphy.h"
#include "phyd/macro.h"

static const char *const phy_state_table[_PHY_STATE_MAX] = {
        [PHY_DOWN] = "down",       [PHY_READY] = "ready",     [PHY_HALTED] = "halted",
        [PHY_ERROR] = "error",     [PHY_UP] = "up",           [PHY_RUNNING] = "running",
        [PHY_NOLINK] = "nolink",
};

DEFINE_STRING_TABLE_LOOKUP(phy_state, PhyState);

void phy_set_state(PhyDevice *phy, PhyState state)
{
        PhyState old_state = phy->state;

        if (old_state == state)
                return;
        phy->state = state;
        if (phy->listener && phy->listener->state_changed)
                phy->listener->state_changed(phy, old_state, phy->listener_userdata);
}

/* The driver hears of a change once per run, against the state the run started in, so a
 * change made and undone within one run, and the nested change inside the notify itself,
 * are not notified (spec §3.4). */
static void phy_process_state_change(PhyDevice *phy, PhyState old_state)
{
        if (old_state == phy->state)
                return;
        if (phy->drv && phy->drv->link_change_notify)
                phy->drv->link_change_notify(phy);
}

static void phy_link_up(PhyDevice *phy)
{
        if (phy->listener && phy->listener->link_changed)
                phy->listener->link_changed(phy, true, phy->listener_userdata);
}

static void phy_link_down(PhyDevice *phy)
{
        if (phy->listener && phy->listener->link_changed)
                phy->listener->link_changed(phy, false, phy->listener_userdata);
        phy->link_down_events++;
}

void phy_queue_state_machine(PhyDevice *phy, uint64_t delay_usec)
{
        phy->work_due_usec = clock_now(phy->clock) + delay_usec;
}

void phy_trigger_machine(PhyDevice *phy)
{
        phy_queue_state_machine(phy, 0);
}

void phy_stop_machine(PhyDevice *phy)
{
        pthread_mutex_lock(&phy->lock);
        phy->work_due_usec = USEC_INFINITY;
        if (phy_is_started(phy))
                phy_set_state(phy, PHY_UP);
        pthread_mutex_unlock(&phy->lock);
}

static int phy_read_status(PhyDevice *phy)
{
        if (!phy->drv)
                return -EIO;
        if (phy->drv->read_status)
                return phy->drv->read_status(phy);
        return genphy_read_status(phy);
}

static int phy_config_aneg(PhyDevice *phy)
{
        if (phy->drv->config_aneg)
                return phy->drv->config_aneg(phy);
        return genphy_config_aneg(phy);
}

/* Lock held. A speed or duplex change while RUNNING is no state change, and reaches nobody
 * (spec §3.3). */
static int phy_check_link_status(PhyDevice *phy)
{
        int r;

        /* Some PHYs keep the link down in loopback: keep the previous state. */
        if (phy->loopback_enabled)
                return 0;

        r = phy_read_status(phy);
        if (r)
                return r;

        if (phy->link && phy->state != PHY_RUNNING) {
                phy_set_state(phy, PHY_RUNNING);
                phy_link_up(phy);
        } else if (!phy->link && phy->state != PHY_NOLINK) {
                phy_set_state(phy, PHY_NOLINK);
                phy_link_down(phy);
        }
        return 0;
}

/* A forced mode the PHY does not support snaps to the nearest one it does. */
static void phy_sanitize_settings(PhyDevice *phy)
{
        const PhySetting *setting;

        setting = phy_lookup_setting(phy->speed, phy->duplex, phy->supported, false);
        if (setting) {
                phy->speed = setting->speed;
                phy->duplex = setting->duplex;
        } else {
                phy->speed = SPEED_UNKNOWN;
                phy->duplex = DUPLEX_UNKNOWN;
        }
}

int _phy_start_aneg(PhyDevice *phy)
{
        int r;

        if (!phy->drv)
                return -EIO;

        if (!phy->autoneg)
                phy_sanitize_settings(phy);

        r = phy_config_aneg(phy);
        if (r < 0)
                return r;

        if (phy_is_started(phy))
                r = phy_check_link_status(phy);
        return r;
}

int phy_start_aneg(PhyDevice *phy)
{
        int r;

        pthread_mutex_lock(&phy->lock);
        r = _phy_start_aneg(phy);
        pthread_mutex_unlock(&phy->lock);
        return r;
}

int phy_init_hw(PhyDevice *phy)
{
        int r;

        if (!phy->drv)
                return 0;

        /* No reset GPIO, board fixup, config_init or config_intr for these PHYs: the
         * soft reset is all of it (spec §2.9). */
        if (phy->drv->soft_reset) {
                r = phy->drv->soft_reset(phy);
                if (r < 0)
                        return r;
                phy->suspended = false;
        }
        return 0;
}

int phy_suspend(PhyDevice *phy)
{
        int r;

        if (phy->suspended || !phy->drv)
                return 0;
        /* Wake-on-LAN needs the PHY powered. */
        if (phy->wol_enabled)
                return -EBUSY;
        if (!phy->drv->suspend)
                return 0;

        r = phy->drv->suspend(phy);
        if (r == 0)
                phy->suspended = true;
        return r;
}

int __phy_resume(PhyDevice *phy)
{
        int r;

        if (!phy->drv || !phy->drv->resume)
                return 0;

        r = phy->drv->resume(phy);
        if (r == 0)
                phy->suspended = false;
        return r;
}

int phy_resume(PhyDevice *phy)
{
        int r;

        pthread_mutex_lock(&phy->lock);
        r = __phy_resume(phy);
        pthread_mutex_unlock(&phy->lock);
        return r;
}

int phy_start(PhyDevice *phy)
{
        int r = 0;

        pthread_mutex_lock(&phy->lock);
        if (phy->state != PHY_READY && phy->state != PHY_HALTED) {
                r = -EBUSY;
                goto out;
        }

        /* Bring the link up again if the PHY was powered down; the result does not stop
         * the start. UP is entered without a notify (spec §3.2). */
        (void) __phy_resume(phy);
        phy_set_state(phy, PHY_UP);
        phy_trigger_machine(phy);
out:
        pthread_mutex_unlock(&phy->lock);
        return r;
}

/* phy_error_precise(): the failing function and errno go to the owner (the kernel WARNs),
 * the PHY goes to ERROR, and the machine runs again to take the link down. */
static void phy_error_precise(PhyDevice *phy, const char *func, int err)
{
        if (phy->listener && phy->listener->error)
                phy->listener->error(phy, func, err, phy->listener_userdata);
        phy_set_state(phy, PHY_ERROR);
        phy_trigger_machine(phy);
}

/* Lock held. Returns true when the PHY is to be suspended once the lock is dropped. */
static bool _phy_state_machine(PhyDevice *phy)
{
        PhyState old_state = phy->state;
        const char *func = NULL;
        bool suspend = false;
        int r = 0;

        switch (phy->state) {
        case PHY_DOWN:
        case PHY_READY:
                break;
        case PHY_UP:
                r = _phy_start_aneg(phy);
                func = "_phy_start_aneg";
                break;
        case PHY_NOLINK:
        case PHY_RUNNING:
                r = phy_check_link_status(phy);
                func = "phy_check_link_status";
                break;
        case PHY_HALTED:
                /* Stopped with the link up: the link description goes (spec §9). */
                if (phy->link) {
                        if (phy->autoneg) {
                                phy->speed = SPEED_UNKNOWN;
                                phy->duplex = DUPLEX_UNKNOWN;
                        }
                        phy->lp_advertising = 0;
                }
                __attribute__((fallthrough));
        case PHY_ERROR:
                if (phy->link) {
                        phy->link = false;
                        phy_link_down(phy);
                }
                suspend = true;
                break;
        case _PHY_STATE_MAX:
        case _PHY_STATE_INVALID:
                /* The enum's bounds, never a state. */
                break;
        }

        /* The device is gone: stop quietly, no error state, no notify, no next run. */
        if (r == -ENODEV)
                return suspend;

        if (r < 0)
                phy_error_precise(phy, func, r);

        phy_process_state_change(phy, old_state);

        /* These PHYs have no interrupt: phylib always polls them (spec §3.1). */
        if (phy_is_started(phy))
                phy_queue_state_machine(phy, phy->poll_interval_usec);

        return suspend;
}

void phy_state_machine(PhyDevice *phy)
{
        bool suspend;

        pthread_mutex_lock(&phy->lock);
        /* The work is running: it is no longer pending, and may queue itself again. */
        phy->work_due_usec = USEC_INFINITY;
        suspend = _phy_state_machine(phy);
        pthread_mutex_unlock(&phy->lock);

        if (suspend)
                (void) phy_suspend(phy);
}

int phy_stop(PhyDevice *phy)
{
        PhyState old_state;

        if (!phy_is_started(phy) && phy->state != PHY_DOWN && phy->state != PHY_ERROR)
                return -EBUSY;

        pthread_mutex_lock(&phy->lock);
        old_state = phy->state;
        phy_set_state(phy, PHY_HALTED);
        phy_process_state_change(phy, old_state);
        pthread_mutex_unlock(&phy->lock);

        /* Run once now to take the link down and suspend, then cancel the work. */
        phy_state_machine(phy);
        phy_stop_machine(phy);
        return 0;
}

int phy_ethtool_ksettings_set(PhyDevice *phy, bool autoneg, int speed, int duplex,
                              LinkModes advertising)
{
        advertising &= phy->supported;

        if (autoneg && (advertising == 0 || !linkmode_test(phy->supported, LINK_MODE(Autoneg))))
                return -EINVAL;
        if (!autoneg && ((speed != SPEED_100 && speed != SPEED_10) ||
                         (duplex != DUPLEX_HALF && duplex != DUPLEX_FULL)))
                return -EINVAL;

        pthread_mutex_lock(&phy->lock);
        phy->autoneg = autoneg;
        if (!autoneg) {
                phy->speed = speed;
                phy->duplex = duplex;
        }
        phy->advertising = advertising;
        linkmode_mod(&phy->advertising, LINK_MODE(Autoneg), autoneg);

        /* A started PHY re-enters UP (no notify) and runs now; otherwise configure the
         * hardware directly. */
        if (phy_is_started(phy)) {
                phy_set_state(phy, PHY_UP);
                phy_trigger_machine(phy);
        } else
                (void) _phy_start_aneg(phy);
        pthread_mutex_unlock(&phy->lock);
        return 0;
}

void phy_set_asym_pause(PhyDevice *phy, bool rx, bool tx)
{
        LinkModes old = phy->advertising;

        linkmode_set_pause(&phy->advertising, tx, rx);
        if (old != phy->advertising && phy->autoneg)
                (void) phy_start_aneg(phy);
}

void phy_get_pause(PhyDevice *phy, bool *ret_tx, bool *ret_rx)
{
        if (phy->duplex != DUPLEX_FULL) {
                *ret_tx = false;
                *ret_rx = false;
                return;
        }
        linkmode_resolve_pause(phy->advertising, phy->lp_advertising, ret_tx, ret_rx);
}
