// Internals of EpollHttpServer shared by epoll_http_server.cc (event loops,
// connection I/O) and epoll_http_reply.cc (Reply, response heads). Not for
// other callers.
//
// Ownership: EpollHttpServer::Impl owns the loops (shared_ptr); a loop owns its
// connections; a connection owns its current reply (shared_ptr) and the
// handler holds another reference. A reply refers to its connection only by
// (loop, id): it never touches a connection, it queues output under its own
// mutex and posts the id to the loop, which pulls the output on its thread.
// So a reply may outlive its connection, its loop thread and the server.
//
// Lock order: ReplyImpl::mu_ before Loop::mu_. The loop never holds mu_
// while calling into a reply.
#ifndef SUTURE_SERVER_HTTP_EPOLL_HTTP_INTERNAL_H_
#define SUTURE_SERVER_HTTP_EPOLL_HTTP_INTERNAL_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

#include "http/epoll_http_server.h"
#include "http/http1_parser.h"

namespace suture::server::epoll_http {
namespace internal {

struct Loop;
struct Conn;

// epoll data of a loop's listening socket and wake-up eventfd; connection
// ids start above them.
inline constexpr uint64_t kListenId = 1;
inline constexpr uint64_t kWakeId = 2;

// "HTTP/1.1 <status> <reason>" plus Content-Type, Content-Length (when
// `content_length` >= 0 and the status is neither 1xx nor 204; a 304 may
// declare the length of the 200 it stands for), Connection and `extra`
// (fields with CR/LF or framing names are dropped).
std::string ResponseHead(int status, std::string_view content_type, int64_t content_length,
                         bool close, const Headers& extra);
// True when `extra` asks for "Connection: close".
bool WantsClose(const Headers& extra);
// 1xx, 204 and 304 responses have no body.
bool StatusHasBody(int status);
// A complete error response with the JSON body
// {"error":{"code":"<StatusCodeName>","message":"..."}}.
std::string ErrorResponse(int status, std::string_view message, bool close, bool head_only);
// Just the JSON body of such an error.
std::string ErrorBody(int status, std::string_view message);

class ReplyImpl final : public Reply {
 public:
  ReplyImpl(std::shared_ptr<Loop> loop, uint64_t conn_id, bool head_only, bool keep_alive,
            size_t max_stream_buffer);
  ~ReplyImpl() override;

  bool Send(int status, std::string_view content_type, std::string body,
            Headers extra) override;
  bool SendFile(int status, std::string_view content_type, int fd, uint64_t offset,
                uint64_t length, Headers extra) override;
  bool StartStream(std::string_view content_type, Headers extra) override;
  bool Write(std::string bytes) override;
  void End() override;
  void OnClose(std::function<void()> fn) override;

  // --- loop side (the loop thread of the connection only) ---
  struct Taken {
    std::string bytes;        // append to the connection's output
    int file_fd = -1;         // owned by the taker from now on
    uint64_t file_offset = 0;
    uint64_t file_length = 0;
    bool started = false;     // the response began (first take after Send/SendFile/StartStream)
    bool stream = false;      // ... as a stream
    bool close_after = false; // ... and the connection closes after it
    bool complete = false;    // nothing more will follow (Send/SendFile, or End)
    bool abort = false;       // close the connection now (stream reader too slow)
    int server_error_status = 0;  // the reply answered an error of its own (503)
  };
  void Take(Taken* out);
  // The connection closed: later calls return false. Returns the OnClose
  // callbacks to run when the reply was still pending or streaming.
  std::vector<std::function<void()>> MarkClosed();
  // Bytes of a stream written to the connection but not yet to the socket.
  void SetBacklog(size_t n) { backlog_.store(n, std::memory_order_relaxed); }

 private:
  enum class State { kPending, kResponded, kStreaming, kEnded, kClosed };
  void PostLocked();
  // Completes a pending reply with the whole response `msg`; false if not pending.
  bool RespondLocked(std::string msg, bool close);

  const std::shared_ptr<Loop> loop_;
  const uint64_t conn_id_;
  const bool head_only_;
  const bool keep_alive_;
  const size_t max_stream_buffer_;
  std::atomic<size_t> backlog_{0};

  std::mutex mu_;
  State state_ = State::kPending;
  bool closed_while_open_ = false;
  bool posted_ = false;
  std::string out_;
  int file_fd_ = -1;
  uint64_t file_offset_ = 0;
  uint64_t file_length_ = 0;
  bool start_pending_ = false;
  bool stream_ = false;
  bool close_after_ = false;
  bool complete_pending_ = false;
  bool abort_pending_ = false;
  int server_error_status_ = 0;
  std::vector<std::function<void()>> on_close_;
};

// One event loop: an epoll fd, a listening socket of its own
// (SO_REUSEPORT), an eventfd for wake-ups from other threads, and the
// connections it accepted. Everything but the members under mu_ (and
// stop_) is touched by the loop thread only.
struct Loop : std::enable_shared_from_this<Loop> {
  ~Loop();
  // Any thread: asks the loop to pull reply output for connection `id`.
  void Post(uint64_t id);
  void Run();

  EpollHttpServer::Impl* server = nullptr;  // used only by the loop thread while it runs
  int epoll_fd = -1;
  int wake_fd = -1;
  int listen_fd = -1;
  std::thread thread;
  std::atomic<bool> stop{false};

  std::mutex mu;
  bool stopped = false;        // under mu: Post does nothing any more
  std::vector<uint64_t> inbox;  // under mu

  // Loop-thread state.
  std::unordered_map<uint64_t, std::shared_ptr<Conn>> conns;
  std::vector<uint64_t> ready;  // posts made on the loop thread itself
  std::vector<uint64_t> resume;  // connections that used their turn's budget
  uint64_t next_id = 16;        // ids below are the listen and wake fds
  bool accept_paused = false;
  int64_t now_ms = 0;
  std::string scratch;
};

}  // namespace internal

struct EpollHttpServer::Impl {
  Options options;
  Handler handler;
  std::string url;
  std::atomic<size_t> connections{0};
  std::vector<std::shared_ptr<internal::Loop>> loops;
  // Open connections per peer key (IPv4 address, IPv6 /64) for
  // max_connections_per_ip; only limited peers are counted.
  std::mutex per_ip_mu;
  std::unordered_map<std::string, size_t> per_ip;
};

}  // namespace suture::server::epoll_http

#endif  // SUTURE_SERVER_HTTP_EPOLL_HTTP_INTERNAL_H_
