/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

#include "dispatcher.h"

/* Connects to the bus, attaches it to the loop and subscribes to LinkChanged from d's phyd;
 * once the bus has confirmed the subscription, tells systemd READY=1. Losing the bus later
 * ends the loop with a failure. */
int dispatcher_connect_bus(Dispatcher *d);
