/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* A script's standard output and error: a pipe read on the event loop, each line logged with
 * the script's name and PHY in front (and as PHYD_SCRIPT=, PHYD_PHY= in the journal). */

#include <systemd/sd-event.h>

/* Takes fd, the read end, whatever happens. The reader lives until every writer has closed
 * the pipe — the script and anything it left running — or the event loop is freed; it is
 * nobody's to free. */
int script_output_watch(sd_event *event, int fd, const char *script, const char *phy);
