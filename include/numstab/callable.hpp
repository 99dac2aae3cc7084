// A user's callable as numstab's kernel under test. Its shape is that of the
// CLI's kernel ABI, with T the format's storage type (uint16_t bit patterns for
// f16 and bf16):
//   scalar  T f(T)                       binary  T f(T x, T a)
//   batch   void f(const T* x, T* y, size_t n)
//           void f(const T* x, const T* a, T* y, size_t n)
// The format follows from T for float and double; for the 16-bit formats it
// must be named (certify<numstab::bf16>(f, ...)), since uint16_t says neither.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

#include "numstab/certify.hpp"

namespace numstab::testing {

namespace detail {

// The signature R(A...) of a function, function pointer or object with one
// non-template call operator; `known` is false for anything else (a generic
// lambda, an overload set behind an object).
template <class R, class... A>
struct plain_signature {
  static constexpr bool known = true;
  using result = R;
  template <template <class...> class Tpl>
  using args = Tpl<A...>;
};
template <class F, class = void>
struct signature_of {
  static constexpr bool known = false;
};
template <class R, class... A>
struct signature_of<R(A...)> : plain_signature<R, A...> {};
template <class R, class... A>
struct signature_of<R(A...) noexcept> : plain_signature<R, A...> {};
template <class R, class... A>
struct signature_of<R (*)(A...)> : plain_signature<R, A...> {};
template <class R, class... A>
struct signature_of<R (*)(A...) noexcept> : plain_signature<R, A...> {};
template <class M>
struct member_signature {
  static constexpr bool known = false;
};
template <class R, class C, class... A>
struct member_signature<R (C::*)(A...) const> : plain_signature<R, A...> {};
template <class R, class C, class... A>
struct member_signature<R (C::*)(A...) const noexcept> : plain_signature<R, A...> {};
template <class F>
struct signature_of<F, std::void_t<decltype(&F::operator())>> : member_signature<decltype(&F::operator())> {};

template <class...>
struct type_list {};

enum class Shape { none, scalar, scalar_binary, batch, batch_binary };

// The shape of F for storage type S: by its exact signature when it has one
// (double(double) must not pass for float), else by what it can be called with.
template <class F, class S>
constexpr Shape shape_of() {
  using Sig = signature_of<std::remove_cvref_t<F>>;
  if constexpr (Sig::known) {
    using R = typename Sig::result;
    using A = typename Sig::template args<type_list>;
    if constexpr (std::is_same_v<A, type_list<S>> && std::is_same_v<R, S>) return Shape::scalar;
    else if constexpr (std::is_same_v<A, type_list<S, S>> && std::is_same_v<R, S>) return Shape::scalar_binary;
    else if constexpr (std::is_same_v<A, type_list<const S*, S*, std::size_t>> && std::is_void_v<R>)
      return Shape::batch;
    else if constexpr (std::is_same_v<A, type_list<const S*, const S*, S*, std::size_t>> && std::is_void_v<R>)
      return Shape::batch_binary;
    else return Shape::none;
  } else if constexpr (std::is_invocable_v<const F&, const S*, const S*, S*, std::size_t>) {
    return Shape::batch_binary;
  } else if constexpr (std::is_invocable_v<const F&, const S*, S*, std::size_t>) {
    return Shape::batch;
  } else if constexpr (std::is_invocable_r_v<S, const F&, S, S>) {
    return Shape::scalar_binary;
  } else if constexpr (std::is_invocable_r_v<S, const F&, S>) {
    return Shape::scalar;
  } else {
    return Shape::none;
  }
}

// The format of a callable whose format was not named: float or double from
// its signature; void when it has neither (then the caller must name it).
template <class F>
using deduced_format = std::conditional_t<
    shape_of<F, float>() != Shape::none, float,
    std::conditional_t<shape_of<F, double>() != Shape::none, double, void>>;

template <class Format>
std::string storage_name() {
  if constexpr (std::is_same_v<typename format_traits<Format>::storage, float>) return "float";
  else if constexpr (std::is_same_v<typename format_traits<Format>::storage, double>) return "double";
  else return "uint16_t";
}

template <class Format>
std::string shape_name(Shape shape) {
  const std::string t = storage_name<Format>();
  switch (shape) {
    case Shape::scalar: return t + "(" + t + ")";
    case Shape::scalar_binary: return t + "(" + t + ", " + t + ")";
    case Shape::batch: return "void(const " + t + "*, " + t + "*, size_t)";
    case Shape::batch_binary: return "void(const " + t + "*, const " + t + "*, " + t + "*, size_t)";
    case Shape::none: break;
  }
  return "?";
}

}  // namespace detail

// Format void: deduced from the callable (float or double).
template <class Format = void, class F>
CallableKernel make_callable_kernel(const F& f) {
  using Fmt = std::conditional_t<std::is_void_v<Format>, detail::deduced_format<F>, Format>;
  static_assert(!std::is_void_v<Fmt>,
                "numstab: the callable is none of float(float), double(double), "
                "void(const T*, T*, size_t) or their two-operand forms for T = float or double; for "
                "f16/bf16 bit patterns (uint16_t) name the format: Certifies<numstab::bf16>(...)");
  using S = typename format_traits<Fmt>::storage;
  constexpr detail::Shape shape = detail::shape_of<F, S>();
  static_assert(shape != detail::Shape::none,
                "numstab: the callable does not fit the format: expected T f(T), T f(T, T), "
                "void f(const T*, T*, size_t) or void f(const T*, const T*, T*, size_t), T its "
                "storage type (uint16_t for numstab::f16 and numstab::bf16)");
  const auto fn = std::addressof(f);  // the callable outlives the certification
  CallableKernel k{format_traits<Fmt>::name, "callable " + detail::shape_name<Fmt>(shape)};
  if constexpr (shape == detail::Shape::scalar) {
    k.unary = [fn](const void* x, void* y, std::size_t n) {
      for (std::size_t i = 0; i < n; ++i) static_cast<S*>(y)[i] = (*fn)(static_cast<const S*>(x)[i]);
    };
  } else if constexpr (shape == detail::Shape::batch) {
    k.unary = [fn](const void* x, void* y, std::size_t n) {
      (*fn)(static_cast<const S*>(x), static_cast<S*>(y), n);
    };
  } else if constexpr (shape == detail::Shape::scalar_binary) {
    k.binary = [fn](const void* x, const void* a, void* y, std::size_t n) {
      for (std::size_t i = 0; i < n; ++i)
        static_cast<S*>(y)[i] = (*fn)(static_cast<const S*>(x)[i], static_cast<const S*>(a)[i]);
    };
  } else {
    k.binary = [fn](const void* x, const void* a, void* y, std::size_t n) {
      (*fn)(static_cast<const S*>(x), static_cast<const S*>(a), static_cast<S*>(y), n);
    };
  }
  return k;
}

// certify() for a callable (see make_callable_kernel for the shapes it takes).
template <class Format = void, class F>
Certificate certify(const F& f, const Settings& settings) {
  return certify(make_callable_kernel<Format>(f), settings);
}

}  // namespace numstab::testing
