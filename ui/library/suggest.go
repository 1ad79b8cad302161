package library

import "github.com/gen5viewer/gen5view/ui/widgets"

// tagVocabulary is what a tag field suggests while typing: the tags of
// the folder with how many files carry each, most used first, from the
// index. Tags of the shown files that the last unfiltered search did not
// see yet (a scan or an edit since) are counted as the shown files carry
// them.
func (w *Window) tagVocabulary() *widgets.TagVocabulary {
	counts := make(map[string]int, len(w.folderTags))
	for _, tc := range w.folderTags {
		counts[tc.Tag] = tc.Files
	}
	for _, tc := range w.tags.counts {
		counts[tc.Tag] = max(counts[tc.Tag], tc.Files)
	}
	return widgets.NewTagVocabularyFrom(counts)
}
