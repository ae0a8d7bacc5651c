/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * What phyctl prints, without a daemon: values in words, the table, colours, JSON, error
 * messages, verb dispatch, and the reading of Phy1 properties from a D-Bus message built
 * here, as GetAll and LinkChanged carry them (io.phyd.Phy1.xml).
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <sys/socket.h>

#include "phyd/macro.h"
#include "phyctl-bus.h"
#include "phyctl-color.h"
#include "phyctl-error.h"
#include "phyctl-format.h"
#include "phyctl-json.h"
#include "phyctl-log.h"
#include "phyctl-phy-info.h"
#include "phyd/strv.h"
#include "phyctl-table.h"
#include "phyctl-verbs.h"

/* Values in words. */

static void test_format_speed_flow(void **state)
{
        char buf[24];

        assert_string_equal(format_speed(100, buf, sizeof(buf)), "100Mb/s");
        assert_string_equal(format_speed(10, buf, sizeof(buf)), "10Mb/s");
        assert_string_equal(format_speed(0, buf, sizeof(buf)), "unknown");

        assert_string_equal(format_flow_control(true, true), "rx/tx");
        assert_string_equal(format_flow_control(true, false), "rx");
        assert_string_equal(format_flow_control(false, true), "tx");
        assert_string_equal(format_flow_control(false, false), "off");
}

static const struct {
        uint64_t usec;
        const char *text;
} timespan_cases[] = {
        { 0, "0us" },
        { 250, "250us" },
        { 1000, "1ms" },
        { 500 * USEC_PER_MSEC, "500ms" },
        { 999999, "999ms" },
        { USEC_PER_SEC, "1s" },
        { 3200 * USEC_PER_MSEC, "3.2s" },
        { 3299 * USEC_PER_MSEC, "3.2s" },
        { 59 * USEC_PER_SEC + 999999, "59.9s" },
        { 60 * USEC_PER_SEC, "1min" },
        { 303 * USEC_PER_SEC, "5min 3s" },
        { 3600 * USEC_PER_SEC, "1h" },
        { (2 * 3600 + 5 * 60 + 7) * USEC_PER_SEC, "2h 5min" },
        { 86400 * USEC_PER_SEC, "1d" },
        { (86400 + 2 * 3600) * USEC_PER_SEC, "1d 2h" },
        { USEC_INFINITY, "infinity" },
};

static void test_format_timespan(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(timespan_cases); i++) {
                char buf[FORMAT_TIMESPAN_MAX];

                assert_string_equal(format_timespan(timespan_cases[i].usec, buf, sizeof(buf)),
                                    timespan_cases[i].text);
        }
}

static void test_format_relative_poll(void **state)
{
        char buf[64];

        assert_string_equal(format_relative(10 * USEC_PER_SEC, 13200 * USEC_PER_MSEC, buf,
                                            sizeof(buf)),
                            "3.2s ago");
        assert_string_equal(format_relative(5, 5, buf, sizeof(buf)), "0us ago");
        /* 0: the link never changed since the daemon started. */
        assert_string_equal(format_relative(0, 100, buf, sizeof(buf)), "n/a");
        assert_string_equal(format_relative(200, 100, buf, sizeof(buf)), "now");

        assert_string_equal(format_poll("kernel", USEC_PER_SEC, buf, sizeof(buf)),
                            "kernel, every 1s");
        assert_string_equal(format_poll("interval", 250 * USEC_PER_MSEC, buf, sizeof(buf)),
                            "interval, every 250ms");
        assert_string_equal(format_poll("carrier", 0, buf, sizeof(buf)), "carrier");
        assert_string_equal(format_poll(NULL, 0, buf, sizeof(buf)), "n/a");
}

static void test_phy_path_index(void **state)
{
        uint64_t n = 0;

        assert_int_equal(phy_path_index("/io/phyd/phy/0", &n), 0);
        assert_int_equal(n, 0);
        assert_int_equal(phy_path_index("/io/phyd/phy/17", &n), 0);
        assert_int_equal(n, 17);
        assert_int_equal(phy_path_index("/io/phyd/phy/", &n), -EINVAL);
        assert_int_equal(phy_path_index("/io/phyd/phy/x", &n), -EINVAL);
        assert_int_equal(phy_path_index("/io/phyd/phy/1/2", &n), -EINVAL);
        assert_int_equal(phy_path_index("/io/phyd", &n), -EINVAL);
        assert_int_equal(phy_path_index(NULL, &n), -EINVAL);
}

/* Colours. */

static const struct {
        bool tty;
        const char *no_color, *systemd_colors, *term;
        bool expected;
} color_cases[] = {
        { true, NULL, NULL, "xterm", true },
        { false, NULL, NULL, "xterm", false },
        { true, "1", NULL, "xterm", false },
        { true, "", NULL, "xterm", true }, /* no-color.org: set and not empty */
        { true, NULL, "0", "xterm", false },
        { true, NULL, "false", "xterm", false },
        { false, NULL, "1", NULL, true },
        { false, NULL, "256", NULL, true },
        { false, NULL, "24bit", NULL, true },
        { true, "1", "1", "xterm", false }, /* NO_COLOR wins */
        { true, NULL, NULL, "dumb", false },
        { true, NULL, NULL, NULL, true },
        { true, NULL, "bogus", "xterm", true },
};

static void test_colors_decide(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(color_cases); i++)
                if (colors_decide(color_cases[i].tty, color_cases[i].no_color,
                                  color_cases[i].systemd_colors,
                                  color_cases[i].term) != color_cases[i].expected)
                        fail_msg("case %zu", i);

        assert_string_equal(state_color("running"), ANSI_GREEN);
        assert_string_equal(state_color("error"), ANSI_RED);
        assert_string_equal(state_color("nolink"), ANSI_YELLOW);
        assert_null(state_color("halted"));
        assert_null(state_color(NULL));
        assert_string_equal(link_color(true), ANSI_GREEN);
        assert_null(link_color(false));
}

/* The table. */

static char *print_table(const Table *t, bool header, bool colors)
{
        char *buf = NULL;
        size_t size = 0;
        FILE *f = open_memstream(&buf, &size);

        assert_non_null(f);
        assert_int_equal(table_print(t, f, header, colors), 0);
        assert_int_equal(fclose(f), 0);
        return buf;
}

static void test_table(void **state)
{
        static const char *const headers[] = { "IDX", "ID", "LINK", "SPEED" };
        static const char *const cells[] = {
                "1", "sim0:10", "up", "100Mb/s", "12", "usb-001:002:10", "down", "unknown",
        };
        _cleanup_(table_freep) Table *t = table_new(headers, ELEMENTSOF(headers));
        _cleanup_free_ char *plain = NULL, *bare = NULL, *colored = NULL;

        assert_non_null(t);
        table_set_align_right(t, 0, true);
        for (size_t i = 0; i < ELEMENTSOF(cells); i++)
                assert_int_equal(table_add_cell(t, cells[i], i == 2 ? ANSI_GREEN : NULL), 0);
        assert_int_equal(table_get_rows(t), 2);

        plain = print_table(t, true, false);
        assert_string_equal(plain, "IDX ID             LINK SPEED\n"
                                   "  1 sim0:10        up   100Mb/s\n"
                                   " 12 usb-001:002:10 down unknown\n");

        /* --no-legend: no header, and the columns only as wide as their cells. */
        bare = print_table(t, false, false);
        assert_string_equal(bare, " 1 sim0:10        up   100Mb/s\n"
                                  "12 usb-001:002:10 down unknown\n");

        /* Colour sequences do not count towards the width. */
        colored = print_table(t, true, true);
        assert_string_equal(colored, ANSI_UNDERLINE "IDX ID             LINK SPEED  " ANSI_NORMAL
                                                    "\n"
                                                    "  1 sim0:10        " ANSI_GREEN
                                                    "up" ANSI_NORMAL "   100Mb/s\n"
                                                    " 12 usb-001:002:10 down unknown\n");
}

static void test_table_empty(void **state)
{
        static const char *const headers[] = { "A", "B" };
        _cleanup_(table_freep) Table *t = table_new(headers, ELEMENTSOF(headers));
        _cleanup_free_ char *out = NULL;

        assert_non_null(t);
        assert_int_equal(table_get_rows(t), 0);
        out = print_table(t, true, false);
        assert_string_equal(out, "A B\n");
        assert_null(table_new(headers, 0));
}

/* Error messages. */

static const ErrorContext ctx_none = { .bus = "the system bus" };
static const ErrorContext ctx_user = { .bus = "the user bus" };
static const ErrorContext ctx_eth9 = { .bus = "the system bus", .phy = "eth9" };
static const ErrorContext ctx_write = {
        .bus = "the system bus",
        .phy = "eth0",
        .ifname = "eth0",
        .what = "writing registers",
        .action = PHY_ACTION_WRITE_REGISTER,
        .raw_write = true,
};
static const ErrorContext ctx_write_forced = {
        .bus = "the system bus",
        .phy = "usb-001:002:10",
        .ifname = "",
        .what = "writing registers",
        .action = PHY_ACTION_WRITE_REGISTER,
        .raw_write = true,
        .forced = true,
};
static const ErrorContext ctx_reset = {
        .phy = "sim0:10", .what = "resetting a PHY", .action = PHY_ACTION_RESET,
};
static const ErrorContext ctx_set = {
        .phy = "sim0:10", .what = "configuring a PHY", .action = PHY_ACTION_CONFIGURE,
};
static const ErrorContext ctx_sim = {
        .phy = "eth0",
        .what = "driving the simulator",
        .action = PHY_ACTION_CONFIGURE,
        .sim = true,
};

static const struct {
        const char *name;
        const char *message;
        int error;
        const ErrorContext *ctx;
        const char *expected;
} error_cases[] = {
        { "org.freedesktop.DBus.Error.ServiceUnknown",
          "The name io.phyd was not provided by any .service files", -EHOSTDOWN, &ctx_none,
          "phyd is not running on the system bus" },
        { "org.freedesktop.DBus.Error.NameHasNoOwner", "x", -ENXIO, &ctx_user,
          "phyd is not running on the user bus" },
        { "org.freedesktop.DBus.Error.ServiceUnknown", NULL, -EHOSTDOWN,
          &(ErrorContext){ .bus = "the bus at unix:path=/run/x" },
          "phyd is not running on the bus at unix:path=/run/x" },
        { "org.freedesktop.DBus.Error.Spawn.ChildExited", "x", -EIO, &ctx_none,
          "phyd is not running on the system bus" },
        { "io.phyd.Error.NoSuchPhy", "No PHY named 'eth9'", -EIO, &ctx_eth9,
          "no PHY named 'eth9'" },
        { "io.phyd.Error.NoSuchPhy", "No PHY named 'eth9'", -EIO, NULL, "No PHY named 'eth9'" },
        { "org.freedesktop.DBus.Error.UnknownObject", "Unknown object '/io/phyd/phy/9'.",
          -EBADR, &(ErrorContext){ .phy = "/io/phyd/phy/9" },
          "no PHY named '/io/phyd/phy/9'" },
        { "org.freedesktop.DBus.Error.UnknownMethod", "Unknown method", -EBADR, &ctx_sim,
          "'eth0' is not a simulated PHY" },
        { "org.freedesktop.DBus.Error.UnknownInterface", "Unknown interface", -EBADR, &ctx_eth9,
          "no PHY named 'eth9'" },
        { "org.freedesktop.DBus.Error.AccessDenied", "Access denied", -EACCES, &ctx_write,
          "permission denied: writing registers needs root or the io.phyd.write-register "
          "action" },
        { "org.freedesktop.DBus.Error.AccessDenied", "Access denied", -EACCES, &ctx_reset,
          "permission denied: resetting a PHY needs root or the io.phyd.reset action" },
        { "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired", "x", -EACCES, &ctx_set,
          "permission denied: configuring a PHY needs root or the io.phyd.configure action" },
        { "org.freedesktop.DBus.Error.AccessDenied", "Not for you", -EACCES, &ctx_none,
          "permission denied: Not for you" },
        { "org.freedesktop.DBus.Error.InvalidArgs",
          "Configure: Autoneg=false needs Speed and Duplex", -EINVAL, &ctx_set,
          "Configure: Autoneg=false needs Speed and Duplex" },
        { "io.phyd.Error.Busy", "The PHY can be suspended only when halted", -EBUSY, &ctx_reset,
          "The PHY can be suspended only when halted" },
        { "io.phyd.Error.NotSupported", "Autonegotiation is off on this PHY", -EOPNOTSUPP,
          &ctx_reset, "Autonegotiation is off on this PHY" },
        { "io.phyd.Error.Io", "MDIO access failed: Input/output error", -EIO, &ctx_write,
          "MDIO access failed: Input/output error" },
        { "io.phyd.Error.ReadOnly", "Raw writes refused", -EROFS, &ctx_write,
          "eth0's PHY belongs to the kernel: raw writes need AllowRawWrites=yes in its .phy "
          "file and --force" },
        { "io.phyd.Error.ReadOnly", "Raw writes refused", -EROFS, &ctx_write_forced,
          "PHY usb-001:002:10 belongs to the kernel: raw writes need AllowRawWrites=yes in its "
          ".phy file" },
        /* ReadOnly from anything but a write: the daemon's words. */
        { "io.phyd.Error.ReadOnly", "BMSR is latching", -EROFS, &ctx_reset, "BMSR is latching" },
        { "org.freedesktop.DBus.Error.NoReply", "x", -ETIMEDOUT, &ctx_none,
          "phyd did not answer in time" },
        { NULL, NULL, -ETIMEDOUT, &ctx_none, "phyd did not answer in time" },
        { NULL, NULL, -ECONNRESET, &ctx_user, "lost the connection to the user bus" },
        { NULL, NULL, -ENOENT, &ctx_none, "No such file or directory" },
        { "com.example.Odd", "", -EIO, &ctx_none, "Input/output error" },
        { "com.example.Odd", NULL, 0, &ctx_none, "com.example.Odd" },
};

static void test_bus_error_message(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(error_cases); i++) {
                _cleanup_free_ char *s = bus_error_message(error_cases[i].name,
                                                           error_cases[i].message,
                                                           error_cases[i].error,
                                                           error_cases[i].ctx);

                assert_non_null(s);
                if (!streq(s, error_cases[i].expected))
                        fail_msg("case %zu: '%s', expected '%s'", i, s, error_cases[i].expected);
                assert_null(strchr(s, '\n')); /* one line */
        }
}

/* String tables, both ways. */

static void test_string_tables(void **state)
{
        static const char *const actions[_PHY_ACTION_MAX] = {
                [PHY_ACTION_RESET] = "io.phyd.reset",
                [PHY_ACTION_CONFIGURE] = "io.phyd.configure",
                [PHY_ACTION_WRITE_REGISTER] = "io.phyd.write-register",
                [PHY_ACTION_RELOAD] = "io.phyd.reload",
        };
        static const char *const formats[_JSON_FORMAT_MAX] = { "off", "short", "pretty" };
        static const char *const transports[_BUS_TRANSPORT_MAX] = {
                "system", "user", "address", "remote",
        };
        static const char *const types[_PHY_PROPERTY_TYPE_MAX] = {
                [PHY_PROPERTY_STRING] = "s", [PHY_PROPERTY_BOOL] = "b",
                [PHY_PROPERTY_BYTE] = "y",   [PHY_PROPERTY_INT32] = "i",
                [PHY_PROPERTY_UINT32] = "u", [PHY_PROPERTY_UINT64] = "t",
                [PHY_PROPERTY_STRV] = "as",  [PHY_PROPERTY_REGISTERS] = "aq",
        };

        assert_null(phy_action_to_string(PHY_ACTION_NONE));
        for (PhyAction a = 1; a < _PHY_ACTION_MAX; a++) {
                assert_string_equal(phy_action_to_string(a), actions[a]);
                assert_int_equal(phy_action_from_string(actions[a]), a);
        }
        assert_int_equal(phy_action_from_string("io.phyd.Reset"), -EINVAL);

        for (JsonFormat f = 0; f < _JSON_FORMAT_MAX; f++) {
                assert_string_equal(json_format_to_string(f), formats[f]);
                assert_int_equal(json_format_from_string(formats[f]), f);
        }
        assert_int_equal(json_format_from_string("ugly"), -EINVAL);
        assert_null(json_format_to_string(_JSON_FORMAT_MAX));

        for (BusTransport t = 0; t < _BUS_TRANSPORT_MAX; t++) {
                assert_string_equal(bus_transport_to_string(t), transports[t]);
                assert_int_equal(bus_transport_from_string(transports[t]), t);
        }

        for (PhyPropertyType t = 0; t < _PHY_PROPERTY_TYPE_MAX; t++) {
                assert_string_equal(phy_property_type_to_string(t), types[t]);
                assert_int_equal(phy_property_type_from_string(types[t]), t);
        }
}

static void test_bus_transport_describe(void **state)
{
        static const struct {
                BusTransport transport;
                const char *where;
                const char *text;
        } cases[] = {
                { BUS_TRANSPORT_SYSTEM, NULL, "the system bus" },
                { BUS_TRANSPORT_USER, NULL, "the user bus" },
                { BUS_TRANSPORT_ADDRESS, "unix:path=/run/test/bus",
                  "the bus at unix:path=/run/test/bus" },
                { BUS_TRANSPORT_REMOTE, "root@rig", "the system bus of root@rig" },
        };

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                _cleanup_free_ char *s = bus_transport_describe(cases[i].transport,
                                                                cases[i].where);

                assert_string_equal(s, cases[i].text);
        }
}

/* Verb dispatch. */

static int verb_calls;
static int verb_argc;

static int verb_record(int argc, char *argv[], void *userdata)
{
        verb_calls++;
        verb_argc = argc;
        return *(int *) userdata;
}

static const Verb test_verbs[] = {
        { "list", VERB_ANY, 1, VERB_DEFAULT, NULL, verb_record },
        { "wait", 2, 2, 0, "PHY", verb_record },
        { "set", 4, VERB_ANY, 0, "PHY SETTING VALUE", verb_record },
        {}
};

static void test_dispatch_verb(void **state)
{
        const struct {
                const char *const *argv;
                int argc;
                int expected; /* exit status, or the verb's result when called */
                int called_argc; /* 0: not called */
        } cases[] = {
                { (const char *const[]){ NULL }, 0, 7, 1 },
                { (const char *const[]){ "list", NULL }, 1, 7, 1 },
                { (const char *const[]){ "list", "x", NULL }, 2, PHYCTL_EXIT_USAGE, 0 },
                { (const char *const[]){ "wait", NULL }, 1, PHYCTL_EXIT_USAGE, 0 },
                { (const char *const[]){ "wait", "eth0", NULL }, 2, 7, 2 },
                { (const char *const[]){ "wait", "eth0", "up", NULL }, 3, PHYCTL_EXIT_USAGE, 0 },
                { (const char *const[]){ "set", "eth0", "speed", NULL }, 3, PHYCTL_EXIT_USAGE,
                  0 },
                { (const char *const[]){ "set", "eth0", "speed", "10", "duplex", "half", NULL },
                  6, 7, 6 },
                { (const char *const[]){ "frobnicate", NULL }, 1, PHYCTL_EXIT_USAGE, 0 },
        };
        int result = 7;

        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                verb_calls = 0;
                verb_argc = 0;
                assert_int_equal(dispatch_verb(cases[i].argc, (char **) cases[i].argv,
                                               test_verbs, &result),
                                 cases[i].expected);
                assert_int_equal(verb_calls, cases[i].called_argc ? 1 : 0);
                assert_int_equal(verb_argc, cases[i].called_argc);
        }

        assert_ptr_equal(verbs_find_verb(NULL, test_verbs), &test_verbs[0]);
        assert_ptr_equal(verbs_find_verb("set", test_verbs), &test_verbs[2]);
        assert_null(verbs_find_verb("SET", test_verbs));
}

/* strv. */

static void test_strv(void **state)
{
        _cleanup_(strv_freep) char **l = NULL;
        _cleanup_free_ char *empty = NULL, *joined = NULL;

        empty = strv_join(NULL, ", ");
        assert_string_equal(empty, "");
        assert_int_equal(strv_length(NULL), 0);
        assert_false(strv_contains(NULL, "a"));

        assert_int_equal(strv_extend(&l, "Pause"), 0);
        assert_int_equal(strv_extend(&l, "Asym_Pause"), 0);
        assert_int_equal(strv_length(l), 2);
        assert_true(strv_contains(l, "Pause"));
        assert_false(strv_contains(l, "pause"));
        joined = strv_join(l, ", ");
        assert_string_equal(joined, "Pause, Asym_Pause");
}

/*
 * Properties from a D-Bus message. Messages need a started bus; one end of a socketpair
 * serves, as nothing is ever sent.
 */

static sd_bus *test_bus_new(int fds[static 2])
{
        sd_bus *bus = NULL;

        assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
        assert_true(sd_bus_new(&bus) >= 0);
        assert_true(sd_bus_set_fd(bus, fds[0], fds[0]) >= 0);
        assert_true(sd_bus_start(bus) >= 0);
        return bus;
}

static void append_property(sd_bus_message *m, const char *name, const char *type, ...)
{
        va_list ap;

        assert_true(sd_bus_message_open_container(m, 'e', "sv") >= 0);
        assert_true(sd_bus_message_append(m, "s", name) >= 0);
        assert_true(sd_bus_message_open_container(m, 'v', type) >= 0);
        va_start(ap, type);
        assert_true(sd_bus_message_appendv(m, type, ap) >= 0);
        va_end(ap);
        assert_true(sd_bus_message_close_container(m) >= 0);
        assert_true(sd_bus_message_close_container(m) >= 0);
}

/* A GetAll reply's body as the daemon builds it, plus a property of a newer daemon and one of
 * an unexpected type. */
static sd_bus_message *getall_message(sd_bus *bus)
{
        static const uint16_t regs[] = { 0x3100, 0x782d, 0x003b, 0x1861, 0x0de1, 0xc5e1, 0x000f };
        sd_bus_message *m = NULL;

        assert_true(sd_bus_message_new_signal(bus, &m, "/io/phyd/phy/3", "io.phyd.Phy1",
                                              "LinkChanged") >= 0);
        assert_true(sd_bus_message_open_container(m, 'a', "{sv}") >= 0);
        append_property(m, "Id", "s", "sim0:10");
        append_property(m, "Backend", "s", "sim");
        append_property(m, "Address", "y", 0x10);
        append_property(m, "Interface", "s", "");
        append_property(m, "Ifindex", "i", 0);
        append_property(m, "PhyId", "u", 0x003b1861);
        append_property(m, "Driver", "s", "Asix Electronics AX88772A");
        append_property(m, "FutureProperty", "a(su)", 1, "x", 1);
        append_property(m, "Mode", "s", "managed");
        append_property(m, "State", "s", "running");
        append_property(m, "Link", "b", 1);
        append_property(m, "Speed", "u", 100);
        append_property(m, "Duplex", "s", "full");
        append_property(m, "Advertising", "as", 3, "100baseT/Full", "Pause", "Asym_Pause");
        append_property(m, "LinkPartnerAdvertising", "as", 0);
        append_property(m, "NegotiatedRxPause", "b", 1);
        append_property(m, "LinkDownEvents", "t", (uint64_t) 1 << 40);
        append_property(m, "Errors", "u", 5); /* wrong type: skipped */

        assert_true(sd_bus_message_open_container(m, 'e', "sv") >= 0);
        assert_true(sd_bus_message_append(m, "s", "Registers") >= 0);
        assert_true(sd_bus_message_open_container(m, 'v', "aq") >= 0);
        assert_true(sd_bus_message_append_array(m, 'q', regs, sizeof(regs)) >= 0);
        assert_true(sd_bus_message_close_container(m) >= 0);
        assert_true(sd_bus_message_close_container(m) >= 0);

        assert_true(sd_bus_message_close_container(m) >= 0);
        assert_true(sd_bus_message_seal(m, 1, 0) >= 0);
        assert_true(sd_bus_message_rewind(m, true) >= 0);
        return m;
}

static void test_phy_info_read(void **state)
{
        _cleanup_(phy_info_done) PhyInfo info = {};
        sd_bus_message *m;
        sd_bus *bus;
        int fds[2];

        bus = test_bus_new(fds);
        m = getall_message(bus);

        assert_int_equal(phy_info_read(m, &info), 0);
        assert_string_equal(info.id, "sim0:10");
        assert_string_equal(info.backend, "sim");
        assert_int_equal(info.address, 0x10);
        assert_string_equal(info.interface, "");
        assert_int_equal(info.phy_id, 0x003b1861);
        assert_string_equal(info.mode, "managed");
        assert_string_equal(info.state, "running");
        assert_true(info.link);
        assert_int_equal(info.speed, 100);
        assert_string_equal(info.duplex, "full");
        assert_int_equal(strv_length(info.advertising), 3);
        assert_string_equal(info.advertising[2], "Asym_Pause");
        assert_int_equal(strv_length(info.lp_advertising), 0);
        assert_true(info.rx_pause);
        assert_false(info.tx_pause);
        assert_int_equal(info.link_down_events, (uint64_t) 1 << 40);
        assert_int_equal(info.n_registers, 7);
        assert_int_equal(info.registers[0], 0x3100);
        assert_int_equal(info.registers[6], 0x000f);

        assert_true(phy_info_has(&info, "Registers"));
        assert_true(phy_info_has(&info, "LinkPartnerAdvertising"));
        assert_false(phy_info_has(&info, "Errors")); /* sent as "u", expected "t" */
        assert_false(phy_info_has(&info, "Sequence"));
        assert_false(phy_info_has(&info, "FutureProperty"));
        assert_string_equal(phy_info_name(&info), "sim0:10");

        sd_bus_message_unref(m);
        sd_bus_unref(bus);
        close(fds[1]);
}

static void test_phy_info_to_json(void **state)
{
        _cleanup_(phy_info_done) PhyInfo info = {};
        _cleanup_(json_object_putp) json_object *o = NULL;
        _cleanup_free_ char *buf = NULL;
        sd_bus_message *m;
        size_t size = 0;
        sd_bus *bus;
        FILE *f;
        int fds[2];

        bus = test_bus_new(fds);
        m = getall_message(bus);
        assert_int_equal(phy_info_read(m, &info), 0);
        info.path = strdup("/io/phyd/phy/3");

        o = phy_info_to_json(&info);
        assert_non_null(o);
        f = open_memstream(&buf, &size);
        assert_non_null(f);
        assert_int_equal(json_print(o, JSON_FORMAT_SHORT, f), 0);
        assert_int_equal(fclose(f), 0);
        /* Only what the daemon sent, in the order of io.phyd.Phy1.xml. */
        assert_string_equal(buf,
                            "{\"Id\":\"sim0:10\","
                            "\"Backend\":\"sim\",\"Address\":16,\"Interface\":\"\","
                            "\"Ifindex\":0,\"PhyId\":3872865,"
                            "\"Driver\":\"Asix Electronics AX88772A\",\"Mode\":\"managed\","
                            "\"State\":\"running\",\"Link\":true,\"Speed\":100,"
                            "\"Duplex\":\"full\","
                            "\"Advertising\":[\"100baseT/Full\",\"Pause\",\"Asym_Pause\"],"
                            "\"LinkPartnerAdvertising\":[],\"NegotiatedRxPause\":true,"
                            "\"LinkDownEvents\":1099511627776,"
                            "\"Registers\":[12544,30765,59,6241,3553,50657,15]}\n");

        sd_bus_message_unref(m);
        sd_bus_unref(bus);
        close(fds[1]);
}

static void test_json_from_bus_message(void **state)
{
        _cleanup_(json_object_putp) json_object *o = NULL;
        sd_bus_message *m = NULL;
        sd_bus *bus;
        uint64_t sequence;
        int fds[2];

        bus = test_bus_new(fds);
        /* A LinkChanged signal: (t sequence, a{sv} snapshot). */
        assert_true(sd_bus_message_new_signal(bus, &m, "/io/phyd/phy/3", "io.phyd.Phy1",
                                              "LinkChanged") >= 0);
        assert_true(sd_bus_message_append(m, "t", (uint64_t) 7) >= 0);
        assert_true(sd_bus_message_open_container(m, 'a', "{sv}") >= 0);
        append_property(m, "Id", "s", "sim0:10");
        append_property(m, "Link", "b", 0);
        append_property(m, "Speed", "u", 4000000000U);
        append_property(m, "LastChangeUSec", "t", UINT64_MAX);
        append_property(m, "Advertising", "as", 2, "10baseT/Half", "Pause");
        append_property(m, "Odd", "(yn)", 1, -2);
        append_property(m, "Nested", "a{sv}", 1, "Inner", "q", 9);
        append_property(m, "Path", "o", "/io/phyd/phy/3");
        append_property(m, "Ratio", "d", 0.5);
        assert_true(sd_bus_message_close_container(m) >= 0);
        assert_true(sd_bus_message_seal(m, 1, 0) >= 0);
        assert_true(sd_bus_message_rewind(m, true) >= 0);

        assert_true(sd_bus_message_read(m, "t", &sequence) > 0);
        assert_int_equal(sequence, 7);
        assert_int_equal(json_from_bus_message(m, &o), 0);
        assert_string_equal(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
                                                                   JSON_C_TO_STRING_NOSLASHESCAPE),
                            "{\"Id\":\"sim0:10\",\"Link\":false,\"Speed\":4000000000,"
                            "\"LastChangeUSec\":18446744073709551615,"
                            "\"Advertising\":[\"10baseT/Half\",\"Pause\"],\"Odd\":[1,-2],"
                            "\"Nested\":{\"Inner\":9},\"Path\":\"/io/phyd/phy/3\","
                            "\"Ratio\":0.5}");

        sd_bus_message_unref(m);
        sd_bus_unref(bus);
        close(fds[1]);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_format_speed_flow),
                cmocka_unit_test(test_format_timespan),
                cmocka_unit_test(test_format_relative_poll),
                cmocka_unit_test(test_phy_path_index),
                cmocka_unit_test(test_colors_decide),
                cmocka_unit_test(test_table),
                cmocka_unit_test(test_table_empty),
                cmocka_unit_test(test_bus_error_message),
                cmocka_unit_test(test_string_tables),
                cmocka_unit_test(test_bus_transport_describe),
                cmocka_unit_test(test_dispatch_verb),
                cmocka_unit_test(test_strv),
                cmocka_unit_test(test_phy_info_read),
                cmocka_unit_test(test_phy_info_to_json),
                cmocka_unit_test(test_json_from_bus_message),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
