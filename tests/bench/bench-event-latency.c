/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Event latency of the polled path: a change on the simulated wire -> LinkChanged received
 * by a subscriber. For each sample the partner is plugged (aneg time 0: the link is up as
 * soon as the PHY's worker has executed the plug) or unplugged. The change happens on the
 * PHY's worker between the moment the PlugPartner/UnplugPartner call is sent and the moment
 * its reply arrives: latency from the call is an upper bound, from the reply a lower one. The subscriber is this process, on its own connection. Each change waits a
 * random part of the poll interval first, so that changes fall at every phase of the poll
 * cycle rather than right after the run that reported the previous one.
 *
 *   bench-event-latency ADDRESS PHY-PATH SAMPLES POLL-INTERVAL-USEC [HOPS-FILE]
 *
 * Prints one line: "samples=N p50_us=... p99_us=... max_us=..." (from the call) followed by
 * "low_p50_us=... low_p99_us=... low_max_us=..." (from the reply). With HOPS-FILE, writes
 * one line per sample there, CLOCK_MONOTONIC microseconds: "CALL REPLY SENT RECEIVED", SENT
 * being the signal's LastChangeMonotonicUSec (phyd takes it just before it emits), for the
 * per-hop breakdown scripts/bench makes with the MDIO trace.
 */

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <time.h>

static uint64_t now_usec(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
}

typedef struct Received {
        uint64_t usec;      /* when this process had it */
        uint64_t sent_usec; /* the snapshot's LastChangeMonotonicUSec */
} Received;

/* LastChangeMonotonicUSec out of LinkChanged's a{sv}, or 0. */
static uint64_t snapshot_sent_usec(sd_bus_message *m)
{
        const char *key;
        uint64_t v = 0;

        if (sd_bus_message_skip(m, "t") < 0 || sd_bus_message_enter_container(m, 'a', "{sv}") < 0)
                return 0;
        while (sd_bus_message_enter_container(m, 'e', "sv") > 0) {
                if (sd_bus_message_read(m, "s", &key) < 0)
                        return 0;
                if (strcmp(key, "LastChangeMonotonicUSec") == 0) {
                        if (sd_bus_message_read(m, "v", "t", &v) < 0)
                                return 0;
                } else if (sd_bus_message_skip(m, "v") < 0)
                        return 0;
                if (sd_bus_message_exit_container(m) < 0)
                        return 0;
        }
        return v;
}

static int on_link_changed(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
        Received *received = userdata;

        received->usec = now_usec();
        received->sent_usec = snapshot_sent_usec(m);
        return 0;
}

static int cmp_u64(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;

        return x < y ? -1 : x > y;
}

static int wait_signal(sd_bus *bus, Received *received)
{
        int r;

        while (received->usec == 0) {
                r = sd_bus_process(bus, NULL);
                if (r < 0)
                        return r;
                if (r > 0)
                        continue;
                r = sd_bus_wait(bus, 10 * 1000000ULL);
                if (r < 0)
                        return r;
                if (r == 0)
                        return -ETIMEDOUT;
        }
        return 0;
}

int main(int argc, char *argv[])
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        sd_bus *bus = NULL;
        uint64_t *lat, *low, interval;
        Received received = {};
        FILE *hops = NULL;
        unsigned n;
        int r;

        if (argc != 5 && argc != 6) {
                fprintf(stderr, "usage: %s ADDRESS PHY-PATH SAMPLES POLL-INTERVAL-USEC "
                        "[HOPS-FILE]\n", argv[0]);
                return 2;
        }
        if (argc == 6) {
                hops = fopen(argv[5], "we");
                if (!hops) {
                        fprintf(stderr, "%s: %s\n", argv[5], strerror(errno));
                        return 1;
                }
        }
        n = (unsigned) atoi(argv[3]);
        interval = strtoull(argv[4], NULL, 10);
        srand48(1); /* the same phases at every run */
        lat = calloc(n, sizeof(*lat));
        low = calloc(n, sizeof(*low));
        if (!lat || !low || n == 0)
                return 2;

        r = sd_bus_new(&bus);
        if (r >= 0)
                r = sd_bus_set_address(bus, argv[1]);
        if (r >= 0)
                r = sd_bus_set_bus_client(bus, 1);
        if (r >= 0)
                r = sd_bus_start(bus);
        if (r < 0) {
                fprintf(stderr, "bus: %s\n", strerror(-r));
                return 1;
        }
        r = sd_bus_match_signal(bus, NULL, "io.phyd", argv[2], "io.phyd.Phy1", "LinkChanged",
                                on_link_changed, &received);
        if (r < 0)
                return 1;
        r = sd_bus_call_method(bus, "io.phyd", argv[2], "io.phyd.Simulator1", "SetAnegTime",
                               &error, NULL, "t", (uint64_t) 0);
        if (r < 0) {
                fprintf(stderr, "SetAnegTime: %s\n", error.message);
                return 1;
        }

        for (unsigned i = 0; i < n; i++) {
                bool plug = i % 2 == 0;
                struct timespec phase = {};
                uint64_t start, replied;

                if (interval > 0) {
                        uint64_t delay = (uint64_t) (drand48() * (double) interval);

                        phase.tv_sec = (time_t) (delay / 1000000);
                        phase.tv_nsec = (long) (delay % 1000000) * 1000;
                        nanosleep(&phase, NULL);
                }
                start = now_usec();

                received = (Received) {};
                if (plug)
                        r = sd_bus_call_method(bus, "io.phyd", argv[2], "io.phyd.Simulator1",
                                               "PlugPartner", &error, NULL, "as", 0);
                else
                        r = sd_bus_call_method(bus, "io.phyd", argv[2], "io.phyd.Simulator1",
                                               "UnplugPartner", &error, NULL, NULL);
                if (r < 0) {
                        fprintf(stderr, "call: %s\n", error.message);
                        return 1;
                }
                replied = now_usec();
                if (received.usec == 0) {
                        r = wait_signal(bus, &received);
                        if (r < 0) {
                                fprintf(stderr, "no LinkChanged: %s\n", strerror(-r));
                                return 1;
                        }
                }
                lat[i] = received.usec - start;
                /* A signal queued before the reply was read counts as at the reply. */
                low[i] = received.usec > replied ? received.usec - replied : 0;
                if (hops)
                        fprintf(hops, "%llu %llu %llu %llu\n", (unsigned long long) start,
                                (unsigned long long) replied,
                                (unsigned long long) received.sent_usec,
                                (unsigned long long) received.usec);
        }

        qsort(lat, n, sizeof(*lat), cmp_u64);
        qsort(low, n, sizeof(*low), cmp_u64);
        printf("samples=%u p50_us=%llu p99_us=%llu max_us=%llu low_p50_us=%llu low_p99_us=%llu "
               "low_max_us=%llu\n", n, (unsigned long long) lat[n / 2],
               (unsigned long long) lat[(n * 99 + 99) / 100 - 1],
               (unsigned long long) lat[n - 1], (unsigned long long) low[n / 2],
               (unsigned long long) low[(n * 99 + 99) / 100 - 1],
               (unsigned long long) low[n - 1]);
        if (hops)
                fclose(hops);
        sd_bus_unref(bus);
        free(lat);
        free(low);
        return 0;
}
