package survey

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Limits on the files a survey ships: pictograms are small drawings, and
// a recording reads one short text aloud. A tablet on a weak network
// loads all pictures of a survey with its first page.
const (
	MaxImageBytes = 30 << 10
	MaxAudioBytes = 512 << 10
)

// Media is a picture or a recording that ships in the survey's folder.
// Its content hash is part of the survey's version, so that changing a
// picture makes a new version as changing a text does.
type Media struct {
	// File is the path relative to the survey file's folder, as written.
	File string `json:"file"`
	// Type is the content type found by looking at the bytes (never the
	// file name): image/svg+xml, image/png, audio/mpeg, audio/ogg or
	// audio/mp4.
	Type string `json:"type"`
	// SHA256 is the hex SHA-256 of the content.
	SHA256 string `json:"sha256"`
	// Data is the content, read at load time (not part of the JSON).
	Data []byte `json:"-"`
}

// Name is the file name the media is served under: the start of its hash
// and an extension of its type, unique and never stale.
func (m *Media) Name() string {
	return m.SHA256[:16] + mediaExt[m.Type]
}

var mediaExt = map[string]string{
	"image/svg+xml": ".svg", "image/png": ".png",
	"audio/mpeg": ".mp3", "audio/ogg": ".ogg", "audio/mp4": ".m4a",
}

// AudioText is a recording per language of one text: language code to
// the recording that reads it aloud.
type AudioText map[string]*Media

// In returns the recording in lang, or nil (no fallback to Swedish: a
// Swedish recording would read a text the respondent sees in another
// language).
func (a AudioText) In(lang string) *Media { return a[lang] }

// Media lists every picture and recording of the survey.
func (s *Survey) Media() []*Media {
	var out []*Media
	add := func(a AudioText) {
		for _, l := range s.Languages {
			if m := a[l]; m != nil {
				out = append(out, m)
			}
		}
	}
	if s.Audio != nil {
		add(s.Audio.Intro)
		add(s.Audio.ThankYou)
	}
	for _, it := range s.Items {
		if it.Image != nil {
			out = append(out, it.Image)
		}
		add(it.Audio)
	}
	for _, q := range s.Background {
		add(q.Audio)
	}
	if s.Story != nil {
		add(s.Story.Audio)
	}
	return out
}

// MediaByName returns the picture or recording served under name (Name).
func (s *Survey) MediaByName(name string) (*Media, bool) {
	for _, m := range s.Media() {
		if m.Name() == name {
			return m, true
		}
	}
	return nil, false
}

// mediaKind is what a media key accepts.
type mediaKind struct {
	what  string // "picture" or "recording"
	max   int
	types []string
}

var (
	imageKind = mediaKind{"picture", MaxImageBytes, []string{"image/svg+xml", "image/png"}}
	audioKind = mediaKind{"recording", MaxAudioBytes, []string{"audio/mpeg", "audio/ogg", "audio/mp4"}}
)

// media parses a file name under a media key and checks the file: it
// exists in the survey's folder, is not larger than the limit, and is of
// an allowed type by its content (an SVG without scripts or references
// outside itself). Problems are reported at the file name.
func (p *parser) media(n *yaml.Node, key string, k mediaKind) *Media {
	name, ok := p.scalar(n, key, "the name of a file in the survey's folder, such as bilder/jobb.svg", "!!str")
	if !ok {
		return nil
	}
	clean := path.Clean(filepath.ToSlash(name))
	if name == "" || path.IsAbs(clean) || filepath.IsAbs(name) || clean == ".." || strings.HasPrefix(clean, "../") || strings.Contains(name, "\\") {
		p.errorf(n, "%s %q must be a file in the survey's folder or below it, written with / (such as bilder/jobb.svg)", key, name)
		return nil
	}
	full := filepath.Join(filepath.Dir(p.file), filepath.FromSlash(clean))
	data, err := readLimited(full, k.max)
	switch {
	case errors.Is(err, os.ErrNotExist):
		p.errorf(n, "%s %q: no such file next to the survey (looked for %s); check the name or add the file", key, name, full)
		return nil
	case errors.Is(err, errTooLarge):
		p.errorf(n, "%s %q is larger than %d KB, the limit for a %s; make it smaller", key, name, k.max>>10, k.what)
		return nil
	case err != nil:
		p.errorf(n, "%s %q cannot be read: %v", key, name, err)
		return nil
	}
	typ := sniffMedia(data)
	if !slices.Contains(k.types, typ) {
		p.errorf(n, "%s %q is not a %s vfv can show: its content is %s; use %s", key, name, k.what, describeType(typ), strings.Join(k.types, ", "))
		return nil
	}
	if typ == "image/svg+xml" {
		if why := unsafeSVG(data); why != "" {
			p.errorf(n, "%s %q: %s; a pictogram must be a plain drawing (no scripts, no links, no files or fonts from elsewhere)", key, name, why)
			return nil
		}
	}
	sum := sha256.Sum256(data)
	return &Media{File: clean, Type: typ, SHA256: hex.EncodeToString(sum[:]), Data: data}
}

// audioText parses an audio key: a mapping of language code to the file
// of the recording in that language.
func (p *parser) audioText(f *fields, key string) AudioText {
	v := f.val(key)
	if v == nil {
		return nil
	}
	if !p.isKind(v, yaml.MappingNode, key, "a mapping of language to recording, such as {sv: ljud/jobb-sv.mp3}") {
		return nil
	}
	out := AudioText{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if !slices.Contains(p.langs, k.Value) {
			p.errorf(k, "%s has a recording in %q, which is not one of the survey's languages (%s)", key, k.Value, strings.Join(p.langs, ", "))
			continue
		}
		if m := p.media(val, key, audioKind); m != nil {
			out[k.Value] = m
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

var errTooLarge = errors.New("file too large")

// readLimited reads a file of at most max bytes.
func readLimited(name string, max int) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return nil, err
	}
	if len(data) > max {
		return nil, errTooLarge
	}
	return data, nil
}

// sniffMedia names the type of data by its first bytes ("" when unknown).
func sniffMedia(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(data, []byte("OggS")):
		return "audio/ogg"
	case bytes.HasPrefix(data, []byte("ID3")),
		len(data) > 2 && data[0] == 0xFF && data[1]&0xE0 == 0xE0:
		return "audio/mpeg"
	case len(data) > 12 && string(data[4:8]) == "ftyp":
		return "audio/mp4"
	case isSVG(data):
		return "image/svg+xml"
	}
	return ""
}

func describeType(typ string) string {
	if typ == "" {
		return "of an unknown type"
	}
	return typ
}

// isSVG reports whether data is XML whose first element is <svg>.
func isSVG(data []byte) bool {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err != nil {
			return false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se.Name.Local == "svg"
		}
	}
}

// unsafeSVG says why an SVG could run a script or load something from
// elsewhere ("" when it cannot): script and foreignObject elements,
// event handler attributes, a DOCTYPE (entities), and references (href,
// src, url(...), @import) to anything but a fragment of the file itself.
func unsafeSVG(data []byte) string {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return ""
		}
		if err != nil {
			return "it is not well-formed XML (" + err.Error() + ")"
		}
		switch t := tok.(type) {
		case xml.Directive:
			return "it has a <!DOCTYPE> or other declaration"
		case xml.ProcInst:
			if t.Target != "xml" {
				return "it has a processing instruction <?" + t.Target + "?>"
			}
		case xml.CharData:
			if externalRef(string(t)) {
				return "its style refers to another file (url(...) or @import)"
			}
		case xml.StartElement:
			el := strings.ToLower(t.Name.Local)
			if el == "script" || el == "foreignobject" || el == "iframe" || el == "embed" || el == "object" {
				return fmt.Sprintf("it has a <%s> element", t.Name.Local)
			}
			for _, a := range t.Attr {
				n := strings.ToLower(a.Name.Local)
				v := strings.TrimSpace(a.Value)
				switch {
				case strings.HasPrefix(n, "on"):
					return fmt.Sprintf("it has an event handler (%s=)", a.Name.Local)
				case (n == "href" || n == "src") && !strings.HasPrefix(v, "#"):
					return fmt.Sprintf("it refers to %q; only references inside the file (#id) are allowed", v)
				case externalRef(v):
					return fmt.Sprintf("attribute %s refers to another file", a.Name.Local)
				}
			}
		}
	}
}

// externalRef reports a CSS reference to anything but a fragment.
func externalRef(s string) bool {
	s = strings.ToLower(s)
	if strings.Contains(s, "@import") {
		return true
	}
	for {
		i := strings.Index(s, "url(")
		if i < 0 {
			return false
		}
		s = s[i+4:]
		rest := strings.TrimLeft(s, " \t\n'\"")
		if !strings.HasPrefix(rest, "#") {
			return true
		}
	}
}
