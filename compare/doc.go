// Package compare tells two .gen5 files apart: their metadata key by key
// (prompts word by word) and their latents value by value, with a verdict
// on whether they hold the same noise.
package compare
