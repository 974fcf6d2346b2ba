// The C API over suture::client::Client. Every entry point catches
// everything: no exception crosses the C boundary.
#include <cstring>
#include <new>

#include "suture/client/client.h"
#include "suture/client/suture_client.h"

struct suture_client {
  std::unique_ptr<suture::client::Client> impl;
};

namespace {

using suture::client::Code;
using suture::client::Result;

void Message(char* msg, size_t size, const std::string& text) {
  if (msg == nullptr || size == 0) return;
  const size_t n = std::min(size - 1, text.size());
  std::memcpy(msg, text.data(), n);
  msg[n] = '\0';
}

suture_status Finish(const Result& r, char* msg, size_t size) {
  Message(msg, size, r.message);
  return static_cast<suture_status>(r.code);
}

// Copies `text` with its NUL; kBufferTooSmall when it does not fit.
Result CopyOut(const std::string& text, char* buf, size_t size, size_t* needed) {
  if (needed != nullptr) *needed = text.size() + 1;
  if (buf == nullptr || size < text.size() + 1) {
    return {Code::kBufferTooSmall, "output needs " + std::to_string(text.size() + 1) + " bytes"};
  }
  std::memcpy(buf, text.data(), text.size() + 1);
  return {};
}

const char* Str(const char* s) { return s == nullptr ? "" : s; }

template <typename F>
suture_status Guard(char* msg, size_t size, F&& f) {
  try {
    return f();
  } catch (const std::bad_alloc&) {
    Message(msg, size, "out of memory");
    return SUTURE_E_RESOURCE_EXHAUSTED;
  } catch (...) {
    Message(msg, size, "internal error");
    return SUTURE_E_INTERNAL;
  }
}

}  // namespace

extern "C" {

const char* suture_client_code_name(int code) {
  return suture::client::CodeName(static_cast<Code>(code));
}

suture_status suture_client_create(const suture_client_config* cfg, suture_client** out, char* msg,
                                   size_t msg_size) {
  return Guard(msg, msg_size, [&]() -> suture_status {
    if (cfg == nullptr || out == nullptr) {
      return Finish({Code::kInvalidArgument, "config and out must not be NULL"}, msg, msg_size);
    }
    *out = nullptr;
    suture::client::Config c;
    c.server_url = Str(cfg->server_url);
    c.app_id = Str(cfg->app_id);
    c.app_key = Str(cfg->app_key);
    c.release_public_key_pem = Str(cfg->release_public_key_pem);
    c.server_public_key_pem = Str(cfg->server_public_key_pem);
    c.device_id = Str(cfg->device_id);
    c.state_dir = Str(cfg->state_dir);
    c.base_path = Str(cfg->base_path);
    c.worker_path = Str(cfg->worker_path);
    if (cfg->attribute_count > 64) return Finish({Code::kInvalidArgument, "more than 64 attributes"}, msg, msg_size);
    for (size_t i = 0; i < cfg->attribute_count; ++i) {
      const std::string kv = cfg->attributes == nullptr ? "" : Str(cfg->attributes[i]);
      const size_t eq = kv.find('=');
      if (eq == std::string::npos || eq == 0) {
        return Finish({Code::kInvalidArgument, "attribute " + std::to_string(i) + " is not key=value"}, msg, msg_size);
      }
      c.attributes.emplace_back(kv.substr(0, eq), kv.substr(eq + 1));
    }
    std::unique_ptr<suture::client::Client> client;
    Result r = suture::client::Client::Create(std::move(c), &client);
    if (r.ok()) *out = new suture_client{std::move(client)};
    return Finish(r, msg, msg_size);
  });
}

suture_status suture_client_set_tunable(suture_client* c, const char* name, int64_t value, char* msg,
                                        size_t msg_size) {
  return Guard(msg, msg_size, [&]() -> suture_status {
    if (c == nullptr || name == nullptr) return Finish({Code::kInvalidArgument, "NULL handle or name"}, msg, msg_size);
    return Finish(c->impl->SetTunable(name, value), msg, msg_size);
  });
}

suture_status suture_client_sync(suture_client* c, char* json, size_t json_size, char* msg, size_t msg_size) {
  return Guard(msg, msg_size, [&]() -> suture_status {
    if (c == nullptr) return Finish({Code::kInvalidArgument, "NULL handle"}, msg, msg_size);
    auto o = c->impl->Sync();
    if (json != nullptr) {
      Result copied = CopyOut(o.ToJson(), json, json_size, nullptr);
      if (!copied.ok() && o.result.ok()) return Finish(copied, msg, msg_size);
    }
    return Finish(o.result, msg, msg_size);
  });
}

suture_status suture_client_launch_begin(suture_client* c, char* dir, size_t dir_size, char* msg,
                                         size_t msg_size) {
  return Guard(msg, msg_size, [&]() -> suture_status {
    if (c == nullptr) return Finish({Code::kInvalidArgument, "NULL handle"}, msg, msg_size);
    std::string path;
    Result r = c->impl->LaunchBegin(&path);
    if (!r.ok()) return Finish(r, msg, msg_size);
    return Finish(CopyOut(path, dir, dir_size, nullptr), msg, msg_size);
  });
}

suture_status suture_client_launch_ok(suture_client* c, char* msg, size_t msg_size) {
  return Guard(msg, msg_size, [&]() -> suture_status {
    if (c == nullptr) return Finish({Code::kInvalidArgument, "NULL handle"}, msg, msg_size);
    return Finish(c->impl->LaunchOk(), msg, msg_size);
  });
}

suture_status suture_client_status(suture_client* c, char* json, size_t json_size, size_t* needed,
                                   char* msg, size_t msg_size) {
  return Guard(msg, msg_size, [&]() -> suture_status {
    if (c == nullptr) return Finish({Code::kInvalidArgument, "NULL handle"}, msg, msg_size);
    std::string text;
    Result r = c->impl->StatusJson(&text);
    if (!r.ok()) return Finish(r, msg, msg_size);
    return Finish(CopyOut(text, json, json_size, needed), msg, msg_size);
  });
}

suture_status suture_client_wait_push(suture_client* c, int timeout_s, char* event, size_t event_size,
                                      char* msg, size_t msg_size) {
  return Guard(msg, msg_size, [&]() -> suture_status {
    if (c == nullptr) return Finish({Code::kInvalidArgument, "NULL handle"}, msg, msg_size);
    std::string ev, message;
    Result r = c->impl->WaitForPush(timeout_s, &ev, &message);
    if (!r.ok()) return Finish(r, msg, msg_size);
    Result copied = CopyOut(ev, event, event_size, nullptr);
    if (!copied.ok()) return Finish(copied, msg, msg_size);
    return Finish({Code::kOk, message}, msg, msg_size);
  });
}

suture_status suture_client_listen_push(suture_client* c, int max_seconds, suture_push_callback on_event,
                                        void* user, char* end, size_t end_size, int64_t* retry_ms,
                                        char* msg, size_t msg_size) {
  return Guard(msg, msg_size, [&]() -> suture_status {
    if (c == nullptr) return Finish({Code::kInvalidArgument, "NULL handle"}, msg, msg_size);
    if (on_event == nullptr) return Finish({Code::kInvalidArgument, "NULL callback"}, msg, msg_size);
    std::string why;
    int64_t retry = -1;
    Result r = c->impl->ListenPush(
        max_seconds,
        [&](const std::string& event, const std::string& detail) {
          return on_event(user, event.c_str(), detail.c_str()) == 0;
        },
        &why, &retry);
    if (retry_ms != nullptr) *retry_ms = retry;
    if (!r.ok()) return Finish(r, msg, msg_size);
    return Finish(CopyOut(why, end, end_size, nullptr), msg, msg_size);
  });
}

void suture_client_cancel_push(suture_client* c) {
  if (c != nullptr) c->impl->CancelPush();
}

void suture_client_destroy(suture_client* c) { delete c; }

}  // extern "C"
