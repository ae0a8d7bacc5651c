/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* One LinkChanged signal, as the scripts see it: the snapshot keys they are given, and the
 * environment they run with. */

#include <stdbool.h>
#include <stdint.h>

#include "phyd/macro.h"

typedef struct DispatchEvent {
        uint64_t sequence;
        char *id;        /* the snapshot's Id: which PHY (the queue's key) */
        char *interface; /* "" for a PHY without a network interface */
        char *state;     /* the state machine's state, "" if the snapshot had none */
        char *duplex;    /* full, half or unknown */
        bool link;
        uint32_t speed;  /* Mb/s, 0 unknown */
        bool tx_pause;
        bool rx_pause;
} DispatchEvent;

DispatchEvent *dispatch_event_free(DispatchEvent *e);
DEFINE_TRIVIAL_CLEANUP_FUNC(DispatchEvent *, dispatch_event_free);

/* The scripts' whole environment, NULL-terminated "NAME=value" strings: PHYD_PHY, INTERFACE,
 * PHYD_LINK (up|down), PHYD_SPEED, PHYD_DUPLEX, PHYD_TX_PAUSE and PHYD_RX_PAUSE (yes|no),
 * PHYD_STATE, PHYD_SEQUENCE and a fixed PATH. Nothing of the dispatcher's own environment. */
int dispatch_event_environment(const DispatchEvent *e, char ***ret_env);
