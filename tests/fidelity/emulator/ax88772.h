/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * An ASIX AX88772A or AX88772C as its control endpoint answers the asix driver: the USB
 * descriptors, the vendor requests of bind, reset, open and the link changes, and the MII
 * management requests, served by the PHY model the sim backend uses (one model, spec §9).
 */

#include <stddef.h>
#include <stdint.h>

#include "phyd/mdio-bus.h"
#include "phyd/phy-model.h"

/* The embedded PHY's address, as READ_PHY_ID reports it (AX_EMBD_PHY_ADDR). */
#define AX88772_PHY_ADDR 0x10

typedef void (*Ax88772AccessFn)(const MdioAccess *access, void *userdata);

typedef struct Ax88772 {
        PhyModelKind kind;
        PhyModel *phy;
        Clock *clock;
        uint16_t rx_ctl;
        uint16_t medium_mode;
        Ax88772AccessFn on_access; /* every MDIO access, PHY 0's too */
        void *userdata;
} Ax88772;

/* Answers one control transfer. setup is the 8-byte SETUP packet, out its OUT data. An IN
 * answer goes to in (at most *in_len bytes; *in_len is set to what was written). Returns 0,
 * -EPIPE (a STALL) or, for an MII request to a device-gone PHY, -ENODEV: the URB's status. */
int ax88772_control(Ax88772 *dev, const uint8_t setup[8], const uint8_t *out, size_t out_len,
                    uint8_t *in, size_t *in_len);
