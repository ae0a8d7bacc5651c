/* SPDX-License-Identifier: GPL-2.0-or-later */

/* The verbs that call io.phyd.Phy1's methods: reset, restart-aneg, start, stop, suspend,
 * resume, set (Configure), read (ReadRegister) and write (WriteRegister). */

#include <stdio.h>
#include <stdlib.h>

#include "phyctl-log.h"
#include "phyctl-parse.h"
#include "phyctl-registers.h"
#include "phyd/strv.h"
#include "phyctl.h"

static const struct {
        const char *verb;
        const char *member;
        const char *what; /* for "permission denied: ... needs" */
} phy_methods[] = {
        { "reset", "Reset", "resetting a PHY" },
        { "restart-aneg", "RestartAutoneg", "restarting autonegotiation" },
        { "start", "Start", "starting a PHY" },
        { "stop", "Stop", "stopping a PHY" },
        { "suspend", "Suspend", "suspending a PHY" },
        { "resume", "Resume", "resuming a PHY" },
};

int verb_phy_method(int argc, char *argv[], void *userdata)
{
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_free_ char *path = NULL;
        size_t i;
        int r;

        for (i = 0; i < ELEMENTSOF(phy_methods); i++)
                if (streq(argv[0], phy_methods[i].verb))
                        break;
        if (i == ELEMENTSOF(phy_methods))
                return log_usage("unknown command '%s'", argv[0]);

        r = phyctl_open_phy(argv[1], &bus, &path, NULL);
        if (r < 0)
                return r;
        r = phyd_new_method_call(bus, path, PHYD_PHY_INTERFACE, phy_methods[i].member, &m);
        if (r < 0)
                return r;
        return phyd_call(bus, m,
                         &(ErrorContext){
                                 .phy = argv[1],
                                 .what = phy_methods[i].what,
                                 .action = PHY_ACTION_RESET,
                         },
                         NULL);
}

static int append_bool(sd_bus_message *m, const char *key, int value)
{
        if (value < 0)
                return 0;
        return sd_bus_message_append(m, "{sv}", key, "b", value);
}

static int append_settings(sd_bus_message *m, const LinkSettings *s)
{
        int r;

        r = sd_bus_message_open_container(m, 'a', "{sv}");
        if (r < 0)
                return r;
        r = append_bool(m, "Autoneg", s->autoneg);
        if (r >= 0 && s->speed > 0)
                r = sd_bus_message_append(m, "{sv}", "Speed", "u", s->speed);
        if (r >= 0 && s->duplex)
                r = sd_bus_message_append(m, "{sv}", "Duplex", "s", s->duplex);
        if (r >= 0 && s->advertise) {
                r = sd_bus_message_open_container(m, 'e', "sv");
                if (r >= 0)
                        r = sd_bus_message_append(m, "s", "Advertise");
                if (r >= 0)
                        r = sd_bus_message_open_container(m, 'v', "as");
                if (r >= 0)
                        r = sd_bus_message_append_strv(m, s->advertise);
                if (r >= 0)
                        r = sd_bus_message_close_container(m);
                if (r >= 0)
                        r = sd_bus_message_close_container(m);
        }
        if (r >= 0)
                r = append_bool(m, "RxPause", s->rx_pause);
        if (r >= 0)
                r = append_bool(m, "TxPause", s->tx_pause);
        if (r < 0)
                return r;
        return sd_bus_message_close_container(m);
}

int verb_set(int argc, char *argv[], void *userdata)
{
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(link_settings_done) LinkSettings settings = LINK_SETTINGS_NULL;
        _cleanup_free_ char *path = NULL, *reason = NULL;
        int r;

        /* Usage errors before any bus traffic. */
        r = link_settings_parse(argv + 2, &settings, &reason);
        if (r == -ENOMEM)
                return log_error_errno(r, "out of memory");
        if (r < 0)
                return log_usage("set: %s", reason);

        r = phyctl_open_phy(argv[1], &bus, &path, NULL);
        if (r < 0)
                return r;
        r = phyd_new_method_call(bus, path, PHYD_PHY_INTERFACE, "Configure", &m);
        if (r < 0)
                return r;
        r = append_settings(m, &settings);
        if (r < 0)
                return log_error_errno(r, "cannot build the Configure call: %m");
        return phyd_call(bus, m,
                         &(ErrorContext){
                                 .phy = argv[1],
                                 .what = "configuring a PHY",
                                 .action = PHY_ACTION_CONFIGURE,
                         },
                         NULL);
}

static int parse_register(const char *s, unsigned *ret)
{
        if (phy_register_from_string(s, ret) < 0)
                return log_usage("invalid register '%s': expected 0-31 or a register name", s);
        return 0;
}

int verb_read(int argc, char *argv[], void *userdata)
{
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_free_ char *path = NULL;
        unsigned reg;
        uint16_t value;
        int r;

        r = parse_register(argv[2], &reg);
        if (r != 0)
                return r;

        r = phyctl_open_phy(argv[1], &bus, &path, NULL);
        if (r < 0)
                return r;
        /* Reading can clear latched bits, so the daemon guards it like a write. */
        r = phy_read_register(bus, path, (uint8_t) reg,
                              &(ErrorContext){
                                      .phy = argv[1],
                                      .what = "reading registers",
                                      .action = PHY_ACTION_WRITE_REGISTER,
                              },
                              &value);
        if (r < 0)
                return r;

        printf("0x%04x\n", value);
        return 0;
}

int verb_write(int argc, char *argv[], void *userdata)
{
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(phy_info_done) PhyInfo info = {};
        unsigned reg;
        uint16_t value;
        int r;

        r = parse_register(argv[2], &reg);
        if (r != 0)
                return r;
        if (phy_register_value_from_string(argv[3], &value) < 0)
                return log_usage("invalid register value '%s': expected 0-65535 or "
                                 "0x0000-0xffff",
                                 argv[3]);

        r = phyctl_open_phy(argv[1], &bus, NULL, &info);
        if (r < 0)
                return r;

        ErrorContext ctx = {
                .phy = argv[1],
                .ifname = info.interface,
                .what = "writing registers",
                .action = PHY_ACTION_WRITE_REGISTER,
                .raw_write = true,
                .forced = arg_force,
        };

        /* A monitor-mode PHY belongs to a kernel driver (DESIGN decision 5). The daemon
         * refuses unless its .phy file allows raw writes; the caller must say so too. */
        if (info.mode && streq(info.mode, "monitor") && !arg_force) {
                _cleanup_free_ char *reason = NULL;

                ctx.bus = bus_description();
                reason = bus_error_message(PHYD_ERROR_READ_ONLY, NULL, -EROFS, &ctx);
                return log_error_errno(-EROFS, "%s", reason ?: "out of memory");
        }

        /* --force is WriteRegisterWithFlags' flag 1; without it, the plain call, which any
         * phyd knows. */
        r = phyd_new_method_call(bus, info.path, PHYD_PHY_INTERFACE,
                                 arg_force ? "WriteRegisterWithFlags" : "WriteRegister", &m);
        if (r < 0)
                return r;
        if (arg_force)
                r = sd_bus_message_append(m, "yqt", (uint8_t) reg, value, UINT64_C(1));
        else
                r = sd_bus_message_append(m, "yq", (uint8_t) reg, value);
        if (r < 0)
                return log_error_errno(r, "cannot build the WriteRegister call: %m");
        return phyd_call(bus, m, &ctx, NULL);
}
