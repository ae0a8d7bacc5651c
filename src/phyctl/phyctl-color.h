/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Colours, as networkctl uses them: only on a terminal, never with $NO_COLOR set
 * (no-color.org), and as $SYSTEMD_COLORS says when it is set (0/false/no: never;
 * 1/true/yes, 16, 256, 24bit: always).
 */

#include <stdbool.h>

#define ANSI_GREEN "\x1B[0;1;32m"
#define ANSI_RED "\x1B[0;1;31m"
#define ANSI_YELLOW "\x1B[0;1;33m"
#define ANSI_UNDERLINE "\x1B[0;4m"
#define ANSI_NORMAL "\x1B[0m"

/* The decision, from its inputs (NULL: the variable is unset). */
bool colors_decide(bool tty, const char *no_color, const char *systemd_colors,
                   const char *term);

/* For stdout, from the environment; decided once. */
bool colors_enabled(void);

/* The colour of a PHY state or link word: green for "running" and a link that is up, red
 * for "error", yellow for "nolink"; NULL for none. */
const char *state_color(const char *state);
const char *link_color(bool link);

/* color, or "" when colours are off; and the matching reset. */
const char *ansi(const char *color);
const char *ansi_normal(const char *color);
