// Package export turns what a .gen5 file records into what other tools load
// as they are: the noise as a ComfyUI .latent or a diffusers .safetensors
// file, and, when the recorded seed reproduces the noise, the A1111/Forge
// infotext and a ComfyUI API-format workflow that draw it again.
//
// It knows the tools' conventions (tensor names, the shape diffusers' Flux
// pipelines pack latents into, how A1111 words its parameters and names its
// samplers, ComfyUI's node classes); the bytes of safetensors files are
// codec's, and where the noise came from is randn's Check.
package export
