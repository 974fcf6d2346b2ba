// The ceiling for suture-server's `check`: a bare cpprestsdk http_listener
// that answers every request with a fixed JSON body read from a file (the
// bench passes the real check answer, so the size matches), no body parsing,
// no routing, no metrics. Same thread-pool sizing flag as suture-server.
//
//   bare_cpprest FILE PORT [THREADS=8]
// Prints "listening on http://127.0.0.1:PORT" and serves until killed.
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <cpprest/http_listener.h>
#include <pplx/threadpool.h>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bare_cpprest FILE PORT [THREADS]\n");
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "bare_cpprest: cannot read %s\n", argv[1]);
    return 1;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string body = ss.str();
  // Block the stop signals before any pool thread exists, so that all of
  // them inherit the mask and sigwait below receives the signal.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  const int threads = argc > 3 ? std::atoi(argv[3]) : 8;
  if (threads > 0) crossplat::threadpool::initialize_with_threads(threads);
  const std::string url = std::string("http://127.0.0.1:") + argv[2];
  web::http::experimental::listener::http_listener_config lc;
  lc.set_backlog(4096);
  web::http::experimental::listener::http_listener listener(web::uri(url), lc);
  listener.support([&body](web::http::http_request req) {
    web::http::http_response resp(web::http::status_codes::OK);
    resp.set_body(body, "application/json");
    req.reply(resp).then([](pplx::task<void> t) {
      try {
        t.get();
      } catch (...) {
      }
    });
  });
  try {
    listener.open().wait();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bare_cpprest: cannot listen on %s: %s\n", url.c_str(), e.what());
    return 1;
  }
  std::printf("listening on %s\n", url.c_str());
  std::fflush(stdout);
  int sig = 0;
  sigwait(&set, &sig);
  listener.close().wait();
  return 0;
}
