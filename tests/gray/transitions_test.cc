// The release state machine: every (state, action) pair against the table
// docs/gray-release.md and docs/api.md describe.
#include "suture/gray/transitions.h"

#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <utility>

namespace suture::gray {
namespace {

using S = ReleaseState;
using A = ReleaseAction;

// Expected: the resulting state, or nullopt for a refusal (409).
const std::map<std::pair<S, A>, std::optional<S>>& Expected() {
  static const auto* table = new std::map<std::pair<S, A>, std::optional<S>>{
      {{S::kActive, A::kEdit}, S::kActive},
      {{S::kActive, A::kRamp}, S::kActive},
      {{S::kActive, A::kPause}, S::kPaused},
      {{S::kActive, A::kResume}, std::nullopt},
      {{S::kActive, A::kRollback}, S::kRolledBack},
      {{S::kActive, A::kAutoHalt}, S::kHalted},
      {{S::kActive, A::kAdvanceRamp}, S::kActive},
      {{S::kActive, A::kSupersede}, S::kSuperseded},

      {{S::kPaused, A::kEdit}, S::kPaused},
      {{S::kPaused, A::kRamp}, S::kPaused},
      {{S::kPaused, A::kPause}, std::nullopt},
      {{S::kPaused, A::kResume}, S::kActive},
      {{S::kPaused, A::kRollback}, S::kRolledBack},
      {{S::kPaused, A::kAutoHalt}, S::kHalted},
      {{S::kPaused, A::kAdvanceRamp}, std::nullopt},
      {{S::kPaused, A::kSupersede}, S::kSuperseded},

      {{S::kHalted, A::kEdit}, S::kHalted},
      {{S::kHalted, A::kRamp}, S::kHalted},
      {{S::kHalted, A::kPause}, S::kPaused},
      {{S::kHalted, A::kResume}, S::kActive},
      {{S::kHalted, A::kRollback}, S::kRolledBack},
      {{S::kHalted, A::kAutoHalt}, std::nullopt},
      {{S::kHalted, A::kAdvanceRamp}, std::nullopt},
      {{S::kHalted, A::kSupersede}, S::kSuperseded},

      {{S::kSuperseded, A::kEdit}, std::nullopt},
      {{S::kSuperseded, A::kRamp}, std::nullopt},
      {{S::kSuperseded, A::kPause}, std::nullopt},
      {{S::kSuperseded, A::kResume}, std::nullopt},
      {{S::kSuperseded, A::kRollback}, S::kRolledBack},
      {{S::kSuperseded, A::kAutoHalt}, std::nullopt},
      {{S::kSuperseded, A::kAdvanceRamp}, std::nullopt},
      {{S::kSuperseded, A::kSupersede}, std::nullopt},

      {{S::kRolledBack, A::kEdit}, std::nullopt},
      {{S::kRolledBack, A::kRamp}, std::nullopt},
      {{S::kRolledBack, A::kPause}, std::nullopt},
      {{S::kRolledBack, A::kResume}, std::nullopt},
      {{S::kRolledBack, A::kRollback}, std::nullopt},
      {{S::kRolledBack, A::kAutoHalt}, std::nullopt},
      {{S::kRolledBack, A::kAdvanceRamp}, std::nullopt},
      {{S::kRolledBack, A::kSupersede}, std::nullopt},
  };
  return *table;
}

TEST(TransitionsTest, EveryStateActionPair) {
  ASSERT_EQ(Expected().size(), kAllReleaseStates.size() * kAllReleaseActions.size());
  for (S from : kAllReleaseStates) {
    for (A action : kAllReleaseActions) {
      SCOPED_TRACE(std::string(ReleaseStateName(from)) + " + " +
                   std::string(ReleaseActionName(action)));
      const std::optional<S> want = Expected().at({from, action});
      StatusOr<S> got = ApplyAction(from, action, "release 7");
      if (want) {
        ASSERT_TRUE(got.ok()) << got.status().ToString();
        EXPECT_EQ(*got, *want);
      } else {
        ASSERT_FALSE(got.ok());
        EXPECT_EQ(got.status().code(), StatusCode::kFailedPrecondition);
        EXPECT_NE(
            got.status().message().find("release 7 is " + std::string(ReleaseStateName(from))),
            std::string::npos)
            << got.status().message();
      }
    }
  }
}

TEST(TransitionsTest, RolledBackIsFinalWithAClearMessage) {
  StatusOr<S> r = ApplyAction(S::kRolledBack, A::kEdit, "release 3");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "release 3 is rolled_back, which is final: cannot edit it");
}

// CheckTransition is the table seen as (from, to) pairs: exactly the
// state changes some action makes.
TEST(TransitionsTest, CheckTransitionFollowsTheTable) {
  for (S from : kAllReleaseStates) {
    for (S to : kAllReleaseStates) {
      bool reachable = false;
      for (A a : kAllReleaseActions) {
        auto next = Expected().at({from, a});
        reachable = reachable || (next && *next == to && to != from);
      }
      EXPECT_EQ(CheckTransition(from, to).ok(), reachable)
          << ReleaseStateName(from) << " -> " << ReleaseStateName(to);
    }
  }
}

}  // namespace
}  // namespace suture::gray
