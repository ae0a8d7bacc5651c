/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * phyctl wait PHY [--up|--down] [--timeout=DURATION]: returns once the PHY's Link property is
 * as asked. It subscribes to LinkChanged first and reads Link second, so a change between
 * the two is seen either in the property or as a signal, never lost.
 */

#include <stdio.h>
#include <string.h>
#include <systemd/sd-event.h>

#include "phyctl-format.h"
#include "phyctl-log.h"
#include "phyctl.h"

typedef struct Wait {
        const char *name; /* as the user named the PHY */
        const char *path;
        bool want_link;
        int result;       /* set by whoever ends the loop: < 0 or an exit status */
} Wait;

static int wait_finish(sd_bus_message *message, Wait *w, int result)
{
        w->result = result;
        return sd_event_exit(sd_bus_get_event(sd_bus_message_get_bus(message)), 0);
}

static int on_link_changed(sd_bus_message *message, void *userdata, sd_bus_error *ret_error)
{
        Wait *w = userdata;
        uint64_t sequence;
        int r;

        r = sd_bus_message_read(message, "t", &sequence);
        if (r < 0)
                return 0;
        r = sd_bus_message_enter_container(message, 'a', "{sv}");
        if (r < 0)
                return 0;
        while (sd_bus_message_enter_container(message, 'e', "sv") > 0) {
                const char *key;
                int link;

                if (sd_bus_message_read(message, "s", &key) < 0)
                        return 0;
                if (!streq(key, "Link")) {
                        if (sd_bus_message_skip(message, "v") < 0)
                                return 0;
                } else if (sd_bus_message_read(message, "v", "b", &link) < 0)
                        return 0;
                else if ((bool) link == w->want_link)
                        return wait_finish(message, w, 0);
                if (sd_bus_message_exit_container(message) < 0)
                        return 0;
        }
        return 0;
}

static int on_interfaces_removed(sd_bus_message *message, void *userdata,
                                 sd_bus_error *ret_error)
{
        Wait *w = userdata;
        const char *path;

        if (sd_bus_message_read(message, "o", &path) < 0 || !streq(path, w->path))
                return 0;
        return wait_finish(message, w,
                           log_error_errno(-ENODEV, "PHY '%s' disappeared", w->name));
}

static int on_timeout(sd_event_source *s, uint64_t usec, void *userdata)
{
        Wait *w = userdata;
        char span[FORMAT_TIMESPAN_MAX];

        fprintf(stderr, "phyctl: timed out after %s waiting for the link of '%s' to go %s\n",
                format_timespan(arg_timeout_usec, span, sizeof(span)), w->name,
                w->want_link ? "up" : "down");
        w->result = PHYCTL_EXIT_TIMEOUT;
        return sd_event_exit(sd_event_source_get_event(s), 0);
}

static int on_signal(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
        Wait *w = userdata;

        /* As a shell reports a command killed by the signal. */
        w->result = 128 + (int) si->ssi_signo;
        return sd_event_exit(sd_event_source_get_event(s), 0);
}

int verb_wait(int argc, char *argv[], void *userdata)
{
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(sd_bus_slot_unrefp) sd_bus_slot *slot = NULL, *removed_slot = NULL;
        _cleanup_(sd_event_unrefp) sd_event *event = NULL;
        _cleanup_free_ char *path = NULL;
        Wait w = { .name = argv[1], .want_link = arg_wait_up, .result = -ECONNRESET };
        int link, r;

        /* Armed now, so that the timeout counts from the start, lookups included. */
        r = sd_event_default(&event);
        if (r < 0)
                return log_error_errno(r, "cannot create the event loop: %m");
        if (arg_timeout_usec != USEC_INFINITY) {
                r = sd_event_add_time_relative(event, NULL, CLOCK_MONOTONIC, arg_timeout_usec,
                                               USEC_PER_MSEC, on_timeout, &w);
                if (r < 0)
                        return log_error_errno(r, "cannot arm the timeout: %m");
        }

        r = phyctl_open_phy(argv[1], &bus, &path, NULL);
        if (r < 0)
                return r;
        w.path = path;

        /* Subscribe, then read: the order that loses nothing. */
        r = sd_bus_match_signal(bus, &slot, PHYD_BUS_NAME, path, PHYD_PHY_INTERFACE,
                                "LinkChanged", on_link_changed, &w);
        if (r >= 0)
                r = sd_bus_match_signal(bus, &removed_slot, PHYD_BUS_NAME, PHYD_MANAGER_PATH,
                                        "org.freedesktop.DBus.ObjectManager",
                                        "InterfacesRemoved", on_interfaces_removed, &w);
        if (r < 0)
                return log_error_errno(r, "cannot subscribe to LinkChanged on %s: %m",
                                       bus_description());

        r = sd_bus_get_property_trivial(bus, PHYD_BUS_NAME, path, PHYD_PHY_INTERFACE, "Link",
                                        &error, 'b', &link);
        if (r < 0)
                return log_bus_error(&error, r, &(ErrorContext){ .phy = argv[1] });
        if ((bool) link == w.want_link)
                return 0;

        r = bus_attach_event_loop(bus, event, on_signal, &w);
        if (r < 0)
                return r;

        r = sd_event_loop(event);
        if (r < 0)
                return log_error_errno(r, "event loop failed: %m");
        if (w.result == -ECONNRESET)
                return log_error_errno(w.result, "lost the connection to %s",
                                       bus_description());
        return w.result;
}
