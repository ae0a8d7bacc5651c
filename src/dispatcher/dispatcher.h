/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * phyd-dispatcher: runs the scripts of a directory for every LinkChanged a phyd sends
 * (DESIGN.md decision 10). The Dispatcher owns the event loop, the bus connection and the
 * queues of the PHYs that have scripts running; the bus subscription, the per-PHY queue and
 * the scripts themselves live in their own files.
 */

#include <stdint.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "phyd/macro.h"

typedef enum DispatcherBus {
        DISPATCHER_BUS_SYSTEM,
        DISPATCHER_BUS_USER,
        DISPATCHER_BUS_ADDRESS,
} DispatcherBus;

typedef struct DispatcherOptions {
        DispatcherBus bus;
        const char *bus_address;  /* DISPATCHER_BUS_ADDRESS */
        const char *bus_name;     /* the phyd to follow: io.phyd or io.phyd.netns.NAME */
        const char *scripts_dir;
        uint64_t timeout_usec;    /* per script; USEC_INFINITY: none */
} DispatcherOptions;

typedef struct DispatchPhy DispatchPhy;

typedef struct Dispatcher {
        char *bus_address;
        char *bus_name;
        char *scripts_dir;
        DispatcherBus bus_kind;
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

/* Runs the loop until SIGTERM or SIGINT (0) or a lost bus connection (-ECONNRESET). */
int dispatcher_run(Dispatcher *d);

/* dispatcher-bus.c: connects, subscribes to LinkChanged from options->bus_name and, once the
 * bus confirmed the match, tells systemd READY=1. */
int dispatcher_connect_bus(Dispatcher *d);
