/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * A PHY's worker (DESIGN decision 2, as changed in docs/design-deviations.md): the PHY's own
 * delayed work item, run on the manager's small pool of threads (phy-workqueue.h) as the
 * kernel's workqueue runs each PHY's phy_state_machine work. Only the item touches the
 * PHY's bus and PhyDevice, and the pool never runs it on two threads at once. A run probes
 * the PHY the first time, then executes the requests the event loop handed over (register
 * access, Configure, the Simulator1 controls) serialised with polling, then the state machine
 * if it is due, and posts snapshots and finished requests back to the event loop. Nothing
 * of it runs on the event loop.
 */

#include <stdbool.h>
#include <stdint.h>
#include <systemd/sd-bus.h>

#include "daemon-phy.h"

typedef enum PhyRequestKind {
        PHY_REQUEST_RESET,
        PHY_REQUEST_RESTART_ANEG,
        PHY_REQUEST_START,
        PHY_REQUEST_STOP,
        PHY_REQUEST_SUSPEND,
        PHY_REQUEST_RESUME,
        PHY_REQUEST_CONFIGURE,
        PHY_REQUEST_READ_REGISTER,
        PHY_REQUEST_WRITE_REGISTER,
        PHY_REQUEST_SIM_PLUG,
        PHY_REQUEST_SIM_UNPLUG,
        PHY_REQUEST_SIM_ANEG_TIME,
        PHY_REQUEST_SIM_ANRESTART_TIME,
        PHY_REQUEST_SIM_LINK_LEAD_TIME,
        PHY_REQUEST_SIM_QUIRK,
        PHY_REQUEST_SIM_FAULT,
        PHY_REQUEST_SIM_CLEAR_FAULTS,
        PHY_REQUEST_APPLY_SETTINGS, /* Reload: poll mode and interval, link settings */
        PHY_REQUEST_LINK_UPDATE,    /* monitor mode: rtnetlink said something of the link */
        _PHY_REQUEST_KIND_MAX,
} PhyRequestKind;

struct PhyRequest {
        PhyRequestKind kind;
        DaemonPhy *phy;
        sd_bus_message *message; /* the call; touched on the event loop only */

        union {
                struct {
                        uint8_t reg;
                        uint16_t value;
                        bool force; /* WriteRegisterWithFlags' flag 1 */
                } reg;
                PhyLinkSettings settings;
                uint16_t abilities;
                uint64_t usec;
                bool carrier;
                struct {
                        PhyModelQuirk quirk;
                        bool on;
                } quirk;
                struct {
                        PhyModelFault fault;
                        int reg;
                        unsigned count;
                } fault;
        };
        struct {
                PollMode poll_mode;
                uint64_t poll_interval_usec;
                /* Back to what probe and the MAC profile gave before the settings apply:
                 * a changed .phy file drops runtime Configure() changes. */
                bool reset_link;
        } poll; /* APPLY_SETTINGS, together with settings */

        /* Written by the worker. */
        int result;     /* 0 or -errno */
        uint16_t value; /* READ_REGISTER */
        /* Monitor mode: what the kernel was asked to do ("set link modes") when it refused,
         * and why, in a sentence of ours or the kernel's extended ack; "" if nothing. */
        const char *failed;
        char reason[160];

        PhyRequest *next;
};

PhyRequest *phy_request_new(DaemonPhy *phy, PhyRequestKind kind, sd_bus_message *message);
PhyRequest *phy_request_free(PhyRequest *req);
DEFINE_TRIVIAL_CLEANUP_FUNC(PhyRequest *, phy_request_free);

/* Queues the PHY's first run (its bring-up); the pool is made with the first PHY. */
int phy_worker_start(DaemonPhy *phy);
/* Cancels the PHY's work item, waiting for a run in progress; requests that never ran are
 * answered -ESHUTDOWN. The PHY is left as it is (DESIGN decision 8). */
void phy_worker_stop(DaemonPhy *phy);
/* Hands a request over; it comes back through manager_post_request_done(). */
void phy_worker_submit(DaemonPhy *phy, PhyRequest *req);
