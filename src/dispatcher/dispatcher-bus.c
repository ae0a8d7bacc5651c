/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The subscription: one match for LinkChanged signals whose sender is phyd's well-known name.
 * The bus applies a well-known sender to whoever owns the name when a signal is sent, so the
 * match follows phyd across restarts without watching NameOwnerChanged. Each signal becomes a
 * DispatchEvent for its PHY's queue.
 */

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-daemon.h>

#include "dispatcher-bus.h"
#include "dispatcher-event.h"
#include "dispatcher-log.h"
#include "dispatcher-phy.h"
#include "phyd/bus-util.h"

#define PHY_INTERFACE "io.phyd.Phy1"

static int read_string(sd_bus_message *m, char **ret)
{
        const char *s;
        char *copy;
        int r;

        r = sd_bus_message_read(m, "v", "s", &s);
        if (r < 0)
                return r;
        copy = strdup(s);
        if (!copy)
                return -ENOMEM;
        free(*ret);
        *ret = copy;
        return 0;
}

static int read_bool(sd_bus_message *m, bool *ret)
{
        int b, r;

        r = sd_bus_message_read(m, "v", "b", &b);
        if (r < 0)
                return r;
        *ret = b;
        return 0;
}

/* One {sv} of the snapshot; keys the scripts are not given, and known keys of an unexpected
 * type, are skipped, so a newer phyd with more keys still works. */
static int read_snapshot_entry(sd_bus_message *m, DispatchEvent *e)
{
        const char *key, *contents;
        char type;
        int r;

        r = sd_bus_message_read(m, "s", &key);
        if (r < 0)
                return r;
        r = sd_bus_message_peek_type(m, &type, &contents);
        if (r < 0)
                return r;
        if (type != SD_BUS_TYPE_VARIANT)
                return -EBADMSG;

        if (streq(contents, "s")) {
                if (streq(key, "Id"))
                        return read_string(m, &e->id);
                if (streq(key, "Interface"))
                        return read_string(m, &e->interface);
                if (streq(key, "State"))
                        return read_string(m, &e->state);
                if (streq(key, "Duplex"))
                        return read_string(m, &e->duplex);
        } else if (streq(contents, "b")) {
                if (streq(key, "Link"))
                        return read_bool(m, &e->link);
                if (streq(key, "NegotiatedTxPause"))
                        return read_bool(m, &e->tx_pause);
                if (streq(key, "NegotiatedRxPause"))
                        return read_bool(m, &e->rx_pause);
        } else if (streq(contents, "u") && streq(key, "Speed"))
                return sd_bus_message_read(m, "v", "u", &e->speed);

        return sd_bus_message_skip(m, "v");
}

static int parse_link_changed(sd_bus_message *m, DispatchEvent **ret)
{
        _cleanup_(dispatch_event_freep) DispatchEvent *e = NULL;
        int r;

        e = calloc(1, sizeof(*e));
        if (!e)
                return -ENOMEM;
        r = sd_bus_message_read(m, "t", &e->sequence);
        if (r < 0)
                return r;
        r = sd_bus_message_enter_container(m, SD_BUS_TYPE_ARRAY, "{sv}");
        if (r < 0)
                return r;
        while ((r = sd_bus_message_enter_container(m, SD_BUS_TYPE_DICT_ENTRY, "sv")) > 0) {
                r = read_snapshot_entry(m, e);
                if (r < 0)
                        return r;
                r = sd_bus_message_exit_container(m);
                if (r < 0)
                        return r;
        }
        if (r < 0)
                return r;
        r = sd_bus_message_exit_container(m);
        if (r < 0)
                return r;
        if (!e->id || !*e->id)
                return -EBADMSG;

        *ret = TAKE_PTR(e);
        return 0;
}

static int on_link_changed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
        Dispatcher *d = userdata;
        DispatchEvent *e = NULL;
        int r;

        r = parse_link_changed(m, &e);
        if (r < 0) {
                log_warning_errno(r, "Ignoring a malformed LinkChanged from %s on %s: %m",
                                  sd_bus_message_get_sender(m) ?: "?",
                                  sd_bus_message_get_path(m) ?: "?");
                return 0;
        }
        log_phy_debug(e->id, "%s: LinkChanged sequence %" PRIu64 " received: link %s, "
                      "%" PRIu32 " Mb/s, %s duplex, state %s.", e->id, e->sequence,
                      e->link ? "up" : "down", e->speed, e->duplex ?: "unknown",
                      e->state ?: "");

        /* Errors are logged there; the dispatcher goes on with the next signal. */
        (void) dispatch_phy_enqueue(d, e);
        return 0;
}

static int on_match_installed(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
        const sd_bus_error *e = sd_bus_message_get_error(m);
        Dispatcher *d = userdata;

        if (e) {
                log_error_errno(sd_bus_error_get_errno(e),
                                "Failed to subscribe to LinkChanged from %s: %s", d->bus_name,
                                e->message ?: e->name);
                return sd_event_exit(d->event, EXIT_FAILURE);
        }

        log_info("Dispatching link events of %s to %s.", d->bus_name, d->scripts_dir);
        (void) sd_notifyf(false, "READY=1\nSTATUS=Dispatching link events of %s",
                          d->bus_name);
        return 0;
}

static int on_disconnected(sd_bus_message *m, void *userdata, sd_bus_error *ret_error)
{
        Dispatcher *d = userdata;

        /* Under systemd, Restart= brings the dispatcher back, subscribed anew. */
        log_error("Lost the connection to the bus.");
        return sd_event_exit(d->event, EXIT_FAILURE);
}

static int bus_open(Dispatcher *d, sd_bus **ret)
{
        if (!d->bus_address)
                return d->user_bus ? sd_bus_open_user(ret) : sd_bus_open_system(ret);
        return bus_open_address(d->bus_address, NULL, ret);
}

int dispatcher_connect_bus(Dispatcher *d)
{
        int r;

        r = bus_open(d, &d->bus);
        if (r < 0)
                return log_error_errno(r, "Failed to connect to the bus: %m");
        (void) sd_bus_set_description(d->bus, "phyd-dispatcher");
        r = sd_bus_attach_event(d->bus, d->event, SD_EVENT_PRIORITY_NORMAL);
        if (r < 0)
                return log_error_errno(r, "Failed to attach the bus to the event loop: %m");
        /* sd-bus's own message for a lost connection: a local match, nothing goes to the bus. */
        r = sd_bus_match_signal(d->bus, NULL, "org.freedesktop.DBus.Local", NULL,
                                "org.freedesktop.DBus.Local", "Disconnected", on_disconnected,
                                d);
        if (r < 0)
                return log_error_errno(r, "Failed to watch for the bus connection's loss: %m");

        /* Asynchronous: READY=1 goes out when the bus has confirmed the match, so that a
         * change made after systemd saw the service ready cannot be missed. */
        r = sd_bus_match_signal_async(d->bus, &d->link_changed_slot, d->bus_name, NULL,
                                      PHY_INTERFACE, "LinkChanged", on_link_changed,
                                      on_match_installed, d);
        if (r < 0)
                return log_error_errno(r, "Failed to subscribe to LinkChanged from %s: %m",
                                       d->bus_name);
        return 0;
}
