// The drill-down's question to the fraud workers: what they hold about one user.
#include "pipeline.h"

namespace trackboard {

std::vector<FraudWorker *> Pipeline::fraudWorkers() const {
    // One worker per process today, holding every partition the group gives this process; the
    // question and its answer are written for several, which is how scale-out splits users.
    std::vector<FraudWorker *> workers;
    if (fraud_ != nullptr) {
        workers.push_back(fraud_);
    }
    return workers;
}

quint64 Pipeline::requestUserProfile(const QString &userId) {
    const quint64 id = nextProfileRequest_++;
    const std::vector<FraudWorker *> workers = fraudWorkers();
    ProfileRequest &request = profileRequests_[id];
    request.userId = userId.toStdString();
    request.awaited = workers.size();
    if (workers.empty()) {
        // No fraud worker (stopped, or not run): the answer is that nobody holds the user.
        QMetaObject::invokeMethod(
            this,
            [this, id] {
                const auto it = profileRequests_.find(id);
                if (it != profileRequests_.end()) {
                    emit userProfile(pickHolder(it->second.userId, {}), id);
                    profileRequests_.erase(it);
                }
            },
            Qt::QueuedConnection);
        return id;
    }
    for (FraudWorker *worker : workers) {
        QMetaObject::invokeMethod(
            worker, [worker, userId, id] { worker->describeUser(userId, id); },
            Qt::QueuedConnection);
    }
    return id;
}

void Pipeline::noteProfile(const UserProfile &answer, quint64 requestId) {
    const auto it = profileRequests_.find(requestId);
    if (it == profileRequests_.end()) {
        return; // asked before a shutdown, or already answered by the holder
    }
    ProfileRequest &request = it->second;
    request.answers.push_back(answer);
    // The holder answers for everyone: a user's events go to exactly one partition.
    if (answer.held || request.answers.size() >= request.awaited) {
        emit userProfile(pickHolder(request.userId, request.answers), requestId);
        profileRequests_.erase(it);
    }
}

} // namespace trackboard
