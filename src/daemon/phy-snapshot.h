/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * What a PHY's worker hands to the event loop: a copy of everything the D-Bus object shows,
 * taken under the PHY's lock after each run or request. The event loop never touches a
 * PhyDevice; it publishes snapshots.
 */

#include <stdbool.h>
#include <stdint.h>

#include "phyd/phy-device.h"
#include "phyd/phy-model.h"

typedef struct PhySnapshot {
        bool present;          /* a PhyDevice exists (probe found the PHY) */
        bool first_run_done;   /* the state machine ran once since start (READY=1) */
        PhyState state;
        bool link;
        int speed;
        int duplex;
        bool autoneg;
        bool autoneg_complete;
        LinkModes supported;
        LinkModes advertising;
        LinkModes lp_advertising;
        bool tx_pause;
        bool rx_pause;
        uint64_t link_down_events;
        uint64_t errors;
        uint32_t phy_id;
        const char *driver;    /* a driver's static name, or NULL */
        const char *status_text; /* a static sentence: why the PHY is in state error */
        uint16_t regs[PHY_REGS_CACHED];
        uint64_t poll_interval_usec;

        /* Simulator1, on sim PHYs only. */
        bool partner_present;
        uint16_t partner_abilities;
        uint64_t aneg_usec;
        bool quirks[_PHY_MODEL_QUIRK_MAX];
} PhySnapshot;

/* The fields a LinkChanged snapshot carries, in the order of io.phyd.Phy1.xml. */
typedef enum PhySnapshotField {
        PHY_FIELD_STATE,
        PHY_FIELD_LINK,
        PHY_FIELD_SPEED,
        PHY_FIELD_DUPLEX,
        PHY_FIELD_AUTONEG,
        PHY_FIELD_AUTONEG_COMPLETE,
        PHY_FIELD_ADVERTISING,
        PHY_FIELD_LP_ADVERTISING,
        PHY_FIELD_TX_PAUSE,
        PHY_FIELD_RX_PAUSE,
        PHY_FIELD_LINK_DOWN_EVENTS,
        _PHY_FIELD_LINK_MAX,
        /* Not part of the link description: PropertiesChanged only. */
        PHY_FIELD_SUPPORTED = _PHY_FIELD_LINK_MAX,
        PHY_FIELD_PHY_ID,
        PHY_FIELD_DRIVER,
        PHY_FIELD_ERRORS,
        PHY_FIELD_REGISTERS,
        PHY_FIELD_POLL_INTERVAL,
        PHY_FIELD_STATUS_TEXT,
        PHY_FIELD_SIM,
        PHY_FIELD_LIFECYCLE, /* present, first run done: no property of their own */
        _PHY_FIELD_MAX,
} PhySnapshotField;

/* Lock held by the caller (the worker thread). first_run_done and errors are the worker's
 * to fill in. */
void phy_snapshot_capture(PhySnapshot *s, PhyDevice *phy, PhyModel *model);

/* A bit per PhySnapshotField that differs. */
uint32_t phy_snapshot_diff(const PhySnapshot *a, const PhySnapshot *b);
#define PHY_SNAPSHOT_LINK_FIELDS ((1U << _PHY_FIELD_LINK_MAX) - 1)

/* D-Bus presentation helpers. */
const char *phy_snapshot_duplex_string(const PhySnapshot *s);
uint32_t phy_snapshot_speed(const PhySnapshot *s);
