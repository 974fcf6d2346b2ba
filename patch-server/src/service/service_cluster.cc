// Service: several instances on one PostgreSQL database (docs/deploy.md).
// The server's shared signing key, following the other instances' changes,
// the tick lease, and the blob cache filled from the database.
#include <chrono>
#include <nlohmann/json.hpp>

#include "service/service.h"
#include "service/service_internal.h"
#include "suture/core/file_util.h"

namespace suture::server {

using json = nlohmann::json;

namespace {

// Field `key` of an announcement when it is a string, else "" (json::value
// throws on another type, and anyone who can NOTIFY could send one).
std::string StringField(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

Status Service::LoadServerKey() {
  const std::string key_path = options_.data_dir + "/server_key.pem";
  if (!clustered()) {
    if (FileExists(key_path)) {
      SUTURE_ASSIGN_OR_RETURN(server_key_, PrivateKey::LoadFile(key_path));
    } else {
      SUTURE_ASSIGN_OR_RETURN(server_key_, PrivateKey::Generate());
      SUTURE_RETURN_IF_ERROR(server_key_.SaveFile(key_path));
    }
  } else {
    // Devices pin the server key: every instance must sign with the same
    // one. An instance moving from SQLite to PostgreSQL offers the key its
    // devices already know.
    PrivateKey offer;
    if (FileExists(key_path)) {
      SUTURE_ASSIGN_OR_RETURN(offer, PrivateKey::LoadFile(key_path));
    } else {
      SUTURE_ASSIGN_OR_RETURN(offer, PrivateKey::Generate());
    }
    SUTURE_ASSIGN_OR_RETURN(std::string pem, store_->SharedSecret("server_key", offer.ToPem()));
    SUTURE_ASSIGN_OR_RETURN(server_key_, PrivateKey::FromPem(pem));
  }
  server_key_id_hex_ = ToHex(server_key_.public_key().KeyId());
  return Status::Ok();
}

Status Service::FetchBlob(const std::string& blob_id) const {
  std::lock_guard<std::mutex> l(fetch_mu_);
  if (blobs_->PathOf(blob_id).ok()) return Status::Ok();  // fetched meanwhile
  SUTURE_ASSIGN_OR_RETURN(std::unique_ptr<BlobWriter> w, blobs_->NewWriter(UINT64_MAX));
  SUTURE_RETURN_IF_ERROR(
      store_->FetchBlob(blob_id, [&](std::string_view chunk) { return w->Write(AsBytes(chunk)); }));
  SUTURE_RETURN_IF_ERROR(w->Finish());
  if (ToHex(w->sha256()) != blob_id) {
    return Status::Corrupt("blob " + blob_id + ": the database's bytes hash to " +
                           ToHex(w->sha256()));
  }
  return w->Commit().status();
}

Status Service::FollowDatabase() {
  auto before = snapshot();
  SUTURE_RETURN_IF_ERROR(Reload());
  auto after = snapshot();
  // Blobs first fetched here, not by the first device asking for one on an
  // event-loop thread (BlobPath still fetches a blob missing for any reason).
  for (const auto& [id, p] : after->patches) {
    if (!before->patches.contains(id) && !blobs_->PathOf(p.blob_sha256).ok()) {
      if (!FetchBlob(p.blob_sha256).ok()) metrics_.Add("suture_blob_fetch_failures_total", "");
    }
  }
  for (const auto& [id, row] : after->releases) {
    auto old = before->releases.find(id);
    if (old == before->releases.end() || old->second.spec != row.spec ||
        old->second.state != row.state || old->second.updated_at != row.updated_at) {
      NotifyRelease(row.app_id, id);
    }
  }
  metrics_.Add("suture_cluster_reloads_total", "");
  return Status::Ok();
}

void Service::ClusterLoop() {
  using Clock = std::chrono::steady_clock;
  auto last_poll = Clock::now() - std::chrono::seconds(10);
  int64_t adopted_to = NowSeconds();  // LoadSightings covered the time before
  auto stopping = [this] {
    std::lock_guard<std::mutex> l(bg_mu_);
    return stopping_;
  };
  while (!stopping()) {
    auto got = cluster_->Wait(250);
    if (!got.ok()) {
      tick_leader_ = false;
      metrics_.Add("suture_cluster_link_errors_total", "");
      std::unique_lock<std::mutex> l(bg_mu_);
      bg_cv_.wait_for(l, std::chrono::milliseconds(500), [this] { return stopping_; });
      continue;
    }
    bool moved = false;
    for (const ClusterMessage& m : *got) {
      if (m.channel == kVersionChannel) {
        if (std::strtoll(m.payload.c_str(), nullptr, 10) > snapshot()->manifest_version) {
          moved = true;
        }
      } else if (m.channel == kPushChannel) {
        json j = json::parse(m.payload, nullptr, false);
        if (!j.is_object() || StringField(j, "instance") == instance_id_) continue;
        const PushEvent event = PushEvent::Make(
            "device", json{{"event", "device"}, {"message", StringField(j, "message")}}.dump());
        const size_t n =
            push_.NotifyDevice(StringField(j, "app_id"), StringField(j, "device_id"), event);
        metrics_.Add("suture_push_wakeups_total", "kind=\"device\"", static_cast<double>(n));
      } else if (m.channel == kConsoleChannel) {
        // Reports stored on another instance: this instance's dashboards of
        // those apps get their update (not announced again).
        json j = json::parse(m.payload, nullptr, false);
        if (!j.is_object() || StringField(j, "instance") == instance_id_) continue;
        auto apps = j.find("apps");
        if (apps == j.end() || !apps->is_array()) continue;
        for (const json& app : *apps) {
          if (app.is_string()) MarkConsoleDirty(app.get<std::string>());
        }
      }
    }
    const auto now = Clock::now();
    if (moved || now - last_poll >= std::chrono::seconds(1)) {
      last_poll = now;
      auto v = cluster_->Version();
      if (v.ok()) {
        confirmed_at_ = NowSeconds();
        if (*v > snapshot()->manifest_version && !FollowDatabase().ok()) {
          metrics_.Add("suture_cluster_reload_failures_total", "");
        }
      }
      auto lease = cluster_->HoldTickLease();
      tick_leader_ = lease.ok() && *lease;
      // Other instances store their sightings every second; a few seconds of
      // overlap cover a flush that committed late.
      const int64_t now_s = NowSeconds();
      if (now_s - adopted_to >= 2 && AdoptSightings(adopted_to - 5).ok()) adopted_to = now_s;
    }
  }
}

}  // namespace suture::server
