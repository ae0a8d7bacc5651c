/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The daemon's top object, on the sd-event loop: the PHYs and their workers' mailbox, the
 * bus connection and its objects, the configuration, sd_notify.
 */

#include <pthread.h>
#include <stdbool.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-device.h>
#include <systemd/sd-event.h>

#include "bus-polkit.h"
#include "rtnl-watch.h"
#include "daemon-phy.h"
#include "phyd-config.h"
#include "phyd/mdio-trace.h"

typedef enum BusKind {
        BUS_SYSTEM,
        BUS_USER,
        BUS_ADDRESS,
} BusKind;

/* A sim PHY asked for on the command line: --sim=MODEL[@PROFILE]. */
typedef struct SimSpec {
        PhyModelKind kind;
        MacProfileKind profile;
} SimSpec;

typedef struct ManagerOptions {
        BusKind bus_kind;
        const char *bus_address;
        const char *bus_name;        /* io.phyd, or io.phyd.netns.* for phyd@.service */
        const char *config_dir;
        const char *trace_path;
        const char *state_dir;       /* where PHYs' state outlives a restart, or NULL */
        SimSpec *sims;
        size_t n_sims;
        uint64_t poll_interval_usec; /* 0: from the configuration */
} ManagerOptions;

typedef struct WorkerMessage WorkerMessage;
typedef struct PhyWorkqueue PhyWorkqueue;

typedef struct Manager {
        sd_event *event;
        sd_bus *bus;
        ManagerOptions options;
        char invocation_id[33];

        PhydConfig *config;
        DaemonPhy **phys;
        size_t n_phys;
        unsigned next_index;
        unsigned next_sim_bus;

        MdioTraceFile *trace_file;

        /* The pool that runs every PHY's work item (phy-worker.c makes it with the first). */
        PhyWorkqueue *workqueue;

        /* Workers post here; an eventfd wakes the loop. */
        pthread_mutex_t mailbox_lock;
        WorkerMessage *mailbox, **mailbox_tail;
        int mailbox_fd;
        sd_event_source *mailbox_source;
        sd_event_source *emit_source;

        BusPolkit polkit;
        bool ready;

        /* Real interfaces (manager-links.c). */
        RtnlWatch *rtnl;
        sd_device_monitor *device_monitor;
        NetLink *pending;       /* seen by rtnetlink, not yet initialised by udev */
        size_t n_pending;
} Manager;

int manager_new(const ManagerOptions *options, Manager **ret_manager);
Manager *manager_free(Manager *m);
DEFINE_TRIVIAL_CLEANUP_FUNC(Manager *, manager_free);

/* Reads the configuration; a bad file is an error naming file:line. */
int manager_load_config(Manager *m);
/* Creates the PHYs of the command line and of the configuration. */
int manager_add_phys(Manager *m);
int manager_connect_bus(Manager *m);
int manager_start(Manager *m);
int manager_run(Manager *m);
/* SIGHUP and Manager1.Reload(): all or nothing; on error the old configuration stays.
 * ret_error gets the one-line reason. */
int manager_reload(Manager *m, char **ret_error);

DaemonPhy *manager_find_phy(Manager *m, const char *name);

/* Thread-safe: called by workers. */
void manager_post_snapshot(Manager *m, DaemonPhy *phy, const PhySnapshot *snapshot);
void manager_post_request_done(Manager *m, PhyRequest *req);
MdioTraceFile *manager_trace_file(Manager *m);

/* Schedules one PropertiesChanged per PHY with pending changes, at the end of this loop
 * iteration. */
void manager_schedule_emit(Manager *m);

/* PHYs come and go. */
int manager_add_phy(Manager *m, DaemonPhy *phy);
void manager_remove_phy(Manager *m, DaemonPhy *phy);

/* manager-links.c: every Ethernet interface of the namespace, from rtnetlink and udev. */
int manager_watch_links(Manager *m);
void manager_unwatch_links(Manager *m);

/* manager-bus.c */
int manager_bus_register(Manager *m);
