/* SPDX-License-Identifier: GPL-2.0-or-later */

/* phyd-dispatcher: parse the arguments, create the dispatcher, subscribe, run the loop. */

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "dispatcher-bus.h"
#include "dispatcher-log.h"
#include "dispatcher-time.h"
#include "dispatcher.h"
#include "phyd/bus-name.h"

#define DEFAULT_TIMEOUT_USEC (30 * USEC_PER_SEC)

static char *arg_bus_name; /* from --netns=, freed at exit */

static void help(void)
{
        printf("phyd-dispatcher [OPTIONS...]\n\n"
               "Runs the executable files of a directory, in name order, for every link change\n"
               "phyd announces (LinkChanged on io.phyd), one PHY's events one after another.\n\n"
               "  -h --help                  Show this help\n"
               "     --version               Show the version\n"
               "     --system                Connect to the system bus (default)\n"
               "     --user                  Connect to the user bus\n"
               "     --address=ADDRESS       Connect to the bus at ADDRESS\n"
               "     --netns=NAME            Follow the phyd of network namespace NAME\n"
               "                             (io.phyd.netns.NAME) instead of io.phyd\n"
               "     --scripts-dir=DIR       The scripts (default: " PHYD_DISPATCHER_DIR ")\n"
               "     --timeout=TIME          Kill a script still running after TIME\n"
               "                             (default: 30s; infinity: never)\n"
               "     --log-level=LEVEL       debug, info, notice, warning, err\n");
}

static int parse_argv(int argc, char *argv[], DispatcherOptions *o)
{
        enum {
                ARG_VERSION = 0x100,
                ARG_SYSTEM,
                ARG_USER,
                ARG_ADDRESS,
                ARG_NETNS,
                ARG_SCRIPTS_DIR,
                ARG_TIMEOUT,
                ARG_LOG_LEVEL,
        };
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                { "system", no_argument, NULL, ARG_SYSTEM },
                { "user", no_argument, NULL, ARG_USER },
                { "address", required_argument, NULL, ARG_ADDRESS },
                { "netns", required_argument, NULL, ARG_NETNS },
                { "scripts-dir", required_argument, NULL, ARG_SCRIPTS_DIR },
                { "timeout", required_argument, NULL, ARG_TIMEOUT },
                { "log-level", required_argument, NULL, ARG_LOG_LEVEL },
                {}
        };
        int c, r;

        while ((c = getopt_long(argc, argv, "h", options, NULL)) >= 0)
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        puts("phyd-dispatcher " PHYD_VERSION);
                        return 0;
                case ARG_SYSTEM:
                        o->bus_address = NULL;
                        o->user_bus = false;
                        break;
                case ARG_USER:
                        o->bus_address = NULL;
                        o->user_bus = true;
                        break;
                case ARG_ADDRESS:
                        o->bus_address = optarg;
                        break;
                case ARG_NETNS:
                        free(arg_bus_name);
                        arg_bus_name = NULL;
                        r = phyd_bus_name_for_netns(optarg, &arg_bus_name);
                        if (r < 0)
                                return log_error_errno(r, "--netns: invalid namespace name '%s'",
                                                       optarg);
                        o->bus_name = arg_bus_name;
                        break;
                case ARG_SCRIPTS_DIR:
                        if (optarg[0] == '\0')
                                return log_error_errno(EINVAL, "--scripts-dir: empty path");
                        o->scripts_dir = optarg;
                        break;
                case ARG_TIMEOUT:
                        r = parse_timespan(optarg, &o->timeout_usec);
                        if (r < 0 || o->timeout_usec == 0)
                                return log_error_errno(EINVAL, "--timeout: invalid time '%s' "
                                                       "(expected e.g. 30s, 500ms, 2min or "
                                                       "infinity)", optarg);
                        break;
                case ARG_LOG_LEVEL:
                        r = log_level_from_string(optarg);
                        if (r < 0)
                                return log_error_errno(EINVAL, "--log-level: unknown level '%s'",
                                                       optarg);
                        log_set_max_level(r);
                        break;
                case '?':
                        return -EINVAL;
                default:
                        return log_error_errno(EINVAL, "Unhandled option");
                }

        if (optind < argc)
                return log_error_errno(EINVAL, "phyd-dispatcher takes no arguments ('%s')",
                                       argv[optind]);
        return 1;
}

static int run(int argc, char *argv[])
{
        _cleanup_(dispatcher_freep) Dispatcher *d = NULL;
        DispatcherOptions options = {
                .bus_name = PHYD_BUS_NAME_DEFAULT,
                .scripts_dir = PHYD_DISPATCHER_DIR,
                .timeout_usec = DEFAULT_TIMEOUT_USEC,
        };
        sigset_t mask;
        int r;

        log_setup();

        r = parse_argv(argc, argv, &options);
        if (r <= 0)
                return r;

        /* sd-event takes these as events: SIGTERM and SIGINT end the loop, SIGCHLD reports
         * the scripts' exits. Blocked before any child exists. */
        sigemptyset(&mask);
        sigaddset(&mask, SIGTERM);
        sigaddset(&mask, SIGINT);
        sigaddset(&mask, SIGCHLD);
        sigprocmask(SIG_BLOCK, &mask, NULL);

        r = dispatcher_new(&options, &d);
        if (r < 0)
                return r;
        r = dispatcher_connect_bus(d);
        if (r < 0)
                return r;
        return dispatcher_run(d);
}

int main(int argc, char *argv[])
{
        int r = run(argc, argv);

        free(arg_bus_name);
        return r < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
