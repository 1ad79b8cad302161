package widgets

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"

	"fyne.io/fyne/v2"
	"github.com/gen5viewer/gen5view/codec"
)

// TagVocabularyKey is the preferences key the tag vocabulary is stored
// under, as a JSON object mapping each tag to how often it was seen.
const TagVocabularyKey = "tagVocabulary"

// maxVocabulary bounds the tags remembered; the least used go first.
const maxVocabulary = 2000

// Suggestion is a tag offered while typing, with how often it was seen.
type Suggestion struct {
	Tag   string
	Count int
}

// TagVocabulary counts the tags of the files opened recently, so that the
// tag editor can suggest the ones in use. It is safe for use from several
// goroutines.
type TagVocabulary struct {
	mu     sync.Mutex
	counts map[string]int
}

// NewTagVocabulary returns an empty vocabulary.
func NewTagVocabulary() *TagVocabulary {
	return &TagVocabulary{counts: map[string]int{}}
}

// NewTagVocabularyFrom returns a vocabulary holding counts, such as how
// many files of a folder carry each tag. Blank tags and counts below one
// are left out.
func NewTagVocabularyFrom(counts map[string]int) *TagVocabulary {
	v := NewTagVocabulary()
	for t, c := range counts {
		if n, err := codec.NormalizeTag(t); err == nil && c > 0 {
			v.counts[n] += c
		}
	}
	return v
}

// LoadTagVocabulary reads the vocabulary saved in p. A missing or damaged
// value gives an empty vocabulary: suggestions are a convenience, never a
// reason to fail.
func LoadTagVocabulary(p fyne.Preferences) *TagVocabulary {
	v := NewTagVocabulary()
	if p != nil {
		v.counts = decodeVocabulary(p.String(TagVocabularyKey))
	}
	return v
}

// Save stores the vocabulary in p.
func (v *TagVocabulary) Save(p fyne.Preferences) {
	if v == nil || p == nil {
		return
	}
	v.mu.Lock()
	s := encodeVocabulary(v.counts)
	v.mu.Unlock()
	p.SetString(TagVocabularyKey, s)
}

// Record counts each of tags once (a tag listed twice counts once), the
// way a file that carries them is counted when it is opened.
func (v *TagVocabulary) Record(tags []string) {
	if v == nil {
		return
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	recordTags(v.counts, tags)
	pruneVocabulary(v.counts, maxVocabulary)
}

// Count returns how often tag was seen.
func (v *TagVocabulary) Count(tag string) int {
	if v == nil {
		return 0
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.counts[tag]
}

// Suggest returns up to n tags that start with prefix, compared without
// regard to case, followed (when fewer than n start with it) by tags that
// contain it; each group ordered by count, most used first, then by name.
// Tags in exclude (those already on the file) are left out, as is
// everything when prefix is blank.
func (v *TagVocabulary) Suggest(prefix string, exclude []string, n int) []Suggestion {
	if v == nil {
		return nil
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	return suggestTags(v.counts, prefix, exclude, n)
}

func decodeVocabulary(s string) map[string]int {
	counts := map[string]int{}
	if s == "" {
		return counts
	}
	var raw map[string]int
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return counts
	}
	for t, c := range raw {
		if n, err := codec.NormalizeTag(t); err == nil && c > 0 {
			counts[n] += c
		}
	}
	return counts
}

func encodeVocabulary(counts map[string]int) string {
	b, err := json.Marshal(counts) // keys sorted: the stored text is stable
	if err != nil {
		return "{}"
	}
	return string(b)
}

func recordTags(counts map[string]int, tags []string) {
	seen := map[string]bool{}
	for _, t := range tags {
		n, err := codec.NormalizeTag(t)
		if err != nil || seen[n] {
			continue
		}
		seen[n] = true
		counts[n]++
	}
}

// pruneVocabulary drops the least used tags (ties: the last by name) until
// at most max remain.
func pruneVocabulary(counts map[string]int, max int) {
	if len(counts) <= max {
		return
	}
	all := make([]Suggestion, 0, len(counts))
	for t, c := range counts {
		all = append(all, Suggestion{t, c})
	}
	sortSuggestions(all)
	for _, s := range all[max:] {
		delete(counts, s.Tag)
	}
}

func sortSuggestions(s []Suggestion) {
	slices.SortFunc(s, func(a, b Suggestion) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if c := strings.Compare(strings.ToLower(a.Tag), strings.ToLower(b.Tag)); c != 0 {
			return c
		}
		return strings.Compare(a.Tag, b.Tag)
	})
}

func suggestTags(counts map[string]int, prefix string, exclude []string, n int) []Suggestion {
	p := strings.ToLower(strings.TrimSpace(prefix))
	if p == "" || n <= 0 {
		return nil
	}
	skip := make(map[string]bool, len(exclude))
	for _, t := range exclude {
		skip[strings.ToLower(strings.TrimSpace(t))] = true
	}
	var starts, contains []Suggestion
	for t, c := range counts {
		lt := strings.ToLower(t)
		switch {
		case skip[lt]:
		case strings.HasPrefix(lt, p):
			starts = append(starts, Suggestion{t, c})
		case strings.Contains(lt, p):
			contains = append(contains, Suggestion{t, c})
		}
	}
	sortSuggestions(starts)
	sortSuggestions(contains)
	out := append(starts, contains...)
	if len(out) > n {
		out = out[:n]
	}
	return out
}
