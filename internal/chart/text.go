package chart

import "strings"

// lineHeight is the distance between baselines of wrapped text.
func lineHeight(st textStyle) int { return int(st.size+0.5) + lineGap }

// wrap breaks s into lines no wider than maxW, at spaces, using at most
// maxLines lines; what does not fit is cut off with an ellipsis.
func (c *canvas) wrap(s string, maxW int, st textStyle, maxLines int) []string {
	words := strings.Fields(s)
	var lines []string
	cur := ""
	for i, w := range words {
		try := strings.TrimSpace(cur + " " + w)
		if cur == "" || c.width(try, st) <= maxW {
			cur = try
			continue
		}
		if len(lines) == maxLines-1 {
			cur = strings.Join(append([]string{cur}, words[i:]...), " ")
			break
		}
		lines = append(lines, cur)
		cur = w
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	for i, l := range lines {
		lines[i] = c.truncate(l, maxW, st)
	}
	return lines
}

// truncate shortens s with an ellipsis until it is at most maxW wide.
func (c *canvas) truncate(s string, maxW int, st textStyle) string {
	if c.width(s, st) <= maxW {
		return s
	}
	r := []rune(s)
	for len(r) > 1 && c.width(string(r)+"…", st) > maxW {
		r = r[:len(r)-1]
	}
	return strings.TrimSpace(string(r)) + "…"
}

// lines draws wrapped text vertically centred on y.
func (c *canvas) lines(ls []string, x, y int, st textStyle, al align) {
	lh := lineHeight(st)
	top := y - (len(ls)-1)*lh/2
	for i, l := range ls {
		c.text(l, x, baseline(top+i*lh, st), st, al)
	}
}

// widest is the width of the widest of the strings.
func (c *canvas) widest(ss []string, st textStyle) int {
	w := 0
	for _, s := range ss {
		w = max(w, c.width(s, st))
	}
	return w
}

// heading draws the chart title at the top, wrapped to two lines, and
// returns the y where the chart body starts.
func (c *canvas) heading(title string) int {
	if title == "" {
		return margin
	}
	ls := c.wrap(title, c.w-2*margin, styleTitle, 2)
	lh := lineHeight(styleTitle)
	for i, l := range ls {
		c.text(l, margin, margin+int(styleTitle.size)+i*lh, styleTitle, alignLeft)
	}
	return margin + len(ls)*lh + 12
}

// headingHeight is the height heading will take.
func (c *canvas) headingHeight(title string) int {
	if title == "" {
		return margin
	}
	return margin + len(c.wrap(title, c.w-2*margin, styleTitle, 2))*lineHeight(styleTitle) + 12
}

// footnote draws the note at the bottom and returns the y above it.
func (c *canvas) footnote(note string) int {
	if note == "" {
		return c.h - margin
	}
	ls := c.wrap(note, c.w-2*margin, styleNote, 3)
	lh := lineHeight(styleNote)
	top := c.h - margin - len(ls)*lh
	for i, l := range ls {
		c.text(l, margin, top+int(styleNote.size)+i*lh, styleNote, alignLeft)
	}
	return top - 8
}

// footnoteHeight is the height footnote will take, margin included.
func (c *canvas) footnoteHeight(note string) int {
	if note == "" {
		return margin
	}
	return margin + len(c.wrap(note, c.w-2*margin, styleNote, 3))*lineHeight(styleNote) + 8
}
