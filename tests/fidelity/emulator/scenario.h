/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A scenario file of the fidelity tier (format in ../INTERFACE.md), and the run rule both
 * sides apply: a run is a group of accesses to the PHY with no idle gap of RUN_IDLE_USEC
 * inside it, ended early by a BMCR write with PDOWN set; the events "after K" happen a fixed
 * delay after the last access of run K.
 */

#include <stdbool.h>
#include <stdint.h>

#include "phyd/mdio-bus.h"
#include "phyd/phy-model.h"

#define RUN_IDLE_USEC (200 * 1000ULL)
#define EVENT_DEFAULT_DELAY_USEC (400 * 1000ULL)
/* Applied later than this after its due time, an event has shifted the scenario. */
#define EVENT_LATE_USEC (250 * 1000ULL)
#define SCENARIO_EVENTS_MAX 32

typedef struct ScenarioEvent {
        unsigned after_run;
        uint64_t delay_usec;
        char action[12]; /* up, down, plug, unplug, pause, anrestart, link-lead, fault,
                          * settings */
        char args[2][16];
        unsigned n_args;
} ScenarioEvent;

typedef struct Scenario {
        PhyModelKind model;
        bool quirks[_PHY_MODEL_QUIRK_MAX];
        uint64_t aneg_usec; /* 0: the model's default */
        unsigned runs;
        ScenarioEvent events[SCENARIO_EVENTS_MAX];
        unsigned n_events;
} Scenario;

/* Parses path; on a bad line prints "path:line: what" to stderr and returns -EINVAL. */
int scenario_load(const char *path, Scenario *ret_scenario);

typedef struct RunTracker {
        unsigned n_ended;   /* runs that have ended */
        bool in_run;
        uint64_t last_usec; /* the last access of the current (or last ended) run */
} RunTracker;

/* Feeds one access; returns true when it ended the current run (a suspend). Accesses to
 * other addresses than phy_addr (the MAC's own, PHY 0) are neither members nor bounds, and
 * nor are failed ones: the kernel's mdio_access tracepoint records only accesses that
 * succeeded (TP_CONDITION(err >= 0)), so a run is what it can see. */
bool run_tracker_access(RunTracker *t, uint8_t phy_addr, const MdioAccess *a);
/* Returns true when the current run ended by idleness at now. */
bool run_tracker_idle(RunTracker *t, uint64_t now);
