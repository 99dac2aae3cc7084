// The three vector ops by name, at a runtime format: forward, VJP, exact values.
// logsumexp's output and cotangent are vectors of length 1 here, so every op
// has the same shape (x in R^n, y in R^m, dy in R^m, dx in R^n).
#pragma once
#include <optional>
#include <string_view>

#include "oracles/vecops/oracle.hpp"
#include "src/vecops/softmax.hpp"

namespace numstab::vecops {

enum class VectorOp { softmax, log_softmax, logsumexp };
inline constexpr VectorOp kAllVectorOps[] = {VectorOp::softmax, VectorOp::log_softmax, VectorOp::logsumexp};

const char* op_name(VectorOp op);
std::optional<VectorOp> parse_vector_op(std::string_view name);
inline Eigen::Index output_size(VectorOp op, Eigen::Index n) { return op == VectorOp::logsumexp ? 1 : n; }

Eigen::VectorXd forward(VectorOp op, Format f, const Eigen::VectorXd& x, Shift shift = Shift::shifted);
Eigen::VectorXd vjp(VectorOp op, Format f, const Eigen::VectorXd& x, const Eigen::VectorXd& dy);

oracles::RealVector forward_exact(VectorOp op, const Eigen::VectorXd& x);
oracles::RealVector vjp_exact(VectorOp op, const Eigen::VectorXd& x, const Eigen::VectorXd& dy);

}  // namespace numstab::vecops
