/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * phyctl dump PHY [--live]: registers 0-6 decoded bit by bit, as mii-tool -v and phytool
 * print them. By default from the Registers property, the values the state machine last
 * read, which costs no MDIO access and clears no latched bit; --live reads them now with
 * ReadRegister, which is privileged for exactly that reason.
 */

#include <linux/mii.h>
#include <stdio.h>

#include "phyctl-log.h"
#include "phyctl-registers.h"
#include "phyctl.h"

static int read_live(sd_bus *bus, const PhyInfo *info, const char *name,
                     uint16_t regs[static PHY_REGISTERS_SNAPSHOT])
{
        const ErrorContext ctx = {
                .phy = name,
                .ifname = info->interface,
                .what = "reading registers",
                .action = PHY_ACTION_WRITE_REGISTER,
        };
        int r;

        for (unsigned reg = 0; reg < PHY_REGISTERS_SNAPSHOT; reg++) {
                r = phy_read_register(bus, info->path, (uint8_t) reg, &ctx, &regs[reg]);
                if (r < 0)
                        return r;
        }
        return 0;
}

static int dump_json(const PhyInfo *info, const uint16_t *regs, size_t n)
{
        _cleanup_(json_object_putp) json_object *o = json_object_new_object(), *a = NULL;
        int r;

        a = json_object_new_array();
        if (!o || !a)
                return -ENOMEM;
        r = json_add(o, "Object", json_object_new_string(info->path));
        if (r >= 0)
                r = json_add(o, "Id", json_object_new_string(info->id ?: ""));
        if (r >= 0)
                r = json_add(o, "Live", json_object_new_boolean(arg_live));
        for (size_t reg = 0; r >= 0 && reg < n; reg++) {
                PhyRegisterField fields[PHY_REGISTER_FIELDS_MAX];
                _cleanup_(json_object_putp) json_object *entry = json_object_new_object();
                size_t k;

                if (!entry)
                        return -ENOMEM;
                r = phy_register_decode(reg, regs[reg], fields, ELEMENTSOF(fields), &k);
                if (r < 0)
                        return r;
                r = json_add(entry, "Register", json_object_new_int((int) reg));
                if (r >= 0)
                        r = json_add(entry, "Name", json_object_new_string(
                                                            phy_register_label(reg)));
                if (r >= 0)
                        r = json_add(entry, "Value", json_object_new_int(regs[reg]));
                for (size_t i = 0; r >= 0 && i < k; i++)
                        r = json_add(entry, fields[i].name,
                                     fields[i].is_flag
                                             ? json_object_new_boolean(fields[i].flag)
                                             : json_object_new_string(fields[i].text));
                if (r >= 0)
                        r = json_array_add(a, TAKE_PTR(entry));
        }
        if (r >= 0)
                r = json_add(o, "Registers", TAKE_PTR(a));
        if (r < 0)
                return r;
        return json_print(o, arg_json, stdout);
}

static int dump_text(const PhyInfo *info, const uint16_t *regs, size_t n)
{
        char id[64];
        int r;

        printf("%s", phy_info_name(info));
        if (info->interface && *info->interface)
                printf(" (%s)", info->interface);
        printf(": %s\n", arg_live ? "registers read now"
                                  : "registers as last read by the state machine");
        if (n > MII_PHYSID2)
                printf("  PHY ID: %s\n",
                       phy_id_format((uint32_t) regs[MII_PHYSID1] << 16 | regs[MII_PHYSID2], id,
                                     sizeof(id)));

        for (size_t reg = 0; reg < n; reg++) {
                _cleanup_free_ char *text = NULL;

                r = phy_register_format(reg, regs[reg], "      ", &text);
                if (r < 0)
                        return r;
                printf("\n  %s (0x%02zx) = 0x%04x: %s\n%s", phy_register_label(reg), reg,
                       regs[reg], phy_register_title(reg), text);
        }
        return 0;
}

int verb_dump(int argc, char *argv[], void *userdata)
{
        _cleanup_(sd_bus_flush_close_unrefp) sd_bus *bus = NULL;
        _cleanup_(phy_info_done) PhyInfo info = {};
        uint16_t live[PHY_REGISTERS_SNAPSHOT];
        const uint16_t *regs;
        size_t n;
        int r;

        r = phyctl_open_phy(argv[1], &bus, NULL, &info);
        if (r < 0)
                return r;

        if (arg_live) {
                r = read_live(bus, &info, argv[1], live);
                if (r < 0)
                        return r;
                regs = live;
                n = PHY_REGISTERS_SNAPSHOT;
        } else {
                if (!phy_info_has(&info, "Registers") || info.n_registers == 0)
                        return log_error_errno(-ENODATA,
                                               "phyd reports no registers for '%s' yet",
                                               argv[1]);
                regs = info.registers;
                n = info.n_registers;
        }

        if (arg_json != JSON_FORMAT_OFF)
                r = dump_json(&info, regs, n);
        else
                r = dump_text(&info, regs, n);
        if (r < 0)
                return log_error_errno(r, "cannot print the registers: %m");
        return 0;
}
