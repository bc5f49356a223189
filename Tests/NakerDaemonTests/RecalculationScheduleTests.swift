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
