/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "phyd/macro.h"
#include "phyctl-color.h"
#include "phyctl-parse.h"

bool colors_decide(bool tty, const char *no_color, const char *systemd_colors,
                   const char *term)
{
        bool b;

        if (no_color && *no_color)
                return false;
        if (systemd_colors) {
                if (parse_boolean_arg(systemd_colors, &b) >= 0)
                        return b;
                if (streq(systemd_colors, "16") || streq(systemd_colors, "256") ||
                    streq(systemd_colors, "24bit"))
                        return true;
        }
        if (term && streq(term, "dumb"))
                return false;
        return tty;
}

bool colors_enabled(void)
{
        static int cached = -1;

        if (cached < 0)
                cached = colors_decide(isatty(STDOUT_FILENO), getenv("NO_COLOR"),
                                       getenv("SYSTEMD_COLORS"), getenv("TERM"));
        return cached;
}

const char *state_color(const char *state)
{
        if (!state)
                return NULL;
        if (streq(state, "running"))
                return ANSI_GREEN;
        if (streq(state, "error"))
                return ANSI_RED;
        if (streq(state, "nolink"))
                return ANSI_YELLOW;
        return NULL;
}

const char *link_color(bool link)
{
        return link ? ANSI_GREEN : NULL;
}

const char *ansi(const char *color)
{
        return color && colors_enabled() ? color : "";
}

const char *ansi_normal(const char *color)
{
        return color && colors_enabled() ? ANSI_NORMAL : "";
}
