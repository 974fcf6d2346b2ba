// Admin/publisher routes: tokens, apps, publish, releases, aggregates, device push.
#include <cstdlib>

#include "http/api_json.h"
#include "http/console_auth.h"
#include "http/http_util.h"
#include "http/upload_sink.h"

namespace suture::server {

using nlohmann::json;

namespace {

// Authenticates the bearer token or the console session (with its CSRF
// token on a change: http/console_auth.h), then runs fn(principal).
void WithAuth(const Ctx& c, const std::function<void(const Principal&)>& fn) {
  auto caller = AuthenticateRequest(c->svc, c->sessions, c->req);
  if (!caller.ok()) {
    ReplyError(c, caller.status());
    return;
  }
  c->via = caller->via_session ? "console" : "api";
  fn(caller->principal);
}

// Reads a JSON object body, then runs fn(body).
void WithJsonBody(const Ctx& c, std::function<void(const json&, const std::string&)> fn) {
  ReadSmallBody(c, [c, fn](StatusOr<std::string> body) {
    if (!body.ok()) {
      ReplyError(c, body.status());
      return;
    }
    json j = body->empty() ? json::object() : json::parse(*body, nullptr, false);
    if (j.is_discarded()) {
      ReplyError(c, Status::InvalidArgument("request body: malformed JSON"));
      return;
    }
    if (!j.is_object()) {
      ReplyError(c, Status::InvalidArgument("request body: must be a JSON object"));
      return;
    }
    try {
      fn(j, *body);
    } catch (const std::exception& e) {  // nlohmann type errors on odd input
      ReplyError(c, Status::InvalidArgument(std::string("request body: ") + e.what()));
    }
  });
}

std::string StringField(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Answers a service result: its error, or `to_json(value)` with ok_code.
template <typename T, typename ToJson>
void Respond(const Ctx& c, int ok_code, const StatusOr<T>& r, ToJson to_json) {
  if (!r.ok()) {
    ReplyError(c, r.status());
  } else {
    ReplyJson(c, ok_code, to_json(*r));
  }
}

bool ParseId(const std::string& s, int64_t* out) {
  if (s.empty() || s.size() > 18) return false;
  char* end = nullptr;
  const long long v = std::strtoll(s.c_str(), &end, 10);
  if (*end != '\0' || v <= 0) return false;
  *out = v;
  return true;
}

// Answers a state change like Respond, after writing its audit entry (who,
// `action`, the JSON `before` and the answer as after). The action is done
// when the audit write fails: the answer is then that error, saying so.
template <typename T, typename ToJson>
void RespondAudited(const Ctx& c, int ok_code, const Principal& p, const std::string& app,
                    int64_t release_id, std::string_view action, const std::string& before,
                    const StatusOr<T>& r, ToJson to_json) {
  if (!r.ok()) return ReplyError(c, r.status());
  json after = to_json(*r);
  if (after.contains("app_key")) after.erase("app_key");  // a credential: not for the log
  if (release_id == 0 && action == "create" && after.contains("id") && after["id"].is_string()) {
    ParseId(after["id"].get<std::string>(), &release_id);  // a created release
  }
  Status a = c->svc->RecordAudit(p, c->via, app, release_id, action, before, after.dump());
  if (!a.ok()) {
    return ReplyError(c, a.WithContext(std::string(action) + " done, but"));
  }
  ReplyJson(c, ok_code, to_json(*r));
}

// The release as JSON before a change, for the audit log ("" when unreadable:
// the change itself then answers the error).
std::string ReleaseBefore(const Ctx& c, const Principal& p, const std::string& app, int64_t id) {
  auto r = c->svc->GetRelease(p, app, id);
  return r.ok() ? ReleaseJson(*r).dump() : std::string();
}

// The body was streamed into the upload sink the head hook made (after
// authenticating the caller and BeginPublish); an error of the sink (e.g. a
// full disk) comes as the request's body_status.
void Publish(const Ctx& c, const std::string& app) {
  auto sink = std::static_pointer_cast<UploadSink>(c->req.body_sink);
  if (!sink) {  // only the head hook makes publish requests: cannot happen
    ReplyError(c, Status::Internal("publish: the upload was not received"));
    return;
  }
  BlobWriter& writer = sink->writer();
  if (!c->req.body_status.ok()) {
    writer.Abort();  // no temp file outlives the answer
    ReplyError(c, c->req.body_status.WithContext("upload"));
    return;
  }
  auto result = c->svc->FinishPublish(sink->principal(), app, writer);
  writer.Abort();  // no-op after a commit
  RespondAudited(c, 201, sink->principal(), app, 0, "publish", "", result, PatchJson);
}

}  // namespace

bool RouteAdmin(const Ctx& c) {
  const auto& seg = c->seg;
  const std::string& m = c->req.method;
  if (seg.empty() || seg[0] != "v1") return false;

  if (seg.size() == 2 && seg[1] == "server-key" && m == "GET") {
    c->route = "server_key";
    ReplyJson(c, 200, {{"public_key", c->svc->ServerPublicKeyPem()},
                       {"key_id", c->svc->ServerKeyId()}});
    return true;
  }
  if (seg.size() == 2 && seg[1] == "tokens" && m == "POST") {
    c->route = "tokens";
    WithAuth(c, [c](const Principal& p) {
      WithJsonBody(c, [c, p](const json& j, const std::string&) {
        auto t = c->svc->CreateToken(p, StringField(j, "role"), StringField(j, "app_id"),
                                     StringField(j, "name"));
        if (!t.ok()) return ReplyError(c, t.status());
        ReplyJson(c, 201, {{"token", *t}, {"role", StringField(j, "role")}});
      });
    });
    return true;
  }
  if (seg.size() == 2 && seg[1] == "apps") {
    c->route = "apps";
    if (m == "GET") {
      WithAuth(c, [c](const Principal& p) { Respond(c, 200, c->svc->ListApps(p), AppsJson); });
    } else if (m == "POST") {
      WithAuth(c, [c](const Principal& p) {
        WithJsonBody(c, [c, p](const json& j, const std::string&) {
          const std::string app_id = StringField(j, "app_id");
          RespondAudited(c, 201, p, app_id, 0, "register_app", "",
                         c->svc->RegisterApp(p, app_id, StringField(j, "release_public_key")),
                         RegisteredAppJson);
        });
      });
    } else {
      ReplyError(c, Status::InvalidArgument("method " + m + " not allowed on /v1/apps"));
    }
    return true;
  }
  if (seg.size() < 4 || seg[1] != "apps") return false;
  const std::string app = seg[2];
  const std::string& what = seg[3];

  if (seg.size() == 4 && what == "patches") {
    c->route = "patches";
    if (m == "GET") {
      WithAuth(c, [c, app](const Principal& p) {
        Respond(c, 200, c->svc->ListPatches(p, app), PatchesJson);
      });
    } else if (m == "POST") {
      c->route = "publish";
      Publish(c, app);
    } else {
      ReplyError(c, Status::InvalidArgument("method " + m + " not allowed on patches"));
    }
    return true;
  }
  if (seg.size() == 5 && what == "patches") {
    c->route = "patch";
    int64_t id = 0;
    if (!ParseId(seg[4], &id)) {
      ReplyError(c, Status::InvalidArgument("patch id must be a positive integer"));
    } else if (m != "GET") {
      ReplyError(c, Status::InvalidArgument("method " + m + " not allowed on a patch"));
    } else {
      WithAuth(c, [c, app, id](const Principal& p) {
        Respond(c, 200, c->svc->GetPatchDetail(p, app, id), PatchDetailJson);
      });
    }
    return true;
  }
  if (seg.size() == 4 && what == "releases") {
    c->route = "releases";
    if (m == "GET") {
      WithAuth(c, [c, app](const Principal& p) {
        Respond(c, 200, c->svc->ListReleases(p, app), ReleasesJson);
      });
    } else if (m == "POST") {
      WithAuth(c, [c, app](const Principal& p) {
        WithJsonBody(c, [c, p, app](const json&, const std::string& raw) {
          auto spec = ParseNewReleaseJson(raw);
          if (!spec.ok()) return ReplyError(c, c->svc->ReleaseBodyError(p, app, 0, spec.status()));
          RespondAudited(c, 201, p, app, 0, "create", "",
                         c->svc->CreateRelease(p, app, *std::move(spec)), ReleaseJson);
        });
      });
    } else {
      ReplyError(c, Status::InvalidArgument("method " + m + " not allowed on releases"));
    }
    return true;
  }
  if ((seg.size() == 5 || seg.size() == 6) && what == "releases") {
    c->route = "release";
    int64_t id = 0;
    if (!ParseId(seg[4], &id)) {
      ReplyError(c, Status::InvalidArgument("release id must be a positive integer"));
      return true;
    }
    if (seg.size() == 5) {
      if (m == "GET") {
        WithAuth(c, [c, app, id](const Principal& p) {
          Respond(c, 200, c->svc->GetRelease(p, app, id), ReleaseJson);
        });
      } else if (m == "PUT") {
        WithAuth(c, [c, app, id](const Principal& p) {
          WithJsonBody(c, [c, p, app, id](const json&, const std::string& raw) {
            auto spec = ParseReleaseEditJson(raw, id);
            if (!spec.ok()) {
              return ReplyError(c, c->svc->ReleaseBodyError(p, app, id, spec.status()));
            }
            const std::string before = ReleaseBefore(c, p, app, id);
            RespondAudited(c, 200, p, app, id, "edit", before,
                           c->svc->EditRelease(p, app, id, *std::move(spec)), ReleaseJson);
          });
        });
      } else {
        ReplyError(c, Status::InvalidArgument("method " + m + " not allowed on a release"));
      }
      return true;
    }
    const std::string action = seg[5];
    if (m != "POST") {
      ReplyError(c, Status::InvalidArgument("release actions use POST"));
      return true;
    }
    c->route = "release_" + (action == "ramp" || action == "pause" || action == "resume" ||
                                     action == "rollback" || action == "advance"
                                 ? action
                                 : std::string("other"));
    WithAuth(c, [c, app, id, action](const Principal& p) {
      WithJsonBody(c, [c, p, app, id, action](const json& j, const std::string&) {
        if (action == "ramp") {
          auto it = j.find("percent");
          if (it == j.end() || !it->is_number()) {
            return ReplyError(c, Status::InvalidArgument("ramp: 'percent' (number) is required"));
          }
          const std::string before = ReleaseBefore(c, p, app, id);
          return RespondAudited(c, 200, p, app, id, "ramp", before,
                                c->svc->RampRelease(p, app, id, it->get<double>()), ReleaseJson);
        }
        if (action == "advance") {
          const std::string before = ReleaseBefore(c, p, app, id);
          return RespondAudited(c, 200, p, app, id, "advance", before,
                                c->svc->AdvanceReleaseRamp(p, app, id, StringField(j, "reason")),
                                ReleaseJson);
        }
        const std::string before = ReleaseBefore(c, p, app, id);
        auto r = c->svc->ChangeReleaseState(p, app, id, action, StringField(j, "reason"));
        RespondAudited(c, 200, p, app, id, action, before, r, ReleaseJson);
      });
    });
    return true;
  }
  if (seg.size() == 4 && what == "aggregates" && m == "GET") {
    c->route = "aggregates";
    WithAuth(c, [c, app](const Principal& p) {
      int64_t release = 0;
      auto r = c->query.find("release");
      if (r != c->query.end() && !ParseId(r->second, &release)) {
        return ReplyError(c, Status::InvalidArgument("aggregates: bad 'release'"));
      }
      int64_t since = 0;
      auto s = c->query.find("since_minute");
      if (s != c->query.end()) since = std::strtoll(s->second.c_str(), nullptr, 10);
      int64_t bucket_s = 60;
      if (auto bs = c->query.find("bucket_s"); bs != c->query.end()) {
        if (!ParseId(bs->second, &bucket_s)) {
          return ReplyError(
              c, Status::InvalidArgument("aggregates: 'bucket_s' must be a positive integer"));
        }
      }
      auto b = c->query.find("base");
      Respond(c, 200,
              c->svc->Aggregates(p, app, release, b == c->query.end() ? "" : b->second, since,
                                 bucket_s),
              AggregatesJson);
    });
    return true;
  }
  if (seg.size() == 6 && what == "devices" && seg[5] == "push" && m == "POST") {
    c->route = "device_push";
    const std::string device = seg[4];
    WithAuth(c, [c, app, device](const Principal& p) {
      WithJsonBody(c, [c, p, app, device](const json& j, const std::string&) {
        auto n = c->svc->PushToDevice(p, app, device, StringField(j, "message"));
        if (!n.ok()) return ReplyError(c, n.status());
        ReplyJson(c, 200, {{"woken", *n}});
      });
    });
    return true;
  }
  return false;
}

}  // namespace suture::server
