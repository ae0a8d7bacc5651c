/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The MDIO trace format of DESIGN.md, in the shape of the kernel's mdio_access tracepoint:
 *
 *   <monotonic seconds.microseconds> <bus id> <read|write> phy:0xAA reg:0xRR val:0xVVVV[ err:-N]
 *
 * The parser also takes the kernel's own tracepoint lines as trace-cmd and tracefs print them
 * ("... 3.563068: mdio_access: usb-001:002 read  phy:0x10 reg:0x01 val:0x7809"), so one
 * parser reads both and the fidelity tier compares like with like.
 */

#include <stdio.h>

#include "phyd/mdio-bus.h"

#define MDIO_TRACE_LINE_MAX 128

typedef struct MdioTraceLine {
        char bus_id[MDIO_BUS_ID_MAX];
        MdioAccess access;
} MdioTraceLine;

/* Formats one access without a trailing newline. Returns the length, or -ENOBUFS. */
int mdio_trace_format(const char *bus_id, const MdioAccess *access, char *buf, size_t size);

/* Parses one line. Returns 1 for an access, 0 for a line that holds none (blank, a '#'
 * comment, a tracefs header, another event), -EINVAL for a line that names mdio_access or
 * starts like an access but does not parse. */
int mdio_trace_parse_line(const char *line, MdioTraceLine *ret_line);

/* A trace file shared by every bus of the process; appends are serialised. */
typedef struct MdioTraceFile MdioTraceFile;

int mdio_trace_file_open(const char *path, MdioTraceFile **ret_file);
MdioTraceFile *mdio_trace_file_close(MdioTraceFile *file);
/* The MdioTraceFn to hand to mdio_bus_set_tracer(), with the file as userdata. */
void mdio_trace_file_write(MdioBus *bus, const MdioAccess *access, void *userdata);
