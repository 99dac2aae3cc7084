#include "src/optim/registry.hpp"

#include <string>

namespace numstab::optim {

namespace {
template <class Tag, template <class> class Opt>
std::unique_ptr<AnyOptimizer> make(const Params& params, StepOptions options) {
  return std::make_unique<OptimizerModel<Opt<Tag>>>(Opt<Tag>(params, options));
}

template <class Tag>
std::unique_ptr<AnyOptimizer> make_in(std::string_view name, const Params& p, StepOptions o) {
  if (name == "sgd") return make<Tag, Sgd>(p, o);
  if (name == "adagrad") return make<Tag, Adagrad>(p, o);
  if (name == "rmsprop") return make<Tag, Rmsprop>(p, o);
  if (name == "adadelta") return make<Tag, Adadelta>(p, o);
  if (name == "adam") return make<Tag, Adam>(p, o);
  if (name == "adamw") return make<Tag, AdamW>(p, o);
  if (name == "adamax") return make<Tag, Adamax>(p, o);
  if (name == "nadam") return make<Tag, Nadam>(p, o);
  throw unknown_optimizer(name);
}
}  // namespace

std::unique_ptr<AnyOptimizer> make_optimizer(std::string_view name, Format f, const Params& params,
                                             StepOptions options) {
  return dispatch(f, [&](auto tag) { return make_in<decltype(tag)>(name, params, options); });
}

}  // namespace numstab::optim
