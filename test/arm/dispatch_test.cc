// AArch64 dispatch: the ISA octet detects matches the CPU qemu emulates.
// tools/test-arm.sh runs the suite under `qemu-aarch64 -cpu max` (dotprod and
// i8mm) and `-cpu cortex-a72` (ARMv8.0, no dotprod); the emulator wrapper
// passes OCTET_QEMU_CPU through, which tells this test what to expect.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "octet/octet.h"

namespace {

TEST(ArmDispatch, NeonIsAlwaysThere) {
  ASSERT_EQ(octet_initialize(), octet_status_success);
  EXPECT_TRUE(octet_isa_supported(octet_isa_neon));
  EXPECT_FALSE(octet_isa_supported(octet_isa_avx2));
  EXPECT_EQ(octet_set_isa_cap(octet_isa_avx512vnni), octet_status_unsupported);
}

TEST(ArmDispatch, DetectedIsaMatchesEmulatedCpu) {
  ASSERT_EQ(octet_initialize(), octet_status_success);
  const char* cpu = std::getenv("OCTET_QEMU_CPU");
  const std::string model = cpu ? cpu : "";
  if (model == "max") {
    EXPECT_EQ(octet_detected_isa(), octet_isa_neoni8mm);
  } else if (model == "cortex-a72" || model == "cortex-a57" || model == "cortex-a53") {
    EXPECT_EQ(octet_detected_isa(), octet_isa_neon);
    EXPECT_FALSE(octet_isa_supported(octet_isa_neondot));
    EXPECT_FALSE(octet_isa_supported(octet_isa_neoni8mm));
  } else {
    GTEST_SKIP() << "not under a known qemu CPU model (OCTET_QEMU_CPU unset)";
  }
}

TEST(ArmDispatch, CapsPickEachSupportedIsa) {
  ASSERT_EQ(octet_initialize(), octet_status_success);
  const octet_isa before = octet_isa_cap();
  for (octet_isa isa : {octet_isa_scalar, octet_isa_neon, octet_isa_neondot, octet_isa_neoni8mm}) {
    if (!octet_isa_supported(isa)) {
      EXPECT_EQ(octet_set_isa_cap(isa), octet_status_unsupported) << octet_isa_name(isa);
      continue;
    }
    ASSERT_EQ(octet_set_isa_cap(isa), octet_status_success) << octet_isa_name(isa);
    EXPECT_EQ(octet_active_isa(), isa);
  }
  ASSERT_EQ(octet_set_isa_cap(before), octet_status_success);
}

}  // namespace
