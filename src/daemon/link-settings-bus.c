/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <string.h>

#include "link-settings-bus.h"
#include "phyd/linkmode.h"
#include "phyd/macro.h"

static int invalid_type(sd_bus_error *error, const char *key, const char *type)
{
        return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                 "Configure: %s must be of type '%s'", key, type);
}

int bus_read_link_settings(sd_bus_message *message, bool autoneg, PhyLinkSettings *ret,
                           sd_bus_error *error)
{
        PhyLinkSettings s = PHY_LINK_SETTINGS_UNSET;
        int r;

        r = sd_bus_message_enter_container(message, 'a', "{sv}");
        if (r < 0)
                return r;

        while ((r = sd_bus_message_enter_container(message, 'e', "sv")) > 0) {
                const char *key, *contents;
                char type;

                r = sd_bus_message_read(message, "s", &key);
                if (r < 0)
                        return r;
                r = sd_bus_message_peek_type(message, &type, &contents);
                if (r < 0)
                        return r;

                if (streq(key, "Autoneg") || streq(key, "RxPause") || streq(key, "TxPause")) {
                        int b;

                        if (!streq(contents, "b"))
                                return invalid_type(error, key, "b");
                        r = sd_bus_message_read(message, "v", "b", &b);
                        if (r < 0)
                                return r;
                        if (streq(key, "Autoneg"))
                                s.autoneg = b;
                        else if (streq(key, "RxPause"))
                                s.rx_pause = b;
                        else
                                s.tx_pause = b;
                } else if (streq(key, "Speed")) {
                        uint32_t speed;

                        if (!streq(contents, "u"))
                                return invalid_type(error, key, "u");
                        r = sd_bus_message_read(message, "v", "u", &speed);
                        if (r < 0)
                                return r;
                        if (speed != SPEED_10 && speed != SPEED_100)
                                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                                         "Configure: Speed %u is not 10 or 100",
                                                         speed);
                        s.speed = (int) speed;
                } else if (streq(key, "Duplex")) {
                        const char *duplex;

                        if (!streq(contents, "s"))
                                return invalid_type(error, key, "s");
                        r = sd_bus_message_read(message, "v", "s", &duplex);
                        if (r < 0)
                                return r;
                        if (streq(duplex, "half"))
                                s.duplex = DUPLEX_HALF;
                        else if (streq(duplex, "full"))
                                s.duplex = DUPLEX_FULL;
                        else
                                return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                                         "Configure: Duplex '%s' is not 'half' or 'full'",
                                                         duplex);
                } else if (streq(key, "Advertise")) {
                        const char *mode;

                        if (!streq(contents, "as"))
                                return invalid_type(error, key, "as");
                        r = sd_bus_message_enter_container(message, 'v', "as");
                        if (r < 0)
                                return r;
                        r = sd_bus_message_enter_container(message, 'a', "s");
                        if (r < 0)
                                return r;
                        s.set_advertise = true;
                        s.advertise = 0;
                        while ((r = sd_bus_message_read(message, "s", &mode)) > 0) {
                                int bit = linkmode_bit_from_string(mode);

                                if (bit < 0)
                                        return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                                                 "Configure: unknown link mode '%s'",
                                                                 mode);
                                s.advertise |= (LinkModes) 1 << bit;
                        }
                        if (r < 0)
                                return r;
                        r = sd_bus_message_exit_container(message);
                        if (r < 0)
                                return r;
                        r = sd_bus_message_exit_container(message);
                        if (r < 0)
                                return r;
                } else
                        return sd_bus_error_setf(error, SD_BUS_ERROR_INVALID_ARGS,
                                                 "Configure: unknown setting '%s'", key);

                r = sd_bus_message_exit_container(message);
                if (r < 0)
                        return r;
        }
        if (r < 0)
                return r;

        r = sd_bus_message_exit_container(message);
        if (r < 0)
                return r;

        if (s.autoneg == 0 && (s.speed == 0 || s.duplex < 0))
                return sd_bus_error_set(error, SD_BUS_ERROR_INVALID_ARGS,
                                        "Configure: Autoneg=false needs Speed and Duplex");
        /* Speed and Duplex force a mode: they need autoneg off, asked now or already so. */
        if (s.autoneg < 0 && !autoneg && (s.speed > 0 || s.duplex >= 0))
                s.autoneg = 0;
        if (s.autoneg != 0 && (s.speed > 0 || s.duplex >= 0))
                return sd_bus_error_set(error, SD_BUS_ERROR_INVALID_ARGS,
                                        "Configure: Speed and Duplex force a mode; they go with "
                                        "Autoneg=false");
        *ret = s;
        return 0;
}
