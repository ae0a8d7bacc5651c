/* SPDX-License-Identifier: GPL-2.0-or-later */

/* phyctl: the command-line client of phyd, in the manner of networkctl. */

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "phyctl-log.h"
#include "phyctl-parse.h"
#include "phyctl-verbs.h"
#include "phyctl.h"

JsonFormat arg_json = JSON_FORMAT_OFF;
bool arg_legend = true;
BusTransport arg_transport = BUS_TRANSPORT_SYSTEM;
const char *arg_bus_where = NULL;
bool arg_wait_up = true;
uint64_t arg_timeout_usec = USEC_INFINITY;
bool arg_live = false;
bool arg_force = false;

int phyctl_connect(sd_bus **ret)
{
        return bus_connect(arg_transport, arg_bus_where, ret);
}

int phyctl_open_phy(const char *name, sd_bus **ret_bus, char **ret_path, PhyInfo *ret_info)
{
        return phy_open(arg_transport, arg_bus_where, name, ret_bus, ret_path, ret_info);
}

static int help(void)
{
        printf("phyctl [OPTIONS...] COMMAND\n"
               "\n"
               "Query and control the Ethernet PHYs that phyd manages.\n"
               "\n"
               "Commands:\n"
               "  list                       List PHYs (the default)\n"
               "  status [PHY...]            Show the status of PHYs (all without PHY)\n"
               "  monitor [PHY...]           Print a line per link change until interrupted\n"
               "  wait PHY                   Wait until the link is up (or down with --down)\n"
               "  dump PHY                   Decode BMCR, BMSR, PHYSID1/2, ADVERTISE, LPA,\n"
               "                             EXPANSION as last read (or now with --live)\n"
               "  reset PHY                  Reset the PHY and restart autonegotiation\n"
               "  restart-aneg PHY           Restart autonegotiation\n"
               "  start PHY | stop PHY       Start or stop the PHY's state machine\n"
               "  suspend PHY | resume PHY   Power the PHY down (when stopped) or up\n"
               "  set PHY SETTING VALUE...   Change link settings: autoneg on|off,\n"
               "                             speed 10|100, duplex half|full,\n"
               "                             advertise MODE[,MODE...], rx-pause on|off,\n"
               "                             tx-pause on|off\n"
               "  read PHY REG               Read a register (0-31, 0x00-0x1f or a name:\n"
               "                             bmcr bmsr physid1 physid2 advertise lpa\n"
               "                             expansion) now\n"
               "  write PHY REG VALUE        Write a register\n"
               "  sim PHY partner up [MODE[,MODE...]] | partner down\n"
               "  sim PHY fault KIND | fault clear\n"
               "                             KIND: read-error write-error reset-stuck\n"
               "                             absent device-gone id-changed garbage\n"
               "  sim PHY quirk NAME on|off  NAME: lpa-zero stale-lpa\n"
               "  sim PHY aneg-time DURATION Set the simulated autonegotiation time\n"
               "  sim PHY anrestart-time DURATION\n"
               "                             How long ANRESTART reads set after a restart\n"
               "  sim PHY link-lead-time DURATION\n"
               "                             How long link reads up before aneg completes\n"
               "\n"
               "Options:\n"
               "  -h --help                  Show this help\n"
               "     --version               Show the version\n"
               "     --system                Talk to phyd on the system bus (the default)\n"
               "     --user                  Talk to phyd on the user bus\n"
               "     --address=ADDR          Talk to phyd on the bus at ADDR\n"
               "  -H --host=[USER@]HOST      Talk to phyd on the system bus of HOST (ssh)\n"
               "     --netns=NAME            Talk to the phyd of network namespace NAME\n"
               "                             (phyd@NAME.service)\n"
               "     --json[=short|pretty|off]\n"
               "                             Print JSON (monitor: one object per line)\n"
               "     --no-legend             Print no table header and footer\n"
               "     --up | --down           wait: for the link to be up (default) or down\n"
               "     --timeout=DURATION      wait: give up after DURATION (exit status 124)\n"
               "     --live                  dump: read the registers now (privileged)\n"
               "     --force                 write: also to a PHY the kernel owns\n"
               "\n"
               "PHY is an id (sim0:10), an interface name, an ifindex or an object path.\n"
               "Exit status: 0 success, 1 failure, 2 usage error, 124 wait timed out.\n");
        return 0;
}

static int verb_help(int argc, char *argv[], void *userdata)
{
        return help();
}

enum {
        ARG_VERSION = 0x100,
        ARG_SYSTEM,
        ARG_USER,
        ARG_ADDRESS,
        ARG_JSON,
        ARG_NO_LEGEND,
        ARG_UP,
        ARG_DOWN,
        ARG_TIMEOUT,
        ARG_LIVE,
        ARG_FORCE,
        ARG_NETNS,
};

/* > 0: go on; 0: exit successfully (--help, --version); < 0: exit with status -r. */
static int parse_argv(int argc, char *argv[])
{
        static const struct option options[] = {
                { "help", no_argument, NULL, 'h' },
                { "version", no_argument, NULL, ARG_VERSION },
                { "system", no_argument, NULL, ARG_SYSTEM },
                { "user", no_argument, NULL, ARG_USER },
                { "address", required_argument, NULL, ARG_ADDRESS },
                { "host", required_argument, NULL, 'H' },
                { "json", optional_argument, NULL, ARG_JSON },
                { "no-legend", no_argument, NULL, ARG_NO_LEGEND },
                { "up", no_argument, NULL, ARG_UP },
                { "down", no_argument, NULL, ARG_DOWN },
                { "timeout", required_argument, NULL, ARG_TIMEOUT },
                { "live", no_argument, NULL, ARG_LIVE },
                { "force", no_argument, NULL, ARG_FORCE },
                { "netns", required_argument, NULL, ARG_NETNS },
                {}
        };
        int c;

        opterr = 0;
        while ((c = getopt_long(argc, argv, "hH:", options, NULL)) >= 0) {
                switch (c) {
                case 'h':
                        help();
                        return 0;
                case ARG_VERSION:
                        printf("phyctl %s\n", PHYD_VERSION);
                        return 0;
                case ARG_SYSTEM:
                        arg_transport = BUS_TRANSPORT_SYSTEM;
                        arg_bus_where = NULL;
                        break;
                case ARG_USER:
                        arg_transport = BUS_TRANSPORT_USER;
                        arg_bus_where = NULL;
                        break;
                case ARG_ADDRESS:
                        arg_transport = BUS_TRANSPORT_ADDRESS;
                        arg_bus_where = optarg;
                        break;
                case 'H':
                        arg_transport = BUS_TRANSPORT_REMOTE;
                        arg_bus_where = optarg;
                        break;
                case ARG_JSON:
                        if (!optarg)
                                arg_json = JSON_FORMAT_SHORT;
                        else {
                                JsonFormat f = json_format_from_string(optarg);

                                if (f < 0)
                                        return -log_usage("invalid --json '%s': expected "
                                                             "short, pretty or off",
                                                             optarg);
                                arg_json = f;
                        }
                        break;
                case ARG_NO_LEGEND:
                        arg_legend = false;
                        break;
                case ARG_UP:
                        arg_wait_up = true;
                        break;
                case ARG_DOWN:
                        arg_wait_up = false;
                        break;
                case ARG_TIMEOUT:
                        if (parse_duration_arg(optarg, &arg_timeout_usec) < 0)
                                return -log_usage("invalid --timeout '%s': expected a time "
                                                     "such as 10, 1.5s, 2min or infinity",
                                                     optarg);
                        break;
                case ARG_LIVE:
                        arg_live = true;
                        break;
                case ARG_NETNS:
                        if (phyd_bus_name_set_netns(optarg) < 0)
                                return -log_usage("invalid --netns '%s': expected a network "
                                                     "namespace name", optarg);
                        break;
                case ARG_FORCE:
                        arg_force = true;
                        break;
                case '?':
                        /* opterr is 0: the messages are ours, one line, exit status 2. */
                        if (optopt >= 0x100 || optopt == 'H')
                                return -log_usage("option '%s' needs an argument",
                                                  argv[optind - 1]);
                        if (optopt)
                                return -log_usage("unknown option '-%c': see phyctl --help",
                                                  optopt);
                        return -log_usage("unknown option '%s': see phyctl --help",
                                          argv[optind - 1]);
                default:
                        return -log_usage("unknown option: see phyctl --help");
                }
        }
        return 1;
}

static const Verb verbs[] = {
        { "list", VERB_ANY, 1, VERB_DEFAULT, NULL, verb_list },
        { "status", VERB_ANY, VERB_ANY, 0, "[PHY...]", verb_status },
        { "monitor", VERB_ANY, VERB_ANY, 0, "[PHY...]", verb_monitor },
        { "wait", 2, 2, 0, "PHY [--up|--down] [--timeout=DURATION]", verb_wait },
        { "dump", 2, 2, 0, "PHY [--live]", verb_dump },
        { "reset", 2, 2, 0, "PHY", verb_phy_method },
        { "restart-aneg", 2, 2, 0, "PHY", verb_phy_method },
        { "start", 2, 2, 0, "PHY", verb_phy_method },
        { "stop", 2, 2, 0, "PHY", verb_phy_method },
        { "suspend", 2, 2, 0, "PHY", verb_phy_method },
        { "resume", 2, 2, 0, "PHY", verb_phy_method },
        { "set", 4, VERB_ANY, 0, "PHY SETTING VALUE [SETTING VALUE...]", verb_set },
        { "read", 3, 3, 0, "PHY REG", verb_read },
        { "write", 4, 4, 0, "PHY REG VALUE [--force]", verb_write },
        { "sim", 3, VERB_ANY, 0,
          "PHY partner|fault|quirk|aneg-time|anrestart-time|link-lead-time ...", verb_sim },
        { "help", VERB_ANY, VERB_ANY, 0, NULL, verb_help },
        {}
};

static int run(int argc, char *argv[])
{
        int r;

        r = parse_argv(argc, argv);
        if (r <= 0)
                return -r;

        r = dispatch_verb(argc - optind, argv + optind, verbs, NULL);
        return r < 0 ? EXIT_FAILURE : r;
}

int main(int argc, char *argv[])
{
        int r = run(argc, argv);

        /* A failed write to stdout (a closed pipe, a full disk) is a failure too. */
        if (fflush(stdout) != 0 && r == 0)
                r = EXIT_FAILURE;
        return r;
}
