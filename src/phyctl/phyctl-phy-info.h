/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Every io.phyd.Phy1 property (io.phyd.Phy1.xml), as GetAll returns them. One table names
 * each property, its D-Bus type and its field: the GetAll parser and the JSON printer both
 * walk it, so the two cannot disagree.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <systemd/sd-bus.h>

#include "phyd/string-table.h"
#include "phyctl-registers.h"

typedef struct PhyInfo {
        char *path; /* the object path; not a property */
        uint64_t present; /* a bit per phy_properties[] entry the daemon sent */

        char *id;
        char *backend;
        uint8_t address;
        char *interface;
        int32_t ifindex;
        uint32_t phy_id;
        char *driver;
        char *mode;
        char *mac_profile;
        char *state;
        bool link;
        uint32_t speed;
        char *duplex;
        bool autoneg;
        bool autoneg_complete;
        char **supported;
        char **advertising;
        char **lp_advertising;
        bool tx_pause;
        bool rx_pause;
        uint64_t link_down_events;
        uint64_t last_change_usec;
        uint64_t last_change_monotonic_usec;
        uint64_t sequence;
        uint64_t poll_interval_usec;
        char *poll_mode;
        uint64_t errors;
        char *status_text;
        uint16_t registers[PHY_REGISTERS_SNAPSHOT];
        size_t n_registers;
} PhyInfo;

/* The D-Bus types phyctl reads; to_string gives the signature. */
typedef enum PhyPropertyType {
        PHY_PROPERTY_STRING,
        PHY_PROPERTY_BOOL,
        PHY_PROPERTY_BYTE,
        PHY_PROPERTY_INT32,
        PHY_PROPERTY_UINT32,
        PHY_PROPERTY_UINT64,
        PHY_PROPERTY_STRV,
        PHY_PROPERTY_REGISTERS,
        _PHY_PROPERTY_TYPE_MAX,
        _PHY_PROPERTY_TYPE_INVALID = -EINVAL,
} PhyPropertyType;

DECLARE_STRING_TABLE_LOOKUP(phy_property_type, PhyPropertyType);

typedef struct PhyProperty {
        const char *name;
        PhyPropertyType type;
        size_t offset;
} PhyProperty;

/* In the order of io.phyd.Phy1.xml. */
extern const PhyProperty phy_properties[];
extern const size_t phy_properties_count;

void phy_info_done(PhyInfo *info);
bool phy_info_has(const PhyInfo *info, const char *property);

/* Reads the entries of a dictionary with string keys (its array entered already; contents:
 * the signature of an entry, "sv") to its end: f is called with each key and m at the
 * value, which f must read. */
typedef int (*BusDictEntryFn)(sd_bus_message *m, const char *key, void *userdata);
int bus_message_read_dict(sd_bus_message *m, const char *contents, BusDictEntryFn f,
                          void *userdata);

/* Reads an a{sv} of Phy1 properties (a GetAll reply, a LinkChanged snapshot) into info.
 * Properties phyctl does not know, or of another type than expected, are skipped. */
int phy_info_read(sd_bus_message *m, PhyInfo *info);

/* The name to show for a PHY: its Id, else its object path. */
const char *phy_info_name(const PhyInfo *info);
