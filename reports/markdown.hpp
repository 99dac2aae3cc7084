// report.md: the report's tables in Markdown, in the style of published
// accuracy tables (op x format), with the run's inputs, seed and time.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace numstab {

// `timing` may be null (no times stated).
std::string markdown_report(const nlohmann::json& report, const nlohmann::json& timing);

}  // namespace numstab
