/* SPDX-License-Identifier: GPL-2.0-or-later */

/* io.phyd.Phy1: one PHY's properties (from the last published snapshot: no MDIO access),
 * its LinkChanged signal, and its methods, which the PHY's worker carries out. */

#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "link-settings-bus.h"
#include "log.h"
#include "manager.h"
#include "phy-bus.h"
#include "phy-journal.h"
#include "phy-worker.h"

#define PHY_INTERFACE "io.phyd.Phy1"

static uint64_t now_usec(clockid_t id)
{
        struct timespec ts;

        (void) clock_gettime(id, &ts);
        return (uint64_t) ts.tv_sec * USEC_PER_SEC + (uint64_t) ts.tv_nsec / 1000;
}

int bus_append_link_modes(sd_bus_message *reply, LinkModes modes)
{
        int r;

        r = sd_bus_message_open_container(reply, 'a', "s");
        if (r < 0)
                return r;
        for (unsigned bit = 0; bit < 64; bit++) {
                const char *name;

                if (!linkmode_test(modes, (LinkModes) 1 << bit))
                        continue;
                name = linkmode_bit_to_string(bit);
                if (!name)
                        continue;
                r = sd_bus_message_append(reply, "s", name);
                if (r < 0)
                        return r;
        }
        return sd_bus_message_close_container(reply);
}

/* Property getters. */

#define PHY_GETTER(name, type, expr)                                                         \
        static int property_get_##name(sd_bus *bus, const char *path, const char *interface, \
                                       const char *property, sd_bus_message *reply,          \
                                       void *userdata, sd_bus_error *error)                  \
        {                                                                                    \
                DaemonPhy *phy = userdata;                                                   \
                const PhySnapshot *s = &phy->published;                                      \
                (void) s;                                                                    \
                return sd_bus_message_append(reply, type, expr);                             \
        }

PHY_GETTER(id, "s", phy->name)
PHY_GETTER(backend, "s", phy_backend_to_string(phy->backend))
PHY_GETTER(address, "y", phy->address)
PHY_GETTER(interface, "s", phy->ifname)
PHY_GETTER(ifindex, "i", (int32_t) phy->ifindex)
PHY_GETTER(phy_id, "u", s->phy_id)
PHY_GETTER(driver, "s", s->driver ?: "")
PHY_GETTER(mode, "s", phy_mode_to_string(phy->mode))
PHY_GETTER(mac_profile, "s", mac_profile_kind_to_string(phy->mac_profile))
PHY_GETTER(state, "s", phy_state_to_string(s->state))
PHY_GETTER(link, "b", (int) s->link)
PHY_GETTER(speed, "u", phy_snapshot_speed(s))
PHY_GETTER(duplex, "s", phy_snapshot_duplex_string(s))
PHY_GETTER(autoneg, "b", (int) s->autoneg)
PHY_GETTER(autoneg_complete, "b", (int) s->autoneg_complete)
PHY_GETTER(tx_pause, "b", (int) s->tx_pause)
PHY_GETTER(rx_pause, "b", (int) s->rx_pause)
PHY_GETTER(link_down_events, "t", s->link_down_events)
PHY_GETTER(last_change, "t", phy->last_change_usec)
PHY_GETTER(last_change_monotonic, "t", phy->last_change_monotonic_usec)
PHY_GETTER(sequence, "t", phy->sequence)
PHY_GETTER(poll_interval, "t", poll_mode_interval(phy->poll_mode, phy->poll_interval_usec))
PHY_GETTER(poll_mode, "s", poll_mode_to_string(phy->poll_mode))
PHY_GETTER(errors, "t", s->errors)
PHY_GETTER(status_text, "s", s->status_text ?: "")

static int property_get_supported(sd_bus *bus, const char *path, const char *interface,
                                  const char *property, sd_bus_message *reply, void *userdata,
                                  sd_bus_error *error)
{
        DaemonPhy *phy = userdata;

        return bus_append_link_modes(reply, phy->published.supported);
}

static int property_get_advertising(sd_bus *bus, const char *path, const char *interface,
                                    const char *property, sd_bus_message *reply,
                                    void *userdata, sd_bus_error *error)
{
        DaemonPhy *phy = userdata;

        return bus_append_link_modes(reply, phy->published.advertising);
}

static int property_get_lp_advertising(sd_bus *bus, const char *path, const char *interface,
                                       const char *property, sd_bus_message *reply,
                                       void *userdata, sd_bus_error *error)
{
        DaemonPhy *phy = userdata;

        return bus_append_link_modes(reply, phy->published.lp_advertising);
}

static int property_get_registers(sd_bus *bus, const char *path, const char *interface,
                                  const char *property, sd_bus_message *reply, void *userdata,
                                  sd_bus_error *error)
{
        DaemonPhy *phy = userdata;

        return sd_bus_message_append_array(reply, 'q', phy->published.regs,
                                           sizeof(phy->published.regs));
}

/* Method handlers: validate, check privilege, hand to the worker; the reply is sent when
 * the worker is done (phy_request_reply()). */

static int phy_submit(sd_bus_message *message, DaemonPhy *phy, PhyRequest *req,
                      const char *action, sd_bus_error *error)
{
        _cleanup_(phy_request_freep) PhyRequest *owned = req;
        int r;

        r = bus_verify_privileged(message, action, &phy->manager->polkit, error);
        if (r < 0)
                return r;
        if (r == 0)
                return 1; /* polkit is being asked; we are called again */

        phy_worker_submit(phy, TAKE_PTR(owned));
        return 1;
}

static int phy_submit_simple(sd_bus_message *message, DaemonPhy *phy, PhyRequestKind kind,
                             const char *action, sd_bus_error *error)
{
        PhyRequest *req;

        req = phy_request_new(phy, kind, message);
        if (!req)
                return -ENOMEM;
        return phy_submit(message, phy, req, action, error);
}

static int method_reset(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        return phy_submit_simple(message, userdata, PHY_REQUEST_RESET, "io.phyd.reset", error);
}

static int method_restart_autoneg(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        return phy_submit_simple(message, userdata, PHY_REQUEST_RESTART_ANEG, "io.phyd.reset",
                                 error);
}

static int method_start(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        return phy_submit_simple(message, userdata, PHY_REQUEST_START, "io.phyd.reset", error);
}

static int method_stop(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        return phy_submit_simple(message, userdata, PHY_REQUEST_STOP, "io.phyd.reset", error);
}

static int method_suspend(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        return phy_submit_simple(message, userdata, PHY_REQUEST_SUSPEND, "io.phyd.reset", error);
}

static int method_resume(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        return phy_submit_simple(message, userdata, PHY_REQUEST_RESUME, "io.phyd.reset", error);
}

static int method_configure(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        DaemonPhy *phy = userdata;
        PhyLinkSettings settings;
        PhyRequest *req;
        int r;

        r = bus_read_link_settings(message, phy->published.autoneg, &settings, error);
        if (r < 0)
                return r;
        /* A kernel-owned PHY: nothing goes to the kernel that it would have to refuse. */
        if (phy->mode == PHY_MODE_MONITOR && settings.set_advertise &&
            phy->published.supported && (settings.advertise & ~phy->published.supported))
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         "Configure: %s does not support link mode '%s'",
                                         phy->ifname,
                                         linkmode_bit_to_string(__builtin_ctzll(
                                                 settings.advertise & ~phy->published.supported)));

        req = phy_request_new(phy, PHY_REQUEST_CONFIGURE, message);
        if (!req)
                return -ENOMEM;
        req->settings = settings;
        return phy_submit(message, phy, req, "io.phyd.configure", error);
}

static int read_register_number(sd_bus_message *message, uint8_t *ret, sd_bus_error *error)
{
        uint8_t reg = 0;
        int r;

        r = sd_bus_message_read(message, "y", &reg);
        if (r < 0)
                return r;
        /* Clause 22 has 32 registers; never send more (spec §10: some MACs mask the number
         * to 5 bits, so 32 would be BMCR). */
        if (reg > 31)
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         "Register %u is out of range 0-31", reg);
        *ret = reg;
        return 0;
}

static int method_read_register(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        DaemonPhy *phy = userdata;
        PhyRequest *req;
        uint8_t reg = 0;
        int r;

        r = read_register_number(message, &reg, error);
        if (r < 0)
                return r;

        req = phy_request_new(phy, PHY_REQUEST_READ_REGISTER, message);
        if (!req)
                return -ENOMEM;
        req->reg.reg = reg;
        /* Reading can clear latched bits the state machine relies on: as privileged as a
         * write. */
        return phy_submit(message, phy, req, "io.phyd.write-register", error);
}

/* WriteRegisterWithFlags()'s flags. */
#define PHY_WRITE_FORCE UINT64_C(1) /* a raw write to a kernel-owned PHY, if its file allows */

static int write_register(sd_bus_message *message, DaemonPhy *phy, bool with_flags,
                          sd_bus_error *error)
{
        PhyRequest *req;
        uint64_t flags = 0;
        uint16_t value;
        uint8_t reg = 0;
        int r;

        r = read_register_number(message, &reg, error);
        if (r < 0)
                return r;
        r = sd_bus_message_read(message, "q", &value);
        if (r < 0)
                return r;
        if (with_flags) {
                r = sd_bus_message_read(message, "t", &flags);
                if (r < 0)
                        return r;
                if (flags & ~PHY_WRITE_FORCE)
                        return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                                 "Unknown flags 0x%" PRIx64 " (known: 0x1, force)",
                                                 flags & ~PHY_WRITE_FORCE);
        }

        req = phy_request_new(phy, PHY_REQUEST_WRITE_REGISTER, message);
        if (!req)
                return -ENOMEM;
        req->reg.reg = reg;
        req->reg.value = value;
        req->reg.force = flags & PHY_WRITE_FORCE;
        return phy_submit(message, phy, req, "io.phyd.write-register", error);
}

static int method_write_register(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
        return write_register(message, userdata, false, error);
}

static int method_write_register_with_flags(sd_bus_message *message, void *userdata,
                                            sd_bus_error *error)
{
        return write_register(message, userdata, true, error);
}

static const sd_bus_vtable phy_vtable[] = {
        SD_BUS_VTABLE_START(0),
        SD_BUS_PROPERTY("Id", "s", property_get_id, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("Backend", "s", property_get_backend, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("Address", "y", property_get_address, 0, SD_BUS_VTABLE_PROPERTY_CONST),
        SD_BUS_PROPERTY("Interface", "s", property_get_interface, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Ifindex", "i", property_get_ifindex, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("PhyId", "u", property_get_phy_id, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Driver", "s", property_get_driver, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Mode", "s", property_get_mode, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("MacProfile", "s", property_get_mac_profile, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("State", "s", property_get_state, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Link", "b", property_get_link, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Speed", "u", property_get_speed, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Duplex", "s", property_get_duplex, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Autoneg", "b", property_get_autoneg, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("AutonegComplete", "b", property_get_autoneg_complete, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Supported", "as", property_get_supported, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Advertising", "as", property_get_advertising, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("LinkPartnerAdvertising", "as", property_get_lp_advertising, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("NegotiatedTxPause", "b", property_get_tx_pause, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("NegotiatedRxPause", "b", property_get_rx_pause, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("LinkDownEvents", "t", property_get_link_down_events, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("LastChangeUSec", "t", property_get_last_change, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("LastChangeMonotonicUSec", "t", property_get_last_change_monotonic, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Sequence", "t", property_get_sequence, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("PollIntervalUSec", "t", property_get_poll_interval, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("PollMode", "s", property_get_poll_mode, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Errors", "t", property_get_errors, 0, SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("StatusText", "s", property_get_status_text, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),
        SD_BUS_PROPERTY("Registers", "aq", property_get_registers, 0,
                        SD_BUS_VTABLE_PROPERTY_EMITS_CHANGE),

        SD_BUS_METHOD("Reset", NULL, NULL, method_reset, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("RestartAutoneg", NULL, NULL, method_restart_autoneg,
                      SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Start", NULL, NULL, method_start, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Stop", NULL, NULL, method_stop, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Suspend", NULL, NULL, method_suspend, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD("Resume", NULL, NULL, method_resume, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("Configure", SD_BUS_ARGS("a{sv}", settings), SD_BUS_NO_RESULT,
                                method_configure, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("ReadRegister", SD_BUS_ARGS("y", reg), SD_BUS_RESULT("q", value),
                                method_read_register, SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("WriteRegister", SD_BUS_ARGS("y", reg, "q", value),
                                SD_BUS_NO_RESULT, method_write_register,
                                SD_BUS_VTABLE_UNPRIVILEGED),
        SD_BUS_METHOD_WITH_ARGS("WriteRegisterWithFlags",
                                SD_BUS_ARGS("y", reg, "q", value, "t", flags), SD_BUS_NO_RESULT,
                                method_write_register_with_flags, SD_BUS_VTABLE_UNPRIVILEGED),

        SD_BUS_SIGNAL_WITH_ARGS("LinkChanged", SD_BUS_ARGS("t", sequence, "a{sv}", snapshot), 0),
        SD_BUS_VTABLE_END,
};

/* The link description, for LinkChanged: every property that describes the link, plus the
 * daemon's InvocationId, so a subscriber tells a restart from a gap. */
static int append_snapshot(sd_bus_message *m, DaemonPhy *phy)
{
        const PhySnapshot *s = &phy->published;
        int r;

        r = sd_bus_message_open_container(m, 'a', "{sv}");
        if (r < 0)
                return r;
        r = sd_bus_message_append(
                m, "{sv}{sv}{sv}{sv}{sv}{sv}{sv}{sv}{sv}{sv}{sv}{sv}{sv}{sv}", "Id", "s",
                phy->name, "Interface", "s", phy->ifname, "State", "s",
                phy_state_to_string(s->state), "Link", "b", (int) s->link, "Speed", "u",
                phy_snapshot_speed(s), "Duplex", "s", phy_snapshot_duplex_string(s), "Autoneg",
                "b", (int) s->autoneg, "AutonegComplete", "b", (int) s->autoneg_complete,
                "NegotiatedTxPause", "b", (int) s->tx_pause, "NegotiatedRxPause", "b",
                (int) s->rx_pause, "LinkDownEvents", "t", s->link_down_events, "LastChangeUSec",
                "t", phy->last_change_usec, "LastChangeMonotonicUSec", "t",
                phy->last_change_monotonic_usec, "InvocationId", "s",
                phy->manager->invocation_id);
        if (r < 0)
                return r;

        r = sd_bus_message_open_container(m, 'e', "sv");
        if (r >= 0)
                r = sd_bus_message_append(m, "s", "Advertising");
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'v', "as");
        if (r >= 0)
                r = bus_append_link_modes(m, s->advertising);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'e', "sv");
        if (r >= 0)
                r = sd_bus_message_append(m, "s", "LinkPartnerAdvertising");
        if (r >= 0)
                r = sd_bus_message_open_container(m, 'v', "as");
        if (r >= 0)
                r = bus_append_link_modes(m, s->lp_advertising);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r >= 0)
                r = sd_bus_message_close_container(m);
        if (r < 0)
                return r;

        return sd_bus_message_close_container(m);
}

static int phy_emit_link_changed(DaemonPhy *phy)
{
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        sd_bus *bus = phy->manager->bus;
        int r;

        if (!bus || !phy->phy_slot)
                return 0;

        r = sd_bus_message_new_signal(bus, &m, phy->path, PHY_INTERFACE, "LinkChanged");
        if (r < 0)
                return r;
        r = sd_bus_message_append(m, "t", phy->sequence);
        if (r < 0)
                return r;
        r = append_snapshot(m, phy);
        if (r < 0)
                return r;
        return sd_bus_send(bus, m, NULL);
}

void daemon_phy_publish(DaemonPhy *phy, const PhySnapshot *snapshot)
{
        uint32_t diff = phy->published_once ? phy_snapshot_diff(&phy->published, snapshot)
                                            : ~0U;
        PhySnapshot old = phy->published;
        bool had_one = phy->published_once;
        int r;

        phy->published = *snapshot;
        phy->published_once = true;

        if (diff & PHY_SNAPSHOT_LINK_FIELDS)
                phy_journal_link_changed(phy, had_one ? &old : NULL, snapshot);

        if (diff & PHY_SNAPSHOT_LINK_FIELDS) {
                phy->sequence++;
                phy->last_change_usec = now_usec(CLOCK_REALTIME);
                phy->last_change_monotonic_usec = now_usec(CLOCK_MONOTONIC);
                r = phy_emit_link_changed(phy);
                if (r < 0)
                        log_phy_warning_errno(phy, r, "Failed to emit LinkChanged: %m");
        }

        if (diff) {
                phy->pending_changes |= diff;
                manager_schedule_emit(phy->manager);
        }
}

int daemon_phy_emit_properties_changed(DaemonPhy *phy)
{
        static const char *const names[_PHY_FIELD_MAX] = {
                [PHY_FIELD_STATE] = "State",
                [PHY_FIELD_LINK] = "Link",
                [PHY_FIELD_SPEED] = "Speed",
                [PHY_FIELD_DUPLEX] = "Duplex",
                [PHY_FIELD_AUTONEG] = "Autoneg",
                [PHY_FIELD_AUTONEG_COMPLETE] = "AutonegComplete",
                [PHY_FIELD_ADVERTISING] = "Advertising",
                [PHY_FIELD_LP_ADVERTISING] = "LinkPartnerAdvertising",
                [PHY_FIELD_TX_PAUSE] = "NegotiatedTxPause",
                [PHY_FIELD_RX_PAUSE] = "NegotiatedRxPause",
                [PHY_FIELD_LINK_DOWN_EVENTS] = "LinkDownEvents",
                [PHY_FIELD_SUPPORTED] = "Supported",
                [PHY_FIELD_PHY_ID] = "PhyId",
                [PHY_FIELD_DRIVER] = "Driver",
                [PHY_FIELD_ERRORS] = "Errors",
                [PHY_FIELD_REGISTERS] = "Registers",
                [PHY_FIELD_POLL_INTERVAL] = "PollIntervalUSec",
                [PHY_FIELD_STATUS_TEXT] = "StatusText",
        };
        const char *changed[_PHY_FIELD_MAX + 4];
        uint32_t pending = phy->pending_changes;
        size_t n = 0;
        int r;

        if (pending == 0 || !phy->phy_slot)
                return 0;
        phy->pending_changes = 0;

        for (unsigned f = 0; f < _PHY_FIELD_MAX; f++)
                if ((pending & (1U << f)) && names[f])
                        changed[n++] = names[f];
        if (pending & PHY_SNAPSHOT_LINK_FIELDS) {
                changed[n++] = "Sequence";
                changed[n++] = "LastChangeUSec";
                changed[n++] = "LastChangeMonotonicUSec";
        }
        changed[n] = NULL;

        if (n > 0) {
                r = sd_bus_emit_properties_changed_strv(phy->manager->bus, phy->path,
                                                        PHY_INTERFACE, (char **) changed);
                if (r < 0)
                        return log_phy_warning_errno(phy, r,
                                                     "Failed to emit PropertiesChanged: %m");
        }
        if ((pending & (1U << PHY_FIELD_SIM)) && phy->sim_slot)
                (void) sd_bus_emit_properties_changed(phy->manager->bus, phy->path,
                                                      "io.phyd.Simulator1", "PartnerPresent",
                                                      "PartnerAdvertising", "AnegTimeUSec",
                                                      "Quirks", NULL);
        return 0;
}

/* Monitor mode: the kernel refused what it was asked (ethtool, the MII ioctls). The message
 * names the interface and the request, and carries the kernel's own reason where it gave one. */
static int monitor_request_error(PhyRequest *req, sd_bus_error *error)
{
        const char *ifname = req->phy->ifname;
        const char *reason = req->reason;
        int r = req->result;

        /* A sentence of ours (the MII ioctls') stands alone; the kernel's extended ack
         * follows ours. */
        if ((req->kind == PHY_REQUEST_WRITE_REGISTER || req->kind == PHY_REQUEST_READ_REGISTER) &&
            reason[0])
                return sd_bus_error_set(error,
                                        r == -EOPNOTSUPP ? "io.phyd.Error.NotSupported"
                                        : r == -EPERM    ? SD_BUS_ERROR_ACCESS_DENIED
                                                         : "io.phyd.Error.Io",
                                        reason);

        switch (r) {
        case -EOPNOTSUPP:
                return sd_bus_error_setf(error, "io.phyd.Error.NotSupported",
                                         "%s: the driver cannot %s%s%s", ifname, req->failed,
                                         reason[0] ? ": " : "", reason);
        case -EPERM:
        case -EACCES:
                return sd_bus_error_setf(error, SD_BUS_ERROR_ACCESS_DENIED,
                                         "%s: the kernel does not let phyd %s (CAP_NET_ADMIN)%s%s",
                                         ifname, req->failed, reason[0] ? ": " : "", reason);
        case -ENODEV:
                return sd_bus_error_setf(error, "io.phyd.Error.Io",
                                         "%s: cannot %s, the interface is gone", ifname,
                                         req->failed);
        case -EBUSY:
                return sd_bus_error_setf(error, "io.phyd.Error.Busy",
                                         "%s: cannot %s now, the device is busy%s%s", ifname,
                                         req->failed, reason[0] ? ": " : "", reason);
        case -EINVAL:
        case -ERANGE:
                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                         "%s: the kernel refused to %s with these settings%s%s",
                                         ifname, req->failed, reason[0] ? ": " : "", reason);
        default:
                return sd_bus_error_setf(error, "io.phyd.Error.Io", "%s: cannot %s: %s%s%s",
                                         ifname, req->failed, strerror(-r),
                                         reason[0] ? ": " : "", reason);
        }
}

static int request_error(PhyRequest *req, sd_bus_error *error)
{
        int r = req->result;

        if (req->failed && req->phy->mode == PHY_MODE_MONITOR)
                return monitor_request_error(req, error);

        switch (r) {
        case -EBUSY:
                if (req->kind == PHY_REQUEST_START)
                        return sd_bus_error_set(error, "io.phyd.Error.Busy",
                                                "The PHY can be started only when ready or halted");
                if (req->kind == PHY_REQUEST_STOP)
                        return sd_bus_error_set(error, "io.phyd.Error.Busy",
                                                "The PHY can be stopped only when started, down or in error");
                if (req->kind == PHY_REQUEST_SUSPEND)
                        return sd_bus_error_set(error, "io.phyd.Error.Busy",
                                                "The PHY can be suspended only when halted, and "
                                                "not while Wake-on-LAN is on");
                return sd_bus_error_set(error, "io.phyd.Error.Busy", "The PHY is busy");
        case -EROFS:
                return sd_bus_error_set(error, "io.phyd.Error.ReadOnly",
                                        req->reason[0] ? req->reason
                                                       : "The kernel owns this PHY: raw register "
                                                         "writes are refused");
        case -EOPNOTSUPP:
                return sd_bus_error_set(error, "io.phyd.Error.NotSupported",
                                        req->kind == PHY_REQUEST_RESTART_ANEG
                                                ? "Autonegotiation is off on this PHY"
                                                : "Not supported by this PHY");
        case -EINVAL:
                return sd_bus_error_set(error, SD_BUS_ERROR_INVALID_ARGS,
                                        "The PHY refused these settings");
        case -ENODEV:
                return sd_bus_error_set(error, "io.phyd.Error.Io",
                                        "The PHY does not answer (device gone)");
        case -ESHUTDOWN:
                return sd_bus_error_set(error, SD_BUS_ERROR_FAILED, "phyd is shutting down");
        default:
                return sd_bus_error_setf(error, "io.phyd.Error.Io", "MDIO access failed: %s",
                                         strerror(-r));
        }
}

void phy_request_reply(PhyRequest *req)
{
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        int r;

        if (!req->message)
                goto out;

        if (req->result < 0) {
                (void) request_error(req, &error);
                r = sd_bus_reply_method_error(req->message, &error);
        } else if (req->kind == PHY_REQUEST_READ_REGISTER)
                r = sd_bus_reply_method_return(req->message, "q", req->value);
        else
                r = sd_bus_reply_method_return(req->message, NULL);
        if (r < 0)
                log_phy_debug_errno(req->phy, r, "Failed to reply (caller gone?): %m");
out:
        phy_request_free(req);
}

int daemon_phy_bus_register(DaemonPhy *phy)
{
        sd_bus *bus = phy->manager->bus;
        int r;

        r = sd_bus_add_object_vtable(bus, &phy->phy_slot, phy->path, PHY_INTERFACE, phy_vtable,
                                     phy);
        if (r < 0)
                return log_phy_error_errno(phy, r, "Failed to register %s: %m", phy->path);
        if (phy->model) {
                r = sim_bus_register(phy);
                if (r < 0)
                        return r;
        }
        return sd_bus_emit_interfaces_added(bus, phy->path, PHY_INTERFACE,
                                            phy->model ? "io.phyd.Simulator1" : NULL, NULL);
}

void daemon_phy_bus_unregister(DaemonPhy *phy)
{
        if (phy->phy_slot && phy->manager->bus)
                (void) sd_bus_emit_interfaces_removed(phy->manager->bus, phy->path,
                                                      PHY_INTERFACE,
                                                      phy->sim_slot ? "io.phyd.Simulator1" : NULL,
                                                      NULL);
        phy->phy_slot = sd_bus_slot_unref(phy->phy_slot);
        phy->sim_slot = sd_bus_slot_unref(phy->sim_slot);
}
