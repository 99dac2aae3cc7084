// list: the op catalog, as text, names or JSON, and the framework kernels.
#include <fmt/format.h>

#include "src/catalog.hpp"
#include "src/cli/common.hpp"
#include "src/errors.hpp"
#include "src/frameworks/framework.hpp"
#include "src/io/output.hpp"

namespace numstab::cli {

namespace {

nlohmann::json catalog_json() {
  nlohmann::json ops = nlohmann::json::array();
  for (const auto& op : catalog()) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : op.params)
      params.push_back({{"name", p.name}, {"default", p.default_value}, {"meaning", p.meaning}});
    nlohmann::json kinks = nlohmann::json::array();
    for (const auto& k : op.kinks) kinks.push_back({{"x", k.x}, {"convention", k.convention}});
    nlohmann::json probes = nlohmann::json::array();
    for (const auto& t : op.thresholds) probes.push_back({{"x", t.x}, {"why", t.why}});
    nlohmann::json e = {{"name", op.name}, {"summary", op.summary}, {"params", params},
                        {"domain", op.domain}, {"kinks", kinks}, {"thresholds", probes},
                        {"hard_inputs", op.hard_inputs},
                        {"formats", {"f64", "f32", "f16", "bf16"}}};
    if (!op.derivative_of.empty()) e["derivative_of"] = op.derivative_of;
    ops.push_back(e);
  }
  nlohmann::json composites = nlohmann::json::array();
  for (const auto& op : composite_catalog()) {
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : op.params)
      params.push_back({{"name", p.name}, {"default", p.default_value}, {"meaning", p.meaning}});
    composites.push_back({{"name", op.name}, {"kind", kind_name(op.kind)}, {"summary", op.summary},
                          {"params", params}, {"algorithms", op.algorithms}, {"notes", op.notes}});
  }
  return {{"numstab_version", NUMSTAB_VERSION}, {"ops", ops}, {"composite_ops", composites}};
}

int run_list(bool json, bool elementwise) {
  if (json) {
    write_stdout(catalog_json().dump(2) + "\n");
    return 0;
  }
  std::string text;
  // Names only, one a line: what measure and certify take (scripts loop over them).
  if (elementwise) {
    for (const auto& op : catalog()) text += op.name + "\n";
    write_stdout(text);
    return 0;
  }
  for (const auto& op : catalog()) text += fmt::format("{:<16} {} (domain: {})\n", op.name, op.summary, op.domain);
  for (const auto& op : composite_catalog()) {
    std::string variants;
    for (const auto& a : op.algorithms) variants += (variants.empty() ? " [" : ", ") + a;
    text += fmt::format("{:<16} {}: {}{}\n", op.name, kind_name(op.kind), op.summary,
                        variants.empty() ? "" : variants + "]");
  }
  write_stdout(text);
  return 0;
}

class ListCommand : public Command {
 public:
  explicit ListCommand(CLI::App& parser) : Command(parser.add_subcommand("list", "the op catalog")) {
    auto* json_flag = app->add_flag("--json", json, "as JSON");
    app->add_flag("--elementwise", elementwise,
                  "only the names of the elementwise ops (those measure and certify take), one a line")
        ->excludes(json_flag);
    app->add_flag("--kernels", kernels,
                  "the ops each framework kernel (--kernel torch, onednn) provides, and the call made");
  }
  void check() const override {
    if (kernels && elementwise) throw UsageError("--kernels and --elementwise are two lists: give one");
  }
  int run() override {
    check();
    if (!kernels) return run_list(json, elementwise);
    write_stdout(json ? frameworks::kernels_json().dump(2) + "\n" : frameworks::kernels_text());
    return 0;
  }

 private:
  bool json = false, elementwise = false, kernels = false;
};

}  // namespace

std::unique_ptr<Command> list_command(CLI::App& parser) { return std::make_unique<ListCommand>(parser); }

}  // namespace numstab::cli
