/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * phyctl's side of the D-Bus contract: connecting, finding PHYs, reading their properties,
 * calling their methods. Failures are reported here, once, in words (phyctl-error.h).
 */

#include <stdint.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>

#include "phyd/string-table.h"
#include "phyctl-error.h"
#include "phyctl-phy-info.h"

/* The bus name of the phyd we talk to: io.phyd, or io.phyd.netns.NAME (--netns=NAME). */
#define PHYD_BUS_NAME phyd_bus_name()
const char *phyd_bus_name(void);
/* --netns=NAME. */
int phyd_bus_name_set_netns(const char *netns);
#define PHYD_MANAGER_PATH "/io/phyd"
#define PHYD_MANAGER_INTERFACE "io.phyd.Manager1"
#define PHYD_PHY_INTERFACE "io.phyd.Phy1"
#define PHYD_SIMULATOR_INTERFACE "io.phyd.Simulator1"
#define PHYD_PHY_PATH_PREFIX "/io/phyd/phy/"

typedef enum BusTransport {
        BUS_TRANSPORT_SYSTEM,  /* --system, the default */
        BUS_TRANSPORT_USER,    /* --user */
        BUS_TRANSPORT_ADDRESS, /* --address=ADDR */
        BUS_TRANSPORT_REMOTE,  /* -H HOST: the system bus of HOST, over ssh */
        _BUS_TRANSPORT_MAX,
        _BUS_TRANSPORT_INVALID = -EINVAL,
} BusTransport;

DECLARE_STRING_TABLE_LOOKUP(bus_transport, BusTransport);

/* "the system bus", "the user bus", "the bus at ADDR", "the system bus of HOST". */
char *bus_transport_describe(BusTransport transport, const char *where);

/* Connects; where is the address or the host. Remembers the description for messages. */
int bus_connect(BusTransport transport, const char *where, sd_bus **ret);
const char *bus_description(void);
/* Whether the daemon's CLOCK_MONOTONIC is ours (not so for -H). */
bool bus_is_local(void);

/* Prints the reason for a failed call (phyctl-error.h) and returns error (< 0). */
int log_bus_error(const sd_bus_error *e, int error, const ErrorContext *ctx);

/* Attaches bus to event, and makes event end on SIGINT and SIGTERM (after on_signal) and when
 * the connection is lost. */
int bus_attach_event_loop(sd_bus *bus, sd_event *event, sd_event_signal_handler_t on_signal,
                          void *userdata);

/* A PHY as named on the command line to its object path: a path under /io/phyd/phy/ is
 * used as it is, anything else (id, interface name, ifindex) goes to Manager1.GetPhy. */
int phy_resolve(sd_bus *bus, const char *name, char **ret_path);

typedef struct PhyListEntry {
        char *id;
        char *interface;
        int32_t ifindex;
        char *path;
} PhyListEntry;

typedef struct PhyList {
        PhyListEntry *entries;
        size_t n;
} PhyList;

void phy_list_done(PhyList *l);
/* Manager1.ListPhys, ordered by the n of /io/phyd/phy/<n>. */
int phy_list(sd_bus *bus, PhyList *ret);

/* org.freedesktop.DBus.Properties.GetAll("io.phyd.Phy1") on path. name: the PHY as the
 * user named it, for messages (NULL: the path). */
int phy_info_get(sd_bus *bus, const char *path, const char *name, PhyInfo *ret);

/* The PHY named on the command line: its object path (phy_resolve()) and, with ret_info, its
 * properties (phy_info_get(); ret_info->path is the path too). Either may be NULL. */
int phy_find(sd_bus *bus, const char *name, char **ret_path, PhyInfo *ret_info);
/* bus_connect(), then phy_find(). */
int phy_open(BusTransport transport, const char *where, const char *name, sd_bus **ret_bus,
             char **ret_path, PhyInfo *ret_info);

/* A method call on io.phyd; errors are reported with ctx. */
int phyd_call(sd_bus *bus, sd_bus_message *m, const ErrorContext *ctx,
              sd_bus_message **ret_reply);
int phyd_new_method_call(sd_bus *bus, const char *path, const char *interface,
                         const char *member, sd_bus_message **ret);

/* Phy1.ReadRegister on path; errors are reported with ctx. */
int phy_read_register(sd_bus *bus, const char *path, uint8_t reg, const ErrorContext *ctx,
                      uint16_t *ret);
