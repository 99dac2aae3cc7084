// One RapidCheck property in every format from one body:
//   NUMSTAB_PROP_EACH_FORMAT(Exp, Monotone, props::monotone<Tag>(ref("exp", Tag::format)))
// defines the gtest tests Exp.MonotoneF64, MonotoneF32, MonotoneF16 and
// MonotoneBf16 (RC_GTEST_PROP each), the body run with `Tag` the format's tag.
// Names stay per format so a failure, its reproduce string and ctest's list
// say which format failed.
#pragma once
#include <rapidcheck/gtest.h>

#include "src/formats.hpp"

#define NUMSTAB_PROP_IN_FORMAT(Suite, Name, Suffix, TagType, ...) \
  RC_GTEST_PROP(Suite, Name##Suffix, ()) {                        \
    using Tag = TagType;                                          \
    __VA_ARGS__;                                                  \
  }

#define NUMSTAB_PROP_EACH_FORMAT(Suite, Name, ...)                           \
  NUMSTAB_PROP_IN_FORMAT(Suite, Name, F64, ::numstab::F64, __VA_ARGS__)      \
  NUMSTAB_PROP_IN_FORMAT(Suite, Name, F32, ::numstab::F32, __VA_ARGS__)      \
  NUMSTAB_PROP_IN_FORMAT(Suite, Name, F16, ::numstab::F16, __VA_ARGS__)      \
  NUMSTAB_PROP_IN_FORMAT(Suite, Name, Bf16, ::numstab::BF16, __VA_ARGS__)
