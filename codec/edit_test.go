package codec

import (
	"slices"
	"strings"
	"testing"
)

func mustParse(t *testing.T, js string) *Manifest {
	t.Helper()
	m, err := ParseManifest([]byte(js))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func marshal(t *testing.T, m *Manifest) string {
	t.Helper()
	b, err := m.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestGettersDoNotWrite(t *testing.T) {
	m := mustParse(t, `{"gen5_metadata": {"file_info": {}, "chunks": []}}`)
	before := marshal(t, m)
	_ = m.Prompt()
	_ = m.Tags()
	_, _ = m.Setting("seed")
	_, _ = m.Settings()
	_, _ = m.Value(ModelInfoField("model_name"))
	if after := marshal(t, m); after != before {
		t.Errorf("reading changed the manifest:\n%s", after)
	}
}

const editBase = `{"gen5_metadata": {"model_info": {"prompt": "p", "tags": ["a", 7, "b", "a"],
 "generation_settings": {"seed": 1, "steps": 20, "cfg_scale": 7.0, "sampler": "euler"}}}}`

func TestEditTagsBatch(t *testing.T) {
	e := NewEdit(mustParse(t, editBase))
	present, err := e.AddTags("b", " c ", "c")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(present, []string{"b", "c"}) {
		t.Errorf("present = %q, want the tag already there and the one given twice", present)
	}
	if absent := e.RemoveTags("a", "zzz"); !slices.Equal(absent, []string{"zzz"}) {
		t.Errorf("absent = %q", absent)
	}
	if _, err := e.AddTags("d", " "); err == nil || e.Manifest().Tags()[len(e.Manifest().Tags())-1] == "d" {
		t.Error("a blank tag must refuse the whole batch")
	}
	if ok, err := e.RenameTag("b", "c"); !ok || err != nil {
		t.Fatal(ok, err)
	}
	got, _ := e.Manifest().Value(tagsField)
	if s := ValueText(got); s != `[7,"c"]` {
		t.Errorf("tags = %s, want the number kept and b merged into c", s)
	}
	if ok, _ := e.RenameTag("gone", "x"); ok {
		t.Error("renaming an absent tag reported a change")
	}
	if err := e.SetTags([]string{"x", "y"}); err != nil {
		t.Fatal(err)
	}
	got, _ = e.Manifest().Value(tagsField)
	if s := ValueText(got); s != `[7,"x","y"]` {
		t.Errorf("SetTags: tags = %s, want the number kept in its place", s)
	}
	if err := e.SetTags([]string{"x", " x"}); err == nil {
		t.Error("SetTags took a tag twice")
	}
}

func TestEditLeavesNoTrace(t *testing.T) {
	base := mustParse(t, editBase)
	e := NewEdit(base)
	cfg, neg, det := SettingField("cfg_scale"), ModelInfoField("negative_prompt"), SettingField("deterministic")
	steps := SettingField("steps")
	if err := e.SetText(cfg, ""); err != nil {
		t.Fatal(err)
	}
	if _, ok := e.Manifest().Setting("cfg_scale"); ok {
		t.Error("an emptied optional number stayed")
	}
	for _, step := range []struct {
		f    Field
		text string
	}{{cfg, "7.0"}, {neg, "x"}, {neg, ""}} {
		if err := e.SetText(step.f, step.text); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.Set(det, true); err != nil {
		t.Fatal(err)
	}
	if err := e.Set(det, false); err != nil {
		t.Fatal(err)
	}
	if e.Changed() {
		t.Errorf("cleared and retyped, the manifest differs:\n%s", marshal(t, e.Manifest()))
	}
	if err := e.SetText(steps, ""); err == nil || !strings.Contains(err.Error(), "required") {
		t.Errorf("emptying required steps: %v", err)
	}
	if err := e.SetText(steps, "0"); err == nil {
		t.Error("steps 0 accepted")
	}
	if err := e.SetText(cfg, "7"); err != nil {
		t.Fatal(err)
	}
	if v, _ := e.Manifest().Setting("cfg_scale"); ValueText(v) != "7.0" {
		t.Errorf("cfg_scale typed as 7 is %v, want the float 7.0", v)
	}

	old := NewEdit(mustParse(t, `{"gen5_metadata": {"model_info": {"prompt": "p"}}}`))
	if err := old.SetText(SettingField("seed"), "5"); err != nil {
		t.Fatal(err)
	}
	if !old.Manifest().HasSettings() {
		t.Fatal("setting a value did not make generation_settings")
	}
	old.Remove(SettingField("seed"))
	if old.Manifest().HasSettings() || old.Changed() {
		t.Errorf("generation_settings made and emptied by the edit stayed:\n%s", marshal(t, old.Manifest()))
	}
}

func TestEditKeepsSpelling(t *testing.T) {
	e := NewEdit(mustParse(t, `{"gen5_metadata": {"model_info": {"generation_settings": {"seed": 1, "eta": 1e-05, "cfg_scale": 7}}}}`))
	for _, k := range []string{"eta", "cfg_scale"} {
		f := SettingField(k)
		v, _ := e.Base().Value(f)
		if err := e.SetText(f, " "+ValueText(v)+" "); err != nil {
			t.Fatal(err)
		}
	}
	if e.Changed() {
		t.Errorf("retyping numbers as spelled changed them:\n%s", marshal(t, e.Manifest()))
	}
}
