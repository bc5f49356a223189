import Foundation
import NakerCore

#if canImport(Glibc)
    import Glibc
#endif

/// The standard `process_*` collector, read from /proc/self like Prometheus' client libraries do.
public enum ProcessMetrics {
    public static func families() -> [MetricFamily] {
        var families: [MetricFamily] = []
        if let stat = procFile("/proc/self/stat"),
            let fields = statFields(stat)
        {
            let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
            let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
            // Fields after the command name, counted from 3 (state) as in proc(5).
            func field(_ number: Int) -> Double { Double(fields[number - 3]) ?? 0 }
            families.append(
                MetricFamily(
                    name: "process_cpu_seconds", help: "Total user and system CPU time spent in seconds.",
                    type: .counter,
                    samples: [MetricSample(value: (field(14) + field(15)) / ticks)]))
            families.append(gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", field(23)))
            families.append(
                gauge("process_resident_memory_bytes", "Resident memory size in bytes.", field(24) * pageSize)
            )
            if let bootTime = Self.bootTime {
                families.append(
                    gauge(
                        "process_start_time_seconds",
                        "Start time of the process since unix epoch in seconds.",
                        bootTime + field(22) / ticks))
            }
        }
        if let descriptors = openDescriptors() {
            families.append(
                gauge("process_open_fds", "Number of open file descriptors.", Double(descriptors)))
        }
        var limit = rlimit()
        if getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0 {
            families.append(
                gauge("process_max_fds", "Maximum number of open file descriptors.", Double(limit.rlim_cur)))
        }
        return families
    }

    static func gauge(_ name: String, _ help: String, _ value: Double) -> MetricFamily {
        MetricFamily(name: name, help: help, type: .gauge, samples: [MetricSample(value: value)])
    }

    /// Counts /proc/self/fd with readdir(3): FileManager builds a String per entry.
    static func openDescriptors() -> Int? {
        guard let directory = opendir("/proc/self/fd") else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            // Skips "." and ".."; every descriptor's name starts with a digit.
            if UInt8(bitPattern: entry.pointee.d_name.0) != UInt8(ascii: ".") { count += 1 }
        }
        // The listing itself holds one descriptor while it is read.
        return count - 1
    }

    /// Splits /proc/self/stat after the parenthesised command name, which may contain spaces.
    static func statFields(_ stat: String) -> [Substring]? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count >= 22 ? fields : nil
    }

    /// The whole of a `/proc` file: it reports a size of 0, so it is read until `read` says the end.
    static func procFile(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk.prefix(count)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Read once: the boot time never changes, and /proc/stat is long.
    static let bootTime: Double? = readBootTime()

    static func readBootTime() -> Double? {
        guard let stat = procFile("/proc/stat") else { return nil }
        for line in stat.split(separator: "\n") where line.hasPrefix("btime ") {
            return Double(line.dropFirst(6).trimmingCharacters(in: .whitespaces))
        }
        return nil
    }
}
