/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The mdio-netlink MDIO backend (DESIGN layer 1): the generic netlink family "mdio" of the
 * out-of-tree mdio-netlink module (mdio-tools), through libmnl. Each access, and each
 * batched program, is one XFER request that the module runs with the kernel's mdio_lock
 * held; the kernel bus is named by its mii_bus id (e.g. "usb-001:002"), which is also the
 * MdioBus id. Without the module the bus cannot be created, and says why.
 *
 * Requests block the calling thread for one netlink round trip, so they belong on a PHY
 * worker, never on the event loop (DESIGN decision 2).
 */

#include <stddef.h>
#include <stdint.h>

#include "phyd/clock.h"
#include "phyd/mdio-bus.h"
#include "phyd/mdio-netlink-msg.h"

/* The program timeout sent with each request when none is set (mdio-tools' own default). */
#define MDIO_NETLINK_TIMEOUT_MSEC_DEFAULT 1000

/*
 * Resolves the family "mdio" (CTRL_CMD_GETFAMILY) and checks that the kernel knows bus_id
 * by running an empty program on it. Returns -EPROTONOSUPPORT if the kernel has no family
 * "mdio", -ENODEV if it has no such bus, -EPERM without CAP_NET_ADMIN (the family's
 * commands are GENL_ADMIN_PERM); mdio_netlink_strerror() turns those into a sentence.
 * ops->read/ops->write each run one program (a single read, a single write) with the bus's
 * timeout; they are traced by the MdioBus layer like any backend's.
 */
int mdio_netlink_bus_new(const char *bus_id, Clock *clock, MdioBus **ret_bus);

bool mdio_bus_is_netlink(const MdioBus *bus);

/* The program timeout, 1..MDIO_NL_TIMEOUT_MAX_MSEC ms (-ERANGE otherwise). The module checks
 * it between instructions; the wait for its answer allows for one stuck USB transfer more. */
int mdio_netlink_bus_set_timeout(MdioBus *bus, uint32_t timeout_msec);

/*
 * Runs a traceable program (mdio-netlink-msg.h: every access followed by its emit, as the
 * pattern builders make them) in one request, with the bus lock held for the round trip,
 * and reports each access the kernel made to the bus's tracer, stamped when the answer
 * arrived. On success *ret_values receives the emitted values (it has room for
 * mdio_program_max_values(prog)) and *ret_n their number; both may be NULL. On failure
 * (the request refused, or the program stopped on a failed access) the accesses made up to
 * and including the failed one are still traced, and the outputs are untouched. -EINVAL
 * for a program that is not traceable.
 */
int mdio_netlink_run(MdioBus *bus, const MdioProgram *prog, uint32_t *ret_values,
                     size_t *ret_n);

/* The extended ack message of the bus's last refused request (e.g. "Argument 2 invalid"),
 * as a new string, or NULL if there was none. */
char *mdio_netlink_bus_last_message(MdioBus *bus);

/* A sentence for the errors this backend gives a meaning of its own (no family, no bus, no
 * privilege), strerror() for the rest. Never NULL. */
const char *mdio_netlink_strerror(int err);
