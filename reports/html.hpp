// index.html: one self-contained page (inline CSS and SVG, no script, no
// external resource) with the report's tables and, per op, its figures.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "reports/gnuplot.hpp"

namespace numstab {

// `timing` may be null; figures.note (when not empty) is shown instead of plots.
std::string html_page(const nlohmann::json& report, const nlohmann::json& timing, const Figures& figures);

std::string html_escape(const std::string& text);

}  // namespace numstab
