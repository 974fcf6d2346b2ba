#include "storage/pg_db.h"

#include <libpq-fe.h>
#include <poll.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <utility>
#include <vector>

namespace suture::server {
namespace {

// Lock ids (pg_advisory_*): arbitrary 64-bit constants, "SUTURE" + purpose.
constexpr int64_t kMigrationLock = 0x5355545552450001;
constexpr int64_t kTickLock = 0x5355545552450002;

// A connection that is gone: the next call reconnects.
bool ConnectionLost(PGconn* conn) { return conn == nullptr || PQstatus(conn) != CONNECTION_OK; }

// The first line of libpq's message.
std::string FirstLine(const char* msg) {
  std::string s = msg != nullptr ? msg : "";
  if (const size_t nl = s.find('\n'); nl != std::string::npos) s.resize(nl);
  return s;
}

// The Status of a failed result `res` (may be null) on `conn`.
Status PgStatus(PGconn* conn, const PGresult* res, std::string_view what) {
  const char* state = res != nullptr ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  const std::string msg = "postgresql: " + std::string(what) + ": " +
                          FirstLine(res != nullptr ? PQresultErrorMessage(res)
                                                   : PQerrorMessage(conn));
  const std::string_view code = state != nullptr ? state : "";
  if (code.starts_with("23")) return Status::AlreadyExists(msg);  // integrity constraint
  if (code == "40001" || code == "40P01") return Status::Unavailable(msg);  // retry
  if (code == "53100") return Status::InsufficientStorage(msg);             // disk full
  // Class 08 (connection), 57P01..03 (shutdown, cannot connect now), or no
  // code at all with the connection gone.
  if (code.starts_with("08") || code.starts_with("57P") || ConnectionLost(conn)) {
    return Status::Unavailable(msg);
  }
  return Status::IoError(msg);
}

void IgnoreNotice(void*, const char*) {}

// Owns a PGresult.
struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

std::string WithConnectTimeout(const std::string& url) {
  if (url.find("connect_timeout=") != std::string::npos) return url;
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "connect_timeout=3";
}

// The error of a connection attempt to `url` that failed on `conn`.
Status Unreachable(PGconn* conn, const std::string& url) {
  return Status::Unavailable("postgresql: cannot reach " + RedactPgUrl(url) + ": " +
                             FirstLine(PQerrorMessage(conn)));
}

// Makes sure `conn` is connected (PQreset when it was lost).
Status EnsureConnected(PGconn* conn, const std::string& url) {
  if (!ConnectionLost(conn)) return Status::Ok();
  PQreset(conn);
  return ConnectionLost(conn) ? Unreachable(conn, url) : Status::Ok();
}

StatusOr<PGconn*> Connect(const std::string& url) {
  PGconn* conn = PQconnectdb(WithConnectTimeout(url).c_str());
  if (conn == nullptr) return Status::Internal("postgresql: out of memory");
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  if (ConnectionLost(conn)) {
    Status s = Unreachable(conn, url);
    PQfinish(conn);
    return s;
  }
  return conn;
}

// '?' outside quoted literals and identifiers -> $1..$n. (Store's statements
// carry no SQL comments, so a '?' in one is not looked for.)
std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  char quote = 0;
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
      out += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      out += c;
    } else if (c == '?') {
      out += '$' + std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

class PgStmt final : public SqlStmtImpl {
 public:
  PgStmt(PGconn* conn, std::string sql) : conn_(conn), sql_(std::move(sql)) {}

  Status Bind(const std::vector<SqlValue>& params) override {
    values_.clear();
    is_null_.clear();
    binary_.clear();
    for (const SqlValue& v : params) {
      if (std::holds_alternative<std::nullptr_t>(v)) {
        values_.emplace_back();
        is_null_.push_back(true);
        binary_.push_back(false);
      } else if (const auto* i = std::get_if<int64_t>(&v)) {
        values_.push_back(std::to_string(*i));
        is_null_.push_back(false);
        binary_.push_back(false);
      } else if (const auto* b = std::get_if<SqlBlob>(&v)) {
        values_.push_back(b->bytes);
        is_null_.push_back(false);
        binary_.push_back(true);
      } else {
        values_.push_back(std::get<std::string>(v));
        is_null_.push_back(false);
        binary_.push_back(false);
      }
    }
    return Status::Ok();
  }

  void Reset() override {
    res_.reset();
    row_ = -1;
    (void)Bind({});
  }

  StatusOr<bool> Step() override {
    if (!res_) {
      const size_t n = values_.size();
      std::vector<const char*> vals(n);
      std::vector<int> lens(n);
      std::vector<int> fmts(n);
      for (size_t i = 0; i < n; ++i) {
        vals[i] = is_null_[i] ? nullptr : values_[i].data();
        lens[i] = static_cast<int>(values_[i].size());
        fmts[i] = binary_[i] ? 1 : 0;
      }
      res_.reset(PQexecParams(conn_, sql_.c_str(), static_cast<int>(n), nullptr, vals.data(),
                              lens.data(), fmts.data(), 0));
      const ExecStatusType st = res_ ? PQresultStatus(res_.get()) : PGRES_FATAL_ERROR;
      if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        Status s = PgStatus(conn_, res_.get(), "query");
        res_.reset();
        return s;
      }
      const char* changed = PQcmdTuples(res_.get());
      changes_ = (changed != nullptr && *changed != 0) ? std::strtoll(changed, nullptr, 10) : 0;
      row_ = -1;
    }
    ++row_;
    return row_ < PQntuples(res_.get());
  }

  int64_t Int(int col) const override {
    return std::strtoll(PQgetvalue(res_.get(), row_, col), nullptr, 10);
  }
  std::string Text(int col) const override {
    return std::string(PQgetvalue(res_.get(), row_, col),
                       static_cast<size_t>(PQgetlength(res_.get(), row_, col)));
  }
  std::string Blob(int col) const override {
    size_t len = 0;
    unsigned char* raw = PQunescapeBytea(
        reinterpret_cast<const unsigned char*>(PQgetvalue(res_.get(), row_, col)), &len);
    if (raw == nullptr) return {};
    std::string out(reinterpret_cast<const char*>(raw), len);
    PQfreemem(raw);
    return out;
  }
  bool IsNull(int col) const override { return PQgetisnull(res_.get(), row_, col) != 0; }
  int64_t Changes() const override { return changes_; }

 private:
  PGconn* conn_;
  std::string sql_;
  std::vector<std::string> values_;
  std::vector<bool> is_null_;
  std::vector<bool> binary_;
  Result res_;
  int row_ = -1;
  int64_t changes_ = 0;
};

// Runs `sql` (no parameters) on `conn`.
Status ExecOn(PGconn* conn, std::string_view sql, std::string_view what) {
  Result res(PQexec(conn, std::string(sql).c_str()));
  const ExecStatusType st = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return PgStatus(conn, res.get(), what);
  return Status::Ok();
}

// The text of the first column of the first row of `sql` on `conn`.
StatusOr<std::string> QueryOne(PGconn* conn, std::string_view sql) {
  Result res(PQexec(conn, std::string(sql).c_str()));
  if (!res || PQresultStatus(res.get()) != PGRES_TUPLES_OK) {
    return PgStatus(conn, res.get(), "query");
  }
  if (PQntuples(res.get()) < 1) return Status::Internal("postgresql: no row: " + std::string(sql));
  return std::string(PQgetvalue(res.get(), 0, 0));
}

class PgClusterLink final : public ClusterLink {
 public:
  explicit PgClusterLink(std::string url) : url_(std::move(url)) {}
  ~PgClusterLink() override {
    if (conn_ != nullptr) PQfinish(conn_);
  }

  StatusOr<std::vector<ClusterMessage>> Wait(int timeout_ms) override {
    SUTURE_RETURN_IF_ERROR(Ready());
    std::vector<ClusterMessage> out;
    Drain(&out);
    if (!out.empty()) return out;
    pollfd p{PQsocket(conn_), POLLIN, 0};
    const int rc = ::poll(&p, 1, timeout_ms);
    if (rc < 0 && errno != EINTR) return Status::IoError("poll: " + std::string(strerror(errno)));
    if (rc > 0 && PQconsumeInput(conn_) == 0) return Lost();
    Drain(&out);
    return out;
  }

  StatusOr<int64_t> Version() override {
    SUTURE_RETURN_IF_ERROR(Ready());
    auto v = QueryOne(conn_, "SELECT value FROM server_state WHERE key = 'manifest_version'");
    if (!v.ok()) return ConnectionLost(conn_) ? Lost() : v.status();
    return std::strtoll(v->c_str(), nullptr, 10);
  }

  StatusOr<bool> HoldTickLease() override {
    SUTURE_RETURN_IF_ERROR(Ready());
    if (holding_) {
      // The lock lives as long as this session: a round trip proves both.
      auto alive = QueryOne(conn_, "SELECT 1");
      if (!alive.ok()) return Lost();
      return true;
    }
    auto got = QueryOne(conn_, "SELECT pg_try_advisory_lock(" + std::to_string(kTickLock) + ")");
    if (!got.ok()) return ConnectionLost(conn_) ? Lost() : got.status();
    holding_ = *got == "t";
    return holding_;
  }

 private:
  // Connected and listening (again after a loss).
  Status Ready() {
    if (conn_ != nullptr && !ConnectionLost(conn_)) return Status::Ok();
    holding_ = false;
    if (conn_ == nullptr) {
      SUTURE_ASSIGN_OR_RETURN(conn_, Connect(url_));
    } else {
      SUTURE_RETURN_IF_ERROR(EnsureConnected(conn_, url_));
    }
    Status s = ExecOn(conn_,
                      std::string("LISTEN ") + kVersionChannel + "; LISTEN " + kPushChannel +
                          "; LISTEN " + kConsoleChannel,
                      "listen");
    return s;
  }

  Status Lost() {
    holding_ = false;
    return Status::Unavailable("postgresql: cluster link lost: " +
                               FirstLine(PQerrorMessage(conn_)));
  }

  void Drain(std::vector<ClusterMessage>* out) {
    while (PGnotify* n = PQnotifies(conn_)) {
      out->push_back(ClusterMessage{n->relname, n->extra != nullptr ? n->extra : ""});
      PQfreemem(n);
    }
  }

  std::string url_;
  PGconn* conn_ = nullptr;
  bool holding_ = false;
};

}  // namespace

std::string RedactPgUrl(std::string_view url) {
  // scheme://user:password@host -> scheme://user:***@host
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  if (scheme == std::string_view::npos || at == std::string_view::npos || at < scheme) {
    return std::string(url);
  }
  const size_t colon = url.find(':', scheme + 3);
  if (colon == std::string_view::npos || colon > at) return std::string(url);
  return std::string(url.substr(0, colon + 1)) + "***" + std::string(url.substr(at));
}

PgDb::~PgDb() {
  if (conn_ != nullptr) PQfinish(conn_);
}

StatusOr<std::unique_ptr<PgDb>> PgDb::Open(const std::string& url) {
  SUTURE_ASSIGN_OR_RETURN(PGconn * conn, Connect(url));
  return std::unique_ptr<PgDb>(new PgDb(conn, url));
}

Status PgDb::Exec(std::string_view sql) {
  SUTURE_RETURN_IF_ERROR(EnsureConnected(conn_, url_));
  return ExecOn(conn_, sql, "statement");
}

StatusOr<SqlStmt> PgDb::Prepare(std::string_view sql) {
  SUTURE_RETURN_IF_ERROR(EnsureConnected(conn_, url_));
  return SqlStmt(std::make_unique<PgStmt>(conn_, NumberPlaceholders(sql)));
}

Status PgDb::Notify(std::string_view channel, const std::string& payload) {
  return Run("SELECT pg_notify(?, ?)", {std::string(channel), payload}).status();
}

Status PgDb::Migrate(const std::vector<Migration>& migrations) {
  SUTURE_RETURN_IF_ERROR(Begin());
  Status s = [&]() -> Status {
    SUTURE_RETURN_IF_ERROR(
        Exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")"));
    SUTURE_RETURN_IF_ERROR(
        Exec("CREATE TABLE IF NOT EXISTS schema_migrations (number BIGINT PRIMARY KEY, "
             "name TEXT NOT NULL, applied_at BIGINT NOT NULL)"));
    SUTURE_ASSIGN_OR_RETURN(int64_t current,
                            RunInt("SELECT COALESCE(MAX(number), 0) FROM schema_migrations"));
    SUTURE_RETURN_IF_ERROR(RefuseNewerSchema(current, migrations));
    for (const Migration& m : migrations) {
      if (m.number <= current) continue;
      SUTURE_RETURN_IF_ERROR(Exec(m.sql).WithContext(std::string("migration ") + m.name));
      SUTURE_RETURN_IF_ERROR(
          Run("INSERT INTO schema_migrations (number, name, applied_at) "
              "VALUES (?, ?, CAST(EXTRACT(EPOCH FROM now()) AS BIGINT))",
              {int64_t{m.number}, std::string(m.name)})
              .status());
    }
    return Status::Ok();
  }();
  if (s.ok()) s = Commit();
  if (!s.ok()) Rollback();
  return s;
}

StatusOr<std::unique_ptr<ClusterLink>> PgDb::OpenClusterLink() const {
  return std::unique_ptr<ClusterLink>(new PgClusterLink(url_));
}

}  // namespace suture::server
