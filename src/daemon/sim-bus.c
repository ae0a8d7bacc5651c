/* SPDX-License-Identifier: GPL-2.0-or-later */

/* io.phyd.Simulator1: the simulated wire of a sim PHY. Changes go through the PHY's worker,
 * serialised with polling, like every other access to the PHY. */

#include <errno.h>

#include "manager.h"
#include "phy-bus.h"
#include "phy-worker.h"

#define SIM_INTERFACE "io.phyd.Simulator1"
/* Changing what the PHY sees is as privileged as configuring it. */
#define SIM_ACTION "io.phyd.configure"

static int property_get_model(sd_bus *bus, const char *path, const char *interface,
                              const char *property, sd_bus_message *reply, void *userdata,
                              sd_bus_error *error)
{
        DaemonPhy *phy = userdata;

        return sd_bus_message_append(reply, "s", phy_model_kind_to_string(phy->model_kind));
}

static int property_get_partner_present(sd_bus *bus, const char *path, const char *interface,
                                        const char *property, sd_bus_message *reply,
                                        void *userdata, sd_bus_error *error)
{
        DaemonPhy *phy = userdata;

        return sd_bus_message_append(reply, "b", (int) phy->published.partner_present);
}

static int property_get_partner_advertising(sd_bus *bus, const char *path,
                                            const char *interface, const char *property,
                                            sd_bus_message *reply, void *userdata,
                                            sd_bus_error *error)
{
        DaemonPhy *phy = userdata;
        LinkModes modes = 0;

        linkmode_mod_from_mii_adv(&modes, phy->published.partner_abilities);
        return bus_append_link_modes(reply, modes);
}

static int property_get_aneg_time(sd_bus *bus, const char *path, const char *interface,
                                  const char *property, sd_bus_message *reply, void *userdata,
                                  sd_bus_error *error)
{
        DaemonPhy *phy = userdata;

        return sd_bus_message_append(reply, "t", phy->published.aneg_usec);
}

static int property_get_quirks(sd_bus *bus, const char *path, const char *interface,
                               const char *property, sd_bus_message *reply, void *userdata,
                               sd_bus_error *error)
{
        DaemonPhy *phy = userdata;
        int r;

        r = sd_bus_message_open_container(reply, 'a', "s");
        if (r < 0)
                return r;
        for (unsigned q = 0; q < _PHY_MODEL_QUIRK_MAX; q++)
                if (phy->published.quirks[q]) {
                        r = sd_bus_message_append(reply, "s",
                                                  phy_model_quirk_to_string((PhyModelQuirk) q));
                        if (r < 0)
                                return r;
                }
        return sd_bus_message_close_container(reply);
}

static int sim_submit(sd_bus_message *message, DaemonPhy *phy, PhyRequest *req,
                      sd_bus_error *error)
{
        _cleanup_(phy_request_freep) PhyRequest *owned = req;
        int r;

        r = bus_verify_privileged(message, SIM_ACTION, &phy->manager->polkit, error);
        if (r <= 0)
                return r < 0 ? r : 1;
        phy_worker_submit(phy, TAKE_PTR(owned));
        return 1;
}

static int method_plug_partner(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        DaemonPhy *phy = userdata;
        LinkModes modes = 0;
        PhyRequest *req;
        const char *name;
        int r;

        r = sd_bus_message_enter_container(message, 'a', "s");
        if (r < 0)
                return r;
        while ((r = sd_bus_message_read(message, "s", &name)) > 0) {
                int bit = linkmode_bit_from_string(name);

                /* A partner advertises what ADVERTISE can carry: 10/100 modes and pause. */
                if (bit < 0 || !linkmode_test(LINK_MODES_10_100 | LINK_MODES_PAUSE,
                                              (LinkModes) 1 << bit))
                        return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                                 "A partner cannot advertise '%s': expected "
                                                 "10/100 modes, Pause, Asym_Pause", name);
                modes |= (LinkModes) 1 << bit;
        }
        if (r < 0)
                return r;
        r = sd_bus_message_exit_container(message);
        if (r < 0)
                return r;
        if (!(modes & LINK_MODES_10_100))
                modes |= LINK_MODES_10_100;

        req = phy_request_new(phy, PHY_REQUEST_SIM_PLUG, message);
        if (!req)
                return -ENOMEM;
        /* Selector 0x0001: IEEE 802.3 CSMA/CD. */
        req->abilities = linkmode_to_mii_adv(modes) | 0x0001;
        return sim_submit(message, phy, req, error);
}

static int method_unplug_partner(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        PhyRequest *req = phy_request_new(userdata, PHY_REQUEST_SIM_UNPLUG, message);

        if (!req)
                return -ENOMEM;
        return sim_submit(message, userdata, req, error);
}

/* A model timing: a duration bounded by an hour (model assumption: an hour is a PHY that never
 * gets there), handed to the worker as a request of kind. */
static int sim_set_time(sd_bus_message *message, DaemonPhy *phy, PhyRequestKind kind,
                        const char *what, sd_bus_error *error)
{
        PhyRequest *req;
        uint64_t usec;
        int r;

        r = sd_bus_message_read(message, "t", &usec);
        if (r < 0)
                return r;
        if (usec > 3600 * USEC_PER_SEC)
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS, "%s above one hour",
                                         what);
        req = phy_request_new(phy, kind, message);
        if (!req)
                return -ENOMEM;
        req->usec = usec;
        return sim_submit(message, phy, req, error);
}

static int method_set_aneg_time(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        return sim_set_time(message, userdata, PHY_REQUEST_SIM_ANEG_TIME,
                            "Autonegotiation time", error);
}

static int method_set_anrestart_time(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        return sim_set_time(message, userdata, PHY_REQUEST_SIM_ANRESTART_TIME,
                            "ANRESTART hold time", error);
}

static int method_set_link_lead_time(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        return sim_set_time(message, userdata, PHY_REQUEST_SIM_LINK_LEAD_TIME, "Link lead time",
                            error);
}

static int method_set_quirk(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        PhyModelQuirk quirk;
        PhyRequest *req;
        const char *name;
        int on, r;

        r = sd_bus_message_read(message, "sb", &name, &on);
        if (r < 0)
                return r;
        quirk = phy_model_quirk_from_string(name);
        if (quirk < 0)
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         "Unknown quirk '%s': expected lpa-zero or stale-lpa",
                                         name);
        req = phy_request_new(userdata, PHY_REQUEST_SIM_QUIRK, message);
        if (!req)
                return -ENOMEM;
        req->quirk.quirk = quirk;
        req->quirk.on = on;
        return sim_submit(message, userdata, req, error);
}

static int method_inject_fault(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        PhyModelFault fault;
        PhyRequest *req;
        const char *name;
        uint32_t count;
        int32_t reg;
        int r;

        r = sd_bus_message_read(message, "siu", &name, &reg, &count);
        if (r < 0)
                return r;
        fault = phy_model_fault_from_string(name);
        if (fault <= PHY_MODEL_FAULT_NONE)
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         "Unknown fault '%s': expected read-error, write-error, "
                                         "reset-stuck, absent, device-gone, id-changed or "
                                         "garbage", name);
        if (reg < -1 || reg > 31)
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         "Register %d is out of range (-1 for all, 0-31)", reg);
        req = phy_request_new(userdata, PHY_REQUEST_SIM_FAULT, message);
        if (!req)
                return -ENOMEM;
        req->fault.fault = fault;
        req->fault.reg = reg;
        req->fault.count = count;
        return sim_submit(message, userdata, req, error);
}

static int method_clear_faults(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        PhyRequest *req = phy_request_new(userdata, PHY_REQUEST_SIM_CLEAR_FAULTS, message);

        if (!req)
                return -ENOMEM;
        return sim_submit(message, userdata, req, error);
}

static const sd_bus_vtable sim_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_PROPERTY("Model", "s", property_get_model, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("PartnerPresent", "b", property_get_partner_present, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("PartnerAdvertising", "as", property_get_partner_advertising, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("AnegTimeUSec", "t", property_get_aneg_time, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Quirks", "as", property_get_quirks, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_METHOD_WITH_ARGS("PlugPartner", SD_BUS_ARGS("as", modes), SD_BUS_NO_RESULT,
                                method_plug_partner, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("UnplugPartner", NULL, NULL, method_unplug_partner,
                      SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetAnegTime", SD_BUS_ARGS("t", usec), SD_BUS_NO_RESULT,
                                method_set_aneg_time, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetAnrestartTime", SD_BUS_ARGS("t", usec), SD_BUS_NO_RESULT,
                                method_set_anrestart_time, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetLinkLeadTime", SD_BUS_ARGS("t", usec), SD_BUS_NO_RESULT,
                                method_set_link_lead_time, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("SetQuirk", SD_BUS_ARGS("s", name, "b", on), SD_BUS_NO_RESULT,
                                method_set_quirk, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("InjectFault", SD_BUS_ARGS("s", kind, "i", reg, "u", count),
                                SD_BUS_NO_RESULT, method_inject_fault,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("ClearFaults", NULL, NULL, method_clear_faults, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_VTABLE_END,
};

int sim_bus_register(DaemonPhy *phy)
{
        return sd_bus_add_object_vtable(phy->manager->bus, &phy->sim_slot, phy->path,
                                        SIM_INTERFACE, sim_vtable, phy);
}
