/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "phyctl-error.h"

static const char *const phy_action_table[_PHY_ACTION_MAX] = {
        [PHY_ACTION_NONE] = NULL,
        [PHY_ACTION_RESET] = "io.phyd.reset",
        [PHY_ACTION_CONFIGURE] = "io.phyd.configure",
        [PHY_ACTION_WRITE_REGISTER] = "io.phyd.write-register",
        [PHY_ACTION_RELOAD] = "io.phyd.reload",
};

DEFINE_STRING_TABLE_LOOKUP(phy_action, PhyAction);

static bool name_is(const char *name, const char *expected)
{
        return name && streq(name, expected);
}

static bool name_has_prefix(const char *name, const char *prefix)
{
        return name && strncmp(name, prefix, strlen(prefix)) == 0;
}

static char *format_message(const char *format, ...) _printf_(1, 2);

static char *format_message(const char *format, ...)
{
        char *s;
        va_list ap;
        int r;

        va_start(ap, format);
        r = vasprintf(&s, format, ap);
        va_end(ap);
        return r < 0 ? NULL : s;
}

char *bus_error_message(const char *name, const char *message, int error,
                        const ErrorContext *ctx)
{
        static const ErrorContext empty = {};
        const char *bus, *phy, *action;

        if (!ctx)
                ctx = &empty;
        bus = ctx->bus ?: "the bus";
        phy = ctx->phy;
        if (message && !*message)
                message = NULL;

        /* Nobody owns io.phyd: the daemon is not running (or not activatable). */
        if (name_is(name, "org.freedesktop.DBus.Error.ServiceUnknown") ||
            name_is(name, "org.freedesktop.DBus.Error.NameHasNoOwner") ||
            name_has_prefix(name, "org.freedesktop.DBus.Error.Spawn."))
                return format_message("phyd is not running on %s", bus);

        if (name_is(name, PHYD_ERROR_NO_SUCH_PHY) ||
            name_is(name, "org.freedesktop.DBus.Error.UnknownObject")) {
                if (phy)
                        return format_message("no PHY named '%s'", phy);
                return strdup(message ?: "no such PHY");
        }

        /* The object exists but has no such interface: Simulator1 lives on sim PHYs only,
         * and an object path given by hand may be no PHY at all. */
        if (name_is(name, "org.freedesktop.DBus.Error.UnknownInterface") ||
            name_is(name, "org.freedesktop.DBus.Error.UnknownMethod")) {
                if (ctx->sim && phy)
                        return format_message("'%s' is not a simulated PHY", phy);
                if (phy)
                        return format_message("no PHY named '%s'", phy);
                return strdup(message ?: "phyd does not know this call");
        }

        if (name_is(name, "org.freedesktop.DBus.Error.AccessDenied") ||
            name_is(name, "org.freedesktop.DBus.Error.InteractiveAuthorizationRequired")) {
                action = phy_action_to_string(ctx->action);
                if (action)
                        return format_message("permission denied: %s needs root or the %s "
                                              "action",
                                              ctx->what ?: "this", action);
                return format_message("permission denied%s%s", message ? ": " : "",
                                      message ?: "");
        }

        if (name_is(name, PHYD_ERROR_READ_ONLY) && ctx->raw_write) {
                const char *forced = ctx->forced ? "" : " and --force";

                if (ctx->ifname && *ctx->ifname)
                        return format_message("%s's PHY belongs to the kernel: raw writes "
                                              "need AllowRawWrites=yes in its .phy file%s",
                                              ctx->ifname, forced);
                return format_message("PHY %s belongs to the kernel: raw writes need "
                                      "AllowRawWrites=yes in its .phy file%s",
                                      phy ?: "", forced);
        }

        if (name_is(name, "org.freedesktop.DBus.Error.NoReply") ||
            name_is(name, "org.freedesktop.DBus.Error.Timeout") ||
            name_is(name, "org.freedesktop.DBus.Error.TimedOut") || error == -ETIMEDOUT)
                return strdup("phyd did not answer in time");

        if (name_is(name, "org.freedesktop.DBus.Error.Disconnected") || error == -ECONNRESET ||
            error == -ENOTCONN)
                return format_message("lost the connection to %s", bus);

        /* InvalidArgs, Busy, NotSupported, Io, ReadOnly: the daemon's own words. */
        if (message)
                return strdup(message);
        if (error < 0)
                return strdup(strerror(-error));
        return strdup(name ?: "unknown error");
}
