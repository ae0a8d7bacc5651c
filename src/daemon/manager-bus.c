/* SPDX-License-Identifier: GPL-2.0-or-later */

/* io.phyd.Manager1 on /io/phyd, with the ObjectManager the PHY objects hang under. */

#include <errno.h>
#include <stdlib.h>

#include "manager.h"

#ifndef PHYD_VERSION
#define PHYD_VERSION "unknown"
#endif

static int property_get_version(sd_bus *bus, const char *path, const char *interface,
                                const char *property, sd_bus_message *reply, void *userdata,
                                sd_bus_error *error)
{
        return sd_bus_message_append(reply, "s", PHYD_VERSION);
}

static int property_get_invocation_id(sd_bus *bus, const char *path, const char *interface,
                                      const char *property, sd_bus_message *reply,
                                      void *userdata, sd_bus_error *error)
{
        Manager *m = userdata;

        return sd_bus_message_append(reply, "s", m->invocation_id);
}

static int method_list_phys(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *reply = NULL;
        Manager *m = userdata;
        int r;

        r = sd_bus_message_new_method_return(message, &reply);
        if (r < 0)
                return r;
        r = sd_bus_message_open_container(reply, 'a', "(ssio)");
        if (r < 0)
                return r;
        for (size_t i = 0; i < m->n_phys; i++) {
                DaemonPhy *phy = m->phys[i];

                r = sd_bus_message_append(reply, "(ssio)", phy->name, phy->ifname,
                                          (int32_t) phy->ifindex, phy->path);
                if (r < 0)
                        return r;
        }
        r = sd_bus_message_close_container(reply);
        if (r < 0)
                return r;
        return sd_bus_send(NULL, reply, NULL);
}

static int method_get_phy(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        Manager *m = userdata;
        const char *name;
        DaemonPhy *phy;
        int r;

        r = sd_bus_message_read(message, "s", &name);
        if (r < 0)
                return r;
        phy = manager_find_phy(m, name);
        if (!phy)
                return sd_bus_error_setf(error, "io.phyd.Error.NoSuchPhy", "No PHY named '%s'",
                                         name);
        return sd_bus_reply_method_return(message, "o", phy->path);
}

static int method_reload(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        _cleanup_free_ char *reason = NULL;
        Manager *m = userdata;
        int r;

        r = bus_verify_privileged(message, "io.phyd.reload", &m->polkit, error);
        if (r <= 0)
                return r < 0 ? r : 1;

        r = manager_reload(m, &reason);
        if (r < 0)
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         "Configuration not reloaded, the old one stays: %s",
                                         reason ?: "unknown error");
        return sd_bus_reply_method_return(message, NULL);
}

static const sd_bus_vtable manager_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_PROPERTY("Version", "s", property_get_version, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("InvocationId", "s", property_get_invocation_id, 0,
                        SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_METHOD_WITH_ARGS("ListPhys", SD_BUS_NO_ARGS, SD_BUS_RESULT("a(ssio)", phys),
                                method_list_phys, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("GetPhy", SD_BUS_ARGS("s", name), SD_BUS_RESULT("o", path),
                                method_get_phy, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Reload", NULL, NULL, method_reload, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_VTABLE_END,
};

int manager_bus_register(Manager *m)
{
        int r;

        r = sd_bus_add_object_vtable(m->bus, NULL, "/io/phyd", "io.phyd.Manager1",
                                     manager_vtable, m);
        if (r < 0)
                return r;
        return sd_bus_add_object_manager(m->bus, NULL, "/io/phyd");
}
