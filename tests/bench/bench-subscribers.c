/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Subscribers, two ways.
 *
 *   bench-subscribers events ADDRESS PHY-PATH SUBSCRIBERS CHANGES
 *
 * SUBSCRIBERS connections, each its own bus client, subscribe to the PHY's LinkChanged; a
 * further connection plugs and unplugs the sim partner CHANGES times (autonegotiation time
 * 0). After each change the program waits until every subscriber has the change's
 * LinkChanged. Prints "subscribers=K changes=N complete=0|1 gaps=G p50_us=.. p99_us=..
 * max_us=..": complete=1 when every subscriber received every change, with sequence numbers
 * one apart (gaps counts the misses); the latency runs from sending the call to the moment
 * the last subscriber had the signal.
 *
 *   bench-subscribers count ADDRESS SECONDS
 *
 * One subscriber to every signal io.phyd sends, for SECONDS: "signals=N seconds=S".
 */

#include <errno.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <time.h>

typedef struct Subscriber {
        sd_bus *bus;
        uint64_t last_sequence;
        bool have_sequence;
        unsigned received; /* LinkChanged for the current change */
        unsigned gaps;
} Subscriber;

static uint64_t now_usec(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
}

static int cmp_u64(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;

        return x < y ? -1 : x > y;
}

static int connect_bus(const char *address, sd_bus **ret)
{
        sd_bus *bus = NULL;
        int r;

        r = sd_bus_new(&bus);
        if (r >= 0)
                r = sd_bus_set_address(bus, address);
        if (r >= 0)
                r = sd_bus_set_bus_client(bus, 1);
        if (r >= 0)
                r = sd_bus_start(bus);
        if (r < 0) {
                sd_bus_unref(bus);
                return r;
        }
        *ret = bus;
        return 0;
}

static int on_link_changed(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
        Subscriber *s = userdata;
        uint64_t sequence;

        if (sd_bus_message_read(m, "t", &sequence) < 0)
                return 0;
        if (s->have_sequence && sequence != s->last_sequence + 1)
                s->gaps++;
        s->last_sequence = sequence;
        s->have_sequence = true;
        s->received++;
        return 0;
}

/* Processes every subscriber's queue; waits on all of them until each has 'want' signals. */
static int wait_all(Subscriber *subs, unsigned n, unsigned want)
{
        struct pollfd *fds = calloc(n, sizeof(*fds));
        uint64_t deadline = now_usec() + 10 * 1000000ULL;
        int r = 0;

        if (!fds)
                return -ENOMEM;
        for (;;) {
                unsigned done = 0;

                for (unsigned i = 0; i < n; i++) {
                        while ((r = sd_bus_process(subs[i].bus, NULL)) > 0)
                                ;
                        if (r < 0)
                                goto out;
                        if (subs[i].received >= want)
                                done++;
                        fds[i].fd = sd_bus_get_fd(subs[i].bus);
                        fds[i].events = (short) sd_bus_get_events(subs[i].bus);
                }
                if (done == n) {
                        r = 0;
                        break;
                }
                if (now_usec() > deadline) {
                        r = -ETIMEDOUT;
                        break;
                }
                if (poll(fds, n, 1000) < 0) {
                        r = -errno;
                        break;
                }
        }
out:
        free(fds);
        return r;
}

static int run_events(const char *address, const char *path, unsigned n_subs, unsigned n)
{
        sd_bus_error error = SD_BUS_ERROR_NULL;
        Subscriber *subs = calloc(n_subs, sizeof(*subs));
        uint64_t *lat = calloc(n, sizeof(*lat));
        unsigned gaps = 0, incomplete = 0;
        sd_bus *driver = NULL;
        int r;

        if (!subs || !lat)
                return 2;
        for (unsigned i = 0; i < n_subs; i++) {
                r = connect_bus(address, &subs[i].bus);
                if (r >= 0)
                        r = sd_bus_match_signal(subs[i].bus, NULL, "io.phyd", path,
                                                "io.phyd.Phy1", "LinkChanged", on_link_changed,
                                                &subs[i]);
                if (r < 0) {
                        fprintf(stderr, "subscriber %u: %s\n", i, strerror(-r));
                        return 1;
                }
        }
        r = connect_bus(address, &driver);
        if (r < 0) {
                fprintf(stderr, "bus: %s\n", strerror(-r));
                return 1;
        }
        r = sd_bus_call_method(driver, "io.phyd", path, "io.phyd.Simulator1", "SetAnegTime",
                               &error, NULL, "t", (uint64_t) 0);
        if (r < 0) {
                fprintf(stderr, "SetAnegTime: %s\n", error.message);
                return 1;
        }

        for (unsigned k = 0; k < n; k++) {
                uint64_t start;

                for (unsigned i = 0; i < n_subs; i++)
                        subs[i].received = 0;
                start = now_usec();
                if (k % 2 == 0)
                        r = sd_bus_call_method(driver, "io.phyd", path, "io.phyd.Simulator1",
                                               "PlugPartner", &error, NULL, "as", 0);
                else
                        r = sd_bus_call_method(driver, "io.phyd", path, "io.phyd.Simulator1",
                                               "UnplugPartner", &error, NULL, NULL);
                if (r < 0) {
                        fprintf(stderr, "call: %s\n", error.message);
                        return 1;
                }
                r = wait_all(subs, n_subs, 1);
                if (r < 0) {
                        incomplete++;
                        fprintf(stderr, "change %u: not every subscriber had it: %s\n", k,
                                strerror(-r));
                }
                lat[k] = now_usec() - start;
        }
        for (unsigned i = 0; i < n_subs; i++) {
                gaps += subs[i].gaps;
                sd_bus_unref(subs[i].bus);
        }

        qsort(lat, n, sizeof(*lat), cmp_u64);
        printf("subscribers=%u changes=%u complete=%d gaps=%u p50_us=%llu p99_us=%llu "
               "max_us=%llu\n", n_subs, n, incomplete == 0 && gaps == 0, gaps,
               (unsigned long long) lat[n / 2],
               (unsigned long long) lat[(n * 99 + 99) / 100 - 1],
               (unsigned long long) lat[n - 1]);
        sd_bus_unref(driver);
        free(subs);
        free(lat);
        return 0;
}

static int on_signal(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
        (*(unsigned long *) userdata)++;
        return 0;
}

static int run_count(const char *address, double seconds)
{
        uint64_t end = now_usec() + (uint64_t) (seconds * 1e6);
        unsigned long signals = 0;
        sd_bus *bus = NULL;
        int r;

        r = connect_bus(address, &bus);
        if (r >= 0)
                r = sd_bus_add_match(bus, NULL, "type='signal',sender='io.phyd'", on_signal,
                                     &signals);
        if (r < 0) {
                fprintf(stderr, "bus: %s\n", strerror(-r));
                return 1;
        }
        for (uint64_t now; (now = now_usec()) < end;) {
                r = sd_bus_process(bus, NULL);
                if (r < 0)
                        return 1;
                if (r == 0)
                        (void) sd_bus_wait(bus, end - now);
        }
        printf("signals=%lu seconds=%.3f\n", signals, seconds);
        sd_bus_unref(bus);
        return 0;
}

int main(int argc, char *argv[])
{
        if (argc == 6 && strcmp(argv[1], "events") == 0) {
                int subs = atoi(argv[4]), n = atoi(argv[5]);

                if (subs <= 0 || n <= 0) {
                        fprintf(stderr, "SUBSCRIBERS and CHANGES: expected positive numbers\n");
                        return 2;
                }
                return run_events(argv[2], argv[3], (unsigned) subs, (unsigned) n);
        }
        if (argc == 4 && strcmp(argv[1], "count") == 0) {
                double seconds = atof(argv[3]);

                if (seconds <= 0) {
                        fprintf(stderr, "SECONDS: expected a positive number, got '%s'\n",
                                argv[3]);
                        return 2;
                }
                return run_count(argv[2], seconds);
        }
        fprintf(stderr, "usage: %s events ADDRESS PHY-PATH SUBSCRIBERS CHANGES\n"
                "       %s count ADDRESS SECONDS\n", argv[0], argv[0]);
        return 2;
}
