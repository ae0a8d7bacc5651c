/* SPDX-License-Identifier: GPL-2.0-or-later */

/* phyd-dispatcher's --timeout= values: time spans as systemd writes them (systemd.time(7)),
 * parsed, and formatted back for the log ("timed out after 30s"). */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dispatcher-time.h"
#include "phyd/macro.h"

static const struct {
        const char *text;
        uint64_t usec;
} valid[] = {
        { "30s", 30 * USEC_PER_SEC },
        { "30", 30 * USEC_PER_SEC }, /* a bare number is seconds */
        { "500ms", 500 * USEC_PER_MSEC },
        { "250 msec", 250 * USEC_PER_MSEC },
        { "1.5s", 1500 * USEC_PER_MSEC },
        { ".5s", 500 * USEC_PER_MSEC },
        { "2min", 120 * USEC_PER_SEC },
        { "1min 30s", 90 * USEC_PER_SEC },
        { "1m30s", 90 * USEC_PER_SEC },
        { "1h", 3600 * USEC_PER_SEC },
        { "1d", 86400 * USEC_PER_SEC },
        { "7us", 7 },
        { " 10s", 10 * USEC_PER_SEC },
        { "0", 0 },
        /* A fraction counts to six digits. */
        { "0.0000019s", 1 },
        { "infinity", USEC_INFINITY },
};

static const char *const invalid[] = {
        "", "s", ".", "-1s", "10x", "1.2.3s", "30 s s", "infinity 1s", "1s infinity", "1 2", "1s 2",
        /* Overflows, whole and summed. */
        "18446744073709551616us", "300000000000d", "18446744073709551614us 1us",
};

static const struct {
        uint64_t usec;
        const char *text;
} formatted[] = {
        { 30 * USEC_PER_SEC, "30s" },
        { 500 * USEC_PER_MSEC, "500ms" },
        { 90 * USEC_PER_SEC, "1min 30s" },
        { 1500 * USEC_PER_MSEC, "1s 500ms" },
        { 3600 * USEC_PER_SEC + 1, "1h 1us" },
        { 0, "0" },
        { USEC_INFINITY, "infinity" },
};

static void test_parse_valid(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(valid); i++) {
                uint64_t usec = 42;

                assert_int_equal(parse_timespan(valid[i].text, &usec), 0);
                assert_true(usec == valid[i].usec);
        }
}

static void test_parse_invalid(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(invalid); i++) {
                uint64_t usec = 42;
                int r = parse_timespan(invalid[i], &usec);

                if (r != -EINVAL && r != -ERANGE)
                        fail_msg("'%s' parsed: %d", invalid[i], r);
                /* Untouched on failure. */
                assert_true(usec == 42);
        }
        assert_int_equal(parse_timespan("18446744073709551616us", &(uint64_t){ 0 }), -ERANGE);
        assert_int_equal(parse_timespan("10x", &(uint64_t){ 0 }), -EINVAL);
}

static void test_format(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(formatted); i++) {
                char buf[FORMAT_TIMESPAN_MAX];

                assert_string_equal(format_timespan(buf, sizeof(buf), formatted[i].usec),
                                    formatted[i].text);
        }
}

/* What the log says parses back to the same span. */
static void test_round_trip(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(valid); i++) {
                char buf[FORMAT_TIMESPAN_MAX];
                uint64_t usec = 42;

                assert_int_equal(parse_timespan(format_timespan(buf, sizeof(buf), valid[i].usec),
                                                &usec),
                                 0);
                assert_true(usec == valid[i].usec);
        }
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse_valid),
                cmocka_unit_test(test_parse_invalid),
                cmocka_unit_test(test_format),
                cmocka_unit_test(test_round_trip),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
