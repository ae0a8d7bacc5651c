/* SPDX-License-Identifier: GPL-2.0-or-later */

/* phyctl sim PHY ...: io.phyd.Simulator1, the simulated wire of a sim PHY. */

#include <stdio.h>

#include "phyctl-log.h"
#include "phyctl-parse.h"
#include "phyctl.h"

static int append_arguments(sd_bus_message *m, const SimCommand *c)
{
        switch (c->kind) {
        case SIM_COMMAND_PARTNER_UP:
                /* An empty list: the daemon's default partner, every 10/100 mode. */
                return sd_bus_message_append_strv(m, c->modes);
        case SIM_COMMAND_FAULT:
                /* Register -1: every register; count 0: until ClearFaults. */
                return sd_bus_message_append(m, "siu", c->name, (int32_t) -1, (uint32_t) 0);
        case SIM_COMMAND_QUIRK:
                return sd_bus_message_append(m, "sb", c->name, (int) c->on);
        case SIM_COMMAND_ANEG_TIME:
        case SIM_COMMAND_ANRESTART_TIME:
        case SIM_COMMAND_LINK_LEAD_TIME:
                return sd_bus_message_append(m, "t", c->usec);
        case SIM_COMMAND_PARTNER_DOWN:
        case SIM_COMMAND_CLEAR_FAULTS:
                return 0;
        case _SIM_COMMAND_MAX:
        case _SIM_COMMAND_INVALID:
                break;
        }
        return -EINVAL;
}

int verb_sim(int argc, char *argv[], void *userdata)
{
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(sim_command_done) SimCommand c = {};
        _cleanup_(phy_info_done) PhyInfo info = {};
        _cleanup_free_ char *reason = NULL;
        const char *method;
        int r;

        r = sim_command_parse(argv + 2, &c, &reason);
        if (r == -ENOMEM)
                return log_error_errno(r, "out of memory");
        if (r < 0)
                return log_usage("sim: %s", reason);
        method = sim_command_method_to_string(c.kind);

        /* Simulator1 lives on sim PHYs only: say so rather than "unknown method". */
        r = phyctl_open_phy(argv[1], &bus, NULL, &info);
        if (r < 0)
                return r;
        if (info.backend && !streq(info.backend, "sim"))
                return log_error_errno(-EOPNOTSUPP,
                                       "'%s' is not a simulated PHY (its backend is %s)",
                                       argv[1], info.backend);

        r = phyd_new_method_call(bus, info.path, PHYD_SIMULATOR_INTERFACE, method, &m);
        if (r < 0)
                return r;
        r = append_arguments(m, &c);
        if (r < 0)
                return log_error_errno(r, "cannot build the %s call: %m", method);
        return phyd_call(bus, m,
                         &(ErrorContext){
                                 .phy = argv[1],
                                 .what = "driving the simulator",
                                 .action = PHY_ACTION_CONFIGURE,
                                 .sim = true,
                         },
                         NULL);
}
