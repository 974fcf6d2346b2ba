// `suture publish | app | release | token | aggregates`: thin HTTP calls to
// a suture-server (docs/api.md).
#include "suture/cli/commands.h"

#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "http_client.h"
#include "manifest_json.h"
#include "suture/core/file_util.h"

namespace suture::cli {
namespace {

using nlohmann::json;

struct Conn {
  std::string server;
  std::string token;
};

void AddConnOptions(CLI::App* cmd, Conn* conn) {
  if (const char* s = std::getenv("SUTURE_SERVER")) conn->server = s;
  if (const char* t = std::getenv("SUTURE_TOKEN")) conn->token = t;
  cmd->add_option("--server", conn->server, "server URL, e.g. http://127.0.0.1:8080 "
                                            "(default $SUTURE_SERVER)");
  cmd->add_option("--token", conn->token, "API token (default $SUTURE_TOKEN)");
}

std::string Trimmed(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

// Escapes one path segment.
std::string Seg(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      char buf[4];
      std::snprintf(buf, sizeof(buf), "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

int FailWith(const std::string& msg, int code) {
  std::fprintf(stderr, "suture: %s\n", msg.c_str());
  return code;
}

// Performs the call, prints the JSON result (through `print` when given) or
// the error; returns the exit code.
int Call(const Conn& conn, const std::string& method, const std::string& path,
         const std::string& body, const std::string& content_type,
         const std::function<void(const json&)>& print = nullptr) {
  if (conn.server.empty()) {
    return FailWith("--server (or $SUTURE_SERVER) is required", kExitUsage);
  }
  std::vector<std::string> headers = {"Content-Type: " + content_type, "Expect:"};
  if (!conn.token.empty()) headers.push_back("Authorization: Bearer " + conn.token);
  auto r = HttpCall(method, Trimmed(conn.server) + path, headers, body);
  if (!r.ok()) return FailWith(r.status().message(), kExitIo);
  json j = json::parse(r->body, nullptr, false);
  if (r->status >= 200 && r->status < 300) {
    if (print && j.is_object()) {
      print(j);
    } else {
      std::printf("%s\n", j.is_discarded() ? r->body.c_str() : DumpJson(j, 2).c_str());
    }
    return kExitOk;
  }
  std::string code = "http_" + std::to_string(r->status);
  std::string message = r->body;
  if (!j.is_discarded() && j.contains("error") && j["error"].is_object()) {
    code = j["error"].value("code", code);
    message = j["error"].value("message", message);
  }
  FailWith(method + " " + path + ": " + code + ": " + message, 0);
  if (code == "verify_failed") return kExitVerifyFailed;
  if (code == "invalid_argument" || code == "corrupt" || code == "limit_exceeded") {
    return kExitInvalidInput;
  }
  return kExitServer;
}

// `suture aggregates --summary`: per metric, events over the window, distinct
// devices since the start (report kinds) and the most devices in one minute
// cell ("~" marks an estimate, "-" unknown).
void PrintAggregatesSummary(const json& j) {
  struct Row {
    int64_t events = 0;
    int64_t peak = -1;
    bool approx = false;
  };
  std::map<std::string, Row> rows;
  const json none = json::object();
  const json& series = j.contains("series") && j["series"].is_array() ? j["series"] : none;
  for (const json& c : series) {
    if (!c.is_object() || !c.contains("metric") || !c["metric"].is_string()) continue;
    Row& r = rows[c["metric"].get<std::string>()];
    r.events += c.value("events", c.value("count", int64_t{0}));
    if (c.contains("devices") && c["devices"].is_number_integer()) {
      r.peak = std::max(r.peak, c["devices"].get<int64_t>());
    }
    r.approx = r.approx || c.value("devices_approx", false);
  }
  const json& distinct =
      j.contains("distinct_devices") && j["distinct_devices"].is_object() ? j["distinct_devices"]
                                                                          : none;
  for (const auto& [metric, n] : distinct.items()) rows.try_emplace(metric);
  std::printf("%-20s %12s %12s %14s\n", "metric", "events", "devices", "peak_devices");
  for (const auto& [metric, r] : rows) {
    const std::string devices =
        distinct.contains(metric) && distinct[metric].is_number_integer()
            ? std::to_string(distinct[metric].get<int64_t>())
            : "-";
    const std::string peak = r.peak < 0 ? "-" : (r.approx ? "~" : "") + std::to_string(r.peak);
    std::printf("%-20s %12lld %12s %14s\n", metric.c_str(), static_cast<long long>(r.events),
                devices.c_str(), peak.c_str());
  }
}

// A JSON body from --spec: inline JSON, or @FILE / FILE holding it.
bool LoadSpec(const std::string& spec, json* out, int* rc) {
  std::string text = spec;
  if (!spec.empty() && spec[0] != '{') {
    auto bytes = ReadFile(spec[0] == '@' ? spec.substr(1) : spec, 16u << 20);
    if (!bytes.ok()) {
      *rc = FailWith(bytes.status().message(), kExitIo);
      return false;
    }
    text.assign(bytes->begin(), bytes->end());
  }
  *out = text.empty() ? json::object() : json::parse(text, nullptr, false);
  if (out->is_discarded() || !out->is_object()) {
    *rc = FailWith("--spec: not a JSON object", kExitInvalidInput);
    return false;
  }
  return true;
}

int g_rc = 0;

}  // namespace

int ServerCommandsExitCode() { return g_rc; }

void AddServerCommands(CLI::App& app) { AddServerCommands(app, &g_rc); }

void AddServerCommands(CLI::App& app, int* rc) {
  // ---- publish
  {
    auto conn = std::make_shared<Conn>();
    auto app_id = std::make_shared<std::string>();
    auto file = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand("publish", "upload a signed patch bundle to a server");
    AddConnOptions(cmd, conn.get());
    cmd->add_option("--app", *app_id, "app id")->required();
    cmd->add_option("patch", *file, "bundle file")->required();
    cmd->callback([=] {
      auto bytes = ReadFile(*file, 4ull << 30);
      if (!bytes.ok()) {
        *rc = FailWith(bytes.status().message(), kExitIo);
        return;
      }
      *rc = Call(*conn, "POST", "/v1/apps/" + Seg(*app_id) + "/patches",
                 std::string(bytes->begin(), bytes->end()), "application/octet-stream");
    });
  }
  // ---- app register | list
  {
    CLI::App* grp = app.add_subcommand("app", "manage apps on a server");
    grp->require_subcommand(1);
    auto conn = std::make_shared<Conn>();
    auto app_id = std::make_shared<std::string>();
    auto pubkey = std::make_shared<std::string>();
    CLI::App* reg = grp->add_subcommand("register", "register an app and its release public key");
    AddConnOptions(reg, conn.get());
    reg->add_option("--app", *app_id, "app id")->required();
    reg->add_option("--pubkey", *pubkey, "Ed25519 release public key (PEM file)")->required();
    reg->callback([=] {
      auto pem = ReadFile(*pubkey, 1 << 20);
      if (!pem.ok()) {
        *rc = FailWith(pem.status().message(), kExitIo);
        return;
      }
      json body{{"app_id", *app_id}, {"release_public_key", std::string(pem->begin(), pem->end())}};
      *rc = Call(*conn, "POST", "/v1/apps", DumpJson(body), "application/json");
    });
    auto lconn = std::make_shared<Conn>();
    CLI::App* list = grp->add_subcommand("list", "list apps");
    AddConnOptions(list, lconn.get());
    list->callback([=] { *rc = Call(*lconn, "GET", "/v1/apps", "", "application/json"); });
  }
  // ---- token create
  {
    CLI::App* grp = app.add_subcommand("token", "manage API tokens");
    grp->require_subcommand(1);
    auto conn = std::make_shared<Conn>();
    auto role = std::make_shared<std::string>();
    auto app_id = std::make_shared<std::string>();
    auto name = std::make_shared<std::string>();
    CLI::App* create = grp->add_subcommand("create", "create a token (admin)");
    AddConnOptions(create, conn.get());
    create->add_option("--role", *role, "admin | publisher | readonly")->required();
    create->add_option("--app", *app_id, "app a publisher token may publish to");
    create->add_option("--name", *name, "a label");
    create->callback([=] {
      json body{{"role", *role}, {"app_id", *app_id}, {"name", *name}};
      *rc = Call(*conn, "POST", "/v1/tokens", DumpJson(body), "application/json");
    });
  }
  // ---- release ...
  {
    CLI::App* grp = app.add_subcommand("release", "manage gray releases");
    grp->require_subcommand(1);
    struct Opts {
      Conn conn;
      std::string app_id;
      std::string id;
      std::string patch;
      std::string spec;
      std::string reason;
      double percent = -1;
    };
    auto add = [&](const char* name, const char* help, bool need_id) {
      auto o = std::make_shared<Opts>();
      CLI::App* cmd = grp->add_subcommand(name, help);
      AddConnOptions(cmd, &o->conn);
      cmd->add_option("--app", o->app_id, "app id")->required();
      if (need_id) cmd->add_option("--id", o->id, "release id")->required();
      return std::make_pair(cmd, o);
    };
    auto base = [](const Opts& o) { return "/v1/apps/" + Seg(o.app_id) + "/releases"; };

    auto [create, co] = add("create", "create a release of a published patch", false);
    create->add_option("--patch", co->patch, "patch id (from publish)")->required();
    create->add_option("--percent", co->percent, "rollout percentage (0-100)");
    create->add_option("--spec", co->spec,
                       "release JSON (inline, or a file): rules, ramp, allow/deny, ...");
    create->callback([rc, co, base] {
      json body;
      if (!LoadSpec(co->spec, &body, rc)) return;
      body["patch_id"] = co->patch;
      if (co->percent >= 0) body["percent"] = co->percent;
      *rc = Call(co->conn, "POST", base(*co), DumpJson(body), "application/json");
    });
    auto [list, lo] = add("list", "list releases", false);
    list->callback([rc, lo, base] { *rc = Call(lo->conn, "GET", base(*lo), "", "application/json"); });
    auto [show, so] = add("show", "show one release", true);
    show->callback([rc, so, base] {
      *rc = Call(so->conn, "GET", base(*so) + "/" + Seg(so->id), "", "application/json");
    });
    auto [edit, eo] = add("edit", "replace a release's rules/ramp (--spec)", true);
    edit->add_option("--spec", eo->spec, "release JSON (inline, or a file)")->required();
    edit->callback([rc, eo, base] {
      json body;
      if (!LoadSpec(eo->spec, &body, rc)) return;
      *rc =
          Call(eo->conn, "PUT", base(*eo) + "/" + Seg(eo->id), DumpJson(body), "application/json");
    });
    auto [ramp, ro] = add("ramp", "set the rollout percentage", true);
    ramp->add_option("--percent", ro->percent, "0-100")->required();
    ramp->callback([rc, ro, base] {
      *rc = Call(ro->conn, "POST", base(*ro) + "/" + Seg(ro->id) + "/ramp",
                 DumpJson(json{{"percent", ro->percent}}), "application/json");
    });
    for (const char* action : {"pause", "resume", "rollback", "advance"}) {
      auto [cmd, o] =
          add(action,
              std::string_view(action) == "advance" ? "move a staged ramp to its next step now"
                                                    : "change the release state",
              true);
      cmd->add_option("--reason", o->reason, "why (shown in the console)");
      const std::string act = action;
      cmd->callback([rc, o = o, base, act] {
        *rc = Call(o->conn, "POST", base(*o) + "/" + Seg(o->id) + "/" + act,
                   DumpJson(json{{"reason", o->reason}}), "application/json");
      });
    }
  }
  // ---- aggregates
  {
    auto conn = std::make_shared<Conn>();
    auto app_id = std::make_shared<std::string>();
    auto release = std::make_shared<std::string>();
    auto base = std::make_shared<std::string>();
    auto summary = std::make_shared<bool>(false);
    CLI::App* cmd = app.add_subcommand("aggregates", "rollout time series (1-minute resolution)");
    AddConnOptions(cmd, conn.get());
    cmd->add_option("--app", *app_id, "app id")->required();
    cmd->add_option("--release", *release, "release id");
    cmd->add_option("--base", *base, "base build fingerprint (SHA-256 hex)");
    cmd->add_flag("--summary", *summary,
                  "one line per metric: events, distinct devices, peak devices per minute");
    cmd->callback([=] {
      std::string q = "?";
      if (!release->empty()) q += "release=" + Seg(*release) + "&";
      if (!base->empty()) q += "base=" + Seg(*base);
      *rc = Call(*conn, "GET", "/v1/apps/" + Seg(*app_id) + "/aggregates" + q, "",
                 "application/json",
                 *summary ? std::function<void(const json&)>(PrintAggregatesSummary) : nullptr);
    });
  }
}

}  // namespace suture::cli
