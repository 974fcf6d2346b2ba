// Generic-layer benchmark: Suture's generic delta (and its BSDIFF40 writer)
// against Debian's bsdiff/bspatch, `zstd -19 --long=27 --patch-from` and
// `xdelta3 -9`, all run in the same invocation on the same file pairs.
//
// Every diff and apply runs as a child process (wait4 gives its peak RSS);
// times are medians over --reps runs; every apply output is compared with
// NEW. Output: one JSON object per line (pair x tool), then one summary line
// per tool with sums and medians of the ratios to bsdiff.
//
//   generic_bench [--reps N] [--synthetic-mb M] [--tmp DIR] OLD NEW [OLD NEW ...]
//
// Internal child modes (used by the bench itself):
//   generic_bench --run-diff {generic|bsdiff40} OLD NEW PATCH
//   generic_bench --run-apply {generic|bsdiff40} OLD PATCH OUT
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "suture/apply/bsdiff40_apply.h"
#include "suture/apply/generic_apply.h"
#include "suture/core/file_util.h"
#include "suture/create/bsdiff40_diff.h"
#include "suture/create/generic_diff.h"

namespace {

namespace fs = std::filesystem;
using suture::Bytes;
using suture::ByteView;
using suture::Status;

// ---- Child modes: our own diff and streaming apply. ----

class FileSink : public suture::diff::ByteSink {
 public:
  explicit FileSink(std::FILE* f) : f_(f) {}
  Status Write(ByteView data) override {
    if (std::fwrite(data.data(), 1, data.size(), f_) != data.size()) {
      return Status::IoError("write failed");
    }
    return Status::Ok();
  }

 private:
  std::FILE* f_;
};

int Fail(const Status& s) {
  std::fprintf(stderr, "generic_bench: %s\n", s.ToString().c_str());
  return 1;
}

int RunDiff(const std::string& kind, const std::string& old_path, const std::string& new_path,
            const std::string& patch_path) {
  auto old_data = suture::MappedFile::Open(old_path);
  if (!old_data.ok()) return Fail(old_data.status());
  auto new_data = suture::MappedFile::Open(new_path);
  if (!new_data.ok()) return Fail(new_data.status());
  auto patch = kind == "bsdiff40" ? suture::diff::Bsdiff40Diff(old_data->view(), new_data->view())
                                  : suture::diff::GenericDiff(old_data->view(), new_data->view());
  if (!patch.ok()) return Fail(patch.status());
  const Status s = suture::WriteFileAtomic(patch_path, *patch);
  return s.ok() ? 0 : Fail(s);
}

int RunApply(const std::string& kind, const std::string& old_path, const std::string& patch_path,
             const std::string& out_path) {
  auto old_data = suture::MappedFile::Open(old_path);
  if (!old_data.ok()) return Fail(old_data.status());
  auto patch = suture::MappedFile::Open(patch_path);
  if (!patch.ok()) return Fail(patch.status());
  std::FILE* f = std::fopen(out_path.c_str(), "wb");
  if (f == nullptr) return Fail(Status::IoError("cannot open " + out_path));
  // The applier hands over 64 KiB pieces: no stdio buffer needed.
  std::setvbuf(f, nullptr, _IONBF, 0);
  FileSink file_sink(f);
  // Drop OLD's and the patch's pages every 1 MiB of output so peak RSS does
  // not hold all of them (they come back from the page cache when touched).
  const suture::MappedFile& old_map = *old_data;
  const suture::MappedFile& patch_map = *patch;
  suture::diff::PeriodicReleaseSink sink(file_sink, 1 << 20, [&old_map, &patch_map] {
    old_map.DontNeed(0, old_map.view().size());
    patch_map.DontNeed(0, patch_map.view().size());
  });
  const Status s = kind == "bsdiff40"
                       ? suture::diff::Bsdiff40Apply(old_data->view(), patch->view(), sink)
                       : suture::diff::GenericApply(old_data->view(), patch->view(), sink);
  const bool closed = std::fclose(f) == 0;
  if (!s.ok()) return Fail(s);
  return closed ? 0 : Fail(Status::IoError("close failed"));
}

// ---- Parent: run tools, measure. ----

struct Run {
  double seconds = 0;
  double cpu_seconds = 0;  // user + system of the child
  long max_rss_kb = 0;
  int status = -1;
};

Run Spawn(const std::vector<std::string>& argv) {
  Run r;
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const int devnull = ::open("/dev/null", O_WRONLY);
    if (devnull >= 0) dup2(devnull, 1);
    execvp(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  struct rusage ru {};
  wait4(pid, &status, 0, &ru);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  r.max_rss_kb = ru.ru_maxrss;
  r.cpu_seconds = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
                  ru.ru_stime.tv_usec / 1e6;
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return r;
}

struct Tool {
  std::string name;
  // {OLD}, {NEW}, {PATCH}, {OUT} are substituted.
  std::vector<std::string> diff, apply;
};

std::vector<std::string> Substitute(std::vector<std::string> argv,
                                    const std::map<std::string, std::string>& vars) {
  for (auto& a : argv) {
    for (const auto& [k, v] : vars) {
      for (size_t p; (p = a.find(k)) != std::string::npos;) a.replace(p, k.size(), v);
    }
  }
  return argv;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool SameFile(const std::string& a, const std::string& b) {
  std::ifstream fa(a, std::ios::binary), fb(b, std::ios::binary);
  if (!fa || !fb) return false;
  return std::equal(std::istreambuf_iterator<char>(fa), std::istreambuf_iterator<char>(),
                    std::istreambuf_iterator<char>(fb), std::istreambuf_iterator<char>());
}

struct Result {
  std::string pair, tool;
  uint64_t old_bytes = 0, new_bytes = 0, patch_bytes = 0;
  double diff_s = 0, apply_s = 0, diff_cpu_s = 0, apply_cpu_s = 0;
  long diff_rss_kb = 0, apply_rss_kb = 0;
  bool ok = false;
};

// A large plain pair (text-like data with scattered edits) for throughput.
void WriteSynthetic(const std::string& dir, int mb, std::string* old_path, std::string* new_path) {
  std::mt19937 rng(42);
  static const char* kWords[] = {"invoke-virtual ", "const/4 ", "Ljava/lang/String;",
                                 "move-result ", "0x7f0a00", "return-void\n", "iget ", "v1, v2"};
  Bytes old_data;
  old_data.reserve(static_cast<size_t>(mb) << 20);
  while (old_data.size() < (static_cast<size_t>(mb) << 20)) {
    if (rng() % 4 == 0) {
      for (int i = 0; i < 16; ++i) old_data.push_back(static_cast<uint8_t>(rng()));
    } else {
      const char* w = kWords[rng() % 8];
      old_data.insert(old_data.end(), w, w + std::strlen(w));
    }
  }
  Bytes new_data = old_data;
  for (int i = 0; i < mb * 20; ++i) {
    const size_t at = rng() % new_data.size();
    if (rng() % 2) {
      new_data[at] ^= 0x5a;
    } else {
      Bytes ins(1 + rng() % 40);
      for (auto& x : ins) x = static_cast<uint8_t>(rng());
      new_data.insert(new_data.begin() + static_cast<ptrdiff_t>(at), ins.begin(), ins.end());
    }
  }
  *old_path = dir + "/synthetic_old.bin";
  *new_path = dir + "/synthetic_new.bin";
  (void)suture::WriteFileAtomic(*old_path, old_data);
  (void)suture::WriteFileAtomic(*new_path, new_data);
}

void PrintResult(const Result& r, const Result* base) {
  const double mbps = r.apply_s > 0 ? r.new_bytes / r.apply_s / 1e6 : 0;
  std::printf(
      "{\"pair\":\"%s\",\"tool\":\"%s\",\"ok\":%s,\"old_bytes\":%llu,\"new_bytes\":%llu,"
      "\"patch_bytes\":%llu,\"diff_s\":%.4f,\"diff_cpu_s\":%.4f,\"apply_s\":%.4f,"
      "\"apply_cpu_s\":%.4f,\"diff_rss_kb\":%ld,\"apply_rss_kb\":%ld,\"apply_mb_s\":%.1f",
      r.pair.c_str(), r.tool.c_str(), r.ok ? "true" : "false",
      static_cast<unsigned long long>(r.old_bytes), static_cast<unsigned long long>(r.new_bytes),
      static_cast<unsigned long long>(r.patch_bytes), r.diff_s, r.diff_cpu_s, r.apply_s,
      r.apply_cpu_s, r.diff_rss_kb,
      r.apply_rss_kb, mbps);
  if (base != nullptr && base->ok && base->patch_bytes > 0) {
    std::printf(",\"size_vs_bsdiff\":%.4f,\"diff_time_vs_bsdiff\":%.4f,"
                "\"diff_cpu_vs_bsdiff\":%.4f,\"apply_rss_vs_bspatch\":%.4f",
                static_cast<double>(r.patch_bytes) / base->patch_bytes,
                base->diff_s > 0 ? r.diff_s / base->diff_s : 0,
                base->diff_cpu_s > 0 ? r.diff_cpu_s / base->diff_cpu_s : 0,
                base->apply_rss_kb > 0 ? static_cast<double>(r.apply_rss_kb) / base->apply_rss_kb
                                       : 0);
  }
  std::printf("}\n");
  std::fflush(stdout);
}

int Bench(int argc, char** argv, const std::string& self) {
  int reps = 3, synthetic_mb = 0;
  std::string tmp = (fs::temp_directory_path() / ("suture_generic_bench_" +
                                                  std::to_string(getpid()))).string();
  std::vector<std::pair<std::string, std::string>> pairs;
  std::vector<std::string> files;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--reps" && i + 1 < argc) {
      reps = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--synthetic-mb" && i + 1 < argc) {
      synthetic_mb = std::atoi(argv[++i]);
    } else if (a == "--tmp" && i + 1 < argc) {
      tmp = argv[++i];
    } else {
      files.push_back(a);
    }
  }
  if (files.size() % 2 != 0 || (files.empty() && synthetic_mb == 0)) {
    std::fprintf(stderr,
                 "usage: generic_bench [--reps N] [--synthetic-mb M] [--tmp DIR] OLD NEW [...]\n");
    return 2;
  }
  fs::create_directories(tmp);
  for (size_t i = 0; i < files.size(); i += 2) pairs.emplace_back(files[i], files[i + 1]);
  if (synthetic_mb > 0) {
    std::string o, n;
    WriteSynthetic(tmp, synthetic_mb, &o, &n);
    pairs.emplace_back(o, n);
  }

  const std::vector<Tool> tools = {
      {"bsdiff", {"bsdiff", "{OLD}", "{NEW}", "{PATCH}"}, {"bspatch", "{OLD}", "{OUT}", "{PATCH}"}},
      {"suture-generic",
       {self, "--run-diff", "generic", "{OLD}", "{NEW}", "{PATCH}"},
       {self, "--run-apply", "generic", "{OLD}", "{PATCH}", "{OUT}"}},
      {"suture-bsdiff40",
       {self, "--run-diff", "bsdiff40", "{OLD}", "{NEW}", "{PATCH}"},
       {self, "--run-apply", "bsdiff40", "{OLD}", "{PATCH}", "{OUT}"}},
      {"zstd-19-long27",
       {"zstd", "-q", "-f", "-19", "--long=27", "--patch-from={OLD}", "{NEW}", "-o", "{PATCH}"},
       {"zstd", "-q", "-f", "-d", "--long=27", "--patch-from={OLD}", "{PATCH}", "-o", "{OUT}"}},
      {"xdelta3-9",
       {"xdelta3", "-9", "-e", "-f", "-s", "{OLD}", "{NEW}", "{PATCH}"},
       {"xdelta3", "-d", "-f", "-s", "{OLD}", "{PATCH}", "{OUT}"}},
  };

  std::map<std::string, std::vector<Result>> by_tool;
  for (const auto& [old_path, new_path] : pairs) {
    const std::string pair_name = fs::path(old_path).parent_path().filename().string() + "/" +
                                  fs::path(old_path).filename().string() + "->" +
                                  fs::path(new_path).parent_path().filename().string() + "/" +
                                  fs::path(new_path).filename().string();
    Result base;
    for (const Tool& tool : tools) {
      Result r;
      r.pair = pair_name;
      r.tool = tool.name;
      r.old_bytes = fs::file_size(old_path);
      r.new_bytes = fs::file_size(new_path);
      const std::map<std::string, std::string> vars = {
          {"{OLD}", old_path}, {"{NEW}", new_path},
          {"{PATCH}", tmp + "/" + tool.name + ".patch"}, {"{OUT}", tmp + "/" + tool.name + ".out"}};
      std::vector<double> diff_t, apply_t, diff_c, apply_c;
      r.ok = true;
      for (int k = 0; k < reps && r.ok; ++k) {
        const Run d = Spawn(Substitute(tool.diff, vars));
        diff_t.push_back(d.seconds);
        diff_c.push_back(d.cpu_seconds);
        r.diff_rss_kb = std::max(r.diff_rss_kb, d.max_rss_kb);
        r.ok = d.status == 0;
      }
      if (r.ok) r.patch_bytes = fs::file_size(vars.at("{PATCH}"));
      for (int k = 0; k < reps && r.ok; ++k) {
        fs::remove(vars.at("{OUT}"));
        const Run a = Spawn(Substitute(tool.apply, vars));
        apply_t.push_back(a.seconds);
        apply_c.push_back(a.cpu_seconds);
        r.apply_rss_kb = std::max(r.apply_rss_kb, a.max_rss_kb);
        r.ok = a.status == 0 && SameFile(vars.at("{OUT}"), new_path);
      }
      r.diff_s = Median(diff_t);
      r.apply_s = Median(apply_t);
      r.diff_cpu_s = Median(diff_c);
      r.apply_cpu_s = Median(apply_c);
      fs::remove(vars.at("{OUT}"));
      fs::remove(vars.at("{PATCH}"));
      if (tool.name == "bsdiff") base = r;
      PrintResult(r, tool.name == "bsdiff" ? nullptr : &base);
      by_tool[tool.name].push_back(r);
    }
  }

  // Summary per tool against bsdiff over the pairs where both succeeded.
  const auto& bs = by_tool["bsdiff"];
  for (const auto& [name, results] : by_tool) {
    uint64_t sum = 0, sum_bs = 0;
    std::vector<double> size_ratio, time_ratio, cpu_ratio, rss_ratio, mbps, cpu_mbps;
    int failures = 0;
    for (size_t i = 0; i < results.size(); ++i) {
      if (!results[i].ok) {
        ++failures;
        continue;
      }
      if (results[i].apply_s > 0) mbps.push_back(results[i].new_bytes / results[i].apply_s / 1e6);
      if (results[i].apply_cpu_s > 0) {
        cpu_mbps.push_back(results[i].new_bytes / results[i].apply_cpu_s / 1e6);
      }
      if (!bs[i].ok) continue;
      sum += results[i].patch_bytes;
      sum_bs += bs[i].patch_bytes;
      size_ratio.push_back(static_cast<double>(results[i].patch_bytes) / bs[i].patch_bytes);
      time_ratio.push_back(results[i].diff_s / bs[i].diff_s);
      if (bs[i].diff_cpu_s > 0) cpu_ratio.push_back(results[i].diff_cpu_s / bs[i].diff_cpu_s);
      rss_ratio.push_back(static_cast<double>(results[i].apply_rss_kb) / bs[i].apply_rss_kb);
    }
    std::printf(
        "{\"summary\":\"%s\",\"pairs\":%zu,\"failures\":%d,\"patch_bytes_sum\":%llu,"
        "\"bsdiff_bytes_sum\":%llu,\"sum_size_vs_bsdiff\":%.4f,\"median_size_vs_bsdiff\":%.4f,"
        "\"max_size_vs_bsdiff\":%.4f,\"median_diff_time_vs_bsdiff\":%.4f,"
        "\"median_diff_cpu_vs_bsdiff\":%.4f,\"median_apply_rss_vs_bspatch\":%.4f,"
        "\"max_apply_rss_vs_bspatch\":%.4f,\"median_apply_mb_s\":%.1f,"
        "\"median_apply_mb_per_cpu_s\":%.1f}\n",
        name.c_str(), results.size(), failures, static_cast<unsigned long long>(sum),
        static_cast<unsigned long long>(sum_bs), sum_bs ? static_cast<double>(sum) / sum_bs : 0,
        Median(size_ratio),
        size_ratio.empty() ? 0 : *std::max_element(size_ratio.begin(), size_ratio.end()),
        Median(time_ratio), Median(cpu_ratio), Median(rss_ratio),
        rss_ratio.empty() ? 0 : *std::max_element(rss_ratio.begin(), rss_ratio.end()),
        Median(mbps), Median(cpu_mbps));
  }
  fs::remove_all(tmp);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string self = fs::canonical("/proc/self/exe").string();
  if (argc == 6 && std::strcmp(argv[1], "--run-diff") == 0) {
    return RunDiff(argv[2], argv[3], argv[4], argv[5]);
  }
  if (argc == 6 && std::strcmp(argv[1], "--run-apply") == 0) {
    return RunApply(argv[2], argv[3], argv[4], argv[5]);
  }
  return Bench(argc, argv, self);
}
