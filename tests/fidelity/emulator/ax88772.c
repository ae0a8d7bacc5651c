/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <string.h>
#include <linux/usb/ch9.h>

#include "ax88772.h"
#include "phyd/macro.h"

/* Vendor requests (drivers/net/usb/asix.h names). */
enum {
        AX_CMD_SET_SW_MII = 0x06,
        AX_CMD_READ_MII_REG = 0x07,
        AX_CMD_WRITE_MII_REG = 0x08,
        AX_CMD_STATMNGSTS_REG = 0x09,
        AX_CMD_SET_HW_MII = 0x0a,
        AX_CMD_READ_EEPROM = 0x0b,
        AX_CMD_READ_RX_CTL = 0x0f,
        AX_CMD_WRITE_RX_CTL = 0x10,
        AX_CMD_READ_NODE_ID = 0x13,
        AX_CMD_WRITE_NODE_ID = 0x14,
        AX_CMD_WRITE_MULTI_FILTER = 0x16,
        AX_CMD_READ_PHY_ID = 0x19,
        AX_CMD_READ_MEDIUM_STATUS = 0x1a,
        AX_CMD_WRITE_MEDIUM_MODE = 0x1b,
};

/* STATMNGSTS: HOST_EN (bit 0; without it every MDIO op times out) and the chip code in bits
 * 6:4 (1 = AX88772A, 2 = AX88772B/C, which takes the QCTCTRL path of ax88772a_hw_reset). */
#define AX_HOST_EN 0x01
#define AX_CHIPCODE_772A 0x10
#define AX_CHIPCODE_772BC 0x20

static const uint8_t device_descriptor[] = {
        18, USB_DT_DEVICE, 0x00, 0x02, /* USB 2.0 */
        0xff, 0xff, 0x00, 64,          /* vendor class, EP0 64 bytes */
        0x95, 0x0b, 0x20, 0x77,        /* 0b95:7720, ax88772_info */
        0x01, 0x00, 1, 2, 3, 1,
};

static const uint8_t config_descriptor[] = {
        9, USB_DT_CONFIG, 39, 0, 1, 1, 0, 0xa0, 250,
        9, USB_DT_INTERFACE, 0, 0, 3, 0xff, 0xff, 0x00, 0, /* iInterface 0: no string */
        7, USB_DT_ENDPOINT, 0x81, USB_ENDPOINT_XFER_INT, 8, 0, 11,
        7, USB_DT_ENDPOINT, 0x82, USB_ENDPOINT_XFER_BULK, 0x00, 0x02, 0,
        7, USB_DT_ENDPOINT, 0x03, USB_ENDPOINT_XFER_BULK, 0x00, 0x02, 0,
};

static const char *const strings[] = { NULL, "ASIX Elec. Corp.", "AX88772", "000001" };

static const uint8_t node_id[6] = { 0x02, 0x00, 0x00, 0x88, 0x77, 0x2a };

static size_t answer(uint8_t *in, size_t max, const void *data, size_t len)
{
        len = MIN(len, max);
        memcpy(in, data, len);
        return len;
}

static size_t string_descriptor(unsigned index, uint8_t *in, size_t max)
{
        uint8_t d[2 + 2 * 32];
        size_t n, i;

        if (index == 0) {
                static const uint8_t langs[] = { 4, USB_DT_STRING, 0x09, 0x04 };
                return answer(in, max, langs, sizeof(langs));
        }
        n = MIN(strlen(strings[index]), (sizeof(d) - 2) / 2);
        d[0] = (uint8_t) (2 + 2 * n);
        d[1] = USB_DT_STRING;
        for (i = 0; i < n; i++) {
                d[2 + 2 * i] = (uint8_t) strings[index][i];
                d[3 + 2 * i] = 0;
        }
        return answer(in, max, d, d[0]);
}

static int standard_request(const struct usb_ctrlrequest *req, uint8_t *in, size_t *in_len)
{
        unsigned type = req->wValue >> 8, index = req->wValue & 0xff;

        switch (req->bRequest) {
        case USB_REQ_GET_DESCRIPTOR:
                if (type == USB_DT_DEVICE)
                        *in_len = answer(in, *in_len, device_descriptor,
                                         sizeof(device_descriptor));
                else if (type == USB_DT_CONFIG && index == 0)
                        *in_len = answer(in, *in_len, config_descriptor,
                                         sizeof(config_descriptor));
                else if (type == USB_DT_STRING && index < ELEMENTSOF(strings))
                        *in_len = string_descriptor(index, in, *in_len);
                else
                        return -EPIPE; /* qualifier, BOS, ...: a full-speed-less 2.0 device */
                return 0;
        case USB_REQ_GET_STATUS: {
                static const uint8_t status[2] = {};
                *in_len = answer(in, *in_len, status, sizeof(status));
                return 0;
        }
        case USB_REQ_SET_CONFIGURATION:
        case USB_REQ_SET_INTERFACE:
        case USB_REQ_CLEAR_FEATURE:
        case USB_REQ_SET_FEATURE:
                *in_len = 0;
                return 0;
        default:
                return -EPIPE;
        }
}

/* Only the embedded PHY is there: everything else on the MII reads as an empty address
 * (0xffff), which is what ax88772a_hw_reset's check of PHY 0's regs 0x14-0x16 meets. */
static int mdio_access(Ax88772 *dev, MdioOp op, uint8_t addr, uint16_t reg, uint16_t val)
{
        MdioAccess a = { .op = op, .addr = addr, .reg = reg, .val = val };
        int r = 0;

        a.usec = clock_now(dev->clock);
        if (addr == AX88772_PHY_ADDR) {
                if (op == MDIO_READ) {
                        r = phy_model_read(dev->phy, reg);
                        a.val = r < 0 ? 0xffff : (uint16_t) r;
                } else
                        r = phy_model_write(dev->phy, reg, val);
        } else if (op == MDIO_READ)
                a.val = 0xffff;
        a.err = r < 0 ? r : 0;
        if (dev->on_access)
                dev->on_access(&a, dev->userdata);
        return r < 0 ? r : a.val;
}

/* The USB status of an MII request the PHY model failed. A device-gone PHY (-ENODEV) fails
 * it the way a device that went away fails a control transfer, which usb_control_msg()
 * hands back as -ENODEV: __asix_mdio_read/write pass that on to phylib, whose state machine
 * then stops polling quietly (spec §3.2, error handling 1). Any other fault is a STALL
 * (-EPIPE), an error phylib takes to PHY_ERROR. */
static int mii_status(int model_error)
{
        return model_error == -ENODEV ? -ENODEV : -EPIPE;
}

static int vendor_request(Ax88772 *dev, const struct usb_ctrlrequest *req, const uint8_t *out,
                          size_t out_len, uint8_t *in, size_t *in_len)
{
        uint8_t le[2];
        int r;

        switch (req->bRequest) {
        case AX_CMD_STATMNGSTS_REG: {
                uint8_t v = AX_HOST_EN | (dev->kind == PHY_MODEL_AX88772C ? AX_CHIPCODE_772BC
                                                                          : AX_CHIPCODE_772A);
                *in_len = answer(in, *in_len, &v, 1);
                return 0;
        }
        case AX_CMD_READ_PHY_ID: {
                /* Byte 1 is the embedded PHY (bit 7 of byte 0 would say "no second PHY"). */
                static const uint8_t ids[2] = { 0xe0, AX88772_PHY_ADDR };
                *in_len = answer(in, *in_len, ids, sizeof(ids));
                return 0;
        }
        case AX_CMD_READ_NODE_ID:
                *in_len = answer(in, *in_len, node_id, sizeof(node_id));
                return 0;
        case AX_CMD_READ_EEPROM:
                le[0] = le[1] = 0xff;
                *in_len = answer(in, *in_len, le, sizeof(le));
                return 0;
        case AX_CMD_READ_MII_REG:
                r = mdio_access(dev, MDIO_READ, req->wValue & 0x1f, req->wIndex & 0x1f, 0);
                if (r < 0)
                        return mii_status(r);
                le[0] = (uint8_t) r;
                le[1] = (uint8_t) (r >> 8);
                *in_len = answer(in, *in_len, le, sizeof(le));
                return 0;
        case AX_CMD_WRITE_MII_REG:
                if (out_len < 2)
                        return -EPIPE;
                r = mdio_access(dev, MDIO_WRITE, req->wValue & 0x1f, req->wIndex & 0x1f,
                                (uint16_t) (out[0] | out[1] << 8));
                return r < 0 ? mii_status(r) : 0;
        case AX_CMD_READ_RX_CTL:
        case AX_CMD_READ_MEDIUM_STATUS: {
                uint16_t v = req->bRequest == AX_CMD_READ_RX_CTL ? dev->rx_ctl : dev->medium_mode;
                le[0] = (uint8_t) v;
                le[1] = (uint8_t) (v >> 8);
                *in_len = answer(in, *in_len, le, sizeof(le));
                return 0;
        }
        case AX_CMD_WRITE_RX_CTL:
                dev->rx_ctl = req->wValue;
                return 0;
        case AX_CMD_WRITE_MEDIUM_MODE:
                dev->medium_mode = req->wValue;
                return 0;
        default:
                /* SW/HW MII ownership, GPIOs, PHY select, SW reset, IPG, node ID and
                 * multicast writes, QCTCTRL: accepted, nothing here depends on them. An
                 * unknown IN request reads as zeros rather than stalling the driver. */
                if (req->bRequestType & USB_DIR_IN) {
                        memset(in, 0, *in_len);
                        return 0;
                }
                *in_len = 0;
                return 0;
        }
}

int ax88772_control(Ax88772 *dev, const uint8_t setup[8], const uint8_t *out, size_t out_len,
                    uint8_t *in, size_t *in_len)
{
        struct usb_ctrlrequest req = {
                .bRequestType = setup[0],
                .bRequest = setup[1],
                .wValue = (uint16_t) (setup[2] | setup[3] << 8),
                .wIndex = (uint16_t) (setup[4] | setup[5] << 8),
                .wLength = (uint16_t) (setup[6] | setup[7] << 8),
        };

        if (*in_len > req.wLength)
                *in_len = req.wLength;
        switch (req.bRequestType & USB_TYPE_MASK) {
        case USB_TYPE_STANDARD:
                return standard_request(&req, in, in_len);
        case USB_TYPE_VENDOR:
                return vendor_request(dev, &req, out, out_len, in, in_len);
        default:
                return -EPIPE;
        }
}
