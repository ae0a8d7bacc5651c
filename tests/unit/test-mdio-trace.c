/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The MDIO trace format of DESIGN.md: what mdio_trace_format() writes, and what
 * mdio_trace_parse_line() reads back, which is both our own lines and the kernel's
 * mdio_access tracepoint as tracefs and trace-cmd print it. The fidelity tier compares a
 * kernel recording with phyd's own trace through this parser, so a line it silently skips
 * is an access that is never compared: anything that starts like an access and does not
 * parse has to be -EINVAL, never 0.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <unistd.h>

#include "phyd/clock.h"
#include "phyd/macro.h"
#include "phyd/mdio-sim.h"
#include "phyd/mdio-trace.h"

#define TRACE_FILE KERNEL_TRACE_DIR "/ax88772a-6.12.117-probe-plug-unplug.trace"

/* MDIO_BUS_ID_MAX - 1 characters: the longest id a bus can have. */
#define LONGEST_BUS_ID "mdio-bus-with-the-longest-id-that-fits-in-MDIO_BUS_ID_MAX-00063"

typedef struct FormatCase {
        const char *bus_id;
        MdioAccess access;
        const char *line;
} FormatCase;

static const FormatCase format_cases[] = {
        {
                "usb-001:002",
                { .usec = 3563068, .op = MDIO_READ, .addr = 0x10, .reg = 0x01, .val = 0x7809 },
                "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x7809",
        },
        {
                "usb-001:002",
                { .usec = 3604866, .op = MDIO_WRITE, .addr = 0x10, .reg = 0x00, .val = 0x8200 },
                "3.604866 usb-001:002 write phy:0x10 reg:0x00 val:0x8200",
        },
        /* A failed read: val is 0 and the errno follows. */
        {
                "usb-001:002",
                { .usec = 3563068, .op = MDIO_READ, .addr = 0x10, .reg = 0x01, .err = -EIO },
                "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x0000 err:-5",
        },
        /* A failed write keeps the value that was sent. */
        {
                "usb-001:002",
                { .usec = 12000000, .op = MDIO_WRITE, .addr = 0x10, .reg = 0x04, .val = 0x0de1,
                  .err = -ETIMEDOUT },
                "12.000000 usb-001:002 write phy:0x10 reg:0x04 val:0x0de1 err:-110",
        },
        /* Microseconds are zero-padded, not printed as a bare number. */
        {
                "sim0",
                { .usec = 1, .op = MDIO_READ },
                "0.000001 sim0 read phy:0x00 reg:0x00 val:0x0000",
        },
        {
                "sim0",
                { .usec = 86400999999, .op = MDIO_READ, .addr = 31, .reg = 31, .val = 0xffff },
                "86400.999999 sim0 read phy:0x1f reg:0x1f val:0xffff",
        },
        {
                "eth0",
                { .usec = 1, .op = MDIO_READ, .addr = MDIO_ADDR_MAC_OWNED, .reg = 1 },
                "0.000001 eth0 read phy:0x20 reg:0x01 val:0x0000",
        },
        {
                LONGEST_BUS_ID,
                { .usec = 1500000, .op = MDIO_WRITE, .addr = 0x05, .reg = 0x00, .val = 0x1200 },
                "1.500000 " LONGEST_BUS_ID " write phy:0x05 reg:0x00 val:0x1200",
        },
};

static void test_format(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(format_cases); i++) {
                const FormatCase *c = &format_cases[i];
                char buf[MDIO_TRACE_LINE_MAX];
                int r;

                r = mdio_trace_format(c->bus_id, &c->access, buf, sizeof(buf));
                assert_int_equal(r, strlen(c->line));
                assert_string_equal(buf, c->line);
        }
}

static void test_format_enobufs(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(format_cases); i++) {
                const FormatCase *c = &format_cases[i];
                size_t len = strlen(c->line);
                char buf[MDIO_TRACE_LINE_MAX];

                /* Room for the line and its NUL is enough; one byte less is not, and that
                 * holds for the " err:" suffix as well as for the line before it. */
                assert_int_equal(mdio_trace_format(c->bus_id, &c->access, buf, len + 1), len);
                assert_string_equal(buf, c->line);
                assert_int_equal(mdio_trace_format(c->bus_id, &c->access, buf, len), -ENOBUFS);
                assert_int_equal(mdio_trace_format(c->bus_id, &c->access, buf, 1), -ENOBUFS);
        }

        assert_int_equal(mdio_trace_format("sim0", &format_cases[0].access, NULL, 0), -ENOBUFS);
}

static void assert_trace_line_equal(const MdioTraceLine *got, const char *bus_id,
                                    const MdioAccess *want)
{
        assert_string_equal(got->bus_id, bus_id);
        assert_int_equal(got->access.usec, want->usec);
        assert_int_equal(got->access.op, want->op);
        assert_int_equal(got->access.addr, want->addr);
        assert_int_equal(got->access.reg, want->reg);
        assert_int_equal(got->access.val, want->val);
        assert_int_equal(got->access.err, want->err);
}

static void test_parse_round_trip(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(format_cases); i++) {
                const FormatCase *c = &format_cases[i];
                char buf[MDIO_TRACE_LINE_MAX];
                MdioTraceLine line;

                assert_true(mdio_trace_format(c->bus_id, &c->access, buf, sizeof(buf)) > 0);
                assert_int_equal(mdio_trace_parse_line(buf, &line), 1);
                assert_trace_line_equal(&line, c->bus_id, &c->access);
        }
}

typedef struct ParseCase {
        const char *line;
        const char *bus_id;
        MdioAccess access;
} ParseCase;

/* Lines that hold an access, in the forms a trace reaches the parser. */
static const ParseCase parse_access_cases[] = {
        /* tracefs: the kernel pads the op to five columns ("%-5s"), hence two spaces. */
        {
                "kworker/0:1-12 [000] ..... 3.563068: mdio_access: usb-001:002 read  phy:0x10 "
                "reg:0x01 val:0x7809",
                "usb-001:002",
                { .usec = 3563068, .op = MDIO_READ, .addr = 0x10, .reg = 0x01, .val = 0x7809 },
        },
        {
                "kworker/0:1-12 [000] ..... 3.604866: mdio_access: usb-001:002 write phy:0x10 "
                "reg:0x00 val:0x8200\n",
                "usb-001:002",
                { .usec = 3604866, .op = MDIO_WRITE, .addr = 0x10, .reg = 0x00, .val = 0x8200 },
        },
        /* trace-cmd report: aligned columns and no flags column. */
        {
                "     kworker/0:1-12    [000]     3.563068: mdio_access:          usb-001:002 "
                "read  phy:0x10 reg:0x01 val:0x7809",
                "usb-001:002",
                { .usec = 3563068, .op = MDIO_READ, .addr = 0x10, .reg = 0x01, .val = 0x7809 },
        },
        /* A task name may hold a space: the timestamp is the token before the event name. */
        {
                "Web Content-4242 [003] d..1. 100.000001: mdio_access: stmmac-0 read  phy:0x01 "
                "reg:0x1f val:0x0000",
                "stmmac-0",
                { .usec = 100000001, .op = MDIO_READ, .addr = 0x01, .reg = 0x1f, .val = 0x0000 },
        },
        /* Our own lines, as read from a file: newline and CRLF left on. */
        {
                "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x7809\n",
                "usb-001:002",
                { .usec = 3563068, .op = MDIO_READ, .addr = 0x10, .reg = 0x01, .val = 0x7809 },
        },
        {
                "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x7809\r\n",
                "usb-001:002",
                { .usec = 3563068, .op = MDIO_READ, .addr = 0x10, .reg = 0x01, .val = 0x7809 },
        },
        {
                "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x0000 err:-5",
                "usb-001:002",
                { .usec = 3563068, .op = MDIO_READ, .addr = 0x10, .reg = 0x01, .err = -EIO },
        },
        {
                "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x0000 err:-4095",
                "usb-001:002",
                { .usec = 3563068, .op = MDIO_READ, .addr = 0x10, .reg = 0x01, .err = -4095 },
        },
        /* Fewer than six decimals are tenths, not microseconds. */
        {
                "3.5 sim0 read phy:0x05 reg:0x02 val:0xffff",
                "sim0",
                { .usec = 3500000, .op = MDIO_READ, .addr = 0x05, .reg = 0x02, .val = 0xffff },
        },
        /* The last microsecond a uint64_t holds. */
        {
                "18446744073709.551615 sim0 write phy:0x1f reg:0x1f val:0xffff",
                "sim0",
                { .usec = UINT64_MAX, .op = MDIO_WRITE, .addr = 0x1f, .reg = 0x1f, .val = 0xffff },
        },
        /* 8139cp's SIOCGMIIPHY answer, 32 (spec §10), in the ioctl backend's trace. */
        {
                "2.000000 eth0 read phy:0x20 reg:0x02 val:0x0000",
                "eth0",
                { .usec = 2000000, .op = MDIO_READ, .addr = 32, .reg = 0x02, .val = 0x0000 },
        },
        {
                "1.500000 " LONGEST_BUS_ID " read phy:0x05 reg:0x02 val:0xffff",
                LONGEST_BUS_ID,
                { .usec = 1500000, .op = MDIO_READ, .addr = 0x05, .reg = 0x02, .val = 0xffff },
        },
};

static void test_parse_access(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(parse_access_cases); i++) {
                const ParseCase *c = &parse_access_cases[i];
                MdioTraceLine line;
                int r;

                r = mdio_trace_parse_line(c->line, &line);
                if (r != 1)
                        fail_msg("\"%s\": %d, expected 1", c->line, r);
                assert_trace_line_equal(&line, c->bus_id, &c->access);
        }
}

/* Lines without an access: skipped, not errors, so a tracefs or trace-cmd capture with
 * other events enabled reads as well as our own file. */
static const char *const parse_no_access_lines[] = {
        "",
        "\n",
        "   \t \r\n",
        "#",
        "# 3.604965 evt: BMCR reset started",
        "# ioctl 3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x7809",
        "   # an indented comment",
        "# tracer: nop",
        "#           TASK-PID     CPU#  |||||  TIMESTAMP  FUNCTION",
        "#              | |         |   |||||     |         |",
        "##### CPU 2 buffer started ####",
        "cpus=4",
        "CPU:1 [LOST 12 EVENTS]",
        "kworker/0:1-12 [000] ..... 3.563100: sched_switch: prev_comm=kworker/0:1 prev_pid=12 "
        "prev_prio=120 prev_state=I ==> next_comm=swapper/0 next_pid=0 next_prio=120",
        "<idle>-0 [001] d.h2. 3.600000: irq_handler_entry: irq=16 name=ehci_hcd:usb1",
        /* More tokens than any access has. */
        "kworker/0:1-12 [000] ..... 3.660000: console: [    3.660000] asix 1-1:1.0 eth0: "
        "register 'asix' at usb-0000:00:1d.0-1, ASIX AX88772 USB 2.0 Ethernet, "
        "00:0e:c6:87:72:01 and more words to go past any limit on the number of tokens",
        /* A task whose name starts with a digit is still a task, not a timestamp. */
        "7zz-4242 [002] ..... 5.000000: sched_process_exit: comm=7zz pid=4242 prio=120",
};

static void test_parse_no_access(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(parse_no_access_lines); i++) {
                const char *s = parse_no_access_lines[i];
                MdioTraceLine line = { .bus_id = "untouched", .access.val = 0x1234 };
                int r;

                r = mdio_trace_parse_line(s, &line);
                if (r != 0)
                        fail_msg("\"%s\": %d, expected 0", s, r);
                assert_string_equal(line.bus_id, "untouched");
                assert_int_equal(line.access.val, 0x1234);
        }
}

/* Lines that name mdio_access or start like an access and do not parse. */
static const char *const parse_invalid_lines[] = {
        /* Out of range: 0x20 is SIOCGMIIPHY's MAC-owned PHY (spec §10), 0x21 nothing. */
        "3.563068 usb-001:002 read phy:0x21 reg:0x01 val:0x7809",
        "3.563068 usb-001:002 read phy:0x10 reg:0x10000 val:0x7809",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x10000",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0xffffffffffffffff",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x100000000000000000000000",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x0000 err:-4096",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x0000 err:-99999999999999999999",
        "18446744073709.551616 sim0 read phy:0x05 reg:0x02 val:0xffff",
        "18446744073710 sim0 read phy:0x05 reg:0x02 val:0xffff",
        "99999999999999999999999.000000 sim0 read phy:0x05 reg:0x02 val:0xffff",
        /* Missing fields */
        "3.563068",
        "3.563068 usb-001:002",
        "3.563068 usb-001:002 read",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01",
        "3.563068 read phy:0x10 reg:0x01 val:0x7809",
        "3.563068 usb-001:002 read phy:0x10 val:0x7809 reg:0x01",
        /* Garbage after the fields */
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x7809 x",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x7809 err:-5 x",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x7809zz",
        /* Malformed fields */
        "3.563068 usb-001:002 reads phy:0x10 reg:0x01 val:0x7809",
        "3.563068 usb-001:002 READ phy:0x10 reg:0x01 val:0x7809",
        "3.563068 usb-001:002 read phy:10 reg:0x01 val:0x7809",
        "3.563068 usb-001:002 read phy:-0x1 reg:0x01 val:0x7809",
        "3.563068 usb-001:002 read phy:0x-1 reg:0x01 val:0x7809",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x0x7809",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 value:0x7809",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x0000 err:-0",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x0000 err:5",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x0000 err:-",
        "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x0000 err:-5x",
        "3.563068 " LONGEST_BUS_ID "x read phy:0x05 reg:0x02 val:0xffff",
        /* Bad timestamps */
        "3.1234567 usb-001:002 read phy:0x10 reg:0x01 val:0x7809",
        "3. usb-001:002 read phy:0x10 reg:0x01 val:0x7809",
        "3.56x068 usb-001:002 read phy:0x10 reg:0x01 val:0x7809",
        "3.563.068 usb-001:002 read phy:0x10 reg:0x01 val:0x7809",
        /* The kernel's form */
        "kworker/0:1-12 [000] ..... 3.1234567: mdio_access: usb-001:002 read  phy:0x10 "
        "reg:0x01 val:0x7809",
        "kworker/0:1-12 [000] ..... 99999999999999999999.000000: mdio_access: usb-001:002 "
        "read  phy:0x10 reg:0x01 val:0x7809",
        "kworker/0:1-12 [000] ..... 3.563068: mdio_access: usb-001:002 read  phy:0x21 "
        "reg:0x01 val:0x7809",
        "kworker/0:1-12 [000] ..... 3.563068: mdio_access: usb-001:002 read  phy:0x10",
        "kworker/0:1-12 [000] ..... 3.563068: mdio_access:",
        "kworker/0:1-12 [000] ..... mdio_access: usb-001:002 read  phy:0x10 reg:0x01 val:0x7809",
        "mdio_access: usb-001:002 read  phy:0x10 reg:0x01 val:0x7809",
};

static void test_parse_invalid(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(parse_invalid_lines); i++) {
                const char *s = parse_invalid_lines[i];
                MdioTraceLine line = { .bus_id = "untouched", .access.val = 0x1234 };
                int r;

                r = mdio_trace_parse_line(s, &line);
                if (r != -EINVAL)
                        fail_msg("\"%s\": %d, expected -EINVAL", s, r);
                assert_string_equal(line.bus_id, "untouched");
                assert_int_equal(line.access.val, 0x1234);
        }

        assert_int_equal(mdio_trace_parse_line(NULL, &(MdioTraceLine) {}), -EINVAL);
        assert_int_equal(mdio_trace_parse_line(parse_access_cases[0].line, NULL), -EINVAL);
}

/* A line longer than any access can be: another event's is skipped, an access's is not. */
static void test_parse_long_lines(void **state)
{
        char s[2048];
        MdioTraceLine line;
        int n;

        n = snprintf(s, sizeof(s), "kworker/0:1-12 [000] ..... 3.660000: console: %01500d", 0);
        assert_true(n > 0 && (size_t) n < sizeof(s));
        assert_int_equal(mdio_trace_parse_line(s, &line), 0);

        n = snprintf(s, sizeof(s), "# %01500d", 0);
        assert_true(n > 0 && (size_t) n < sizeof(s));
        assert_int_equal(mdio_trace_parse_line(s, &line), 0);

        n = snprintf(s, sizeof(s), "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x7809 %01500d",
                     0);
        assert_true(n > 0 && (size_t) n < sizeof(s));
        assert_int_equal(mdio_trace_parse_line(s, &line), -EINVAL);

        n = snprintf(s, sizeof(s), "3.563068 usb-001:002 read phy:0x10 reg:0x01 val:0x%01500d", 0);
        assert_true(n > 0 && (size_t) n < sizeof(s));
        assert_int_equal(mdio_trace_parse_line(s, &line), -EINVAL);
}

/* The kernel recording the fidelity tier compares against: every line must be an access or
 * a comment, and every access line must read back exactly as we would have written it. */
static void test_parse_kernel_trace_file(void **state)
{
        size_t n_lines = 0, n_expected = 0, n_accesses = 0;
        uint64_t last_usec = 0;
        char s[512];
        FILE *f;

        f = fopen(TRACE_FILE, "re");
        assert_non_null(f);

        while (fgets(s, sizeof(s), f)) {
                char formatted[MDIO_TRACE_LINE_MAX], *nl;
                MdioTraceLine line;
                size_t len;
                int r;

                n_lines++;
                nl = strchr(s, '\n');
                assert_non_null(nl); /* no line longer than s */
                *nl = '\0';
                len = (size_t) (nl - s);

                /* Counted independently of the parser: non-empty, not a comment. */
                if (len > 0 && s[0] != '#')
                        n_expected++;

                r = mdio_trace_parse_line(s, &line);
                if (r != 0 && r != 1)
                        fail_msg("line %zu \"%s\": %d", n_lines, s, r);
                if (r == 0)
                        continue;
                n_accesses++;

                assert_string_equal(line.bus_id, "usb-001:002");
                assert_true(line.access.usec >= last_usec);
                last_usec = line.access.usec;

                assert_int_equal(mdio_trace_format(line.bus_id, &line.access, formatted,
                                                   sizeof(formatted)),
                                 len);
                assert_string_equal(formatted, s);
        }
        assert_false(ferror(f));
        fclose(f);

        assert_true(n_expected > 0);
        assert_int_equal(n_accesses, n_expected);
}

static char *read_file(const char *path)
{
        char *buf;
        FILE *f;
        long size;

        f = fopen(path, "re");
        assert_non_null(f);
        assert_int_equal(fseek(f, 0, SEEK_END), 0);
        size = ftell(f);
        assert_true(size >= 0);
        rewind(f);

        buf = calloc(1, (size_t) size + 1);
        assert_non_null(buf);
        assert_int_equal(fread(buf, 1, (size_t) size, f), (size_t) size);
        fclose(f);
        return buf;
}

/* What --trace-mdio writes: one line per access, through the bus's tracer, on the bus's
 * clock, appended to what the file already holds. */
static void test_trace_file(void **state)
{
        const char *tmpdir = getenv("TMPDIR") ?: "/tmp";
        _cleanup_free_ char *contents = NULL;
        char path[256];
        MdioTraceFile *file;
        MdioBus *bus;
        Clock c;
        int fd;

        assert_true((size_t) snprintf(path, sizeof(path), "%s/test-mdio-trace-XXXXXX", tmpdir) <
                    sizeof(path));
        fd = mkstemp(path);
        assert_true(fd >= 0);
        assert_int_equal(write(fd, "# existing\n", 11), 11);
        close(fd);

        clock_virtual_init(&c, 1500000);
        assert_int_equal(mdio_sim_bus_new("sim0", &c, &bus), 0);
        assert_int_equal(mdio_trace_file_open(path, &file), 0);
        mdio_bus_set_tracer(bus, mdio_trace_file_write, file);

        /* Nobody at address 5: the bus's pull-up answers, and writes go nowhere. */
        assert_int_equal(mdio_bus_read(bus, 5, MDIO_DEVAD_NONE, 0x02), 0xffff);
        clock_virtual_advance_to(&c, 2000001);
        assert_int_equal(mdio_bus_write(bus, 5, MDIO_DEVAD_NONE, 0x00, 0x8000), 0);

        /* Without a tracer, nothing more is written. */
        mdio_bus_set_tracer(bus, NULL, NULL);
        assert_int_equal(mdio_bus_read(bus, 5, MDIO_DEVAD_NONE, 0x03), 0xffff);

        assert_null(mdio_trace_file_close(file));
        mdio_bus_free(bus);

        contents = read_file(path);
        assert_int_equal(unlink(path), 0);
        assert_string_equal(contents,
                            "# existing\n"
                            "1.500000 sim0 read phy:0x05 reg:0x02 val:0xffff\n"
                            "2.000001 sim0 write phy:0x05 reg:0x00 val:0x8000\n");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_format),
                cmocka_unit_test(test_format_enobufs),
                cmocka_unit_test(test_parse_round_trip),
                cmocka_unit_test(test_parse_access),
                cmocka_unit_test(test_parse_no_access),
                cmocka_unit_test(test_parse_invalid),
                cmocka_unit_test(test_parse_long_lines),
                cmocka_unit_test(test_parse_kernel_trace_file),
                cmocka_unit_test(test_trace_file),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
