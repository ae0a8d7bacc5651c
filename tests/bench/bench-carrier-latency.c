/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * Event latency of the event path: a carrier change -> LinkChanged received by a subscriber.
 * Runs inside the network namespace of a veth pair watched by phyd: each sample sets the
 * peer down or up (SIOCSIFFLAGS, the clock starting just before it) and waits for the
 * LinkChanged of the other end, which loses or regains its carrier.
 *
 *   bench-carrier-latency ADDRESS PHY-PATH PEER-IFNAME SAMPLES
 *
 * Prints "samples=N p50_us=... p99_us=... max_us=...".
 */

#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <systemd/sd-bus.h>
#include <time.h>
#include <unistd.h>

static uint64_t now_usec(void)
{
        struct timespec ts;

        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (uint64_t) ts.tv_sec * 1000000 + (uint64_t) ts.tv_nsec / 1000;
}

static int on_link_changed(sd_bus_message *m, void *userdata, sd_bus_error *error)
{
        *(uint64_t *) userdata = now_usec();
        return 0;
}

static int cmp_u64(const void *a, const void *b)
{
        uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;

        return x < y ? -1 : x > y;
}

static int set_up(int fd, const char *ifname, bool up)
{
        struct ifreq ifr = {};

        snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
        if (ioctl(fd, SIOCGIFFLAGS, &ifr) < 0)
                return -errno;
        if (up)
                ifr.ifr_flags |= IFF_UP;
        else
                ifr.ifr_flags &= ~IFF_UP;
        return ioctl(fd, SIOCSIFFLAGS, &ifr) < 0 ? -errno : 0;
}

int main(int argc, char *argv[])
{
        sd_bus *bus = NULL;
        uint64_t *lat, received = 0;
        unsigned n;
        int fd, r;

        if (argc != 5) {
                fprintf(stderr, "usage: %s ADDRESS PHY-PATH PEER-IFNAME SAMPLES\n", argv[0]);
                return 2;
        }
        n = (unsigned) atoi(argv[4]);
        lat = calloc(n, sizeof(*lat));
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (!lat || n == 0 || fd < 0)
                return 2;

        r = sd_bus_new(&bus);
        if (r >= 0)
                r = sd_bus_set_address(bus, argv[1]);
        if (r >= 0)
                r = sd_bus_set_bus_client(bus, 1);
        if (r >= 0)
                r = sd_bus_start(bus);
        if (r >= 0)
                r = sd_bus_match_signal(bus, NULL, "io.phyd", argv[2], "io.phyd.Phy1",
                                        "LinkChanged", on_link_changed, &received);
        if (r < 0) {
                fprintf(stderr, "bus: %s\n", strerror(-r));
                return 1;
        }

        for (unsigned i = 0; i < n; i++) {
                uint64_t start;

                received = 0;
                start = now_usec();
                r = set_up(fd, argv[3], i % 2 == 1);
                if (r < 0) {
                        fprintf(stderr, "SIOCSIFFLAGS %s: %s\n", argv[3], strerror(-r));
                        return 1;
                }
                while (received == 0) {
                        r = sd_bus_process(bus, NULL);
                        if (r < 0)
                                return 1;
                        if (r > 0)
                                continue;
                        r = sd_bus_wait(bus, 5 * 1000000ULL);
                        if (r <= 0) {
                                fprintf(stderr, "no LinkChanged\n");
                                return 1;
                        }
                }
                lat[i] = received - start;
        }
        /* Leave the peer up, as it was found. */
        (void) set_up(fd, argv[3], true);

        qsort(lat, n, sizeof(*lat), cmp_u64);
        printf("samples=%u p50_us=%llu p99_us=%llu max_us=%llu\n", n,
               (unsigned long long) lat[n / 2], (unsigned long long) lat[(n * 99 + 99) / 100 - 1],
               (unsigned long long) lat[n - 1]);
        close(fd);
        sd_bus_unref(bus);
        free(lat);
        return 0;
}
