package prefill

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// reParam matches one "Key: value" pair of an infotext's parameter line. It
// is A1111's own pattern (modules/infotext_utils.py), so that we split
// exactly where A1111 does: a key of two or more word characters, spaces,
// hyphens or slashes; a value that is either a JSON string (which may hold
// commas) or runs to the next comma. Python's \w is Unicode-aware, hence the
// classes in place of Go's ASCII \w. Go's matcher prefers alternatives in
// the order a backtracking one would, so a quoted value that is not followed
// by a comma falls back to the unquoted form just as in Python.
//
// It is compiled on first use: the Unicode classes take milliseconds to
// compile, which every start of gen5view (command lines included) would
// otherwise pay.
var reParam = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\s*([\p{L}\p{M}\p{N}_][\p{L}\p{M}\p{N}_ \-/]+):\s*("(?:\\.|[^\\"])+"|[^,]*)(?:,|$)`)
})

// reSize matches a "Size: 512x768" value.
var reSize = regexp.MustCompile(`^(\d+)x(\d+)$`)

// schedulerSuffixes are the schedule names A1111 before 1.9 (and early
// Forge) appended to the sampler name, "DPM++ 2M Karras", before the
// schedule had a field of its own. Longer names come first so that
// "SGM Uniform" is not read as "Uniform". "DDIM" is left out: it is also a
// sampler's whole name.
var schedulerSuffixes = []string{
	"Align Your Steps", "Polyexponential", "SGM Uniform", "Exponential",
	"KL Optimal", "SGMUniform", "Uniform", "Karras", "Simple", "Normal",
	"Turbo", "Beta",
}

// ParseA1111 parses the "parameters" text, or infotext, that AUTOMATIC1111,
// Forge and SD.Next write into their pictures:
//
//	a photo of a cat
//	Negative prompt: blurry, lowres
//	Steps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 1234, Size: 512x768, Model: v1-5
//
// The parameter list is the last line containing "Steps:" that holds at least
// three pairs, together with any lines after it; without such a line, the
// last line if it holds three pairs, as A1111 decides. The lines before it
// are the prompt, up to a line starting "Negative prompt:", which begins the
// negative prompt; both may span lines, and each line is trimmed, as A1111
// does. Values in double quotes are JSON strings and are unquoted.
//
// Steps, Sampler, Schedule type, CFG scale, Seed, Size, Model and Model hash
// fill their fields; a value that does not parse (a negative seed, a size
// that is not WxH) is kept in Extra under its key instead, as is every other
// key. When "Schedule type" is absent and the sampler name ends in a schedule
// ("DPM++ 2M Karras", as A1111 wrote before 1.9), the two are split. The
// whole text is kept in Infotext.
func ParseA1111(text string) Parameters {
	p := Parameters{Infotext: text}
	lines := strings.Split(strings.TrimSpace(text), "\n")
	start := paramLine(lines)

	doneWithPrompt := false
	var prompt, negative []string
	for _, line := range lines[:start] {
		line = strings.TrimSpace(line)
		if rest, ok := strings.CutPrefix(line, "Negative prompt:"); ok {
			doneWithPrompt = true
			line = strings.TrimSpace(rest)
		}
		// A1111 joins with "\n" only once something is there, so an empty
		// first line does not start the text with a newline.
		if doneWithPrompt {
			negative = appendLine(negative, line)
		} else {
			prompt = appendLine(prompt, line)
		}
	}
	p.Prompt = strings.Join(prompt, "\n")
	p.NegativePrompt = strings.Join(negative, "\n")

	var keys []string
	vals := map[string]string{}
	for _, line := range lines[start:] {
		for _, m := range reParam().FindAllStringSubmatch(line, -1) {
			k, v := m[1], m[2]
			if len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"' {
				var s string
				if json.Unmarshal([]byte(v), &s) == nil {
					v = s
				}
			}
			if _, seen := vals[k]; !seen {
				keys = append(keys, k)
			}
			vals[k] = v // a repeated key: the later one wins, as in A1111's dict
		}
	}
	for _, k := range keys {
		if !p.setA1111(k, vals[k], vals) {
			p.Extra = mapPut(p.Extra, k, vals[k])
		}
	}
	if _, ok := vals["Schedule type"]; !ok && p.Sampler != "" {
		p.Sampler, p.Scheduler = splitSampler(p.Sampler)
	}
	return p
}

// appendLine appends line to lines, skipping an empty line at the start.
func appendLine(lines []string, line string) []string {
	if len(lines) == 0 && line == "" {
		return lines
	}
	return append(lines, line)
}

// paramLine returns the index of the line where the parameter list starts,
// or len(lines) when there is none.
func paramLine(lines []string) int {
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.Contains(lines[i], "Steps:") && len(reParam().FindAllStringIndex(lines[i], 3)) >= 3 {
			return i
		}
	}
	if last := len(lines) - 1; len(reParam().FindAllStringIndex(lines[last], 3)) >= 3 {
		return last
	}
	return len(lines)
}

// setA1111 stores one known key in its field and reports whether it did;
// unknown keys and unparsable values are left for Extra. all holds every
// pair of the list, for keys that only mean something together.
func (p *Parameters) setA1111(k, v string, all map[string]string) bool {
	v = strings.TrimSpace(v)
	switch k {
	case "Steps":
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return false
		}
		p.Steps, p.HasSteps = n, true
	case "Sampler":
		p.Sampler = v
	case "Schedule type":
		p.Scheduler = v
	case "CFG scale":
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || !(f >= 0) || f > 1e6 {
			return false
		}
		p.CFGScale, p.HasCFGScale = f, true
	case "Seed":
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return false
		}
		p.Seed, p.HasSeed = n, true
	case "Size":
		m := reSize.FindStringSubmatch(v)
		if m == nil {
			return false
		}
		w, errW := strconv.Atoi(m[1])
		h, errH := strconv.Atoi(m[2])
		if errW != nil || errH != nil {
			return false
		}
		p.Width, p.Height, p.HasSize = w, h, true
	case "Width", "Height":
		// SD.Next has written the size as two keys; they count only as a
		// pair and only when there is no Size.
		if _, ok := all["Size"]; ok {
			return false
		}
		w, errW := strconv.Atoi(strings.TrimSpace(all["Width"]))
		h, errH := strconv.Atoi(strings.TrimSpace(all["Height"]))
		if errW != nil || errH != nil || w < 1 || h < 1 {
			return false
		}
		p.Width, p.Height, p.HasSize = w, h, true
	case "Model":
		p.Model = v
	case "Model hash":
		p.ModelHash = v
	default:
		return false
	}
	return true
}

// splitSampler splits a sampler name that ends in a schedule name, such as
// "DPM++ 2M Karras", into "DPM++ 2M" and "Karras". A name without one is
// returned whole with an empty schedule.
func splitSampler(s string) (sampler, scheduler string) {
	for _, suf := range schedulerSuffixes {
		n := len(s) - len(suf)
		if n > 1 && s[n-1] == ' ' && strings.EqualFold(s[n:], suf) {
			if base := strings.TrimSpace(s[:n-1]); base != "" {
				return base, s[n:]
			}
		}
	}
	return s, ""
}
