#include "worker.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <thread>
#include <vector>

#include "engine.h"
#include "suture/core/crypto.h"

extern char** environ;

namespace suture::client {
namespace {

constexpr size_t kMaxWorkerMessage = 4096;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

void Drain(int fd, std::string* out) {
  char buf[512];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof(buf));
    if (n <= 0) return;
    if (out->size() < kMaxWorkerMessage)
      out->append(buf, std::min<size_t>(n, kMaxWorkerMessage - out->size()));
  }
}

void MaybeFault(const char* point) {
  const char* f = std::getenv("SUTURE_CLIENT_WORKER_FAULT");
  if (f != nullptr && std::strcmp(f, point) == 0) ::raise(SIGKILL);
}

}  // namespace

std::string DefaultWorkerPath() {
  if (const char* env = std::getenv("SUTURE_CLIENT_WORKER"); env != nullptr && *env) return env;
  std::error_code ec;
  auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return "suture-client-worker";
  return (self.parent_path() / "suture-client-worker").string();
}

Result RunMergeWorker(const MergeRequest& req) {
  int pipefd[2];
  if (::pipe2(pipefd, O_CLOEXEC) != 0)
    return {Code::kWorkerCrashed, std::string("pipe: ") + std::strerror(errno)};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, pipefd[1], 2);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  std::vector<std::string> args = {req.worker_path, "merge",      req.base_path,
                                   req.bundle_path, req.out_path, req.pubkey_path};
  if (req.max_data_bytes != 0) args.push_back(std::to_string(req.max_data_bytes));
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, req.worker_path.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(pipefd[1]);
  if (rc != 0) {
    ::close(pipefd[0]);
    return {Code::kWorkerCrashed, req.worker_path + ": cannot start: " + std::strerror(rc)};
  }
  ::fcntl(pipefd[0], F_SETFL, O_NONBLOCK);
  std::string message;
  const int64_t deadline = NowMs() + req.timeout_ms;
  int status = 0;
  bool timed_out = false;
  while (true) {
    const pid_t w = ::waitpid(pid, &status, WNOHANG);
    if (w == pid) break;
    if (w < 0 && errno != EINTR) {
      ::close(pipefd[0]);
      return {Code::kWorkerCrashed, std::string("waitpid: ") + std::strerror(errno)};
    }
    Drain(pipefd[0], &message);
    if (!timed_out && NowMs() > deadline) {
      ::kill(pid, SIGKILL);
      timed_out = true;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  Drain(pipefd[0], &message);
  ::close(pipefd[0]);
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r')) message.pop_back();
  if (timed_out) return {Code::kWorkerCrashed, "merge worker timed out and was killed"};
  if (WIFSIGNALED(status)) {
    return {Code::kWorkerCrashed,
            "merge worker killed by signal " + std::to_string(WTERMSIG(status))};
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  return {Code::kMergeFailed,
          message.empty() ? "merge worker exited " + std::to_string(WEXITSTATUS(status)) : message};
}

namespace {

int WorkerFail(const Status& s) {
  std::fprintf(stderr, "suture-client-worker: %d %s\n", static_cast<int>(s.code()),
               s.ToString().c_str());
  return 3;
}

int WorkerMerge(char** argv, uint64_t max_data) {
  auto key = PublicKey::LoadFile(argv[5]);
  if (!key.ok()) return WorkerFail(key.status());
  engine::ApplyOptions opt;
  opt.pubkey = &*key;
  try {
    auto r = engine::ApplyPatch(argv[2], argv[3], argv[4], opt);
    if (!r.ok()) return WorkerFail(r.status());
  } catch (const std::bad_alloc&) {
    return WorkerFail(Status::ResourceExhausted("the merge needs more memory than its limit of " +
                                                std::to_string(max_data) + " bytes"));
  }
  return 0;
}

}  // namespace

int WorkerMain(int argc, char** argv) {
  uint64_t max_data = 0;
  if (argc == 7) {
    char* end = nullptr;
    errno = 0;
    max_data = std::strtoull(argv[6], &end, 10);
    if (errno != 0 || *end != '\0' || max_data == 0) argc = 0;  // usage error below
  }
  if ((argc != 6 && argc != 7) || std::strcmp(argv[1], "merge") != 0) {
    std::fprintf(
        stderr,
        "suture-client-worker: %d usage: suture-client-worker merge BASE BUNDLE OUT PUBKEY "
        "[MAX_DATA_BYTES]\n",
        static_cast<int>(StatusCode::kInvalidArgument));
    return 2;
  }
  // Die with the host: an orphaned worker must not keep writing into a
  // staging folder the next sync sweeps.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() == 1) return 4;
  if (max_data != 0) {
    const rlimit lim{max_data, max_data};
    if (::setrlimit(RLIMIT_DATA, &lim) != 0) {
      return WorkerFail(
          Status::Internal(std::string("setrlimit(RLIMIT_DATA): ") + std::strerror(errno)));
    }
  }
  MaybeFault("kill-at-start");
  const int rc = WorkerMerge(argv, max_data);
  if (rc != 0) return rc;
  MaybeFault("kill-after-apply");
  return 0;
}

}  // namespace suture::client
