#pragma once
// Waiting for a condition that is itself slow to ask: a Python client's read of a topic, a
// consumer's poll. QTRY_*_WITH_TIMEOUT counts its timeout in steps of 50 ms, not in time
// spent (qtestcase.h, QTRY_LOOP_IMPL), so with a check that takes seconds a "60 s" QTRY waits
// for hours, and ctest kills the test at its own timeout with nothing said. This one stops
// when the wall clock says so, and the test can then say what was missing.
#include <QElapsedTimer>
#include <QTest>

// True once `done()` returns true; false when `timeoutMs` of wall time passed first.
template <typename Condition> bool waitUntil(int timeoutMs, Condition done) {
    QElapsedTimer waited;
    waited.start();
    while (!done()) {
        if (waited.elapsed() >= timeoutMs) {
            return false;
        }
        QTest::qWait(50);
    }
    return true;
}
