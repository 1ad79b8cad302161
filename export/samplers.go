package export

import "strings"

// sampler is one sampler as each tool names it.
type sampler struct{ a1111, comfy string }

// samplers maps a normalised sampler name (see normalName) to A1111's and
// ComfyUI's names for it. A .gen5 file records whatever its writer called
// the sampler: "ddim", "euler_a", "DPM++ 2M", "dpmpp_2m".
var samplers = map[string]sampler{
	"ddim":         {"DDIM", "ddim"},
	"plms":         {"PLMS", "ddim"},
	"pndm":         {"PLMS", "ddim"},
	"euler":        {"Euler", "euler"},
	"euler_a":      {"Euler a", "euler_ancestral"},
	"heun":         {"Heun", "heun"},
	"lms":          {"LMS", "lms"},
	"dpm2":         {"DPM2", "dpm_2"},
	"dpm2_a":       {"DPM2 a", "dpm_2_ancestral"},
	"dpmpp_2s_a":   {"DPM++ 2S a", "dpmpp_2s_ancestral"},
	"dpmpp_2m":     {"DPM++ 2M", "dpmpp_2m"},
	"dpmpp_sde":    {"DPM++ SDE", "dpmpp_sde"},
	"dpmpp_2m_sde": {"DPM++ 2M SDE", "dpmpp_2m_sde"},
	"dpmpp_3m_sde": {"DPM++ 3M SDE", "dpmpp_3m_sde"},
	"unipc":        {"UniPC", "uni_pc"},
	"lcm":          {"LCM", "lcm"},
	"dpm_fast":     {"DPM fast", "dpm_fast"},
	"dpm_adaptive": {"DPM adaptive", "dpm_adaptive"},
}

// schedules maps a normalised schedule name to A1111's "Schedule type" and
// ComfyUI's scheduler.
var schedules = map[string]sampler{
	"karras":           {"Karras", "karras"},
	"exponential":      {"Exponential", "exponential"},
	"sgm_uniform":      {"SGM Uniform", "sgm_uniform"},
	"simple":           {"Simple", "simple"},
	"normal":           {"Normal", "normal"},
	"ddim_uniform":     {"DDIM", "ddim_uniform"},
	"beta":             {"Beta", "beta"},
	"kl_optimal":       {"KL Optimal", "kl_optimal"},
	"uniform":          {"Uniform", "normal"},
	"polyexponential":  {"Polyexponential", "exponential"},
	"align_your_steps": {"Align Your Steps", "normal"},
}

// normalName lowercases a sampler or schedule name and spells it one way:
// "DPM++ 2M" and "dpmpp_2m" both become "dpmpp_2m", "Euler a" and
// "euler_ancestral" become "euler_a", "UniPC" and "uni_pc" "unipc".
func normalName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.ReplaceAll(s, "++", "pp")
	s = strings.NewReplacer(" ", "_", "-", "_", ".", "_").Replace(s)
	if base, ok := strings.CutSuffix(s, "_ancestral"); ok {
		s = base + "_a"
	}
	switch s {
	case "uni_pc":
		return "unipc"
	case "dpm_2":
		return "dpm2"
	case "dpm_2_a":
		return "dpm2_a"
	}
	return s
}
