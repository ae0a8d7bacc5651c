/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The device end of the USB/IP wire protocol (Documentation/usb/usbip_protocol.rst), as
 * vhci_hcd speaks it once a socket has been attached: 48-byte big-endian headers, OUT data
 * after CMD_SUBMIT, IN data after RET_SUBMIT.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define USBIP_CMD_SUBMIT 1
#define USBIP_CMD_UNLINK 2
#define USBIP_RET_SUBMIT 3
#define USBIP_RET_UNLINK 4

#define USBIP_DIR_OUT 0
#define USBIP_DIR_IN 1

typedef struct UsbipCommand {
        uint32_t command;
        uint32_t seqnum;
        uint32_t direction;
        uint32_t ep;
        /* CMD_SUBMIT */
        uint32_t length;
        uint8_t setup[8];
        /* CMD_UNLINK */
        uint32_t unlink_seqnum;
} UsbipCommand;

/* Reads one command header. Returns 0, -ECONNRESET when the kernel closed its end, or a
 * negative errno. */
int usbip_read_command(int fd, UsbipCommand *ret_cmd);

int usbip_read_full(int fd, void *buf, size_t len);

/* RET_SUBMIT for seqnum: status 0 or a negative errno (-EPIPE is a STALL); for an IN
 * transfer the len bytes of data follow, for an OUT one len is only reported. */
int usbip_send_ret_submit(int fd, uint32_t seqnum, int status, bool in, const void *data,
                          size_t len);
int usbip_send_ret_unlink(int fd, uint32_t seqnum, int status);
