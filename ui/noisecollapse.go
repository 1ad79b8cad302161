package ui

import "fyne.io/fyne/v2/theme"

// prefNoiseCollapsed remembers whether the noise panel was collapsed.
const prefNoiseCollapsed = "layout.noiseCollapsed"

// setCollapsed shows the noise panel's header alone (collapsed) or the
// whole panel. The header's "Noise" button toggles it, its arrow pointing
// right when collapsed, down when open, as a tree's rows do.
func (p *noisePanel) setCollapsed(collapsed bool) {
	if collapsed == p.collapsed {
		return
	}
	p.collapsed = collapsed
	if collapsed {
		p.body.Hide()
		p.toggle.SetIcon(theme.MenuExpandIcon())
	} else {
		p.body.Show()
		p.toggle.SetIcon(theme.MenuDropDownIcon())
	}
	p.content.Refresh()
	if p.onCollapse != nil {
		p.onCollapse(collapsed)
	}
}

// collapseNoise gives the metadata tree the whole height but for the
// noise panel's header while the panel is collapsed, and puts the divider
// back where it was when it opens again.
func (v *viewer) collapseNoise(collapsed bool) {
	if collapsed {
		v.noiseOffset = v.right.Offset
		v.right.SetOffset(1)
	} else {
		v.right.SetOffset(v.noiseOffset)
	}
	v.app.Preferences().SetBool(prefNoiseCollapsed, collapsed)
}

// inspectOffset is the divider's place to remember: where it was before
// the panel collapsed, while it is.
func (v *viewer) inspectOffset() float64 {
	if v.noise.collapsed {
		return v.noiseOffset
	}
	return v.right.Offset
}
