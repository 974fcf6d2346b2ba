// ConditionProgram: condition trees (condition_tree.h) compiled into one
// compact, contiguous program for the per-check hot path. Internal to
// suture::gray.
//
// Nodes are laid out in pre-order, each with the index one past its subtree
// (`end`), so a group's children are found by hopping `end` links through one
// array: no per-node heap blocks, no child vectors. Operand strings live in
// one pool. Operators with heavy state (semver, regex, cidr, numeric lists,
// long string lists) point back to their source Node.
//
// Thread-safety: immutable after construction.
#ifndef SUTURE_GRAY_SRC_CONDITION_PROGRAM_H_
#define SUTURE_GRAY_SRC_CONDITION_PROGRAM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "condition_tree.h"

namespace suture::gray::internal {

struct ProgramNode {
  NodeKind kind = NodeKind::kAll;
  Op op = Op::kEq;
  Attr attr = Attr::kDeviceId;
  uint8_t flags = 0;          // kIgnoreCase | kNumeric | kInline
  uint32_t end = 0;           // one past this node's subtree
  uint32_t a = 0, b = 0;      // pool span (offset, length) or span-list range
  uint32_t key_off = 0, key_len = 0;  // custom attribute key in the pool
  double num = 0;             // numeric operand
  Timestamp from = 0, until = 0;
  const Node* src = nullptr;  // source node (fallback operators, reasons)
};

struct ConditionProgram {
  std::vector<ProgramNode> nodes;
  std::string pool;
  std::vector<uint32_t> spans;  // (offset, length) pairs for in/not_in lists
};

inline constexpr uint8_t kProgIgnoreCase = 1;
inline constexpr uint8_t kProgNumeric = 2;
inline constexpr uint8_t kProgInline = 4;  // evaluated from ProgramNode fields alone

// Appends tree `t` (from its root) to `p`.
void AppendTree(const ConditionTree& t, ConditionProgram* p);
// Appends an "all" over the given trees (a release's rules), cheapest first.
void BuildAllProgram(const std::vector<const ConditionTree*>& trees, ConditionProgram* p);
// Evaluates the subtree at node `i` (0 = the whole program).
bool EvalProgram(const ConditionProgram& p, uint32_t i, EvalContext& ctx);

}  // namespace suture::gray::internal

#endif  // SUTURE_GRAY_SRC_CONDITION_PROGRAM_H_
