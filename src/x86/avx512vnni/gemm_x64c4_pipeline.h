// The multi-panel entry (GemmKernel::fn_panels) of the 64-column VNNI tiles
// (gemm_u8s8_7x64c4_avx512vnni, gemm_u8s8_6x64c4_avx512vnni): a software
// pipeline over 32-column halves of the panels, each half's output stage run
// between the next half's vpdpbusd.
//
// Why: with K = 64 (the 1x1 layers of ResNet's res2, MobileNet's expansions)
// a 7 x 64 tile spends ~450 cycles on its 448 vpdpbusd and ~90 more on its
// output stage (measured on Zen 4; llvm-mca-19 -mcpu=znver4 of the driver's
// tile: 536 cycles for a port bound of 448). The stage's float ops would fit on
// the pipes vpdpbusd leaves free (FP1, FP2), but issued after the tile's last
// products they wait for them and the next tile's products wait behind them.
// Interleaved by hand, the stage of half q - 1 rides under the products of
// half q: 7 x 32 halves with 14 accumulators leave 14 registers to hold the
// previous half's. llvm-mca (znver4) of the interleaved loop with vpdpbusd's
// memory form: 225 cycles a half for a bound of 224 (the model prices the
// register form used here at 4 cycles of FP0, which Zen 4 does not show);
// measured at K = 64: ~250 cycles a half, 89% of the bound, where the tile
// ran 80%. Sapphire Rapids (llvm-mca only): no gain and no loss, the stage's
// ops share p0 / p5 with vpdpbusd there (tile 560 cycles, bound 560).
//
// The fast path (PipeArgs, the asm below) covers the common 1x1 case: mr ==
// MR rows, one tap, kc a multiple of 4 and >= 32, whole 32-column halves,
// u8 activations, no weight zero points, the float modes (pytorch_fbgemm and
// pytorch_qnnpack) with u8 or s8 output, plain rows (no strided tiles).
// Everything else, and the tests' SIMDe copies, runs the panels one by one
// through the tile kernel, the same bytes.
//
// Include once, at the end of a tile's kernel file, after defining
// OCTET_PIPE_MR (6 or 7) and OCTET_PIPE_KERNEL (the tile kernel's name): it
// defines that kernel's <name>_panels and, outside the SIMDe copies, the asm
// functions octet_<name>_pipe_u8 and _s8.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "src/core/gemm_ukernel.h"
#include "src/x86/emulation.h"

namespace octet::x86 {
namespace {

// What the asm reads (fixed offsets: the static_asserts below).
struct alignas(64) PipeArgs {
  const uint8_t* rows[8];  //   0: the MR row pointers
  const char* panel;       //  64: the first panel
  size_t panel_stride;     //  72
  size_t halves;           //  80: 32-column halves to compute (>= 1)
  size_t kbytes;           //  88: kc (a multiple of 4, >= 32)
  char* c;                 //  96: output row 0, column 0
  size_t cm_stride;        // 104
  size_t pad0[2];
  int16_t zp16[32];        // 128: the output zero point per int16 lane
  int8_t min8[64];         // 192: clamp bounds per byte (u8 or s8 as stored)
  int8_t max8[64];         // 256
  int32_t order[16];       // 320: vpermd indices from packs order to channel order
};
static_assert(offsetof(PipeArgs, panel) == 64 && offsetof(PipeArgs, panel_stride) == 72 &&
                  offsetof(PipeArgs, halves) == 80 && offsetof(PipeArgs, kbytes) == 88 &&
                  offsetof(PipeArgs, c) == 96 && offsetof(PipeArgs, cm_stride) == 104 &&
                  offsetof(PipeArgs, zp16) == 128 && offsetof(PipeArgs, min8) == 192 &&
                  offsetof(PipeArgs, max8) == 256 && offsetof(PipeArgs, order) == 320,
              "PipeArgs offsets are the asm's");

// A 64-column panel (src/core/gemm_ukernel.h) as the asm reads it: half h
// (columns 32h .. 32h + 31) has its folded[] at +128h, its bias words (a) at
// 512 + 128h, its scale words (b) at 768 + 128h, and its 128 bytes of each
// 256-byte weight group at 1024 + 128h.
static_assert(PanelHeader<>::bytes(64) == 1024, "the asm's panel offsets");

using PipeFn = void (*)(const PipeArgs*);

}  // namespace
}  // namespace octet::x86

#define OCTET_PIPE_CAT2(a, b) a##b
#define OCTET_PIPE_CAT(a, b) OCTET_PIPE_CAT2(a, b)

#if !defined(OCTET_GEMM_EMULATE)

#define OCTET_PIPE_STR2(x) #x
#define OCTET_PIPE_STR(x) OCTET_PIPE_STR2(x)

// Registers: zmm0-13 the half being multiplied (row m: zmm 2m, 2m + 1),
// zmm14-27 the previous half (row m: 14 + 2m, 15 + 2m), zmm28-29 a weight
// group, zmm30 the broadcast activations, zmm31 a temporary. rdi PipeArgs,
// r8-r14 rows, rdx the reduction offset, rcx the weights, rsi the half, rbx
// the previous half, r15 its output row, rax the half index.
// clang-format off
asm(".pushsection .text\n"
    ".set PIPE_MR, " OCTET_PIPE_STR(OCTET_PIPE_MR) "\n"
    R"ASM(
.macro PIPE_MAC row, a0, a1
  vpbroadcastd (\row,%rdx), %zmm30
  vpdpbusd %zmm28, %zmm30, %zmm\a0
  vpdpbusd %zmm29, %zmm30, %zmm\a1
.endm
# One group of 4 reduction elements of the current half.
.macro PIPE_GROUP
  vmovdqa64 (%rcx), %zmm28
  vmovdqa64 64(%rcx), %zmm29
  PIPE_MAC %r8, 0, 1
  PIPE_MAC %r9, 2, 3
  PIPE_MAC %r10, 4, 5
  PIPE_MAC %r11, 6, 7
  PIPE_MAC %r12, 8, 9
  PIPE_MAC %r13, 10, 11
  .if PIPE_MR == 7
  PIPE_MAC %r14, 12, 13
  .endif
  add $4, %rdx
  add $256, %rcx
.endm
# The accumulators of the half at rsi start from its folded[].
.macro PIPE_INIT
  vmovdqa64 (%rsi), %zmm28
  vmovdqa64 64(%rsi), %zmm29
  .irp a, 0, 2, 4, 6, 8, 10
  vmovdqa64 %zmm28, %zmm\a
  .endr
  .irp a, 1, 3, 5, 7, 9, 11
  vmovdqa64 %zmm29, %zmm\a
  .endr
  .if PIPE_MR == 7
  vmovdqa64 %zmm28, %zmm12
  vmovdqa64 %zmm29, %zmm13
  .endif
  lea 1024(%rsi), %rcx
  xor %edx, %edx
.endm
# The groups after the first 8.
.macro PIPE_REST
  cmp 88(%rdi), %rdx
  jae 2f
1:
  PIPE_GROUP
  cmp 88(%rdi), %rdx
  jb 1b
2:
.endm
.macro PIPE_MOV a, b
  vmovdqa64 %zmm\a, %zmm\b
.endm
# The current half becomes the previous one.
.macro PIPE_KEEP
  PIPE_MOV 0, 14
  PIPE_MOV 1, 15
  PIPE_MOV 2, 16
  PIPE_MOV 3, 17
  PIPE_MOV 4, 18
  PIPE_MOV 5, 19
  PIPE_MOV 6, 20
  PIPE_MOV 7, 21
  PIPE_MOV 8, 22
  PIPE_MOV 9, 23
  PIPE_MOV 10, 24
  PIPE_MOV 11, 25
  .if PIPE_MR == 7
  PIPE_MOV 12, 26
  PIPE_MOV 13, 27
  .endif
  mov %rsi, %rbx
.endm
# r = round((float(r) + bias) * scale), the float modes' r, in place;
# off: 0 for the half's channels 0-15, 64 for 16-31.
.macro PIPE_QUANT r, off
  vcvtdq2ps %zmm\r, %zmm\r
  vaddps 512+\off(%rbx), %zmm\r, %zmm\r
  vmulps 768+\off(%rbx), %zmm\r, %zmm\r
  vcvtps2dq %zmm\r, %zmm\r
.endm
# Rows (a0 a1) and (b0 b1) of the previous half -> 32 bytes each at r15 and
# r15 + cm_stride (r15 advances past both): packs to int16 + zero point,
# packs to bytes, vpermd to channel order, clamp. b0 == a0: one row.
.macro PIPE_STORE s8, a0, a1, b0, b1
  PIPE_QUANT \a0, 0
  PIPE_QUANT \a1, 64
  vpackssdw %zmm\a1, %zmm\a0, %zmm\a0
  vpaddsw 128(%rdi), %zmm\a0, %zmm\a0
  .if \b0 != \a0
  PIPE_QUANT \b0, 0
  PIPE_QUANT \b1, 64
  vpackssdw %zmm\b1, %zmm\b0, %zmm\b0
  vpaddsw 128(%rdi), %zmm\b0, %zmm\b0
  .endif
  .if \s8
  vpacksswb %zmm\b0, %zmm\a0, %zmm\a0
  .else
  vpackuswb %zmm\b0, %zmm\a0, %zmm\a0
  .endif
  vmovdqa64 320(%rdi), %zmm31
  vpermd %zmm\a0, %zmm31, %zmm\a0
  .if \s8
  vpmaxsb 192(%rdi), %zmm\a0, %zmm\a0
  vpminsb 256(%rdi), %zmm\a0, %zmm\a0
  .else
  vpmaxub 192(%rdi), %zmm\a0, %zmm\a0
  vpminub 256(%rdi), %zmm\a0, %zmm\a0
  .endif
  vmovdqu64 %ymm\a0, (%r15)
  add 104(%rdi), %r15
  .if \b0 != \a0
  vextracti64x4 $1, %zmm\a0, %ymm31
  vmovdqu64 %ymm31, (%r15)
  add 104(%rdi), %r15
  .endif
.endm
# The stage of the previous half in pieces: rows 0-1, 2-3, 4-5, 6.
.macro PIPE_STAGE0 s8
  PIPE_STORE \s8, 14, 15, 16, 17
.endm
.macro PIPE_STAGE1 s8
  PIPE_STORE \s8, 18, 19, 20, 21
.endm
.macro PIPE_STAGE2 s8
  PIPE_STORE \s8, 22, 23, 24, 25
.endm
.macro PIPE_STAGE3 s8
  .if PIPE_MR == 7
  PIPE_STORE \s8, 26, 27, 26, 27
  .endif
.endm
.macro PIPE_FUNC name, s8
  .p2align 6
  .globl \name
  .hidden \name
  .type \name, @function
\name:
  endbr64
  push %rbx
  push %r12
  push %r13
  push %r14
  push %r15
  mov 0(%rdi), %r8
  mov 8(%rdi), %r9
  mov 16(%rdi), %r10
  mov 24(%rdi), %r11
  mov 32(%rdi), %r12
  mov 40(%rdi), %r13
  .if PIPE_MR == 7
  mov 48(%rdi), %r14
  .endif
  # Half 0: products only.
  mov 64(%rdi), %rsi
  PIPE_INIT
  .rept 8
  PIPE_GROUP
  .endr
  PIPE_REST
  PIPE_KEEP
  mov 96(%rdi), %r15
  mov $1, %eax
3:
  cmp 80(%rdi), %rax
  jae 4f
  # Half h: panel h / 2, offset 128 (h % 2).
  mov %rax, %rsi
  shr $1, %rsi
  imul 72(%rdi), %rsi
  add 64(%rdi), %rsi
  test $1, %al
  jz 5f
  add $128, %rsi
5:
  PIPE_INIT
  PIPE_GROUP
  PIPE_GROUP
  PIPE_STAGE0 \s8
  PIPE_GROUP
  PIPE_GROUP
  PIPE_STAGE1 \s8
  PIPE_GROUP
  PIPE_GROUP
  PIPE_STAGE2 \s8
  PIPE_GROUP
  PIPE_GROUP
  PIPE_STAGE3 \s8
  PIPE_REST
  PIPE_KEEP
  # The output of half h: c + 32 h.
  mov %rax, %r15
  shl $5, %r15
  add 96(%rdi), %r15
  inc %rax
  jmp 3b
4:
  # The last half's stage, with nothing left to hide behind.
  PIPE_STAGE0 \s8
  PIPE_STAGE1 \s8
  PIPE_STAGE2 \s8
  PIPE_STAGE3 \s8
  vzeroupper
  pop %r15
  pop %r14
  pop %r13
  pop %r12
  pop %rbx
  ret
  .size \name, .-\name
.endm
)ASM"
    "PIPE_FUNC octet_" OCTET_PIPE_STR(OCTET_PIPE_KERNEL) "_pipe_u8, 0\n"
    "PIPE_FUNC octet_" OCTET_PIPE_STR(OCTET_PIPE_KERNEL) "_pipe_s8, 1\n"
    ".purgem PIPE_MAC\n.purgem PIPE_GROUP\n.purgem PIPE_INIT\n.purgem PIPE_REST\n.purgem PIPE_MOV\n"
    ".purgem PIPE_KEEP\n.purgem PIPE_QUANT\n.purgem PIPE_STORE\n.purgem PIPE_STAGE0\n.purgem PIPE_STAGE1\n"
    ".purgem PIPE_STAGE2\n.purgem PIPE_STAGE3\n.purgem PIPE_FUNC\n"
    ".popsection\n");
// clang-format on

#define OCTET_PIPE_U8 OCTET_PIPE_CAT(OCTET_PIPE_CAT(octet_, OCTET_PIPE_KERNEL), _pipe_u8)
#define OCTET_PIPE_S8 OCTET_PIPE_CAT(OCTET_PIPE_CAT(octet_, OCTET_PIPE_KERNEL), _pipe_s8)
extern "C" void OCTET_PIPE_U8(const octet::x86::PipeArgs*);
extern "C" void OCTET_PIPE_S8(const octet::x86::PipeArgs*);
#else
#define OCTET_PIPE_U8 nullptr
#define OCTET_PIPE_S8 nullptr
#endif

namespace octet::x86 {
namespace {

// The multi-panel entry: the asm where it applies (u8 / s8: its two output
// types; nullptr in the SIMDe copies), else Tile(...) once per panel (a direct
// call: the stem's 7 x 64 tiles, one panel each, lost 1% to an indirect one).
template <size_t MR, GemmUkernelFn Tile>
void x64_panels(PipeFn u8, PipeFn s8, size_t mr, size_t n, size_t kc, size_t ks, const void* const* a,
                const void* w, size_t panel_stride, void* c, size_t cm_stride, const GemmParams* params) {
  constexpr size_t kNR = 64;
  const GemmParams& p = *params;
#if !defined(OCTET_GEMM_EMULATE)
  const bool float_mode = p.out.mode == octet_requant_pytorch_fbgemm || p.out.mode == octet_requant_pytorch_qnnpack;
  const PipeFn pipe = p.out_type == octet_datatype_u8 ? u8 : p.out_type == octet_datatype_s8 ? s8 : nullptr;
  if (pipe != nullptr && float_mode && mr == MR && ks == 1 && kc % 4 == 0 && kc >= 32 && n % 32 == 0 &&
      !p.input_s8 && p.a_sums == nullptr && p.a_stride == 0 && p.w_taps == nullptr && p.acc_init == nullptr) {
    // Filled field by field, the constants as one vector store each: at
    // K = 64 a call is ~600 cycles, and a byte-wise fill cost 7% of it.
    PipeArgs args;
    for (size_t m = 0; m < MR; ++m) args.rows[m] = static_cast<const uint8_t*>(a[m]);
    args.panel = static_cast<const char*>(w);
    args.panel_stride = panel_stride;
    args.halves = n / 32;
    args.kbytes = kc;
    args.c = static_cast<char*>(c);
    args.cm_stride = cm_stride;
    _mm512_store_si512(args.zp16, _mm512_set1_epi16(static_cast<int16_t>(p.out.zero_point)));
    _mm512_store_si512(args.min8, _mm512_set1_epi8(static_cast<char>(p.out.min)));
    _mm512_store_si512(args.max8, _mm512_set1_epi8(static_cast<char>(p.out.max)));
    // After vpackssdw / vpack*swb of rows (r0 r1) and (r2 r3), 128-bit lane
    // k holds dwords r0[4k..], r1[4k..], r2[4k..], r3[4k..].
    _mm512_store_si512(args.order, _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15));
    return pipe(&args);
  }
#else
  (void)u8, (void)s8;  // the SIMDe copies: panel by panel
#endif
  const size_t esize = p.out_type == octet_datatype_s32 ? 4 : 1;
  for (size_t q = 0; q * kNR < n; ++q) {
    Tile(mr, std::min(kNR, n - q * kNR), kc, ks, a, static_cast<const char*>(w) + q * panel_stride,
         static_cast<char*>(c) + q * kNR * esize, cm_stride, params);
  }
}

}  // namespace
}  // namespace octet::x86

// <kernel>_panels (its _emu copy in the SIMDe build).
#define OCTET_PIPE_UKERNEL(name) OCTET_UKERNEL_NAME(name)
namespace octet::x86 {
void OCTET_PIPE_UKERNEL(OCTET_PIPE_CAT(OCTET_PIPE_KERNEL, _panels))(size_t mr, size_t n, size_t kc, size_t ks,
                                                                   const void* const* a, const void* w,
                                                                   size_t panel_stride, void* c, size_t cm_stride,
                                                                   const GemmParams* params) {
  x64_panels<OCTET_PIPE_MR, OCTET_PIPE_UKERNEL(OCTET_PIPE_KERNEL)>(OCTET_PIPE_U8, OCTET_PIPE_S8, mr, n, kc, ks, a, w,
                                                                  panel_stride, c, cm_stride, params);
}
}  // namespace octet::x86
