// Runtime dispatch of the vector ops: see vector_ops.hpp.
#include "src/vecops/vector_ops.hpp"

namespace numstab::vecops {

const char* op_name(VectorOp op) {
  switch (op) {
    case VectorOp::softmax: return "softmax";
    case VectorOp::log_softmax: return "log_softmax";
    case VectorOp::logsumexp: break;
  }
  return "logsumexp";
}

std::optional<VectorOp> parse_vector_op(std::string_view name) {
  for (VectorOp op : kAllVectorOps)
    if (name == op_name(op)) return op;
  return std::nullopt;
}

Eigen::VectorXd forward(VectorOp op, Format f, const Eigen::VectorXd& x, Shift shift) {
  return dispatch(f, [&](auto tag) -> Eigen::VectorXd {
    using Tag = decltype(tag);
    switch (op) {
      case VectorOp::softmax: return softmax<Tag>(x, shift);
      case VectorOp::log_softmax: return log_softmax<Tag>(x, shift);
      case VectorOp::logsumexp: break;
    }
    return Eigen::VectorXd::Constant(1, logsumexp<Tag>(x, shift));
  });
}

Eigen::VectorXd vjp(VectorOp op, Format f, const Eigen::VectorXd& x, const Eigen::VectorXd& dy) {
  return dispatch(f, [&](auto tag) -> Eigen::VectorXd {
    using Tag = decltype(tag);
    switch (op) {
      case VectorOp::softmax: return softmax_vjp<Tag>(x, dy);
      case VectorOp::log_softmax: return log_softmax_vjp<Tag>(x, dy);
      case VectorOp::logsumexp: break;
    }
    return logsumexp_vjp<Tag>(x, dy[0]);
  });
}

oracles::RealVector forward_exact(VectorOp op, const Eigen::VectorXd& x) {
  switch (op) {
    case VectorOp::softmax: return oracles::softmax_exact(x);
    case VectorOp::log_softmax: return oracles::log_softmax_exact(x);
    case VectorOp::logsumexp: break;
  }
  return {oracles::logsumexp_exact(x)};
}

oracles::RealVector vjp_exact(VectorOp op, const Eigen::VectorXd& x, const Eigen::VectorXd& dy) {
  switch (op) {
    case VectorOp::softmax: return oracles::softmax_vjp_exact(x, dy);
    case VectorOp::log_softmax: return oracles::log_softmax_vjp_exact(x, dy);
    case VectorOp::logsumexp: break;
  }
  return oracles::logsumexp_vjp_exact(x, dy[0]);
}

}  // namespace numstab::vecops
