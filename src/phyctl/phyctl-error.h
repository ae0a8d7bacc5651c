/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * D-Bus errors as one line a person understands. The daemon's errors are io.phyd.Error.*
 * (NoSuchPhy, NotSupported, Busy, Io, ReadOnly) and the standard InvalidArgs and
 * AccessDenied; the bus adds ServiceUnknown and friends. Pure: unit-tested.
 */

#include <stdbool.h>

#include "phyd/macro.h"
#include "phyd/string-table.h"

#define PHYD_ERROR_NO_SUCH_PHY "io.phyd.Error.NoSuchPhy"
#define PHYD_ERROR_NOT_SUPPORTED "io.phyd.Error.NotSupported"
#define PHYD_ERROR_BUSY "io.phyd.Error.Busy"
#define PHYD_ERROR_IO "io.phyd.Error.Io"
#define PHYD_ERROR_READ_ONLY "io.phyd.Error.ReadOnly"

/* The polkit action a call needs (DESIGN decision 9), named in "permission denied". */
typedef enum PhyAction {
        PHY_ACTION_NONE, /* reading and subscribing: open to everyone */
        PHY_ACTION_RESET,
        PHY_ACTION_CONFIGURE,
        PHY_ACTION_WRITE_REGISTER,
        PHY_ACTION_RELOAD,
        _PHY_ACTION_MAX,
        _PHY_ACTION_INVALID = -EINVAL,
} PhyAction;

/* "io.phyd.reset", ...; NULL for PHY_ACTION_NONE. */
DECLARE_STRING_TABLE_LOOKUP(phy_action, PhyAction);

typedef struct ErrorContext {
        const char *bus;    /* "the system bus", ...; NULL: "the bus" */
        const char *phy;    /* the PHY as named on the command line, or NULL */
        const char *ifname; /* its interface, for ReadOnly; NULL or "" if none */
        const char *what;   /* "writing registers", for AccessDenied */
        PhyAction action;
        bool sim;           /* a Simulator1 call: an unknown interface means "not a sim PHY" */
        bool raw_write;     /* WriteRegister: ReadOnly explains AllowRawWrites and --force */
        bool forced;        /* --force was given */
} ErrorContext;

/* The reason, without "phyctl: " and newline, from the D-Bus error name and message
 * (either may be NULL) and the errno the call returned. NULL on OOM. */
char *bus_error_message(const char *name, const char *message, int error,
                        const ErrorContext *ctx);
