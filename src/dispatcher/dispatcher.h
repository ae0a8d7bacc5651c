/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * phyd-dispatcher: runs the scripts of a directory for every LinkChanged a phyd sends
 * (DESIGN.md decision 10). The Dispatcher owns the event loop, the bus connection and the
 * queues of the PHYs that have scripts running; the bus subscription, the per-PHY queue and
 * the scripts themselves live in their own files.
 */

#include <stdbool.h>
#include <stdint.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "phyd/macro.h"

typedef struct DispatcherOptions {
        const char *bus_address;  /* the bus at this address; NULL: the system or user bus */
        bool user_bus;
        const char *bus_name;     /* the phyd to follow: io.phyd or io.phyd.netns.NAME */
        const char *scripts_dir;
        uint64_t timeout_usec;    /* per script; USEC_INFINITY: none */
} DispatcherOptions;

typedef struct DispatchPhy DispatchPhy;

typedef struct Dispatcher {
        char *bus_address;
        bool user_bus;
        char *bus_name;
        char *scripts_dir;
        uint64_t timeout_usec;

        sd_event *event;
        sd_bus *bus;
        sd_bus_slot *link_changed_slot;

        /* PHYs with an event being dispatched; a PHY leaves the list when it has nothing
         * left to run. */
        DispatchPhy *phys;
} Dispatcher;

int dispatcher_new(const DispatcherOptions *options, Dispatcher **ret);
Dispatcher *dispatcher_free(Dispatcher *d);
DEFINE_TRIVIAL_CLEANUP_FUNC(Dispatcher *, dispatcher_free);

/* Runs the loop: 0 after SIGTERM or SIGINT, < 0 when it ended on a failure (logged where it
 * happened: the subscription refused, the bus connection lost). */
int dispatcher_run(Dispatcher *d);
