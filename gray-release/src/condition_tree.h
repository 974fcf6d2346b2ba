// The compiled form of a Condition. Internal to suture::gray: the JSON layer
// builds it (condition_json.cc), the evaluator walks it (condition.cc).
#ifndef SUTURE_GRAY_SRC_CONDITION_TREE_H_
#define SUTURE_GRAY_SRC_CONDITION_TREE_H_

#include <cstdint>
#include <limits>
#include <memory>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "suture/gray/netaddr.h"
#include "semver.h"
#include "suture/gray/device.h"

namespace suture::gray::internal {

enum class NodeKind : uint8_t { kAll, kAny, kNot, kLeaf };

enum class Attr : uint8_t {
  kDeviceId, kUserId, kAppId, kBaseBuild, kAppVersion, kOs, kOsVersion, kSdk,
  kBrand, kModel, kAbi, kChannel, kRegion, kLocale, kNetwork, kIp, kCustom, kNow,
};

enum class Op : uint8_t {
  kEq, kNe, kIn, kNotIn, kPrefix, kSuffix, kContains, kLt, kLe, kGt, kGe,
  kSemver, kTimeWindow, kRegex, kCidr, kExists,
};

// Longest attribute value a regex is run on; longer values fail the leaf
// (std::regex recurses per character).
inline constexpr size_t kMaxRegexInput = 1024;

struct Node {
  NodeKind kind = NodeKind::kAll;
  Op op = Op::kEq;
  Attr attr = Attr::kDeviceId;
  bool ignore_case = false;
  bool numeric = false;              // eq/ne/in/not_in compare as numbers
  std::vector<uint32_t> children;    // all/any/not
  std::string custom_key;            // Attr::kCustom
  std::string str;                   // eq/ne/prefix/suffix/contains (lower-cased if ignore_case)
  double num = 0;                    // numeric eq/ne/lt/le/gt/ge
  std::vector<std::string> strs;     // in/not_in, sorted, unique
  std::vector<double> nums;          // numeric in/not_in, sorted
  VersionRange range;                // semver
  Timestamp from = std::numeric_limits<Timestamp>::min();  // time_window [from, until)
  Timestamp until = std::numeric_limits<Timestamp>::max();
  std::shared_ptr<const std::regex> re;
  std::vector<Cidr> cidrs;
  std::string text;                  // "sdk >= 23": for reasons and ToString
  uint32_t cost = 1;                 // relative evaluation cost; cheap children go first
};

struct ConditionTree {
  std::vector<Node> nodes;  // nodes[root] is the root
  uint32_t root = 0;
  std::string canonical_json;  // for ToJson
};

// Per-check evaluation state: the device, the time, and attribute values
// parsed lazily, at most once per check however many leaves read them.
struct EvalContext {
  EvalContext(const DeviceContext& d, Timestamp t) : device(d), now(t) {}
  const DeviceContext& device;
  Timestamp now;
  uint8_t version_state[2] = {0, 0};  // app_version, os_version: 0 unparsed, 1 ok, 2 malformed
  Version versions[2];
  uint8_t ip_state = 0;
  IpAddr ip;
};

// Evaluates the whole tree (no reason). Allocates nothing.
bool EvalTree(const ConditionTree& t, EvalContext& ctx);
// Evaluates one leaf node.
bool LeafMatches(const Node& n, EvalContext& ctx);

std::string_view AttrName(Attr a);
std::string_view OpName(Op op);

}  // namespace suture::gray::internal

#endif  // SUTURE_GRAY_SRC_CONDITION_TREE_H_
