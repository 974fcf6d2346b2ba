// suture-server: serves the Suture HTTP API from a data folder.
//
//   suture-server --data DIR [--db postgresql://...] [--listen 127.0.0.1:8080] ...
//
// Prints "listening on http://HOST:PORT" on stdout once it accepts requests
// (with --listen HOST:0 the port is picked), and on first start
// "admin token: sut_..." before it; "device listener on http://HOST:PORT"
// (the device listener, unless --device-listen off) comes right before it.
// The --edge-* spellings of the --device-* flags are deprecated aliases.
#include <signal.h>
#include <sys/resource.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "suture/server/server.h"

namespace {

void Usage() {
  std::fprintf(stderr,
               "usage: suture-server --data DIR [--listen HOST:PORT]\n"
               "  --data DIR             data folder (created on first start)\n"
               "  --trust-proxy CIDR     a reverse proxy (e.g. 127.0.0.1 for a local nginx):\n"
               "                         from its peers, the device's address is the last\n"
               "                         X-Forwarded-For entry not in a trusted block\n"
               "                         (repeatable; for ip rules and per-address caps)\n"
               "  --db URL               postgresql://user@host:port/db: metadata and blobs\n"
               "                         in PostgreSQL, shared by every instance given the\n"
               "                         same URL (docs/deploy.md); --data then holds this\n"
               "                         instance's blob cache. Default: SQLite in --data\n"
               "  --listen HOST:PORT     default 127.0.0.1:8080; port 0 picks a free port\n"
               "  --blob-base-url URL    patch URL prefix in manifests (CDN / nginx)\n"
               "  --max-upload BYTES     largest accepted bundle (default 268435456)\n"
               "  --max-json-body BYTES  largest JSON body (default 65536)\n"
               "  --manifest-ttl SECS    manifest lifetime (default 86400)\n"
               "  --device-rate R        device requests per second, sustained (default 1)\n"
               "  --device-burst N       device request burst (default 20)\n"
               "  --tick SECS            ramp/auto-halt interval (default 10)\n"
               "  --max-push N           most held push connections (default 100000)\n"
               "  --threads N            main port event loops and admin worker threads\n"
               "                         (default 8)\n"
               "  --head-timeout SECS    a request head must arrive within this (default 30)\n"
               "  --idle-timeout SECS    an idle keep-alive connection is closed after this\n"
               "                         (default 60)\n"
               "  --body-timeout SECS    longest pause in a request body (default 30); after\n"
               "                         that grace a body must average --min-body-rate\n"
               "  --min-body-rate BYTES  per second (default 1024; 0 = no rate rule)\n"
               "  --device-listen HOST:PORT|off  device listener: the device API on its own\n"
               "                         port (default: the --listen host and port + 1; a free\n"
               "                         port with port 0)\n"
               "  --device-threads N     device listener event loops (default 2)\n"
               "  --device-max-conns N   device listener connection limit (default 100000;\n"
               "                         capped below the open-file limit, which is raised to\n"
               "                         its maximum)\n"
               "  --device-max-conns-per-ip N  device listener connections per peer IP or IPv6\n"
               "                         /64 (default 1000; 0 = unlimited; loopback exempt)\n"
               "  (--edge-listen, --edge-threads, --edge-max-conns, --edge-max-conns-per-ip:\n"
               "                         deprecated spellings of the four above)\n"
               "  --push-heartbeat SECS  event-stream heartbeat (default 25)\n"
               "  --push-max-timeout SECS  longest long-poll a device may ask for (default 300)\n"
               "  --push-max-per-ip N    push connections (long-polls + streams) per peer IP\n"
               "                         (default 1000; 0 = unlimited; loopback peers exempt)\n"
               "  --push-cap-loopback    apply --push-max-per-ip to loopback peers too\n"
               "  --push-stream-max SECS  event-stream lifetime, plus up to 10%% jitter; then a\n"
               "                         `reconnect` event and close (default 3600; 0 = none)\n");
}

bool ParseU64(const char* s, uint64_t* out) {
  char* end = nullptr;
  errno = 0;
  const unsigned long long v = std::strtoull(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0') return false;
  *out = v;
  return true;
}

// The --device-* name of a deprecated --edge-* flag (after one warning line
// on stderr), or `flag` itself.
std::string Canonical(const std::string& flag) {
  static const char* const kAliases[][2] = {
      {"--edge-listen", "--device-listen"},
      {"--edge-threads", "--device-threads"},
      {"--edge-max-conns", "--device-max-conns"},
      {"--edge-max-conns-per-ip", "--device-max-conns-per-ip"},
  };
  for (const auto& [old_name, new_name] : kAliases) {
    if (flag == old_name) {
      std::fprintf(stderr, "suture-server: warning: %s is deprecated, use %s\n", old_name,
                   new_name);
      return new_name;
    }
  }
  return flag;
}

int Run(int argc, char** argv) {
  suture::server::ServerConfig cfg;
  bool device_given = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = Canonical(argv[i]);
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "suture-server: %s needs a value\n", name);
        std::exit(2);
      }
      return argv[++i];
    };
    uint64_t n = 0;
    auto number = [&](const char* name) -> uint64_t {
      const char* v = value(name);
      if (!ParseU64(v, &n)) {
        std::fprintf(stderr, "suture-server: %s: '%s' is not a number\n", name, v);
        std::exit(2);
      }
      return n;
    };
    auto positive = [&](const char* name) -> double {
      const char* v = value(name);
      char* end = nullptr;
      const double d = std::strtod(v, &end);
      if (end == v || *end != '\0' || !(d > 0)) {
        std::fprintf(stderr, "suture-server: %s: '%s' is not a positive number\n", name, v);
        std::exit(2);
      }
      return d;
    };
    if (a == "--data") {
      cfg.data_dir = value("--data");
    } else if (a == "--trust-proxy") {
      cfg.trusted_proxies.emplace_back(value("--trust-proxy"));
    } else if (a == "--db") {
      cfg.db_url = value("--db");
      if (!cfg.db_url.starts_with("postgresql://") && !cfg.db_url.starts_with("postgres://")) {
        std::fprintf(stderr, "suture-server: --db: expected a postgresql:// URL, got '%s'\n",
                     cfg.db_url.c_str());
        return 2;
      }
    } else if (a == "--listen") {
      const std::string hp = value("--listen");
      const size_t colon = hp.rfind(':');
      uint64_t port = 0;
      if (colon == std::string::npos || !ParseU64(hp.c_str() + colon + 1, &port) ||
          port > 65535) {
        std::fprintf(stderr, "suture-server: --listen: expected HOST:PORT, got '%s'\n",
                     hp.c_str());
        return 2;
      }
      cfg.host = hp.substr(0, colon);
      cfg.port = static_cast<uint16_t>(port);
    } else if (a == "--device-listen") {
      device_given = true;
      const std::string hp = value("--device-listen");
      const size_t colon = hp.rfind(':');
      uint64_t port = 0;
      if (hp == "off") {
        cfg.device_port = -1;
      } else if (colon == std::string::npos || !ParseU64(hp.c_str() + colon + 1, &port) ||
                 port > 65535) {
        std::fprintf(stderr,
                     "suture-server: --device-listen: expected HOST:PORT or off, got '%s'\n",
                     hp.c_str());
        return 2;
      } else {
        cfg.device_host = hp.substr(0, colon);
        cfg.device_port = static_cast<int>(port);
      }
    } else if (a == "--push-max-timeout") {
      cfg.push_max_timeout_s = static_cast<int64_t>(number("--push-max-timeout"));
      if (cfg.push_max_timeout_s < 1 || cfg.push_max_timeout_s > 3600) {
        std::fprintf(stderr, "suture-server: --push-max-timeout: must be within [1, 3600]\n");
        return 2;
      }
    } else if (a == "--device-threads") {
      cfg.device_threads = number("--device-threads");
    } else if (a == "--device-max-conns") {
      cfg.device_max_connections = number("--device-max-conns");
      if (cfg.device_max_connections == 0) {
        std::fprintf(stderr, "suture-server: --device-max-conns: must be at least 1\n");
        return 2;
      }
    } else if (a == "--device-max-conns-per-ip") {
      cfg.device_max_connections_per_ip = number("--device-max-conns-per-ip");
    } else if (a == "--push-heartbeat") {
      cfg.push_heartbeat_s = static_cast<int64_t>(number("--push-heartbeat"));
    } else if (a == "--blob-base-url") {
      cfg.blob_base_url = value("--blob-base-url");
    } else if (a == "--max-upload") {
      cfg.max_upload = number("--max-upload");
    } else if (a == "--max-json-body") {
      cfg.max_json_body = number("--max-json-body");
    } else if (a == "--manifest-ttl") {
      cfg.manifest_ttl_s = static_cast<int64_t>(number("--manifest-ttl"));
    } else if (a == "--device-rate") {
      cfg.device_rate_per_s = positive("--device-rate");
    } else if (a == "--device-burst") {
      cfg.device_burst = positive("--device-burst");
    } else if (a == "--tick") {
      cfg.tick_interval_s = static_cast<int64_t>(number("--tick"));
    } else if (a == "--threads") {
      cfg.threads = number("--threads");
    } else if (a == "--head-timeout" || a == "--idle-timeout" || a == "--body-timeout") {
      const uint64_t secs = number(a.c_str());
      if (secs < 1 || secs > 3600) {
        std::fprintf(stderr, "suture-server: %s: must be within [1, 3600]\n", a.c_str());
        return 2;
      }
      int& field = a == "--head-timeout"   ? cfg.head_timeout_s
                   : a == "--idle-timeout" ? cfg.idle_timeout_s
                                           : cfg.body_timeout_s;
      field = static_cast<int>(secs);
    } else if (a == "--min-body-rate") {
      cfg.min_body_rate = number("--min-body-rate");
    } else if (a == "--max-push") {
      cfg.max_push_waiters = number("--max-push");
    } else if (a == "--push-max-per-ip") {
      cfg.push_max_per_ip = number("--push-max-per-ip");
    } else if (a == "--push-cap-loopback") {
      cfg.push_cap_loopback = true;
    } else if (a == "--push-stream-max") {
      const uint64_t secs = number("--push-stream-max");
      if (secs > 30 * 86400) {
        std::fprintf(stderr, "suture-server: --push-stream-max: at most 2592000 (30 days)\n");
        return 2;
      }
      cfg.push_stream_max_s = static_cast<int64_t>(secs);
    } else if (a == "-h" || a == "--help") {
      Usage();
      return 0;
    } else {
      std::fprintf(stderr, "suture-server: unknown option '%s'\n", a.c_str());
      Usage();
      return 2;
    }
  }
  if (cfg.data_dir.empty()) {
    std::fprintf(stderr, "suture-server: --data DIR is required\n");
    Usage();
    return 2;
  }
  // A fixed API port gets a predictable device port beside it (port + 1), so
  // a firewall or load balancer rule can name it; port 0 keeps both picked.
  if (!device_given && cfg.port != 0) {
    if (cfg.port == 65535) {
      std::fprintf(stderr, "suture-server: --listen port 65535 leaves no port for the device "
                           "listener: pass --device-listen HOST:PORT or off\n");
      return 2;
    }
    cfg.device_port = cfg.port + 1;
  }

  // Every held device connection costs a descriptor: use all the hard
  // limit allows (the device listener caps its connections below the soft
  // limit).
  rlimit nofile{};
  if (::getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
    nofile.rlim_cur = nofile.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &nofile) != 0) {
      std::fprintf(stderr, "suture-server: cannot raise the open-file limit: %s\n",
                   std::strerror(errno));
    }
  }

  // Block the stop signals before any thread starts, then wait for one.
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::string admin_token;
  auto server = suture::server::Server::Start(cfg, &admin_token);
  if (!server.ok()) {
    std::fprintf(stderr, "suture-server: %s\n", server.status().ToString().c_str());
    return 1;
  }
  if (!admin_token.empty()) {
    std::printf("admin token: %s\n", admin_token.c_str());
    std::printf("(shown once: store it now; only its SHA-256 is kept in %s)\n",
                cfg.db_url.empty() ? (cfg.data_dir + "/suture.db").c_str() : "the database");
  }
  // "listening on" stays the last line: scripts wait for it.
  if (!(*server)->device_url().empty()) {
    rlimit lim{};
    ::getrlimit(RLIMIT_NOFILE, &lim);
    std::fprintf(stderr,
                 "suture-server: device listener: at most %zu connections (open-file limit "
                 "%llu), %zu per peer IP (0 = unlimited; loopback exempt)\n",
                 (*server)->device_max_connections(),
                 static_cast<unsigned long long>(lim.rlim_cur),
                 cfg.device_max_connections_per_ip);
    std::printf("device listener on %s\n", (*server)->device_url().c_str());
  }
  std::printf("listening on %s\n", (*server)->url().c_str());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&stop, &sig);
  std::fprintf(stderr, "suture-server: signal %d, stopping\n", sig);
  return 0;
}

}  // namespace

// No exception leaves main(): cpprestsdk and the standard library can throw;
// whatever escapes start-up or shutdown ends as one line and exit status 1.
int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "suture-server: internal error: %s\n", e.what());
  } catch (...) {
    std::fprintf(stderr, "suture-server: internal error: unknown exception\n");
  }
  return 1;
}
