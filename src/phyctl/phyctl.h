/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/* The options of phyctl (parsed in phyctl.c) and its verbs, one file each. */

#include <stdbool.h>
#include <stdint.h>

#include "phyctl-bus.h"
#include "phyctl-json.h"

extern JsonFormat arg_json;
extern bool arg_legend;
extern BusTransport arg_transport;
extern const char *arg_bus_where; /* --address's address or -H's host */
extern bool arg_wait_up;
extern uint64_t arg_timeout_usec;
extern bool arg_live;
extern bool arg_force;

/* Connects as the options say. */
int phyctl_connect(sd_bus **ret);
/* Connects as the options say and finds the PHY named (phy_open()). */
int phyctl_open_phy(const char *name, sd_bus **ret_bus, char **ret_path, PhyInfo *ret_info);

int verb_list(int argc, char *argv[], void *userdata);
int verb_status(int argc, char *argv[], void *userdata);
int verb_monitor(int argc, char *argv[], void *userdata);
int verb_wait(int argc, char *argv[], void *userdata);
int verb_dump(int argc, char *argv[], void *userdata);
/* reset, restart-aneg, start, stop, suspend, resume */
int verb_phy_method(int argc, char *argv[], void *userdata);
int verb_set(int argc, char *argv[], void *userdata);
int verb_read(int argc, char *argv[], void *userdata);
int verb_write(int argc, char *argv[], void *userdata);
int verb_sim(int argc, char *argv[], void *userdata);
