/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phyd/macro.h"
#include "phyctl-bus.h"
#include "phyd/bus-name.h"
#include "phyd/bus-util.h"
#include "phyctl-format.h"
#include "phyctl-log.h"

static const char *const bus_transport_table[_BUS_TRANSPORT_MAX] = {
        [BUS_TRANSPORT_SYSTEM] = "system",
        [BUS_TRANSPORT_USER] = "user",
        [BUS_TRANSPORT_ADDRESS] = "address",
        [BUS_TRANSPORT_REMOTE] = "remote",
};

DEFINE_STRING_TABLE_LOOKUP(bus_transport, BusTransport);

/* Set once by bus_connect(): phyctl talks to one bus per run. */
static char *connected_description;
static bool connected_local = true;

char *bus_transport_describe(BusTransport transport, const char *where)
{
        char *s = NULL;
        int r = -1;

        switch (transport) {
        case BUS_TRANSPORT_SYSTEM:
                return strdup("the system bus");
        case BUS_TRANSPORT_USER:
                return strdup("the user bus");
        case BUS_TRANSPORT_ADDRESS:
                r = asprintf(&s, "the bus at %s", where ?: "");
                break;
        case BUS_TRANSPORT_REMOTE:
                r = asprintf(&s, "the system bus of %s", where ?: "");
                break;
        case _BUS_TRANSPORT_MAX:
        case _BUS_TRANSPORT_INVALID:
                return strdup("the bus");
        }
        return r < 0 ? NULL : s;
}

const char *bus_description(void)
{
        return connected_description ?: "the bus";
}

bool bus_is_local(void)
{
        return connected_local;
}

int bus_connect(BusTransport transport, const char *where, sd_bus **ret)
{
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        int r = -EINVAL;

        free(connected_description);
        connected_description = bus_transport_describe(transport, where);
        if (!connected_description)
                return log_error_errno(-ENOMEM, "out of memory");
        connected_local = transport != BUS_TRANSPORT_REMOTE;

        switch (transport) {
        case BUS_TRANSPORT_SYSTEM:
                r = sd_bus_open_system(&bus);
                break;
        case BUS_TRANSPORT_USER:
                r = sd_bus_open_user(&bus);
                break;
        case BUS_TRANSPORT_ADDRESS:
                r = bus_open_address(where, NULL, &bus);
                break;
        case BUS_TRANSPORT_REMOTE:
                r = sd_bus_open_system_remote(&bus, where);
                break;
        case _BUS_TRANSPORT_MAX:
        case _BUS_TRANSPORT_INVALID:
                r = -EINVAL;
                break;
        }
        if (r < 0)
                return log_error_errno(r, "cannot connect to %s: %m", connected_description);

        *ret = TAKE_PTR(bus);
        return 0;
}

int log_bus_error(const sd_bus_error *e, int error, const ErrorContext *ctx)
{
        _cleanup_free_ char *message = NULL;
        ErrorContext c = ctx ? *ctx : (ErrorContext){};

        if (!c.bus)
                c.bus = bus_description();
        message = bus_error_message(e && sd_bus_error_is_set(e) ? e->name : NULL,
                                    e && sd_bus_error_is_set(e) ? e->message : NULL, error, &c);
        return log_error_errno(error < 0 ? error : -EIO, "%s", message ?: "out of memory");
}

int bus_attach_event_loop(sd_bus *bus, sd_event *event, sd_event_signal_handler_t on_signal,
                          void *userdata)
{
        int r;

        r = sd_event_add_signal(event, NULL, SIGINT | SD_EVENT_SIGNAL_PROCMASK, on_signal,
                                userdata);
        if (r >= 0)
                r = sd_event_add_signal(event, NULL, SIGTERM | SD_EVENT_SIGNAL_PROCMASK,
                                        on_signal, userdata);
        if (r < 0)
                return log_error_errno(r, "cannot handle SIGINT and SIGTERM: %m");
        r = sd_bus_attach_event(bus, event, SD_EVENT_PRIORITY_NORMAL);
        if (r < 0)
                return log_error_errno(r, "cannot attach the bus to the event loop: %m");
        r = sd_bus_set_exit_on_disconnect(bus, true);
        if (r < 0)
                return log_error_errno(r, "cannot watch the connection: %m");
        return 0;
}

int phy_resolve(sd_bus *bus, const char *name, char **ret_path)
{
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        const char *path;
        char *copy;
        int r;

        /* A path is looked up nowhere: the call that uses it says whether it exists. */
        if (strncmp(name, PHYD_PHY_PATH_PREFIX, strlen(PHYD_PHY_PATH_PREFIX)) == 0 &&
            sd_bus_object_path_is_valid(name)) {
                copy = strdup(name);
                if (!copy)
                        return log_error_errno(-ENOMEM, "out of memory");
                *ret_path = copy;
                return 0;
        }

        r = sd_bus_call_method(bus, PHYD_BUS_NAME, PHYD_MANAGER_PATH, PHYD_MANAGER_INTERFACE,
                               "GetPhy", &error, &reply, "s", name);
        if (r < 0)
                return log_bus_error(&error, r, &(ErrorContext){ .phy = name });

        r = sd_bus_message_read(reply, "o", &path);
        if (r < 0)
                return log_error_errno(r, "cannot parse phyd's answer to GetPhy: %m");
        copy = strdup(path);
        if (!copy)
                return log_error_errno(-ENOMEM, "out of memory");
        *ret_path = copy;
        return 0;
}

void phy_list_done(PhyList *l)
{
        for (size_t i = 0; i < l->n; i++) {
                free(l->entries[i].id);
                free(l->entries[i].interface);
                free(l->entries[i].path);
        }
        free(l->entries);
        *l = (PhyList){};
}

static int phy_list_entry_compare(const void *a, const void *b)
{
        const PhyListEntry *x = a, *y = b;
        uint64_t i = UINT64_MAX, j = UINT64_MAX;

        (void) phy_path_index(x->path, &i);
        (void) phy_path_index(y->path, &j);
        if (i != j)
                return i < j ? -1 : 1;
        return strcmp(x->path, y->path);
}

static int phy_list_add(PhyList *l, const char *id, const char *ifname, int32_t ifindex,
                        const char *path)
{
        PhyListEntry *grown, *e;

        grown = realloc(l->entries, (l->n + 1) * sizeof(PhyListEntry));
        if (!grown)
                return -ENOMEM;
        l->entries = grown;
        e = &l->entries[l->n++];
        *e = (PhyListEntry){
                .id = strdup(id),
                .interface = strdup(ifname),
                .ifindex = ifindex,
                .path = strdup(path),
        };
        return e->id && e->interface && e->path ? 0 : -ENOMEM;
}

int phy_list(sd_bus *bus, PhyList *ret)
{
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(phy_list_done) PhyList l = {};
        const char *id, *ifname, *path;
        int32_t ifindex;
        int r;

        r = sd_bus_call_method(bus, PHYD_BUS_NAME, PHYD_MANAGER_PATH, PHYD_MANAGER_INTERFACE,
                               "ListPhys", &error, &reply, NULL);
        if (r < 0)
                return log_bus_error(&error, r, NULL);

        r = sd_bus_message_enter_container(reply, 'a', "(ssio)");
        if (r < 0)
                return log_error_errno(r, "cannot parse phyd's answer to ListPhys: %m");
        while ((r = sd_bus_message_read(reply, "(ssio)", &id, &ifname, &ifindex, &path)) > 0) {
                r = phy_list_add(&l, id, ifname, ifindex, path);
                if (r < 0)
                        return log_error_errno(r, "out of memory");
        }
        if (r < 0)
                return log_error_errno(r, "cannot parse phyd's answer to ListPhys: %m");

        if (l.n > 1)
                qsort(l.entries, l.n, sizeof(PhyListEntry), phy_list_entry_compare);
        *ret = l;
        l = (PhyList){};
        return 0;
}

int phy_info_get(sd_bus *bus, const char *path, const char *name, PhyInfo *ret)
{
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        _cleanup_(phy_info_done) PhyInfo info = {};
        int r;

        r = sd_bus_call_method(bus, PHYD_BUS_NAME, path, "org.freedesktop.DBus.Properties",
                               "GetAll", &error, &reply, "s", PHYD_PHY_INTERFACE);
        if (r < 0)
                return log_bus_error(&error, r, &(ErrorContext){ .phy = name ?: path });

        r = phy_info_read(reply, &info);
        if (r < 0)
                return log_error_errno(r, "cannot parse the properties of %s: %m",
                                       name ?: path);
        info.path = strdup(path);
        if (!info.path)
                return log_error_errno(-ENOMEM, "out of memory");

        *ret = info;
        info = (PhyInfo){};
        return 0;
}

int phy_find(sd_bus *bus, const char *name, char **ret_path, PhyInfo *ret_info)
{
        _cleanup_free_ char *path = NULL;
        int r;

        r = phy_resolve(bus, name, &path);
        if (r < 0)
                return r;
        if (ret_info) {
                r = phy_info_get(bus, path, name, ret_info);
                if (r < 0)
                        return r;
        }
        if (ret_path)
                *ret_path = TAKE_PTR(path);
        return 0;
}

int phy_open(BusTransport transport, const char *where, const char *name, sd_bus **ret_bus,
             char **ret_path, PhyInfo *ret_info)
{
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        int r;

        r = bus_connect(transport, where, &bus);
        if (r < 0)
                return r;
        r = phy_find(bus, name, ret_path, ret_info);
        if (r < 0)
                return r;
        *ret_bus = TAKE_PTR(bus);
        return 0;
}

int phyd_new_method_call(sd_bus *bus, const char *path, const char *interface,
                         const char *member, sd_bus_message **ret)
{
        int r;

        r = sd_bus_message_new_method_call(bus, ret, PHYD_BUS_NAME, path, interface, member);
        if (r < 0)
                return log_error_errno(r, "cannot build the %s call: %m", member);
        return 0;
}

int phyd_call(sd_bus *bus, sd_bus_message *m, const ErrorContext *ctx,
              sd_bus_message **ret_reply)
{
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        int r;

        r = sd_bus_call(bus, m, 0, &error, ret_reply);
        if (r < 0)
                return log_bus_error(&error, r, ctx);
        return 0;
}

int phy_read_register(sd_bus *bus, const char *path, uint8_t reg, const ErrorContext *ctx,
                      uint16_t *ret)
{
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL, *reply = NULL;
        int r;

        r = phyd_new_method_call(bus, path, PHYD_PHY_INTERFACE, "ReadRegister", &m);
        if (r < 0)
                return r;
        r = sd_bus_message_append(m, "y", reg);
        if (r < 0)
                return log_error_errno(r, "cannot build the ReadRegister call: %m");
        r = phyd_call(bus, m, ctx, &reply);
        if (r < 0)
                return r;
        r = sd_bus_message_read(reply, "q", ret);
        if (r < 0)
                return log_error_errno(r, "cannot parse phyd's answer to ReadRegister: %m");
        return 0;
}

static char *bus_name_netns;

const char *phyd_bus_name(void)
{
        return bus_name_netns ?: PHYD_BUS_NAME_DEFAULT;
}

int phyd_bus_name_set_netns(const char *netns)
{
        char *name;
        int r;

        r = phyd_bus_name_for_netns(netns, &name);
        if (r < 0)
                return r;
        free(bus_name_netns);
        bus_name_netns = name;
        return 0;
}
