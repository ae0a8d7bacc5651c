/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "dispatcher-log.h"
#include "dispatcher-phy.h"
#include "dispatcher.h"

static int dup_or_null(const char *s, char **ret)
{
        if (!s) {
                *ret = NULL;
                return 0;
        }
        *ret = strdup(s);
        return *ret ? 0 : -ENOMEM;
}

int dispatcher_new(const DispatcherOptions *options, Dispatcher **ret)
{
        _cleanup_(dispatcher_freep) Dispatcher *d = NULL;
        int r;

        d = calloc(1, sizeof(*d));
        if (!d)
                return log_error_errno(ENOMEM, "Out of memory.");
        d->user_bus = options->user_bus;
        d->timeout_usec = options->timeout_usec;
        if (dup_or_null(options->bus_address, &d->bus_address) < 0 ||
            dup_or_null(options->bus_name, &d->bus_name) < 0 ||
            dup_or_null(options->scripts_dir, &d->scripts_dir) < 0)
                return log_error_errno(ENOMEM, "Out of memory.");

        r = sd_event_default(&d->event);
        if (r < 0)
                return log_error_errno(r, "Failed to allocate the event loop: %m");
        /* SIGTERM, SIGINT and SIGCHLD are blocked by main(): sd-event takes them, the
         * first two to end the loop, SIGCHLD for the scripts' exits. */
        r = sd_event_add_signal(d->event, NULL, SIGTERM, NULL, NULL);
        if (r >= 0)
                r = sd_event_add_signal(d->event, NULL, SIGINT, NULL, NULL);
        if (r < 0)
                return log_error_errno(r, "Failed to watch SIGTERM and SIGINT: %m");
        /* Pings the watchdog if systemd asked for it (WatchdogSec=). */
        r = sd_event_set_watchdog(d->event, true);
        if (r < 0)
                return log_error_errno(r, "Failed to enable the watchdog: %m");

        *ret = TAKE_PTR(d);
        return 0;
}

Dispatcher *dispatcher_free(Dispatcher *d)
{
        if (!d)
                return NULL;
        /* Scripts still running are told to stop: their PHY's queue goes with us. */
        while (d->phys)
                dispatch_phy_free(d->phys);
        sd_bus_slot_unref(d->link_changed_slot);
        sd_bus_flush_close_unref(d->bus);
        sd_event_unref(d->event);
        free(d->bus_address);
        free(d->bus_name);
        free(d->scripts_dir);
        free(d);
        return NULL;
}

int dispatcher_run(Dispatcher *d)
{
        int r;

        r = sd_event_loop(d->event);
        (void) sd_notify(false, "STOPPING=1");
        if (r < 0)
                return log_error_errno(r, "Event loop failed: %m");
        /* EXIT_FAILURE, from whoever ended the loop after saying why. */
        return r == 0 ? 0 : -ECANCELED;
}
