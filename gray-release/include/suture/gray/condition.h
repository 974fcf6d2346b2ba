// Condition: a compiled targeting rule (AND/OR/NOT tree of attribute tests).
//
// A Condition is parsed once from its JSON form (docs/gray-release.md) into an
// immutable tree: regular expressions are compiled, semver ranges, CIDR blocks
// and times are parsed, `in` lists are sorted, case-insensitive operands are
// lower-cased. Matching then allocates nothing (except std::regex internals
// for `regex` leaves) and never fails: a missing attribute or one of the wrong
// type (e.g. "abc" against `gt 3`) makes the leaf false.
//
//   {"all": [c, ...]}   {"any": [c, ...]}   {"not": c}
//   {"attr": "sdk", "op": "ge", "value": 23}
//
// Thread-safety: immutable after construction; copies share the tree; a
// Condition may be matched from any number of threads at once.
#ifndef SUTURE_GRAY_CONDITION_H_
#define SUTURE_GRAY_CONDITION_H_

#include <memory>
#include <string>
#include <string_view>

#include "suture/core/status.h"
#include "suture/gray/device.h"

namespace suture::gray {

namespace internal {
struct ConditionTree;
}  // namespace internal

class Condition {
 public:
  // The always-true condition ({"all": []}).
  Condition();

  // Parses the JSON text of one condition. `path` names the condition in
  // error messages: FromJson(text, "rules[2]") fails with e.g.
  // `rules[2].all[0].op: unknown operator "sdk_gt"` (kInvalidArgument).
  static StatusOr<Condition> FromJson(std::string_view json_text,
                                      std::string_view path = "condition");

  // True when `device` satisfies the condition at time `now`.
  bool Matches(const DeviceContext& device, Timestamp now) const;

  // As Matches; when false and `why` is non-null, sets *why to a one-line
  // reason, e.g. "sdk 21 fails sdk >= 23".
  bool Matches(const DeviceContext& device, Timestamp now, std::string* why) const;

  // Canonical JSON text (keys sorted); FromJson(ToJson()) gives an equal
  // condition.
  std::string ToJson() const;
  // Human-readable form, e.g. "(sdk >= 23 and brand in [\"google\"])".
  std::string ToString() const;

  // Number of nodes (leaves + all/any/not) in the tree.
  size_t node_count() const;

  // For the JSON layer (src/): the compiled tree.
  const internal::ConditionTree& tree() const { return *tree_; }
  explicit Condition(std::shared_ptr<const internal::ConditionTree> tree);

 private:
  std::shared_ptr<const internal::ConditionTree> tree_;
};

}  // namespace suture::gray

#endif  // SUTURE_GRAY_CONDITION_H_
