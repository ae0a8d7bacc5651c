/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * phyd-axemu: an AX88772A/C on USB/IP, inside the fidelity tier's VM. It attaches itself to
 * vhci_hcd over an AF_UNIX socketpair, so the unmodified asix and ax88796b drivers bind to
 * it, plays one scenario file (the partner through the PHY model, `ip link set` and
 * `ethtool -A` through their ioctls, netdev.h), logs every MDIO access in phyd's trace
 * format, and detaches by closing its socket once the scenario's last run has ended (a
 * clean USB disconnect).
 *
 *   phyd-axemu [--port N] [--ifname IF] [--control FIFO] SCENARIO LOG
 *
 * The control FIFO takes one command a line: plug HEX, unplug, flap MS, quirk NAME on|off,
 * up, down, pause RX TX, anrestart MS, link-lead MS, fault KIND|none, settings, quit.
 *
 * Exit status: 0 played, 1 could not run, 3 an event was late or its command failed (the
 * scenario shifted: the caller plays it again), 4 the kernel stopped talking before the
 * last run.
 */

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ax88772.h"
#include "phyd/macro.h"
#include "netdev.h"
#include "phyd/mdio-trace.h"
#include "scenario.h"
#include "usbip.h"

#define VHCI_ATTACH "/sys/devices/platform/vhci_hcd.0/attach"
#define VHCI_HS_PORTS 8
#define USB_SPEED_HIGH 3
#define PENDING_MAX 512
/* Nothing from the kernel and nothing due for this long: the scenario cannot finish. */
#define STALL_USEC (15 * 1000 * 1000ULL)

typedef struct Child {
        pid_t pid;
        uint64_t due_usec;
} Child;

typedef struct Emulator {
        Ax88772 dev;
        Scenario scenario;
        RunTracker runs;
        FILE *log;
        const char *ifname;
        int fd;
        int control_fd;
        uint32_t pending[PENDING_MAX]; /* bulk/interrupt IN URBs, answered never */
        unsigned n_pending;
        uint64_t due[SCENARIO_EVENTS_MAX]; /* 0: not scheduled (yet) or done */
        bool done_event[SCENARIO_EVENTS_MAX];
        uint64_t replug_usec; /* a flap's plug, 0 if none */
        uint16_t replug_abilities;
        uint64_t last_activity;
        Child children[4]; /* interface actions under way */
        unsigned n_children;
        bool late;
        bool quit;
} Emulator;

static void log_line(Emulator *e, const char *fmt, ...) _printf_(2, 3);
static void log_line(Emulator *e, const char *fmt, ...)
{
        uint64_t t = clock_now(e->dev.clock);
        va_list ap;

        fprintf(e->log, "# %" PRIu64 ".%06" PRIu64 " ", t / USEC_PER_SEC, t % USEC_PER_SEC);
        va_start(ap, fmt);
        vfprintf(e->log, fmt, ap);
        va_end(ap);
        fputc('\n', e->log);
        fflush(e->log);
}

/* Marks the same instant in the kernel's log (printk's local_clock) and in the trace buffer,
 * with our CLOCK_MONOTONIC time: the host maps dmesg onto the trace's clock with the marks of
 * attach and detach, and cuts both records at the detach. Best effort: outside the VM
 * neither file may be writable. */
static void mark_kernel(Emulator *e, const char *what)
{
        uint64_t t = clock_now(e->dev.clock);
        static const char *const files[] = { "/dev/kmsg", "/sys/kernel/tracing/trace_marker" };
        char buf[96];
        int n;

        n = snprintf(buf, sizeof(buf), "phyd-axemu: %s mono %" PRIu64 ".%06" PRIu64 "\n", what,
                     t / USEC_PER_SEC, t % USEC_PER_SEC);
        for (size_t i = 0; i < ELEMENTSOF(files); i++) {
                _cleanup_close_ int fd = open(files[i], O_WRONLY | O_CLOEXEC);

                if (fd >= 0 && write(fd, buf, (size_t) n) != n)
                        log_line(e, "ctl: cannot mark %s: %m", files[i]);
        }
}

static void on_access(const MdioAccess *a, void *userdata)
{
        Emulator *e = userdata;
        char buf[MDIO_TRACE_LINE_MAX];

        if (mdio_trace_format("axemu", a, buf, sizeof(buf)) >= 0)
                fprintf(e->log, "%s\n", buf);
        e->last_activity = a->usec;
        if (run_tracker_access(&e->runs, AX88772_PHY_ADDR, a))
                log_line(e, "evt: run %u ended (suspend)", e->runs.n_ended - 1);
}

/* `ethtool eth0`: the kernel's speed, duplex and link partner's modes, as raw as the ioctl
 * gives them, written into the kernel's log, where the host puts them in the timeline
 * (spec §9: after phy_stop they read unknown and empty). */
static int report_link_settings(Emulator *e)
{
        _cleanup_close_ int fd = -EBADF;
        NetdevLinkSettings ls;
        char buf[1024];
        int n, r;

        r = netdev_get_link_settings(e->ifname, &ls);
        if (r < 0)
                return r;
        n = snprintf(buf, sizeof(buf), "phyd-axemu: settings speed %" PRIu32 " duplex %u lp ",
                     ls.speed, ls.duplex);
        for (unsigned i = 0; i < ls.n_words && n < (int) sizeof(buf) - 10; i++)
                n += snprintf(buf + n, sizeof(buf) - (size_t) n, "%s%08" PRIx32,
                              i > 0 ? "," : "", ls.lp_advertising[i]);
        log_line(e, "evt: %s", buf + strlen("phyd-axemu: "));
        buf[n++] = '\n';
        fd = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
        if (fd < 0)
                return -errno;
        return write(fd, buf, (size_t) n) == n ? 0 : -EIO;
}

/* Runs an interface action in a child: it blocks until the driver is done with the device,
 * which this process serves meanwhile. The action counts as applied when the child returns:
 * later than EVENT_LATE_USEC after due_usec, the scenario has shifted. */
static void spawn(Emulator *e, const char *action, bool a, bool b, uint64_t due_usec)
{
        pid_t pid;

        if (e->n_children == ELEMENTSOF(e->children)) {
                log_line(e, "evt: too many actions at once");
                e->late = true;
                return;
        }
        fflush(e->log);
        pid = fork();
        if (pid < 0) {
                log_line(e, "evt: fork failed: %m");
                e->late = true;
                return;
        }
        if (pid == 0) {
                int r = strcmp(action, "pause") == 0    ? netdev_set_pause(e->ifname, a, b)
                        : strcmp(action, "settings") == 0 ? report_link_settings(e)
                                                        : netdev_set_up(e->ifname, a);
                if (r < 0)
                        fprintf(stderr, "phyd-axemu: %s on %s: %s\n", action, e->ifname,
                                strerror(-r));
                _exit(r < 0 ? 1 : 0);
        }
        e->children[e->n_children++] = (Child) { .pid = pid, .due_usec = due_usec };
}

static void reap(Emulator *e)
{
        int status;
        pid_t pid;

        while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
                uint64_t now = clock_now(e->dev.clock);
                unsigned i;

                for (i = 0; i < e->n_children && e->children[i].pid != pid; i++)
                        ;
                if (i == e->n_children)
                        continue;
                if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                        /* E.g. ip link set up before the netdev exists: the machine was too
                         * slow for the scenario's timing, which is shifted like by a late
                         * event. */
                        log_line(e, "evt: action %d failed (status 0x%x)", (int) pid, status);
                        e->late = true;
                } else if (now > e->children[i].due_usec + EVENT_LATE_USEC) {
                        log_line(e, "evt: action returned %" PRIu64 " ms after its due time",
                                 (now - e->children[i].due_usec) / 1000);
                        e->late = true;
                }
                e->children[i] = e->children[--e->n_children];
        }
}

/* One action of a scenario or of the control FIFO; argv holds its arguments. */
static int apply_action(Emulator *e, const char *action, char *const *args, unsigned n_args,
                        uint64_t due_usec)
{
        if (strcmp(action, "plug") == 0 && n_args == 1) {
                uint16_t abilities = (uint16_t) strtoul(args[0], NULL, 16);
                phy_model_plug(e->dev.phy, abilities);
        } else if (strcmp(action, "unplug") == 0 && n_args == 0)
                phy_model_unplug(e->dev.phy);
        else if (strcmp(action, "flap") == 0 && n_args == 1) {
                e->replug_abilities = phy_model_partner_abilities(e->dev.phy);
                phy_model_unplug(e->dev.phy);
                e->replug_usec = clock_now(e->dev.clock) + strtoull(args[0], NULL, 10) * 1000;
        } else if (strcmp(action, "quirk") == 0 && n_args == 2) {
                PhyModelQuirk q = phy_model_quirk_from_string(args[0]);
                if (q < 0 || phy_model_set_quirk(e->dev.phy, q, strcmp(args[1], "on") == 0) < 0)
                        return -EINVAL;
        } else if (strcmp(action, "anrestart") == 0 && n_args == 1)
                phy_model_set_anrestart_usec(e->dev.phy, strtoull(args[0], NULL, 10) * 1000);
        else if (strcmp(action, "link-lead") == 0 && n_args == 1)
                phy_model_set_link_lead_usec(e->dev.phy, strtoull(args[0], NULL, 10) * 1000);
        else if (strcmp(action, "fault") == 0 && n_args == 1) {
                PhyModelFault f = phy_model_fault_from_string(args[0]);
                if (f < 0)
                        return -EINVAL;
                if (f == PHY_MODEL_FAULT_NONE)
                        phy_model_clear_faults(e->dev.phy);
                else if (phy_model_inject_fault(e->dev.phy, f, -1, 0) < 0)
                        return -EINVAL;
        } else if ((strcmp(action, "up") == 0 || strcmp(action, "down") == 0 ||
                    strcmp(action, "settings") == 0) && n_args == 0)
                spawn(e, action, strcmp(action, "up") == 0, false, due_usec);
        else if (strcmp(action, "pause") == 0 && n_args == 2)
                spawn(e, action, strcmp(args[0], "on") == 0, strcmp(args[1], "on") == 0,
                      due_usec);
        else if (strcmp(action, "quit") == 0 && n_args == 0)
                e->quit = true;
        else
                return -EINVAL;
        return 0;
}

static void control_command(Emulator *e, char *line)
{
        char *w[4], *save = NULL, *t;
        unsigned n = 0;

        for (t = strtok_r(line, " \t\n", &save); t && n < ELEMENTSOF(w);
             t = strtok_r(NULL, " \t\n", &save))
                w[n++] = t;
        if (n == 0)
                return;
        if (apply_action(e, w[0], w + 1, n - 1, clock_now(e->dev.clock)) < 0)
                log_line(e, "ctl: refused '%s'", w[0]);
        else
                log_line(e, "ctl: %s%s%s", w[0], n > 1 ? " " : "", n > 1 ? w[1] : "");
}

static void read_control(Emulator *e)
{
        char buf[256];
        ssize_t n = read(e->control_fd, buf, sizeof(buf) - 1);
        char *line, *save = NULL;

        if (n <= 0)
                return;
        buf[n] = '\0';
        for (line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
                control_command(e, line);
}

static void run_ended(Emulator *e)
{
        unsigned k = e->runs.n_ended - 1, i;

        for (i = 0; i < e->scenario.n_events; i++)
                if (e->scenario.events[i].after_run == k && !e->done_event[i])
                        e->due[i] = e->runs.last_usec + e->scenario.events[i].delay_usec;
}

static void apply_due_events(Emulator *e, uint64_t now)
{
        unsigned i;

        /* In file order: two events due at the same time happen as written. */
        for (i = 0; i < e->scenario.n_events; i++) {
                ScenarioEvent *ev = &e->scenario.events[i];
                char *args[2] = { ev->args[0], ev->args[1] };

                if (e->due[i] == 0 || now < e->due[i])
                        continue;
                if (now - e->due[i] > EVENT_LATE_USEC) {
                        e->late = true;
                        log_line(e, "evt: late by %" PRIu64 " ms", (now - e->due[i]) / 1000);
                }
                log_line(e, "evt: after %u %s%s%s%s%s", ev->after_run, ev->action,
                         ev->n_args > 0 ? " " : "", ev->n_args > 0 ? ev->args[0] : "",
                         ev->n_args > 1 ? " " : "", ev->n_args > 1 ? ev->args[1] : "");
                (void) apply_action(e, ev->action, args, ev->n_args, e->due[i]);
                e->due[i] = 0;
                e->done_event[i] = true;
                e->last_activity = now;
        }
        if (e->replug_usec != 0 && now >= e->replug_usec) {
                phy_model_plug(e->dev.phy, e->replug_abilities);
                log_line(e, "evt: flap over, plug %04x", e->replug_abilities);
                e->replug_usec = 0;
        }
}

static int next_timeout_ms(Emulator *e, uint64_t now)
{
        uint64_t next = now + 100 * 1000; /* reap children, watch for a stall */
        unsigned i;

        if (e->runs.in_run)
                next = MIN(next, e->runs.last_usec + RUN_IDLE_USEC);
        for (i = 0; i < e->scenario.n_events; i++)
                if (e->due[i] != 0)
                        next = MIN(next, e->due[i]);
        if (e->replug_usec != 0)
                next = MIN(next, e->replug_usec);
        return next <= now ? 0 : (int) ((next - now + 999) / 1000);
}

static void pending_add(Emulator *e, uint32_t seqnum)
{
        if (e->n_pending < PENDING_MAX)
                e->pending[e->n_pending++] = seqnum;
}

static bool pending_remove(Emulator *e, uint32_t seqnum)
{
        unsigned i;

        for (i = 0; i < e->n_pending; i++)
                if (e->pending[i] == seqnum) {
                        e->pending[i] = e->pending[--e->n_pending];
                        return true;
                }
        return false;
}

static int handle_command(Emulator *e)
{
        static uint8_t out[65536], in[4096];
        UsbipCommand cmd;
        size_t in_len;
        int r, status;

        r = usbip_read_command(e->fd, &cmd);
        if (r < 0)
                return r;
        if (cmd.command == USBIP_CMD_UNLINK)
                /* A pending URB is given back as unlinked and never completed. */
                return usbip_send_ret_unlink(e->fd, cmd.seqnum,
                                             pending_remove(e, cmd.unlink_seqnum) ? -ECONNRESET
                                                                                  : 0);
        if (cmd.direction == USBIP_DIR_OUT && cmd.length > 0) {
                if (cmd.length > sizeof(out))
                        return -EMSGSIZE;
                r = usbip_read_full(e->fd, out, cmd.length);
                if (r < 0)
                        return r;
        }
        if (cmd.ep != 0) {
                /* Bulk OUT (transmitted frames): consumed. Bulk and interrupt IN: no frame
                 * ever arrives, the URB stays pending until the driver unlinks it. */
                if (cmd.direction == USBIP_DIR_IN) {
                        pending_add(e, cmd.seqnum);
                        return 0;
                }
                return usbip_send_ret_submit(e->fd, cmd.seqnum, 0, false, NULL, cmd.length);
        }
        in_len = cmd.direction == USBIP_DIR_IN ? MIN(cmd.length, sizeof(in)) : 0;
        status = ax88772_control(&e->dev, cmd.setup, out, cmd.length, in, &in_len);
        if (status < 0)
                log_line(e, "ctl: stalled request %02x %02x", cmd.setup[0], cmd.setup[1]);
        return usbip_send_ret_submit(e->fd, cmd.seqnum, status, cmd.direction == USBIP_DIR_IN,
                                     in, cmd.direction == USBIP_DIR_IN ? in_len : cmd.length);
}

/* Hands one end of a socketpair to vhci_hcd on the first free high-speed port; returns the
 * other end. */
static int attach(int first_port)
{
        int sv[2], port, r = -EBUSY;

        if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
                return -errno;
        for (port = first_port; port < VHCI_HS_PORTS; port++) {
                _cleanup_close_ int afd = open(VHCI_ATTACH, O_WRONLY | O_CLOEXEC);
                char buf[64];
                int n;

                if (afd < 0) {
                        r = -errno;
                        break;
                }
                n = snprintf(buf, sizeof(buf), "%d %d %u %d", port, sv[1], 65538u,
                             USB_SPEED_HIGH);
                if (write(afd, buf, (size_t) n) == n) {
                        r = 0;
                        break;
                }
                r = -errno;
                if (r != -EBUSY)
                        break;
        }
        /* The kernel holds its own reference to its end. */
        close(sv[1]);
        if (r < 0) {
                close(sv[0]);
                return r;
        }
        return sv[0];
}

static int play(Emulator *e)
{
        for (;;) {
                struct pollfd p[2] = {
                        { .fd = e->fd, .events = POLLIN },
                        { .fd = e->control_fd, .events = POLLIN },
                };
                uint64_t now = clock_now(e->dev.clock);
                int r;

                r = poll(p, e->control_fd >= 0 ? 2 : 1, next_timeout_ms(e, now));
                if (r < 0 && errno != EINTR)
                        return -errno;
                if (r > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
                        r = handle_command(e);
                        if (r < 0) {
                                log_line(e, "ctl: connection lost: %s", strerror(-r));
                                return -ECONNRESET;
                        }
                }
                if (e->control_fd >= 0 && (p[1].revents & POLLIN))
                        read_control(e);
                reap(e);
                now = clock_now(e->dev.clock);
                if (run_tracker_idle(&e->runs, now)) {
                        log_line(e, "evt: run %u ended (idle)", e->runs.n_ended - 1);
                        /* Run 0 is the probe and attach, ending with the suspend: a gap
                         * inside it means a loaded machine split it, and every run after
                         * it would be numbered one off. */
                        if (e->runs.n_ended == 1) {
                                log_line(e, "evt: run 0 ended before the suspend");
                                e->late = true;
                        }
                }
                if (e->runs.n_ended > 0 && !e->runs.in_run)
                        run_ended(e);
                apply_due_events(e, now);
                if (e->quit || (e->runs.n_ended >= e->scenario.runs && e->n_children == 0))
                        return 0;
                if (now > e->last_activity + STALL_USEC) {
                        log_line(e, "ctl: stalled after %u runs", e->runs.n_ended);
                        return -ETIMEDOUT;
                }
        }
}

int main(int argc, char *argv[])
{
        static const struct option options[] = {
                { "port", required_argument, NULL, 'p' },
                { "ifname", required_argument, NULL, 'i' },
                { "control", required_argument, NULL, 'c' },
                {},
        };
        Emulator e = { .ifname = "eth0", .fd = -EBADF, .control_fd = -EBADF };
        PhyModelParams params;
        const char *control = NULL;
        int c, r, first_port = 0;
        unsigned q;

        while ((c = getopt_long(argc, argv, "", options, NULL)) >= 0)
                switch (c) {
                case 'p':
                        first_port = atoi(optarg);
                        break;
                case 'i':
                        e.ifname = optarg;
                        break;
                case 'c':
                        control = optarg;
                        break;
                default:
                        return 1;
                }
        if (argc - optind != 2) {
                fprintf(stderr, "usage: phyd-axemu [--port N] [--ifname IF] [--control FIFO] "
                                "SCENARIO LOG\n");
                return 1;
        }
        if (scenario_load(argv[optind], &e.scenario) < 0)
                return 1;
        e.log = fopen(argv[optind + 1], "we");
        if (!e.log) {
                fprintf(stderr, "phyd-axemu: %s: %m\n", argv[optind + 1]);
                return 1;
        }
        if (control) {
                e.control_fd = open(control, O_RDWR | O_NONBLOCK | O_CLOEXEC);
                if (e.control_fd < 0) {
                        fprintf(stderr, "phyd-axemu: %s: %m\n", control);
                        return 1;
                }
        }

        e.dev = (Ax88772) {
                .kind = e.scenario.model,
                .clock = clock_monotonic(),
                .on_access = on_access,
                .userdata = &e,
        };
        phy_model_default_params(e.scenario.model, &params);
        if (e.scenario.aneg_usec > 0)
                params.aneg_usec = e.scenario.aneg_usec;
        r = phy_model_new(&params, e.dev.clock, &e.dev.phy);
        if (r < 0) {
                fprintf(stderr, "phyd-axemu: the PHY model: %s\n", strerror(-r));
                return 1;
        }
        for (q = 0; q < _PHY_MODEL_QUIRK_MAX; q++)
                if (e.scenario.quirks[q])
                        (void) phy_model_set_quirk(e.dev.phy, q, true);

        log_line(&e, "ctl: %s, %s, runs %u", argv[optind],
                 phy_model_kind_to_string(e.scenario.model), e.scenario.runs);
        e.last_activity = clock_now(e.dev.clock);
        mark_kernel(&e, "attach");
        e.fd = attach(first_port);
        if (e.fd < 0) {
                fprintf(stderr, "phyd-axemu: attaching to %s: %s\n", VHCI_ATTACH,
                        strerror(-e.fd));
                return 1;
        }
        r = play(&e);
        mark_kernel(&e, "detach");
        log_line(&e, "ctl: detach after %u runs%s", e.runs.n_ended, e.late ? ", late" : "");
        close(e.fd);
        fclose(e.log);
        phy_model_free(e.dev.phy);
        /* A late event explains a stall too (nothing left to do for the kernel). */
        if (e.late)
                return 3;
        return r < 0 ? 4 : 0;
}
