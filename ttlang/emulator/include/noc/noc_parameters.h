// The NoC parameters a kernel reads (v0.81.1 internal/tt-1xx/<arch>/noc/noc_parameters.h, found
// as "noc/noc_parameters.h" on the firmware's include path): word and burst sizes, alignments,
// transaction ids, command flags and the unicast address encoding, which the emulator's NoC
// shares (y at bit 42, x at bit 36, a 36-bit local address). The NIU registers are not here: the
// emulator has none, so a kernel that programs them directly fails to compile naming the macro.
#pragma once

#include <cstdint>

#include "ttemu/kernel_abi.h"

#define NUM_NOCS 2
#define NOC_MAX_TRANSACTION_ID 0xF
#define NOC_MAX_TRANSACTION_ID_COUNT 255

#define NOC_ADDR_LOCAL_BITS 36
#define NOC_ADDR_NODE_ID_BITS 6

#define NOC_CMD_AT (0x1 << 0)
#define NOC_CMD_CPY (0x0 << 0)
#define NOC_CMD_RD (0x0 << 1)
#define NOC_CMD_WR (0x1 << 1)
#define NOC_CMD_WR_BE (0x1 << 2)
#define NOC_CMD_WR_INLINE (0x1 << 3)
#define NOC_CMD_RESP_MARKED (0x1 << 4)
#define NOC_CMD_BRCST_PACKET (0x1 << 5)
#define NOC_CMD_VC_LINKED (0x1 << 6)
#define NOC_CMD_VC_STATIC (0x1 << 7)
#define NOC_CMD_PATH_RESERVE (0x1 << 8)
#define NOC_CMD_MEM_RD_DROP_ACK (0x1 << 9)
#define NOC_CMD_STATIC_VC(vc) (((uint32_t)(vc)) << 13)
#define NOC_CMD_BRCST_XY(y) (((uint32_t)(y)) << 16)
#define NOC_CMD_BRCST_SRC_INCLUDE (0x1 << 17)
#define NOC_CMD_ARB_PRIORITY(p) (((uint32_t)(p)) << 27)

#define NOC_DATA_WIDTH 259
#define NOC_PAYLOAD_WIDTH 256
#define NOC_WORD_BYTES (NOC_PAYLOAD_WIDTH / 8)
#define NOC_MAX_BURST_WORDS 256
#define NOC_MAX_BURST_SIZE (NOC_MAX_BURST_WORDS * NOC_WORD_BYTES)
#define NOC_WORD_OFFSET_MASK (NOC_WORD_BYTES - 1)
#define MEM_DATA_WIDTH 128
#define MEM_WORD_BYTES (MEM_DATA_WIDTH / 8)
#define MEM_WORD_OFFSET_MASK (MEM_WORD_BYTES - 1)
#define NOC_VCS 16
#define NOC_BCAST_VC_START 4

#define NOC_NODE_ID_MASK ((((uint64_t)0x1) << NOC_ADDR_NODE_ID_BITS) - 1)
#define NOC_LOCAL_ADDR_MASK ((((uint64_t)0x1) << NOC_ADDR_LOCAL_BITS) - 1)
#define NOC_LOCAL_ADDR_OFFSET(addr) ((addr) & NOC_LOCAL_ADDR_MASK)
#define NOC_UNICAST_ADDR_X(addr) (((addr) >> NOC_ADDR_LOCAL_BITS) & NOC_NODE_ID_MASK)
#define NOC_UNICAST_ADDR_Y(addr) (((addr) >> (NOC_ADDR_LOCAL_BITS + NOC_ADDR_NODE_ID_BITS)) & NOC_NODE_ID_MASK)
#define NOC_XY_ADDR(x, y, addr)                                                                                      \
    ((((uint64_t)(y)) << (NOC_ADDR_LOCAL_BITS + NOC_ADDR_NODE_ID_BITS)) | (((uint64_t)(x)) << NOC_ADDR_LOCAL_BITS) | \
     ((uint64_t)(addr)))
// The emulator's multicast addresses carry their rectangle in its own encoding.
#define NOC_MULTICAST_ADDR(x_start, y_start, x_end, y_end, addr) \
    (::ttemu::abi::noc_mcast_addr((x_start), (y_start), (x_end), (y_end), (addr)))
#define NOC_COORD_REG_OFFSET 4
#define NOC_XY_ENCODING(x, y)                                                    \
    ((((uint32_t)(y)) << ((NOC_ADDR_LOCAL_BITS % 32) + NOC_ADDR_NODE_ID_BITS)) | \
     (((uint32_t)(x)) << (NOC_ADDR_LOCAL_BITS % 32)))
#define NOC_XY_ADDR2(xy, addr) ((((uint64_t)(xy)) << NOC_ADDR_LOCAL_BITS) | ((uint64_t)(addr)))
#define NOC_LOCAL_ADDR(addr) NOC_LOCAL_ADDR_OFFSET(addr)

#define NOC_L1_READ_ALIGNMENT_BYTES 16
#define NOC_L1_WRITE_ALIGNMENT_BYTES 16
#define NOC_DRAM_WRITE_ALIGNMENT_BYTES 16
#define NOC_PCIE_WRITE_ALIGNMENT_BYTES 16
#ifdef ARCH_BLACKHOLE
#define NOC_PCIE_READ_ALIGNMENT_BYTES 64
#define NOC_DRAM_READ_ALIGNMENT_BYTES 64
#else
#define NOC_PCIE_READ_ALIGNMENT_BYTES 32
#define NOC_DRAM_READ_ALIGNMENT_BYTES 32
#endif
#define NOC_REG_ALIGNMENT_BYTES 4
#define L1_ALIGNMENT                                                                              \
    (static_cast<uint32_t>(                                                                       \
        NOC_L1_READ_ALIGNMENT_BYTES >= NOC_L1_WRITE_ALIGNMENT_BYTES ? NOC_L1_READ_ALIGNMENT_BYTES \
                                                                    : NOC_L1_WRITE_ALIGNMENT_BYTES))
#define PCIE_ALIGNMENT                                                                                  \
    (static_cast<uint32_t>(                                                                             \
        NOC_PCIE_READ_ALIGNMENT_BYTES >= NOC_PCIE_WRITE_ALIGNMENT_BYTES ? NOC_PCIE_READ_ALIGNMENT_BYTES \
                                                                        : NOC_PCIE_WRITE_ALIGNMENT_BYTES))
#define DRAM_ALIGNMENT                                                                                  \
    (static_cast<uint32_t>(                                                                             \
        NOC_DRAM_READ_ALIGNMENT_BYTES >= NOC_DRAM_WRITE_ALIGNMENT_BYTES ? NOC_DRAM_READ_ALIGNMENT_BYTES \
                                                                        : NOC_DRAM_WRITE_ALIGNMENT_BYTES))
