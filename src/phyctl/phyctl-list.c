/* SPDX-License-Identifier: GPL-2.0-or-later */

/* phyctl list: a table of every PHY, as networkctl list prints links. */

#include <inttypes.h>
#include <stdio.h>

#include "phyctl-color.h"
#include "phyctl-format.h"
#include "phyctl-log.h"
#include "phyctl-table.h"
#include "phyctl.h"

static const char *or_na(const char *s)
{
        return s && *s ? s : "n/a";
}

static int add_row(Table *t, const PhyInfo *info)
{
        char idx[24] = "-", speed[24];
        uint64_t n;
        int r = 0;

        if (phy_path_index(info->path, &n) >= 0)
                snprintf(idx, sizeof(idx), "%" PRIu64, n);
        format_speed(info->speed, speed, sizeof(speed));

        const struct {
                const char *text;
                const char *color;
        } cells[] = {
                { idx, NULL },
                { or_na(info->id), NULL },
                { or_na(info->interface), NULL },
                { or_na(info->backend), NULL },
                { or_na(info->driver), NULL },
                { or_na(info->state), state_color(info->state) },
                { info->link ? "up" : "down", link_color(info->link) },
                { speed, NULL },
                { or_na(info->duplex), NULL },
        };

        for (size_t i = 0; i < ELEMENTSOF(cells) && r >= 0; i++)
                r = table_add_cell(t, cells[i].text, cells[i].color);
        return r;
}

int verb_list(int argc, char *argv[], void *userdata)
{
        static const char *const headers[] = {
                "IDX", "ID", "INTERFACE", "BACKEND", "DRIVER", "STATE", "LINK", "SPEED", "DUPLEX",
        };
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(json_object_putp) json_object *array = NULL;
        _cleanup_(table_freep) Table *table = NULL;
        _cleanup_(phy_list_done) PhyList list = {};
        int r;

        r = phyctl_connect(&bus);
        if (r < 0)
                return r;

        r = phy_list(bus, &list);
        if (r < 0)
                return r;

        table = table_new(headers, ELEMENTSOF(headers));
        array = json_object_new_array();
        if (!table || !array)
                return log_error_errno(-ENOMEM, "out of memory");
        table_set_align_right(table, 0, true);

        for (size_t i = 0; i < list.n; i++) {
                _cleanup_(phy_info_done) PhyInfo info = {};

                r = phy_info_get(bus, list.entries[i].path, list.entries[i].id, &info);
                if (r < 0)
                        return r;

                if (arg_json != JSON_FORMAT_OFF)
                        r = json_array_add(array, phy_info_to_json(&info));
                else
                        r = add_row(table, &info);
                if (r < 0)
                        return log_error_errno(r, "out of memory");
        }

        if (arg_json != JSON_FORMAT_OFF)
                r = json_print(array, arg_json, stdout);
        else {
                r = table_print(table, stdout, arg_legend, colors_enabled());
                if (r >= 0 && arg_legend)
                        printf("\n%zu %s listed.\n", list.n, list.n == 1 ? "PHY" : "PHYs");
        }
        if (r < 0)
                return log_error_errno(r, "cannot print: %m");
        return 0;
}
