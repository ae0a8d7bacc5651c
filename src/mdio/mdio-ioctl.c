/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The ioctl backend: SIOCGMIIREG/SIOCSMIIREG/SIOCGMIIPHY on one AF_NETLINK socket. The error
 * mapping and what the ioctls can and cannot tell us are in mdio-ioctl.h.
 */

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include <linux/mii.h>
#include <linux/netlink.h>
#include <linux/sockios.h>

#include "phyd/macro.h"
#include "phyd/mdio-ioctl.h"

/* Clause 22 has 5 register bits. */
#define MII_REG_MAX 31

/* The kernel's if_mii(): the MII request lives in the union after the name. */
_Static_assert(sizeof(struct mii_ioctl_data) <= sizeof(((struct ifreq *) NULL)->ifr_ifru),
               "struct mii_ioctl_data must fit in ifr_ifru");

typedef struct MdioIoctl {
        int ifindex;
        int fd; /* AF_NETLINK: the ioctls work on any socket (spec §10) */
} MdioIoctl;

static MdioIoctl *mdio_ioctl(MdioBus *bus)
{
        return bus->backend;
}

/* What if_indextoname() does, but on our own socket, so the name is looked up in the network
 * namespace the ioctls will run in, without a socket per access. */
static int mdio_ioctl_ifname(const MdioIoctl *m, char ret_name[static IFNAMSIZ])
{
        struct ifreq ifr;

        memset(&ifr, 0, sizeof(ifr));
        ifr.ifr_ifindex = m->ifindex;
        if (ioctl(m->fd, SIOCGIFNAME, &ifr) < 0)
                /* The kernel says ENODEV, if_indextoname() ENXIO: either way no such
                 * ifindex, the interface is gone. */
                return errno == ENODEV || errno == ENXIO ? -ENXIO : -errno;

        memcpy(ret_name, ifr.ifr_name, IFNAMSIZ);
        ret_name[IFNAMSIZ - 1] = '\0';
        return 0;
}

/* Issues one MII ioctl on the interface's current name. mii goes in as the request and comes
 * back as the kernel's answer. */
static int mdio_ioctl_request(const MdioIoctl *m, unsigned long request, struct mii_ioctl_data *mii)
{
        struct ifreq ifr;
        int r;

        /* Zeroed whole: whatever the driver reads beyond the fields we set is 0. */
        memset(&ifr, 0, sizeof(ifr));
        r = mdio_ioctl_ifname(m, ifr.ifr_name);
        if (r < 0)
                return r;

        memcpy(&ifr.ifr_ifru, mii, sizeof(*mii));
        if (ioctl(m->fd, request, &ifr) < 0)
                /* Down (phy_do_ioctl_running) or no PHY attached; never "device gone"
                 * (spec §10), so not -ENODEV, which would stop the PHY for good. */
                return errno == ENODEV ? -ENETDOWN : -errno;

        memcpy(mii, &ifr.ifr_ifru, sizeof(*mii));
        return 0;
}

static int mdio_ioctl_read(MdioBus *bus, int addr, int devad, uint16_t reg)
{
        struct mii_ioctl_data mii;
        int r;

        if (devad != MDIO_DEVAD_NONE)
                return -EOPNOTSUPP;
        /* Some MACs mask the register number to 5 bits (spec §10). */
        if (reg > MII_REG_MAX)
                return -EINVAL;

        memset(&mii, 0, sizeof(mii));
        mii.phy_id = (uint16_t) addr;
        mii.reg_num = reg;
        r = mdio_ioctl_request(mdio_ioctl(bus), SIOCGMIIREG, &mii);
        if (r < 0)
                return r;

        /* On 6.8-style kernels 0xff80..0xffff may be a truncated errno; it is returned as
         * data, undecidable (mdio-ioctl.h). */
        return mii.val_out;
}

static int mdio_ioctl_write(MdioBus *bus, int addr, int devad, uint16_t reg, uint16_t val)
{
        struct mii_ioctl_data mii;

        if (devad != MDIO_DEVAD_NONE)
                return -EOPNOTSUPP;
        if (reg > MII_REG_MAX)
                return -EINVAL;

        memset(&mii, 0, sizeof(mii));
        mii.phy_id = (uint16_t) addr;
        mii.reg_num = reg;
        mii.val_in = val;
        return mdio_ioctl_request(mdio_ioctl(bus), SIOCSMIIREG, &mii);
}

static void mdio_ioctl_free(MdioBus *bus)
{
        MdioIoctl *m = mdio_ioctl(bus);

        closep(&m->fd);
        free(m);
}

static const MdioBusOps mdio_ioctl_ops = {
        .read = mdio_ioctl_read,
        .write = mdio_ioctl_write,
        .free = mdio_ioctl_free,
};

int mdio_ioctl_bus_new(int ifindex, Clock *clock, MdioBus **ret_bus)
{
        _cleanup_free_ MdioIoctl *m = NULL;
        _cleanup_close_ int fd = -EBADF;
        char ifname[IFNAMSIZ];
        int r;

        if (ifindex <= 0 || !clock || !ret_bus)
                return -EINVAL;

        /* Not AF_INET: the unit allows only AF_UNIX and AF_NETLINK. */
        fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_ROUTE);
        if (fd < 0)
                return -errno;

        m = calloc(1, sizeof(*m));
        if (!m)
                return -ENOMEM;
        m->ifindex = ifindex;
        m->fd = fd;

        r = mdio_ioctl_ifname(m, ifname);
        if (r < 0)
                return r;

        r = mdio_bus_new(ifname, &mdio_ioctl_ops, m, clock, ret_bus);
        if (r < 0)
                return r;

        /* SIOCGMIIPHY's 32 (a MAC that owns its PHY, spec §10) goes back as phy_id. */
        (*ret_bus)->max_addr = MDIO_ADDR_MAC_OWNED;

        /* Owned by the bus now. */
        m = NULL;
        fd = -EBADF;
        return 0;
}

int mdio_ioctl_get_phy_address(MdioBus *bus, int *ret_addr)
{
        struct mii_ioctl_data mii;
        int r;

        if (!bus || bus->ops != &mdio_ioctl_ops || !ret_addr)
                return -EINVAL;

        /* SIOCGMIIPHY falls through to a read of reg_num: zeroed, that is BMCR, which has no
         * latched bits. A stale 1 would read BMSR and eat its latch (spec §10). */
        memset(&mii, 0, sizeof(mii));

        mdio_bus_lock(bus);
        r = mdio_ioctl_request(mdio_ioctl(bus), SIOCGMIIPHY, &mii);
        /* The kernel's read is an access like any other: count it. */
        if (r >= 0 && mii.phy_id <= MDIO_ADDR_MAC_OWNED)
                mdio_bus_trace_access(bus, MDIO_READ, mii.phy_id, MII_BMCR, mii.val_out, 0);
        mdio_bus_unlock(bus);
        if (r < 0)
                return r;

        /* 8139cp reports 32 (spec §10): a MAC that owns its PHY and ignores phy_id on the way
         * in. It is taken as it is and sent back; beyond that, nothing is known. */
        if (mii.phy_id > MDIO_ADDR_MAC_OWNED)
                return -ERANGE;

        *ret_addr = mii.phy_id;
        return 0;
}

const char *mdio_ioctl_strerror(int error, const char *ifname, char *buf, size_t size)
{
        char errbuf[128];

        if (!ifname)
                ifname = "the interface";
        if (error < 0)
                error = -error;

        switch (error) {
        case EOPNOTSUPP:
        case EINVAL:
                snprintf(buf, size, "%s has no MII access", ifname);
                break;
        case EPERM:
        case EACCES:
                snprintf(buf, size, "permission denied: MII ioctls need CAP_NET_ADMIN");
                break;
        case ENETDOWN:
                snprintf(buf, size, "%s is down, or has no PHY attached", ifname);
                break;
        case ENXIO:
                snprintf(buf, size, "%s is gone", ifname);
                break;
        case EIO:
                snprintf(buf, size, "%s: the PHY did not answer (MDIO error)", ifname);
                break;
        case ERANGE:
                snprintf(buf, size, "%s: the MAC owns its PHY, which has no MDIO address", ifname);
                break;
        default:
                snprintf(buf, size, "%s: %s", ifname, strerror_r(error, errbuf, sizeof(errbuf)));
                break;
        }

        return buf;
}
