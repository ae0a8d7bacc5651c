/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The ioctl MDIO backend: Clause 22 reads and writes through SIOCGMIIREG/SIOCSMIIREG on one
 * network interface, the way mii-tool and the kernel's phy_mii_ioctl() see them.
 *
 * The ioctls work on any socket (spec §10), so the bus uses one AF_NETLINK socket and needs
 * no AF_INET. They need CAP_NET_ADMIN in the interface's network namespace, even for reads.
 * The bus works in the network namespace it was created in: the socket's.
 *
 * The interface is held by ifindex. Its name is looked up again before every ioctl, on the
 * bus's own socket (what if_indextoname() does), so a rename is followed; the MdioBus id
 * stays the name the interface had when the bus was created.
 *
 * Errors, as returned by the bus's reads and writes and by mdio_ioctl_get_phy_address():
 *   -ENXIO       the ifindex no longer exists: the interface is gone.
 *   -ENETDOWN    the ioctl said ENODEV, which means the interface is down
 *                (phy_do_ioctl_running) or has no PHY attached, and never "device gone"
 *                (spec §10). It is reported as -ENETDOWN so that the PHY core's -ENODEV
 *                rule (stop polling quietly) does not fire on a down interface: the PHY
 *                comes back with "ip link set up".
 *   -EOPNOTSUPP  the driver has no MII ioctls (veth, lo, bridge, ...); also any devad other
 *                than MDIO_DEVAD_NONE, since these ioctls are Clause 22 only.
 *   -EINVAL      a register above 31, refused before any ioctl: some MACs mask the
 *                register number to 5 bits, so "register 32" would write BMCR (spec §10).
 *                From the driver, EINVAL means no MII on this MAC, or (X-Surf, 8139cp) the
 *                interface is down.
 *   -EPERM       no CAP_NET_ADMIN.
 *   -EIO         the MDIO transfer failed, or the MAC has no such register (e1000).
 *   anything else the driver returned, as a negative errno.
 * mdio_ioctl_strerror() turns these into a sentence.
 *
 * Reads on 6.8-style kernels: there phy_mii_ioctl() stores a failed read's negative errno,
 * truncated to 16 bits, in val_out and the ioctl succeeds (-EIO arrives as 0xfffb). Such a
 * value, 0xff80..0xffff, cannot be told apart from register contents, so this backend does
 * not guess: it returns it as data. 6.11 and later return the errno from the ioctl, and the
 * read fails as it should (spec §8, §10).
 *
 * Writes: for a phylib PHY, SIOCSMIIREG ignores the write's own result, so a failed write is
 * invisible, and writes to BMCR or ADVERTISE have side effects in the kernel (spec §8).
 */

#include <stddef.h>

#include "phyd/mdio-bus.h"

/* A bus on the interface with this ifindex, named after the interface. -ENXIO if there is no
 * such interface. */
int mdio_ioctl_bus_new(int ifindex, Clock *clock, MdioBus **ret_bus);

/* The address of the PHY the MAC driver uses (SIOCGMIIPHY). The kernel then also reads
 * register 0 (BMCR) at that address; that read is reported to the bus's tracer. A failed
 * SIOCGMIIPHY is not traced: the address it would have read is unknown.
 *
 * 8139cp reports 32 (spec §10): its MAC owns the PHY and ignores phy_id on the way in. 32
 * (MDIO_ADDR_MAC_OWNED) is returned as it is, the bus's reads and writes take it as their
 * address and send it back as phy_id, and the trace shows it as phy:0x20 (the kernel's
 * tracepoint prints its u8 address the same way). -ERANGE if the driver reports an address
 * above 32, which no driver does. -EINVAL if bus is not an ioctl bus. */
int mdio_ioctl_get_phy_address(MdioBus *bus, int *ret_addr);

/* A sentence for an error of this backend, naming the interface (ifname may be NULL).
 * Written to buf, which is returned. */
const char *mdio_ioctl_strerror(int error, const char *ifname, char *buf, size_t size);
