/* SPDX-License-Identifier: GPL-2.0-or-later */

/* The bus name of phyd@NAME.service: one bus name element per namespace name, different
 * names giving different elements (D-Bus specification, "Valid Bus Names"). */

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "phyd/bus-name.h"
#include "phyd/macro.h"

static const struct {
        const char *netns;
        const char *name;
} cases[] = {
        { "lab", "io.phyd.netns.lab" },
        { "lab-1", "io.phyd.netns.lab-1" },
        /* An element must not start with a digit. */
        { "1", "io.phyd.netns._31" },
        { "a1", "io.phyd.netns.a1" },
        /* '_' is escaped too, so that "_2e" and "." never meet. */
        { "a_b", "io.phyd.netns.a_5fb" },
        { "a.b", "io.phyd.netns.a_2eb" },
        { "a b", "io.phyd.netns.a_20b" },
        { "\xc3\xa9", "io.phyd.netns._c3_a9" },
};

static void test_names(void **state)
{
        for (size_t i = 0; i < ELEMENTSOF(cases); i++) {
                char *name = NULL;

                assert_int_equal(phyd_bus_name_for_netns(cases[i].netns, &name), 0);
                assert_string_equal(name, cases[i].name);
                free(name);
        }
}

static void test_invalid(void **state)
{
        char long_name[100];
        char *name = NULL;

        memset(long_name, 'x', sizeof(long_name) - 1);
        long_name[sizeof(long_name) - 1] = '\0';
        assert_int_equal(phyd_bus_name_for_netns("", &name), -EINVAL);
        assert_int_equal(phyd_bus_name_for_netns(NULL, &name), -EINVAL);
        /* Escaped, it would not fit in 255 bytes. */
        assert_int_equal(phyd_bus_name_for_netns(long_name, &name), -EINVAL);
        assert_null(name);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
                cmocka_unit_test(test_names),
                cmocka_unit_test(test_invalid),
        };

        return cmocka_run_group_tests(tests, NULL, NULL);
}
