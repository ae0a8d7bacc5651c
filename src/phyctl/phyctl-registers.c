/* SPDX-License-Identifier: GPL-2.0-or-later */

#include <errno.h>
#include <linux/ethtool.h>
#include <linux/mii.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "phyd/linkmode.h"
#include "phyd/macro.h"
#include "phyctl-parse.h"
#include "phyctl-registers.h"

/* One field of a register: a flag (describe == NULL) or a value described in words. */
typedef struct FieldSpec {
        uint16_t mask;
        const char *name;
        void (*describe)(uint16_t bits, uint16_t mask, char *buf, size_t size);
        bool only_if_set; /* reserved bits: shown only when something sets them */
} FieldSpec;

static unsigned mask_shift(uint16_t mask)
{
        return mask ? (unsigned) __builtin_ctz(mask) : 0;
}

static void describe_bmcr_speed(uint16_t bits, uint16_t mask, char *buf, size_t size)
{
        /* 22.2.4.1.3: bits 0.13 (LSB) and 0.6 (MSB) select the speed. */
        const char *s;

        switch (bits) {
        case 0:
                s = "10 Mb/s";
                break;
        case BMCR_SPEED100:
                s = "100 Mb/s";
                break;
        case BMCR_SPEED1000:
                s = "1000 Mb/s";
                break;
        default:
                s = "reserved (both speed bits set)";
                break;
        }
        snprintf(buf, size, "%s", s);
}

static void describe_duplex(uint16_t bits, uint16_t mask, char *buf, size_t size)
{
        snprintf(buf, size, "%s", bits ? "full" : "half");
}

static void describe_names(uint16_t bits, const uint16_t *bit_of, const char *const *names,
                           size_t n, char *buf, size_t size)
{
        size_t used = 0;

        buf[0] = '\0';
        for (size_t i = 0; i < n && used < size; i++) {
                int k;

                if (!(bits & bit_of[i]))
                        continue;
                k = snprintf(buf + used, size - used, "%s%s", used ? " " : "", names[i]);
                if (k < 0)
                        break;
                used += (size_t) k;
        }
        if (used == 0)
                snprintf(buf, size, "none");
}

static void describe_bmsr_abilities(uint16_t bits, uint16_t mask, char *buf, size_t size)
{
        /* Slowest first, as ethtool lists link modes and the Supported property does. */
        static const uint16_t bit_of[] = {
                BMSR_10HALF, BMSR_10FULL, BMSR_100HALF, BMSR_100FULL,
                BMSR_100BASE4, BMSR_100HALF2, BMSR_100FULL2,
        };
        static const char *const names[] = {
                "10baseT/Half", "10baseT/Full", "100baseT/Half", "100baseT/Full",
                "100baseT4", "100baseT2/Half", "100baseT2/Full",
        };

        describe_names(bits, bit_of, names, ELEMENTSOF(names), buf, size);
}

static void describe_adv_modes(uint16_t bits, uint16_t mask, char *buf, size_t size)
{
        /* The technology ability field (Annex 28B.2), named as the Advertising and
         * LinkPartnerAdvertising properties name them. 100BASE-T4 has no ethtool bit. */
        static const uint16_t bit_of[] = {
                ADVERTISE_10HALF, ADVERTISE_10FULL, ADVERTISE_100HALF, ADVERTISE_100FULL,
                ADVERTISE_100BASE4, ADVERTISE_PAUSE_CAP, ADVERTISE_PAUSE_ASYM,
        };
        const char *names[] = {
                linkmode_bit_to_string(ETHTOOL_LINK_MODE_10baseT_Half_BIT),
                linkmode_bit_to_string(ETHTOOL_LINK_MODE_10baseT_Full_BIT),
                linkmode_bit_to_string(ETHTOOL_LINK_MODE_100baseT_Half_BIT),
                linkmode_bit_to_string(ETHTOOL_LINK_MODE_100baseT_Full_BIT),
                "100baseT4",
                linkmode_bit_to_string(ETHTOOL_LINK_MODE_Pause_BIT),
                linkmode_bit_to_string(ETHTOOL_LINK_MODE_Asym_Pause_BIT),
        };

        describe_names(bits, bit_of, names, ELEMENTSOF(names), buf, size);
}

static void describe_selector(uint16_t bits, uint16_t mask, char *buf, size_t size)
{
        if (bits == ADVERTISE_CSMA)
                snprintf(buf, size, "%u (IEEE 802.3)", bits);
        else
                snprintf(buf, size, "%u", bits);
}

static void describe_hex(uint16_t bits, uint16_t mask, char *buf, size_t size)
{
        unsigned width = ((unsigned) __builtin_popcount(mask) + 3) / 4;

        snprintf(buf, size, "0x%0*x", (int) width, (unsigned) (bits >> mask_shift(mask)));
}

static void describe_number(uint16_t bits, uint16_t mask, char *buf, size_t size)
{
        snprintf(buf, size, "%u", (unsigned) (bits >> mask_shift(mask)));
}

static void describe_reserved(uint16_t bits, uint16_t mask, char *buf, size_t size)
{
        snprintf(buf, size, "0x%04x", bits);
}

static const FieldSpec bmcr_fields[] = {
        { BMCR_SPEED100 | BMCR_SPEED1000, "speed", describe_bmcr_speed },
        { BMCR_FULLDPLX, "duplex", describe_duplex },
        { BMCR_RESET, "reset" },
        { BMCR_LOOPBACK, "loopback" },
        { BMCR_ANENABLE, "aneg-enable" },
        { BMCR_PDOWN, "power-down" },
        { BMCR_ISOLATE, "isolate" },
        { BMCR_ANRESTART, "aneg-restart" },
        { BMCR_CTST, "collision-test" },
        { BMCR_RESV, "reserved", describe_reserved, true },
};

static const FieldSpec bmsr_fields[] = {
        { BMSR_100BASE4 | BMSR_100FULL | BMSR_100HALF | BMSR_10FULL | BMSR_10HALF |
                  BMSR_100FULL2 | BMSR_100HALF2,
          "capabilities", describe_bmsr_abilities },
        { BMSR_ESTATEN, "extended-status" },
        /* 1.7 and 1.6, which mii.h leaves in BMSR_RESV (IEEE 802.3 22.2.4.2.8-9). */
        { 0x0080, "unidirectional" },
        { 0x0040, "preamble-suppression" },
        { BMSR_ANEGCOMPLETE, "aneg-complete" },
        { BMSR_RFAULT, "remote-fault" },
        { BMSR_ANEGCAPABLE, "aneg-capable" },
        /* Latched low: 0 means the link went down since the last read. */
        { BMSR_LSTATUS, "link" },
        { BMSR_JCD, "jabber" },
        { BMSR_ERCAP, "extended-capability" },
};

static const FieldSpec physid1_fields[] = {
        { 0xffff, "oui-bits-3-18", describe_hex },
};

static const FieldSpec physid2_fields[] = {
        { 0xfc00, "oui-bits-19-24", describe_hex },
        { 0x03f0, "model", describe_number },
        { 0x000f, "revision", describe_number },
};

/* ADVERTISE and LPA share the base page layout (28.2.1.2). */
static const FieldSpec base_page_fields[] = {
        { ADVERTISE_10HALF | ADVERTISE_10FULL | ADVERTISE_100HALF | ADVERTISE_100FULL |
                  ADVERTISE_100BASE4 | ADVERTISE_PAUSE_CAP | ADVERTISE_PAUSE_ASYM,
          "modes", describe_adv_modes },
        { ADVERTISE_SLCT, "selector", describe_selector },
        { ADVERTISE_NPAGE, "next-page" },
        { ADVERTISE_LPACK, "acknowledge" },
        { ADVERTISE_RFAULT, "remote-fault" },
        /* D12, which mii.h calls ADVERTISE_RESV: extended next page since 802.3-2008. */
        { ADVERTISE_RESV, "extended-next-page" },
};

static const FieldSpec expansion_fields[] = {
        { 0x0040, "next-page-location-able" },
        { 0x0020, "next-page-storage-location" },
        { EXPANSION_MFAULTS, "parallel-detection-fault" },
        { EXPANSION_NPCAPABLE, "partner-next-page-able" },
        { EXPANSION_ENABLENPAGE, "next-page-able" },
        { EXPANSION_LCWP, "page-received" },
        { EXPANSION_NWAY, "partner-aneg-able" },
        { 0xff80, "reserved", describe_reserved, true },
};

static const struct {
        const char *name;
        const char *label;
        const char *title;
        const FieldSpec *fields;
        size_t n_fields;
} registers[PHY_REGISTERS_SNAPSHOT] = {
        [MII_BMCR] = { "bmcr", "BMCR", "basic mode control", bmcr_fields,
                       ELEMENTSOF(bmcr_fields) },
        [MII_BMSR] = { "bmsr", "BMSR", "basic mode status", bmsr_fields,
                       ELEMENTSOF(bmsr_fields) },
        [MII_PHYSID1] = { "physid1", "PHYSID1", "PHY identifier 1", physid1_fields,
                          ELEMENTSOF(physid1_fields) },
        [MII_PHYSID2] = { "physid2", "PHYSID2", "PHY identifier 2", physid2_fields,
                          ELEMENTSOF(physid2_fields) },
        [MII_ADVERTISE] = { "advertise", "ADVERTISE", "autonegotiation advertisement",
                            base_page_fields, ELEMENTSOF(base_page_fields) },
        [MII_LPA] = { "lpa", "LPA", "link partner ability", base_page_fields,
                      ELEMENTSOF(base_page_fields) },
        [MII_EXPANSION] = { "expansion", "EXPANSION", "autonegotiation expansion",
                            expansion_fields, ELEMENTSOF(expansion_fields) },
};

const char *phy_register_to_string(unsigned reg)
{
        return reg < ELEMENTSOF(registers) ? registers[reg].name : NULL;
}

const char *phy_register_label(unsigned reg)
{
        return reg < ELEMENTSOF(registers) ? registers[reg].label : NULL;
}

const char *phy_register_title(unsigned reg)
{
        return reg < ELEMENTSOF(registers) ? registers[reg].title : NULL;
}

int phy_register_from_string(const char *s, unsigned *ret)
{
        uint64_t v;
        int r;

        if (!s)
                return -EINVAL;
        for (unsigned i = 0; i < ELEMENTSOF(registers); i++)
                if (strcasecmp(s, registers[i].name) == 0) {
                        *ret = i;
                        return 0;
                }

        r = parse_unsigned_arg(s, PHY_REGISTER_MAX, &v);
        if (r < 0)
                return r;
        *ret = (unsigned) v;
        return 0;
}

int phy_register_value_from_string(const char *s, uint16_t *ret)
{
        uint64_t v;
        int r;

        r = parse_unsigned_arg(s, UINT16_MAX, &v);
        if (r < 0)
                return r;
        *ret = (uint16_t) v;
        return 0;
}

int phy_register_decode(unsigned reg, uint16_t value, PhyRegisterField *fields, size_t n,
                        size_t *ret_n)
{
        size_t k = 0;

        if (reg >= ELEMENTSOF(registers))
                return -EOPNOTSUPP;

        for (size_t i = 0; i < registers[reg].n_fields; i++) {
                const FieldSpec *spec = &registers[reg].fields[i];
                uint16_t bits = value & spec->mask;
                PhyRegisterField *f;

                if (spec->only_if_set && bits == 0)
                        continue;
                if (k >= n)
                        return -ENOBUFS;

                f = &fields[k++];
                *f = (PhyRegisterField){ .name = spec->name };
                if (spec->describe)
                        spec->describe(bits, spec->mask, f->text, sizeof(f->text));
                else {
                        f->is_flag = true;
                        f->flag = bits != 0;
                }
        }

        *ret_n = k;
        return 0;
}

/* Flags are wrapped at this column, as phytool wraps them. */
#define FORMAT_COLUMNS 80

int phy_register_format(unsigned reg, uint16_t value, const char *indent, char **ret)
{
        PhyRegisterField fields[PHY_REGISTER_FIELDS_MAX];
        _cleanup_free_ char *buf = NULL;
        size_t n, size = 0, column = 0;
        bool any_flag = false;
        FILE *f;
        int r;

        r = phy_register_decode(reg, value, fields, ELEMENTSOF(fields), &n);
        if (r < 0)
                return r;

        f = open_memstream(&buf, &size);
        if (!f)
                return -ENOMEM;

        for (size_t i = 0; i < n; i++)
                if (!fields[i].is_flag)
                        fprintf(f, "%s%s: %s\n", indent, fields[i].name, fields[i].text);

        for (size_t i = 0; i < n; i++) {
                size_t width = strlen(fields[i].name) + 2;

                if (!fields[i].is_flag)
                        continue;
                if (!any_flag) {
                        column = strlen(indent) + strlen("flags:");
                        fprintf(f, "%sflags:", indent);
                        any_flag = true;
                } else if (column + width > FORMAT_COLUMNS) {
                        column = strlen(indent) + strlen("flags:");
                        fprintf(f, "\n%s%*s", indent, (int) strlen("flags:"), "");
                }
                fprintf(f, " %c%s", fields[i].flag ? '+' : '-', fields[i].name);
                column += width;
        }
        if (any_flag)
                fputc('\n', f);

        if (fclose(f) != 0)
                return -ENOMEM;
        *ret = TAKE_PTR(buf);
        return 0;
}

PhyIdInfo phy_id_decode(uint32_t phy_id)
{
        return (PhyIdInfo){
                .oui = phy_id >> 10,
                .model = (phy_id >> 4) & 0x3f,
                .revision = phy_id & 0xf,
        };
}

char *phy_id_format(uint32_t phy_id, char *buf, size_t size)
{
        PhyIdInfo id = phy_id_decode(phy_id);

        snprintf(buf, size, "0x%08x (OUI %02x:%02x:%02x, model %u, revision %u)", phy_id,
                 (id.oui >> 16) & 0xff, (id.oui >> 8) & 0xff, id.oui & 0xff, id.model,
                 id.revision);
        return buf;
}
