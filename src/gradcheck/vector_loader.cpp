// dlopen'd vector kernels: see vector_loader.hpp.
#include "src/gradcheck/vector_loader.hpp"

#include <vector>

#include <fmt/format.h>

#include "src/loader.hpp"

namespace numstab::gradcheck {

namespace {

template <class Tag>
std::vector<typename Tag::Storage> to_storage(const Eigen::VectorXd& v) {
  std::vector<typename Tag::Storage> out(static_cast<size_t>(v.size()));
  for (Eigen::Index i = 0; i < v.size(); ++i) {
    if constexpr (Tag::format == Format::f64) out[static_cast<size_t>(i)] = v[i];
    else out[static_cast<size_t>(i)] = Tag::from_double(v[i]);
  }
  return out;
}

template <class Tag>
Eigen::VectorXd from_storage(const std::vector<typename Tag::Storage>& v) {
  Eigen::VectorXd out(static_cast<Eigen::Index>(v.size()));
  for (size_t i = 0; i < v.size(); ++i) out[static_cast<Eigen::Index>(i)] = Tag::to_double(v[i]);
  return out;
}

}  // namespace

VectorForward wrap_vector_forward(std::function<void(const void*, void*, size_t)> fn, Format f, Eigen::Index m) {
  return dispatch(f, [&](auto tag) -> VectorForward {
    using Tag = decltype(tag);
    using T = typename Tag::Storage;
    return [fn, m](const Eigen::VectorXd& x) {
      const auto xs = to_storage<Tag>(x);
      std::vector<T> y(static_cast<size_t>(m));
      fn(xs.data(), y.data(), xs.size());
      return from_storage<Tag>(y);
    };
  });
}

VectorVjp wrap_vector_vjp(std::function<void(const void*, const void*, void*, size_t)> fn, Format f) {
  return dispatch(f, [&](auto tag) -> VectorVjp {
    using Tag = decltype(tag);
    using T = typename Tag::Storage;
    return [fn](const Eigen::VectorXd& x, const Eigen::VectorXd& dy) {
      const auto xs = to_storage<Tag>(x), dys = to_storage<Tag>(dy);
      std::vector<T> dx(xs.size());
      fn(xs.data(), dys.data(), dx.data(), xs.size());
      return from_storage<Tag>(dx);
    };
  });
}

VectorForward load_vector_forward(const std::string& spec, Format f, Eigen::Index m) {
  void* sym = load_symbol(spec, "--kernel");
  return dispatch(f, [&](auto tag) -> VectorForward {
    using T = typename decltype(tag)::Storage;
    const auto fn = reinterpret_cast<void (*)(const T*, T*, size_t)>(sym);
    return wrap_vector_forward([fn](const void* x, void* y, size_t n) {
      fn(static_cast<const T*>(x), static_cast<T*>(y), n);
    }, f, m);
  });
}

VectorVjp load_vector_vjp(const std::string& spec, Format f) {
  void* sym = load_symbol(spec, "--grad-kernel");
  return dispatch(f, [&](auto tag) -> VectorVjp {
    using T = typename decltype(tag)::Storage;
    const auto fn = reinterpret_cast<void (*)(const T*, const T*, T*, size_t)>(sym);
    return wrap_vector_vjp([fn](const void* x, const void* dy, void* dx, size_t n) {
      fn(static_cast<const T*>(x), static_cast<const T*>(dy), static_cast<T*>(dx), n);
    }, f);
  });
}

}  // namespace numstab::gradcheck
