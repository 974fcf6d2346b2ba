// The Dalvik opcode table: for each of the 256 opcodes its instruction format
// (length in 16-bit code units) and which operands are pool indices.
// Internal to the DEX layer.
#ifndef SUTURE_APPLY_SRC_DEX_DEX_OPCODES_H_
#define SUTURE_APPLY_SRC_DEX_DEX_OPCODES_H_

#include <cstdint>

#include "suture/apply/dex_reader.h"

namespace suture::dex {

enum class InsnFormat : uint8_t {
  kUnused,  // not a valid opcode
  k10x,
  k12x,
  k11n,
  k11x,
  k10t,
  k20t,
  k22x,
  k21t,
  k21s,
  k21h,
  k21c,
  k23x,
  k22b,
  k22t,
  k22s,
  k22c,
  k30t,
  k32x,
  k31i,
  k31t,
  k31c,
  k35c,
  k3rc,
  k45cc,
  k4rcc,
  k51l,
};

// What the pool index operand(s) of an opcode refer to.
enum class IndexOperand : uint8_t {
  kNone,
  kString,
  kType,
  kField,
  kMethod,
  kProto,
  kCallSite,
  kMethodHandle,
  kMethodAndProto,  // invoke-polymorphic: method at unit 1, proto at unit 3
};

struct OpcodeInfo {
  InsnFormat format;
  IndexOperand index;
};

const OpcodeInfo& Opcode(uint8_t op);
// Length in code units of `format` (0 for kUnused).
int FormatUnits(InsnFormat format);

// Pseudo-instruction identifiers (first code unit) of the payloads.
inline constexpr uint16_t kPackedSwitchPayload = 0x0100;
inline constexpr uint16_t kSparseSwitchPayload = 0x0200;
inline constexpr uint16_t kFillArrayDataPayload = 0x0300;

}  // namespace suture::dex

#endif  // SUTURE_APPLY_SRC_DEX_DEX_OPCODES_H_
