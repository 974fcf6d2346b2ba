// FindPathClash: duplicates and files used as folders, found in any order.
#include "suture/core/path_names.h"

#include <gtest/gtest.h>

#include <string_view>
#include <vector>

namespace suture {
namespace {

std::optional<PathClash> Find(std::vector<std::string_view> names) { return FindPathClash(names); }

TEST(PathNamesTest, NoClash) {
  EXPECT_FALSE(Find({}).has_value());
  EXPECT_FALSE(Find({"a"}).has_value());
  EXPECT_FALSE(Find({"a/", "a/b", "a/c/", "a/c/d", "ab", "a-x"}).has_value());
}

TEST(PathNamesTest, Duplicate) {
  auto c = Find({"x", "a", "x"});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->kind, PathClash::Kind::kDuplicate);
  EXPECT_EQ(c->a, 0u);
  EXPECT_EQ(c->b, 2u);
}

TEST(PathNamesTest, FileUsedAsFolderWithNamesBetween) {
  // Byte order puts "a-x" between "a" and "a/c"; the path order does not.
  auto c = Find({"a/c", "a-x", "a"});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->kind, PathClash::Kind::kFileIsFolder);
  EXPECT_EQ(c->a, 2u);  // the file
  EXPECT_EQ(c->b, 0u);  // the member that needs it as a folder
}

TEST(PathNamesTest, FileBesideItsFolderEntry) {
  auto c = Find({"a/", "a"});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->kind, PathClash::Kind::kFileIsFolder);
  EXPECT_EQ(c->a, 1u);
}

TEST(PathNamesTest, DeepClash) {
  auto c = Find({"res/values/strings.xml", "res/values", "res/"});
  ASSERT_TRUE(c.has_value());
  EXPECT_EQ(c->kind, PathClash::Kind::kFileIsFolder);
  EXPECT_EQ(c->a, 1u);
  EXPECT_EQ(c->b, 0u);
}

}  // namespace
}  // namespace suture
