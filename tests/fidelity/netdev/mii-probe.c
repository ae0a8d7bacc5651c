/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * phyd-mii-probe IFNAME REG...: the MII ioctls as the kernel answers them, with nothing of
 * phyd in between, so that the netdev tier can hold phyd's answers against them. Prints
 * "phy_id N" (SIOCGMIIPHY), then "REG 0xVALUE" or "REG error ERRNO-NAME" per register.
 */

#include <errno.h>
#include <linux/mii.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static const char *errno_name(int e)
{
        switch (e) {
        case EIO: return "EIO";
        case EFAULT: return "EFAULT";
        case EINVAL: return "EINVAL";
        case ENODEV: return "ENODEV";
        case EOPNOTSUPP: return "EOPNOTSUPP";
        case EPERM: return "EPERM";
        default: return "other";
        }
}

int main(int argc, char *argv[])
{
        struct mii_ioctl_data *mii;
        struct ifreq ifr;
        uint16_t phy_id;
        int fd;

        if (argc < 2 || strlen(argv[1]) >= IFNAMSIZ) {
                fprintf(stderr, "usage: phyd-mii-probe IFNAME REG...\n");
                return 2;
        }
        fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
                perror("socket");
                return 1;
        }

        /* Zeroed first: SIOCGMIIPHY also reads reg_num (spec §10). */
        memset(&ifr, 0, sizeof(ifr));
        strncpy(ifr.ifr_name, argv[1], IFNAMSIZ - 1);
        mii = (struct mii_ioctl_data *) &ifr.ifr_data;
        if (ioctl(fd, SIOCGMIIPHY, &ifr) < 0) {
                printf("phy_id error %s\n", errno_name(errno));
                return 1;
        }
        phy_id = mii->phy_id;
        printf("phy_id %u\n", phy_id);

        for (int i = 2; i < argc; i++) {
                memset(mii, 0, sizeof(*mii));
                mii->phy_id = phy_id;
                mii->reg_num = (uint16_t) strtoul(argv[i], NULL, 0);
                if (ioctl(fd, SIOCGMIIREG, &ifr) < 0)
                        printf("%s error %s\n", argv[i], errno_name(errno));
                else
                        printf("%s 0x%04x\n", argv[i], mii->val_out);
        }
        close(fd);
        return 0;
}
