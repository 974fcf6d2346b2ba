// MatchDex: old->new index maps and offset shifts from item content.
// REQUIRES: both files passed DexFile::Validate().
#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "suture/create/dex_diff.h"

namespace suture::dex {
namespace {

constexpr int kStr = static_cast<int>(RefKind::kString);
constexpr int kTyp = static_cast<int>(RefKind::kType);
constexpr int kPro = static_cast<int>(RefKind::kProto);
constexpr int kFld = static_cast<int>(RefKind::kField);
constexpr int kMth = static_cast<int>(RefKind::kMethod);
constexpr int kCsi = static_cast<int>(RefKind::kCallSite);
constexpr int kMhd = static_cast<int>(RefKind::kMethodHandle);

std::string_view Str(const DexFile& f, uint32_t idx) {
  auto s = f.String(idx);
  return s.ok() ? *s : std::string_view();
}

class Matcher {
 public:
  Matcher(const DexFile& o, const DexFile& n, ProjectionMaps* m) : o_(o), n_(n), m_(*m) {
    for (int k = 0; k < kNumIndexKinds; ++k) {
      m_.index[k].assign(o.count(static_cast<RefKind>(k)), kNoIndex);
      m_.new_count[k] = n.count(static_cast<RefKind>(k));
      taken_[k].assign(n.count(static_cast<RefKind>(k)), false);
    }
  }

  uint32_t renamed = 0;

  void Run() {
    Strings();
    Types();
    Classes();
    Protos();
    Fields();
    Methods();
    Handles();
    CallSites();
    Offsets();
  }

 private:
  void Set(int k, uint32_t o, uint32_t n) {
    if (m_.index[k][o] != kNoIndex || taken_[k][n]) return;
    m_.index[k][o] = n;
    taken_[k][n] = true;
  }
  uint32_t Map(int k, uint32_t o) const {
    if (o == kNoIndex || o >= m_.index[k].size()) return kNoIndex;
    return m_.index[k][o];
  }

  void Strings() {
    std::unordered_map<std::string_view, uint32_t> by_value;
    by_value.reserve(n_.count(RefKind::kString));
    for (uint32_t i = 0; i < n_.count(RefKind::kString); ++i) by_value.emplace(Str(n_, i), i);
    for (uint32_t i = 0; i < o_.count(RefKind::kString); ++i) {
      auto it = by_value.find(Str(o_, i));
      if (it != by_value.end()) Set(kStr, i, it->second);
    }
  }

  void Types() {
    std::unordered_map<uint32_t, uint32_t> by_desc;
    for (uint32_t i = 0; i < n_.count(RefKind::kType); ++i)
      by_desc.emplace(n_.TypeDescriptorIdx(i), i);
    for (uint32_t i = 0; i < o_.count(RefKind::kType); ++i) {
      auto it = by_desc.find(Map(kStr, o_.TypeDescriptorIdx(i)));
      if (it != by_desc.end()) Set(kTyp, i, it->second);
    }
  }

  // Classes whose type found no counterpart are paired by shape: same
  // superclass, access flags and member counts. Pairing maps their types and
  // descriptor strings, so the members of a renamed class still match.
  void Classes() {
    struct Shape {
      uint32_t super, access;
      size_t fields, methods;
    };
    auto shape = [](const DexFile& f, const ClassDef& c, uint32_t super) {
      std::vector<ClassMember> members;
      Shape s{super, c.access_flags, 0, 0};
      if (f.ClassData(c.class_data_off, &members).ok())
        for (const ClassMember& mb : members) (mb.is_method ? s.methods : s.fields)++;
      return s;
    };
    std::vector<uint32_t> new_free;
    for (uint32_t i = 0; i < n_.class_defs().size; ++i)
      if (!taken_[kTyp][n_.Class(i).class_idx]) new_free.push_back(i);
    if (new_free.empty()) return;
    std::vector<Shape> new_shapes;
    for (uint32_t i : new_free) {
      ClassDef c = n_.Class(i);
      new_shapes.push_back(shape(n_, c, c.superclass_idx));
    }
    std::vector<bool> used(new_free.size(), false);
    for (uint32_t i = 0; i < o_.class_defs().size; ++i) {
      ClassDef c = o_.Class(i);
      if (Map(kTyp, c.class_idx) != kNoIndex) continue;
      Shape s = shape(o_, c, c.superclass_idx == kNoIndex ? kNoIndex : Map(kTyp, c.superclass_idx));
      for (size_t j = 0; j < new_free.size(); ++j) {
        const Shape& t = new_shapes[j];
        if (used[j] || t.super != s.super || t.access != s.access || t.fields != s.fields ||
            t.methods != s.methods)
          continue;
        used[j] = true;
        ClassDef nc = n_.Class(new_free[j]);
        Set(kTyp, c.class_idx, nc.class_idx);
        Set(kStr, o_.TypeDescriptorIdx(c.class_idx), n_.TypeDescriptorIdx(nc.class_idx));
        ++renamed;
        break;
      }
    }
  }

  std::string ProtoKey(const DexFile& f, uint32_t shorty, uint32_t ret, uint32_t params_off,
                       bool map_old) {
    std::string key;
    auto put = [&key](uint32_t v) { key.append(reinterpret_cast<const char*>(&v), 4); };
    put(map_old ? Map(kStr, shorty) : shorty);
    put(map_old ? Map(kTyp, ret) : ret);
    std::vector<uint16_t> params;
    (void)f.TypeList(params_off, &params);
    for (uint16_t p : params) put(map_old ? Map(kTyp, p) : p);
    return key;
  }

  void Protos() {
    std::unordered_map<std::string, uint32_t> by_key;
    for (uint32_t i = 0; i < n_.count(RefKind::kProto); ++i) {
      ProtoId p = n_.Proto(i);
      by_key.emplace(ProtoKey(n_, p.shorty_idx, p.return_type_idx, p.parameters_off, false), i);
    }
    for (uint32_t i = 0; i < o_.count(RefKind::kProto); ++i) {
      ProtoId p = o_.Proto(i);
      auto it = by_key.find(ProtoKey(o_, p.shorty_idx, p.return_type_idx, p.parameters_off, true));
      if (it != by_key.end()) Set(kPro, i, it->second);
    }
  }

  static uint64_t MemberKey(uint32_t cls, uint32_t mid, uint32_t name) {
    return (uint64_t{cls & 0xffff} << 48) | (uint64_t{mid & 0xffff} << 32) | name;
  }

  void Fields() {
    std::unordered_map<uint64_t, uint32_t> by_key;
    for (uint32_t i = 0; i < n_.count(RefKind::kField); ++i) {
      FieldId f = n_.Field(i);
      by_key.emplace(MemberKey(f.class_idx, f.type_idx, f.name_idx), i);
    }
    for (uint32_t i = 0; i < o_.count(RefKind::kField); ++i) {
      FieldId f = o_.Field(i);
      uint32_t c = Map(kTyp, f.class_idx), t = Map(kTyp, f.type_idx), n = Map(kStr, f.name_idx);
      if (c == kNoIndex || t == kNoIndex || n == kNoIndex) continue;
      auto it = by_key.find(MemberKey(c, t, n));
      if (it != by_key.end()) Set(kFld, i, it->second);
    }
  }

  void Methods() {
    std::unordered_map<uint64_t, uint32_t> by_key;
    for (uint32_t i = 0; i < n_.count(RefKind::kMethod); ++i) {
      MethodId m = n_.Method(i);
      by_key.emplace(MemberKey(m.class_idx, m.proto_idx, m.name_idx), i);
    }
    for (uint32_t i = 0; i < o_.count(RefKind::kMethod); ++i) {
      MethodId m = o_.Method(i);
      uint32_t c = Map(kTyp, m.class_idx), p = Map(kPro, m.proto_idx), n = Map(kStr, m.name_idx);
      if (c == kNoIndex || p == kNoIndex || n == kNoIndex) continue;
      auto it = by_key.find(MemberKey(c, p, n));
      if (it != by_key.end()) Set(kMth, i, it->second);
    }
  }

  void Handles() {
    std::unordered_map<uint64_t, uint32_t> by_key;
    for (uint32_t i = 0; i < n_.count(RefKind::kMethodHandle); ++i) {
      MethodHandle h = n_.Handle(i);
      by_key.emplace(uint64_t{h.type} << 32 | h.field_or_method_id, i);
    }
    for (uint32_t i = 0; i < o_.count(RefKind::kMethodHandle); ++i) {
      MethodHandle h = o_.Handle(i);
      uint32_t id = Map(h.type <= 3 ? kFld : kMth, h.field_or_method_id);
      if (id == kNoIndex) continue;
      auto it = by_key.find(uint64_t{h.type} << 32 | id);
      if (it != by_key.end()) Set(kMhd, i, it->second);
    }
  }

  // Call sites have no name; they are matched by position.
  void CallSites() {
    uint32_t n = std::min(o_.count(RefKind::kCallSite), n_.count(RefKind::kCallSite));
    for (uint32_t i = 0; i < n; ++i) Set(kCsi, i, i);
  }

  void Anchor(uint32_t o, uint32_t n) {
    if (o != 0 && n != 0) anchors_.push_back({o, n});
  }

  static uint32_t U32At(const DexFile& f, uint64_t off, bool* ok) {
    ByteView d = f.data();
    if (!RangeFits(off, 4, d.size())) {
      *ok = false;
      return 0;
    }
    return static_cast<uint32_t>(d[off] | d[off + 1] << 8 | d[off + 2] << 16 |
                                 static_cast<uint32_t>(d[off + 3]) << 24);
  }

  // annotation_set_item (or annotation_set_ref_list) pairs: anchors each
  // entry pairwise when both lists have the same length.
  void ListAnchors(uint32_t o, uint32_t n, bool sets_of_sets) {
    if (o == 0 || n == 0) return;
    Anchor(o, n);
    bool ok = true;
    uint32_t on = U32At(o_, o, &ok), nn = U32At(n_, n, &ok);
    if (!ok || on != nn || on > 4096) return;
    for (uint32_t i = 0; i < on; ++i) {
      uint32_t a = U32At(o_, o + 4 + 4ull * i, &ok), b = U32At(n_, n + 4 + 4ull * i, &ok);
      if (!ok) return;
      if (sets_of_sets) {
        ListAnchors(a, b, false);
      } else {
        Anchor(a, b);
      }
    }
  }

  // annotations_directory_item pairs of a matched class: class annotations,
  // and the annotation sets of matched fields, methods and parameters.
  void AnnotationAnchors(uint32_t o, uint32_t n) {
    if (o == 0 || n == 0) return;
    bool ok = true;
    ListAnchors(U32At(o_, o, &ok), U32At(n_, n, &ok), false);
    uint32_t oc[3], nc[3];
    for (int k = 0; k < 3; ++k) {
      oc[k] = U32At(o_, o + 4 + 4ull * k, &ok);
      nc[k] = U32At(n_, n + 4 + 4ull * k, &ok);
    }
    if (!ok) return;
    uint64_t opos = o + 16, npos = n + 16;
    for (int k = 0; k < 3; ++k) {
      std::unordered_map<uint32_t, uint32_t> by_idx;
      for (uint32_t i = 0; i < nc[k] && i < 65536; ++i) {
        uint32_t idx = U32At(n_, npos + 8ull * i, &ok), off = U32At(n_, npos + 8ull * i + 4, &ok);
        if (!ok) return;
        by_idx.emplace(idx, off);
      }
      for (uint32_t i = 0; i < oc[k] && i < 65536; ++i) {
        uint32_t idx = U32At(o_, opos + 8ull * i, &ok), off = U32At(o_, opos + 8ull * i + 4, &ok);
        if (!ok) return;
        auto it = by_idx.find(Map(k == 0 ? kFld : kMth, idx));
        if (it != by_idx.end()) ListAnchors(off, it->second, k == 2);
      }
      opos += 8ull * oc[k];
      npos += 8ull * nc[k];
    }
  }

  void Offsets() {
    anchors_.push_back({0, 0});
    for (const MapItem& a : o_.map())
      for (const MapItem& b : n_.map())
        if (a.type == b.type) Anchor(a.off, b.off);
    for (uint32_t i = 0; i < o_.count(RefKind::kString); ++i)
      if (Map(kStr, i) != kNoIndex) Anchor(o_.StringDataOff(i), n_.StringDataOff(Map(kStr, i)));
    for (uint32_t i = 0; i < o_.count(RefKind::kProto); ++i)
      if (Map(kPro, i) != kNoIndex)
        Anchor(o_.Proto(i).parameters_off, n_.Proto(Map(kPro, i)).parameters_off);
    for (uint32_t i = 0; i < o_.count(RefKind::kCallSite); ++i)
      if (Map(kCsi, i) != kNoIndex) Anchor(o_.CallSiteOff(i), n_.CallSiteOff(Map(kCsi, i)));
    std::unordered_map<uint32_t, uint32_t> new_class_by_type;
    for (uint32_t i = 0; i < n_.class_defs().size; ++i)
      new_class_by_type.emplace(n_.Class(i).class_idx, i);
    std::vector<ClassMember> om, nm;
    std::unordered_map<uint32_t, uint32_t> new_code;
    for (uint32_t i = 0; i < o_.class_defs().size; ++i) {
      ClassDef oc = o_.Class(i);
      auto it = new_class_by_type.find(Map(kTyp, oc.class_idx));
      if (it == new_class_by_type.end()) continue;
      ClassDef nc = n_.Class(it->second);
      Anchor(oc.interfaces_off, nc.interfaces_off);
      Anchor(oc.annotations_off, nc.annotations_off);
      AnnotationAnchors(oc.annotations_off, nc.annotations_off);
      Anchor(oc.class_data_off, nc.class_data_off);
      Anchor(oc.static_values_off, nc.static_values_off);
      if (!o_.ClassData(oc.class_data_off, &om).ok() || !n_.ClassData(nc.class_data_off, &nm).ok())
        continue;
      new_code.clear();
      for (const ClassMember& m : nm)
        if (m.is_method && m.code_off != 0) new_code.emplace(m.idx, m.code_off);
      for (const ClassMember& m : om) {
        if (!m.is_method || m.code_off == 0) continue;
        auto c = new_code.find(Map(kMth, m.idx));
        if (c == new_code.end()) continue;
        Anchor(m.code_off, c->second);
        auto od = o_.CodeDebugInfoOff(m.code_off);
        auto nd = n_.CodeDebugInfoOff(c->second);
        if (od.ok() && nd.ok()) Anchor(*od, *nd);
      }
    }
    std::sort(anchors_.begin(), anchors_.end());
    int64_t cur = 0;
    bool any = false;
    uint32_t last_start = 0;
    for (const auto& [o, n] : anchors_) {
      int64_t d = int64_t{n} - o;
      if (any && (d == cur || o == last_start)) continue;
      m_.shifts.push_back({o, static_cast<int32_t>(d)});
      cur = d;
      last_start = o;
      any = true;
    }
  }

  const DexFile& o_;
  const DexFile& n_;
  ProjectionMaps& m_;
  std::vector<bool> taken_[kNumIndexKinds];
  std::vector<std::pair<uint32_t, uint32_t>> anchors_;
};

}  // namespace

ProjectionMaps MatchDex(const DexFile& old_dex, const DexFile& new_dex, DexDiffStats* stats,
                        bool guess_unmatched) {
  ProjectionMaps maps;
  Matcher m(old_dex, new_dex, &maps);
  m.Run();
  if (stats != nullptr) {
    for (int k = 0; k < kNumIndexKinds; ++k)
      stats->matched[k] = static_cast<uint32_t>(std::count_if(
          maps.index[k].begin(), maps.index[k].end(), [](uint32_t v) { return v != kNoIndex; }));
    stats->renamed_classes = m.renamed;
    stats->shifts = static_cast<uint32_t>(maps.shifts.size());
  }
  // An old item without a counterpart is most likely replaced by a new item
  // at the same sorted position (a changed string, a method whose proto
  // changed): guess the index after its matched predecessor. Guesses continue
  // the previous run, so they also make the maps smaller.
  if (!guess_unmatched) return maps;
  for (int k = 0; k < kNumIndexKinds; ++k) {
    uint32_t new_count = maps.new_count[k];
    if (new_count == 0) continue;
    uint32_t next = 0;
    for (uint32_t& v : maps.index[k]) {
      if (v == kNoIndex) v = next < new_count ? next : new_count - 1;
      next = v + 1;
    }
  }
  return maps;
}

}  // namespace suture::dex
