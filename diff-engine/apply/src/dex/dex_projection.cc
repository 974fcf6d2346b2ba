// Project(): rewrite every reference of the old DEX through ProjectionMaps.
#include "suture/apply/dex_projection.h"

#include <algorithm>
#include <cstring>

namespace suture::dex {

uint32_t ProjectionMaps::MapIndex(RefKind kind, uint32_t old_idx) const {
  const auto& m = index[static_cast<int>(kind)];
  if (old_idx >= m.size() || m[old_idx] == kNoIndex) return old_idx;
  return m[old_idx];
}

uint32_t ProjectionMaps::MapOffset(uint32_t old_off) const {
  if (old_off == 0) return 0;
  auto it = std::upper_bound(shifts.begin(), shifts.end(), old_off,
                             [](uint32_t v, const OffsetShift& s) { return v < s.start; });
  if (it == shifts.begin()) return old_off;
  --it;
  return static_cast<uint32_t>(static_cast<int64_t>(old_off) + it->delta);
}

namespace {

struct Splice {
  uint32_t off;
  uint8_t old_len;
  uint8_t new_len;
  uint8_t bytes[10];
};

size_t PutUleb(uint32_t v, uint8_t* out) {
  size_t n = 0;
  do {
    uint8_t b = v & 0x7f;
    v >>= 7;
    if (v != 0) b |= 0x80;
    out[n++] = b;
  } while (v != 0);
  return n;
}

class Projector : public RefVisitor {
 public:
  Projector(const ProjectionMaps& maps, Bytes* out) : maps_(maps), out_(*out) {}

  void OnRef(const Ref& ref) override {
    uint32_t v;
    if (ref.kind == RefKind::kOffset) {
      v = maps_.MapOffset(ref.value);
    } else if (ref.value == kNoIndex) {
      v = kNoIndex;
    } else {
      v = maps_.MapIndex(ref.kind, ref.value);
    }
    uint8_t* p = out_.data() + ref.off;
    switch (ref.enc) {
      case RefEnc::kU16:
        if (ref.value == kNoIndex) return;
        p[0] = v & 0xff;
        p[1] = (v >> 8) & 0xff;
        return;
      case RefEnc::kU32:
        for (int i = 0; i < 4; ++i) p[i] = (v >> (8 * i)) & 0xff;
        return;
      case RefEnc::kUleb: {
        Splice s{};
        s.new_len = static_cast<uint8_t>(PutUleb(v, s.bytes));
        Add(ref, s);
        return;
      }
      case RefEnc::kUlebP1: {
        Splice s{};
        s.new_len = static_cast<uint8_t>(PutUleb(v + 1, s.bytes));  // kNoIndex + 1 == 0
        Add(ref, s);
        return;
      }
      case RefEnc::kUlebDiff: {
        if (ref.aux) prev_ = 0;
        Splice s{};
        s.new_len = static_cast<uint8_t>(PutUleb(v - prev_, s.bytes));
        prev_ = v;
        Add(ref, s);
        return;
      }
      case RefEnc::kEncodedValue: {
        Splice s{};
        int n = 1;
        while (n < 4 && (v >> (8 * n)) != 0) ++n;
        s.bytes[0] = static_cast<uint8_t>(((n - 1) << 5) | ref.aux);
        for (int i = 0; i < n; ++i) s.bytes[1 + i] = (v >> (8 * i)) & 0xff;
        s.new_len = static_cast<uint8_t>(1 + n);
        Add(ref, s);
        return;
      }
    }
  }

  std::vector<Splice>& splices() { return splices_; }

 private:
  void Add(const Ref& ref, Splice& s) {
    s.off = ref.off;
    s.old_len = ref.len;
    if (s.new_len == s.old_len) {
      std::memcpy(out_.data() + ref.off, s.bytes, s.new_len);
      return;
    }
    splices_.push_back(s);
  }

  const ProjectionMaps& maps_;
  Bytes& out_;
  std::vector<Splice> splices_;
  uint32_t prev_ = 0;
};

}  // namespace

StatusOr<Bytes> Project(const DexFile& old, const ProjectionMaps& maps) {
  Bytes proj(old.data().begin(), old.data().end());
  Projector p(maps, &proj);
  SUTURE_RETURN_IF_ERROR(old.ForEachRef(&p));
  auto& sp = p.splices();
  if (sp.empty()) return proj;
  std::sort(sp.begin(), sp.end(), [](const Splice& a, const Splice& b) { return a.off < b.off; });
  int64_t grow = 0;
  for (const Splice& s : sp) grow += int64_t{s.new_len} - s.old_len;
  Bytes out;
  out.reserve(static_cast<size_t>(static_cast<int64_t>(proj.size()) + grow));
  size_t pos = 0;
  for (const Splice& s : sp) {
    if (s.off < pos)
      return Status::Internal("dex projection: overlapping references at " + std::to_string(s.off));
    out.insert(out.end(), proj.begin() + pos, proj.begin() + s.off);
    out.insert(out.end(), s.bytes, s.bytes + s.new_len);
    pos = s.off + s.old_len;
  }
  out.insert(out.end(), proj.begin() + pos, proj.end());
  return out;
}

}  // namespace suture::dex
