/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "phyd/macro.h"
#include "phyd/mdio-trace.h"

int mdio_trace_format(const char *bus_id, const MdioAccess *access, char *buf, size_t size)
{
        int n;

        n = snprintf(buf, size, "%" PRIu64 ".%06" PRIu64 " %s %s phy:0x%02x reg:0x%02x val:0x%04x",
                     access->usec / USEC_PER_SEC, access->usec % USEC_PER_SEC, bus_id,
                     access->op == MDIO_READ ? "read" : "write", access->addr, access->reg,
                     access->val);
        if (n < 0 || (size_t) n >= size)
                return -ENOBUFS;
        if (access->err < 0) {
                int m = snprintf(buf + n, size - (size_t) n, " err:%d", access->err);
                if (m < 0 || (size_t) (n + m) >= size)
                        return -ENOBUFS;
                n += m;
        }
        return n;
}

/* "3.563068" or "3.563068:" -> microseconds. Fewer than six decimals are allowed. A time
 * past what a uint64_t of microseconds holds is -EINVAL, not wrapped around. */
static int parse_seconds(const char *s, size_t len, uint64_t *ret_usec)
{
        uint64_t sec = 0, frac = 0;
        size_t i = 0, digits = 0;

        if (len > 0 && s[len - 1] == ':')
                len--;
        if (len == 0 || !isdigit((unsigned char) s[0]))
                return -EINVAL;
        for (; i < len && isdigit((unsigned char) s[i]); i++) {
                if (sec > (UINT64_MAX / USEC_PER_SEC - (uint64_t) (s[i] - '0')) / 10)
                        return -EINVAL;
                sec = sec * 10 + (uint64_t) (s[i] - '0');
        }
        if (i < len) {
                if (s[i++] != '.')
                        return -EINVAL;
                for (; i < len && isdigit((unsigned char) s[i]); i++, digits++) {
                        if (digits >= 6)
                                return -EINVAL;
                        frac = frac * 10 + (uint64_t) (s[i] - '0');
                }
                if (i < len || digits == 0)
                        return -EINVAL;
        }
        for (; digits < 6; digits++)
                frac *= 10;
        if (sec * USEC_PER_SEC > UINT64_MAX - frac)
                return -EINVAL;
        *ret_usec = sec * USEC_PER_SEC + frac;
        return 0;
}

/* "phy:0x10" -> 0x10, with an upper bound. Hex digits only after the "0x": strtoul() would
 * also take a second "0x" or a sign. */
static int parse_field(const char *tok, const char *key, unsigned long max, unsigned long *ret)
{
        size_t klen = strlen(key), xlen;
        unsigned long v;
        char *end;

        if (strncmp(tok, key, klen) != 0 || strncmp(tok + klen, "0x", 2) != 0)
                return -EINVAL;
        xlen = strspn(tok + klen + 2, "0123456789abcdefABCDEF");
        if (xlen == 0 || tok[klen + 2 + xlen] != '\0')
                return -EINVAL;
        errno = 0;
        v = strtoul(tok + klen + 2, &end, 16);
        if (errno != 0 || *end != '\0' || v > max)
                return -EINVAL;
        *ret = v;
        return 0;
}

static int parse_err(const char *tok, int *ret_err)
{
        long v;
        char *end;

        if (strncmp(tok, "err:-", 5) != 0 || !isdigit((unsigned char) tok[5]))
                return -EINVAL;
        errno = 0;
        v = strtol(tok + 4, &end, 10);
        if (errno != 0 || *end != '\0' || v < -4095 || v >= 0)
                return -EINVAL;
        *ret_err = (int) v;
        return 0;
}

#define MAX_TOKENS 24

int mdio_trace_parse_line(const char *line, MdioTraceLine *ret_line)
{
        char buf[512], *tokens[MAX_TOKENS], *save = NULL, *t;
        size_t n = 0, first;
        unsigned long addr, reg, val;
        MdioTraceLine parsed = {};
        bool ftrace = false, truncated;
        int r;

        if (!line || !ret_line)
                return -EINVAL;

        /* Another event's line may be longer than buf or hold more tokens than an access
         * ever does. Only the start is looked at, and only a line that turns out to be an
         * access is refused for it. */
        truncated = strlen(line) >= sizeof(buf);
        strncpy(buf, line, sizeof(buf) - 1);
        buf[sizeof(buf) - 1] = '\0';

        for (t = strtok_r(buf, " \t\r\n", &save); t; t = strtok_r(NULL, " \t\r\n", &save)) {
                if (n >= MAX_TOKENS) {
                        truncated = true;
                        break;
                }
                tokens[n++] = t;
        }
        if (n == 0 || tokens[0][0] == '#')
                return 0;

        /* tracefs: "<task>-<pid> [cpu] <flags> <seconds>: mdio_access: <fields>". */
        for (size_t i = 0; i < n; i++)
                if (streq(tokens[i], "mdio_access:")) {
                        if (i == 0)
                                return -EINVAL;
                        ftrace = true;
                        first = i - 1;
                        break;
                }
        if (ftrace) {
                r = parse_seconds(tokens[first], strlen(tokens[first]), &parsed.access.usec);
                if (r < 0)
                        return r;
                first += 2;
        } else {
                /* Headers and lines of other events do not start with a digit; a task name
                 * that does is followed by the "[cpu]" column. Anything else that starts
                 * with a digit is meant as an access, and a bad timestamp is an error, not
                 * a line to skip. */
                if (!isdigit((unsigned char) tokens[0][0]) || (n > 1 && tokens[1][0] == '['))
                        return 0;
                r = parse_seconds(tokens[0], strlen(tokens[0]), &parsed.access.usec);
                if (r < 0)
                        return r;
                first = 1;
        }

        if (truncated || n - first < 5 || n - first > 6)
                return -EINVAL;
        t = tokens[first];
        if (strlen(t) >= sizeof(parsed.bus_id))
                return -EINVAL;
        strcpy(parsed.bus_id, t);

        if (streq(tokens[first + 1], "read"))
                parsed.access.op = MDIO_READ;
        else if (streq(tokens[first + 1], "write"))
                parsed.access.op = MDIO_WRITE;
        else
                return -EINVAL;

        if (parse_field(tokens[first + 2], "phy:", MDIO_ADDR_MAC_OWNED, &addr) < 0 ||
            parse_field(tokens[first + 3], "reg:", 0xffff, &reg) < 0 ||
            parse_field(tokens[first + 4], "val:", 0xffff, &val) < 0)
                return -EINVAL;
        parsed.access.addr = (uint8_t) addr;
        parsed.access.reg = (uint16_t) reg;
        parsed.access.val = (uint16_t) val;

        if (n - first == 6) {
                r = parse_err(tokens[first + 5], &parsed.access.err);
                if (r < 0)
                        return r;
        }

        *ret_line = parsed;
        return 1;
}

struct MdioTraceFile {
        FILE *f;
        pthread_mutex_t lock;
};

int mdio_trace_file_open(const char *path, MdioTraceFile **ret_file)
{
        MdioTraceFile *file;

        file = calloc(1, sizeof(*file));
        if (!file)
                return -ENOMEM;

        file->f = fopen(path, "ae");
        if (!file->f) {
                int r = -errno;
                free(file);
                return r;
        }
        /* Line-buffered: a trace is read while the daemon runs, and must survive a crash
         * up to the last complete access. */
        setvbuf(file->f, NULL, _IOLBF, 0);
        pthread_mutex_init(&file->lock, NULL);

        *ret_file = file;
        return 0;
}

MdioTraceFile *mdio_trace_file_close(MdioTraceFile *file)
{
        if (!file)
                return NULL;
        fclose(file->f);
        pthread_mutex_destroy(&file->lock);
        free(file);
        return NULL;
}

void mdio_trace_file_write(MdioBus *bus, const MdioAccess *access, void *userdata)
{
        MdioTraceFile *file = userdata;
        char line[MDIO_TRACE_LINE_MAX];

        if (mdio_trace_format(bus->id, access, line, sizeof(line)) < 0)
                return;
        pthread_mutex_lock(&file->lock);
        fprintf(file->f, "%s\n", line);
        pthread_mutex_unlock(&file->lock);
}
