import NakerSources
import Testing

@testable import NakerDaemon

struct RecalculationScheduleTests {
    func fingerprint(_ size: Int64) -> FileFingerprint {
        FileFingerprint(size: size, device: 1, inode: 2, modifiedNanoseconds: size, changedNanoseconds: size)
    }

    @Test func firstTickLoadsEverythingAndRecomputes() {
        var schedule = RecalculationSchedule(interval: .seconds(300))
        let decision = schedule.tick(now: .zero, fingerprints: ["a": fingerprint(1), "b": nil], inFlight: [])
        #expect(decision == .init(loads: ["a", "b"], recompute: true))
    }

    @Test func aPassingFailureIsTriedAgainSoonWithGrowingDelays() {
        var schedule = RecalculationSchedule(interval: .seconds(300))
        let files: [String: FileFingerprint?] = ["a": fingerprint(1), "b": fingerprint(2)]
        _ = schedule.tick(now: .zero, fingerprints: files, inFlight: [])
        schedule.loadEnded("a", transientFailure: true, now: .seconds(1))
        schedule.loadEnded("b", transientFailure: false, now: .seconds(1))
        #expect(schedule.tick(now: .seconds(5), fingerprints: files, inFlight: []).loads == [])
        #expect(schedule.tick(now: .seconds(6), fingerprints: files, inFlight: []).loads == ["a"])
        #expect(
            schedule.tick(now: .seconds(7), fingerprints: files, inFlight: []).loads == [], "once per failure"
        )
        schedule.loadEnded("a", transientFailure: true, now: .seconds(8))
        #expect(schedule.tick(now: .seconds(17), fingerprints: files, inFlight: []).loads == [])
        #expect(
            schedule.tick(now: .seconds(18), fingerprints: files, inFlight: []).loads == ["a"],
            "10 s the second time")
        schedule.loadEnded("a", transientFailure: false, now: .seconds(19))
        #expect(schedule.tick(now: .seconds(299), fingerprints: files, inFlight: []).loads == [])
        #expect(schedule.tick(now: .seconds(300), fingerprints: files, inFlight: []).loads == ["a", "b"])
    }

    @Test func theRetryDelayNeverPassesTheInterval() {
        var schedule = RecalculationSchedule(interval: .seconds(12))
        let files: [String: FileFingerprint?] = ["a": fingerprint(1)]
        _ = schedule.tick(now: .zero, fingerprints: files, inFlight: [])
        for _ in 0..<5 { schedule.loadEnded("a", transientFailure: true, now: .seconds(1)) }
        #expect(schedule.tick(now: .seconds(12), fingerprints: files, inFlight: []).loads == ["a"])
    }

    @Test func unchangedFilesWaitForTheInterval() {
        var schedule = RecalculationSchedule(interval: .seconds(300))
        _ = schedule.tick(now: .zero, fingerprints: ["a": fingerprint(1)], inFlight: [])
        #expect(
            schedule.tick(now: .seconds(1), fingerprints: ["a": fingerprint(1)], inFlight: [])
                == .init(loads: [], recompute: false))
        #expect(
            schedule.tick(now: .seconds(299), fingerprints: ["a": fingerprint(1)], inFlight: [])
                == .init(loads: [], recompute: false))
        #expect(
            schedule.tick(now: .seconds(300), fingerprints: ["a": fingerprint(1)], inFlight: [])
                == .init(loads: ["a"], recompute: true))
    }

    @Test func aChangedOrDeletedFileLoadsOnTheNextTick() {
        var schedule = RecalculationSchedule(interval: .seconds(300))
        _ = schedule.tick(now: .zero, fingerprints: ["a": fingerprint(1), "b": fingerprint(5)], inFlight: [])
        let changed = schedule.tick(
            now: .seconds(1), fingerprints: ["a": fingerprint(2), "b": fingerprint(5)], inFlight: [])
        #expect(changed == .init(loads: ["a"], recompute: false))
        let deleted = schedule.tick(
            now: .seconds(2), fingerprints: ["a": fingerprint(2), "b": nil], inFlight: [])
        #expect(deleted == .init(loads: ["b"], recompute: false))
        #expect(
            schedule.tick(now: .seconds(3), fingerprints: ["a": fingerprint(2), "b": nil], inFlight: []).loads
                .isEmpty)
    }

    @Test func aSourceStillLoadingIsNeverStartedTwice() {
        var schedule = RecalculationSchedule(interval: .seconds(10))
        _ = schedule.tick(
            now: .zero, fingerprints: ["slow": fingerprint(1), "fast": fingerprint(1)], inFlight: [])
        let whileLoading = schedule.tick(
            now: .seconds(10), fingerprints: ["slow": fingerprint(2), "fast": fingerprint(1)],
            inFlight: ["slow"])
        #expect(whileLoading == .init(loads: ["fast"], recompute: true))
        // Its change is still noticed once it is back.
        let after = schedule.tick(
            now: .seconds(11), fingerprints: ["slow": fingerprint(2), "fast": fingerprint(1)], inFlight: [])
        #expect(after.loads == ["slow"])
    }
}
