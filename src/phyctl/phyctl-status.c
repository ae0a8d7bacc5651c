/* SPDX-License-Identifier: GPL-2.0-or-later */

/* phyctl status: a block of "Key: value" lines per PHY, as networkctl status prints. */

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "phyctl-color.h"
#include "phyctl-format.h"
#include "phyctl-log.h"
#include "phyctl-registers.h"
#include "phyd/strv.h"
#include "phyctl.h"

/* Keys are right-aligned to the longest, "Link down events". */
#define STATUS_KEY_WIDTH 16

static uint64_t now_usec(clockid_t clock)
{
        struct timespec ts;

        if (clock_gettime(clock, &ts) < 0)
                return 0;
        return (uint64_t) ts.tv_sec * USEC_PER_SEC + (uint64_t) ts.tv_nsec / 1000;
}

static void print_field(const char *key, const char *value, const char *color)
{
        printf("%*s: %s%s%s\n", STATUS_KEY_WIDTH, key, ansi(color), value, ansi_normal(color));
}

static const char *autoneg_string(const PhyInfo *info)
{
        if (!info->autoneg)
                return "off";
        return info->autoneg_complete ? "on (complete)" : "on (in progress)";
}

static int print_modes(const char *key, char *const *modes)
{
        _cleanup_free_ char *joined = strv_join(modes, " ");

        if (!joined)
                return -ENOMEM;
        print_field(key, *joined ? joined : "none", NULL);
        return 0;
}

static int print_status(const PhyInfo *info)
{
        char buf[128], idbuf[64];
        const char *color = info->link ? link_color(true) : state_color(info->state);
        int r;

        printf("%s●%s %s\n", ansi(color), ansi_normal(color), phy_info_name(info));

        if (info->interface && *info->interface) {
                snprintf(buf, sizeof(buf), "%s (ifindex %" PRIi32 ")", info->interface,
                         info->ifindex);
                print_field("Interface", buf, NULL);
        } else
                print_field("Interface", "n/a", NULL);
        print_field("Backend", info->backend ?: "n/a", NULL);
        print_field("Driver", info->driver && *info->driver ? info->driver : "n/a", NULL);
        print_field("PHY ID",
                    info->phy_id ? phy_id_format(info->phy_id, idbuf, sizeof(idbuf)) : "n/a",
                    NULL);
        print_field("Mode", info->mode ?: "n/a", NULL);
        print_field("MAC profile", info->mac_profile ?: "n/a", NULL);
        print_field("State", info->state ?: "n/a", state_color(info->state));
        print_field("Link", info->link ? "up" : "down", link_color(info->link));
        print_field("Speed", format_speed(info->speed, buf, sizeof(buf)), NULL);
        print_field("Duplex", info->duplex ?: "unknown", NULL);
        print_field("Autoneg", autoneg_string(info), NULL);

        r = print_modes("Supported", info->supported);
        if (r >= 0)
                r = print_modes("Advertising", info->advertising);
        if (r >= 0)
                r = print_modes("Link partner", info->lp_advertising);
        if (r < 0)
                return r;

        print_field("Flow control", format_flow_control(info->rx_pause, info->tx_pause), NULL);
        snprintf(buf, sizeof(buf), "%" PRIu64, info->link_down_events);
        print_field("Link down events", buf, NULL);

        /* The daemon's monotonic clock is ours only on this machine; over -H, compare wall
         * clocks instead. */
        if (bus_is_local())
                format_relative(info->last_change_monotonic_usec, now_usec(CLOCK_MONOTONIC), buf,
                                sizeof(buf));
        else
                format_relative(info->last_change_usec, now_usec(CLOCK_REALTIME), buf,
                                sizeof(buf));
        print_field("Last change", buf, NULL);

        print_field("Poll", format_poll(info->poll_mode, info->poll_interval_usec, buf,
                                        sizeof(buf)),
                    NULL);
        snprintf(buf, sizeof(buf), "%" PRIu64, info->errors);
        print_field("Errors", buf, info->errors ? ANSI_YELLOW : NULL);
        if (info->status_text && *info->status_text)
                print_field("Status", info->status_text, ANSI_YELLOW);
        snprintf(buf, sizeof(buf), "%" PRIu64, info->sequence);
        print_field("Sequence", buf, NULL);
        return 0;
}

static int show(const PhyInfo *info, json_object *array, bool first)
{
        int r;

        if (arg_json != JSON_FORMAT_OFF)
                r = json_array_add(array, phy_info_to_json(info));
        else {
                if (!first)
                        putchar('\n');
                r = print_status(info);
        }
        if (r < 0)
                return log_error_errno(r, "out of memory");
        return 0;
}

int verb_status(int argc, char *argv[], void *userdata)
{
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(json_object_putp) json_object *array = NULL;
        bool first = true;
        int r, ret = 0;

        r = phyctl_connect(&bus);
        if (r < 0)
                return r;
        array = json_object_new_array();
        if (!array)
                return log_error_errno(-ENOMEM, "out of memory");

        if (argc <= 1) {
                _cleanup_(phy_list_done) PhyList list = {};

                r = phy_list(bus, &list);
                if (r < 0)
                        return r;
                for (size_t i = 0; i < list.n; i++) {
                        _cleanup_(phy_info_done) PhyInfo info = {};

                        r = phy_info_get(bus, list.entries[i].path, list.entries[i].id, &info);
                        if (r < 0)
                                return r;
                        r = show(&info, array, first);
                        if (r < 0)
                                return r;
                        first = false;
                }
        } else
                /* Every PHY named is shown that can be; the first failure is the result. */
                for (int i = 1; i < argc; i++) {
                        _cleanup_(phy_info_done) PhyInfo info = {};

                        r = phy_find(bus, argv[i], NULL, &info);
                        if (r >= 0)
                                r = show(&info, array, first);
                        if (r < 0) {
                                if (ret == 0)
                                        ret = r;
                                continue;
                        }
                        first = false;
                }

        if (arg_json != JSON_FORMAT_OFF) {
                r = json_print(array, arg_json, stdout);
                if (r < 0)
                        return log_error_errno(r, "cannot print: %m");
        }
        return ret;
}
