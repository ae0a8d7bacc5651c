/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * phyd's configuration (src/daemon/phyd-config.c, DESIGN.md "phyd and its configuration"):
 * phyd.conf and the .phy files as they load, every error message exactly with FILE:LINE,
 * all-or-nothing loading, matching with globs and "!", equality for Reload, and the string
 * tables of the enums it adds.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <linux/ethtool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf-test-util.h"
#include "phyd-config.h"
#include "phyd/linkmode.h"
#include "phyd/macro.h"

/* Writes dir/name, creating the directories on the way; name NULL writes nothing. */
static void write_file(const char *dir, const char *name, const char *content)
{
        if (name)
                free(write_file_len(dir, name, content, 0));
}

static void make_dir(const char *dir, const char *name)
{
        _cleanup_free_ char *path = path_join(dir, name);

        assert_int_equal(mkdir(path, 0755), 0);
}

/* Formats an expected message: every %s is the directory. */
static void expected_message(char *buf, size_t size, const char *format, const char *dir)
{
        snprintf(buf, size, format, dir, dir, dir);
}

#define STRV(...) ((char *[]) { __VA_ARGS__, NULL })

/*
 * String tables.
 */

static const char *const poll_mode_names[_POLL_MODE_MAX] = {
        [POLL_MODE_KERNEL] = "kernel",
        [POLL_MODE_FAST] = "fast",
        [POLL_MODE_CARRIER] = "carrier",
};

static const char *const phy_backend_names[_PHY_BACKEND_MAX] = {
        [PHY_BACKEND_SIM] = "sim",
        [PHY_BACKEND_IOCTL] = "ioctl",
        [PHY_BACKEND_MDIO_NETLINK] = "mdio-netlink",
        [PHY_BACKEND_ETHTOOL] = "ethtool",
};

static const char *const phy_mode_names[_PHY_MODE_MAX] = {
        [PHY_MODE_MANAGED] = "managed",
        [PHY_MODE_MONITOR] = "monitor",
};

static const char *const phy_duplex_names[_PHY_DUPLEX_MAX] = {
        [PHY_DUPLEX_HALF] = "half",
        [PHY_DUPLEX_FULL] = "full",
};

static const char *const unknown_names[] = {
        "", "bogus", "Kernel", "SIM", " managed", "full ", "mdio_netlink", "1", "auto",
};

static void test_string_tables(void **state)
{
        for (PollMode m = 0; m < _POLL_MODE_MAX; m++) {
                assert_string_equal(poll_mode_to_string(m), poll_mode_names[m]);
                assert_int_equal(poll_mode_from_string(poll_mode_names[m]), m);
        }
        for (PhyBackend b = 0; b < _PHY_BACKEND_MAX; b++) {
                assert_string_equal(phy_backend_to_string(b), phy_backend_names[b]);
                assert_int_equal(phy_backend_from_string(phy_backend_names[b]), b);
        }
        for (PhyMode m = 0; m < _PHY_MODE_MAX; m++) {
                assert_string_equal(phy_mode_to_string(m), phy_mode_names[m]);
                assert_int_equal(phy_mode_from_string(phy_mode_names[m]), m);
        }
        for (PhyDuplex d = 0; d < _PHY_DUPLEX_MAX; d++) {
                assert_string_equal(phy_duplex_to_string(d), phy_duplex_names[d]);
                assert_int_equal(phy_duplex_from_string(phy_duplex_names[d]), d);
        }

        assert_null(poll_mode_to_string(_POLL_MODE_MAX));
        assert_null(poll_mode_to_string(_POLL_MODE_INVALID));
        assert_null(phy_backend_to_string(_PHY_BACKEND_MAX));
        assert_null(phy_backend_to_string(_PHY_BACKEND_INVALID));
        assert_null(phy_mode_to_string(_PHY_MODE_MAX));
        assert_null(phy_mode_to_string(_PHY_MODE_INVALID));
        assert_null(phy_duplex_to_string(_PHY_DUPLEX_MAX));
        assert_null(phy_duplex_to_string(_PHY_DUPLEX_INVALID));

        for (size_t i = 0; i < ELEMENTSOF(unknown_names); i++) {
                assert_int_equal(poll_mode_from_string(unknown_names[i]), _POLL_MODE_INVALID);
                assert_int_equal(phy_backend_from_string(unknown_names[i]),
                                 _PHY_BACKEND_INVALID);
                assert_int_equal(phy_mode_from_string(unknown_names[i]), _PHY_MODE_INVALID);
                assert_int_equal(phy_duplex_from_string(unknown_names[i]), _PHY_DUPLEX_INVALID);
        }
        assert_int_equal(poll_mode_from_string(NULL), _POLL_MODE_INVALID);
        assert_int_equal(phy_backend_from_string(NULL), _PHY_BACKEND_INVALID);
        assert_int_equal(phy_mode_from_string(NULL), _PHY_MODE_INVALID);
        assert_int_equal(phy_duplex_from_string(NULL), _PHY_DUPLEX_INVALID);

        /* The PHY core takes a set duplex as is. */
        assert_int_equal(PHY_DUPLEX_HALF, DUPLEX_HALF);
        assert_int_equal(PHY_DUPLEX_FULL, DUPLEX_FULL);
}

/*
 * What a loaded PhyConfig says, as one line of the settings it sets ("Backend=ioctl
 * Autoneg=1"), checking on the way that every unset setting holds its unset value.
 */

static void dump_append(char *buf, size_t size, const char *format, ...) _printf_(3, 4);
static void dump_append(char *buf, size_t size, const char *format, ...)
{
        size_t n = strlen(buf);
        va_list ap;

        if (n > 0 && n < size - 1)
                buf[n++] = ' ';
        buf[n] = '\0';
        va_start(ap, format);
        vsnprintf(buf + n, size - n, format, ap);
        va_end(ap);
}

static void dump_list(char *buf, size_t size, const char *key, char *const *l)
{
        char joined[512] = "";

        if (!l)
                return;
        assert_non_null(l[0]); /* an empty list is NULL */
        for (char *const *i = l; *i; i++)
                snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined), "%s%s",
                         i == l ? "" : ",", *i);
        dump_append(buf, size, "%s=%s", key, joined);
}

static const char *phy_dump(const PhyConfig *c, char *buf, size_t size)
{
        buf[0] = '\0';
        dump_list(buf, size, "Interface", c->match_interface);
        dump_list(buf, size, "Path", c->match_path);
        dump_list(buf, size, "Driver", c->match_driver);
        dump_list(buf, size, "MACAddress", c->match_mac);
        dump_append(buf, size, "Backend=%s", phy_backend_to_string(c->backend));

        if (c->address_set)
                dump_append(buf, size, "Address=%d", c->address);
        else
                assert_int_equal(c->address, -1);
        if (c->model_set)
                dump_append(buf, size, "Model=%s", phy_model_kind_to_string(c->model));
        else
                assert_int_equal(c->model, _PHY_MODEL_KIND_INVALID);
        if (c->mode_set)
                dump_append(buf, size, "Mode=%s", phy_mode_to_string(c->mode));
        else
                assert_int_equal(c->mode, _PHY_MODE_INVALID);
        if (c->poll_mode_set)
                dump_append(buf, size, "PollMode=%s", poll_mode_to_string(c->poll_mode));
        else
                assert_int_equal(c->poll_mode, _POLL_MODE_INVALID);
        if (c->poll_interval_set)
                dump_append(buf, size, "PollIntervalSec=%lluus",
                            (unsigned long long) c->poll_interval_usec);
        else
                assert_int_equal(c->poll_interval_usec, 0);
        if (c->mac_profile_set)
                dump_append(buf, size, "MacProfile=%s", mac_profile_kind_to_string(c->mac_profile));
        else
                assert_int_equal(c->mac_profile, _MAC_PROFILE_KIND_INVALID);
        if (c->autoneg_set)
                dump_append(buf, size, "Autoneg=%d", c->autoneg);
        else
                assert_int_equal(c->autoneg, -1);
        if (c->speed_set)
                dump_append(buf, size, "Speed=%d", c->speed);
        else
                assert_int_equal(c->speed, 0);
        if (c->duplex_set)
                dump_append(buf, size, "Duplex=%s", phy_duplex_to_string(c->duplex));
        else
                assert_int_equal(c->duplex, _PHY_DUPLEX_INVALID);
        if (c->advertise_set) {
                char names[256] = "";

                for (unsigned bit = 0; bit < 64; bit++)
                        if (c->advertise & ((LinkModes) 1 << bit))
                                snprintf(names + strlen(names), sizeof(names) - strlen(names),
                                         "%s%s", names[0] ? "," : "",
                                         linkmode_bit_to_string(bit));
                dump_append(buf, size, "Advertise=%s", names);
        } else
                assert_int_equal(c->advertise, 0);
        if (c->rx_pause_set)
                dump_append(buf, size, "RxPause=%d", c->rx_pause);
        else
                assert_int_equal(c->rx_pause, -1);
        if (c->tx_pause_set)
                dump_append(buf, size, "TxPause=%d", c->tx_pause);
        else
                assert_int_equal(c->tx_pause, -1);
        if (c->allow_raw_writes_set)
                dump_append(buf, size, "AllowRawWrites=%d", c->allow_raw_writes);
        else
                assert_int_equal(c->allow_raw_writes, -1);
        return buf;
}

/*
 * phyd.conf.
 */

static void test_defaults(void **state)
{
        const char *dir = *state;
        _cleanup_(phyd_config_freep) PhydConfig *c = NULL;
        _cleanup_free_ char *missing = path_join(dir, "missing");
        ConfigError err = { "untouched" };
        DaemonConfig d;

        /* No directory at all: defaults. So is an empty one. */
        assert_int_equal(phyd_config_load(missing, &c, &err), 0);
        assert_string_equal(err.message, "untouched");
        assert_non_null(c);
        assert_string_equal(c->dir, missing);
        assert_null(c->daemon.watch_interfaces);
        assert_int_equal(c->daemon.poll_mode, POLL_MODE_KERNEL);
        assert_int_equal(c->daemon.poll_interval_usec, USEC_PER_SEC);
        assert_int_equal(c->n_phys, 0);
        assert_null(c->phys);
        c = phyd_config_free(c);

        assert_int_equal(phyd_config_load(dir, &c, &err), 0);
        assert_int_equal(c->daemon.poll_mode, POLL_MODE_KERNEL);
        assert_int_equal(c->n_phys, 0);

        daemon_config_init(&d);
        assert_true(daemon_config_equal(&d, &c->daemon));
        assert_null(d.watch_interfaces);
        assert_int_equal(d.poll_mode, POLL_MODE_KERNEL);
        assert_int_equal(d.poll_interval_usec, POLL_INTERVAL_DEFAULT_USEC);
        daemon_config_done(&d);

        assert_null(phyd_config_free(NULL));
}

typedef struct DaemonCase {
        const char *conf;
        const char *dropin;       /* phyd.conf.d/50-x.conf, or NULL */
        const char *const *watch; /* NULL: none */
        PollMode poll_mode;
        uint64_t poll_interval_usec;
} DaemonCase;

static const DaemonCase daemon_cases[] = {
        {
                "[Daemon]\nWatchInterfaces=eth* !eth9\nPollMode=fast\nPollIntervalSec=100ms\n",
                NULL, (const char *const[]) { "eth*", "!eth9", NULL }, POLL_MODE_FAST,
                100 * USEC_PER_MSEC,
        },
        { "[Daemon]\nPollMode=carrier\n", NULL, NULL, POLL_MODE_CARRIER, USEC_PER_SEC },
        { "[Daemon]\nPollMode=kernel\n", NULL, NULL, POLL_MODE_KERNEL, USEC_PER_SEC },
        /* The bounds of PollIntervalSec=. */
        { "[Daemon]\nPollIntervalSec=1ms\n", NULL, NULL, POLL_MODE_KERNEL, USEC_PER_MSEC },
        { "[Daemon]\nPollIntervalSec=1h\n", NULL, NULL, POLL_MODE_KERNEL, 3600 * USEC_PER_SEC },
        { "[Daemon]\nPollIntervalSec=1000us\n", NULL, NULL, POLL_MODE_KERNEL, USEC_PER_MSEC },
        { "[Daemon]\nPollIntervalSec=59min 59s 999ms 1000us\n", NULL, NULL, POLL_MODE_KERNEL,
          3600 * USEC_PER_SEC },
        { "[Daemon]\nPollIntervalSec=0.5\n", NULL, NULL, POLL_MODE_KERNEL, USEC_PER_SEC / 2 },
        /* Empty assignments reset to the defaults. */
        {
                "[Daemon]\n"
                "WatchInterfaces=a\nWatchInterfaces=\nWatchInterfaces=b c\n"
                "PollMode=fast\nPollMode=\n"
                "PollIntervalSec=5s\nPollIntervalSec=\n",
                NULL, (const char *const[]) { "b", "c", NULL }, POLL_MODE_KERNEL, USEC_PER_SEC,
        },
        /* A drop-in overrides; lists accumulate. */
        {
                "[Daemon]\nWatchInterfaces=eth*\nPollMode=fast\nPollIntervalSec=10ms\n",
                "[Daemon]\nWatchInterfaces=!eth1\nPollMode=carrier\n",
                (const char *const[]) { "eth*", "!eth1", NULL }, POLL_MODE_CARRIER,
                10 * USEC_PER_MSEC,
        },
        {
                "[Daemon]\nWatchInterfaces=eth*\nPollMode=fast\n",
                "[Daemon]\nWatchInterfaces=\nPollMode=\n",
                NULL, POLL_MODE_KERNEL, USEC_PER_SEC,
        },
        /* A drop-in without phyd.conf. */
        { NULL, "[Daemon]\nPollMode=fast\n", NULL, POLL_MODE_FAST, USEC_PER_SEC },
};

static void test_daemon_cases(void **state)
{
        const char *dir = *state;

        for (size_t i = 0; i < ELEMENTSOF(daemon_cases); i++) {
                const DaemonCase *dc = &daemon_cases[i];
                _cleanup_(phyd_config_freep) PhydConfig *c = NULL;
                _cleanup_free_ char *conf = path_join(dir, "phyd.conf");
                _cleanup_free_ char *dropin = path_join(dir, "phyd.conf.d/50-x.conf");
                ConfigError err = {};
                int r;

                unlink(conf);
                unlink(dropin);
                if (dc->conf)
                        write_file(dir, "phyd.conf", dc->conf);
                if (dc->dropin)
                        write_file(dir, "phyd.conf.d/50-x.conf", dc->dropin);

                r = phyd_config_load(dir, &c, &err);
                if (r < 0)
                        fail_msg("case %zu: %s", i, err.message);
                if (!strv_equal(c->daemon.watch_interfaces, (char *const *) dc->watch))
                        fail_msg("case %zu: WatchInterfaces= differs", i);
                if (dc->watch)
                        assert_non_null(c->daemon.watch_interfaces);
                else
                        assert_null(c->daemon.watch_interfaces);
                assert_int_equal(c->daemon.poll_mode, dc->poll_mode);
                assert_int_equal(c->daemon.poll_interval_usec, dc->poll_interval_usec);
        }
}

typedef struct ErrorCase {
        const char *file;         /* relative to the configuration directory */
        const char *content;
        const char *dropin_file;  /* or NULL */
        const char *dropin;
        const char *error;        /* %s: the configuration directory */
} ErrorCase;

static const ErrorCase daemon_error_cases[] = {
        { "phyd.conf", "[Daemon]\nPollIntervalSec=0\n", NULL, NULL,
          "%s/phyd.conf:2: Invalid PollIntervalSec=0, expected a time span from 1ms to 1h" },
        { "phyd.conf", "[Daemon]\nPollIntervalSec=999us\n", NULL, NULL,
          "%s/phyd.conf:2: Invalid PollIntervalSec=999us, expected a time span from 1ms to 1h" },
        { "phyd.conf", "[Daemon]\nPollIntervalSec=1h 1us\n", NULL, NULL,
          "%s/phyd.conf:2: Invalid PollIntervalSec=1h 1us, expected a time span from 1ms to 1h" },
        { "phyd.conf", "[Daemon]\nPollIntervalSec=-1s\n", NULL, NULL,
          "%s/phyd.conf:2: Invalid PollIntervalSec=-1s, expected a time span from 1ms to 1h" },
        { "phyd.conf", "[Daemon]\nPollIntervalSec=soon\n", NULL, NULL,
          "%s/phyd.conf:2: Invalid PollIntervalSec=soon, expected a time span from 1ms to 1h" },
        { "phyd.conf", "[Daemon]\n\nPollMode=slow\n", NULL, NULL,
          "%s/phyd.conf:3: Invalid PollMode=slow, expected kernel, fast or carrier" },
        { "phyd.conf", "[Daemon]\nWatchInterfaces=eth0 ! eth1\n", NULL, NULL,
          "%s/phyd.conf:2: Invalid WatchInterfaces= entry \"!\", expected a glob after \"!\"" },
        { "phyd.conf", "[Daemon]\nWatch=eth0\n", NULL, NULL,
          "%s/phyd.conf:2: Unknown key \"Watch\" in section [Daemon]" },
        { "phyd.conf", "[Phy]\nBackend=sim\n", NULL, NULL,
          "%s/phyd.conf:1: Unknown section [Phy]" },
        { "phyd.conf", "PollMode=fast\n", NULL, NULL,
          "%s/phyd.conf:1: Key \"PollMode\" outside of any section" },
        { "phyd.conf", "[Daemon]\nPollMode=fast\n", "phyd.conf.d/10-x.conf",
          "[Daemon]\n# a drop-in\nPollMode=Fast\n",
          "%s/phyd.conf.d/10-x.conf:3: Invalid PollMode=Fast, expected kernel, fast or carrier" },
};

static void run_error_case(const char *dir, const ErrorCase *ec, size_t i)
{
        PhydConfig sentinel = {}, *c = &sentinel;
        char expected[CONFIG_ERROR_MAX];
        ConfigError err = {};
        int r;

        write_file(dir, ec->file, ec->content);
        write_file(dir, ec->dropin_file, ec->dropin);
        expected_message(expected, sizeof(expected), ec->error, dir);

        r = phyd_config_load(dir, &c, &err);
        if (r != -EINVAL || !streq(err.message, expected))
                fail_msg("case %zu: got %d \"%s\", expected \"%s\"", i, r, err.message,
                         expected);
        /* Nothing comes back: the caller keeps what it had. */
        assert_ptr_equal(c, &sentinel);
        assert_null(strchr(err.message, '\n'));
}

static void run_error_cases(const char *dir, const ErrorCase *cases, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                _cleanup_free_ char *sub = path_join(dir, "case");

                /* Each case in a directory of its own. */
                assert_int_equal(mkdir(sub, 0755), 0);
                run_error_case(sub, &cases[i], i);
                assert_int_equal(rm_rf_at(AT_FDCWD, sub), 0);
        }
}

static void test_daemon_errors(void **state)
{
        run_error_cases(*state, daemon_error_cases, ELEMENTSOF(daemon_error_cases));
}

/*
 * .phy files.
 */

typedef struct PhyCase {
        const char *content;  /* phy.d/10-eth.phy */
        const char *dropin;   /* phy.d/10-eth.phy.d/50-x.conf, or NULL */
        const char *dump;
} PhyCase;

static const PhyCase phy_cases[] = {
        { "[Phy]\nBackend=ioctl\n", NULL, "Backend=ioctl" },
        { "[Phy]\nBackend=mdio-netlink\n", NULL, "Backend=mdio-netlink" },
        { "[Phy]\nBackend=ethtool\nMode=monitor\n", NULL, "Backend=ethtool Mode=monitor" },
        /* Everything at once. */
        {
                "# A USB adapter\n"
                "[Match]\n"
                "Interface=enx* !enx001122334455\n"
                "Path=pci-0000:00:14.0-usb-*\n"
                "Driver=asix ax88179_178a\n"
                "MACAddress=AA:bb:CC:dd:EE:ff 00:11:22:33:44:55\n"
                "\n"
                "[Phy]\n"
                "Backend=ioctl\n"
                "Address=0x10\n"
                "Mode=managed\n"
                "PollMode=fast\n"
                "PollIntervalSec=250ms\n"
                "MacProfile=ax88772\n"
                "Autoneg=yes\n"
                "Advertise=10baseT/Half 100baseT/Full \\\n"
                "          Pause Asym_Pause\n"
                "RxPause=on\n"
                "TxPause=off\n"
                "AllowRawWrites=yes\n",
                NULL,
                "Interface=enx*,!enx001122334455 Path=pci-0000:00:14.0-usb-* "
                "Driver=asix,ax88179_178a MACAddress=aa:bb:cc:dd:ee:ff,00:11:22:33:44:55 "
                "Backend=ioctl Address=16 Mode=managed PollMode=fast PollIntervalSec=250000us "
                "MacProfile=ax88772 Autoneg=1 "
                "Advertise=10baseT/Half,100baseT/Full,Pause,Asym_Pause RxPause=1 TxPause=0 "
                "AllowRawWrites=1",
        },
        /* Sim PHYs. */
        { "[Phy]\nBackend=sim\nModel=ax88772a\n", NULL, "Backend=sim Model=ax88772a" },
        {
                "[Phy]\nBackend=sim\nModel=ax88796b\nAddress=3\nMacProfile=xsurf\nMode=managed\n",
                NULL, "Backend=sim Address=3 Model=ax88796b Mode=managed MacProfile=xsurf",
        },
        { "[Phy]\nBackend=sim\nModel=generic\nMacProfile=none\nAddress=0\n", NULL,
          "Backend=sim Address=0 Model=generic MacProfile=none" },
        { "[Phy]\nBackend=sim\nModel=ax88772c\nAddress=31\nPollMode=carrier\n", NULL,
          "Backend=sim Address=31 Model=ax88772c PollMode=carrier" },
        /* Forced modes. */
        { "[Phy]\nBackend=ioctl\nAutoneg=no\nSpeed=10\nDuplex=half\n", NULL,
          "Backend=ioctl Autoneg=0 Speed=10 Duplex=half" },
        { "[Phy]\nBackend=ioctl\nDuplex=full\nSpeed=100\nAutoneg=off\n", NULL,
          "Backend=ioctl Autoneg=0 Speed=100 Duplex=full" },
        /* Advertise= accumulates over lines. */
        { "[Phy]\nBackend=ioctl\nAdvertise=10baseT/Full\nAdvertise=100baseT/Half Autoneg\n",
          NULL, "Backend=ioctl Advertise=10baseT/Full,100baseT/Half,Autoneg" },
        /* Every setting, set and then reset by the empty assignment, is unset. */
        {
                "[Match]\nInterface=eth0\nInterface=\nPath=x\nPath=\nDriver=y\nDriver=\n"
                "MACAddress=00:00:00:00:00:01\nMACAddress=\n"
                "[Phy]\nBackend=ioctl\nAddress=5\nAddress=\nModel=generic\nModel=\n"
                "Mode=managed\nMode=\nPollMode=carrier\nPollMode=\nPollIntervalSec=1s\n"
                "PollIntervalSec=\nMacProfile=none\nMacProfile=\nAutoneg=no\nAutoneg=\n"
                "Speed=10\nSpeed=\nDuplex=full\nDuplex=\nAdvertise=Pause\nAdvertise=\n"
                "RxPause=1\nRxPause=\nTxPause=1\nTxPause=\nAllowRawWrites=1\n"
                "AllowRawWrites=\n",
                NULL, "Backend=ioctl",
        },
        /* Match lists accumulate, reset, accumulate again. */
        { "[Match]\nInterface=a b\nInterface=c\nInterface=\nInterface=d\nInterface=e\n"
          "[Phy]\nBackend=ioctl\n",
          NULL, "Interface=d,e Backend=ioctl" },
        /* Drop-ins: later wins, the checks run on the result. */
        { "[Phy]\nBackend=ioctl\nAutoneg=yes\nAdvertise=100baseT/Full\n",
          "[Phy]\nAdvertise=\nAutoneg=no\nSpeed=100\nDuplex=full\n",
          "Backend=ioctl Autoneg=0 Speed=100 Duplex=full" },
        { "[Phy]\nBackend=ioctl\n", "[Phy]\nBackend=sim\nModel=ax88772a\n",
          "Backend=sim Model=ax88772a" },
        { "[Match]\nInterface=eth0\n[Phy]\nBackend=ioctl\n", "[Match]\nInterface=eth1\n",
          "Interface=eth0,eth1 Backend=ioctl" },
        /* A drop-in may bring a missing Backend=. */
        { "[Match]\nDriver=r8152\n", "[Phy]\nBackend=ethtool\n", "Driver=r8152 Backend=ethtool" },
};

static void test_phy_cases(void **state)
{
        const char *dir = *state;

        for (size_t i = 0; i < ELEMENTSOF(phy_cases); i++) {
                const PhyCase *pc = &phy_cases[i];
                _cleanup_(phyd_config_freep) PhydConfig *c = NULL;
                _cleanup_free_ char *sub = path_join(dir, "case"), *path = NULL;
                ConfigError err = {};
                char dump[1024];
                int r;

                assert_int_equal(mkdir(sub, 0755), 0);
                write_file(sub, "phy.d/10-eth.phy", pc->content);
                if (pc->dropin)
                        write_file(sub, "phy.d/10-eth.phy.d/50-x.conf", pc->dropin);

                r = phyd_config_load(sub, &c, &err);
                if (r < 0)
                        fail_msg("case %zu: %s", i, err.message);
                assert_int_equal(c->n_phys, 1);
                assert_string_equal(c->phys[0].filename, "10-eth.phy");
                path = path_join(sub, "phy.d/10-eth.phy");
                assert_string_equal(c->phys[0].path, path);
                phy_dump(&c->phys[0], dump, sizeof(dump));
                if (!streq(dump, pc->dump))
                        fail_msg("case %zu:\n got      \"%s\"\n expected \"%s\"", i, dump,
                                 pc->dump);

                assert_int_equal(rm_rf_at(AT_FDCWD, sub), 0);
        }
}

#define PHY "phy.d/10-eth.phy"
#define DROPIN "phy.d/10-eth.phy.d/50-x.conf"

static const ErrorCase phy_error_cases[] = {
        /* The parser's own, through a .phy file. */
        { PHY, "[Phy]\nBackend=ioctl\nSpeeed=100\n", NULL, NULL,
          "%s/" PHY ":3: Unknown key \"Speeed\" in section [Phy]" },
        { PHY, "[Link]\nBackend=ioctl\n", NULL, NULL, "%s/" PHY ":1: Unknown section [Link]" },
        { PHY, "Backend=ioctl\n[Phy]\n", NULL, NULL,
          "%s/" PHY ":1: Key \"Backend\" outside of any section" },
        { PHY, "[Daemon]\nPollMode=fast\n", NULL, NULL, "%s/" PHY ":1: Unknown section [Daemon]" },
        { PHY, "[Match]\nBackend=ioctl\n", NULL, NULL,
          "%s/" PHY ":2: Unknown key \"Backend\" in section [Match]" },
        /* Values. */
        { PHY, "[Phy]\nBackend=ioctl\nAutoneg=no\nSpeed=1000\nDuplex=full\n", NULL, NULL,
          "%s/" PHY ":4: Invalid Speed=1000, expected 10 or 100" },
        { PHY, "[Phy]\nBackend=ioctl\nSpeed=fast\n", NULL, NULL,
          "%s/" PHY ":3: Invalid Speed=fast, expected 10 or 100" },
        { PHY, "[Phy]\nBackend=ioctl\nSpeed=0\n", NULL, NULL,
          "%s/" PHY ":3: Invalid Speed=0, expected 10 or 100" },
        { PHY, "[Phy]\nBackend=usb\n", NULL, NULL,
          "%s/" PHY ":2: Invalid Backend=usb, expected sim, ioctl, mdio-netlink or ethtool" },
        { PHY, "[Phy]\nBackend=ioctl\nAddress=32\n", NULL, NULL,
          "%s/" PHY ":3: Invalid Address=32, expected 0..31" },
        { PHY, "[Phy]\nBackend=ioctl\nAddress=-1\n", NULL, NULL,
          "%s/" PHY ":3: Invalid Address=-1, expected 0..31" },
        { PHY, "[Phy]\nBackend=sim\nModel=ax88772b\n", NULL, NULL,
          "%s/" PHY ":3: Invalid Model=ax88772b, expected ax88796b, ax88772a, ax88772c or "
          "generic" },
        { PHY, "[Phy]\nBackend=ioctl\nMode=auto\n", NULL, NULL,
          "%s/" PHY ":3: Invalid Mode=auto, expected managed or monitor" },
        { PHY, "[Phy]\nBackend=ioctl\nPollMode=slow\n", NULL, NULL,
          "%s/" PHY ":3: Invalid PollMode=slow, expected kernel, fast or carrier" },
        { PHY, "[Phy]\nBackend=ioctl\nPollIntervalSec=2h\n", NULL, NULL,
          "%s/" PHY ":3: Invalid PollIntervalSec=2h, expected a time span from 1ms to 1h" },
        { PHY, "[Phy]\nBackend=ioctl\nMacProfile=ax88179\n", NULL, NULL,
          "%s/" PHY ":3: Invalid MacProfile=ax88179, expected ax88772, xsurf or none" },
        { PHY, "[Phy]\nBackend=ioctl\nDuplex=quarter\n", NULL, NULL,
          "%s/" PHY ":3: Invalid Duplex=quarter, expected half or full" },
        { PHY, "[Phy]\nBackend=ioctl\nAutoneg=perhaps\n", NULL, NULL,
          "%s/" PHY ":3: Invalid Autoneg=perhaps, expected a boolean" },
        { PHY, "[Phy]\nBackend=ioctl\nRxPause=2\n", NULL, NULL,
          "%s/" PHY ":3: Invalid RxPause=2, expected a boolean" },
        { PHY, "[Phy]\nBackend=ioctl\nTxPause=x\n", NULL, NULL,
          "%s/" PHY ":3: Invalid TxPause=x, expected a boolean" },
        { PHY, "[Phy]\nBackend=ioctl\nAllowRawWrites=sure\n", NULL, NULL,
          "%s/" PHY ":3: Invalid AllowRawWrites=sure, expected a boolean" },
        { PHY, "[Phy]\nBackend=ioctl\nAdvertise=100baseT/Full 100baseT/full\n", NULL, NULL,
          "%s/" PHY ":3: Invalid Advertise= entry \"100baseT/full\", expected an ethtool link "
          "mode such as 100baseT/Full" },
        { PHY, "[Match]\nMACAddress=aa:bb:cc:dd:ee\n[Phy]\nBackend=ioctl\n", NULL, NULL,
          "%s/" PHY ":2: Invalid MACAddress= entry \"aa:bb:cc:dd:ee\", expected "
          "aa:bb:cc:dd:ee:ff" },
        { PHY, "[Match]\nMACAddress=00:11:22:33:44:55 aa-bb-cc-dd-ee-ff\n", NULL, NULL,
          "%s/" PHY ":2: Invalid MACAddress= entry \"aa-bb-cc-dd-ee-ff\", expected "
          "aa:bb:cc:dd:ee:ff" },
        { PHY, "[Match]\nMACAddress=aa:bb:cc:dd:ee:fg\n", NULL, NULL,
          "%s/" PHY ":2: Invalid MACAddress= entry \"aa:bb:cc:dd:ee:fg\", expected "
          "aa:bb:cc:dd:ee:ff" },
        { PHY, "[Match]\nMACAddress=a:b:c:d:e:f\n", NULL, NULL,
          "%s/" PHY ":2: Invalid MACAddress= entry \"a:b:c:d:e:f\", expected "
          "aa:bb:cc:dd:ee:ff" },
        { PHY, "[Match]\nInterface=!\n", NULL, NULL,
          "%s/" PHY ":2: Invalid Interface= entry \"!\", expected a glob after \"!\"" },
        /* The checks across settings. */
        { PHY, "[Match]\nInterface=eth0\n", NULL, NULL, "%s/" PHY ": Backend= is missing" },
        { PHY, "", NULL, NULL, "%s/" PHY ": Backend= is missing" },
        { PHY, "[Phy]\nBackend=ioctl\nBackend=\n", NULL, NULL, "%s/" PHY ": Backend= is missing" },
        { PHY, "[Phy]\nAddress=1\n\nBackend=sim\n", NULL, NULL,
          "%s/" PHY ":4: Backend=sim requires Model=" },
        { PHY, "[Phy]\nBackend=sim\nModel=generic\nModel=\n", NULL, NULL,
          "%s/" PHY ":2: Backend=sim requires Model=" },
        { PHY, "[Phy]\nBackend=ioctl\nModel=generic\n", NULL, NULL,
          "%s/" PHY ":3: Model= requires Backend=sim" },
        { PHY, "[Phy]\nBackend=sim\nModel=generic\nMode=monitor\n", NULL, NULL,
          "%s/" PHY ":4: Mode=monitor contradicts Backend=sim, a sim PHY is always managed" },
        { PHY, "[Match]\nInterface=eth0\n[Phy]\nBackend=sim\nModel=generic\n", NULL, NULL,
          "%s/" PHY ":2: Interface= contradicts Backend=sim, a sim PHY matches no interface" },
        { PHY, "[Match]\nDriver=asix\n[Phy]\nBackend=sim\nModel=generic\n", NULL, NULL,
          "%s/" PHY ":2: Driver= contradicts Backend=sim, a sim PHY matches no interface" },
        { PHY, "[Phy]\nBackend=sim\nModel=generic\n[Match]\nPath=pci-*\n", NULL, NULL,
          "%s/" PHY ":5: Path= contradicts Backend=sim, a sim PHY matches no interface" },
        { PHY, "[Match]\nMACAddress=00:11:22:33:44:55\n[Phy]\nBackend=sim\nModel=generic\n",
          NULL, NULL,
          "%s/" PHY ":2: MACAddress= contradicts Backend=sim, a sim PHY matches no interface" },
        { PHY, "[Phy]\nBackend=ioctl\nAutoneg=no\nSpeed=10\n", NULL, NULL,
          "%s/" PHY ":3: Autoneg=no requires Speed= and Duplex=" },
        { PHY, "[Phy]\nBackend=ioctl\nAutoneg=no\nDuplex=full\n", NULL, NULL,
          "%s/" PHY ":3: Autoneg=no requires Speed= and Duplex=" },
        { PHY, "[Phy]\nBackend=ioctl\nAutoneg=0\n", NULL, NULL,
          "%s/" PHY ":3: Autoneg=no requires Speed= and Duplex=" },
        { PHY, "[Phy]\nBackend=ioctl\nAutoneg=no\nSpeed=10\nDuplex=full\nAdvertise=Pause\n", NULL,
          NULL, "%s/" PHY ":6: Advertise= contradicts Autoneg=no" },
        { PHY, "[Phy]\nBackend=ioctl\nSpeed=100\n", NULL, NULL,
          "%s/" PHY ":3: Speed= requires Autoneg=no" },
        { PHY, "[Phy]\nBackend=ioctl\nAutoneg=yes\nSpeed=100\nDuplex=full\n", NULL, NULL,
          "%s/" PHY ":4: Speed= requires Autoneg=no" },
        { PHY, "[Phy]\nBackend=ioctl\nAutoneg=yes\nDuplex=full\n", NULL, NULL,
          "%s/" PHY ":4: Duplex= requires Autoneg=no" },
        /* Errors in and through drop-ins name the drop-in and its line. */
        { PHY, "[Phy]\nBackend=ioctl\n", DROPIN, "[Phy]\n\nAutoneg=no\n",
          "%s/" DROPIN ":3: Autoneg=no requires Speed= and Duplex=" },
        { PHY, "[Phy]\nBackend=ioctl\nAdvertise=Pause\n", DROPIN,
          "[Phy]\nAutoneg=no\nSpeed=10\nDuplex=half\n",
          "%s/" PHY ":3: Advertise= contradicts Autoneg=no" },
        { PHY, "[Phy]\nBackend=sim\nModel=generic\n", DROPIN, "[Phy]\nModel=\n",
          "%s/" PHY ":2: Backend=sim requires Model=" },
        { PHY, "[Phy]\nBackend=ioctl\n", DROPIN, "[Phy]\nBackend=\n",
          "%s/" PHY ": Backend= is missing" },
        { PHY, "[Phy]\nBackend=ioctl\n", DROPIN, "[Phy]\nSpeed=11\n",
          "%s/" DROPIN ":2: Invalid Speed=11, expected 10 or 100" },
};

static void test_phy_errors(void **state)
{
        run_error_cases(*state, phy_error_cases, ELEMENTSOF(phy_error_cases));
}

static void test_lexical_order(void **state)
{
        const char *dir = *state;
        _cleanup_(phyd_config_freep) PhydConfig *c = NULL;
        _cleanup_free_ char *masked = path_join(dir, "phy.d/50-masked.phy");
        _cleanup_free_ char *dangling = path_join(dir, "phy.d/51-dangling.phy");
        static const char *const expected[] = { "10-a.phy", "20-b.phy", "3-c.phy", "a.phy" };
        ConfigError err = {};

        /* Written out of order; strcmp() order, not version order: "3-c" after "20-b". */
        write_file(dir, "phy.d/3-c.phy", "[Phy]\nBackend=ioctl\n");
        write_file(dir, "phy.d/20-b.phy", "[Phy]\nBackend=ethtool\n");
        write_file(dir, "phy.d/a.phy", "[Phy]\nBackend=sim\nModel=generic\n");
        write_file(dir, "phy.d/10-a.phy", "[Phy]\nBackend=mdio-netlink\n");
        /* None of these is a PHY file; none is even read. */
        write_file(dir, "phy.d/README", "garbage\n");
        write_file(dir, "phy.d/.hidden.phy", "garbage\n");
        write_file(dir, "phy.d/.phy", "garbage\n");
        write_file(dir, "phy.d/old.phy~", "garbage\n");
        write_file(dir, "phy.d/x.phy.bak", "garbage\n");
        write_file(dir, "phy.d/x.conf", "garbage\n");
        write_file(dir, "phy.d/dir.phy/y.phy", "garbage\n");
        make_dir(dir, "phy.d/10-a.phy.d");
        assert_int_equal(symlink("/dev/null", masked), 0);
        assert_int_equal(symlink("nowhere", dangling), 0);

        assert_int_equal(phyd_config_load(dir, &c, &err), 0);
        assert_int_equal(c->n_phys, ELEMENTSOF(expected));
        for (size_t i = 0; i < ELEMENTSOF(expected); i++) {
                _cleanup_free_ char *name = path_join("phy.d", expected[i]);
                _cleanup_free_ char *path = path_join(dir, name);

                assert_string_equal(c->phys[i].filename, expected[i]);
                assert_string_equal(c->phys[i].path, path);
                assert_ptr_equal(phyd_config_get_phy(c, expected[i]), &c->phys[i]);
        }
        assert_int_equal(c->phys[0].backend, PHY_BACKEND_MDIO_NETLINK);
        assert_int_equal(c->phys[1].backend, PHY_BACKEND_ETHTOOL);
        assert_int_equal(c->phys[2].backend, PHY_BACKEND_IOCTL);
        assert_int_equal(c->phys[3].backend, PHY_BACKEND_SIM);
        assert_null(phyd_config_get_phy(c, "README"));
        assert_null(phyd_config_get_phy(c, "10-a"));
        assert_null(phyd_config_get_phy(c, NULL));
        assert_null(phyd_config_get_phy(NULL, "10-a.phy"));
}

static void test_all_or_nothing(void **state)
{
        const char *dir = *state;
        PhydConfig old = {}, *c = &old;
        char expected[CONFIG_ERROR_MAX];
        ConfigError err = {};

        /* A good first file and a bad second: an error, and no configuration. */
        write_file(dir, "phyd.conf", "[Daemon]\nPollMode=fast\n");
        write_file(dir, "phy.d/10-good.phy", "[Phy]\nBackend=ioctl\n");
        write_file(dir, "phy.d/20-bad.phy", "[Phy]\nBackend=ioctl\nAutoneg=no\n");
        write_file(dir, "phy.d/30-good.phy", "[Phy]\nBackend=sim\nModel=generic\n");
        expected_message(expected, sizeof(expected),
                         "%s/phy.d/20-bad.phy:3: Autoneg=no requires Speed= and Duplex=", dir);
        assert_int_equal(phyd_config_load(dir, &c, &err), -EINVAL);
        assert_ptr_equal(c, &old);
        assert_string_equal(err.message, expected);

        /* A bad phyd.conf with good PHY files: the same. */
        write_file(dir, "phy.d/20-bad.phy", "[Phy]\nBackend=ioctl\n");
        write_file(dir, "phyd.conf", "[Daemon]\nPollMode=fast\nPollIntervalSec=0\n");
        expected_message(expected, sizeof(expected),
                         "%s/phyd.conf:3: Invalid PollIntervalSec=0, expected a time span from "
                         "1ms to 1h",
                         dir);
        assert_int_equal(phyd_config_load(dir, &c, &err), -EINVAL);
        assert_ptr_equal(c, &old);
        assert_string_equal(err.message, expected);

        /* Fixed, it loads whole. */
        write_file(dir, "phyd.conf", "[Daemon]\nPollMode=fast\nPollIntervalSec=10ms\n");
        assert_int_equal(phyd_config_load(dir, &c, &err), 0);
        assert_ptr_not_equal(c, &old);
        assert_int_equal(c->n_phys, 3);
        assert_int_equal(c->daemon.poll_mode, POLL_MODE_FAST);
        phyd_config_free(c);
}

static void test_io_errors(void **state)
{
        const char *dir = *state;
        PhydConfig old = {}, *c = &old;
        char expected[CONFIG_ERROR_MAX];
        ConfigError err = {};

        /* phy.d that is not a directory. */
        write_file(dir, "phy.d", "not a directory\n");
        expected_message(expected, sizeof(expected),
                         "%s/phy.d: Failed to read directory: Not a directory", dir);
        assert_int_equal(phyd_config_load(dir, &c, &err), -ENOTDIR);
        assert_ptr_equal(c, &old);
        assert_string_equal(err.message, expected);
        {
                _cleanup_free_ char *phy_dir = path_join(dir, "phy.d");

                assert_int_equal(unlink(phy_dir), 0);
        }

        /* phyd.conf that cannot be read. */
        make_dir(dir, "phyd.conf");
        expected_message(expected, sizeof(expected), "%s/phyd.conf: Failed to read: Is a directory",
                         dir);
        assert_int_equal(phyd_config_load(dir, &c, &err), -EISDIR);
        assert_ptr_equal(c, &old);
        assert_string_equal(err.message, expected);

        /* The configuration directory that is a file: phyd.conf cannot be opened. */
        {
                _cleanup_free_ char *file = path_join(dir, "file");

                write_file(dir, "file", "x\n");
                expected_message(expected, sizeof(expected),
                                 "%s/file/phyd.conf: Failed to read: Not a directory", dir);
                assert_int_equal(phyd_config_load(file, &c, &err), -ENOTDIR);
                assert_ptr_equal(c, &old);
                assert_string_equal(err.message, expected);
        }

        /* Without a ConfigError. */
        assert_int_equal(phyd_config_load(dir, &c, NULL), -EISDIR);
        assert_ptr_equal(c, &old);
}

/*
 * Matching.
 */

typedef struct MatchCase {
        char **interface, **path, **driver, **mac;
        PhyBackend backend;
        const char *ifname, *id_path, *drv, *hwaddr;
        bool expected;
} MatchCase;

#define ANY NULL, NULL, NULL, NULL

static const MatchCase match_cases[] = {
        /* Empty lists match anything, NULLs included. */
        { ANY, PHY_BACKEND_IOCTL, "eth0", "pci-0000:00:1f.6", "e1000e", "00:11:22:33:44:55", true },
        { ANY, PHY_BACKEND_IOCTL, NULL, NULL, NULL, NULL, true },
        { ANY, PHY_BACKEND_ETHTOOL, "wlan0", NULL, NULL, NULL, true },
        /* A sim PHY matches no interface. */
        { ANY, PHY_BACKEND_SIM, "eth0", NULL, NULL, NULL, false },
        { STRV("eth0"), NULL, NULL, NULL, PHY_BACKEND_SIM, "eth0", NULL, NULL, NULL, false },
        /* Interface=. */
        { STRV("eth*"), NULL, NULL, NULL, PHY_BACKEND_IOCTL, "eth0", NULL, NULL, NULL, true },
        { STRV("eth*"), NULL, NULL, NULL, PHY_BACKEND_IOCTL, "wlan0", NULL, NULL, NULL, false },
        { STRV("eth*"), NULL, NULL, NULL, PHY_BACKEND_IOCTL, NULL, NULL, NULL, NULL, false },
        { STRV("!eth1"), NULL, NULL, NULL, PHY_BACKEND_IOCTL, "eth0", NULL, NULL, NULL, true },
        { STRV("!eth1"), NULL, NULL, NULL, PHY_BACKEND_IOCTL, "eth1", NULL, NULL, NULL, false },
        { STRV("eth*", "!eth1"), NULL, NULL, NULL, PHY_BACKEND_IOCTL, "eth0", NULL, NULL, NULL,
          true },
        { STRV("eth*", "!eth1"), NULL, NULL, NULL, PHY_BACKEND_IOCTL, "eth1", NULL, NULL, NULL,
          false },
        { STRV("eth*", "!eth1"), NULL, NULL, NULL, PHY_BACKEND_IOCTL, "enp3s0", NULL, NULL,
          NULL, false },
        { STRV("!eth1", "!eth2"), NULL, NULL, NULL, PHY_BACKEND_IOCTL, "eth3", NULL, NULL, NULL,
          true },
        { STRV("en*", "wl*"), NULL, NULL, NULL, PHY_BACKEND_IOCTL, "wlp2s0", NULL, NULL, NULL,
          true },
        { STRV("enx????????????"), NULL, NULL, NULL, PHY_BACKEND_IOCTL, "enx001122334455",
          NULL, NULL, NULL, true },
        /* Path=. */
        { NULL, STRV("pci-0000:00:1f.6"), NULL, NULL, PHY_BACKEND_IOCTL, "eth0",
          "pci-0000:00:1f.6", NULL, NULL, true },
        { NULL, STRV("*-usb-*"), NULL, NULL, PHY_BACKEND_IOCTL, "eth0", "pci-0000:00:1f.6",
          NULL, NULL, false },
        { NULL, STRV("*-usb-*"), NULL, NULL, PHY_BACKEND_IOCTL, "eth0",
          "pci-0000:00:14.0-usb-0:2:1.0", NULL, NULL, true },
        { NULL, STRV("*-usb-*"), NULL, NULL, PHY_BACKEND_IOCTL, "eth0", NULL, NULL, NULL, false },
        { NULL, STRV("!*-usb-*"), NULL, NULL, PHY_BACKEND_IOCTL, "eth0", NULL, NULL, NULL, true },
        /* Driver=. */
        { NULL, NULL, STRV("asix", "r8152"), NULL, PHY_BACKEND_IOCTL, "eth0", NULL, "r8152",
          NULL, true },
        { NULL, NULL, STRV("asix", "r8152"), NULL, PHY_BACKEND_IOCTL, "eth0", NULL, "e1000e",
          NULL, false },
        { NULL, NULL, STRV("!e1000*"), NULL, PHY_BACKEND_IOCTL, "eth0", NULL, "e1000e", NULL,
          false },
        { NULL, NULL, STRV("!e1000*"), NULL, PHY_BACKEND_IOCTL, "eth0", NULL, "asix", NULL,
          true },
        /* MACAddress=: either case, only the full form. */
        { NULL, NULL, NULL, STRV("aa:bb:cc:dd:ee:ff"), PHY_BACKEND_IOCTL, "eth0", NULL, NULL,
          "aa:bb:cc:dd:ee:ff", true },
        { NULL, NULL, NULL, STRV("aa:bb:cc:dd:ee:ff"), PHY_BACKEND_IOCTL, "eth0", NULL, NULL,
          "AA:BB:CC:DD:EE:FF", true },
        { NULL, NULL, NULL, STRV("00:11:22:33:44:55", "aa:bb:cc:dd:ee:ff"), PHY_BACKEND_IOCTL,
          "eth0", NULL, NULL, "aa:bb:cc:dd:ee:ff", true },
        { NULL, NULL, NULL, STRV("aa:bb:cc:dd:ee:ff"), PHY_BACKEND_IOCTL, "eth0", NULL, NULL,
          "aa:bb:cc:dd:ee:fe", false },
        { NULL, NULL, NULL, STRV("aa:bb:cc:dd:ee:ff"), PHY_BACKEND_IOCTL, "eth0", NULL, NULL,
          NULL, false },
        { NULL, NULL, NULL, STRV("aa:bb:cc:dd:ee:ff"), PHY_BACKEND_IOCTL, "eth0", NULL, NULL,
          "aabbccddeeff", false },
        /* All lists must agree. */
        { STRV("eth*"), NULL, STRV("asix"), NULL, PHY_BACKEND_IOCTL, "eth0", NULL, "asix", NULL,
          true },
        { STRV("eth*"), NULL, STRV("asix"), NULL, PHY_BACKEND_IOCTL, "eth0", NULL, "r8152",
          NULL, false },
        { STRV("eth*"), NULL, STRV("asix"), NULL, PHY_BACKEND_IOCTL, "wlan0", NULL, "asix",
          NULL, false },
        { STRV("eth*"), STRV("pci-*"), STRV("asix"), STRV("00:11:22:33:44:55"),
          PHY_BACKEND_MDIO_NETLINK, "eth2", "pci-0000:00:14.0-usb-0:2:1.0", "asix",
          "00:11:22:33:44:55", true },
        { STRV("eth*"), STRV("pci-*"), STRV("asix"), STRV("00:11:22:33:44:55"),
          PHY_BACKEND_MDIO_NETLINK, "eth2", "platform-x", "asix", "00:11:22:33:44:55", false },
};

static void test_matching(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(match_cases); i++) {
                const MatchCase *mc = &match_cases[i];
                PhyConfig c;

                phy_config_init(&c);
                c.backend = mc->backend;
                c.match_interface = mc->interface;
                c.match_path = mc->path;
                c.match_driver = mc->driver;
                c.match_mac = mc->mac;
                if (phy_config_matches(&c, mc->ifname, mc->id_path, mc->drv, mc->hwaddr) !=
                    mc->expected)
                        fail_msg("case %zu: expected %s", i,
                                 mc->expected ? "a match" : "no match");
        }
        assert_false(phy_config_matches(NULL, "eth0", NULL, NULL, NULL));
}

static void test_find_phy(void **state)
{
        const char *dir = *state;
        _cleanup_(phyd_config_freep) PhydConfig *c = NULL;
        ConfigError err = {};

        write_file(dir, "phy.d/10-usb.phy", "[Match]\nDriver=asix\n[Phy]\nBackend=ioctl\n");
        write_file(dir, "phy.d/20-eth.phy", "[Match]\nInterface=eth*\n[Phy]\nBackend=ethtool\n");
        write_file(dir, "phy.d/30-any.phy", "[Phy]\nBackend=ethtool\nMode=monitor\n");
        write_file(dir, "phy.d/00-sim.phy", "[Phy]\nBackend=sim\nModel=ax88772a\n");
        assert_int_equal(phyd_config_load(dir, &c, &err), 0);
        assert_int_equal(c->n_phys, 4);

        /* The first match in file name order; the sim file never matches. */
        assert_string_equal(phyd_config_find_phy(c, "eth0", NULL, "asix", NULL)->filename,
                            "10-usb.phy");
        assert_string_equal(phyd_config_find_phy(c, "eth0", NULL, "e1000e", NULL)->filename,
                            "20-eth.phy");
        assert_string_equal(phyd_config_find_phy(c, "enp0s3", NULL, "e1000e", NULL)->filename,
                            "30-any.phy");
        assert_string_equal(phyd_config_find_phy(c, NULL, NULL, NULL, NULL)->filename,
                            "30-any.phy");
        assert_null(phyd_config_find_phy(NULL, "eth0", NULL, NULL, NULL));
}

static void test_watch_interfaces(void **state)
{
        DaemonConfig d;

        daemon_config_init(&d);
        assert_true(daemon_config_watches(&d, "eth0"));
        assert_true(daemon_config_watches(&d, "anything"));

        d.watch_interfaces = STRV("eth*", "en*", "!eth9");
        assert_true(daemon_config_watches(&d, "eth0"));
        assert_true(daemon_config_watches(&d, "enp3s0"));
        assert_false(daemon_config_watches(&d, "eth9"));
        assert_false(daemon_config_watches(&d, "wlan0"));

        d.watch_interfaces = STRV("!veth*");
        assert_true(daemon_config_watches(&d, "eth0"));
        assert_false(daemon_config_watches(&d, "veth1a2b"));
}

/*
 * Equality, as Reload uses it.
 */

typedef struct EqualCase {
        const char *a, *b;
        const char *b_dropin; /* phy.d/10-eth.phy.d/50-x.conf beside b, or NULL */
        bool expected;
} EqualCase;

#define BASE "[Match]\nInterface=eth*\n[Phy]\nBackend=ioctl\n"

static const EqualCase equal_cases[] = {
        { BASE, BASE, NULL, true },
        /* Comments, blank lines, whitespace and the order of sections do not count. */
        { BASE, "# changed nothing\n[Phy]\n  Backend = ioctl\n\n[Match]\nInterface=eth*\n", NULL,
          true },
        /* Set in a drop-in or in the file: the same. */
        { BASE "Autoneg=yes\n", BASE, "[Phy]\nAutoneg=yes\n", true },
        /* Set then reset: the same as never set. */
        { BASE, BASE "Address=3\nAddress=\n", NULL, true },
        { BASE "Address=0x1f\n", BASE "Address=31\n", NULL, true },
        { BASE "PollIntervalSec=1s\n", BASE "PollIntervalSec=1000ms\n", NULL, true },
        { BASE "Advertise=Pause 10baseT/Half\n", BASE "Advertise=10baseT/Half\nAdvertise=Pause\n",
          NULL, true },
        /* Any setting that differs. */
        { BASE, "[Match]\nInterface=eth0\n[Phy]\nBackend=ioctl\n", NULL, false },
        { BASE, "[Match]\nInterface=eth* !eth1\n[Phy]\nBackend=ioctl\n", NULL, false },
        { BASE, BASE "[Match]\nPath=pci-*\n", NULL, false },
        { BASE, BASE "[Match]\nDriver=asix\n", NULL, false },
        { BASE, BASE "[Match]\nMACAddress=00:11:22:33:44:55\n", NULL, false },
        { BASE, "[Match]\nInterface=eth*\n[Phy]\nBackend=ethtool\n", NULL, false },
        { BASE, BASE "Address=16\n", NULL, false },
        { BASE "Address=1\n", BASE "Address=2\n", NULL, false },
        { BASE, BASE "Mode=monitor\n", NULL, false },
        { BASE "Mode=managed\n", BASE "Mode=monitor\n", NULL, false },
        { BASE, BASE "PollMode=kernel\n", NULL, false },
        { BASE "PollMode=fast\n", BASE "PollMode=carrier\n", NULL, false },
        { BASE, BASE "PollIntervalSec=1s\n", NULL, false },
        { BASE "PollIntervalSec=1s\n", BASE "PollIntervalSec=2s\n", NULL, false },
        { BASE, BASE "MacProfile=none\n", NULL, false },
        { BASE, BASE "Autoneg=yes\n", NULL, false },
        { BASE "Autoneg=yes\n", BASE "Autoneg=no\nSpeed=100\nDuplex=full\n", NULL, false },
        { BASE "Autoneg=no\nSpeed=10\nDuplex=full\n", BASE "Autoneg=no\nSpeed=100\nDuplex=full\n",
          NULL, false },
        { BASE "Autoneg=no\nSpeed=10\nDuplex=full\n", BASE "Autoneg=no\nSpeed=10\nDuplex=half\n",
          NULL, false },
        /* Advertise= of nothing known to differ from Advertise= unset. */
        { BASE, BASE "Advertise=Pause\n", NULL, false },
        { BASE "Advertise=Pause\n", BASE "Advertise=Asym_Pause\n", NULL, false },
        { BASE, BASE "RxPause=no\n", NULL, false },
        { BASE "RxPause=no\n", BASE "RxPause=yes\n", NULL, false },
        { BASE, BASE "TxPause=no\n", NULL, false },
        { BASE, BASE "AllowRawWrites=no\n", NULL, false },
        { BASE, BASE, "[Phy]\nAllowRawWrites=yes\n", false },
        /* Lists are compared in order: a reordering counts as a change. */
        { "[Match]\nInterface=a b\n[Phy]\nBackend=ioctl\n",
          "[Match]\nInterface=b a\n[Phy]\nBackend=ioctl\n", NULL, false },
};

static PhydConfig *load_one(const char *dir, const char *name, const char *content,
                            const char *dropin)
{
        _cleanup_free_ char *sub = path_join(dir, name);
        PhydConfig *c = NULL;
        ConfigError err = {};

        assert_int_equal(mkdir(sub, 0755), 0);
        write_file(sub, "phy.d/10-eth.phy", content);
        if (dropin)
                write_file(sub, "phy.d/10-eth.phy.d/50-x.conf", dropin);
        if (phyd_config_load(sub, &c, &err) < 0)
                fail_msg("%s", err.message);
        assert_int_equal(c->n_phys, 1);
        assert_int_equal(rm_rf_at(AT_FDCWD, sub), 0);
        return c;
}

static void test_equal(void **state)
{
        const char *dir = *state;

        for (size_t i = 0; i < ELEMENTSOF(equal_cases); i++) {
                const EqualCase *ec = &equal_cases[i];
                _cleanup_(phyd_config_freep) PhydConfig *a = NULL, *b = NULL;

                a = load_one(dir, "a", ec->a, NULL);
                b = load_one(dir, "b", ec->b, ec->b_dropin);
                if (phyd_config_phy_equal(&a->phys[0], &b->phys[0]) != ec->expected)
                        fail_msg("case %zu: expected %s", i, ec->expected ? "equal" : "different");
                /* Symmetric, and reflexive. */
                assert_int_equal(phyd_config_phy_equal(&b->phys[0], &a->phys[0]), ec->expected);
                assert_true(phyd_config_phy_equal(&a->phys[0], &a->phys[0]));
        }

        assert_true(phyd_config_phy_equal(NULL, NULL));
        {
                PhyConfig c;

                phy_config_init(&c);
                assert_false(phyd_config_phy_equal(&c, NULL));
                assert_false(phyd_config_phy_equal(NULL, &c));
        }
}

static void test_equal_ignores_names(void **state)
{
        const char *dir = *state;
        _cleanup_(phyd_config_freep) PhydConfig *c = NULL;
        ConfigError err = {};

        write_file(dir, "phy.d/10-a.phy", BASE);
        write_file(dir, "phy.d/20-b.phy", BASE);
        assert_int_equal(phyd_config_load(dir, &c, &err), 0);
        assert_int_equal(c->n_phys, 2);
        assert_true(phyd_config_phy_equal(&c->phys[0], &c->phys[1]));
}

static void test_daemon_equal(void **state)
{
        DaemonConfig a, b;

        daemon_config_init(&a);
        daemon_config_init(&b);
        assert_true(daemon_config_equal(&a, &b));
        b.poll_mode = POLL_MODE_FAST;
        assert_false(daemon_config_equal(&a, &b));
        daemon_config_init(&b);
        b.poll_interval_usec = 2 * USEC_PER_SEC;
        assert_false(daemon_config_equal(&a, &b));
        daemon_config_init(&b);
        b.watch_interfaces = STRV("eth*");
        assert_false(daemon_config_equal(&a, &b));
        a.watch_interfaces = STRV("eth*");
        assert_true(daemon_config_equal(&a, &b));
}

static void test_phy_config_init_done(void **state)
{
        char dump[256];
        PhyConfig c;

        /* Everything unset; phy_dump() checks the unset values. */
        phy_config_init(&c);
        c.backend = PHY_BACKEND_IOCTL;
        assert_string_equal(phy_dump(&c, dump, sizeof(dump)), "Backend=ioctl");

        c.filename = strdup("x.phy");
        c.path = strdup("/x/x.phy");
        assert_int_equal(strv_extend_words(&c.match_interface, "a b"), 0);
        assert_int_equal(strv_extend_words(&c.match_mac, "00:11:22:33:44:55"), 0);
        phy_config_done(&c);
        assert_null(c.filename);
        assert_null(c.path);
        assert_null(c.match_interface);
        assert_null(c.match_mac);
        assert_int_equal(c.backend, _PHY_BACKEND_INVALID);
        /* Done twice is harmless. */
        phy_config_done(&c);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_string_tables),
                cmocka_unit_test(test_matching),
                cmocka_unit_test(test_watch_interfaces),
                cmocka_unit_test(test_daemon_equal),
                cmocka_unit_test(test_phy_config_init_done),
                cmocka_unit_test_setup_teardown(test_defaults, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_daemon_cases, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_daemon_errors, setup_tmpdir,
                                                teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_phy_cases, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_phy_errors, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_lexical_order, setup_tmpdir,
                                                teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_all_or_nothing, setup_tmpdir,
                                                teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_io_errors, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_find_phy, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_equal, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_equal_ignores_names, setup_tmpdir,
                                                teardown_tmpdir),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
