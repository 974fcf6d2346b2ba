// The Dalvik opcode table, from the "Dalvik bytecode" and "Dalvik executable
// instruction formats" pages of the Android source documentation.
#include "dex_opcodes.h"

#include <array>

namespace suture::dex {
namespace {

using F = InsnFormat;
using I = IndexOperand;

constexpr std::array<OpcodeInfo, 256> BuildTable() {
  std::array<OpcodeInfo, 256> t{};
  for (auto& e : t) e = {F::kUnused, I::kNone};
  auto set = [&t](int lo, int hi, F f, I i = I::kNone) {
    for (int op = lo; op <= hi; ++op) t[op] = {f, i};
  };
  set(0x00, 0x00, F::k10x);  // nop (payloads handled separately)
  set(0x01, 0x01, F::k12x);  // move
  set(0x02, 0x02, F::k22x);  // move/from16
  set(0x03, 0x03, F::k32x);  // move/16
  set(0x04, 0x04, F::k12x);  // move-wide
  set(0x05, 0x05, F::k22x);
  set(0x06, 0x06, F::k32x);
  set(0x07, 0x07, F::k12x);  // move-object
  set(0x08, 0x08, F::k22x);
  set(0x09, 0x09, F::k32x);
  set(0x0a, 0x0d, F::k11x);                       // move-result*, move-exception
  set(0x0e, 0x0e, F::k10x);                       // return-void
  set(0x0f, 0x11, F::k11x);                       // return*
  set(0x12, 0x12, F::k11n);                       // const/4
  set(0x13, 0x13, F::k21s);                       // const/16
  set(0x14, 0x14, F::k31i);                       // const
  set(0x15, 0x15, F::k21h);                       // const/high16
  set(0x16, 0x16, F::k21s);                       // const-wide/16
  set(0x17, 0x17, F::k31i);                       // const-wide/32
  set(0x18, 0x18, F::k51l);                       // const-wide
  set(0x19, 0x19, F::k21h);                       // const-wide/high16
  set(0x1a, 0x1a, F::k21c, I::kString);           // const-string
  set(0x1b, 0x1b, F::k31c, I::kString);           // const-string/jumbo
  set(0x1c, 0x1c, F::k21c, I::kType);             // const-class
  set(0x1d, 0x1e, F::k11x);                       // monitor-enter/exit
  set(0x1f, 0x1f, F::k21c, I::kType);             // check-cast
  set(0x20, 0x20, F::k22c, I::kType);             // instance-of
  set(0x21, 0x21, F::k12x);                       // array-length
  set(0x22, 0x22, F::k21c, I::kType);             // new-instance
  set(0x23, 0x23, F::k22c, I::kType);             // new-array
  set(0x24, 0x24, F::k35c, I::kType);             // filled-new-array
  set(0x25, 0x25, F::k3rc, I::kType);             // filled-new-array/range
  set(0x26, 0x26, F::k31t);                       // fill-array-data
  set(0x27, 0x27, F::k11x);                       // throw
  set(0x28, 0x28, F::k10t);                       // goto
  set(0x29, 0x29, F::k20t);                       // goto/16
  set(0x2a, 0x2a, F::k30t);                       // goto/32
  set(0x2b, 0x2c, F::k31t);                       // packed-switch, sparse-switch
  set(0x2d, 0x31, F::k23x);                       // cmp*
  set(0x32, 0x37, F::k22t);                       // if-test
  set(0x38, 0x3d, F::k21t);                       // if-testz
  set(0x44, 0x51, F::k23x);                       // aget*, aput*
  set(0x52, 0x5f, F::k22c, I::kField);            // iget*, iput*
  set(0x60, 0x6d, F::k21c, I::kField);            // sget*, sput*
  set(0x6e, 0x72, F::k35c, I::kMethod);           // invoke-kind
  set(0x74, 0x78, F::k3rc, I::kMethod);           // invoke-kind/range
  set(0x7b, 0x8f, F::k12x);                       // unop
  set(0x90, 0xaf, F::k23x);                       // binop
  set(0xb0, 0xcf, F::k12x);                       // binop/2addr
  set(0xd0, 0xd7, F::k22s);                       // binop/lit16
  set(0xd8, 0xe2, F::k22b);                       // binop/lit8
  set(0xfa, 0xfa, F::k45cc, I::kMethodAndProto);  // invoke-polymorphic
  set(0xfb, 0xfb, F::k4rcc, I::kMethodAndProto);  // invoke-polymorphic/range
  set(0xfc, 0xfc, F::k35c, I::kCallSite);         // invoke-custom
  set(0xfd, 0xfd, F::k3rc, I::kCallSite);         // invoke-custom/range
  set(0xfe, 0xfe, F::k21c, I::kMethodHandle);     // const-method-handle
  set(0xff, 0xff, F::k21c, I::kProto);            // const-method-type
  return t;
}

constexpr std::array<OpcodeInfo, 256> kTable = BuildTable();

}  // namespace

const OpcodeInfo& Opcode(uint8_t op) { return kTable[op]; }

int FormatUnits(InsnFormat f) {
  switch (f) {
    case F::kUnused:
      return 0;
    case F::k10x:
    case F::k12x:
    case F::k11n:
    case F::k11x:
    case F::k10t:
      return 1;
    case F::k20t:
    case F::k22x:
    case F::k21t:
    case F::k21s:
    case F::k21h:
    case F::k21c:
    case F::k23x:
    case F::k22b:
    case F::k22t:
    case F::k22s:
    case F::k22c:
      return 2;
    case F::k30t:
    case F::k32x:
    case F::k31i:
    case F::k31t:
    case F::k31c:
    case F::k35c:
    case F::k3rc:
      return 3;
    case F::k45cc:
    case F::k4rcc:
      return 4;
    case F::k51l:
      return 5;
  }
  return 0;
}

}  // namespace suture::dex
