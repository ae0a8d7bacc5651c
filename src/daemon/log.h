/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The daemon's logging: only this layer logs (the PHY core reports through PhyListener).
 * Under systemd (stderr connected to the journal) a message goes to the journal with
 * structured fields, PHYD_PHY= and INTERFACE= for a PHY's messages; otherwise one line on
 * stderr. Safe from any thread.
 */

#include <stdarg.h>
#include <syslog.h>

#include "phyd/log-target.h"
#include "phyd/macro.h"

typedef struct DaemonPhy DaemonPhy;

/* Returns -abs(error) (0 stays 0), so that 'return log_error_errno(r, ...)' reads as in
 * systemd. %m in format is strerror(error). */
int log_internal(int level, int error, DaemonPhy *phy, const char *file, int line,
                 const char *format, ...) _printf_(6, 7);

#define log_full_errno(level, error, ...) \
        log_internal(level, error, NULL, __FILE__, __LINE__, __VA_ARGS__)
#define log_debug(...) log_full_errno(LOG_DEBUG, 0, __VA_ARGS__)
#define log_info(...) log_full_errno(LOG_INFO, 0, __VA_ARGS__)
#define log_notice(...) log_full_errno(LOG_NOTICE, 0, __VA_ARGS__)
#define log_warning(...) log_full_errno(LOG_WARNING, 0, __VA_ARGS__)
#define log_error(...) log_full_errno(LOG_ERR, 0, __VA_ARGS__)
#define log_warning_errno(error, ...) log_full_errno(LOG_WARNING, error, __VA_ARGS__)
#define log_error_errno(error, ...) log_full_errno(LOG_ERR, error, __VA_ARGS__)
#define log_debug_errno(error, ...) log_full_errno(LOG_DEBUG, error, __VA_ARGS__)

/* A structured event of a PHY: MESSAGE_ID= and the PHY's fields (PHYD_PHY=, INTERFACE=), plus
 * the NULL-terminated "FIELD=value" strings of fields. */
void log_phy_event(DaemonPhy *phy, int level, const char *message_id, char **fields,
                   const char *format, ...) _printf_(5, 6);

#define log_phy_full_errno(phy, level, error, ...) \
        log_internal(level, error, phy, __FILE__, __LINE__, __VA_ARGS__)
#define log_phy_debug(phy, ...) log_phy_full_errno(phy, LOG_DEBUG, 0, __VA_ARGS__)
#define log_phy_info(phy, ...) log_phy_full_errno(phy, LOG_INFO, 0, __VA_ARGS__)
#define log_phy_notice(phy, ...) log_phy_full_errno(phy, LOG_NOTICE, 0, __VA_ARGS__)
#define log_phy_warning(phy, ...) log_phy_full_errno(phy, LOG_WARNING, 0, __VA_ARGS__)
#define log_phy_warning_errno(phy, error, ...) \
        log_phy_full_errno(phy, LOG_WARNING, error, __VA_ARGS__)
#define log_phy_error_errno(phy, error, ...) log_phy_full_errno(phy, LOG_ERR, error, __VA_ARGS__)
#define log_phy_debug_errno(phy, error, ...) log_phy_full_errno(phy, LOG_DEBUG, error, __VA_ARGS__)
