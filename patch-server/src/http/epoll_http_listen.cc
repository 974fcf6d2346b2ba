// EpollHttpServer setup and teardown: address resolution, the listening sockets
// (one SO_REUSEPORT socket per loop, after a probe bind of a fixed port), the
// connection limit derived from the open-file limit, and the loop threads.
#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "http/epoll_http_internal.h"

namespace suture::server::epoll_http {

namespace {

// Descriptors kept for the rest of the process: max(kFdReserveMin, 10%).
constexpr uint64_t kFdReserveMin = 256;

Status BindError(const Options& o, std::string_view what) {
  return Status::IoError("epoll http server: cannot bind " + o.host + ":" + std::to_string(o.port) +
                         ": " + std::string(what));
}

// The connection limit the open-file limit leaves room for: the soft
// RLIMIT_NOFILE minus a reserve of max(256, 10%) for the rest of the process
// (main port, SQLite, blob files, dup()ed send fds); half the limit when it
// is tiny.
size_t FdConnectionCap() {
  rlimit rl{};
  if (::getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY) return SIZE_MAX;
  const uint64_t soft = rl.rlim_cur;
  const uint64_t reserve = std::max<uint64_t>(kFdReserveMin, soft / 10);
  const uint64_t cap = soft > 2 * reserve ? soft - reserve : soft / 2;
  return static_cast<size_t>(std::max<uint64_t>(cap, 1));
}

// SO_REUSEPORT would let our listeners join a group another socket of the
// same user already holds on a fixed port (two servers silently sharing it).
// A plain bind first (SO_REUSEADDR only, so TIME_WAIT leftovers do not
// block a restart) fails with EADDRINUSE while anyone listens there.
Status ProbeFixedPort(const Options& o, int family, const sockaddr_storage& addr,
                      socklen_t addr_len) {
  const int fd = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return BindError(o, std::strerror(errno));
  const int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  const int rc = ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), addr_len);
  const int err = errno;
  ::close(fd);
  if (rc != 0) return BindError(o, std::strerror(err));
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<EpollHttpServer>> EpollHttpServer::Start(const Options& options,
                                                                  Handler handler) {
  if (!handler) return Status::InvalidArgument("epoll http server: no handler");
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  if (impl->options.threads == 0) impl->options.threads = 1;
  impl->options.max_connections = std::min(impl->options.max_connections, FdConnectionCap());
  impl->handler = std::move(handler);

  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const std::string port_text = std::to_string(options.port);
  const int gai = ::getaddrinfo(options.host.empty() ? nullptr : options.host.c_str(),
                                port_text.c_str(), &hints, &res);
  if (gai != 0 || res == nullptr) return BindError(options, ::gai_strerror(gai));
  sockaddr_storage addr{};
  const socklen_t addr_len = res->ai_addrlen;
  std::memcpy(&addr, res->ai_addr, std::min<size_t>(res->ai_addrlen, sizeof(addr)));
  const int family = res->ai_family;
  ::freeaddrinfo(res);

  if (options.port != 0) {
    if (family == AF_INET6) {
      reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port = htons(options.port);
    } else {
      reinterpret_cast<sockaddr_in*>(&addr)->sin_port = htons(options.port);
    }
    SUTURE_RETURN_IF_ERROR(ProbeFixedPort(options, family, addr, addr_len));
  }
  uint16_t port = options.port;
  for (size_t i = 0; i < impl->options.threads; ++i) {
    auto loop = std::make_shared<internal::Loop>();
    loop->server = impl.get();
    impl->loops.push_back(loop);
    loop->listen_fd = ::socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (loop->listen_fd < 0) return BindError(options, std::strerror(errno));
    const int one = 1;
    ::setsockopt(loop->listen_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (::setsockopt(loop->listen_fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) != 0) {
      return BindError(options, std::strerror(errno));
    }
    if (family == AF_INET6) {
      reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port = htons(port);
    } else {
      reinterpret_cast<sockaddr_in*>(&addr)->sin_port = htons(port);
    }
    if (::bind(loop->listen_fd, reinterpret_cast<const sockaddr*>(&addr), addr_len) != 0) {
      return BindError(options, std::strerror(errno));
    }
    if (port == 0) {  // the others share the port the kernel picked
      sockaddr_storage bound{};
      socklen_t len = sizeof(bound);
      ::getsockname(loop->listen_fd, reinterpret_cast<sockaddr*>(&bound), &len);
      port = ntohs(family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                      : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    }
    if (::listen(loop->listen_fd, 4096) != 0) return BindError(options, std::strerror(errno));
    loop->epoll_fd = ::epoll_create1(EPOLL_CLOEXEC);
    loop->wake_fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (loop->epoll_fd < 0 || loop->wake_fd < 0) {
      return Status::IoError(std::string("epoll http server: epoll/eventfd: ") +
                             std::strerror(errno));
    }
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.u64 = internal::kListenId;
    ::epoll_ctl(loop->epoll_fd, EPOLL_CTL_ADD, loop->listen_fd, &ev);
    ev.data.u64 = internal::kWakeId;
    ::epoll_ctl(loop->epoll_fd, EPOLL_CTL_ADD, loop->wake_fd, &ev);
  }
  const bool v6 = family == AF_INET6;
  impl->url = std::string("http://") + (v6 ? "[" : "") + options.host + (v6 ? "]" : "") + ":" +
              std::to_string(port);
  for (auto& loop : impl->loops) {
    internal::Loop* l = loop.get();
    loop->thread = std::thread([l] { l->Run(); });
  }
  return std::unique_ptr<EpollHttpServer>(new EpollHttpServer(std::move(impl)));
}

EpollHttpServer::EpollHttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

EpollHttpServer::~EpollHttpServer() {
  if (!impl_) return;
  for (auto& loop : impl_->loops) {
    loop->stop.store(true, std::memory_order_release);
    const uint64_t one = 1;
    [[maybe_unused]] const ssize_t r = ::write(loop->wake_fd, &one, sizeof(one));
  }
  for (auto& loop : impl_->loops) {
    if (loop->thread.joinable()) loop->thread.join();
  }
}

const std::string& EpollHttpServer::url() const { return impl_->url; }

size_t EpollHttpServer::connections() const {
  return impl_->connections.load(std::memory_order_relaxed);
}

size_t EpollHttpServer::max_connections() const { return impl_->options.max_connections; }

}  // namespace suture::server::epoll_http
