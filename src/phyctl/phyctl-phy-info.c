/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <string.h>

#include "phyd/macro.h"
#include "phyctl-phy-info.h"
#include "phyd/strv.h"

static const char *const phy_property_type_table[_PHY_PROPERTY_TYPE_MAX] = {
        [PHY_PROPERTY_STRING] = "s",
        [PHY_PROPERTY_BOOL] = "b",
        [PHY_PROPERTY_BYTE] = "y",
        [PHY_PROPERTY_INT32] = "i",
        [PHY_PROPERTY_UINT32] = "u",
        [PHY_PROPERTY_UINT64] = "t",
        [PHY_PROPERTY_STRV] = "as",
        [PHY_PROPERTY_REGISTERS] = "aq",
};

DEFINE_STRING_TABLE_LOOKUP(phy_property_type, PhyPropertyType);

#define PROPERTY(name, type, field) { name, PHY_PROPERTY_##type, offsetof(PhyInfo, field) }

const PhyProperty phy_properties[] = {
        PROPERTY("Id", STRING, id),
        PROPERTY("Backend", STRING, backend),
        PROPERTY("Address", BYTE, address),
        PROPERTY("Interface", STRING, interface),
        PROPERTY("Ifindex", INT32, ifindex),
        PROPERTY("PhyId", UINT32, phy_id),
        PROPERTY("Driver", STRING, driver),
        PROPERTY("Mode", STRING, mode),
        PROPERTY("MacProfile", STRING, mac_profile),
        PROPERTY("State", STRING, state),
        PROPERTY("Link", BOOL, link),
        PROPERTY("Speed", UINT32, speed),
        PROPERTY("Duplex", STRING, duplex),
        PROPERTY("Autoneg", BOOL, autoneg),
        PROPERTY("AutonegComplete", BOOL, autoneg_complete),
        PROPERTY("Supported", STRV, supported),
        PROPERTY("Advertising", STRV, advertising),
        PROPERTY("LinkPartnerAdvertising", STRV, lp_advertising),
        PROPERTY("NegotiatedTxPause", BOOL, tx_pause),
        PROPERTY("NegotiatedRxPause", BOOL, rx_pause),
        PROPERTY("LinkDownEvents", UINT64, link_down_events),
        PROPERTY("LastChangeUSec", UINT64, last_change_usec),
        PROPERTY("LastChangeMonotonicUSec", UINT64, last_change_monotonic_usec),
        PROPERTY("Sequence", UINT64, sequence),
        PROPERTY("PollIntervalUSec", UINT64, poll_interval_usec),
        PROPERTY("PollMode", STRING, poll_mode),
        PROPERTY("Errors", UINT64, errors),
        PROPERTY("StatusText", STRING, status_text),
        PROPERTY("Registers", REGISTERS, registers),
};

const size_t phy_properties_count = ELEMENTSOF(phy_properties);

/* present is one word. */
_Static_assert(ELEMENTSOF(phy_properties) <= 64, "too many properties for PhyInfo.present");

void phy_info_done(PhyInfo *info)
{
        for (size_t i = 0; i < phy_properties_count; i++) {
                void *field = (uint8_t *) info + phy_properties[i].offset;

                switch (phy_properties[i].type) {
                case PHY_PROPERTY_STRING:
                        free(*(char **) field);
                        break;
                case PHY_PROPERTY_STRV:
                        strv_free(*(char ***) field);
                        break;
                case PHY_PROPERTY_BOOL:
                case PHY_PROPERTY_BYTE:
                case PHY_PROPERTY_INT32:
                case PHY_PROPERTY_UINT32:
                case PHY_PROPERTY_UINT64:
                case PHY_PROPERTY_REGISTERS:
                case _PHY_PROPERTY_TYPE_MAX:
                case _PHY_PROPERTY_TYPE_INVALID:
                        break;
                }
        }
        free(info->path);
        *info = (PhyInfo){};
}

static const PhyProperty *phy_property_find(const char *name, size_t *ret_index)
{
        for (size_t i = 0; i < phy_properties_count; i++)
                if (streq(phy_properties[i].name, name)) {
                        *ret_index = i;
                        return &phy_properties[i];
                }
        return NULL;
}

bool phy_info_has(const PhyInfo *info, const char *property)
{
        size_t i;

        return phy_property_find(property, &i) && (info->present & BIT(i));
}

const char *phy_info_name(const PhyInfo *info)
{
        if (info->id && *info->id)
                return info->id;
        return info->path ?: "?";
}

static int read_string(sd_bus_message *m, char **field)
{
        const char *s;
        char *copy;
        int r;

        r = sd_bus_message_read(m, "s", &s);
        if (r < 0)
                return r;
        copy = strdup(s);
        if (!copy)
                return -ENOMEM;
        free(*field);
        *field = copy;
        return 0;
}

static int read_registers(sd_bus_message *m, PhyInfo *info)
{
        const void *data;
        size_t size, n;
        int r;

        r = sd_bus_message_read_array(m, 'q', &data, &size);
        if (r < 0)
                return r;
        /* The daemon sends seven; keep what fits, so a longer array is no error. */
        n = size / sizeof(uint16_t);
        if (n > PHY_REGISTERS_SNAPSHOT)
                n = PHY_REGISTERS_SNAPSHOT;
        memcpy(info->registers, data, n * sizeof(uint16_t));
        info->n_registers = n;
        return 0;
}

static int read_value(sd_bus_message *m, const PhyProperty *p, PhyInfo *info)
{
        void *field = (uint8_t *) info + p->offset;
        int b, r = 0;

        switch (p->type) {
        case PHY_PROPERTY_STRING:
                return read_string(m, field);
        case PHY_PROPERTY_BOOL:
                r = sd_bus_message_read(m, "b", &b);
                if (r >= 0)
                        *(bool *) field = b;
                return r;
        case PHY_PROPERTY_BYTE:
                return sd_bus_message_read(m, "y", field);
        case PHY_PROPERTY_INT32:
                return sd_bus_message_read(m, "i", field);
        case PHY_PROPERTY_UINT32:
                return sd_bus_message_read(m, "u", field);
        case PHY_PROPERTY_UINT64:
                return sd_bus_message_read(m, "t", field);
        case PHY_PROPERTY_STRV: {
                char **l = NULL;

                r = sd_bus_message_read_strv(m, &l);
                if (r < 0)
                        return r;
                strv_free(*(char ***) field);
                *(char ***) field = l;
                return 0;
        }
        case PHY_PROPERTY_REGISTERS:
                return read_registers(m, info);
        case _PHY_PROPERTY_TYPE_MAX:
        case _PHY_PROPERTY_TYPE_INVALID:
                break;
        }
        return -EINVAL;
}

int bus_message_read_dict(sd_bus_message *m, const char *contents, BusDictEntryFn f,
                          void *userdata)
{
        int r;

        while ((r = sd_bus_message_enter_container(m, SD_BUS_TYPE_DICT_ENTRY, contents)) > 0) {
                const char *key;

                r = sd_bus_message_read(m, "s", &key);
                if (r < 0)
                        return r;
                r = f(m, key, userdata);
                if (r < 0)
                        return r;
                r = sd_bus_message_exit_container(m);
                if (r < 0)
                        return r;
        }
        return r;
}

static int read_property(sd_bus_message *m, const char *name, void *userdata)
{
        PhyInfo *info = userdata;
        const PhyProperty *p;
        const char *contents;
        size_t index;
        int r;

        r = sd_bus_message_peek_type(m, NULL, &contents);
        if (r < 0)
                return r;

        p = phy_property_find(name, &index);
        if (!p || !streq(contents, phy_property_type_to_string(p->type)))
                /* A newer daemon's property, or one phyctl would misread. */
                return sd_bus_message_skip(m, "v");

        r = sd_bus_message_enter_container(m, 'v', contents);
        if (r < 0)
                return r;
        r = read_value(m, p, info);
        if (r < 0)
                return r;
        r = sd_bus_message_exit_container(m);
        if (r < 0)
                return r;
        info->present |= BIT(index);
        return 0;
}

int phy_info_read(sd_bus_message *m, PhyInfo *info)
{
        int r;

        r = sd_bus_message_enter_container(m, 'a', "{sv}");
        if (r < 0)
                return r;
        r = bus_message_read_dict(m, "sv", read_property, info);
        if (r < 0)
                return r;
        r = sd_bus_message_exit_container(m);
        if (r < 0)
                return r;
        return 0;
}
