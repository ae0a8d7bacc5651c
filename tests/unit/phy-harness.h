/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The unit tier's rig: one sim PHY model on a sim MDIO bus, a PhyDevice over it, a virtual
 * clock, and a recording of every MDIO access and every state and link change. Tests drive
 * the state machine run by run on the test thread (DESIGN decision 3) and compare the
 * recorded accesses with expected traces written from the spec.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "phyd/clock.h"
#include "phyd/mac-profile.h"
#include "phyd/mdio-bus.h"
#include "phyd/phy-device.h"
#include "phyd/phy-model.h"

#define HARNESS_MAX_ACCESSES 8192
#define HARNESS_MAX_EVENTS 256
#define HARNESS_ADDR 0x10 /* AX_EMBD_PHY_ADDR, where the AX88772's PHY sits (spec §1) */
#define HARNESS_START_USEC (1 * USEC_PER_SEC)

/* One expected access: the op, the register and the value, in order. */
typedef struct TraceStep {
        MdioOp op;
        uint16_t reg;
        uint16_t val;
        int err; /* the access failed with this errno */
} TraceStep;

#define R(reg, val) { MDIO_READ, (reg), (val), 0 }
#define W(reg, val) { MDIO_WRITE, (reg), (val), 0 }
#define R_ERR(reg, err) { MDIO_READ, (reg), 0, (err) }
#define W_ERR(reg, val, err) { MDIO_WRITE, (reg), (val), (err) }

typedef enum HarnessEventKind {
        HARNESS_STATE,     /* state_changed: from -> to */
        HARNESS_LINK_UP,   /* phy_link_up() */
        HARNESS_LINK_DOWN, /* phy_link_down() */
        HARNESS_ERROR,     /* phy_error_precise() */
} HarnessEventKind;

typedef struct HarnessEvent {
        HarnessEventKind kind;
        PhyState from, to;
        int err;
        const char *func;
} HarnessEvent;

typedef struct Harness {
        Clock clock;
        MdioBus *bus;
        PhyModel *model; /* owned by the bus */
        PhyDevice *phy;

        MdioAccess accesses[HARNESS_MAX_ACCESSES];
        size_t n_accesses;
        size_t mark; /* accesses before this one have been checked */

        HarnessEvent events[HARNESS_MAX_EVENTS];
        size_t n_events;
        size_t events_mark;
} Harness;

/* A model of the kind with its default parameters at address 0x10, at virtual time 1 s. */
void harness_init(Harness *h, PhyModelKind kind);
void harness_init_params(Harness *h, const PhyModelParams *params);
void harness_free(Harness *h);

/* phy_device_create() + phy_probe(), asserting success. */
void harness_probe(Harness *h);
/* harness_probe() + phy_attach() with the profile + phy_start(), asserting success. The
 * accesses so far are marked as checked. */
void harness_bring_up(Harness *h, MacProfileKind profile);

/* Advances the clock to the pending run and runs it. Fails the test if none is pending. */
void harness_run(Harness *h);
void harness_run_n(Harness *h, unsigned n);
/* Runs every run due up to and including usec; the clock stays where the last one ended. */
void harness_run_until(Harness *h, uint64_t usec);
/* Leaves the clock delta after the end of the last run (an event "in the idle gap"). */
void harness_idle(Harness *h, uint64_t delta_usec);

/* Asserts that the accesses since the last check are exactly these, at the PHY's address;
 * prints both traces side by side when they differ. cite names the spec section. */
void harness_expect_trace(Harness *h, const TraceStep *steps, size_t n, const char *cite);
#define HARNESS_EXPECT_TRACE(h, steps, cite) harness_expect_trace(h, steps, ELEMENTSOF(steps), cite)
/* Marks every access so far as checked without looking at them. */
void harness_skip_trace(Harness *h);
size_t harness_pending_accesses(const Harness *h);

/* The listener's record since the last check. */
size_t harness_count_events(const Harness *h, HarnessEventKind kind);
bool harness_saw_state_change(const Harness *h, PhyState from, PhyState to);
/* The last event of that kind since the last check; fails the test if there is none. */
const HarnessEvent *harness_last_event(const Harness *h, HarnessEventKind kind);
void harness_clear_events(Harness *h);

/* The MAC's view: link, speed, duplex and the resolved flow control. */
void harness_assert_link(Harness *h, PhyState state, bool link, int speed, int duplex,
                         bool tx_pause, bool rx_pause);
