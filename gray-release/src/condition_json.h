// JSON value <-> Condition, for the release JSON layer. Internal.
#ifndef SUTURE_GRAY_SRC_CONDITION_JSON_H_
#define SUTURE_GRAY_SRC_CONDITION_JSON_H_

#include <string>

#include "json_util.h"
#include "suture/gray/condition.h"

namespace suture::gray::internal {

StatusOr<Condition> ConditionFromJsonValue(const Json& v, const std::string& path);
Json ConditionToJsonValue(const Condition& c);

}  // namespace suture::gray::internal

#endif  // SUTURE_GRAY_SRC_CONDITION_JSON_H_
