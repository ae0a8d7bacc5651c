/* SPDX-License-Identifier: GPL-2.0-or-later */
#pragma once

/*
 * The Clause 22 registers phyctl names and decodes, bit by bit, as mii-tool -v and phytool
 * print them: BMCR, BMSR, PHYSID1/2, ADVERTISE, LPA and EXPANSION (IEEE 802.3 22.2.4 and
 * 28.2.4), the seven the Registers property carries. Pure functions, unit-tested.
 */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Clause 22 has 32 registers; the Registers property holds the first seven. */
#define PHY_REGISTER_MAX 31
#define PHY_REGISTERS_SNAPSHOT 7

/* "bmcr" ... "expansion" for registers 0-6, NULL otherwise. */
const char *phy_register_to_string(unsigned reg);
/* "BMCR" ... "EXPANSION", as dumps print them; NULL after 6. */
const char *phy_register_label(unsigned reg);
/* "basic mode control", ...; NULL after 6. */
const char *phy_register_title(unsigned reg);

/* A register as given on the command line: a name (any case), a decimal number or 0x hex.
 * -EINVAL if it is none of these, -ERANGE above 31. */
int phy_register_from_string(const char *s, unsigned *ret);
/* A register value: decimal or 0x hex, 0-0xffff. */
int phy_register_value_from_string(const char *s, uint16_t *ret);

typedef struct PhyRegisterField {
        const char *name; /* "speed", "aneg-enable", ... */
        bool is_flag;
        bool flag;        /* is_flag: the bit's value */
        char text[96];    /* !is_flag: "100 Mb/s", "10baseT/Full 100baseT/Full", ... */
} PhyRegisterField;

#define PHY_REGISTER_FIELDS_MAX 16

/* Decodes registers 0-6 into at most n fields, in the register's reading order: values
 * first, then flags from the top bit down; reserved bits only when set. -EOPNOTSUPP for a
 * register phyctl does not decode. */
int phy_register_decode(unsigned reg, uint16_t value, PhyRegisterField *fields, size_t n,
                        size_t *ret_n);

/* The decoded fields as lines "name: text" and one "flags: +a -b" line (wrapped), each line
 * starting with indent. */
int phy_register_format(unsigned reg, uint16_t value, const char *indent, char **ret);

/* The kernel's phy_id (PHYSID1 << 16 | PHYSID2): the OUI as mii-tool prints it
 * (phy_id >> 10: 00:0e:c6 for Asix), model and revision. */
typedef struct PhyIdInfo {
        uint32_t oui;
        unsigned model;
        unsigned revision;
} PhyIdInfo;

PhyIdInfo phy_id_decode(uint32_t phy_id);
/* "0x003b1861 (OUI 00:0e:c6, model 6, revision 1)" */
char *phy_id_format(uint32_t phy_id, char *buf, size_t size);
