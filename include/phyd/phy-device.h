/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Layer 2: one PHY on an MDIO bus, and phylib's state machine over it, kernel-shaped
 * (DESIGN decision 1). Function names follow the kernel's where a function does what the
 * kernel's function of that name does, leading underscores included (_phy_start_aneg():
 * the caller holds the PHY's lock), so docs/asix-driver.md maps one to one.
 *
 * No sd-event, no sd-bus, no logging here: the owner learns what happens through
 * PhyListener and logs it.
 */

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "phyd/clock.h"
#include "phyd/linkmode.h"
#include "phyd/mac-profile.h"
#include "phyd/mdio-bus.h"
#include "phyd/phy-driver.h"
#include "phyd/string-table.h"

/* The kernel's enum phy_state, in its order: phy_is_started() means state >= PHY_UP
 * (spec §3.1). CABLETEST has no use on these PHYs and is left out. */
typedef enum PhyState {
        PHY_DOWN,
        PHY_READY,
        PHY_HALTED,
        PHY_ERROR,
        PHY_UP,
        PHY_RUNNING,
        PHY_NOLINK,
        _PHY_STATE_MAX,
        _PHY_STATE_INVALID = -22,
} PhyState;

/* PHY_STATE_TIME: the poll interval of the kernel's state machine. */
#define PHY_STATE_TIME_USEC (1 * USEC_PER_SEC)

#define PHY_REGS_CACHED 7 /* Registers 0..6, as last read or written (D-Bus Registers) */

typedef struct PhyListener {
        /* The state changed, from old_state to phy->state; every change, including those
         * the kernel would not notify (a nested change, phy_start()'s UP). Lock held. */
        void (*state_changed)(PhyDevice *phy, PhyState old_state, void *userdata);
        /* phy_link_up()/phy_link_down(): what the kernel hands to adjust_link or
         * phylink_phy_change. Lock held. */
        void (*link_changed)(PhyDevice *phy, bool up, void *userdata);
        /* phy_error_precise(): the kernel WARNs with the failing function and errno.
         * Lock held. */
        void (*error)(PhyDevice *phy, const char *func, int err, void *userdata);
} PhyListener;

struct PhyDevice {
        MdioBus *bus;
        uint8_t addr;
        uint32_t phy_id;
        const PhyDriver *drv;
        const MacProfile *mac;
        Clock *clock;
        char name[MDIO_BUS_ID_MAX + 4]; /* "<bus id>:<addr as 2 hex digits>" */

        pthread_mutex_t lock; /* phydev->lock */
        PhyState state;

        /* The software state phylib keeps. */
        bool link;
        bool autoneg_complete;
        bool autoneg;          /* AUTONEG_ENABLE */
        int speed;             /* SPEED_10, SPEED_100 or SPEED_UNKNOWN */
        int duplex;            /* DUPLEX_HALF, DUPLEX_FULL or DUPLEX_UNKNOWN */
        bool pause;            /* the partner's Pause bit, full duplex only (§2.4) */
        bool asym_pause;       /* the partner's Asym_Pause bit, full duplex only */
        LinkModes supported;
        LinkModes advertising;
        LinkModes lp_advertising;
        LinkModes supported_eee;
        bool suspended;
        bool is_internal;
        bool is_gigabit_capable;
        bool loopback_enabled;
        bool wol_enabled;
        uint64_t link_down_events;

        /* The delayed work: when the state machine runs next, USEC_INFINITY if not queued
         * (the owner's worker sleeps until then). */
        uint64_t work_due_usec;
        uint64_t poll_interval_usec;

        uint16_t regs[PHY_REGS_CACHED];
        uint8_t regs_valid; /* bit n: regs[n] has been read */

        const PhyListener *listener;
        void *listener_userdata;
};

/* get_phy_device(): reads PHYSID1/PHYSID2 (spec §2.10). -ENODEV if nobody answers there
 * (an ID whose low 29 bits are all ones). The new PHY is in DOWN. */
/* PHYSID1 and PHYSID2 at addr and nothing else, as the kernel's get_phy_c22_id(): -ENODEV
 * where an ID of all ones (low 29 bits) says nobody is there. */
int get_phy_c22_id(MdioBus *bus, int addr, uint32_t *ret_id);

int phy_device_create(MdioBus *bus, int addr, Clock *clock, PhyDevice **ret_phy);
PhyDevice *phy_device_free(PhyDevice *phy);

void phy_set_listener(PhyDevice *phy, const PhyListener *listener, void *userdata);

/* phy_probe(): binds the driver (exact or model match, else Generic PHY), reads the
 * abilities from BMSR and the EEE abilities (MMD 3.20), advertises what is supported
 * without pause, then adds Pause and Asym_Pause to supported. DOWN -> READY. */
int phy_probe(PhyDevice *phy);

/* phy_attach_direct() and the MAC's connect work of the profile: READY, phy_init_hw(),
 * phy_resume(), then the profile (pause support, max speed, the AX88772's suspend). */
int phy_attach(PhyDevice *phy, const MacProfile *mac);

/* The software state a restarted daemon needs to take over a running PHY (DESIGN decision
 * 8): what phylib knows that the registers do not say, or say only through latching reads. */
typedef struct PhySavedState {
        uint32_t phy_id;
        PhyState state;
        bool link;
        bool autoneg_complete;
        bool autoneg;
        int speed;
        int duplex;
        bool pause;
        bool asym_pause;
        bool suspended;
        LinkModes supported;
        LinkModes advertising;
        LinkModes lp_advertising;
        LinkModes supported_eee;
        uint64_t link_down_events;
        uint16_t regs[PHY_REGS_CACHED];
        uint8_t regs_valid;
} PhySavedState;

void phy_save_state(PhyDevice *phy, PhySavedState *ret_state);

/* Takes over a PHY that a previous run left started, without a reset: instead of
 * phy_probe()/phy_attach()/phy_start() on a PHY in DOWN. Only non-latching registers are
 * read (BMCR, ADVERTISE); if they match the saved configuration the software state is
 * restored, the state machine carries on in the saved state and runs one poll interval
 * later. Returns 1 when adopted, 0 when the PHY does not match (the caller probes as the
 * kernel does), or -errno. */
int phy_adopt(PhyDevice *phy, const PhySavedState *saved, const MacProfile *mac);

/* phy_start(): from READY or HALTED only (-EBUSY otherwise, where the kernel WARNs):
 * resume, UP without notify, run the machine now. */
int phy_start(PhyDevice *phy);
/* phy_stop(): from a started state, DOWN or ERROR only (-EBUSY otherwise): HALTED with
 * notify, one inline run (link down, suspend), work cancelled. */
int phy_stop(PhyDevice *phy);

/* One run of the state machine (the kernel's phy_state_machine() work function). The
 * owner calls it when clock_now() reaches work_due_usec. */
void phy_state_machine(PhyDevice *phy);

/* mod_delayed_work() semantics: a pending run moves to now + delay. */
void phy_queue_state_machine(PhyDevice *phy, uint64_t delay_usec);
void phy_trigger_machine(PhyDevice *phy);
void phy_stop_machine(PhyDevice *phy);

static inline bool phy_is_started(const PhyDevice *phy)
{
        return phy->state >= PHY_UP;
}

int phy_init_hw(PhyDevice *phy);
int phy_start_aneg(PhyDevice *phy);
int _phy_start_aneg(PhyDevice *phy);
int phy_suspend(PhyDevice *phy);
int phy_resume(PhyDevice *phy);
int __phy_resume(PhyDevice *phy);

/* phy_ethtool_ksettings_set(): -EINVAL for a request the kernel refuses, nothing changed. */
int phy_ethtool_ksettings_set(PhyDevice *phy, bool autoneg, int speed, int duplex,
                              LinkModes advertising);
/* phy_set_asym_pause(): Pause = rx, Asym = rx ^ tx; restarts aneg if that changed the
 * advertisement and autoneg is on. */
void phy_set_asym_pause(PhyDevice *phy, bool rx, bool tx);
/* phy_get_pause(): the MAC's flow control, Annex 28B, full duplex only (spec §2.7). */
void phy_get_pause(PhyDevice *phy, bool *ret_tx, bool *ret_rx);

/* Register access, through the bus lock. Registers 0..6 are remembered as last read or
 * written. */
int phy_read(PhyDevice *phy, uint16_t reg);
int phy_write(PhyDevice *phy, uint16_t reg, uint16_t val);
/* Read-modify-write, written only if the value changes (spec §2 "RMW rule"); the bus lock
 * is held across both. phy_modify_changed() returns 1 if it wrote, 0 if not. */
int phy_modify_changed(PhyDevice *phy, uint16_t reg, uint16_t mask, uint16_t set);
int phy_modify(PhyDevice *phy, uint16_t reg, uint16_t mask, uint16_t set);
int phy_set_bits(PhyDevice *phy, uint16_t reg, uint16_t bits);
int phy_clear_bits(PhyDevice *phy, uint16_t reg, uint16_t bits);
/* Clause 45 register through the Clause 22 indirect registers 13/14 (spec §2.10). */
int phy_read_mmd(PhyDevice *phy, int devad, uint16_t reg);

/* Sleeps on the PHY's clock (the kernel's usleep_range()/msleep() in phylib). */
void phy_sleep(PhyDevice *phy, uint64_t usec);

DECLARE_STRING_TABLE_LOOKUP(phy_state, PhyState);
