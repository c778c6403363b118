package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
)

// TestMedia: the survey payload names each item's pictogram by a URL
// that holds its content hash; the URL serves the checked file with its
// type and a year-long cache, and anything else under /media is a 404.
func TestMedia(t *testing.T) {
	ts := startServer(t)
	if err := ts.store.CreateCampaign(t.Context(), campaign("PIC1", false, 0)); err != nil {
		t.Fatal(err)
	}
	status, _, body := ts.get(t, "/api/v1/campaigns/PIC1/survey")
	var p struct {
		Items []struct{ ID, Label, Image string }
	}
	if err := json.Unmarshal([]byte(body), &p); status != 200 || err != nil || len(p.Items) != 10 {
		t.Fatalf("survey = %d %v, %d items", status, err, len(p.Items))
	}
	want, err := os.ReadFile("../../surveys/pictogram-" + p.Items[0].ID + ".svg")
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range p.Items {
		if !strings.HasPrefix(it.Image, "/media/unga-vuxna/") || !strings.HasSuffix(it.Image, ".svg") {
			t.Errorf("item %s: image URL %q, want /media/unga-vuxna/{hash}.svg", it.ID, it.Image)
		}
	}
	resp, err := ts.Client().Get(ts.URL + p.Items[0].Image)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	got, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/svg+xml" ||
		resp.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || string(got) != string(want) {
		t.Errorf("GET %s = %d %q %q, %d bytes; want the SVG with a year-long cache", p.Items[0].Image, resp.StatusCode,
			resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), len(got))
	}
	for _, path := range []string{"/media/unga-vuxna/0000000000000000.svg", "/media/nej/" + strings.TrimPrefix(p.Items[0].Image, "/media/unga-vuxna/"), "/media/unga-vuxna/..%2Funga-vuxna.yaml"} {
		if st, _, _ := ts.get(t, path); st != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, st)
		}
	}
}

// TestKioskStartPage: /s/{code}?kiosk=1, where "Starta på den här
// surfplattan" leads, runs the survey as a kiosk whatever the campaign
// says and names the login as the staff's way out; without kiosk=1 the
// page is as the campaign says, with no way out to name.
func TestKioskStartPage(t *testing.T) {
	ts := startServer(t)
	if err := ts.store.CreateCampaign(t.Context(), campaign("KPAGE1", false, 0)); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path  string
		kiosk bool
		exit  string
	}{
		{"/s/KPAGE1", false, ""},
		{"/s/KPAGE1?kiosk=1", true, "/login?next=%2Fstaff%2Fcampaigns%2FKPAGE1"},
	} {
		status, _, body := ts.get(t, tt.path)
		_, data, _ := strings.Cut(body, `<script type="application/json" id="vfv-data">`)
		data, _, _ = strings.Cut(data, "</script>")
		var p struct {
			Kiosk     bool   `json:"kiosk"`
			KioskExit string `json:"kiosk_exit"`
			Plans     []any  `json:"plans"`
		}
		if err := json.Unmarshal([]byte(data), &p); status != 200 || err != nil {
			t.Fatalf("%s = %d, payload %v", tt.path, status, err)
		}
		if p.Kiosk != tt.kiosk || p.KioskExit != tt.exit || (len(p.Plans) > 0) != tt.kiosk {
			t.Errorf("%s: kiosk %v, exit %q, %d plans; want kiosk %v, exit %q and plans only for a kiosk",
				tt.path, p.Kiosk, p.KioskExit, len(p.Plans), tt.kiosk, tt.exit)
		}
	}
}
