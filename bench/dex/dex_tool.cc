// suture_dex_tool: drives the DEX layer from the command line for the DEX
// benchmark (bench/dex/run_bench.sh) and for debugging. Prints one JSON
// object per run on stdout.
//   suture_dex_tool validate DEX
//   suture_dex_tool project OLD NEW OUT      (writes the projected old DEX)
//   suture_dex_tool diff OLD NEW PATCH
//   suture_dex_tool apply OLD PATCH OUT
// Environment: SUTURE_DEX_TRY_ALL=1 makes `diff` also try the zstd-prefix delta.
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "suture/apply/dex_apply.h"
#include "suture/apply/dex_projection.h"
#include "suture/apply/dex_reader.h"
#include "suture/core/file_util.h"
#include "suture/create/dex_diff.h"

namespace {

using suture::Bytes;
using suture::Status;

long MaxRssKb() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

double Ms(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

int Fail(const Status& s) {
  std::fprintf(stderr, "suture_dex_tool: %s\n", s.ToString().c_str());
  return 1;
}

int Run(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: suture_dex_tool validate|project|diff|apply FILES...\n");
    return 2;
  }
  std::string cmd = argv[1];
  if (cmd == "validate") {
    auto data = suture::ReadFile(argv[2]);
    if (!data.ok()) return Fail(data.status());
    auto dex = suture::dex::DexFile::Parse(*data);
    if (!dex.ok()) return Fail(dex.status());
    struct Counter : suture::dex::RefVisitor {
      uint64_t n = 0;
      void OnRef(const suture::dex::Ref&) override { ++n; }
    } counter;
    auto t0 = std::chrono::steady_clock::now();
    Status s = dex->ForEachRef(&counter);
    if (!s.ok()) return Fail(s);
    std::printf("{\"op\":\"validate\",\"version\":%d,\"refs\":%llu,\"ms\":%.1f}\n", dex->version(),
                static_cast<unsigned long long>(counter.n), Ms(t0));
    return 0;
  }
  if ((cmd == "project" || cmd == "diff") && argc == 5) {
    auto o = suture::ReadFile(argv[2]);
    if (!o.ok()) return Fail(o.status());
    auto n = suture::ReadFile(argv[3]);
    if (!n.ok()) return Fail(n.status());
    if (cmd == "project") {
      auto od = suture::dex::DexFile::Parse(*o);
      if (!od.ok()) return Fail(od.status());
      auto nd = suture::dex::DexFile::Parse(*n);
      if (!nd.ok()) return Fail(nd.status());
      auto maps = suture::dex::MatchDex(*od, *nd);
      auto proj = suture::dex::Project(*od, maps);
      if (!proj.ok()) return Fail(proj.status());
      Status s = suture::WriteFileAtomic(argv[4], *proj);
      if (!s.ok()) return Fail(s);
      std::printf("{\"op\":\"project\",\"projected_bytes\":%zu,\"shifts\":%zu}\n", proj->size(),
                  maps.shifts.size());
      return 0;
    }
    suture::dex::DexDiffStats st;
    suture::dex::DexDiffOptions opt;
    opt.verify = false;
    // SUTURE_DEX_TRY_ALL=1: also try the zstd-prefix delta (DexDiffOptions::try_all_methods).
    const char* all = std::getenv("SUTURE_DEX_TRY_ALL");
    opt.try_all_methods = all != nullptr && std::strcmp(all, "1") == 0;
    auto t0 = std::chrono::steady_clock::now();
    auto patch = suture::dex::DexDiff(*o, *n, opt, &st);
    double ms = Ms(t0);
    if (!patch.ok()) return Fail(patch.status());
    Status s = suture::WriteFileAtomic(argv[4], *patch);
    if (!s.ok()) return Fail(s);
    std::printf(
        "{\"op\":\"diff\",\"patch_bytes\":%zu,\"maps_bytes\":%llu,\"delta_bytes\":%llu,"
        "\"method\":%d,\"shifts\":%u,\"renamed_classes\":%u,\"matched_strings\":%u,"
        "\"matched_methods\":%u,\"ms\":%.1f,\"max_rss_kb\":%ld}\n",
        patch->size(), static_cast<unsigned long long>(st.maps_size),
        static_cast<unsigned long long>(st.delta_size), st.method, st.shifts, st.renamed_classes,
        st.matched[0], st.matched[4], ms, MaxRssKb());
    return 0;
  }
  if (cmd == "apply" && argc == 5) {
    auto t0 = std::chrono::steady_clock::now();
    auto o = suture::MappedFile::Open(argv[2]);
    if (!o.ok()) return Fail(o.status());
    auto p = suture::ReadFile(argv[3]);
    if (!p.ok()) return Fail(p.status());
    auto out = suture::dex::DexApplyToBytes(o->view(), *p);
    if (!out.ok()) return Fail(out.status());
    Status s = suture::WriteFileAtomic(argv[4], *out);
    if (!s.ok()) return Fail(s);
    std::printf("{\"op\":\"apply\",\"new_bytes\":%zu,\"ms\":%.1f,\"max_rss_kb\":%ld}\n",
                out->size(), Ms(t0), MaxRssKb());
    return 0;
  }
  std::fprintf(stderr, "suture_dex_tool: bad arguments for '%s'\n", cmd.c_str());
  return 2;
}

}  // namespace

int main(int argc, char** argv) { return Run(argc, argv); }
