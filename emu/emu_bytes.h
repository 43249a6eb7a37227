/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The virtual phone's own byte order: every multi-byte field it sends, takes or
 * writes into its eMMC goes through these. The host library has its own; the two
 * share nothing, so that a field read the wrong way round on one side shows up
 * against the other (ARCHITECTURE.md, Layers).
 */
#ifndef MTKFW_EMU_BYTES_H
#define MTKFW_EMU_BYTES_H

#include <stdint.h>

/** The little-endian 16-bit value at p. */
static inline uint16_t emu_get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

/** The little-endian 32-bit value at p. */
static inline uint32_t emu_get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

/** The little-endian 64-bit value at p. */
static inline uint64_t emu_get_le64(const uint8_t *p)
{
	return (uint64_t)emu_get_le32(p) | ((uint64_t)emu_get_le32(p + 4) << 32);
}

/** The big-endian 16-bit value at p. */
static inline uint16_t emu_get_be16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

/** The big-endian 32-bit value at p. */
static inline uint32_t emu_get_be32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) |
	       (uint32_t)p[3];
}

/** The big-endian 64-bit value at p. */
static inline uint64_t emu_get_be64(const uint8_t *p)
{
	return ((uint64_t)emu_get_be32(p) << 32) | (uint64_t)emu_get_be32(p + 4);
}

/** v little-endian into p[0..1]. */
static inline void emu_put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

/** v little-endian into p[0..3]. */
static inline void emu_put_le32(uint8_t *p, uint32_t v)
{
	emu_put_le16(p, (uint16_t)v);
	emu_put_le16(p + 2, (uint16_t)(v >> 16));
}

/** v little-endian into p[0..7]. */
static inline void emu_put_le64(uint8_t *p, uint64_t v)
{
	emu_put_le32(p, (uint32_t)v);
	emu_put_le32(p + 4, (uint32_t)(v >> 32));
}

/** v big-endian into p[0..1]. */
static inline void emu_put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/** v big-endian into p[0..3]. */
static inline void emu_put_be32(uint8_t *p, uint32_t v)
{
	emu_put_be16(p, (uint16_t)(v >> 16));
	emu_put_be16(p + 2, (uint16_t)v);
}

/** v big-endian into p[0..7]. */
static inline void emu_put_be64(uint8_t *p, uint64_t v)
{
	emu_put_be32(p, (uint32_t)(v >> 32));
	emu_put_be32(p + 4, (uint32_t)v);
}

#endif /* MTKFW_EMU_BYTES_H */
