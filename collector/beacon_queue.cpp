#include "beacon_queue.h"

namespace trackboard {

bool BeaconQueue::tryPush(BeaconJob &job) {
    {
        const std::lock_guard lock(mutex_);
        if (closed_ || events_ + job.beacons.size() > capacity_) {
            return false;
        }
        events_ += job.beacons.size();
        jobs_.push_back(std::move(job));
    }
    ready_.notify_one();
    return true;
}

std::size_t BeaconQueue::popAll(std::vector<BeaconJob> &out, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    ready_.wait_for(lock, timeout, [&] { return !jobs_.empty() || closed_; });
    const std::size_t taken = events_;
    for (auto &job : jobs_) {
        out.push_back(std::move(job));
    }
    jobs_.clear();
    events_ = 0;
    return taken;
}

void BeaconQueue::close() {
    {
        const std::lock_guard lock(mutex_);
        closed_ = true;
    }
    ready_.notify_all();
}

std::size_t BeaconQueue::depth() const {
    const std::lock_guard lock(mutex_);
    return events_;
}

} // namespace trackboard
