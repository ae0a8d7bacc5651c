/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * libFuzzer target: Configure()'s a{sv} (link-settings-bus.h), which any client allowed to
 * call it sends. sd-bus builds the message, so the input describes one instead of being its
 * wire form: per entry, one byte choosing the key and one the variant's type, then the
 * value (a string is up to its NUL, an array of strings a count byte and the strings).
 * Another byte before everything says whether the PHY autonegotiates now.
 */

#include <errno.h>
#include <sys/socket.h>

#include "fuzz.h"
#include "link-settings-bus.h"

static const char *const keys[] = {
        "Autoneg", "RxPause", "TxPause", "Speed", "Duplex", "Advertise",
};

typedef struct Input {
        const uint8_t *data;
        size_t size;
} Input;

static uint8_t next_byte(Input *in)
{
        uint8_t b;

        if (in->size == 0)
                return 0;
        b = in->data[0];
        in->data++;
        in->size--;
        return b;
}

static uint32_t next_u32(Input *in)
{
        uint32_t v = 0;

        for (int i = 0; i < 4; i++)
                v = v << 8 | next_byte(in);
        return v;
}

/* Up to the next NUL or the end; the string is freed by the caller. */
static char *next_string(Input *in)
{
        const uint8_t *part;
        size_t len;

        if (!fuzz_next_part(&in->data, &in->size, &part, &len))
                return strdup("");
        if (!in->data)
                in->size = 0;
        return strndup((const char *) part, len);
}

static int append_value(sd_bus_message *m, Input *in)
{
        _cleanup_free_ char *s = NULL;
        uint8_t n;
        int r;

        switch (next_byte(in) % 6) {
        case 0:
                return sd_bus_message_append(m, "v", "b", (int) (next_byte(in) & 1));
        case 1:
                return sd_bus_message_append(m, "v", "u", next_u32(in));
        case 2:
                s = next_string(in);
                return s ? sd_bus_message_append(m, "v", "s", s) : -ENOMEM;
        case 3:
                r = sd_bus_message_open_container(m, 'v', "as");
                if (r < 0)
                        return r;
                r = sd_bus_message_open_container(m, 'a', "s");
                if (r < 0)
                        return r;
                for (n = next_byte(in) % 16; n > 0; n--) {
                        free(s);
                        s = next_string(in);
                        if (!s)
                                return -ENOMEM;
                        r = sd_bus_message_append(m, "s", s);
                        if (r < 0)
                                return r;
                }
                r = sd_bus_message_close_container(m);
                if (r < 0)
                        return r;
                return sd_bus_message_close_container(m);
        case 4:
                return sd_bus_message_append(m, "v", "i", (int32_t) next_u32(in));
        default:
                return sd_bus_message_append(m, "v", "ay", 0);
        }
}

/* The message as it comes off the bus: built, sealed and read from the start. */
static int build_message(sd_bus *bus, Input *in, sd_bus_message **ret)
{
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        _cleanup_free_ char *other = NULL;
        uint8_t n;
        int r;

        r = sd_bus_message_new_method_call(bus, &m, "io.phyd", "/io/phyd/phy/1", "io.phyd.Phy1",
                                           "Configure");
        if (r < 0)
                return r;
        r = sd_bus_message_open_container(m, 'a', "{sv}");
        if (r < 0)
                return r;
        for (n = next_byte(in) % 16; n > 0; n--) {
                uint8_t k = next_byte(in);
                const char *key;

                if (k < ELEMENTSOF(keys) * 32)
                        key = keys[k % ELEMENTSOF(keys)];
                else {
                        free(other);
                        other = next_string(in);
                        if (!other)
                                return -ENOMEM;
                        key = other;
                }
                r = sd_bus_message_open_container(m, 'e', "sv");
                if (r < 0)
                        return r;
                r = sd_bus_message_append(m, "s", key);
                if (r < 0)
                        return r;
                r = append_value(m, in);
                if (r < 0)
                        return r;
                r = sd_bus_message_close_container(m);
                if (r < 0)
                        return r;
        }
        r = sd_bus_message_close_container(m);
        if (r < 0)
                return r;
        r = sd_bus_message_seal(m, 1, 0);
        if (r < 0)
                return r;
        r = sd_bus_message_rewind(m, true);
        if (r < 0)
                return r;
        *ret = TAKE_PTR(m);
        return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        static sd_bus *bus;
        _cleanup_(sd_bus_message_unrefp) sd_bus_message *m = NULL;
        _cleanup_(sd_bus_error_free) sd_bus_error error = SD_BUS_ERROR_NULL;
        Input in = { data, size };
        PhyLinkSettings settings;
        bool autoneg;
        int r;

        /* Messages need a started bus to be made; one on a socket pair nobody answers. */
        if (!bus) {
                int sv[2];

                if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ||
                    sd_bus_new(&bus) < 0 || sd_bus_set_fd(bus, sv[0], sv[0]) < 0 ||
                    sd_bus_start(bus) < 0)
                        abort();
        }

        autoneg = next_byte(&in) & 1;
        /* Strings that are not UTF-8, or keys sd-bus refuses, make no message: fine. */
        if (build_message(bus, &in, &m) < 0)
                return 0;

        r = bus_read_link_settings(m, autoneg, &settings, &error);
        /* A refusal always names what was wrong (DESIGN: a D-Bus error name). */
        if (r < 0 && r != -ENOMEM && sd_bus_error_is_set(&error) &&
            !sd_bus_error_has_name(&error, SD_BUS_ERROR_INVALID_ARGS))
                abort();
        return 0;
}
