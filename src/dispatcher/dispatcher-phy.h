/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The queue of one PHY: the event whose scripts run, one at a time in name order, and at most
 * one event waiting. An event that comes while another waits replaces it (the latest state
 * wins), and the dispatcher says how many were merged when the survivor starts. PHYs do not
 * wait for each other.
 */

#include <stddef.h>

#include "dispatcher-event.h"
#include "dispatcher-script.h"
#include "dispatcher.h"

struct DispatchPhy {
        Dispatcher *dispatcher;
        char *id;

        DispatchEvent *current; /* the event whose scripts run */
        char **env;             /* current's environment */
        char **scripts;         /* the scripts for current, in order */
        size_t next_script;     /* index of the script after the running one */
        Script *running;

        DispatchEvent *pending; /* the latest event that came during current */
        unsigned n_pending;     /* events that pending stands for */

        DispatchPhy *prev, *next;
};

/* Takes e (freed on failure too): runs it now if e's PHY is idle, else keeps it as the PHY's
 * pending event. */
int dispatch_phy_enqueue(Dispatcher *d, DispatchEvent *e);

/* Unlinks p from its dispatcher; a script still running gets SIGTERM. */
DispatchPhy *dispatch_phy_free(DispatchPhy *p);
