/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The sim MDIO backend: a bus with PhyModels at some of its 32 addresses. An empty address
 * answers 0xffff and ignores writes, as an MDIO bus with its pull-up does.
 */

#include "phyd/mdio-bus.h"
#include "phyd/phy-model.h"

int mdio_sim_bus_new(const char *id, Clock *clock, MdioBus **ret_bus);

/* The bus takes ownership of the model. -EBUSY if the address is taken. */
int mdio_sim_bus_add_model(MdioBus *bus, int addr, PhyModel *model);

/* The model at addr, or NULL. A caller that changes a model while other threads use the bus
 * (the Simulator1 interface) holds mdio_bus_lock() around the change. */
PhyModel *mdio_sim_bus_get_model(MdioBus *bus, int addr);

/* Time every access costs, slept on the bus's clock (0 by default). The fidelity tier uses
 * about 2 ms, what one MDIO operation costs over the AX88772's USB control transfers. */
void mdio_sim_bus_set_access_usec(MdioBus *bus, uint64_t usec);

bool mdio_bus_is_sim(const MdioBus *bus);
