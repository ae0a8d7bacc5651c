/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Load for phyd, on one sd-event loop, each role on a bus connection of its own:
 *
 * - a flapper: every --flap-usec, each sim PHY's partner is plugged or unplugged in turn
 *   (Simulator1, asynchronous; a PHY whose last call has not been answered is skipped);
 * - a subscriber: every LinkChanged, checked for sequence gaps per PHY; at the end, after the
 *   flapping stops, it waits until it has seen each PHY's current Sequence property, so that
 *   a lost last signal is a gap too;
 * - --clients callers of GetAll(io.phyd.Phy1) on the PHYs in turn, each at --getall-hz, with
 *   the latency of every reply;
 * - --stalled subscribers that send AddMatch and then never read. At the end each reads what
 *   the bus kept for it and counts its own gaps, and the sequence numbers missing after
 *   the last one it got: what the bus dropped for it.
 *
 *   soak-load --address=ADDR [--duration-sec=N] [--flap-usec=N] [--clients=N]
 *             [--getall-hz=N] [--stalled=N]
 *
 * Prints one line of key=value figures; exit status 0 whatever the figures (the caller
 * judges), 1 if the load could not run.
 */

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <systemd/sd-event.h>
#include <time.h>

#define MAX_PHYS 1024
#define MAX_CLIENTS 64
#define MAX_STALLED 8
#define DRAIN_USEC (30ULL * 1000000)
/* dbus-daemon answers LimitsExceeded past 128 calls awaiting a reply on one connection
 * (max_replies_per_connection): the flapper spreads its PHYs over connections of 64. */
#define PHYS_PER_FLAPPER 64
#define MAX_FLAPPERS (MAX_PHYS / PHYS_PER_FLAPPER)

typedef struct Load Load;

typedef struct Phy {
        Load *load;
        char *path;
        bool plugged;
        bool call_pending;
        bool seen;         /* the subscriber saw a LinkChanged of it */
        uint64_t last_seq; /* the subscriber's last sequence of it */
        uint64_t final_seq; /* the Sequence property after the load */
} Phy;

typedef struct Client {
        Load *load;
        sd_bus *bus;
        sd_event_source *timer;
        bool pending;
        uint64_t sent_usec;
        unsigned next;
} Client;

typedef struct Stalled {
        sd_bus *bus;
        uint64_t last_seq[MAX_PHYS];
        bool seen[MAX_PHYS];
        uint64_t received, gaps;
} Stalled;

struct Load {
        sd_event *event;
        sd_bus *control, *subscriber;
        sd_bus *flappers[MAX_FLAPPERS];
        Phy phys[MAX_PHYS];
        size_t n_phys;

        Client clients[MAX_CLIENTS];
        unsigned n_clients;
        unsigned getall_hz;
        Stalled stalled[MAX_STALLED];
        unsigned n_stalled;
        uint64_t flap_usec;
        uint64_t duration_usec;
        uint64_t end_usec;
        bool draining;

        uint64_t signals, gaps, flap_calls, flap_skipped, flap_errors;
        uint64_t getall_errors, getall_skipped;
        uint64_t *latencies;
        size_t n_latencies, max_latencies;
};

static uint64_t now_usec(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
}

/* Time sources fire once (SD_EVENT_ONESHOT): each callback arms the next. */
static int rearm(sd_event_source *s, uint64_t usec)
{
        int r;

        r = sd_event_source_set_time(s, usec);
        if (r < 0)
                return r;
        return sd_event_source_set_enabled(s, SD_EVENT_ONESHOT);
}

static Phy *find_phy(Load *l, const char *path, size_t *ret_index)
{
        for (size_t i = 0; i < l->n_phys; i++)
                if (strcmp(l->phys[i].path, path) == 0) {
                        if (ret_index)
                                *ret_index = i;
                        return &l->phys[i];
                }
        return NULL;
}

static int read_sequence(sd_bus_message *m, uint64_t *ret_seq)
{
        return sd_bus_message_read(m, "t", ret_seq);
}

static bool drained(Load *l)
{
        for (size_t i = 0; i < l->n_phys; i++)
                if (!l->phys[i].seen || l->phys[i].last_seq != l->phys[i].final_seq)
                        return false;
        return true;
}

static int on_link_changed(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
        Load *l = userdata;
        uint64_t seq;
        Phy *phy;

        if (read_sequence(m, &seq) < 0)
                return 0;
        phy = find_phy(l, sd_bus_message_get_path(m), NULL);
        if (!phy)
                return 0;
        l->signals++;
        /* A gap: a sequence number skipped (or going back: a new object, counted too). */
        if (phy->seen && seq != phy->last_seq + 1)
                l->gaps++;
        phy->seen = true;
        phy->last_seq = seq;
        if (l->draining && drained(l))
                (void) sd_event_exit(l->event, 0);
        return 0;
}

static int on_flap_reply(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
        Phy *phy = userdata;

        phy->call_pending = false;
        if (sd_bus_message_is_method_error(m, NULL))
                phy->load->flap_errors++;
        return 0;
}

static int on_flap_timer(sd_event_source *s, uint64_t usec, void *userdata)
{
        Load *l = userdata;
        int r;

        if (usec >= l->end_usec)
                return 0; /* the load is over: no more flaps */

        for (size_t i = 0; i < l->n_phys; i++) {
                Phy *phy = &l->phys[i];

                if (phy->call_pending) {
                        l->flap_skipped++;
                        continue;
                }
                if (phy->plugged)
                        r = sd_bus_call_method_async(l->flappers[i / PHYS_PER_FLAPPER], NULL, "io.phyd", phy->path,
                                                     "io.phyd.Simulator1", "UnplugPartner",
                                                     on_flap_reply, phy, NULL);
                else
                        r = sd_bus_call_method_async(l->flappers[i / PHYS_PER_FLAPPER], NULL,
                                                     "io.phyd", phy->path,
                                                     "io.phyd.Simulator1", "PlugPartner",
                                                     on_flap_reply, phy, "as", 0);
                if (r < 0) {
                        l->flap_errors++;
                        continue;
                }
                phy->plugged = !phy->plugged;
                phy->call_pending = true;
                l->flap_calls++;
        }
        return rearm(s, usec + l->flap_usec);
}

static int on_getall_reply(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
        Client *c = userdata;
        Load *l = c->load;

        c->pending = false;
        if (sd_bus_message_is_method_error(m, NULL)) {
                l->getall_errors++;
                return 0;
        }
        if (l->n_latencies < l->max_latencies)
                l->latencies[l->n_latencies++] = now_usec() - c->sent_usec;
        return 0;
}

static int on_client_timer(sd_event_source *s, uint64_t usec, void *userdata)
{
        Client *c = userdata;
        Load *l = c->load;
        int r;

        if (usec >= l->end_usec)
                return 0;
        if (c->pending)
                l->getall_skipped++; /* the previous call is still out: this tick is lost */
        else {
                c->sent_usec = now_usec();
                r = sd_bus_call_method_async(c->bus, NULL, "io.phyd",
                                             l->phys[c->next++ % l->n_phys].path,
                                             "org.freedesktop.DBus.Properties", "GetAll",
                                             on_getall_reply, c, "s", "io.phyd.Phy1");
                if (r < 0)
                        l->getall_errors++;
                else
                        c->pending = true;
        }
        return rearm(s, usec + 1000000 / l->getall_hz);
}

static int read_final_sequences(Load *l)
{
        for (size_t i = 0; i < l->n_phys; i++) {
                sd_bus_error error = SD_BUS_ERROR_NULL;
                int r;

                r = sd_bus_get_property_trivial(l->control, "io.phyd", l->phys[i].path,
                                                "io.phyd.Phy1", "Sequence", &error, 't',
                                                &l->phys[i].final_seq);
                sd_bus_error_free(&error);
                if (r < 0)
                        return r;
        }
        return 0;
}

/* The flapping is over and every flap call answered: the subscriber must now catch up with
 * each PHY's Sequence. */
static int on_end_timer(sd_event_source *s, uint64_t usec, void *userdata)
{
        Load *l = userdata;
        bool pending = false;
        int r;

        for (size_t i = 0; i < l->n_phys; i++)
                pending = pending || l->phys[i].call_pending;
        for (unsigned i = 0; i < l->n_clients; i++)
                pending = pending || l->clients[i].pending;
        if (pending && usec < l->end_usec + DRAIN_USEC)
                return rearm(s, usec + 10000);

        /* Let the last poll run publish (it runs at most one poll interval later; a second
         * interval is margin), then compare. */
        if (!l->draining) {
                l->draining = true;
                return rearm(s, usec + 2 * l->flap_usec + 1000000);
        }
        r = read_final_sequences(l);
        if (r < 0) {
                fprintf(stderr, "soak-load: reading Sequence: %s\n", strerror(-r));
                return sd_event_exit(l->event, r);
        }
        if (drained(l))
                return sd_event_exit(l->event, 0);
        /* Some signal has not arrived yet: on_link_changed ends the loop when it does; this
         * timer ends it after DRAIN_USEC whatever happened. */
        if (usec >= l->end_usec + DRAIN_USEC)
                return sd_event_exit(l->event, 0);
        return rearm(s, usec + 100000);
}

static int open_bus(const char *address, sd_bus **ret)
{
        sd_bus *bus;
        int r;

        r = sd_bus_new(&bus);
        if (r < 0)
                return r;
        r = sd_bus_set_address(bus, address);
        if (r >= 0)
                r = sd_bus_set_bus_client(bus, true);
        if (r >= 0)
                r = sd_bus_start(bus);
        if (r < 0) {
                sd_bus_unref(bus);
                return r;
        }
        *ret = bus;
        return 0;
}

static int list_phys(Load *l)
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        sd_bus_message *reply = NULL;
        const char *id, *ifname, *path;
        int32_t ifindex;
        int r;

        r = sd_bus_call_method(l->control, "io.phyd", "/io/phyd", "io.phyd.Manager1", "ListPhys",
                               &error, &reply, NULL);
        if (r < 0) {
                fprintf(stderr, "soak-load: ListPhys: %s\n", error.message ?: strerror(-r));
                sd_bus_error_free(&error);
                return r;
        }
        r = sd_bus_message_enter_container(reply, 'a', "(ssio)");
        while (r >= 0 && l->n_phys < MAX_PHYS &&
               (r = sd_bus_message_read(reply, "(ssio)", &id, &ifname, &ifindex, &path)) > 0)
                l->phys[l->n_phys++] = (Phy) { .load = l, .path = strdup(path) };
        sd_bus_message_unref(reply);
        return r < 0 ? r : 0;
}

static const char *const link_changed_match =
        "type='signal',sender='io.phyd',interface='io.phyd.Phy1',member='LinkChanged'";

/* Reads everything the bus kept for a stalled subscriber, counting its gaps. */
static void stalled_read(Load *l, Stalled *st)
{
        sd_bus_message *m;

        for (;;) {
                size_t i;
                uint64_t seq;

                int r;

                m = NULL;
                r = sd_bus_process(st->bus, &m);
                if (r < 0)
                        return;
                if (r == 0) {
                        /* The bus writes the rest of its queue as the socket drains; 200 ms
                         * without anything new is the end of it. */
                        if (sd_bus_wait(st->bus, 200000) <= 0)
                                return;
                        continue;
                }
                if (!m || !sd_bus_message_is_signal(m, "io.phyd.Phy1", "LinkChanged") ||
                    read_sequence(m, &seq) < 0 || !find_phy(l, sd_bus_message_get_path(m), &i)) {
                        sd_bus_message_unref(m);
                        continue;
                }
                st->received++;
                if (st->seen[i] && seq != st->last_seq[i] + 1)
                        st->gaps++;
                st->seen[i] = true;
                st->last_seq[i] = seq;
                sd_bus_message_unref(m);
        }
}

static int cmp_u64(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;

        return x < y ? -1 : x > y;
}

static uint64_t percentile(const uint64_t *v, size_t n, unsigned p)
{
        return n ? v[(n - 1) * p / 100] : 0;
}

/* Everything main() made, given back: the sanitizer tier runs this program too, and a leak
 * report is a failure there whoever leaks. */
static void load_done(Load *l)
{
        for (size_t i = 0; i < l->n_phys; i++)
                free(l->phys[i].path);
        for (unsigned i = 0; i < MAX_CLIENTS; i++) {
                sd_event_source_unref(l->clients[i].timer);
                sd_bus_flush_close_unref(l->clients[i].bus);
        }
        for (unsigned i = 0; i < MAX_STALLED; i++)
                sd_bus_close_unref(l->stalled[i].bus);
        for (unsigned i = 0; i < MAX_FLAPPERS; i++)
                sd_bus_flush_close_unref(l->flappers[i]);
        sd_bus_flush_close_unref(l->control);
        sd_bus_flush_close_unref(l->subscriber);
        free(l->latencies);
        sd_event_unref(l->event);
}

int main(int argc, char *argv[])
{
        static const struct option options[] = {
                { "address", required_argument, NULL, 'a' },
                { "duration-sec", required_argument, NULL, 'd' },
                { "flap-usec", required_argument, NULL, 'f' },
                { "clients", required_argument, NULL, 'c' },
                { "getall-hz", required_argument, NULL, 'g' },
                { "stalled", required_argument, NULL, 's' },
                {}
        };
        __attribute__((cleanup(load_done))) Load l = { .n_clients = 20, .getall_hz = 50, .flap_usec = 100000,
                   .duration_usec = 60 * 1000000ULL };
        const char *address = NULL;
        uint64_t start;
        int c, r;

        while ((c = getopt_long(argc, argv, "", options, NULL)) >= 0)
                switch (c) {
                case 'a': address = optarg; break;
                case 'd': l.duration_usec = strtoull(optarg, NULL, 10) * 1000000ULL; break;
                case 'f': l.flap_usec = strtoull(optarg, NULL, 10); break;
                case 'c': l.n_clients = (unsigned) atoi(optarg); break;
                case 'g': l.getall_hz = (unsigned) atoi(optarg); break;
                case 's': l.n_stalled = (unsigned) atoi(optarg); break;
                default: return 1;
                }
        if (!address || l.n_clients > MAX_CLIENTS || l.n_stalled > MAX_STALLED ||
            l.getall_hz == 0 || l.flap_usec == 0) {
                fprintf(stderr, "soak-load: --address=ADDR is required; at most %d clients, "
                        "%d stalled; --getall-hz and --flap-usec above 0\n", MAX_CLIENTS,
                        MAX_STALLED);
                return 1;
        }

        r = sd_event_default(&l.event);
        if (r >= 0)
                r = open_bus(address, &l.control);
        if (r >= 0)
                r = open_bus(address, &l.subscriber);
        if (r < 0) {
                fprintf(stderr, "soak-load: connecting to %s: %s\n", address, strerror(-r));
                return 1;
        }
        r = list_phys(&l);
        if (r < 0 || l.n_phys == 0) {
                fprintf(stderr, "soak-load: no PHY to load\n");
                return 1;
        }

        /* Subscribed (the AddMatch answered) before the first flap. */
        r = sd_bus_add_match(l.subscriber, NULL, link_changed_match, on_link_changed, &l);
        for (unsigned i = 0; r >= 0 && i < l.n_stalled; i++) {
                r = open_bus(address, &l.stalled[i].bus);
                if (r >= 0)
                        /* Never attached to the loop: nothing reads this connection until
                         * stalled_read() at the end. */
                        r = sd_bus_add_match(l.stalled[i].bus, NULL, link_changed_match, NULL,
                                             NULL);
        }
        if (r < 0) {
                fprintf(stderr, "soak-load: subscribing: %s\n", strerror(-r));
                return 1;
        }

        /* The sim's autonegotiation takes no time: a plug is a link at the next poll. */
        for (size_t i = 0; i < l.n_phys; i++) {
                r = sd_bus_call_method(l.control, "io.phyd", l.phys[i].path, "io.phyd.Simulator1",
                                       "SetAnegTime", NULL, NULL, "t", (uint64_t) 0);
                if (r < 0) {
                        fprintf(stderr, "soak-load: SetAnegTime: %s\n", strerror(-r));
                        return 1;
                }
        }

        l.max_latencies = (size_t) (l.duration_usec / 1000000 + 1) * l.getall_hz * l.n_clients;
        l.latencies = calloc(l.max_latencies ?: 1, sizeof(uint64_t));
        if (!l.latencies)
                return 1;

        for (size_t i = 0; i < (l.n_phys + PHYS_PER_FLAPPER - 1) / PHYS_PER_FLAPPER; i++) {
                r = open_bus(address, &l.flappers[i]);
                if (r >= 0)
                        r = sd_bus_attach_event(l.flappers[i], l.event, 0);
                if (r < 0) {
                        fprintf(stderr, "soak-load: connecting: %s\n", strerror(-r));
                        return 1;
                }
        }
        (void) sd_bus_attach_event(l.control, l.event, 0);
        (void) sd_bus_attach_event(l.subscriber, l.event, 0);
        start = now_usec();
        l.end_usec = start + l.duration_usec;
        r = sd_event_add_time(l.event, NULL, CLOCK_MONOTONIC, start, 1000, on_flap_timer, &l);
        if (r >= 0)
                r = sd_event_add_time(l.event, NULL, CLOCK_MONOTONIC, l.end_usec, 1000,
                                      on_end_timer, &l);
        for (unsigned i = 0; r >= 0 && i < l.n_clients; i++) {
                Client *cl = &l.clients[i];

                *cl = (Client) { .load = &l, .next = i };
                r = open_bus(address, &cl->bus);
                if (r >= 0)
                        r = sd_bus_attach_event(cl->bus, l.event, 0);
                if (r >= 0)
                        /* Spread over the period, so that the clients do not all call at once. */
                        r = sd_event_add_time(l.event, &cl->timer, CLOCK_MONOTONIC,
                                              start + i * (1000000 / l.getall_hz) / l.n_clients,
                                              100, on_client_timer, cl);
        }
        if (r < 0) {
                fprintf(stderr, "soak-load: setting up: %s\n", strerror(-r));
                return 1;
        }

        r = sd_event_loop(l.event);
        if (r < 0) {
                fprintf(stderr, "soak-load: %s\n", strerror(-r));
                return 1;
        }

        qsort(l.latencies, l.n_latencies, sizeof(uint64_t), cmp_u64);
        printf("phys=%zu seconds=%llu flap_calls=%llu flap_skipped=%llu flap_errors=%llu "
               "signals=%llu gaps=%llu caught_up=%s getall=%zu getall_skipped=%llu "
               "getall_errors=%llu getall_p50_us=%llu getall_p99_us=%llu getall_max_us=%llu",
               l.n_phys, (unsigned long long) (l.duration_usec / 1000000),
               (unsigned long long) l.flap_calls, (unsigned long long) l.flap_skipped,
               (unsigned long long) l.flap_errors, (unsigned long long) l.signals,
               (unsigned long long) l.gaps, drained(&l) ? "yes" : "no", l.n_latencies,
               (unsigned long long) l.getall_skipped, (unsigned long long) l.getall_errors,
               (unsigned long long) percentile(l.latencies, l.n_latencies, 50),
               (unsigned long long) percentile(l.latencies, l.n_latencies, 99),
               (unsigned long long) (l.n_latencies ? l.latencies[l.n_latencies - 1] : 0));
        for (unsigned i = 0; i < l.n_stalled; i++) {
                uint64_t missing = 0;

                stalled_read(&l, &l.stalled[i]);
                /* Sequence numbers it never got: skipped between two it got, and after the
                 * last one it got (the bus dropped the rest), up to each PHY's Sequence. */
                for (size_t k = 0; k < l.n_phys; k++)
                        if (l.stalled[i].seen[k] && l.phys[k].final_seq > l.stalled[i].last_seq[k])
                                missing += l.phys[k].final_seq - l.stalled[i].last_seq[k];
                printf(" stalled%u_received=%llu stalled%u_gaps=%llu stalled%u_missing=%llu", i,
                       (unsigned long long) l.stalled[i].received, i,
                       (unsigned long long) l.stalled[i].gaps, i,
                       (unsigned long long) (missing + l.stalled[i].gaps));
        }
        printf("\n");
        return 0;
}
