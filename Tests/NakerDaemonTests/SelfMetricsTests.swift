import NakerCore
import Testing

@testable import NakerDaemon

struct SelfMetricsTests {
    @Test func exactExposition() {
        var status = RecalculationStatus()
        status.recalculations = 4
        status.failures = 1
        status.lastDurationSeconds = 0.25
        status.lastSuccess = 1_796_000_000
        status.configReloadSuccessful = false
        status.configLastReloadSuccess = 1_795_999_000
        let text = ExpositionRenderer.render(
            SelfMetrics.families(status, version: "0.1.0", revision: "abc"), format: .text)
        #expect(
            text == """
                # HELP naker_build_info Build information; always 1.
                # TYPE naker_build_info gauge
                naker_build_info{version="0.1.0",revision="abc"} 1
                # HELP naker_config_last_reload_success_timestamp_seconds Unix time of the last successful configuration reload.
                # TYPE naker_config_last_reload_success_timestamp_seconds gauge
                naker_config_last_reload_success_timestamp_seconds 1795999000
                # HELP naker_config_last_reload_successful Whether the last configuration reload attempt succeeded.
                # TYPE naker_config_last_reload_successful gauge
                naker_config_last_reload_successful 0
                # HELP naker_last_recalc_success_timestamp_seconds Unix time of the last successful recalculation.
                # TYPE naker_last_recalc_success_timestamp_seconds gauge
                naker_last_recalc_success_timestamp_seconds 1796000000
                # HELP naker_recalc_duration_seconds Duration of the last recalculation, loads included.
                # TYPE naker_recalc_duration_seconds gauge
                naker_recalc_duration_seconds 0.25
                # HELP naker_recalc_failures_total Recalculations in which a source had no data at all.
                # TYPE naker_recalc_failures_total counter
                naker_recalc_failures_total 1
                # HELP naker_recalcs_total Recalculations run.
                # TYPE naker_recalcs_total counter
                naker_recalcs_total 4

                """)
    }

    @Test func processMetricsHaveTheStandardNamesAndSaneValues() {
        let families = Dictionary(uniqueKeysWithValues: ProcessMetrics.families().map { ($0.name, $0) })
        #expect(
            Set(families.keys) == [
                "process_cpu_seconds", "process_virtual_memory_bytes", "process_resident_memory_bytes",
                "process_start_time_seconds", "process_open_fds", "process_max_fds",
            ])
        #expect(families["process_cpu_seconds"]?.type == .counter)
        let rss = families["process_resident_memory_bytes"]?.samples.first?.value ?? 0
        #expect(rss > 1_000_000 && rss < 4_000_000_000)
        let start = families["process_start_time_seconds"]?.samples.first?.value ?? 0
        #expect(start > 1_700_000_000)
        #expect((families["process_open_fds"]?.samples.first?.value ?? 0) >= 3)
    }
}
