// Where the appliers (generic, BSDIFF40, DEX, archive) write their output:
// a ByteSink receives consecutive pieces of NEW in order. A sink decides what
// a piece becomes (a file, memory, a ZIP entry) and may abort the apply by
// returning an error.
//
// Thread-safety: a sink is used by one apply at a time; the classes here keep
// no shared state.
#ifndef SUTURE_APPLY_BYTE_SINK_H_
#define SUTURE_APPLY_BYTE_SINK_H_

#include <cstdint>
#include <functional>
#include <utility>

#include "suture/core/byte_io.h"
#include "suture/core/status.h"

namespace suture::diff {

// Where the applier writes NEW. Write() receives consecutive pieces of the
// output; a non-OK return aborts the apply and is returned unchanged.
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual Status Write(ByteView data) = 0;
};

// A sink that appends to a caller-owned vector.
class BytesSink : public ByteSink {
 public:
  // REQUIRES: `out` outlives the sink.
  explicit BytesSink(Bytes* out) : out_(out) {}
  Status Write(ByteView data) override {
    out_->insert(out_->end(), data.begin(), data.end());
    return Status::Ok();
  }

 private:
  Bytes* out_;
};

// Forwards to another sink and calls `release` after every `interval` bytes.
// For callers that mmap OLD: pass a release that drops OLD's pages from the
// process (MappedFile::DontNeed(0, size)); touched pages come back from the
// page cache on demand, so peak RSS stops growing with OLD's size.
class PeriodicReleaseSink : public ByteSink {
 public:
  // REQUIRES: `inner` outlives this sink.
  PeriodicReleaseSink(ByteSink& inner, uint64_t interval, std::function<void()> release)
      : inner_(inner), interval_(interval), release_(std::move(release)) {}
  Status Write(ByteView data) override {
    SUTURE_RETURN_IF_ERROR(inner_.Write(data));
    since_release_ += data.size();
    if (since_release_ >= interval_) {
      since_release_ = 0;
      release_();
    }
    return Status::Ok();
  }

 private:
  ByteSink& inner_;
  uint64_t interval_;
  std::function<void()> release_;
  uint64_t since_release_ = 0;
};

}  // namespace suture::diff

#endif  // SUTURE_APPLY_BYTE_SINK_H_
