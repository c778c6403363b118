package survey

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// mediaSurvey is a small survey whose first item names image and whose
// background question has the given audio mapping (YAML flow style).
func mediaSurvey(image, audio string) string {
	s := `id: bilder
languages: [sv, ar]
title: {sv: T, ar: T}
intro: {sv: I, ar: I}
thank_you: {sv: Tack, ar: Tack}
items:
  - id: a
    label: {sv: A, ar: A}
    image: ` + image + `
  - id: b
    label: {sv: B, ar: B}
scale:
  steps: 1
  labels: [{sv: mer, ar: mer}]
  equal: {sv: lika, ar: lika}
background:
  - id: q
    label: {sv: Q, ar: Q}
    answers:
      - {id: x, label: {sv: X, ar: X}}
      - {id: y, label: {sv: Y, ar: Y}}
    audio: ` + audio + "\n"
	return s
}

const (
	okSVG   = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 8 8"><defs><linearGradient id="g"/></defs><rect width="8" height="8" fill="url(#g)"/></svg>`
	pngHead = "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
	mp3Head = "ID3\x04\x00\x00\x00\x00\x00\x00"
)

// TestMedia: pictures and recordings are checked where the survey names
// them: the file exists in the survey's folder, is not too large, is of
// an allowed type by its content, and an SVG runs no script and loads
// nothing from elsewhere. Each problem is reported at the file name
// (line 9 column 12 for the image, line 22 column 17 for the recording).
func TestMedia(t *testing.T) {
	files := map[string]string{
		"ok.svg":        okSVG,
		"ok.png":        pngHead,
		"ok.mp3":        mp3Head,
		"ok.ogg":        "OggS\x00\x02rest",
		"text.svg":      "just some words",
		"png.mp3":       pngHead,
		"big.svg":       `<svg xmlns="http://www.w3.org/2000/svg">` + strings.Repeat("<!-- padding -->", 2000) + `</svg>`,
		"script.svg":    `<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`,
		"onload.svg":    `<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>`,
		"href.svg":      `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><image xlink:href="https://example.com/x.png"/></svg>`,
		"style.svg":     `<svg xmlns="http://www.w3.org/2000/svg"><style>rect { fill: url(https://example.com/f) }</style></svg>`,
		"doctype.svg":   `<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"></svg>`,
		"sub/inner.svg": okSVG,
	}
	dir := t.TempDir()
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const img, aud = "9:12", "22:17"
	tests := []struct {
		name, image, audio string
		want               []wantErr
		imageType          string
	}{
		{"svg and mp3", "ok.svg", "{sv: ok.mp3, ar: ok.ogg}", nil, "image/svg+xml"},
		{"png in a subfolder", "ok.png", "{sv: ok.mp3}", nil, "image/png"},
		{"svg in a subfolder", "sub/inner.svg", "{sv: ok.mp3}", nil, "image/svg+xml"},
		{"missing", "nej.svg", "{sv: nej.mp3}", []wantErr{{img, `image "nej.svg": no such file`}, {aud, `audio "nej.mp3": no such file`}}, ""},
		{"too large", "big.svg", "{sv: ok.mp3}", []wantErr{{img, `image "big.svg" is larger than 30 KB`}}, ""},
		{"not a picture", "text.svg", "{sv: ok.mp3}", []wantErr{{img, `its content is of an unknown type`}}, ""},
		{"a picture as audio", "ok.svg", "{sv: png.mp3}", []wantErr{{aud, `audio "png.mp3" is not a recording vfv can show: its content is image/png`}}, ""},
		{"audio as a picture", "ok.mp3", "{sv: ok.mp3}", []wantErr{{img, `its content is audio/mpeg`}}, ""},
		{"script", "script.svg", "{sv: ok.mp3}", []wantErr{{img, `has a <script> element`}}, ""},
		{"event handler", "onload.svg", "{sv: ok.mp3}", []wantErr{{img, `event handler (onload=)`}}, ""},
		{"external link", "href.svg", "{sv: ok.mp3}", []wantErr{{img, `refers to "https://example.com/x.png"`}}, ""},
		{"external style", "style.svg", "{sv: ok.mp3}", []wantErr{{img, `its style refers to another file`}}, ""},
		{"doctype", "doctype.svg", "{sv: ok.mp3}", []wantErr{{img, `<!DOCTYPE>`}}, ""},
		{"outside the folder", "../ok.svg", "{sv: /etc/passwd}", []wantErr{{img, `must be a file in the survey's folder`}, {aud, `must be a file in the survey's folder`}}, ""},
		{"language not offered", "ok.svg", "{en: ok.mp3}", []wantErr{{"22:13", `recording in "en", which is not one of the survey's languages`}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, "survey.yaml")
			s, err := Parse(file, []byte(mediaSurvey(tt.image, tt.audio)))
			if tt.want != nil {
				checkErrors(t, err, file, tt.want)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			im := s.Items[0].Image
			if im == nil || im.Type != tt.imageType || len(im.Data) == 0 || len(im.SHA256) != 64 {
				t.Fatalf("image = %+v, want %s with its content and hash", im, tt.imageType)
			}
			if got, ok := s.MediaByName(im.Name()); !ok || got != im {
				t.Errorf("MediaByName(%q) = %v, %v; want the image", im.Name(), got, ok)
			}
			if a := s.Background[0].Audio.In("sv"); a == nil || a.Type != "audio/mpeg" {
				t.Errorf("Swedish recording = %+v, want audio/mpeg", a)
			}
		})
	}
}

// TestMediaChangesVersion: another picture makes another version.
func TestMediaChangesVersion(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "survey.yaml")
	for name, body := range map[string]string{"a.svg": okSVG, "b.svg": strings.Replace(okSVG, `width="8"`, `width="7"`, 1), "ok.mp3": mp3Head} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	a, err := Parse(file, []byte(mediaSurvey("a.svg", "{sv: ok.mp3}")))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse(file, []byte(mediaSurvey("b.svg", "{sv: ok.mp3}")))
	if err != nil {
		t.Fatal(err)
	}
	if a.Version == b.Version {
		t.Errorf("two different pictures gave the same version %s", a.Version)
	}
}

// TestBackgroundKey: background: first|last orders the questions as
// background_position does (kept as an alias); the mapping form orders
// and lists them; giving the order twice is a problem.
func TestBackgroundKey(t *testing.T) {
	base := `id: x
title: {sv: T}
intro: {sv: I}
thank_you: {sv: Tack}
items:
  - {id: a, label: {sv: A}}
  - {id: b, label: {sv: B}}
scale: {steps: 1, labels: [{sv: mer}], equal: {sv: lika}}
`
	questions := `
    - id: q
      label: {sv: Q}
      answers: [{id: x, label: {sv: X}}, {id: y, label: {sv: Y}}]
`
	tests := []struct {
		name, yaml string
		first      bool
		questions  int
		want       []wantErr
	}{
		{"background: first", "background: first\n", true, 0, nil},
		{"background: last", "background: last\n", false, 0, nil},
		{"mapping first", "background:\n  position: first\n  questions:" + questions, true, 1, nil},
		{"mapping without position", "background:\n  questions:" + questions, false, 1, nil},
		{"list and background_position", "background_position: first\nbackground:" + strings.ReplaceAll(questions, "\n    ", "\n  "), true, 1, nil},
		{"twice", "background_position: first\nbackground: first\n", false, 0, []wantErr{{"9:22", "given twice"}}},
		{"bad", "background: top\n", false, 0, []wantErr{{"9:13", `background must be first or last, not "top"`}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Parse("x.yaml", []byte(base+tt.yaml))
			if tt.want != nil {
				checkErrors(t, err, "x.yaml", tt.want)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if s.BackgroundFirst != tt.first || len(s.Background) != tt.questions {
				t.Errorf("BackgroundFirst %v with %d questions, want %v with %d", s.BackgroundFirst, len(s.Background), tt.first, tt.questions)
			}
		})
	}
}
