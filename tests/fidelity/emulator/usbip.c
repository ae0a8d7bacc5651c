/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "usbip.h"

#define USBIP_HEADER_SIZE 48

static uint32_t get_be32(const uint8_t *p)
{
        uint32_t v;

        memcpy(&v, p, sizeof(v));
        return ntohl(v);
}

static void put_be32(uint8_t *p, uint32_t v)
{
        v = htonl(v);
        memcpy(p, &v, sizeof(v));
}

int usbip_read_full(int fd, void *buf, size_t len)
{
        uint8_t *p = buf;

        while (len > 0) {
                ssize_t n = read(fd, p, len);

                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                if (n == 0)
                        return -ECONNRESET;
                p += n;
                len -= (size_t) n;
        }
        return 0;
}

static int write_full(int fd, const struct iovec *iov, int n_iov)
{
        struct iovec v[2];
        int i;

        if (n_iov > 2)
                return -EINVAL;
        memcpy(v, iov, sizeof(*iov) * (size_t) n_iov);
        for (i = 0; i < n_iov;) {
                ssize_t n = writev(fd, v + i, n_iov - i);

                if (n < 0 && errno == EINTR)
                        continue;
                if (n < 0)
                        return -errno;
                while (i < n_iov && (size_t) n >= v[i].iov_len) {
                        n -= (ssize_t) v[i].iov_len;
                        i++;
                }
                if (i < n_iov) {
                        v[i].iov_base = (uint8_t *) v[i].iov_base + n;
                        v[i].iov_len -= (size_t) n;
                }
        }
        return 0;
}

int usbip_read_command(int fd, UsbipCommand *ret_cmd)
{
        uint8_t h[USBIP_HEADER_SIZE];
        UsbipCommand cmd = {};
        int r;

        r = usbip_read_full(fd, h, sizeof(h));
        if (r < 0)
                return r;
        cmd.command = get_be32(h);
        cmd.seqnum = get_be32(h + 4);
        cmd.direction = get_be32(h + 12);
        cmd.ep = get_be32(h + 16);
        if (cmd.command == USBIP_CMD_SUBMIT) {
                cmd.length = get_be32(h + 24);
                memcpy(cmd.setup, h + 40, sizeof(cmd.setup));
        } else if (cmd.command == USBIP_CMD_UNLINK)
                cmd.unlink_seqnum = get_be32(h + 20);
        else
                return -EBADMSG;
        *ret_cmd = cmd;
        return 0;
}

int usbip_send_ret_submit(int fd, uint32_t seqnum, int status, bool in, const void *data,
                          size_t len)
{
        uint8_t h[USBIP_HEADER_SIZE] = {};
        struct iovec iov[2] = {
                { .iov_base = h, .iov_len = sizeof(h) },
                { .iov_base = (void *) data, .iov_len = len },
        };

        put_be32(h, USBIP_RET_SUBMIT);
        put_be32(h + 4, seqnum);
        put_be32(h + 20, (uint32_t) status);
        put_be32(h + 24, status < 0 ? 0 : (uint32_t) len);
        /* start_frame, number_of_packets (0: not isochronous), error_count stay 0. */
        return write_full(fd, iov, in && status >= 0 && len > 0 ? 2 : 1);
}

int usbip_send_ret_unlink(int fd, uint32_t seqnum, int status)
{
        uint8_t h[USBIP_HEADER_SIZE] = {};
        struct iovec iov = { .iov_base = h, .iov_len = sizeof(h) };

        put_be32(h, USBIP_RET_UNLINK);
        put_be32(h + 4, seqnum);
        put_be32(h + 20, (uint32_t) status);
        return write_full(fd, &iov, 1);
}
