package web

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

// assets serves embedded static files at content-hashed URLs
// (/static/css/app.1a2b3c4d.css) with a year-long cache lifetime, so that
// tablets on weak networks download each version once.
type assets struct {
	data   map[string][]byte // "css/app.css" -> content
	byName map[string]string // "css/app.css" -> "/static/css/app.1a2b3c4d.css"
	byURL  map[string]string // reverse
}

func newAssets(fsys fs.FS) (*assets, error) {
	a := &assets{data: map[string][]byte{}, byName: map[string]string{}, byURL: map[string]string{}}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".go") {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ext := path.Ext(p)
		u := "/static/" + strings.TrimSuffix(p, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.data[p] = b
		a.byName[p] = u
		a.byURL[u] = p
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("web: read static assets: %w", err)
	}
	return a, nil
}

// URL returns the hashed URL of an asset; an unknown name panics at
// template execution so that a typo fails every test that renders it.
func (a *assets) URL(name string) (string, error) {
	u, ok := a.byName[name]
	if !ok {
		return "", fmt.Errorf("web: unknown asset %q", name)
	}
	return u, nil
}

// Data is the content of an asset (nil for an unknown name).
func (a *assets) Data(name string) []byte { return a.data[name] }

func (a *assets) handle(c echo.Context) error {
	name, ok := a.byURL[c.Request().URL.Path]
	if !ok {
		return echo.ErrNotFound
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	ct := mime.TypeByExtension(path.Ext(name))
	if ct == "" {
		ct = "application/octet-stream"
	}
	return c.Blob(http.StatusOK, ct, a.data[name])
}
