/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * The parser of the systemd unit-file dialect (src/daemon/conf-parser.c): the value parsers,
 * the file syntax of systemd.syntax(7), drop-ins, and every error message exactly, FILE:LINE
 * included. Expected values are written from systemd's documented behaviour, not from the
 * code under test.
 */

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <errno.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf-parser.h"
#include "conf-test-util.h"
#include "phyd/macro.h"
#include "phyd/string-table.h"

static char *write_file(const char *dir, const char *name, const char *content)
{
        return write_file_len(dir, name, content, 0);
}

/* The settings the test tables fill: one of each generic handler, and a handler that
 * records every call so that order, lines and joined values can be checked. */

typedef enum Colour {
        COLOUR_RED,
        COLOUR_GREEN,
        COLOUR_BLUE,
        _COLOUR_MAX,
        _COLOUR_INVALID = -22,
} Colour;

static const char *const colour_table[_COLOUR_MAX] = {
        [COLOUR_RED] = "red",
        [COLOUR_GREEN] = "green",
        [COLOUR_BLUE] = "blue",
};

DECLARE_STRING_TABLE_LOOKUP(colour, Colour);
DEFINE_STRING_TABLE_LOOKUP(colour, Colour);

typedef struct Settings {
        int flag;
        char **words;
        char **globs;
        Colour colour;
        int number;
        uint64_t span;
        char record[4096]; /* "file:line:section:key=value;" per call */
} Settings;

static void settings_init(Settings *s)
{
        *s = (Settings) { .flag = -1, .colour = _COLOUR_INVALID, .number = -1 };
}

static void settings_done(Settings *s)
{
        strv_free(s->words);
        strv_free(s->globs);
}

static DEFINE_CONFIG_PARSE_ENUM(config_parse_colour, colour, Colour);

/* 1..100, the way phyd's own range handlers are written. */
static CONFIG_PARSER_PROTOTYPE(config_parse_number)
{
        int *p = config_item_data(item, userdata);
        unsigned n;

        if (value[0] == '\0') {
                *p = -1;
                return 0;
        }
        if (parse_unsigned_range(value, 1, 100, &n) < 0)
                return config_error(err, filename, line, "Invalid %s=%s, expected 1..100", key,
                                    value);
        *p = (int) n;
        return 0;
}

static CONFIG_PARSER_PROTOTYPE(config_parse_span)
{
        uint64_t *p = config_item_data(item, userdata);

        if (value[0] == '\0') {
                *p = 0;
                return 0;
        }
        if (parse_timespan(value, p) < 0)
                return config_error(err, filename, line, "Invalid %s=%s, expected a time span",
                                    key, value);
        return 0;
}

static CONFIG_PARSER_PROTOTYPE(config_parse_record)
{
        Settings *s = userdata;
        const char *base = strrchr(filename, '/');
        size_t n = strlen(s->record);

        snprintf(s->record + n, sizeof(s->record) - n, "%s:%u:%s:%s=%s;",
                 base ? base + 1 : filename, line, section, key, value);
        return 0;
}

/* An allocation or similar failure: a negative errno and no message. */
static CONFIG_PARSER_PROTOTYPE(config_parse_fail)
{
        return -ENOBUFS;
}

static const ConfigItem items[] = {
        { "A", "Flag", config_parse_tristate, offsetof(Settings, flag) },
        { "A", "Words", config_parse_strv, offsetof(Settings, words) },
        { "A", "Globs", config_parse_match_strv, offsetof(Settings, globs) },
        { "B", "Colour", config_parse_colour, offsetof(Settings, colour) },
        { "B", "Number", config_parse_number, offsetof(Settings, number) },
        { "B", "Span", config_parse_span, offsetof(Settings, span) },
        { "B", "Record", config_parse_record, 0 },
        { "B", "Fail", config_parse_fail, 0 },
};

#define ITEM_FLAG 0
#define ITEM_WORDS 1
#define ITEM_COLOUR 3
#define ITEM_RECORD 6

static void assert_strv(char *const *got, const char *const *expected)
{
        size_t n = 0;

        for (; expected && expected[n]; n++) {
                assert_non_null(got);
                assert_non_null(got[n]);
                assert_string_equal(got[n], expected[n]);
        }
        if (n == 0)
                assert_true(!got || !got[0]);
        else
                assert_null(got[n]);
}

#define STRV(...) ((const char *const[]) { __VA_ARGS__, NULL })

/*
 * Value parsers.
 */

typedef struct BooleanCase {
        const char *s;
        int expected;
} BooleanCase;

static const BooleanCase boolean_cases[] = {
        { "1", 1 },     { "yes", 1 },   { "y", 1 },      { "true", 1 },   { "t", 1 },
        { "on", 1 },    { "YES", 1 },   { "Y", 1 },      { "True", 1 },   { "T", 1 },
        { "On", 1 },    { "0", 0 },     { "no", 0 },     { "n", 0 },      { "false", 0 },
        { "f", 0 },     { "off", 0 },   { "NO", 0 },     { "N", 0 },      { "FALSE", 0 },
        { "F", 0 },     { "Off", 0 },   { "", -EINVAL }, { "2", -EINVAL }, { "yess", -EINVAL },
        { " yes", -EINVAL }, { "yes ", -EINVAL }, { "ja", -EINVAL }, { "nope", -EINVAL },
        { "onn", -EINVAL }, { "-1", -EINVAL }, { "enabled", -EINVAL },
};

static void test_parse_boolean(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(boolean_cases); i++)
                if (parse_boolean(boolean_cases[i].s) != boolean_cases[i].expected)
                        fail_msg("parse_boolean(\"%s\") = %d, expected %d", boolean_cases[i].s,
                                 parse_boolean(boolean_cases[i].s), boolean_cases[i].expected);
        assert_int_equal(parse_boolean(NULL), -EINVAL);
}

typedef struct UnsignedCase {
        const char *s;
        unsigned min, max;
        int r;
        unsigned expected;
} UnsignedCase;

static const UnsignedCase unsigned_cases[] = {
        { "0", 0, 31, 0, 0 },
        { "31", 0, 31, 0, 31 },
        { "16", 0, 31, 0, 16 },
        { "010", 0, 31, 0, 10 }, /* decimal, not octal */
        { "0x10", 0, 31, 0, 16 },
        { "0X1f", 0, 31, 0, 31 },
        { "0x1F", 0, 31, 0, 31 },
        { "4294967295", 0, UINT_MAX, 0, UINT_MAX },
        { "0xffffffff", 0, UINT_MAX, 0, UINT_MAX },
        { "10", 10, 10, 0, 10 },
        { "32", 0, 31, -ERANGE, 0 },
        { "0x20", 0, 31, -ERANGE, 0 },
        { "9", 10, 100, -ERANGE, 0 },
        { "4294967296", 0, UINT_MAX, -ERANGE, 0 },
        { "99999999999999999999999", 0, UINT_MAX, -ERANGE, 0 },
        { "", 0, 31, -EINVAL, 0 },
        { "0x", 0, 31, -EINVAL, 0 },
        { "-1", 0, 31, -EINVAL, 0 },
        { "+1", 0, 31, -EINVAL, 0 },
        { " 1", 0, 31, -EINVAL, 0 },
        { "1 ", 0, 31, -EINVAL, 0 },
        { "1a", 0, 31, -EINVAL, 0 },
        { "0x0x1", 0, 31, -EINVAL, 0 },
        { "0x-1", 0, 31, -EINVAL, 0 },
        { "1.0", 0, 31, -EINVAL, 0 },
        { "ten", 0, 31, -EINVAL, 0 },
};

static void test_parse_unsigned_range(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(unsigned_cases); i++) {
                const UnsignedCase *c = &unsigned_cases[i];
                unsigned v = 12345;
                int r;

                r = parse_unsigned_range(c->s, c->min, c->max, &v);
                if (r != c->r)
                        fail_msg("parse_unsigned_range(\"%s\", %u, %u) = %d, expected %d", c->s,
                                 c->min, c->max, r, c->r);
                /* ret_* untouched on failure. */
                assert_int_equal(v, c->r == 0 ? c->expected : 12345);
        }
        assert_int_equal(parse_unsigned_range(NULL, 0, 1, &(unsigned) { 0 }), -EINVAL);
}

#define SEC USEC_PER_SEC
#define MSEC USEC_PER_MSEC

typedef struct TimespanCase {
        const char *s;
        int r;
        uint64_t usec;
} TimespanCase;

static const TimespanCase timespan_cases[] = {
        /* The units, as systemd.time(7) spells them. */
        { "1s", 0, SEC },
        { "1sec", 0, SEC },
        { "1second", 0, SEC },
        { "2seconds", 0, 2 * SEC },
        { "100ms", 0, 100 * MSEC },
        { "100msec", 0, 100 * MSEC },
        { "500us", 0, 500 },
        { "500usec", 0, 500 },
        { "1m", 0, 60 * SEC },
        { "1min", 0, 60 * SEC },
        { "1minute", 0, 60 * SEC },
        { "2minutes", 0, 120 * SEC },
        { "1h", 0, 3600 * SEC },
        { "1hr", 0, 3600 * SEC },
        { "1hour", 0, 3600 * SEC },
        { "2hours", 0, 7200 * SEC },
        /* A bare number is seconds. */
        { "1", 0, SEC },
        { "0", 0, 0 },
        { "1.5", 0, 1500 * MSEC },
        /* Fractions, down to the microsecond and no further. */
        { "2.5s", 0, 2500 * MSEC },
        { ".5s", 0, 500 * MSEC },
        { "5.s", 0, 5 * SEC },
        { "0.5ms", 0, 500 },
        { "1.0000001s", 0, SEC },
        { "1.9us", 0, 1 },
        { "0.25min", 0, 15 * SEC },
        /* Whitespace between number and unit, and between components, which add up. */
        { "1 s", 0, SEC },
        { "1s 500ms", 0, 1500 * MSEC },
        { "1s500ms", 0, 1500 * MSEC },
        { "2 min 3 s", 0, 123 * SEC },
        { "1h 1min 1s 1ms 1us", 0, 3661 * SEC + MSEC + 1 },
        { "1 2", 0, 3 * SEC },
        { "  1s  ", 0, SEC },
        { "1s\t2s", 0, 3 * SEC },
        { "18446744073709551615us", 0, UINT64_MAX },
        { "5124095576h", 0, 5124095576ULL * 3600 * SEC },
        /* Garbage. */
        { "", -EINVAL, 0 },
        { "   ", -EINVAL, 0 },
        { "s", -EINVAL, 0 },
        { ".", -EINVAL, 0 },
        { ".s", -EINVAL, 0 },
        { "abc", -EINVAL, 0 },
        { "1x", -EINVAL, 0 },
        { "1 x", -EINVAL, 0 },
        { "1d", -EINVAL, 0 },
        { "1 fortnight", -EINVAL, 0 },
        { "1.5.5", -EINVAL, 0 },
        { "1mins", -EINVAL, 0 },
        { "1 ss", -EINVAL, 0 },
        { "+1s", -EINVAL, 0 },
        { "infinity", -EINVAL, 0 },
        { "1s,2s", -EINVAL, 0 },
        /* Negative spans and overflow. */
        { "-1s", -ERANGE, 0 },
        { "-0", -ERANGE, 0 },
        { "1s -1ms", -ERANGE, 0 },
        { "18446744073709551616us", -ERANGE, 0 },
        { "18446744073709551615us 1us", -ERANGE, 0 },
        { "5124095577h", -ERANGE, 0 },
        { "18446744073709551615.9s", -ERANGE, 0 },
        { "99999999999999999999999999s", -ERANGE, 0 },
};

static void test_parse_timespan(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(timespan_cases); i++) {
                const TimespanCase *c = &timespan_cases[i];
                uint64_t usec = 4242;
                int r;

                r = parse_timespan(c->s, &usec);
                if (r != c->r)
                        fail_msg("parse_timespan(\"%s\") = %d, expected %d", c->s, r, c->r);
                if (usec != (c->r == 0 ? c->usec : 4242))
                        fail_msg("parse_timespan(\"%s\") gave %llu, expected %llu", c->s,
                                 (unsigned long long) usec,
                                 (unsigned long long) (c->r == 0 ? c->usec : 4242));
        }
        assert_int_equal(parse_timespan(NULL, &(uint64_t) { 0 }), -EINVAL);
}

static void test_strv(void **state)
{
        _cleanup_(strv_freep) char **l = NULL, **m = NULL;

        assert_int_equal(strv_length(NULL), 0);
        assert_true(strv_equal(NULL, NULL));

        /* Nothing to add leaves the list as it was, NULL included. */
        assert_int_equal(strv_extend_words(&l, ""), 0);
        assert_null(l);
        assert_int_equal(strv_extend_words(&l, " \t "), 0);
        assert_null(l);

        assert_int_equal(strv_extend_words(&l, "  eth*\t!eth1  wl? "), 0);
        assert_strv(l, STRV("eth*", "!eth1", "wl?"));
        assert_int_equal(strv_extend_words(&l, "x"), 0);
        assert_int_equal(strv_extend(&l, "with space"), 0);
        assert_strv(l, STRV("eth*", "!eth1", "wl?", "x", "with space"));
        assert_int_equal(strv_length(l), 5);

        assert_int_equal(strv_extend_words(&m, "eth* !eth1 wl? x"), 0);
        assert_false(strv_equal(l, m));
        assert_int_equal(strv_extend(&m, "with space"), 0);
        assert_true(strv_equal(l, m));
        assert_true(strv_equal(m, l));
        assert_false(strv_equal(l, NULL));
        assert_false(strv_equal(NULL, l));

        /* The same entries in another order are another list. */
        m = strv_free(m);
        assert_null(m);
        assert_int_equal(strv_extend_words(&m, "!eth1 eth* wl? x"), 0);
        assert_int_equal(strv_extend(&m, "with space"), 0);
        assert_false(strv_equal(l, m));

        /* The empty vector equals NULL. */
        {
                char *empty[] = { NULL };

                assert_true(strv_equal(empty, NULL));
                assert_true(strv_equal(NULL, empty));
        }
}

typedef struct NetMatchCase {
        const char *const *patterns;
        const char *s;
        bool expected;
} NetMatchCase;

static const NetMatchCase net_match_cases[] = {
        /* The empty list matches anything, no name too. */
        { NULL, "eth0", true },
        { NULL, NULL, true },
        { (const char *const[]) { NULL }, "eth0", true },
        /* Positive globs: one must match. */
        { STRV("eth0"), "eth0", true },
        { STRV("eth0"), "eth01", false },
        { STRV("eth*"), "eth0", true },
        { STRV("eth*"), "wlan0", false },
        { STRV("eth*"), NULL, false },
        { STRV("eth?"), "eth10", false },
        { STRV("eth[0-3]"), "eth2", true },
        { STRV("eth[0-3]"), "eth5", false },
        { STRV("en*", "wl*"), "wlp2s0", true },
        { STRV("en*", "wl*"), "eth0", false },
        /* Negative globs: none may match; alone, everything else matches. */
        { STRV("!eth1"), "eth0", true },
        { STRV("!eth1"), "eth1", false },
        { STRV("!eth1"), NULL, true },
        { STRV("!eth1", "!eth2"), "eth3", true },
        { STRV("!eth1", "!eth2"), "eth2", false },
        { STRV("!eth*"), "eth7", false },
        /* Both: a negative match wins, whatever the order. */
        { STRV("eth*", "!eth1"), "eth0", true },
        { STRV("eth*", "!eth1"), "eth1", false },
        { STRV("!eth1", "eth*"), "eth1", false },
        { STRV("eth*", "!eth1"), "wlan0", false },
        { STRV("eth*", "!eth1"), NULL, false },
        /* Globs are fnmatch(3) without FNM_PATHNAME: '*' crosses '/' and ':'. */
        { STRV("pci-*"), "pci-0000:00:1f.6", true },
        { STRV("platform-*usb*"), "platform-xhci-hcd.0.auto-usb-0:1:1.0", true },
};

static void test_strv_net_match(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(net_match_cases); i++) {
                const NetMatchCase *c = &net_match_cases[i];

                if (strv_net_match((char *const *) c->patterns, c->s) != c->expected)
                        fail_msg("case %zu: \"%s\" expected %s", i, c->s ? c->s : "(null)",
                                 c->expected ? "to match" : "not to match");
        }
}

static void test_choices(void **state)
{
        char buf[64] = "";

        config_choices_append(buf, sizeof(buf), 0, "a", false);
        assert_string_equal(buf, "a");
        config_choices_append(buf, sizeof(buf), 1, "b", false);
        assert_string_equal(buf, "a, b");
        config_choices_append(buf, sizeof(buf), 2, "c", true);
        assert_string_equal(buf, "a, b or c");

        buf[0] = '\0';
        config_choices_append(buf, sizeof(buf), 0, "only", true);
        assert_string_equal(buf, "only");

        /* Cut, never overrun. */
        {
                char small[6] = "";

                config_choices_append(small, sizeof(small), 0, "abcdefgh", true);
                assert_string_equal(small, "abcde");
                config_choices_append(small, sizeof(small), 1, "x", true);
                assert_string_equal(small, "abcde");
        }
}

static void test_colour_table(void **state)
{
        static const char *const names[_COLOUR_MAX] = { "red", "green", "blue" };

        for (Colour c = 0; c < _COLOUR_MAX; c++) {
                assert_string_equal(colour_to_string(c), names[c]);
                assert_int_equal(colour_from_string(names[c]), c);
        }
        assert_null(colour_to_string(_COLOUR_MAX));
        assert_int_equal(colour_from_string("Red"), _COLOUR_INVALID);
}

/*
 * The file syntax: content -> settings.
 */

typedef struct ParseCase {
        const char *name;
        const char *content;
        int flag;
        const char *const *words;
        const char *const *globs;
        Colour colour;
        int number;
        uint64_t span;
        const char *record;
} ParseCase;

/* Defaults of Settings, for the cases that leave a setting alone. */
#define UNSET .flag = -1, .colour = _COLOUR_INVALID, .number = -1

static const ParseCase parse_cases[] = {
        {
                .name = "every handler",
                .content = "[A]\n"
                           "Flag=yes\n"
                           "Words=a b\n"
                           "Globs=eth* !eth1\n"
                           "[B]\n"
                           "Colour=green\n"
                           "Number=7\n"
                           "Span=1s 500ms\n"
                           "Record=x\n",
                .flag = 1, .words = STRV("a", "b"), .globs = STRV("eth*", "!eth1"),
                .colour = COLOUR_GREEN, .number = 7, .span = 1500 * MSEC,
                .record = "f.conf:9:B:Record=x;",
        },
        {
                .name = "empty file",
                .content = "",
                UNSET,
        },
        {
                .name = "whitespace around section, key and value",
                .content = "  [A]  \n\t Flag \t=  \t no \t\n  [B]\nRecord =  a  b  \n",
                .flag = 0, .colour = _COLOUR_INVALID, .number = -1,
                .record = "f.conf:4:B:Record=a  b;",
        },
        {
                .name = "comments and blank lines",
                .content = "# comment\n"
                           "; comment\n"
                           "\n"
                           "[A]\n"
                           "   # indented comment\n"
                           "\t; indented comment\n"
                           "   \n"
                           "Flag=1\n"
                           "#Flag=0\n",
                .flag = 1, .colour = _COLOUR_INVALID, .number = -1,
        },
        {
                .name = "# and ; inside a value are not comments",
                .content = "[A]\nWords=a#b ;c #d\n",
                .words = STRV("a#b", ";c", "#d"), UNSET,
        },
        {
                .name = "= inside a value",
                .content = "[B]\nRecord=a=b=\n",
                UNSET, .record = "f.conf:2:B:Record=a=b=;",
        },
        {
                .name = "continuation: the backslash becomes a space, the line its first",
                .content = "[A]\nWords=a \\\n  b\\\nc\n[B]\nRecord=one\\\ntwo\n",
                .words = STRV("a", "b", "c"), UNSET, .record = "f.conf:6:B:Record=one two;",
        },
        {
                .name = "continuation: comment lines inside are skipped (systemd.syntax(7))",
                .content = "[B]\nRecord=x \\\n# ignored\n; ignored too\n  y\nRecord=z\n",
                UNSET, .record = "f.conf:2:B:Record=x    y;f.conf:6:B:Record=z;",
        },
        {
                .name = "continuation: an empty line ends it",
                .content = "[B]\nRecord=a\\\n\nRecord=b\n",
                UNSET, .record = "f.conf:2:B:Record=a;f.conf:4:B:Record=b;",
        },
        {
                .name = "continuation: at the end of the file it continues into nothing",
                .content = "[B]\nRecord=last\\",
                UNSET, .record = "f.conf:2:B:Record=last;",
        },
        {
                .name = "continuation: an escaped backslash does not continue",
                .content = "[B]\nRecord=a\\\\\nRecord=b\\\\\\\nc\n",
                UNSET, .record = "f.conf:2:B:Record=a\\\\;f.conf:3:B:Record=b\\\\ c;",
        },
        {
                .name = "continuation: trailing whitespace after the backslash",
                .content = "[A]\nWords=a\\  \t\nb\n",
                .words = STRV("a", "b"), UNSET,
        },
        {
                .name = "CRLF line ends",
                .content = "[A]\r\nFlag=on\r\nWords=x \\\r\n y\r\n",
                .flag = 1, .words = STRV("x", "y"), .colour = _COLOUR_INVALID, .number = -1,
        },
        {
                .name = "a UTF-8 byte order mark",
                .content = "\xef\xbb\xbf[A]\nFlag=1\n",
                .flag = 1, .colour = _COLOUR_INVALID, .number = -1,
        },
        {
                .name = "empty assignment resets",
                .content = "[A]\n"
                           "Flag=yes\n"
                           "Flag=\n"
                           "Words=a b\n"
                           "Words=\n"
                           "Words=c\n"
                           "Globs=x\n"
                           "Globs=   \n"
                           "[B]\n"
                           "Colour=blue\n"
                           "Colour=\n"
                           "Number=5\n"
                           "Number=\n"
                           "Span=1s\n"
                           "Span=\n"
                           "Record=\n",
                .words = STRV("c"), UNSET, .record = "f.conf:16:B:Record=;",
        },
        {
                .name = "later assignments win, lists accumulate",
                .content = "[A]\nFlag=yes\nWords=a\nFlag=no\nWords=b c\n[B]\nColour=red\n"
                           "Colour=blue\nNumber=1\nNumber=100\n",
                .flag = 0, .words = STRV("a", "b", "c"), .colour = COLOUR_BLUE, .number = 100,
        },
        {
                .name = "a section may come back",
                .content = "[A]\nFlag=1\n[B]\nColour=red\n[A]\nWords=z\n[B]\nNumber=3\n",
                .flag = 1, .words = STRV("z"), .colour = COLOUR_RED, .number = 3,
        },
        {
                .name = "X- sections and X- keys are extensions, ignored",
                .content = "[X-Vendor]\nAnything=1\nFlag=garbage\n[A]\nX-Note=hi\nFlag=0\n",
                .flag = 0, .colour = _COLOUR_INVALID, .number = -1,
        },
        {
                .name = "an empty section",
                .content = "[A]\n[B]\n",
                UNSET,
        },
};

static void test_parse_cases(void **state)
{
        const char *dir = *state;

        for (size_t i = 0; i < ELEMENTSOF(parse_cases); i++) {
                const ParseCase *c = &parse_cases[i];
                _cleanup_free_ char *path = NULL;
                ConfigError err = { "untouched" };
                Settings s;
                int r;

                print_message("# %s\n", c->name);
                path = write_file(dir, "f.conf", c->content);
                settings_init(&s);
                r = config_parse_file(path, items, ELEMENTSOF(items), &s, &err);
                if (r < 0)
                        fail_msg("%s: %s", c->name, err.message);
                assert_int_equal(r, 0);
                /* Success leaves the error alone. */
                assert_string_equal(err.message, "untouched");

                assert_int_equal(s.flag, c->flag);
                assert_strv(s.words, c->words);
                assert_strv(s.globs, c->globs);
                assert_int_equal(s.colour, c->colour);
                assert_int_equal(s.number, c->number);
                assert_int_equal(s.span, c->span);
                assert_string_equal(s.record, c->record ? c->record : "");
                settings_done(&s);
        }
}

/*
 * Errors: content -> "FILE:LINE: message", FILE being the path written (%s).
 */

typedef struct ErrorCase {
        const char *content;
        size_t len; /* 0: strlen(content) */
        int r;
        const char *error;
} ErrorCase;

static const ErrorCase error_cases[] = {
        { "[A]\nFlag=1\nFlg=1\n", 0, -EINVAL, "%s:3: Unknown key \"Flg\" in section [A]" },
        /* Keys are case-sensitive, as in systemd. */
        { "[A]\nflag=1\n", 0, -EINVAL, "%s:2: Unknown key \"flag\" in section [A]" },
        /* A key of another section. */
        { "[A]\nColour=red\n", 0, -EINVAL, "%s:2: Unknown key \"Colour\" in section [A]" },
        { "[B]\nRec\\\nord=x\n", 0, -EINVAL, "%s:2: Unknown key \"Rec ord\" in section [B]" },
        { "[C]\n", 0, -EINVAL, "%s:1: Unknown section [C]" },
        { "[A]\nFlag=1\n\n[a]\n", 0, -EINVAL, "%s:4: Unknown section [a]" },
        { "# comment\nFlag=1\n[A]\n", 0, -EINVAL, "%s:2: Key \"Flag\" outside of any section" },
        { "X-Vendor=1\n", 0, -EINVAL, "%s:1: Key \"X-Vendor\" outside of any section" },
        { "[A]\nFlag\n", 0, -EINVAL,
          "%s:2: Invalid line \"Flag\", expected [Section] or Key=Value" },
        { "Flag\n", 0, -EINVAL, "%s:1: Invalid line \"Flag\", expected [Section] or Key=Value" },
        { "[A]\n=1\n", 0, -EINVAL, "%s:2: Missing key before \"=1\"" },
        { "[A]\n  =  \n", 0, -EINVAL, "%s:2: Missing key before \"=\"" },
        { "[A\n", 0, -EINVAL, "%s:1: Invalid section header \"[A\"" },
        { "[]\n", 0, -EINVAL, "%s:1: Invalid section header \"[]\"" },
        { "[A]]\n", 0, -EINVAL, "%s:1: Invalid section header \"[A]]\"" },
        { "[[A]\n", 0, -EINVAL, "%s:1: Invalid section header \"[[A]\"" },
        { "[A] # comment\n", 0, -EINVAL, "%s:1: Invalid section header \"[A] # comment\"" },
        { "[A]\nFlag=maybe\n", 0, -EINVAL, "%s:2: Invalid Flag=maybe, expected a boolean" },
        { "[B]\nColour=pink\n", 0, -EINVAL,
          "%s:2: Invalid Colour=pink, expected red, green or blue" },
        { "[B]\nColour=Red\n", 0, -EINVAL,
          "%s:2: Invalid Colour=Red, expected red, green or blue" },
        { "[B]\nNumber=101\n", 0, -EINVAL, "%s:2: Invalid Number=101, expected 1..100" },
        { "[B]\nSpan=1 fortnight\n", 0, -EINVAL,
          "%s:2: Invalid Span=1 fortnight, expected a time span" },
        /* An error in a continued line is at its first line. */
        { "[A]\n\nFlag=ma\\\n\\\nybe\n", 0, -EINVAL,
          "%s:3: Invalid Flag=ma  ybe, expected a boolean" },
        { "[A]\nGlobs=eth* !\n", 0, -EINVAL,
          "%s:2: Invalid Globs= entry \"!\", expected a glob after \"!\"" },
        { "[A]\nFl\0ag=1\n", 12, -EINVAL, "%s:2: Line contains a NUL byte" },
        /* A handler failing without a message. */
        { "[B]\nFail=x\n", 0, -ENOBUFS, "%s:2: Failed to parse Fail=x: No buffer space available" },
        /* The first error stops the parse: line 2, not line 3. */
        { "[A]\nFlag=2\nFlag=3\n", 0, -EINVAL, "%s:2: Invalid Flag=2, expected a boolean" },
};

static void test_error_cases(void **state)
{
        const char *dir = *state;

        for (size_t i = 0; i < ELEMENTSOF(error_cases); i++) {
                const ErrorCase *c = &error_cases[i];
                _cleanup_free_ char *path = NULL;
                ConfigError err = {};
                char expected[CONFIG_ERROR_MAX];
                Settings s;
                int r;

                path = write_file_len(dir, "e.conf", c->content, c->len);
                snprintf(expected, sizeof(expected), c->error, path);
                settings_init(&s);
                r = config_parse_file(path, items, ELEMENTSOF(items), &s, &err);
                settings_done(&s);
                if (r != c->r || !streq(err.message, expected))
                        fail_msg("case %zu: got %d \"%s\", expected %d \"%s\"", i, r,
                                 err.message, c->r, expected);
                /* One line. */
                assert_null(strchr(err.message, '\n'));

                /* No ConfigError: the same result, no message anywhere. */
                settings_init(&s);
                assert_int_equal(config_parse_file(path, items, ELEMENTSOF(items), &s, NULL),
                                 c->r);
                settings_done(&s);
        }
}

static void test_long_lines(void **state)
{
        const char *dir = *state;
        size_t n = 1024 * 1024 + 16;
        _cleanup_free_ char *content = NULL, *path = NULL;
        char expected[CONFIG_ERROR_MAX];
        ConfigError err = {};
        Settings s;

        /* A line just under systemd's LONG_LINE_MAX is fine. */
        content = malloc(n + 1);
        assert_non_null(content);
        strcpy(content, "[A]\nWords=");
        memset(content + strlen(content), 'w', 1024 * 1024 - strlen("Words=") - 1);
        strcpy(content + strlen("[A]\n") + 1024 * 1024 - 1, "\n");
        path = write_file(dir, "long.conf", content);
        settings_init(&s);
        assert_int_equal(config_parse_file(path, items, ELEMENTSOF(items), &s, &err), 0);
        assert_int_equal(strlen(s.words[0]), 1024 * 1024 - strlen("Words=") - 1);
        settings_done(&s);
        free(path);

        /* One longer is not. */
        strcpy(content, "[A]\nWords=");
        memset(content + strlen(content), 'w', 1024 * 1024);
        strcpy(content + strlen("[A]\nWords=") + 1024 * 1024, "\n");
        path = write_file(dir, "long.conf", content);
        snprintf(expected, sizeof(expected), "%s:2: Line too long", path);
        settings_init(&s);
        assert_int_equal(config_parse_file(path, items, ELEMENTSOF(items), &s, &err), -EINVAL);
        assert_string_equal(err.message, expected);
        settings_done(&s);
        free(path);

        /* Nor when continued lines add up to it; the error is at the first line. */
        {
                size_t chunk = 1000, lines = 1024 * 1024 / chunk + 2, off;

                free(content);
                content = malloc(strlen("[A]\n\nWords=") + lines * (chunk + 2) + 1);
                assert_non_null(content);
                off = (size_t) sprintf(content, "[A]\n\nWords=");
                for (size_t i = 0; i < lines; i++) {
                        memset(content + off, 'x', chunk - 1);
                        off += chunk - 1;
                        content[off++] = ' ';
                        content[off++] = '\\';
                        content[off++] = '\n';
                }
                content[off] = '\0';
                path = write_file(dir, "long.conf", content);
                snprintf(expected, sizeof(expected), "%s:3: Line too long", path);
                settings_init(&s);
                assert_int_equal(config_parse_file(path, items, ELEMENTSOF(items), &s, &err),
                                 -EINVAL);
                assert_string_equal(err.message, expected);
                settings_done(&s);
        }
}

static void test_io_errors(void **state)
{
        const char *dir = *state;
        _cleanup_free_ char *missing = NULL, *subdir = NULL;
        char expected[CONFIG_ERROR_MAX];
        ConfigError err = {};
        Settings s;

        missing = path_join(dir, "missing.conf");
        snprintf(expected, sizeof(expected), "%s: Failed to read: No such file or directory",
                 missing);
        settings_init(&s);
        assert_int_equal(config_parse_file(missing, items, ELEMENTSOF(items), &s, &err),
                         -ENOENT);
        assert_string_equal(err.message, expected);

        /* A directory opens, and fails on the first read. */
        subdir = path_join(dir, "dir.conf");
        assert_int_equal(mkdir(subdir, 0755), 0);
        snprintf(expected, sizeof(expected), "%s: Failed to read: Is a directory", subdir);
        assert_int_equal(config_parse_file(subdir, items, ELEMENTSOF(items), &s, &err),
                         -EISDIR);
        assert_string_equal(err.message, expected);

        /* Without a ConfigError. */
        assert_int_equal(config_parse_file(missing, items, ELEMENTSOF(items), &s, NULL),
                         -ENOENT);
        settings_done(&s);
}

static void test_config_error(void **state)
{
        ConfigError err = {};

        assert_int_equal(config_error(&err, "/a/b.conf", 7, "x=%d", 1), -EINVAL);
        assert_string_equal(config_error_message(&err), "/a/b.conf:7: x=1");
        assert_int_equal(config_error(&err, "/a/b.conf", 0, "Bad"), -EINVAL);
        assert_string_equal(err.message, "/a/b.conf: Bad");
        assert_int_equal(config_error_errno(&err, -EACCES, "/a", 0, "Failed to read: %m"),
                         -EACCES);
        assert_string_equal(err.message, "/a: Failed to read: Permission denied");
        /* A newline in a file name does not make a second line. */
        assert_int_equal(config_error(&err, "/a\nb", 2, "c\rd"), -EINVAL);
        assert_string_equal(err.message, "/a b:2: c d");
        assert_int_equal(config_error(NULL, "/a", 1, "x"), -EINVAL);

        /* A message longer than the buffer is cut, and terminated. */
        {
                char long_name[CONFIG_ERROR_MAX + 100];

                memset(long_name, 'n', sizeof(long_name) - 1);
                long_name[sizeof(long_name) - 1] = '\0';
                config_error(&err, long_name, 1, "x");
                assert_int_equal(strlen(err.message), CONFIG_ERROR_MAX - 1);
                config_error(&err, "f", 1, "%s", long_name);
                assert_int_equal(strlen(err.message), CONFIG_ERROR_MAX - 1);
                assert_memory_equal(err.message, "f:1: nnn", 8);
        }
}

static void test_locations(void **state)
{
        const char *dir = *state;
        _cleanup_free_ char *path = NULL, *dropin = NULL;
        ConfigLocation locations[ELEMENTSOF(items)] = {};
        ConfigError err = {};
        Settings s;

        path = write_file(dir, "l.conf",
                          "[A]\nFlag=1\n\nFlag=0\nWords=a\n"
                          "[B]\nColour=red\nColour=\nRecord=\\\nx\n");
        dropin = write_file(dir, "l.conf.d/10-a.conf", "[A]\nWords=b\n");

        settings_init(&s);
        assert_int_equal(config_parse_file_full(path, items, ELEMENTSOF(items), &s, locations,
                                                &err),
                         0);
        settings_done(&s);

        assert_string_equal(locations[ITEM_FLAG].filename, path);
        assert_int_equal(locations[ITEM_FLAG].line, 4);
        assert_string_equal(locations[ITEM_WORDS].filename, path);
        assert_int_equal(locations[ITEM_WORDS].line, 5);
        /* Reset by the empty assignment: unset, as if never assigned. */
        assert_null(locations[ITEM_COLOUR].filename);
        assert_int_equal(locations[ITEM_COLOUR].line, 0);
        assert_int_equal(locations[ITEM_RECORD].line, 9);
        assert_null(locations[2].filename);
        assert_int_equal(locations[2].line, 0);

        /* A drop-in moves the location of what it sets, only. */
        settings_init(&s);
        assert_int_equal(config_parse_with_dropins(path, NULL, false, items, ELEMENTSOF(items),
                                                   &s, locations, &err),
                         2);
        settings_done(&s);
        assert_string_equal(locations[ITEM_WORDS].filename, dropin);
        assert_int_equal(locations[ITEM_WORDS].line, 2);
        assert_string_equal(locations[ITEM_FLAG].filename, path);
        assert_int_equal(locations[ITEM_FLAG].line, 4);

        config_locations_done(locations, ELEMENTSOF(locations));
        for (size_t i = 0; i < ELEMENTSOF(locations); i++) {
                assert_null(locations[i].filename);
                assert_int_equal(locations[i].line, 0);
        }
        config_locations_done(NULL, 3);
}

/*
 * Drop-ins.
 */

static void test_dropins_order(void **state)
{
        const char *dir = *state;
        _cleanup_free_ char *path = NULL, *null_link = NULL, *dangling = NULL;
        ConfigError err = { "untouched" };
        Settings s;

        path = write_file(dir, "main.conf",
                          "[A]\nFlag=yes\nWords=a\n[B]\nRecord=main\nColour=red\nNumber=1\n");
        /* Written out of order: the parser sorts by file name, strcmp()'s order. */
        free(write_file(dir, "main.conf.d/20-b.conf", "[A]\nWords=\nWords=c\n[B]\nRecord=20\n"));
        free(write_file(dir, "main.conf.d/10-a.conf", "[A]\nFlag=no\n[B]\nRecord=10\n"));
        free(write_file(dir, "main.conf.d/05-c.conf", "[A]\nWords=b\n[B]\nRecord=05\n"));
        free(write_file(dir, "main.conf.d/9-d.conf", "[B]\nRecord=9\nColour=blue\n"));
        /* Not drop-ins: another suffix, hidden, a directory, a mask, a dangling link. */
        free(write_file(dir, "main.conf.d/README", "garbage\n"));
        free(write_file(dir, "main.conf.d/30.conf.bak", "garbage\n"));
        free(write_file(dir, "main.conf.d/30.conf~", "garbage\n"));
        free(write_file(dir, "main.conf.d/.hidden.conf", "garbage\n"));
        free(write_file(dir, "main.conf.d/sub.conf/x.conf", "garbage\n"));
        null_link = path_join(dir, "main.conf.d/15-masked.conf");
        assert_int_equal(symlink("/dev/null", null_link), 0);
        dangling = path_join(dir, "main.conf.d/16-dangling.conf");
        assert_int_equal(symlink("nowhere", dangling), 0);

        settings_init(&s);
        assert_int_equal(config_parse_with_dropins(path, NULL, false, items, ELEMENTSOF(items),
                                                   &s, NULL, &err),
                         5);
        assert_string_equal(err.message, "untouched");
        assert_string_equal(s.record, "main.conf:5:B:Record=main;"
                                      "05-c.conf:4:B:Record=05;"
                                      "10-a.conf:4:B:Record=10;"
                                      "20-b.conf:5:B:Record=20;"
                                      "9-d.conf:2:B:Record=9;");
        /* Later files win; lists accumulate until an empty assignment resets them. */
        assert_int_equal(s.flag, 0);
        assert_strv(s.words, STRV("c"));
        assert_int_equal(s.colour, COLOUR_BLUE);
        assert_int_equal(s.number, 1);
        settings_done(&s);
}

static void test_dropins_dirs(void **state)
{
        const char *dir = *state;
        _cleanup_free_ char *path = NULL, *d1 = NULL, *d2 = NULL, *d3 = NULL, *masked = NULL;
        ConfigError err = {};
        Settings s;

        path = write_file(dir, "main.conf", "[B]\nRecord=main\n");
        free(write_file(dir, "etc/10-a.conf", "[B]\nRecord=etc-10\n"));
        free(write_file(dir, "etc/30-c.conf", "[B]\nRecord=etc-30\n"));
        free(write_file(dir, "lib/10-a.conf", "[B]\nRecord=lib-10\n"));
        free(write_file(dir, "lib/20-b.conf", "[B]\nRecord=lib-20\n"));
        /* Masked in the first directory: not read from the second. */
        free(write_file(dir, "lib/25-masked.conf", "[B]\nRecord=masked\n"));
        masked = path_join(dir, "etc/25-masked.conf");
        assert_int_equal(symlink("/dev/null", masked), 0);
        /* "<path>.d" is not read when directories are given. */
        free(write_file(dir, "main.conf.d/00.conf", "[B]\nRecord=default-dir\n"));
        d1 = path_join(dir, "etc");
        d2 = path_join(dir, "missing");
        d3 = path_join(dir, "lib");

        /* A name in two directories is read from the first only; the rest in name order. */
        settings_init(&s);
        assert_int_equal(config_parse_with_dropins(path, (char *[]) { d1, d2, d3, NULL }, false,
                                                   items, ELEMENTSOF(items), &s, NULL, &err),
                         4);
        assert_string_equal(s.record, "main.conf:2:B:Record=main;"
                                      "10-a.conf:2:B:Record=etc-10;"
                                      "20-b.conf:2:B:Record=lib-20;"
                                      "30-c.conf:2:B:Record=etc-30;");
        settings_done(&s);

        /* No directory at all. */
        settings_init(&s);
        assert_int_equal(config_parse_with_dropins(path, (char *[]) { NULL }, false, items,
                                                   ELEMENTSOF(items), &s, NULL, &err),
                         1);
        assert_string_equal(s.record, "main.conf:2:B:Record=main;");
        settings_done(&s);
}

static void test_dropins_missing(void **state)
{
        const char *dir = *state;
        _cleanup_free_ char *path = NULL, *other = NULL, *file_as_dir = NULL;
        char expected[CONFIG_ERROR_MAX];
        ConfigError err = {};
        Settings s;

        /* No main file: missing_ok reads the drop-ins all the same. */
        path = path_join(dir, "absent.conf");
        free(write_file(dir, "absent.conf.d/50.conf", "[B]\nRecord=50\n"));
        settings_init(&s);
        assert_int_equal(config_parse_with_dropins(path, NULL, true, items, ELEMENTSOF(items),
                                                   &s, NULL, &err),
                         1);
        assert_string_equal(s.record, "50.conf:2:B:Record=50;");
        settings_done(&s);

        /* Without missing_ok it is an error, and nothing is parsed. */
        snprintf(expected, sizeof(expected), "%s: Failed to read: No such file or directory",
                 path);
        settings_init(&s);
        assert_int_equal(config_parse_with_dropins(path, NULL, false, items, ELEMENTSOF(items),
                                                   &s, NULL, &err),
                         -ENOENT);
        assert_string_equal(err.message, expected);
        assert_string_equal(s.record, "");
        settings_done(&s);

        /* Nothing at all, missing_ok: nothing read, no error. */
        other = path_join(dir, "nothing.conf");
        settings_init(&s);
        assert_int_equal(config_parse_with_dropins(other, NULL, true, items, ELEMENTSOF(items),
                                                   &s, NULL, &err),
                         0);
        settings_done(&s);

        /* "<path>.d" that is a file is no drop-in directory. */
        free(write_file(dir, "plain.conf", "[A]\nFlag=1\n"));
        file_as_dir = write_file(dir, "plain.conf.d", "not a directory\n");
        settings_init(&s);
        *strrchr(file_as_dir, '.') = '\0';
        assert_int_equal(config_parse_with_dropins(file_as_dir, NULL, false, items,
                                                   ELEMENTSOF(items), &s, NULL, &err),
                         1);
        assert_int_equal(s.flag, 1);
        settings_done(&s);
}

static void test_dropins_errors(void **state)
{
        const char *dir = *state;
        _cleanup_free_ char *path = NULL, *bad = NULL;
        char expected[CONFIG_ERROR_MAX];
        ConfigError err = {};
        Settings s;

        /* An error in a drop-in names the drop-in, and its line. */
        path = write_file(dir, "main.conf", "[A]\nFlag=1\n");
        free(write_file(dir, "main.conf.d/10-ok.conf", "[A]\nFlag=0\n"));
        bad = write_file(dir, "main.conf.d/20-bad.conf", "# bad\n[B]\nColour=purple\n");
        free(write_file(dir, "main.conf.d/30-later.conf", "[B]\nRecord=never\n"));
        snprintf(expected, sizeof(expected),
                 "%s:3: Invalid Colour=purple, expected red, green or blue", bad);
        settings_init(&s);
        assert_int_equal(config_parse_with_dropins(path, NULL, false, items, ELEMENTSOF(items),
                                                   &s, NULL, &err),
                         -EINVAL);
        assert_string_equal(err.message, expected);
        /* The first error stops the parse. */
        assert_string_equal(s.record, "");
        settings_done(&s);

        /* A drop-in starts without a section: the main file's does not carry over. */
        free(bad);
        bad = write_file(dir, "main.conf.d/20-bad.conf", "Flag=1\n");
        snprintf(expected, sizeof(expected), "%s:1: Key \"Flag\" outside of any section", bad);
        settings_init(&s);
        assert_int_equal(config_parse_with_dropins(path, NULL, false, items, ELEMENTSOF(items),
                                                   &s, NULL, &err),
                         -EINVAL);
        assert_string_equal(err.message, expected);
        settings_done(&s);

        /* A drop-in that is a directory is skipped, not an error. */
        assert_int_equal(unlink(bad), 0);
        assert_int_equal(mkdir(bad, 0755), 0);
        settings_init(&s);
        assert_int_equal(config_parse_with_dropins(path, NULL, false, items, ELEMENTSOF(items),
                                                   &s, NULL, &err),
                         3);
        settings_done(&s);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_parse_boolean),
                cmocka_unit_test(test_parse_unsigned_range),
                cmocka_unit_test(test_parse_timespan),
                cmocka_unit_test(test_strv),
                cmocka_unit_test(test_strv_net_match),
                cmocka_unit_test(test_choices),
                cmocka_unit_test(test_colour_table),
                cmocka_unit_test(test_config_error),
                cmocka_unit_test_setup_teardown(test_parse_cases, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_error_cases, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_long_lines, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_io_errors, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_locations, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_dropins_order, setup_tmpdir,
                                                teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_dropins_dirs, setup_tmpdir, teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_dropins_missing, setup_tmpdir,
                                                teardown_tmpdir),
                cmocka_unit_test_setup_teardown(test_dropins_errors, setup_tmpdir,
                                                teardown_tmpdir),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
