#pragma once
// The standard Prometheus process_* series, read from /proc (Linux) at scrape time:
// process_cpu_seconds_total, process_resident_memory_bytes, process_virtual_memory_bytes,
// process_open_fds, process_max_fds, process_start_time_seconds. Thread-safe (reads only).

#include <optional>
#include <string>
#include <string_view>

namespace careerbot::net {

struct ProcessStats {
  double cpu_seconds = 0;  // user + system
  double resident_bytes = 0;
  double virtual_bytes = 0;
  double start_time_seconds = 0;  // unix time
};

// Parses /proc/<pid>/stat. `boot_time` is /proc/stat's btime; nullopt when the text is malformed.
std::optional<ProcessStats> parse_proc_stat(std::string_view stat, long ticks_per_second, long page_size,
                                            double boot_time);

// The series in text exposition format (HELP and TYPE lines included); empty when /proc is missing.
std::string render_process_metrics();

}  // namespace careerbot::net
