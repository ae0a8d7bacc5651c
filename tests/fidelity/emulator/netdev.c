/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <net/if.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>

#include "netdev.h"
#include "phyd/macro.h"

static int request(const char *ifname, unsigned long op, struct ifreq *ifr)
{
        _cleanup_close_ int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

        if (fd < 0)
                return -errno;
        if (strlen(ifname) >= sizeof(ifr->ifr_name))
                return -EINVAL;
        strcpy(ifr->ifr_name, ifname);
        return ioctl(fd, op, ifr) < 0 ? -errno : 0;
}

int netdev_set_up(const char *ifname, bool up)
{
        struct ifreq ifr = {};
        int r;

        r = request(ifname, SIOCGIFFLAGS, &ifr);
        if (r < 0)
                return r;
        if (up)
                ifr.ifr_flags |= IFF_UP;
        else
                ifr.ifr_flags &= ~IFF_UP;
        return request(ifname, SIOCSIFFLAGS, &ifr);
}

int netdev_set_pause(const char *ifname, bool rx, bool tx)
{
        struct ethtool_pauseparam pp = {
                .cmd = ETHTOOL_SPAUSEPARAM,
                .autoneg = 1,
                .rx_pause = rx,
                .tx_pause = tx,
        };
        struct ifreq ifr = { .ifr_data = (void *) &pp };

        return request(ifname, SIOCETHTOOL, &ifr);
}

int netdev_get_link_settings(const char *ifname, NetdevLinkSettings *ret)
{
        struct {
                struct ethtool_link_settings base;
                uint32_t masks[3 * NETDEV_LINK_MODE_WORDS_MAX];
        } req = { .base.cmd = ETHTOOL_GLINKSETTINGS };
        struct ifreq ifr = { .ifr_data = (void *) &req };
        int8_t n_words;
        int r;

        /* First ask with no words: the kernel answers with minus the count it wants. */
        r = request(ifname, SIOCETHTOOL, &ifr);
        if (r < 0)
                return r;
        n_words = (int8_t) -req.base.link_mode_masks_nwords;
        if (n_words <= 0)
                return -EPROTO;
        req = (typeof(req)) { .base.cmd = ETHTOOL_GLINKSETTINGS,
                              .base.link_mode_masks_nwords = n_words };
        r = request(ifname, SIOCETHTOOL, &ifr);
        if (r < 0)
                return r;
        if (req.base.link_mode_masks_nwords != n_words)
                return -EPROTO;
        /* The masks are supported, advertising, lp_advertising, each n_words long. */
        *ret = (NetdevLinkSettings) {
                .speed = req.base.speed,
                .duplex = req.base.duplex,
                .n_words = (unsigned) n_words,
        };
        memcpy(ret->lp_advertising, req.masks + 2 * n_words, sizeof(uint32_t) * n_words);
        return 0;
}
