/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * One PHY as the daemon keeps it: the core objects (bus, model, PhyDevice), owned and used
 * by the PHY's work item on the manager's worker pool (DESIGN decision 2), and what the
 * event loop publishes on D-Bus from the worker's snapshots.
 */

#include <net/if.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <systemd/sd-bus.h>

#include "ethtool-nl.h"
#include "phy-snapshot.h"
#include "phy-workqueue.h"
#include "phy-journal-limit.h"
#include "phyd-config.h"
#include "phyd/clock.h"
#include "phyd/mac-profile.h"
#include "phyd/mdio-bus.h"
#include "phyd/phy-device.h"
#include "phyd/phy-model.h"

typedef struct Manager Manager;
typedef struct PhyRequest PhyRequest;

/* Configure() and the link settings of a .phy file: each field is applied only if set. */
typedef struct PhyLinkSettings {
        int autoneg;          /* -1 unset, 0, 1 */
        int speed;            /* 0 unset, SPEED_10, SPEED_100 */
        int duplex;           /* -1 unset, DUPLEX_HALF, DUPLEX_FULL */
        bool set_advertise;
        LinkModes advertise;
        int rx_pause;         /* -1 unset */
        int tx_pause;         /* -1 unset */
} PhyLinkSettings;

#define PHY_LINK_SETTINGS_UNSET                                                           \
        ((PhyLinkSettings) { .autoneg = -1, .duplex = -1, .rx_pause = -1, .tx_pause = -1 })

/* What a .phy file sets of the link. */
PhyLinkSettings phy_link_settings_from_config(const PhyConfig *c);

typedef struct DaemonPhy {
        Manager *manager;
        unsigned index;         /* /io/phyd/phy/<index>, for the daemon's lifetime */
        char *path;
        char *name;             /* D-Bus Id: "<bus id>:<addr>" */
        /* The interface, "" without one. An array, not a pointer: a rename on the event loop
         * must never free what a worker's log line is reading. */
        char ifname[IF_NAMESIZE];
        int ifindex;
        bool carrier;           /* monitor mode: rtnetlink's IFLA_CARRIER */
        EthtoolSocket *ethtool; /* monitor mode, the worker's */
        uint64_t own_down_count; /* carrier losses seen, where the kernel counts none */
        bool allow_raw_writes;  /* monitor mode: AllowRawWrites=yes in its .phy file */
        MdioBus *raw_bus;       /* monitor mode: the MII ioctls, for the PHY ID and forced
                                 * raw writes only */
        uint32_t monitor_phy_id; /* monitor mode: from PHYSID1/2 where the MII ioctls work */
        char *config_file;      /* the .phy file it came from, NULL for --sim */

        /* What the PHY is, fixed at creation. */
        PhyBackend backend;
        PhyMode mode;
        MacProfileKind mac_profile;
        PhyModelKind model_kind; /* sim only */
        uint8_t address;
        bool address_known;     /* ioctl: from the .phy file, or asked with SIOCGMIIPHY */
        char netlink_bus_id[MDIO_BUS_ID_MAX]; /* mdio-netlink: the kernel's mii_bus id */

        /* Settings, applied by the worker. */
        PollMode poll_mode;
        uint64_t poll_interval_usec;
        PhyLinkSettings initial_settings; /* from the .phy file, applied at bring-up */
        bool have_saved;                  /* left by the previous phyd: adopt, no reset */
        PhySavedState saved;

        /* Owned by the PHY's work item once it runs. */
        Clock *clock;
        MdioBus *bus;
        PhyModel *model;        /* sim only; owned by the bus */
        PhyDevice *dev;         /* NULL until probed */
        PhySnapshot worker_snapshot; /* the last one posted */
        bool worker_sent;
        bool first_run_done;
        uint64_t errors;        /* failed MDIO accesses, counted by the bus tracer */
        const char *status_text; /* why there is no bus: published as StatusText */

        /* The PHY's delayed work item on the manager's pool, and its mailbox. */
        PhyWork work;
        bool work_started;
        bool brought_up;        /* the item's first run probed the PHY */
        pthread_mutex_t lock;
        bool stop;
        PhyRequest *requests, **requests_tail;

        /* Published by the event loop. */
        PhySnapshot published;
        bool published_once;
        uint64_t sequence;
        uint64_t last_change_usec;
        uint64_t last_change_monotonic_usec;
        uint32_t pending_changes; /* PhySnapshotField bits for PropertiesChanged */
        PhyJournalLimit journal_limit;
        sd_bus_slot *phy_slot;
        sd_bus_slot *sim_slot;
} DaemonPhy;

/* A sim PHY: its own bus "sim<k>", the model at address, a worker not yet started. */
int daemon_phy_new_sim(Manager *m, unsigned index, PhyModelKind kind, MacProfileKind profile,
                       uint8_t address, DaemonPhy **ret_phy);
/* An interface's PHY seen through the kernel (monitor mode): link from rtnetlink, modes from
 * ethtool netlink (DESIGN decisions 4 and 5). backend is PHY_BACKEND_ETHTOOL, or
 * PHY_BACKEND_IOCTL for one whose non-latching registers may also be read through the MII
 * ioctls. */
int daemon_phy_new_netdev(Manager *m, unsigned index, PhyBackend backend, int ifindex,
                          const char *ifname, const char *id, DaemonPhy **ret_phy);
/* An interface's PHY driven through the MII ioctls (Backend=ioctl, Mode=managed). address < 0:
 * ask the interface (SIOCGMIIPHY). */
int daemon_phy_new_ioctl(Manager *m, unsigned index, int ifindex, const char *ifname,
                         int address, DaemonPhy **ret_phy);
/* A PHY on the kernel's MDIO bus bus_id through the mdio-netlink module (Backend=mdio-netlink,
 * Mode=managed). The bus is opened by the worker (a netlink round trip): without the module
 * the PHY is in state error and says why (StatusText). */
int daemon_phy_new_mdio_netlink(Manager *m, unsigned index, int ifindex, const char *ifname,
                                const char *bus_id, uint8_t address, DaemonPhy **ret_phy);
DaemonPhy *daemon_phy_free(DaemonPhy *phy);
DEFINE_TRIVIAL_CLEANUP_FUNC(DaemonPhy *, daemon_phy_free);

const char *daemon_phy_name(const DaemonPhy *phy);
const char *daemon_phy_ifname(const DaemonPhy *phy);

/* The poll interval a PollMode and a configured interval give (DESIGN decision 6). */
uint64_t poll_mode_interval(PollMode mode, uint64_t configured_usec);

/* D-Bus: io.phyd.Phy1 and, on sim PHYs, io.phyd.Simulator1 (phy-bus.c, sim-bus.c). */
int daemon_phy_bus_register(DaemonPhy *phy);
void daemon_phy_bus_unregister(DaemonPhy *phy);
/* Takes a new snapshot from the worker: LinkChanged when the link description changed,
 * PropertiesChanged (coalesced) for every property that did. */
void daemon_phy_publish(DaemonPhy *phy, const PhySnapshot *snapshot);
int daemon_phy_emit_properties_changed(DaemonPhy *phy);
