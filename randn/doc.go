// Package randn regenerates the initial noise of a diffusion run from its
// seed, so that the viewer can tell whether a .gen5 file's stored noise
// tensor is reproducible or is the only record of that noise.
//
// CPU reproduces torch.manual_seed(seed); torch.randn(shape) in float32 on an
// x86-64 CPU bit for bit. It follows PyTorch's sources: the MT19937 engine of
// aten/src/ATen/core/MT19937RNGEngine.h seeded as in CPUGeneratorImpl.cpp,
// the uniform conversions of core/TransformationHelper.h, normal_fill and
// normal_fill_16_AVX2 of native/cpu/DistributionTemplates.h, and the Cephes
// float32 log and sincos of native/cpu/avx_mathfun.h with the multiply-adds
// that FMA contraction fuses in torch's build. Tensors of fewer than 16
// elements take torch's scalar float64 path instead.
//
// NV reproduces AUTOMATIC1111's "NV" generator, a CPU imitation of the CUDA
// generator, bit for bit; Generate draws a batch whole or per picture.
//
// CUDA emulates torch.randn on a CUDA generator: the Philox4x32-10 streams
// that curand_init gives each thread of distribution_nullary_kernel in
// native/cuda/DistributionTemplates.h, and curand's Box-Muller transform. The
// GPU evaluates that transform with fast approximate functions, so the
// emulation agrees to a few 1e-7 rather than bit for bit, and which element
// comes from which thread depends on the size of the GPU for large tensors
// (see CUDA and CUDAGrid).
//
// Check compares a stored tensor with both and classifies it; Sentence words
// the result for the viewer.
package randn
