/* SPDX-License-Identifier: GPL-2.0-or-later */

/*
 * libFuzzer target: the MDIO trace parser (mdio-trace.h), which reads traces phyd wrote and
 * the kernel's own tracefs lines. Every line the parser accepts must format back into a line
 * it parses to the same access.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "phyd/mdio-trace.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *line, *saveptr = NULL, *text;
        MdioTraceLine parsed, again;
        char buf[MDIO_TRACE_LINE_MAX];
        int r;

        text = fuzz_strndup(data, size);
        if (!text)
                return 0;

        /* One line at a time, as the readers of a trace file split it. */
        for (line = strtok_r(text, "\n", &saveptr); line; line = strtok_r(NULL, "\n", &saveptr)) {
                r = mdio_trace_parse_line(line, &parsed);
                if (r <= 0)
                        continue;
                r = mdio_trace_format(parsed.bus_id, &parsed.access, buf, sizeof(buf));
                if (r < 0)
                        continue;
                if (mdio_trace_parse_line(buf, &again) != 1 ||
                    strcmp(again.bus_id, parsed.bus_id) != 0 ||
                    again.access.usec != parsed.access.usec ||
                    again.access.op != parsed.access.op ||
                    again.access.addr != parsed.access.addr ||
                    again.access.reg != parsed.access.reg ||
                    again.access.val != parsed.access.val ||
                    again.access.err != parsed.access.err)
                        abort();
        }

        free(text);
        return 0;
}
