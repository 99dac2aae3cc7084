// Fresh PyTorch SGD optimizers (src/optim/sgd.hpp, the optim helper's kernel)
// for the divergence engine: one per run, with the learning rate under test.
#pragma once
#include <memory>

#include "src/dynamics/divergence.hpp"
#include "src/formats.hpp"
#include "src/optim/sgd.hpp"

namespace numstab::dynamics {

inline StepFactory sgd_step_factory(const optim::SgdConfig& config, Format format) {
  return [config, format](double lr) -> StepFn {
    optim::SgdConfig c = config;
    c.lr = lr;
    return dispatch(format, [&](auto tag) -> StepFn {
      auto opt = std::make_shared<optim::Sgd<decltype(tag)>>(c);
      return [opt](Vector& x, const Vector& g) { opt->step(x, g); };
    });
  };
}

}  // namespace numstab::dynamics
