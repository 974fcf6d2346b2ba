// WorkQueue: a fixed pool of threads running jobs from a bounded queue, for
// work an event loop must not wait for (the device routes' reports, which
// write SQLite). TryPost refuses a job when the queue is full, so the caller
// can answer "busy" (503) instead of queueing without bound.
//
// Thread-safety: TryPost may be called from any thread. The destructor drops
// queued jobs and joins the threads after their current job.
#ifndef SUTURE_SERVER_HTTP_WORK_QUEUE_H_
#define SUTURE_SERVER_HTTP_WORK_QUEUE_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace suture::server {

class WorkQueue {
 public:
  WorkQueue(size_t threads, size_t capacity) : capacity_(capacity) {
    for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
  }
  ~WorkQueue() {
    {
      std::lock_guard<std::mutex> l(mu_);
      stopping_ = true;
      jobs_.clear();
    }
    cv_.notify_all();
    for (std::thread& t : threads_) t.join();
  }
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // False (and `job` is dropped) when `capacity` jobs are waiting.
  bool TryPost(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> l(mu_);
      if (stopping_ || jobs_.size() >= capacity_) return false;
      jobs_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
  }

 private:
  void Run() {
    std::unique_lock<std::mutex> l(mu_);
    while (true) {
      cv_.wait(l, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) return;
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      l.unlock();
      job();
      job = nullptr;  // release what it holds (a reply) before waiting again
      l.lock();
    }
  }

  const size_t capacity_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::deque<std::function<void()>> jobs_;
  std::vector<std::thread> threads_;
};

}  // namespace suture::server

#endif  // SUTURE_SERVER_HTTP_WORK_QUEUE_H_
