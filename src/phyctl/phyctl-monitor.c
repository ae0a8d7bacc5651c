/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * phyctl monitor: a line per LinkChanged signal, until SIGINT or SIGTERM. The match is added
 * (synchronously: AddMatch has been answered) before any other call, so no change made after
 * phyctl started can slip by; PHY arguments then only filter.
 */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <systemd/sd-event.h>

#include "phyctl-color.h"
#include "phyctl-format.h"
#include "phyctl-log.h"
#include "phyd/strv.h"
#include "phyctl.h"

/* What monitor remembers per PHY: its Id (for the line) and the last sequence number seen
 * with the daemon's InvocationId, to notice a gap. */
typedef struct MonitorPhy {
        char *path;
        char *id;
        char *invocation_id;
        uint64_t sequence;
} MonitorPhy;

typedef struct Monitor {
        sd_bus *bus;
        char **filter; /* object paths to show; NULL: all */
        MonitorPhy *phys;
        size_t n_phys;
        int error;     /* the first failure, which ends the loop */
} Monitor;

static void monitor_done(Monitor *m)
{
        for (size_t i = 0; i < m->n_phys; i++) {
                free(m->phys[i].path);
                free(m->phys[i].id);
                free(m->phys[i].invocation_id);
        }
        free(m->phys);
        strv_free(m->filter);
        *m = (Monitor){};
}

static MonitorPhy *monitor_find(Monitor *m, const char *path)
{
        for (size_t i = 0; i < m->n_phys; i++)
                if (streq(m->phys[i].path, path))
                        return &m->phys[i];
        return NULL;
}

static MonitorPhy *monitor_add(Monitor *m, const char *path, const char *id)
{
        MonitorPhy *grown, *p;

        grown = realloc(m->phys, (m->n_phys + 1) * sizeof(MonitorPhy));
        if (!grown)
                return NULL;
        m->phys = grown;
        p = &m->phys[m->n_phys];
        *p = (MonitorPhy){ .path = strdup(path), .id = id ? strdup(id) : NULL };
        if (!p->path || (id && !p->id)) {
                free(p->path);
                free(p->id);
                return NULL;
        }
        m->n_phys++;
        return p;
}

/* The Id of a PHY that appeared after monitor started, asked once. */
static MonitorPhy *monitor_get(Monitor *m, const char *path)
{
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        _cleanup_free_ char *id = NULL;
        MonitorPhy *p = monitor_find(m, path);

        if (p)
                return p;
        /* A PHY gone again by now keeps its path as its name. */
        (void) sd_bus_get_property_string(m->bus, PHYD_BUS_NAME, path, PHYD_PHY_INTERFACE, "Id",
                                          &error, &id);
        return monitor_add(m, path, id);
}

static bool snapshot_bool(json_object *o, const char *key, bool *ret)
{
        json_object *v;

        if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_boolean))
                return false;
        *ret = json_object_get_boolean(v);
        return true;
}

static const char *snapshot_string(json_object *o, const char *key)
{
        json_object *v;

        if (!json_object_object_get_ex(o, key, &v) || !json_object_is_type(v, json_type_string))
                return NULL;
        return json_object_get_string(v);
}

/* "sim0:10 (eth1): link up, 100Mb/s full duplex, flow control rx/tx, state running (5)" */
static void print_event(const MonitorPhy *p, json_object *snapshot, uint64_t sequence)
{
        const char *ifname = snapshot_string(snapshot, "Interface");
        const char *state = snapshot_string(snapshot, "State");
        const char *duplex = snapshot_string(snapshot, "Duplex");
        bool link = false, rx = false, tx = false;
        json_object *v;
        char speed[24];

        printf("%s", p->id ?: p->path);
        if (ifname && *ifname)
                printf(" (%s)", ifname);
        printf(":");

        if (snapshot_bool(snapshot, "Link", &link)) {
                const char *color = link ? ANSI_GREEN : ANSI_YELLOW;

                printf(" link %s%s%s", ansi(color), link ? "up" : "down", ansi_normal(color));
                if (link && json_object_object_get_ex(snapshot, "Speed", &v))
                        printf(", %s", format_speed((uint32_t) json_object_get_int64(v), speed,
                                                    sizeof(speed)));
                if (link && duplex)
                        printf(" %s duplex", duplex);
                if (link && snapshot_bool(snapshot, "NegotiatedRxPause", &rx) &&
                    snapshot_bool(snapshot, "NegotiatedTxPause", &tx))
                        printf(", flow control %s", format_flow_control(rx, tx));
                printf(",");
        }
        if (state)
                printf(" state %s%s%s", ansi(state_color(state)), state,
                       ansi_normal(state_color(state)));
        printf(" (%" PRIu64 ")\n", sequence);
}

/* A jump in the sequence of one daemon's PHY means signals were lost (the bus dropped them,
 * or phyctl was too slow); a new InvocationId means the daemon restarted. */
static void check_gap(MonitorPhy *p, json_object *snapshot, uint64_t sequence)
{
        const char *invocation = snapshot_string(snapshot, "InvocationId");
        bool same = invocation && p->invocation_id && streq(invocation, p->invocation_id);

        if (same && p->sequence > 0 && sequence > p->sequence + 1)
                fprintf(stderr, "phyctl: %s: missed %" PRIu64 " link change(s)\n",
                        p->id ?: p->path, sequence - p->sequence - 1);

        p->sequence = sequence;
        if (invocation && !same) {
                char *copy = strdup(invocation);

                if (copy) {
                        free(p->invocation_id);
                        p->invocation_id = copy;
                }
        }
}

/* NDJSON: Object, Id (when the snapshot lacks it), Sequence, then the snapshot's keys as
 * the daemon sent them. */
static int print_event_json(const char *path, const MonitorPhy *p, json_object *snapshot,
                            uint64_t sequence)
{
        _cleanup_(json_object_putp) json_object *line = json_object_new_object();
        int r;

        if (!line)
                return -ENOMEM;
        r = json_add(line, "Object", json_object_new_string(path));
        if (r >= 0 && !json_object_object_get_ex(snapshot, "Id", NULL))
                r = json_add(line, "Id", json_object_new_string(p->id ?: ""));
        if (r >= 0)
                r = json_add(line, "Sequence", json_object_new_uint64(sequence));
        if (r < 0)
                return r;

        json_object_object_foreach(snapshot, key, value) {
                if (streq(key, "Object") || streq(key, "Sequence"))
                        continue;
                r = json_add(line, key, json_object_get(value));
                if (r < 0)
                        return r;
        }

        return json_print(line, JSON_FORMAT_SHORT, stdout);
}

static int on_link_changed(sd_bus_message *message, void *userdata, sd_bus_error *ret_error)
{
        _cleanup_(json_object_putp) json_object *snapshot = NULL;
        Monitor *m = userdata;
        const char *path = sd_bus_message_get_path(message);
        MonitorPhy *p;
        uint64_t sequence;
        int r;

        if (!path || (m->filter && !strv_contains(m->filter, path)))
                return 0;

        r = sd_bus_message_read(message, "t", &sequence);
        if (r >= 0)
                r = json_from_bus_message(message, &snapshot);
        if (r < 0 || !json_object_is_type(snapshot, json_type_object)) {
                fprintf(stderr, "phyctl: ignoring a malformed LinkChanged from %s\n", path);
                return 0;
        }

        p = monitor_get(m, path);
        if (!p) {
                m->error = log_error_errno(-ENOMEM, "out of memory");
                return sd_event_exit(sd_bus_get_event(m->bus), 0);
        }
        check_gap(p, snapshot, sequence);

        if (arg_json == JSON_FORMAT_OFF)
                print_event(p, snapshot, sequence);
        else {
                r = print_event_json(path, p, snapshot, sequence);
                if (r < 0) {
                        m->error = log_error_errno(r, "cannot print: %m");
                        return sd_event_exit(sd_bus_get_event(m->bus), 0);
                }
        }

        /* A reader of a pipe sees each change as it happens. */
        if (fflush(stdout) != 0) {
                m->error = -EPIPE;
                return sd_event_exit(sd_bus_get_event(m->bus), 0);
        }
        return 0;
}

static int on_signal(sd_event_source *s, const struct signalfd_siginfo *si, void *userdata)
{
        return sd_event_exit(sd_event_source_get_event(s), 0);
}

int verb_monitor(int argc, char *argv[], void *userdata)
{
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(sd_bus_slot_unrefp) sd_bus_slot *slot = NULL;
        _cleanup_(sd_event_unrefp) sd_event *event = NULL;
        _cleanup_(monitor_done) Monitor m = {};
        _cleanup_(phy_list_done) PhyList list = {};
        int r;

        r = phyctl_connect(&bus);
        if (r < 0)
                return r;
        m.bus = bus;

        /* First of all, so that nothing is missed from here on. */
        r = sd_bus_match_signal(bus, &slot, PHYD_BUS_NAME, NULL, PHYD_PHY_INTERFACE,
                                "LinkChanged", on_link_changed, &m);
        if (r < 0)
                return log_error_errno(r, "cannot subscribe to LinkChanged on %s: %m",
                                       bus_description());

        /* Learns the Ids, and whether phyd runs at all. */
        r = phy_list(bus, &list);
        if (r < 0)
                return r;
        for (size_t i = 0; i < list.n; i++)
                if (!monitor_add(&m, list.entries[i].path, list.entries[i].id))
                        return log_error_errno(-ENOMEM, "out of memory");

        for (int i = 1; i < argc; i++) {
                _cleanup_free_ char *path = NULL;

                r = phy_resolve(bus, argv[i], &path);
                if (r < 0)
                        return r;
                if (!strv_contains(m.filter, path)) {
                        r = strv_extend(&m.filter, path);
                        if (r < 0)
                                return log_error_errno(r, "out of memory");
                }
        }

        r = sd_event_default(&event);
        if (r < 0)
                return log_error_errno(r, "cannot create the event loop: %m");
        /* Losing the bus (not phyd: it may restart) ends monitor with a failure. */
        r = bus_attach_event_loop(bus, event, on_signal, NULL);
        if (r < 0)
                return r;

        /* On stderr, as busctl monitor does: a script may wait for it to know that every
         * event from now on will be shown. */
        fprintf(stderr, "Monitoring link changes on %s; Ctrl-C to stop.\n", bus_description());

        r = sd_event_loop(event);
        if (r < 0)
                return log_error_errno(r, "event loop failed: %m");
        if (m.error < 0)
                return m.error;
        if (r != 0)
                return log_error_errno(-ECONNRESET, "lost the connection to %s",
                                       bus_description());
        return 0;
}
