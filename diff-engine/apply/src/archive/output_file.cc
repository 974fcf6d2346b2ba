#include "output_file.h"

#include <algorithm>
#include <memory>

namespace suture::diff {
namespace {
constexpr size_t kBufferSize = 1 << 20;
}  // namespace

StatusOr<std::unique_ptr<OutputFile>> OutputFile::Create(const std::string& path) {
  std::unique_ptr<OutputFile> f(new OutputFile());
  SUTURE_ASSIGN_OR_RETURN(f->file_, TempFile::CreateBeside(path));
  f->buf_.reserve(kBufferSize);
  return f;
}

Status OutputFile::Flush() {
  Status s = file_.Write(buf_);
  buf_.clear();
  return s;
}

Status OutputFile::Write(ByteView data) {
  while (!data.empty()) {
    size_t n = std::min(data.size(), kBufferSize - buf_.size());
    buf_.insert(buf_.end(), data.begin(), data.begin() + n);
    data = data.subspan(n);
    if (buf_.size() == kBufferSize) SUTURE_RETURN_IF_ERROR(Flush());
  }
  return Status::Ok();
}

Status OutputFile::Commit() {
  SUTURE_RETURN_IF_ERROR(Flush());
  return file_.Commit();
}

Status VerifyingSink::Write(ByteView data) {
  if (data.size() > expected_ - written_) {
    return Status::VerifyFailed("output exceeds its declared size " + std::to_string(expected_));
  }
  hasher_.Update(data);
  written_ += data.size();
  return next_ ? next_->Write(data) : Status::Ok();
}

Status VerifyingSink::Check(const Sha256Digest& want, const std::string& what) {
  if (written_ != expected_) {
    return Status::VerifyFailed(what + ": produced " + std::to_string(written_) + " bytes, expected " +
                                std::to_string(expected_));
  }
  if (hasher_.Finish() != want) return Status::VerifyFailed(what + ": SHA-256 of the output does not match");
  return Status::Ok();
}

Sha256Digest HashMapped(const MappedFile& map) {
  Sha256Hasher h;
  ByteView v = map.view();
  for (size_t off = 0; off < v.size(); off += kReleaseInterval) {
    size_t n = std::min<size_t>(kReleaseInterval, v.size() - off);
    h.Update(v.subspan(off, n));
    map.DontNeed(off, n);
  }
  return h.Finish();
}

PeriodicReleaseSink ReleasingMapPages(ByteSink& inner, const MappedFile& map) {
  return PeriodicReleaseSink(inner, kReleaseInterval, [&map] { map.DontNeed(0, map.view().size()); });
}

}  // namespace suture::diff
