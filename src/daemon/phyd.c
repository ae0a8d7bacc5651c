/* SPDX-License-Identifier: GPL-2.0-or-later */

/* phyd: parse the arguments, create the manager, connect the bus, start, run the loop. */

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf-parser.h"
#include "phyd/bus-name.h"
#include "log.h"
#include "manager.h"

static void help(void)
{
        printf("phyd [OPTIONS...]\n\n"
               "Ethernet PHY management daemon: runs the kernel's Asix PHY state machine and\n"
               "publishes link state on D-Bus (io.phyd).\n\n"
               "  -h --help                  Show this help\n"
               "     --version               Show the version\n"
               "     --config-dir=DIR        Configuration directory (default: " PHYD_CONFIG_DIR ")\n"
               "     --sim=MODEL[@PROFILE][*N],…\n"
               "                             Simulated PHYs: ax88796b, ax88772a, ax88772c,\n"
               "                             generic; PROFILE: ax88772, xsurf, none; N copies\n"
               "     --system                Connect to the system bus (default)\n"
               "     --user                  Connect to the user bus\n"
               "     --address=ADDRESS       Connect to the bus at ADDRESS\n"
               "     --netns=NAME            The instance for network namespace NAME: own\n"
               "                             io.phyd.netns.NAME instead of io.phyd\n"
               "     --poll-interval=TIME    Poll interval (default: 1s as the kernel; any other\n"
               "                             value means PollMode=fast)\n"
               "     --trace-mdio=FILE       Append every MDIO access to FILE\n"
               "     --state-dir=DIR         Keep PHY state across restarts in DIR (default:\n"
               "                             $RUNTIME_DIRECTORY under systemd, else none)\n"
               "     --log-level=LEVEL       debug, info, notice, warning, err\n");
}

/* A sane bound: every sim PHY is a bus, a model, a D-Bus object and a work item. */
#define SIM_COUNT_MAX 65536

/* "ax88772a@xsurf,ax88796b,ax88772c*1024" */
static int parse_sims(const char *arg, ManagerOptions *o)
{
        _cleanup_free_ char *copy = strdup(arg);
        char *save = NULL;

        if (!copy)
                return log_error_errno(ENOMEM, "Out of memory.");

        for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
                char *star = strchr(t, '*'), *at;
                unsigned long count = 1;
                SimSpec spec;
                SimSpec *a;

                if (star) {
                        char *end;

                        *star++ = '\0';
                        errno = 0;
                        count = strtoul(star, &end, 10);
                        if (errno != 0 || end == star || *end != '\0' || *star == '-' ||
                            count < 1 || count > SIM_COUNT_MAX)
                                return log_error_errno(EINVAL, "--sim: invalid count '%s' "
                                                       "(expected 1 to %d)", star,
                                                       SIM_COUNT_MAX);
                }
                at = strchr(t, '@');
                if (at)
                        *at++ = '\0';
                spec.kind = phy_model_kind_from_string(t);
                if (spec.kind < 0)
                        return log_error_errno(EINVAL, "--sim: unknown model '%s' (expected "
                                               "ax88796b, ax88772a, ax88772c or generic)", t);
                if (at) {
                        spec.profile = mac_profile_kind_from_string(at);
                        if (spec.profile < 0)
                                return log_error_errno(EINVAL, "--sim: unknown MAC profile '%s' "
                                                       "(expected ax88772, xsurf or none)", at);
                } else
                        spec.profile = spec.kind == PHY_MODEL_AX88796B ? MAC_PROFILE_XSURF
                                       : spec.kind == PHY_MODEL_GENERIC ? MAC_PROFILE_NONE
                                                                        : MAC_PROFILE_AX88772;

                if (o->n_sims + count > SIM_COUNT_MAX)
                        return log_error_errno(EINVAL, "--sim: more than %d PHYs",
                                               SIM_COUNT_MAX);
                a = reallocarray(o->sims, o->n_sims + count, sizeof(*a));
                if (!a)
                        return log_error_errno(ENOMEM, "Out of memory.");
                o->sims = a;
                while (count-- > 0)
                        o->sims[o->n_sims++] = spec;
        }
        return 0;
}

/* The bus name --netns= gives; freed at exit. */
static char *bus_name;

static int parse_argv(int argc, char *argv[], ManagerOptions *o)
{
        enum {
                ARG_VERSION = 0x100,
                ARG_CONFIG_DIR,
                ARG_SIM,
                ARG_SYSTEM,
                ARG_USER,
                ARG_ADDRESS,
                ARG_POLL_INTERVAL,
                ARG_TRACE_MDIO,
                ARG_LOG_LEVEL,
                ARG_STATE_DIR,
                ARG_NETNS,
        };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                { "config-dir", required_argument, NULL, ARG_CONFIG_DIR },
                { "sim", required_argument, NULL, ARG_SIM },
                { "system", no_argument, NULL, ARG_SYSTEM },
                { "user", no_argument, NULL, ARG_USER },
                { "address", required_argument, NULL, ARG_ADDRESS },
                { "poll-interval", required_argument, NULL, ARG_POLL_INTERVAL },
                { "trace-mdio", required_argument, NULL, ARG_TRACE_MDIO },
                { "log-level", required_argument, NULL, ARG_LOG_LEVEL },
                { "state-dir", required_argument, NULL, ARG_STATE_DIR },
                { "netns", required_argument, NULL, ARG_NETNS },
                {}
        };
        int c, r;

        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        puts("phyd " PHYD_VERSION);
                        return 0;
                case ARG_CONFIG_DIR:
                        o->config_dir = optarg;
                        break;
                case ARG_SIM:
                        r = parse_sims(optarg, o);
                        if (r < 0)
                                return r;
                        break;
                case ARG_SYSTEM:
                        o->bus_kind = BUS_SYSTEM;
                        break;
                case ARG_USER:
                        o->bus_kind = BUS_USER;
                        break;
                case ARG_ADDRESS:
                        o->bus_kind = BUS_ADDRESS;
                        o->bus_address = optarg;
                        break;
                case ARG_POLL_INTERVAL:
                        r = parse_timespan(optarg, &o->poll_interval_usec);
                        if (r < 0 || o->poll_interval_usec < USEC_PER_MSEC ||
                            o->poll_interval_usec > 3600 * USEC_PER_SEC)
                                return log_error_errno(EINVAL, "--poll-interval: invalid time "
                                                       "'%s' (expected 1ms to 1h, e.g. 100ms)",
                                                       optarg);
                        break;
                case ARG_TRACE_MDIO:
                        o->trace_path = optarg;
                        break;
                case ARG_LOG_LEVEL:
                        r = log_level_from_string(optarg);
                        if (r < 0)
                                return log_error_errno(EINVAL, "--log-level: unknown level '%s'",
                                                       optarg);
                        log_set_max_level(r);
                        break;
                case ARG_STATE_DIR:
                        o->state_dir = optarg;
                        break;
                case ARG_NETNS:
                        free(bus_name);
                        r = phyd_bus_name_for_netns(optarg, &bus_name);
                        if (r < 0)
                                return log_error_errno(r, "--netns: invalid namespace name '%s'",
                                                       optarg);
                        o->bus_name = bus_name;
                        break;
                case '?':
                        return -EINVAL;
                default:
                        return log_error_errno(EINVAL, "Unhandled option");
                }

        if (optind < argc)
                return log_error_errno(EINVAL, "phyd takes no arguments ('%s')", argv[optind]);
        return 1;
}

static int run(int argc, char *argv[])
{
        /* Declared first, freed last: the manager uses it until it is gone. */
        _cleanup_free_ char *runtime_dir = NULL;
        _cleanup_(manager_freep) Manager *m = NULL;
        ManagerOptions options = {
                .bus_kind = BUS_SYSTEM,
                .bus_name = PHYD_BUS_NAME_DEFAULT,
                .config_dir = PHYD_CONFIG_DIR,
        };
        const char *e;
        sigset_t mask;
        int r;

        log_setup();

        /* systemd's RuntimeDirectory= (the first, if several). */
        e = getenv("RUNTIME_DIRECTORY");
        if (e && *e) {
                runtime_dir = strndup(e, strcspn(e, ":"));
                options.state_dir = runtime_dir;
        }

        r = parse_argv(argc, argv, &options);
        if (r <= 0) {
                free(options.sims);
                return r;
        }

        /* Signals are handled by sd-event; workers must not see them. */
        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGHUP);
        pthread_sigmask(SIG_BLOCK, &mask, NULL);

        /* The manager owns options.sims from here on, even when it fails. */
        r = manager_new(&options, &m);
        if (r < 0)
                return r;

        r = manager_load_config(m);
        if (r < 0)
                return r;
        r = manager_add_phys(m);
        if (r < 0)
                return r;
        r = manager_connect_bus(m);
        if (r < 0)
                return r;
        r = manager_start(m);
        if (r < 0)
                return log_error_errno(r, "Failed to start: %m");

        log_info("phyd %s running with %zu PHY%s.", PHYD_VERSION, m->n_phys,
                 m->n_phys == 1 ? "" : "s");
        return manager_run(m);
}

int main(int argc, char *argv[])
{
        int r = run(argc, argv);

        free(bus_name);
        return r < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
