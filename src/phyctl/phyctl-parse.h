/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * Command-line arguments into the values the D-Bus API takes. No I/O: every function is
 * unit-tested. Functions that explain a refusal return it in *ret_error ("invalid speed
 * '1000': expected 10 or 100"), for the caller to print as a usage error.
 */

#include <stdbool.h>
#include <stdint.h>

#include "phyd/string-table.h"

/* Decimal, or hexadecimal after "0x"; nothing else (no sign, no spaces), at most max. */
int parse_unsigned_arg(const char *s, uint64_t max, uint64_t *ret);

/* on/off, and yes/no, true/false, 1/0 as systemd accepts them. */
int parse_boolean_arg(const char *s, bool *ret);

/* 10 or 100 (Mb/s): the speeds a Clause 22 10/100 PHY can be forced to. */
int parse_speed_arg(const char *s, uint32_t *ret);

/* "half" or "full", returned as the D-Bus value (a static string). */
int parse_duplex_arg(const char *s, const char **ret);

/* "100baseT/Full,Pause": ethtool link-mode names, any case, comma separated; returns the
 * canonical names, each once, in the order given. */
int parse_link_modes_arg(const char *s, char ***ret);

/* A time span in systemd's syntax: "5" (seconds), "1.5s", "500ms", "2min 30s", "infinity". */
int parse_duration_arg(const char *s, uint64_t *ret_usec);

/* The arguments of "set PHY ...": each setting at most once, at least one. */
typedef struct LinkSettings {
        int autoneg;        /* -1: not given */
        uint32_t speed;     /* 0: not given */
        const char *duplex; /* NULL: not given */
        char **advertise;   /* NULL: not given */
        int rx_pause;       /* -1: not given */
        int tx_pause;       /* -1: not given */
} LinkSettings;

#define LINK_SETTINGS_NULL                                                                 \
        ((LinkSettings){ .autoneg = -1, .rx_pause = -1, .tx_pause = -1 })

void link_settings_done(LinkSettings *s);
/* args: the words after the PHY, NULL-terminated. */
int link_settings_parse(char **args, LinkSettings *ret, char **ret_error);

/* The arguments of "sim PHY ...", one Simulator1 call each. */
typedef enum SimCommandKind {
        SIM_COMMAND_PARTNER_UP,
        SIM_COMMAND_PARTNER_DOWN,
        SIM_COMMAND_FAULT,
        SIM_COMMAND_CLEAR_FAULTS,
        SIM_COMMAND_QUIRK,
        SIM_COMMAND_ANEG_TIME,
        SIM_COMMAND_ANRESTART_TIME,
        SIM_COMMAND_LINK_LEAD_TIME,
        _SIM_COMMAND_MAX,
        _SIM_COMMAND_INVALID = -EINVAL,
} SimCommandKind;

/* The Simulator1 method each command calls. */
DECLARE_STRING_TABLE_LOOKUP(sim_command_method, SimCommandKind);

typedef struct SimCommand {
        SimCommandKind kind;
        char **modes;     /* PARTNER_UP: the partner's modes, maybe empty */
        const char *name; /* FAULT: the fault kind; QUIRK: the quirk (static strings) */
        bool on;          /* QUIRK */
        uint64_t usec;    /* ANEG_TIME, ANRESTART_TIME, LINK_LEAD_TIME */
} SimCommand;

void sim_command_done(SimCommand *c);
/* args: the words after the PHY, NULL-terminated. */
int sim_command_parse(char **args, SimCommand *ret, char **ret_error);
