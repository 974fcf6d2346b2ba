// Status and StatusOr<T>: the error values that cross every Suture library
// boundary. No exceptions leave a Suture library.
//
// A Status is either OK (no allocation) or a code plus a one-line message that
// says what was wrong and where. Codes travel over the wire (HTTP error bodies,
// client reports, CLI exit codes), so their numeric values are frozen: add new
// codes at the end, never renumber.
//
// Thread-safety: Status and StatusOr are values; distinct objects may be used
// from distinct threads, a shared const object may be read concurrently.
#ifndef SUTURE_CORE_STATUS_H_
#define SUTURE_CORE_STATUS_H_

#include <cassert>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace suture {

// Frozen numeric values: never renumber.
enum class StatusCode : int {
  kOk = 0,
  kInvalidArgument = 1,    // caller passed something malformed
  kNotFound = 2,           // file, key, row, entry missing
  kCorrupt = 3,            // untrusted bytes fail a structural check
  kIoError = 4,            // OS-level read/write/rename failure
  kLimitExceeded = 5,      // a declared size or count is above a limit
  kVerifyFailed = 6,       // signature or hash mismatch
  kUnsupported = 7,        // valid but unsupported (version, feature)
  kAlreadyExists = 8,      // duplicate
  kPermissionDenied = 9,   // authenticated but not allowed
  kUnauthenticated = 10,   // no or bad credentials
  kFailedPrecondition = 11,// state does not allow the operation
  kResourceExhausted = 12, // rate limit, quota
  kInternal = 13,          // a bug: an invariant did not hold
  kUnavailable = 14,       // transient: retry may succeed
  kCancelled = 15,
  kInsufficientStorage = 16,  // the disk (or quota) is full: retry once space returns
};

// Stable lower-case name of a code ("corrupt", "verify_failed", ...), used in
// JSON error bodies and CLI output.
std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message);

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status Corrupt(std::string m) { return {StatusCode::kCorrupt, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status LimitExceeded(std::string m) { return {StatusCode::kLimitExceeded, std::move(m)}; }
  static Status VerifyFailed(std::string m) { return {StatusCode::kVerifyFailed, std::move(m)}; }
  static Status Unsupported(std::string m) { return {StatusCode::kUnsupported, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status PermissionDenied(std::string m) { return {StatusCode::kPermissionDenied, std::move(m)}; }
  static Status Unauthenticated(std::string m) { return {StatusCode::kUnauthenticated, std::move(m)}; }
  static Status FailedPrecondition(std::string m) { return {StatusCode::kFailedPrecondition, std::move(m)}; }
  static Status ResourceExhausted(std::string m) { return {StatusCode::kResourceExhausted, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status InsufficientStorage(std::string m) {
    return {StatusCode::kInsufficientStorage, std::move(m)};
  }

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return state_ ? state_->code : StatusCode::kOk; }
  // Empty for OK.
  const std::string& message() const;
  // "ok" or "<code name>: <message>".
  std::string ToString() const;

  // Returns a copy whose message is "<prefix>: <message>" (OK stays OK).
  // Used to add where-context as an error travels up: file name, entry index.
  Status WithContext(std::string_view prefix) const;

  bool operator==(const Status& o) const {
    return code() == o.code() && message() == o.message();
  }

 private:
  struct State {
    StatusCode code;
    std::string message;
  };
  std::shared_ptr<const State> state_;  // null == OK
};

// Holds either a T or a non-OK Status.
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(Status s) : status_(std::move(s)) {  // NOLINT: implicit by design
    if (status_.ok()) status_ = Status::Internal("StatusOr built from OK status without a value");
  }
  StatusOr(T v) : value_(std::move(v)) {}  // NOLINT: implicit by design

  bool ok() const { return status_.ok(); }
  const Status& status() const { return status_; }

  // REQUIRES: ok().
  T& value() & { assert(ok()); return *value_; }
  const T& value() const& { assert(ok()); return *value_; }
  T&& value() && { assert(ok()); return std::move(*value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  Status status_;
  std::optional<T> value_;
};

}  // namespace suture

#define SUTURE_CONCAT_INNER_(a, b) a##b
#define SUTURE_CONCAT_(a, b) SUTURE_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define SUTURE_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::suture::Status suture_status_tmp_ = (expr);    \
    if (!suture_status_tmp_.ok()) return suture_status_tmp_; \
  } while (0)

// `lhs` = value of `expr` (a StatusOr<T>), or returns its Status.
#define SUTURE_ASSIGN_OR_RETURN(lhs, expr) \
  SUTURE_ASSIGN_OR_RETURN_IMPL_(SUTURE_CONCAT_(suture_statusor_, __LINE__), lhs, expr)
#define SUTURE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return tmp.status();                 \
  lhs = std::move(tmp).value()

#endif  // SUTURE_CORE_STATUS_H_
