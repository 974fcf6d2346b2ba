// Admin/publisher routes: tokens, apps, publish, releases, aggregates, device push.
#include <cstdlib>

#include "http/api_json.h"
#include "http/http_util.h"
#include "http/upload_sink.h"

namespace suture::server {

using nlohmann::json;

namespace {

// Authenticates the bearer token, then runs fn(principal).
void WithAuth(const Ctx& c, const std::function<void(const Principal&)>& fn) {
  auto p = c->svc->Authenticate(BearerToken(c->req));
  if (!p.ok()) {
    ReplyError(c, p.status());
    return;
  }
  fn(*p);
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
  Respond(c, 201, result, PatchJson);
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
          Respond(c, 201,
                  c->svc->RegisterApp(p, StringField(j, "app_id"),
                                      StringField(j, "release_public_key")),
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
          Respond(c, 201, c->svc->CreateRelease(p, app, *std::move(spec)), ReleaseJson);
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
            Respond(c, 200, c->svc->EditRelease(p, app, id, *std::move(spec)), ReleaseJson);
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
                                     action == "rollback"
                                 ? action
                                 : std::string("other"));
    WithAuth(c, [c, app, id, action](const Principal& p) {
      WithJsonBody(c, [c, p, app, id, action](const json& j, const std::string&) {
        if (action == "ramp") {
          auto it = j.find("percent");
          if (it == j.end() || !it->is_number()) {
            return ReplyError(c, Status::InvalidArgument("ramp: 'percent' (number) is required"));
          }
          return Respond(c, 200, c->svc->RampRelease(p, app, id, it->get<double>()),
                         ReleaseJson);
        }
        Respond(c, 200,
                c->svc->ChangeReleaseState(p, app, id, action, StringField(j, "reason")),
                ReleaseJson);
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
      auto b = c->query.find("base");
      Respond(c, 200,
              c->svc->Aggregates(p, app, release, b == c->query.end() ? "" : b->second, since),
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
